#!/bin/bash
# Roles through the command line: every verb run by a viewer, a member, the
# lead of the project's department, the lead of the department a blocker
# waits on, the lead of another department and an admin (the configuration's
# access section names the current login in each role in turn). Each run is
# allowed (exit 0) or refused with exit 3, a one-line message naming the
# role needed, and the database byte-for-byte unchanged. Also: groups give
# roles, no access section means admin, --as is root's only, whoami, and a
# database the user may only read. Usage: bash cli_access.sh BATON
set -u
BATON=${1:?usage: bash cli_access.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
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
        # shellcheck disable=SC2086 # the command line is words on purpose
        run "$BATON" --config "cfg/$r.yaml" --db cell.db $cmd
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
run "$BATON" --config cfg/viewer.yaml --db m.db blocker add --project ENG-1 --title nope
expect_rc 3 "a viewer raises a blocker"
expect_err "permission denied: raising a blocker on ENG-1 needs the member role (you, $ME, are a viewer)"
[ "$(q m.db "select count(*) from blocker")" = 3 ] || fail "a viewer's blocker was written"
run "$BATON" --config cfg/member.yaml --db m.db blocker decline B-1 --reason no
expect_err "permission denied: declining B-1 needs lead of ENG or FIN (you, $ME, are a member); ask a lead or an admin"
run "$BATON" --config cfg/lead_ops.yaml --db m.db blocker escalate B-1
expect_err "escalating B-1 needs lead of ENG or FIN (you, $ME, are lead of OPS)"
run "$BATON" --config cfg/lead_eng.yaml --db m.db import org2.yaml
expect_rc 3 "a lead imports"
expect_err "needs an admin"
[ "$(q m.db "select count(*) from department where key='HR'")" = 0 ] || fail "a lead's import was written"

# Commands that would create a database refuse before creating it.
run "$BATON" --config cfg/member.yaml --db new.db demo
expect_rc 3 "a member fills a demo database"
[ ! -e new.db ] || fail "a refused demo created new.db"
run "$BATON" --config cfg/lead_eng.yaml --db new.db init
expect_rc 3 "a lead creates a database"
[ ! -e new.db ] || fail "a refused init created new.db"

# Roles through @groups, resolved with the system's group database.
printf 'access:\n  default: viewer\n  members: ["@%s"]\n' "$GROUP" >cfg/group.yaml
run "$BATON" --config cfg/group.yaml --db m.db blocker add --project ENG-1 --title "via my group"
expect_rc 0 "a member through @$GROUP"
printf 'access:\n  default: viewer\n  leads: {FIN: ["@%s"]}\n' "$GROUP" >cfg/group-lead.yaml
run "$BATON" --config cfg/group-lead.yaml --db m.db blocker accept B-1 --severity 3 --waiting-on FIN
expect_rc 0 "a lead of FIN through @$GROUP"

# Without an access section everyone is an admin.
printf 'theme: default\n' >cfg/none.yaml
run "$BATON" --config cfg/none.yaml --db m.db import org2.yaml
expect_rc 0 "import without an access section"
run "$BATON" --config cfg/none.yaml whoami
expect_out "admin"

# whoami: login, role, departments.
run "$BATON" --config cfg/lead_fin.yaml whoami --format json
expect_rc 0 "whoami"
expect_out "\"login\":\"$ME\""
expect_out "\"role\":\"lead\""
expect_out "FIN"
run "$BATON" --config cfg/viewer.yaml whoami
expect_out "viewer"

# --as: root acts as another login (the audit names them); anyone else is
# refused with exit 3.
printf 'access:\n  default: viewer\n  admins: [%s]\n  leads: {FIN: [finn]}\n  members: [mia]\n' "$ME" >cfg/as.yaml
if [ "$(id -u)" = 0 ]; then
    run "$BATON" --config cfg/as.yaml --db m.db --as vic blocker add --project ENG-1 --title x
    expect_rc 3 "root as a viewer"
    run "$BATON" --config cfg/as.yaml --db m.db --as mia blocker add --project ENG-1 --title "from mia"
    expect_rc 0 "root as a member"
    [ "$(q m.db "select actor from event order by id desc limit 1")" = mia ] || fail "--as did not record mia"
    run "$BATON" --config cfg/as.yaml --db m.db --as mia blocker decline B-2 --reason no
    expect_rc 3 "root as a member declines"
    run "$BATON" --config cfg/as.yaml --db m.db --as finn blocker start B-2
    expect_rc 0 "root as the lead of FIN"
    run "$BATON" --config cfg/as.yaml --as finn whoami
    expect_out "finn"
    expect_out "lead"
    # A login that cannot use --as: nobody, through setpriv.
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        chmod 755 "$T"
        chmod 644 m.db cfg/as.yaml
        NOBODY() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups env HOME="$T" "$@"; }
        run NOBODY "$BATON" --config cfg/as.yaml --db m.db --as root blocker list
        expect_rc 3 "nobody using --as"
        expect_err "only root may act as another login"
        # A folder where nobody may create nothing: without -wal and -shm
        # files even reading is impossible, and baton says why.
        run NOBODY "$BATON" --config cfg/as.yaml --db m.db blocker list --state all
        expect_rc 3 "reading without a writable folder"
        expect_err "ask for write access to the folder"
        # A database nobody may only read, in a folder they may write: reads
        # work with a note, changes are refused with exit 3 and leave the
        # file alone.
        mkdir ro && cp m.db ro/m.db && chown nobody ro && chmod 644 ro/m.db
        before=$(dump ro/m.db)
        run NOBODY "$BATON" --config cfg/as.yaml --db ro/m.db blocker list --state all
        expect_rc 0 "reading a database one may only read"
        expect_out "VAT rules"
        expect_err "read-only for you"
        run NOBODY "$BATON" --config cfg/as.yaml --db ro/m.db blocker add --project ENG-1 --title ro
        expect_rc 3 "writing a database one may only read"
        expect_err "read-only for you"
        [ "$(wc -l <err)" = 1 ] || fail "read-only refusal is not one line: $(cat err)"
        [ "$before" = "$(dump ro/m.db)" ] || fail "a read-only user changed the database"
    fi
else
    run "$BATON" --config cfg/as.yaml --db m.db --as mia blocker list
    expect_rc 3 "--as by a login other than root"
    expect_err "only root may act as another login"
fi

# Roles are the administrator's: after a root-owned file has an access
# section, a file the user could write may not grant more.
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$XDG_CONFIG_HOME/baton"
    printf 'access:\n  default: viewer\n' >"$XDG_CONFIG_HOME/baton/config.yaml"
    chmod 644 "$XDG_CONFIG_HOME/baton/config.yaml"
    cp cfg/admin.yaml cfg/forged.yaml && chown nobody cfg/forged.yaml
    run "$BATON" --config cfg/forged.yaml --db m.db import org2.yaml
    expect_rc 3 "an access section in a file the user owns, after the administrator's"
    expect_err "forged.yaml:1:1: access: roles are set by $XDG_CONFIG_HOME/baton/config.yaml"
    run "$BATON" --config cfg/admin.yaml --db m.db blocker list
    expect_rc 0 "a root-owned file may still set roles"
    chmod 664 "$XDG_CONFIG_HOME/baton/config.yaml"
    run "$BATON" --config cfg/forged.yaml --db m.db blocker list
    expect_rc 0 "a group-writable file is no trust anchor"
    rm "$XDG_CONFIG_HOME/baton/config.yaml"
fi

# A database or folder anyone may write is reported.
mkdir open && chmod 777 open && cp template.db open/w.db && chmod 666 open/w.db
run "$BATON" --config cfg/admin.yaml --db open/w.db blocker list
expect_rc 0 "reading a world-writable database"
expect_err "open/w.db is writable by everyone"
expect_err "folder open is writable by everyone"

echo "ok ($cells cells)"
