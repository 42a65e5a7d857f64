#!/bin/sh
# GUSA's OpenID Connect login, end to end against the test provider
# (tests/gusa/op/server.mjs, oidc-provider pinned in its package.json):
# honest logins for both clients (client_secret_basic and _post), a login
# below the required NSIS level, every tamper mode of the provider, a
# swapped state, a replayed code and a wrong client secret, each run by
# tests/gusa/oidc_driver.c and refused with its own reason.
#
#   tests/gusa/test_oidc_flow.sh OIDC_DRIVER [WORKDIR]
#
# WORKDIR (default: a new temporary folder; ctest passes <build>/gusa-op)
# gets a copy of tests/gusa/op and its node_modules (`npm ci` from
# package-lock.json, once; nothing is installed in the source tree), the
# secrets and the provider's log. Skips (77) without node (20+) or npm, or
# when `npm ci` cannot reach the registry. No sleeps: the provider's port is
# read from its first line of output through a FIFO.
set -u
DRIVER=$1
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${2:-$(mktemp -d /tmp/indeks-gusa-op.XXXXXX)}

# As tests/browser/run.sh: as root, Debian's nodejs and npm are installed
# when node is missing.
if ! command -v node >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "gusa-op: node is missing; installing Debian's nodejs and npm"
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; } >/dev/null 2>&1 ||
            echo "gusa-op: apt-get install nodejs npm failed"
    fi
fi
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed (apt-get install nodejs npm)"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "skipped: npm is not installed (apt-get install npm)"; exit 77; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "skipped: node $(node --version) is too old"; exit 77; }

mkdir -p "$WORK" || exit 1
for f in package.json package-lock.json server.mjs; do
    cp "$HERE/op/$f" "$WORK/$f" || exit 1
done
want=$(node -p "require('$WORK/package.json').dependencies['oidc-provider']")
have=$(node -p "require('$WORK/node_modules/oidc-provider/package.json').version" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
    echo "gusa-op: npm ci (oidc-provider $want) into $WORK/node_modules"
    (cd "$WORK" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1) ||
        { echo "skipped: npm ci failed (no registry?), see $WORK/npm.log"; exit 77; }
fi

REDIRECT=http://127.0.0.1:8080/gusa/callback
# reserved characters in the secret: the Basic credentials must be form-encoded
printf 'mitid:secret%%+/SYNTHETIC-%s\n' "$$" >"$WORK/mitid.secret"
printf 'medarbejder-secret-SYNTHETIC-%s\n' "$$" >"$WORK/medarbejder.secret"
printf 'not-the-secret\n' >"$WORK/wrong.secret"
TAMPER=$WORK/tamper
: >"$TAMPER"
FIFO=$WORK/op.fifo
rm -f "$FIFO"
mkfifo "$FIFO" || exit 1

GUSA_OP_REDIRECT_URI=$REDIRECT GUSA_OP_TAMPER_FILE=$TAMPER \
GUSA_OP_MITID_SECRET=$(cat "$WORK/mitid.secret") \
GUSA_OP_MEDARBEJDER_SECRET=$(cat "$WORK/medarbejder.secret") \
    node "$WORK/server.mjs" 0 >"$FIFO" 2>"$WORK/op.log" &
OP=$!
exec 3<"$FIFO"
trap 'kill $OP 2>/dev/null; exec 3<&-; rm -f "$FIFO"' EXIT INT TERM
IFS= read -r line <&3 || { echo "FAIL: the provider did not start:"; cat "$WORK/op.log"; exit 1; }
ISSUER=${line#*issuer=}
case "$ISSUER" in http://127.0.0.1:*) ;; *) echo "FAIL: odd first line from the provider: $line"; exit 1 ;; esac
echo "gusa-op: $ISSUER"

fails=0
# run NAME EXPECT CLIENT SECRET ACR_MIN HINT AUTH SCENARIO
#   EXPECT "ok sub=SUB acr=LEVEL" or "refused REASON"
run() {
    name=$1 expect=$2
    shift 2
    out=$("$DRIVER" "$ISSUER" "$1" "$WORK/$2" "$REDIRECT" "$3" "$4" "$5" "$6" 2>"$WORK/driver.err")
    case "$out" in
        "$expect"*) echo "ok   $name: $out" ;;
        *) echo "FAIL $name: expected '$expect', got '$out' ($(cat "$WORK/driver.err"))"; fails=$((fails + 1)) ;;
    esac
}
NSIS=https://data.gov.dk/concept/core/nsis/loa

run honest-mitid "ok sub=synthetic-parent-1 acr=$NSIS/Substantial" mitid mitid.secret Substantial parent basic honest
run honest-young "ok sub=synthetic-young-1 acr=$NSIS/Substantial" mitid mitid.secret Substantial young basic honest
run honest-staff-post "ok sub=synthetic-staff-myndighed acr=$NSIS/High" medarbejder medarbejder.secret High myndighed post honest
# High required, the user reached Substantial (the provider reports it honestly)
run acr-below "refused acr" medarbejder medarbejder.secret High medarbejder post honest
run acr-low-user "refused acr" mitid mitid.secret Substantial parent-low basic honest
run swapped-state "refused state" mitid mitid.secret Substantial parent basic swap-state
run replayed-code "refused token" mitid mitid.secret Substantial parent basic replay-code
run wrong-secret "refused token" mitid wrong.secret Substantial parent basic honest

# Every tamper mode of the provider, and the reason it must give.
for pair in signature:signature alg-none:alg hs256:alg aud:aud iss:iss nonce:nonce exp:exp acr:acr replay:nonce; do
    mode=${pair%%:*} reason=${pair#*:}
    printf '%s\n' "$mode" >"$TAMPER"
    run "tamper-$mode" "refused $reason" mitid mitid.secret Substantial parent basic honest
done
: >"$TAMPER"
run honest-again "ok sub=synthetic-parent-1" mitid mitid.secret Substantial parent basic honest

if [ "$fails" -ne 0 ]; then
    echo "$fails case(s) failed; the provider's log: $WORK/op.log"
    exit 1
fi
echo "gusa/oidc_flow: all cases passed"
