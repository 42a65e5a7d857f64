#!/bin/sh
# The browser test: `indeks serve` (the demo, no --db) on a free loopback
# port, opened in headless Chromium (Debian's chromium, /usr/bin/chromium)
# driven by playwright-core from npm (tests/browser/site.test.mjs).
#
#   tests/browser/run.sh INDEKS [OUTDIR]
#
# OUTDIR (default: a new temporary directory) gets the screenshots site.png
# and kommune-101.png, and server.log. ctest passes its build directory.
# node_modules is installed with `npm ci` from package-lock.json when it is
# missing or stale; playwright-core downloads no browser. Without node, and
# as root, Debian's nodejs and npm are installed first. Skips (77) with a
# message when node, npm, chromium or `indeks serve` is missing.
set -u
INDEKS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${2:-$(mktemp -d /tmp/indeks-browser.XXXXXX)}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

if ! command -v node >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "browser: node is missing; installing Debian's nodejs and npm"
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; } >/dev/null 2>&1 ||
            echo "browser: apt-get install nodejs npm failed"
    fi
fi
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed (apt-get install nodejs npm)"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "skipped: npm is not installed (apt-get install npm)"; exit 77; }
[ -x "$CHROMIUM" ] || { echo "skipped: $CHROMIUM is not installed (apt-get install chromium)"; exit 77; }
"$INDEKS" serve --help >/dev/null 2>&1 || { echo "skipped: this indeks has no serve command"; exit 77; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || { echo "skipped: node $(node --version) is too old (18 or newer)"; exit 77; }

# node_modules: installed exactly as package-lock.json says, once.
want=$(node -p "require('$HERE/package.json').dependencies['playwright-core']")
have=$(node -p "require('$HERE/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
    echo "browser: npm ci (playwright-core $want) into $HERE/node_modules"
    (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
        { echo "browser: npm ci failed"; exit 1; }
fi

mkdir -p "$OUT"
PID=""
cleanup() {
    if [ -n "$PID" ]; then
        kill -TERM "$PID" 2>/dev/null
        for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$PID" 2>/dev/null
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

"$INDEKS" serve --listen 127.0.0.1:0 >"$OUT/server.out" 2>"$OUT/server.log" &
PID=$!
U=""
for _ in $(seq 1 600); do
    U=$(sed -n 's|^indeks serve: \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$OUT/server.out" 2>/dev/null)
    [ -n "$U" ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
[ -n "$U" ] || { echo "browser: the server did not start:"; cat "$OUT/server.log"; exit 1; }
echo "browser: $U (demo), screenshots in $OUT"

node "$HERE/site.test.mjs" "$U" "$OUT"
rc=$?
[ $rc -eq 0 ] || { echo "browser: server log:"; tail -n 20 "$OUT/server.log"; }
# The reports (tests/browser/report.test.mjs): socio and composite, desktop and
# phone width, legend as HTML outside the map, no sideways scroll.
"$INDEKS" report --socio --locale da -o "$OUT/report_socio.html" 2>/dev/null &&
    node "$HERE/report.test.mjs" "$OUT/report_socio.html" "$OUT" report_socio || rc=1
"$INDEKS" report --composite --data "$ROOT/data/demo/socialt_indeks_data.csv" \
    --meta "$ROOT/data/demo/socialt_indeks_meta.csv" --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" \
    --locale da -o "$OUT/report_composite.html" 2>/dev/null &&
    node "$HERE/report.test.mjs" "$OUT/report_composite.html" "$OUT" report_composite || rc=1
exit $rc
