#!/bin/bash
# Input is checked where it enters, the same rule for every path: owners
# and escalation targets are people of the organisation (the nearest login
# is named), a project is never due before it starts, and a number typed
# with a comma says that a dot is wanted. Each refusal is one line, exit 2,
# and writes nothing.
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
    "project ENG-98 would be due on 2026-12-01, before it starts on 2026-12-10" \
    project add ENG-98 --title "Backwards" --dept ENG --start 2026-12-10 --due 2026-12-01
start=$(q "select start from project where key = 'ENG-1'")
[ -n "$start" ] || fail "the demo's ENG-1 has no start"
refused "project edit due before start" "before it starts on $start" \
    project edit ENG-1 --due 2020-01-01
refused "project set start after due" "before it starts on 2099-01-01" \
    project set ENG-1 start 2099-01-01
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
echo "ok"
