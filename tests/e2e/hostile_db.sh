#!/bin/bash
# Database files of every broken kind: not SQLite, empty, truncated,
# corrupt, read-only, locked by another process for longer than the busy
# timeout, and from a newer baton. Every command gets a clear one-line
# message and a non-zero exit code, and the file is never modified (cmp
# before and after), nor left with -wal/-shm files of baton's making.
# Usage: bash hostile_db.sh BATON
set -u
BATON=${1:?usage: bash hostile_db.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
holder=
trap '[ -n "$holder" ] && kill $holder 2>/dev/null; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { "$@" >out 2>err; rc=$?; }
q() { sqlite3 "$@"; }

"$BATON" --db good.db init >/dev/null && "$BATON" --db good.db import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    { echo "FAIL: cannot set up a database" >&2; exit 1; }
q good.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f good.db-wal good.db-shm
size=$(stat -c %s good.db)

READS=("blocker list" "project list" "export" "check" "blocker show B-1" "indicator list")
WRITES=("blocker add --project ENG-1 --title hostile" "import $SRC/tests/data/org/good.yaml"
    "indicator record revenue 5" "blocker accept B-1 --severity 2 --waiting-on FIN" "demo" "init")

# refuse FILE LABEL WANT_RC_PATTERN WANT_TEXT_PATTERN: every command on a
# copy of FILE fails with one line matching the text, the copy unchanged.
refuse() {
    local file=$1 label=$2 want_rc=$3 want=$4 cmd
    for cmd in "${READS[@]}" "${WRITES[@]}"; do
        rm -f x.db x.db-wal x.db-shm
        cp "$file" x.db && cp "$file" x.orig
        run "$BATON" --db x.db $cmd
        local bad=()
        [[ $rc =~ ^($want_rc)$ ]] || bad+=("exit $rc, expected $want_rc")
        [ "$(wc -l <err)" = 1 ] && grep -q '^baton: ' err || bad+=("not one 'baton: ' line")
        grep -Eqi -- "$want" err || bad+=("message not /$want/")
        cmp -s x.db x.orig || bad+=("the file was modified")
        [ ! -e x.db-wal ] && [ ! -e x.db-shm ] || bad+=("-wal/-shm left next to it")
        [ ${#bad[@]} = 0 ] || fail "$label: '$cmd': $(IFS=';'; echo "${bad[*]}") (stderr: $(head -c 200 err))"
    done
}

# Not SQLite at all: text, and binary junk of a database's size.
printf 'these are my notes, not a database\n' >notes.db
refuse notes.db "a text file" "1|2" "not an? (SQLite |baton )?database|damaged"
head -c "$size" /dev/urandom >junk.db
refuse junk.db "random bytes" "1|2" "not an? (SQLite |baton )?database|damaged"
# A real SQLite database that is not baton's.
q other.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
refuse other.db "another program's SQLite database" "1|2" "not a baton database|not baton|another|damaged"
# An empty file: nothing to read, and no read creates a database in it.
: >empty.db
READS_ORIG=("${READS[@]}")
WRITES_ORIG=("${WRITES[@]}")
WRITES=("blocker add --project ENG-1 --title hostile" "indicator record revenue 5")
refuse empty.db "an empty file" "1|2" "empty|not an? (SQLite |baton )?database|init"
WRITES=("${WRITES_ORIG[@]}")
# Truncated: the header and the first pages, or only part of the header.
head -c $((size / 2)) good.db >half.db
refuse half.db "a database cut in half" "1" "damaged|malformed|corrupt"
head -c 100 good.db >header.db
refuse header.db "a database of 100 bytes" "1" "damaged|malformed|corrupt|not an? (SQLite |baton )?database"
# Corrupt: pages in the middle overwritten (the header intact). init
# reads only the header, so it is left out here.
cp good.db corrupt.db
printf '\xde\xad\xbe\xef%.0s' $(seq 1 2048) | dd of=corrupt.db bs=4096 seek=3 conv=notrunc status=none
printf '\xde\xad\xbe\xef%.0s' $(seq 1 2048) | dd of=corrupt.db bs=4096 seek=20 conv=notrunc status=none
WRITES=("${WRITES_ORIG[@]:0:5}")
refuse corrupt.db "a corrupt database" "1" "damaged|malformed|corrupt|check|backup"
WRITES=("${WRITES_ORIG[@]}")

# From a newer baton: refused, left byte for byte.
cp good.db newer.db
q newer.db 'PRAGMA user_version = 99'
refuse newer.db "a newer schema" "1|2" "99|newer"

# Read-only: a file its user may not write. Root writes anything, so as
# root the commands run as nobody in a folder nobody owns.
mkdir ro
cp good.db ro/r.db && cp good.db ro/r.orig
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
        chown nobody ro && chmod 755 "$T" && chmod 644 ro/r.db && chmod 755 "$BATON" 2>/dev/null
        AS=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups env HOME="$T")
    else
        AS=()
        echo "note: no setpriv; read-only case skipped as root"
    fi
else
    chmod 444 ro/r.db
    AS=(env)
fi
if [ ${#AS[@]} -gt 0 ]; then
    for cmd in "${WRITES[@]}"; do
        [ "$cmd" = init ] || [ "$cmd" = demo ] && continue
        run "${AS[@]}" "$BATON" --db ro/r.db $cmd
        [ "$rc" != 0 ] || fail "read-only: '$cmd' succeeded"
        grep -Eqi "read-only|permission|denied" err || fail "read-only: '$cmd' says '$(cat err)'"
        cmp -s ro/r.db ro/r.orig || fail "read-only: '$cmd' modified the file"
    done
    run "${AS[@]}" "$BATON" --db ro/r.db blocker list
    [ "$rc" = 0 ] || fail "read-only: listing failed ($rc): $(cat err)"
    grep -q "VAT rules" out || fail "read-only: listing shows no blockers"
    cmp -s ro/r.db ro/r.orig || fail "read-only: listing modified the file"
fi

# Locked: another process holds the write lock for longer than the busy
# timeout. Readers go on (WAL); a writer waits, then gives up with a
# message, and nothing of its change lands.
cp good.db locked.db
q locked.db 'PRAGMA journal_mode=WAL' >/dev/null
before=$(q locked.db 'select count(*) from blocker')
mkfifo hold
(sqlite3 locked.db <hold >/dev/null 2>&1) &
holder=$!
exec 7>hold
echo 'BEGIN EXCLUSIVE; UPDATE department SET name = name;' >&7
sleep 0.5
run "$BATON" --db locked.db blocker list
[ "$rc" = 0 ] || fail "locked: a reader was refused ($rc): $(cat err)"
start=$(date +%s)
run "$BATON" --db locked.db blocker add --project ENG-1 --title "while locked"
took=$(($(date +%s) - start))
[ "$rc" = 1 ] || fail "locked: a writer exited $rc, expected 1 (stderr: $(cat err))"
grep -Eqi "busy|locked|try again" err || fail "locked: the writer says '$(cat err)'"
[ "$(wc -l <err)" = 1 ] || fail "locked: more than one line: $(cat err)"
[ "$took" -ge 4 ] || fail "locked: the writer gave up after ${took}s, before the busy timeout"
[ "$took" -le 60 ] || fail "locked: the writer waited ${took}s"
echo 'ROLLBACK;' >&7
exec 7>&-
wait $holder
holder=
[ "$(q locked.db 'select count(*) from blocker')" = "$before" ] || fail "locked: the refused change landed"
run "$BATON" --db locked.db check
[ "$rc" = 0 ] || fail "locked: check after the lock ($rc): $(cat err)"
run "$BATON" --db locked.db blocker add --project ENG-1 --title "after the lock"
[ "$rc" = 0 ] || fail "locked: a writer after the lock was released ($rc): $(cat err)"

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
