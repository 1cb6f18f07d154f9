#!/bin/bash
# --help is where a person learns a command: the top-level help groups the
# commands by what they act on, each command's help ends with two or three
# examples under "Examples:", and each example runs as written on the demo
# organisation (a fresh copy for each, so that none depends on another).
# Usage: bash cli_help.sh BATON
. "$(dirname "$0")/lib-cli.sh"

run "$BATON" --help
expect_rc 0 "baton --help"
expect_out "Commands, by what they act on:"
# each group's heading, then its commands; department list with the people
awk '/^[A-Z][^:]*:$/ {g=$0} /^  [a-z]/ {print g "\t" $1 " " $2}' out >groups
for want in "Blockers:	blocker list" "Projects:	project add" "Departments and people:	department list" \
    "Departments and people:	person add" "Indicators:	indicator record" \
    "Stand-ups, reports and the flow:	standup export" "Stand-ups, reports and the flow:	flow " \
    "Setting up and checking:	init "; do
    grep -qF "$want" groups || fail "top-level help: '$want' not in its group: $(cat groups)"
done
grep -qP '^Indicators:\tdepartment' groups && fail "department list is among the indicator commands"
[ "$(grep -c '^[A-Z][^:]*:$' out)" -ge 6 ] || fail "fewer than six groups: $(cat out)"
awk 'length > 79' out | grep -q . && fail "baton --help has a line over 79 columns: $(awk 'length > 79' out)"

# every command's --help ends with two or three examples
"$BATON" --help | awk '/^  [a-z]/ && !/^  -/ {print $1, $2}' |
    while read -r name verb; do
        case $verb in [a-z]*) ;; *) verb= ;; esac
        "$BATON" $name $verb --help >h 2>&1 || fail "baton $name $verb --help failed"
        awk '/^Examples:$/ {e=1; next} e && /^  baton / {n++} e && /^$/ {e=2} END {exit !(n >= 2 && n <= 3 && e == 1)}' h ||
            fail "baton $name $verb --help does not end with two or three examples: $(tail -8 h)"
        grep -v '^      ' h | awk 'length > 79 {bad=1} END {exit bad}' ||
            fail "baton $name $verb --help has a line over 79 columns: $(awk 'length > 79' h)"
    done || exit 1
run "$BATON" blocker --help
expect_out "Examples:"
expect_out "  baton blocker list --waiting-on FIN"

# the examples of the commands that act on the demo organisation run as
# written (those that create files or databases elsewhere are left out)
mkdir bin && ln -s "$BATON" bin/baton
BATON_DB=$T/demo.db "$BATON" demo >/dev/null || fail "demo"
"$BATON" blocker --help >/dev/null
n=0
for cmd in "blocker list" "blocker count" "blocker show" "blocker add" "blocker accept" "blocker start" \
    "blocker resolve" "blocker decline" "blocker duplicate" "blocker snooze" "blocker escalate" \
    "blocker edit" "blocker comment" "project list" "project add" "project edit" "project set" \
    "project show" "indicator list" "indicator show" "indicator record" "indicator add" \
    "indicator edit" "indicator set-target" "department list" "department add" "department edit" \
    "standup list" "report" "flow" "person list" "person add" "person edit" \
    "check" "whoami" "export" "blocker reopen" "objective list" "objective show" "objective add" \
    "objective edit" "objective link" "objective unlink" "objective checkin"; do
    "$BATON" $cmd --help | awk '/^Examples:$/ {e=1; next} e && /^  baton / {
            line = substr($0, 3); while (line ~ / \\$/) { getline more; sub(/ \\$/, "", line);
            sub(/^ +/, " ", more); line = line more } print line }' >examples
    while IFS= read -r ex; do
        case $ex in *" -o "* | *">"*) continue ;; esac
        cp demo.db try.db
        rm -f try.db-wal try.db-shm
        PATH=$T/bin:$PATH BATON_DB=$T/try.db bash -c "$ex" >/dev/null 2>err ||
            fail "the example '$ex' failed: $(cat err)"
        n=$((n + 1))
    done <examples
done
[ "$n" -ge 60 ] || fail "only $n examples ran"
echo "ok ($n examples ran)"
