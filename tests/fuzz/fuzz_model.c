/* libFuzzer target: a socio-economic model from JSON, its weight check, and
 * its binding to a small fixed data table. Nothing may crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "indeks/csv.h"
#include "indeks/socio.h"

static const char data_csv[] =
    "kommunekode,indbyggere,a,b,base,a_t3,base_t3\n"
    "101,1000,10,20,500,12,480\n"
    "147,2000,30,10,900,25,950\n";

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
    ix_diag d;
    ix_socio_model *m = NULL;
    if (ix_socio_model_parse((const char *)bytes, len, "fuzz.json", &m, &d) != IX_OK)
        return 0;
    ix_table *t = NULL;
    ix_socio_data *data = NULL;
    ix_socio_result *r = NULL;
    if (ix_socio_model_check_weights(m, 1, &d) == IX_OK &&
        ix_csv_parse(data_csv, sizeof data_csv - 1, "data.csv", &t, &d) == IX_OK &&
        ix_socio_data_from_table(m, t, &data, &d) == IX_OK)
        ix_socio_compute(m, data, &r, &d);
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_table_free(t);
    ix_socio_model_free(m);
    return 0;
}
