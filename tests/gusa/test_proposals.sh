#!/bin/sh
# Stakeholders' proposals for Socialt Indeks (issue 17) through the real
# server and the real OIDC login (tests/gusa/op, SYNTHETIC users):
#   the whole loop: propose (JSON and a form), support, comment, decide,
#   export the next IMETA and run it through `indeks composite`;
#   every access rule: reading is public, writing needs a stakeholder's
#   session, CSRF and Origin on every POST, one vote per organisation (and
#   none for one's own), only an editor decides and only with a reason, a
#   decision is final, the hourly limit per organisation (429), a
#   stakeholder's session is no GUSA session, unknown stakeholders refused;
#   an audit row per write (denied ones too) and an intact chain; public
#   pages name organisations, never the person.
# The expected IMETA is checked with awk against the demo's, independently.
# Usage: test_proposals.sh INDEKS [WORKDIR [sqlite|pg]]
set -u
INDEKS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${2:-$(mktemp -d /tmp/indeks-proposals.XXXXXX)}
BACKEND=${3:-sqlite}
if [ "$BACKEND" = pg ]; then
    [ -n "${IX_TEST_PG:-}" ] || { echo "skipped: IX_TEST_PG is not set (scripts/pg.sh sets it)"; exit 77; }
    command -v psql >/dev/null 2>&1 || { echo "skipped: psql is not installed"; exit 77; }
else
    command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 is not installed"; exit 77; }
fi
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
. "$HERE/op_lib.sh"
op_need_tools
WORK=$(mkdir -p "$WORK" && cd "$WORK" && pwd)
PGDB=""
cleanup() {
    op_cleanup
    [ -n "$PGDB" ] && psql -q "$IX_TEST_PG" -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1
}
trap cleanup EXIT INT TERM
op_start

DB=$WORK/gusa.db
rm -f "$DB"
if [ "$BACKEND" = pg ]; then
    PGDB="gusa_proposals_$$"
    psql -q "$IX_TEST_PG" -c "CREATE DATABASE $PGDB" >/dev/null || exit 1
    DB=$(echo "$IX_TEST_PG" | sed "s|/[^/]*\$|/$PGDB|")
fi
# sql QUERY: one answer from the database, through its own client
sql() {
    if [ -n "$PGDB" ]; then psql -qAt "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}
"$INDEKS" gusa init --db "$DB" >/dev/null || exit 1
j() { sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p"; }
ORG1=$("$INDEKS" proposals org add --db "$DB" --name "Rødovre Kommune" --kind kommune | j id)
ORG2=$("$INDEKS" proposals org add --db "$DB" --name "Socialpædagogerne <Øst>" --kind fagforening | j id)
ORG3=$("$INDEKS" proposals org add --db "$DB" --name "Redaktionen" --kind andet | j id)
add() { "$INDEKS" proposals member add --db "$DB" --iss "$ISSUER" --sub "$1" --name "$2" --org "$3" --role "$4" >/dev/null; }
add synthetic-staff-medarbejder "Person Et Syntetisk" "$ORG1" forslagsstiller || exit 1
add synthetic-staff-myndighed "Person To Syntetisk" "$ORG1" forslagsstiller || exit 1
add synthetic-staff-leder "Person Tre Syntetisk" "$ORG2" forslagsstiller || exit 1
add synthetic-staff-revisor "Person Fire Syntetisk" "$ORG3" redaktoer || exit 1
server_start "$DB"

# ok, bad, check, has, hasnt, login, api: tests/gusa/op_lib.sh
# slogin JAR IDP HINT: a stakeholder's login (for=forslag); the final status
slogin() { login "$1" "$2" "$3&for=forslag"; }
code() { api "$@" | head -n 1 | cut -d' ' -f1; }
csrf_of() { curl -s -b "$1" "$BASE/forslag/ny" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
audit() { sql "SELECT count(*) FROM audit_log WHERE object LIKE 'proposal%' AND outcome = '$1'"; }

# ---- public reading, nothing without a session ------------------------------------
: >"$WORK/nojar"
has "GET /forslag is public" "Der er ingen forslag endnu" "$(api "$WORK/nojar" GET /forslag)"
check "GET /api/v1/forslag" '200 {"proposals":[]}' "$(api "$WORK/nojar" GET /api/v1/forslag)"
check "GET /forslag/ny without a session" 401 "$(code "$WORK/nojar" GET /forslag/ny)"
check "GET /forslag/1 that is not there" 404 "$(code "$WORK/nojar" GET /forslag/1)"
check "GET /api/v1/forslag/x" 404 "$(code "$WORK/nojar" GET /api/v1/forslag/x)"
for p in /forslag /forslag/1/stoette /forslag/1/kommentar /forslag/1/afgoerelse; do
    check "POST $p without a session" 401 "$(code "$WORK/nojar" POST "$p" '{}')"
done

# ---- logins ---------------------------------------------------------------------------
for who in s1:medarbejder s1b:myndighed s2:leder ed:revisor; do
    check "stakeholder login ${who#*:}" 200 "$(slogin "$WORK/${who%%:*}.jar" medarbejder "${who#*:}")"
done
check "an unknown stakeholder is refused" 403 "$(slogin "$WORK/x.jar" mitid parent)"
check "... and gets no session" "" "$(awk '$6 == "gusa_sid" { print $7 }' "$WORK/x.jar")"
check "a stakeholder's session is no GUSA session" 401 "$(code "$WORK/s1.jar" GET /api/v1/gusa/me)"
C1=$(csrf_of "$WORK/s1.jar") C1B=$(csrf_of "$WORK/s1b.jar") C2=$(csrf_of "$WORK/s2.jar") CE=$(csrf_of "$WORK/ed.jar")
[ ${#C1} = 43 ] && [ ${#C2} = 43 ] && [ ${#CE} = 43 ] && ok "csrf tokens on the form" || bad "csrf: $C1 / $C2 / $CE"

# ---- propose ----------------------------------------------------------------------------
NEW='{"kind":"ny","icode":"B12","name":"Børn hørt før handleplanen","definition":"Andel af børn med handleplan, der har haft en samtale med rådgiveren før planen","unit":"pct.","direction":"1","domain":"BOERN","source":"Kommunens sagssystem","frequency":"årligt","recommendation":"Tal med barnet før handleplanen skrives.","why":"Barnets perspektiv mangler i indekset."}'
check "CSRF missing" 403 "$(code "$WORK/s1.jar" POST /forslag "$NEW")"
check "CSRF forged" 403 "$(code "$WORK/s1.jar" POST /forslag "$NEW" AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)"
check "CSRF of another session" 403 "$(code "$WORK/s1.jar" POST /forslag "$NEW" "$C2")"
check "a foreign Origin" 403 "$(code "$WORK/s1.jar" POST /forslag "$NEW" "$C1" https://evil.example)"
check "a proposal without a reason" '400' "$(code "$WORK/s1.jar" POST /forslag '{"kind":"fjern","icode":"V07"}' "$C1")"
has "... names the field" '"field":"why"' "$(api "$WORK/s1.jar" POST /forslag '{"kind":"fjern","icode":"V07"}' "$C1")"
has "a bad kind names the field" '"field":"kind"' "$(api "$WORK/s1.jar" POST /forslag '{"kind":"x","icode":"V07","why":"w"}' "$C1")"
has "a new indicator without its unit" '"field":"unit"' \
    "$(api "$WORK/s1.jar" POST /forslag '{"kind":"ny","icode":"B13","name":"n","definition":"d","direction":"1","domain":"BOERN","source":"s","frequency":"f","why":"w"}' "$C1")"
has "a control character refused" '"field":"name"' \
    "$(api "$WORK/s1.jar" POST /forslag '{"kind":"aendring","icode":"B02","name":"a\u0007b","why":"w"}' "$C1")"
check "nothing was stored by the refusals" 0 "$(sql 'SELECT count(*) FROM proposal')"
check "new indicator B12 (JSON)" '201 {"id":1}' "$(api "$WORK/s1.jar" POST /forslag "$NEW" "$C1")"
# a form, as the browser sends it: 303 to the proposal's page
got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$WORK/s2.jar" \
    --data-urlencode "csrf=$C2" --data-urlencode kind=anbefaling --data-urlencode icode=B01 \
    --data-urlencode "recommendation=Hold sagsbehandlingstiden under 30 dage – også i ferier." \
    --data-urlencode "why=Ferier giver pukler." "$BASE/forslag")
check "a recommendation for B01 (form)" "303 $BASE/forslag/2" "$got"
check "removal of V07" '201 {"id":3}' "$(api "$WORK/s2.jar" POST /forslag '{"kind":"fjern","icode":"V07","why":"Tallet findes ikke i alle kommuner."}' "$C2")"
check "change of B02's unit" '201 {"id":4}' "$(api "$WORK/s1.jar" POST /forslag '{"kind":"aendring","icode":"B02","unit":"procent af undersøgelser","why":"Tydeligere."}' "$C1")"
check "a proposal to reject" '201 {"id":5}' "$(api "$WORK/s2.jar" POST /forslag '{"kind":"fjern","icode":"H01","why":"Ingen grund."}' "$C2")"
# a form with a bad field: the Danish error page naming it
page=$(curl -s -b "$WORK/s1.jar" --data-urlencode "csrf=$C1" --data-urlencode kind=ny \
    --data-urlencode icode=1X --data-urlencode "why=w" "$BASE/forslag")
has "a bad form: the error page names the field" "Indikatorens kode" "$page"

# ---- support and comments -------------------------------------------------------------
check "another organisation supports F1" 201 "$(code "$WORK/s2.jar" POST /forslag/1/stoette '{}' "$C2")"
check "... once only (one vote per organisation)" 409 "$(code "$WORK/s2.jar" POST /forslag/1/stoette '{}' "$C2")"
check "the proposer's organisation cannot support" 409 "$(code "$WORK/s1b.jar" POST /forslag/1/stoette '{}' "$C1B")"
check "support of a missing proposal" 404 "$(code "$WORK/s2.jar" POST /forslag/99/stoette '{}' "$C2")"
check "a comment" 201 "$(code "$WORK/s2.jar" POST /forslag/1/kommentar '{"text":"Godt forslag <script>alert(1)</script> – æøå"}' "$C2")"
check "an empty comment" 400 "$(code "$WORK/s2.jar" POST /forslag/1/kommentar '{"text":""}' "$C2")"
page=$(curl -s "$BASE/forslag/1")
has "the page shows the supporter" "Socialpædagogerne &lt;Øst&gt;" "$page"
has "the comment is escaped" "Godt forslag &lt;script&gt;alert(1)&lt;/script&gt; – æøå" "$page"
hasnt "no person's name on the public page" "Syntetisk" "$page"
hasnt "... nor in the JSON" "Syntetisk" "$(curl -s "$BASE/api/v1/forslag/1") $(curl -s "$BASE/api/v1/forslag")"
has "JSON: the support count" '"support_count":1' "$(curl -s "$BASE/api/v1/forslag/1")"

# ---- decisions --------------------------------------------------------------------------
check "a stakeholder cannot decide" 403 "$(code "$WORK/s1.jar" POST /forslag/1/afgoerelse '{"decision":"accepter","reason":"r"}' "$C1")"
has "an editor's decision needs a reason" '"field":"reason"' "$(api "$WORK/ed.jar" POST /forslag/1/afgoerelse '{"decision":"accepter"}' "$CE")"
has "... and a decision" '"field":"decision"' "$(api "$WORK/ed.jar" POST /forslag/1/afgoerelse '{"reason":"r"}' "$CE")"
for p in 1 2 3 4; do
    check "the editor accepts F$p" 200 "$(code "$WORK/ed.jar" POST /forslag/$p/afgoerelse "{\"decision\":\"accepter\",\"reason\":\"Redaktionen er enig (F$p).\"}" "$CE")"
done
check "the editor rejects F5" 200 "$(code "$WORK/ed.jar" POST /forslag/5/afgoerelse '{"decision":"afvis","reason":"H01 er central for handicapområdet."}' "$CE")"
check "a decision is final" 409 "$(code "$WORK/ed.jar" POST /forslag/5/afgoerelse '{"decision":"accepter","reason":"r"}' "$CE")"
check "no support after the decision" 409 "$(code "$WORK/s1.jar" POST /forslag/5/stoette '{}' "$C1")"
page=$(curl -s "$BASE/forslag/5")
has "the decision is public, with its reason" "H01 er central for handicapområdet." "$page"
has "... and dated" "Afgjort $(date -u +%Y-%m-%d)" "$page"
has "... by the editors' organisation" "af redaktionen (Redaktionen)" "$page"

# ---- the hourly limit per organisation ----------------------------------------------------
# organisation 2 has made 3 proposals (F2, F3, F5); 7 more reach the limit of 10
for i in 1 2 3 4 5 6 7; do
    api "$WORK/s2.jar" POST /forslag "{\"kind\":\"anbefaling\",\"icode\":\"H0$i\",\"recommendation\":\"r$i\",\"why\":\"w\"}" "$C2" >/dev/null
done
check "the 11th proposal in an hour is refused" 429 "$(code "$WORK/s2.jar" POST /forslag '{"kind":"anbefaling","icode":"H09","recommendation":"r","why":"w"}' "$C2")"
check "... for that organisation only" 201 "$(code "$WORK/s1.jar" POST /forslag '{"kind":"anbefaling","icode":"H09","recommendation":"r","why":"w"}' "$C1")"

# ---- audit --------------------------------------------------------------------------------
# ok writes: 5 + 7 + 1 proposals, 1 support, 1 comment, 5 decisions = 20
check "an audit row per write" 20 "$(audit ok)"
# denied: support twice, own support, missing (404), not editor, decided twice,
# support after decision, the 429 = 7 (a refused validation stores nothing)
check "... and per refused write" 7 "$(audit denied)"
"$INDEKS" gusa audit verify --db "$DB" >/dev/null
check "the audit chain is intact" 0 "$?"

# ---- export ---------------------------------------------------------------------------------
META=$ROOT/data/demo/socialt_indeks_meta.csv
DATA=$ROOT/data/demo/socialt_indeks_data.csv
NEXT=$WORK/next_meta.csv
"$INDEKS" proposals export --db "$DB" --edition "Socialt Indeks 2027" --imeta "$META" -o "$NEXT" 2>"$WORK/export.err"
check "export" 0 "$?"
has "export names the proposals it applied" "4 accepted proposals applied" "$(cat "$WORK/export.err")"
# independent reading of the draft: python's csv module
row() { python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["iCode"] == sys.argv[2]: print("|".join(r.get(k, "") for k in sys.argv[3].split(",")))' "$NEXT" "$1" "$2"; }
check "B12 added to BOERN" "1|BOERN|Indicator|1|1|pct.|Kommunens sagssystem|årligt|F1" \
    "$(row B12 Level,Parent,Type,Weight,Direction,Unit,Source,Frequency,Proposal)"
check "B01's recommendation" "Hold sagsbehandlingstiden under 30 dage – også i ferier.|F2" "$(row B01 Recommendation,Proposal)"
check "V07 removed" "" "$(row V07 iCode)"
check "B02's unit" "procent af undersøgelser|F4" "$(row B02 Unit,Proposal)"
check "H01 (rejected) unchanged" "Sagsbehandlingstid i handicapsager (dage)|" "$(row H01 iName,Proposal)"
check "rows: the demo's 40 + 1 - 1" 40 "$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' "$NEXT")"
check "B12 sits after BOERN's last indicator" "B11 B12 V01" \
    "$(python3 -c 'import csv,sys; c=[r["iCode"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]; i=c.index("B12"); print(c[i-1], c[i], c[i+1])' "$NEXT")"
check "the proposals are taken into the edition" "Socialt Indeks 2027" "$(sql 'SELECT DISTINCT edition FROM proposal WHERE id <= 4')"
has "... and the page says so" "Indgår i udgaven <strong>Socialt Indeks 2027</strong>" "$(curl -s "$BASE/forslag/1")"
cp "$NEXT" "$WORK/first.csv"
"$INDEKS" proposals export --db "$DB" --edition "Socialt Indeks 2027" --imeta "$META" -o "$NEXT" 2>/dev/null
cmp -s "$NEXT" "$WORK/first.csv" && ok "export again for the same edition: the same bytes" || bad "export is not repeatable"
# the next IDATA: V07 dropped, B12 added (SYNTHETIC values: 40 + code mod 50)
python3 - "$DATA" "$WORK/next_data.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
cols = [c for c in rows[0].keys() if c != "V07"]
cols.insert(cols.index("B11") + 1, "B12")
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        r.pop("V07")
        r["B12"] = str(40 + int(r["uCode"]) % 50)
        w.writerow(r)
PY
"$INDEKS" composite --data "$WORK/next_data.csv" --meta "$NEXT" --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" \
    --format csv -o "$WORK/next_result.csv" 2>"$WORK/composite.err"
check "indeks composite accepts the draft unchanged" 0 "$?"
check "... and ranks the 98 municipalities" 99 "$(grep -c '' "$WORK/next_result.csv")"
# the two editions compared: every change traced to its proposal, the
# removal through the proposals database
"$INDEKS" composite --data "$DATA" --meta "$META" --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" \
    --format csv -o "$WORK/cur_result.csv" 2>/dev/null
rm -f "$WORK/editions.db"
"$INDEKS" import --db "$WORK/editions.db" --composite "$WORK/cur_result.csv" --edition "Socialt Indeks 2026" \
    --year 2026 --meta "$META" --data "$DATA" >/dev/null 2>&1
"$INDEKS" import --db "$WORK/editions.db" --composite "$WORK/next_result.csv" --edition "Socialt Indeks 2027" \
    --year 2027 --meta "$NEXT" --data "$WORK/next_data.csv" >/dev/null 2>&1
"$INDEKS" compare-editions --db "$WORK/editions.db" 1 2 --proposals "$DB" --format csv -o "$WORK/diff.csv"
check "compare-editions with the proposals" 0 "$?"
check "each change's proposal" "B01 changed F2
B02 changed F4
B12 added F1
V07 removed F3" "$(python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["section"] == "indicator": print(r["code"], r["kind"], r["proposals"])' "$WORK/diff.csv" | sort -u)"
# the page comparing them, on a server with the editions and /forslag
server_stop
server_start "$DB" --db "$WORK/editions.db"
page=$(curl -s "$BASE/edition/1/vs/2")
has "the page links the removal to its proposal" '<a href="/forslag/3">F3</a>' "$page"
has "... and the new indicator to its" '<a href="/forslag/1">F1</a>' "$page"
# a draft that cannot be made: B12 is in the draft already; nothing written
"$INDEKS" proposals export --db "$DB" --edition "Socialt Indeks 2028" --imeta "$NEXT" -o "$WORK/x.csv" 2>/dev/null
check "export for a new edition takes nothing already taken" 0 "$?"
cmp -s "$NEXT" "$WORK/x.csv" && ok "... and writes the draft unchanged" || bad "export of nothing changed the draft"
C1=$(csrf_of "$WORK/s1.jar")
api "$WORK/s1.jar" POST /forslag "$NEW" "$C1" >/dev/null
NID=$(sql 'SELECT max(id) FROM proposal')
api "$WORK/ed.jar" POST /forslag/$NID/afgoerelse '{"decision":"accepter","reason":"r"}' "$CE" >/dev/null
rm -f "$WORK/y.csv"
"$INDEKS" proposals export --db "$DB" --edition "Socialt Indeks 2028" --imeta "$NEXT" -o "$WORK/y.csv" 2>"$WORK/y.err"
check "a proposal that cannot apply: exit 2" 2 "$?"
has "... naming the proposal" "proposal F$NID" "$(cat "$WORK/y.err")"
check "... and nothing written" no "$([ -e "$WORK/y.csv" ] && echo yes || echo no)"
check "... nor marked" "" "$(sql "SELECT edition FROM proposal WHERE id = $NID")"

echo
[ "$fails" = 0 ] && echo "all passed" || echo "$fails failed"
[ "$fails" = 0 ]
