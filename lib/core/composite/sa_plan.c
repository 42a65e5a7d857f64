/* Partial runs of a plan, for the sensitivity analysis (see sa_plan.h).
 *
 * The aggregate here sweeps each aggregate's children column by column
 * (contiguous over units, so the compiler vectorises it) instead of unit by
 * unit. Per unit it performs exactly the operations of aggregate.c in the
 * same order (children in order, missing ones skipped, the same sums and
 * the same final division, exp or reciprocal), so the results are the same
 * bits; a missing child adds an exact zero. When a value is out of range for
 * the method, or for any method other than amean, gmean and hmean at some
 * level, aggregate.c itself runs, so errors read the same. */
#include "composite/sa_plan.h"

#include <math.h>
#include <string.h>

ix_status ix__comp_plan_run_steps(ix_comp_plan *p, size_t from, size_t to, ix_diag *d)
{
    if (to > p->recipe.nsteps || from > to)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "no recipe steps %zu..%zu", from, to);
    if (from == 0) {
        size_t n = p->recipe.nsteps;
        p->recipe.nsteps = to;
        ix_status st = ix_comp_plan_run(p, d);
        p->recipe.nsteps = n;
        return st;
    }
    for (size_t k = from; k < to; k++) {
        const ix_comp_step *s = &p->recipe.steps[k];
        ix_status st = IX_OK;
        switch (s->kind) {
        case IX_STEP_DENOMINATE: st = ix__comp_denominate(p, s, d); break;
        case IX_STEP_IMPUTE: st = ix__comp_impute(p, s, k, d); break;
        case IX_STEP_SCREEN: st = ix__comp_screen(p, s, d); break;
        case IX_STEP_TREAT: st = ix__comp_treat(p, s, d); break;
        case IX_STEP_NORMALISE: st = ix__comp_normalise(p, s, d); break;
        case IX_STEP_AGGREGATE: st = ix__comp_aggregate(p, s, d); break;
        }
        if (st)
            return st;
    }
    return IX_OK;
}

ix_status ix__comp_plan_set_step(ix_comp_plan *p, size_t k, const ix_comp_step *s, ix_diag *d)
{
    if (k >= p->recipe.nsteps || s->kind != p->recipe.steps[k].kind)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                           "step %zu cannot be replaced by a step of another kind", k + 1);
    if (s->kind == IX_STEP_IMPUTE &&
        (s->method == IX_IMPUTE_MEAN_GRP || s->method == IX_IMPUTE_MEDIAN_GRP)) {
        const ix_comp_model *m = p->m;
        long e = -1;
        for (size_t i = 0; i < m->nextras; i++)
            if (m->extras[i].type == IX_COMP_GROUP && strcmp(m->extras[i].code, s->group) == 0)
                e = (long)i;
        if (e < 0 || m->extras[e].ngroups > p->max_groups)
            return ix_diag_set(d, IX_ERR_MODEL, p->recipe.source, s->line, s->column, "impute",
                               "impute by group with \"%s\" cannot be swapped into this plan",
                               s->group);
        p->group_extra[k] = e;
    }
    p->recipe.steps[k] = *s;
    return IX_OK;
}

const ix_comp_step *ix__comp_plan_step(const ix_comp_plan *p, size_t k)
{
    return &p->recipe.steps[k];
}

double *ix__comp_plan_weights(ix_comp_plan *p)
{
    return p->weights;
}

void ix__comp_plan_save(const ix_comp_plan *p, double *x, unsigned char *active)
{
    memcpy(x, p->x, p->ni * p->nu * sizeof *x);
    memcpy(active, p->active, p->nu);
}

void ix__comp_plan_load(ix_comp_plan *p, const double *x, const unsigned char *active)
{
    memcpy(p->x, x, p->ni * p->nu * sizeof *x);
    memcpy(p->active, active, p->nu);
}

/* One aggregate node; returns 1 when a value is out of range for method.
 * colnan[j] says whether column j may hold a NaN; when no child's does, the
 * count and weight sums are the same for every unit (Σw in child order, as
 * aggregate.c adds them), so only Σwx (or Σw·ln x, Σw/x) is swept. */
static int node(ix_comp_plan *p, const ix__comp_node *n, int method, double dat_thresh,
                const double *logx, double *acc, unsigned char *colnan, double *out)
{
    size_t nu = p->nu;
    double *sw = acc, *swx = acc + nu, *sw2 = acc + 2 * nu, *have = acc + 3 * nu;
    int bad = 0, clean = 1;
    double sw_all = 0;
    for (size_t k = 0; k < n->nchildren; k++) {
        clean &= !colnan[n->children[k]];
        sw_all += p->weights[n->children[k]];
    }
    for (size_t u = 0; u < nu; u++)
        sw[u] = swx[u] = sw2[u] = have[u] = 0;
    for (size_t k = 0; k < n->nchildren; k++) {
        size_t ch = n->children[k];
        const double *c = ix__col(p, ch);
        const double *lc = logx && ch < p->ni ? logx + ch * nu : NULL;
        double w = p->weights[ch];
        if (clean && method == IX_COMP_AGG_AMEAN) {
            for (size_t u = 0; u < nu; u++)
                swx[u] += w * c[u];
        } else if (clean && method == IX_COMP_AGG_GMEAN && lc) {
            for (size_t u = 0; u < nu; u++) {
                bad |= c[u] <= 0;
                sw2[u] += w * lc[u];
            }
        } else if (method == IX_COMP_AGG_AMEAN) {
            for (size_t u = 0; u < nu; u++) {
                double x = c[u];
                int m = x == x;
                have[u] += m;
                sw[u] += m ? w : 0.0;
                swx[u] += m ? w * x : 0.0;
            }
        } else if (method == IX_COMP_AGG_GMEAN && lc) {
            for (size_t u = 0; u < nu; u++) {
                double x = c[u];
                int m = x == x;
                bad |= m && x <= 0;
                have[u] += m;
                sw[u] += m ? w : 0.0;
                sw2[u] += m ? w * lc[u] : 0.0;
            }
        } else if (method == IX_COMP_AGG_GMEAN) {
            for (size_t u = 0; u < nu; u++) {
                double x = c[u];
                int m = x == x;
                bad |= m && x <= 0;
                have[u] += m;
                sw[u] += m ? w : 0.0;
                if (m && x > 0)
                    sw2[u] += w * log(x);
            }
        } else {
            for (size_t u = 0; u < nu; u++) {
                double x = c[u];
                int m = x == x;
                bad |= m && x == 0;
                have[u] += m;
                sw[u] += m ? w : 0.0;
                sw2[u] += m && x != 0 ? w / x : 0.0;
            }
        }
    }
    if (bad)
        return 1;
    if (clean) /* the sums the sweeps above skipped: the same for every unit */
        for (size_t u = 0; u < nu; u++) {
            sw[u] = sw_all;
            have[u] = (double)n->nchildren;
        }
    double nch = (double)n->nchildren;
    int anynan = 0;
    for (size_t u = 0; u < nu; u++) {
        double v = NAN;
        if (p->active[u] && have[u] > 0 && sw[u] > 0 &&
            (isnan(dat_thresh) || !(have[u] / nch < dat_thresh)))
            v = method == IX_COMP_AGG_AMEAN   ? swx[u] / sw[u]
                : method == IX_COMP_AGG_GMEAN ? exp(sw2[u] / sw[u])
                                         : sw[u] / sw2[u];
        out[u] = v;
        anynan |= isnan(v);
    }
    colnan[n - p->m->nodes] = (unsigned char)anynan;
    return 0;
}

static int column_wise(int method)
{
    return method == IX_COMP_AGG_AMEAN || method == IX_COMP_AGG_GMEAN || method == IX_COMP_AGG_HMEAN;
}

ix_status ix__comp_sa_aggregate(ix_comp_plan *p, const ix_comp_step *s, const double *logx,
                                double *acc, unsigned char *colnan, ix_diag *d)
{
    for (size_t j = p->ni; j < p->nn; j++)
        if (!column_wise(ix_comp_step_level_method(s, p->m->nodes[j].level)))
            return ix__comp_aggregate(p, s, d);
    for (size_t j = p->ni; j < p->nn; j++) {
        const ix__comp_node *n = &p->m->nodes[j];
        if (node(p, n, ix_comp_step_level_method(s, n->level), s->dat_thresh, logx, acc, colnan,
                 ix__col(p, j)))
            return ix__comp_aggregate(p, s, d);
    }
    return IX_OK;
}

void ix__comp_plan_nan_columns(const ix_comp_plan *p, unsigned char *colnan)
{
    for (size_t j = 0; j < p->nn; j++) {
        const double *c = ix__col(p, j);
        unsigned char any = 0;
        for (size_t u = 0; u < p->nu; u++)
            any |= c[u] != c[u];
        colnan[j] = any;
    }
}
