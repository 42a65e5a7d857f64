/* ix_table: building, reading back, missing cells, numbers with their
 * diagnostics, and a table of the size the program is meant for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/table.h"

static ix_table *new_table(const char *const *header, size_t ncols, char sep, char dec)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_table_new(header, ncols, "data.csv", sep, dec, &t, &d), IX_OK);
    assert_non_null(t);
    return t;
}

static void add_row(ix_table *t, const char *const *cells, long line)
{
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_table_add_row(t, cells, line, &d), IX_OK);
}

static void test_build_and_read(void **state)
{
    (void)state;
    const char *header[] = {" kommune ", "befolkning", "\tindeks"};
    ix_table *t = new_table(header, 3, ';', ',');
    assert_int_equal(ix_table_nrows(t), 0);
    assert_int_equal(ix_table_ncols(t), 3);
    assert_string_equal(ix_table_header(t, 0), "kommune"); /* trimmed */
    assert_string_equal(ix_table_header(t, 2), "indeks");
    const char *r1[] = {"København", "632340", "1,06"};
    const char *r2[] = {"Brøndby", "", NULL};
    add_row(t, r1, 2);
    add_row(t, r2, 4);
    assert_int_equal(ix_table_nrows(t), 2);
    assert_string_equal(ix_table_cell(t, 0, 0), "København");
    assert_string_equal(ix_table_cell(t, 0, 2), "1,06");
    assert_string_equal(ix_table_cell(t, 1, 0), "Brøndby");
    assert_string_equal(ix_table_cell(t, 1, 1), "");
    assert_string_equal(ix_table_cell(t, 1, 2), ""); /* NULL cell = empty */
    assert_int_equal(ix_table_line(t, 0), 2);
    assert_int_equal(ix_table_line(t, 1), 4);
    assert_string_equal(ix_table_source(t), "data.csv");
    assert_int_equal(ix_table_separator(t), ';');
    assert_int_equal(ix_table_decimal(t), ',');
    assert_int_equal(ix_table_encoding(t), IX_ENC_UTF8);
    ix_table_set_encoding(t, IX_ENC_CP1252);
    assert_int_equal(ix_table_encoding(t), IX_ENC_CP1252);
    ix_table_free(t);
    ix_table_free(NULL); /* a harmless no-op */
}

/* The caller's strings are copied: changing them later changes nothing. */
static void test_cells_are_copied(void **state)
{
    (void)state;
    char name[] = "navn";
    char cell[] = "Aarhus";
    const char *header[] = {name};
    ix_table *t = new_table(header, 1, ',', '.');
    const char *row[] = {cell};
    add_row(t, row, 2);
    name[0] = 'X';
    cell[0] = 'X';
    assert_string_equal(ix_table_header(t, 0), "navn");
    assert_string_equal(ix_table_cell(t, 0, 0), "Aarhus");
    ix_table_free(t);
}

static void test_find(void **state)
{
    (void)state;
    const char *header[] = {"kode", "navn", "navn2"};
    ix_table *t = new_table(header, 3, ',', '.');
    assert_int_equal(ix_table_find(t, "kode"), 0);
    assert_int_equal(ix_table_find(t, "navn"), 1);
    assert_int_equal(ix_table_find(t, " navn2 "), 2);
    assert_int_equal(ix_table_find(t, "nav"), -1);
    assert_int_equal(ix_table_find(t, "Navn"), -1); /* exact, case matters */
    assert_int_equal(ix_table_find(t, ""), -1);
    ix_table_free(t);
}

static void test_source_may_be_null(void **state)
{
    (void)state;
    const char *header[] = {"a"};
    ix_table *t = NULL;
    assert_int_equal(ix_table_new(header, 1, NULL, ',', '.', &t, NULL), IX_OK);
    assert_null(ix_table_source(t));
    ix_table_free(t);
}

static void test_missing(void **state)
{
    (void)state;
    const char *header[] = {"v"};
    ix_table *t = new_table(header, 1, ',', '.');
    const char *missing[] = {"", "   ", "NA", "na", " Na\t", "n/a", "N/A", " n/A "};
    const char *present[] = {"0", "NaN", "nan", "N", "NA1", "n / a", "-", "NULL"};
    for (size_t i = 0; i < 8; i++) {
        const char *row[] = {missing[i]};
        add_row(t, row, (long)i + 2);
    }
    for (size_t i = 0; i < 8; i++) {
        const char *row[] = {present[i]};
        add_row(t, row, (long)i + 10);
    }
    for (size_t i = 0; i < 8; i++) {
        if (!ix_table_cell_missing(t, i, 0))
            print_error("\"%s\" should be missing\n", missing[i]);
        assert_true(ix_table_cell_missing(t, i, 0));
        if (ix_table_cell_missing(t, 8 + i, 0))
            print_error("\"%s\" should not be missing\n", present[i]);
        assert_false(ix_table_cell_missing(t, 8 + i, 0));
    }
    ix_table_free(t);
}

static void test_number(void **state)
{
    (void)state;
    const char *header[] = {"kommune", "indeks"};
    ix_table *t = new_table(header, 2, ';', ',');
    const char *rows[][2] = {{"A", "1,06"}, {"B", " -0,5 "}, {"C", "12,3,4"}, {"D", "1.234"},
                             {"E", "NA"}};
    for (size_t i = 0; i < 5; i++)
        add_row(t, rows[i], (long)i * 2 + 2);
    ix_diag d;
    ix_diag_clear(&d);
    double v = 0;
    assert_int_equal(ix_table_number(t, 0, 1, &v, &d), IX_OK);
    assert_true(v == 1.06);
    assert_int_equal(ix_table_number(t, 1, 1, &v, &d), IX_OK);
    assert_true(v == -0.5);

    assert_int_equal(ix_table_number(t, 2, 1, &v, &d), IX_ERR_INPUT);
    assert_string_equal(d.file, "data.csv");
    assert_int_equal(d.line, 6);
    assert_int_equal(d.column, 2);
    assert_string_equal(d.field, "indeks");
    assert_string_equal(d.message, "expected a number, got \"12,3,4\": more than one decimal mark");
    char text[1024];
    ix_diag_format(&d, text, sizeof text);
    assert_string_equal(text, "data.csv:6:2: indeks: expected a number, got \"12,3,4\": more than "
                              "one decimal mark");

    assert_int_equal(ix_table_number(t, 3, 1, &v, &d), IX_ERR_INPUT);
    assert_int_equal(d.line, 8);
    assert_non_null(strstr(d.message, "got \"1.234\": ambiguous"));
    assert_int_equal(ix_table_number(t, 4, 1, &v, &d), IX_ERR_INPUT);
    assert_string_equal(d.message, "expected a number, got \"NA\": not a number");
    assert_int_equal(ix_table_number(t, 0, 0, &v, &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "kommune");
    assert_int_equal(d.column, 1);
    ix_table_free(t);
}

/* A long cell is quoted shortened, never cut inside a UTF-8 character. */
static void test_number_long_cell(void **state)
{
    (void)state;
    char cell[200] = "x";
    for (size_t i = 1; i + 2 < sizeof cell; i += 2)
        memcpy(cell + i, "\xc3\xb8", 2); /* ø */
    cell[sizeof cell - 1] = '\0';
    const char *header[] = {"v"};
    ix_table *t = new_table(header, 1, ',', '.');
    const char *row[] = {cell};
    add_row(t, row, 2);
    ix_diag d;
    double v;
    assert_int_equal(ix_table_number(t, 0, 0, &v, &d), IX_ERR_INPUT);
    /* "x" + 29 ø = 59 bytes; the 30th ø would straddle byte 60. */
    char want[128] = "expected a number, got \"x";
    size_t n = strlen(want);
    for (int i = 0; i < 29; i++, n += 2)
        memcpy(want + n, "\xc3\xb8", 2);
    memcpy(want + n, "...\": not a number", sizeof "...\": not a number");
    assert_string_equal(d.message, want);
    ix_table_free(t);
}

/* 100,000 rows of 100 columns: every cell reads back (spot checks). The
 * allocation-failure variant (tests/alloc, IX_FAIL_ALLOC set) runs it with
 * 3,000 rows: the same growth paths, each of its ~60 runs 30 times faster. */
static void test_large(void **state)
{
    (void)state;
    enum { COLS = 100 };
    const int ROWS = getenv("IX_FAIL_ALLOC") ? 3000 : 100000;
    char names[COLS][16]; /* "c" and up to 11 characters of an int: gcc -O1 checks the worst case */
    const char *header[COLS];
    for (int c = 0; c < COLS; c++) {
        snprintf(names[c], sizeof names[c], "c%d", c);
        header[c] = names[c];
    }
    ix_table *t = new_table(header, COLS, ',', '.');
    char text[COLS][16];
    const char *row[COLS];
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLS; c++) {
            if ((r + c) % 7 == 0)
                text[c][0] = '\0';
            else
                snprintf(text[c], sizeof text[c], "%d", r * COLS + c);
            row[c] = text[c];
        }
        add_row(t, row, r + 2);
    }
    assert_int_equal(ix_table_nrows(t), ROWS);
    for (int r = 0; r < ROWS; r += 997) {
        for (int c = 0; c < COLS; c += 13) {
            char want[16] = "";
            if ((r + c) % 7 != 0)
                snprintf(want, sizeof want, "%d", r * COLS + c);
            assert_string_equal(ix_table_cell(t, (size_t)r, (size_t)c), want);
        }
        assert_int_equal(ix_table_line(t, (size_t)r), r + 2);
    }
    char last[16]; /* the last cell holds ROWS * COLS - 1 ("9999999" for 100,000 rows) */
    snprintf(last, sizeof last, "%d", ROWS * COLS - 1);
    assert_string_equal(ix_table_cell(t, (size_t)ROWS - 1, COLS - 1), last);
    assert_int_equal(ix_table_find(t, "c99"), 99);
    ix_table_free(t);
}

/* A table may have no columns (nothing to read, but nothing breaks). */
static void test_zero_columns(void **state)
{
    (void)state;
    ix_table *t = new_table(NULL, 0, ',', '.');
    add_row(t, NULL, 2);
    assert_int_equal(ix_table_nrows(t), 1);
    assert_int_equal(ix_table_find(t, "a"), -1);
    ix_table_free(t);
}

/* ix_table_unit_columns: the municipality columns however written. */
static size_t code_of(const char *const *header, size_t n, size_t *name_col, ix_status *st)
{
    ix_table *t = new_table(header, n, ',', '.');
    ix_diag d;
    ix_diag_clear(&d);
    size_t code = SIZE_MAX;
    *st = ix_table_unit_columns(t, "x.csv", &code, name_col, &d);
    if (*st) {
        /* names the file, line 1 and lists what it accepts */
        assert_string_equal(d.file, "x.csv");
        assert_int_equal(d.line, 1);
        assert_non_null(strstr(d.message, "kommunekode"));
        assert_non_null(strstr(d.message, "uCode"));
    }
    ix_table_free(t);
    return code;
}

static void test_unit_columns(void **state)
{
    (void)state;
    size_t name = 0;
    ix_status st;
    const char *excel[] = {"Indbyggere", " Kommunekode ", "Kommune"};
    assert_int_equal(code_of(excel, 3, &name, &st), 1);
    assert_int_equal(st, IX_OK);
    assert_int_equal(name, 2);
    const char *coinr[] = {"uName", "uCode", "a"};
    assert_int_equal(code_of(coinr, 3, &name, &st), 1);
    assert_int_equal(name, 0);
    const char *spaced[] = {"KOMMUNE_NR", "x", "Kommune navn"};
    assert_int_equal(code_of(spaced, 3, &name, &st), 0);
    assert_int_equal(name, 2);
    const char *bom[] = {"\xEF\xBB\xBFkommunekode", "navn"};
    assert_int_equal(code_of(bom, 2, &name, &st), 0);
    assert_int_equal(name, 1);
    /* kommunekode is preferred to kode, whatever the order of the columns */
    const char *both[] = {"kode", "kommunekode"};
    assert_int_equal(code_of(both, 2, NULL, &st), 1);
    const char *none[] = {"Kommune", "indeks"};
    code_of(none, 2, &name, &st);
    assert_int_equal(st, IX_ERR_INPUT);
    assert_int_equal(name, 0); /* the name column is still reported */
    const char *no_name[] = {"kode", "indeks"};
    assert_int_equal(code_of(no_name, 2, &name, &st), 0);
    assert_true(name == SIZE_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_and_read),
        cmocka_unit_test(test_cells_are_copied),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_source_may_be_null),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_number),
        cmocka_unit_test(test_number_long_cell),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_zero_columns),
        cmocka_unit_test(test_unit_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
