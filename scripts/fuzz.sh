#!/bin/sh
# Builds every libFuzzer target (clang, tests/fuzz/fuzz_*.c) and runs each for
# FUZZ_SECONDS on a copy of its seed corpus, nproc targets at a time (one
# fuzzer process uses one core). Fails when a target crashes or leaks.
# `make fuzz` runs this for 60 s a target; `make check` runs it as step 4 for
# 5 s a target (a smoke run over the seeds and a little beyond, to keep the
# whole check under 10 minutes). FUZZ_SECONDS=600 make fuzz is the long job
# before a release.
set -eu
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# One target: fuzz on a scratch copy of the seeds, then run once more over the
# corpus it grew so a crash fails loudly (libFuzzer exits non-zero on one).
run_target() {
    target=$1
    name=$(basename "$target" | sed 's/^fuzz_//')
    seeds=tests/fuzz/corpus/$name
    work=$(mktemp -d)
    [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/
    {
        echo "-- $target ($seeds)"
        "$target" -max_total_time="$FUZZ_SECONDS" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix=build-fuzz/ "$work" 2>&1 |
            grep -E '^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)' || true
    } >"$LOGS/$name.log"
    if "$target" -runs=0 "$work" >/dev/null 2>&1; then echo 0 >"$LOGS/$name.rc"; else echo 1 >"$LOGS/$name.rc"; fi
    rm -rf "$work"
}
if [ "${1:-}" = "--one" ]; then
    LOGS=$2
    run_target "$3"
    exit 0
fi
# FUZZ_WITH_TESTS=ON keeps the tests in this build (make check compiles it once
# for the clang build, the fuzzing and lint).
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DIX_FUZZ=ON -DIX_TESTS="${FUZZ_WITH_TESTS:-OFF}" -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build-fuzz -j "$JOBS"
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
TARGETS=$(for t in build-fuzz/fuzz_*; do [ -f "$t" ] && [ -x "$t" ] && echo "$t"; done)
printf '%s\n' $TARGETS | xargs -P "$JOBS" -I{} env FUZZ_SECONDS="$FUZZ_SECONDS" "$(pwd)/scripts/fuzz.sh" --one "$LOGS" {}
status=0
[ "$(ls "$LOGS"/*.rc | wc -l)" -eq "$(printf '%s\n' $TARGETS | wc -l)" ] || { echo "fuzz: a target did not run"; status=1; }
for rc in "$LOGS"/*.rc; do
    name=$(basename "$rc" .rc)
    cat "$LOGS/$name.log"
    [ "$(cat "$rc")" = 0 ] || { echo "fuzz target $name crashed"; status=1; }
done
if ls build-fuzz/crash-* build-fuzz/leak-* >/dev/null 2>&1; then
    echo "fuzzing found crashes: $(ls build-fuzz/crash-* build-fuzz/leak-* 2>/dev/null)"
    status=1
fi
[ $status -eq 0 ] && echo "fuzz: no crash, no leak"
exit $status
