#!/bin/bash
# Indicators from the command line: definitions with their thresholds
# checked, readings that turn an indicator red, amber and green in both
# directions, refusals that write nothing, replacing a reading at the same
# time, targets that change without recolouring history, imports from CSV
# and YAML that are all or nothing, and the JSON scripts read.
# Usage: bash cli_indicator.sh BATON
set -u
BATON=${1:?usage: bash cli_indicator.sh /path/to/baton}
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 900 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }
readings() { q t.db "select count(*) from reading"; }
b() { "$BATON" --db t.db "$@"; }

cat >org.yaml <<'YAML'
organisation: Test Org
departments:
  - {key: SALES, name: Sales, lead: alice}
YAML
b import org.yaml >/dev/null || fail "import"

# ---- definitions ----
run b indicator add deals --name "Deals closed" --department SALES --target 100 --amber 80 --red 50
expect_rc 0 "add deals"
expect_out "deals: added"
run b indicator add churn --name "Monthly churn" --department SALES --format percent --unit % \
    --direction down --target 2 --amber 3 --red 5 --stale-days 7
expect_rc 0 "add churn"
run b indicator add bad --name Bad --target 100 --amber 120
expect_rc 2 "amber above the target when higher is better"
expect_err "amber of bad must be at most target when higher is better"
run b indicator add bad --name Bad --direction down --target 2 --amber 3 --red 2.5
expect_rc 2 "red below amber when lower is better"
expect_err "red of bad must be at least amber"
run b indicator add bad --name Bad --target lots
expect_rc 2 "a target that is no number"
expect_err "--target: not a number: lots"
run b indicator add bad --name Bad --format pct
expect_rc 2 "an unknown display format"
run b indicator add bad --name Bad --department SLAES
expect_rc 2 "an unknown department"
[ "$(q t.db "select count(*) from indicator where key='bad'")" = 0 ] || fail "a refused add wrote"

# ---- red -> amber -> green, both directions ----
status() { b indicator show "$1" --format json | grep -o '"status":"[a-z]*"' | head -1; }
step() { # KEY VALUE AT WANT
    run b indicator record "$1" "$2" --at "$3"
    expect_rc 0 "record $1 $2"
    [ "$(status "$1")" = "\"status\":\"$4\"" ] || fail "$1 at $2: expected $4, saw $(status "$1")"
}
step deals 40 2026-11-20 red
step deals 50 2026-11-21 amber   # exactly on red
step deals 79.9 2026-11-22 amber
step deals 80 2026-11-23 green   # exactly on amber
step churn 6 2026-11-20 red
step churn 5 2026-11-21 amber    # exactly on red
step churn 3 2026-11-22 green    # exactly on amber
step churn 2.7 2026-11-23 green
run b indicator record churn 3.5 --at 2026-11-24
expect_out "churn: 3.5% (amber)"

# ---- refusals write nothing ----
n=$(readings)
for bad in abc nan inf 0x10 "" 1,5; do
    run b indicator record churn "$bad"
    expect_rc 2 "record '$bad'"
    expect_err "not a number: "
done
run b indicator record churn 1e999
expect_rc 2 "record 1e999"
expect_err "out of range: 1e999"
run b indicator record chrun 2
expect_rc 2 "record an unknown key"
expect_err "no indicator 'chrun' (did you mean 'churn'?)"
run b indicator record churn 2 --at 2026-13-01
expect_rc 2 "record at a malformed time"
run b indicator record churn 2 --at 2026-02-30
expect_rc 2 "record at a day that does not exist"
[ "$(readings)" = "$n" ] || fail "refused readings wrote: $n before, $(readings) after"

# ---- the same time replaces, audited ----
run b indicator record churn 2.9 --at 2026-11-24 --note "corrected"
expect_rc 0 "replace"
[ "$(readings)" = "$n" ] || fail "a reading at the same time was added, not replaced"
[ "$(q t.db "select value || ' ' || note from reading where at='2026-11-24T00:00:00Z'")" = "2.9 corrected" ] ||
    fail "replaced reading: $(q t.db "select value, note from reading where at='2026-11-24T00:00:00Z'")"
[ "$(q t.db "select old || ' -> ' || new from event where entity='indicator' and action='update' and field='reading'")" = \
  "3.5 at 2026-11-24T00:00:00Z -> 2.9 at 2026-11-24T00:00:00Z" ] || fail "replacement not audited"

# ---- negative readings ----
run b indicator record deals -- -5
expect_rc 0 "a negative reading after --"
expect_out "deals: -5 (red)"
run b indicator record deals -7.5 --at 2026-11-25
expect_rc 0 "a negative reading"
expect_out "deals: -7.5 (red)"

# ---- list and show JSON ----
run b indicator list --format json
expect_rc 0 "list json"
line=$(grep '"key":"churn"' out) || fail "churn not listed: $(cat out)"
for field in '"name":"Monthly churn"' '"department":"SALES"' '"value":2.9' '"unit":"%"' \
    '"target":2' '"status":"green"' '"stale":false' '"trend":0.2' '"display":"2.9%"'; do
    case "$line" in *"$field"*) ;; *) fail "list json: expected $field in $line" ;; esac
done
grep -q '"key":"deals".*"trend":2.5' out || fail "deals trend: $(grep deals out)"
run b indicator show churn --format json
expect_out '"trend_7d":'
# Newest first, as the history of a blocker or project reads.
expect_out '"readings":[{"at":"2026-11-24T00:00:00Z","value":2.9,"display":"2.9%","status":"green"'
expect_out '{"at":"2026-11-20T00:00:00Z","value":6,"display":"6%","status":"red","note":null,"recorded_by":"root"}]'
expect_out '"targets":[{"from":"(defined)","target":2,"amber":3,"red":5}]'
run b indicator show churn
expect_rc 0 "show as a table"
expect_out "vs previous (worse)"
BATON_NOW=2026-12-10T00:00:00Z b indicator show churn --format json >out || fail "show later"
expect_out '"stale":true'

# ---- a new target does not recolour history ----
run b indicator set-target deals 60 --amber 50 --red 40 --from 2026-11-22
expect_rc 0 "set-target"
expect_out "deals: target 60, amber 50, red 40 from 2026-11-22 00:00"
run b indicator show deals --format json
expect_out '{"at":"2026-11-21T00:00:00Z","value":50,"display":"50","status":"amber"'
expect_out '{"at":"2026-11-22T00:00:00Z","value":79.9,"display":"79.9","status":"green"'
expect_out '{"from":"2026-11-22T00:00:00Z","target":60,"amber":50,"red":40}'
run b indicator set-target deals 60 --amber 70
expect_rc 2 "amber above the target"
[ "$(q t.db "select count(*) from indicator_target")" = 1 ] || fail "a refused target was written"
run b indicator edit deals --target 120 --amber 90 --red 60 --expect-version 1
expect_rc 0 "edit"
run b indicator edit deals --name "Deals" --expect-version 1
expect_rc 4 "a stale edit"
[ "$(q t.db "select count(*) from indicator_target")" = 2 ] || fail "edit of the target is not a change from now"

# ---- import ----
n=$(readings)
cp "$SRC/tests/data/readings/good.csv" good.csv
cp "$SRC/tests/data/readings/badtime.csv" badtime.csv
cp "$SRC/tests/data/readings/badkey.csv" badkey.csv
cp "$SRC/tests/data/readings/bykey.yaml" bykey.yaml
cp "$SRC/tests/data/readings/badvalue.yaml" badvalue.yaml
cp "$SRC/tests/data/readings/badkey.yaml" badkey.yaml
b indicator add nps --name "Net promoter score" --department SALES >/dev/null || fail "add nps"
run b indicator import badtime.csv
expect_rc 2 "import with a bad time"
expect_err "badtime.csv:3: '2026-11-0x' is not a time"
run b indicator import badkey.csv
expect_rc 2 "import with an unknown key"
expect_err "badkey.csv:2: no indicator 'chrun' (did you mean 'churn'?)"
run b indicator import badvalue.yaml
expect_rc 2 "import with a bad value"
expect_err "badvalue.yaml:3:29: value: expected a number"
run b indicator import badkey.yaml
expect_rc 2 "YAML import with an unknown key"
expect_err "badkey.yaml:2:9: no indicator 'chrun' (did you mean 'churn'?)"
[ "$(readings)" = "$n" ] || fail "a refused import wrote: $n before, $(readings) after"
run b indicator import good.csv
expect_rc 0 "import csv"
expect_out "imported 3 readings (0 replaced)"
[ "$(readings)" = $((n + 3)) ] || fail "import csv: $(readings) readings"
run b indicator import bykey.yaml
expect_rc 0 "import the same readings as YAML"
expect_out "imported 2 readings (2 replaced, 1 unchanged)" # the notes differ
cp good.csv readings.txt
run b indicator import readings.txt
expect_rc 2 "import without a known extension"
expect_err "--format csv or --format yaml"
run b indicator import readings.txt --format csv
expect_rc 0 "import with --format"
expect_out "imported 2 readings (2 replaced, 1 unchanged)" # back to the CSV notes
echo "ok: indicators from the command line"
