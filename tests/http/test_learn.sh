#!/bin/sh
# "Lær af" on a municipality's page (issue 17) through the real server:
# `indeks serve` with no --db (the official index 1996-2024, shown for 2024,
# and the SYNTHETIC Socialt Indeks demo). For several municipalities the
# page must list exactly the peers, the better peers per domain and the
# recommendations they meet and it does not, as computed here in Python from
# the official series, the demo's IDATA/IMETA and the composite result
# (`indeks composite` on the demo: the domain scores). The rules (learn.h):
# the 10 nearest in index (ties by the lower code, distances to 1e-9), a
# domain's better peers score higher (best first), an indicator is met at
# its Target in its direction, or without a Target at the median of all
# municipalities, on the value a person reads (a count with a Denominator
# per 1,000 when the Unit says "pr. 1.000").
set -u
INDEKS=$1
ROOT=$(pwd)
REAL=$ROOT/../shared/data/real/noegletal_socioindeks_1993_2024.csv
[ -r "$REAL" ] || { echo "skipped: $REAL is not there"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 is not installed"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "skipped: curl is not installed"; exit 77; }
. "$(dirname "$0")/lib.sh"   # T, PID, start_server (waits on the server's own line)
D=$ROOT/data/demo
"$INDEKS" composite --data "$D/socialt_indeks_data.csv" --meta "$D/socialt_indeks_meta.csv" \
    --recipe "$D/socialt_indeks_recipe.json" --format csv -o "$T/result.csv" 2>/dev/null || exit 1
start_server
fails=0
for k in 101 153 376 860; do
    curl -s --max-time 300 "$U/kommune/$k" >"$T/page$k.html"
    python3 - "$k" "$REAL" "$D" "$T/result.csv" "$T/page$k.html" <<'PY' || fails=$((fails + 1))
import csv, html, re, statistics, sys
k, real, d, result, page = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
x = {int(r["kommunekode"]): float(r["socio_indeks"]) for r in csv.DictReader(open(real, encoding="utf-8"))
     if r["aar"] == "2024" and r["socio_indeks"]}
res = {int(r["uCode"]): r for r in csv.DictReader(open(result, encoding="utf-8"))}
meta = list(csv.DictReader(open(d + "/socialt_indeks_meta.csv", encoding="utf-8")))
data = {int(r["uCode"]): r for r in csv.DictReader(open(d + "/socialt_indeks_data.csv", encoding="utf-8"))}
names = {c: r["uName"] for c, r in data.items()}
units = [c for c in x if c in res and c != k]
# nearest 10, distances compared to 1e-9, ties by the lower code
units.sort(key=lambda c: (round(abs(x[c] - x[k]) / 1e-9), c))
peers = units[:10]
def base(unit):  # "pr. 1.000 18-64-årige" -> 1000
    m = re.search(r"(?:pr\.|per) (\d[\d.,]*\d|\d)", unit)
    return float(re.sub(r"[.,]", "", m.group(1))) if m else 1
def val(ind, c):  # what a person reads against Unit and Target
    v = data[c][ind["iCode"]]
    if v in ("", "NA"): return None
    v = float(v)
    if ind["Denominator"]:
        den = float(data[c][ind["Denominator"]])
        return v / den * base(ind["Unit"]) if den != 0 else None
    return v
def meets(ind, c):
    v = val(ind, c)
    if v is None: return False
    if ind["Target"]:
        bar = float(ind["Target"])
    else:
        bar = statistics.median([w for w in (val(ind, u) for u in data) if w is not None])
    return v <= bar if ind["Direction"] == "-1" else v >= bar
text = html.unescape(re.sub(r"<[^>]+>", " ", open(page, encoding="utf-8").read()))
text = re.sub(r"\s+", " ", text)
sec = text[text.index("Lær af kommuner med samme sociale byrde"):]
sec = sec[:sec.index("Udvikling")] if "Udvikling" in sec else sec
bad = 0
def expect(what, needle):
    global bad
    if needle not in sec:
        print(f"FAIL {k}: {what}: no {needle!r}"); bad += 1
    else:
        print(f"ok   {k}: {what}")
got_peers = re.findall(r"/kommune/(\d+)", open(page, encoding="utf-8").read().split('id="laer-af"')[1].split("</ul>")[0])
if [int(c) for c in got_peers] != peers:
    print(f"FAIL {k}: peers {got_peers} != {peers}"); bad += 1
else:
    print(f"ok   {k}: the 10 peers, nearest first")
domains = [r for r in meta if r["Level"] == "2"]
for dom in domains:
    own = float(res[k][dom["iCode"]])
    better = sorted([c for c in peers if float(res[c][dom["iCode"]]) > own],
                    key=lambda c: -float(res[c][dom["iCode"]]))
    expect(f"{dom['iCode']}: the summary counts them", f"{dom['iName']}: {len(better)} af de ti scorer højere")
    if better:
        # "<domain>: N af de ti ... <own>: <score>. Højere blandt de ti: A (s), B (s)."
        block = sec[sec.index(dom["iName"] + ": "):]
        block = block[block.index("Højere blandt de ti: ") + len("Højere blandt de ti: "):]
        block = block[:block.index(").") + 1]
        found = [re.sub(r" \(.*", "", part).strip() for part in block.split("), ")]
        order = [names[c] for c in better]
        if found != order:
            print(f"FAIL {k}: {dom['iCode']}: better {found} != {order}"); bad += 1
        else:
            print(f"ok   {k}: {dom['iCode']}: the better peers in order")
    else:
        expect(f"{dom['iCode']}: none better", "Ingen af de ti scorer højere")
    for ind in meta:
        if ind["Parent"] != dom["iCode"] or ind["Type"] != "Indicator" or not ind["Recommendation"]:
            continue
        who = [names[c] for c in better if meets(ind, c)] if not meets(ind, k) else []
        line = ind["iName"] + " : " + ind["Recommendation"]
        if who:
            expect(f"{ind['iCode']} met by {who}", line + " Opfyldt af " + ", ".join(who) + ".")
        elif line + " Opfyldt af" in sec:
            print(f"FAIL {k}: {ind['iCode']} listed though no better peer meets it and {k} does not miss it"); bad += 1
sys.exit(1 if bad else 0)
PY
done
[ "$fails" = 0 ] && echo "all passed" || echo "$fails municipalities failed"
[ "$fails" = 0 ]
