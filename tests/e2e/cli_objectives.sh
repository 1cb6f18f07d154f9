#!/bin/bash
# Objectives from the command line, on the demo organisation as a chief
# management officer preparing the quarter would use them: the tree of
# company objectives and each department's contribution, the JSON a script
# reads, a check-in of 4/10 turning an objective at risk and showing in the
# report, the projects that serve nothing, what serves an objective,
# export -> import -> export identical with objectives (and in every
# format), and bad input refused with a one-line message and its exit code,
# nothing written.
# Usage: bash cli_objectives.sh BATON
source "$(dirname "$0")/lib-cli.sh"
q() { sqlite3 "$@" || fail "sqlite3 $*"; }

run "$BATON" --db demo.db demo
expect_rc 0 "demo"
expect_out "10 objectives"

# The tree: company objectives, each department's folded under its own.
run "$BATON" --db demo.db objective list
expect_rc 0 "objective list"
head -n 1 out | grep -q "^KEY  *TITLE  *PERIOD  *DEPARTMENT  *PROGRESS  *HEALTH  *CONFIDENCE$" ||
    fail "objective list's header: $(head -n 1 out)"
awk 'NR > 1 {print $1}' out | tr '\n' ' ' >order
[ "$(cat order)" = "CUSTOMERS ENG-TRACKING SUP-NPS DELIVERY OPS-ROTTERDAM OPS-SCAN GROWTH SALES-ENTERPRISE MKT-BRAND FIN-EINVOICE " ] ||
    fail "the tree's order: $(cat order)"
grep -q "^  OPS-ROTTERDAM  *Open the Rotterdam cross-dock before the spring peak  *2026-H2  *OPS  *77  *at risk  *5$" out ||
    fail "a department objective under its company objective: $(grep OPS-ROTTERDAM out)"
grep -q "^DELIVERY  *Deliver every order on time  *2026  *-  *52  *off track  *6$" out ||
    fail "a company objective: $(grep ^DELIVERY out)"
grep -q "^  MKT-BRAND  *Launch the new brand (draft)  *2026-Q4  *MKT  *85  *on track  *-$" out ||
    fail "a draft objective: $(grep MKT-BRAND out)"

run "$BATON" --db demo.db objective list --dept OPS --format json
expect_rc 0 "objective list --format json"
python3 - out <<'PY' || fail "objective list --format json: $(cat out)"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["key"] for r in rows] == ["OPS-ROTTERDAM", "OPS-SCAN"], rows
r = rows[1]
assert list(r) == ["key", "title", "period", "department", "owner", "status", "progress",
                   "health", "confidence"], list(r)
assert r == {"key": "OPS-SCAN", "title": "Every depot scans every parcel", "period": "2026-Q4",
             "department": "OPS", "owner": "mgarcia", "status": "active", "progress": 52,
             "health": "at_risk", "confidence": 4}, r
PY

# Lists show every objective neither done nor dropped; --period narrows.
run "$BATON" --db demo.db objective list --period 2026-Q4 --status all
expect_rc 0 "objective list --period"
[ "$(awk 'NR > 1 {print $1}' out | tr -d ' ' | tr '\n' ' ')" = "OPS-SCAN MKT-BRAND " ] ||
    fail "--period 2026-Q4: $(cat out)"

# A check-in of 4/10 on an objective on track turns it at risk, and the
# report says so, with the change of confidence.
run "$BATON" --db demo.db report
expect_rc 0 "report before"
grep -A4 "^## Objectives" out | grep -q "GROWTH" && fail "GROWTH at risk before its check-in: $(cat out)"
run "$BATON" --db demo.db objective checkin GROWTH --confidence 4 --note "Two large accounts put off their renewal"
expect_rc 0 "checkin"
[ "$(cat out)" = "GROWTH: confidence 4/10, at risk" ] || fail "checkin said: $(cat out)"
run "$BATON" --db demo.db objective show GROWTH
expect_out "health:        at risk"
expect_out "confidence:    4"
expect_out "Two large accounts put off their renewal"
run "$BATON" --db demo.db report
expect_rc 0 "report"
grep -A6 "^## Objectives" out >part
grep -q "At risk: .*GROWTH Grow monthly revenue past 5.5M EUR" part ||
    fail "the report's objectives do not name GROWTH at risk: $(cat part)"
grep -q "^Confidence in the last day: .*GROWTH 7→4" part ||
    fail "the report's confidence changes: $(cat part)"
run "$BATON" --db demo.db report --full
grep -q "^- GROWTH Grow monthly revenue past 5.5M EUR: 7 → 4/10, $(id -un) 2026-11-26 10:00: Two large accounts put off their renewal$" out ||
    fail "report --full's check-in: $(grep GROWTH out)"
run "$BATON" --db demo.db report --format json
python3 - out <<'PY' || fail "report --format json objectives: $(cat out)"
import json, sys
o = json.load(open(sys.argv[1]))["objectives"]
assert o["open"] == 10, o
assert "GROWTH" in [x["key"] for x in o["at_risk"]], o
c = [x for x in o["confidence_changes"] if x["key"] == "GROWTH"][0]
assert (c["before"], c["after"]) == (7, 4), c
PY

# Projects that serve nothing.
run "$BATON" --db demo.db project list --unaligned
expect_rc 0 "project list --unaligned"
[ "$(awk 'NR > 1 {print $1}' out | tr '\n' ' ')" = "OPS-3 SALES-2 HR-1 LEGAL-2 LEGAL-4 IT-1 " ] ||
    fail "unaligned projects: $(cat out)"
run "$BATON" --db demo.db project edit IT-1 --serves customers
expect_rc 0 "project edit --serves (in another case)"
run "$BATON" --db demo.db project list --unaligned --format json
python3 -c 'import json,sys; k=[r["key"] for r in json.load(open("out"))]; sys.exit("IT-1" in k or len(k) != 5)' ||
    fail "IT-1 still unaligned: $(cat out)"
run "$BATON" --db demo.db objective show CUSTOMERS --format json
python3 -c 'import json,sys; d=json.load(open("out")); sys.exit(d["served_by"] != ["IT-1", "IT-3", "PROD-1"] or d["children"] != ["ENG-TRACKING", "SUP-NPS"])' ||
    fail "objective show CUSTOMERS: $(cat out)"
run "$BATON" --db demo.db project show IT-1
expect_out "serves"
# A project added serving an objective is aligned from the start; one
# naming no objective is not added at all.
run "$BATON" --db demo.db project add IT-90 --title "Depot scanners" --dept IT --serves DELIVERY
expect_rc 0 "project add --serves"
run "$BATON" --db demo.db objective show DELIVERY --format json
python3 -c 'import json,sys; sys.exit("IT-90" not in json.load(open("out"))["served_by"])' ||
    fail "IT-90 does not serve DELIVERY: $(cat out)"
run "$BATON" --db demo.db project add IT-91 --title "Nothing served" --dept IT --serves NOPE
expect_rc 2 "project add --serves NOPE"
expect_err "no objective NOPE for IT-91 to serve"
[ "$(q demo.db "select count(*) from project where key = 'IT-91'")" = 0 ] ||
    fail "a project serving no objective was added"

# export -> import -> export: identical bytes, objectives and all.
run "$BATON" --db demo.db export -o one.yaml
expect_rc 0 "export"
grep -q "^objectives:$" one.yaml || fail "no objectives in the export"
grep -q "^      - {at: 2026-11-26T09:00:00Z, confidence: 4, note: Two large accounts put off their renewal, who: $(id -un)}$" one.yaml ||
    fail "the check-in is not in the export: $(grep -A12 'key: GROWTH' one.yaml)"
run "$BATON" --db copy.db import one.yaml
expect_rc 0 "import"
expect_out "10 objectives"
run "$BATON" --db copy.db export -o two.yaml
cmp one.yaml two.yaml || fail "export -> import -> export differs: $(diff one.yaml two.yaml | head)"
before=$(q copy.db "select count(*) from event")
run "$BATON" --db copy.db import one.yaml
expect_rc 0 "import again"
[ "$(q copy.db "select count(*) from event")" = "$before" ] || fail "importing again wrote audit rows"
for f in json csv md; do
    run "$BATON" --db copy.db export --format $f
    expect_rc 0 "export --format $f"
    expect_out "FIN-EINVOICE"
    expect_out "The ledger migration takes the whole team until January"
done
run "$BATON" --db copy.db export --format csv --only key_results
expect_out "OPS-SCAN,pick-accuracy,,97.5"

# Bad input: one line, exit 2 (4 for a stale edit), nothing written.
run "$BATON" --db demo.db objective edit GROWTH --description "The board's plan"
expect_rc 0 "objective edit --description"
sum=$(q demo.db "select count(*) || '/' || max(id) from event")
bad() {
    local code=$1 text=$2
    shift 2
    run "$BATON" --db demo.db "$@"
    expect_rc "$code" "$*"
    expect_err "$text"
    [ "$(wc -l <err)" = 1 ] || fail "$*: more than one line: $(cat err)"
}
bad 2 "no period '2027-Q5': a period is a year (2027), a half (2027-H1, 2027-H2) or a quarter" \
    objective add X --title x --period 2027-Q5
bad 2 "--confidence wants a whole number from 1 to 10" objective checkin SUP-NPS --confidence 11
bad 2 "no objective NOPE" objective show NOPE
bad 2 "(a cycle)" objective edit DELIVERY --parent OPS-SCAN
bad 2 "its own parent" objective edit DELIVERY --parent DELIVERY
bad 2 "no department 'MARS' (--dept)" objective add X --title x --period 2027 --dept MARS
bad 2 "objective GROWTH exists" objective add GROWTH --title x --period 2027
bad 2 "name one key result" objective link GROWTH
bad 2 "no indicator nope" objective link GROWTH --indicator nope
bad 2 "project OPS-3 is no key result of GROWTH" objective unlink GROWTH --project OPS-3
bad 2 "no objective NOPE for IT-2 to serve" project edit IT-2 --serves NOPE
bad 2 "nothing to change" objective edit GROWTH
bad 4 "objective GROWTH was changed by" objective edit GROWTH --title "Grow" --expect-version 1
[ "$(q demo.db "select count(*) || '/' || max(id) from event")" = "$sum" ] || fail "a refused command wrote"

# check finds parents that go round, whatever wrote them.
cp demo.db bad.db
q bad.db "update objective set parent_id = (select id from objective where key = 'OPS-SCAN') where key = 'DELIVERY'"
run "$BATON" --db bad.db check
expect_rc 1 "check with a cycle of parents"
expect_out "model: objective DELIVERY sits under objectives that sit under it (a cycle)"
run "$BATON" --db demo.db check
expect_rc 0 "check"

# Editing: fields through the descriptor, audited, versioned.
run "$BATON" --db demo.db objective edit MKT-BRAND --status active --dept '' --owner jobrien
expect_rc 0 "objective edit"
run "$BATON" --db demo.db objective show MKT-BRAND --format json
python3 -c 'import json,sys; d=json.load(open("out")); sys.exit(d["department"] is not None or d["status"] != "active" or d["version"] != 2 or d["history"][0]["field"] not in ("department", "owner", "status"))' ||
    fail "objective edit: $(cat out)"
echo ok
