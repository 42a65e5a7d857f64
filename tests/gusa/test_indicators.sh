#!/bin/sh
# indeks gusa indicators and concentration (issue 16) through the real
# command:
#   - the demo (5,000 families, seed 2016, made as of 2026-12-01) gives all
#     98 municipalities a value for every indicator in 2026, and every
#     indicator varies between municipalities;
#   - `indeks composite` reads the IDATA/IMETA pair unchanged and scores all 98;
#   - the overall concentration (families, Gini) equals an independent
#     computation: sqlite3 sums each family's cost of the cases active in
#     2026 straight from the tables, awk applies the trapezoid rule;
#   - bad input: exit 2, nothing written; --locale da: ';' and decimal comma;
#   - the read is audited (one export row) and the chain still verifies;
#   - with IX_TEST_PG (scripts/pg.sh): a small demo on PostgreSQL gives
#     byte for byte the IDATA of the same demo on SQLite.
# Skips (77) without sqlite3 or without the gusa command.
set -u
INDEKS=$1
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
"$INDEKS" gusa --help >/dev/null 2>&1 || { echo "skipped: this indeks has no gusa command"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 is not installed"; exit 77; }
T=$(mktemp -d)
PGDB=""
cleanup() {
    [ -n "$PGDB" ] && psql -q "$IX_TEST_PG" -c "DROP DATABASE IF EXISTS $PGDB" >/dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }

"$INDEKS" gusa init --db g.db >/dev/null || { echo "FAIL: init"; exit 1; }
"$INDEKS" gusa demo --db g.db --today 2026-12-01 >/dev/null || { echo "FAIL: demo"; exit 1; }
"$INDEKS" gusa indicators --db g.db --year 2026 --idata idata.csv --imeta imeta.csv
check "indicators exit 0" '[ $? -eq 0 ]'
check "IDATA: 98 municipalities" '[ "$(awk "NR > 1" idata.csv | wc -l)" -eq 98 ]'
check "IDATA: uCode,uName,G01..G14" '[ "$(head -1 idata.csv)" = "uCode,uName,G01,G02,G03,G04,G05,G06,G07,G08,G09,G10,G11,G12,G13,G14" ]'
check "IDATA: no NA in the demo year" '! grep -q ",NA" idata.csv'
# every indicator takes more than 5 distinct values over the municipalities
for col in $(seq 3 16); do
    n=$(awk -F, -v c="$col" 'NR > 1 { v[$c] = 1 } END { print length(v) }' idata.csv)
    check "column $col varies ($n distinct values)" '[ "$n" -gt 5 ]'
done
check "IMETA: 14 indicators and GUSA, TRAPPE, TVAERS, ETIK" \
    '[ "$(cut -d, -f2 imeta.csv | grep -cE "^(G[01][0-9]|GUSA|TRAPPE|TVAERS|ETIK)$")" -eq 18 ]'

"$INDEKS" composite --data idata.csv --meta imeta.csv --format csv -o comp.csv
check "composite reads the pair" '[ $? -eq 0 ]'
check "composite: 98 scored" '[ "$(awk -F, "NR > 1 && \$4 != \"\"" comp.csv | wc -l)" -eq 98 ]'
check "composite: the index is GUSA" 'head -1 comp.csv | grep -q ",GUSA,TRAPPE,TVAERS,ETIK,"'

# Overall concentration in 2026, independently: each family's cost (the
# lowest custody holder id, else minus the child id) over the current
# actions of the cases active in 2026.
sqlite3 g.db "
  WITH active AS (SELECT id, child_id FROM gusa_case
                  WHERE substr(opened_at, 1, 10) <= '2026-12-31'
                    AND (closed_at IS NULL OR substr(closed_at, 1, 10) >= '2026-01-01')),
       fam AS (SELECT a.id, coalesce((SELECT min(person_id) FROM custody c WHERE c.child_id = a.child_id),
                                     -a.child_id) AS family FROM active a),
       cost AS (SELECT case_id, sum(cost_dkk) AS dkk FROM action
                WHERE id NOT IN (SELECT supersedes FROM action WHERE supersedes IS NOT NULL)
                GROUP BY case_id)
  SELECT f.family, sum(coalesce(c.dkk, 0)) FROM fam f LEFT JOIN cost c ON c.case_id = f.id
  GROUP BY f.family;" | cut -d'|' -f2 | sort -n >costs.txt
want=$(awk '{ x[NR] = $1; t += $1 } END {
             cum = 0; prev = 0; s = 0
             for (i = 1; i <= NR; i++) { cum += x[i]; y = cum / t; s += (prev + y) / NR; prev = y }
             printf "%d %.9f\n", NR, 1 - s }' costs.txt)
"$INDEKS" gusa concentration --db g.db --year 2026 --format csv -o conc.csv
check "concentration exit 0" '[ $? -eq 0 ]'
got=$(awk -F, '$1 == "overall" { printf "%d %.9f\n", $3, $6 }' conc.csv)
echo "overall concentration 2026: indeks $got, sqlite3+awk $want"
check "overall families and Gini: indeks '$got', sqlite3+awk '$want'" '[ "$got" = "$want" ]'
check "concentration: 1 + 6 centre + 7 step groups" '[ "$(awk "NR > 1" conc.csv | wc -l)" -eq 14 ]'
"$INDEKS" gusa concentration --db g.db --year 2026 --kommune 825 --format json -o laeso.json
check "Læsø's ladder step 6 is suppressed" 'grep -q "\"ladder_step\",\"key\":\"6\",\"families\":null,\"suppressed\":true" laeso.json'
"$INDEKS" gusa concentration --db g.db --year 2026 --locale da --format csv -o da.csv
check "--locale da: ';' and decimal comma" 'awk -F";" "\$1 == \"overall\" && \$6 ~ /^0,[0-9]+$/" da.csv | grep -q .'
"$INDEKS" gusa concentration --db g.db >table.txt
check "table by default, all years" 'grep -q "^overall" table.txt'

# bad input: exit 2, nothing written
"$INDEKS" gusa indicators --db g.db --year 20x6 --idata bad1.csv --imeta bad2.csv 2>err.txt
check "bad --year: exit 2" '[ $? -eq 2 ] && grep -q -- "--year" err.txt'
"$INDEKS" gusa indicators --db g.db --year 2026 --idata bad1.csv 2>err.txt
check "no --imeta: exit 2" '[ $? -eq 2 ] && grep -q -- "--imeta" err.txt'
"$INDEKS" gusa indicators --db missing.db --year 2026 --idata bad1.csv --imeta bad2.csv 2>err.txt
check "a missing database: an error" '[ $? -ne 0 ] && [ -s err.txt ]'
check "nothing written after bad input" '[ ! -e bad1.csv ] && [ ! -e bad2.csv ] && [ ! -e missing.db ]'
"$INDEKS" gusa concentration --db g.db --year 1990 2>err.txt
check "a year without cases: exit 2 naming it" '[ $? -eq 2 ] && grep -q "no case with a cost" err.txt'

check "the reads are audited as exports" '[ "$(sqlite3 g.db "SELECT count(*) FROM audit_log WHERE action = '\''export'\'' AND object = '\''facts'\''")" -ge 6 ]'
"$INDEKS" gusa audit verify --db g.db >/dev/null
check "the audit chain verifies" '[ $? -eq 0 ]'

# The ethical account (indeks report --gusa), Guldborgsund 2026
"$INDEKS" report --gusa g.db --year 2026 --kommune 376 --date 2026-12-01 -o r.html
check "report --gusa exit 0" '[ $? -eq 0 ]'
check "report: labelled SYNTETISKE DATA" 'grep -q "SYNTETISKE DATA" r.html'
check "report: no case text in it" '! grep -q "DATA: en bekymring\|DATA: referat\|DATA: opfølgning\|DATA: en ressource" r.html'
# G10 for 2026 in the report's ETIK table = IDATA's G10 for 376, two decimals with a comma
g10=$(awk -F, '$1 == 376 { printf "%.2f", $12 }' idata.csv | tr . ,)
check "report: G10 = IDATA's ($g10)" 'grep "G10 " r.html | grep -q ">$g10</td>"'
# the Lorenz curve's points from gusa concentration's deciles: (60 + 30 k, 320 - 300 L)
"$INDEKS" gusa concentration --db g.db --year 2026 --kommune 376 --format csv -o c376.csv
pts=$(awk -F, '$1 == "overall" { for (k = 0; k <= 10; k++) printf "%s%.1f,%.1f", k ? " " : "", 60 + 30 * k, 320 - 300 * $(10 + k) }' c376.csv)
check "report: the Lorenz curve's points" 'grep -qF "points=\"$pts\"" r.html'
# the peers: the ten nearest to Guldborgsund in the official 2024 index,
# ties by the lower code, computed here from the embedded series
want_peers=$(awk -F, '/^[0-9]/ && $2 == 2024 { x[$1] = $3 } END {
        for (c in x) if (c != 376) printf "%012d %d\n", int((x[c] > x[376] ? x[c] - x[376] : x[376] - x[c]) * 1e6 + 0.5), c }' \
    "$ROOT/data/real/socioindeks_noegletal_1996_2024.csv" | sort | head -10 | awk '{ print $2 }' | sort | tr '\n' ' ')
got_peers=$(grep -o 'data-kommune="[0-9]*" fill="#f4d03f"' r.html | head -10 | sed 's/data-kommune="\([0-9]*\)".*/\1/' | sort | tr '\n' ' ')
echo "peers of Guldborgsund: $got_peers"
check "report: the ten peers ($got_peers = $want_peers)" '[ "$got_peers" = "$want_peers" ]'
"$INDEKS" report --gusa g.db --year 2026 -o all.html
check "report: the whole country" '[ $? -eq 0 ] && grep -q "hele landet" all.html'
"$INDEKS" report --gusa g.db --kommune 376 -o bad.html 2>err.txt
check "report: no --year, exit 2" '[ $? -eq 2 ] && [ ! -e bad.html ]'
"$INDEKS" report --gusa g.db --year 2026 --kommune 998 -o bad.html 2>err.txt
check "report: an unknown municipality, exit 2" '[ $? -eq 2 ] && [ ! -e bad.html ] && grep -q 998 err.txt'
"$INDEKS" report --gusa g.db --year 1990 -o bad.html 2>err.txt
check "report: a year without cases, exit 2" '[ $? -eq 2 ] && [ ! -e bad.html ]'

# PostgreSQL: the same small demo gives the same IDATA
if [ -n "${IX_TEST_PG:-}" ] && command -v psql >/dev/null 2>&1; then
    PGDB="gusa_ind_$$"
    if psql -q "$IX_TEST_PG" -c "CREATE DATABASE $PGDB" >/dev/null 2>&1; then
        pg=$(echo "$IX_TEST_PG" | sed "s|/[^/]*\$|/$PGDB|")
        "$INDEKS" gusa init --db small.db >/dev/null && "$INDEKS" gusa init --db "$pg" >/dev/null
        "$INDEKS" gusa demo --db small.db --families 400 --today 2026-12-01 >/dev/null
        "$INDEKS" gusa demo --db "$pg" --families 400 --today 2026-12-01 >/dev/null
        "$INDEKS" gusa indicators --db small.db --year 2026 --idata s.csv --imeta sm.csv &&
            "$INDEKS" gusa indicators --db "$pg" --year 2026 --idata p.csv --imeta pm.csv
        check "PostgreSQL: indicators exit 0" '[ $? -eq 0 ]'
        check "PostgreSQL and SQLite give the same IDATA" 'cmp -s s.csv p.csv'
        check "... with values in it" '[ "$(grep -c "[0-9]\.[0-9]" p.csv)" -gt 10 ]'
    else
        echo "FAIL: cannot create a PostgreSQL database"
        fail=1
    fi
else
    echo "PostgreSQL half skipped: IX_TEST_PG is not set (scripts/pg.sh sets it)"
fi
[ $fail -eq 0 ] && echo "gusa indicators: all checks passed"
exit $fail
