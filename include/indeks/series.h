/* Published index series in long form: one row per municipality and year
 * (kommunekode, kommune, aar, <value column>, ...), as noegletal.dk exports
 * them. A series is owned by its caller (ix_series_free). */
#ifndef INDEKS_SERIES_H
#define INDEKS_SERIES_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/table.h"

typedef struct ix_series_obs {
    int code;
    int year;
    double value;   /* NaN where the cell is empty (e.g. before 1996) */
    int decimals;   /* decimals written in the source, for rounding changes */
    long line;
    char *name;     /* from the file, else from the reference table */
} ix_series_obs;

typedef struct ix_series {
    size_t nobs;
    ix_series_obs *obs;
    char *column;   /* the value column read */
    char *source;
} ix_series;

/* Reads the series from a table: code column "kommunekode" (or "kode"),
 * year column "aar" (or "år", "year"), value column `column` (NULL: the first
 * of "socio_indeks", "indeks", "index"). Codes must be among the 98; a
 * (code, year) pair may appear once. */
ix_status ix_series_from_table(const ix_table *t, const char *column, ix_series **out, ix_diag *d);
void ix_series_free(ix_series *s);

/* The latest year with at least one value; 0 when none. */
int ix_series_latest_year(const ix_series *s);

/* One year's list: the observations with a value in that year, ranked
 * (1 = highest, ties share the best rank). idx[i] indexes s->obs, sorted by
 * rank; rank[i] its rank. Both arrays malloc'd for the caller. */
ix_status ix_series_year(const ix_series *s, int year, size_t **idx, long **rank, size_t *n,
                         ix_diag *d);

#endif
