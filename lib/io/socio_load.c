/* Model and data of the socio-economic commands (see socio_load.h). */
#include "indeks/socio_load.h"

#include <stdlib.h>

#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/outfile.h"

const char *ix__embedded(const char *name, size_t *len);

#define IX_DEFAULT_MODEL "models/socio_2021.json"

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
    ix_socio_model *m = NULL;
    ix_socio_data *dt = NULL;
    ix_table *t = NULL;
    ix_status st = ix_socio_model_load(model_path, &m, d);
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
