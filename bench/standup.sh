#!/usr/bin/env bash
# The stand-up at scale: for generated organisations of 1,000 and
# 1,000,000 blockers (or --scales), in the same run, times in the
# cockpit (a 160x48 pseudo-terminal, ptydrive) entering the stand-up
# (`S`: the first one starts it, the others resume it) and moving to the
# next and previous department (`n`, `p`), K entries with four of each;
# median, 99th percentile and slowest, inside the process and outside
# through the terminal, with the ratio of the last scale to the first.
# With --profile, also the SQL statements' time per key from
# $BATON_SQL_PROFILE (the ten costliest statements at each scale).
# Prints a table and writes bench/out/standup.csv. Not a test: nothing
# fails on time.
#
#   bash bench/standup.sh [--scales "N ..."] [--keys K] [--baton BIN] [--keep DIR] [--profile]
#
# K defaults to 30. Without --baton, builds a Release baton in
# build-bench/. --keep DIR keeps the generated databases (org-N.db) for
# the next run, and reuses those it finds; each run works on a copy.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib-keys.sh"
root=$(dirname "$here")
scales=(1000 1000000)
keys=30
baton=""
keep=""
profile=0
while [ $# -gt 0 ]; do
    case $1 in
    --scales) read -r -a scales <<<"${2:?}"; shift 2 ;;
    --keys) keys=${2:?}; shift 2 ;;
    --baton) baton=${2:?}; shift 2 ;;
    --keep) keep=${2:?}; shift 2 ;;
    --profile) profile=1; shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "standup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

bench_setup standup

# What a facilitator does, each timed press labelled.
script() {
    local k=$1
    for ((i = 0; i < k; i++)); do
        echo 'S S'
        for ((j = 0; j < 4; j++)); do echo 'n n'; done
        for ((j = 0; j < 4; j++)); do echo 'p p'; done
        echo '- \e'
    done
}

results_start standup
for n in "${scales[@]}"; do
    org_db "$n"
    cp "$db" "$work/cockpit.db" # the stand-up writes
    rm -f "$work/cockpit.db-wal" "$work/cockpit.db-shm"
    script "$keys" >"$work/keys.txt"
    prof=()
    if [ "$profile" = 1 ]; then
        rm -f "$work/profile-$n.txt"
        prof=(env "BATON_SQL_PROFILE=$work/profile-$n.txt")
    fi
    "$build/ptydrive" --size 160x48 --quiet 10000 --script "$work/keys.txt" \
        --out "$work/keys-$n.csv" -- "${prof[@]}" "$baton" --db "$work/cockpit.db" >"$work/drive-$n.txt"
    put_keys "$n" "$work/keys-$n.csv" "$csv" ""
    rm -f "$work/cockpit.db" "$work/cockpit.db-wal" "$work/cockpit.db-shm"
done

table "$csv"
if [ "$profile" = 1 ]; then
    for n in "${scales[@]}"; do
        echo "SQL at $n: total ms, calls, statement (the ten costliest, over every key)"
        # statements told apart by their text with the literals taken out
        awk -F'\t' '{ s = $2; gsub(/'"'"'[^'"'"']*'"'"'/, "?", s); gsub(/[0-9]+/, "N", s)
                t[s] += $1; c[s]++ }
            END { for (s in t) printf "%.1f\t%d\t%s\n", t[s] / 1000, c[s], substr(s, 1, 150) }' \
            "$work/profile-$n.txt" | sort -rn | awk 'NR <= 10'
    done
fi
echo "raw figures: $csv"
