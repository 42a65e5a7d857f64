#!/bin/sh
# indeks serve against the real server on a free loopback port: every route,
# status codes, content types, ETag and Last-Modified revalidation (304),
# gzip, malformed and oversized requests, path traversal, read-only, and a
# graceful stop on SIGTERM. Then the demo (no --db). Needs curl; skips (77)
# when it or `indeks serve` is missing.
set -u
INDEKS=$1
command -v curl >/dev/null 2>&1 || { echo "skipped: curl is not installed"; exit 77; }
"$INDEKS" serve --help >/dev/null 2>&1 || { echo "skipped: this indeks has no serve command"; exit 77; }
ROOT=$(pwd)
. "$(dirname "$0")/lib.sh"   # T, PID, ok, bad, start_server
[ -n "${KEEP:-}" ] && trap - EXIT

stop_server() {
    kill -TERM "$PID"
    for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PID" 2>/dev/null; then bad "server still running 60 s after SIGTERM"; kill -9 "$PID"; fi
    wait "$PID"; rc=$?
    [ "$rc" -eq 0 ] && ok || bad "server exited $rc after SIGTERM"
    PID=""
}

# expect STATUS TYPE-PREFIX PATH [curl args...]
expect() {
    want=$1; type=$2; path=$3; shift 3
    got=$(curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$@" "$U$path")
    case "$got" in
        "$want $type"*) ok ;;
        *) bad "$path: got \"$got\", expected \"$want $type...\"" ;;
    esac
}
contains() { if grep -q -- "$1" "$T/body"; then ok; else bad "$2: body lacks $1"; fi; }

# A database with every kind of edition.
cd "$T"
"$INDEKS" socio --normalise-weights --format csv -o socio.csv 2>/dev/null
"$INDEKS" composite --data "$ROOT/data/demo/socialt_indeks_data.csv" --meta "$ROOT/data/demo/socialt_indeks_meta.csv" \
    --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" --format csv -o comp.csv 2>/dev/null
printf 'kommunekode,kommune,aar,socio_indeks\n101,København,2023,101.5\n101,København,2024,102.25\n147,Frederiksberg,2024,79.5\n' > series.csv
"$INDEKS" import --db site.db --socio socio.csv --edition 'Socio <2021> & "demo"' --year 2021 --note 'SYNTETISKE DATA' >/dev/null 2>&1
"$INDEKS" import --db site.db --series series.csv --edition 'Serie' --year 2024 >/dev/null 2>&1
"$INDEKS" import --db site.db --composite comp.csv --edition 'Socialt Indeks demo' --year 2024 >/dev/null 2>&1
cd "$ROOT"
start_server --db "$T/site.db" --threads 2

# Every route, its status and content type. The home page shows both
# indices (the series, the composite) with a map each.
expect 200 text/html /
contains '<svg' '/'; contains 'data-kommunekode="101"' '/'
shapes=$(grep -o '<path data-kommunekode=' "$T/body" | wc -l)
[ "$shapes" -eq 196 ] && ok || bad "/: $shapes municipality shapes in the maps, expected 2 x 98"
contains 'src="/static/app.js"' '/'
grep -q '<script>' "$T/body" && bad "/: inline script" || ok
grep -q 'style="' "$T/body" && bad "/: inline style" || ok
expect 200 text/html /edition/1
contains '&lt;2021&gt; &amp; &quot;demo&quot;' '/edition/1 escapes the name'
grep -q '<2021>' "$T/body" && bad "/edition/1: unescaped name" || ok
contains 'SYNTETISKE DATA' '/edition/1 shows the note'
expect 200 text/html '/edition/1?kolonne=bidrag_k1_uden_beskaeftigelse'
expect 404 text/html '/edition/1?kolonne=nope'
expect 404 text/html '/edition/1?kolonne=%3Cscript%3E'
expect 200 text/html /edition/2
expect 200 text/html /edition/3
expect 200 text/csv /edition/1.csv
cmp -s "$T/body" "$T/socio.csv" && ok || bad "/edition/1.csv differs from the imported file"
expect 200 text/csv /edition/3.csv
cmp -s "$T/body" "$T/comp.csv" && ok || bad "/edition/3.csv differs from the imported file"
expect 200 text/html /kommune/101
contains 'København' '/kommune/101'; contains '<svg class="chart"' '/kommune/101'
contains 'anbefalinger' '/kommune/101'
expect 200 text/csv /kommune/101.csv
contains '^kommunekode,edition_id' '/kommune/101.csv'
expect 200 text/html '/sammenlign?a=101&b=147'
contains 'Frederiksberg' '/sammenlign'
expect 200 text/csv '/sammenlign.csv?a=101&b=147'
expect 200 application/json /api/v1/editions
contains '"editions":\[' '/api/v1/editions'
expect 200 application/json /api/v1/editions/1
contains '"rows":\[' '/api/v1/editions/1'
expect 200 text/csv /api/v1/editions/1.csv
expect 200 application/json /api/v1/kommuner/101
contains '"history":\[' '/api/v1/kommuner/101'
expect 200 text/plain /healthz
contains '^ok 3' '/healthz'
expect 200 text/javascript /static/app.js
expect 200 text/css /static/app.css
expect 200 application/yaml /openapi.yaml
contains '^openapi: 3' '/openapi.yaml'

# Unknown things: 404 pages (JSON under /api/), malformed parameters 400.
expect 404 text/html /kommune/999
expect 404 text/html /kommune/1010
expect 404 text/html /kommune/abc
expect 404 text/html /kommune/-101
expect 404 text/html /kommune/
expect 404 text/html /edition/0
expect 404 text/html /edition/99
expect 404 text/html /edition/1x
expect 404 text/html /edition/99999999999999999999
expect 404 application/json /api/v1/kommuner/999
expect 404 application/json /api/v1/editions/42
expect 404 application/json /api/v1/nope
expect 404 text/html /nope
expect 404 text/html '/sammenlign?a=101&b=9999'
expect 400 text/html '/sammenlign?a=101'
expect 404 text/html /kommune/101%00
expect 404 text/html '/kommune/10%zz'
# Path traversal: nothing is read from disk, so every attempt is a 404.
expect 404 text/html '/static/../../../etc/passwd' --path-as-is
expect 404 text/html '/static/%2e%2e/%2e%2e/etc/passwd' --path-as-is
expect 404 text/html '/static/..%2f..%2fetc%2fpasswd' --path-as-is
expect 404 text/html '/../CMakeLists.txt' --path-as-is
expect 404 text/html '/static/app.js/..' --path-as-is

# Read-only: only GET and HEAD.
expect 405 text/html / -X POST -d x=1
expect 405 text/html /edition/1 -X DELETE
expect 405 text/html /edition/1 -X PUT -d x=1
h=$(curl -s -D - -o /dev/null -X POST "$U/" | tr -d '\r' | grep -i '^Allow:')
[ "$h" = "Allow: GET, HEAD" ] && ok || bad "405 without Allow: GET, HEAD ($h)"
expect 413 text/html / -X GET -d x=1
expect 200 text/html / -I

# Oversized and malformed requests.
big=$(head -c 40000 /dev/zero | tr '\0' a)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$U/")
[ "$code" = 431 ] && ok || bad "oversized header: $code, expected 431"
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/$big")
case "$code" in 414|431) ok ;; *) bad "oversized URL: $code, expected 414" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/kommune/$(head -c 300 /dev/zero | tr '\0' 1)")
[ "$code" = 404 ] || [ "$code" = 414 ] && ok || bad "long path: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --http1.0 -H 'Host:' "$U/")
[ "$code" = 200 ] && ok || bad "HTTP/1.0 without Host: $code"
port=${U##*:}
reply=$(printf 'GET / HTTP/9.9\r\n\r\n' | curl -s --max-time 30 telnet://127.0.0.1:"$port" 2>/dev/null | head -1 | tr -d '\r')
case "$reply" in "HTTP/1.1 505"*) ok ;; *) bad "HTTP/9.9: \"$reply\", expected 505" ;; esac
reply=$(printf 'GET /\001 HTTP/1.1\r\nHost: x\r\n\r\n' | curl -s --max-time 30 telnet://127.0.0.1:"$port" 2>/dev/null | head -1 | tr -d '\r')
case "$reply" in "HTTP/1.1 4"*|"") ok ;; *) bad "control byte in path: \"$reply\"" ;; esac

# Caching: ETag and Last-Modified, 304 on a match, a new body otherwise.
for path in /edition/1 /api/v1/editions/1 /kommune/101 /api/v1/editions /static/app.js; do
    hdr=$(curl -s -D - -o /dev/null "$U$path" | tr -d '\r')
    etag=$(echo "$hdr" | sed -n 's/^ETag: //p')
    [ -n "$etag" ] && ok || bad "$path: no ETag"
    rm -f "$T/body"
    code=$(curl -s -o "$T/body" -w '%{http_code}' -H "If-None-Match: $etag" "$U$path")
    [ "$code" = 304 ] && ok || bad "$path: If-None-Match gave $code, expected 304"
    [ -s "$T/body" ] && bad "$path: 304 with a body" || ok
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "other"' "$U$path")
    [ "$code" = 200 ] && ok || bad "$path: other ETag gave $code"
done
lm=$(curl -s -D - -o /dev/null "$U/edition/1" | tr -d '\r' | sed -n 's/^Last-Modified: //p')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lm" "$U/edition/1")
[ -n "$lm" ] && [ "$code" = 304 ] && ok || bad "If-Modified-Since ($lm): $code, expected 304"

# gzip when accepted, and the same bytes once unpacked; not when refused.
hdr=$(curl -s -D - -o "$T/gz" -H 'Accept-Encoding: gzip' "$U/edition/1" | tr -d '\r')
echo "$hdr" | grep -qi '^Content-Encoding: gzip' && ok || bad "no gzip with Accept-Encoding: gzip"
echo "$hdr" | grep -qi '^Vary: Accept-Encoding' && ok || bad "no Vary: Accept-Encoding"
curl -s -o "$T/plain" "$U/edition/1"
gzip -dc "$T/gz" | cmp -s - "$T/plain" && ok || bad "gzip body differs once unpacked"
gzetag=$(echo "$hdr" | sed -n 's/^ETag: //p')
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $gzetag" "$U/edition/1")
[ "$code" = 304 ] && ok || bad "gzip ETag revalidation: $code"
curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip;q=0' "$U/" | grep -qi '^Content-Encoding' && bad "gzip;q=0 still compressed" || ok
curl -s -D - -o /dev/null "$U/" | grep -qi '^Content-Encoding' && bad "compressed without Accept-Encoding" || ok

# Security headers on every response, errors included.
for path in / /nope /api/v1/editions; do
    hdr=$(curl -s -D - -o /dev/null "$U$path" | tr -d '\r')
    echo "$hdr" | grep -q "^Content-Security-Policy: default-src 'none'; script-src 'self'" && ok || bad "$path: no strict CSP"
    echo "$hdr" | grep -qi '^X-Content-Type-Options: nosniff' && ok || bad "$path: no nosniff"
done

# Concurrent requests, then SIGTERM while some are in flight: all finish.
pids=""
for i in $(seq 1 20); do
    curl -s -o /dev/null -w '%{http_code}\n' "$U/kommune/$((100 + i))" >> "$T/par" &
    pids="$pids $!"
done
wait $pids
[ "$(grep -c . "$T/par")" -eq 20 ] && ok || bad "parallel requests did not all answer"
grep -q '"GET /kommune/101" 200' "$T/err" && ok || bad "no access log line for /kommune/101"
pids=""
for k in 147 151 153 155 157; do   # slow readers: still receiving at SIGTERM
    curl -s --limit-rate 20k -o "$T/inflight$k" -w '%{http_code}\n' "$U/edition/1?kolonne=bidrag_k1_uden_beskaeftigelse" >> "$T/inflight" &
    pids="$pids $!"
done
# SIGTERM once every slow reader has its first bytes (the server is then
# mid-response for each); a deadline of 60 s, never a fixed sleep.
for _ in $(seq 1 600); do
    started=0
    for k in 147 151 153 155 157; do [ -s "$T/inflight$k" ] && started=$((started + 1)); done
    [ "$started" -eq 5 ] && break
    sleep 0.1
done
[ "$started" -eq 5 ] || bad "the slow readers had not started after 60 s"
stop_server
wait $pids
grep -q 'SIGTERM' "$T/err" && ok || bad "no shutdown message"
bad_inflight=$(grep -v -c '^200$' "$T/inflight")
[ "$bad_inflight" -eq 0 ] && ok || bad "requests in flight at SIGTERM did not finish with 200"
for k in 147 151 153 155 157; do
    grep -q '</html>' "$T/inflight$k" && ok || bad "a response in flight at SIGTERM was cut short"
done
curl -s --max-time 2 -o /dev/null "$U/" && bad "still answering after SIGTERM" || ok

# CSV downloads neutralise spreadsheet formulas in text cells (issue 12,
# point 11); numbers, also negative ones, stay numbers; export (machine CSV)
# gives the file back unchanged.
printf 'kommunekode,kommune,aar,socio_indeks,kilde\n101,"=HYPERLINK(""http://x"")",2024,-1.5,@SUM(A1)\n147,Frederiksberg,2024,2.5,-3\n' >"$T/formula.csv"
"$INDEKS" import --db "$T/f.db" --series "$T/formula.csv" --edition F --year 2024 >/dev/null 2>&1
start_server --db "$T/f.db"
expect 200 text/csv /edition/1.csv
grep -q "^101,\"'=HYPERLINK(\"\"http://x\"\")\",2024,-1.5,'@SUM(A1)\$" "$T/body" && ok || { bad "a formula in a download was not neutralised"; cat "$T/body"; }
grep -q '^147,Frederiksberg,2024,2.5,-3$' "$T/body" && ok || bad "a download changed a number"
stop_server
"$INDEKS" export --db "$T/f.db" | cmp -s - "$T/formula.csv" && ok || bad "export changed the imported file"

# Loopback by default.
"$INDEKS" serve --help | grep -q '127.0.0.1:8080' && ok || bad "--help does not say loopback"
"$INDEKS" serve --listen nonsense 2>/dev/null; [ $? -eq 2 ] && ok || bad "bad --listen not refused"
"$INDEKS" serve --threads 0 2>/dev/null; [ $? -eq 2 ] && ok || bad "--threads 0 not refused"

# The demo: no --db builds an in-memory database from the synthetic data.
start_server
expect 200 text/html /
contains 'SYNTETISKE DATA' 'demo /'
shapes=$(grep -o '<path data-kommunekode=' "$T/body" | wc -l)
[ "$shapes" -eq 196 ] && ok || bad "demo: $shapes shapes, expected two maps of 98"
expect 200 application/json /api/v1/editions
contains '"kind":"socio"' 'demo editions'
stop_server

if [ $fail -eq 0 ]; then echo "$n passed, 0 failed"; fi
exit $fail
