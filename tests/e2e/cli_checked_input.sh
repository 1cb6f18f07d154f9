#!/bin/bash
# Input is checked where it enters, the same rule for every path: owners
# and escalation targets are people of the organisation (the nearest login
# is named), a project is never due before it starts, and a number typed
# with a comma says that a dot is wanted. Each refusal is one line, exit 2,
# and writes nothing. A key typed in another case than stored is taken for
# the one key it matches ("b-3" is B-3), and a new key that differs from
# another only in case is refused.
# Usage: bash cli_checked_input.sh BATON
. "$(dirname "$0")/lib-cli.sh"

q() { sqlite3 d.db "$@" || fail "sqlite3 $*"; }
b() { "$BATON" --db d.db "$@"; }
events() { q "select count(*) from event"; }
# refused LABEL WANT ARGS...: exit 2, one line naming WANT, nothing written
refused() {
    local label=$1 want=$2 before
    shift 2
    before=$(events)
    run b "$@"
    expect_rc 2 "$label"
    expect_err "$want"
    [ "$(wc -l <err)" = 1 ] || fail "$label: the refusal is not one line: $(cat err)"
    [ "$(events)" = "$before" ] || fail "$label: the refusal wrote to the audit log"
}

b demo >/dev/null || fail "demo"

# ---- owners and escalation targets are people ----
refused "blocker edit --owner nobody" "no person 'nobody' in the organisation" \
    blocker edit B-3 --owner nobody
refused "blocker edit --owner with a typo" "no person 'pferiera'; did you mean pferreira?" \
    blocker edit B-3 --owner pferiera
[ "$(q "select owner from blocker where key = 'B-3'")" = pferreira ] || fail "a refused owner was stored"
refused "blocker add --owner" "no person 'nobody'" \
    blocker add --project OPS-1 --title "Needs a signature" --owner nobody
refused "blocker accept --owner" "no person 'amartn'; did you mean amartin?" \
    blocker accept B-26 --severity 2 --waiting-on LEGAL --owner amartn
refused "blocker escalate --to" "no such person in the organisation (did you mean amartin?)" \
    blocker escalate B-3 --to amartn
refused "project add --owner" "no person 'nobody'" \
    project add ENG-99 --title "Owned by no one" --dept ENG --owner nobody
refused "project set owner" "no person 'amartn'; did you mean amartin?" \
    project set ENG-1 owner amartn
refused "indicator add --owner" "no person 'nobody'" \
    indicator add nps2 --name "Net promoter score" --owner nobody
run b blocker edit B-3 --owner amartin
expect_rc 0 "an owner who is a person"
[ "$(q "select owner from blocker where key = 'B-3'")" = amartin ] || fail "the new owner was not stored"
# an owner set before the rule stays while other fields change
q "update blocker set owner = 'ghost' where key = 'B-5'"
run b blocker edit B-5 --title "Agency wants a higher rate"
expect_rc 0 "an edit that leaves an old owner alone"

# the organisation file obeys the same rule, at the item's line
cat >bad-owner.yaml <<'YAML'
organisation: Acme
blockers:
  - {key: B-900, project: OPS-1, title: From a file, state: new, owner: pferiera}
YAML
refused "import with an owner who is no person" "no person 'pferiera'; did you mean pferreira?" \
    import bad-owner.yaml
expect_err "bad-owner.yaml:3:"

# ---- a project is never due before it starts ----
refused "project add due before start" \
    "project ENG-98 due 2026-12-01 is before its start 2026-12-10; move one of them" \
    project add ENG-98 --title "Backwards" --dept ENG --start 2026-12-10 --due 2026-12-01
start=$(q "select start from project where key = 'ENG-1'")
[ -n "$start" ] || fail "the demo's ENG-1 has no start"
refused "project edit due before start" "is before its start $start" \
    project edit ENG-1 --due 2020-01-01
refused "project set start after due" "is before its start 2099-01-01" \
    project set ENG-1 start 2099-01-01
# in a file, at the project's line, naming the project once
cat >backwards.yaml <<'YAML'
organisation: Acme
projects:
  - {key: ENG-97, department: ENG, title: Backwards, start: 2026-12-10, due: 2026-12-01}
YAML
refused "import of a project due before its start" \
    "backwards.yaml:3:5: project ENG-97 due 2026-12-01 is before its start 2026-12-10; move one of them" \
    import backwards.yaml
run b project add ENG-98 --title "Same day" --dept ENG --start 2026-12-10 --due 2026-12-10
expect_rc 0 "due on the day it starts"

# ---- numbers say which separator they want ----
refused "a reading with a decimal comma" "not a number: 19,5 (use a dot: 19.5)" \
    indicator record revenue 19,5
refused "a target with thousands separators" "--target: not a number: 1,200.5 (no thousands separators: 1200.5)" \
    indicator edit revenue --target 1,200.5
printf 'key,at,value\nrevenue,2026-11-20,"41,5"\n' >r.csv
refused "a readings file with a decimal comma" "r.csv:2: value of revenue: not a number: 41,5 (use a dot: 41.5)" \
    indicator import r.csv
run b indicator record revenue 19.5
expect_rc 0 "a reading with a dot"
# ---- keys regardless of case ----
run b blocker show b-3
expect_rc 0 "blocker show b-3"
expect_out "key:"
head -1 out | grep -q 'B-3$' || fail "b-3 did not show B-3: $(head -1 out)"
run b blocker list --waiting-on legal --project ops-1 --format csv
expect_rc 0 "a department and a project typed in lower case"
expect_out "B-3,"
run b blocker duplicate b-28 --of b-26 --reason "same broker"
expect_rc 0 "a verdict on keys typed in lower case"
[ "$(q "select d.key from blocker b join blocker d on d.id = b.duplicate_of where b.key = 'B-28'")" = B-26 ] ||
    fail "the duplicate does not name B-26"
run b project edit eng-1 --depends-on ops-1,OPS-2
expect_rc 0 "project edit with keys in another case"
[ "$(q "select count(*) from project_dependency pd join project p on p.id = pd.project_id where p.key = 'ENG-1'")" -ge 2 ] ||
    fail "the dependencies typed in lower case were not stored"
run b indicator record REVENUE 5.1e6
expect_rc 0 "an indicator key typed in upper case"
run b blocker show b-999
expect_rc 2 "a key that matches nothing in any case"
refused "a project key that differs only in case" \
    "project key ops-1 differs only in case from the existing project OPS-1; use OPS-1, or a key of its own" \
    project add ops-1 --title "Twin" --dept OPS
refused "a department key that differs only in case" "differs only in case from the existing department ENG" \
    department add eng --name "Engineering again"
refused "an indicator key that differs only in case" "differs only in case from the existing indicator revenue" \
    indicator add Revenue --name "Revenue again"
cat >twin.yaml <<'YAML'
organisation: Acme
projects:
  - {key: ops-1, title: A twin, department: OPS}
YAML
refused "an imported project key that differs only in case" \
    "project key ops-1 differs only in case from the existing project OPS-1" import twin.yaml
echo "ok"
