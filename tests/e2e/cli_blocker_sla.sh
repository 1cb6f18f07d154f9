#!/bin/bash
# blocker list shows where each blocker stands against its SLA (the sla
# column, after age; key stays first), and its JSON and CSV carry what a
# program needs beside the human age: raised_at (ISO-8601, UTC with Z),
# age_days (a number: days of the organisation's calendar), breached (a
# boolean) and sla_due.
# Usage: bash cli_blocker_sla.sh BATON
. "$(dirname "$0")/lib-cli.sh"

b() { "$BATON" --db d.db "$@"; }
. "$E2E_DIR/lib-skip.sh"
command -v python3 >/dev/null || e2e_skip python3 "python3 is needed to read the JSON"

b demo >/dev/null || fail "demo"
b blocker snooze B-26 --until 2026-12-01 --reason "after the tender" >/dev/null || fail "snooze"

# ---- the table: key first, sla after age ----
run b blocker list --state all
expect_rc 0 "blocker list"
head -1 out | grep -q '^KEY  *TITLE  *STATE  *SEVERITY  *PROJECT  *WAITING ON  *OWNER  *AGE  *SLA$' ||
    fail "table heading: $(head -1 out)"
grep -q '^B-3  .* 23d late$' out || fail "B-3's sla: $(grep '^B-3 ' out)"
grep -q '^B-26 .*  -$' out || fail "a snoozed blocker runs no clock: $(grep '^B-26 ' out)"
grep -q ' [0-9]*[hd] left$' out || fail "no blocker within its SLA says what is left: $(cat out)"
grep -q 'RAISED\|AGE DAYS\|BREACHED' out && fail "the table shows program columns: $(head -1 out)"

# ---- JSON: the same rows, with typed fields ----
run b blocker list --state all --format json
expect_rc 0 "blocker list --format json"
python3 - out <<'PY' || fail "JSON fields"
import json, re, sys
rows = json.load(open(sys.argv[1]))
assert rows, "no rows"
for r in rows:
    assert list(r)[0] == "key", f"key is not first: {list(r)}"
    for f in ("age", "sla", "raised_at", "age_days", "breached", "sla_due"):
        assert f in r, f"{r['key']} lacks {f}"
    assert isinstance(r["age"], str), r
    assert isinstance(r["age_days"], int) and not isinstance(r["age_days"], bool), r
    assert isinstance(r["breached"], bool), r
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["raised_at"]), r["raised_at"]
by = {r["key"]: r for r in rows}
b3 = by["B-3"]
assert b3["raised_at"] == "2026-10-22T07:55:00Z", b3
assert b3["age_days"] == 35 and b3["breached"] is True and b3["sla"] == "23d late", b3
b26 = by["B-26"]
assert b26["state"] == "snoozed" and b26["breached"] is False and b26["sla"] is None, b26
assert any(r["breached"] is False and r["sla"] and r["sla"].endswith(" left") for r in rows)
PY
# --breached lists exactly the rows JSON calls breached
run b blocker list --breached --format json
python3 -c 'import json,sys; r=json.load(open("out")); assert r and all(x["breached"] is True for x in r), r' ||
    fail "--breached lists a blocker JSON does not call breached"

# blocker show says the same of one blocker
run b blocker show b-3 --format json
python3 -c 'import json; r=json.load(open("out")); assert r["age_days"] == 35 and r["breached"] is True and r["raised_at"] == "2026-10-22T07:55:00Z", r' ||
    fail "blocker show JSON: $(head -c 400 out)"

# ---- CSV carries the same columns; Markdown, for people, the table's ----
run b blocker list --limit 1 --format csv
head -1 out | grep -qx 'key,title,state,severity,project,waiting_on,owner,age,sla,raised_at,age_days,breached,sla_due' ||
    fail "csv header: $(head -1 out)"
run b blocker list --limit 1 --format md
head -1 out | grep -qx '| key | title | state | severity | project | waiting_on | owner | age | sla |' ||
    fail "markdown header: $(head -1 out)"
echo ok
