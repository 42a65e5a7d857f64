#!/bin/sh
# Every test (the README's `make check`): 
#  1. unit and command tests under AddressSanitizer + UndefinedBehaviorSanitizer (gcc);
#  2. a warning-free build with clang (-Werror);
#  3. the core unit tests under valgrind (memcheck, no errors, no leaks);
#  4. each libFuzzer target for FUZZ_SECONDS (default 15) on its seed corpus;
#  5. clang-tidy and cppcheck with the checked-in configuration.
# Tests that need ../shared/data skip with a message when it is absent.
set -eu
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-15}

echo "== 0. banned calls"
./scripts/banned.sh

echo "== 1. tests under ASan+UBSan (gcc)"
cmake -S . -B build-check -DCMAKE_BUILD_TYPE=Debug -DIX_SANITIZE=ON -DIX_FAILALLOC=ON -DCMAKE_C_COMPILER=gcc >/dev/null
cmake --build build-check -j "$JOBS"
# scripts/pg.sh starts a throwaway PostgreSQL for the store tests and stops it after.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ./scripts/pg.sh ctest --test-dir build-check --output-on-failure -j "$JOBS"

echo "== 2. warning-free build with clang"
cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build-clang -j "$JOBS"

echo "== 3. core unit tests under valgrind"
./scripts/valgrind.sh

echo "== 4. fuzz targets, ${FUZZ_SECONDS}s each"
FUZZ_SECONDS=$FUZZ_SECONDS ./scripts/fuzz.sh
echo "== 5. clang-tidy and cppcheck"
./scripts/lint.sh

echo "== all checks passed"
