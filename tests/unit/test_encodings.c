/* The same socio-economic data written the ways users' files come, read
 * through ix_csv_parse and the socio model, must give bit-identical indices
 * and identical names:
 *   (a) UTF-8, ',' separator, '.' decimals, LF;
 *   (b) UTF-8 with BOM, ';' separator, decimal commas, CRLF;
 *   (c) Windows-1252, ';', decimal commas (æ ø å Æ as the single bytes
 *       0xE6 0xF8 0xE5 0xC6), LF;
 *   (d) Windows-1252, ';', decimal commas, CRLF, quoted names.
 * The byte strings are built here; a hex escape is closed with "" before a
 * letter that would otherwise extend it ("K\xf8" "benhavn"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/csv.h"
#include "indeks/socio.h"

static const char model_json[] =
    "{\"name\": \"enc\", \"source\": \"test_encodings.c\", \"population\": \"indbyggere\",\n"
    " \"criteria\": [{\"id\": \"a\", \"name\": \"A\", \"weight\": 0.6, \"count\": \"a\"},\n"
    "              {\"id\": \"b\", \"name\": \"B\", \"weight\": 0.4, \"count\": \"b\"}]}";

static const char utf8_comma[] =
    "kommunekode,kommune,indbyggere,a,b\n"
    "101,København,632340,1234.25,88.5\n"
    "185,Tårnby,42989,310.75,12\n"
    "825,Læsø,1786,20.5,3.25\n"
    "492,\"Ærø\",5964,77,9.5\n";

static const char utf8_bom_semicolon_crlf[] =
    "\xEF\xBB\xBF"
    "kommunekode;kommune;indbyggere;a;b\r\n"
    "101;København;632340;1234,25;88,5\r\n"
    "185;Tårnby;42989;310,75;12\r\n"
    "825;Læsø;1786;20,5;3,25\r\n"
    "492;Ærø;5964;77;9,5\r\n";

static const char cp1252_semicolon[] =
    "kommunekode;kommune;indbyggere;a;b\n"
    "101;K\xf8" "benhavn;632340;1234,25;88,5\n"
    "185;T\xe5" "rnby;42989;310,75;12\n"
    "825;L\xe6" "s\xf8" ";1786;20,5;3,25\n"
    "492;\xc6" "r\xf8" ";5964;77;9,5\n";

static const char cp1252_semicolon_crlf_quoted[] =
    "\"kommunekode\";\"kommune\";\"indbyggere\";\"a\";\"b\"\r\n"
    "0101;\"K\xf8" "benhavn\";632340;1234,25;88,5\r\n"
    "0185;\"T\xe5" "rnby\";42989;310,75;12\r\n"
    "0825;\"L\xe6" "s\xf8" "\";1786;20,5;3,25\r\n"
    "0492;\"\xc6" "r\xf8" "\";5964;77;9,5";

static const char *const want_names[4] = {"København", "Tårnby", "Læsø", "Ærø"};

typedef struct {
    ix_table *table;
    ix_socio_data *data;
    ix_socio_result *result;
} computed;

static void compute(const ix_socio_model *m, const char *bytes, size_t len, computed *c)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_csv_parse(bytes, len, "enc.csv", &c->table, &d);
    if (st)
        print_error("%s:%ld:%ld: %s\n", d.file, d.line, d.column, d.message);
    assert_int_equal(st, IX_OK);
    st = ix_socio_data_from_table(m, c->table, &c->data, &d);
    if (st)
        print_error("%s:%ld:%ld: %s\n", d.file, d.line, d.column, d.message);
    assert_int_equal(st, IX_OK);
    assert_int_equal(ix_socio_compute(m, c->data, &c->result, &d), IX_OK);
}

static void release(computed *c)
{
    ix_socio_result_free(c->result);
    ix_socio_data_free(c->data);
    ix_table_free(c->table);
}

static void test_encodings_agree(void **state)
{
    (void)state;
    ix_socio_model *m = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_parse(model_json, strlen(model_json), "enc.json", &m, &d), IX_OK);
    assert_int_equal(ix_socio_model_check_weights(m, 0, &d), IX_OK);

    const struct {
        const char *bytes;
        size_t len;
        ix_encoding enc;
        char sep, dec;
    } inputs[4] = {
        {utf8_comma, sizeof utf8_comma - 1, IX_ENC_UTF8, ',', '.'},
        {utf8_bom_semicolon_crlf, sizeof utf8_bom_semicolon_crlf - 1, IX_ENC_UTF8_BOM, ';', ','},
        {cp1252_semicolon, sizeof cp1252_semicolon - 1, IX_ENC_CP1252, ';', ','},
        {cp1252_semicolon_crlf_quoted, sizeof cp1252_semicolon_crlf_quoted - 1, IX_ENC_CP1252, ';',
         ','},
    };
    /* The Windows-1252 inputs really are single bytes, not UTF-8. */
    assert_false(ix_utf8_valid(cp1252_semicolon, sizeof cp1252_semicolon - 1));
    assert_non_null(memchr(cp1252_semicolon, 0xF8, sizeof cp1252_semicolon - 1));

    computed c[4];
    memset(c, 0, sizeof c);
    for (int i = 0; i < 4; i++) {
        compute(m, inputs[i].bytes, inputs[i].len, &c[i]);
        assert_int_equal(ix_table_encoding(c[i].table), inputs[i].enc);
        assert_int_equal(ix_table_separator(c[i].table), inputs[i].sep);
        assert_int_equal(ix_table_decimal(c[i].table), inputs[i].dec);
        assert_int_equal(c[i].data->nunits, 4);
        /* names as the file wrote them, converted to UTF-8, and as filled */
        long name_col = ix_table_find(c[i].table, "kommune");
        assert_true(name_col >= 0);
        for (size_t k = 0; k < 4; k++) {
            assert_string_equal(ix_table_cell(c[i].table, k, (size_t)name_col), want_names[k]);
            assert_string_equal(c[i].data->names[k], want_names[k]);
        }
        /* the decimals were read as decimals: 1234.25 and 3.25, not 123425 */
        assert_true(c[i].data->counts[0] == 1234.25);
        assert_true(c[i].data->counts[2 * 2 + 1] == 3.25);
    }
    for (int i = 1; i < 4; i++) {
        assert_memory_equal(c[i].data->codes, c[0].data->codes, 4 * sizeof(int));
        assert_memory_equal(c[i].data->population, c[0].data->population, 4 * sizeof(double));
        assert_memory_equal(c[i].data->counts, c[0].data->counts, 8 * sizeof(double));
        assert_memory_equal(c[i].result->index, c[0].result->index, 4 * sizeof(double));
        assert_memory_equal(c[i].result->contrib, c[0].result->contrib, 8 * sizeof(double));
        assert_memory_equal(c[i].result->rank, c[0].result->rank, 4 * sizeof(long));
    }
    /* Not all equal by accident: Læsø and København differ. */
    assert_true(c[0].result->index[0] != c[0].result->index[2]);
    for (int i = 0; i < 4; i++)
        release(&c[i]);
    ix_socio_model_free(m);
}

/* A ';' file with a thousands-grouped count is refused, not misread as
 * 1.234 (decimal comma files may not use '.' for grouping). */
static void test_thousands_refused(void **state)
{
    (void)state;
    ix_socio_model *m = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_model_parse(model_json, strlen(model_json), "enc.json", &m, &d), IX_OK);
    static const char text[] = "kommunekode;kommune;indbyggere;a;b\n"
                               "101;K\xf8" "benhavn;632.340;1234,25;88,5\n";
    ix_table *t = NULL;
    assert_int_equal(ix_csv_parse(text, sizeof text - 1, "enc.csv", &t, &d), IX_OK);
    ix_socio_data *data = NULL;
    ix_diag_clear(&d);
    assert_int_equal(ix_socio_data_from_table(m, t, &data, &d), IX_ERR_INPUT);
    assert_string_equal(d.file, "enc.csv");
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 3);
    assert_string_equal(d.field, "indbyggere");
    ix_table_free(t);
    ix_socio_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encodings_agree),
        cmocka_unit_test(test_thousands_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
