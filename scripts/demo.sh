#!/bin/sh
# The main job on the embedded default data (the README's `make demo`): the real
# thing where real data exist (the official index 1996-2024 from noegletal.dk and
# the DAGI map, both embedded), synthetic data only where none are public (the
# criteria counts behind the index, the Socialt Indeks indicators), labelled so.
set -eu
cd "$(dirname "$0")/.."
INDEKS=${1:-build/indeks}
mkdir -p build/demo

echo "=== Socioøkonomisk indeks 2024 som offentliggjort (noegletal.dk): landslisten, mod 2021 ==="
"$INDEKS" landsliste --vs 2021 --locale da
"$INDEKS" landsliste --format csv -o build/demo/landsliste_2024.csv 2>/dev/null
"$INDEKS" map --values build/demo/landsliste_2024.csv --column indeks --classes diverging:1:7 \
    --title "Socioøkonomisk indeks 2024 (1,00 = landsgennemsnit)" --credit "Data: noegletal.dk" \
    --locale da -o build/demo/kort.svg
echo "Kort skrevet: build/demo/kort.svg (DAGI-kommunegrænser, indlejret; --geometry tiles giver flisekortet)"

echo
echo "=== Hvorfor ligger Brøndby (153) hvor den gør? Kriterie for kriterie (SYNTETISKE DATA: tællingerne bag indekset er ikke offentlige) ==="
"$INDEKS" socio --locale da --explain 153
"$INDEKS" socio --format csv -o build/demo/socio_demo_index.csv 2>/dev/null
echo "(CSV skrevet: build/demo/socio_demo_index.csv)"

echo
echo "=== Socialt Indeks (SYNTETISKE DATA): rangliste ==="
"$INDEKS" composite --data data/demo/socialt_indeks_data.csv --meta data/demo/socialt_indeks_meta.csv \
    --recipe data/demo/socialt_indeks_recipe.json --locale da | head -30
echo
echo "=== Socialt Indeks: profilen for København (101) ==="
"$INDEKS" composite --data data/demo/socialt_indeks_data.csv --meta data/demo/socialt_indeks_meta.csv \
    --recipe data/demo/socialt_indeks_recipe.json --locale da --unit 101

echo
echo "=== Sitet ==="
echo "Start det med:  $INDEKS serve     (åbn derefter http://127.0.0.1:8080/ — det offentliggjorte indeks og Socialt Indeks med kort)"
