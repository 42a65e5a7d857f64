/* Normalise (COINr's Normalise). As COINr's Normalise.numeric does, every
 * indicator is first multiplied by its Direction, so x' = Direction·x and
 * "higher is better" afterwards; then one of:
 *
 *  minmax     (x' − min)/(max − min)·(u − l) + l, range [l, u] (n_minmax).
 *             A zero range is an error (COINr warns and returns NaN).
 *  zscore     (x' − mean)/sd·s + m, sd with n − 1 (n_zscore, m_sd [m, s]);
 *             with one value present the sd is undefined and, as in COINr
 *             (R's sd gives NA), the value becomes missing.
 *  rank       rank of x' among the units, ascending, ties share the lowest
 *             rank ("min"), missing stays missing (n_rank: base::rank with
 *             ties.method = "min", na.last = "keep").
 *  dist2targ  (x' − min x')/(t' − min x') with t' = Target·Direction, i.e.
 *             COINr's get_iMeta_norm_paras flips the target with the data
 *             and calls n_dist2targ with direction 1. Values beyond the
 *             target score above 1 unless cap_max (IMETA column
 *             dist2targ_cap_max, or "cap_max" in the recipe) caps them at 1;
 *             COINr's default is no cap.
 *  goalposts  COINr's n_goalposts via iMeta columns goalpost_lower,
 *             goalpost_upper, goalpost_scale, goalpost_trunc2posts. For
 *             Direction 1: (x − lower)/(upper − lower); for −1 COINr passes
 *             (−upper, −lower) as posts of x' = −x, which is
 *             (upper − x)/(upper − lower). Clamped to [0, 1] when trunc2posts
 *             (default TRUE), then times the scale. We default a missing
 *             goalpost_scale to 1 and a missing goalpost_trunc2posts to
 *             TRUE (COINr requires both columns).
 */
#include "composite/internal.h"

#include <math.h>

static void min_max(const double *c, size_t n, double *mn, double *mx)
{
    *mn = INFINITY;
    *mx = -INFINITY;
    for (size_t u = 0; u < n; u++)
        if (!isnan(c[u])) {
            *mn = c[u] < *mn ? c[u] : *mn;
            *mx = c[u] > *mx ? c[u] : *mx;
        }
}

static ix_status zero_variance(const ix_comp_plan *p, size_t i, const char *method, double v,
                               ix_diag *d)
{
    const ix__comp_node *n = &p->m->nodes[i];
    return ix_diag_set(d, IX_ERR_INPUT, p->m->data_source, 1, n->data_col, n->code,
                       "indicator \"%s\" has zero variance (every value is %.9g), so %s "
                       "normalisation would divide by zero; remove the indicator or choose "
                       "another method",
                       n->code, v, method);
}

static ix_status minmax(ix_comp_plan *p, size_t i, const ix_comp_step *s, ix_diag *d)
{
    double *c = ix__col(p, i), mn, mx;
    min_max(c, p->nu, &mn, &mx);
    if (mn > mx)
        return IX_OK; /* all missing */
    if (mn == mx)
        return zero_variance(p, i, "min-max", mn, d);
    double scale = (s->range[1] - s->range[0]) / (mx - mn);
    for (size_t u = 0; u < p->nu; u++)
        c[u] = (c[u] - mn) * scale + s->range[0];
    return IX_OK;
}

static ix_status zscore(ix_comp_plan *p, size_t i, const ix_comp_step *s, ix_diag *d)
{
    double *c = ix__col(p, i), sum = 0, ss = 0;
    size_t k = 0;
    for (size_t u = 0; u < p->nu; u++)
        if (!isnan(c[u])) {
            sum += c[u];
            k++;
        }
    if (k < 2) { /* one value: R's sd is NA, so COINr's n_zscore gives NA */
        for (size_t u = 0; u < p->nu; u++)
            c[u] = NAN;
        return IX_OK;
    }
    double mean = sum / (double)k;
    for (size_t u = 0; u < p->nu; u++)
        if (!isnan(c[u]))
            ss += (c[u] - mean) * (c[u] - mean);
    double sd = sqrt(ss / (double)(k - 1));
    if (sd == 0)
        return zero_variance(p, i, "z-score", mean, d);
    for (size_t u = 0; u < p->nu; u++)
        c[u] = (c[u] - mean) / sd * s->m_sd[1] + s->m_sd[0];
    return IX_OK;
}

static void rank_min(ix_comp_plan *p, size_t i)
{
    double *c = ix__col(p, i);
    size_t k = 0;
    for (size_t u = 0; u < p->nu; u++)
        if (!isnan(c[u]))
            p->order[k++] = u;
    ix__sort_index(p->order, k, c);
    /* Ranks go to scratch first: c is the sort key until every rank is set. */
    double *r = p->scratch;
    for (size_t pos = 0; pos < k; pos++) {
        size_t u = p->order[pos];
        if (pos > 0 && c[u] == c[p->order[pos - 1]])
            r[u] = r[p->order[pos - 1]];
        else
            r[u] = (double)(pos + 1);
    }
    for (size_t pos = 0; pos < k; pos++)
        c[p->order[pos]] = r[p->order[pos]];
}

static ix_status dist2targ(ix_comp_plan *p, size_t i, const ix_comp_step *s, ix_diag *d)
{
    const ix__comp_node *n = &p->m->nodes[i];
    double *c = ix__col(p, i), mn, mx;
    min_max(c, p->nu, &mn, &mx);
    if (mn > mx)
        return IX_OK;
    double t = n->target * n->direction;
    if (t == mn)
        return ix_diag_set(d, IX_ERR_INPUT, p->m->meta_source, n->line, p->m->mcols.target,
                           "Target", "Target of \"%s\" equals the lowest value (after Direction), "
                           "so distance to target divides by zero", n->code);
    int cap = s->cap_max >= 0 ? s->cap_max : n->cap_max;
    for (size_t u = 0; u < p->nu; u++) {
        c[u] = (c[u] - mn) / (t - mn);
        if (cap && c[u] > 1)
            c[u] = 1;
    }
    return IX_OK;
}

static void goalposts(ix_comp_plan *p, size_t i)
{
    const ix__comp_node *n = &p->m->nodes[i];
    double *c = ix__col(p, i);
    double lo = n->direction == 1 ? n->gp_lower : -n->gp_upper;
    double hi = n->direction == 1 ? n->gp_upper : -n->gp_lower;
    double scale = isnan(n->gp_scale) ? 1 : n->gp_scale;
    for (size_t u = 0; u < p->nu; u++) {
        if (isnan(c[u]))
            continue;
        double y = (c[u] - lo) / (hi - lo);
        if (n->gp_trunc)
            y = y < 0 ? 0 : (y > 1 ? 1 : y);
        c[u] = y * scale;
    }
}

/* Values so large that normalising them overflows (two values of +-1e308:
 * their range is infinite) would come out as missing or infinite and then
 * rank first or tie; refused, naming the indicator and, for an infinite
 * result, the unit. missing: how many were missing before. */
static ix_status not_finite(const ix_comp_plan *p, size_t i, size_t missing, ix_diag *d)
{
    const ix__comp_node *n = &p->m->nodes[i];
    const double *c = ix__col(p, i);
    size_t now = 0;
    for (size_t u = 0; u < p->nu; u++) {
        if (isinf(c[u]))
            return ix_diag_set(d, IX_ERR_INPUT, p->m->data_source, p->m->ulines[u], n->data_col,
                               n->code,
                               "normalising indicator \"%s\" gives an infinite value for unit "
                               "\"%s\": its values are too large in magnitude to compute with",
                               n->code, p->m->ucodes[u]);
        now += isnan(c[u]) != 0;
    }
    /* One value alone has no spread: a z-score of it is missing, as in COINr. */
    if (now > missing && p->nu - missing >= 2)
        return ix_diag_set(d, IX_ERR_INPUT, p->m->data_source, 1, n->data_col, n->code,
                           "normalising indicator \"%s\" gives a non-number for %zu unit(s) "
                           "with a value: its values are too large in magnitude to compute with "
                           "(their range overflows)",
                           n->code, now - missing);
    return IX_OK;
}

ix_status ix__comp_normalise(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    for (size_t i = 0; i < p->ni; i++) {
        double *c = ix__col(p, i);
        double dir = p->m->nodes[i].direction;
        size_t missing = 0;
        for (size_t u = 0; u < p->nu; u++) {
            c[u] *= dir;
            missing += isnan(c[u]) != 0;
        }
        ix_status st = IX_OK;
        switch ((ix_comp_norm)s->method) {
        case IX_NORM_MINMAX: st = minmax(p, i, s, d); break;
        case IX_NORM_ZSCORE: st = zscore(p, i, s, d); break;
        case IX_NORM_RANK: rank_min(p, i); break;
        case IX_NORM_DIST2TARG: st = dist2targ(p, i, s, d); break;
        case IX_NORM_GOALPOSTS: goalposts(p, i); break;
        }
        if (!st)
            st = not_finite(p, i, missing, d);
        if (st)
            return st;
    }
    return IX_OK;
}
