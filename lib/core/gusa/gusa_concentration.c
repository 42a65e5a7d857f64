/* The concentration of cost over families (issue 16's 80/20 question):
 * the Lorenz curve, top shares and Gini of the cost per family, overall,
 * per centre of the action's author and per ladder step. A family is the
 * child's custody holders (gusa_indicators.h); a group with fewer than
 * IX_GUSA_MIN_CASES families with a cost in it is suppressed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_indicators.h"

#define NGROUPS (1 + (IX_GUSA_CENTRE_COUNT) + 7)

struct ix_gusa_concentration {
    ix_gusa_conc_group groups[NGROUPS];
    size_t n;
};

typedef struct {
    long long family;
    const ix_gusa_fact_case *c;
} entry;

static int by_family(const void *a, const void *b)
{
    long long x = ((const entry *)a)->family, y = ((const entry *)b)->family;
    return (x > y) - (x < y);
}

/* The cost of case c in group g: 0 overall, 1..CENTRE_COUNT the centres
 * (index 0 of cost_centre, a family member's own action, is group 1's
 * "familie"), then the seven steps. */
static double group_cost(const ix_gusa_fact_case *c, size_t g)
{
    if (g == 0)
        return c->cost;
    if (g <= IX_GUSA_CENTRE_COUNT)
        return c->cost_centre[g - 1];
    return c->cost_step[g - 1 - IX_GUSA_CENTRE_COUNT];
}

static void name_group(ix_gusa_conc_group *grp, size_t g)
{
    if (g == 0) {
        grp->dimension = "overall";
        grp->key[0] = '\0';
    } else if (g <= IX_GUSA_CENTRE_COUNT) {
        grp->dimension = "centre";
        const char *name = g == 1 ? "familie" : ix_gusa_centre_name((ix_gusa_centre)(g - 1));
        snprintf(grp->key, sizeof grp->key, "%s", name ? name : "?");
    } else {
        grp->dimension = "ladder_step";
        snprintf(grp->key, sizeof grp->key, "%u", (unsigned)(g - 1 - IX_GUSA_CENTRE_COUNT) % 10u);
    }
}

/* Families' costs in group g (entries sorted by family). Overall, every
 * family counts, a family that cost nothing too (the 80/20 question is
 * about all of them); per centre and step the zero ones are left out: a
 * family with no cost in a centre is not that centre's. */
static ix_status one_group(const entry *e, size_t n, size_t g, double *cost,
                           ix_gusa_conc_group *grp, ix_diag *d)
{
    size_t nf = 0;
    for (size_t i = 0; i < n;) {
        double sum = 0;
        size_t j = i;
        for (; j < n && e[j].family == e[i].family; j++)
            sum += group_cost(e[j].c, g);
        if (sum > 0 || g == 0)
            cost[nf++] = sum;
        i = j;
    }
    name_group(grp, g);
    grp->families = nf;
    grp->suppressed = nf < IX_GUSA_MIN_CASES;
    if (grp->suppressed)
        return IX_OK;
    return ix_lorenz_compute(cost, nf, &grp->lorenz, d);
}

ix_status ix_gusa_concentration_compute(const ix_gusa_facts *f, int year, int kommune,
                                        ix_gusa_concentration **out, ix_diag *d)
{
    *out = NULL;
    entry *e = malloc((f->n ? f->n : 1) * sizeof *e);
    double *cost = malloc((f->n ? f->n : 1) * sizeof *cost);
    ix_gusa_concentration *c = calloc(1, sizeof *c);
    if (!e || !cost || !c) {
        free(e);
        free(cost);
        free(c);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t n = 0;
    double total = 0;
    for (size_t i = 0; i < f->n; i++) {
        const ix_gusa_fact_case *k = &f->cases[i];
        if ((kommune && k->kommune != kommune) || (year && !ix_gusa_case_active(k, year)))
            continue;
        e[n].family = k->family;
        e[n++].c = k;
        total += k->cost;
    }
    ix_status st = IX_OK;
    if (total <= 0)
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, kommune ? "kommune" : "year",
                         "no case with a cost for that year and municipality");
    qsort(e, n, sizeof *e, by_family);
    for (size_t g = 0; !st && g < NGROUPS; g++)
        st = one_group(e, n, g, cost, &c->groups[c->n++], d);
    free(e);
    free(cost);
    if (st) {
        free(c);
        return st;
    }
    *out = c;
    return IX_OK;
}

size_t ix_gusa_concentration_groups(const ix_gusa_concentration *c)
{
    return c->n;
}

const ix_gusa_conc_group *ix_gusa_concentration_group(const ix_gusa_concentration *c, size_t i)
{
    return i < c->n ? &c->groups[i] : NULL;
}

void ix_gusa_concentration_free(ix_gusa_concentration *c)
{
    free(c);
}
