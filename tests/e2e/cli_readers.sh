#!/bin/bash
# A reader who may not write the database never locks its owner out: with
# two real users (made for the test, removed after; root, useradd and
# setpriv needed, else skipped), the reader's `blocker list` in a folder
# anyone may write leaves -wal and -shm files that the reader owns, and
# the owner's next change still succeeds (the files are removed first,
# since nobody has the database open). While the reader has it open, or
# where a sticky folder keeps the owner from removing them, the owner's
# change is refused with exit 3 and a line naming the reader, the files
# and what to do; nothing is lost either way.
# Usage: bash cli_readers.sh BATON
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib-skip.sh"
BATON=${1:?usage: bash cli_readers.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
[ "$(id -u)" = 0 ] || e2e_skip user "needs root to make two users"
for tool in useradd userdel setpriv sqlite3; do
    command -v "$tool" >/dev/null || e2e_skip user "needs $tool"
done

T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
chmod 755 "$T"
OWNER=bt-own-$$ READER=bt-read-$$
users=()
cleanup() {
    local u
    wait # a user whose process still runs cannot be removed
    for u in "${users[@]}"; do userdel "$u" >/dev/null 2>&1 || echo "note: could not remove user $u" >&2; done
    rm -rf "$T"
}
trap cleanup EXIT
for u in "$OWNER" "$READER"; do
    useradd -M -N -s /usr/sbin/nologin "$u" >/dev/null 2>&1 || e2e_skip user "useradd $u failed"
    users+=("$u")
done
# A copy of the binary every user may run, whatever the build folder's modes.
mkdir "$T/bin" && cp "$BATON" "$T/bin/baton" && chmod 755 "$T/bin/baton"
export BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB BATON_SRCDIR

fail() { echo "FAIL: $*" >&2; exit 1; }
as() {
    local u=$1
    shift
    setpriv --reuid="$u" --regid="$(id -g "$u")" --clear-groups \
        env HOME="$T" XDG_CONFIG_HOME="$T/cfg-$u" XDG_DATA_HOME="$T/data-$u" "$@"
}
run_as() { as "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# Counted as the reader: root's sqlite3 would give the -wal and -shm files
# to the database's owner.
count() { as "$READER" sqlite3 -readonly "$1" "select count(*) from blocker"; }

# setup MODE: a folder of that mode with the owner's database (0644) in it,
# and a reader's list that leaves the -wal and -shm files behind.
setup() {
    D=$T/$1
    mkdir "$D" && chmod "$1" "$D"
    DB=$D/w.db
    as "$OWNER" "$T/bin/baton" --db "$DB" demo --scale 40 >/dev/null 2>&1 || fail "$1: demo as the owner"
    chmod 644 "$DB"
    PROJECT=$(as "$OWNER" "$T/bin/baton" --db "$DB" project list --format csv 2>/dev/null | awk -F, 'NR == 2 {print $1}')
    run_as "$READER" "$T/bin/baton" --db "$DB" blocker list
    [ "$rc" = 0 ] || fail "$1: the reader's list: exit $rc: $(cat "$T/err")"
    [ "$(stat -c %U "$DB-shm" 2>/dev/null)" = "$READER" ] ||
        fail "$1: the reader left no -shm of its own; the case is not exercised ($(ls -l "$D"))"
    before=$(count "$DB")
}

# 1. A folder anyone may write: the owner's change succeeds.
setup 0777
run_as "$OWNER" "$T/bin/baton" --db "$DB" blocker add --project "$PROJECT" --title "after the reader"
[ "$rc" = 0 ] || fail "the owner's change after a reader: exit $rc: $(cat "$T/err")"
[ "$(count "$DB")" = $((before + 1)) ] || fail "the owner's change is not there"
run_as "$OWNER" "$T/bin/baton" --db "$DB" check
[ "$rc" = 0 ] || fail "check after the owner's change: $(cat "$T/out" "$T/err")"

# 2. The reader has it open (sqlite3, kept open for a few seconds by its
# input): the owner's change is refused, naming the reader; once the
# reader is gone it goes through.
run_as "$READER" "$T/bin/baton" --db "$DB" blocker count
[ "$(stat -c %U "$DB-shm" 2>/dev/null)" = "$READER" ] || fail "the reader's second list left no -shm"
(sleep 4 | as "$READER" sqlite3 -cmd "select count(*) from blocker;" "$DB" >/dev/null 2>&1) &
holder=$!
inode=$(stat -c %i "$DB")
for ((i = 0; i < 40; i++)); do
    grep -q ":$inode 1073741826 " /proc/locks 2>/dev/null && break
    sleep 0.1
done
grep -q ":$inode 1073741826 " /proc/locks || fail "the reader's sqlite3 does not hold the database open"
before=$(count "$DB")
run_as "$OWNER" "$T/bin/baton" --db "$DB" blocker add --project "$PROJECT" --title "while the reader reads"
[ "$rc" = 3 ] || fail "the owner's change while the reader has it open: exit $rc, expected 3: $(cat "$T/err")"
[ "$(grep -vc '^baton: warning:' "$T/err")" = 1 ] || fail "not one line: $(cat "$T/err")"
grep -qF "belong to $READER" "$T/err" && grep -qF "has it open now" "$T/err" ||
    fail "the message does not say whose files and why: $(cat "$T/err")"
wait "$holder"
[ "$(count "$DB")" = "$before" ] || fail "the refused change is there"
run_as "$OWNER" "$T/bin/baton" --db "$DB" blocker add --project "$PROJECT" --title "after the reader left"
[ "$rc" = 0 ] || fail "the owner's change after the reader left: exit $rc: $(cat "$T/err")"

# 3. A sticky folder (like /tmp): the owner may not remove the reader's
# files; the refusal says which files, whose, and the command to run.
setup 1777
run_as "$OWNER" "$T/bin/baton" --db "$DB" blocker add --project "$PROJECT" --title "sticky"
[ "$rc" = 3 ] || fail "the owner's change in a sticky folder: exit $rc, expected 3: $(cat "$T/err")"
grep -qF "rm $DB-wal $DB-shm" "$T/err" && grep -qF "belong to $READER" "$T/err" ||
    fail "the sticky folder's message: $(cat "$T/err")"
[ "$(count "$DB")" = "$before" ] || fail "the refused change is there"
rm "$DB-wal" "$DB-shm"
run_as "$OWNER" "$T/bin/baton" --db "$DB" blocker add --project "$PROJECT" --title "after rm"
[ "$rc" = 0 ] || fail "the owner's change after the files were removed: exit $rc: $(cat "$T/err")"
echo ok
