#!/bin/sh
# GUSA in `indeks serve --gusa` under load (issue 15's bench), on loopback.
#
#   bench/bench_gusa.sh [BUILD_DIR]     (default: build)
#
# Makes a demo GUSA database (`indeks gusa demo`, BENCH_FAMILIES families,
# default 10000, seed 2016: SYNTETISKE DATA) in a temporary folder, starts
# `indeks serve --gusa` on a free loopback port (no identity provider is
# contacted: the demo login gives the session), logs in the demo parent
# (/gusa/demo-login?persona=foraelder), takes one of their cases, and runs
# wrk --latency with the session cookie against /api/v1/gusa/cases/<id>
# and /gusa/sager/<id> for BENCH_SECONDS (default 10) with BENCH_CONNS
# connections (default 50). Every request is a real read: session look-up
# and touch, access check, and an audit row appended in its transaction.
# Reported: requests/s, p50 and p99 per URL, and the audit rows written
# (one per request, checked). Needs wrk, curl and sqlite3; says so and
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
for p in wrk curl sqlite3; do
    command -v "$p" >/dev/null 2>&1 || { echo "bench_gusa: $p is not installed; nothing measured"; exit 0; }
done
WORK=$(mktemp -d /tmp/indeks-bench-gusa.XXXXXX)
SRV=
cleanup() {
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"$INDEKS" gusa init --db "$WORK/gusa.db" >/dev/null
"$INDEKS" gusa demo --db "$WORK/gusa.db" --families "$FAMILIES" --seed 2016 >/dev/null
ncases=$(sqlite3 "$WORK/gusa.db" "SELECT count(*) FROM gusa_case")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
echo s >"$WORK/s.secret"
cat >"$WORK/gusa.json" <<JSON
{"db": "gusa.db", "base_url": "$BASE", "outbox": ".", "cookie_secure": false,
 "oidc": {"mitid": {"issuer": "http://127.0.0.1:1", "client_id": "x", "client_secret_file": "s.secret",
                    "acr_min": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}}}
JSON
mkfifo "$WORK/srv.fifo"
"$INDEKS" serve --gusa "$WORK/gusa.json" --listen "127.0.0.1:$PORT" --threads "$THREADS" \
    --per-client 0 >"$WORK/srv.fifo" 2>/dev/null &
SRV=$!
read -r _ <"$WORK/srv.fifo"
SID=$(curl -s -o /dev/null -c - "$BASE/gusa/demo-login?persona=foraelder" | awk '$6 == "gusa_sid" { print $7 }')
CASE=$(curl -s -H "Cookie: gusa_sid=$SID" "$BASE/api/v1/gusa/cases" | sed -n 's/.*"cases":\[{"id":\([0-9]*\).*/\1/p')
[ -n "$SID" ] && [ -n "$CASE" ] || { echo "bench_gusa: no demo session or case"; exit 1; }
echo "bench_gusa: $ncases demo cases (SYNTETISKE DATA), case $CASE, $CONNS connections, ${SECONDS_}s, $THREADS server threads"
for url in "/api/v1/gusa/cases/$CASE" "/gusa/sager/$CASE"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: gusa_sid=$SID" "$BASE$url")
    [ "$code" = 200 ] || { echo "bench_gusa: $url answers $code"; exit 1; }
    before=$(sqlite3 "$WORK/gusa.db" "SELECT count(*) FROM audit_log")
    out=$(wrk --latency -t 2 -c "$CONNS" -d "${SECONDS_}s" -H "Cookie: gusa_sid=$SID" "$BASE$url")
    after=$(sqlite3 "$WORK/gusa.db" "SELECT count(*) FROM audit_log")
    reqs=$(echo "$out" | awk '/requests in/ { print $1 }')
    rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
    p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
    p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
    errs=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
    echo "$url: ${rps} req/s, p50 $p50, p99 $p99, non-2xx ${errs:-0}, $reqs requests, $((after - before)) audit rows"
done
