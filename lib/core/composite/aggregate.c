/* Aggregate (COINr's Aggregate.coin): level by level up the tree, each
 * aggregate from its children with the IMETA weights (or those set on the
 * plan), with one method for every level or one per level (COINr's f_ag
 * vector). As in COINr's a_amean/a_gmean/a_hmean, a missing child is
 * skipped and the remaining weights are rescaled to sum to 1; when the
 * share of children present is below dat_thresh the aggregate is missing
 * (Aggregate.data.frame: sum(!is.na(x))/length(x) < dat_thresh).
 *
 *  amean  Σwx/Σw
 *  gmean  exp(Σw·ln x/Σw); a value <= 0 is an error, as in COINr
 *  hmean  Σw/Σ(w/x); a zero value is an error, as in COINr
 *  genmean (COINr's a_genmean, exponent p != 0): (Σw·x^p/Σw)^(1/p). As in
 *         COINr, a missing child makes the aggregate missing (a_genmean sums
 *         w·x^p without na.rm), and a value <= 0 with p < 0 is an error.
 *  copeland (COINr's a_copeland): per pair of units taking part, s =
 *         Σ w over children where the first is higher + ½ Σ w where they
 *         are equal (w rescaled to sum to 1; pairs with a missing value
 *         count for neither); the score is Σ over the other units of
 *         +1 (s > ½), −1 (s < ½) or 0, the pair's reverse being 1 − s. Sums
 *         use long double, as R's sum does. dat_thresh does not apply (COINr
 *         ignores it for data-frame aggregators).
 *  mazziotta_pareto  M ∓ S·cv with M the weighted mean, S the weighted
 *         population standard deviation √(Σw(x−M)²/Σw) and cv = S/M: the
 *         weighted Mazziotta–Pareto index (De Muro, Mazziotta & Pareto
 *         2011). COINr has no MPI aggregator. No standardisation inside:
 *         normalise first with zscore and "m_sd": [100, 10]. penalty "neg"
 *         (default, subtract) or "pos" (add). Missing children are skipped.
 *  mpi_compind  Compind's ci_mpi: unweighted, M the plain mean, S² the
 *         sample variance (n − 1), M·(1 − (S/M)²) with penalty "POS"
 *         (Compind's default, subtracting) or M·(1 + (S/M)²) with "NEG"; a
 *         missing child makes it missing (R's mean and var without na.rm).
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
                       double pw, acc *a)
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
        if ((method == IX_COMP_AGG_GMEAN && x <= 0) || (method == IX_COMP_AGG_HMEAN && x == 0) ||
            (method == IX_COMP_AGG_GENMEAN && pw < 0 && x <= 0)) {
            a->bad = x;
            a->bad_child = ch;
            continue;
        }
        if (method == IX_COMP_AGG_GMEAN)
            a->swlog += w * log(x);
        if (method == IX_COMP_AGG_HMEAN)
            a->swinv += w / x;
        if (method == IX_COMP_AGG_GENMEAN)
            a->swlog += w * pow(x, pw);
    }
}

/* Compind's ci_mpi on the children of n for unit u (every child present). */
static double mpi_compind(const ix_comp_plan *p, const ix__comp_node *n, size_t u, int add)
{
    double sum = 0, ss = 0, k = (double)n->nchildren;
    for (size_t c = 0; c < n->nchildren; c++)
        sum += ix__col(p, n->children[c])[u];
    double mean = sum / k;
    for (size_t c = 0; c < n->nchildren; c++) {
        double e = ix__col(p, n->children[c])[u] - mean;
        ss += e * e;
    }
    double cv = sqrt(ss / (k - 1)) / mean;
    return add ? mean * (1 + cv * cv) : mean * (1 - cv * cv);
}

/* COINr's a_copeland over the units taking part (see the top). */
static void copeland(const ix_comp_plan *p, const ix__comp_node *n, double *out)
{
    long double wsum = 0;
    for (size_t c = 0; c < n->nchildren; c++)
        wsum += p->weights[n->children[c]];
    double W = (double)wsum;
    for (size_t u = 0; u < p->nu; u++)
        out[u] = p->active[u] ? 0 : NAN;
    for (size_t a = 0; a < p->nu; a++) {
        if (!p->active[a])
            continue;
        for (size_t b = a + 1; b < p->nu; b++) {
            if (!p->active[b])
                continue;
            long double hi = 0, eq = 0;
            for (size_t c = 0; c < n->nchildren; c++) {
                const double *col = ix__col(p, n->children[c]);
                double w = p->weights[n->children[c]] / W;
                if (col[a] > col[b])
                    hi += w;
                else if (col[a] == col[b])
                    eq += w;
            }
            double s = (double)((long double)(double)hi + (long double)((double)eq / 2));
            double r = 1 - s;
            out[a] += s > 0.5 ? 1 : s < 0.5 ? -1 : 0;
            out[b] += r > 0.5 ? 1 : r < 0.5 ? -1 : 0;
        }
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
                       method == IX_COMP_AGG_GMEAN   ? "geometric"
                       : method == IX_COMP_AGG_HMEAN ? "harmonic"
                                                     : "generalised (p < 0)",
                       n->code,
                       a->bad == 0 ? "the value" : "the negative value", a->bad, m->ucodes[u],
                       m->nodes[a->bad_child].code);
}

ix_status ix__comp_aggregate(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    const ix_comp_model *m = p->m;
    for (size_t j = p->ni; j < p->nn; j++) {
        const ix__comp_node *n = &m->nodes[j];
        double *out = ix__col(p, j);
        int method = ix_comp_step_level_method(s, n->level);
        double pw = ix_comp_step_level_p(s, n->level);
        long double wsum = 0;
        for (size_t c = 0; c < n->nchildren; c++)
            wsum += p->weights[n->children[c]];
        if (n->nchildren > 0 && !(wsum > 0))
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, m->mcols.weight,
                               n->code,
                               "the weights of the %zu children of \"%s\" sum to 0, so it "
                               "cannot be aggregated; give at least one child a positive weight",
                               n->nchildren, n->code);
        if (method == IX_COMP_AGG_COPELAND) {
            copeland(p, n, out);
            continue;
        }
        for (size_t u = 0; u < p->nu; u++) {
            out[u] = NAN;
            if (!p->active[u])
                continue;
            acc a;
            accumulate(p, n, u, method, pw, &a);
            if (!isnan(a.bad))
                return bad_value(p, n, u, &a, method, d);
            if (a.have == 0 || a.sw <= 0)
                continue;
            if (!isnan(s->dat_thresh) && (double)a.have / (double)n->nchildren < s->dat_thresh)
                continue;
            switch ((ix_comp_agg)method) {
            case IX_COMP_AGG_AMEAN: out[u] = a.swx / a.sw; break;
            case IX_COMP_AGG_GMEAN: out[u] = exp(a.swlog / a.sw); break;
            case IX_COMP_AGG_HMEAN: out[u] = a.sw / a.swinv; break;
            case IX_COMP_AGG_MPI: out[u] = mpi(p, n, u, &a, s->penalty_pos); break;
            case IX_COMP_AGG_MPI_COMPIND:
                if (a.have == n->nchildren && a.have > 1)
                    out[u] = mpi_compind(p, n, u, s->penalty_pos);
                break;
            case IX_COMP_AGG_GENMEAN:
                if (a.have == n->nchildren)
                    out[u] = pow(a.swlog / a.sw, 1 / pw);
                break;
            case IX_COMP_AGG_COPELAND: break;
            }
            if (isinf(out[u]) || (isnan(out[u]) && method != IX_COMP_AGG_MPI_COMPIND &&
                                  method != IX_COMP_AGG_GENMEAN))
                return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, m->mcols.code,
                                   n->code,
                                   "aggregating \"%s\" gives a non-finite value for unit "
                                   "\"%s\": the values of its children are too large in "
                                   "magnitude to compute with",
                                   n->code, m->ucodes[u]);
        }
    }
    return IX_OK;
}
