#!/bin/sh
# Every test (the README's `make check`):
#  0. no banned calls;
#  1. unit and command tests under AddressSanitizer + UndefinedBehaviorSanitizer (gcc);
#  2. a warning-free build with clang (-Werror, with the tests, tools and benchmarks);
#  3. the core unit tests under valgrind (memcheck, no errors, no leaks);
#  4. each libFuzzer target for FUZZ_SECONDS (default 5 here; `make fuzz` 60), two at a time;
#  5. clang-tidy and cppcheck with the checked-in configuration, over all code.
# Steps 2-5 run beside step 1's tests, at a lower priority (nice): the tests
# spend much of their time waiting on servers, sockets and child processes,
# and the tests are made to pass while another build loads both cores. This
# keeps the whole check under 10 minutes on two cores.
# Tests that need ../shared/data skip with a message when it is absent.
set -eu
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-5}

echo "== 0. banned calls"
./scripts/banned.sh

echo "== 1. build for the tests under ASan+UBSan (gcc)"
cmake -S . -B build-check -DCMAKE_BUILD_TYPE=Debug -DIX_SANITIZE=ON -DIX_FAILALLOC=ON -DCMAKE_C_COMPILER=gcc >/dev/null
cmake --build build-check -j "$JOBS"

# Steps 2-5 (scripts/check_side.sh) in the background at a lower priority;
# their output goes to a log printed after the tests.
SIDE_LOG=$(mktemp)
trap 'rm -f "$SIDE_LOG" "$SIDE_LOG.rc"' EXIT
(FUZZ_SECONDS=$FUZZ_SECONDS nice -n 10 ./scripts/check_side.sh >"$SIDE_LOG" 2>&1; echo $? >"$SIDE_LOG.rc") &
SIDE_PID=$!

echo "== 1. tests under ASan+UBSan (gcc); steps 2-5 run beside them"
# scripts/pg.sh starts a throwaway PostgreSQL for the store tests and stops it after.
tests_rc=0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ./scripts/pg.sh ctest --test-dir build-check --output-on-failure -j "$JOBS" || tests_rc=$?

wait "$SIDE_PID" || true
cat "$SIDE_LOG"
side_rc=$(cat "$SIDE_LOG.rc" 2>/dev/null || echo 1)
[ "$tests_rc" -eq 0 ] || { echo "== FAILED: the tests (step 1)"; exit 1; }
[ "$side_rc" -eq 0 ] || { echo "== FAILED: a step of 2-5 (see above)"; exit 1; }
echo "== all checks passed"
