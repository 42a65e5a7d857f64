/* The grant to particularly disadvantaged municipalities (udligningsloven
 * § 16): a transparent scorecard and a SIMULATED allocation.
 *
 * The law has no formula: the ministry divides a pool after applications on
 * an overall judgement under three headings. Here each key figure the user
 * names is standardised over the municipalities (z = (v - mean) / sd, sign
 * turned so that + means more challenged), a heading's score is the weighted
 * mean of its figures, the total score the weighted mean of all, and the pool
 * goes to the grant_count highest scores by the user's rule: equal shares,
 * by population, or by score above the first municipality left out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/rank.h"
#include "indeks/udligning.h"

void ix_udl_grant_free(ix_udl_grant *g)
{
    if (!g)
        return;
    free(g->figure);
    free(g->z);
    free(g->heading);
    free(g->score);
    free(g->rank);
    free(g->order);
    free(g->grant);
    free(g);
}

static ix_udl_grant *grant_new(size_t n, size_t nf)
{
    ix_udl_grant *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    size_t cells = n * nf > 0 ? n * nf : 1, one = n ? n : 1;
    g->n = n;
    g->nfigures = nf;
    g->figure = calloc(cells, sizeof *g->figure);
    g->z = calloc(cells, sizeof *g->z);
    g->heading = calloc(one * IX_UDL_NHEADINGS, sizeof *g->heading);
    g->score = calloc(one, sizeof *g->score);
    g->rank = calloc(one, sizeof *g->rank);
    g->order = calloc(one, sizeof *g->order);
    g->grant = calloc(one, sizeof *g->grant);
    if (!g->figure || !g->z || !g->heading || !g->score || !g->rank || !g->order || !g->grant) {
        ix_udl_grant_free(g);
        return NULL;
    }
    return g;
}

/* The value of figure f for unit k; e is the figure's data column index. */
static double figure_value(const ix_udl_figure *f, size_t e, const ix_udl_data *data,
                           const ix_udl_result *r, size_t k)
{
    double nk = data->population[k];
    if (f->column) {
        double v = data->extra[k * data->nextra + e];
        return f->per_inhabitant ? v / nk : v;
    }
    if (strcmp(f->id, "socio_indeks") == 0)
        return data->index[k];
    if (strcmp(f->id, "udgiftsbehov_pr_indb") == 0)
        return r->need[k] / nk;
    if (strcmp(f->id, "beskatningsgrundlag_pr_indb") == 0)
        return data->tax_base[k] / nk;
    return r->net[k] / nk; /* "netto_pr_indb" (the parser allows no other) */
}

static void standardise(ix_udl_grant *g, size_t i, int high_is_worse)
{
    const size_t n = g->n, nf = g->nfigures;
    double mean = 0, var = 0;
    for (size_t k = 0; k < n; k++)
        mean += g->figure[k * nf + i] / (double)n;
    for (size_t k = 0; k < n; k++) {
        double dev = g->figure[k * nf + i] - mean;
        var += dev * dev / (double)n;
    }
    double sd = sqrt(var);
    for (size_t k = 0; k < n; k++) {
        double z = sd > 0 ? (g->figure[k * nf + i] - mean) / sd : 0;
        g->z[k * nf + i] = high_is_worse ? z : -z;
    }
}

/* Weighted mean of the figures in heading h (h < 0: all figures). */
static double weighted(const ix_udl_params *p, const ix_udl_grant *g, size_t k, int h)
{
    double sum = 0, wsum = 0;
    for (size_t i = 0; i < p->nfigures; i++) {
        if (h >= 0 && (int)p->figures[i].heading != h)
            continue;
        sum += p->figures[i].weight.value * g->z[k * g->nfigures + i];
        wsum += p->figures[i].weight.value;
    }
    return wsum > 0 ? sum / wsum : NAN;
}

static void allocate(const ix_udl_params *p, const ix_udl_data *data, ix_udl_grant *g)
{
    const size_t n = g->n;
    size_t count = p->grant_count > 0 ? (size_t)p->grant_count : 0;
    if (count > n)
        count = n;
    if (count == 0)
        return;
    double cut = g->score[g->order[n - 1]];
    if (count < n)
        cut = g->score[g->order[count]];
    double total = 0;
    for (size_t pos = 0; pos < count; pos++) {
        size_t k = g->order[pos];
        double w = p->grant_rule == IX_UDL_SHARE_POPULATION ? data->population[k]
                   : p->grant_rule == IX_UDL_SHARE_SCORE    ? g->score[k] - cut
                                                            : 1;
        g->grant[k] = w;
        total += w;
    }
    for (size_t pos = 0; pos < count; pos++) {
        size_t k = g->order[pos];
        g->grant[k] = total > 0 ? p->p[IX_UDL_GRANT_POOL].value * g->grant[k] / total
                                : p->p[IX_UDL_GRANT_POOL].value / (double)count;
    }
}

ix_status ix_udl_grant_compute(const ix_udl_params *p, const ix_udl_data *data,
                               const ix_udl_result *r, ix_udl_grant **out, ix_diag *d)
{
    if (!p->has_grant || p->nfigures == 0)
        return ix_diag_set(d, IX_ERR_MODEL, p->file, 0, 0, "tilskud_16",
                           "the parameters have no \"tilskud_16\" section with key figures");
    ix_udl_grant *g = grant_new(data->n, p->nfigures);
    if (!g)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0, e = 0; i < p->nfigures; i++) {
        const ix_udl_figure *f = &p->figures[i];
        for (size_t k = 0; k < data->n; k++)
            g->figure[k * p->nfigures + i] = figure_value(f, e, data, r, k);
        e += f->column != NULL;
        standardise(g, i, f->high_is_worse);
    }
    for (size_t k = 0; k < data->n; k++) {
        for (int h = 0; h < IX_UDL_NHEADINGS; h++)
            g->heading[k * IX_UDL_NHEADINGS + (size_t)h] = weighted(p, g, k, h);
        g->score[k] = weighted(p, g, k, -1);
    }
    ix_status st = ix_rank_desc(g->score, data->n, g->rank, g->order, d);
    if (st) {
        ix_udl_grant_free(g);
        return st;
    }
    allocate(p, data, g);
    *out = g;
    return IX_OK;
}
