# Shared by bench/flow.sh and bench/standup.sh (sourced, not run): their
# set-up, the per-key statistics of a ptydrive CSV and the table printed
# from a "scale,metric,median_ms,p99_ms,max_ms" CSV.

# The tools and the place to work in, for a script named NAME: a Release
# baton built in build-bench/ unless $baton names one (made absolute),
# ptydrive, the folder $work ($keep, else a temporary one removed on
# exit), a frozen clock and no personal configuration.
bench_setup() {
    local name=$1
    build="$root/build-bench"
    if [ -z "$baton" ]; then
        cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
        cmake --build "$build" -j2 --target baton >/dev/null
        baton="$build/baton"
    fi
    case $baton in /*) ;; *) baton=$PWD/$baton ;; esac
    mkdir -p "$here/out" "$build"
    cc -O2 -o "$build/ptydrive" "$here/ptydrive.c" -lutil
    work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/baton-$name.XXXXXX")}
    mkdir -p "$work"
    [ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
    export BATON_NOW=2026-11-26T09:00:00Z
    export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
    unset BATON_DB NO_COLOR BATON_SQL_PROFILE
}

# The results CSV of a script (its header written) and the line saying
# what ran where.
results_start() {
    csv="$here/out/$1.csv"
    echo "scale,metric,median_ms,p99_ms,max_ms" >"$csv"
    echo "$("$baton" --version 2>/dev/null || echo baton), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The organisation of N blockers in $work/org-N.db (generated unless kept
# from an earlier run: seed 1, the WAL checkpointed), its path in $db.
org_db() {
    db="$work/org-$1.db"
    if [ ! -s "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$baton" --db "$db" demo --scale "$1" --seed 1 >/dev/null
        "$baton" --db "$db" check --quick >/dev/null 2>&1 || true
    fi
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

# Appends scale n's inside and outside figures of a ptydrive CSV to the
# results CSV, each metric named PREFIX LABEL _inside or _outside.
put_keys() {
    local n=$1 keys_csv=$2 out=$3 prefix=$4 label med p99 max
    while read -r label med p99 max; do
        echo "$n,${prefix}${label}_inside,$med,$p99,$max" >>"$out"
    done < <(stats "$keys_csv" 3)
    while read -r label med p99 max; do
        echo "$n,${prefix}${label}_outside,$med,$p99,$max" >>"$out"
    done < <(stats "$keys_csv" 2)
}

# The table: one line per figure, a column per scale, and last/first.
table() {
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
    }' "$1"
}
