/* The national list of one year from a series, with the comparison year
 * (see indeks/landsliste.h). */
#include "indeks/landsliste.h"

#include <math.h>
#include <stdlib.h>

/* The change, rounded to the decimals the source wrote: 1.62 - 1.55 is 0.07,
 * not 0.07000000000000006. */
static double rounded_change(const ix_series_obs *a, const ix_series_obs *b)
{
    int dec = a->decimals > b->decimals ? a->decimals : b->decimals;
    double f = pow(10.0, dec), diff = a->value - b->value;
    return dec <= 12 ? round(diff * f) / f : diff;
}

static ix_status attach_vs(const ix_series *s, ix_landsliste *l, ix_diag *d)
{
    size_t *idx = NULL, n = 0;
    long *rank = NULL;
    ix_status st = ix_series_year(s, l->vs, &idx, &rank, &n, d);
    for (size_t i = 0; !st && i < l->n; i++)
        for (size_t k = 0; k < n; k++)
            if (s->obs[idx[k]].code == l->rows[i].now->code) {
                l->rows[i].then = &s->obs[idx[k]];
                l->rows[i].then_rank = rank[k];
                l->rows[i].change = rounded_change(l->rows[i].now, l->rows[i].then);
            }
    free(idx);
    free(rank);
    return st;
}

ix_status ix_landsliste_build(const ix_series *s, int year, int vs, ix_landsliste *l, ix_diag *d)
{
    l->rows = NULL;
    l->n = 0;
    l->year = year ? year : ix_series_latest_year(s);
    l->vs = vs;
    if (l->year == 0)
        return ix_diag_set(d, IX_ERR_INPUT, s->source, 0, 0, s->column, "the series has no values");
    size_t *idx = NULL;
    long *rank = NULL;
    ix_status st = ix_series_year(s, l->year, &idx, &rank, &l->n, d);
    if (!st && !(l->rows = calloc(l->n ? l->n : 1, sizeof *l->rows)))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; !st && i < l->n; i++) {
        l->rows[i].now = &s->obs[idx[i]];
        l->rows[i].rank = rank[i];
    }
    free(idx);
    free(rank);
    if (!st && l->vs)
        st = attach_vs(s, l, d);
    if (st)
        ix_landsliste_clear(l);
    return st;
}

void ix_landsliste_clear(ix_landsliste *l)
{
    if (!l)
        return;
    free(l->rows);
    l->rows = NULL;
    l->n = 0;
}

int ix_landsliste_decimals(const ix_landsliste *l)
{
    int dec = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->rows[i].now->decimals > dec)
            dec = l->rows[i].now->decimals;
        if (l->rows[i].then && l->rows[i].then->decimals > dec)
            dec = l->rows[i].then->decimals;
    }
    return dec > 12 ? 12 : dec;
}
