/* Each recipe step on 4-7 units, against values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_composite_fixture.h"

static const ix_comp_step_kind NORM_AGG[] = {IX_STEP_NORMALISE, IX_STEP_AGGREGATE};
static const ix_comp_step_kind AGG[] = {IX_STEP_AGGREGATE};

/* One indicator, minmax to [0, 100].
 * x = 2 4 6 10, min 2, max 10: (x − 2)/8·100 = 0 25 50 100.
 * Direction −1: x' = −2 −4 −6 −10, min −10, max −2:
 * (x' + 10)/8·100 = 100 75 50 0. */
static void test_minmax(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{2, 4, 6, 10}};
    for (int dir = 1; dir >= -1; dir -= 2) {
        ix_comp_model *m = fx_flat(1, (double[]){1}, (int[]){dir}, 4, cols, NULL, 0);
        assert_non_null(m);
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        ix_diag d;
        fx_recipe(&r, 2, NORM_AGG);
        assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
        const double *y = ix_comp_plan_scores(p, 0);
        double want[2][4] = {{0, 25, 50, 100}, {100, 75, 50, 0}};
        for (int u = 0; u < 4; u++)
            FX_NEAR(y[u], want[dir == 1 ? 0 : 1][u]);
        /* The index of one indicator is that indicator. */
        FX_NEAR(ix_comp_plan_scores(p, 1)[3], want[dir == 1 ? 0 : 1][3]);
        ix_comp_plan_free(p);
        ix_comp_model_free(m);
    }
}

/* Zero range under minmax is an error naming the data file, line 1 and
 * the indicator's column. */
static void test_minmax_zero_variance(void **state)
{
    (void)state;
    const double cols[2][FX_MAX] = {{1, 2, 3}, {5, 5, 5}};
    ix_comp_model *m = fx_flat(2, (double[]){1, 1}, (int[]){1, 1}, 3, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 2, NORM_AGG);
    assert_int_equal(fx_run(m, &r, &p, &d), IX_ERR_INPUT);
    assert_string_equal(d.file, "data.csv");
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 3);
    assert_non_null(strstr(d.message, "zero variance"));
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* zscore with m_sd [100, 10]: x = 1..5, mean 3, sd = √(10/4) = 1.5811388300841898
 * (n − 1), so x = 1 → 100 + 10·(−2/1.58113883) = 87.35088935932648,
 * x = 3 → 100, x = 5 → 112.64911064067352. */
static void test_zscore(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{1, 2, 3, 4, 5}};
    ix_comp_model *m = fx_flat(1, (double[]){1}, (int[]){1}, 5, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 2, NORM_AGG);
    r.steps[0].method = IX_NORM_ZSCORE;
    r.steps[0].m_sd[0] = 100;
    r.steps[0].m_sd[1] = 10;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    const double *y = ix_comp_plan_scores(p, 0);
    FX_NEAR(y[0], 100 - 20 / sqrt(2.5));
    FX_NEAR(y[0], 87.35088935932648);
    FX_NEAR(y[2], 100);
    FX_NEAR(y[4], 112.64911064067352);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* rank (COINr's n_rank: ascending, ties "min", NA kept):
 * x = 10 20 20 5 NA 30 → 5 is 1st, 10 2nd, both 20s share 3, 30 is 5th. */
static void test_rank_ties(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{10, 20, 20, 5, NAN, 30}};
    ix_comp_model *m = fx_flat(1, (double[]){1}, (int[]){1}, 6, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 2, NORM_AGG);
    r.steps[0].method = IX_NORM_RANK;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    const double *y = ix_comp_plan_scores(p, 0);
    double want[] = {2, 3, 3, 1, NAN, 5};
    for (int u = 0; u < 6; u++)
        FX_NEAR(y[u], want[u]);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* dist2targ. Direction 1, Target 8, x = 2 4 6 10: (x − 2)/(8 − 2) =
 * 0, 1/3, 2/3, 4/3 (beyond the target: above 1, COINr's default), capped: 1.
 * Direction −1, Target 3: x' = −x, t' = −3, min x' = −10:
 * (x' + 10)/(−3 + 10) = 8/7, 6/7, 4/7, 0. */
static void test_dist2targ(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{2, 4, 6, 10}};
    for (int dir = 1; dir >= -1; dir -= 2)
        for (int cap = 0; cap <= 1; cap++) {
            ix_comp_model *m = NULL;
            ix_comp_meta_row rows[2] = {fx_row("i1", IX_COMP_INDICATOR, 1, "IDX", 1, dir),
                                        fx_row("IDX", IX_COMP_AGGREGATE, 2, "", NAN, 0)};
            rows[0].target = dir == 1 ? 8 : 3;
            ix_diag d;
            const char *uc[] = {"a", "b", "c", "e"};
            assert_int_equal(ix_comp_model_new(rows, 2, "meta.csv", NULL, &m, &d), IX_OK);
            assert_int_equal(ix_comp_model_set_units(m, 4, uc, uc, NULL, 1, "data.csv", &d), IX_OK);
            assert_int_equal(ix_comp_model_set_values(m, "i1", cols[0], 2, &d), IX_OK);
            ix_comp_recipe r;
            ix_comp_plan *p = NULL;
            fx_recipe(&r, 2, NORM_AGG);
            r.steps[0].method = IX_NORM_DIST2TARG;
            r.steps[0].cap_max = cap;
            assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
            const double *y = ix_comp_plan_scores(p, 0);
            double up[4] = {0, 1.0 / 3, 2.0 / 3, cap ? 1 : 4.0 / 3};
            double down[4] = {cap ? 1 : 8.0 / 7, 6.0 / 7, 4.0 / 7, 0};
            for (int u = 0; u < 4; u++)
                FX_NEAR(y[u], dir == 1 ? up[u] : down[u]);
            ix_comp_plan_free(p);
            ix_comp_model_free(m);
        }
}

/* goalposts lower 2, upper 12, scale 100, x = 0 5 10 15.
 * Direction 1: (x − 2)/10 = −0.2 0.3 0.8 1.3 → clamp → 0 30 80 100.
 * Direction −1: (12 − x)/10 = 1.2 0.7 0.2 −0.3 → 100 70 20 0. */
static void test_goalposts(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{0, 5, 10, 15}};
    for (int dir = 1; dir >= -1; dir -= 2) {
        ix_comp_model *m = NULL;
        ix_comp_meta_row rows[2] = {fx_row("i1", IX_COMP_INDICATOR, 1, "IDX", 1, dir),
                                    fx_row("IDX", IX_COMP_AGGREGATE, 2, "", NAN, 0)};
        rows[0].gp_lower = 2;
        rows[0].gp_upper = 12;
        rows[0].gp_scale = 100;
        ix_diag d;
        const char *uc[] = {"a", "b", "c", "e"};
        assert_int_equal(ix_comp_model_new(rows, 2, "meta.csv", NULL, &m, &d), IX_OK);
        assert_int_equal(ix_comp_model_set_units(m, 4, uc, uc, NULL, 1, "data.csv", &d), IX_OK);
        assert_int_equal(ix_comp_model_set_values(m, "i1", cols[0], 2, &d), IX_OK);
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        fx_recipe(&r, 2, NORM_AGG);
        r.steps[0].method = IX_NORM_GOALPOSTS;
        assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
        const double *y = ix_comp_plan_scores(p, 0);
        double want[2][4] = {{0, 30, 80, 100}, {100, 70, 20, 0}};
        for (int u = 0; u < 4; u++)
            FX_NEAR(y[u], want[dir == 1 ? 0 : 1][u]);
        ix_comp_plan_free(p);
        ix_comp_model_free(m);
    }
}

/* Three children with weights 1, 2, 1; unit 1 has 10 20 40, unit 2 has
 * 10 NA 40 (the missing child skipped, weights 1, 1 renormalised).
 * amean: (10 + 40 + 40)/4 = 22.5;   (10 + 40)/2 = 25
 * gmean: (10·20²·40)^(1/4) = 160000^(1/4) = 20;   (10·40)^(1/2) = 20
 * hmean: 4/(1/10 + 2/20 + 1/40) = 4/0.225 = 17.7…;   2/(0.1 + 0.025) = 16
 * mazziotta_pareto (weighted, population sd): unit 1 M = 22.5,
 * S² = (12.5² + 2·2.5² + 17.5²)/4 = 118.75, S·cv = S²/M = 5.2…,
 * "neg": 22.5 − 118.75/22.5 = 17.2…; unit 2 M = 25, S² = 225, 25 − 9 = 16. */
static void test_aggregate_methods(void **state)
{
    (void)state;
    const double cols[3][FX_MAX] = {{10, 10}, {20, NAN}, {40, 40}};
    const double want[4][2] = {{22.5, 25}, {20, 20}, {4 / 0.225, 16}, {22.5 - 118.75 / 22.5, 16}};
    for (int method = IX_COMP_AGG_AMEAN; method <= IX_COMP_AGG_MPI; method++) {
        ix_comp_model *m = fx_flat(3, (double[]){1, 2, 1}, (int[]){1, 1, 1}, 2, cols, NULL, 0);
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        ix_diag d;
        fx_recipe(&r, 1, AGG);
        r.steps[0].method = method;
        assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
        const double *y = ix_comp_plan_scores(p, 3);
        FX_NEAR(y[0], want[method - 1][0]);
        FX_NEAR(y[1], want[method - 1][1]);
        ix_comp_plan_free(p);
        ix_comp_model_free(m);
    }
}

/* "pos" penalty: 22.5 + 118.75/22.5; dat_thresh 0.9: unit 2 has 2/3 of its
 * children, below 0.9, so its index is missing. */
static void test_aggregate_penalty_and_thresh(void **state)
{
    (void)state;
    const double cols[3][FX_MAX] = {{10, 10}, {20, NAN}, {40, 40}};
    ix_comp_model *m = fx_flat(3, (double[]){1, 2, 1}, (int[]){1, 1, 1}, 2, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 1, AGG);
    r.steps[0].method = IX_COMP_AGG_MPI;
    r.steps[0].penalty_pos = 1;
    r.steps[0].dat_thresh = 0.9;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 3)[0], 22.5 + 118.75 / 22.5);
    FX_NEAR(ix_comp_plan_scores(p, 3)[1], NAN);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* The default minmax [0, 100] puts a 0 under gmean: an error that names the
 * aggregate's IMETA row and suggests the [1, 100] range. */
static void test_gmean_nonpositive(void **state)
{
    (void)state;
    const double cols[2][FX_MAX] = {{1, 2, 3}, {3, 1, 2}};
    ix_comp_model *m = fx_flat(2, (double[]){1, 1}, (int[]){1, 1}, 3, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    fx_recipe(&r, 2, NORM_AGG);
    r.steps[1].method = IX_COMP_AGG_GMEAN;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_ERR_INPUT);
    assert_string_equal(d.file, "meta.csv");
    assert_int_equal(d.line, 4);
    assert_non_null(strstr(d.message, "[1, 100]"));
    ix_comp_plan_free(p);
    /* With range [1, 100] it runs. */
    r.steps[0].range[0] = 1;
    p = NULL;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* impute: x = 1 NA 3 11 10 8 NA, groups A A A A B B B.
 * mean of the known values (1, 3, 11, 10, 8) = 33/5 = 6.6; median = 8.
 * By group: A knows 1 3 11 → mean 5, median 3; B knows 10 8 → 9 and 9. */
static void test_impute(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{1, NAN, 3, 11, 10, 8, NAN}};
    const char *labels[] = {"A", "A", "A", "A", "B", "B", "B"};
    ix_comp_meta_row grp = fx_row("region", IX_COMP_GROUP, 0, "", NAN, 0);
    const double want[4][2] = {{6.6, 6.6}, {8, 8}, {5, 9}, {3, 9}};
    for (int method = IX_IMPUTE_MEAN; method <= IX_IMPUTE_MEDIAN_GRP; method++) {
        ix_comp_model *m = fx_flat(1, (double[]){1}, (int[]){1}, 7, cols, &grp, 1);
        ix_diag d;
        assert_int_equal(ix_comp_model_set_groups(m, "region", labels, &d), IX_OK);
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        const ix_comp_step_kind kinds[] = {IX_STEP_IMPUTE, IX_STEP_AGGREGATE};
        fx_recipe(&r, 2, kinds);
        r.steps[0].method = method;
        snprintf(r.steps[0].group, sizeof r.steps[0].group, "region");
        assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
        const double *y = ix_comp_plan_scores(p, 0);
        FX_NEAR(y[1], want[method - 1][0]);
        FX_NEAR(y[6], want[method - 1][1]);
        FX_NEAR(y[3], 11); /* known values untouched */
        assert_int_equal(ix_comp_plan_unit_imputed(p, 1), 1);
        assert_int_equal(ix_comp_plan_unit_imputed(p, 0), 0);
        ix_comp_plan_free(p);
        ix_comp_model_free(m);
    }
}

/* A group where every value is missing stays missing (nothing to take). */
static void test_impute_empty_group(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{1, 2, NAN, NAN}};
    const char *labels[] = {"A", "A", "B", "B"};
    ix_comp_meta_row grp = fx_row("g", IX_COMP_GROUP, 0, "", NAN, 0);
    ix_comp_model *m = fx_flat(1, (double[]){1}, (int[]){1}, 4, cols, &grp, 1);
    ix_diag d;
    assert_int_equal(ix_comp_model_set_groups(m, "g", labels, &d), IX_OK);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    const ix_comp_step_kind kinds[] = {IX_STEP_IMPUTE, IX_STEP_AGGREGATE};
    fx_recipe(&r, 2, kinds);
    r.steps[0].method = IX_IMPUTE_MEAN_GRP;
    snprintf(r.steps[0].group, sizeof r.steps[0].group, "g");
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    FX_NEAR(ix_comp_plan_scores(p, 0)[2], NAN);
    assert_int_equal(ix_comp_plan_unit_imputed(p, 2), 0);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* screen dat_thresh 0.5: unit 3 has 1 of 3 indicators (0.33 < 0.5) and is
 * left out; unit 2 has 2 of 3 (0.67) and stays. Minmax then runs over the
 * remaining units only: i1 = 1 2 _ 4 → 0 33.3 _ 100. */
static void test_screen(void **state)
{
    (void)state;
    const double cols[3][FX_MAX] = {{1, 2, 100, 4}, {1, NAN, NAN, 3}, {5, 6, NAN, 8}};
    ix_comp_model *m = fx_flat(3, (double[]){1, 1, 1}, (int[]){1, 1, 1}, 4, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    const ix_comp_step_kind kinds[] = {IX_STEP_SCREEN, IX_STEP_NORMALISE, IX_STEP_AGGREGATE};
    fx_recipe(&r, 3, kinds);
    r.steps[0].dat_thresh = 0.5;
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    assert_true(ix_comp_plan_unit_screened(p, 2));
    assert_false(ix_comp_plan_unit_active(p, 2));
    assert_true(ix_comp_plan_unit_active(p, 1));
    FX_NEAR(ix_comp_plan_scores(p, 0)[1], 100.0 / 3);
    FX_NEAR(ix_comp_plan_scores(p, 0)[3], 100);
    FX_NEAR(ix_comp_plan_scores(p, 3)[2], NAN);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* denominate: x = 10 20 30 NA over 2 4 0.5 1 → 5 5 60 NA; a zero
 * denominator is an error naming the data row and denominator column. */
static void test_denominate(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{10, 20, 30, NAN}};
    ix_comp_meta_row den = fx_row("pop", IX_COMP_DENOMINATOR, 0, "", NAN, 0);
    ix_comp_model *m = NULL;
    ix_comp_meta_row rows[3] = {fx_row("i1", IX_COMP_INDICATOR, 1, "IDX", 1, 1),
                                fx_row("IDX", IX_COMP_AGGREGATE, 2, "", NAN, 0), den};
    rows[0].denominator = "pop";
    ix_diag d;
    const char *uc[] = {"a", "b", "c", "e"};
    long lines[] = {2, 3, 4, 5};
    assert_int_equal(ix_comp_model_new(rows, 3, "meta.csv", NULL, &m, &d), IX_OK);
    assert_int_equal(ix_comp_model_set_units(m, 4, uc, uc, lines, 1, "data.csv", &d), IX_OK);
    assert_int_equal(ix_comp_model_set_values(m, "i1", cols[0], 2, &d), IX_OK);
    assert_int_equal(ix_comp_model_set_values(m, "pop", (double[]){2, 4, 0.5, 1}, 3, &d), IX_OK);
    assert_int_equal(ix_comp_model_finish(m, &d), IX_OK);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    const ix_comp_step_kind kinds[] = {IX_STEP_DENOMINATE, IX_STEP_AGGREGATE};
    fx_recipe(&r, 2, kinds);
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    const double *y = ix_comp_plan_scores(p, 0);
    FX_NEAR(y[0], 5);
    FX_NEAR(y[1], 5);
    FX_NEAR(y[2], 60);
    FX_NEAR(y[3], NAN);
    ix_comp_plan_free(p);
    p = NULL;
    assert_int_equal(ix_comp_model_set_values(m, "pop", (double[]){2, 0, 1, 1}, 3, &d), IX_OK);
    assert_int_equal(fx_run(m, &r, &p, &d), IX_ERR_INPUT);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 3);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

/* A withdrawn unit takes no part: minmax over the rest, no score, and a
 * re-run gives the same numbers (the plan is reusable). */
static void test_withdraw_and_rerun(void **state)
{
    (void)state;
    const double cols[1][FX_MAX] = {{2, 4, 100, 10}};
    ix_comp_model *m = fx_flat(1, (double[]){1}, (int[]){1}, 4, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    ix_comp_recipe_default(&r);
    assert_int_equal(ix_comp_plan_new(m, &r, &p, &d), IX_OK);
    assert_int_equal(ix_comp_plan_withdraw(p, 2, &d), IX_OK);
    for (int run = 0; run < 3; run++) {
        assert_int_equal(ix_comp_plan_run(p, &d), IX_OK);
        const double *y = ix_comp_plan_scores(p, 1);
        FX_NEAR(y[0], 0);
        FX_NEAR(y[1], 25);
        FX_NEAR(y[2], NAN);
        FX_NEAR(y[3], 100);
    }
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minmax),
        cmocka_unit_test(test_minmax_zero_variance),
        cmocka_unit_test(test_zscore),
        cmocka_unit_test(test_rank_ties),
        cmocka_unit_test(test_dist2targ),
        cmocka_unit_test(test_goalposts),
        cmocka_unit_test(test_aggregate_methods),
        cmocka_unit_test(test_aggregate_penalty_and_thresh),
        cmocka_unit_test(test_gmean_nonpositive),
        cmocka_unit_test(test_impute),
        cmocka_unit_test(test_impute_empty_group),
        cmocka_unit_test(test_screen),
        cmocka_unit_test(test_denominate),
        cmocka_unit_test(test_withdraw_and_rerun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
