/* What-if and scenario comparisons of two equalisation runs (see
 * udligning_compare.h): the rows, computed on memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "indeks/udligning_compare.h"

ix_status ix_udl_find_unit(const ix_udl_data *data, int code, size_t *k, ix_diag *d)
{
    for (size_t i = 0; i < data->n; i++)
        if (data->codes[i] == code) {
            *k = i;
            return IX_OK;
        }
    return ix_diag_set(d, IX_ERR_NOTFOUND, data->source, 0, 0, "code",
                       "municipality %03d is not in the data", code);
}

void ix_udl_whatif_free(ix_udl_whatif *w)
{
    if (!w)
        return;
    free(w->rows);
    w->rows = NULL;
    w->n = 0;
}

static void add_row(ix_udl_whatif *w, const char *post, const char *id, double now, double changed)
{
    ix_udl_whatif_row *r = &w->rows[w->n++];
    snprintf(r->post, sizeof r->post, "%s%s", post, id ? id : "");
    r->now = now;
    r->changed = changed;
}

ix_status ix_udl_whatif_rows(const ix_socio_model *m, const ix_udl_params *p,
                             const ix_udl_data *d0, const ix_udl_result *r0, size_t k0,
                             const ix_udl_data *d1, const ix_udl_result *r1, size_t k1,
                             ix_udl_whatif *out, ix_diag *d)
{
    const size_t nc = m->ncriteria;
    out->n = 0;
    out->rows = NULL;
    /* 7 rows, 3 per criterion; 6 marginal values per criterion. */
    double *v = nc < SIZE_MAX / (6 * sizeof *v) ? calloc(nc ? nc : 1, 6 * sizeof *v) : NULL;
    ix_udl_whatif_row *rows = NULL;
    if (nc < (SIZE_MAX / sizeof *rows - 7) / 3)
        rows = calloc(7 + 3 * nc, sizeof *rows);
    if (!v || !rows) {
        free(v);
        free(rows);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL,
                           "out of memory for the what-if of %zu criteria", nc);
    }
    out->rows = rows;
    double n0 = d0->population[k0], n1 = d1->population[k1];
    add_row(out, "indeks", NULL, d0->index[k0], d1->index[k1]);
    add_row(out, "udgiftsbehov", NULL, r0->need[k0], r1->need[k1]);
    add_row(out, "udgiftsbehov_pr_indb", NULL, r0->need[k0] / n0, r1->need[k1] / n1);
    add_row(out, "udgiftsudligning", NULL, r0->need_eq[k0], r1->need_eq[k1]);
    add_row(out, "skatteudligning", NULL, r0->tax_eq[k0], r1->tax_eq[k1]);
    add_row(out, "netto", NULL, r0->net[k0], r1->net[k1]);
    add_row(out, "netto_pr_indb", NULL, r0->net[k0] / n0, r1->net[k1] / n1);
    ix_udl_marginal(p, m, d0, r0, k0, v, v + nc, v + 2 * nc);
    ix_udl_marginal(p, m, d1, r1, k1, v + 3 * nc, v + 4 * nc, v + 5 * nc);
    static const char *const names[3] = {"marginal_indeks_", "marginal_udgiftsbehov_",
                                         "marginal_netto_"};
    for (size_t q = 0; q < 3; q++)
        for (size_t j = 0; j < nc; j++)
            add_row(out, names[q], m->criteria[j].id, v[q * nc + j], v[(3 + q) * nc + j]);
    free(v);
    return IX_OK;
}

static int by_gain(const void *a, const void *b)
{
    const ix_udl_scenario_row *x = a, *y = b;
    if (x->diff_pi != y->diff_pi)
        return x->diff_pi < y->diff_pi ? 1 : -1;
    return (x->code > y->code) - (x->code < y->code);
}

ix_status ix_udl_scenario_rows(const ix_udl_data *b, const ix_udl_result *rb,
                               const ix_udl_data *a, const ix_udl_result *ra,
                               ix_udl_scenario_row **out, ix_diag *d)
{
    if (a->n != b->n)
        return ix_diag_set(d, IX_ERR_INPUT, a->source, 0, 0, NULL,
                           "the alternative has %zu municipalities, the base %zu: compare the same set",
                           a->n, b->n);
    ix_udl_scenario_row *rows = calloc(b->n ? b->n : 1, sizeof *rows);
    if (!rows)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < b->n; k++) {
        size_t m = 0;
        while (m < a->n && a->codes[m] != b->codes[k])
            m++;
        if (m == a->n) {
            free(rows);
            return ix_diag_set(d, IX_ERR_INPUT, a->source, 0, 0, "kommunekode",
                               "municipality %03d is in the base but not in the alternative",
                               b->codes[k]);
        }
        ix_udl_scenario_row *r = &rows[k];
        r->code = b->codes[k];
        r->name = b->names[k] ? b->names[k] : "";
        r->base = rb->net[k];
        r->alt = ra->net[m];
        r->diff = r->alt - r->base;
        r->diff_pi = ra->net[m] / a->population[m] - rb->net[k] / b->population[k];
        r->need_effect = ra->need_eq[m] - rb->need_eq[k];
        r->tax_effect = ra->tax_eq[m] - rb->tax_eq[k];
    }
    qsort(rows, b->n, sizeof *rows, by_gain);
    *out = rows;
    return IX_OK;
}
