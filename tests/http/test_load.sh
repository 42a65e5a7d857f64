#!/bin/sh
# indeks serve under load: two servers at once, the demo (no --db) and one on
# a SQLite file, each for 30 s under wrk at full speed on a mix of routes
# (/, /api/v1/editions, /api/v1/kommuner/101, /kommune/101 with gzip, and a
# 404 route), while 25 slow clients per server hold connections open:
#   18 send their request headers one byte a second, then finish the
#      request at the end and must get a 200;
#    4 connect and send nothing: the server must close them (its 15 s idle
#      timeout: the deliberate timeouts);
#    3 read a 48 KB page 512 bytes at a time (small receive buffer), then
#      the rest, and must get all of it.
# The server's resident memory (VmRSS) is read every second. Passes when:
#   - memory stays flat: the largest RSS in the last 11 s is at most 1.2 x
#     the largest in the 11 s after an 8 s warm-up, plus 2 MB. The warm-up
#     lets the rendered-page cache, libmicrohttpd's per-connection pools
#     (32 KiB each), the threads' malloc arenas and, in a sanitizer build,
#     ASan's quarantine (capped at 16 MB here: it holds freed memory by
#     design) reach their steady size; after it, the process should not
#     grow at all. 20% + 2 MB is room for allocator noise (arenas trimmed
#     and touched again, fragmentation, ~1 MB for the cache's slots) while a
#     leak of 100 bytes per request - about 10^5 to 10^6 requests in those
#     22 s - would show as 10 to 100 MB;
#   - every wrk request is answered: no socket errors (connect, read, write
#     or timeout), non-2xx responses only and always on the 404 route;
#   - every slow client got its answer as described;
#   - /healthz answers 200 afterwards, and each server exits 0 on SIGTERM
#     (a sanitizer build also fails here on a leak found at exit).
# Needs curl, python3 and wrk (installed with apt-get when missing and run
# as root); skips (77) otherwise. Takes about 40 s.
#
# usage: tests/http/test_load.sh INDEKS   (DURATION=s to shorten, e.g. for a try)
set -u
INDEKS=$1
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
DURATION=${DURATION:-30}
command -v curl >/dev/null 2>&1 || { echo "skipped: curl is not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
"$INDEKS" serve --help >/dev/null 2>&1 || { echo "skipped: this indeks has no serve command"; exit 77; }
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's wrk"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; }
    fi
    command -v wrk >/dev/null 2>&1 || { echo "skipped: wrk is not installed (apt-get install wrk)"; exit 77; }
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
PIDS=""
cleanup() {
    for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# ASan's quarantine keeps up to 256 MB of freed memory by design; capped so
# that it fills during the warm-up. (Ignored by a build without ASan.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
export ASAN_OPTIONS

cd "$T" || exit 1
"$INDEKS" socio --normalise-weights --format csv -o socio.csv 2>/dev/null
"$INDEKS" composite --data "$ROOT/data/demo/socialt_indeks_data.csv" --meta "$ROOT/data/demo/socialt_indeks_meta.csv" \
    --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" --format csv -o comp.csv 2>/dev/null
printf 'kommunekode,kommune,aar,socio_indeks\n101,København,2023,101.5\n101,København,2024,102.25\n147,Frederiksberg,2024,79.5\n' >series.csv
"$INDEKS" import --db site.db --socio socio.csv --edition 'Socio 2021' --year 2021 >/dev/null 2>&1
"$INDEKS" import --db site.db --series series.csv --edition 'Serie' --year 2024 >/dev/null 2>&1
"$INDEKS" import --db site.db --composite comp.csv --edition 'Socialt Indeks demo' --year 2024 >/dev/null 2>&1 ||
    { echo "could not make the database"; exit 1; }

# start NAME ARGS...: indeks serve on a free port; sets PID_<NAME> and U_<NAME>.
start() {
    name=$1
    shift
    # The access log (a line per request, some 10^6 lines) is counted, not kept.
    mkfifo "$T/log_$name"
    awk '/^127\.0\.0\.1 - - \[/ { n++; next } { print; fflush() }
         END { printf "%d access log lines\n", n }' <"$T/log_$name" >"$T/err_$name" &
    "$INDEKS" serve --listen 127.0.0.1:0 "$@" >"$T/out_$name" 2>"$T/log_$name" &
    pid=$!
    PIDS="$PIDS $pid"
    for _ in $(seq 1 600); do
        grep -q 'http://' "$T/out_$name" 2>/dev/null && break
        sleep 0.1
    done
    u=$(sed -n 's|^indeks serve: \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$T/out_$name")
    [ -n "$u" ] || { echo "server $name did not start:"; cat "$T/err_$name"; exit 1; }
    eval "PID_$name=$pid U_$name=$u"
}
start demo
start db --db "$T/site.db"
echo "demo: $U_demo (pid $PID_demo); db: $U_db (pid $PID_db)"

cat >slow.py <<'EOF'
# Slow clients against one server: python3 slow.py HOST PORT DURATION
import socket, sys, time
host, port, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
def conn(rcvbuf=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect((host, port))
    return s
def read_response(s, timeout=20):
    s.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return data, None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    while length is not None and len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return head, body if length is None or len(body) >= length else None
failures = []
trickle = [conn() for _ in range(18)]
idle = [conn() for _ in range(4)]
readers = [conn(2048) for _ in range(3)]
for s in trickle:
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: load\r\nX-Slow: ")
for s in readers:
    s.sendall(b"GET / HTTP/1.1\r\nHost: load\r\n\r\n")
    s.setblocking(False)
idle_closed = {}
start = time.monotonic()
got = [b""] * len(readers)
while time.monotonic() - start < duration:
    for s in trickle:
        try:
            s.sendall(b"a")
        except OSError as e:
            failures.append("a trickling client was cut off: %s" % e)
            trickle.remove(s)
    for i, s in enumerate(idle):
        if i in idle_closed:
            continue
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                idle_closed[i] = time.monotonic() - start
        except BlockingIOError:
            pass
        except OSError:
            idle_closed[i] = time.monotonic() - start
    for i, s in enumerate(readers):
        try:
            got[i] += s.recv(512)
        except BlockingIOError:
            pass
    time.sleep(1.0)
answered = 0
for s in trickle:
    s.sendall(b"\r\n\r\n")
    head, body = read_response(s)
    if head.startswith(b"HTTP/1.1 200") and body is not None and body.startswith(b"ok "):
        answered += 1
    else:
        failures.append("a trickling client got %r" % head[:40])
print("trickling clients: %d of 18 answered 200 after %.0f s" % (answered, duration))
print("idle clients closed by the server after: %s s" %
      ", ".join("%.0f" % idle_closed[i] for i in sorted(idle_closed)))
if len(idle_closed) != len(idle):
    failures.append("%d idle clients still open after %.0f s" % (len(idle) - len(idle_closed), duration))
whole = 0
for i, s in enumerate(readers):
    s.setblocking(True)
    slow = len(got[i])
    s.settimeout(20)
    rest = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
            data = got[i] + rest
            head, _, body = data.partition(b"\r\n\r\n")
            if b"</html>" in body:
                break
    except OSError:
        pass
    data = got[i] + rest
    head, _, body = data.partition(b"\r\n\r\n")
    if head.startswith(b"HTTP/1.1 200") and body.rstrip().endswith(b"</html>"):
        whole += 1
    else:
        failures.append("a slow reader got %d bytes, %r" % (len(data), head[:40]))
    print("slow reader %d: %d bytes read slowly, %d in all" % (i + 1, slow, len(data)))
print("slow readers: %d of 3 got the whole page" % whole)
for f in failures:
    print("FAIL: " + f)
sys.exit(1 if failures else 0)
EOF

# The load: one wrk per route and server (1 thread, 4 connections each).
routes="/ /api/v1/editions /api/v1/kommuner/101 /kommune/101 /findes-ikke"
for name in demo db; do
    eval "u=\$U_$name"
    i=0
    for r in $routes; do
        i=$((i + 1))
        case $r in /kommune/101|/) gz="Accept-Encoding: gzip" ;; *) gz="X-No: gzip" ;; esac
        wrk -t1 -c4 -d"${DURATION}s" --timeout 5s -H "$gz" "$u$r" >"$T/wrk_${name}_$i" 2>&1 &
        WRK="${WRK:-} $!"
    done
    port=${u##*:}
    python3 slow.py 127.0.0.1 "$port" "$DURATION" >"$T/slow_$name" 2>&1 &
    SLOW="${SLOW:-} $!"
done
# RSS of both servers every second (kB).
: >rss
for s in $(seq 1 $((DURATION + 1))); do
    a=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$PID_demo/status" 2>/dev/null)
    b=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$PID_db/status" 2>/dev/null)
    echo "$s ${a:-0} ${b:-0}" >>rss
    sleep 1
done
wait $WRK
for p in $SLOW; do wait "$p" || fail=1; done

# Memory: warm-up 8 s; window A the next 11 s, window B the last 11 s.
col=2
for name in demo db; do
    fig=$(awk -v c=$col -v d="$DURATION" '
        $1 > 8 && $1 <= 19 { if ($c > a) a = $c }
        $1 > d - 11 && $1 <= d { if ($c > b) b = $c }
        $1 == 1 { first = $c }
        END { printf "%d %d %d %d", first, a, b, a * 1.2 + 2048 }' rss)
    set -- $fig
    echo "$name: RSS at 1 s $1 kB; max in 8-19 s $2 kB; max in the last 11 s $3 kB (limit $4 kB)"
    echo "$name: RSS every 10 s (kB): $(awk -v c=$col '$1 % 10 == 0 { printf "%s ", $c }' rss)"
    [ "$2" -gt 0 ] && [ "$3" -le "$4" ] || bad "$name: memory grew under load ($2 kB -> $3 kB)"
    col=$((col + 1))
done

# wrk: every request answered; non-2xx only, and always, on the 404 route.
total=0
for name in demo db; do
    i=0
    for r in $routes; do
        i=$((i + 1))
        f="$T/wrk_${name}_$i"
        n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$f")
        non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$f")
        errs=$(grep 'Socket errors' "$f")
        rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$f")
        echo "$name $r: ${n:-?} requests (${rps:-?}/s), non-2xx ${non2xx:-0}${errs:+, $errs}"
        [ -n "$n" ] && [ "$n" -gt 0 ] || { bad "$name $r: wrk ran no requests"; cat "$f"; continue; }
        total=$((total + n))
        [ -z "$errs" ] || bad "$name $r: $errs"
        if [ "$r" = /findes-ikke ]; then
            [ "${non2xx:-0}" -eq "$n" ] || bad "$name $r: only ${non2xx:-0} of $n were errors (expected 404s)"
        else
            [ -z "$non2xx" ] || bad "$name $r: $non2xx non-2xx responses"
        fi
    done
    echo "--- slow clients ($name)"
    cat "$T/slow_$name"
done
echo "wrk: $total requests in all"

# Still answering, then a clean stop.
for name in demo db; do
    eval "u=\$U_$name pid=\$PID_$name"
    code=$(curl -s -o "$T/health" -w '%{http_code}' --max-time 30 "$u/healthz")
    [ "$code" = 200 ] && grep -q '^ok ' "$T/health" || bad "$name: /healthz gave $code after the load"
    kill -TERM "$pid"
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then bad "$name: still running 15 s after SIGTERM"; kill -9 "$pid"; fi
    wait "$pid"
    rc=$?
    [ "$rc" -eq 0 ] || { bad "$name: exited $rc after SIGTERM"; tail -30 "$T/err_$name"; }
done
PIDS=""
wait
for name in demo db; do echo "$name: $(tail -1 "$T/err_$name")"; done
grep -h 'ERROR\|runtime error\|Sanitizer' "$T"/err_* | head -20
[ $fail -eq 0 ] && echo "load: all passed"
exit $fail
