#!/bin/sh
# Allocation-failure runs over the core's unit tests (docs/hardening.md).
#
# For each test executable built with tests/alloc/failalloc.c (CMake option
# IX_FAILALLOC, targets <test>_failalloc): one run without failure counts
# its allocations (N); then, for k = 1, 2, ..., a run in which the k-th
# allocation fails, until a run reports that k was not reached. A run fails
# this check when it
#   - crashes: a signal, a sanitizer report, or cmocka's "exception" (cmocka
#     catches SIGSEGV itself, so the signal never reaches us);
#   - leaks: failalloc's leak check at the first failed assertion (exit 97)
#     or LeakSanitizer at exit;
#   - hangs (timeout 120 s: wide, for a loaded machine).
# A failed assertion is expected: the library returned an error where the
# test wanted success.
#
# The budget: `make check` runs at most IX_FAILALLOC_MAX_RUNS (default 60)
# injected runs per executable: every k up to 20 (the set-up allocations,
# where error paths are densest), then k spread evenly over the rest, always
# including the last allocation. That keeps the whole test well under a
# minute on two cores. The full sweep (every k, about 8 minutes on two idle
# cores) is an explicit long job: `make failalloc-full`, which sets
# IX_FAILALLOC_MAX_RUNS=0 (docs/hardening.md). Executables run in parallel
# (nproc). A test executable that skips part of itself (exit 77: ../shared
# absent) is counted, not failed.
# usage: tests/alloc/run.sh BUILD_TESTS_DIR [test_name ...]
set -u
DIR=$1
shift
TESTS=${*:-test_csv test_number test_table test_socio test_series test_composite_steps test_composite_treat}
MAX_RUNS=${IX_FAILALLOC_MAX_RUNS:-60}
FULL=20
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:print_summary=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One executable: prints its findings and a summary line; exit 1 on any.
check_one() {
    name=$1
    OUT=$(mktemp)
    status=0
    exe=$DIR/${name}_failalloc
    if [ ! -x "$exe" ]; then
        echo "$name: $exe is missing (configure with -DIX_FAILALLOC=ON)"
        status=1
        return 1
    fi
    IX_FAIL_ALLOC=0 timeout 300 "$exe" >"$OUT" 2>&1
    rc=$?
    n=$(sed -n 's/^failalloc: \([0-9]*\) allocations$/\1/p' "$OUT" | tail -1)
    # 77: cmocka passed, a part needing ../shared skipped (see tests/unit).
    if { [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; } || [ -z "$n" ]; then
        echo "$name: fails without any injected failure (exit $rc):"
        tail -20 "$OUT"
        return 1
    fi
    stride=1
    if [ "$MAX_RUNS" -gt $((FULL + 1)) ] && [ "$n" -gt "$MAX_RUNS" ]; then
        # ceil((n - FULL) / (MAX_RUNS - FULL - 1)): the spread part ends at n.
        stride=$(( (n - FULL + MAX_RUNS - FULL - 2) / (MAX_RUNS - FULL - 1) ))
    fi
    k=1 runs=0 bad=0 injected=0
    while :; do
        IX_FAIL_ALLOC=$k timeout 120 "$exe" >"$OUT" 2>&1
        rc=$?
        runs=$((runs + 1))
        grep -q "^failalloc: k=$k not reached" "$OUT" && break
        problem=""
        case $rc in
        0 | 1 | 77 | 98) ;; # passed (maybe partly skipped), or a failed assertion (expected)
        97) problem="leak" ;;
        124) problem="hang (timeout)" ;;
        *) problem="exit status $rc" ;;
        esac
        if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error:' "$OUT"; then
            problem="${problem:+$problem, }sanitizer report"
        fi
        if grep -q 'Test failed with exception' "$OUT"; then
            problem="${problem:+$problem, }crash (cmocka exception)"
        fi
        grep -q "^failalloc: k=$k injected" "$OUT" && injected=$((injected + 1))
        if [ -n "$problem" ]; then
            bad=$((bad + 1))
            status=1
            echo "FAIL $name k=$k: $problem"
            grep -E 'ERROR|#[0-9]+ 0x|exception|LINE|SUMMARY|failalloc' "$OUT" | head -25 | sed 's/^/    | /'
        fi
        if [ "$k" -lt "$FULL" ]; then
            k=$((k + 1))
        elif [ "$k" -lt "$n" ] && [ $((k + stride)) -gt "$n" ]; then
            k=$n   # always try the last allocation
        else
            k=$((k + stride))
        fi
        if [ "$MAX_RUNS" -gt 0 ] && [ "$runs" -gt $((MAX_RUNS + 100)) ]; then
            echo "$name: stopped after $runs runs (allocation count keeps growing?)"
            status=1
            break
        fi
    done
    note=""
    [ "$stride" -gt 1 ] && note=" (sampled: every k up to $FULL, then every k-th in steps of $stride)"
    echo "$name: $n allocations, $runs runs$note, $bad with a crash or leak"
    rm -f "$OUT"
    return $status
}

if [ "${1:-}" = "--one" ]; then
    check_one "$2"
    exit $?
fi
# Each executable in its own process, nproc at a time; outputs kept apart.
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
JOBS=$(nproc 2>/dev/null || echo 2)
printf '%s\n' $TESTS | xargs -P "$JOBS" -I{} sh -c '"$0" "$1" --one "$2" >"$3/$2.log" 2>&1; echo $? >"$3/$2.rc"' \
    "$0" "$DIR" {} "$LOGS"
status=0
for name in $TESTS; do
    cat "$LOGS/$name.log"
    [ "$(cat "$LOGS/$name.rc" 2>/dev/null)" = 0 ] || status=1
done
exit $status
