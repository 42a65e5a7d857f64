/* The sensitivity engine against values worked out independently: the
 * Sobol' sequence's first points as published, R's quantile type 7, the
 * Sobol' indices of the Ishigami function (analytic), and the rank
 * percentiles of a tiny composite index enumerated exhaustively. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "indeks/sensitivity.h"
#include "test_composite_fixture.h"

#define NEAR(a, b, tol)                                                                       \
    do {                                                                                      \
        double a_ = (a), b_ = (b);                                                            \
        if (!(fabs(a_ - b_) <= (tol)))                                                        \
            fail_msg("%s = %.6f, expected %.6f (± %g)", #a, a_, b_, (double)(tol));          \
    } while (0)

/* ---- Sobol' ------------------------------------------------------------ */

static void sobol_first_points(void **state)
{
    (void)state;
    /* Unscrambled Sobol' points in Gray-code order: SciPy's documented
     * qmc.Sobol(d=2, scramble=False).random_base2(3) for dimensions 1-2, and
     * dimension 3 (s = 2, a = 1, m = 1, 3 in Joe & Kuo's table) from
     * Joe & Kuo's generator. */
    static const double want[8][3] = {{0, 0, 0},           {0.5, 0.5, 0.5},       {0.75, 0.25, 0.25},
                                      {0.25, 0.75, 0.75},  {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125},
                                      {0.625, 0.125, 0.875}, {0.125, 0.625, 0.375}};
    ix_sobol s;
    ix_diag d;
    assert_int_equal(ix_sobol_init(&s, 3, &d), IX_OK);
    for (uint32_t n = 0; n < 8; n++) {
        double x[3];
        ix_sobol_point(&s, n, x);
        for (int j = 0; j < 3; j++)
            NEAR(x[j], want[n][j], 0);
    }
    assert_int_not_equal(ix_sobol_init(&s, IX_SOBOL_MAX_DIM + 1, &d), IX_OK);
    /* Every dimension up to the maximum: the first 2^k points hit each
     * dyadic interval of length 2^-k exactly once (a (0, k, 1)-net). */
    assert_int_equal(ix_sobol_init(&s, IX_SOBOL_MAX_DIM, &d), IX_OK);
    int seen[IX_SOBOL_MAX_DIM][64];
    memset(seen, 0, sizeof seen);
    for (uint32_t n = 0; n < 64; n++) {
        double x[IX_SOBOL_MAX_DIM];
        ix_sobol_point(&s, n, x);
        for (int j = 0; j < IX_SOBOL_MAX_DIM; j++)
            seen[j][(int)(x[j] * 64)]++;
    }
    for (int j = 0; j < IX_SOBOL_MAX_DIM; j++)
        for (int b = 0; b < 64; b++)
            assert_int_equal(seen[j][b], 1);
}

static void quantile_type7(void **state)
{
    (void)state;
    /* R: quantile(c(1, 2, 3, 4, 10), c(0, .05, .5, .95, 1)) = 1 1.2 3 8.8 10 */
    const double x[] = {1, 2, 3, 4, 10};
    NEAR(ix_sa_quantile7(x, 5, 0), 1, 1e-12);
    NEAR(ix_sa_quantile7(x, 5, 0.05), 1.2, 1e-12);
    NEAR(ix_sa_quantile7(x, 5, 0.5), 3, 1e-12);
    NEAR(ix_sa_quantile7(x, 5, 0.95), 8.8, 1e-12);
    NEAR(ix_sa_quantile7(x, 5, 1), 10, 1e-12);
}

/* ---- Ishigami ---------------------------------------------------------- */

static double ishigami(const double *u)
{
    const double pi = 3.14159265358979323846;
    double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

/* COINr's SA_estimate against the centred default, by hand on N = 2, d = 1,
 * rows (yA, yB, yAB1) = (1, 2, 3) and (3, 1, 2):
 * V = var(1, 3, 2, 1) = 2.75/3 = 11/12 (mean 1.75).
 * COINr (uncentred): Si = ½(2·(3 − 1) + 1·(2 − 3))/V = 1.5·12/11 = 18/11.
 * Centred: yB − 1.75 = 0.25, −0.75: Si = ½(0.25·2 + 0.75)/V = 0.625·12/11 = 15/22.
 * Both: STi = ((1 − 3)² + (3 − 2)²)/(2·2·V) = 5·12/44 = 15/11. */
static void estimator_coinr(void **state)
{
    (void)state;
    const double y[6] = {1, 2, 3, 3, 1, 2};
    ix_sa_index a, b;
    double mean, var;
    ix_diag d;
    assert_int_equal(ix_sa_estimate_coinr(y, 2, 1, 0, 1, &mean, &var, &a, &d), IX_OK);
    assert_int_equal(ix_sa_estimate(y, 2, 1, 0, 1, &mean, &var, &b, &d), IX_OK);
    NEAR(var, 11.0 / 12, 1e-15);
    NEAR(a.si, 18.0 / 11, 1e-14);
    NEAR(b.si, 15.0 / 22, 1e-14);
    NEAR(a.sti, 15.0 / 11, 1e-14);
    NEAR(b.sti, 15.0 / 11, 1e-14);
    /* with a bootstrap: the 5-95 % interval holds resampled values only */
    assert_int_equal(ix_sa_estimate_coinr(y, 2, 1, 100, 1, &mean, &var, &a, &d), IX_OK);
    assert_true(a.si_lo <= a.si_hi && a.si_lo >= -12.0 / 11 - 1e-12 && a.si_hi <= 48.0 / 11 + 1e-12);
}

static void ishigami_indices(void **state)
{
    (void)state;
    enum { N = 8192, D = 3 };
    double *y = malloc((size_t)N * (D + 2) * sizeof *y);
    assert_non_null(y);
    ix_sobol s;
    ix_diag d;
    assert_int_equal(ix_sobol_init(&s, 2 * D, &d), IX_OK);
    for (uint32_t r = 0; r < N; r++) {
        double p[2 * D], ab[D];
        ix_sobol_point(&s, r + 1, p);
        double *row = y + (size_t)r * (D + 2);
        row[0] = ishigami(p);
        row[1] = ishigami(p + D);
        for (int i = 0; i < D; i++) {
            memcpy(ab, p, sizeof ab);
            ab[i] = p[D + i];
            row[2 + i] = ishigami(ab);
        }
    }
    ix_sa_index ix[D];
    double mean, var;
    assert_int_equal(ix_sa_estimate(y, N, D, 200, 7, &mean, &var, ix, &d), IX_OK);
    /* a = 7, b = 0.1: V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.8446 */
    NEAR(var, 13.8446, 0.3);
    const double s1[D] = {0.3139, 0.4424, 0}, st[D] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < D; i++) {
        NEAR(ix[i].si, s1[i], 0.03);
        NEAR(ix[i].sti, st[i], 0.03);
        assert_true(ix[i].si_lo <= ix[i].si && ix[i].si <= ix[i].si_hi);
        assert_true(ix[i].sti_lo <= ix[i].sti && ix[i].sti <= ix[i].sti_hi);
    }
    free(y);
}

/* ---- a tiny composite index, enumerated -------------------------------- */

/* 3 units, 2 indicators (weights 1 and 2) under one index. */
static const double cols[2][FX_MAX] = {{1, 4, 10}, {8, 6, 1}};
static const double wts[2] = {1, 2};

static ix_comp_model *tiny(void)
{
    static const int dir[2] = {1, 1};
    ix_comp_model *m = fx_flat(2, wts, dir, 3, cols, NULL, 0);
    ix_diag d;
    assert_non_null(m);
    assert_int_equal(ix_comp_model_finish(m, &d), IX_OK);
    return m;
}

static const char tiny_spec[] =
    "{\"choices\": [\n"
    "  {\"step\": \"normalise\", \"alternatives\": [{\"method\": \"minmax\", \"range\": [1, 100]},\n"
    "                                          {\"method\": \"rank\"}]},\n"
    "  {\"step\": \"aggregate\", \"alternatives\": [{\"method\": \"amean\"}, {\"method\": \"gmean\"}]},\n"
    "  {\"leave_out\": \"indicators\"}]}\n";

/* The index of every combination worked out here, without the engine. */
static void exact_ranks(double ranks[3][12])
{
    int c = 0;
    for (int lo = 0; lo < 3; lo++)
        for (int agg = 0; agg < 2; agg++)
            for (int norm = 0; norm < 2; norm++, c++) {
                double score[3];
                for (int u = 0; u < 3; u++) {
                    double sw = 0, acc = 0;
                    for (int i = 0; i < 2; i++) {
                        double x = cols[i][u], mn = INFINITY, mx = -INFINITY;
                        for (int v = 0; v < 3; v++) {
                            mn = fmin(mn, cols[i][v]);
                            mx = fmax(mx, cols[i][v]);
                        }
                        double z = 0;
                        if (norm == 0)
                            z = 1 + (x - mn) / (mx - mn) * 99;
                        else
                            for (int v = 0; v < 3; v++)
                                z += cols[i][v] <= x;
                        double w = lo == i + 1 ? 0 : wts[i];
                        sw += w;
                        acc += agg == 0 ? w * z : w * log(z);
                    }
                    score[u] = agg == 0 ? acc / sw : exp(acc / sw);
                }
                for (int u = 0; u < 3; u++) {
                    int r = 1;
                    for (int v = 0; v < 3; v++)
                        r += score[v] > score[u];
                    ranks[u][c] = r;
                }
            }
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run_tiny(ix_sa_sampler sampler, size_t n, unsigned threads, ix_sa_result **r)
{
    ix_comp_model *m = tiny();
    ix_comp_recipe rec;
    ix_sa_spec spec;
    ix_diag d;
    ix_comp_recipe_default(&rec);
    assert_int_equal(ix_sa_spec_parse(tiny_spec, strlen(tiny_spec), "SA.json", &spec, &d), IX_OK);
    ix_sa_config cfg = {IX_SA_UA, n, 42, threads, sampler, 0, NULL, NULL, IX_SA_EST_CENTRED, 0};
    ix_status st = ix_sa_composite(m, &rec, &spec, &cfg, r, &d);
    if (st)
        fail_msg("%s", d.message);
    ix_comp_model_free(m);
}

static void ua_exhaustive(void **state)
{
    (void)state;
    double ranks[3][12];
    exact_ranks(ranks);
    ix_sa_result *r = NULL;
    run_tiny(IX_SA_SAMPLER_GRID, (size_t)12 * 7, 2, &r); /* every combination 7 times */
    for (int u = 0; u < 3; u++) {
        double sorted[12], mean = 0;
        memcpy(sorted, ranks[u], sizeof sorted);
        qsort(sorted, 12, sizeof sorted[0], cmp);
        for (int c = 0; c < 12; c++)
            mean += sorted[c] / 12;
        /* Repeating each value 7 times moves type-7 positions; expand. */
        double rep[84];
        for (int k = 0; k < 84; k++)
            rep[k] = sorted[k / 7];
        NEAR(r->mean[u], mean, 1e-12);
        NEAR(r->median[u], ix_sa_quantile7(rep, 84, 0.5), 1e-12);
        NEAR(r->q5[u], ix_sa_quantile7(rep, 84, 0.05), 1e-12);
        NEAR(r->q95[u], ix_sa_quantile7(rep, 84, 0.95), 1e-12);
    }
    /* Nominal (minmax, amean, all in): u1 (1, 100) → 67, u2 (34, 72.7) →
     * 59.8, u3 (100, 1) → 34: ranks 1, 2, 3. */
    assert_int_equal(r->nominal[0], 1);
    assert_int_equal(r->nominal[1], 2);
    assert_int_equal(r->nominal[2], 3);
    ix_sa_result_free(r);
}

static void ua_random_converges(void **state)
{
    (void)state;
    double ranks[3][12];
    exact_ranks(ranks);
    ix_sa_result *r = NULL;
    run_tiny(IX_SA_SAMPLER_RANDOM, 20000, 2, &r);
    for (int u = 0; u < 3; u++) {
        double mean = 0;
        for (int c = 0; c < 12; c++)
            mean += ranks[u][c] / 12;
        NEAR(r->mean[u], mean, 0.03);
    }
    ix_sa_result_free(r);
}

static void same_result_any_threads(void **state)
{
    (void)state;
    ix_sa_result *a = NULL, *b = NULL;
    run_tiny(IX_SA_SAMPLER_RANDOM, 3001, 1, &a);
    run_tiny(IX_SA_SAMPLER_RANDOM, 3001, 3, &b);
    assert_memory_equal(a->mean, b->mean, 3 * sizeof(double));
    assert_memory_equal(a->q5, b->q5, 3 * sizeof(double));
    assert_memory_equal(a->q95, b->q95, 3 * sizeof(double));
    ix_sa_result_free(a);
    ix_sa_result_free(b);
}

static void spec_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long line, col;
        const char *field;
    } bad[] = {
        {"{\"choices\": [\n  {\"step\": \"treat\", \"param\": \"winmax\", \"values\": [1, 2.5]}]}", 2, 40, "values"},
        {"{\"choices\": [\n  {\"step\": \"weigh\", \"alternatives\": []}]}", 2, 4, "step"},
        {"{\"choices\": [{\"leave_out\": \"indicators\"},\n   {\"weights\": {\"levels\": [2], \"noise\": 2}}]}", 2, 32, "noise"},
        {"{\"choices\": [\n {\"step\": \"normalise\", \"alternatives\": [{\"method\": \"minimax\"}]}]}", 2, 24, "alternatives"},
        {"{\"choices\": []}", 1, 2, "choices"},
        {"{\"choices\": [\n\n {\"leave_out\": \"units\"}]}", 3, 3, "leave_out"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ix_sa_spec sp;
        ix_diag d;
        ix_diag_clear(&d);
        assert_int_not_equal(ix_sa_spec_parse(bad[k].text, strlen(bad[k].text), "SA.json", &sp, &d), IX_OK);
        assert_string_equal(d.file, "SA.json");
        if (d.line != bad[k].line || d.column != bad[k].col || strcmp(d.field, bad[k].field) != 0)
            fail_msg("case %zu: %ld:%ld %s (%s), expected %ld:%ld %s", k, d.line, d.column, d.field,
                     d.message, bad[k].line, bad[k].col, bad[k].field);
    }
    ix_sa_spec sp;
    ix_diag d;
    const char *bad_json = "{\"choices\": [\n  {\"step\": }]}";
    assert_int_equal(ix_sa_spec_parse(bad_json, strlen(bad_json), "SA.json", &sp, &d), IX_ERR_PARSE);
    assert_int_equal(d.line, 2);
}

static void sa_on_tiny(void **state)
{
    (void)state;
    ix_comp_model *m = tiny();
    ix_comp_recipe rec;
    ix_sa_spec spec;
    ix_diag d;
    ix_comp_recipe_default(&rec);
    assert_int_equal(ix_sa_spec_parse(tiny_spec, strlen(tiny_spec), "SA.json", &spec, &d), IX_OK);
    ix_sa_result *a = NULL, *b = NULL;
    ix_sa_config cfg = {IX_SA_SA, 512, 3, 1, IX_SA_SAMPLER_DEFAULT, 100, NULL, NULL, IX_SA_EST_CENTRED, 0};
    assert_int_equal(ix_sa_composite(m, &rec, &spec, &cfg, &a, &d), IX_OK);
    cfg.threads = 2;
    assert_int_equal(ix_sa_composite(m, &rec, &spec, &cfg, &b, &d), IX_OK);
    assert_int_equal(a->nruns, 512 * 5);
    assert_memory_equal(a->index, b->index, 3 * sizeof *a->index);
    for (int j = 0; j < 3; j++) {
        assert_true(a->index[j].sti >= 0 && a->index[j].sti <= 1.2);
        assert_true(a->index[j].si <= a->index[j].sti + 0.1);
    }
    ix_sa_result_free(a);
    ix_sa_result_free(b);
    /* A choice the recipe cannot take is refused before any run. */
    const char *bad = "{\"choices\": [\n {\"step\": \"treat\", \"param\": \"winmax\", \"values\": [1]}]}";
    assert_int_equal(ix_sa_spec_parse(bad, strlen(bad), "SA.json", &spec, &d), IX_OK);
    assert_int_equal(ix_sa_composite(m, &rec, &spec, &cfg, &a, &d), IX_ERR_MODEL);
    assert_int_equal(d.line, 2);
    assert_null(a);
    ix_comp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sobol_first_points), cmocka_unit_test(quantile_type7),
        cmocka_unit_test(ishigami_indices),   cmocka_unit_test(ua_exhaustive),
        cmocka_unit_test(estimator_coinr),
        cmocka_unit_test(ua_random_converges), cmocka_unit_test(same_result_any_threads),
        cmocka_unit_test(spec_errors),        cmocka_unit_test(sa_on_tiny),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
