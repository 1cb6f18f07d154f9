#!/bin/bash
# A full file system, on a 4 MiB tmpfs (root only; skipped where it cannot
# be mounted): every command, reads and check included, says the disk is
# full and names the database, never that it is damaged; init leaves no
# file behind; once space is freed the database is whole and check passes.
# Usage: bash hostile_fullfs.sh BATON
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BATON=${1:?usage: bash hostile_fullfs.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
mounted=
trap '[ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

source "$HERE/lib-skip.sh"
mkdir small
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=4m tmpfs small 2>/dev/null; then
    e2e_skip mount "cannot mount a small tmpfs here (needs root and mount rights)"
fi
mounted=$T/small

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
run() { "$@" >out 2>err; rc=$?; }
# fill: takes every free byte of the tmpfs.
fill() { dd if=/dev/zero of=small/fill bs=4k >/dev/null 2>&1; sync; }
unfill() { rm -f small/fill; }
# says_full LABEL PATH: exit 1, one line naming the path and the full disk.
says_full() {
    [ "$rc" = 1 ] || fail "$1: exit $rc, expected 1 (stderr: $(head -c 300 err))"
    [ "$(wc -l <err)" = 1 ] || fail "$1: not one line: $(head -c 300 err)"
    grep -qF "the disk is full" err || fail "$1: does not say the disk is full: $(cat err)"
    grep -qF "$2" err || fail "$1: does not name $2: $(cat err)"
    grep -Eqi "damaged|not a database|refusing" err && fail "$1: calls the database damaged: $(cat err)"
}

# 1. init on a full disk: the disk is named as full, and no empty file is
# left behind to trip the next command.
fill
run "$BATON" --db small/new.db init
says_full "init on a full disk" small/new.db
ls small/new.db* >/dev/null 2>&1 && fail "init on a full disk left $(ls small/new.db*)"
unfill

# 2. A database made while there was room, then the disk fills up.
"$BATON" --db small/f.db demo >/dev/null || { echo "FAIL: demo on the tmpfs" >&2; exit 1; }
before=$(sqlite3 small/f.db 'select key, state from blocker order by key; select count(*) from event')
fill
for cmd in "blocker list" "blocker count" "project list" "report" "export" "check" \
    "blocker add --project ENG-1 --title late" "indicator record revenue 1"; do
    # shellcheck disable=SC2086
    run "$BATON" --db small/f.db $cmd
    says_full "$cmd on a full disk" small/f.db
done
unfill
run "$BATON" --db small/f.db check
[ "$rc" = 0 ] || fail "check after freeing space: exit $rc: $(cat out err)"
after=$(sqlite3 small/f.db 'select key, state from blocker order by key; select count(*) from event')
[ "$before" = "$after" ] || fail "the data changed while the disk was full"
run "$BATON" --db small/f.db blocker add --project ENG-1 --title "after the space came back"
[ "$rc" = 0 ] || fail "adding after freeing space: exit $rc: $(cat err)"

umount small && mounted=
[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
