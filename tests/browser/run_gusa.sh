#!/bin/sh
# GUSA in headless Chromium: starts the test identity provider
# (tests/gusa/op/, as tests/gusa/test_access.sh does) and `indeks serve
# --gusa` on free loopback ports with a SYNTHETIC family and two staff, then
# runs tests/browser/gusa.test.mjs (desktop and 390 px) and checks that the
# four invitations (two per run) went to the outbox and nowhere else.
#
#   tests/browser/run_gusa.sh INDEKS [OUTDIR]
#
# Skips (77) without node 20+, npm or chromium, or when npm ci cannot reach
# the registry. No sleeps: both servers' first lines are read through FIFOs.
set -u
INDEKS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${2:-$(mktemp -d /tmp/indeks-browser-gusa.XXXXXX)}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "skipped: npm is not installed"; exit 77; }
[ -x "$CHROMIUM" ] || { echo "skipped: $CHROMIUM is not installed"; exit 77; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "skipped: node $(node --version) is too old"; exit 77; }
want=$(node -p "require('$HERE/package.json').dependencies['playwright-core']")
have=$(node -p "require('$HERE/node_modules/playwright-core/package.json').version" 2>/dev/null || true)
want_axe=$(node -p "require('$HERE/package.json').dependencies['axe-core']")
have_axe=$(node -p "require('$HERE/node_modules/axe-core/package.json').version" 2>/dev/null || true)
if [ "$want" != "$have" ] || [ "$want_axe" != "$have_axe" ]; then
    (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
        { echo "skipped: npm ci (playwright-core, axe-core) failed"; exit 77; }
fi
mkdir -p "$OUT" || exit 1
OUT=$(cd "$OUT" && pwd)
WORK=$OUT
OP_DIR=$HERE/../gusa/op
. "$HERE/../gusa/op_lib.sh"   # op_start, server_start, op_cleanup
trap op_cleanup EXIT INT TERM
op_start

DB=$OUT/gusa.db
rm -f "$DB" "$OUT/outbox/"*.eml 2>/dev/null
mkdir -p "$OUT/outbox"
"$INDEKS" gusa init --db "$DB" >/dev/null || exit 1
"$INDEKS" gusa person add --db "$DB" --iss "$ISSUER" --sub synthetic-parent-1 --name "Forælder (SYNTHETIC)" \
    --child "Ida,2014-05-01" >/dev/null || exit 1
# the job-centre worker and the § 85 worker log in at the provider's
# medarbejder client (its synthetic users "medarbejder" and "myndighed")
JOB=medarbejder@kommune.example.test S85=myndighed@kommune.example.test
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-medarbejder --name "Jobcenter (SYNTHETIC)" \
    --role medarbejder --centre arbejdsmarked --email "$JOB" >/dev/null || exit 1
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-myndighed --name "Bostøtte (SYNTHETIC)" \
    --role medarbejder --centre social --email "$S85" >/dev/null || exit 1
# a manager for /gusa/statistik (the provider's "leder")
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-leder --name "Leder (SYNTHETIC)" \
    --role leder --centre familie-forebyggelse >/dev/null || exit 1
# a stakeholder for /forslag (issue 17): proposes for Rødovre Kommune
ORG=$("$INDEKS" proposals org add --db "$DB" --name "Rødovre Kommune" --kind kommune | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
"$INDEKS" proposals member add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-revisor \
    --name "Forslagsstiller (SYNTHETIC)" --org "$ORG" --role forslagsstiller >/dev/null || exit 1
server_start "$DB"
echo "browser-gusa: $BASE, provider $ISSUER, screenshots in $OUT"
node "$HERE/gusa.test.mjs" "$BASE" "$OUT" "$JOB" "$S85"
rc=$?
n=$(ls "$OUT/outbox/"*.eml 2>/dev/null | wc -l)
if [ "$rc" = 0 ] && [ "$n" != 4 ]; then
    echo "FAIL: $n invitation mails in the outbox, 4 expected"
    rc=1
fi
[ "$rc" = 0 ] || { echo "server log:"; tail -n 20 "$OUT/srv.log"; }
exit $rc
