#!/bin/sh
# indeks aggregate against PostgreSQL: the counts of `indeks aggregate` must
# equal those of the query `indeks aggregate --emit-sql` prints, run by
# PostgreSQL on the same rows.
#   tests/pg_aggregate.sh INDEKS GEN_REGISTER
# Needs IX_TEST_PG (a postgresql:// URL; scripts/pg.sh starts a throwaway
# server and sets it) and psql; skips with 77 otherwise. A SYNTHETIC register
# of 20,000 persons (tools/gen_register.c) is loaded into a temporary table
# with psql's \copy; empty fields load as NULL, which is what makes the
# rules' missing-value logic comparable.
set -u
INDEKS=$1
GEN=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RULES=$ROOT/models/aggregate_rules_2021.json
if [ -z "${IX_TEST_PG:-}" ]; then
    echo "skipped: IX_TEST_PG is unset (run under scripts/pg.sh)"
    exit 77
fi
command -v psql >/dev/null 2>&1 || { echo "skipped: no psql (Debian: postgresql-client)"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$GEN" --persons 20000 --seed 11 -o "$TMP/persons.csv" || exit 1
"$INDEKS" aggregate --rules "$RULES" --persons "$TMP/persons.csv" --threads 2 -o "$TMP/ours.csv" || exit 1
"$INDEKS" aggregate --rules "$RULES" --emit-sql --table persons >"$TMP/query.sql" || exit 1

# Every column an integer but the label.
cols=$(head -1 "$TMP/persons.csv" | tr ',' '\n' |
       awk '{ printf "%s\"%s\" %s", (NR > 1 ? ", " : ""), $0, ($0 == "datakilde" ? "text" : "bigint") }')
cat >"$TMP/load.sql" <<SQL
\set ON_ERROR_STOP 1
CREATE TEMP TABLE persons ($cols);
\copy persons FROM '$TMP/persons.csv' WITH (FORMAT csv, HEADER true)
\pset format csv
\o $TMP/theirs.csv
\i $TMP/query.sql
SQL
if ! psql "$IX_TEST_PG" -X -q -f "$TMP/load.sql" >"$TMP/psql.log" 2>&1; then
    echo "psql failed:"; cat "$TMP/psql.log"; exit 1
fi
if ! cmp -s "$TMP/ours.csv" "$TMP/theirs.csv"; then
    echo "indeks aggregate and PostgreSQL differ:"
    diff "$TMP/ours.csv" "$TMP/theirs.csv" | head -20
    exit 1
fi
echo "indeks aggregate = PostgreSQL on $(($(wc -l <"$TMP/ours.csv") - 1)) municipalities"
