#!/usr/bin/env bash
# The flow of blockers at scale: for generated organisations of 1,000 and
# 1,000,000 blockers (or --scales), in the same run, times
#   - the cockpit's flow view in a 160x48 pseudo-terminal (ptydrive): the
#     Enter of ':flow' (the flow remembered from the last opening), moving
#     the heat map's cursor (h j k l), Enter on the hottest cell (its
#     blockers), and coming back to the view after a comment written from
#     that list (the flow computed again: the data changed); median, 99th
#     percentile and slowest, inside the process and outside through the
#     terminal;
#   - `baton flow` and `baton flow --format json`: median and slowest of R
#     runs.
# Prints a table with the ratio 1M / 1k for each figure and writes
# bench/out/flow.csv. Not a test: nothing fails on time.
#
#   bash bench/flow.sh [--scales "N ..."] [--keys K] [--runs R] [--baton BIN] [--keep DIR]
#
# K is the number of view openings measured per scale (default 40; each
# comes with 8 moves, a cell list and a return). Without --baton, builds a
# Release baton in build-bench/. Generating 1,000,000 blockers takes about
# half a minute and 500 MiB of disk (--keep DIR keeps the databases for
# the next run).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
scales=(1000 1000000)
keys=40
runs=5
baton=""
keep=""
while [ $# -gt 0 ]; do
    case $1 in
    --scales) read -r -a scales <<<"${2:?}"; shift 2 ;;
    --keys) keys=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --baton) baton=${2:?}; shift 2 ;;
    --keep) keep=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "flow.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

build="$root/build-bench"
if [ -z "$baton" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j2 --target baton >/dev/null
    baton="$build/baton"
fi
case $baton in /*) ;; *) baton=$PWD/$baton ;; esac
mkdir -p "$here/out" "$build"
cc -O2 -o "$build/ptydrive" "$here/ptydrive.c" -lutil

work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/baton-flow.XXXXXX")}
mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT
export BATON_NOW=2026-11-26T09:00:00Z
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
unset BATON_DB NO_COLOR

now_ns() { date +%s%N; }

# "median slowest" of R runs of a command, in milliseconds.
timed() {
    local t=() s e
    for ((r = 0; r < runs; r++)); do
        s=$(now_ns)
        "$@" >/dev/null 2>&1 || true
        e=$(now_ns)
        t+=($((e - s)))
    done
    printf '%s\n' "${t[@]}" | sort -n |
        awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[int((NR + 1) / 2)] / 1e6, v[NR] / 1e6 }'
}

# What a person does in the flow view, each timed press labelled.
script() {
    local k=$1
    echo "- 3"
    for ((i = 0; i < k; i++)); do
        for c in : f l o w; do echo "- $c"; done
        if [ "$i" = 0 ]; then echo 'open-first \r'; else echo 'open \r'; fi
        for m in j j l l h h k k; do echo "move $m"; done
        echo 'cell-list \r'
        for c in c x; do echo "- $c"; done # a comment on the cell's first blocker: a write
        echo '- \r'
        echo 'back-recomputed \e'
        echo '- \e'
    done
}

# "label median p99 max" per label of a ptydrive CSV column (2 outside,
# 3 inside), microseconds in, milliseconds out.
stats() {
    local csv=$1 col=$2
    awk -F, -v c="$col" 'NR > 1 && $c >= 0 { print $1, $c }' "$csv" | sort -k1,1 -k2,2n |
        awk '
        function flush() { if (n) printf "%s %.2f %.2f %.2f\n", l, v[int((n + 1) / 2)] / 1000,
            v[int(n * 0.99 + 0.999)] / 1000, v[n] / 1000 }
        $1 != l { flush(); l = $1; n = 0 } { v[++n] = $2 } END { flush() }'
}

csv="$here/out/flow.csv"
echo "scale,metric,median_ms,p99_ms,max_ms" >"$csv"
echo "$("$baton" --version 2>/dev/null || echo baton), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${scales[@]}"; do
    db="$work/org-$n.db"
    if [ ! -s "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$baton" --db "$db" demo --scale "$n" --seed 1 >/dev/null
        "$baton" --db "$db" check >/dev/null 2>&1 || true # checkpoints the WAL
    fi
    read -r med max < <(timed "$baton" --db "$db" flow)
    echo "$n,cli_flow_table,$med,,$max" >>"$csv"
    read -r med max < <(timed "$baton" --db "$db" flow --format json)
    echo "$n,cli_flow_json,$med,,$max" >>"$csv"

    cp "$db" "$work/cockpit.db" # the comments write
    rm -f "$work/cockpit.db-wal" "$work/cockpit.db-shm"
    script "$keys" >"$work/keys.txt"
    "$build/ptydrive" --size 160x48 --quiet 10000 --script "$work/keys.txt" \
        --out "$work/keys-$n.csv" -- "$baton" --db "$work/cockpit.db" >"$work/drive-$n.txt"
    while read -r label med p99 max; do
        echo "$n,view_${label}_inside,$med,$p99,$max" >>"$csv"
    done < <(stats "$work/keys-$n.csv" 3)
    while read -r label med p99 max; do
        echo "$n,view_${label}_outside,$med,$p99,$max" >>"$csv"
    done < <(stats "$work/keys-$n.csv" 2)
    rm -f "$work/cockpit.db" "$work/cockpit.db-wal" "$work/cockpit.db-shm"
done

# The table: one line per figure, a column per scale, and last/first.
awk -F, 'NR > 1 {
        key = $2; if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
        if (!($1 in sc)) { sc[$1] = 1; scales[++ns] = $1 }
        if ($4 == "") cell[key, $1] = sprintf("%s (max %s)", $3, $5)
        else cell[key, $1] = sprintf("%s / %s / %s", $3, $4, $5)
        med[key, $1] = $3 }
    END {
        printf "%-30s", "ms: median / p99 / max"
        for (i = 1; i <= ns; i++) printf "  %24s", scales[i]
        if (ns > 1) printf "  %8s", "last/1st"
        printf "\n"
        for (k = 1; k <= nk; k++) {
            printf "%-30s", order[k]
            for (i = 1; i <= ns; i++) printf "  %24s", cell[order[k], scales[i]]
            a = med[order[k], scales[1]]; b = med[order[k], scales[ns]]
            if (ns > 1) printf "  %8s", (a > 0 ? sprintf("%.1fx", b / a) : "-")
            printf "\n"
        }
    }' "$csv"
echo "raw figures: $csv"
