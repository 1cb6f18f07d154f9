#!/bin/bash
# Adding and editing from the command line: blocker add, edit and comment,
# project add, edit and set, department add and edit, person add and edit;
# every verdict verb once more with its refusal (exit 2 bad input, 3
# denied, 4 conflict or a transition the state does not allow), audit rows
# written, stale versions refused with who changed what, blocker list
# filters. Usage: bash cli_edit.sh BATON
set -u
BATON=${1:?usage: bash cli_edit.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
source "$(dirname "$0")/lib-roles.sh"
trap 'clear_roles; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$BATON" --db t.db "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 t.db "$@" || fail "sqlite3 $*"; }
field() { q "select $2 from blocker where key='$1'"; }
events() { q "select count(*) from event where entity_key='$1' and action='$2'"; }

"$BATON" --db t.db init >/dev/null || fail init

# departments and people
run department add ENG --name Engineering --lead alice
expect_rc 0 "department add"
run department add FIN --name Finance --lead bob
expect_rc 0 "department add FIN"
run department add ENG --name Again
expect_rc 2 "department add twice"
run department add OPS
expect_rc 2 "department add without --name"
run department edit FIN --name "Finance and Legal"
expect_rc 0 "department edit"
[ "$(q "select name from department where key='FIN'")" = "Finance and Legal" ] || fail "department name"
[ "$(q "select count(*) from event where entity='department' and field='name'")" = 1 ] || fail "department audit"
run department edit FIN --name "Stale" --expect-version 1
expect_rc 4 "department edit at a stale version"
expect_err "changed by"
run department edit NOPE --name X
expect_rc 2 "department edit of an unknown key"
run department edit FIN
expect_rc 2 "department edit without a field"
expect_err "nothing to change"
run person add alice --name "Alice Martin" --dept ENG --title "Head of Engineering"
expect_rc 0 "person add"
run person add bob --name "Bob Stone" --dept FNI
expect_rc 2 "person add with an unknown department"
expect_err "no department 'FNI'"
run person add bob --name "Bob Stone" --dept FIN
expect_rc 0 "person add bob"
run person edit bob --title "CFO"
expect_rc 0 "person edit"
[ "$(q "select title from person where login='bob'")" = CFO ] || fail "person title"
run person edit bob --title "Stale" --expect-version 1
expect_rc 4 "person edit at a stale version"

# flags that name a field apart from its column: --order sets sort_order,
# --archived archived, --dept a person's department; each change is
# audited under the field's name and exported under its file key
run department add OPS --name Operations --order 5
expect_rc 0 "department add --order"
run department edit OPS --archived yes --order -2
expect_rc 0 "department edit --archived --order"
[ "$(q "select sort_order || ',' || archived from department where key='OPS'")" = "-2,1" ] ||
    fail "--order and --archived not written"
[ "$(q "select group_concat(field || ':' || old || '>' || new, ' ') from event
        where entity_key='OPS' and action='update'")" = "sort_order:5>-2 archived:no>yes" ] ||
    fail "audit rows of --order and --archived"
run department edit OPS --archived maybe
expect_rc 2 "department edit --archived maybe"
run export --format csv --only departments
expect_out "key,name,lead,sort,archived"
expect_out "OPS,Operations,,-2,true"
run person edit bob --dept FNI
expect_rc 2 "person edit with an unknown department"
expect_err "no department 'FNI' (--dept)"
run person edit bob --dept ''
expect_rc 0 "person edit --dept ''"
[ "$(q "select department_id is null from person where login='bob'")" = 1 ] || fail "--dept '' kept"
run person edit bob --dept FIN
expect_rc 0 "person edit --dept FIN"

# projects
run project add ENG-1 --title "New billing" --dept ENG --owner alice --status active --progress 40 --due 2026-12-15
expect_rc 0 "project add"
run project add FIN-1 --title "VAT rules" --dept FIN --status active
expect_rc 0 "project add FIN-1"
run project add ENG-2 --title "No department"
expect_rc 2 "project add without --dept"
run project add ENG-2 --title "Bad progress" --dept ENG --progress 140
expect_rc 2 "project add with progress out of range"
run project edit ENG-1 --depends-on FIN-1 --progress 50
expect_rc 0 "project edit with a dependency"
[ "$(q "select count(*) from project_dependency")" = 1 ] || fail "dependency not written"
[ "$(q "select progress from project where key='ENG-1'")" = 50 ] || fail "progress not written"
run project edit FIN-1 --depends-on ENG-1
expect_rc 4 "a dependency cycle"
[ "$(q "select count(*) from project_dependency")" = 1 ] || fail "a refused cycle left a row"
run project edit ENG-1 --depends-on NOPE-9
expect_rc 2 "a dependency on an unknown project"
run project set ENG-1 status on_hold
expect_rc 0 "project set status"
[ "$(q "select status from project where key='ENG-1'")" = on_hold ] || fail "status not set"
run project set ENG-1 progress 101
expect_rc 2 "project set progress out of range"
run project set ENG-1 colour red
expect_rc 2 "project set of an unknown field"
run project set ENG-1 due 2026-02-30
expect_rc 2 "project set of an impossible date"
v=$(q "select version from project where key='ENG-1'")
run project edit ENG-1 --title "Stale" --expect-version $((v - 1))
expect_rc 4 "project edit at a stale version"

# blockers: add, edit, comment and each verdict with its refusal
run blocker add --project ENG-1 --title "Waiting for the VAT rules"
expect_rc 0 "blocker add"
B1=$(cat out)
run blocker add --project ENG-1 --title "VAT rules again" --severity 2 --waiting-on FIN
expect_rc 0 "blocker add with triage fields"
B2=$(cat out)
run blocker add --project NOPE --title "x"
expect_rc 2 "blocker add on an unknown project"
run blocker edit "$B1" --title "Waiting for the Norwegian VAT rules" --owner bob
expect_rc 0 "blocker edit"
[ "$(field "$B1" title)" = "Waiting for the Norwegian VAT rules" ] || fail "title not edited"
[ "$(q "select count(*) from event where entity_key='$B1' and action='update' and field='title'")" = 1 ] || fail "edit audit"
run blocker edit "$B1" --waiting-on NOPE
expect_rc 2 "blocker edit with an unknown department"
run blocker edit "$B1" --title x --expect-version 1
expect_rc 4 "blocker edit at a stale version"
expect_err "changed by"
run blocker comment "$B1" "Finance expects them next week"
expect_rc 0 "comment"
[ "$(events "$B1" comment)" = 1 ] || fail "comment not in the audit log"
run blocker comment "$B1" ""
expect_rc 2 "empty comment"
run blocker accept "$B1"
expect_rc 2 "accept without severity and waiting-on"
run blocker accept "$B1" --severity 2 --waiting-on FIN
expect_rc 0 "accept"
[ "$(events "$B1" accept)" = 1 ] || fail "accept audit"
run blocker start "$B1"
expect_rc 0 "start"
run blocker start "$B1"
expect_rc 4 "start twice"
run blocker escalate "$B1"
expect_rc 0 "escalate"
expect_out "bob"
[ "$(field "$B1" escalation_level)" = 1 ] || fail "escalation level"
run blocker resolve "$B1" --note "rules arrived"
expect_rc 0 "resolve"
run blocker escalate "$B1"
expect_rc 4 "escalate a resolved blocker"
run blocker reopen "$B1"
expect_rc 0 "reopen"
[ "$(field "$B1" state)" = new ] || fail "reopen: $(field "$B1" state)"
run blocker decline "$B1"
expect_rc 2 "decline without a reason"
run blocker decline "$B1" --reason "not ours"
expect_rc 0 "decline"
run blocker accept "$B1" --severity 2 --waiting-on FIN
expect_rc 4 "accept a declined blocker"
expect_err "reopen it first"
run blocker reopen "$B1"
expect_rc 0 "reopen a declined blocker"
[ "$(field "$B1" state)" = new ] || fail "reopen after decline"
run blocker duplicate "$B1" --of "$B1" --reason same
expect_rc 2 "duplicate of itself"
run blocker duplicate "$B1" --of "$B2" --reason "same VAT question"
expect_rc 0 "duplicate"
[ "$(q "select o.key from blocker b join blocker o on o.id=b.duplicate_of where b.key='$B1'")" = "$B2" ] || fail "duplicate_of"
run blocker reopen "$B1"
expect_rc 0 "reopen a duplicate"
run blocker snooze "$B1" --until 2026-11-01 --reason later
expect_rc 2 "snooze into the past"
run blocker snooze "$B1" --until 2026-12-01 --reason "after the audit"
expect_rc 0 "snooze"
run blocker snooze "$B1" --until 2026-12-02 --reason again
expect_rc 4 "snooze a snoozed blocker"

# list filters
run blocker list --state snoozed --format csv
expect_rc 0 "list --state"
expect_out "$B1"
run blocker list --waiting-on FIN --format csv
expect_out "$B2"
run blocker list --severity 2 --format csv
expect_out "$B2"
run blocker list --dept FIN --format csv
expect_out "$B2"
BATON_NOW=2026-12-05T09:00:00Z run blocker list --breached --format csv
expect_out "$B2"
run blocker list --breached --format csv
grep -qF "$B2" out && fail "$B2 listed as breached before its SLA ran out"

# rights (from the system configuration, see lib-roles.sh): a viewer is
# refused with exit 3 and nothing written
if roles_try; then
    set_roles "$(printf 'access:\n  default: viewer\n  admins: [root]\n  leads: {FIN: [bob]}\n')"
    BATON=$SYSBATON
    n=$(q "select count(*) from event")
    run --as carol blocker edit "$B2" --title "mine now"
    expect_rc 3 "a viewer edits a blocker"
    run --as carol blocker comment "$B2" "hello"
    expect_rc 3 "a viewer comments"
    run --as carol project set ENG-1 progress 90
    expect_rc 3 "a viewer sets a project field"
    run --as bob department add OPS --name Operations
    expect_rc 3 "a lead adds a department"
    run --as carol person edit bob --title Boss
    expect_rc 3 "a viewer edits a person"
    [ "$(q "select count(*) from event")" = "$n" ] || fail "refused edits wrote audit rows"
    run --as bob blocker edit "$B2" --owner bob
    expect_rc 0 "the waiting-on lead edits"
else
    echo "roles not tried: $ROLES_WHY"
fi
echo ok
