// The DuckDB baseline of bench_aggregate.sh: the query `indeks aggregate
// --emit-sql` prints, run by DuckDB (npm @duckdb/node-api) straight on the
// CSV file (read_csv with type detection; empty fields are NULL).
//   node aggregate_duckdb.mjs PERSONS.csv QUERY.sql OUT.csv
// bench_aggregate.sh copies this file next to its node_modules and runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [persons, queryFile, out] = process.argv.slice(2);
const sql = readFileSync(queryFile, 'utf8');
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const path = persons.replaceAll("'", "''");
await con.run(`CREATE VIEW persons AS SELECT * FROM read_csv('${path}', header = true)`);
const reader = await con.runAndReadAll(sql);
const lines = [reader.columnNames().join(',')];
for (const row of reader.getRows())
  lines.push(row.map((v) => String(v)).join(','));
writeFileSync(out, lines.join('\n') + '\n');
