/* "Lær af" (learn.h): the peers by burden, the better ones per domain and
 * the recommendations they meet and the municipality does not. */
#include "indeks/learn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_indicators.h"

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double value_of(const ix_learn_indicator *ind, size_t u)
{
    return ind->value ? ind->value[u] : NAN;
}

/* The median of the finite values of the indicator (NaN when none). */
static double median(const ix_learn_indicator *ind, size_t n)
{
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w)
        return NAN;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = value_of(ind, i);
        if (isfinite(v))
            w[k++] = v;
    }
    qsort(w, k, sizeof *w, cmp_double);
    double m = k == 0 ? NAN : k % 2 ? w[k / 2] : (w[k / 2 - 1] + w[k / 2]) / 2;
    free(w);
    return m;
}

/* The value to reach: the Target, else the median of all units. */
static double bar_of(const ix_learn_indicator *ind, size_t nunits)
{
    return isfinite(ind->target) ? ind->target : median(ind, nunits);
}

static int reaches(const ix_learn_indicator *ind, size_t unit, double bar)
{
    double v = value_of(ind, unit);
    if (!isfinite(v) || !isfinite(bar))
        return 0;
    return ind->direction < 0 ? v <= bar : v >= bar;
}

int ix_learn_meets(const ix_learn_indicator *ind, size_t nunits, size_t unit)
{
    return reaches(ind, unit, bar_of(ind, nunits));
}

void ix_learn_free(ix_learn *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->ndomains; i++)
        free(l->domains[i].recs);
    free(l->domains);
    memset(l, 0, sizeof *l);
}

static long unit_of(const ix_learn_in *in, int kommune)
{
    for (size_t u = 0; u < in->nunits; u++)
        if (in->kommune[u] == kommune)
            return (long)u;
    return -1;
}

/* The peers: ix_gusa_peers over the units with a burden (y unused). */
static ix_status find_peers(const ix_learn_in *in, int kommune, ix_learn *out, ix_diag *d)
{
    ix_gusa_scatter_point *p = malloc((in->nunits ? in->nunits : 1) * sizeof *p);
    if (!p)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    size_t n = 0;
    for (size_t u = 0; u < in->nunits; u++)
        if (in->kommune[u] && isfinite(in->burden[u]))
            p[n++] = (ix_gusa_scatter_point){in->kommune[u], in->burden[u], 0};
    int codes[IX_LEARN_PEERS];
    size_t k = ix_gusa_peers(p, n, kommune, codes);
    free(p);
    for (size_t i = 0; i < k; i++)
        out->peers[out->npeers++] = (size_t)unit_of(in, codes[i]);
    return IX_OK;
}

static void better_peers(const ix_learn *l, const ix_learn_domain *dom, ix_learn_domain_out *o)
{
    o->own = dom->score[l->unit];
    for (size_t i = 0; i < l->npeers && isfinite(o->own); i++) {
        size_t u = l->peers[i];
        if (!(isfinite(dom->score[u]) && dom->score[u] > o->own))
            continue;
        size_t at = o->nbetter++; /* insert by score, best first; ties keep peer order */
        while (at > 0 && dom->score[o->better[at - 1]] < dom->score[u]) {
            o->better[at] = o->better[at - 1];
            at--;
        }
        o->better[at] = u;
    }
}

static int domain_recs(const ix_learn_in *in, const ix_learn *l, const ix_learn_domain *dom,
                       ix_learn_domain_out *o)
{
    size_t ni = dom->nindicators;
    o->recs = calloc(o->nbetter * ni + 1, 1);
    if (!o->recs)
        return -1;
    for (size_t j = 0; j < ni; j++) {
        const ix_learn_indicator *ind = &dom->indicators[j];
        if (!ind->recommendation || !ind->recommendation[0])
            continue;
        double bar = bar_of(ind, in->nunits); /* once per indicator: a median sorts */
        if (reaches(ind, l->unit, bar))
            continue;
        for (size_t i = 0; i < o->nbetter; i++)
            o->recs[i * ni + j] = (unsigned char)reaches(ind, o->better[i], bar);
    }
    return 0;
}

ix_status ix_learn_compute(const ix_learn_in *in, int kommune, ix_learn *out, ix_diag *d)
{
    memset(out, 0, sizeof *out);
    long u = unit_of(in, kommune);
    if (u < 0 || !isfinite(in->burden[u]))
        return ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, NULL,
                           "municipality %d has no socio-economic index or no score", kommune);
    out->unit = (size_t)u;
    ix_status st = find_peers(in, kommune, out, d);
    if (!st && !(out->domains = calloc(in->ndomains + 1, sizeof *out->domains)))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; !st && k < in->ndomains; k++, out->ndomains++) {
        better_peers(out, &in->domains[k], &out->domains[k]);
        if (domain_recs(in, out, &in->domains[k], &out->domains[k]) != 0)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (st)
        ix_learn_free(out);
    return st;
}
