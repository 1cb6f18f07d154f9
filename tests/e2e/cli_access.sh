#!/bin/bash
# Roles through the command line: every verb run by a viewer, a member, the
# lead of the project's department, the lead of the department a blocker
# waits on, the lead of another department and an admin (the system
# configuration's access section names the current login in each role in
# turn). Each run is allowed (exit 0) or refused with exit 3, a one-line
# message naming the role needed, and the database byte-for-byte unchanged.
# Also: groups give roles, no access section means admin, --as is root's
# only, whoami, a database the user may only read, and roles from anywhere
# but the trusted system configuration refused (a root-owned file named
# with --config, a link to one, a file swapped while baton reads it, a
# system file or folder others may write). Runs as root (lib-roles.sh).
# Usage: bash cli_access.sh BATON
set -u
PLAIN_BATON=${1:?usage: bash cli_access.sh /path/to/baton}
source "$(dirname "$0")/lib-roles.sh"
roles_init
BATON=$SYSBATON
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'clear_roles; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "$3expected stderr to contain '$1', saw: $(cat err)"; }
expect_out() { grep -qF -- "$1" out || fail "expected stdout to contain '$1', saw: $(head -c 600 out)"; }
q() { sqlite3 "$@" || fail "sqlite3 $*"; }
# Everything the database holds, as text: equal dumps mean nothing written.
dump() { sqlite3 "$1" .dump | md5sum; }

ME=$(id -un)
GROUP=$(id -gn)

cat >org.yaml <<'YAML'
organisation: Access Org
departments:
  - {key: ENG, name: Engineering}
  - {key: FIN, name: Finance}
  - {key: OPS, name: Operations}
people:
  - {login: ceo, name: Chief Executive, department: ENG}
projects:
  - {key: ENG-1, title: New billing, department: ENG, status: active}
  - {key: OPS-1, title: Warehouse, department: OPS, status: active}
blockers:
  - {key: B-1, project: ENG-1, title: VAT rules, state: new, waiting_on: FIN, raised_by: x}
  - {key: B-2, project: ENG-1, title: Ledger access, state: accepted, severity: 2, waiting_on: FIN, raised_by: x}
  - {key: B-3, project: ENG-1, title: Old thing, state: resolved, waiting_on: FIN, raised_by: x}
indicators:
  - {key: churn, name: Monthly churn, department: FIN, unit: '%', direction: down, target: 2}
YAML
cat >org2.yaml <<'YAML'
departments:
  - {key: HR, name: People}
YAML
"$BATON" --db template.db import org.yaml >/dev/null 2>&1 || fail "importing the fixture"

# One configuration per role, each naming the current login.
mkdir -p cfg
role_cfg() {
    case $1 in
    viewer) printf 'access:\n  default: member\n  viewers: [%s]\n' "$ME" ;;
    member) printf 'access:\n  default: viewer\n  members: [%s]\n' "$ME" ;;
    lead_eng) printf 'access:\n  default: viewer\n  leads: {ENG: [%s]}\n' "$ME" ;;
    lead_fin) printf 'access:\n  default: viewer\n  leads: {FIN: [%s]}\n' "$ME" ;;
    lead_ops) printf 'access:\n  default: viewer\n  leads: {OPS: [%s]}\n' "$ME" ;;
    admin) printf 'access:\n  default: viewer\n  admins: [%s]\n' "$ME" ;;
    esac
}
ROLES="viewer member lead_eng lead_fin lead_ops admin"
for r in $ROLES; do role_cfg "$r" >"cfg/$r.yaml"; done
# as_role NAME: the system configuration becomes cfg/NAME.yaml
as_role() { set_roles "$(cat "cfg/$1.yaml")"; }

# verb name | who may | the command line after "baton --db DB"
MATRIX=$(cat <<'EOF'
blocker add|member lead_eng lead_fin lead_ops admin|blocker add --project ENG-1 --title Newproblem
blocker add on another department|member lead_eng lead_fin lead_ops admin|blocker add --project OPS-1 --title Forklift --waiting-on ENG
blocker accept|lead_eng lead_fin admin|blocker accept B-1 --severity 2 --waiting-on FIN
blocker start|lead_eng lead_fin admin|blocker start B-2
blocker resolve|lead_eng lead_fin admin|blocker resolve B-1 --note fixed
blocker decline|lead_eng lead_fin admin|blocker decline B-1 --reason notours
blocker duplicate|lead_eng lead_fin admin|blocker duplicate B-1 --of B-2 --reason same
blocker snooze|lead_eng lead_fin admin|blocker snooze B-1 --until 2026-12-01 --reason later
blocker reopen|lead_eng lead_fin admin|blocker reopen B-3
blocker escalate|lead_eng lead_fin admin|blocker escalate B-1 --to ceo
indicator record|member lead_eng lead_fin lead_ops admin|indicator record churn 2.5
import|admin|import org2.yaml
blocker list|viewer member lead_eng lead_fin lead_ops admin|blocker list --state all
blocker show|viewer member lead_eng lead_fin lead_ops admin|blocker show B-1
project list|viewer member lead_eng lead_fin lead_ops admin|project list
indicator list|viewer member lead_eng lead_fin lead_ops admin|indicator list
department list|viewer member lead_eng lead_fin lead_ops admin|department list
export|viewer member lead_eng lead_fin lead_ops admin|export
check|viewer member lead_eng lead_fin lead_ops admin|check
EOF
)

cells=0
while IFS='|' read -r name allowed cmd; do
    [ -n "$name" ] || continue
    for r in $ROLES; do
        cp template.db cell.db
        before=$(dump cell.db)
        events=$(q cell.db "select count(*) from event")
        as_role "$r"
        # shellcheck disable=SC2086 # the command line is words on purpose
        run "$BATON" --db cell.db $cmd
        after=$(dump cell.db)
        case " $allowed " in
        *" $r "*)
            expect_rc 0 "$name by $r"
            case $name in
            blocker\ list | blocker\ show | *list | export | check)
                [ "$before" = "$after" ] || fail "$name by $r: a read changed the database" ;;
            *)
                [ "$(q cell.db "select count(*) from event")" -gt "$events" ] ||
                    fail "$name by $r: allowed but no audit row" ;;
            esac
            ;;
        *)
            expect_rc 3 "$name by $r"
            expect_err "permission denied: " "$name by $r: "
            [ "$(wc -l <err)" = 1 ] || fail "$name by $r: the refusal is not one line: $(cat err)"
            [ "$before" = "$after" ] || fail "$name by $r: refused, but the database changed"
            ;;
        esac
        cells=$((cells + 1))
        rm -f cell.db cell.db-wal cell.db-shm
    done
done <<<"$MATRIX"
[ "$cells" -ge 100 ] || fail "only $cells cells of the role matrix ran"

# The messages say which role is needed and who you are.
cp template.db m.db
as_role viewer; run "$BATON" --db m.db blocker add --project ENG-1 --title nope
expect_rc 3 "a viewer raises a blocker"
expect_err "permission denied: raising a blocker on ENG-1 needs the member role (you, $ME, are a viewer)"
[ "$(q m.db "select count(*) from blocker")" = 3 ] || fail "a viewer's blocker was written"
as_role member; run "$BATON" --db m.db blocker decline B-1 --reason no
expect_err "permission denied: declining B-1 needs lead of ENG or FIN (you, $ME, are a member); ask a lead or an admin"
as_role lead_ops; run "$BATON" --db m.db blocker escalate B-1
expect_err "escalating B-1 needs lead of ENG or FIN (you, $ME, are lead of OPS)"
as_role lead_eng; run "$BATON" --db m.db import org2.yaml
expect_rc 3 "a lead imports"
expect_err "needs an admin"
[ "$(q m.db "select count(*) from department where key='HR'")" = 0 ] || fail "a lead's import was written"
# An indicator is defined by its department's lead and fed by its members.
as_role lead_eng; run "$BATON" --db m.db indicator edit churn --target 3
expect_rc 3 "a lead of another department edits an indicator"
expect_err "permission denied: editing indicator churn needs a lead of FIN (you, $ME, are a member); ask a lead or an admin" "" ""
run "$BATON" --db m.db indicator set-target churn 3
expect_err "permission denied: setting the target of churn needs a lead of FIN (you, $ME, are a member)" "" ""
as_role viewer; run "$BATON" --db m.db indicator record churn 2
expect_rc 3 "a viewer records a reading"
expect_err "permission denied: record a reading of churn needs the member role of FIN (you, $ME, are a viewer); ask an admin" "" ""
printf 'key,at,value\nchurn,2026-11-20,2\n' >readings.csv
run "$BATON" --db m.db indicator import readings.csv
expect_rc 3 "a viewer imports readings"
expect_err "permission denied: record readings of churn needs the member role of FIN" "" ""
printf 'key,at,value\nnosuch,2026-11-20,2\n' >unknown.csv
run "$BATON" --db m.db indicator import unknown.csv
expect_rc 2 "readings of an unknown indicator"
expect_err "nosuch" "" ""
as_role lead_fin; run "$BATON" --db m.db indicator edit churn --target 3
expect_rc 0 "the lead of FIN edits its indicator"
expect_out "churn: saved (version"

# Commands that would create a database refuse before creating it.
as_role member; run "$BATON" --db new.db demo
expect_rc 3 "a member fills a demo database"
[ ! -e new.db ] || fail "a refused demo created new.db"
as_role lead_eng; run "$BATON" --db new.db init
expect_rc 3 "a lead creates a database"
[ ! -e new.db ] || fail "a refused init created new.db"

# Roles through @groups, resolved with the system's group database.
printf 'access:\n  default: viewer\n  members: ["@%s"]\n' "$GROUP" >cfg/group.yaml
as_role group; run "$BATON" --db m.db blocker add --project ENG-1 --title "via my group"
expect_rc 0 "a member through @$GROUP"
printf 'access:\n  default: viewer\n  leads: {FIN: ["@%s"]}\n' "$GROUP" >cfg/group-lead.yaml
as_role group-lead; run "$BATON" --db m.db blocker accept B-1 --severity 3 --waiting-on FIN
expect_rc 0 "a lead of FIN through @$GROUP"

# Without an access section everyone is an admin.
printf 'theme: default\n' >cfg/none.yaml
as_role none; run "$BATON" --db m.db import org2.yaml
expect_rc 0 "import without an access section"
as_role none; run "$BATON" whoami
expect_out "admin"

# whoami: login, role, departments.
as_role lead_fin; run "$BATON" whoami --format json
expect_rc 0 "whoami"
expect_out "\"login\":\"$ME\""
expect_out "\"role\":\"lead\""
expect_out "FIN"
as_role viewer; run "$BATON" whoami
expect_out "viewer"

# --as: root acts as another login (the audit names them); anyone else is
# refused with exit 3.
printf 'access:\n  default: viewer\n  admins: [%s]\n  leads: {FIN: [finn]}\n  members: [mia]\n' "$ME" >cfg/as.yaml
as_role as; run "$BATON" --db m.db --as vic blocker add --project ENG-1 --title x
expect_rc 3 "root as a viewer"
run "$BATON" --db m.db --as mia blocker add --project ENG-1 --title "from mia"
expect_rc 0 "root as a member"
[ "$(q m.db "select actor from event order by id desc limit 1")" = mia ] || fail "--as did not record mia"
run "$BATON" --db m.db --as mia blocker decline B-2 --reason no
expect_rc 3 "root as a member declines"
run "$BATON" --db m.db --as finn blocker start B-2
expect_rc 0 "root as the lead of FIN"
run "$BATON" --as finn whoami
expect_out "finn"
expect_out "lead"
# A login that cannot use --as: nobody, through setpriv.
if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    chmod 755 "$T"
    chmod 644 m.db
    NOBODY() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups env HOME="$T" "$@"; }
    run NOBODY "$BATON" --db m.db --as root blocker list
    expect_rc 3 "nobody using --as"
    expect_err "only root may act as another login"
    # A folder where nobody may create nothing: without -wal and -shm
    # files even reading is impossible, and baton says why.
    run NOBODY "$BATON" --db m.db blocker list --state all
    expect_rc 3 "reading without a writable folder"
    expect_err "ask for write access to the folder"
    # A database nobody may only read, in a folder they may write: reads
    # work with a note, changes are refused with exit 3 and leave the
    # file alone.
    mkdir ro && cp m.db ro/m.db && chown nobody ro && chmod 644 ro/m.db
    before=$(dump ro/m.db)
    run NOBODY "$BATON" --db ro/m.db blocker list --state all
    expect_rc 0 "reading a database one may only read"
    expect_out "VAT rules"
    expect_err "read-only for you"
    run NOBODY "$BATON" --db ro/m.db blocker add --project ENG-1 --title ro
    expect_rc 3 "writing a database one may only read"
    expect_err "read-only for you"
    [ "$(wc -l <err)" = 1 ] || fail "read-only refusal is not one line: $(cat err)"
    [ "$before" = "$(dump ro/m.db)" ] || fail "a read-only user changed the database"
fi

# Roles come from the system configuration only. A viewer there (the
# default) tries every other way to name themselves admin; each is refused
# with exit 3 and one line saying where roles live, and nothing is written.
set_roles 'access: {default: viewer}'
cp template.db a.db
before=$(dump a.db)
refused_admin() { # what, then the command line after "baton"
    local what=$1
    shift
    run "$@"
    expect_rc 3 "$what"
    [ "$(wc -l <err)" = 1 ] || fail "$what: the refusal is not one line: $(cat err)"
    [ "$before" = "$(dump a.db)" ] || fail "$what: refused, but the database changed"
}
# a root-owned file, writable by no one else, named with --config
printf 'access: {default: admin}\n' >root-admin.yaml
chmod 644 root-admin.yaml
for b in "$BATON" "$PLAIN_BATON"; do
    refused_admin "a root-owned --config with access" "$b" --config root-admin.yaml --db a.db department add HR --name People
    expect_err "root-admin.yaml:1:1: access: roles are read only from "
    expect_err "remove the access section from this file"
done
expect_err "roles are read only from /etc/baton/config.yaml"
# a link of one's own to it, and the user's own configuration
ln -s "$T/root-admin.yaml" link.yaml
refused_admin "a link to a root-owned file" "$BATON" --config link.yaml --db a.db department add HR --name People
expect_err "roles are read only from $SYSCONF"
mkdir -p "$XDG_CONFIG_HOME/baton"
cp root-admin.yaml "$XDG_CONFIG_HOME/baton/config.yaml"
refused_admin "access in the user's configuration" "$BATON" --db a.db department add HR --name People
expect_err "$XDG_CONFIG_HOME/baton/config.yaml:1:1: access: roles are read only from $SYSCONF"
rm "$XDG_CONFIG_HOME/baton/config.yaml"
# a file swapped while baton loads it: a loop renames a root-owned admin
# file and a harmless one of nobody's over the name given to --config
printf 'theme: default\n' >harmless.yaml
chown nobody harmless.yaml 2>/dev/null || true
ln -f harmless.yaml swap.yaml
( while :; do ln -f root-admin.yaml staged && mv -f staged swap.yaml
              ln -f harmless.yaml staged && mv -f staged swap.yaml; done ) &
swapper=$!
admin=0 viewer=0
for i in $(seq 1 60); do
    "$BATON" --config swap.yaml --db a.db department add "HR$i" --name People >/dev/null 2>err
    case $? in
    0) admin=$((admin + 1)) ;;
    3) viewer=$((viewer + 1)) ;;
    *) kill "$swapper"; fail "swapped --config: unexpected exit (stderr: $(cat err))" ;;
    esac
done
kill "$swapper"
wait "$swapper" 2>/dev/null
[ "$admin" = 0 ] || fail "a swapped --config file made a viewer an admin $admin times of 60"
[ "$before" = "$(dump a.db)" ] || fail "the swapped --config runs changed the database"
# a system configuration others may change counts for nothing: refused
sysdir=$(dirname "$SYSCONF")
set_roles 'access: {default: admin}'
chmod 664 "$SYSCONF"
refused_admin "a group-writable system configuration" "$BATON" --db a.db department add HR --name People
expect_err "system configuration $SYSCONF is writable by its group"
rm -f "$SYSCONF"
ln -s "$T/root-admin.yaml" "$SYSCONF"
refused_admin "a system configuration that is a link" "$BATON" --db a.db department add HR --name People
expect_err "is a symbolic link"
rm -f "$SYSCONF"
set_roles 'access: {default: admin}'
chmod 1777 "$sysdir"
refused_admin "a system configuration in a folder others may write" "$BATON" --db a.db department add HR --name People
expect_err "folder $sysdir is writable by others"
chmod 755 "$sysdir"
run "$BATON" --db a.db department add HR --name People
expect_rc 0 "the trusted system configuration gives the admin role"

# A database or folder anyone may write is reported.
mkdir open && chmod 777 open && cp template.db open/w.db && chmod 666 open/w.db
as_role admin; run "$BATON" --db open/w.db blocker list
expect_rc 0 "reading a world-writable database"
expect_err "open/w.db is writable by everyone"
expect_err "folder open is writable by everyone"

echo "ok ($cells cells)"
