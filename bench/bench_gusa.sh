#!/bin/sh
# GUSA in `indeks serve --gusa` under load (issue 15's bench), on loopback.
#
#   bench/bench_gusa.sh [BUILD_DIR]     (default: build; a Release build)
#   scripts/pg.sh bench/bench_gusa.sh BUILD   (SQLite, then PostgreSQL)
#
# For each backend (SQLite in a temporary folder; PostgreSQL too when
# IX_TEST_PG names a server, as scripts/pg.sh sets it, in a database made
# and dropped here): a demo GUSA database (`indeks gusa demo`,
# BENCH_FAMILIES families, default 10000, seed 2016: SYNTETISKE DATA),
# `indeks serve --gusa` on a free loopback port (the demo login gives the
# session; no identity provider is contacted), the demo parent's session
# cookie, and wrk --latency with BENCH_CONNS connections (default 50) for
# BENCH_SECONDS (default 10) against:
#   - /healthz on the same server: the baseline (no session, no database);
#   - /api/v1/gusa/cases/<id> and /gusa/sager/<id>: a real read each time:
#     session look-up, access check, the case, and an audit row appended to
#     the hash chain in the request's transaction (counted: one per request).
# Reported: requests/s, p50, p99, the ratio of requests/s to the baseline's,
# and whether the issue's target holds (p99 <= 50 ms, >= 1,000 req/s).
# Needs wrk, curl, python3 and sqlite3 (psql for PostgreSQL); says so and
# exits 0 without them. Everything it started is stopped on exit.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
case "$BUILD" in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
INDEKS=$BUILD/indeks
SECONDS_=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-50}
FAMILIES=${BENCH_FAMILIES:-10000}
THREADS=${BENCH_SERVER_THREADS:-$(nproc 2>/dev/null || echo 2)}
for p in wrk curl sqlite3 python3; do
    command -v "$p" >/dev/null 2>&1 || { echo "bench_gusa: $p is not installed; nothing measured"; exit 0; }
done
WORK=$(mktemp -d /tmp/indeks-bench-gusa.XXXXXX)
SRV=
PGDB=
cleanup() {
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    [ -n "$PGDB" ] && psql -q "$IX_TEST_PG" -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

count_audit() {
    case $1 in
    postgres*) psql -qAt "$1" -c "SELECT count(*) FROM audit_log" ;;
    *) sqlite3 "$1" "SELECT count(*) FROM audit_log" ;;
    esac
}

# wrk URL [COOKIE] -> "req/s p50 p99 non2xx requests"
load() {
    out=$(wrk --latency -t 2 -c "$CONNS" -d "${SECONDS_}s" ${2:+-H "Cookie: gusa_sid=$2"} "$1")
    echo "$out" | awk '/Requests\/sec/ { r = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
                       /Non-2xx/ { e = $NF } /requests in/ { n = $1 }
                       END { print r, p50, p99, (e == "" ? 0 : e), n }'
}

# milliseconds of a wrk latency ("850.00us", "12.3ms", "1.2s")
ms() {
    echo "$1" | awk '{ v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v += 0; else if ($1 ~ /s$/) v *= 1000; print v }'
}

bench_backend() {
    db=$1
    what=$2
    "$INDEKS" gusa init --db "$db" >/dev/null
    "$INDEKS" gusa demo --db "$db" --families "$FAMILIES" --seed 2016 >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    base=http://127.0.0.1:$port
    echo s >"$WORK/s.secret"
    cat >"$WORK/gusa.json" <<JSON
{"db": "$db", "base_url": "$base", "outbox": ".", "cookie_secure": false,
 "oidc": {"mitid": {"issuer": "http://127.0.0.1:1", "client_id": "x", "client_secret_file": "s.secret",
                    "acr_min": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}}}
JSON
    rm -f "$WORK/srv.fifo"
    mkfifo "$WORK/srv.fifo"
    (cd "$WORK" && exec "$INDEKS" serve --gusa gusa.json --listen "127.0.0.1:$port" --threads "$THREADS" \
        --per-client 0) >"$WORK/srv.fifo" 2>/dev/null &
    SRV=$!
    read -r _ <"$WORK/srv.fifo"
    sid=$(curl -s -o /dev/null -c - "$base/gusa/demo-login?persona=foraelder" | awk '$6 == "gusa_sid" { print $7 }')
    kase=$(curl -s -H "Cookie: gusa_sid=$sid" "$base/api/v1/gusa/cases" | sed -n 's/.*"cases":\[{"id":\([0-9]*\).*/\1/p')
    [ -n "$sid" ] && [ -n "$kase" ] || { echo "bench_gusa: no demo session or case"; exit 1; }
    echo "bench_gusa $what: $FAMILIES demo families (SYNTETISKE DATA), case $kase, $CONNS connections, ${SECONDS_}s, $THREADS server threads"
    set -- $(load "$base/healthz")
    base_rps=$1
    echo "  baseline /healthz: $1 req/s, p50 $2, p99 $3"
    for url in "/api/v1/gusa/cases/$kase" "/gusa/sager/$kase"; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: gusa_sid=$sid" "$base$url")
        [ "$code" = 200 ] || { echo "bench_gusa: $url answers $code"; exit 1; }
        before=$(count_audit "$db")
        set -- $(load "$base$url" "$sid")
        after=$(count_audit "$db")
        p99=$(ms "$3")
        meets=$(awk -v r="$1" -v p="$p99" 'BEGIN { print (p <= 50 && r >= 1000) ? "yes" : "NO" }')
        ratio=$(awk -v r="$1" -v b="$base_rps" 'BEGIN { printf "%.2f", r / b }')
        echo "  $url: $1 req/s ($ratio x the baseline), p50 $2, p99 $3, non-2xx $4, $5 requests, $((after - before)) audit rows; p99 <= 50 ms and >= 1,000 req/s: $meets"
    done
    kill "$SRV" 2>/dev/null
    wait "$SRV" 2>/dev/null || true
    SRV=
}

bench_backend "$WORK/gusa.db" SQLite
if [ -n "${IX_TEST_PG:-}" ] && command -v psql >/dev/null 2>&1; then
    PGDB="gusa_bench_$$"
    psql -q "$IX_TEST_PG" -c "CREATE DATABASE $PGDB" >/dev/null
    bench_backend "$(echo "$IX_TEST_PG" | sed "s|/[^/]*\$|/$PGDB|")" PostgreSQL
fi
