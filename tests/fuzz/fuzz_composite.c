/* libFuzzer target for the IDATA/IMETA readers: the input is IMETA CSV, a
 * NUL byte, then IDATA CSV. Whatever the bytes, building the model either
 * succeeds or fails with a diagnostic; a model that builds is run through
 * the default recipe and a treat/zscore/mazziotta_pareto recipe.
 *   cmake -S . -B build-fuzz -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang && cmake --build build-fuzz
 *   build-fuzz/fuzz_composite -max_total_time=60 tests/fuzz/corpus/composite */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/composite.h"
#include "indeks/csv.h"
#include "indeks/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const ix_comp_model *m, const ix_comp_recipe *r)
{
    ix_comp_plan *p = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_comp_plan_new(m, r, &p, &d);
    if (!st)
        st = ix_comp_plan_run(p, &d);
    if (st && !d.message[0])
        abort();
    if (!st) {
        /* Touch every score; NaN or finite, never a wild read. */
        volatile double sink = 0;
        for (size_t j = 0; j < ix_comp_model_nnodes(m); j++)
            for (size_t u = 0; u < ix_comp_model_nunits(m); u++)
                sink += ix_comp_plan_scores(p, j)[u];
        (void)sink;
    }
    ix_comp_plan_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    if (!nul)
        return 0;
    size_t mlen = (size_t)(nul - data);
    ix_table *meta = NULL, *idata = NULL;
    ix_comp_model *m = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_csv_parse((const char *)data, mlen, "meta.csv", &meta, &d) ||
        ix_csv_parse((const char *)nul + 1, size - mlen - 1, "data.csv", &idata, &d))
        goto out;
    if (ix_comp_model_from_tables(idata, meta, &m, &d) != IX_OK) {
        if (!d.message[0])
            abort();
        goto out;
    }
    ix_comp_recipe r;
    ix_comp_recipe_default(&r);
    run(m, &r);
    static const char other[] = "[{\"impute\": {\"method\": \"median\"}}, {\"treat\": {}},"
                                "{\"normalise\": {\"method\": \"zscore\", \"m_sd\": [100, 10]}},"
                                "{\"aggregate\": {\"method\": \"mazziotta_pareto\"}}]";
    if (ix_comp_recipe_parse(other, sizeof other - 1, "r", &r, &d) != IX_OK)
        abort();
    run(m, &r);
out:
    ix_comp_model_free(m);
    ix_table_free(meta);
    ix_table_free(idata);
    return 0;
}
