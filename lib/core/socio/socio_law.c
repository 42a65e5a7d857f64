/* The criteria weights the law fixes, to check a model that says it is the
 * law's ("status": "complete" with "nr" on its criteria).
 *
 * From grant year 2021: LBK nr 63 af 19/01/2021 § 5 stk. 2, nr. 1-18.
 * Grant years 2013-2020: LBK nr 1084 af 28/10/2019 § 5 stk. 2, nr. 1-14
 * (the same list as LBK 798/2013; nr. 12 is the population decline).
 * Both read in ../shared/data/law/udligning_law_extracts.txt. */
#include <math.h>
#include <string.h>

#include "indeks/socio.h"

static const double law_2021[18] = {0.19, 0.13, 0.06, 0.02, 0.12, 0.09, 0.03, 0.05, 0.04,
                                    0.06, 0.04, 0.02, 0.03, 0.02, 0.02, 0.05, 0.01, 0.02};
static const double law_2013[14] = {0.19, 0.16, 0.05,  0.05, 0.15, 0.08, 0.025,
                                    0.08, 0.05, 0.03, 0.05, 0.02, 0.04, 0.025};

double ix_socio_law_weight(int year, int nr, int *ncriteria)
{
    const double *w = NULL;
    int n = 0;
    if (year >= 2021) {
        w = law_2021;
        n = 18;
    } else if (year >= 2013) {
        w = law_2013;
        n = 14;
    }
    if (ncriteria)
        *ncriteria = n;
    return w && nr >= 1 && nr <= n ? w[nr - 1] : -1;
}

static int uses_nr(const ix_socio_model *m)
{
    for (size_t j = 0; j < m->ncriteria; j++)
        if (m->criteria[j].nr)
            return 1;
    return 0;
}

ix_status ix_socio_model_check_law(const ix_socio_model *m, ix_diag *d)
{
    if (!m->status || strcmp(m->status, "complete") != 0 || !uses_nr(m))
        return IX_OK;
    const int year = m->year_from ? m->year_from : 2021;
    int n = 0;
    ix_socio_law_weight(year, 1, &n);
    if (n == 0)
        return ix_diag_set(d, IX_ERR_MODEL, m->file, m->criteria_line, 0, "years",
                           "the model says it is complete, but grant year %d has no criteria "
                           "list here (known: 2013-2020 and from 2021)", year);
    int seen[19] = {0};
    for (size_t j = 0; j < m->ncriteria; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        double law = ix_socio_law_weight(year, c->nr, NULL);
        if (c->nr == 0)
            return ix_diag_set(d, IX_ERR_MODEL, m->file, c->line, 0, c->id,
                               "criterion \"%s\" has no \"nr\"; in a model marked \"complete\" "
                               "every criterion says which of the law's it is", c->id);
        if (law < 0)
            return ix_diag_set(d, IX_ERR_MODEL, m->file, c->line, 0, c->id,
                               "criterion \"%s\" has nr %d, but the law in force for grant year "
                               "%d has criteria nr 1-%d", c->id, c->nr, year, n);
        if (seen[c->nr]++)
            return ix_diag_set(d, IX_ERR_MODEL, m->file, c->line, 0, c->id,
                               "criterion \"%s\": nr %d is given twice", c->id, c->nr);
        if (fabs(c->weight - law) > 1e-9)
            return ix_diag_set(d, IX_ERR_MODEL, m->file, c->line, 0, c->id,
                               "criterion \"%s\" (nr %d) has weight %g, but the law in force for "
                               "grant year %d gives %g; a model marked \"complete\" must use the "
                               "law's weights (mark it \"incomplete\" to use others)",
                               c->id, c->nr, c->weight, year, law);
    }
    for (int nr = 1; nr <= n; nr++)
        if (!seen[nr])
            return ix_diag_set(d, IX_ERR_MODEL, m->file, m->criteria_line, 0, "criteria",
                               "the model is marked \"complete\" but has no criterion nr %d of "
                               "the %d the law gives for grant year %d", nr, n, year);
    return IX_OK;
}
