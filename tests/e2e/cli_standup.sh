#!/bin/bash
# Stand-up minutes from the command line: a stand-up with notes, a
# decision, actions (one done), a parking-lot item, a skipped department
# and changes in its window (a blocker raised, one escalated, one
# resolved, a project put on hold, an indicator crossing into red) is
# exported as Markdown (the brief and --full) and JSON and compared line
# by line with the golden files in tests/data/standup; standup list, the
# refusals of export, and report. The stand-up rows are written straight into the database: the
# cockpit is the only writer of stand-ups, and ui_standup.sh drives it.
# Usage: bash cli_standup.sh BATON (BATON_UPDATE_GOLDEN=1 rewrites the
# golden files from what baton prints: read the diff before committing).
set -u
BATON=${1:?usage: bash cli_standup.sh /path/to/baton}
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=$SRC/tests/data/standup
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qxF -- "$1" out || fail "expected a line '$1' in stdout, saw: $(head -c 900 out)"; }
at() { local when=$1; shift; BATON_NOW=$when "$BATON" --db t.db "$@" >/dev/null 2>err ||
    fail "$* at $when: $(cat err)"; }

# Loaded the morning before the window; the file holds readings up to a day ahead.
at 2026-11-25T08:00:00Z import "$DATA/org.yaml"

# Before any stand-up
run env BATON_NOW=2026-11-26T10:00:00Z "$BATON" --db t.db standup export --last
expect_rc 2 "export without a stand-up"
expect_err "no stand-up to export yet"
run env BATON_NOW=2026-11-26T10:00:00Z "$BATON" --db t.db standup list
expect_rc 0 "list without a stand-up"
expect_out "no stand-ups yet; press S in the cockpit to start one"

# Inside the window (since 2026-11-25T09:15:00Z, up to the end at 09:12:30 next day)
at 2026-11-25T10:00:00Z --as alice blocker add --project ENG-1 --title "Test servers are full" \
    --severity 1 --waiting-on OPS
at 2026-11-25T11:00:00Z --as alice blocker escalate B-1 --to bob
at 2026-11-25T12:00:00Z --as bob project set FIN-1 status on_hold
at 2026-11-25T13:00:00Z --as carol blocker resolve B-2 --note "export sent"
# After the stand-up ended: not in its changes
at 2026-11-26T09:30:00Z --as carol blocker add --project OPS-1 --title "Raised after the stand-up"

sqlite3 t.db <<'SQL' || fail "writing the stand-up"
INSERT INTO standup (id, facilitator, since, started_at, ended_at)
  VALUES (1, 'alice', '2026-11-25T09:15:00Z', '2026-11-26T09:00:00Z', '2026-11-26T09:12:30Z');
INSERT INTO standup_department (standup_id, department_id, seconds_spent, skipped)
  SELECT 1, id, CASE key WHEN 'ENG' THEN 185 WHEN 'FIN' THEN 60 ELSE 5 END, key = 'OPS'
  FROM department;
INSERT INTO standup_entry (standup_id, department_id, kind, text, owner, due, done, created_by,
  created_at) SELECT 1, d.id, x.kind, x.text, x.owner, x.due, x.done, x.by, x.at
  FROM (SELECT 'ENG' dept, 'note' kind, 'Servers ordered, arriving Monday' text, NULL owner,
               NULL due, 0 done, 'alice' by, '2026-11-26T09:01:00Z' at
        UNION ALL SELECT 'ENG', 'decision', 'Freeze the billing scope', NULL, NULL, 0, 'alice',
               '2026-11-26T09:02:00Z'
        UNION ALL SELECT 'ENG', 'action', 'Ask OPS for two racks', 'carol', '2026-11-28', 0,
               'alice', '2026-11-26T09:03:00Z'
        UNION ALL SELECT 'FIN', 'action', 'Publish the VAT memo', 'bob', '2026-11-27', 1, 'bob',
               '2026-11-26T09:05:00Z'
        UNION ALL SELECT 'FIN', 'parking', 'Rename the churn indicator', NULL, NULL, 0, 'bob',
               '2026-11-26T09:06:00Z') x
  JOIN department d ON d.key = x.dept ORDER BY x.at;
SQL

export BATON_NOW=2026-11-26T10:00:00Z
run "$BATON" --db t.db standup list --format json
expect_rc 0 "list"
grep -qF '"id":1,"facilitator":"alice","started_at":"2026-11-26T09:00:00Z","ended_at":"2026-11-26T09:12:30Z","seconds":750' out ||
    fail "standup list: $(cat out)"

run "$BATON" --db t.db standup export --last --format md
expect_rc 0 "export md"
[ -n "${BATON_UPDATE_GOLDEN:-}" ] && cp out "$DATA/minutes.md"
diff -u "$DATA/minutes.md" out >diff.txt || fail "Markdown minutes differ from the golden file:
$(cat diff.txt)"
# What a reader looks for, line by line: the brief
expect_out "# Stand-up Thu 26 Nov 2026"
expect_out "Facilitator: alice · 09:00–09:12 UTC · 12m 30s · changes since Wed 25 Nov 09:15"
grep -qF "blockers: 1 raised, 1 escalated, 1 resolved; indicator in red: Monthly churn." out ||
    fail "bottom line: $(grep -F 'at risk (' out)"
expect_out "- [ ] Ask OPS for two racks (@carol, due Sat 28 Nov) — ENG"
expect_out "- [x] Publish the VAT memo (@bob, due Fri 27 Nov) — FIN"
expect_out "- Escalated B-1 Waiting for the VAT rules to bob (Bob Stone) — now accepted S2 (alice, Wed 25 Nov 11:00)"
expect_out "| OPS Operations | skipped (5s) | 1 raised, 1 resolved | 2 open blockers (1 past SLA) |"
[ "$(grep -c '^### ' out)" = 0 ] || fail "the brief has no per-department detail: $(grep '^### ' out)"
grep -qF "Raised B-4" out && fail "a change after the stand-up's end is in its minutes"

# --full adds the detail by department, each blocker and change told once
run "$BATON" --db t.db standup export --last --full
expect_rc 0 "export --full"
[ -n "${BATON_UPDATE_GOLDEN:-}" ] && cp out "$DATA/minutes-full.md"
diff -u "$DATA/minutes-full.md" out >diff.txt || fail "full minutes differ from the golden file:
$(cat diff.txt)"
expect_out "- [ ] Ask OPS for two racks (@carol, due Sat 28 Nov)"
expect_out "- Servers ordered, arriving Monday (alice)"
grep -qF -- "- Monthly churn crossed green → red (2.7% → 5.4%) — now red (" out ||
    fail "the crossing is not told: $(grep -F churn out)"
[ "$(grep -c '^### ' out)" = 3 ] || fail "expected one ### section per department: $(grep '^### ' out)"
[ "$(grep -c -- '^- S1 B-3 Test servers are full' out)" = 1 ] ||
    fail "a blocker seen by two departments is told twice: $(grep -F 'B-3' out)"
grep -qF "Raised B-4" out && fail "a change after the stand-up's end is in its minutes"

run "$BATON" --db t.db standup export --id 1 --format json
expect_rc 0 "export json"
[ -n "${BATON_UPDATE_GOLDEN:-}" ] && cp out "$DATA/minutes.json"
diff -u "$DATA/minutes.json" out >diff.txt || fail "JSON minutes differ from the golden file:
$(cat diff.txt)"

run "$BATON" --db t.db standup export --id 7
expect_rc 2 "export of a stand-up that does not exist"
expect_err "no stand-up 7"
run "$BATON" --db t.db standup export --id 1 --last
expect_rc 2 "--id and --last together"
run "$BATON" --db t.db standup export --format csv
expect_rc 2 "export as csv"

# The report: the same picture for now, since the stand-up's end
run "$BATON" --db t.db report --full
expect_rc 0 "report"
expect_out "# Report Thu 26 Nov 10:00"
expect_out "Changes since Thu 26 Nov 09:12 (the last stand-up)"
grep -qF -- "- Raised B-4 Raised after the stand-up — still new (carol, Thu 26 Nov 09:30)" out ||
    fail "report: $(cat out)"
run "$BATON" --db t.db report --format csv
expect_rc 0 "report csv"
expect_out "department,name,changes,we_wait_on_others,others_wait_on_us,projects_at_risk,indicators_off_target"
expect_out "OPS,Operations,1,1,1,0,0"
# With no stand-up ever held the report says so, and never "(null)"
"$BATON" --db empty.db init >/dev/null 2>&1 || fail "init empty.db"
run env BATON_NOW=2026-11-26T10:00:00Z "$BATON" --db empty.db report
expect_rc 0 "report on an empty database"
expect_out "Changes since Wed 25 Nov 10:00 (no stand-up yet)"
grep -qF "(null)" out && fail "report on an empty database: $(cat out)"
echo "ok cli_standup"
