/* "Lær af" (learn.h), worked by hand on 13 SYNTHETIC units:
 * codes 101..113, burden x = 1.00, 1.01, ..., 1.12 (unit i: 1 + i/100).
 * For 101 (x 1.00) the ten nearest are 102..111 (distances .01 ... .10).
 * One domain with scores: 101 50; 102 60; 103 40; 104 70; 105 55;
 * 106..111 30; 112 99; 113 99 (112 and 113 are not peers).
 * Better peers, best first: 104 (70), 102 (60), 105 (55).
 * Indicator I1 (higher better, Target 10): values 101 5, 102 12, 104 9,
 * 105 10, the rest 0: 101 misses it; met by 102 and 105 (10 >= 10), not 104.
 * Indicator I2 (lower better, no Target, no recommendation): never listed.
 * Indicator I3 (lower better, no Target): values u -> u's index (0..12),
 * median 6: 101 (0) meets it, so it is never listed either. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/learn.h"

static void test_learn(void **state)
{
    (void)state;
    int codes[13];
    double x[13], score[13], i1[13], i2[13], i3[13];
    const double sc[13] = {50, 60, 40, 70, 55, 30, 30, 30, 30, 30, 30, 99, 99};
    for (int i = 0; i < 13; i++) {
        codes[i] = 101 + i;
        x[i] = 1 + i / 100.0;
        score[i] = sc[i];
        i1[i] = 0;
        i2[i] = i;
        i3[i] = i;
    }
    i1[0] = 5;
    i1[1] = 12;
    i1[3] = 9;
    i1[4] = 10;
    ix_learn_indicator ind[3] = {{"I1", "En", "Gør det", 1, 10, i1},
                                 {"I2", "To", "", -1, NAN, i2},
                                 {"I3", "Tre", "Gør mindre", -1, NAN, i3}};
    ix_learn_domain dom = {"D", "Domæne", score, 3, ind};
    ix_learn_in in = {13, codes, x, 1, &dom};
    ix_learn l;
    ix_diag d;
    assert_int_equal(ix_learn_compute(&in, 101, &l, &d), IX_OK);
    assert_int_equal(l.npeers, 10);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(l.peers[i], i + 1); /* 102 .. 111 */
    assert_int_equal(l.domains[0].nbetter, 3);
    assert_int_equal(l.domains[0].better[0], 3); /* 104 */
    assert_int_equal(l.domains[0].better[1], 1); /* 102 */
    assert_int_equal(l.domains[0].better[2], 4); /* 105 */
    const unsigned char *r = l.domains[0].recs; /* [peer * 3 + indicator] */
    assert_int_equal(r[0 * 3 + 0], 0);          /* 104 misses I1 (9 < 10) */
    assert_int_equal(r[1 * 3 + 0], 1);          /* 102 meets I1 */
    assert_int_equal(r[2 * 3 + 0], 1);          /* 105 meets I1 (10 >= 10) */
    for (size_t p = 0; p < 3; p++) {
        assert_int_equal(r[p * 3 + 1], 0); /* no recommendation */
        assert_int_equal(r[p * 3 + 2], 0); /* 101 meets I3 itself */
    }
    assert_true(ix_learn_meets(&ind[2], 13, 0));
    assert_false(ix_learn_meets(&ind[2], 13, 12)); /* 12 > median 6 */
    ix_learn_free(&l);
    x[0] = NAN;
    assert_int_equal(ix_learn_compute(&in, 101, &l, &d), IX_ERR_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_learn)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
