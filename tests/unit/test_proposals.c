/* Proposals (issue 17): the checks of a proposal and how accepted ones turn
 * an IMETA into the next edition's draft, on a small IMETA built by hand:
 *
 *   Level,iCode,iName,Direction,Weight,Parent,Type,Unit,Recommendation
 *   1,A1,Alpha,1,1,D1,Indicator,pct.,Gør mere.
 *   1,A2,Beta,-1,1,D1,Indicator,dage,
 *   1,B1,Gamma,1,1,D2,Indicator,antal,
 *   2,D1,Domæne 1,1,1,T,Aggregate,,
 *   2,D2,Domæne 2,1,1,T,Aggregate,,
 *   3,T,Top,1,,,Aggregate,,
 *
 * Every expected cell below follows from the rules in proposals.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/proposals.h"

static ix_table *imeta(void)
{
    static const char *const header[] = {"Level", "iCode", "iName", "Direction", "Weight",
                                         "Parent", "Type", "Unit", "Recommendation"};
    static const char *const rows[][9] = {
        {"1", "A1", "Alpha", "1", "1", "D1", "Indicator", "pct.", "Gør mere."},
        {"1", "A2", "Beta", "-1", "1", "D1", "Indicator", "dage", ""},
        {"1", "B1", "Gamma", "1", "1", "D2", "Indicator", "antal", ""},
        {"2", "D1", "Domæne 1", "1", "1", "T", "Aggregate", "", ""},
        {"2", "D2", "Domæne 2", "1", "1", "T", "Aggregate", "", ""},
        {"3", "T", "Top", "1", "", "", "Aggregate", "", ""}};
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_table_new(header, 9, "meta.csv", ',', '.', &t, &d), IX_OK);
    for (size_t r = 0; r < 6; r++)
        assert_int_equal(ix_table_add_row(t, rows[r], (long)r + 2, &d), IX_OK);
    return t;
}

static const char *cell(const ix_table *t, const char *code, const char *col)
{
    long c = ix_table_find(t, col), k = ix_table_find(t, "iCode");
    assert_true(c >= 0 && k >= 0);
    for (size_t r = 0; r < ix_table_nrows(t); r++)
        if (strcmp(ix_table_cell(t, r, (size_t)k), code) == 0)
            return ix_table_cell(t, r, (size_t)c);
    return NULL;
}

static ix_prop_in new_indicator(const char *code, const char *domain)
{
    ix_prop_in p = {IX_PROP_NEW, code, "Ny", "En definition", "pct.", "-1", domain, "DST",
                    "årligt", NULL, "fordi"};
    return p;
}

static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(ix_prop_kind_parse("ny"), IX_PROP_NEW);
    assert_int_equal(ix_prop_kind_parse("anbefaling"), IX_PROP_RECOMMENDATION);
    assert_int_equal(ix_prop_kind_parse("NY"), IX_PROP_NONE);
    assert_null(ix_prop_kind_name(IX_PROP_NONE));
    assert_string_equal(ix_prop_kind_name(IX_PROP_REMOVE), "fjern");
}

static void test_validate(void **state)
{
    (void)state;
    ix_diag d;
    ix_prop_in p = new_indicator("A3", "D1");
    assert_int_equal(ix_prop_validate(&p, &d), IX_OK);
    p.unit = ""; /* a new indicator needs every field but the recommendation */
    assert_int_equal(ix_prop_validate(&p, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "unit");
    p = new_indicator("3A", "D1"); /* a code starts with a letter */
    assert_int_equal(ix_prop_validate(&p, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "icode");
    p = new_indicator("A3", "D1");
    p.direction = "2";
    assert_int_equal(ix_prop_validate(&p, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "direction");
    p = new_indicator("A3", "D1");
    p.name = "to\nlinjer"; /* a name is one line */
    assert_int_equal(ix_prop_validate(&p, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "name");
    ix_prop_in change = {IX_PROP_CHANGE, "A1", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                         "fordi"};
    assert_int_equal(ix_prop_validate(&change, &d), IX_ERR_INPUT); /* nothing to change */
    change.unit = "promille";
    assert_int_equal(ix_prop_validate(&change, &d), IX_OK);
    change.why = NULL;
    assert_int_equal(ix_prop_validate(&change, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "why");
    ix_prop_in rec = {IX_PROP_RECOMMENDATION, "A2", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                      NULL, "fordi"};
    assert_int_equal(ix_prop_validate(&rec, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "recommendation");
}

/* F1 adds A3 to D1 (after A2, the last of D1, so before B1); F2 changes A1's
 * unit and direction; F3 gives A2 a recommendation; F4 gives A1 one too, so
 * A1's Proposal is "F2 F4" (in the order applied). 6 rows + A3 = 7. */
static void test_apply(void **state)
{
    (void)state;
    ix_table *t = imeta(), *out = NULL;
    ix_diag d;
    ix_prop_accepted acc[4] = {
        {1, new_indicator("A3", "D1")},
        {2, {IX_PROP_CHANGE, "A1", NULL, NULL, "promille", "-1", NULL, NULL, NULL, NULL, "w"}},
        {3, {IX_PROP_RECOMMENDATION, "A2", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Kort ventetid.",
             "w"}},
        {4, {IX_PROP_RECOMMENDATION, "A1", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "Endnu mere.",
             "w"}}};
    assert_int_equal(ix_prop_apply(t, acc, 4, &out, &d), IX_OK);
    assert_int_equal(ix_table_nrows(out), 7);
    assert_int_equal(ix_table_ncols(out), 9 + 4); /* Definition, Source, Frequency, Proposal */
    assert_string_equal(ix_table_cell(out, 2, 1), "A3");
    assert_string_equal(ix_table_cell(out, 3, 1), "B1");
    assert_string_equal(cell(out, "A3", "Level"), "1");
    assert_string_equal(cell(out, "A3", "Parent"), "D1");
    assert_string_equal(cell(out, "A3", "Weight"), "1");
    assert_string_equal(cell(out, "A3", "Type"), "Indicator");
    assert_string_equal(cell(out, "A3", "Direction"), "-1");
    assert_string_equal(cell(out, "A3", "Source"), "DST");
    assert_string_equal(cell(out, "A3", "Proposal"), "F1");
    assert_string_equal(cell(out, "A1", "Unit"), "promille");
    assert_string_equal(cell(out, "A1", "Direction"), "-1");
    assert_string_equal(cell(out, "A1", "iName"), "Alpha"); /* not given: kept */
    assert_string_equal(cell(out, "A1", "Recommendation"), "Endnu mere.");
    assert_string_equal(cell(out, "A1", "Proposal"), "F2 F4");
    assert_string_equal(cell(out, "A2", "Recommendation"), "Kort ventetid.");
    assert_string_equal(cell(out, "B1", "Proposal"), "");
    ix_table_free(out);
    /* removing A2 leaves D1 with A1: allowed */
    ix_prop_accepted rm = {5, {IX_PROP_REMOVE, "A2", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               NULL, "w"}};
    assert_int_equal(ix_prop_apply(t, &rm, 1, &out, &d), IX_OK);
    assert_int_equal(ix_table_nrows(out), 5);
    assert_null(cell(out, "A2", "iCode"));
    ix_table_free(out);
    ix_table_free(t);
}

static void test_refused(void **state)
{
    (void)state;
    ix_table *t = imeta(), *out = NULL;
    ix_diag d;
    ix_prop_accepted dup = {7, new_indicator("B1", "D2")}; /* the code exists */
    assert_int_equal(ix_prop_apply(t, &dup, 1, &out, &d), IX_ERR_INPUT);
    assert_null(out);
    assert_non_null(strstr(d.message, "proposal F7"));
    ix_prop_accepted nodomain = {8, new_indicator("C1", "T")}; /* T is level 3 */
    assert_int_equal(ix_prop_apply(t, &nodomain, 1, &out, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "domain");
    ix_prop_accepted empty = {9, {IX_PROP_REMOVE, "B1", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                  NULL, "w"}}; /* D2's only indicator */
    assert_int_equal(ix_prop_apply(t, &empty, 1, &out, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "F9"));
    ix_prop_accepted agg = {10, {IX_PROP_RECOMMENDATION, "D1", NULL, NULL, NULL, NULL, NULL, NULL,
                                 NULL, "r", "w"}}; /* an aggregate is no indicator */
    assert_int_equal(ix_prop_apply(t, &agg, 1, &out, &d), IX_ERR_INPUT);
    ix_prop_accepted move = {11, {IX_PROP_CHANGE, "B1", NULL, NULL, NULL, NULL, "D1", NULL, NULL,
                                  NULL, "w"}}; /* moving B1 empties D2 */
    assert_int_equal(ix_prop_apply(t, &move, 1, &out, &d), IX_ERR_INPUT);
    assert_null(out);
    ix_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
