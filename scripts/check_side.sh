#!/bin/sh
# Steps 2-5 of `make check` (scripts/check.sh runs this beside the tests, under nice):
#  2. a warning-free build with clang (-Werror, with the tests, tools and benchmarks):
#     the fuzz build (IX_FUZZ=ON), which step 4 runs and step 5 reads
#     (compile_commands.json), so clang compiles the code once for all three;
#  3. the core unit tests under valgrind;
#  4. each libFuzzer target for FUZZ_SECONDS (default 5), two at a time;
#  5. clang-tidy and cppcheck over all code.
set -eu
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
START=$(date +%s)
# took STEP: how long the steps so far took (wall seconds), for the log.
took() { echo "-- $1 done at $(( $(date +%s) - START )) s"; }
echo "== 2. warning-free build with clang (the fuzz build, tests included)"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DIX_FUZZ=ON -DIX_TESTS=ON -DCMAKE_C_COMPILER=clang \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build-fuzz -j "$JOBS" || { echo "FAILED: clang build"; exit 1; }
took "clang build"
echo "== 3. core unit tests under valgrind"
./scripts/valgrind.sh || { echo "FAILED: valgrind"; exit 1; }
took valgrind
echo "== 4. fuzz targets, ${FUZZ_SECONDS}s each"
FUZZ_SECONDS=$FUZZ_SECONDS FUZZ_WITH_TESTS=ON ./scripts/fuzz.sh || { echo "FAILED: fuzz"; exit 1; }
took fuzz
echo "== 5. clang-tidy and cppcheck"
LINT_ANALYZER=exposed LINT_BUILD=build-fuzz ./scripts/lint.sh || { echo "FAILED: lint"; exit 1; }
took lint
