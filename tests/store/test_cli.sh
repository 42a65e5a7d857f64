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
    check "Danish socio round trip" 'cmp -s socio_da.csv back2.csv'
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
[ $fail -eq 0 ] && echo "import/export: all passed"
exit $fail
