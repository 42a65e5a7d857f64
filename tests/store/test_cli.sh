#!/bin/sh
# indeks import / export through the real command: every kind round-trips
# byte for byte, a re-import makes a new edition, a bad file changes
# nothing, usage errors exit 2. Skips (77) when this indeks has no import.
set -u
INDEKS=$1
"$INDEKS" import --help >/dev/null 2>&1 || { echo "skipped: this indeks has no import command"; exit 77; }
ROOT=$(pwd)   # ctest runs this from the repository
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }
cd "$T"
"$INDEKS" socio --normalise-weights --format csv -o socio.csv 2>/dev/null
"$INDEKS" socio --normalise-weights --format csv --locale da -o socio_da.csv 2>/dev/null
"$INDEKS" composite --data "$ROOT/data/demo/socialt_indeks_data.csv" --meta "$ROOT/data/demo/socialt_indeks_meta.csv" \
    --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" --format csv -o comp.csv 2>/dev/null
printf 'kommunekode,kommune,aar,socio_indeks\n101,København,2023,101.5\n101,København,2024,102.25\n147,Frederiksberg,2024,79.5\n' > series.csv

for db in "$T/e.db" ${IX_TEST_PG:+"$IX_TEST_PG"}; do
    id1=$("$INDEKS" import --db "$db" --socio socio.csv --edition "Socio" --year 2021 --model "$ROOT/models/socio_2021.json" 2>/dev/null)
    check "import socio ($db)" '[ -n "$id1" ]'
    id2=$("$INDEKS" import --db "$db" --socio socio_da.csv --edition "Socio da" --year 2021 2>/dev/null)
    id3=$("$INDEKS" import --db "$db" --composite comp.csv --edition "SI" --year 2024 --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" 2>/dev/null)
    id4=$("$INDEKS" import --db "$db" --series series.csv --edition "Serie" --year 2024 2>/dev/null)
    id5=$("$INDEKS" import --db "$db" --socio socio.csv --edition "Socio" --year 2021 2>/dev/null)
    check "re-import is a new edition" '[ "$id5" -gt "$id1" ]'
    "$INDEKS" export --db "$db" --edition "$id1" -o back1.csv
    "$INDEKS" export --db "$db" --edition "$id2" > back2.csv
    "$INDEKS" export --db "$db" --edition "$id3" > back3.csv
    "$INDEKS" export --db "$db" --edition "$id4" > back4.csv
    "$INDEKS" export --db "$db" > back5.csv
    check "socio round trip" 'cmp -s socio.csv back1.csv'
    # socio --locale da starts its CSV with a UTF-8 BOM (issue 14, point 8); the
    # store keeps the rows, not the BOM: compare what follows it
    check "Danish socio round trip" 'tail -c +4 socio_da.csv | cmp -s - back2.csv'
    check "composite round trip" 'cmp -s comp.csv back3.csv'
    check "series round trip" 'cmp -s series.csv back4.csv'
    check "newest by default" 'cmp -s socio.csv back5.csv'
    before=$("$INDEKS" export --db "$db" --list | wc -l)
    printf 'kommunekode,kommune,indeks,rang\n101,København,1.2.3,1\n' > bad.csv
    "$INDEKS" import --db "$db" --socio bad.csv --edition bad --year 2021 2>err.txt
    check "bad file exits 2" '[ $? -eq 2 ]'
    check "bad file names file:line:column" 'grep -q "bad.csv:2:3" err.txt'
    after=$("$INDEKS" export --db "$db" --list | wc -l)
    check "bad file stores nothing" '[ "$before" = "$after" ]'
    "$INDEKS" export --db "$db" --edition 99999 2>/dev/null
    check "unknown edition exits 2" '[ $? -eq 2 ]'
done
"$INDEKS" import --db x.db --socio socio.csv --year 2021 2>/dev/null
check "missing --edition exits 2" '[ $? -eq 2 ]'
"$INDEKS" import --db x.db --socio socio.csv --edition e --year 20x1 2>/dev/null
check "bad --year exits 2" '[ $? -eq 2 ]'
"$INDEKS" export 2>/dev/null
check "export without --db exits 2" '[ $? -eq 2 ]'

# ---- issue 12: only import creates a database; what is read is checked ----
"$INDEKS" export --db missing.db 2>err.txt
check "export --db of a missing file exits 2" '[ $? -eq 2 ]'
check "export --db of a missing file creates nothing" '[ ! -e missing.db ]'
check "export --db of a missing file says only import creates one" 'grep -q "only indeks import creates" err.txt'
"$INDEKS" serve --db missing.db --listen 127.0.0.1:0 2>err.txt
check "serve --db of a missing file exits 2" '[ $? -eq 2 ]'
check "serve --db of a missing file creates nothing" '[ ! -e missing.db ]'
: >empty.db
"$INDEKS" export --db empty.db 2>/dev/null
check "export of an empty file exits 2" '[ $? -eq 2 ]'
check "export of an empty file leaves it empty" '[ ! -s empty.db ]'
if command -v python3 >/dev/null 2>&1; then
    db=$T/c.db
    "$INDEKS" import --db "$db" --socio socio.csv --edition "Socio" --year 2021 >/dev/null 2>&1
    "$INDEKS" import --db "$db" --series series.csv --edition "Serie" --year 2024 >/dev/null 2>&1
    sql() { python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$@"; }
    # Another application's database: refused by export and import, unchanged.
    sql other.db "CREATE TABLE customers (id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'a');"
    cp other.db other.orig
    "$INDEKS" export --db other.db 2>err.txt
    check "another application's database: export exits 2" '[ $? -eq 2 ]'
    check "another application's database: says so" 'grep -q "not an indeks database" err.txt'
    "$INDEKS" import --db other.db --socio socio.csv --edition S --year 2021 >/dev/null 2>&1
    check "another application's database: import exits 2" '[ $? -eq 2 ]'
    check "another application's database: left as it was" 'cmp -s other.db other.orig'
    for v in 0 -1 4 99; do
        cp "$db" v.db
        sql v.db "UPDATE schema_version SET version = $v;"
        "$INDEKS" export --db v.db >/dev/null 2>err.txt
        check "schema_version $v: export exits 2" '[ $? -eq 2 ]'
        check "schema_version $v: named" 'grep -q "schema_version $v" err.txt'
    done
    # A changed number (the triggers dropped first, as an outside tool could):
    # found by the edition's SHA-256, the edition named.
    cp "$db" t.db
    sql t.db "DROP TRIGGER result_no_update; UPDATE result SET value = value + 1e-9 WHERE ord = 5 AND edition_id = 1;"
    "$INDEKS" export --db t.db --edition 1 >/dev/null 2>err.txt
    check "a changed number: export exits 2" '[ $? -eq 2 ]'
    check "a changed number: names the edition" 'grep -q "edition 1 (\"Socio\") does not match its stored SHA-256" err.txt'
    "$INDEKS" export --db t.db --edition 2 >/dev/null 2>&1
    check "the other edition still exports" '[ $? -eq 0 ]'
    cp "$db" t.db
    sql t.db "DELETE FROM edition_check WHERE edition_id = 2;"
    "$INDEKS" export --db t.db --edition 2 >/dev/null 2>err.txt
    check "a removed checksum: export exits 2" '[ $? -eq 2 ] && grep -q "edition 2" err.txt'
    cp "$db" t.db
    sql t.db "DROP TRIGGER edition_no_update; UPDATE edition SET name = 'Socio!' WHERE id = 1;"
    "$INDEKS" export --db t.db --edition 1 >/dev/null 2>&1
    check "a changed edition name: export exits 2" '[ $? -eq 2 ]'
    # Bit flips anywhere in the file: export is refused or gives the exact
    # edition, never different numbers with status 0. Every 1009th byte
    # (fixed positions; a flip of bit 4).
    "$INDEKS" export --db "$db" --edition 1 >clean1.csv
    size=$(wc -c <"$db")
    silent=0 refused=0 same=0 pos=0
    while [ "$pos" -lt "$size" ]; do
        cp "$db" f.db
        byte=$(od -An -tu1 -j "$pos" -N1 f.db | tr -d ' ')
        printf "\\$(printf %o $((byte ^ 16)))" | dd of=f.db bs=1 seek="$pos" conv=notrunc 2>/dev/null
        if "$INDEKS" export --db f.db --edition 1 >f.csv 2>/dev/null; then
            if cmp -s f.csv clean1.csv; then same=$((same + 1)); else silent=$((silent + 1)); echo "silent change at byte $pos"; fi
        else
            refused=$((refused + 1))
        fi
        pos=$((pos + 1009))
    done
    echo "bit flips: $refused refused, $same unchanged, $silent silently different"
    check "no bit flip changes an export silently" '[ "$silent" -eq 0 ]'
    # A schema-1 database (before checksums) is still read; import upgrades it.
    cp "$db" old.db
    sql old.db "DROP TABLE edition_check; UPDATE schema_version SET version = 1;"
    "$INDEKS" export --db old.db --edition 1 >old1.csv 2>/dev/null
    check "a schema-1 database exports" 'cmp -s old1.csv clean1.csv'
    "$INDEKS" import --db old.db --series series.csv --edition "Serie 2" --year 2024 >/dev/null 2>&1
    "$INDEKS" export --db old.db --edition 1 >old1.csv 2>/dev/null
    check "an upgraded database checks its old editions" 'cmp -s old1.csv clean1.csv'
    # A read-only database, for a user who cannot write the file or its folder.
    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
        mkdir ro && cp "$db" ro/r.db && chmod 444 ro/r.db && chmod 555 ro && chmod 755 "$T"
        setpriv --reuid=65534 --regid=65534 --clear-groups "$INDEKS" export --db ro/r.db --edition 1 >ro1.csv 2>err.txt
        check "a read-only database exports (as nobody)" '[ $? -eq 0 ] && cmp -s ro1.csv clean1.csv'
        [ -s err.txt ] && sed 's/^/    | /' err.txt
    fi
    "$INDEKS" export --db "$db" --edition 1 >/dev/null 2>&1
    check "the database itself is still fine" '[ $? -eq 0 ]'
fi

# ---- issue 12, point 11: control characters and non-UTF-8 refused at import ----
"$INDEKS" import --db ctl.db --socio socio.csv --edition "$(printf 'A\033[31mB')" --year 2021 >/dev/null 2>err.txt
check "an escape in --edition exits 2" '[ $? -eq 2 ] && grep -q "control character" err.txt'
printf '{"name": "x\377"}\n' >latin.json
"$INDEKS" import --db ctl.db --socio socio.csv --edition A --model latin.json --year 2021 >/dev/null 2>err.txt
check "a non-UTF-8 model exits 2" '[ $? -eq 2 ] && grep -q "not UTF-8" err.txt'
sed '3s/^\([0-9]*\),\([^,]*\),/\1,"\2\t",/' socio.csv >tab.csv
"$INDEKS" import --db ctl.db --socio tab.csv --edition A --year 2021 >/dev/null 2>err.txt
check "a tab in a municipality name exits 2 at its line" '[ $? -eq 2 ] && grep -q "tab.csv:3" err.txt'
[ $fail -eq 0 ] && echo "import/export: all passed"
exit $fail
