#!/bin/sh
# Builds every libFuzzer target (clang, tests/fuzz/fuzz_*.c) and runs each for
# FUZZ_SECONDS (default 15) on a copy of its seed corpus. Fails when a target
# crashes or leaks. `make fuzz` runs this; `make check` runs it as step 4.
# FUZZ_SECONDS=600 make fuzz is the long job before a release.
set -eu
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DIX_FUZZ=ON -DIX_TESTS=OFF -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build-fuzz -j "$JOBS"
for target in build-fuzz/fuzz_*; do
    [ -x "$target" ] || continue
    name=$(basename "$target" | sed 's/^fuzz_//')
    seeds=tests/fuzz/corpus/$name
    work=$(mktemp -d)
    [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/
    echo "-- $target ($seeds)"
    "$target" -max_total_time="$FUZZ_SECONDS" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix=build-fuzz/ "$work" 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)' || true
    # libFuzzer exits non-zero on a crash; run once more over the corpus to fail loudly.
    "$target" -runs=0 "$work" >/dev/null 2>&1 || { echo "fuzz target $name crashed"; exit 1; }
    rm -rf "$work"
done
if ls build-fuzz/crash-* build-fuzz/leak-* >/dev/null 2>&1; then
    echo "fuzzing found crashes: $(ls build-fuzz/crash-* build-fuzz/leak-* 2>/dev/null)"
    exit 1
fi
echo "fuzz: no crash, no leak"
