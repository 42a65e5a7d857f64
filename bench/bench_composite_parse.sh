#!/bin/sh
# Reading a composite grows linearly with its indicators (issue 12, point
# 13): IDATA/IMETA with N and with 10 N indicators (SYNTHETIC, a fixed
# pattern: 5 units, one pillar, weights 1) run through `indeks composite`
# in the same run, and the two times compared. Linear reading gives a ratio
# near 10 (a little more for sorting); the old scan per column gave near 50
# (20,000 indicators: 37.5 s under ASan, 13 s in a release build).
# Prints the ratio; a ratio over 30 exits 1. Not part of `make check` (it
# times things).
# usage: bench/bench_composite_parse.sh INDEKS [N]   (N defaults to 2000)
set -u
INDEKS=$1
[ -d "$INDEKS" ] && INDEKS=$INDEKS/indeks   # scripts/bench.sh passes the build folder
N=${2:-2000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
gen() {
    awk -v n="$1" -v dir="$T" 'BEGIN {
        data = dir "/d" n ".csv"; meta = dir "/m" n ".csv"
        printf "uCode,uName" > data
        for (i = 1; i <= n; i++) printf ",i%d", i > data
        printf "\n" > data
        for (u = 1; u <= 5; u++) {
            printf "u%d,Unit %d", u, u > data
            for (i = 1; i <= n; i++) printf ",%d", (u * 7 + i * 13) % 101 > data
            printf "\n" > data
        }
        print "iCode,iName,Level,Parent,Weight,Direction,Type" > meta
        for (i = 1; i <= n; i++) printf "i%d,Indicator %d,1,P,1,1,Indicator\n", i, i > meta
        print "P,Pillar,2,INDEX,1,1,Aggregate" > meta
        print "INDEX,Index,3,,1,1,Aggregate" > meta
    }'
}
gen "$N"
gen $((N * 10))
now() { date +%s.%N; }
run() {
    t0=$(now)
    "$INDEKS" composite --data "$T/d$1.csv" --meta "$T/m$1.csv" --format csv -o "$T/out.csv" \
        >/dev/null 2>"$T/err" || { echo "composite failed:"; cat "$T/err"; exit 2; }
    t1=$(now)
    echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}
small=$(run "$N")
big=$(run $((N * 10)))
ratio=$(echo "$small $big" | awk '{ printf "%.1f", ($1 > 0 ? $2 / $1 : 0) }')
echo "composite read: $N indicators ${small} s, $((N * 10)) indicators ${big} s, ratio ${ratio} (linear: ~10, quadratic: ~100)"
echo "$ratio" | awk '{ exit !($1 <= 30) }'
