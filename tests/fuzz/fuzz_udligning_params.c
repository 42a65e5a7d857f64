/* libFuzzer target: equalisation parameters from JSON, then the whole scheme
 * (need, both equalisations, the marginal effects, the § 16 scorecard) on a
 * small fixed data set. Nothing may crash or leak, whatever the numbers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "indeks/csv.h"
#include "indeks/udligning.h"

static const char data_csv[] =
    "kommunekode,folketal,beskatningsgrundlag,a,b,x,y,fald,k\n"
    "101,100,2000,60,40,50,5,10,3\n"
    "147,200,6000,150,50,25,0,0,1\n"
    "461,100,4000,70,30,25,9,4,0\n";

static const char model_json[] =
    "{\"name\": \"f\", \"source\": \"fuzz\", \"population\": \"folketal\", \"scale\": 100,"
    " \"criteria\": [{\"id\": \"x\", \"name\": \"X\", \"weight\": 0.7, \"count\": \"x\"},"
    "                {\"id\": \"y\", \"name\": \"Y\", \"weight\": 0.3, \"count\": \"y\"}]}";

static void run(const ix_udl_params *p, ix_socio_model *m, const ix_table *t)
{
    ix_diag d;
    ix_udl_data *data = NULL;
    ix_udl_result *r = NULL;
    ix_udl_grant *g = NULL;
    if (ix_udl_data_from_table(p, m, t, &data, &d) == IX_OK &&
        ix_udl_compute(p, data, &r, &d) == IX_OK) {
        double a[2], b[2], c[2];
        ix_udl_marginal(p, m, data, r, 0, a, b, c);
        if (p->has_grant)
            ix_udl_grant_compute(p, data, r, &g, &d);
    }
    ix_udl_grant_free(g);
    ix_udl_result_free(r);
    ix_udl_data_free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
    ix_diag d;
    ix_udl_params *p = NULL;
    if (ix_udl_params_parse((const char *)bytes, len, "fuzz.json", &p, &d) != IX_OK)
        return 0;
    ix_socio_model *m = NULL;
    ix_table *t = NULL;
    if (ix_socio_model_parse(model_json, sizeof model_json - 1, "model.json", &m, &d) == IX_OK &&
        ix_socio_model_check_weights(m, 0, &d) == IX_OK &&
        ix_csv_parse(data_csv, sizeof data_csv - 1, "data.csv", &t, &d) == IX_OK)
        run(p, m, t);
    ix_table_free(t);
    ix_socio_model_free(m);
    ix_udl_params_free(p);
    return 0;
}
