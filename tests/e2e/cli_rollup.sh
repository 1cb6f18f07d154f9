#!/bin/bash
# The stored roll-up as a user meets it: `baton check` says it is right
# after a day of changes through the CLI and after the day moves on; a
# roll-up spoiled behind baton's back (the sqlite3 shell) makes check exit
# 1 naming what is stale, and `check --repair` puts it right; `department
# list` shows the same figures whether it reads the stored roll-up or (a
# read-only copy of another day) computes it in full.
# Usage: bash cli_rollup.sh BATON
set -u
BATON=${1:?usage: bash cli_rollup.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stdout: $(cat out); stderr: $(cat err))"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }

run "$BATON" --db d.db demo
expect_rc 0 "demo"
run "$BATON" --db d.db check
expect_rc 0 "check after demo"
expect_out "roll-up: ok"

# A morning of changes: new blockers, verdicts, a project's due date and
# department, a reading.
b=$("$BATON" --db d.db blocker add --project OPS-1 --title "Forklift fleet grounded" --severity 1 --waiting-on FIN) ||
    fail "blocker add"
"$BATON" --db d.db blocker accept "$b" --severity 2 --waiting-on ENG >/dev/null || fail "accept"
"$BATON" --db d.db blocker add --project ENG-2 --title "Signing key expired" >/dev/null || fail "add 2"
"$BATON" --db d.db project set ENG-1 due 2026-11-20 >/dev/null || fail "project set due"
"$BATON" --db d.db project set PROD-1 dept OPS >/dev/null || fail "project move"
"$BATON" --db d.db indicator list --format csv | sed -n 2p | cut -d, -f1 >key || fail "indicator list"
"$BATON" --db d.db indicator record "$(cat key)" 1 >/dev/null || fail "indicator record"
run "$BATON" --db d.db check
expect_rc 0 "check after a morning of changes"
expect_out "roll-up: ok"

# The same figures read from the roll-up kept up to date and moved two
# weeks on, and computed in full: a read-only copy whose roll-up was never
# computed (root, who can write to it anyway, computes it from scratch).
BATON_NOW=2026-12-09T09:00:00Z "$BATON" --db d.db department list --format csv >stored.csv ||
    fail "department list two weeks on"
mkdir ro && cp d.db ro/d.db && sqlite3 ro/d.db "UPDATE rollup_day SET today = '', soon = ''" &&
    chmod 444 ro/d.db || fail "making the read-only copy"
BATON_NOW=2026-12-09T09:00:00Z "$BATON" --db ro/d.db department list --format csv >full.csv 2>/dev/null ||
    fail "department list of the read-only copy"
diff stored.csv full.csv >diff.txt || fail "stored and full roll-ups differ: $(cat diff.txt)"
if [ "$(id -u)" != 0 ]; then
    run env BATON_NOW=2026-12-09T09:00:00Z "$BATON" --db ro/d.db check
    expect_rc 0 "check of a read-only copy"
    expect_out "roll-up: not checked"
fi

# Spoiled behind baton's back, found and repaired.
sqlite3 d.db "UPDATE department_stats SET open_blockers = open_blockers + 5 WHERE department_id =
    (SELECT id FROM department WHERE key = 'OPS')" || fail "sqlite3"
run "$BATON" --db d.db check
expect_rc 1 "check of a spoiled roll-up"
expect_out "the counts of department OPS are stale"
expect_out "baton check --repair"
run "$BATON" --db d.db check --repair
expect_rc 0 "check --repair"
expect_out "roll-up: ok"
# check --quick reads no row it counts: it skips the integrity and
# foreign-key checks, says so, and still finds counts that contradict one
# another (more projects at risk than projects; a department without its row).
run "$BATON" --db d.db check --quick
expect_rc 0 "check --quick"
expect_out "integrity: not checked (--quick)"
expect_out "foreign keys: not checked (--quick)"
expect_out "roll-up: consistent"
expect_out "schema version: "
cp d.db quick.db && sqlite3 quick.db "UPDATE department_stats SET p3 = projects + 1 WHERE department_id = (SELECT id FROM department WHERE key = 'FIN')" || fail "spoiling quick.db"
run "$BATON" --db quick.db check --quick
expect_rc 1 "check --quick of contradicting counts"
expect_out "the counts of department FIN are stale"
cp d.db quick2.db && sqlite3 quick2.db "DELETE FROM department_stats WHERE department_id = (SELECT id FROM department WHERE key = 'HR')" || fail "spoiling quick2.db"
run "$BATON" --db quick2.db check --quick
expect_rc 1 "check --quick of a missing row"
expect_out "the counts of department HR are stale"
# A roll-up that cannot be brought to today (its table dropped) is a
# fault check reports, while listings still answer by computing in full.
cp d.db gone.db && sqlite3 gone.db "DROP TABLE department_stats" || fail "dropping the table"
run env BATON_NOW=2026-12-10T09:00:00Z "$BATON" --db gone.db department list
expect_rc 0 "department list without the roll-up's table"
expect_out "OPS"
run env BATON_NOW=2026-12-10T09:00:00Z "$BATON" --db gone.db check
expect_rc 1 "check without the roll-up's table"
expect_out "roll-up: cannot be brought to today"
echo "ok: cli_rollup"
