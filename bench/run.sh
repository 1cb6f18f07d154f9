#!/usr/bin/env bash
# The scale benchmark: builds a Release baton in build-bench/, generates
# organisations of N = 1,000, 10,000 and 100,000 blockers (and 1,000,000
# with --big), and for each measures generation time and size, the first
# frame and per-key latency of the cockpit in a 160x48 pseudo-terminal
# (inside the process and outside through the terminal, with bytes per key
# and peak memory; the panes, filters, detail, triage, verdicts and the
# stand-up's S, n and p), CLI commands (check and check --quick among them),
# the first command later the same day, the next day and three months on
# (a day's move of the roll-up; waking every snooze) and the cockpit's
# first frame at the same three moments, and taskwarrior
# loaded with the same blockers. Prints a table and writes
# bench/out/results.csv.
#
#   bash bench/run.sh [--big] [--keys K] [--no-task] [--keep DIR] [--scales "N ..."]
#
# K is the number of presses per measured key (default 60). Needs cmake,
# a C compiler and, for the comparison, Debian's taskwarrior (installed
# with apt-get when missing and this runs as root). Not a test.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
big=0
keys=60
task_on=1
keep=""
while [ $# -gt 0 ]; do
    case $1 in
    --big) big=1; shift ;;
    --keys) keys=${2:?}; shift 2 ;;
    --no-task) task_on=0; shift ;;
    --keep) keep=${2:?}; shift 2 ;;
    --scales) read -r -a only <<<"${2:?}"; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target baton >/dev/null
baton="$build/baton"
mkdir -p "$here/out"
cc -O2 -o "$build/ptydrive" "$here/ptydrive.c" -lutil

if [ "$task_on" = 1 ] && ! command -v task >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && apt-get install -y -qq taskwarrior >/dev/null || true
    fi
    command -v task >/dev/null || { echo "run.sh: no taskwarrior; comparison skipped" >&2; task_on=0; }
fi

work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/baton-bench.XXXXXX")}
mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT
export BATON_NOW=2026-11-26T09:00:00Z
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
unset BATON_DB NO_COLOR

now_ns() { date +%s%N; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }
# cpu FILE COMMAND...: runs the command and writes its CPU time (user and
# system, in milliseconds) to FILE, "-" without GNU time; the command's
# status is kept.
cpu() {
    local out=$1
    shift
    if [ -x /usr/bin/time ]; then
        local rc=0
        /usr/bin/time -f '%U %S' -o "$out.raw" "$@" || rc=$?
        awk 'END { printf "%.0f", ($1 + $2) * 1000 }' "$out.raw" >"$out"
        return "$rc"
    fi
    echo - >"$out"
    "$@"
}

# Median of three runs of a command, in milliseconds.
median3() {
    local t=()
    for _ in 1 2 3; do
        local s e
        s=$(now_ns)
        "$@" >/dev/null 2>&1 || true
        e=$(now_ns)
        t+=($((e - s)))
    done
    printf '%s\n' "${t[@]}" | sort -n | sed -n 2p | xargs -I{} awk -v ns={} 'BEGIN { printf "%.1f", ns / 1e6 }'
}

# The key script: what a person does in the cockpit, each press timed.
script() {
    local k=$1
    echo "- 3" # the blockers pane
    for ((i = 0; i < k; i++)); do echo 'scroll j'; done
    for ((i = 0; i < k; i++)); do echo 'page \e[6~'; done
    echo 'bottom G'
    for ((i = 0; i < k / 4; i++)); do echo 'pageup \e[5~'; done
    echo 'top g'
    for ((i = 0; i < k; i++)); do echo 'pane \t'; done
    echo "- 3"
    for ((i = 0; i < k / 4; i++)); do
        echo "- /"
        for c in r e v i; do echo "filter $c"; done
        echo '- \e'
    done
    echo "- 2" # the projects pane
    for ((i = 0; i < k / 4; i++)); do
        echo "- /"
        for c in r e v i; do echo "pfilter $c"; done
        echo '- \e'
    done
    echo "- 3"
    for ((i = 0; i < k / 2; i++)); do
        echo 'detail \r'
        echo 'detail-close \e'
        echo '- j'
    done
    # The flow view: opening it (the Enter of ':flow') and moving in it.
    for ((i = 0; i < k / 4; i++)); do
        for c in : f l o w; do echo "- $c"; done
        echo 'flow \r'
        for ((j = 0; j < 4; j++)); do echo 'flow-move j'; done
        echo '- \e'
    done
    echo 'triage t'
    for ((i = 0; i < k / 2; i++)); do
        echo "verdict $((i % 2 + 2))"
        echo '- j'
    done
    echo '- \e'
    for ((i = 0; i < k / 4; i++)); do # the first S starts the stand-up, the rest resume it
        echo 'standup S'
        for ((j = 0; j < 4; j++)); do echo 'standup-next n'; done
        for ((j = 0; j < 4; j++)); do echo 'standup-prev p'; done
        echo '- \e'
    done
}

# The first command after time away, on a fresh copy each time (it writes):
# median of three, in milliseconds. $1 is the clock then.
first_after() {
    local at=$1 db=$2 t=()
    for _ in 1 2 3; do
        cp "$db" "$work/away.db"
        rm -f "$work/away.db-wal" "$work/away.db-shm"
        local s e
        s=$(now_ns)
        BATON_NOW=$at "$baton" --db "$work/away.db" blocker count >/dev/null 2>&1 || true
        e=$(now_ns)
        t+=($((e - s)))
    done
    rm -f "$work/away.db" "$work/away.db-wal" "$work/away.db-shm"
    printf '%s\n' "${t[@]}" | sort -n | sed -n 2p | xargs -I{} awk -v ns={} 'BEGIN { printf "%.1f", ns / 1e6 }'
}

# The cockpit opened later than the database was last used, on a fresh
# copy each time (opening moves the roll-up to the day, and wakes the
# snoozes due): "median slowest" of three first frames, inside the
# process, in milliseconds. $1 is the clock then.
frame_after() {
    local at=$1 db=$2 t=()
    echo "- j" >"$work/one.txt"
    for _ in 1 2 3; do
        cp "$db" "$work/away.db"
        rm -f "$work/away.db-wal" "$work/away.db-shm"
        BATON_NOW=$at "$build/ptydrive" --size 160x48 --script "$work/one.txt" \
            --out "$work/one.csv" -- "$baton" --db "$work/away.db" >"$work/one-drive.txt"
        t+=("$(awk '$1 == "frame_inside_us" { print $2 }' "$work/one-drive.txt")")
    done
    rm -f "$work/away.db" "$work/away.db-wal" "$work/away.db-shm"
    printf '%s\n' "${t[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[2] / 1000, v[NR] / 1000 }'
}

# "label median p99" per label of a ptydrive CSV column (2 outside, 3
# inside; microseconds in, milliseconds out); column 4 (bytes) gives
# "label median" in bytes. Plain POSIX awk over rows sorted by label.
stats() {
    local csv=$1 col=$2
    awk -F, -v c="$col" 'NR > 1 && $c >= 0 { print $1, $c }' "$csv" | sort -k1,1 -k2,2n |
        awk -v c="$col" '
        function flush() { if (n) { m = v[int((n + 1) / 2)]; p = v[int(n * 0.99 + 0.999)];
            if (c == 4) printf "%s %d\n", l, m; else printf "%s %.2f %.2f\n", l, m / 1000, p / 1000 } }
        $1 != l { flush(); l = $1; n = 0 } { v[++n] = $2 } END { flush() }'
}

scales=(1000 10000 100000)
[ "$big" = 1 ] && scales+=(1000000)
[ -n "${only+x}" ] && scales=("${only[@]}")
csv="$here/out/results.csv"
echo "scale,metric,value,unit" >"$csv"
put() { echo "$1,$2,$3,$4" >>"$csv"; }

echo "$("$baton" --version 2>/dev/null || echo baton), $(nproc) cores, $(uname -r)"
for n in "${scales[@]}"; do
    db="$work/org-$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    s=$(now_ns)
    cpu "$work/gen-cpu" "$baton" --db "$db" demo --scale "$n" --seed 1 >/dev/null
    e=$(now_ns)
    cpu "$work/check-cpu" "$baton" --db "$db" check >/dev/null 2>&1 || true # checkpoints the WAL
    put "$n" generate_cpu "$(cat "$work/gen-cpu")" ms
    put "$n" cli_check_cpu "$(cat "$work/check-cpu")" ms
    size=$(($(stat -c %s "$db") + $([ -f "$db-wal" ] && stat -c %s "$db-wal" || echo 0)))
    put "$n" generate "$(ms $((e - s)))" ms
    put "$n" db_size "$size" bytes

    # The cockpit, on a copy (triage writes).
    cp "$db" "$work/cockpit.db"
    rm -f "$work/cockpit.db-wal" "$work/cockpit.db-shm"
    script "$keys" >"$work/keys.txt"
    "$build/ptydrive" --size 160x48 --quiet 10000 --script "$work/keys.txt" \
        --out "$work/keys-$n.csv" -- "$baton" --db "$work/cockpit.db" >"$work/drive-$n.txt"
    frame_out=$(awk '$1 == "frame_outside_us" { printf "%.1f", $2 / 1000 }' "$work/drive-$n.txt")
    frame_in=$(awk '$1 == "frame_inside_us" { printf "%.1f", $2 / 1000 }' "$work/drive-$n.txt")
    rss=$(awk '$1 == "peak_rss_kib" { printf "%.1f", $2 / 1024 }' "$work/drive-$n.txt")
    put "$n" first_frame_outside "$frame_out" ms
    put "$n" first_frame_inside "$frame_in" ms
    put "$n" peak_rss "$rss" MiB
    while read -r label med p99; do
        put "$n" "key_${label}_inside_median" "$med" ms
        put "$n" "key_${label}_inside_p99" "$p99" ms
    done < <(stats "$work/keys-$n.csv" 3)
    while read -r label med p99; do
        put "$n" "key_${label}_outside_median" "$med" ms
        put "$n" "key_${label}_outside_p99" "$p99" ms
    done < <(stats "$work/keys-$n.csv" 2)
    while read -r label bytes; do
        put "$n" "key_${label}_bytes_median" "$bytes" bytes
    done < <(stats "$work/keys-$n.csv" 4)

    # The command line.
    put "$n" cli_blocker_list_50 "$(median3 "$baton" --db "$db" blocker list --limit 50)" ms
    put "$n" cli_count_open "$(median3 "$baton" --db "$db" blocker count --state open)" ms
    put "$n" cli_report_md "$(median3 "$baton" --db "$db" report --format md)" ms
    put "$n" cli_flow_json "$(median3 "$baton" --db "$db" flow --format json)" ms
    put "$n" cli_export_yaml "$(median3 "$baton" --db "$db" export --format yaml)" ms
    put "$n" cli_check "$(median3 "$baton" --db "$db" check)" ms
    put "$n" cli_check_quick "$(median3 "$baton" --db "$db" check --quick)" ms
    put "$n" cli_first_same_day "$(first_after 2026-11-26T09:30:00Z "$db")" ms
    put "$n" cli_first_next_day "$(first_after 2026-11-27T09:00:00Z "$db")" ms
    put "$n" cli_first_after_3_months "$(first_after 2027-02-26T09:00:00Z "$db")" ms
    read -r med slow < <(frame_after 2026-11-26T09:30:00Z "$db")
    put "$n" frame_same_day_median "$med" ms
    put "$n" frame_same_day_slowest "$slow" ms
    read -r med slow < <(frame_after 2026-11-27T09:00:00Z "$db")
    put "$n" frame_next_day_median "$med" ms
    put "$n" frame_next_day_slowest "$slow" ms
    read -r med slow < <(frame_after 2027-02-26T09:00:00Z "$db")
    put "$n" frame_after_3_months_median "$med" ms
    put "$n" frame_after_3_months_slowest "$slow" ms

    # taskwarrior with the same open blockers (what `task` lists: pending).
    if [ "$task_on" = 1 ] && { [ "$n" -lt 1000000 ] || [ "$big" = 1 ]; }; then
        tw="$work/task-$n"
        rm -rf "$tw"
        mkdir -p "$tw"
        printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\n' "$tw" >"$tw/taskrc"
        "$baton" --db "$db" blocker list --state open --format json |
            python3 -c '
import json, sys
pri = {1: "H", 2: "H", 3: "M", 4: "L"}
for b in json.load(sys.stdin):
    t = {"description": b.get("title") or b["key"], "status": "pending",
         "project": b.get("project") or "none", "tags": [b.get("state") or "new"]}
    if b.get("severity") in pri: t["priority"] = pri[b["severity"]]
    print(json.dumps(t))' >"$tw/import.json"
        s=$(now_ns)
        TASKRC="$tw/taskrc" TASKDATA="$tw" task rc.verbose=nothing import "$tw/import.json" >/dev/null 2>&1 || true
        e=$(now_ns)
        put "$n" task_import "$(ms $((e - s)))" ms
        export TASKRC="$tw/taskrc" TASKDATA="$tw"
        put "$n" task_next_50 "$(median3 task rc.gc=off next limit:50)" ms
        put "$n" task_count "$(median3 task rc.gc=off count)" ms
        unset TASKRC TASKDATA
        put "$n" task_items "$(wc -l <"$tw/import.json")" tasks
    fi
    rm -f "$work/cockpit.db"* 
done

# The table: one row per metric, one column per scale.
awk -F, 'NR > 1 { k = $2 SUBSEP $1; v[k] = $3; u[$2] = $4
        if (!($1 in seen)) { seen[$1] = 1; s[++ns] = $1 }
        if (!($2 in mseen)) { mseen[$2] = 1; m[++nm] = $2 } }
    END {
        printf "%-34s", "metric"; for (i = 1; i <= ns; i++) printf " %10s", s[i]
        printf " %8s  unit\n", (ns > 1) ? "last/1st" : ""
        for (j = 1; j <= nm; j++) { printf "%-34s", m[j]
            for (i = 1; i <= ns; i++) { k = m[j] SUBSEP s[i]; printf " %10s", (k in v) ? v[k] : "-" }
            a = m[j] SUBSEP s[1]; b = m[j] SUBSEP s[ns]
            if (ns > 1 && (a in v) && (b in v) && v[a] > 0) printf " %7.1fx", v[b] / v[a]; else printf " %8s", ""
            printf "  %s\n", u[m[j]] }
        for (i = 1; i <= ns; i++) { a = "task_next_50" SUBSEP s[i]
            if (!(a in v)) continue
            printf "N=%s: task next limit:50 %.0f ms / baton blocker list --limit 50 %.0f ms = %.1fx;", s[i], v[a], v["cli_blocker_list_50" SUBSEP s[i]], v[a] / v["cli_blocker_list_50" SUBSEP s[i]]
            printf " task count %.0f ms / baton blocker count --state open %.1f ms = %.1fx\n", v["task_count" SUBSEP s[i]], v["cli_count_open" SUBSEP s[i]], v["task_count" SUBSEP s[i]] / v["cli_count_open" SUBSEP s[i]] }
    }' "$csv"
echo "wrote $csv"
