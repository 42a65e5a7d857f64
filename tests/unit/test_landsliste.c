/* The national list (lib/core/series/landsliste.c) on a hand-made series
 * built in memory: ties share the best rank, the comparison year attaches
 * each municipality's value, rank and change (rounded to the decimals the
 * source wrote), municipalities without a value are left out or left blank.
 *
 * The series (value, decimals written):
 *   2024: 101 1.62 (2)  147 1.20 (2)  153 1.20 (2)  376 0.9 (1)  400 NaN
 *   2020: 101 1.55 (2)  147 1.3 (1)   376 1.25 (2)  400 0.8 (1)  (153 absent)
 * List of 2024 (the latest year with values), by hand:
 *   101 1.62 -> rank 1; 147 and 153 tie at 1.20 -> rank 2 both; 376 0.9 ->
 *   rank 4 (the next rank skips the tie); 400 has no value -> not listed.
 * Ranks in 2020: 101 1.55 -> 1, 147 1.3 -> 2, 376 1.25 -> 3, 400 0.8 -> 4.
 * Changes 2024 - 2020, rounded to 2 decimals (the larger of the two):
 *   101: 1.62 - 1.55 = 0.07 (in doubles 0.07000000000000006 before rounding)
 *   147: 1.20 - 1.3 = -0.10;  376: 0.9 - 1.25 = -0.35;  153: no 2020 value. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/landsliste.h"

static ix_series_obs hand_obs[] = {
    {101, 2024, 1.62, 2, 2, "København"},    {147, 2024, 1.20, 2, 3, "Frederiksberg"},
    {153, 2024, 1.20, 2, 4, "Brøndby"},      {376, 2024, 0.9, 1, 5, "Guldborgsund"},
    {400, 2024, NAN, 0, 6, "Bornholm"},      {101, 2020, 1.55, 2, 7, "København"},
    {147, 2020, 1.3, 1, 8, "Frederiksberg"}, {376, 2020, 1.25, 2, 9, "Guldborgsund"},
    {400, 2020, 0.8, 1, 10, "Bornholm"},
};
static ix_series hand = {sizeof hand_obs / sizeof hand_obs[0], hand_obs, "socio_indeks",
                         "serie.csv"};

static const ix_landsliste_row *row_of(const ix_landsliste *l, int code)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->rows[i].now->code == code)
            return &l->rows[i];
    fail_msg("municipality %03d is not in the list", code);
    return NULL;
}

static void test_latest_year_with_ties(void **state)
{
    (void)state;
    ix_landsliste l;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_landsliste_build(&hand, 0, 0, &l, &d), IX_OK);
    assert_int_equal(l.year, 2024);
    assert_int_equal(l.vs, 0);
    assert_int_equal(l.n, 4); /* Bornholm's empty 2024 value is not listed */
    assert_int_equal(row_of(&l, 101)->rank, 1);
    assert_int_equal(row_of(&l, 147)->rank, 2);
    assert_int_equal(row_of(&l, 153)->rank, 2);
    assert_int_equal(row_of(&l, 376)->rank, 4);
    for (size_t i = 1; i < l.n; i++) /* rows in rank order */
        assert_true(l.rows[i].rank >= l.rows[i - 1].rank);
    for (size_t i = 0; i < l.n; i++)
        assert_null(l.rows[i].then);
    assert_int_equal(ix_landsliste_decimals(&l), 2);
    ix_landsliste_clear(&l);
    assert_null(l.rows);
    assert_int_equal(l.n, 0);
}

static void test_vs_changes(void **state)
{
    (void)state;
    ix_landsliste l;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_landsliste_build(&hand, 2024, 2020, &l, &d), IX_OK);
    assert_int_equal(l.vs, 2020);
    assert_int_equal(l.n, 4);
    const ix_landsliste_row *r = row_of(&l, 101);
    assert_non_null(r->then);
    assert_true(r->then->value == 1.55);
    assert_int_equal(r->then_rank, 1);
    assert_true(1.62 - 1.55 != 0.07); /* the rounding below is needed */
    assert_true(r->change == 0.07);
    r = row_of(&l, 147);
    assert_int_equal(r->then_rank, 2);
    assert_true(r->change == -0.1);
    r = row_of(&l, 376);
    assert_int_equal(r->then_rank, 3); /* Bornholm's 0.8 ranks 4th in 2020, below */
    assert_true(r->change == -0.35);
    r = row_of(&l, 153);
    assert_null(r->then); /* no 2020 value: blank comparison */
    assert_int_equal(r->rank, 2);
    ix_landsliste_clear(&l);
}

static void test_earlier_year(void **state)
{
    (void)state;
    ix_landsliste l;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_landsliste_build(&hand, 2020, 0, &l, &d), IX_OK);
    assert_int_equal(l.n, 4);
    assert_int_equal(row_of(&l, 101)->rank, 1);
    assert_int_equal(row_of(&l, 147)->rank, 2);
    assert_int_equal(row_of(&l, 376)->rank, 3);
    assert_int_equal(row_of(&l, 400)->rank, 4);
    assert_int_equal(ix_landsliste_decimals(&l), 2);
    ix_landsliste_clear(&l);
}

static void test_errors(void **state)
{
    (void)state;
    ix_landsliste l;
    ix_diag d;
    ix_diag_clear(&d);
    /* a comparison year without values */
    assert_int_equal(ix_landsliste_build(&hand, 2024, 1999, &l, &d), IX_ERR_NOTFOUND);
    assert_non_null(strstr(d.message, "1999"));
    assert_null(l.rows);
    assert_int_equal(l.n, 0);
    /* a series with no values at all */
    ix_series_obs empty_obs[] = {{101, 2024, NAN, 0, 2, "København"}};
    ix_series empty = {1, empty_obs, "socio_indeks", "tom.csv"};
    ix_diag_clear(&d);
    assert_int_equal(ix_landsliste_build(&empty, 0, 0, &l, &d), IX_ERR_INPUT);
    assert_string_equal(d.file, "tom.csv");
    assert_string_equal(d.message, "the series has no values");
    assert_null(l.rows);
    ix_landsliste_clear(NULL); /* NULL-safe */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest_year_with_ties),
        cmocka_unit_test(test_vs_changes),
        cmocka_unit_test(test_earlier_year),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
