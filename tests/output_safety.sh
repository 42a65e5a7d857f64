#!/bin/sh
# -o never loses data (issue 12, points 1-3), through the real command:
#   1. a character device or a FIFO is written through, never renamed over
#      (a private device node and a symbolic link to /dev/null stand in for
#      /dev/null itself, so a regression can never replace the system's);
#      a directory is refused with status 2;
#   2. an output that is the same file as an input (by device and inode:
#      the same name, --opt=value, a hard link, a symbolic link) is refused
#      with status 2 and the input is left byte for byte as it was;
#   3. an existing file keeps its mode (0600 stays 0600); a new file
#      follows the umask (027 gives 0640).
# usage: tests/output_safety.sh INDEKS   (run from the repository)
set -u
INDEKS=$1
case $INDEKS in /*) ;; *) INDEKS=$(pwd)/$INDEKS ;; esac
ROOT=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail=0
pass=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=1; fi; }

"$INDEKS" socio --normalise-weights --format csv -o ref.csv 2>/dev/null
check "reference output" '[ -s ref.csv ]'

# ---- 1. devices, FIFOs, directories ---------------------------------------
ln -s /dev/null null_link
"$INDEKS" socio --normalise-weights --format csv -o null_link 2>err.txt
check "-o a link to /dev/null: exit 0" '[ $? -eq 0 ]'
check "-o a link to /dev/null: still a link to a character device" '[ -L null_link ] && [ -c null_link ]'
check "/dev/null is still a character device" '[ -c /dev/null ]'
if mknod nulldev c 1 3 2>/dev/null; then
    "$INDEKS" socio --normalise-weights --format csv -o nulldev 2>/dev/null
    check "-o a device node: exit 0" '[ $? -eq 0 ]'
    check "-o a device node: still a character device" '[ -c nulldev ] && [ ! -L nulldev ]'
else
    echo "note: cannot mknod here (not root); the device-node case is covered by the link"
fi
mkfifo fifo
# The reader takes everything the writer sends and ends when it closes.
# (timeout: only a guard for a regression that renames over the FIFO, which
# would leave the reader waiting for a writer forever; never a measurement)
timeout 120 cat fifo >from_fifo &
reader=$!
"$INDEKS" socio --normalise-weights --format csv -o fifo 2>err.txt
rc=$?
wait $reader
check "-o a FIFO: exit 0" '[ $rc -eq 0 ]'
check "-o a FIFO: still a FIFO" '[ -p fifo ]'
check "-o a FIFO: the reader got the whole output" 'cmp -s from_fifo ref.csv'
mkdir adir
"$INDEKS" socio --normalise-weights --format csv -o adir 2>err.txt
check "-o a directory: exit 2" '[ $? -eq 2 ]'
check "-o a directory: says so" 'grep -q "directory" err.txt'
check "-o a directory: nothing left beside it" '[ -z "$(ls | grep tmp)" ]'
"$INDEKS" kommuner --format csv -o adir/../k.csv 2>/dev/null
check "a path through a directory still works" '[ -s k.csv ]'

# ---- 2. the output is an input ---------------------------------------------
cp ref.csv data.csv
cp "$ROOT/models/socio_2021.json" model.json
if [ -f model.json ]; then
    cp model.json model.orig
    "$INDEKS" socio --model model.json --normalise-weights --format csv -o model.json 2>err.txt
    check "-o X --model X: exit 2" '[ $? -eq 2 ]'
    check "-o X --model X: the model is untouched" 'cmp -s model.json model.orig'
    check "-o X --model X: says which input" 'grep -q "same file as the input \"model.json\"" err.txt'
    "$INDEKS" socio --model=model.json --normalise-weights --format csv -o model.json 2>/dev/null
    check "--model=X -o X: exit 2" '[ $? -eq 2 ]'
    ln model.json hard.json
    "$INDEKS" socio --model model.json --normalise-weights --format csv -o hard.json 2>/dev/null
    check "-o a hard link of the model: exit 2" '[ $? -eq 2 ]'
    ln -s model.json soft.json
    "$INDEKS" socio --model soft.json --normalise-weights --format csv -o model.json 2>/dev/null
    check "--model a symbolic link to the output: exit 2" '[ $? -eq 2 ]'
    check "the model is still untouched" 'cmp -s model.json model.orig'
fi
printf 'kommunekode,kommune,aar,socio_indeks\n101,København,2023,1.05\n147,Frederiksberg,2023,0.8\n' >series.csv
cp series.csv series.orig
"$INDEKS" landsliste --data series.csv --format csv -o series.csv 2>/dev/null
check "landsliste --data X -o X: exit 2" '[ $? -eq 2 ]'
check "landsliste: the data is untouched" 'cmp -s series.csv series.orig'
"$INDEKS" landsliste --data series.csv --format csv -o other.csv 2>/dev/null
check "landsliste to another file still works" '[ $? -eq 0 ] && [ -s other.csv ]'
if "$INDEKS" import --db e.db --socio ref.csv --edition S --year 2021 >/dev/null 2>&1; then
    cp e.db e.orig
    "$INDEKS" export --db e.db -o e.db 2>err.txt
    check "export --db X -o X: exit 2" '[ $? -eq 2 ]'
    check "export --db X -o X: the database is untouched" 'cmp -s e.db e.orig'
fi

# ---- 3. mode and owner ------------------------------------------------------
printf 'old\n' >secret.csv
chmod 600 secret.csv
"$INDEKS" socio --normalise-weights --format csv -o secret.csv 2>/dev/null
check "0600 output: replaced" 'cmp -s secret.csv ref.csv'
check "0600 output: still 0600" '[ "$(stat -c %a secret.csv)" = 600 ]'
chmod 640 secret.csv
"$INDEKS" kommuner --format csv -o secret.csv 2>/dev/null
check "0640 output: still 0640" '[ "$(stat -c %a secret.csv)" = 640 ]'
(umask 027 && "$INDEKS" kommuner --format csv -o new.csv 2>/dev/null)
check "new output under umask 027: 0640" '[ "$(stat -c %a new.csv)" = 640 ]'
if [ "$(id -u)" = 0 ]; then
    printf 'old\n' >owned.csv
    chown 12345:12346 owned.csv
    "$INDEKS" kommuner --format csv -o owned.csv 2>/dev/null
    check "root keeps another user's owner and group" '[ "$(stat -c %u:%g owned.csv)" = 12345:12346 ]'
fi
ln -s secret.csv link.csv
"$INDEKS" socio --normalise-weights --format csv -o link.csv 2>/dev/null
check "-o a symbolic link: the link stays a link" '[ -L link.csv ]'
check "-o a symbolic link: its target has the output" 'cmp -s secret.csv ref.csv'

# ---- 4. inputs are bounded (point 12) ----------------------------------------
"$INDEKS" socio --data /dev/zero --normalise-weights -o out.csv 2>err.txt
check "--data /dev/zero: exit 2 at once" '[ $? -eq 2 ] && grep -q "NUL byte" err.txt && [ ! -e out.csv ]'
"$INDEKS" socio --model /dev/zero --normalise-weights -o out.csv 2>err.txt
check "--model /dev/zero: exit 2, capped" '[ $? -eq 2 ] && grep -q "larger than 16 MiB" err.txt && [ ! -e out.csv ]'
"$INDEKS" aggregate --rules /dev/zero --persons /dev/null -o out.csv 2>err.txt
check "--rules /dev/zero: exit 2, capped" '[ $? -eq 2 ] && grep -q "larger than 16 MiB" err.txt'
# 17 MiB of spaces: valid JSON whitespace, but above the cap.
head -c 17825792 /dev/zero | tr '\000' ' ' >big.json
"$INDEKS" composite --data "$ROOT/data/demo/socialt_indeks_data.csv" --meta "$ROOT/data/demo/socialt_indeks_meta.csv" \
    --recipe big.json -o out.csv 2>err.txt
check "a 17 MiB recipe: exit 2, capped" '[ $? -eq 2 ] && grep -q "larger than 16 MiB" err.txt'
rm -f big.json

# ---- 5. CSV headers are quoted like any field (point 9) ------------------------
# A criterion id with a comma and a quote: the header must still have as
# many fields as a row, read back by Python's csv module (an independent reader).
python3 - "$ROOT/models/socio_2021.json" <<'PY' >quote_model.json
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
m["criteria"][0]["id"] = 'k1,"x"'
print(json.dumps(m, ensure_ascii=False))
PY
"$INDEKS" socio --model quote_model.json --normalise-weights --format csv -o quoted.csv 2>/dev/null
check "a criterion id with , and \" gives a well-formed header" 'python3 -c "
import csv, sys
rows = list(csv.reader(open(\"quoted.csv\", encoding=\"utf-8\")))
sys.exit(0 if rows[0][4] == \"bidrag_k1,\\\"x\\\"\" and all(len(r) == len(rows[0]) for r in rows) else 1)"'

echo "output safety: $pass held, $fail failed"
exit $fail
