#!/bin/sh
# Regenerates the map pictures in docs/img/ (shown by README.md and
# docs/map.md):
#   map_dagi.png        the DAGI map as SVG, rendered by headless Chromium
#   map_tiles.png       the tile map as SVG, rendered by headless Chromium
#   map_dagi_cairo.png  the DAGI map as PNG from indeks itself (cairo backend)
# Usage, from the repository root: scripts/screenshots.sh [path/to/indeks]
# (default build/indeks). Needs ../shared/data (the published index and the
# DAGI boundaries) and Debian's chromium (apt-get install chromium). The
# window is the SVG's own size, so the pictures have no empty margin.
set -eu
INDEKS=${1:-build/indeks}
DATA=../shared/data
VALUES=$DATA/real/noegletal_socioindeks_1993_2024.csv
GEO=$DATA/geo/kommuner_dagi.geojson
OUT=docs/img
for f in "$INDEKS" "$VALUES" "$GEO"; do
    [ -e "$f" ] || { echo "screenshots: $f is missing (run from the repository root)" >&2; exit 1; }
done
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "screenshots: no chromium (apt-get install chromium)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# shot SVG PNG: the SVG rendered by Chromium at its own width and height.
shot() {
    size=$(sed -n 's/^<svg [^>]*width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$1" | head -1)
    [ -n "$size" ] || { echo "screenshots: no size in $1" >&2; exit 1; }
    profile=$(mktemp -d "$TMP/profile.XXXXXX")
    if ! "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --screenshot="$2" --window-size="$size" \
        "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" >"$TMP/chromium.log" 2>&1; then
        cat "$TMP/chromium.log" >&2
        exit 1
    fi
    [ -s "$2" ] || { cat "$TMP/chromium.log" >&2; exit 1; }
    echo "screenshots: $2 ($size)"
}

"$INDEKS" map --values "$VALUES" --filter aar=2024 --column socio_indeks --geometry "$GEO" \
    --classes diverging:1 --locale da --title "Socioøkonomisk indeks 2024 (1,00 = landsgennemsnit)" \
    -o "$TMP/map_dagi.svg"
"$INDEKS" map --values "$VALUES" --filter aar=2024 --column socio_indeks --classes jenks:5 \
    --locale da --title "Socioøkonomisk indeks 2024 (tile-kort)" -o "$TMP/map_tiles.svg"
shot "$TMP/map_dagi.svg" "$OUT/map_dagi.png"
shot "$TMP/map_tiles.svg" "$OUT/map_tiles.png"
"$INDEKS" map --values "$VALUES" --filter aar=2024 --column socio_indeks --geometry "$GEO" \
    --classes diverging:1 --locale da --title "Socioøkonomisk indeks 2024 (1,00 = landsgennemsnit)" \
    -o "$OUT/map_dagi_cairo.png"
echo "screenshots: $OUT/map_dagi_cairo.png (cairo)"
