#!/bin/sh
# Parsing a model grows linearly with its criteria (issue 12, point 13): a
# model of N and one of 10 N criteria (SYNTETIC, written here by a fixed
# pattern, each criterion on its own lines) are read by `indeks socio
# --model`, which fails after parsing (the data has no such columns), and the
# two times are compared in the same run. Linear parsing gives a ratio near
# 10; the old line lookup per criterion gave near 100 (37 s for 10,000).
# Prints the ratio; a ratio over 30 exits 1. Not part of `make check`
# (it times things).
# usage: bench/bench_model_parse.sh INDEKS [N]   (N defaults to 1000)
set -u
INDEKS=$1
[ -d "$INDEKS" ] && INDEKS=$INDEKS/indeks   # scripts/bench.sh passes the build folder
N=${2:-1000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
gen() {
    awk -v n="$1" 'BEGIN {
        printf "{\"name\": \"synthetic %d criteria\", \"source\": \"SYNTHETIC (bench)\", \"status\": \"incomplete\", \"note\": \"synthetic\", \"scale\": 100, \"population\": \"indbyggere\", \"code\": \"kommunekode\",\n \"criteria\": [\n", n;
        for (i = 1; i <= n; i++)
            printf "  {\"id\": \"k%d\",\n   \"name\": \"criterion %d\",\n   \"weight\": %.10f,\n   \"count\": \"c%d\"}%s\n", i, i, 1.0 / n, i, i < n ? "," : "";
        printf " ]}\n";
    }' >"$T/m$1.json"
}
gen "$N"
gen $((N * 10))
now() { date +%s.%N; }
run() {
    t0=$(now)
    "$INDEKS" socio --model "$T/m$1.json" --normalise-weights -o "$T/out.csv" >/dev/null 2>&1
    t1=$(now)
    echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}
small=$(run "$N")
big=$(run $((N * 10)))
ratio=$(echo "$small $big" | awk '{ printf "%.1f", ($1 > 0 ? $2 / $1 : 0) }')
echo "model parse: $N criteria ${small} s, $((N * 10)) criteria ${big} s, ratio ${ratio} (linear: ~10, quadratic: ~100)"
echo "$ratio" | awk '{ exit !($1 <= 30) }'
