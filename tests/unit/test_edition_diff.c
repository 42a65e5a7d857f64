/* Two editions compared (edition_diff.h), worked by hand:
 *   A: 101 rank 1, 147 rank 2, 151 rank 3, 153 rank 4
 *   B: 101 rank 3, 147 rank 1, 151 rank 2, 155 rank 4  (153 gone, 155 new)
 *   change = rank A - rank B: 101 -2, 147 +1, 151 +1; by |change| then code:
 *   101 (-2), 147 (+1), 151 (+1), then 153 (only A) and 155 (only B) by code.
 * IMETA A: X1 (Unit pct., Proposal ""), X2, D (an aggregate);
 * IMETA B: X1 (Unit promille, Proposal "F2 F9": F2 was in A's cell already),
 *          X3 new (Proposal F9), D with another name (not an indicator: ignored);
 * so: X1 changed Unit pct. -> promille by F9; X3 added by F9; X2 removed,
 * its proposal F4 from the trace. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/edition_diff.h"

static ix_table *meta(const char *const rows[][5], size_t n)
{
    static const char *const header[] = {"iCode", "iName", "Type", "Unit", "Proposal"};
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_table_new(header, 5, "m", ',', '.', &t, &d), IX_OK);
    for (size_t r = 0; r < n; r++)
        assert_int_equal(ix_table_add_row(t, rows[r], (long)r + 2, &d), IX_OK);
    return t;
}

static void test_ranks(void **state)
{
    (void)state;
    ix_ediff_unit a[] = {{"101", "København", 1, 10}, {"147", "Frederiksberg", 2, 9},
                         {"151", "Ballerup", 3, 8}, {"153", "Brøndby", 4, 7}};
    ix_ediff_unit b[] = {{"155", "Dragør", 4, 1}, {"151", "Ballerup", 2, 8.5},
                         {"147", "Frederiksberg", 1, 9.5}, {"101", "København", 3, 8}};
    ix_ediff e;
    memset(&e, 0, sizeof e);
    ix_diag d;
    assert_int_equal(ix_ediff_ranks(a, 4, b, 4, &e, &d), IX_OK);
    assert_int_equal(e.nranks, 5);
    const char *order[] = {"101", "147", "151", "153", "155"};
    long change[] = {-2, 1, 1, 0, 0};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(e.ranks[i].code, order[i]);
        assert_int_equal(e.ranks[i].change, change[i]);
    }
    assert_int_equal(e.ranks[3].rank_b, 0);
    assert_true(isnan(e.ranks[3].value_b));
    assert_int_equal(e.ranks[4].rank_a, 0);
    assert_string_equal(e.ranks[4].name, "Dragør");
    ix_ediff_free(&e);
}

static void test_indicators(void **state)
{
    (void)state;
    /* X4's unit is "1" in A and "1.0" in B: the same number, no change */
    const char *const ra[][5] = {{"X1", "Eks 1", "Indicator", "pct.", "F2"},
                                 {"X2", "Eks 2", "Indicator", "dage", ""},
                                 {"X4", "Eks 4", "Indicator", "1", ""},
                                 {"D", "Domæne", "Aggregate", "", ""}};
    const char *const rb[][5] = {{"X1", "Eks 1", "Indicator", "promille", "F2 F9"},
                                 {"X3", "Eks 3", "Other", "antal", "F9"},
                                 {"X4", "Eks 4", "Indicator", "1.0", ""},
                                 {"D", "Et andet navn", "Aggregate", "", ""}};
    ix_table *ma = meta(ra, 4), *mb = meta(rb, 4);
    ix_ediff_trace removed[] = {{"X2", 4}, {"X9", 5}};
    ix_ediff e;
    memset(&e, 0, sizeof e);
    ix_diag d;
    assert_int_equal(ix_ediff_indicators(ma, mb, removed, 2, &e, &d), IX_OK);
    assert_int_equal(e.nindicators, 3);
    assert_int_equal(e.indicators[0].kind, IX_EDIFF_CHANGED);
    assert_string_equal(e.indicators[0].icode, "X1");
    assert_int_equal(e.indicators[0].nfields, 1);
    assert_string_equal(e.indicators[0].fields[0].field, "Unit");
    assert_string_equal(e.indicators[0].fields[0].before, "pct.");
    assert_string_equal(e.indicators[0].fields[0].after, "promille");
    assert_string_equal(e.indicators[0].proposals, "F9");
    assert_int_equal(e.indicators[1].kind, IX_EDIFF_ADDED);
    assert_string_equal(e.indicators[1].icode, "X3");
    assert_string_equal(e.indicators[1].proposals, "F9");
    assert_int_equal(e.indicators[2].kind, IX_EDIFF_REMOVED);
    assert_string_equal(e.indicators[2].icode, "X2");
    assert_string_equal(e.indicators[2].proposals, "F4");
    ix_ediff_free(&e);
    ix_table_free(ma);
    ix_table_free(mb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_indicators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
