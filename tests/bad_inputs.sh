#!/bin/sh
# Runs every bad input of tests/data/bad/ through the command that reads it
# and checks that indeks refuses it cleanly (see tests/data/bad/README.md):
#   - exit status 2 (not 0, not 1, not a signal);
#   - standard error names the file and a line: "<path>:<line>" with line >= 1;
#   - no output file left behind (no out.*, no *.tmp.*);
#   - no hang: each run is wrapped in `timeout $LIMIT` (60 s: the slowest case
#     takes about 2 s on a loaded machine under ASan; a time-out fails the file).
# The huge inputs (1 MB lines, 10^6 vertices, 10^5 nesting levels) are made
# here, into a temporary directory, from fixed patterns; nothing is random.
#
# usage: tests/bad_inputs.sh INDEKS [PREFIX]
#   PREFIX limits the run to one reader (csv_socio, csv_landsliste, model,
#   coinr_idata, coinr_imeta, recipe, geojson, topojson, aggregate_persons).
set -u
INDEKS=$1
LIMIT=60
PREFIX=${2:-}
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
BAD=$(cd "$(dirname "$0")/data/bad" && pwd)
GOOD=$BAD/good
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
GEN=$TMP/gen
mkdir -p "$GEN"

# ---- generated inputs (too big to keep in the repository) -----------------
want() { [ -z "$PREFIX" ] || [ "$PREFIX" = "$1" ]; }
SOCIO_HEAD='kommunekode,kommune,indbyggere,personer_20_59,uden_beskaeftigelse_20_59,personer_20_59_t3,uden_beskaeftigelse_20_59_t3,uden_erhvervsuddannelse_25_49,billige_private_boliger,psykiatriske_patienter,almene_familieboliger,boern_forsoergere_kort_uddannelse,enlige_65_plus,lavindkomst'
SOCIO_ROW='101,København,632340,305267,42539,300587,41730,44310,26015,15800,119569,19728,61228,53910'
if want csv_socio; then
    # A count of 10^6 digits: one 1 MB line.
    { echo "$SOCIO_HEAD"; echo "$SOCIO_ROW"
      printf '147,Frederiksberg,'; awk 'BEGIN { s = "1"; while (length(s) < 1048576) s = s s; printf "%s", s }'
      echo ',46169,5390,45764,6189,6979,4749,2536,16480,2620,9499,7309'; } >"$GEN/csv_socio_1mb_number.csv"
    # 2^20 separators after a valid row: a 1 MB line of empty fields.
    { echo "$SOCIO_HEAD"; printf '%s' "$SOCIO_ROW"
      awk 'BEGIN { s = ","; while (length(s) < 1048576) s = s s; print s }'; } >"$GEN/csv_socio_1mb_separators.csv"
    # A 1 MB quoted field that never closes.
    { echo "$SOCIO_HEAD"; printf '147,"'
      awk 'BEGIN { s = "Frederiksberg "; while (length(s) < 1048576) s = s s; print s }'; } >"$GEN/csv_socio_1mb_open_quote.csv"
fi
if want csv_landsliste; then
    { echo 'kommunekode,kommune,aar,socio_indeks'; echo '101,København,2023,1.05'
      printf '147,Frederiksberg,2023,0.'
      awk 'BEGIN { s = "8"; while (length(s) < 1048576) s = s s; print s }'; } >"$GEN/csv_landsliste_1mb_number.csv"
fi
if want geojson; then
    # One ring of 10^6 vertices that is not closed (RFC 7946 3.1.6).
    awk 'BEGIN {
        printf "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"lau_1\":101},\n\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\n";
        n = 1000000;
        for (i = 0; i < n; i++) {
            a = 6.283185307179586 * i / n;
            printf "[%.7f,%.7f]%s", 12.5 + 0.1 * cos(a), 55.6 + 0.05 * sin(a), i + 1 < n ? "," : "";
            if (i % 8 == 7) printf "\n";
        }
        printf "]]}}]}\n";
    }' >"$GEN/geojson_1e6_vertices_open_ring.geojson"
fi
if want recipe; then
    awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' \
        >"$GEN/recipe_nested_1e5.json"
fi
if want model; then
    awk 'BEGIN { printf "{\"name\": \""; s = "x"; while (length(s) < 1048576) s = s s; printf "%s\n\"}\n", s }' \
        >"$GEN/model_1mb_string_with_newline.json"
fi

# ---- the command for each file, by its name ---------------------------------
# Runs the command that reads $1 in the current directory; 99 = unknown name.
run_for() {
    f=$1
    case $(basename "$f") in
    csv_socio_*) timeout "$LIMIT" "$INDEKS" socio --model "$GOOD/socio_model_1_8.json" --data "$f" \
                     --normalise-weights -o out.csv ;;
    csv_landsliste_*) timeout "$LIMIT" "$INDEKS" landsliste --data "$f" -o out.csv ;;
    model_*) timeout "$LIMIT" "$INDEKS" socio --model "$f" --normalise-weights -o out.csv ;;
    coinr_idata_*) timeout "$LIMIT" "$INDEKS" composite --data "$f" --meta "$GOOD/imeta.csv" -o out.csv ;;
    coinr_imeta_*) timeout "$LIMIT" "$INDEKS" composite --data "$GOOD/idata.csv" --meta "$f" -o out.csv ;;
    recipe_*) timeout "$LIMIT" "$INDEKS" composite --data "$GOOD/idata.csv" --meta "$GOOD/imeta.csv" \
                  --recipe "$f" -o out.csv ;;
    geojson_* | topojson_*)
        timeout "$LIMIT" "$INDEKS" map --values "$GOOD/values.csv" --column indeks --classes equal:2 \
            --geometry "$f" -o out.svg ;;
    aggregate_persons_*) timeout 10 "$INDEKS" aggregate --rules "$GOOD/aggregate_rules.json" --persons "$f" -o out.csv ;;
    *) return 99 ;;
    esac
}

pass=0
fail=0
run_one() {
    f=$1
    work=$TMP/run
    rm -rf "$work"
    mkdir "$work"
    (cd "$work" && run_for "$f") >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    problems=""
    case $rc in
    2) ;;
    99) problems="$problems; no command for this name (see tests/data/bad/README.md)" ;;
    124) problems="$problems; timed out after $LIMIT s" ;;
    *) problems="$problems; exit status $rc, expected 2" ;;
    esac
    # "<path>:<line>" with a line of at least 1.
    line=$(awk -v p="$f:" 'i = index($0, p) { s = substr($0, i + length(p)); if (match(s, /^[0-9]+/)) { print substr(s, 1, RLENGTH); exit } }' "$TMP/stderr")
    if [ -z "$line" ] || [ "$line" -lt 1 ]; then
        problems="$problems; standard error does not name $(basename "$f"):LINE"
    fi
    if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error:' "$TMP/stderr"; then
        problems="$problems; sanitizer report"
    fi
    left=$(cd "$work" && find . -name 'out.*' -o -name '*.tmp.*' | head -3 | tr '\n' ' ')
    [ -n "$left" ] && problems="$problems; files left: $left"
    if [ -n "$problems" ]; then
        fail=$((fail + 1))
        echo "FAIL $(basename "$f")${problems}"
        sed 's/^/    | /' "$TMP/stderr" | cut -c1-300 | head -5
    else
        pass=$((pass + 1))
        [ -n "${VERBOSE:-}" ] && echo "ok   $(basename "$f"): $(head -1 "$TMP/stderr" | cut -c1-200)"
    fi
}

for f in "$BAD"/* "$GEN"/*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in README.md) continue ;; esac
    if [ -n "$PREFIX" ]; then
        case $(basename "$f") in "$PREFIX"_*) ;; *) continue ;; esac
    fi
    run_one "$f"
done
echo "bad inputs${PREFIX:+ ($PREFIX)}: $pass refused cleanly, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
