/* Impute (COINr's Impute with impute_by = "column"): a missing value is
 * replaced by the indicator's mean or median over the active units
 * (i_mean, i_median), or over the active units of the same group
 * (i_mean_grp, i_median_grp). As in COINr, a value stays missing when there
 * is nothing to take the statistic of (all missing, or all missing in the
 * group), and a unit with no group label is not imputed by group. */
#include "composite/internal.h"

#include <math.h>

/* Median of the active non-missing values whose group is g (g < 0: all). */
static double median_of(ix_comp_plan *p, const double *c, const int *group, int g)
{
    size_t k = 0;
    for (size_t u = 0; u < p->nu; u++)
        if (p->active[u] && !isnan(c[u]) && (g < 0 || group[u] == g))
            p->scratch[k++] = c[u];
    ix__sort(p->scratch, k);
    return ix__median_sorted(p->scratch, k);
}

static double mean_of(const ix_comp_plan *p, const double *c)
{
    double sum = 0;
    size_t k = 0;
    for (size_t u = 0; u < p->nu; u++)
        if (p->active[u] && !isnan(c[u])) {
            sum += c[u];
            k++;
        }
    return k ? sum / (double)k : NAN;
}

static void fill(ix_comp_plan *p, double *c, size_t u, double v)
{
    if (isnan(v))
        return;
    c[u] = v;
    p->imputed[u]++;
}

static void impute_whole(ix_comp_plan *p, double *c, int median)
{
    double v = NAN;
    int computed = 0;
    for (size_t u = 0; u < p->nu; u++) {
        if (!p->active[u] || !isnan(c[u]))
            continue;
        if (!computed) { /* before any fill, so filled values do not count */
            v = median ? median_of(p, c, NULL, -1) : mean_of(p, c);
            computed = 1;
        }
        fill(p, c, u, v);
    }
}

static void impute_groups(ix_comp_plan *p, double *c, const ix__comp_extra *e, int median)
{
    for (size_t g = 0; g < e->ngroups; g++) {
        p->grp_sum[g] = 0;
        p->grp_n[g] = 0;
    }
    if (!median) {
        for (size_t u = 0; u < p->nu; u++)
            if (p->active[u] && !isnan(c[u]) && e->group[u] >= 0) {
                p->grp_sum[e->group[u]] += c[u];
                p->grp_n[e->group[u]]++;
            }
    } else {
        for (size_t g = 0; g < e->ngroups; g++) /* medians taken before filling */
            p->grp_sum[g] = median_of(p, c, e->group, (int)g);
    }
    for (size_t u = 0; u < p->nu; u++) {
        int g = e->group[u];
        if (!p->active[u] || !isnan(c[u]) || g < 0)
            continue;
        double v = median ? p->grp_sum[g] : (p->grp_n[g] ? p->grp_sum[g] / (double)p->grp_n[g] : NAN);
        fill(p, c, u, v);
    }
}

ix_status ix__comp_impute(ix_comp_plan *p, const ix_comp_step *s, size_t stepno, ix_diag *d)
{
    (void)d;
    int median = s->method == IX_IMPUTE_MEDIAN || s->method == IX_IMPUTE_MEDIAN_GRP;
    int by_group = s->method == IX_IMPUTE_MEAN_GRP || s->method == IX_IMPUTE_MEDIAN_GRP;
    for (size_t i = 0; i < p->ni; i++) {
        double *c = ix__col(p, i);
        if (by_group)
            impute_groups(p, c, &p->m->extras[p->group_extra[stepno]], median);
        else
            impute_whole(p, c, median);
    }
    return IX_OK;
}
