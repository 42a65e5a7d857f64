/* libFuzzer target: a published index series (CSV) read, checked and listed
 * for its latest year. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "indeks/csv.h"
#include "indeks/series.h"

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
    ix_diag d;
    ix_table *t = NULL;
    ix_series *s = NULL;
    if (ix_csv_parse((const char *)bytes, len, "fuzz.csv", &t, &d) == IX_OK &&
        ix_series_from_table(t, NULL, &s, &d) == IX_OK) {
        size_t *idx = NULL, n = 0;
        long *rank = NULL;
        int year = ix_series_latest_year(s);
        if (year && ix_series_year(s, year, &idx, &rank, &n, &d) == IX_OK) {
            free(idx);
            free(rank);
        }
    }
    ix_series_free(s);
    ix_table_free(t);
    return 0;
}
