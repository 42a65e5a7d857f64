/* GUSA's indicators, Lorenz curve, Gini and concentration (issue 16), on
 * cases built by hand. Every expected value is worked out in the comments
 * from the facts below; no value is copied from the program's output. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/gusa_indicators.h"

#define EPS 1e-12

static ix_lorenz lorenz_of(const double *cost, size_t n)
{
    ix_lorenz l;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_lorenz_compute(cost, n, &l, &d), IX_OK);
    return l;
}

/* 0,0,0,0,100: the points (i/5, Y) are Y = 0,0,0,0,0,1. The trapezoids sum
 * to (1/5)(0+0+0+0+1) = 0.2, so Gini = 0.8; L(0.8) = 0: the top 20 % (one
 * family) hold everything; L(0.9) is halfway from (0.8, 0) to (1, 1): 0.5;
 * L(0.99) = 0.95, so the top 1 % hold 0.05. */
static void test_lorenz_one_holds_all(void **state)
{
    (void)state;
    const double c[] = {0, 0, 0, 0, 100};
    ix_lorenz l = lorenz_of(c, 5);
    assert_true(fabs(l.gini - 0.8) < EPS);
    assert_true(fabs(l.top20 - 1) < EPS);
    assert_true(fabs(l.top50 - 1) < EPS);
    assert_true(fabs(l.top1 - 0.05) < EPS);
    for (int k = 0; k <= 8; k++)
        assert_true(fabs(l.curve[k]) < EPS);
    assert_true(fabs(l.curve[9] - 0.5) < EPS);
    assert_true(fabs(l.curve[10] - 1) < EPS);
    assert_true(fabs(l.total - 100) < EPS);
}

/* Equal costs: the curve is the diagonal, Gini 0, the top 20 % hold 20 %. */
static void test_lorenz_equal(void **state)
{
    (void)state;
    const double c[] = {10, 10, 10, 10};
    ix_lorenz l = lorenz_of(c, 4);
    assert_true(fabs(l.gini) < EPS);
    assert_true(fabs(l.top20 - 0.2) < EPS);
    for (int k = 0; k <= 10; k++)
        assert_true(fabs(l.curve[k] - k / 10.0) < EPS);
}

/* 4,1,3,2 (unsorted; total 10): Y = 0, .1, .3, .6, 1 at X = 0, .25, .5,
 * .75, 1. Trapezoids: (1/4)(.1 + .4 + .9 + 1.6) = .75, Gini .25.
 * L(.1): .4 of the first step: .04. L(.5) = .3: top 50 % hold .7.
 * L(.8): p = 3.2, .6 + .2 (1 - .6) = .68: top 20 % hold .32. */
static void test_lorenz_interpolated(void **state)
{
    (void)state;
    const double c[] = {4, 1, 3, 2};
    ix_lorenz l = lorenz_of(c, 4);
    assert_true(fabs(l.gini - 0.25) < EPS);
    assert_true(fabs(l.curve[1] - 0.04) < EPS);
    assert_true(fabs(l.curve[5] - 0.3) < EPS);
    assert_true(fabs(l.top50 - 0.7) < EPS);
    assert_true(fabs(l.top20 - 0.32) < EPS);
}

static void test_lorenz_refuses(void **state)
{
    (void)state;
    ix_lorenz l;
    ix_diag d;
    const double neg[] = {1, -2};
    ix_diag_clear(&d);
    assert_int_equal(ix_lorenz_compute(neg, 2, &l, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "number 2"));
    const double zero[] = {0, 0};
    assert_int_equal(ix_lorenz_compute(zero, 2, &l, &d), IX_ERR_INPUT);
    assert_int_equal(ix_lorenz_compute(zero, 0, &l, &d), IX_ERR_INPUT);
    const double inf[] = {INFINITY};
    assert_int_equal(ix_lorenz_compute(inf, 1, &l, &d), IX_ERR_INPUT);
}

static long day(const char *iso)
{
    long d = -1;
    assert_int_equal(ix_gusa_date_days(iso, &d), 0);
    return d;
}

/* One case; dates as text ("" = none). */
static ix_gusa_fact_case mk(long long id, int kommune, long long family, const char *opened,
                            const char *closed, const char *concern, const char *action,
                            int max_step, double cost)
{
    ix_gusa_fact_case c;
    memset(&c, 0, sizeof c);
    c.id = id;
    c.kommune = kommune;
    c.family = family;
    c.opened = day(opened);
    c.closed = closed[0] ? day(closed) : -1;
    c.first_concern = concern[0] ? day(concern) : -1;
    c.first_action = action[0] ? day(action) : -1;
    c.max_step = max_step;
    c.cost = cost;
    if (max_step >= 0)
        c.cost_step[max_step] = cost;
    c.cost_centre[IX_GUSA_CENTRE_SOCIAL] = cost;
    return c;
}

#define B(c) (1u << (c))

/* Kommune 101 in 2025. Active (opened by 2025-12-31, not closed before
 * 2025-01-01): c1 c2 c3 c4 c5 c7 c8 (7 cases); c6 closed in 2024.
 *        lag  closed'25 max chg down goals(due,ok) centres net inv(n,7d) fam mtg(n,par) heard
 *   c1   10   -         1   0   0    1,1           1       1   2,1        1   2,2        5,5
 *   c2   21   yes       2   1   0    1,0           2       0   0,0        0   1,0        3
 *   c3   31   yes       4   2   1    0,0           3       1   1,1        0   1,1        4
 *   c4   -    yes       0   0   0    0,0           1       0   1,0        1   0,0        -
 *   c5   90   -         3   1   1    2,1           1       0   0,0        0   3,3        2
 *   c7   5    yes       2   1   1    1,1           0       0   1,1        1   1,0        1
 *   c8   8    yes       1   1   0    1,0           1       1   1,0        0   2,1        4,4
 * G01 median of 5 8 10 21 31 90 = (10 + 21) / 2 = 15.5
 * G02 closed in 2025: c2 c3 c4 c7 c8 (5), never above step 2: all but c3: 4/5
 * G03 cases with changes: c2 c3 c5 c7 c8 (5); downs 3 of 6 changes: 0.5
 * G04 cases with goals due: c1 c2 c5 c7 c8 (5); 3 of 6 on time: 0.5
 * G05 centres 1+2+3+1+1+0+1 = 9 over 7 cases
 * G06 3/7; G08 3/7
 * G07 cases with invitations: c1 c3 c4 c7 c8 (5); 3 of 6 within 7 days: 0.5
 * G09 cases with meetings: c1 c2 c3 c5 c7 c8 (6); 7 of 10 meetings: 0.7
 * G10 6 cases with feedback; scores 5 5 3 4 2 1 4 4: 28/8 = 3.5
 * G11, G12: no scores given: NA
 * G13, G14: families f1 100, f2 200, f3 300 (c3) + 0 (c4), f4 400, f6 0, f7 50:
 *   sorted 0 50 100 200 300 400, total 1050, cumulative 0 50 150 350 650 1050.
 *   Gini = 1 - (0+50 + 50+150 + 150+350 + 350+650 + 650+1050) / (6 * 1050)
 *        = 1 - 3450/6300 = 2850/6300;
 *   L(.8): p = 4.8, (350 + .8 * 300)/1050 = 590/1050: top 20 % = 460/1050.
 * Kommune 147 has one case: NA everywhere. */
static ix_gusa_facts *hand_facts(void)
{
    ix_gusa_facts *f = calloc(1, sizeof *f);
    f->cases = calloc(9, sizeof *f->cases);
    ix_gusa_fact_case *c = f->cases;
    c[0] = mk(1, 101, 1, "2025-01-10", "", "2025-01-01", "2025-01-11", 1, 100);
    c[0].opened_by_family = 1, c[0].centres = B(1), c[0].network = 1, c[0].invitations = 2,
    c[0].invitations_7d = 1, c[0].goals_due = 1, c[0].goals_on_time = 1, c[0].meetings = 2,
    c[0].meetings_custody = 2, c[0].feedback[0][4] = 2;
    c[1] = mk(2, 101, 2, "2024-06-01", "2025-03-01", "2024-05-20", "2024-06-10", 2, 200);
    c[1].step_changes = 1, c[1].centres = B(1) | B(4), c[1].goals_due = 1, c[1].meetings = 1,
    c[1].feedback[0][2] = 1;
    c[2] = mk(3, 101, 3, "2025-02-01", "2025-11-30", "2025-01-01", "2025-02-01", 4, 300);
    c[2].step_changes = 2, c[2].steps_down = 1, c[2].centres = B(2) | B(3) | B(4),
    c[2].network = 1, c[2].invitations = 1, c[2].invitations_7d = 1, c[2].meetings = 1,
    c[2].meetings_custody = 1, c[2].feedback[0][3] = 1;
    c[3] = mk(4, 101, 3, "2025-03-01", "2025-09-01", "", "2025-03-05", 0, 0);
    c[3].opened_by_family = 1, c[3].centres = B(4), c[3].invitations = 1;
    c[4] = mk(5, 101, 4, "2023-01-01", "", "2022-12-01", "2023-03-01", 3, 400);
    c[4].step_changes = 1, c[4].steps_down = 1, c[4].centres = B(1), c[4].goals_due = 2,
    c[4].goals_on_time = 1, c[4].meetings = 3, c[4].meetings_custody = 3, c[4].feedback[0][1] = 1;
    c[5] = mk(6, 101, 5, "2024-01-01", "2024-12-31", "2023-12-01", "2024-01-02", 6, 1000);
    c[6] = mk(7, 101, 6, "2025-05-05", "2025-06-01", "2025-05-01", "2025-05-06", 2, 0);
    c[6].step_changes = 1, c[6].steps_down = 1, c[6].opened_by_family = 1, c[6].invitations = 1,
    c[6].invitations_7d = 1, c[6].goals_due = 1, c[6].goals_on_time = 1, c[6].meetings = 1,
    c[6].feedback[0][0] = 1;
    c[7] = mk(8, 101, 7, "2025-04-01", "2025-10-01", "2025-03-25", "2025-04-02", 1, 50);
    c[7].step_changes = 1, c[7].centres = B(5), c[7].network = 1, c[7].invitations = 1,
    c[7].goals_due = 1, c[7].meetings = 2, c[7].meetings_custody = 1, c[7].feedback[0][3] = 2;
    c[8] = mk(9, 147, 8, "2025-01-01", "", "2025-01-01", "2025-01-02", 1, 10);
    f->n = 9;
    return f;
}

static void test_indicators_by_hand(void **state)
{
    (void)state;
    ix_gusa_facts *f = hand_facts();
    ix_gusa_indicators *r = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_gusa_indicators_compute(f, 2025, &r, &d), IX_OK);
    const int *codes = NULL;
    assert_int_equal(ix_gusa_indicators_kommuner(r, &codes), 2);
    assert_int_equal(codes[0], 101);
    assert_int_equal(codes[1], 147);
    assert_int_equal(ix_gusa_indicator_cases(r, 101), 7);
    assert_int_equal(ix_gusa_indicator_cases(r, 147), 1);
    const double want[IX_GUSA_NINDICATORS] = {15.5, 0.8, 0.5, 0.5, 9.0 / 7, 3.0 / 7, 0.5, 3.0 / 7,
                                              0.7, 3.5, NAN, NAN, 460.0 / 1050, 2850.0 / 6300};
    for (size_t i = 0; i < IX_GUSA_NINDICATORS; i++) {
        double v = ix_gusa_indicator_value(r, 101, i);
        if (isnan(want[i]))
            assert_true(isnan(v));
        else
            assert_true(fabs(v - want[i]) < 1e-12);
        assert_true(isnan(ix_gusa_indicator_value(r, 147, i))); /* one case: NA */
    }
    assert_true(isnan(ix_gusa_indicator_value(r, 851, 0))); /* no case at all */
    ix_gusa_indicators_free(r);
    /* 2024: active c2 (opened 2024-06), c5, c6: 3 cases, all NA */
    assert_int_equal(ix_gusa_indicators_compute(f, 2024, &r, &d), IX_OK);
    assert_int_equal(ix_gusa_indicator_cases(r, 101), 3);
    assert_true(isnan(ix_gusa_indicator_value(r, 101, 4)));
    ix_gusa_indicators_free(r);
    assert_int_equal(ix_gusa_indicators_compute(f, 12, &r, &d), IX_ERR_INPUT);
    ix_gusa_facts_free(f);
}

/* Heard scores in 2025, kommune 101: 1 x1, 2 x1, 3 x1, 4 x3, 5 x2; 147 none. */
static void test_feedback_counts(void **state)
{
    (void)state;
    ix_gusa_facts *f = hand_facts();
    long n[3][5];
    ix_gusa_feedback_counts(f, 2025, 101, n);
    const long want[5] = {1, 1, 1, 3, 2};
    for (int s = 0; s < 5; s++) {
        assert_int_equal(n[0][s], want[s]);
        assert_int_equal(n[1][s], 0);
    }
    ix_gusa_feedback_counts(f, 2025, 147, n);
    assert_int_equal(n[0][4], 0);
    ix_gusa_facts_free(f);
}

/* 2025, kommune 101: overall every family (six, f6 with 0) as G13/G14;
 * centre social holds every cost: the five families with a cost, 50 100
 * 200 300 400: Gini 1 - (50 + 200 + 500 + 1000 + 1700)/(5 * 1050) =
 * 1800/5250; each ladder step has at most two families: suppressed. */
static void test_concentration(void **state)
{
    (void)state;
    ix_gusa_facts *f = hand_facts();
    ix_gusa_concentration *c = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_gusa_concentration_compute(f, 2025, 101, &c, &d), IX_OK);
    assert_int_equal(ix_gusa_concentration_groups(c), 1 + IX_GUSA_CENTRE_COUNT + 7);
    const ix_gusa_conc_group *all = ix_gusa_concentration_group(c, 0);
    assert_string_equal(all->dimension, "overall");
    assert_int_equal(all->families, 6);
    assert_false(all->suppressed);
    assert_true(fabs(all->lorenz.gini - 2850.0 / 6300) < EPS);
    int seen_social = 0, steps = 0;
    for (size_t i = 1; i < ix_gusa_concentration_groups(c); i++) {
        const ix_gusa_conc_group *g = ix_gusa_concentration_group(c, i);
        if (strcmp(g->dimension, "centre") == 0 && strcmp(g->key, "social") == 0) {
            seen_social = 1;
            assert_int_equal(g->families, 5);
            assert_false(g->suppressed);
            assert_true(fabs(g->lorenz.gini - 1800.0 / 5250) < EPS);
        } else if (strcmp(g->dimension, "ladder_step") == 0) {
            steps++;
            assert_true(g->suppressed);
            if (strcmp(g->key, "1") == 0)
                assert_int_equal(g->families, 2); /* f1 100 and f7 50 */
        } else {
            assert_true(g->suppressed); /* the other centres: no cost */
            assert_int_equal(g->families, 0);
        }
    }
    assert_true(seen_social);
    assert_int_equal(steps, 7);
    ix_gusa_concentration_free(c);
    /* kommune 147 in 2024: no case, no cost */
    assert_int_equal(ix_gusa_concentration_compute(f, 2024, 147, &c, &d), IX_ERR_INPUT);
    ix_gusa_facts_free(f);
}

static void test_definitions(void **state)
{
    (void)state;
    assert_int_equal(ix_gusa_indicator_count(), 14);
    int other = 0;
    for (size_t i = 0; i < ix_gusa_indicator_count(); i++) {
        const ix_gusa_indicator_def *g = ix_gusa_indicator_at(i);
        assert_non_null(g->definition);
        assert_non_null(g->recommendation);
        assert_true(g->direction == 1 || g->direction == -1);
        other += g->domain == NULL;
    }
    assert_int_equal(other, 2); /* G13, G14 */
    assert_null(ix_gusa_indicator_at(14));
    assert_string_equal(ix_gusa_domain_name("ETIK"), "Etisk regnskab");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lorenz_one_holds_all), cmocka_unit_test(test_lorenz_equal),
        cmocka_unit_test(test_lorenz_interpolated),  cmocka_unit_test(test_lorenz_refuses),
        cmocka_unit_test(test_indicators_by_hand),   cmocka_unit_test(test_feedback_counts),
        cmocka_unit_test(test_concentration),        cmocka_unit_test(test_definitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
