/* ix_edition_diff (store.h): two stored editions into the inputs of the
 * comparison in lib/core/editions/ (units of the display year, the IMETA
 * each composite edition stored). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/csv.h"
#include "indeks/store.h"

/* The units of e's display year; *out NULL when out of memory. */
static ix_ediff_unit *units_of(const ix_edition *e, size_t *n)
{
    int year = ix_edition_display_year(e);
    ix_ediff_unit *u = calloc(e->nrows ? e->nrows : 1, sizeof *u);
    *n = 0;
    for (size_t i = 0; u && i < e->nrows; i++) {
        const ix_result_row *r = &e->rows[i];
        if (e->info.kind == IX_EDITION_SERIES && r->year != year)
            continue;
        u[(*n)++] = (ix_ediff_unit){r->code, r->name ? r->name : "", r->rank, r->value};
    }
    return u;
}

static ix_status meta_of(const ix_edition *e, ix_table **t, ix_diag *d)
{
    *t = NULL;
    const char *text = ix_edition_attr_get(e, "imeta");
    if (!text)
        return IX_OK;
    ix_status st = ix_csv_parse(text, strlen(text), "imeta", t, d);
    if (st)
        snprintf(d->file, sizeof d->file, "edition %ld (its stored IMETA)", e->info.id);
    return st;
}

ix_status ix_edition_diff(const ix_edition *a, const ix_edition *b, const ix_ediff_trace *removed,
                          size_t nremoved, ix_ediff *out, ix_diag *d)
{
    memset(out, 0, sizeof *out);
    if (a->info.kind != b->info.kind)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                           "edition %ld is %s and edition %ld is %s: compare two editions of the "
                           "same kind",
                           a->info.id, ix_edition_kind_name(a->info.kind), b->info.id,
                           ix_edition_kind_name(b->info.kind));
    size_t na = 0, nb = 0;
    ix_ediff_unit *ua = units_of(a, &na), *ub = units_of(b, &nb);
    ix_status st = ua && ub ? ix_ediff_ranks(ua, na, ub, nb, out, d)
                            : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    free(ua);
    free(ub);
    ix_table *ma = NULL, *mb = NULL;
    if (!st)
        st = meta_of(a, &ma, d);
    if (!st)
        st = meta_of(b, &mb, d);
    if (!st && ma && mb)
        st = ix_ediff_indicators(ma, mb, removed, nremoved, out, d);
    ix_table_free(ma);
    ix_table_free(mb);
    if (st)
        ix_ediff_free(out);
    return st;
}
