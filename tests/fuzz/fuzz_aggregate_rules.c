/* libFuzzer target for RULES.json of indeks aggregate: arbitrary bytes must
 * give rules or a diagnostic with a position, never a crash; rules that parse
 * must compile against a header naming their columns, count a few rows
 * without complaint and print as SQL.
 *   cmake -S . -B build-fuzz -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang && cmake --build build-fuzz
 *   build-fuzz/fuzz_aggregate_rules -max_total_time=60 tests/fuzz/corpus/aggregate_rules */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/aggregate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ix_agg_rules *r = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_agg_rules_parse((const char *)data, size, "fuzz.json", &r, &d) != IX_OK) {
        if (r || !d.message[0] || d.line < 0 || d.column < 0)
            abort(); /* every failure explains itself */
        return 0;
    }
    if (r->ncriteria < 1 || r->ncriteria > IX_AGG_MAX_CRITERIA || !r->municipality)
        abort();
    /* A header of the municipality column and every rule column, and three
     * rows: numbers, missing values, and a malformed one. */
    size_t ncols = r->ncolumns + 1;
    const char **header = malloc(ncols * sizeof *header);
    char *rows = malloc(3 * (ncols * 3 + 8));
    if (!header || !rows)
        abort();
    header[0] = r->municipality;
    for (size_t i = 0; i < r->ncolumns; i++)
        header[i + 1] = r->columns[i];
    size_t n = 0;
    memcpy(rows + n, "101", 3), n += 3;
    for (size_t i = 1; i < ncols; i++)
        memcpy(rows + n, ",1", 2), n += 2;
    rows[n++] = '\n';
    memcpy(rows + n, "147", 3), n += 3;
    for (size_t i = 1; i < ncols; i++)
        rows[n++] = ',';
    rows[n++] = '\n';
    memcpy(rows + n, "999\n", 4), n += 4;
    ix_agg_program *p = NULL;
    if (ix_agg_compile(r, header, ncols, ',', '.', "fuzz.csv", &p, &d) == IX_OK) {
        ix_agg_counts *c = ix_agg_counts_new(p);
        if (c) {
            ix_agg_chunk_result res;
            ix_agg_count_chunk(p, rows, n, c, &res);
            if (res.nlines != 3 || res.nbad != 1 || ix_agg_counts_get(c, 101, 0) != 1)
                abort();
            ix_agg_counts_free(c);
        }
        ix_agg_program_free(p);
    }
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_agg_write_sql(r, "persons", &s);
    ix_buf_free(&b);
    free(rows);
    free(header);
    ix_agg_rules_free(r);
    return 0;
}
