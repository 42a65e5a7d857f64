/* Screen (COINr's Screen with unit_screen = "byNA"): a unit whose share of
 * available indicators is below dat_thresh is left out of everything that
 * follows. Availability is counted on the data as the step sees it, as
 * COINr counts it on the data set it is given. */
#include "composite/internal.h"

#include <math.h>

ix_status ix__comp_screen(ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    (void)d;
    for (size_t u = 0; u < p->nu; u++) {
        if (!p->active[u])
            continue;
        size_t have = 0;
        for (size_t i = 0; i < p->ni; i++)
            have += !isnan(ix__col(p, i)[u]);
        if ((double)have / (double)p->ni < s->dat_thresh) {
            p->active[u] = 0;
            p->screened[u] = 1;
            for (size_t j = 0; j < p->nn; j++)
                ix__col(p, j)[u] = NAN;
        }
    }
    return IX_OK;
}
