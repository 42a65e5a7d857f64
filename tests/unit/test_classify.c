/* Class breaks and palettes: spec parsing, quantile/equal/diverging bounds,
 * Fisher-Jenks against a hand-worked example and against brute force over
 * every partition, the errors users meet, and ColorBrewer lookups. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/classify.h"
#include "indeks/palette.h"

static ix_class_spec spec(const char *text)
{
    ix_class_spec s;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_class_spec_parse(text, &s, &d), IX_OK);
    return s;
}

static void test_parse(void **state)
{
    (void)state;
    ix_class_spec s = spec("jenks:4");
    assert_int_equal(s.method, IX_CLASS_JENKS);
    assert_int_equal(s.k, 4);
    s = spec("breaks:90,95.5,105");
    assert_int_equal(s.method, IX_CLASS_BREAKS);
    assert_int_equal(s.k, 4);
    assert_true(s.breaks[1] == 95.5);
    s = spec("diverging:100");
    assert_int_equal(s.k, 7);
    assert_true(s.center == 100);
    s = spec("diverging:1:5");
    assert_int_equal(s.k, 5);
    const char *bad[] = {"kmeans:3", "jenks:", "jenks:x", "jenks:1", "jenks:12", "breaks:3,2",
                         "breaks:a", "diverging:", "diverging:100:", "quantile:5x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ix_diag d;
        ix_diag_clear(&d);
        ix_class_spec out;
        assert_int_equal(ix_class_spec_parse(bad[i], &out, &d), IX_ERR_USAGE);
        assert_string_equal(d.field, "classes"); /* a parameter, not a flag */
    }
}

static void test_quantile_equal(void **state)
{
    (void)state;
    double v[10] = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
    ix_classes c;
    ix_diag d;
    ix_class_spec s = spec("quantile:5");
    assert_int_equal(ix_classify(&s, v, 10, &c, &d), IX_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(c.count[i], 2);
    assert_true(c.bound[0] == 1 && c.bound[1] == 2 && c.bound[5] == 10);
    s = spec("equal:3");
    assert_int_equal(ix_classify(&s, v, 10, &c, &d), IX_OK);
    assert_true(c.bound[1] == 4 && c.bound[2] == 7);
    assert_int_equal(c.count[0], 4); /* 1,2,3,4: closed on the right */
    assert_int_equal(ix_class_of(&c, NAN), -1);
}

static void test_errors(void **state)
{
    (void)state;
    double v[6] = {1, 1, 2, 2, 3, NAN};
    ix_classes c;
    ix_diag d;
    ix_class_spec s = spec("jenks:4");
    assert_int_equal(ix_classify(&s, v, 6, &c, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "more classes (4) than distinct values (3)"));
    s = spec("diverging:5");
    double same[2] = {5, 5};
    assert_int_equal(ix_classify(&s, same, 2, &c, &d), IX_ERR_INPUT);
    double none[1] = {NAN};
    s = spec("quantile:2");
    assert_int_equal(ix_classify(&s, none, 1, &c, &d), IX_ERR_INPUT);
}

static void test_diverging(void **state)
{
    (void)state;
    double v[] = {62, 80, 99, 100, 104, 131, NAN};
    ix_classes c;
    ix_diag d;
    ix_class_spec s = spec("diverging:100");
    assert_int_equal(ix_classify(&s, v, 7, &c, &d), IX_OK);
    /* reach 38, 2*38/7 = 10.86 -> step 20: 30, 50, ..., 170; 100 mid-class */
    assert_int_equal(c.k, 7);
    for (int i = 0; i <= 7; i++)
        assert_true(fabs(c.bound[i] - (30 + 20 * i)) < 1e-9);
    assert_true(fabs((c.bound[0] + c.bound[7]) / 2 - 100) < 1e-9);
    assert_int_equal(ix_class_of(&c, 100), 3);
    assert_int_equal(c.missing, 1);
    s = spec("breaks:90,110");
    assert_int_equal(ix_classify(&s, v, 7, &c, &d), IX_OK);
    assert_int_equal(c.k, 3);
    assert_int_equal(c.count[0], 2);
    assert_int_equal(c.count[1], 3);
    assert_int_equal(c.count[2], 1);
    assert_true(c.open_ends);
}

static void test_jenks_hand(void **state)
{
    (void)state;
    /* Three obvious groups: the optimum cuts between them. By hand: each
     * group of three consecutive integers has SSD 2, total 6. */
    double v[] = {1, 2, 3, 10, 11, 12, 20, 21, 22};
    double up[3];
    double ssd = ix_jenks(v, 9, 3, up);
    assert_true(fabs(ssd - 6) < 1e-9);
    assert_true(up[0] == 3 && up[1] == 12 && up[2] == 22);
    /* Ties are never split: 5 fives and a 6 and 100 in two classes. */
    double t[] = {5, 5, 5, 5, 5, 6, 100};
    ssd = ix_jenks(t, 7, 2, up);
    assert_true(up[0] == 6 && up[1] == 100);
    /* By hand: {5,5,5,5,5,6} has mean 31/6, deviations five times -1/6 and
     * once 5/6: SSD = 5/36 + 25/36 = 5/6; {100} adds 0. */
    assert_true(fabs(ssd - 5.0 / 6) < 1e-9);
}

/* Brute force: every way to cut the distinct values into k intervals. */
static double ssd_range(const double *v, size_t n, double lo, double hi)
{
    double s = 0, s2 = 0, w = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > lo && v[i] <= hi) {
            s += v[i];
            s2 += v[i] * v[i];
            w++;
        }
    return w ? s2 - s * s / w : 0;
}

static double brute(const double *v, size_t n, const double *u, size_t m, int k, size_t from,
                    double lo, int left)
{
    if (left == 1)
        return ssd_range(v, n, lo, u[m - 1]);
    double best = INFINITY;
    for (size_t j = from; j + (size_t)left - 1 < m; j++) {
        double c = ssd_range(v, n, lo, u[j]) + brute(v, n, u, m, k, j + 1, u[j], left - 1);
        best = c < best ? c : best;
    }
    return best;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_jenks_brute_force(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int trial = 0; trial < 40; trial++) {
        double v[12] = {0}, u[12] = {0}, up[5];
        size_t n = 6 + (size_t)(trial % 7), m = 0;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i] = (double)((seed >> 16) % 30); /* small integers: ties happen */
        }
        qsort(v, n, sizeof *v, cmp);
        for (size_t i = 0; i < n; i++)
            if (m == 0 || v[i] != u[m - 1])
                u[m++] = v[i];
        for (int k = 2; k <= 4 && (size_t)k <= m; k++) {
            double got = ix_jenks(v, n, k, up);
            double want = brute(v, n, u, m, k, 0, -INFINITY, k);
            if (fabs(got - want) > 1e-7) {
                print_error("trial %d k %d: jenks %.9f, brute force %.9f\n", trial, k, got, want);
                fail();
            }
            assert_true(up[k - 1] == v[n - 1]); /* the last class ends at the maximum */
        }
    }
}

static void test_palettes(void **state)
{
    (void)state;
    uint32_t c[11];
    ix_diag d;
    ix_palette_kind kind;
    assert_int_equal(ix_palette_colors("Blues", 3, c, &kind, &d), IX_OK);
    assert_int_equal(kind, IX_PALETTE_SEQUENTIAL);
    assert_int_equal(c[0], 0xdeebf7); /* ColorBrewer Blues-3: light to dark */
    assert_int_equal(c[2], 0x3182bd);
    assert_int_equal(ix_palette_colors("RdBu", 7, c, &kind, &d), IX_OK);
    assert_int_equal(kind, IX_PALETTE_DIVERGING);
    assert_int_equal(c[0], 0xb2182b);
    assert_int_equal(c[3], 0xf7f7f7);
    assert_int_equal(c[6], 0x2166ac);
    assert_int_equal(ix_palette_colors("RdBu_r", 7, c, NULL, &d), IX_OK);
    assert_int_equal(c[0], 0x2166ac);
    assert_int_equal(ix_palette_colors("YlOrRd", 2, c, NULL, &d), IX_OK);
    assert_int_equal(c[0], 0xffeda0);
    assert_int_equal(c[1], 0xf03b20);
    assert_int_equal(ix_palette_colors("Viridis", 5, c, NULL, &d), IX_ERR_USAGE);
    assert_non_null(strstr(d.message, "unknown palette"));
    assert_int_equal(ix_palette_colors("Blues", 10, c, NULL, &d), IX_ERR_USAGE);
    assert_non_null(strstr(d.message, "3 to 9"));
    assert_int_equal(ix_palette_colors("PuOr", 11, c, NULL, &d), IX_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),           cmocka_unit_test(test_quantile_equal),
        cmocka_unit_test(test_errors),          cmocka_unit_test(test_diverging),
        cmocka_unit_test(test_jenks_hand),      cmocka_unit_test(test_jenks_brute_force),
        cmocka_unit_test(test_palettes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
