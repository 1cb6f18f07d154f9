#!/bin/bash
# Triage and readings from the command line: verdicts move blockers through
# the transition table (exit 4 when the state does not allow it), stale
# versions are refused, roles from the configuration are obeyed (exit 3),
# and readings land on their indicator. Usage: bash cli_triage.sh BATON
set -u
BATON=${1:?usage: bash cli_triage.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
source "$(dirname "$0")/lib-roles.sh"
trap 'clear_roles; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }
state() { q t.db "select state from blocker where key='$1'"; }

cat >org.yaml <<'YAML'
organisation: Test Org
departments:
  - {key: ENG, name: Engineering, lead: alice}
  - {key: FIN, name: Finance, lead: bob}
people:
  - {login: alice, name: Alice Martin, department: ENG}
  - {login: bob, name: Bob Stone, department: FIN}
projects:
  - {key: ENG-1, title: New billing, department: ENG, owner: alice, status: active}
blockers:
  - {key: B-1, project: ENG-1, title: Waiting for the VAT rules, state: new, raised_by: alice}
  - {key: B-2, project: ENG-1, title: Same thing again, state: new, raised_by: alice}
indicators:
  - {key: churn, name: Monthly churn, department: FIN, unit: '%', direction: down, target: 2, amber: 3, red: 5}
YAML
"$BATON" --db t.db import org.yaml >/dev/null || fail "import"

run "$BATON" --db t.db blocker accept B-1
expect_rc 2 "accept without severity and waiting-on"
[ "$(state B-1)" = new ] || fail "refused accept changed the state"
run "$BATON" --db t.db blocker accept B-1 --severity 2 --waiting-on FIN
expect_rc 0 "accept"
expect_out "B-1: accepted"
[ "$(state B-1)" = accepted ] || fail "accept: state $(state B-1)"
run "$BATON" --db t.db blocker accept B-1 --severity 2 --waiting-on FIN
expect_rc 4 "accept twice"
expect_err "B-1 is accepted"
run "$BATON" --db t.db blocker decline B-2
expect_rc 2 "decline without a reason"
expect_err "needs --reason TEXT"
run "$BATON" --db t.db blocker duplicate B-2 --of B-1 --reason "same VAT question"
expect_rc 0 "duplicate"
[ "$(state B-2)" = duplicate ] || fail "duplicate: state $(state B-2)"
run "$BATON" --db t.db blocker reopen B-2
expect_rc 0 "reopen"
# a duplicate and a snooze take an optional reason
run "$BATON" --db t.db blocker duplicate B-2 --of B-1
expect_rc 0 "duplicate without a reason"
[ "$(state B-2)" = duplicate ] || fail "duplicate without a reason: state $(state B-2)"
[ "$(q t.db "select count(*) from event where entity_key='B-2' and action='duplicate'")" = 2 ] ||
    fail "duplicate without a reason: no audit row"
run "$BATON" --db t.db blocker reopen B-2
expect_rc 0 "reopen"
run "$BATON" --db t.db blocker snooze B-2 --until 2026-12-01
expect_rc 0 "snooze without a reason"
[ "$(state B-2)" = snoozed ] || fail "snooze without a reason: state $(state B-2)"
run "$BATON" --db t.db blocker comment B-2 "wake up"
expect_rc 0 "comment wakes"
run "$BATON" --db t.db blocker snooze B-2 --until 2026-13-01 --reason later
expect_rc 2 "snooze with a bad date"
run "$BATON" --db t.db blocker snooze B-2 --until 2026-12-01 --reason "after the audit"
expect_rc 0 "snooze"
[ "$(q t.db "select snoozed_until from blocker where key='B-2'")" = 2026-12-01T00:00:00Z ] ||
    fail "snoozed_until: $(q t.db "select snoozed_until from blocker where key='B-2'")"

# A stale version is a conflict and changes nothing.
v=$(q t.db "select version from blocker where key='B-1'")
run "$BATON" --db t.db blocker start B-1 --expect-version $((v - 1))
expect_rc 4 "stale version"
[ "$(state B-1)" = accepted ] || fail "stale start changed the state"
run "$BATON" --db t.db blocker start B-1 --expect-version "$v"
expect_rc 0 "start at the current version"
run "$BATON" --db t.db blocker escalate B-1
expect_rc 0 "escalate"
expect_out "level 1"
run "$BATON" --db t.db blocker resolve B-1 --note "rules arrived"
expect_rc 0 "resolve"
[ "$(state B-1)" = resolved ] || fail "resolve: state $(state B-1)"
[ "$(q t.db "select count(*) from event where entity_key='B-1' or entity_id=(select id from blocker where key='B-1')")" -ge 4 ] ||
    fail "verdicts wrote no audit rows"

# Readings.
run "$BATON" --db t.db indicator record churn 3.5 --at 2026-11-01 --note "October"
expect_rc 0 "record"
expect_out "churn: 3.5% (amber)"
run "$BATON" --db t.db indicator record churn lots
expect_rc 2 "record a non-number"
run "$BATON" --db t.db indicator list --format csv
expect_out "churn,Monthly churn,FIN,3.5,%,2,amber,false"

# Roles come from the system configuration (see lib-roles.sh): a viewer
# may read but not change.
if roles_try; then
    set_roles "$(printf 'access:\n  default: viewer\n  admins: [root]\n  leads: {FIN: [bob]}\n')"
    BATON=$SYSBATON
    run "$BATON" --db t.db --as carol blocker list --state all
    expect_rc 0 "a viewer reads"
    run "$BATON" --db t.db --as carol blocker add --project ENG-1 --title "not mine to raise"
    expect_rc 3 "a viewer raises a blocker"
    expect_err "permission denied: raising a blocker on ENG-1 needs the member role"
    run "$BATON" --db t.db --as carol indicator record churn 1
    expect_rc 3 "a viewer records a reading"
    run "$BATON" --db t.db --as carol import org.yaml
    expect_rc 3 "a viewer imports"
    run "$BATON" --db t.db --as bob blocker reopen B-1
    expect_rc 0 "the waiting-on department's lead triages"
    run "$BATON" --db t.db --as bob whoami
    expect_out "lead"
    expect_out "FIN"
    [ "$(q t.db "select actor from event order by id desc limit 1")" = bob ] || fail "--as did not record bob"
else
    echo "roles not tried: $ROLES_WHY"
fi

echo "ok"
