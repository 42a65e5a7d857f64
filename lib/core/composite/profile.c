/* A unit's placings on its indicators (see ix_comp_unit_placings). One
 * definition of "weak", shared by the command's profile and the report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/composite.h"
#include "indeks/rank.h"

/* The N of a Unit "pr. 1.000 18-64-årige" / "per 1,000 inhabitants" (1000;
 * the thousands mark '.' or ','), or 1 when the Unit names no such base. */
static double unit_base(const char *unit)
{
    for (const char *p = unit; p && *p; p++) {
        const char *q = NULL;
        if (strncmp(p, "pr. ", 4) == 0 || strncmp(p, "per ", 4) == 0)
            q = p + 4;
        if (!q || *q < '0' || *q > '9')
            continue;
        double n = 0;
        for (; (*q >= '0' && *q <= '9') || ((*q == '.' || *q == ',') && q[1] >= '0' && q[1] <= '9'); q++)
            if (*q >= '0' && *q <= '9')
                n = n * 10 + (*q - '0');
        return n > 0 ? n : 1;
    }
    return 1;
}

double ix_comp_unit_value(const ix_comp_model *m, size_t i, size_t u)
{
    double raw = ix_comp_node_raw(m, i)[u];
    const double *den = ix_comp_node_denominator(m, i);
    if (!den)
        return raw;
    return den[u] != 0 ? raw / den[u] * unit_base(ix_comp_node_unit(m, i)) : NAN;
}

static int by_share(const void *a, const void *b)
{
    const ix_comp_placing *x = a, *y = b;
    double sx = (double)x->rank / (double)x->n, sy = (double)y->rank / (double)y->n;
    if (sx != sy)
        return sx < sy ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

ix_status ix_comp_unit_placings(const ix_comp_model *m, const ix_comp_plan *p, size_t u,
                                ix_comp_placing *pl, size_t *npl, ix_diag *d)
{
    size_t nu = ix_comp_model_nunits(m), k = 0;
    long *rk = malloc((nu ? nu : 1) * sizeof *rk);
    if (!rk)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = IX_OK;
    for (size_t i = 0; !st && i < ix_comp_model_nindicators(m); i++) {
        const double *sc = ix_comp_plan_scores(p, i);
        if (isnan(sc[u]))
            continue;
        st = ix_rank_desc(sc, nu, rk, NULL, d);
        size_t n = 0;
        for (size_t w = 0; w < nu; w++)
            n += !isnan(sc[w]);
        double tgt = ix_comp_node_target(m, i), raw = ix_comp_unit_value(m, i, u);
        int dir = ix_comp_node_direction(m, i);
        pl[k] = (ix_comp_placing){i, rk[u], n, 0, 0, raw, tgt, dir, 0};
        pl[k].below_target = !isnan(tgt) && !isnan(raw) && dir * raw < dir * tgt;
        if (pl[k].below_target)
            pl[k].off_target = dir > 0 ? -1 : 1; /* under a floor, over a ceiling */
        pl[k].weak = (double)rk[u] > 0.8 * (double)n || pl[k].below_target;
        k++;
    }
    free(rk);
    if (st)
        return st;
    qsort(pl, k, sizeof *pl, by_share);
    *npl = k;
    return IX_OK;
}
