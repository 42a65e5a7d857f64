#!/bin/sh
# The core's unit tests under valgrind (memcheck): no invalid access, no
# uninitialised read, no definite or indirect leak. A separate build without
# sanitizers (valgrind and ASan do not mix), -O2 -g (traces stay useful).
# usage: scripts/valgrind.sh [test_name ...]   (default: the core tests)
set -eu
cd "$(dirname "$0")/.."
BUILD=${VALGRIND_BUILD:-build-valgrind}
TESTS=${*:-test_csv test_number test_table test_socio test_series test_composite_steps test_composite_treat test_gusa_core test_gusa_indicators test_proposals test_edition_diff test_learn}
JOBS=$(nproc 2>/dev/null || echo 2)
# --track-origins=yes says where an uninitialised value came from, at about
# twice the time: VALGRIND_ORIGINS=1 when chasing one (make check runs without).
ORIGINS=""
[ -n "${VALGRIND_ORIGINS:-}" ] && ORIGINS="--track-origins=yes"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O2 -g" -DIX_SANITIZE=OFF \
      -DCMAKE_C_COMPILER=gcc >/dev/null
# The whole tree, at -O2 like `make demo`'s Release build: gcc warns about
# some things (a NULL for %s, a truncated snprintf) only when it optimises,
# so this build is also the check that the release compiles without warnings.
cmake --build "$BUILD" -j "$JOBS"
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
# Each test from the repository root (they read tests/data and ../shared),
# nproc at a time.
printf '%s\n' $TESTS | xargs -P "$JOBS" -I{} sh -c '
    valgrind --quiet --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect \
             --errors-for-leak-kinds=definite,indirect $3 \
             "$0/tests/$1" >"$2/$1.log" 2>&1
    echo $? >"$2/$1.rc"' "$BUILD" {} "$LOGS" "$ORIGINS"
status=0
for t in $TESTS; do
    rc=$(cat "$LOGS/$t.rc")
    if [ "$rc" = 0 ]; then
        echo "valgrind $t: clean"
    elif [ "$rc" = 77 ]; then
        echo "valgrind $t: skipped (needs ../shared/data)"
    else
        echo "valgrind $t: FAILED (exit $rc)"
        grep -E '^==[0-9]+==|FAILED|ERROR' "$LOGS/$t.log" | head -60
        status=1
    fi
done
exit $status
