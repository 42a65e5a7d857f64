/* Reading the real values for --real: the noegletal long-form series
 * (kommunekode, aar, indbyggere_1jan, udskrivningsprocent) as CSV, one year
 * taken by ix_udl_real_from_series (lib/core/udligning/udligning_real.c). */
#include <stdlib.h>

#include "indeks/csv.h"
#include "indeks/series.h"
#include "indeks/udligning.h"

static ix_status need_column(const ix_table *t, const char *name, ix_diag *d)
{
    if (ix_table_find(t, name) >= 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, name,
                       "column \"%s\" is not in the header: real_values wants the noegletal series "
                       "in long form (kommunekode, aar, indbyggere_1jan, udskrivningsprocent)",
                       name);
}

ix_status ix_udl_real_read(const char *path, int year, ix_udl_real **out, ix_diag *d)
{
    ix_table *t = NULL;
    ix_series *pop = NULL, *tax = NULL;
    ix_status st = ix_csv_read_file(path, &t, d);
    if (!st)
        st = need_column(t, "indbyggere_1jan", d);
    if (!st)
        st = need_column(t, "udskrivningsprocent", d);
    if (!st)
        st = ix_series_from_table(t, "indbyggere_1jan", &pop, d);
    if (!st)
        st = ix_series_from_table(t, "udskrivningsprocent", &tax, d);
    if (!st)
        st = ix_udl_real_from_series(pop, tax, year, out, d);
    ix_series_free(pop);
    ix_series_free(tax);
    ix_table_free(t);
    return st;
}
