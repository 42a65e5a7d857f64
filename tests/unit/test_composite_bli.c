/* The OECD Better Life Index 2017 (../shared/data/composite/BLI_2017.csv:
 * 35 countries × 11 topic scores): the default recipe (minmax [0, 100],
 * equal-weight arithmetic mean) must equal the same index recomputed here
 * by a second, direct method: per column (x − min)/(max − min)·100, then
 * the plain mean of each row's present values. Skips (77) when ../shared is
 * absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "indeks/csv.h"
#include "indeks/rank.h"
#include "indeks/table.h"
#include "test_composite_fixture.h"

#define BLI "../shared/data/composite/BLI_2017.csv"

static void test_bli_default_recipe(void **state)
{
    (void)state;
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_csv_read_file(BLI, &t, &d), IX_OK);
    size_t nu = ix_table_nrows(t), ni = ix_table_ncols(t) - 1;
    assert_int_equal(ni, 11);
    assert_true(nu > 0);
    ix_comp_meta_row rows[12];
    for (size_t i = 0; i < ni; i++)
        rows[i] = fx_row(ix_table_header(t, i + 1), IX_COMP_INDICATOR, 1, "BLI", 1, 1);
    rows[ni] = fx_row("BLI", IX_COMP_AGGREGATE, 2, "", NAN, 0);
    ix_comp_model *m = NULL;
    /* + 1: the analyzer cannot see that assert_true(nu > 0) stops the test */
    const char **codes = calloc(nu + 1, sizeof *codes);
    double *x = calloc(nu * ni + 1, sizeof *x), *want = calloc(nu + 1, sizeof *want);
    assert_non_null(codes);
    assert_non_null(x);
    assert_non_null(want);
    for (size_t u = 0; u < nu; u++) {
        codes[u] = ix_table_cell(t, u, 0);
        for (size_t i = 0; i < ni; i++) {
            x[i * nu + u] = NAN;
            if (!ix_table_cell_missing(t, u, i + 1))
                assert_int_equal(ix_table_number(t, u, i + 1, &x[i * nu + u], &d), IX_OK);
        }
    }
    assert_int_equal(ix_comp_model_new(rows, ni + 1, "bli-meta", NULL, &m, &d), IX_OK);
    assert_int_equal(ix_comp_model_set_units(m, nu, codes, codes, NULL, 1, BLI, &d), IX_OK);
    for (size_t i = 0; i < ni; i++)
        assert_int_equal(ix_comp_model_set_values(m, rows[i].code, x + i * nu, (long)i + 2, &d), IX_OK);
    assert_int_equal(ix_comp_model_finish(m, &d), IX_OK);

    /* Second method, straight from the definition. */
    double sum[64] = {0};
    size_t cnt[64] = {0};
    assert_true(nu <= 64);
    for (size_t i = 0; i < ni; i++) {
        double mn = INFINITY, mx = -INFINITY;
        for (size_t u = 0; u < nu; u++)
            if (!isnan(x[i * nu + u])) {
                mn = fmin(mn, x[i * nu + u]);
                mx = fmax(mx, x[i * nu + u]);
            }
        for (size_t u = 0; u < nu; u++)
            if (!isnan(x[i * nu + u])) {
                sum[u] += (x[i * nu + u] - mn) / (mx - mn) * 100;
                cnt[u]++;
            }
    }
    for (size_t u = 0; u < nu; u++)
        want[u] = cnt[u] ? sum[u] / (double)cnt[u] : NAN;

    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_comp_recipe_default(&r);
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    const double *got = ix_comp_plan_scores(p, ix_comp_model_index_node(m));
    for (size_t u = 0; u < nu; u++)
        if (!(fabs(got[u] - want[u]) <= 1e-9)) {
            fprintf(stderr, "%s: engine %.17g, direct %.17g\n", codes[u], got[u], want[u]);
            fail();
        }
    /* The same ranking both ways (sports ranking on the index). */
    long r1[64], r2[64];
    assert_int_equal(ix_rank_desc(got, nu, r1, NULL, &d), IX_OK);
    assert_int_equal(ix_rank_desc(want, nu, r2, NULL, &d), IX_OK);
    for (size_t u = 0; u < nu; u++)
        assert_int_equal(r1[u], r2[u]);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    ix_table_free(t);
    free(codes);
    free(x);
    free(want);
}

int main(void)
{
    FILE *f = fopen(BLI, "rb");
    if (!f) {
        printf("skipped: %s is absent\n", BLI);
        return 77;
    }
    fclose(f);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bli_default_recipe)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
