#!/bin/sh
# indeks gusa through the real command, on a SQLite file and, when IX_TEST_PG
# is set (scripts/pg.sh sets it), on a fresh PostgreSQL database made for
# the run: init, person and staff add, bad input (exit 2, nothing changed),
# demo with a small N spread by population, audit verify intact, an audit
# row edited behind the store's back (triggers dropped with sqlite3/psql) ->
# verify exits 1, retention dry run vs --apply. With the unit test's binary
# as the second argument it also runs that on the PostgreSQL database.
# Skips (77) when this indeks has no gusa command.
set -u
INDEKS=$1
UNIT=${2:-}
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
"$INDEKS" gusa --help >/dev/null 2>&1 || { echo "skipped: this indeks has no gusa command"; exit 77; }
T=$(mktemp -d)
PGDBS=""
cleanup() {
    for db in $PGDBS; do
        psql -q "$IX_TEST_PG" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    done
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }

# sql DB QUERY: one value from the database, through its own client
sql() {
    case $1 in
    postgres*) psql -qAt "$1" -c "$2" 2>&1 ;;
    *) sqlite3 "$1" "$2" 2>&1 ;;
    esac
}

# a fresh PostgreSQL database named gusa_<what>_<pid>; echoes its URL
pg_new() {
    name="gusa_$1_$$"
    psql -q "$IX_TEST_PG" -c "CREATE DATABASE $name" >/dev/null 2>&1 || return 1
    PGDBS="$PGDBS $name"
    echo "$IX_TEST_PG" | sed "s|/[^/?]*\(?.*\)\{0,1\}$|/$name\1|"
}

targets="$T/g.db"
if [ -n "${IX_TEST_PG:-}" ] && command -v psql >/dev/null 2>&1; then
    url=$(pg_new cli) && targets="$targets $url"
    if [ -n "$UNIT" ] && url2=$(pg_new unit); then
        "$UNIT" pg "$url2" >unit_pg.txt 2>&1
        check "unit test on PostgreSQL" '[ $? -eq 0 ] || { cat unit_pg.txt; false; }'
    fi
else
    echo "note: IX_TEST_PG unset: SQLite only"
fi
command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: no sqlite3 client to look inside"; exit 77; }

for db in $targets; do
    echo "== $db"
    out=$("$INDEKS" gusa init --db "$db")
    check "init ($db)" '[ "$?" -eq 0 ] && echo "$out" | grep -q "\"schema_version\":2"'
    out=$("$INDEKS" gusa init --db "$db")
    check "init again is a no-op" '[ "$?" -eq 0 ]'
    check "schema_version 2" '[ "$(sql "$db" "SELECT version FROM schema_version")" = 2 ]'

    out=$("$INDEKS" gusa person add --db "$db" --iss https://mitid.test --sub mor --name "Mette" \
        --email mette@example.dk --child "Ida,2012-05-01" --child "Bo,2016-02-29")
    check "person add prints id and children" '[ "$out" = "{\"id\":1,\"children\":[1,2]}" ]'
    out=$("$INDEKS" gusa staff add --db "$db" --iss https://ad.test --sub k --name "Karin" \
        --role medarbejder --centre boern-laering --format csv)
    check "staff add prints the id (csv)" '[ "$(echo "$out" | tail -1)" = 1 ]'
    audit_before=$(sql "$db" "SELECT count(*) FROM audit_log")
    persons_before=$(sql "$db" "SELECT count(*) FROM person")
    "$INDEKS" gusa person add --db "$db" --iss x --sub y --name Z --child "Eva,2015-02-29" 2>err.txt
    check "a date that does not exist exits 2" '[ $? -eq 2 ]'
    check "the message names the field" 'grep -q "child.born" err.txt'
    "$INDEKS" gusa staff add --db "$db" --iss x --sub y --name Z --role boss --centre social 2>err.txt
    check "an unknown role exits 2" '[ $? -eq 2 ] && grep -q -- "--role" err.txt'
    "$INDEKS" gusa person add --db "$db" --iss https://mitid.test --sub mor --name Igen 2>err.txt
    check "the same iss+sub twice exits 2" '[ $? -eq 2 ]'
    "$INDEKS" gusa person add --db "$db" --iss x --sub y --name "$(printf 'a\001b')" 2>err.txt
    check "a control character exits 2 naming name" '[ $? -eq 2 ] && grep -q "name" err.txt'
    check "bad input changed nothing (person)" '[ "$(sql "$db" "SELECT count(*) FROM person")" = "$persons_before" ]'
    check "bad input changed nothing (audit)" '[ "$(sql "$db" "SELECT count(*) FROM audit_log")" = "$audit_before" ]'

    out=$("$INDEKS" gusa demo --db "$db" --families 400 --seed 7)
    check "demo" '[ $? -eq 0 ] && echo "$out" | grep -q "SYNTETISKE DATA"'
    check "demo: 401 cases (400 families + none before)" '[ "$(sql "$db" "SELECT count(*) FROM gusa_case")" = 400 ]'
    check "demo: ladder steps 0 to 6 only" '[ "$(sql "$db" "SELECT count(*) FROM action WHERE ladder_step < 0 OR ladder_step > 6")" = 0 ]'
    check "demo: feedback 1-5" '[ "$(sql "$db" "SELECT count(*) FROM feedback WHERE heard NOT BETWEEN 1 AND 5")" = 0 ]'
    check "demo: labelled" '[ "$(sql "$db" "SELECT count(*) FROM gusa_case WHERE title NOT LIKE '"'"'SYNTETISKE DATA%'"'"'")" = 0 ]'
    # by population: Copenhagen has 632,340 of 5,822,679 (FOLK1A 2020K1, `indeks kommuner`):
    # p = 0.1086, 400 families -> 43.4 expected, sd sqrt(400 p (1-p)) = 6.2; 4 sd: 19..68
    total=$("$INDEKS" kommuner --format csv | awk -F, 'NR > 1 { s += $5 } END { print s }')
    kbh=$(sql "$db" "SELECT count(*) FROM gusa_case WHERE kommune = 101")
    check "demo: Copenhagen's share by population ($kbh of 400, total $total)" \
        '[ "$total" = 5822679 ] && [ "$kbh" -ge 19 ] && [ "$kbh" -le 68 ]'
    "$INDEKS" gusa demo --db "$db" --families 5 2>err.txt
    check "demo twice is refused" '[ $? -eq 2 ]'

    "$INDEKS" gusa audit verify --db "$db" >v.txt
    check "verify intact exits 0" '[ $? -eq 0 ] && grep -q "\"ok\":true" v.txt'
    out=$("$INDEKS" gusa audit export --db "$db" --person 1)
    check "audit export" '[ $? -eq 0 ] && echo "$out" | grep -q "\"rows\":"'
    check "the export is audited" '[ "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = '"'"'export'"'"'")" = 1 ]'

    # retention: closed cases 1 year after the closing year (the demo's closed
    # cases lie in earlier years), dry run first
    due=$(sql "$db" "SELECT count(*) FROM gusa_case WHERE status = 'closed' AND substr(closed_at, 1, 4) < '$(date -u +%Y)'")
    cases=$(sql "$db" "SELECT count(*) FROM gusa_case")
    out=$("$INDEKS" gusa retention --db "$db" --case-years 1)
    check "retention dry run counts $due cases" 'echo "$out" | grep -q "\"cases\":$due,"'
    check "retention dry run deletes nothing" '[ "$(sql "$db" "SELECT count(*) FROM gusa_case")" = "$cases" ]'
    check "retention says Rigsarkivet" 'echo "$out" | grep -q Rigsarkivet'
    out=$("$INDEKS" gusa retention --db "$db" --case-years 1 --apply)
    check "retention --apply" '[ $? -eq 0 ] && [ "$due" -gt 0 ]'
    check "retention deleted the due cases" '[ "$(sql "$db" "SELECT count(*) FROM gusa_case")" = "$((cases - due))" ]'
    check "one anonymised statistics row each" '[ "$(sql "$db" "SELECT count(*) FROM case_stat")" = "$due" ]'
    out=$("$INDEKS" gusa retention --db "$db" --case-years 1)
    check "nothing more due" 'echo "$out" | grep -q "\"cases\":0,"'
    "$INDEKS" gusa audit verify --db "$db" >/dev/null
    check "verify intact after retention" '[ $? -eq 0 ]'

    # the triggers refuse edits; dropped, an edit is caught by verify
    case $db in
    postgres*)
        psql -qAt "$db" -c "UPDATE audit_log SET purpose = 'x' WHERE seq = 2" >/dev/null 2>&1
        check "trigger refuses UPDATE (pg)" '[ $? -ne 0 ]'
        psql -qAt "$db" -c "UPDATE concern SET text = 'x'" >/dev/null 2>&1
        check "case content refuses UPDATE (pg)" '[ $? -ne 0 ]'
        psql -qAt "$db" -c "DROP TRIGGER audit_log_guard ON audit_log; UPDATE audit_log SET purpose = 'x' WHERE seq = 2" >/dev/null 2>&1 ;;
    *)
        sqlite3 "$db" "UPDATE audit_log SET purpose = 'x' WHERE seq = 2" 2>/dev/null
        check "trigger refuses UPDATE (sqlite)" '[ $? -ne 0 ]'
        sqlite3 "$db" "DELETE FROM audit_log WHERE seq = 2" 2>/dev/null
        check "trigger refuses DELETE (sqlite)" '[ $? -ne 0 ]'
        sqlite3 "$db" "UPDATE concern SET text = 'x'" 2>/dev/null
        check "case content refuses UPDATE (sqlite)" '[ $? -ne 0 ]'
        sqlite3 "$db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET purpose = 'x' WHERE seq = 2" ;;
    esac
    "$INDEKS" gusa audit verify --db "$db" >v.txt 2>err.txt
    check "verify of an edited row exits 1" '[ $? -eq 1 ] && grep -q "\"bad_seq\":2" v.txt'
done

"$INDEKS" gusa init 2>/dev/null
check "no --db exits 2" '[ $? -eq 2 ]'
"$INDEKS" gusa person add --db "$T/none.db" --iss a --sub b --name c 2>err.txt
check "a missing database exits 2" '[ $? -eq 2 ] && [ ! -e "$T/none.db" ]'
"$INDEKS" gusa frobnicate --db "$T/g.db" 2>/dev/null
check "an unknown sub-command exits 2" '[ $? -eq 2 ]'
"$INDEKS" socio --normalise-weights --format csv -o socio.csv 2>/dev/null &&
    "$INDEKS" import --db "$T/editions.db" --socio socio.csv --edition e --year 2021 >/dev/null 2>&1 &&
    { "$INDEKS" gusa init --db "$T/editions.db" 2>err.txt
      check "a database of editions is refused" '[ $? -eq 2 ] && grep -q "not a GUSA database" err.txt'; }
[ $fail -eq 0 ] && echo "all gusa command tests passed"
exit $fail
