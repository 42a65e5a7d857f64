/* Issue 19: where indeks follows COINr's R code (bluefoxr/COINr, its R/ folder),
 * against values worked out by hand or by COINr's formula (the working is
 * beside each test). Synthetic data, written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "composite/internal.h"
#include "test_composite_fixture.h"

/* 19.1: Screen.data.frame: `if(is.null(dat_thresh)) dat_thresh <- 2/3`. */
static void test_screen_default_is_two_thirds(void **state)
{
    (void)state;
    ix_comp_step s;
    ix_comp_step_default(&s, IX_STEP_SCREEN);
    assert_true(s.dat_thresh == 2.0 / 3.0);
}

/* 19.2: i1 = 0 0 0 0 0 7 (skew > 2, kurt > 3.5, fails): winsorise moves
 * the 7 to 0 and the column is constant; COINr's winsorise then stops and
 * Treat keeps the untreated column. */
static void test_treat_constant_after_winsorising(void **state)
{
    (void)state;
    double x[6] = {0, 0, 0, 0, 0, 7}, scratch[6];
    ix_comp_treatment t;
    ix__comp_treat_column(x, 6, 5, 2, 3.5, scratch, &t);
    assert_int_equal(t.kind, IX_TREAT_UNTREATED);
    FX_NEAR(x[5], 7);
    FX_NEAR(x[0], 0);
}

/* 19.3: n_zscore of one value: R's sd(3) is NA, so the result is NA. */
static void test_zscore_one_value(void **state)
{
    (void)state;
    const double cols[2][FX_MAX] = {{3, NAN, NAN}, {1, 2, 3}};
    ix_comp_model *m = fx_flat(2, (double[]){1, 1}, (int[]){1, 1}, 3, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 2, (ix_comp_step_kind[]){IX_STEP_NORMALISE, IX_STEP_AGGREGATE});
    r.steps[0].method = IX_NORM_ZSCORE;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    assert_true(isnan(ix_comp_plan_scores(p, 0)[0]));
    /* i2 = 1 2 3: mean 2, sd 1: z = −1 0 1; the index of u1 is its i2 alone */
    FX_NEAR(ix_comp_plan_scores(p, 2)[0], -1);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* 19.5: a_genmean(x, w, p) = (Σw·x^p/Σw)^(1/p).
 * x = 1 4 9, w = 1 2 1, p = ½: (1·1 + 2·2 + 1·3)/4 = 2, 2² = 4.
 * p = 2: (1 + 2·16 + 81)/4 = 28.5, √28.5 = 5.338539126015656.
 * u2 has a missing value: COINr's sum without na.rm gives NA. */
static void test_genmean(void **state)
{
    (void)state;
    const double cols[3][FX_MAX] = {{1, 1}, {4, NAN}, {9, 9}};
    ix_comp_model *m = fx_flat(3, (double[]){1, 2, 1}, (int[]){1, 1, 1}, 2, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 1, (ix_comp_step_kind[]){IX_STEP_AGGREGATE});
    r.steps[0].method = IX_COMP_AGG_GENMEAN;
    r.steps[0].p = 0.5;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], 4);
    assert_true(isnan(ix_comp_plan_scores(p, 3)[1]));
    ix_comp_plan_free(p);
    r.steps[0].p = 2;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], sqrt(28.5));
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], 5.338539126015656);
    ix_comp_plan_free(p);
    /* p < 0 with a value <= 0: an error in COINr and here */
    const double zero[3][FX_MAX] = {{0, 1}, {4, 2}, {9, 9}};
    ix_comp_model *m0 = fx_flat(3, (double[]){1, 2, 1}, (int[]){1, 1, 1}, 2, zero, NULL, 0);
    r.steps[0].p = -1;
    assert_int_equal(fx_run(m0, &r, &p, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "generalised"));
    ix_comp_plan_free(p);
    /* no p: COINr's a_genmean has no default */
    r.steps[0].p = NAN;
    assert_int_equal(ix_comp_plan_new(m, &r, &p, &d), IX_ERR_MODEL);
    assert_non_null(strstr(d.message, "\"p\""));
    ix_comp_model_free(m0);
    ix_comp_model_free(m);
}

/* 19.5: a_copeland on the table of tests/data/composite_coinr_per_level's
 * P1 (worked there by hand; COINr's own a_copeland gives −2 −2 3 1). */
static void test_copeland(void **state)
{
    (void)state;
    const double cols[3][FX_MAX] = {{1, 2, 3, NAN}, {3, 1, 2, 2}, {1, 1, 4, 2}};
    ix_comp_model *m = fx_flat(3, (double[]){1, 1, 2}, (int[]){1, 1, 1}, 4, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 1, (ix_comp_step_kind[]){IX_STEP_AGGREGATE});
    r.steps[0].method = IX_COMP_AGG_COPELAND;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    const double want[4] = {-2, -2, 3, 1};
    for (int u = 0; u < 4; u++)
        FX_NEAR(ix_comp_plan_scores(p, 3)[u], want[u]);
    /* a withdrawn unit takes no part: u3 out, so u1·u2 0, u1·u4 −1/+1,
     * u2·u4 −1/+1: −1 −1 NA 2 */
    ix_comp_plan_free(p);
    assert_int_equal(ix_comp_plan_new(m, &r, &p, &d), IX_OK);
    assert_int_equal(ix_comp_plan_withdraw(p, 2, &d), IX_OK);
    assert_int_equal(ix_comp_plan_run(p, &d), IX_OK);
    const double want2[4] = {-1, -1, NAN, 2};
    for (int u = 0; u < 4; u++)
        FX_NEAR(ix_comp_plan_scores(p, 3)[u], want2[u]);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* 19.4: Compind's ci_mpi against the weighted Mazziotta–Pareto.
 * x = 100 110 90: mean 100; sample variance (0 + 100 + 100)/2 = 100, so
 * cv² = 100/100² = 0.01: "POS" 100·0.99 = 99, "NEG" 101. Weighted (w = 1):
 * population variance 200/3, M − S²/M = 100 − 2/3 = 99.33333333333333.
 * A missing child makes ci_mpi missing (R's mean without na.rm). */
static void test_mpi_variants(void **state)
{
    (void)state;
    const double cols[3][FX_MAX] = {{100, 100}, {110, NAN}, {90, 90}};
    ix_comp_model *m = fx_flat(3, (double[]){1, 1, 1}, (int[]){1, 1, 1}, 2, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 1, (ix_comp_step_kind[]){IX_STEP_AGGREGATE});
    r.steps[0].method = IX_COMP_AGG_MPI_COMPIND;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], 99);
    assert_true(isnan(ix_comp_plan_scores(p, 3)[1]));
    ix_comp_plan_free(p);
    r.steps[0].penalty_pos = 1;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], 101);
    ix_comp_plan_free(p);
    r.steps[0].method = IX_COMP_AGG_MPI;
    r.steps[0].penalty_pos = 0;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], 100 - 200.0 / 3 / 100);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* 19.5: one method per level must name every level (COINr stops with "f_ag
 * must have either length 1 ... or length equal to (number of levels - 1)");
 * the recipe reader takes a list and Compind's penalty names. */
static void test_per_level_recipe(void **state)
{
    (void)state;
    const double cols[2][FX_MAX] = {{1, 2}, {3, 4}};
    ix_comp_model *m = fx_flat(2, (double[]){1, 1}, (int[]){1, 1}, 2, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    const char *two = "[{\"aggregate\": {\"method\": [\"amean\", \"gmean\"]}}]";
    assert_int_equal(ix_comp_recipe_parse(two, strlen(two), "r.json", &r, &d), IX_OK);
    assert_int_equal(r.steps[0].nlevel_methods, 2);
    assert_int_equal(ix_comp_plan_new(m, &r, &p, &d), IX_ERR_MODEL);
    assert_non_null(strstr(d.message, "one per level"));
    const char *one = "[{\"aggregate\": {\"method\": [\"genmean\"], \"p\": [3]}}]";
    assert_int_equal(ix_comp_recipe_parse(one, strlen(one), "r.json", &r, &d), IX_OK);
    assert_int_equal(ix_comp_plan_new(m, &r, &p, &d), IX_OK);
    assert_int_equal(ix_comp_plan_run(p, &d), IX_OK);
    /* ((1 + 27)/2)^(1/3) = 14^(1/3) */
    FX_NEAR(ix_comp_plan_scores(p, 2)[0], cbrt(14));
    ix_comp_plan_free(p);
    const char *bad = "[{\"aggregate\": {\"method\": \"genmean\", \"p\": 0}}]";
    assert_int_equal(ix_comp_recipe_parse(bad, strlen(bad), "r.json", &r, &d), IX_ERR_MODEL);
    assert_non_null(strstr(d.message, "gmean"));
    const char *pen = "[{\"aggregate\": {\"method\": \"mpi_compind\", \"penalty\": \"neg\"}}]";
    assert_int_equal(ix_comp_recipe_parse(pen, strlen(pen), "r.json", &r, &d), IX_ERR_MODEL);
    const char *pen2 = "[{\"aggregate\": {\"penalty\": \"NEG\", \"method\": \"mpi_compind\"}}]";
    assert_int_equal(ix_comp_recipe_parse(pen2, strlen(pen2), "r.json", &r, &d), IX_OK);
    assert_int_equal(r.steps[0].penalty_pos, 1);
    ix_comp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_screen_default_is_two_thirds),
        cmocka_unit_test(test_treat_constant_after_winsorising),
        cmocka_unit_test(test_zscore_one_value),
        cmocka_unit_test(test_genmean),
        cmocka_unit_test(test_copeland),
        cmocka_unit_test(test_mpi_variants),
        cmocka_unit_test(test_per_level_recipe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
