#!/bin/bash
# baton blocker count: for every filter blocker list takes, the count is
# the number of rows the listing prints (on the demo organisation and on a
# generated one), in each output format, and bad input is refused as
# blocker list refuses it. Usage: bash cli_count.sh BATON
set -u
BATON=${1:?usage: bash cli_count.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }

# The rows of the CSV listing: one line per blocker, each opening with its key.
list_rows() { "$BATON" --db "$1" blocker list "${@:2}" --format csv | grep -cE '^B-[0-9]+,'; }

checked=0
# same DB ARGS...: blocker count ARGS prints the listing's row count.
same() {
    local db=$1
    shift
    local want got
    want=$(list_rows "$db" "$@") || want=0
    got=$("$BATON" --db "$db" blocker count "$@" 2>"$T/count.err") ||
        fail "blocker count $* exited $? ($(cat "$T/count.err"))"
    [ "$got" = "$want" ] || fail "$db: blocker count $* printed '$got', blocker list $* lists $want rows"
    checked=$((checked + 1))
}

# Every state and a mix of the other filters, on one database.
sweep() {
    local db=$1
    local depts projects
    depts=$("$BATON" --db "$db" department list --format csv | awk -F, 'NR > 1 && NR <= 4 { print $1 }')
    projects=$("$BATON" --db "$db" project list --format csv | awk -F, 'NR > 1 && NR <= 3 { print $1 }')
    [ -n "$depts" ] && [ -n "$projects" ] || fail "$db: no departments or projects to filter by"
    local states=("" "--state open" "--state all" "--state new" "--state accepted"
        "--state in_progress" "--state resolved" "--state declined" "--state duplicate"
        "--state snoozed" "--state closed")
    local st d p s
    for st in "${states[@]}"; do
        # shellcheck disable=SC2086 # the state words split on purpose
        {
            same "$db" $st
            same "$db" $st --breached
            for s in 1 2 3 4; do same "$db" $st --severity $s; done
            same "$db" $st --severity 1 --breached
            for d in $depts; do
                same "$db" $st --dept "$d"
                same "$db" $st --waiting-on "$d"
                same "$db" $st --dept "$d" --breached
                same "$db" $st --dept "$d" --severity 2
                same "$db" $st --dept "$d" --waiting-on "$d"
            done
            for p in $projects; do
                same "$db" $st --project "$p"
                same "$db" $st --project "$p" --dept "${depts%%[[:space:]]*}"
            done
        }
    done
}

run "$BATON" --db demo.db demo
expect_rc 0 "demo"
sweep demo.db
# The demo's story has something in each corner the filters look at.
[ "$("$BATON" --db demo.db blocker count --breached)" -gt 0 ] || fail "demo: no breached blocker to count"
[ "$("$BATON" --db demo.db blocker count --state all)" -gt "$("$BATON" --db demo.db blocker count)" ] ||
    fail "demo: --state all should count more than the open blockers"
# closed: every state that is not open, so open and closed make all.
[ "$("$BATON" --db demo.db blocker count --state closed)" -gt 0 ] || fail "demo: no closed blocker"
[ $(( $("$BATON" --db demo.db blocker count) + $("$BATON" --db demo.db blocker count --state closed) )) = \
    "$("$BATON" --db demo.db blocker count --state all)" ] || fail "demo: open and closed do not make all"

run "$BATON" --db scale.db demo --scale 2000 --seed 3
expect_rc 0 "demo --scale 2000"
sweep scale.db
[ "$("$BATON" --db scale.db blocker count --state all)" = 2000 ] || fail "scale: --state all is not 2000"

# A change shows at once: resolving an open blocker moves it between counts.
open=$("$BATON" --db demo.db blocker count)
resolved=$("$BATON" --db demo.db blocker count --state resolved)
key=$("$BATON" --db demo.db blocker list --limit 1 --format csv | awk -F, 'NR == 2 { print $1 }')
run "$BATON" --db demo.db blocker resolve "$key" --note "cleared"
expect_rc 0 "resolve $key"
[ "$("$BATON" --db demo.db blocker count)" = $((open - 1)) ] || fail "open count after resolving $key"
[ "$("$BATON" --db demo.db blocker count --state resolved)" = $((resolved + 1)) ] ||
    fail "resolved count after resolving $key"
same demo.db
same demo.db --state resolved

# Each format: the table is the bare number; JSON one object; CSV and
# Markdown a one-column table named count.
n=$("$BATON" --db demo.db blocker count --severity 2)
run "$BATON" --db demo.db blocker count --severity 2 --format table
expect_rc 0 "--format table"
[ "$(cat out)" = "$n" ] || fail "table form: expected '$n', saw '$(cat out)'"
run "$BATON" --db demo.db blocker count --severity 2 --format json
expect_rc 0 "--format json"
[ "$(cat out)" = "{\"count\":$n}" ] || fail "json form: expected {\"count\":$n}, saw '$(cat out)'"
run "$BATON" --db demo.db blocker count --severity 2 --format csv
expect_rc 0 "--format csv"
[ "$(cat out)" = "$(printf 'count\n%s' "$n")" ] || fail "csv form: saw '$(cat out)'"
run "$BATON" --db demo.db blocker count --severity 2 --format md
expect_rc 0 "--format md"
[ "$(sed -n 1p out)" = "| count |" ] && [ "$(sed -n 3p out)" = "| $n |" ] ||
    fail "md form: saw '$(cat out)'"
run "$BATON" --db demo.db blocker count --format yaml
expect_rc 2 "--format yaml"

# Bad input: the same one line and exit 2 as blocker list.
refuse() {
    run "$BATON" --db demo.db blocker list "$@"
    expect_rc 2 "blocker list $*"
    local list_err
    list_err=$(sed 's/blocker list/blocker count/g' err)
    run "$BATON" --db demo.db blocker count "$@"
    expect_rc 2 "blocker count $*"
    [ -s out ] && fail "blocker count $* printed '$(cat out)' on a refusal"
    [ "$(wc -l <err)" = 1 ] || fail "blocker count $*: expected one line on stderr, saw: $(cat err)"
    [ "$(cat err)" = "$list_err" ] ||
        fail "blocker count $*: expected the listing's error '$list_err', saw '$(cat err)'"
}
refuse --state bogus
refuse --state
refuse --severity 0
refuse --severity 5
refuse --severity high
refuse --dept NOPE
refuse --waiting-on ENGG
refuse --project ENG-999
refuse --bogus
refuse extra-argument
# Listing options that mean nothing to a count are refused, not ignored.
run "$BATON" --db demo.db blocker count --limit 5
expect_rc 2 "blocker count --limit"
run "$BATON" --db demo.db blocker count --sort key
expect_rc 2 "blocker count --sort"

# Help: the command, its filters and formats, and the top-level listing.
run "$BATON" blocker count --help
expect_rc 0 "blocker count --help"
for opt in --state --dept --waiting-on --severity --breached --project --format; do
    expect_out "$opt"
done
run "$BATON" --help
expect_rc 0 "--help"
expect_out "  blocker count "
run "$BATON" blocker --help
expect_rc 0 "blocker --help"
expect_out "  count "

echo "cli_count: $checked counts agree with their listings"
