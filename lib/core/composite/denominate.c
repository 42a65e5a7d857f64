/* Denominate (COINr's Denominate): each indicator with a Denominator in
 * IMETA is divided by that IDATA column, unit by unit. A missing
 * denominator gives a missing value, as NA does in R. A zero denominator is
 * an error here, where R would silently produce Inf and spoil every later
 * min/max. */
#include "composite/internal.h"

#include <math.h>

ix_status ix__comp_denominate(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    (void)s;
    const ix_comp_model *m = p->m;
    for (size_t i = 0; i < p->ni; i++) {
        const ix__comp_node *n = &m->nodes[i];
        if (n->denom < 0)
            continue;
        const ix__comp_extra *e = &m->extras[n->denom];
        double *c = ix__col(p, i);
        for (size_t u = 0; u < p->nu; u++) {
            if (!p->active[u] || isnan(c[u]))
                continue;
            double den = e->values[u];
            if (den == 0)
                return ix_diag_set(d, IX_ERR_INPUT, m->data_source, m->ulines[u], e->data_col,
                                   e->code, "denominator is 0 for unit \"%s\" (indicator \"%s\")",
                                   m->ucodes[u], n->code);
            c[u] = c[u] / den; /* NaN denominator -> NaN */
        }
    }
    return IX_OK;
}
