#!/bin/bash
# The whole test suite, as CI runs it: build with warnings as errors and
# run every test, then again with AddressSanitizer and UBSan, then run
# every fuzz target for a bounded time (about a minute in all; clang and
# its fuzzer runtime are installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-test -DBATON_WERROR=ON
cmake --build build-test -j"$jobs"
ctest --test-dir build-test --output-on-failure
cmake -S . -B build-san -DBATON_WERROR=ON -DBATON_SANITIZE=ON
cmake --build build-san -j"$jobs"
ctest --test-dir build-san --output-on-failure
bash tests/fuzz/run.sh
