#!/bin/bash
# Who may change objectives, from the command line: the lead of OPS edits
# OPS's objectives and records check-ins on them, and is refused (exit 3,
# one line naming the role needed, the database unchanged) on another
# department's objective and on a company objective, which are an admin's;
# a member checks in on an objective they own and on no other; a viewer
# reads. The system configuration's access section names the current
# login in each role in turn (lib-roles.sh). Usage: bash
# cli_objectives_rights.sh BATON
export BATON_NOW=2027-02-15T09:00:00Z
source "$(dirname "$0")/lib-cli.sh"
source "$E2E_DIR/lib-roles.sh"
roles_init
BATON=$SYSBATON
trap 'clear_roles; rm -rf "$T"' EXIT
dump() { sqlite3 "$1" .dump | md5sum; }

ME=$(id -un)
cat >org.yaml <<YAML
departments:
  - {key: ENG, name: Engineering}
  - {key: OPS, name: Operations}
people:
  - {login: $ME, name: Me}
  - {login: other, name: Someone Else}
projects:
  - {key: OPS-1, title: Warehouse, department: OPS, status: active, progress: 40}
objectives:
  - {key: CO, title: Deliver on time, period: 2027}
  - {key: OPS-O, title: Open Rotterdam, period: 2027-H1, department: OPS, parent: CO, owner: $ME}
  - {key: ENG-O, title: Tracking API, period: 2027-H1, department: ENG, parent: CO, owner: other}
YAML
clear_roles
"$BATON" --db m.db import org.yaml >/dev/null 2>&1 || fail "importing the fixture"

# refused WHAT ROLE-NEEDED ARGS...: exit 3, one line, nothing written
refused() {
    local what=$1 need=$2
    shift 2
    local before
    before=$(dump m.db)
    run "$BATON" --db m.db "$@"
    expect_rc 3 "$what"
    expect_err "permission denied"
    expect_err "$need"
    [ "$(wc -l <err)" = 1 ] || fail "$what: more than one line: $(cat err)"
    [ "$(dump m.db)" = "$before" ] || fail "$what: the database changed"
}
allowed() {
    local what=$1
    shift
    run "$BATON" --db m.db "$@"
    expect_rc 0 "$what"
}

set_roles "$(printf 'access:\n  default: viewer\n  leads: {OPS: [%s]}\n' "$ME")"
allowed "a lead edits their department's objective" objective edit OPS-O --title "Open the Rotterdam cross-dock"
allowed "a lead links a key result" objective link OPS-O --project OPS-1
allowed "a lead checks in" objective checkin OPS-O --confidence 6
refused "a lead edits another department's objective" "lead of ENG" objective edit ENG-O --title Mine
refused "a lead checks in on another department's objective" "lead of ENG" objective checkin ENG-O --confidence 3
refused "a lead edits a company objective" "an admin" objective edit CO --title Ours
refused "a lead adds a company objective" "an admin" objective add CO-2 --title x --period 2027
refused "a lead moves an objective to their department" "lead of ENG" objective edit ENG-O --dept OPS
allowed "a lead adds their department's objective" objective add OPS-P --title Peak --period 2027-Q4 --dept OPS --parent CO

set_roles "$(printf 'access:\n  default: viewer\n  members: [%s]\n' "$ME")"
allowed "a member checks in on what they own" objective checkin OPS-O --confidence 4 --note "Broker missing"
refused "a member checks in on what they do not own" "lead of ENG" objective checkin ENG-O --confidence 8
refused "a member edits what they own" "lead of OPS" objective edit OPS-O --title x

set_roles "$(printf 'access:\n  default: viewer\n')"
refused "a viewer checks in" "permission denied" objective checkin OPS-O --confidence 9
allowed "a viewer reads" objective show OPS-O
grep -q "^confidence:    4$" out || fail "the member's check-in: $(cat out)"

set_roles "$(printf 'access:\n  default: viewer\n  admins: [%s]\n' "$ME")"
allowed "an admin edits a company objective" objective edit CO --title "Deliver every order on time"
echo ok
