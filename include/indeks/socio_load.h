/* Loading what every socio-economic command starts from: a model (a file,
 * or the embedded models/socio_2021.json) and the counts (a CSV file, or
 * the embedded synthetic demo). One place, so every command reads them the
 * same way. Outputs are owned by the caller and freed with their _free. */
#ifndef INDEKS_SOCIO_LOAD_H
#define INDEKS_SOCIO_LOAD_H

#include "indeks/socio.h"

/* path NULL: the embedded default model. */
ix_status ix_socio_model_load(const char *path, ix_socio_model **out, ix_diag *d);

/* The model (as ix_socio_model_load), its weights checked (normalise as in
 * ix_socio_model_check_weights), and the data read from data_path (NULL: the
 * synthetic demo of demo.h). On failure nothing is returned. */
ix_status ix_socio_load(const char *model_path, const char *data_path, int normalise,
                        ix_socio_model **model, ix_socio_data **data, ix_diag *d);

/* The embedded model in force for grant year (its "grant_years"):
 * models/socio_2021.json from 2021, models/socio_2013.json for 2013-2020;
 * IX_ERR_USAGE for other years. */
ix_status ix_socio_model_for_year(int year, ix_socio_model **out, ix_diag *d);

/* As ix_socio_load; with model_path NULL and year non-zero, the model is
 * the one in force for that grant year (ix_socio_model_for_year). */
ix_status ix_socio_load_year(const char *model_path, int year, const char *data_path,
                             int normalise, ix_socio_model **model, ix_socio_data **data,
                             ix_diag *d);

#endif
