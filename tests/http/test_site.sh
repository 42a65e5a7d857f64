#!/bin/sh
# The site shows what an edition is (issue 14), through the real server:
#   1  a published series imported with --year 2021 shows 2021 (values,
#      ranks, labels) on every page, in the API and the CSV; its other years
#      are history, each once
#   2  each history chart draws its average line on its own scale
#   0  serve with no --db: the official index 1996-2024 (2024), the two
#      synthetic demos, both indices with their maps on the home page
#   3  notes travel: the notes column and --note on every page, API "notes",
#      CSV keeps the column
#   11 palettes by direction and --palette
#   12/13 --geometry tiles and FILE; no local path in a page
#   14 weak indicators with unit, target, direction and IMETA's text
#   15 the compare page: integer ranks, a difference column, the notes
#   7  no English left in the pages
# Expected numbers are read from the CSV with awk here (an independent
# count), never copied from indeks. Needs curl; skips (77) without it.
set -u
INDEKS=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v curl >/dev/null 2>&1 || { echo "skipped: curl is not installed"; exit 77; }
"$INDEKS" serve --help >/dev/null 2>&1 || { echo "skipped: this indeks has no serve command"; exit 77; }
ROOT=$(pwd)
REAL=$ROOT/../shared/data/real/noegletal_socioindeks_1993_2024.csv
[ -r "$REAL" ] || { echo "skipped: $REAL is not there"; exit 77; }
. "$(dirname "$0")/lib.sh"   # T, PID, ok, bad, start_server

stop_server() {
    kill -TERM "$PID"
    for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    PID=""
}
# A connection the loaded machine dropped (code 000) is tried again, up to 3
# times; any HTTP answer is kept and judged by the checks.
get() {
    for _ in 1 2 3; do
        curl -s --max-time 300 -o "$T/body" -w '%{http_code}' "$U$1" >"$T/code"
        [ "$(cat "$T/code")" != 000 ] && return 0
        echo "note: GET $1: no answer (connection dropped), trying again"
    done
}
has() { if grep -q -- "$1" "$T/body"; then ok; else bad "$2: lacks $1 (HTTP $(cat "$T/code"))"; fi; }
hasnt() { if grep -q -- "$1" "$T/body"; then bad "$2: has $1"; else ok; fi; }
# value YEAR CODE: the published value; rank YEAR CODE: 1 + how many are higher
value() { awk -F, -v y="$1" -v k="$2" 'NR > 1 && $3 == y && $1 == k { print $4 }' "$REAL"; }
rank() {
    awk -F, -v y="$1" -v k="$2" 'NR > 1 && $3 == y && $4 != "" { v[$1] = $4 }
        END { r = 1; for (c in v) if (v[c] + 0 > v[k] + 0) r++; print r }' "$REAL"
}
da() { echo "$1" | tr . ,; }   # 1.75 -> 1,75 as the pages write it

# ---- 1: the series with --year 2021 ---------------------------------------------
"$INDEKS" import --db "$T/s.db" --series "$REAL" --edition "Socioøkonomisk indeks" --year 2021 >/dev/null 2>"$T/imp"
[ $? -eq 0 ] && ok || { bad "import --year 2021"; cat "$T/imp"; }
"$INDEKS" import --db "$T/s.db" --series "$REAL" --edition X --year 1990 >/dev/null 2>"$T/imp"
[ $? -eq 2 ] && ok || bad "a year the series does not hold: not refused with status 2"
grep -q 'no values for the edition.s year 1990' "$T/imp" && ok || bad "a missing year: message ($(cat "$T/imp"))"
start_server --db "$T/s.db"
b21=$(value 2021 153) g21=$(value 2021 157) b24=$(value 2024 153) g24=$(value 2024 157)
[ "$b21" = 1.75 ] && [ "$g21" = 0.63 ] && [ "$b24" != "$b21" ] && ok || bad "the CSV is not as SOURCES.md says ($b21 $g21 $b24)"
rb=$(rank 2021 153) rg=$(rank 2021 157)
get /edition/1
has 'Rangliste 2021' '/edition/1 (1)'; has 'år 2021' '/edition/1 (1)'
has "<tr><td data-v=\"$rb\">$rb</td><td>153</td><td><a href=\"/kommune/153\">Brøndby</a></td><td data-v=\"$b21\">$(da "$b21")</td>" '/edition/1 Brøndby 2021'
has "<tr><td data-v=\"$rg\">$rg</td><td>157</td><td><a href=\"/kommune/157\">Gentofte</a></td><td data-v=\"$g21\">$(da "$g21")</td>" '/edition/1 Gentofte 2021'
hasnt "data-v=\"$b24\">$(da "$b24")</td>" '/edition/1 (a 2024 value of Brøndby)'
rows=$(grep -c '<tr><td data-v="[0-9]*">[0-9]*</td><td>[0-9]*</td>' "$T/body")
[ "$rows" -eq 98 ] && ok || bad "/edition/1: $rows rows in the list, expected 98 (one year)"
get '/edition/1?aar=2024'
has 'Rangliste 2024' '/edition/1?aar=2024'
has "data-v=\"$b24\">$(da "$b24")</td>" '/edition/1?aar=2024 Brøndby'
get '/edition/1?aar=1990'; [ "$(cat "$T/code")" = 404 ] && ok || bad "?aar=1990: $(cat "$T/code")"
get /kommune/153
has "Offentliggjort serie 2021" '/kommune/153 label'
has "<strong>$(da "$b21")</strong> · rang $rb af 98" '/kommune/153 value and rank'
hasnt "<strong>$(da "$b24")</strong>" '/kommune/153 (the 2024 value as the headline)'
# History: every year once, each labelled with its own number.
for y in 1996 2010 2021 2024; do
    c=$(grep -c "<tr><td data-v=\"$y\">$y</td>" "$T/body")
    [ "$c" -eq 1 ] && ok || bad "/kommune/153: the history has $c rows for $y, expected 1"
done
v10=$(value 2010 153)
grep -q "<tr><td data-v=\"2010\">2010</td><td><a href=\"/edition/1\">Socioøkonomisk indeks</a></td><td data-v=\"$v10\">" "$T/body" && ok || bad "/kommune/153: the 2010 row does not hold 2010's value $v10"
grep -q '<tr><td data-v="1995">' "$T/body" && bad "/kommune/153: a row for 1995 (no value)" || ok
get /api/v1/editions/1
has '"display_year":2021' 'API display_year'
has "\"code\":\"153\",\"extra\":{[^}]*},\"kommune\":153,\"name\":\"Brøndby\",\"rank\":$rb,\"value\":$b21,\"year\":2021" 'API Brøndby 2021'
c=$(grep -o '"year":20[0-9][0-9]' "$T/body" | sort -u | tr '\n' ' ')
[ "$c" = '"year":2021 ' ] && ok || bad "API rows of other years: $c"
get /edition/1.csv
c=$(tail -n +2 "$T/body" | cut -d, -f3 | sort -u | tr '\n' ' ')
[ "$c" = '2021 ' ] && ok || bad "/edition/1.csv years: $c"
[ "$(tail -n +2 "$T/body" | wc -l)" -eq 98 ] && ok || bad "/edition/1.csv: not 98 rows"
grep -q "^157,Gentofte,2021,$g21," "$T/body" && ok || bad "/edition/1.csv: Gentofte 2021"
get '/sammenlign?a=153&b=157'
has "<td data-v=\"$b21\">$(da "$b21")</td><td data-v=\"$g21\">$(da "$g21")</td>" '/sammenlign values of 2021'
has "<td>Rang</td><td data-v=\"$rb\">$rb</td><td data-v=\"$rg\">$rg</td><td data-v=\"$((rg - rb))\">+$((rg - rb))</td>" '/sammenlign ranks as integers and their difference'

# ---- 2: each series on its own scale ----------------------------------------------
get /kommune/153
has 'class="average" data-v="1"' '/kommune/153 average line of a 1.00 series'
has '1,00 = landsgennemsnit' '/kommune/153 label of the average line'
hasnt 'class="average" data-v="100"' '/kommune/153 (a 100 line for a 1.00 series)'
# The line lies between the chart's lowest and highest point of Brøndby's values
# (all above 1): its y is below every point's (SVG y grows downwards).
ly=$(sed -n 's/.*class="average" data-v="1"[^>]*y1="\([0-9.]*\)".*/\1/p; s/.*y1="\([0-9.]*\)"[^>]*class="average" data-v="1".*/\1/p' "$T/body" | head -1)
maxy=$(grep -o 'cy="[0-9.]*"' "$T/body" | head -29 | tr -d 'cy="' | sort -n | tail -1)
[ -n "$ly" ] && [ -n "$maxy" ] && awk -v l="$ly" -v m="$maxy" 'BEGIN { exit !(l > m) }' && ok || bad "the 1.00 line (y $ly) is not below Brøndby's points (max y $maxy)"
stop_server

# ---- 3, 11, 14, 15, 7: a database of every kind, with notes ----------------------
cd "$T"
"$INDEKS" socio --normalise-weights --format csv -o socio.csv 2>/dev/null
# socio writes its own notes as a last, quoted "notes" column (the synthetic
# data); replace them with two known notes (the same on every row, as socio does).
head -1 socio.csv | grep -q ',notes$' || bad "socio --format csv has no notes column"
awk 'NR == 1 { print; next } { sub(/,"[^"]*"$/, ",Syntetiske data | Modellen er omskaleret"); print }' socio.csv >socio_notes.csv
"$INDEKS" composite --data "$ROOT/data/demo/socialt_indeks_data.csv" --meta "$ROOT/data/demo/socialt_indeks_meta.csv" \
    --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" --format csv -o comp.csv 2>/dev/null
"$INDEKS" import --db all.db --socio socio_notes.csv --edition Socio --year 2021 --note 'Kun til test' >/dev/null 2>&1 || bad "import socio with notes"
"$INDEKS" import --db all.db --composite comp.csv --edition 'Socialt Indeks' --year 2024 \
    --recipe "$ROOT/data/demo/socialt_indeks_recipe.json" \
    --meta "$ROOT/data/demo/socialt_indeks_meta.csv" --data "$ROOT/data/demo/socialt_indeks_data.csv" >/dev/null 2>&1 || bad "import composite --meta --data"
"$INDEKS" import --db all.db --socio socio.csv --edition S --year 2021 --meta x.csv >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--meta with --socio not refused"
cd "$ROOT"
start_server --db "$T/all.db"
for path in /edition/1 /kommune/101 '/sammenlign?a=101&b=147'; do
    get "$path"
    has 'Syntetiske data' "$path (3: notes column)"; has 'Modellen er omskaleret' "$path (3)"
    has 'Kun til test' "$path (3: --note)"
done
get /api/v1/editions/1
has '"notes":\["Kun til test","Syntetiske data","Modellen er omskaleret"\]' 'API notes (3)'
get '/sammenlign.csv?a=101&b=147'
head -1 "$T/body" | grep -q '^kind,edition_id,column,101,147,notes$' && ok || bad "/sammenlign.csv: no notes column"
grep -q '^socio,1,indeks,[0-9.]*,[0-9.]*,Kun til test | Syntetiske data | Modellen er omskaleret$' "$T/body" && ok || bad "/sammenlign.csv: the socio rows lack their notes"
get /edition/1.csv
head -1 "$T/body" | grep -q ',notes$' && ok || bad "/edition/1.csv lost the notes column"
sed -n 2p "$T/body" | grep -q ',Syntetiske data | Modellen er omskaleret$' && ok || bad "/edition/1.csv lost the notes"
# 14: weak indicators of København in the composite, from IMETA.
get /kommune/101
has 'Svage indikatorer og anbefalinger' '/kommune/101 (14)'
has 'lavere er bedre' '/kommune/101 (14: direction)'
has 'over målet' '/kommune/101 (14: a lower-is-better value above its target)'
rec=$(awk -F, '$2 == "B01" { print $11 }' "$ROOT/data/demo/socialt_indeks_meta.csv")   # no comma in it
[ -n "$rec" ] || bad "no recommendation of B01 in IMETA"
has 'Udsatte børn og unge' '/kommune/101 (14/9: a domain name)'
hasnt 'Styrk <strong>BOERN' '/kommune/101 (14)'
hasnt '<td>BOERN</td>' '/kommune/101 (9: a domain id)'
hasnt '<td>Coverage</td>' '/kommune/101 (14: Coverage as a pillar)'
hasnt '<td>Imputed</td>' '/kommune/101 (14: Imputed as a pillar)'
hasnt '<td>bidrag_' '/kommune/101 (9: a criterion id)'
# B01 (waiting days, lower is better, target 30 in IMETA): København's value
# from IDATA is above the target, so it is weak and worded "over målet",
# with its unit, the target, the direction and IMETA's recommendation.
b01=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "B01") c = i } $1 == "101" { print $c }' "$ROOT/data/demo/socialt_indeks_data.csv")
awk -v v="$b01" 'BEGIN { exit !(v > 30) }' && ok || bad "København's B01 ($b01) is not above 30: pick another case"
has "Sagsbehandlingstid i børnesager (dage)</strong>: $(da "$b01") dage, mål 30 dage (lavere er bedre): over målet" '/kommune/101 (14: B01 value, unit, target, direction)'
has "$rec" '/kommune/101 (14: the recommendation from IMETA)'
# 15: compare.
get '/sammenlign?a=101&b=147'
has '<th data-type="num">Forskel</th>' '/sammenlign (15: difference column)'
grep -o '<td>Rang</td>[^\n]*' "$T/body" | grep -q 'data-v="[0-9]*\.[0-9]' && bad "/sammenlign: a rank with decimals" || ok
# 11: palettes. Composite (higher is better): RdYlBu's red and blue ends.
get /edition/2
has '#d7191c' '/edition/2 (11: RdYlBu, red = worst)'
has '#2c7bb6' '/edition/2 (11: RdYlBu, blue = best)'
get /edition/1
hasnt '#d7191c' '/edition/1 (11: the socio index gets no good/bad red)'
stop_server
start_server --db "$T/all.db" --palette Greens
get /edition/2
has '#006d2c' '--palette Greens (11)'
stop_server
"$INDEKS" serve --palette Nope 2>"$T/perr"; [ $? -eq 2 ] && ok || bad "--palette Nope not refused"

# 12/13: the tile map and a boundaries file; no local path in any page.
start_server --db "$T/all.db" --geometry tiles
get /edition/2
c=$(grep -o '<path data-kommunekode=' "$T/body" | wc -l)
[ "$c" -eq 98 ] && ok || bad "--geometry tiles: $c shapes"
stop_server
GEO=$ROOT/../shared/data/geo/kommuner_dagi.geojson
if [ -r "$GEO" ]; then
    cp "$GEO" "$T/secret_folder_boundaries.geojson"
    start_server --db "$T/all.db" --geometry "$T/secret_folder_boundaries.geojson"
    for path in / /edition/1 /edition/2 /kommune/101 '/sammenlign?a=101&b=147' /api/v1/editions/2; do
        get "$path"
        hasnt 'secret_folder' "$path (13: a local path)"
        hasnt "$T" "$path (13: a local path)"
    done
    get /edition/2
    has 'class="credit"' '/edition/2 (13: the credit line under the map)'
    stop_server
fi

# 7: the pages are Danish: none of these English words in what people read.
start_server --db "$T/all.db"
for path in / /edition/1 /edition/2 /kommune/101 '/sammenlign?a=101&b=147' /nope '/edition/1?kolonne=nope'; do
    get "$path"
    sed -e 's/<[^>]*>/ /g' "$T/body" >"$T/text"
    for w in ' the ' ' of ' 'Rank' 'Strengthen' 'below target' 'above target' 'higher is better' \
             'lower is better' 'Coverage' 'Imputed' 'average' 'Not found' 'no such' 'Download' \
             'Compare' 'History' 'edition ' 'Edition' 'value' 'missing' 'Legend' 'synthetic'; do
        grep -q -- "$w" "$T/text" && bad "$path (7): English \"$w\": $(grep -o -- ".\{0,30\}$w.\{0,30\}" "$T/text" | head -1)"
    done
    ok
done
stop_server

# ---- 0: no --db ---------------------------------------------------------------------
start_server
get /
has 'Socioøkonomisk indeks 1996–2024' '/ (0: the official index)'
has 'Socialt Indeks' '/ (0: Socialt Indeks)'
has 'noegletal.dk' '/ (0: the source)'
has 'SYNTETISKE DATA' '/ (0: the synthetic demo labelled)'
c=$(grep -o '<path data-kommunekode=' "$T/body" | wc -l)
[ "$c" -eq 196 ] && ok || bad "/: $c shapes, expected two maps of 98"
get /api/v1/editions
for k in series socio composite; do has "\"kind\":\"$k\"" "/api/v1/editions (0: $k)"; done
id=$(grep -o '"id":[0-9]*,"kind":"series"' "$T/body" | grep -o '[0-9]*' | head -1)
get "/edition/$id"
has 'Rangliste 2024' "/edition/$id (0)"
has "<td data-v=\"$b24\">$(da "$b24")</td>" "/edition/$id (0: Brøndby 2024)"
has "<td data-v=\"$g24\">$(da "$g24")</td>" "/edition/$id (0: Gentofte 2024)"
stop_server

if [ $fail -eq 0 ]; then echo "$n passed, 0 failed"; fi
exit $fail
