#!/usr/bin/env bash
# Times `baton demo --scale N` (one transaction: N blockers, N/10 projects,
# N/100 indicators with a year of readings) for N = 1,000, 10,000 and
# 100,000, and 1,000,000 with --big. Prints a table and writes
# bench/out/gen.csv. Not a test: nothing here passes or fails on time.
#
#   bench/gen.sh [--baton PATH] [--big] [--runs R] [--seed S]
#
# PATH defaults to $BATON_BIN, then the newest build*/baton of this tree.
# With R runs per scale the fastest is kept (the others are noise from the
# machine, not from baton).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
baton=${BATON_BIN:-}
big=0
runs=1
seed=1

usage() {
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --baton) baton=${2:?--baton needs a path}; shift 2 ;;
    --big) big=1; shift ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "gen.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

if [ -z "$baton" ]; then
    baton=$(ls -t "$root"/build*/baton 2>/dev/null | head -n 1 || true)
fi
if [ -z "$baton" ] || [ ! -x "$baton" ]; then
    echo "gen.sh: no baton binary; build one (cmake --build build) or pass --baton PATH" >&2
    exit 2
fi
case $runs in '' | *[!0-9]* | 0) echo "gen.sh: --runs needs a positive number" >&2; exit 2 ;; esac

scales=(1000 10000 100000)
[ "$big" = 1 ] && scales+=(1000000)

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-bench-gen.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$here/out"
csv="$here/out/gen.csv"

# A fixed clock and an empty configuration: the same organisation every time.
export BATON_NOW=2026-11-26T09:00:00Z
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
unset BATON_DB

have_time=0
[ -x /usr/bin/time ] && have_time=1

now_ns() { date +%s%N; }

echo "scale,seconds,blockers_per_second,db_bytes,peak_rss_kib,runs" >"$csv"
printf '%s (seed %s, best of %s)\n' "$("$baton" --version 2>/dev/null || echo baton)" "$seed" "$runs"
printf '%10s %10s %14s %10s %10s\n' "scale" "seconds" "blockers/s" "db MiB" "peak MiB"

for n in "${scales[@]}"; do
    best=""
    rss=""
    for ((r = 1; r <= runs; r++)); do
        db="$work/demo-$n.db"
        rm -f "$db" "$db-wal" "$db-shm"
        start=$(now_ns)
        if [ "$have_time" = 1 ]; then
            /usr/bin/time -f '%M' -o "$work/rss" "$baton" --db "$db" demo --scale "$n" \
                --seed "$seed" >"$work/out" 2>"$work/err" || {
                echo "gen.sh: baton demo --scale $n failed:" >&2
                cat "$work/err" >&2
                exit 1
            }
        else
            "$baton" --db "$db" demo --scale "$n" --seed "$seed" >"$work/out" 2>"$work/err" || {
                echo "gen.sh: baton demo --scale $n failed:" >&2
                cat "$work/err" >&2
                exit 1
            }
        fi
        end=$(now_ns)
        ns=$((end - start))
        if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then
            best=$ns
            [ "$have_time" = 1 ] && rss=$(tail -n 1 "$work/rss")
        fi
    done
    bytes=0
    for f in "$db" "$db-wal"; do
        [ -f "$f" ] && bytes=$((bytes + $(stat -c %s "$f")))
    done
    secs=$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')
    rate=$(awk -v n="$n" -v ns="$best" 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
    mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
    peak=$([ -n "$rss" ] && awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }' || echo "-")
    printf '%10s %10s %14s %10s %10s\n' "$n" "$secs" "$rate" "$mib" "$peak"
    echo "$n,$secs,$rate,$bytes,${rss:-},$runs" >>"$csv"
    rm -f "$db" "$db-wal" "$db-shm"
done
echo "wrote $csv"
