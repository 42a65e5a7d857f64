/* Model and data of the socio-economic commands (see socio_load.h). */
#include "indeks/socio_load.h"

#include <stdio.h>
#include <stdlib.h>

#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/outfile.h"

const char *ix__embedded(const char *name, size_t *len);

#define IX_DEFAULT_MODEL "models/socio_2021.json"

/* The embedded models, newest first; each says its grant years. */
static const char *const embedded_models[] = {"models/socio_2021.json", "models/socio_2013.json"};

ix_status ix_socio_model_for_year(int year, ix_socio_model **out, ix_diag *d)
{
    for (size_t i = 0; i < sizeof embedded_models / sizeof embedded_models[0]; i++) {
        size_t len = 0;
        const char *text = ix__embedded(embedded_models[i], &len);
        char name[96];
        snprintf(name, sizeof name, "%s (embedded)", embedded_models[i]);
        ix_socio_model *m = NULL;
        ix_status st = text ? ix_socio_model_parse(text, len, name, &m, d)
                            : ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, NULL,
                                          "model %s is not embedded", embedded_models[i]);
        if (st)
            return st;
        if (year >= m->year_from && (m->year_to == 0 || year <= m->year_to)) {
            *out = m;
            return IX_OK;
        }
        ix_socio_model_free(m);
    }
    return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "year",
                       "no embedded model for grant year %d: the models cover 2013-2020 "
                       "(LBK 1084/2019) and 2021 on (LBK 63/2021); before 2013 the criteria "
                       "differed (give a model file)", year);
}

ix_status ix_socio_model_load(const char *path, ix_socio_model **out, ix_diag *d)
{
    size_t len = 0;
    if (!path) {
        const char *text = ix__embedded(IX_DEFAULT_MODEL, &len);
        if (!text)
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, NULL, "no embedded default model");
        return ix_socio_model_parse(text, len, IX_DEFAULT_MODEL " (embedded)", out, d);
    }
    char *text = NULL;
    ix_status st = ix_read_file_max(path, IX_MAX_SPEC_FILE, &text, &len, d);
    if (!st)
        st = ix_socio_model_parse(text, len, path, out, d);
    free(text);
    return st;
}

ix_status ix_socio_load(const char *model_path, const char *data_path, int normalise,
                        ix_socio_model **model, ix_socio_data **data, ix_diag *d)
{
    return ix_socio_load_year(model_path, 0, data_path, normalise, model, data, d);
}

ix_status ix_socio_load_year(const char *model_path, int year, const char *data_path,
                             int normalise, ix_socio_model **model, ix_socio_data **data,
                             ix_diag *d)
{
    ix_socio_model *m = NULL;
    ix_socio_data *dt = NULL;
    ix_table *t = NULL;
    ix_status st = model_path || !year ? ix_socio_model_load(model_path, &m, d)
                                       : ix_socio_model_for_year(year, &m, d);
    if (!st)
        st = ix_socio_model_check_weights(m, normalise, d);
    if (!st)
        st = data_path ? ix_csv_read_file(data_path, &t, d) : ix_demo_socio_table(IX_DEMO_SEED, &t, d);
    if (!st)
        st = ix_socio_data_from_table(m, t, &dt, d);
    ix_table_free(t);
    if (st) {
        ix_socio_model_free(m);
        return st;
    }
    *model = m;
    *data = dt;
    return IX_OK;
}
