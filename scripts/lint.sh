#!/bin/sh
# Static analysis of lib/, cli/ and server/ with the checked-in configurations:
#  - clang-tidy (.clang-tidy: bugprone-*, the clang static analyzer, chosen
#    CERT C rules; every finding is an error);
#  - cppcheck (warning + portability; suppressions with their reasons in
#    scripts/cppcheck-suppressions.txt).
# A false positive is silenced where it occurs with
# `// NOLINT(check-name)` plus the reason, or in the suppressions file.
# usage: scripts/lint.sh [FILE.c ...]   (default: every .c under lib/, cli/, server/, tests/,
# tools/ and bench/; tests/.clang-tidy turns off three checks for test code)
set -eu
cd "$(dirname "$0")/.."
BUILD=${LINT_BUILD:-build-lint}
JOBS=$(nproc 2>/dev/null || echo 2)
TIDY=$(command -v clang-tidy-14 || command -v clang-tidy || true)
RUN_TIDY=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
command -v cppcheck >/dev/null || { echo "cppcheck is not installed (apt-get install cppcheck)"; exit 1; }
[ -n "$TIDY" ] || { echo "clang-tidy is not installed (apt-get install clang-tidy)"; exit 1; }
if [ $# -gt 0 ]; then FILES="$*"; else FILES=$(find lib cli server tests tools bench -name '*.c' | sort); fi

# compile_commands.json only (and the generated sources it names).
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DIX_TESTS=ON \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
status=0

echo "== cppcheck"
# shellcheck disable=SC2086
cppcheck --quiet --std=c11 --enable=warning,portability --inline-suppr --error-exitcode=1 \
         -j "$JOBS" -I include -I lib/core -I lib/io -I lib/store -I lib/web -I server -D_POSIX_C_SOURCE=200809L '-DIX_VERSION="0"' \
         --suppressions-list=scripts/cppcheck-suppressions.txt $FILES || status=1

echo "== clang-tidy"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# shellcheck disable=SC2086
if [ -n "$RUN_TIDY" ]; then
    "$RUN_TIDY" -clang-tidy-binary "$TIDY" -p "$BUILD" -j "$JOBS" -quiet \
        $(printf '%s\n' $FILES | sed 's|^|'"$(pwd)"'/|; s|$|$|' | paste -sd'|') >"$LOG" 2>&1 || status=1
else
    "$TIDY" -p "$BUILD" --quiet $FILES >"$LOG" 2>&1 || status=1
fi
# The findings alone, without colour and the analyzer's path notes.
sed 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -E '(error|warning): ' | grep -v '^Error while processing' | sort -u || true
[ $status -eq 0 ] && echo "lint: clean"
exit $status
