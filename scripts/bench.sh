#!/bin/sh
# Builds the benchmarks (bench/bench_*.c) in Release and runs each one.
#   ./scripts/bench.sh [BUILD_DIR]      (default: build; `make bench` passes $(BUILD))
# A build directory that is not configured yet is configured as Release; one
# that is configured otherwise is used as it is, with a warning, since Debug
# or sanitizer figures say little about speed.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
JOBS=$(nproc 2>/dev/null || echo 2)

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DIX_TESTS=OFF
else
    cmake -S "$ROOT" -B "$BUILD" >/dev/null # picks up bench files added since
fi
type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
if [ "$type" != Release ]; then
    echo "bench: warning: $BUILD is configured as '${type:-no build type}', not Release" >&2
fi
if grep -q '^IX_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt"; then
    echo "bench: warning: $BUILD is built with sanitizers; the figures are not representative" >&2
fi

# Only the benchmark targets: they need the library, not the command. One
# that fails to build is reported and the others still run.
status=0
found=0
for src in "$ROOT"/bench/bench_*.c; do
    [ -f "$src" ] || continue
    found=1
    name=$(basename "$src" .c)
    rm -f "$BUILD/$name"
    if ! cmake --build "$BUILD" --target "$name" -j "$JOBS"; then
        echo "bench: $name does not build" >&2
        status=1
    fi
done
[ "$found" = 1 ] || { echo "bench: no bench/bench_*.c" >&2; exit 1; }

# Packages only the benchmarks need (not the tests): installed when missing
# and we are root, else the comparison is skipped with a message.
BENCH_DEPS="python3-numpy"
missing=""
for p in $BENCH_DEPS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ] && [ "$(id -u)" = 0 ]; then
    echo "bench: installing Debian packages:$missing"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing || true
fi

for exe in "$BUILD"/bench_*; do
    [ -f "$exe" ] && [ -x "$exe" ] || continue
    echo "== $(basename "$exe")"
    (cd "$ROOT" && "$exe") || status=1
done
# The NumPy baseline of bench_sensitivity (same data and choices; the
# ratio is measured in this run).
if [ -x "$BUILD/bench_sensitivity" ]; then
    echo "== ua_numpy.py (vs bench_sensitivity)"
    if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
        /usr/bin/python3 "$ROOT/bench/ua_numpy.py" "${IX_BENCH_DIR:-/tmp/indeks-bench-sa}" || status=1
    else
        echo "bench: skipped: python3-numpy is not installed (apt-get install python3-numpy)"
    fi
fi
for sh in "$ROOT"/bench/*.sh; do [ -f "$sh" ] && { echo "== $(basename "$sh")"; sh "$sh" "$BUILD" || status=1; }; done # bench/bench_http.sh: indeks serve vs nginx
exit $status
