#!/bin/bash
# A database shared by a Unix group: `baton init --shared --group users`
# makes a setgid folder (2770) and a 0660 database of the group; after a
# write the -wal and -shm files are in the group and group-writable too,
# and files baton creates later in that folder stay group-writable.
# Usage: bash cli_shared.sh BATON
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BATON=${1:?usage: bash cli_shared.sh /path/to/baton}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$@" >out 2>err; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "$2: expected exit $1, saw $rc (stderr: $(cat err))"; }
expect_err() { grep -qF -- "$1" err || fail "expected stderr to contain '$1', saw: $(cat err)"; }
perm() { stat -c '%a %G' "$1"; }

# The group must exist and be one the user may give files to: any group
# for root, one of the user's own groups otherwise.
GROUP=users
source "$HERE/lib-skip.sh"
getent group "$GROUP" >/dev/null || e2e_skip group "no group $GROUP on this system"
if [ "$(id -u)" != 0 ] && ! id -Gn | tr ' ' '\n' | grep -qx "$GROUP"; then
    GROUP=$(id -gn)
fi

mkdir srv
run "$BATON" init --shared --group "$GROUP" --db "$T/srv/baton/baton.db"
expect_rc 0 "init --shared"
[ "$(perm srv/baton)" = "2770 $GROUP" ] || fail "folder: expected 2770 $GROUP, saw $(perm srv/baton)"
[ "$(perm srv/baton/baton.db)" = "660 $GROUP" ] ||
    fail "database: expected 660 $GROUP, saw $(perm srv/baton/baton.db)"

# A write, with a second reader holding the file open so that the -wal
# and -shm files stay to be looked at.
cat >org.yaml <<'YAML'
departments:
  - {key: ENG, name: Engineering}
projects:
  - {key: ENG-1, title: New billing, department: ENG}
YAML
"$BATON" --db srv/baton/baton.db import org.yaml >/dev/null || fail "import into the shared database"
( umask 077; sqlite3 srv/baton/baton.db "begin; select count(*) from blocker;" ".shell sleep 1" "commit;" >/dev/null ) &
held=$!
sleep 0.3
(umask 077; "$BATON" --db srv/baton/baton.db blocker add --project ENG-1 --title shared >/dev/null) ||
    fail "a write to the shared database"
for f in baton.db-wal baton.db-shm; do
    [ -e "srv/baton/$f" ] || fail "no $f while the database is open"
    p=$(perm "srv/baton/$f")
    [ "${p#* }" = "$GROUP" ] || fail "$f: expected group $GROUP, saw $p"
    [ $((0${p% *} & 060)) = $((060)) ] || fail "$f: expected group read and write, saw $p"
done
wait "$held"

# Another database made in the shared folder by a user with a strict umask
# still ends up group-writable: baton sets its umask there.
(umask 077; "$BATON" --db srv/baton/baton.db export --format yaml >/dev/null) || fail "export"
run env -u BATON_DB bash -c "umask 077; '$BATON' init --db '$T/srv/baton/other.db'"
expect_rc 0 "init in the shared folder"
[ "$(perm srv/baton/other.db)" = "660 $GROUP" ] ||
    fail "a database made in the shared folder: expected group-writable, saw $(perm srv/baton/other.db)"

# An existing folder that is not set up for the group is left alone.
mkdir plain
run "$BATON" init --shared --group "$GROUP" --db "$T/plain/baton.db"
expect_rc 2 "init --shared in a folder not set up"
expect_err "chmod 2770"
[ ! -e plain/baton.db ] || fail "init --shared created a database in a folder not set up"
[ "$(stat -c %a plain)" = 755 ] || [ "$(stat -c %a plain)" = 700 ] || [ "$(stat -c %a plain)" = 775 ] ||
    fail "the folder's mode was changed: $(stat -c %a plain)"

# No such group.
run "$BATON" init --shared --group no-such-group-here --db "$T/x/baton.db"
expect_rc 2 "init --shared with an unknown group"
expect_err "no group 'no-such-group-here'"

"$BATON" --db srv/baton/baton.db check >/dev/null || fail "check"
echo "ok"
