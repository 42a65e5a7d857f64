#!/bin/sh
# GUSA's access rules through the REAL server (`indeks serve --gusa`) and
# the test identity provider (tests/gusa/op/, started as
# tests/gusa/test_oidc_flow.sh does): logins of synthetic users by curl,
# following the provider's redirects (the login_hint names the user), then
# every rule of issue 15 checked by status and body:
#   401 on every route without a session; IDOR between two families (404);
#   staff outside the case 403; CSRF missing, forged, foreign Origin (403),
#   415 and 413 bodies; every tamper mode, a swapped state and a replayed
#   code leave no session; invitations (the link only in the outbox; 409
#   used, 403 not the invitee, 410 expired); consent grant and revoke
#   changing what a fagperson sees ({"hidden":"consent"}); leder and
#   revisor limits; an audit row per read; logout ending the session
#   server-side; `indeks gusa audit verify` catching an edited row.
#
#   tests/gusa/test_access.sh INDEKS [WORKDIR] [sqlite|pg]
#
# pg: the same rules on a PostgreSQL database made for the run on the
# server IX_TEST_PG names (scripts/pg.sh sets it) and dropped after; skips
# (77) when IX_TEST_PG is not set.
#
# Skips (77) without node 20+, npm, curl or sqlite3. No sleeps: the
# provider's and the server's addresses are read from their first line of
# output through FIFOs.
set -u
INDEKS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${2:-$(mktemp -d /tmp/indeks-gusa-access.XXXXXX)}
BACKEND=${3:-sqlite}
if [ "$BACKEND" = pg ]; then
    [ -n "${IX_TEST_PG:-}" ] || { echo "skipped: IX_TEST_PG is not set (scripts/pg.sh sets it)"; exit 77; }
    command -v psql >/dev/null 2>&1 || { echo "skipped: psql is not installed"; exit 77; }
fi

command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 is not installed"; exit 77; }
. "$HERE/op_lib.sh"   # op_need_tools, op_start, server_start, op_cleanup
op_need_tools
mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
cleanup() {
    op_cleanup
    [ -n "${PGDB:-}" ] && psql -q "$IX_TEST_PG" -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1
}
trap cleanup EXIT INT TERM
op_start
REDIRECT=$BASE/gusa/callback
TAMPER=$WORK/tamper

# The database: two families, staff in four roles (all SYNTHETIC).
DB=$WORK/gusa.db
rm -f "$DB"
PGDB=""
if [ "$BACKEND" = pg ]; then
    PGDB="gusa_access_$$"
    psql -q "$IX_TEST_PG" -c "CREATE DATABASE $PGDB" >/dev/null || exit 1
    DB=$(echo "$IX_TEST_PG" | sed "s|/[^/]*\$|/$PGDB|")
fi
# sql QUERY: one answer from the database, through its own client
sql() {
    if [ -n "$PGDB" ]; then psql -qAt "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}
# unguard TABLE SQLITE_TRIGGER PG_TRIGGER: drops the trigger that guards
# TABLE (the test database is thrown away)
unguard() {
    if [ -n "$PGDB" ]; then psql -q "$DB" -c "DROP TRIGGER $3 ON $1" >/dev/null; else sqlite3 "$DB" "DROP TRIGGER $2"; fi
}
"$INDEKS" gusa init --db "$DB" >/dev/null || exit 1
j() { sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p"; }
A=$("$INDEKS" gusa person add --db "$DB" --iss "$ISSUER" --sub synthetic-parent-1 --name "Forælder A" \
    --email parent@example.test --child "Ida,2014-05-01")
CHILD_A=$(echo "$A" | sed -n 's/.*"children":\[\([0-9]*\).*/\1/p')
B=$("$INDEKS" gusa person add --db "$DB" --iss "$ISSUER" --sub synthetic-parent-3 --name "Forælder B" \
    --child "Bo,2016-02-01")
PERSON_B=$(echo "$B" | j id)
CHILD_B=$(echo "$B" | sed -n 's/.*"children":\[\([0-9]*\).*/\1/p')
MED=$("$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-medarbejder --name "Jobcenter" \
    --role medarbejder --centre arbejdsmarked | j id)
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-myndighed --name "Myndighed" \
    --role myndighed --centre familie-forebyggelse >/dev/null
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-leder --name "Leder" \
    --role leder --centre social >/dev/null
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-revisor --name "Revisor" \
    --role revisor --centre social >/dev/null
[ -n "$CHILD_A" ] && [ -n "$CHILD_B" ] && [ -n "$MED" ] || { echo "FAIL: setup: $A / $B / $MED"; exit 1; }

mkdir -p "$WORK/outbox"
rm -f "$WORK/outbox/"*.eml
server_start "$DB"

# ok, bad, check, has, hasnt, login, sid_of, api: tests/gusa/op_lib.sh
csrf_of() { api "$1" GET /api/v1/gusa/me | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'; }

# ---- 401 on every route without a session ---------------------------------------
: >"$WORK/nojar"
for r in /api/v1/gusa/me /api/v1/gusa/cases /api/v1/gusa/cases/1 /api/v1/gusa/stats \
    "/api/v1/gusa/audit?case=1" /api/v1/gusa/audit/verify /api/v1/gusa/audit/me \
    /api/v1/gusa/children \
    /api/v1/gusa/invitations/0000000000000000000000000000000000000000000000000000000000000000; do
    check "GET $r without a session" 401 "$(api "$WORK/nojar" GET "$r" | cut -d' ' -f1)"
done
for r in /api/v1/gusa/cases /api/v1/gusa/cases/1/close /api/v1/gusa/cases/1/concerns \
    /api/v1/gusa/cases/1/resources /api/v1/gusa/cases/1/goals /api/v1/gusa/cases/1/goals/1/followups \
    /api/v1/gusa/cases/1/actions /api/v1/gusa/cases/1/meetings /api/v1/gusa/cases/1/meetings/1/feedback \
    /api/v1/gusa/cases/1/invitations /api/v1/gusa/cases/1/consents /api/v1/gusa/cases/1/consents/1/revoke \
    /api/v1/gusa/invitations/0000000000000000000000000000000000000000000000000000000000000000/accept; do
    check "POST $r without a session" 401 "$(api "$WORK/nojar" POST "$r" '{}' | cut -d' ' -f1)"
done
for r in /gusa/sager/1 /gusa/statistik; do
    got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE$r")
    check "HTML $r without a session: to the login page" "303 $BASE/gusa/" "$got"
done
check "demo-login on a database that is not a demo" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gusa/demo-login?persona=foraelder")"

# ---- honest logins ------------------------------------------------------------------
for who in pa:mitid:parent pb:mitid:parent-b med:medarbejder:medarbejder \
    myn:medarbejder:myndighed led:medarbejder:leder rev:medarbejder:revisor; do
    jar=$WORK/${who%%:*}.jar
    rest=${who#*:}
    code=$(login "$jar" "${rest%%:*}" "${rest#*:}")
    sid=$(sid_of "$jar")
    if [ "$code" = 200 ] && [ ${#sid} = 43 ]; then ok "login ${rest#*:}"; else bad "login ${rest#*:}: $code sid=$sid"; fi
done
grep -i 'set-cookie' /dev/null
hdr=$(curl -s -D - -o /dev/null -c "$WORK/h.jar" "$BASE/gusa/login?idp=mitid&hint=parent")
has "gusa_login cookie HttpOnly, SameSite=Lax, Path=/" "HttpOnly; SameSite=Lax" "$hdr"
has "no-store on GUSA answers" "Cache-Control: no-store" "$hdr"
has "the site's CSP on GUSA answers" "Content-Security-Policy: default-src 'none'" "$hdr"
has "login sends PKCE S256" "code_challenge_method=S256" "$hdr"
# unknown staff: the young person's account is no staff member
check "unknown staff refused at login" 403 "$(login "$WORK/x.jar" medarbejder young)"
check "... and no session" "" "$(sid_of "$WORK/x.jar")"
check "an unknown citizen refused" 403 "$(login "$WORK/x.jar" mitid young)"

CA=$(csrf_of "$WORK/pa.jar") CB=$(csrf_of "$WORK/pb.jar") CM=$(csrf_of "$WORK/med.jar")
CY=$(csrf_of "$WORK/myn.jar") CL=$(csrf_of "$WORK/led.jar") CR=$(csrf_of "$WORK/rev.jar")
[ ${#CA} = 43 ] && ok "GET /me gives a csrf token" || bad "GET /me csrf: $CA"
has "GET /me of staff" '"roles":["medarbejder"]' "$(api "$WORK/med.jar" GET /api/v1/gusa/me)"

has "GET /children: parent A's own child" "{\"children\":[{\"id\":$CHILD_A,\"name\":\"Ida\",\"born\":\"2014-05-01\"}]}" \
    "$(api "$WORK/pa.jar" GET /api/v1/gusa/children)"
has "the home page offers the child by name" "<option value=\"$CHILD_A\">Ida (født 2014-05-01)</option>" \
    "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/")"
hasnt "... and not another family's child" "Bo (født" "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/")"

# ---- a case and the POST guards ---------------------------------------------------
r=$(api "$WORK/pa.jar" POST /api/v1/gusa/cases "{\"child_id\":$CHILD_A,\"title\":\"Ida i skolen\",\"reason\":\"Vi vil tale om trivsel\"}" "$CA")
check "parent A opens a case" 201 "${r%% *}"
CASE=$(echo "$r" | j id)
r=$(api "$WORK/pb.jar" POST /api/v1/gusa/cases "{\"child_id\":$CHILD_B,\"title\":\"Bo\",\"reason\":\"r\"}" "$CB")
CASE_B=$(echo "$r" | j id)
check "CSRF missing" 403 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/resources" '{"text":"x","owner":"family"}' | cut -d' ' -f1)"
check "CSRF forged" 403 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/resources" '{"text":"x","owner":"family"}' "$CB" | cut -d' ' -f1)"
check "foreign Origin" 403 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/resources" '{"text":"x","owner":"family"}' "$CA" https://evil.example | cut -d' ' -f1)"
check "CSRF in the form field" 303 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/resources" "csrf=$CA&text=Mormor+hj%C3%A6lper&owner=network" "" "$BASE" application/x-www-form-urlencoded | cut -d' ' -f1)"
check "a text/plain body" 415 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/resources" 'text=x' "$CA" "" text/plain | cut -d' ' -f1)"
head -c 70000 /dev/zero | tr '\0' a >"$WORK/big"
check "a body over 64 KiB" 413 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/resources" "$(cat "$WORK/big")" "$CA" | cut -d' ' -f1)"
r=$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/concerns" '{"text":"Ida sover dårligt","observed_on":"2026-13-01","info_type":"helbred"}' "$CA")
check "a bad date is a 400" 400 "${r%% *}"
has "... naming the field" '"field":"observed_on"' "$r"

# ---- IDOR and roles ------------------------------------------------------------------
check "parent B reads family A's case" 404 "$(api "$WORK/pb.jar" GET "/api/v1/gusa/cases/$CASE" | cut -d' ' -f1)"
check "parent B writes into family A's case" 404 "$(api "$WORK/pb.jar" POST "/api/v1/gusa/cases/$CASE/resources" '{"text":"x","owner":"family"}' "$CB" | cut -d' ' -f1)"
check "parent A reads family B's case page" 404 "$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE_B")"
check "staff outside the case" 403 "$(api "$WORK/med.jar" GET "/api/v1/gusa/cases/$CASE" | cut -d' ' -f1)"
check "leder reads a case" 403 "$(api "$WORK/led.jar" GET "/api/v1/gusa/cases/$CASE" | cut -d' ' -f1)"
check "revisor reads a case" 403 "$(api "$WORK/rev.jar" GET "/api/v1/gusa/cases/$CASE" | cut -d' ' -f1)"
check "leder: stats" 200 "$(api "$WORK/led.jar" GET /api/v1/gusa/stats | cut -d' ' -f1)"
check "leder: audit" 403 "$(api "$WORK/led.jar" GET "/api/v1/gusa/audit?case=$CASE" | cut -d' ' -f1)"
check "parent: stats" 403 "$(api "$WORK/pa.jar" GET /api/v1/gusa/stats | cut -d' ' -f1)"
r=$(api "$WORK/rev.jar" GET /api/v1/gusa/stats)
has "stats suppress small counts" '"count":null,"suppressed":true' "$r"
check "revisor: audit of a case" 200 "$(api "$WORK/rev.jar" GET "/api/v1/gusa/audit?case=$CASE" | cut -d' ' -f1)"
check "parent: audit verify" 403 "$(api "$WORK/pa.jar" GET /api/v1/gusa/audit/verify | cut -d' ' -f1)"

# ---- invitations ---------------------------------------------------------------------
r=$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/invitations" "{\"staff_id\":$MED,\"role\":\"fagperson\",\"centre\":\"arbejdsmarked\"}" "$CA")
check "parent invites the job-centre worker" 201 "${r%% *}"
hasnt "the link is not in the response" "/gusa/invitation/" "$r"
mail=$(ls "$WORK/outbox/"*.eml 2>/dev/null | head -n 1)
TOKEN=$(sed -n 's,.*/gusa/invitation/\([0-9a-f]\{64\}\).*,\1,p' "$mail" 2>/dev/null | head -n 1)
[ ${#TOKEN} = 64 ] && ok "the link is in the outbox" || bad "no link in the outbox ($mail)"
r=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE")
has "the case lists the pending invitation (role, centre)" '"invitee":"staff","role":"fagperson","centre":"arbejdsmarked"' "$r"
hasnt "... without the invitee's e-mail address" "medarbejder@" "$r"
has "the case page shows it" "Inviteret, har ikke svaret endnu" "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")"
check "leder accepts another's invitation" 403 "$(api "$WORK/led.jar" POST "/api/v1/gusa/invitations/$TOKEN/accept" '{}' "$CL" | cut -d' ' -f1)"
r=$(api "$WORK/med.jar" POST "/api/v1/gusa/invitations/$TOKEN/accept" '{}' "$CM")
check "the invitee accepts" 201 "${r%% *}"
PART=$(echo "$r" | j id)
hasnt "an accepted invitation is no longer pending" '"invitee":"staff"' "$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE")"
check "accepting twice" 409 "$(api "$WORK/med.jar" POST "/api/v1/gusa/invitations/$TOKEN/accept" '{}' "$CM" | cut -d' ' -f1)"
# an expired invitation: the row's end moved into the past behind the server's back
api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/invitations" "{\"person_id\":$PERSON_B,\"role\":\"netvaerk\"}" "$CA" >/dev/null
mail2=$(ls "$WORK/outbox/"*.eml | grep -v "$(basename "$mail")" | head -n 1)
TOKEN2=$(sed -n 's,.*/gusa/invitation/\([0-9a-f]\{64\}\).*,\1,p' "$mail2" | head -n 1)
# (the trigger that lets an invitation change only by being accepted is
# dropped for this: the test database is thrown away)
{ unguard invitation invitation_accept_only invitation_accept_only &&
  sql "UPDATE invitation SET expires_at = '2000-01-01' WHERE status = 'open'" >/dev/null; } || bad "sqlite3 update"
check "an expired invitation" 410 "$(api "$WORK/pb.jar" POST "/api/v1/gusa/invitations/$TOKEN2/accept" '{}' "$CB" | cut -d' ' -f1)"

# ---- consent decides what the fagperson sees ----------------------------------------
r=$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/concerns" '{"text":"Ida sover dårligt","observed_on":"2026-11-20","info_type":"helbred"}' "$CA")
check "parent writes a health concern" 201 "${r%% *}"
r=$(api "$WORK/med.jar" GET "/api/v1/gusa/cases/$CASE")
has "without consent the fagperson sees it hidden" '"hidden":"consent"' "$r"
hasnt "... and not its text" "sover" "$r"
r=$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/consents" "{\"info_types\":[\"helbred\"],\"recipients\":[$PART],\"purpose\":\"samarbejde\",\"valid_to\":\"2027-06-30\"}" "$CA")
check "the parent grants consent" 201 "${r%% *}"
CONSENT=$(echo "$r" | j id)
has "with consent the text shows" "Ida sover dårligt" "$(api "$WORK/med.jar" GET "/api/v1/gusa/cases/$CASE")"
check "the fagperson cannot grant consent" 403 "$(api "$WORK/med.jar" POST "/api/v1/gusa/cases/$CASE/consents" "{\"info_types\":[\"skole\"],\"recipients\":[$PART],\"purpose\":\"x\",\"valid_to\":\"2027-06-30\"}" "$CM" | cut -d' ' -f1)"
check "the parent revokes" 200 "$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/consents/$CONSENT/revoke" '{}' "$CA" | cut -d' ' -f1)"
has "after revoking it is hidden again" '"hidden":"consent"' "$(api "$WORK/med.jar" GET "/api/v1/gusa/cases/$CASE")"
check "ladder step 4 needs myndighed" 403 "$(api "$WORK/med.jar" POST "/api/v1/gusa/cases/$CASE/actions" '{"text":"Anbringelse","ladder_step":4,"legal_basis":"BL § 43","start_on":"2026-12-01","cost_dkk":1000}' "$CM" | cut -d' ' -f1)"

# ---- an audit row per read -----------------------------------------------------------
n0=$(sql "SELECT count(*) FROM audit_log WHERE action = 'read' AND case_id = $CASE")
api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE" >/dev/null
api "$WORK/pb.jar" GET "/api/v1/gusa/cases/$CASE" >/dev/null
n1=$(sql "SELECT count(*) FROM audit_log WHERE action = 'read' AND case_id = $CASE")
check "two reads (one denied) add two audit rows" $((n0 + 2)) "$n1"
check "the denied read is audited as denied" 1 "$(sql "SELECT count(*) FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log) AND outcome = 'denied'")"
has "audit/me shows the look-ups by role, no names" '"reader"' "$(api "$WORK/pa.jar" GET /api/v1/gusa/audit/me)"
hasnt "... never the employee's name" "Jobcenter" "$(api "$WORK/pa.jar" GET /api/v1/gusa/audit/me)"
has "revisor: audit verify" '"ok":true' "$(api "$WORK/rev.jar" GET /api/v1/gusa/audit/verify)"

# ---- tampered logins leave no session ------------------------------------------------
n0=$(sql "SELECT count(*) FROM session")
d0=$(sql "SELECT count(*) FROM audit_log WHERE action = 'login' AND outcome = 'denied'")
# each with the reason the audit row names (replay: an old token carries an old nonce)
for pair in signature:signature alg-none:alg hs256:alg aud:aud iss:iss nonce:nonce exp:exp acr:acr replay:nonce; do
    mode=${pair%%:*} reason=${pair#*:}
    echo "$mode" >"$TAMPER"
    code=$(login "$WORK/t.jar" mitid parent)
    sid=$(sid_of "$WORK/t.jar")
    if [ "$code" = 400 ] && [ -z "$sid" ]; then ok "tamper $mode: 400, no session"; else bad "tamper $mode: $code sid=$sid"; fi
    check "tamper $mode: audited" "login:mitid:$reason|denied" \
        "$(sql "SELECT object || '|' || outcome FROM audit_log ORDER BY seq DESC LIMIT 1")"
done
: >"$TAMPER"
check "... no session row was made" "$n0" "$(sql "SELECT count(*) FROM session")"
check "every refused login audited" $((d0 + 9)) "$(sql "SELECT count(*) FROM audit_log WHERE action = 'login' AND outcome = 'denied'")"
# a swapped state: browser 1's login finished in browser 2
rm -f "$WORK/s1.jar" "$WORK/s2.jar"
loc1=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$WORK/s1.jar" "$BASE/gusa/login?idp=mitid&hint=parent")
curl -s -o /dev/null -c "$WORK/s2.jar" "$BASE/gusa/login?idp=mitid&hint=parent"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/s2.jar" -c "$WORK/s2.jar" -L --max-redirs 12 "$loc1")
check "a swapped state is refused" 400 "$code"
check "... with no session" "" "$(sid_of "$WORK/s2.jar")"
# a replayed code: the callback URL used twice
rm -f "$WORK/r.jar"
next=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$WORK/r.jar" -b "$WORK/r.jar" "$BASE/gusa/login?idp=mitid&hint=parent")
for hop in 1 2 3 4 5 6 7 8 9 10; do
    case "$next" in "$REDIRECT"*) break ;; esac
    next=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$WORK/r.jar" -b "$WORK/r.jar" "$next")
done
check "the first use of the code" 303 "$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/r.jar" -b "$WORK/r.jar" "$next")"
cp "$WORK/r.jar" "$WORK/r2.jar"
sed -i '/gusa_sid/d' "$WORK/r2.jar"
check "the code replayed" 400 "$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/r2.jar" -b "$WORK/r2.jar" "$next")"
check "... with no session" "" "$(sid_of "$WORK/r2.jar")"

# ---- rotation and logout ------------------------------------------------------------
old=$(sid_of "$WORK/pb.jar")
login "$WORK/pb.jar" mitid parent-b keep >/dev/null
new=$(sid_of "$WORK/pb.jar")
[ -n "$new" ] && [ "$new" != "$old" ] && ok "a new session id at login" || bad "rotation: $old -> $new"
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tgusa_sid\t%s\n' "$old" >"$WORK/old.jar"
check "the old session is gone" 401 "$(api "$WORK/old.jar" GET /api/v1/gusa/me | cut -d' ' -f1)"
cp "$WORK/pa.jar" "$WORK/pa-copy.jar"
check "logout without CSRF" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/pa.jar" -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data '' "$BASE/gusa/logout")"
check "logout" 303 "$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/pa.jar" -c "$WORK/pa.jar" -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data "csrf=$CA" "$BASE/gusa/logout")"
check "the logged-out cookie opens nothing" 401 "$(api "$WORK/pa-copy.jar" GET /api/v1/gusa/me | cut -d' ' -f1)"

# ---- pages --------------------------------------------------------------------------
page=$(curl -s -b "$WORK/med.jar" "$BASE/gusa/sager/$CASE")
has "the case page is Danish" 'lang="da"' "$page"
res=${page%%Det er vi bekymrede*}
has "resources come before concerns" "Mormor hjælper" "$res"

# ---- the audit chain catches an edited row ------------------------------------------
kill "$SRV" && wait "$SRV" 2>/dev/null
SRV=
"$INDEKS" gusa audit verify --db "$DB" >/dev/null
check "audit verify on the intact log" 0 $?
{ unguard audit_log audit_log_no_update audit_log_guard &&
  sql "UPDATE audit_log SET purpose = 'edited' WHERE seq = 5" >/dev/null; } || bad "tamper the log"
"$INDEKS" gusa audit verify --db "$DB" >/dev/null
check "audit verify catches the edited row" 1 $?

# ---- the demo login: only on a database `indeks gusa demo` made ------------------
DEMO=$WORK/demo.db
rm -f "$DEMO"
"$INDEKS" gusa init --db "$DEMO" >/dev/null && "$INDEKS" gusa demo --db "$DEMO" --families 3 --seed 2016 >/dev/null ||
    bad "gusa demo"
sed "s|\"db\": \"[^\"]*\"|\"db\": \"$WORK/demo.db\"|" "$WORK/gusa.json" >"$WORK/demo.json"
"$INDEKS" serve --gusa "$WORK/demo.json" --listen "127.0.0.1:$PORT" >"$WORK/srv.fifo" 2>"$WORK/srv-demo.log" &
SRV=$!
exec 4<"$WORK/srv.fifo"
IFS= read -r line <&4 || { echo "FAIL: the demo server did not start:"; cat "$WORK/srv-demo.log"; exit 1; }
check "demo-login, an unknown persona" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gusa/demo-login?persona=chef")"
for persona in foraelder:person fagperson:medarbejder leder:leder revisor:revisor; do
    rm -f "$WORK/demo.jar"
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/demo.jar" "$BASE/gusa/demo-login?persona=${persona%%:*}")
    check "demo-login ${persona%%:*}" 303 "$code"
    has "... logged in as ${persona#*:}" "${persona#*:}" "$(api "$WORK/demo.jar" GET /api/v1/gusa/me)"
done
has "the demo parent sees a case" '"cases":[{' "$(rm -f "$WORK/demo.jar"; curl -s -o /dev/null -c "$WORK/demo.jar" "$BASE/gusa/demo-login?persona=foraelder"; api "$WORK/demo.jar" GET /api/v1/gusa/cases)"
kill "$SRV" && wait "$SRV" 2>/dev/null
SRV=

[ "$fails" = 0 ] && echo "all passed" || echo "$fails failed"
[ "$fails" = 0 ]
