#!/bin/bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz and
# runs each for a bounded time: first every seed of its corpus once, whole
# (regression cases included), then fuzzing from those seeds. Any crash,
# leak, sanitizer report, timeout or failed check fails the run and leaves
# the input in build-fuzz/fuzz-work/TARGET/; once fixed, copy it into
# tests/fuzz/corpus/TARGET/ as a regression case.
#
# Usage: bash tests/fuzz/run.sh [SECONDS_PER_TARGET]   (default 6, or
# $BATON_FUZZ_SECONDS). BATON_SKIP_FUZZ=1 skips the run, saying so.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-${BATON_FUZZ_SECONDS:-6}}
if [ "${BATON_SKIP_FUZZ:-0}" = 1 ]; then
    echo "fuzz: skipped (BATON_SKIP_FUZZ=1)"
    exit 0
fi

probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
can_fuzz() {
    command -v clang >/dev/null 2>&1 || return 1
    printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
        >"$probe_dir/p.c"
    clang -fsanitize=fuzzer,address,undefined "$probe_dir/p.c" -o "$probe_dir/p" >/dev/null 2>&1
}
if ! can_fuzz; then
    echo "fuzz: installing clang and its fuzzer runtime"
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    pkgs=(clang)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y clang
    major=$(clang -dumpversion | cut -d. -f1)
    if apt-cache show "libclang-rt-$major-dev" >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "libclang-rt-$major-dev"
    fi
    can_fuzz || { echo "fuzz: clang cannot link -fsanitize=fuzzer here" >&2; exit 1; }
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBATON_FUZZ=ON -DBATON_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_all >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
corpus=tests/fuzz/corpus
work=build-fuzz/fuzz-work
rm -rf "$work"
failed=()
total=0
printf '%-16s %10s %8s %s\n' target execs corpus result
for bin in build-fuzz/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    t=${name#fuzz_}
    seeds=()
    [ -d "$corpus/$t" ] && seeds+=("$corpus/$t")
    # The readers of YAML share the corners of YAML.
    case $t in config | theme | orgfile | readings) seeds+=("$corpus/yaml") ;; esac
    mkdir -p "$work/$t/corpus"
    log=$work/$t/log
    result=ok
    # Every seed once, at its full size.
    if ! "$bin" -runs=0 -max_len=1048576 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$work/$t/" "${seeds[@]}" >"$log.seeds" 2>&1; then
        result="FAILED on a seed (see $log.seeds)"
    # Then fuzzing, new inputs kept in the work folder only.
    elif ! "$bin" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/$t/" \
        "$work/$t/corpus" "${seeds[@]}" >"$log" 2>&1; then
        result="FAILED (see $log)"
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null | tail -1 || true)
    size=$(ls "$work/$t/corpus" | wc -l)
    total=$((total + ${execs:-0}))
    printf '%-16s %10s %8s %s\n' "$t" "${execs:--}" "$size" "$result"
    if [ "$result" != ok ]; then
        failed+=("$t")
        for f in "$log.seeds" "$log"; do
            [ -f "$f" ] && grep -E -A30 'ERROR|fuzz check failed|runtime error|deadly signal|timeout' "$f" | head -60 >&2 || true
        done
        ls "$work/$t/" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | sed "s|^|  input: $work/$t/|" >&2 || true
    fi
done
echo "fuzz: $total executions in all"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: findings in: ${failed[*]}" >&2
    exit 1
fi
