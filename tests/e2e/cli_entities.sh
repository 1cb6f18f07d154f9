#!/bin/bash
# Blockers, projects and indicators through the command line: raising a
# blocker, listing with filters in every format, show pages with history.
# Usage: bash cli_entities.sh BATON
set -u
BATON=${1:?usage: bash cli_entities.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }
json_ok() { [ "$(q :memory: "select json_valid(readfile('$1'))")" = 1 ] || fail "$1 is not valid JSON: $(head -c 300 "$1")"; }

cat >org.yaml <<'YAML'
organisation: Test Org
departments:
  - {key: ENG, name: Engineering, lead: alice}
  - {key: FIN, name: Finance, lead: bob}
people:
  - {login: alice, name: Alice Martin, department: ENG}
  - {login: bob, name: Bob Stone, department: FIN}
projects:
  - {key: ENG-1, title: New billing, department: ENG, owner: alice, status: active, progress: 40, due: 2026-12-15}
  - {key: FIN-1, title: VAT rules, department: FIN, owner: bob, status: active, progress: 10, due: 2026-11-01}
blockers:
  - {key: B-1, project: ENG-1, title: Waiting for the VAT rules, state: new, severity: 2, waiting_on: FIN, raised_by: alice}
indicators:
  - {key: churn, name: Monthly churn, department: FIN, unit: '%', direction: down, target: 2, amber: 3, red: 5,
     readings: [{at: 2026-10-01T00:00:00Z, value: 2.1}, {at: 2026-11-01T00:00:00Z, value: 3.5}]}
YAML
"$BATON" --db t.db import org.yaml >/dev/null || fail "import of the test organisation"

# Raise a blocker: its key on stdout, then it is in the listing.
title='=SUM(A1) <b>|"quoted"|, tax'
run "$BATON" --db t.db blocker add --project ENG-1 --title "$title" --severity 1 --waiting-on FIN --detail "two
lines" --kind risk
expect_rc 0 "blocker add"
key=$(cat out)
[ "$key" = B-2 ] || fail "blocker add printed '$key', expected the next key B-2"
[ "$(q t.db "select count(*) from event where entity='blocker' and action='create'")" -ge 2 ] ||
    fail "blocker add wrote no audit row"

run "$BATON" --db t.db blocker list --format json
expect_rc 0 "blocker list --format json"
cp out list.json
json_ok list.json
[ "$(q :memory: "select json_extract(readfile('list.json'), '\$[0].key')")" = B-2 ] ||
    fail "the critical blocker is not listed first: $(cat list.json)"
[ "$(q :memory: "select json_extract(readfile('list.json'), '\$[0].title')")" = "$title" ] ||
    fail "title did not survive JSON: $(cat list.json)"
for field in key title state severity project waiting_on owner age; do
    [ "$(q :memory: "select json_type(readfile('list.json'), '\$[0].$field')")" != "" ] ||
        fail "blocker JSON lacks field $field"
done
[ "$(q :memory: "select json_extract(readfile('list.json'), '\$[0].severity')")" = 1 ] || fail "severity is not the number 1"

# Filters.
run "$BATON" --db t.db blocker list --severity 2 --format csv
expect_rc 0 "filter by severity"
[ "$(wc -l <out)" = 2 ] && expect_out "B-1," || fail "--severity 2: $(cat out)"
run "$BATON" --db t.db blocker list --project FIN-1 --format csv
[ "$(wc -l <out)" = 1 ] || fail "--project FIN-1 should list no blockers: $(cat out)"
run "$BATON" --db t.db blocker list --waiting-on FIN --limit 1 --format csv
[ "$(wc -l <out)" = 2 ] || fail "--limit 1: $(cat out)"
run "$BATON" --db t.db blocker list --dept ENGG
expect_rc 2 "unknown department"
expect_err "no department 'ENGG' (--dept); did you mean 'ENG'?"
run "$BATON" --db t.db blocker add --project ENG-9 --title x
expect_rc 2 "unknown project"
expect_err "no project 'ENG-9'"

# CSV defuses the formula and quotes; Markdown escapes the pipes.
run "$BATON" --db t.db blocker list --state all --format csv
expect_out "B-2,\"'=SUM(A1) <b>|\"\"quoted\"\"|, tax\""
run "$BATON" --db t.db blocker list --format md
expect_out '| B-2 | =SUM(A1) &lt;b>\|"quoted"\|, tax |'
head -1 out | grep -qF '| key | title | state | severity | project | waiting_on | owner | age | sla |' ||
    fail "markdown header: $(head -1 out)"
# The table: a heading, one line per blocker, no escape sequence from data.
"$BATON" --db t.db blocker add --project ENG-1 --title $'evil \e[31mred\e[0m \a' >/dev/null || fail "add with escapes"
run "$BATON" --db t.db blocker list
expect_rc 0 "blocker list"
head -1 out | grep -q '^KEY  *TITLE  *STATE  *SEVERITY' || fail "table heading: $(head -1 out)"
grep -q $'\e' out && fail "an escape sequence reached the table"
expect_out 'evil ^[[31mred^[[0m ^G'

# show: every field and the history.
run "$BATON" --db t.db blocker show B-2
expect_rc 0 "blocker show"
for f in "key:" "title:" "state:" "severity:" "waiting_on:" "raised_by:" "sla_due:" "detail:" "History"; do
    expect_out "$f"
done
expect_out "create"
run "$BATON" --db t.db blocker show B-2 --format json
cp out show.json
json_ok show.json
[ "$(q :memory: "select json_extract(readfile('show.json'), '\$.detail')")" = "two
lines" ] || fail "detail in show JSON"
[ "$(q :memory: "select json_array_length(readfile('show.json'), '\$.history')")" -ge 1 ] || fail "no history in show JSON"
run "$BATON" --db t.db blocker show B-99
expect_rc 2 "show of a missing blocker"

# Projects and indicators.
run "$BATON" --db t.db project list --format json
cp out projects.json
json_ok projects.json
[ "$(q :memory: "select json_array_length(readfile('projects.json'))")" = 2 ] || fail "project list: $(cat projects.json)"
for field in key title department owner status health progress due; do
    [ "$(q :memory: "select json_type(readfile('projects.json'), '\$[0].$field')")" != "" ] ||
        fail "project JSON lacks field $field"
done
run "$BATON" --db t.db project list --dept FIN --format csv
[ "$(wc -l <out)" = 2 ] && expect_out "FIN-1,VAT rules,FIN,bob,active," || fail "project list --dept FIN: $(cat out)"
run "$BATON" --db t.db project show ENG-1
expect_rc 0 "project show"
expect_out "New billing"
expect_out "History"
run "$BATON" --db t.db indicator list --format json
cp out ind.json
json_ok ind.json
[ "$(q :memory: "select json_extract(readfile('ind.json'), '\$[0].value')")" = 3.5 ] || fail "latest value: $(cat ind.json)"
[ "$(q :memory: "select json_extract(readfile('ind.json'), '\$[0].status')")" = amber ] || fail "status: $(cat ind.json)"
for field in key name department value unit target status stale; do
    [ "$(q :memory: "select json_type(readfile('ind.json'), '\$[0].$field')")" != "" ] ||
        fail "indicator JSON lacks field $field"
done
run "$BATON" --db t.db indicator show churn
expect_rc 0 "indicator show"
expect_out "2026-10-01 00:00" # tables show times in the person's zone (UTC here)
expect_out "3.5"
run "$BATON" --db t.db indicator show churn --format json
expect_out '"at":"2026-10-01T00:00:00Z"' # machines keep UTC

echo "ok"
