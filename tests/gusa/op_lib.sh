# Sourced by GUSA tests that log in through the real OIDC flow: starts the
# pinned test identity provider (tests/gusa/op, SYNTHETIC users) and
# `indeks serve --gusa` on loopback. Needs WORK (a directory), INDEKS and
# HERE (tests/gusa; or OP_DIR, the provider's folder). Sets PORT, BASE, ISSUER, OP, SRV; op_cleanup stops both.
# Skips (exit 77) without node 20+, npm, curl or the npm registry.

op_need_tools() {
    command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed"; exit 77; }
    command -v npm >/dev/null 2>&1 || { echo "skipped: npm is not installed"; exit 77; }
    command -v curl >/dev/null 2>&1 || { echo "skipped: curl is not installed"; exit 77; }
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 20 ] || { echo "skipped: node $(node --version) is too old"; exit 77; }
}

op_start() {
    mkdir -p "$WORK/op" || exit 1
    for f in package.json package-lock.json server.mjs; do
        cp "${OP_DIR:-$HERE/op}/$f" "$WORK/op/$f" || exit 1
    done
    want=$(node -p "require('$WORK/op/package.json').dependencies['oidc-provider']")
    have=$(node -p "require('$WORK/op/node_modules/oidc-provider/package.json').version" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
        echo "gusa-op: npm ci (oidc-provider $want) into $WORK/op/node_modules"
        (cd "$WORK/op" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1) ||
            { echo "skipped: npm ci failed (no registry?), see $WORK/op/npm.log"; exit 77; }
    fi
    PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    BASE=http://127.0.0.1:$PORT
    printf 'mitid-secret-SYNTHETIC-%s\n' "$$" >"$WORK/mitid.secret"
    printf 'medarbejder-secret-SYNTHETIC-%s\n' "$$" >"$WORK/medarbejder.secret"
    : >"$WORK/tamper"
    rm -f "$WORK/op.fifo" "$WORK/srv.fifo"
    mkfifo "$WORK/op.fifo" "$WORK/srv.fifo" || exit 1
    GUSA_OP_REDIRECT_URI=$BASE/gusa/callback GUSA_OP_TAMPER_FILE=$WORK/tamper \
    GUSA_OP_MITID_SECRET=$(cat "$WORK/mitid.secret") \
    GUSA_OP_MEDARBEJDER_SECRET=$(cat "$WORK/medarbejder.secret") \
        node "$WORK/op/server.mjs" 0 >"$WORK/op.fifo" 2>"$WORK/op.log" &
    OP=$!
    exec 3<"$WORK/op.fifo"
    IFS= read -r line <&3 || { echo "FAIL: the provider did not start:"; cat "$WORK/op.log"; exit 1; }
    ISSUER=${line#*issuer=}
    echo "gusa-op: $ISSUER"
}

# server_start DB [ARGS...]: gusa.json for DB and the server on PORT, with
# more serve arguments (e.g. --db EDITIONS)
server_start() {
    cat >"$WORK/gusa.json" <<JSON
{"db": "$1", "base_url": "$BASE", "outbox": "outbox", "cookie_secure": false,
 "oidc": {"mitid": {"issuer": "$ISSUER", "client_id": "mitid", "client_secret_file": "mitid.secret",
                    "acr_min": "https://data.gov.dk/concept/core/nsis/loa/Substantial"},
          "medarbejder": {"issuer": "$ISSUER", "client_id": "medarbejder",
                          "client_secret_file": "medarbejder.secret",
                          "acr_min": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}}}
JSON
    mkdir -p "$WORK/outbox"
    shift
    "$INDEKS" serve --gusa "$WORK/gusa.json" --listen "127.0.0.1:$PORT" "$@" >"$WORK/srv.fifo" 2>"$WORK/srv.log" &
    SRV=$!
    exec 4<"$WORK/srv.fifo"
    IFS= read -r line <&4 || { echo "FAIL: the server did not start:"; cat "$WORK/srv.log"; exit 1; }
    echo "server: $line"
}

server_stop() {
    [ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
    SRV=""
    exec 4<&-
    rm -f "$WORK/srv.fifo"
    mkfifo "$WORK/srv.fifo"
}

# ---- checks and requests the GUSA tests share ------------------------------
fails=0   # the tests end with [ "$fails" = 0 ]
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
# check NAME WANT GOT
check() { if [ "$2" = "$3" ]; then ok "$1 ($3)"; else bad "$1: want $2, got $3"; fi; }
# has NAME NEEDLE TEXT
has() { case "$3" in *"$2"*) ok "$1" ;; *) bad "$1: no $2 in: $3" ;; esac; }
hasnt() { case "$3" in *"$2"*) bad "$1: $2 in: $3" ;; *) ok "$1" ;; esac; }

# login JAR IDP HINT: the final status after following every redirect
login() {
    [ "${4-}" = keep ] || rm -f "$1"
    curl -s -o /dev/null -w '%{http_code}' -c "$1" -b "$1" -L --max-redirs 12 \
        "$BASE/gusa/login?idp=$2&hint=$3"
}
sid_of() { awk '$6 == "gusa_sid" { print $7 }' "$1" 2>/dev/null | tail -n 1; }
# api JAR METHOD PATH [BODY [CSRF [ORIGIN [TYPE]]]]: "status body"
api() {
    jar=$1 m=$2 p=$3 body=${4-} csrf=${5-} origin=${6-} type=${7-application/json}
    set -- -s -o "$WORK/body" -w '%{http_code}' -b "$jar" -X "$m"
    [ -n "$csrf" ] && set -- "$@" -H "X-CSRF-Token: $csrf"
    [ -n "$origin" ] && set -- "$@" -H "Origin: $origin"
    [ "$m" = POST ] && set -- "$@" -H "Content-Type: $type" --data-binary "$body"
    code=$(curl "$@" "$BASE$p")
    echo "$code $(cat "$WORK/body")"
}

op_cleanup() {
    [ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null
    [ -n "${OP:-}" ] && kill "$OP" 2>/dev/null
    rm -f "$WORK/op.fifo" "$WORK/srv.fifo"
}
