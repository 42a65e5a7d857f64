#!/bin/sh
# Outputs survive SIGKILL: `indeks ... -o out.csv` is killed at a range of
# moments (reading, computing, writing, renaming) and out.csv must then be
# byte for byte the old file or the complete new one, never a mixture or a
# prefix. Every output goes through ix_write_file_atomic (lib/io/base/outfile.c):
# a temporary file beside the target, fsync, rename.
#
# A killed process cannot remove its temporary file, so a stale
# out.csv.tmp.XXXXXX may remain after SIGKILL (only then: every other failure
# removes it). It is never mistaken for the output: the target is only ever
# replaced by rename(2), which is atomic. The names are mkstemp's, unique per
# run, so two runs writing the same target never share a temporary file.
# This test checks that any leftover has exactly that form, and that the next
# complete run leaves none of its own.
#
# Two commands: socio (the one users run most; 98 rows, so the input is
# made large with a wide note column and most kills land while reading) and
# composite with 20 000 units (1.3 MB of output, so some kills land while
# writing). The inputs are generated here from fixed patterns.
#
# usage: tests/kill_output.sh INDEKS
set -u
INDEKS=$1
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
fail=0

# socio: the demo data with a 100 KB note in every row (about 10 MB).
"$INDEKS" demo-data socio -o demo.csv || exit 1
awk 'BEGIN { s = "n"; while (length(s) < 102400) s = s s; FS = OFS = "," }
     NR == 1 { print $0, "note"; next } { print $0, s }' demo.csv >socio_big.csv
# composite: 20 000 units, three indicators.
awk 'BEGIN { print "uCode,uName,i1,i2,i3"
             for (i = 1; i <= 20000; i++)
                 printf "u%d,Unit %d,%d.5,%d,%d\n", i, i, i % 997, (i * 7) % 1009, (i * 13) % 101 }' \
    >idata.csv
META=$ROOT/tests/data/bad/good/imeta.csv

# check NAME CMD...: the reference output, then kills at several moments.
check() {
    name=$1
    shift
    "$@" -o "ref_$name.csv" 2>/dev/null || { echo "$name: the uninterrupted run failed"; fail=1; return; }
    printf 'old contents of %s\n' "$name" >"old_$name.csv"
    for delay in 0.01 0.05 0.1 0.13 0.16 0.2 0.5 1.0 2.0; do
        cp "old_$name.csv" out.csv
        "$@" -o out.csv 2>/dev/null &
        pid=$!
        sleep "$delay"
        kill -KILL "$pid" 2>/dev/null && how=killed || how=finished
        wait "$pid" 2>/dev/null
        if cmp -s out.csv "old_$name.csv"; then
            state=old
        elif cmp -s out.csv "ref_$name.csv"; then
            state=new
        else
            echo "FAIL $name: killed after ${delay}s, out.csv is neither the old nor the complete new file ($(wc -c <out.csv) bytes)"
            fail=1
            state=broken
        fi
        left=""
        for f in out.csv.*; do
            [ -e "$f" ] || continue
            case $f in
            out.csv.tmp.??????)
                left=", stale $f ($(wc -c <"$f") bytes) left by the kill"
                [ "$how" = killed ] || { echo "FAIL $name: $f left by a run that finished"; fail=1; } ;;
            *) echo "FAIL $name: unexpected file $f"; fail=1 ;;
            esac
            rm -f "$f"
        done
        echo "$name: ${delay}s: $how, out.csv is the $state file$left"
    done
    # And killed the moment its temporary file appears (while writing it):
    # the shell polls the directory without forking, so this lands between
    # mkstemp and rename whenever the write takes longer than one poll.
    for try in 1 2 3; do
        cp "old_$name.csv" out.csv
        "$@" -o out.csv 2>/dev/null &
        pid=$!
        seen=""
        while [ -z "$seen" ] && kill -0 "$pid" 2>/dev/null; do
            for f in out.csv.tmp.*; do [ -e "$f" ] && seen=$f; done
        done
        kill -KILL "$pid" 2>/dev/null && how=killed || how=finished
        wait "$pid" 2>/dev/null
        if cmp -s out.csv "old_$name.csv"; then state=old
        elif cmp -s out.csv "ref_$name.csv"; then state=new
        else echo "FAIL $name: killed while writing, out.csv is broken"; fail=1; state=broken; fi
        size=""
        [ -n "$seen" ] && [ -e "$seen" ] && size=" (stale $seen: $(wc -c <"$seen") of $(wc -c <"ref_$name.csv") bytes)"
        echo "$name: when the temporary file appeared: $how, out.csv is the $state file$size"
        rm -f out.csv.tmp.*
    done
    # A complete run after the kills: the new file, and no temporary left.
    "$@" -o out.csv 2>/dev/null && cmp -s out.csv "ref_$name.csv" ||
        { echo "FAIL $name: the run after the kills did not write the output"; fail=1; }
    if ls out.csv.tmp.* >/dev/null 2>&1; then
        echo "FAIL $name: a complete run left a temporary file"
        fail=1
    fi
}

check socio "$INDEKS" socio --data socio_big.csv --normalise-weights
check composite "$INDEKS" composite --data idata.csv --meta "$META"
[ $fail -eq 0 ] && echo "outputs intact after every SIGKILL"
exit $fail
