#!/bin/sh
# indeks serve against nginx, in one run, on loopback (issue 6's bench).
#
#   bench/bench_http.sh [BUILD_DIR]     (default: build; scripts/bench.sh passes its own)
#
# Starts `indeks serve` (the demo: no --db) on a free loopback port, fetches
# `/` and `/api/v1/editions/<id>` (the newest edition) from it with curl, and
# has nginx (Debian's package; a temporary config, not a daemon) serve those
# very bytes as static files with the same content types on another free port.
# Then wrk --latency runs against each URL on each server for BENCH_SECONDS
# (default 10) with BENCH_CONNS connections (default 50) and BENCH_WRK_THREADS
# wrk threads (default 2); the server side gets BENCH_SERVER_THREADS (default:
# the number of CPUs) indeks threads and as many nginx workers. Both write an
# access log line per request to a file. Reported: requests/s and p99 latency
# of both, and their ratios (indeks / nginx). wrk, nginx and curl are
# installed when missing and we are root; otherwise it says so and exits 0.
# Everything it started is stopped on exit.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
case "$BUILD" in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
SECONDS_=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-50}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
SERVER_THREADS=${BENCH_SERVER_THREADS:-$(nproc 2>/dev/null || echo 2)}

# Tools: wrk, nginx and curl from Debian, when missing and root.
missing=""
for p in wrk nginx curl; do
    command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench_http: installing Debian packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        # policy-rc.d: the package must not start (or enable) its own nginx.
        rcd=""
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && rcd=1
        fi
        apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; } ||
            echo "bench_http: apt-get install$missing failed"
        [ -n "$rcd" ] && rm -f /usr/sbin/policy-rc.d
    fi
    for p in $missing; do
        command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] ||
            { echo "bench_http: skipped: $p is not installed (apt-get install wrk nginx curl)"; exit 0; }
    done
fi
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

# The command, built in BUILD_DIR (scripts/bench.sh builds only bench_* targets),
# or BENCH_INDEKS, an indeks binary to use as it is.
if [ -n "${BENCH_INDEKS:-}" ]; then
    INDEKS=$BENCH_INDEKS
else
    if [ -f "$BUILD/CMakeCache.txt" ]; then
        log=$(cmake --build "$BUILD" --target indeks -j "$(nproc 2>/dev/null || echo 2)" 2>&1) ||
            { echo "$log" | tail -n 20 >&2; echo "bench_http: indeks does not build in $BUILD" >&2; exit 1; }
    fi
    INDEKS=$BUILD/indeks
fi
[ -x "$INDEKS" ] || { echo "bench_http: no $INDEKS; build it first" >&2; exit 1; }
"$INDEKS" serve --help >/dev/null 2>&1 || { echo "bench_http: skipped: $INDEKS has no serve command"; exit 0; }
if grep -q '^IX_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
    echo "bench_http: warning: $BUILD is built with sanitizers; the figures are not representative" >&2
fi

T=$(mktemp -d /tmp/indeks-bench-http.XXXXXX)
IPID=""
NPID=""
cleanup() {
    for p in $NPID $IPID; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in $NPID $IPID; do
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

# indeks serve, the demo, on a free port.
: >"$T/indeks.out"
"$INDEKS" serve --listen 127.0.0.1:0 --threads "$SERVER_THREADS" >"$T/indeks.out" 2>"$T/indeks.log" &
IPID=$!
IU=""
for _ in $(seq 1 150); do
    IU=$(sed -n 's|^indeks serve: \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$T/indeks.out" 2>/dev/null || true)
    [ -n "$IU" ] && break
    kill -0 "$IPID" 2>/dev/null || break
    sleep 0.1
done
[ -n "$IU" ] || { echo "bench_http: indeks serve did not start:" >&2; cat "$T/indeks.log" >&2; exit 1; }

# The same bytes as static files.
ID=$(curl -sf "$IU/api/v1/editions" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
[ -n "$ID" ] || { echo "bench_http: no edition in $IU/api/v1/editions" >&2; exit 1; }
API=/api/v1/editions/$ID
mkdir -p "$T/www/api/v1/editions" "$T/nginx"
curl -sf -o "$T/www/index.html" "$IU/"
curl -sf -o "$T/www$API" "$IU$API"
chmod -R a+rX "$T"   # nginx's workers run as nobody/www-data when started as root

# nginx on a free port: try ports until one binds.
cat > "$T/nginx.conf.in" <<EOF
daemon off;
master_process on;
worker_processes $SERVER_THREADS;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $T/nginx/access.log;
    client_body_temp_path $T/nginx/body;
    proxy_temp_path $T/nginx/proxy;
    fastcgi_temp_path $T/nginx/fastcgi;
    uwsgi_temp_path $T/nginx/uwsgi;
    scgi_temp_path $T/nginx/scgi;
    keepalive_requests 1000000;
    sendfile on;
    types { }
    server {
        listen 127.0.0.1:@PORT@;
        root $T/www;
        location = / { default_type "text/html; charset=utf-8"; try_files /index.html =404; }
        location = $API { default_type application/json; }
    }
}
EOF
NU=""
for try in $(seq 1 30); do
    port=$(( 20000 + ($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000) ))
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && continue  # taken
    sed "s/@PORT@/$port/" "$T/nginx.conf.in" > "$T/nginx.conf"
    "$NGINX" -c "$T/nginx.conf" -p "$T/nginx" >"$T/nginx/stdout" 2>"$T/nginx/stderr" &
    NPID=$!
    for _ in $(seq 1 50); do
        if curl -sf -o /dev/null "http://127.0.0.1:$port/"; then NU="http://127.0.0.1:$port"; break; fi
        kill -0 "$NPID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$NU" ] && break
    kill -TERM "$NPID" 2>/dev/null || true
    wait "$NPID" 2>/dev/null || true
    NPID=""
done
[ -n "$NU" ] || { echo "bench_http: nginx did not start:" >&2; cat "$T/nginx/stderr" "$T/nginx/error.log" >&2 2>/dev/null; exit 1; }

# Same bytes and content type from both, before measuring anything.
for path in / "$API"; do
    curl -sf -o "$T/a" "$IU$path"
    curl -sf -o "$T/b" "$NU$path"
    cmp -s "$T/a" "$T/b" || { echo "bench_http: $path differs between indeks and nginx" >&2; exit 1; }
    ta=$(curl -s -o /dev/null -w '%{content_type}' "$IU$path")
    tb=$(curl -s -o /dev/null -w '%{content_type}' "$NU$path")
    [ "$ta" = "$tb" ] || echo "bench_http: note: $path content type: indeks \"$ta\", nginx \"$tb\""
done

# wrk FILE -> "REQ_PER_S P99_MS ERRORS"
parse() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
            return v + 0
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { err += $NF }
        /Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
        END { printf "%.0f %.3f %d\n", rps, p99, err }' "$1"
}

echo "bench_http: indeks $IU (demo, $SERVER_THREADS threads) vs nginx $($NGINX -v 2>&1 | sed 's/.*version: //') $NU ($SERVER_THREADS workers)"
echo "bench_http: wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}') -t$WRK_THREADS -c$CONNS -d${SECONDS_}s --latency; $(nproc 2>/dev/null || echo '?') CPUs shared by wrk and the server; $(wc -c < "$T/www/index.html") bytes for /, $(wc -c < "$T/www$API") for $API"
printf '\n| path | indeks req/s | nginx req/s | ratio | indeks p99 ms | nginx p99 ms | ratio |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
status=0
for path in / "$API"; do
    for who in indeks nginx; do
        if [ $who = indeks ]; then u=$IU; else u=$NU; fi
        wrk -t"$WRK_THREADS" -c"$CONNS" -d1s "$u$path" >/dev/null 2>&1 || true   # warm up
        wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECONDS_}s" --latency "$u$path" > "$T/wrk.$who" 2>&1 ||
            { echo "bench_http: wrk failed against $who$path:" >&2; cat "$T/wrk.$who" >&2; status=1; }
        set -- $(parse "$T/wrk.$who")
        eval "${who}_rps=\$1 ${who}_p99=\$2 ${who}_err=\$3"
        [ -n "${BENCH_VERBOSE:-}" ] && cat "$T/wrk.$who"
    done
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$path" "$indeks_rps" "$nginx_rps" \
        "$(awk -v a="$indeks_rps" -v b="$nginx_rps" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / (b > 0 ? b : 1) }')" \
        "$indeks_p99" "$nginx_p99" \
        "$(awk -v a="$indeks_p99" -v b="$nginx_p99" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), a / (b > 0 ? b : 1) }')"
    if [ "$indeks_err" != 0 ] || [ "$nginx_err" != 0 ]; then
        echo "bench_http: $path: errors or non-2xx responses: indeks $indeks_err, nginx $nginx_err" >&2
        status=1
    fi
done
echo
echo "ratio: indeks / nginx (req/s: below 1 means indeks is slower; p99: above 1 means indeks is slower)"
exit $status
