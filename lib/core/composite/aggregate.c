/* Aggregate (COINr's Aggregate.coin): level by level up the tree, each
 * aggregate from its children with the IMETA weights (or those set on the
 * plan). As in COINr's a_amean/a_gmean/a_hmean, a missing child is skipped
 * and the remaining weights are rescaled to sum to 1; when the share of
 * children present is below dat_thresh the aggregate is missing
 * (Aggregate.data.frame: sum(!is.na(x))/length(x) < dat_thresh).
 *
 *  amean  Σwx/Σw
 *  gmean  exp(Σw·ln x/Σw); a value <= 0 is an error, as in COINr
 *  hmean  Σw/Σ(w/x); a zero value is an error, as in COINr
 *  mazziotta_pareto  M ∓ S·cv with M the weighted mean, S the weighted
 *         population standard deviation √(Σw(x−M)²/Σw) and cv = S/M: the
 *         (weighted) Mazziotta–Pareto index of De Muro, Mazziotta & Pareto
 *         (2011) and Mazziotta & Pareto (2022). Like COINr's a_mpi it does
 *         not standardise: normalise first with zscore and "m_sd": [100, 10]
 *         (the classic MPI standardisation). penalty "neg" (default,
 *         subtract: unbalance lowers a "higher is better" index) or "pos".
 * A unit whose available weights sum to 0 gets a missing aggregate. */
#include "composite/internal.h"

#include <math.h>

typedef struct {
    double sw, swx, swlog, swinv;
    size_t have;
    double bad;      /* offending value, NaN if none */
    size_t bad_child;
} acc;

static void accumulate(const ix_comp_plan *p, const ix__comp_node *n, size_t u, int method,
                       acc *a)
{
    a->sw = a->swx = a->swlog = a->swinv = 0;
    a->have = 0;
    a->bad = NAN;
    a->bad_child = 0;
    for (size_t k = 0; k < n->nchildren; k++) {
        size_t ch = n->children[k];
        double x = ix__col(p, ch)[u], w = p->weights[ch];
        if (isnan(x))
            continue;
        a->have++;
        a->sw += w;
        a->swx += w * x;
        if ((method == IX_AGG_GMEAN && x <= 0) || (method == IX_AGG_HMEAN && x == 0)) {
            a->bad = x;
            a->bad_child = ch;
            continue;
        }
        if (method == IX_AGG_GMEAN)
            a->swlog += w * log(x);
        if (method == IX_AGG_HMEAN)
            a->swinv += w / x;
    }
}

static double mpi(const ix_comp_plan *p, const ix__comp_node *n, size_t u, const acc *a, int pos)
{
    double mean = a->swx / a->sw, ss = 0;
    for (size_t k = 0; k < n->nchildren; k++) {
        size_t ch = n->children[k];
        double x = ix__col(p, ch)[u];
        if (!isnan(x))
            ss += p->weights[ch] * (x - mean) * (x - mean);
    }
    double sd = sqrt(ss / a->sw);
    if (sd == 0)
        return mean;
    double pen = sd * (sd / mean);
    return pos ? mean + pen : mean - pen;
}

static ix_status bad_value(const ix_comp_plan *p, const ix__comp_node *n, size_t u, const acc *a,
                           int method, ix_diag *d)
{
    const ix_comp_model *m = p->m;
    return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, m->mcols.code, n->code,
                       "%s mean of \"%s\" meets %s %.9g (unit \"%s\", child \"%s\"); it needs "
                       "positive values: normalise to a positive range, e.g. "
                       "{\"normalise\": {\"method\": \"minmax\", \"range\": [1, 100]}}",
                       method == IX_AGG_GMEAN ? "geometric" : "harmonic", n->code,
                       a->bad == 0 ? "the value" : "the negative value", a->bad, m->ucodes[u],
                       m->nodes[a->bad_child].code);
}

ix_status ix__comp_aggregate(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    const ix_comp_model *m = p->m;
    for (size_t j = p->ni; j < p->nn; j++) {
        const ix__comp_node *n = &m->nodes[j];
        double *out = ix__col(p, j);
        for (size_t u = 0; u < p->nu; u++) {
            out[u] = NAN;
            if (!p->active[u])
                continue;
            acc a;
            accumulate(p, n, u, s->method, &a);
            if (!isnan(a.bad))
                return bad_value(p, n, u, &a, s->method, d);
            if (a.have == 0 || a.sw <= 0)
                continue;
            if (!isnan(s->dat_thresh) && (double)a.have / (double)n->nchildren < s->dat_thresh)
                continue;
            switch ((ix_comp_agg)s->method) {
            case IX_AGG_AMEAN: out[u] = a.swx / a.sw; break;
            case IX_AGG_GMEAN: out[u] = exp(a.swlog / a.sw); break;
            case IX_AGG_HMEAN: out[u] = a.sw / a.swinv; break;
            case IX_AGG_MPI: out[u] = mpi(p, n, u, &a, s->penalty_pos); break;
            }
        }
    }
    return IX_OK;
}
