#!/bin/bash
# What a new user met on the command line, each pinned down: snoozed
# blockers wake when their time comes (and run no SLA clock while asleep),
# readings from the future are refused and `record` reports the status of
# the value it recorded, a BATON_NOW that is no time is refused, people are
# listed, owners must be people of the organisation, import refuses bad input with
# exit 2 and leaves no empty database behind, exports name columns as the
# organisation file does, and the demo's history carries its own times.
# Usage: bash cli_fixes.sh BATON
set -u
BATON=${1:?usage: bash cli_fixes.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 900 out)"; }
no_out() { ! grep -qF -- "$1" out || fail "expected stdout without '$1', saw: $(head -c 900 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }
b() { "$BATON" --db t.db "$@"; }

cat >org.yaml <<'YAML'
organisation: Test Org
departments:
  - {key: ENG, name: Engineering, lead: alice}
  - {key: FIN, name: Finance, lead: fred}
people:
  - {login: alice, name: Alice Martin, department: ENG, title: Head of Engineering}
  - {login: bob, name: Bob Stone, department: ENG}
  - {login: fred, name: Fred Berg, department: FIN, title: CFO}
projects:
  - {key: ENG-1, title: New billing, department: ENG, owner: alice, status: active}
indicators:
  - {key: churn, name: Monthly churn, department: FIN, unit: '%', direction: down,
     target: 2, amber: 3, red: 5}
YAML
run b import org.yaml
expect_rc 0 "import"

# ---- 1. snoozed blockers wake, and run no SLA clock while asleep ----
run b blocker add --project ENG-1 --title "Waiting for the VAT rules" --severity 1
expect_rc 0 "add"
key=$(cat out)
run b blocker add --project ENG-1 --title "Printer on fire" --severity 1
other=$(cat out)
run b blocker snooze "$key" --until 2026-12-01 --reason later
expect_rc 0 "snooze"
# Asleep past its SLA: neither breached nor first in urgency.
BATON_NOW=2026-11-30T00:00:00Z b blocker list --breached --format csv >out || fail "breached list"
expect_out "$other"
no_out "$key,"
BATON_NOW=2026-11-30T00:00:00Z b blocker show "$key" --format json >out || fail "show asleep"
expect_out '"breached":false'
# A read-only copy can still be read; nothing wakes there (root may write
# whatever the mode says).
if [ "$(id -u)" != 0 ]; then
    cp t.db ro.db && chmod a-w ro.db
    BATON_NOW=2026-12-20T00:00:00Z "$BATON" --db ro.db blocker list --state snoozed >out 2>err
    rc=$?
    expect_rc 0 "listing a read-only database"
    expect_out "$key"
fi
# Its time has come: any blocker command wakes it, audited, clock restarted.
BATON_NOW=2026-12-20T00:00:00Z b blocker list --state snoozed >out 2>err || fail "list snoozed"
no_out "$key"
[ "$(q t.db "select state from blocker where key='$key'")" = new ] || fail "$key did not wake"
[ "$(q t.db "select count(*) from event where entity_key='$key' and action='wake'")" = 1 ] ||
    fail "the wake-up is not audited"
BATON_NOW=2026-12-20T00:00:00Z b blocker show "$key" --format json >out || fail "show woken"
expect_out '"breached":false'
expect_out '"sla_due":"2026-12-20T04:00:00Z"'

# ---- 2. readings from the future; record reports the reading's status ----
run b indicator record churn 1 --at 2030-01-01
expect_rc 2 "a reading years ahead"
expect_err "is in the future; readings record what happened"
[ "$(q t.db "select count(*) from reading")" = 0 ] || fail "a refused reading was kept"
run b indicator record churn 1 --at 2026-11-20
expect_rc 0 "a reading last week"
expect_out "churn: 1% (green)"
run b indicator record churn 9 --at 2026-11-10
expect_rc 0 "an older, bad reading"
expect_out "churn: 9% (red)"
printf 'key,at,value\nchurn,2026-11-01,2\nchurn,2031-01-01,1\n' >future.csv
run b indicator import future.csv
expect_rc 2 "an import with a reading from the future"
expect_err "future.csv:3"
expect_err "is in the future"

# ---- 3. import: a dependency cycle is bad input; no empty database left ----
cat >cycle.yaml <<'YAML'
organisation: Cycle
departments:
  - {key: ENG, name: Engineering}
projects:
  - {key: ENG-1, title: A, department: ENG, depends_on: [ENG-2]}
  - {key: ENG-2, title: B, department: ENG, depends_on: [ENG-1]}
YAML
run "$BATON" --db new.db import cycle.yaml
expect_rc 2 "an import with a dependency cycle"
grep -qE 'cycle\.yaml:[56]:58: project ENG-[12]: ' err || fail "expected FILE:LINE:COL, saw: $(cat err)"
expect_err "would be a dependency cycle"
for f in new.db new.db-wal new.db-shm; do
    [ ! -e "$f" ] || fail "a failed import left $f behind"
done
# Into a database that existed, a failed import keeps it (and changes nothing).
before=$(q t.db "select count(*) from project")
run b import cycle.yaml
expect_rc 2 "a cycle into an existing database"
[ -e t.db ] || fail "a failed import removed a database it did not create"
[ "$(q t.db "select count(*) from project")" = "$before" ] || fail "a failed import wrote"
run "$BATON" --db new.db import nosuchfile.yaml
[ "$rc" != 0 ] || fail "importing a missing file succeeded"
[ ! -e new.db ] || fail "a failed import left new.db behind"

# ---- 5. owners are people of the organisation; blocker keys are B-<number> ----
n_before=$(q t.db "select count(*) from blocker")
run b blocker add --project ENG-1 --title "Needs a signature" --owner nobody
expect_rc 2 "an owner who is not a person"
expect_err "no person 'nobody' in the organisation"
[ "$(wc -l <err)" = 1 ] || fail "more than one line of refusal: $(cat err)"
[ "$(q t.db "select count(*) from blocker")" = "$n_before" ] || fail "a refused owner raised a blocker"
run b blocker add --project ENG-1 --title "Needs a signature" --owner alice
expect_rc 0 "an owner who is a person"
signed=$(cat out)
run b blocker escalate "$signed" --to alicee
expect_rc 2 "escalating to someone who is not a person"
expect_err "cannot escalate $signed to alicee: no such person in the organisation (did you mean alice?)"
[ "$(q t.db "select escalation_level from blocker where key = '$signed'")" = 0 ] ||
    fail "a refused escalation raised the level"
run b blocker escalate "$signed" --to alice
expect_rc 0 "escalating to a registered person"
[ ! -s err ] || fail "a warning for a registered person: $(cat err)"
cat >badkey.yaml <<'YAML'
organisation: Test Org
departments:
  - {key: ENG, name: Engineering, lead: alice}
projects:
  - {key: ENG-1, title: New billing, department: ENG}
blockers:
  - {key: X-9, project: ENG-1, title: Not a blocker key}
YAML
run b import badkey.yaml
expect_rc 2 "a blocker key that is not B-<number>"
expect_err "badkey.yaml:7:11:"
expect_err "'X-9' is not B-<number>"
[ "$(q t.db "select count(*) from blocker where key='X-9'")" = 0 ] || fail "X-9 was imported"

# ---- 7. exports name columns as the organisation file does ----
run b export --format csv
expect_rc 0 "export csv"
expect_out "key,name,lead,sort,archived"
run b export --format json
expect_out '{"key":"ENG","name":"Engineering","lead":"alice","sort":0,"archived":false}'

# ---- 4. a frozen clock that is no time ----
BATON_NOW=garbage "$BATON" --db t.db blocker list >out 2>err
rc=$?
expect_rc 2 "BATON_NOW=garbage"
expect_err "BATON_NOW 'garbage' is not an ISO-8601 time"
BATON_NOW=garbage "$BATON" --db t.db </dev/null >out 2>err
rc=$?
expect_rc 2 "the cockpit with BATON_NOW=garbage"
expect_err "BATON_NOW 'garbage' is not an ISO-8601 time"

# ---- 6. person list ----
run b person list --format json
expect_rc 0 "person list"
expect_out '{"login":"alice","name":"Alice Martin","title":"Head of Engineering","department":"ENG"}'
expect_out '"login":"fred"'
run b person list --dept ENG --format csv
expect_rc 0 "person list --dept"
expect_out "login,name,title,department"
expect_out "bob,Bob Stone,,ENG"
no_out "fred"
run b person list --dept NOPE
expect_rc 2 "person list of an unknown department"

# ---- 7. indicator show lists readings newest first ----
run b indicator show churn --format json
expect_rc 0 "indicator show"
expect_out '"readings":[{"at":"2026-11-20T00:00:00Z","value":1'

# ---- 8. the demo's history carries its own times and people ----
run "$BATON" --db demo.db demo
expect_rc 0 "demo"
run "$BATON" --db demo.db blocker show B-3 --format json
expect_rc 0 "show B-3"
expect_out '"raised_at":"2026-10-22T07:55:00Z"'
expect_out '{"at":"2026-10-22T07:55:00Z","actor":"bdubois","action":"create"'
no_out '"at":"2026-11-26T09:00:00Z"'
[ "$(q demo.db "select count(*) from event where at >= '2026-11-25'")" -lt 20 ] ||
    fail "the demo's load floods the last day: $(q demo.db "select count(*) from event where at >= '2026-11-25'") rows"

echo "ok: cli_fixes"
