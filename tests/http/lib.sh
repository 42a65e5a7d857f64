# Shared by the tests under tests/http/ (sourced; needs $INDEKS): a scratch
# folder $T removed at exit with the server, ok/bad counters, and
# start_server ARGS... which starts indeks serve on port 0 and sets PID and U,
# waiting on the server's own "http://" line (up to 60 s: a loaded machine
# starts slowly), never on a fixed sleep.
T=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail=0
n=0
ok() { n=$((n + 1)); }
bad() { echo "FAIL: $*"; fail=1; }

start_server() {
    "$INDEKS" serve --listen 127.0.0.1:0 "$@" >"$T/out" 2>"$T/err" &
    PID=$!
    for _ in $(seq 1 600); do
        grep -q 'http://' "$T/out" 2>/dev/null && break
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    U=$(sed -n 's|^indeks serve: \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$T/out")
    [ -n "$U" ] || { echo "server did not start:"; cat "$T/err"; exit 1; }
}
