#!/bin/sh
# Two editions compared (issue 17): `indeks compare-editions` and the page
# /edition/<a>/vs/<b> through the real server. Edition 1 is the synthetic
# Socialt Indeks demo; edition 2 the same with V07 removed (its IDATA column
# too), H03's recommendation changed to a text that starts with "=" and B02's
# unit changed by "proposal F5" (a Proposal column). The rank changes are
# computed independently with Python's csv module from the two result files.
# Usage: test_compare.sh INDEKS
set -u
INDEKS=$1
ROOT=$(pwd)
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skipped: curl is not installed"; exit 77; }
. "$(dirname "$0")/../http/lib.sh"   # T, PID, start_server (waits on the server's own line)
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1 ($3)"; else bad "$1: want $2, got $3"; fi; }
has() { case "$3" in *"$2"*) ok "$1" ;; *) bad "$1: no $2 in: $3" ;; esac; }

META=$ROOT/data/demo/socialt_indeks_meta.csv DATA=$ROOT/data/demo/socialt_indeks_data.csv
RECIPE=$ROOT/data/demo/socialt_indeks_recipe.json
python3 - "$META" "$DATA" "$T" <<'PY'
import csv, sys
meta, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(meta, encoding="utf-8")))
cols = list(rows[0].keys()) + ["Proposal"]
with open(out + "/meta2.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        if r["iCode"] == "V07":
            continue
        r["Proposal"] = ""
        if r["iCode"] == "H03":
            r["Recommendation"] = "=1+1 er ingen formel"
        if r["iCode"] == "B02":
            r["Unit"] = "procent"
            r["Proposal"] = "F5"
        w.writerow(r)
d = list(csv.DictReader(open(data, encoding="utf-8")))
dcols = [c for c in d[0].keys() if c != "V07"]
with open(out + "/data2.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=dcols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(d)
PY
"$INDEKS" composite --data "$DATA" --meta "$META" --recipe "$RECIPE" --format csv -o "$T/r1.csv" 2>/dev/null
"$INDEKS" composite --data "$T/data2.csv" --meta "$T/meta2.csv" --recipe "$RECIPE" --format csv -o "$T/r2.csv" 2>/dev/null
check "the second edition computes" 99 "$(grep -c '' "$T/r2.csv")"
DB=$T/e.db
"$INDEKS" import --db "$DB" --composite "$T/r1.csv" --edition "SI 2026" --year 2026 --meta "$META" --data "$DATA" >/dev/null 2>&1
"$INDEKS" import --db "$DB" --composite "$T/r2.csv" --edition "SI 2027" --year 2027 --meta "$T/meta2.csv" --data "$T/data2.csv" >/dev/null 2>&1
"$INDEKS" socio --normalise-weights --format csv -o "$T/socio.csv" 2>/dev/null
"$INDEKS" import --db "$DB" --socio "$T/socio.csv" --edition "Socio" --year 2021 >/dev/null 2>&1

# ---- the command -------------------------------------------------------------------------
"$INDEKS" compare-editions --db "$DB" 1 2 --format csv -o "$T/diff.csv"
check "compare-editions" 0 "$?"
# rank changes, independently: rank in r1 minus rank in r2, by |change| then code
python3 - "$T/r1.csv" "$T/r2.csv" >"$T/want.txt" <<'PY'
import csv, sys
a = {r["uCode"]: int(r["Rank"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
b = {r["uCode"]: int(r["Rank"]) for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
rows = sorted(((a[c] - b[c], c) for c in a), key=lambda x: (-abs(x[0]), x[1]))
for ch, c in rows:
    print(c, a[c], b[c], ch)
PY
python3 - "$T/diff.csv" >"$T/got.txt" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["section"] == "rank":
        print(r["code"], r["rank_a"], r["rank_b"], r["change"])
PY
check "98 rank rows" 98 "$(grep -c '' "$T/got.txt")"
cmp -s "$T/want.txt" "$T/got.txt" && ok "rank changes equal Python's, in the same order" || bad "rank changes differ: $(diff "$T/want.txt" "$T/got.txt" | head -5)"
ind() { python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["section"] == "indicator": print("|".join([r["code"], r["kind"], r["field"], r["before"], r["after"], r["proposals"]]))' "$T/diff.csv"; }
H03_BEFORE=$(python3 -c 'import csv,sys
print([r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["iCode"] == "H03"][0]["Recommendation"])' "$META")
check "indicator changes" "B02|changed|Unit|pct.|procent|F5
H03|changed|Recommendation|$H03_BEFORE|=1+1 er ingen formel|
V07|removed||||" "$(ind)"
"$INDEKS" compare-editions --db "$DB" 1 3 >/dev/null 2>"$T/err"
check "editions of different kinds: exit 2" 2 "$?"
has "... saying so" "compare two editions of the same kind" "$(cat "$T/err")"
"$INDEKS" compare-editions --db "$DB" 1 99 >/dev/null 2>&1
check "an edition that is not there: exit 2" 2 "$?"
"$INDEKS" compare-editions --db "$DB" 1 >/dev/null 2>&1
check "one edition only: exit 2" 2 "$?"
"$INDEKS" compare-editions --db "$DB" 2 1 --locale da >"$T/da.txt"
has "--locale da: decimal comma in the table" "$(python3 -c 'import csv,sys
r=[x for x in csv.DictReader(open(sys.argv[1], encoding="utf-8"))][0]
print(("%.2f" % float(r["SI"])).replace(".", ","))' "$T/r2.csv")" "$(cat "$T/da.txt")"

# ---- the site -------------------------------------------------------------------------------
start_server --db "$DB"
page=$(curl -s "$U/edition/1/vs/2")
has "the page's title" "Udgave 1 mod udgave 2" "$page"
has "the removed indicator" "V07" "$page"
has "the change's proposal" "F5" "$page"
first=$(head -n 1 "$T/want.txt")
set -- $first
has "the largest rank change first" "<tr><td>$1</td>" "$(echo "$page" | grep -o '<tbody><tr><td>[0-9]*</td>' | tail -n 1 | sed 's/<tbody>//')"
check "different kinds: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' "$U/edition/1/vs/3")"
check "an unknown edition: 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$U/edition/1/vs/99")"
check "a malformed pair: 404" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$U/edition/1/vs/x")"
has "the edition page links to what changed" "/edition/1/vs/2" "$(curl -s "$U/edition/2")"
has "JSON" '"kind":"removed","icode":"V07"' "$(curl -s "$U/api/v1/editions/1/vs/2")"
csv=$(curl -s "$U/edition/1/vs/2.csv")
has "the site's CSV keeps a formula from running" "'=1+1 er ingen formel" "$csv"
has "the command's CSV keeps the text as it is" ",=1+1 er ingen formel," "$(cat "$T/diff.csv")"

echo
[ "$fails" = 0 ] && echo "all passed" || echo "$fails failed"
[ "$fails" = 0 ]
