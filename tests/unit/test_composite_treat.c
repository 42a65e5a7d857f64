/* Statistics kernels and the treat step, both branches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "composite/internal.h"
#include "test_composite_fixture.h"

/* e1071 type 2 by hand for x = 1 2 3 4 10: mean 4, d = −3 −2 −1 0 6,
 * Σd² = 50, Σd³ = 180, Σd⁴ = 1394, n = 5.
 * g1 = √5·180/50^1.5 = 1.1384199576606167, G1 = g1·√(5·4)/3 = 1.697056274847714.
 * r = 5·1394/50² = 2.788, G2 = (6·(2.788 − 3) + 6)·4/(3·2) = 3.152. */
static void test_skew_kurt(void **state)
{
    (void)state;
    double x[] = {1, 2, NAN, 3, 4, 10};
    FX_NEAR(ix_comp_skew(x, 6), 1.697056274847714);
    FX_NEAR(ix_comp_kurt(x, 6), 3.152);
    FX_NEAR(ix_comp_skew(x, 3), NAN); /* 2 values */
    double c[] = {5, 5, 5, 5};
    FX_NEAR(ix_comp_skew(c, 4), NAN); /* zero variance */
}

/* describe: 1 2 3 4 10 NA → min 1, max 10, mean 4, median 3,
 * sd = √(50/4) = 3.5355339059327378, 1 missing. */
static void test_describe(void **state)
{
    (void)state;
    double x[] = {10, 2, NAN, 3, 4, 1}, s[6];
    ix_comp_stats st;
    ix_comp_describe(x, 6, s, &st);
    FX_NEAR(st.min, 1);
    FX_NEAR(st.max, 10);
    FX_NEAR(st.mean, 4);
    FX_NEAR(st.median, 3);
    FX_NEAR(st.sd, sqrt(12.5));
    assert_int_equal(st.missing, 1);
    assert_int_equal(st.n, 5);
}

/* Pearson: x = 1 2 3 4, y = 2 4 5 9: mean 2.5 and 5, dx = −1.5 −.5 .5 1.5,
 * dy = −3 −1 0 4; Σdxdy = 4.5 + .5 + 0 + 6 = 11, Σdx² = 5, Σdy² = 26,
 * r = 11/√130 = 0.9647638212377322. A pair with NA is dropped. */
static void test_pearson(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, 4, 7}, y[] = {2, 4, 5, 9, NAN};
    FX_NEAR(ix_comp_pearson(x, y, 5), 11 / sqrt(130));
}

/* Winsorising succeeds (COINr's own example): x = 1..10, 30, 100 has
 * skew 3.063 and kurtosis 9.741, failing both thresholds. Skew >= 0, so
 * the maximum 100 becomes the next value 30; then skew 1.712 < 2: passes
 * after one point (nwin = 1). */
static void test_treat_winsorise(void **state)
{
    (void)state;
    double x[12], s[12];
    for (int i = 0; i < 10; i++)
        x[i] = i + 1;
    x[10] = 30;
    x[11] = 100;
    FX_NEAR(ix_comp_skew(x, 12), 3.0632410342394985);
    ix_comp_treatment t;
    ix__comp_treat_column(x, 12, 5, 2, 3.5, s, &t);
    assert_int_equal(t.kind, IX_TREAT_WINSOR);
    assert_int_equal(t.nwin, 1);
    assert_true(t.high);
    FX_NEAR(x[11], 30);
    FX_NEAR(x[10], 30);
    FX_NEAR(t.skew, 1.7120380600890506);
    FX_NEAR(t.kurt, 1.8157805377242044);
}

/* Ties move together and count as COINr counts them: x = 1..20, 1000,
 * 2000 (skew 3.63, kurt 13.3). Step 1: 2000 → 1000, still failing (skew
 * 3.057, kurt 8.08). Step 2: both 1000s → 20, nwin = 2 (the size of the
 * last high group), skew −0.0945: passes. With winmax = 1 the first step
 * leaves nwin = 1 >= winmax and failing, so the ORIGINAL values are
 * log-transformed: log(x − 1 + 0.01·1999) = log(x + 18.99). */
static void test_treat_ties_and_log(void **state)
{
    (void)state;
    double x[22], orig[22], s[22];
    for (int i = 0; i < 20; i++)
        x[i] = i + 1;
    x[20] = 1000;
    x[21] = 2000;
    memcpy(orig, x, sizeof x);
    ix_comp_treatment t;
    ix__comp_treat_column(x, 22, 5, 2, 3.5, s, &t);
    assert_int_equal(t.kind, IX_TREAT_WINSOR);
    assert_int_equal(t.nwin, 2);
    FX_NEAR(x[20], 20);
    FX_NEAR(x[21], 20);
    FX_NEAR(t.skew, -0.09449573196380336);

    memcpy(x, orig, sizeof x);
    ix__comp_treat_column(x, 22, 1, 2, 3.5, s, &t);
    assert_int_equal(t.kind, IX_TREAT_LOG);
    FX_NEAR(x[0], log(19.99));
    FX_NEAR(x[21], log(2018.99));
    FX_NEAR(x[0], 2.995232148512309);
    FX_NEAR(t.skew, 2.9458627569958113); /* still skewed: reported, not hidden */
}

/* Negative skew winsorises the minimum; NA is left alone; a passing
 * indicator is untouched; fewer than 4 values are skipped. */
static void test_treat_low_and_na(void **state)
{
    (void)state;
    double x[13], s[13];
    for (int i = 0; i < 10; i++)
        x[i] = -(i + 1);
    x[10] = -30;
    x[11] = -100;
    x[12] = NAN;
    ix_comp_treatment t;
    ix__comp_treat_column(x, 13, 5, 2, 3.5, s, &t);
    assert_int_equal(t.kind, IX_TREAT_WINSOR);
    assert_false(t.high);
    FX_NEAR(x[11], -30);
    FX_NEAR(x[12], NAN);
    double ok[] = {1, 2, 3, 4, 5};
    ix__comp_treat_column(ok, 5, 5, 2, 3.5, s, &t);
    assert_int_equal(t.kind, IX_TREAT_NONE);
    FX_NEAR(ok[4], 5);
    double few[] = {1, 2, 1000};
    ix__comp_treat_column(few, 3, 5, 2, 3.5, s, &t);
    assert_int_equal(t.kind, IX_TREAT_SKIPPED);
}

/* The treat step inside a plan records what it did per indicator. */
static void test_treat_step(void **state)
{
    (void)state;
    const double cols[2][FX_MAX] = {{1, 2, 3, 4, 5, 6, 7, 1000}, {1, 2, 3, 4, 5, 6, 7, 8}};
    ix_comp_model *m = fx_flat(2, (double[]){1, 1}, (int[]){1, 1}, 8, cols, NULL, 0);
    ix_comp_recipe r;
    ix_comp_plan *p = NULL;
    ix_diag d;
    const ix_comp_step_kind kinds[] = {IX_STEP_TREAT, IX_STEP_NORMALISE, IX_STEP_AGGREGATE};
    fx_recipe(&r, 3, kinds);
    assert_int_equal(fx_run(m, &r, &p, &d), IX_OK);
    /* 1..7, 1000: one winsorisation (1000 → 7) passes. */
    assert_int_equal(ix_comp_plan_treatment(p, 0)->kind, IX_TREAT_WINSOR);
    assert_int_equal(ix_comp_plan_treatment(p, 1)->kind, IX_TREAT_NONE);
    /* Two units now tie at the top of i1 (7 → minmax 100). */
    FX_NEAR(ix_comp_plan_scores(p, 0)[6], 100);
    FX_NEAR(ix_comp_plan_scores(p, 0)[7], 100);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skew_kurt),        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_pearson),          cmocka_unit_test(test_treat_winsorise),
        cmocka_unit_test(test_treat_ties_and_log), cmocka_unit_test(test_treat_low_and_na),
        cmocka_unit_test(test_treat_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
