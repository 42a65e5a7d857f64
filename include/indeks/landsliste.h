/* The national list (landslisten) of one year from a published series: every
 * municipality with a value that year, ranked (1 = highest, tied values share
 * the best rank: 1, 2, 2, 4), and optionally its value, rank and change since
 * a comparison year. Computation only; writing is landsliste_write.h.
 * The list owns its rows (ix_landsliste_clear); the rows point into the
 * series, which must outlive the list. */
#ifndef INDEKS_LANDSLISTE_H
#define INDEKS_LANDSLISTE_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/series.h"

/* One row of the list, with its comparison year when one was asked for. */
typedef struct {
    const ix_series_obs *now;
    long rank;
    const ix_series_obs *then; /* NULL: no value in the comparison year (or none asked for) */
    long then_rank;
    double change;             /* now - then, rounded to the decimals the source wrote */
} ix_landsliste_row;

typedef struct {
    int year;   /* the year listed */
    int vs;     /* the comparison year; 0 = none */
    size_t n;
    ix_landsliste_row *rows; /* in rank order */
} ix_landsliste;

/* Builds the list of year (0: the latest year with values) and, when vs is
 * not 0, attaches each municipality's value and rank in vs and the change.
 * Errors: the series has no values; out of memory. On failure *l is empty. */
ix_status ix_landsliste_build(const ix_series *s, int year, int vs, ix_landsliste *l, ix_diag *d);

/* Frees the rows and empties l (NULL-safe). */
void ix_landsliste_clear(ix_landsliste *l);

/* The most decimals the source wrote in the list's values (at most 12), so
 * tables and workbooks show every value the same way. */
int ix_landsliste_decimals(const ix_landsliste *l);

#endif
