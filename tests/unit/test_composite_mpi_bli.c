/* Issue 19.4: the aggregate method mpi_compind is Compind's ci_mpi, checked
 * on the OECD Better Life Index 2017 (../shared/data/composite/BLI_2017.csv,
 * 35 countries × 11 topics) as Compind's help runs it: normalise each
 * column to z = 100 + 10·(x − mean)/sd (sd with n − 1), then, per country,
 * Ma = mean(z), Sqm = sd(z) (n − 1), cv = Sqm/Ma and Ma·(1 − cv²) ("POS",
 * the default) or Ma·(1 + cv²) ("NEG"). The expected values are computed
 * here from that definition, directly, not by the engine. Skips (77) when
 * ../shared is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "indeks/csv.h"
#include "indeks/table.h"
#include "test_composite_fixture.h"

#define BLI "../shared/data/composite/BLI_2017.csv"
#define NU 64
#define NI 11

static void test_bli_ci_mpi(void **state)
{
    (void)state;
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_csv_read_file(BLI, &t, &d), IX_OK);
    size_t nu = ix_table_nrows(t), ni = ix_table_ncols(t) - 1;
    assert_int_equal(ni, NI);
    assert_true(nu <= NU);
    ix_comp_meta_row rows[NI + 1];
    for (size_t i = 0; i < ni; i++)
        rows[i] = fx_row(ix_table_header(t, i + 1), IX_COMP_INDICATOR, 1, "BLI", 1, 1);
    rows[ni] = fx_row("BLI", IX_COMP_AGGREGATE, 2, "", NAN, 0);
    const char *codes[NU];
    static double x[NI][NU], z[NI][NU];
    for (size_t u = 0; u < nu; u++) {
        codes[u] = ix_table_cell(t, u, 0);
        for (size_t i = 0; i < ni; i++)
            assert_int_equal(ix_table_number(t, u, i + 1, &x[i][u], &d), IX_OK);
    }
    ix_comp_model *m = NULL;
    assert_int_equal(ix_comp_model_new(rows, ni + 1, "bli-meta", NULL, &m, &d), IX_OK);
    assert_int_equal(ix_comp_model_set_units(m, nu, codes, codes, NULL, 1, BLI, &d), IX_OK);
    for (size_t i = 0; i < ni; i++)
        assert_int_equal(ix_comp_model_set_values(m, rows[i].code, x[i], (long)i + 2, &d), IX_OK);
    assert_int_equal(ix_comp_model_finish(m, &d), IX_OK);

    /* Compind's definition, straight. */
    for (size_t i = 0; i < ni; i++) {
        double mean = 0, var = 0;
        for (size_t u = 0; u < nu; u++)
            mean += x[i][u] / (double)nu;
        for (size_t u = 0; u < nu; u++)
            var += (x[i][u] - mean) * (x[i][u] - mean) / (double)(nu - 1);
        for (size_t u = 0; u < nu; u++)
            z[i][u] = 100 + 10 * (x[i][u] - mean) / sqrt(var);
    }
    for (int neg = 0; neg <= 1; neg++) {
        const char *json = neg ? "[{\"normalise\": {\"method\": \"zscore\", \"m_sd\": [100, 10]}},"
                                 " {\"aggregate\": {\"method\": \"mpi_compind\", \"penalty\": \"NEG\"}}]"
                               : "[{\"normalise\": {\"method\": \"zscore\", \"m_sd\": [100, 10]}},"
                                 " {\"aggregate\": {\"method\": \"mpi_compind\"}}]";
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        assert_int_equal(ix_comp_recipe_parse(json, strlen(json), "recipe", &r, &d), IX_OK);
        assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
        const double *got = ix_comp_plan_scores(p, ix_comp_model_index_node(m));
        for (size_t u = 0; u < nu; u++) {
            double ma = 0, v = 0;
            for (size_t i = 0; i < ni; i++)
                ma += z[i][u] / (double)ni;
            for (size_t i = 0; i < ni; i++)
                v += (z[i][u] - ma) * (z[i][u] - ma) / (double)(ni - 1);
            double cv = sqrt(v) / ma, want = neg ? ma * (1 + cv * cv) : ma * (1 - cv * cv);
            if (!(fabs(got[u] - want) <= 1e-11 * want)) {
                fprintf(stderr, "%s: engine %.17g, Compind's formula %.17g\n", codes[u], got[u], want);
                fail();
            }
        }
        ix_comp_plan_free(p);
    }
    ix_comp_model_free(m);
    ix_table_free(t);
}

int main(void)
{
    FILE *f = fopen(BLI, "rb");
    if (!f) {
        printf("skipped: %s is absent\n", BLI);
        return 77;
    }
    fclose(f);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bli_ci_mpi)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
