/* Loading what the equalisation commands need: parameters, model, data
 * (a file or the synthetic demo), and the computed result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/csv.h"
#include "indeks/outfile.h"
#include "indeks/socio_load.h"
#include "indeks/udligning.h"

ix_status ix_udl_params_load(const char *path, ix_udl_params **out, ix_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    ix_status st = ix_read_file_max(path, IX_MAX_SPEC_FILE, &text, &len, d);
    if (!st)
        st = ix_udl_params_parse(text, len, path, out, d);
    free(text);
    return st;
}

/* The parameters' "model", relative to the parameter file's folder. */
static char *model_beside(const char *params_path, const char *model)
{
    const char *slash = strrchr(params_path, '/');
    size_t dir = model[0] == '/' || !slash ? 0 : (size_t)(slash - params_path + 1);
    size_t size = dir + strlen(model) + 1;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%.*s%s", (int)dir, params_path, model);
    return path;
}

static ix_status load_model(const char *params_path, const char *model_path,
                            const ix_udl_params *p, ix_socio_model **out, ix_diag *d)
{
    char *owned = NULL;
    const char *path = model_path;
    if (!path && p->model) {
        if (!(owned = model_beside(params_path, p->model)))
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        path = owned;
    }
    /* Neither given: the embedded model in force for the parameters' year. */
    ix_status st = path || p->year < 2013 ? ix_socio_model_load(path, out, d)
                                          : ix_socio_model_for_year((int)p->year, out, d);
    free(owned);
    return st;
}

ix_status ix_udl_setup_run(ix_udl_setup *s, ix_diag *d)
{
    ix_udl_result_free(s->result);
    ix_udl_data_free(s->data);
    s->result = NULL;
    s->data = NULL;
    ix_status st = ix_udl_data_from_table(s->params, s->model, s->table, &s->data, d);
    /* --real: the average tax rate from the first run's tax bases, then kept */
    if (!st && s->real && !s->real->tax_applied)
        st = ix_udl_real_apply_tax(s->real, s->params, s->data, d);
    if (!st)
        st = ix_udl_compute(s->params, s->data, &s->result, d);
    return st;
}

/* --real: the year's real values, and the table with the real folketal. */
static ix_status use_real(const char *real_path, ix_udl_setup *s, ix_diag *d)
{
    long year = s->params->year;
    ix_table *replaced = NULL;
    ix_status st = ix_udl_real_read(real_path, (int)year, &s->real, d);
    if (!st)
        st = ix_udl_real_apply_table(s->real, s->params, s->table, s->model->code, &replaced, d);
    if (!st) {
        ix_table_free(s->table);
        s->table = replaced;
    }
    return st;
}

ix_status ix_udl_setup_load_real(const char *params_path, const char *model_path,
                                 const char *data_path, const char *real_path, int normalise,
                                 ix_udl_setup *s, ix_diag *d)
{
    memset(s, 0, sizeof *s);
    ix_status st = ix_udl_params_load(params_path, &s->params, d);
    if (!st)
        st = load_model(params_path, model_path, s->params, &s->model, d);
    if (!st)
        st = ix_socio_model_check_weights(s->model, normalise, d);
    if (!st)
        st = data_path ? ix_csv_read_file(data_path, &s->table, d)
                       : ix_demo_udl_table(IX_DEMO_SEED_UDL, s->params, &s->table, d);
    if (!st && real_path)
        st = use_real(real_path, s, d);
    if (!st)
        st = ix_udl_setup_run(s, d);
    return st;
}

ix_status ix_udl_setup_load(const char *params_path, const char *model_path,
                            const char *data_path, int normalise, ix_udl_setup *s, ix_diag *d)
{
    return ix_udl_setup_load_real(params_path, model_path, data_path, NULL, normalise, s, d);
}

void ix_udl_setup_free(ix_udl_setup *s)
{
    ix_udl_result_free(s->result);
    ix_udl_data_free(s->data);
    ix_table_free(s->table);
    ix_socio_model_free(s->model);
    ix_udl_params_free(s->params);
    ix_udl_real_free(s->real);
    memset(s, 0, sizeof *s);
}
