#!/bin/sh
# Steps 2-5 of `make check` (scripts/check.sh runs this beside the tests, under nice):
#  2. a warning-free build with clang (-Werror, with the tests, tools and benchmarks);
#     it is the build lint reads (build-lint: Debug, compile_commands.json), so the
#     code is compiled once for both;
#  3. the core unit tests under valgrind;
#  4. each libFuzzer target for FUZZ_SECONDS (default 5), two at a time;
#  5. clang-tidy and cppcheck over all code.
set -eu
cd "$(dirname "$0")/.."
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
echo "== 2. warning-free build with clang"
cmake -S . -B build-lint -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DIX_TESTS=ON \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build-lint -j "$JOBS" || { echo "FAILED: clang build"; exit 1; }
echo "== 3. core unit tests under valgrind"
./scripts/valgrind.sh || { echo "FAILED: valgrind"; exit 1; }
echo "== 4. fuzz targets, ${FUZZ_SECONDS}s each"
FUZZ_SECONDS=$FUZZ_SECONDS ./scripts/fuzz.sh || { echo "FAILED: fuzz"; exit 1; }
echo "== 5. clang-tidy and cppcheck"
LINT_BUILD=build-lint ./scripts/lint.sh || { echo "FAILED: lint"; exit 1; }
