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
source "$here/lib-keys.sh"
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

bench_setup flow

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

results_start flow
for n in "${scales[@]}"; do
    org_db "$n"
    read -r med max < <(timed "$baton" --db "$db" flow)
    echo "$n,cli_flow_table,$med,,$max" >>"$csv"
    read -r med max < <(timed "$baton" --db "$db" flow --format json)
    echo "$n,cli_flow_json,$med,,$max" >>"$csv"

    cp "$db" "$work/cockpit.db" # the comments write
    rm -f "$work/cockpit.db-wal" "$work/cockpit.db-shm"
    script "$keys" >"$work/keys.txt"
    "$build/ptydrive" --size 160x48 --quiet 10000 --script "$work/keys.txt" \
        --out "$work/keys-$n.csv" -- "$baton" --db "$work/cockpit.db" >"$work/drive-$n.txt"
    put_keys "$n" "$work/keys-$n.csv" "$csv" view_
    rm -f "$work/cockpit.db" "$work/cockpit.db-wal" "$work/cockpit.db-shm"
done

table "$csv"
echo "raw figures: $csv"
