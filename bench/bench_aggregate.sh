#!/bin/sh
# indeks aggregate on a SYNTHETIC register of 5.9 M persons (about 0.4 GB of
# CSV, tools/gen_register.c) against `wc -l` on the same file (target: at
# most 2x), pandas (python3-pandas; target: at least 10x faster) and DuckDB
# (npm @duckdb/node-api, the same SQL; target: faster); peak memory by
# /usr/bin/time -v (target: under 100 MB); and how time grows with the
# number of rows (4 sizes). Every ratio is measured in this run, and the
# baselines' counts are checked equal to ours.
#   bench/bench_aggregate.sh [BUILD_DIR]          (run by scripts/bench.sh)
# Env: IX_BENCH_DIR (default /tmp/indeks-bench-agg) keeps the generated files
# and the DuckDB install between runs; IX_BENCH_INDEKS overrides the command;
# IX_BENCH_RUNS (default 5) runs per timing, the best kept (the median of
# ours and of wc -l is shown too: on a shared machine the spread matters).
# The load average is printed before and after: ratios measured under load
# (other jobs on the same cores) are not those of an idle machine.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
DIR=${IX_BENCH_DIR:-/tmp/indeks-bench-agg}
RUNS=${IX_BENCH_RUNS:-5}
RULES=$ROOT/models/aggregate_rules_2021.json
mkdir -p "$DIR"

cmake --build "$BUILD" --target indeks gen_register -j "$(nproc 2>/dev/null || echo 2)" >/dev/null ||
    { echo "bench_aggregate: cannot build indeks and gen_register in $BUILD"; exit 1; }
INDEKS=${IX_BENCH_INDEKS:-$BUILD/indeks}
GEN=$BUILD/gen_register
if ! "$INDEKS" aggregate --help >/dev/null 2>&1; then
    echo "bench_aggregate: skipped: $INDEKS has no aggregate command"; exit 0
fi

# Bench-only dependencies, installed when missing and we are root.
if [ "$(id -u)" = 0 ]; then
    for p in python3-pandas time; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 ||
            echo "bench_aggregate: could not install $p"
    done
fi
if command -v npm >/dev/null 2>&1 && [ ! -d "$DIR/duckdb/node_modules/@duckdb/node-api" ]; then
    echo "bench_aggregate: installing @duckdb/node-api into $DIR/duckdb"
    mkdir -p "$DIR/duckdb"
    (cd "$DIR/duckdb" && npm install --no-audit --no-fund --silent @duckdb/node-api >/dev/null 2>&1) ||
        echo "bench_aggregate: npm install @duckdb/node-api failed"
fi
have_pandas=0; /usr/bin/python3 -c 'import pandas' 2>/dev/null && have_pandas=1
have_duckdb=0; [ -d "$DIR/duckdb/node_modules/@duckdb/node-api" ] && command -v node >/dev/null && have_duckdb=1
have_time=0; [ -x /usr/bin/time ] && have_time=1
[ $have_duckdb = 1 ] && cp "$ROOT/bench/aggregate_duckdb.mjs" "$DIR/duckdb/"
"$INDEKS" aggregate --rules "$RULES" --emit-sql >"$DIR/query.sql"

now() { date +%s.%N; }
# best_of CMD...: the best wall time of $RUNS runs, in seconds; the median
# is left in $DIR/median.
best_of() {
    : >"$DIR/times"
    i=0
    while [ $i -lt "$RUNS" ]; do
        t0=$(now); "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; echo 0; return; }; t1=$(now)
        echo "$t0 $t1" | awk '{ print $2 - $1 }' >>"$DIR/times"
        i=$((i + 1))
    done
    sort -g "$DIR/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' >"$DIR/median"
    sort -g "$DIR/times" | head -1
}
peak_kb() { # peak resident memory of one run, kB
    /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
}
ratio() { echo "$1 $2" | awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }'; }

echo "indeks aggregate: $(nproc) processors; the best of $RUNS runs; files in $DIR (SYNTHETIC)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '%10s %8s %8s %8s %9s %10s %9s %9s %11s %11s\n' persons MB wc_s agg_s agg/wc med:agg/wc pandas_s duckdb_s pandas/agg duckdb/agg
status=0
for n in 737500 1475000 2950000 5900000; do
    f=$DIR/register_$n.csv
    [ -s "$f" ] || "$GEN" --persons "$n" -o "$f" || { echo "gen_register failed"; exit 1; }
    cat "$f" >/dev/null # into the page cache: every tool reads it from memory
    mb=$(du -m "$f" | cut -f1)
    t_wc=$(best_of wc -l "$f"); m_wc=$(cat "$DIR/median")
    t_agg=$(best_of "$INDEKS" aggregate --rules "$RULES" --persons "$f"); m_agg=$(cat "$DIR/median")
    "$INDEKS" aggregate --rules "$RULES" --persons "$f" >"$DIR/ours_$n.csv"
    t_pd=-; t_dk=-; r_pd=-; r_dk=-
    if [ $have_pandas = 1 ] && { [ $n = 737500 ] || [ $n = 5900000 ]; }; then
        RUNS_SAVE=$RUNS; RUNS=1
        t_pd=$(best_of /usr/bin/python3 "$ROOT/bench/aggregate_pandas.py" "$RULES" "$f" "$DIR/pandas_$n.csv")
        RUNS=$RUNS_SAVE
        /usr/bin/python3 "$ROOT/bench/aggregate_pandas.py" "$RULES" "$f" "$DIR/pandas_$n.csv" 2>/dev/null
        cmp -s "$DIR/ours_$n.csv" "$DIR/pandas_$n.csv" || { echo "pandas counts differ ($n)"; status=1; }
        r_pd=$(ratio "$t_pd" "$t_agg")
    fi
    if [ $have_duckdb = 1 ]; then
        t_dk=$(best_of node "$DIR/duckdb/aggregate_duckdb.mjs" "$f" "$DIR/query.sql" "$DIR/duckdb_$n.csv")
        cmp -s "$DIR/ours_$n.csv" "$DIR/duckdb_$n.csv" || { echo "DuckDB counts differ ($n)"; status=1; }
        r_dk=$(ratio "$t_dk" "$t_agg")
    fi
    printf '%10s %8s %8.3f %8.3f %9s %10s %9s %9s %11s %11s\n' "$n" "$mb" "$t_wc" "$t_agg" \
        "$(ratio "$t_agg" "$t_wc")" "$(ratio "$m_agg" "$m_wc")" "$t_pd" "$t_dk" "$r_pd" "$r_dk"
done
f=$DIR/register_5900000.csv
if [ $have_time = 1 ]; then
    echo "peak memory (max RSS), 5.9 M persons:"
    echo "  indeks aggregate   $(($(peak_kb "$INDEKS" aggregate --rules "$RULES" --persons "$f") / 1024)) MB"
    echo "  wc -l              $(($(peak_kb wc -l "$f") / 1024)) MB"
    [ $have_pandas = 1 ] && echo "  pandas             $(($(peak_kb /usr/bin/python3 "$ROOT/bench/aggregate_pandas.py" "$RULES" "$f" "$DIR/pandas.csv") / 1024)) MB"
    [ $have_duckdb = 1 ] && echo "  DuckDB (node)      $(($(peak_kb node "$DIR/duckdb/aggregate_duckdb.mjs" "$f" "$DIR/query.sql" "$DIR/duckdb.csv") / 1024)) MB"
fi
[ -s "$f.gz" ] || gzip -1 -c "$f" >"$f.gz"
echo "gzip input (5.9 M persons, $(du -m "$f.gz" | cut -f1) MB): indeks aggregate $(best_of "$INDEKS" aggregate --rules "$RULES" --persons "$f.gz") s; zcat | wc -l $(best_of sh -c "gzip -dc '$f.gz' | wc -l") s"
echo "threads (5.9 M persons): 1: $(best_of "$INDEKS" aggregate --threads 1 --rules "$RULES" --persons "$f") s, 2: $(best_of "$INDEKS" aggregate --threads 2 --rules "$RULES" --persons "$f") s"
echo "read(2) instead of mmap (IX_AGG_NO_MMAP=1), 2 threads: $(best_of env IX_AGG_NO_MMAP=1 "$INDEKS" aggregate --threads 2 --rules "$RULES" --persons "$f") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
exit $status
