/* ix_csv_finish (indeks/csv_write.h): notes as a last column on every
 * record, a BOM for Danish Excel. Expected texts written out by hand from
 * the rule in csv_write.h (quoting as RFC 4180: a field with the separator,
 * a quote or a line end is quoted). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/csv_write.h"

static char *finish(const char *csv, const char *notes, char sep, int bom)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_csv_finish(csv, strlen(csv), notes, sep, bom, &s);
    assert_int_equal(s.failed, 0);
    return b.data ? b.data : calloc(1, 1);
}

static void test_no_notes_no_column(void **state)
{
    (void)state;
    char *out = finish("a,b\n1,2\n", NULL, ',', 0);
    assert_string_equal(out, "a,b\n1,2\n");
    free(out);
    out = finish("a,b\n1,2\n", "\n\n", ',', 0); /* blank lines are no notes */
    assert_string_equal(out, "a,b\n1,2\n");
    free(out);
}

static void test_notes_on_every_row(void **state)
{
    (void)state;
    /* two notes joined by " | "; the second holds the separator, so quoted */
    char *out = finish("kode,navn\n101,København\n147,\"Frederiks\nberg\"\n", "Synthetic data.\nOnly 2 of 98, not all.\n",
                       ',', 0);
    assert_string_equal(out, "kode,navn,notes\n"
                             "101,København,\"Synthetic data. | Only 2 of 98, not all.\"\n"
                             "147,\"Frederiks\nberg\",\"Synthetic data. | Only 2 of 98, not all.\"\n");
    free(out);
}

static void test_crlf_blank_and_no_final_newline(void **state)
{
    (void)state;
    char *out = finish("a;b\r\n1;2\r\n\r\n3;4", "n", ';', 0);
    /* the blank line stays blank: "\r\n" with nothing before the "\r" is
     * an empty record (kept), the last record has no line end */
    assert_string_equal(out, "a;b;notes\r\n1;2;n\r\n\r\n3;4;n");
    free(out);
}

static void test_bom(void **state)
{
    (void)state;
    char *out = finish("a;b\n1;2\n", NULL, ';', 1);
    assert_memory_equal(out, "\xEF\xBB\xBF", 3);
    assert_string_equal(out + 3, "a;b\n1;2\n");
    free(out);
    out = finish("a;b\n1;2\n", "Syntetiske data.", ';', 1);
    assert_string_equal(out, "\xEF\xBB\xBF" "a;b;notes\n1;2;Syntetiske data.\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_notes_no_column),
        cmocka_unit_test(test_notes_on_every_row),
        cmocka_unit_test(test_crlf_blank_and_no_final_newline),
        cmocka_unit_test(test_bom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
