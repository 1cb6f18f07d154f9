#!/bin/bash
# Valgrind memcheck over every unit test and one end-to-end run of the
# command line (init, import, demo, listings in every format, export,
# import of the export, blocker verbs, readings, check). Any invalid read
# or write, use of uninitialised memory, or definite or indirect leak
# fails the run. tests/valgrind.supp holds the only suppressions, each
# with its reason. Builds without sanitizers in build-valgrind.
# Usage: bash tests/valgrind.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-valgrind}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DBATON_WERROR=ON >/dev/null
cmake --build "$build" -j"$jobs" >/dev/null

export BATON_SRCDIR=$root BATON_NOW=2026-11-26T09:00:00Z
T=$(mktemp -d /tmp/baton-valgrind-XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
unset BATON_DB
VG=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --track-origins=yes --suppressions="$root/tests/valgrind.supp" --quiet)

# Unit tests, two at a time; each writes its own log.
ls "$build"/test_* | grep -v '\.' >"$T/tests" || true
export T
vg_test() {
    local name
    name=$(basename "$1")
    if "${VG[@]}" --log-file="$T/$name.vg" "$1" >"$T/$name.out" 2>&1; then
        echo "ok   $name"
    else
        echo "FAIL $name"
        cat "$T/$name.vg" "$T/$name.out" | head -80 >&2
        return 1
    fi
}
failed=0
while read -r t; do
    vg_test "$t" &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || failed=1; done
done <"$T/tests"
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done

# One end-to-end run of the command line.
B=$build/baton
cd "$T"
e2e=(
    "--db a.db init"
    "--db a.db import $root/tests/data/org/good.yaml"
    "--db a.db blocker add --project ENG-1 --title hostile-\e[31m-title"
    "--db a.db blocker list --state all --format table"
    "--db a.db blocker list --format csv"
    "--db a.db blocker list --format md"
    "--db a.db blocker list --format json"
    "--db a.db blocker show B-1"
    "--db a.db blocker accept B-1 --severity 2 --waiting-on FIN"
    "--db a.db blocker start B-1"
    "--db a.db blocker resolve B-1 --note done"
    "--db a.db project list"
    "--db a.db department list"
    "--db a.db indicator record revenue 5 --at 2026-11-01"
    "--db a.db indicator list --format json"
    "--db a.db export --format yaml --output-file a.yaml"
    "--db a.db check"
    "--db b.db demo --scale 300"
    "--db b.db blocker list --breached"
    "config check $root/config/baton.yaml"
    "--db a.db blocker lst"
    "--db a.db blocker add --severity 9"
)
for args in "${e2e[@]}"; do
    if [[ $args == *--output-file* ]]; then
        # export writes to stdout; the file is the next command's input.
        args=${args% --output-file *}
        rc=0
        "${VG[@]}" --log-file=vg.log "$root/$B" $args >a.yaml 2>/dev/null || rc=$?
    else
        rc=0
        "${VG[@]}" --log-file=vg.log "$root/$B" $args >/dev/null 2>&1 || rc=$?
    fi
    if [ $rc = 99 ] || [ -s vg.log ]; then
        echo "FAIL baton $args" >&2
        head -60 vg.log >&2
        failed=1
    fi
done
"$root/$B" --db c.db init >/dev/null
"${VG[@]}" --log-file=vg.log "$root/$B" --db c.db import a.yaml >/dev/null 2>&1 || true
if [ -s vg.log ]; then
    echo "FAIL baton import of the export" >&2
    head -60 vg.log >&2
    failed=1
fi
if [ $failed != 0 ]; then
    echo "valgrind: errors found" >&2
    exit 1
fi
echo "valgrind: clean"
