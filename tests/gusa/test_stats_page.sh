#!/bin/sh
# /gusa/statistik's 80/20 section (issue 16) through the real server, on a
# small demo database (SYNTETISKE DATA) with the demo login:
#   - a manager (leder) sees the Lorenz chart and the table; the overall
#     families and Gini equal `indeks gusa concentration`'s (all years);
#   - groups of fewer than five families show no figures;
#   - a parent gets 403 and no chart; the manager's read is audited.
# Skips (77) without curl or sqlite3.
set -u
INDEKS=$1
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
for p in curl sqlite3 python3; do
    command -v $p >/dev/null 2>&1 || { echo "skipped: $p is not installed"; exit 77; }
done
T=$(mktemp -d)
SRV=
cleanup() {
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM
cd "$T" || exit 1
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }

"$INDEKS" gusa init --db g.db >/dev/null && "$INDEKS" gusa demo --db g.db --families 300 --today 2026-12-01 >/dev/null ||
    { echo "FAIL: demo"; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
echo s >s.secret
cat >gusa.json <<JSON
{"db": "g.db", "base_url": "$BASE", "outbox": ".", "cookie_secure": false,
 "oidc": {"mitid": {"issuer": "http://127.0.0.1:1", "client_id": "x", "client_secret_file": "s.secret",
                    "acr_min": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}}}
JSON
mkfifo srv.fifo
"$INDEKS" serve --gusa gusa.json --listen "127.0.0.1:$PORT" >srv.fifo 2>srv.log &
SRV=$!
read -r _ <srv.fifo || { echo "FAIL: the server did not start"; cat srv.log; exit 1; }
sid() { curl -s -o /dev/null -c - "$BASE/gusa/demo-login?persona=$1" | awk '$6 == "gusa_sid" { print $7 }'; }
LEDER=$(sid leder)
PARENT=$(sid foraelder)
check "demo sessions" '[ -n "$LEDER" ] && [ -n "$PARENT" ]'

code=$(curl -s -o leder.html -w '%{http_code}' -H "Cookie: gusa_sid=$LEDER" "$BASE/gusa/statistik")
check "leder: 200" '[ "$code" = 200 ]'
check "leder: the Lorenz chart" 'grep -q "<polyline class=\"lorenz\"" leder.html'
"$INDEKS" gusa concentration --db g.db --format csv -o conc.csv
want=$(awk -F, '$1 == "overall" { printf "%d %.2f", $3, $6 }' conc.csv | tr . ,)
got=$(grep -o '<th scope="row">Alle familier </th><td>[0-9]*</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td>' leder.html |
      sed 's/.*<td>\([0-9]*\)<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>\([^<]*\)<\/td>/\1 \2/')
echo "overall on the page: $got, gusa concentration: $want"
check "leder: families and Gini as gusa concentration ('$got' = '$want')" '[ -n "$got" ] && [ "$got" = "$want" ]'
supp=$(awk -F, '$4 == 1' conc.csv | wc -l)
check "leder: $supp small groups without figures" '[ "$(grep -o "færre end 5 familier: ikke vist" leder.html | wc -l)" -eq "$supp" ]'
check "the manager's read is audited" \
    '[ "$(sqlite3 g.db "SELECT count(*) FROM audit_log WHERE object = '\''statistik:facts'\'' AND outcome = '\''ok'\''")" -ge 1 ]'

code=$(curl -s -o parent.html -w '%{http_code}' -H "Cookie: gusa_sid=$PARENT" "$BASE/gusa/statistik")
check "parent: 403" '[ "$code" = 403 ]'
check "parent: no chart" '! grep -q "lorenz" parent.html'
"$INDEKS" gusa audit verify --db g.db >/dev/null
check "the audit chain verifies" '[ $? -eq 0 ]'
[ $fail -eq 0 ] && echo "gusa statistik page: all checks passed"
exit $fail
