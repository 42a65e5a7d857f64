/* libFuzzer target for the CSV reader: parse arbitrary bytes, then touch
 * every cell, read every cell as a number, and check that a number formats
 * and reads back to itself. Build (not part of the CMake build):
 *   clang -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_csv.c \
 *     lib/core/base/table.c lib/core/base/number.c lib/io/base/csv.c lib/core/base/diag.c lib/core/base/sink.c -o /tmp/fuzz_csv -lm
 *   /tmp/fuzz_csv -max_total_time=60 tests/fuzz/corpus/csv */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/csv.h"
#include "indeks/number.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A number the table read must format and read back exactly, in the table's
 * own decimal convention. */
static void check_round_trip(double v, char decimal)
{
    char text[64];
    double back = 0;
    ix_format_exact(v, decimal, text, sizeof text);
    if (ix_parse_number(text, decimal, &back, NULL) != 0 || back != v)
        abort();
    char fixed[512];
    size_t n = ix_format_fixed(v, 2, decimal, 1, fixed, sizeof fixed);
    if (n >= sizeof fixed || strlen(fixed) != n)
        abort();
}

static void touch_table(const ix_table *t)
{
    size_t rows = ix_table_nrows(t), cols = ix_table_ncols(t);
    for (size_t c = 0; c < cols; c++)
        if (ix_table_find(t, ix_table_header(t, c)) > (long)c)
            abort(); /* the first column of that name is at or before c */
    for (size_t r = 0; r < rows; r++) {
        if (ix_table_line(t, r) < 2)
            abort(); /* the header is at least line 1 */
        for (size_t c = 0; c < cols; c++) {
            volatile size_t len = strlen(ix_table_cell(t, r, c));
            (void)len;
            (void)ix_table_cell_missing(t, r, c);
            double v;
            ix_diag d;
            if (ix_table_number(t, r, c, &v, &d) == IX_OK)
                check_round_trip(v, ix_table_decimal(t));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_status st = ix_csv_parse((const char *)data, size, "fuzz.csv", &t, &d);
    if (st == IX_OK) {
        if (!t)
            abort();
        touch_table(t);
        ix_table_free(t);
    } else if (t) {
        abort(); /* no table on failure */
    }
    /* The converters on their own, on the raw bytes. */
    (void)ix_utf8_valid((const char *)data, size);
    char *text = NULL;
    size_t len = 0;
    if (ix_cp1252_to_utf8((const char *)data, size, "fuzz", &text, &len, &d) == IX_OK) {
        if (!ix_utf8_valid(text, len))
            abort();
        free(text);
    }
    return 0;
}
