/* Issue 19.8: the sensitivity fast path with missing values gives the same
 * bytes as the general path (every replication through the recipe's
 * aggregate step, aggregate.c's operations). Synthetic data, generated here
 * with a fixed seed: 60 units × 12 indicators in 3 domains under an index,
 * about 8 % of the values missing, four pairs of identical units (exact
 * ties) and one unit missing a whole domain; the choices are the
 * weights (±25 % at levels 1 and 2), one indicator left out, the
 * normalisation range and the aggregation (amean / gmean), plus a
 * dat_thresh that makes some units fall back to their exact index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "indeks/demo.h"
#include "indeks/sensitivity.h"
#include "test_composite_fixture.h"

#define NU 60
#define NI 12
#define ND 3

static ix_comp_model *model(void)
{
    static const char *ic[NI] = {"a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4", "c1", "c2", "c3", "c4"};
    static const char *dc[ND] = {"A", "B", "C"};
    static char ucode[NU][8];
    const char *uc[NU];
    ix_comp_meta_row rows[NI + ND + 1];
    size_t n = 0;
    for (size_t i = 0; i < NI; i++)
        rows[n++] = fx_row(ic[i], IX_COMP_INDICATOR, 1, dc[i / 4], 1 + (double)(i % 3), i % 5 ? 1 : -1);
    for (size_t j = 0; j < ND; j++)
        rows[n++] = fx_row(dc[j], IX_COMP_AGGREGATE, 2, "IDX", 1 + (double)j, 0);
    rows[n++] = fx_row("IDX", IX_COMP_AGGREGATE, 3, "", NAN, 0);
    for (size_t u = 0; u < NU; u++) {
        snprintf(ucode[u], sizeof ucode[u], "u%zu", u);
        uc[u] = ucode[u];
    }
    ix_comp_model *m = NULL;
    ix_diag d;
    assert_int_equal(ix_comp_model_new(rows, n, "meta", NULL, &m, &d), IX_OK);
    assert_int_equal(ix_comp_model_set_units(m, NU, uc, uc, NULL, 1, "data", &d), IX_OK);
    ix_rng g;
    ix_rng_seed(&g, 19);
    static double x[NI][NU];
    for (size_t i = 0; i < NI; i++)
        for (size_t u = 0; u < NU; u++) {
            x[i][u] = 10 + 90 * ix_rng_uniform(&g);
            if (ix_rng_uniform(&g) < 0.08)
                x[i][u] = NAN;
        }
    for (size_t i = 0; i < NI; i++) {
        for (size_t u = 50; u < 54; u++) /* u50..u53 copy u10..u13: exact ties */
            x[i][u] = x[i][u - 40];
        if (i < 4) /* u59 has no value in domain A */
            x[i][59] = NAN;
        x[i][0] = 50; /* no domain empty for every unit; u0 complete */
    }
    for (size_t i = 0; i < NI; i++)
        assert_int_equal(ix_comp_model_set_values(m, ic[i], x[i], (long)i + 2, &d), IX_OK);
    assert_int_equal(ix_comp_model_finish(m, &d), IX_OK);
    return m;
}

static void compare(ix_sa_type type, const char *spec_text, const char *recipe_text)
{
    ix_comp_model *m = model();
    ix_sa_spec spec;
    ix_comp_recipe r;
    ix_diag d;
    assert_int_equal(ix_sa_spec_parse(spec_text, strlen(spec_text), "SA.json", &spec, &d), IX_OK);
    assert_int_equal(ix_comp_recipe_parse(recipe_text, strlen(recipe_text), "recipe", &r, &d), IX_OK);
    ix_sa_config cfg = {type, type == IX_SA_UA ? 3000 : 256, 5, 2, IX_SA_SAMPLER_DEFAULT, 50,
                        NULL, NULL, IX_SA_EST_CENTRED, 0};
    ix_sa_result *fast = NULL, *slow = NULL;
    if (ix_sa_composite(m, &r, &spec, &cfg, &fast, &d))
        fail_msg("%s", d.message);
    cfg.no_fast = 1;
    assert_int_equal(ix_sa_composite(m, &r, &spec, &cfg, &slow, &d), IX_OK);
    if (type == IX_SA_UA) {
        for (size_t u = 0; u < NU && getenv("IX_TEST_VERBOSE"); u++)
            fprintf(stderr, "%zu: %.17g %.17g\n", u, fast->mean[u], slow->mean[u]);
        assert_memory_equal(fast->mean, slow->mean, NU * sizeof(double));
        assert_memory_equal(fast->median, slow->median, NU * sizeof(double));
        assert_memory_equal(fast->q5, slow->q5, NU * sizeof(double));
        assert_memory_equal(fast->q95, slow->q95, NU * sizeof(double));
        assert_memory_equal(fast->unranked, slow->unranked, NU * sizeof(size_t));
        /* the ties are ties in every replication */
        for (size_t u = 50; u < 54; u++)
            assert_true(fast->mean[u] == fast->mean[u - 40]);
    } else {
        assert_memory_equal(fast->index, slow->index, spec.nchoices * sizeof(ix_sa_index));
        assert_true(fast->y_mean == slow->y_mean);
    }
    ix_sa_result_free(fast);
    ix_sa_result_free(slow);
    ix_comp_model_free(m);
}

static const char *SPEC =
    "{\"choices\": [{\"weights\": {\"levels\": [1, 2], \"noise\": 0.25}},"
    " {\"leave_out\": \"indicators\"},"
    " {\"step\": \"normalise\", \"alternatives\": [{\"method\": \"minmax\", \"range\": [1, 100]},"
    "                                            {\"method\": \"minmax\", \"range\": [10, 20]}]},"
    " {\"step\": \"aggregate\", \"alternatives\": [{\"method\": \"amean\"}, {\"method\": \"gmean\"}]}]}";
static const char *RECIPE = "[{\"normalise\": {\"method\": \"minmax\", \"range\": [1, 100]}}, {\"aggregate\": {}}]";

static void ua_fast_equals_general(void **state)
{
    (void)state;
    compare(IX_SA_UA, SPEC, RECIPE);
}

static void sa_fast_equals_general(void **state)
{
    (void)state;
    compare(IX_SA_SA, SPEC, RECIPE);
}

/* dat_thresh 0.7 leaves a domain with 1 of 4 children missing out for that
 * unit: those units take their exact index. */
static void dat_thresh_fast_equals_general(void **state)
{
    (void)state;
    compare(IX_SA_UA,
            "{\"choices\": [{\"weights\": {\"levels\": [1, 2], \"noise\": 0.25}},"
            " {\"step\": \"aggregate\", \"param\": \"dat_thresh\", \"values\": [0, 0.7, 1]}]}",
            RECIPE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ua_fast_equals_general),
        cmocka_unit_test(sa_fast_equals_general),
        cmocka_unit_test(dat_thresh_fast_equals_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
