/* A composite index run from stored texts (IMETA, IDATA and the recipe kept
 * with an edition, or embedded demo files), for the serve demo and for the
 * weak indicators on a municipality page (see site.h). */
#include <stdlib.h>
#include <string.h>

#include "indeks/composite.h"
#include "indeks/csv.h"
#include "indeks/site.h"
#include "indeks/table.h"
#include "site_internal.h"

ix_status ix_site_comp_run(const char *imeta, const char *idata, const char *recipe,
                           ix_comp_model **m, ix_comp_plan **p, ix_diag *d)
{
    ix_table *meta = NULL, *data = NULL;
    ix_comp_recipe r;
    *m = NULL;
    *p = NULL;
    if (!imeta || !idata)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "no IMETA or IDATA to run");
    ix_status st = ix_csv_parse(imeta, strlen(imeta), "IMETA", &meta, d);
    if (!st)
        st = ix_csv_parse(idata, strlen(idata), "IDATA", &data, d);
    if (!st)
        st = ix_comp_model_from_tables(data, meta, m, d);
    if (!st && recipe && recipe[0])
        st = ix_comp_recipe_parse(recipe, strlen(recipe), "recipe", &r, d);
    else if (!st)
        ix_comp_recipe_default(&r);
    if (!st)
        st = ix_comp_plan_new(*m, &r, p, d);
    if (!st)
        st = ix_comp_plan_run(*p, d);
    if (st) {
        ix_comp_plan_free(*p);
        ix_comp_model_free(*m);
        *p = NULL;
        *m = NULL;
    }
    ix_table_free(meta);
    ix_table_free(data);
    return st;
}

void ix__site_run_open(const ix_edition *e, ix__site_run *run)
{
    run->cm = NULL;
    run->cp = NULL;
    ix_diag d;
    const char *meta = e ? ix_edition_attr_get(e, "imeta") : NULL;
    const char *data = e ? ix_edition_attr_get(e, "idata") : NULL;
    if (meta && data && ix_site_comp_run(meta, data, e->model_text, &run->cm, &run->cp, &d) != IX_OK) {
        run->cm = NULL;
        run->cp = NULL;
    }
}

void ix__site_run_close(ix__site_run *run)
{
    ix_comp_plan_free(run->cp);
    ix_comp_model_free(run->cm);
    run->cm = NULL;
    run->cp = NULL;
}
