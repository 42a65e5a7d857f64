#!/bin/sh
# Writes data/real/socioindeks_noegletal_1996_2024.csv, the official
# socio-economic index that `indeks serve` embeds (issue 14, point 0), from
# the shared copy of the published series:
#     scripts/gen_real_socioindeks.sh [SOURCE.csv] [OUT.csv]
# Keeps only kommunekode, aar, socio_indeks, and only the years with a
# published value (1996-2024); no value is changed. The values are facts
# published by the Interior Ministry (noegletal.dk) and may be embedded with
# their source (../shared/data/SOURCES.md).
set -eu
SRC=${1:-../shared/data/real/noegletal_socioindeks_1993_2024.csv}
OUT=${2:-data/real/socioindeks_noegletal_1996_2024.csv}
[ -r "$SRC" ] || { echo "gen_real_socioindeks: cannot read $SRC" >&2; exit 2; }
tmp="$OUT.tmp.$$"
trap 'rm -f "$tmp"' EXIT
{
    echo "# Socioøkonomisk indeks 1996-2024 (1.00 = landsgennemsnittet), som offentliggjort."
    echo "# Kilde: De Kommunale Nøgletal (noegletal.dk), Indenrigs- og Sundhedsministeriet;"
    echo "# eksport af 30. marts 2024 (../shared/data/SOURCES.md, real/noegletal_socioindeks_1993_2024.csv)."
    echo "# Lavet af scripts/gen_real_socioindeks.sh; ingen værdi er ændret."
    awk -F, '
        NR == 1 {
            for (i = 1; i <= NF; i++) col[$i] = i
            if (!("kommunekode" in col) || !("aar" in col) || !("socio_indeks" in col)) {
                print "gen_real_socioindeks: " FILENAME ": no kommunekode, aar or socio_indeks column" > "/dev/stderr"
                exit 2
            }
            print "kommunekode,aar,socio_indeks"
            next
        }
        $col["socio_indeks"] != "" {
            print $col["kommunekode"] "," $col["aar"] "," $col["socio_indeks"]
        }' "$SRC"
} >"$tmp"
mv "$tmp" "$OUT"
trap - EXIT
