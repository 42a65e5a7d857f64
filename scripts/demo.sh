#!/bin/sh
# The main job on the embedded default data (the README's `make demo`).
set -eu
cd "$(dirname "$0")/.."
INDEKS=${1:-build/indeks}
SHARED=../shared/data

echo "=== Socioøkonomisk indeks: landslisten (embedded SYNTHETIC data, the 18 criteria of LBK 63/2021) ==="
"$INDEKS" socio --locale da
echo
echo "=== Why is Brøndby (153) where it is? ==="
"$INDEKS" socio --locale da --explain 153
mkdir -p build/demo
"$INDEKS" socio --format csv -o build/demo/socio_demo_index.csv 2>/dev/null
echo "(CSV written to build/demo/socio_demo_index.csv)"
"$INDEKS" map --values build/demo/socio_demo_index.csv --column indeks --classes diverging:100 \
    --title "Socioøkonomisk indeks (SYNTETISKE DATA)" -o build/demo/kort_fliser.svg
echo "Map written to build/demo/kort_fliser.svg (embedded tile map)"
if [ -f "$SHARED/geo/kommuner_dagi.geojson" ]; then
    "$INDEKS" map --values build/demo/socio_demo_index.csv --column indeks --classes diverging:100 \
        --geometry "$SHARED/geo/kommuner_dagi.geojson" \
        --title "Socioøkonomisk indeks (SYNTETISKE DATA)" -o build/demo/kort.svg
    echo "Map written to build/demo/kort.svg (DAGI boundaries)"
fi

if [ -f "$SHARED/real/noegletal_socioindeks_1993_2024.csv" ]; then
    echo
    echo "=== The published index (noegletal.dk): 2024 against 2021, top 15 ==="
    "$INDEKS" landsliste --data "$SHARED/real/noegletal_socioindeks_1993_2024.csv" --year 2024 --vs 2021 --locale da | head -18
fi

if [ -f data/demo/socialt_indeks_data.csv ]; then
    echo
    echo "=== Socialt Indeks (SYNTHETIC demo): ranking ==="
    "$INDEKS" composite --data data/demo/socialt_indeks_data.csv --meta data/demo/socialt_indeks_meta.csv \
        --recipe data/demo/socialt_indeks_recipe.json --locale da | head -30
    echo
    echo "=== Socialt Indeks: the profile of København (101) ==="
    "$INDEKS" composite --data data/demo/socialt_indeks_data.csv --meta data/demo/socialt_indeks_meta.csv \
        --recipe data/demo/socialt_indeks_recipe.json --locale da --unit 101
fi

echo
echo "=== The site ==="
echo "Start it with:  $INDEKS serve     (then open http://127.0.0.1:8080/ — the same synthetic demo data)"
