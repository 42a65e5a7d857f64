/* A unit's placings on its indicators (see ix_comp_unit_placings). One
 * definition of "weak", shared by the command's profile and the report. */
#include <math.h>
#include <stdlib.h>

#include "indeks/composite.h"
#include "indeks/rank.h"

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
        double tgt = ix_comp_node_target(m, i), raw = ix_comp_node_raw(m, i)[u];
        int dir = ix_comp_node_direction(m, i);
        pl[k] = (ix_comp_placing){i, rk[u], n, 0, 0};
        pl[k].below_target = !isnan(tgt) && !isnan(raw) && dir * raw < dir * tgt;
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
