#!/bin/sh
# GUSA's HTML forms through the REAL server (`indeks serve --gusa`) and the
# test identity provider (tests/gusa/op/), as tests/gusa/test_access.sh
# starts them: a form post answers 303 back to the case page's section
# (#anchor); a form without the csrf field is refused (403); a form the
# store refuses (400) gets a Danish page naming the field with a link back,
# and nothing changes; the JSON answer for the same error stays JSON; the
# case page offers consent only to a custody holder and ladder steps 3-6
# only to myndighed; an invitation link without a session goes to the login
# with `next`; the login's `next` returns to a local /gusa/ or /forslag path
# and refuses //evil.example, https://evil and /api/... (no open redirect).
#
#   tests/gusa/test_forms.sh INDEKS [WORKDIR]
#
# Skips (77) without node 20+, npm, curl or sqlite3. No sleeps. All users
# and data are SYNTHETIC.
# output through FIFOs.
set -u
INDEKS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${2:-$(mktemp -d /tmp/indeks-gusa-forms.XXXXXX)}

command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 is not installed"; exit 77; }
. "$HERE/op_lib.sh"   # op_need_tools, op_start, server_start, op_cleanup
op_need_tools
mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
cleanup() { op_cleanup; }
trap cleanup EXIT INT TERM
op_start
REDIRECT=$BASE/gusa/callback
TAMPER=$WORK/tamper

# The database: two families, staff in four roles (all SYNTHETIC).
DB=$WORK/gusa.db
rm -f "$DB"
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
    --role medarbejder --centre arbejdsmarked --email medarbejder@kommune.example.test | j id)
"$INDEKS" gusa staff add --db "$DB" --iss "$ISSUER" --sub synthetic-staff-myndighed --name "Myndighed" \
    --role myndighed --centre familie-forebyggelse --email myndighed@kommune.example.test >/dev/null
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

# form JAR PATH BODY [ORIGIN]: a browser's form post; "status location" and
# the body in $WORK/body
form() {
    set -- -s -o "$WORK/body" -w '%{http_code} %{redirect_url}' -b "$1" -X POST \
        -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$3" "$BASE$2"
    curl "$@"
}
# follow JAR URL: the status and URL the browser ends on after every redirect
follow() {
    curl -s -o "$WORK/body" -w '%{http_code} %{url_effective}' -c "$1" -b "$1" -L --max-redirs 12 "$2"
}

for who in pa:mitid:parent myn:medarbejder:myndighed; do
    jar=$WORK/${who%%:*}.jar
    rest=${who#*:}
    check "login ${rest#*:}" 200 "$(login "$jar" "${rest%%:*}" "${rest#*:}")"
done
CA=$(csrf_of "$WORK/pa.jar")

# ---- a dialogue opened and written to by forms ----------------------------------------
r=$(form "$WORK/pa.jar" /api/v1/gusa/cases "csrf=$CA&child_id=$CHILD_A&title=Ida+i+skolen&reason=Hun+er+ked+af+det")
CASE=$(echo "$r" | sed -n 's,^303 .*/gusa/sager/\([0-9]*\)$,\1,p')
[ -n "$CASE" ] && ok "open a case by form: 303 to its page ($r)" || bad "open a case by form: $r"
check "a resource by form: 303 to #ressourcer" "303 $BASE/gusa/sager/$CASE#ressourcer" \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/resources" "csrf=$CA&text=Mormor+henter+Ida&owner=network")"
check "a concern by form: 303 to #bekymringer" "303 $BASE/gusa/sager/$CASE#bekymringer" \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/concerns" "csrf=$CA&text=Sover+d%C3%A5rligt&observed_on=2026-11-02&info_type=helbred")"
check "a goal by form: 303 to #maal" "303 $BASE/gusa/sager/$CASE#maal" \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/goals" "csrf=$CA&text=Sove+bedre&indicator=Sover+8+timer&follow_up_on=2027-01-15")"
check "an action on step 0 by form: 303 to #indsatser" "303 $BASE/gusa/sager/$CASE#indsatser" \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/actions" "csrf=$CA&text=Fast+sengetid&ladder_step=0&legal_basis=Ingen&start_on=2026-11-10&cost_dkk=0")"
check "a form without the csrf field" 403 \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/resources" "text=x&owner=family" | cut -d' ' -f1)"
check "a form with a foreign Origin" 403 \
    "$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/pa.jar" -H 'Origin: https://evil.example' \
        -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "csrf=$CA&text=x&owner=family" \
        "$BASE/api/v1/gusa/cases/$CASE/resources")"

# ---- a refused form: the case page again, the field named, what was typed kept ------------
before=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE")
# 30 February does not exist
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/concerns" "csrf=$CA&text=Ida+sover+d%C3%A5rligt+%3Cb%3E&observed_on=2026-02-30&info_type=helbred")
check "a bad date by form" 400 "${r%% *}"
page=$(cat "$WORK/body")
has "... an HTML page in Danish" '<html lang="da">' "$page"
has "... with an error summary" 'class="error-summary"' "$page"
has "... naming the field as its label says" "Dato for hvornår det blev set" "$page"
has "... linking to the form" 'href="#bekymringer"' "$page"
has "... the text typed is kept (escaped)" '>Ida sover dårligt &lt;b&gt;</textarea>' "$page"
has "... and the date, marked invalid" 'name="observed_on" value="2026-02-30" required aria-invalid="true"' "$page"
check "... once: in that form only, and not saved" 1 "$(echo "$page" | grep -o 'Ida sover dårligt' | wc -l | tr -d ' ')"
# a ladder step the parent may not choose (3 needs myndighed): refused, nothing written
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/actions" "csrf=$CA&text=x&ladder_step=3&legal_basis=BL+%C2%A7+30&start_on=2026-11-10")
check "step 3 by a parent's form" 403 "${r%% *}"
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/actions" "csrf=$CA&text=x&ladder_step=seven&legal_basis=Ingen&start_on=2026-11-10")
check "a ladder step that is not a number" 400 "${r%% *}"
has "... names the field" "Trin på indsatstrappen" "$(cat "$WORK/body")"
after=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE")
check "nothing changed by the refused forms" "$before" "$after"
r=$(api "$WORK/pa.jar" POST "/api/v1/gusa/cases/$CASE/concerns" '{"text":"x","observed_on":"2026-02-30","info_type":"helbred"}' "$CA")
has "the same error for a JSON client stays JSON" '400 {"error":{"status":400,' "$r"
has "... with its field" '"field":"observed_on"' "$r"

# ---- the case page offers what the viewer may do ---------------------------------------------
page=$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")
has "case page: lang=da" '<html lang="da">' "$page"
has "case page: skip link" 'href="#indhold"' "$page"
has "case page: the resource" "Mormor henter Ida" "$page"
res_at=$(printf '%s' "$page" | grep -bo 'id="ressourcer"' | cut -d: -f1)
con_at=$(printf '%s' "$page" | grep -bo 'id="bekymringer"' | cut -d: -f1)
[ -n "$res_at" ] && [ -n "$con_at" ] && [ "$res_at" -lt "$con_at" ] &&
    ok "resources come before concerns" || bad "resources before concerns: $res_at $con_at"
has "case page: the action on step 0 of the ladder" "Trin 0: Familiens og netværkets egne kræfter.</strong>" "$page"
has "case page: step 3 is not offered to a parent" 'id="a-step-3" name="ladder_step" value="3" disabled' "$page"
has "case page: the parent may grant consent" 'action="/api/v1/gusa/cases/'"$CASE"'/consents"' "$page"
hasnt "case page: the parent may not close" '/close"' "$page"
n_in=$(printf '%s' "$page" | grep -o '<input [^>]*>' | grep -v 'type="hidden"' | grep -c 'id="')
n_lab=$(printf '%s' "$page" | grep -o '<label for="' | wc -l)
[ "$n_in" -gt 0 ] && [ "$n_in" -le "$n_lab" ] && ok "every visible input has an id and a label ($n_in inputs, $n_lab labels)" ||
    bad "inputs $n_in, labels $n_lab"

# ---- an invitation by e-mail, and the way back after login -----------------------------------
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/invitations" "csrf=$CA&email=medarbejder%40kommune.example.test&role=fagperson&centre=arbejdsmarked")
check "an invitation by form: 303 to #invitationer" "303 $BASE/gusa/sager/$CASE#invitationer" "$r"
mail=$(ls "$WORK/outbox/"*.eml 2>/dev/null | head -n 1)
TOKEN=$(sed -n 's,.*/gusa/invitation/\([0-9a-f]\{64\}\).*,\1,p' "$mail" 2>/dev/null | head -n 1)
[ ${#TOKEN} = 64 ] && ok "the link is in the outbox" || bad "no link in the outbox: $mail"
rm -f "$WORK/med.jar"
check "the link without a session: to the login with next" \
    "303 $BASE/gusa/?next=/gusa/invitation/$TOKEN" \
    "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/gusa/invitation/$TOKEN")"
has "the login page carries next" "/gusa/login?idp=medarbejder&amp;next=/gusa/invitation/$TOKEN" \
    "$(curl -s "$BASE/gusa/?next=/gusa/invitation/$TOKEN")"
hdr=$(curl -s -D - -o /dev/null "$BASE/gusa/login?idp=medarbejder&next=/gusa/invitation/$TOKEN")
has "next kept in a gusa_next cookie, HttpOnly, SameSite=Lax" \
    "gusa_next=/gusa/invitation/$TOKEN; Max-Age=600; Path=/; HttpOnly; SameSite=Lax" "$hdr"
check "the worker logs in and lands on the invitation" "200 $BASE/gusa/invitation/$TOKEN" \
    "$(follow "$WORK/med.jar" "$BASE/gusa/login?idp=medarbejder&hint=medarbejder&next=/gusa/invitation/$TOKEN")"
has "... which offers to accept" "invitations/$TOKEN/accept" "$(cat "$WORK/body")"
CM=$(csrf_of "$WORK/med.jar")
check "accept by form: 303 to the case" "303 $BASE/gusa/sager/$CASE" \
    "$(form "$WORK/med.jar" "/api/v1/gusa/invitations/$TOKEN/accept" "csrf=$CM")"
WORKER=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE" | sed -n 's/.*{"id":\([0-9]*\),"kind":"staff".*/\1/p')
[ -n "$WORKER" ] && ok "the worker is a participant ($WORKER)" || bad "the worker is no participant"
# follow-up, meeting and feedback by form
GOAL=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE" | sed -n 's/.*"goals":\[{"id":\([0-9]*\).*/\1/p')
check "a follow-up by form: 303 to #maal" "303 $BASE/gusa/sager/$CASE#maal" \
    "$(form "$WORK/med.jar" "/api/v1/gusa/cases/$CASE/goals/$GOAL/followups" "csrf=$CM&status=delvist&note=Sover+bedre+i+weekenden")"
has "the follow-up is shown under its goal in words" "<li>Delvist nået: Sover bedre i weekenden</li>" \
    "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")"
check "a meeting by form: 303 to #moeder" "303 $BASE/gusa/sager/$CASE#moeder" \
    "$(form "$WORK/med.jar" "/api/v1/gusa/cases/$CASE/meetings" "csrf=$CM&held_on=2026-12-01&attendees=1&attendees=$WORKER&minutes=Mentor+aftalt")"
MEET=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE" | sed -n 's/.*"meetings":\[{"id":\([0-9]*\).*/\1/p')
has "the parent is offered the feedback form" "meetings/$MEET/feedback" "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")"
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/meetings/$MEET/feedback" "csrf=$CA&heard=6&agreed=5&resources=3")
check "feedback 6 on a 1-5 scale" 400 "${r%% *}"
has "... the page names the field" "Følte du dig hørt" "$(cat "$WORK/body")"
check "feedback by form: 303 to #moeder" "303 $BASE/gusa/sager/$CASE#moeder" \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/meetings/$MEET/feedback" "csrf=$CA&heard=4&agreed=5&resources=3")"
page=$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")
has "after feedback: thanks" "Tak, du har givet din tilbagemelding." "$page"
hasnt "after feedback: no second form" "meetings/$MEET/feedback" "$page"
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/meetings/$MEET/feedback" "csrf=$CA&heard=1&agreed=1&resources=1")
[ "${r%% *}" != 303 ] && ok "a second feedback is refused (${r%% *})" || bad "a second feedback: $r"

# consent grant and revoke by form
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/consents" "csrf=$CA&recipients=$WORKER&info_types=helbred&info_types=skole&purpose=Samarbejde&valid_to=2027-06-30")
check "a consent by form: 303 to #samtykker" "303 $BASE/gusa/sager/$CASE#samtykker" "$r"
CONSENT=$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE" | sed -n 's/.*"consents":\[{"id":\([0-9]*\).*/\1/p')
has "the consent covers both info types" '"info_types":"helbred,skole"' "$(api "$WORK/pa.jar" GET "/api/v1/gusa/cases/$CASE")"
has "the case page has its revoke button" "consents/$CONSENT/revoke" "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")"
check "revoke by form: 303 to #samtykker" "303 $BASE/gusa/sager/$CASE#samtykker" \
    "$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/consents/$CONSENT/revoke" "csrf=$CA")"
hasnt "no revoke button once revoked" "consents/$CONSENT/revoke" "$(curl -s -b "$WORK/pa.jar" "$BASE/gusa/sager/$CASE")"

check "then a later login goes to /gusa/ (next was used once)" "200 $BASE/gusa/" \
    "$(follow "$WORK/med.jar" "$BASE/gusa/login?idp=medarbejder&hint=medarbejder")"
hdr=$(curl -s -D - -o /dev/null "$BASE/gusa/login?idp=mitid&next=/forslag")
has "next=/forslag is kept" "gusa_next=/forslag;" "$hdr"
for evil in //evil.example https://evil /api/v1/gusa/me /gusa/../api/v1/gusa/me '/gusa/%5C%5Cevil' \
    /gusa/login?idp=mitid /forslagx; do
    enc=$(printf '%s' "$evil" | sed 's,:,%3A,g; s,?,%3F,g; s,=,%3D,g')
    hdr=$(curl -s -D - -o /dev/null "$BASE/gusa/login?idp=mitid&next=$enc")
    has "next=$evil refused: the cookie is emptied" "gusa_next=; Max-Age=0" "$hdr"
    check "next=$evil: the login lands on /gusa/" "200 $BASE/gusa/" \
        "$(follow "$WORK/x.jar" "$BASE/gusa/login?idp=mitid&hint=parent&next=$enc")"
done
# a cookie planted by hand is checked again at the callback
rm -f "$WORK/x.jar"
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tgusa_next\t//evil.example\n' >"$WORK/x.jar"
check "a planted gusa_next=//evil.example is ignored" "200 $BASE/gusa/" \
    "$(follow "$WORK/x.jar" "$BASE/gusa/login?idp=mitid&hint=parent")"

# ---- myndighed sees steps 3-6 and the close form ------------------------------------------------
r=$(form "$WORK/pa.jar" "/api/v1/gusa/cases/$CASE/invitations" "csrf=$CA&email=myndighed%40kommune.example.test&role=myndighed&centre=familie-forebyggelse")
check "parent invites myndighed by form" "303 $BASE/gusa/sager/$CASE#invitationer" "$r"
mail=$(ls -t "$WORK/outbox/"*.eml | head -n 1)
T2=$(sed -n 's,.*/gusa/invitation/\([0-9a-f]\{64\}\).*,\1,p' "$mail" | head -n 1)
CY=$(csrf_of "$WORK/myn.jar")
form "$WORK/myn.jar" "/api/v1/gusa/invitations/$T2/accept" "csrf=$CY" >/dev/null
page=$(curl -s -b "$WORK/myn.jar" "$BASE/gusa/sager/$CASE")
has "myndighed: step 3 offered" 'id="a-step-3" name="ladder_step" value="3">' "$page"
has "myndighed: the close form" "/api/v1/gusa/cases/$CASE/close" "$page"
hasnt "myndighed: no consent form (not a custody holder)" "/api/v1/gusa/cases/$CASE/consents\"" "$page"

[ "$fails" = 0 ] && echo "all passed" || echo "$fails failed"
[ "$fails" = 0 ]
