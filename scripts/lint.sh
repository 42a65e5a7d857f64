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
#
# The static analyzer (clang-analyzer-*) is about 95 % of the time (some 5
# CPU-minutes over the whole tree, against 20 seconds for every other check).
# LINT_ANALYZER limits it, the other checks still run on every file:
#   all (default, `make lint`): every file;
#   exposed (`make check`): the code that holds personal data or reads the
#     network: lib/store/, lib/web/, server/, lib/io/gusa/ (the rest is
#     analyzed by `make lint`, which is run before a landing).
set -eu
cd "$(dirname "$0")/.."
BUILD=${LINT_BUILD:-build-lint}
JOBS=$(nproc 2>/dev/null || echo 2)
TIDY=$(command -v clang-tidy-14 || command -v clang-tidy || true)
RUN_TIDY=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
command -v cppcheck >/dev/null || { echo "cppcheck is not installed (apt-get install cppcheck)"; exit 1; }
[ -n "$TIDY" ] || { echo "clang-tidy is not installed (apt-get install clang-tidy)"; exit 1; }
if [ $# -gt 0 ]; then FILES="$*"; else FILES=$(find lib cli server tests tools bench -name '*.c' | sort); fi
case ${LINT_ANALYZER:-all} in
all) ANALYZED=$FILES ;;
exposed) ANALYZED=$(printf '%s\n' $FILES | grep -E '^(lib/store|lib/web|server|lib/io/gusa)/' || true) ;;
*) echo "LINT_ANALYZER must be all or exposed"; exit 2 ;;
esac

# compile_commands.json only (and the generated sources it names).
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DIX_TESTS=ON \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
status=0

echo "== cppcheck"
# shellcheck disable=SC2086
cppcheck --quiet --std=c11 --enable=warning,portability --inline-suppr --error-exitcode=1 \
         -j "$JOBS" -I include -I lib/core -I lib/io -I lib/store -I lib/web -I server -D_POSIX_C_SOURCE=200809L '-DIX_VERSION="0"' \
         --suppressions-list=scripts/cppcheck-suppressions.txt $FILES || status=1

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# tidy EXTRA_CHECKS FILE...: clang-tidy with the checked-in configuration,
# EXTRA_CHECKS appended to it ("" for none), the output added to $LOG.
tidy() {
    extra=$1
    shift
    [ $# -gt 0 ] || return 0
    # shellcheck disable=SC2086
    if [ -n "$RUN_TIDY" ]; then
        "$RUN_TIDY" -clang-tidy-binary "$TIDY" -p "$BUILD" -j "$JOBS" -quiet ${extra:+-checks=$extra} \
            $(printf '%s\n' "$@" | sed 's|^|'"$(pwd)"'/|; s|$|$|' | paste -sd'|') >>"$LOG" 2>&1 || status=1
    else
        "$TIDY" -p "$BUILD" --quiet ${extra:+--checks=$extra} "$@" >>"$LOG" 2>&1 || status=1
    fi
}
if [ "$ANALYZED" = "$FILES" ]; then
    echo "== clang-tidy"
    # shellcheck disable=SC2086
    tidy "" $FILES
else
    REST=$(printf '%s\n' $FILES | grep -vxF "$(printf '%s\n' $ANALYZED)" || true)
    echo "== clang-tidy, all checks, on the exposed code ($(printf '%s\n' $ANALYZED | grep -c .) files)"
    # shellcheck disable=SC2086
    tidy "" $ANALYZED
    echo "== clang-tidy without the analyzer on the rest ($(printf '%s\n' $REST | grep -c .) files; make lint: all)"
    # shellcheck disable=SC2086
    tidy "-clang-analyzer-*" $REST
fi
# The findings alone, without colour and the analyzer's path notes.
sed 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -E '(error|warning): ' | grep -v '^Error while processing' | sort -u || true
[ $status -eq 0 ] && echo "lint: clean"
exit $status
