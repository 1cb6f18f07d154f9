#!/bin/bash
# Disk full and file size limits during writes: a large import and a run
# of blocker additions under `ulimit -f` (in a subshell), and, where the
# environment lets root mount one, on a small tmpfs. Each write that does
# not fit fails with one line that says nothing was saved and why, its
# transaction rolls back (an import is all or nothing), everything written
# before is intact, and `baton check` passes afterwards.
# Usage: bash hostile_diskfull.sh BATON
set -u
BATON=${1:?usage: bash hostile_diskfull.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
mounted=
trap '[ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 "$@"; }
# What a user would call the data: every table's rows, in order.
snapshot() { q "$1" "select key, title, state from blocker order by key;
    select key, name from department order by key; select count(*) from event;
    select count(*) from reading"; }
NOT_SAVED='not saved|nothing (was )?(saved|changed)|rolled back|unchanged|no change'
CAUSE='full|space|size|limit|too large|I/O'

# A large organisation file, and a small database to import it into.
"$BATON" --db big.db demo --scale 3000 >/dev/null || { echo "FAIL: demo" >&2; exit 1; }
"$BATON" --db big.db export --format yaml >big.yaml || { echo "FAIL: export" >&2; exit 1; }
"$BATON" --db base.db init >/dev/null && "$BATON" --db base.db import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    { echo "FAIL: setting up" >&2; exit 1; }
q base.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rm -f base.db-wal base.db-shm
kib=$(($(stat -c %s base.db) / 1024))

# check_after LABEL DB BEFORE: the data is as it was, and check passes.
check_after() {
    [ "$(snapshot "$2")" = "$3" ] || fail "$1: the data changed"
    "$BATON" --db "$2" check >/dev/null 2>check.err || fail "$1: check fails afterwards: $(cat check.err)"
    [ "$(q "$2" 'PRAGMA integrity_check')" = ok ] || fail "$1: integrity_check fails"
}

# check_refusal LABEL RC: one line, saying why and that nothing was saved.
check_refusal() {
    [ "$2" = 1 ] || fail "$1: exit $2, expected 1 (stderr: $(head -c 300 err))"
    [ "$(wc -l <err)" = 1 ] || fail "$1: not one line: $(head -c 300 err)"
    grep -Eqi "$CAUSE" err || fail "$1: the message does not say why: $(cat err)"
    grep -Eqi "$NOT_SAVED" err || fail "$1: the message does not say nothing was saved: $(cat err)"
}

# 1. ulimit -f, the signal it raises left as it is: a process writing past
# the limit gets SIGXFSZ, which baton must not die of.
cp base.db u.db
before=$(snapshot u.db)
(ulimit -f $((kib + 64)); exec "$BATON" --db u.db import big.yaml) >out 2>err
rc=$?
if [ "$rc" -ge 128 ]; then
    fail "import past ulimit -f: killed by signal $((rc - 128)) instead of failing cleanly"
else
    check_refusal "import past ulimit -f" "$rc"
fi
check_after "import past ulimit -f" u.db "$before"

# 2. The same with SIGXFSZ ignored by the parent: write() returns EFBIG.
cp base.db v.db
before=$(snapshot v.db)
(ulimit -f $((kib + 64)); trap '' XFSZ; exec "$BATON" --db v.db import big.yaml) >out 2>err
rc=$?
check_refusal "import past ulimit -f (XFSZ ignored)" "$rc"
check_after "import past ulimit -f (XFSZ ignored)" v.db "$before"

# 3. Blocker additions, each 4 KB of title, until the limit stops one:
# every earlier one is kept, the failed one is absent.
add_until_full() { # LABEL DB [PREFIX...]
    local label=$1 db=$2
    shift 2
    local n=0 rc=0
    while [ $n -lt 400 ]; do
        n=$((n + 1))
        "$@" "$BATON" --db "$db" blocker add --project ENG-1 --title "fill $n ." --detail "$(printf 'x%.0s' $(seq 1 4000))" >out 2>err
        rc=$?
        [ $rc = 0 ] || break
    done
    [ $rc != 0 ] || { fail "$label: 400 additions all fit; the limit never hit"; return; }
    if [ "$rc" -ge 128 ]; then
        fail "$label: killed by signal $((rc - 128)) instead of failing cleanly"
    else
        check_refusal "$label" "$rc"
    fi
    local kept
    kept=$(q "$db" "select count(*) from blocker where title like 'fill %'")
    if [ "$rc" -ge 128 ]; then
        # Killed: the last addition may have committed before the signal.
        [ "$kept" = $((n - 1)) ] || [ "$kept" = $n ] ||
            fail "$label: $((n - 1)) additions succeeded but $kept are there"
    else
        [ "$kept" = $((n - 1)) ] || fail "$label: $((n - 1)) additions succeeded but $kept are there"
        [ "$(q "$db" "select count(*) from blocker where title like 'fill $n %'")" = 0 ] ||
            fail "$label: the refused addition is there"
    fi
    [ "$(q "$db" "select count(*) from event where entity = 'blocker' and action = 'create'")" -ge "$kept" ] ||
        fail "$label: additions without their audit rows"
    "$BATON" --db "$db" check >/dev/null 2>check.err || fail "$label: check fails afterwards: $(cat check.err)"
}
ulimit_run() { (ulimit -f $((kib + 96)); trap '' XFSZ; exec "$@"); }
cp base.db w.db
add_until_full "blocker add past ulimit -f (XFSZ ignored)" w.db ulimit_run
ulimit_kill_run() { (ulimit -f $((kib + 96)); exec "$@"); }
cp base.db k.db
add_until_full "blocker add past ulimit -f" k.db ulimit_kill_run

# 4. A full file system: a 1 MiB tmpfs, when root may mount one here.
mkdir small
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1m tmpfs small 2>/dev/null; then
    mounted=$T/small
    cp base.db small/f.db
    before=$(snapshot small/f.db)
    "$BATON" --db small/f.db import big.yaml >out 2>err
    check_refusal "import on a full disk" "$?"
    check_after "import on a full disk" small/f.db "$before"
    add_until_full "blocker add on a full disk" small/f.db env
    umount small && mounted=
else
    echo "note: cannot mount a small tmpfs here; the full-disk case ran with ulimit -f only"
fi

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
