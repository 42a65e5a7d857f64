/* The one loading pipeline of a composite index (see indeks/composite_io.h),
 * shared by `indeks composite`, `indeks sensitivity` and `indeks report`. */
#include <stdlib.h>

#include "indeks/composite_io.h"
#include "indeks/csv.h"
#include "indeks/kommuner.h"
#include "indeks/outfile.h"
#include "indeks/table.h"

ix_status ix_comp_load(const ix_comp_files *f, ix_comp_model **m, ix_comp_recipe *r, ix_diag *d)
{
    ix_table *data = NULL, *meta = NULL;
    char *text = NULL;
    size_t len = 0;
    *m = NULL;
    ix_status st = ix_csv_read_file(f->meta, &meta, d);
    if (!st)
        st = ix_csv_read_file(f->data, &data, d);
    if (!st)
        st = ix_comp_model_from_tables(data, meta, m, d);
    if (!st && f->recipe) {
        st = ix_read_file_max(f->recipe, IX_MAX_SPEC_FILE, &text, &len, d);
        if (!st)
            st = ix_comp_recipe_parse(text, len, f->recipe, r, d);
    } else if (!st)
        ix_comp_recipe_default(r);
    if (st) {
        ix_comp_model_free(*m);
        *m = NULL;
    }
    free(text);
    ix_table_free(data);
    ix_table_free(meta);
    return st;
}

ix_status ix_comp_find_unit(const ix_comp_model *m, const char *code, const char *param, size_t *u,
                            ix_diag *d)
{
    long k = ix_comp_model_find_unit(m, code);
    if (k < 0)
        return ix_diag_set(d, IX_ERR_NOTFOUND, ix_comp_model_data_source(m), 0, 0, param,
                           "no unit with uCode \"%s\"", code);
    *u = (size_t)k;
    return IX_OK;
}

ix_status ix_comp_load_run(const ix_comp_files *f, const char *const *withdraw, size_t nwithdraw,
                           ix_comp_model **m, ix_comp_recipe *r, ix_comp_plan **p, ix_diag *d)
{
    *p = NULL;
    ix_status st = ix_comp_load(f, m, r, d);
    if (!st)
        st = ix_comp_plan_new(*m, r, p, d);
    for (size_t k = 0; !st && k < nwithdraw; k++) {
        size_t u = 0;
        if (!(st = ix_comp_find_unit(*m, withdraw[k], "withdraw", &u, d)))
            st = ix_comp_plan_withdraw(*p, u, d);
    }
    if (!st)
        st = ix_comp_plan_run(*p, d);
    if (st) {
        ix_comp_plan_free(*p);
        ix_comp_model_free(*m);
        *p = NULL;
        *m = NULL;
    }
    return st;
}

ix_status ix_comp_kommune_scores(const ix_comp_model *m, const ix_comp_plan *p, int **codes,
                                 double **values, size_t *n, ix_diag *d)
{
    size_t nu = ix_comp_model_nunits(m), idx = ix_comp_model_index_node(m);
    *n = 0;
    *codes = malloc((nu ? nu : 1) * sizeof **codes);
    *values = malloc((nu ? nu : 1) * sizeof **values);
    if (!*codes || !*values)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t u = 0; u < nu; u++) {
        const char *why = NULL;
        if (ix_kommune_parse_code(ix_comp_unit_code(m, u), &(*codes)[*n], &why) == 0 &&
            ix_kommune_find((*codes)[*n]))
            (*values)[(*n)++] = ix_comp_plan_scores(p, idx)[u];
    }
    return IX_OK;
}
