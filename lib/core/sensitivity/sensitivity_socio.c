/* The socio-economic index as a sensitivity problem: one factor per
 * criterion, its weight drawn uniformly in w·[1 − noise, 1 + noise]
 * (w·(1 + noise·(2u − 1))), then all weights rescaled to their nominal sum,
 * which keeps the index's scale (100 = national average).
 *
 * index_k = Σ_j w_j · t_jk with t_jk = scale · (c_jk / C_j) / (N_k / N), the
 * weight-free term, computed once; a replication is one small
 * matrix-vector product and a ranking. */
#include "sensitivity_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct socio_ctx {
    size_t nu, nc;
    double noise, wsum;
    double *t;          /* nu × nc */
    double *w;          /* nominal, nc */
    long *nominal;
} socio_ctx;

typedef struct socio_ws {
    double *w, *score;
    size_t *order;
} socio_ws;

static void ws_free(void *wsp)
{
    socio_ws *ws = wsp;
    free(ws->w);
    free(ws->score);
    free(ws->order);
    free(ws);
}

static ix_status ws_new(void *ctx, void **out, ix_diag *d)
{
    const socio_ctx *cx = ctx;
    socio_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    *out = ws;
    ws->w = malloc(cx->nc * sizeof *ws->w);
    ws->score = malloc(cx->nu * sizeof *ws->score);
    ws->order = malloc(cx->nu * sizeof *ws->order);
    if (!ws->w || !ws->score || !ws->order)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return IX_OK;
}

static ix_status eval(void *ctx, void *wsp, const double *u, uint32_t *rank, ix_diag *d)
{
    (void)d;
    const socio_ctx *cx = ctx;
    socio_ws *ws = wsp;
    double sum = 0;
    for (size_t j = 0; j < cx->nc; j++) {
        ws->w[j] = cx->w[j] * (1 + cx->noise * (2 * u[j] - 1));
        sum += ws->w[j];
    }
    double f = sum > 0 ? cx->wsum / sum : 0;
    for (size_t j = 0; j < cx->nc; j++)
        ws->w[j] *= f;
    for (size_t k = 0; k < cx->nu; k++) {
        const double *t = cx->t + k * cx->nc;
        double s = 0;
        for (size_t j = 0; j < cx->nc; j++)
            s += ws->w[j] * t[j];
        ws->score[k] = s;
    }
    ix__sa_rank(ws->score, cx->nu, rank, ws->order);
    return IX_OK;
}

ix_status ix_sa_socio(const ix_socio_model *m, const ix_socio_data *data, double noise,
                      const ix_sa_config *cfg, ix_sa_result **out, ix_diag *d)
{
    *out = NULL;
    if (!(noise > 0) || noise > 1)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "weights_noise",
                           "the weights noise must be above 0 and at most 100 %%");
    ix_socio_result *r = NULL;
    ix_status st = ix_socio_compute(m, data, &r, d);
    if (st)
        return st;
    size_t nu = data->nunits, nc = data->ncriteria;
    socio_ctx cx = {nu, nc, noise, 0, NULL, NULL, NULL};
    size_t *levels = calloc(nc, sizeof *levels);
    char(*labels)[64] = calloc(nc, sizeof *labels);
    cx.t = malloc(nu * nc * sizeof *cx.t);
    cx.w = malloc(nc * sizeof *cx.w);
    cx.nominal = malloc(nu * sizeof *cx.nominal);
    if (!levels || !labels || !cx.t || !cx.w || !cx.nominal) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < nc; j++) {
        cx.w[j] = m->criteria[j].weight;
        cx.wsum += cx.w[j];
        snprintf(labels[j], sizeof labels[j], "weight:%s", m->criteria[j].id);
    }
    for (size_t k = 0; k < nu; k++) {
        cx.nominal[k] = r->rank[k];
        for (size_t j = 0; j < nc; j++)
            cx.t[k * nc + j] = m->scale * (data->counts[k * nc + j] / r->national[j]) /
                               (data->population[k] / r->population);
    }
    ix__sa_problem pb = {nu, nc, levels, cx.nominal, (const char(*)[64])labels, &cx,
                         ws_new, ws_free, eval, NULL};
    st = ix__sa_run(&pb, cfg, out, d);
out:
    free(levels);
    free(labels);
    free(cx.t);
    free(cx.w);
    free(cx.nominal);
    ix_socio_result_free(r);
    return st;
}
