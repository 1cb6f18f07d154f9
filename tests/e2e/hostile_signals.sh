#!/bin/bash
# Signals at random points while writing: writers (an import of a large
# organisation file, blocker additions, indicator readings) are started
# and sent SIGKILL, SIGTERM, SIGHUP or SIGINT after a random delay, in a
# loop. After each: `baton check` passes, SQLite's integrity check passes,
# each change is there with its audit row or absent with none, and an
# interrupted import is entirely absent or entirely present.
# Usage: bash hostile_signals.sh BATON   ($BATON_SIGNAL_ROUNDS rounds per
# writer, default 16; $BATON_SIGNAL_SEED seeds the delays)
set -u
BATON=${1:?usage: bash hostile_signals.sh /path/to/baton}
case $BATON in /*) ;; *) BATON=$PWD/$BATON ;; esac
SRC=${BATON_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d /tmp/baton-e2e-XXXXXX)
# A background job is a copy of this shell until it execs baton, and a
# signal in that moment runs the copy's EXIT trap: only this shell cleans up.
trap '[ "$BASHPID" = "$$" ] && rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data BATON_NOW=2026-11-26T09:00:00Z
unset BATON_DB
cd "$T"
ROUNDS=${BATON_SIGNAL_ROUNDS:-16}
RANDOM=${BATON_SIGNAL_SEED:-$$}
echo "seed ${BATON_SIGNAL_SEED:-$$}"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 "$@"; }
SIGS=(KILL TERM HUP INT)
counts() { q "$1" "select (select count(*) from department), (select count(*) from project),
    (select count(*) from blocker), (select count(*) from indicator), (select count(*) from reading),
    (select count(*) from event)"; }
whole() { # LABEL DB
    "$BATON" --db "$2" check >check.out 2>check.err || fail "$1: baton check fails: $(cat check.err)"
    [ "$(q "$2" 'PRAGMA integrity_check')" = ok ] || fail "$1: integrity_check fails"
    [ "$(q "$2" 'PRAGMA foreign_key_check' | wc -l)" = 0 ] || fail "$1: foreign keys broken"
}
# A random delay in seconds below max_ms milliseconds.
delay() { printf '0.%03d' $((RANDOM % $1)); }

"$BATON" --db big.db demo --scale 2000 >/dev/null && "$BATON" --db big.db export --format yaml >big.yaml ||
    { echo "FAIL: setting up the large file" >&2; exit 1; }
"$BATON" --db base.db init >/dev/null && "$BATON" --db base.db import "$SRC/tests/data/org/good.yaml" >/dev/null ||
    { echo "FAIL: setting up" >&2; exit 1; }
q base.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp base.db full.db
start=$(date +%s%N)
"$BATON" --db full.db import big.yaml >/dev/null || { echo "FAIL: the import itself fails" >&2; exit 1; }
import_ms=$((($(date +%s%N) - start) / 1000000))
before=$(counts base.db)
after=$(counts full.db)
echo "an uninterrupted import takes ${import_ms} ms"

# 1. Imports, interrupted anywhere from before opening to after commit.
seen_absent=0 seen_present=0
for ((r = 0; r < ROUNDS; r++)); do
    sig=${SIGS[r % 4]}
    rm -f w.db w.db-wal w.db-shm
    cp base.db w.db
    "$BATON" --db w.db import big.yaml >/dev/null 2>err &
    pid=$!
    sleep "$(delay $((import_ms + import_ms / 4 + 1)))"
    kill -s "$sig" $pid 2>/dev/null
    wait $pid 2>/dev/null
    rc=$?
    whole "import round $r (SIG$sig, exit $rc)" w.db
    now=$(counts w.db)
    if [ "$now" = "$before" ]; then
        seen_absent=$((seen_absent + 1))
    elif [ "$now" = "$after" ]; then
        seen_present=$((seen_present + 1))
    else
        fail "import round $r (SIG$sig, exit $rc): half an import: $now, expected $before or $after"
    fi
    # A signal that baton catches must still end it, with the usual
    # meaning of its exit code: no success for an import that is absent.
    [ "$rc" != 0 ] || [ "$now" = "$after" ] || fail "import round $r: exit 0 but nothing imported"
done
echo "imports: $seen_absent absent, $seen_present present"
[ $((seen_absent + seen_present)) = "$ROUNDS" ] || true

# 2. Blocker additions and 3. readings, each interrupted at random.
cp base.db s.db
for ((r = 0; r < ROUNDS * 2; r++)); do
    sig=${SIGS[r % 4]}
    b0=$(q s.db 'select count(*) from blocker')
    e0=$(q s.db "select count(*) from event where entity = 'blocker' and action = 'create'")
    "$BATON" --db s.db blocker add --project ENG-1 --title "signal round $r" >/dev/null 2>err &
    pid=$!
    sleep "$(delay 12)"
    kill -s "$sig" $pid 2>/dev/null
    wait $pid 2>/dev/null
    rc=$?
    whole "blocker add round $r (SIG$sig)" s.db
    b1=$(q s.db 'select count(*) from blocker')
    e1=$(q s.db "select count(*) from event where entity = 'blocker' and action = 'create'")
    [ $((b1 - b0)) = $((e1 - e0)) ] || fail "blocker add round $r (SIG$sig): $((b1 - b0)) blockers but $((e1 - e0)) audit rows"
    [ $((b1 - b0)) -le 1 ] || fail "blocker add round $r: $((b1 - b0)) blockers added"
    [ "$rc" != 0 ] || [ "$b1" = $((b0 + 1)) ] || fail "blocker add round $r: exit 0 but no blocker"

    r0=$(q s.db 'select count(*) from reading')
    v0=$(q s.db "select count(*) from event where entity = 'indicator' and action = 'record'")
    "$BATON" --db s.db indicator record revenue "$r" --at "2026-10-$(printf %02d $((r % 28 + 1)))T0$((r % 10)):00Z" >/dev/null 2>err &
    pid=$!
    sleep "$(delay 12)"
    kill -s "$sig" $pid 2>/dev/null
    wait $pid 2>/dev/null
    rc=$?
    whole "indicator record round $r (SIG$sig)" s.db
    r1=$(q s.db 'select count(*) from reading')
    v1=$(q s.db "select count(*) from event where entity = 'indicator' and action = 'record'")
    [ $((r1 - r0)) = $((v1 - v0)) ] || fail "indicator record round $r (SIG$sig): $((r1 - r0)) readings but $((v1 - v0)) audit rows"
    [ "$rc" != 0 ] || [ "$r1" = $((r0 + 1)) ] || fail "indicator record round $r: exit 0 but no reading"
done
echo "blockers added: $(($(q s.db 'select count(*) from blocker') - $(q base.db 'select count(*) from blocker'))) of $((ROUNDS * 2)); readings: $(($(q s.db 'select count(*) from reading') - $(q base.db 'select count(*) from reading'))) of $((ROUNDS * 2))"

# 4. Several writers at once, all killed together mid-flight.
cp base.db m.db
for ((r = 0; r < ROUNDS / 4 + 1; r++)); do
    pids=()
    for ((k = 0; k < 4; k++)); do
        "$BATON" --db m.db blocker add --project ENG-1 --title "crowd $r.$k" >/dev/null 2>&1 &
        pids+=($!)
    done
    "$BATON" --db m.db import big.yaml >/dev/null 2>&1 &
    pids+=($!)
    sleep "$(delay $((import_ms + 1)))"
    kill -s "${SIGS[r % 4]}" "${pids[@]}" 2>/dev/null
    wait "${pids[@]}" 2>/dev/null
    whole "crowd round $r" m.db
done
b=$(q m.db 'select count(*) from blocker')
e=$(q m.db "select count(*) from event where entity = 'blocker' and action = 'create'")
[ "$b" = "$e" ] || fail "crowd: $b blockers but $e creation audit rows"

[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo ok
