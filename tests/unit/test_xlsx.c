/* The .xlsx writer, read back: an .xlsx is a zip of XML parts, read here
 * with `unzip -p` (Debian unzip). Numbers are numeric cells (no t="s") whose
 * <v> reads back to the exact input, text goes to sharedStrings escaped, the
 * header row is frozen, widths and number formats are set, notes are on a
 * second sheet, and writing is atomic. Skips (77) when the build has no
 * libxlsxwriter or unzip is missing. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "indeks/outfile.h"
#include "indeks/xlsx.h"

static char dir[64];

/* The part of the zip at path, malloc'd and NUL-terminated. */
static char *zip_part(const char *path, const char *part)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, part);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += r;
        if (n + 1 == cap) {
            cap *= 2;
            char *grown = realloc(buf, cap);
            assert_non_null(grown);
            buf = grown;
        }
    }
    buf[n] = '\0';
    pclose(p);
    return buf;
}

/* The <c> element of cell ref ("C2") in sheet, copied into out. */
static int cell_xml(const char *sheet, const char *ref, char *out, size_t size)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *c = strstr(sheet, key);
    if (!c)
        return -1;
    const char *end = strstr(c, "</c>");
    const char *selfclose = strstr(c, "/>");
    if (selfclose && (!end || selfclose < end))
        end = selfclose;
    if (!end)
        return -1;
    snprintf(out, size, "%.*s", (int)(end - c), c);
    return 0;
}

/* A numeric cell's value (NaN when it is not numeric or has no value). */
static double cell_number(const char *sheet, const char *ref)
{
    char xml[256];
    if (cell_xml(sheet, ref, xml, sizeof xml) != 0)
        return NAN;
    const char *t = strstr(xml, " t=\"");
    if (t && strncmp(t, " t=\"n\"", 6) != 0)
        return NAN;
    const char *v = strstr(xml, "<v>");
    return v ? strtod(v + 3, NULL) : NAN;
}

static const double values[4] = {1.5, -2.25, 1234567.125, 0.1};

static ix_xlsx_table *sample(void)
{
    ix_xlsx_table *t = ix_xlsx_table_new("Liste", 4);
    assert_non_null(t);
    assert_int_equal(ix_xlsx_set_column(t, 0, "kommunekode", "000", 0), 0);
    assert_int_equal(ix_xlsx_set_column(t, 1, "kommune", NULL, 0), 0);
    assert_int_equal(ix_xlsx_set_column(t, 2, "indeks", ix_xlsx_number_format(2, 1), 0), 0);
    assert_int_equal(ix_xlsx_set_column(t, 3, "rang", "0", 9.5), 0);
    assert_int_equal(ix_xlsx_set_column(t, 4, "x", NULL, 0), -1); /* out of range */
    static const char *names[4] = {"Brøndby", "A & B <c>", "Lyngby-Taarbæk", "X"};
    for (int i = 0; i < 4; i++) {
        ix_xlsx_add_number(t, 101 + i);
        ix_xlsx_add_text(t, names[i]);
        ix_xlsx_add_number(t, values[i]);
        ix_xlsx_add_number(t, i == 3 ? NAN : i + 1); /* NaN: an empty cell */
    }
    ix_xlsx_add_note(t, "Data: SYNTETISKE DATA");
    return t;
}

static void test_formats(void **state)
{
    (void)state;
    assert_string_equal(ix_xlsx_number_format(2, 0), "0.00");
    assert_string_equal(ix_xlsx_number_format(2, 1), "#,##0.00");
    assert_string_equal(ix_xlsx_number_format(0, 1), "#,##0");
    assert_string_equal(ix_xlsx_number_format(9, 0), "0.000000");
}

static void test_write_read_back(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/list.xlsx", dir);
    ix_xlsx_table *t = sample();
    assert_int_equal(ix_xlsx_nrows(t), 4);
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_xlsx_write_file(t, path, &d) != IX_OK)
        fail_msg("%s", d.message);
    ix_xlsx_table_free(t);

    char *sheet = zip_part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                                  "state=\"frozen\"/>"));
    assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width="));
    assert_non_null(strstr(sheet, "<col min=\"4\" max=\"4\" width=\"10.2")); /* 9.5 + padding */
    assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:D5\"/>"));
    for (int i = 0; i < 4; i++) {
        char ref[16]; /* a letter and an int: gcc -O1 checks the worst case */
        snprintf(ref, sizeof ref, "A%d", i + 2);
        assert_true(cell_number(sheet, ref) == 101 + i);
        snprintf(ref, sizeof ref, "C%d", i + 2);
        double v = cell_number(sheet, ref);
        if (v != values[i])
            fail_msg("%s: %.17g, expected %.17g", ref, v, values[i]);
        char xml[256];
        snprintf(ref, sizeof ref, "B%d", i + 2);
        assert_int_equal(cell_xml(sheet, ref, xml, sizeof xml), 0);
        assert_non_null(strstr(xml, "t=\"s\"")); /* names are shared strings */
    }
    char xml[256];
    assert_int_equal(cell_xml(sheet, "D5", xml, sizeof xml), -1); /* NaN: no cell */
    assert_true(cell_number(sheet, "D4") == 3);
    assert_int_equal(cell_xml(sheet, "A1", xml, sizeof xml), 0);
    assert_non_null(strstr(xml, "t=\"s\"")); /* the header is text */
    free(sheet);

    char *strings = zip_part(path, "xl/sharedStrings.xml");
    assert_non_null(strstr(strings, "<t>Brøndby</t>"));
    assert_non_null(strstr(strings, "<t>A &amp; B &lt;c&gt;</t>"));
    assert_non_null(strstr(strings, "<t>kommunekode</t>"));
    assert_non_null(strstr(strings, "<t>Data: SYNTETISKE DATA</t>"));
    free(strings);
    char *styles = zip_part(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"#,##0.00\""));
    assert_non_null(strstr(styles, "formatCode=\"000\""));
    free(styles);
    char *book = zip_part(path, "xl/workbook.xml");
    assert_non_null(strstr(book, "<sheet name=\"Liste\""));
    assert_non_null(strstr(book, "<sheet name=\"Noter\""));
    free(book);
    unlink(path);
}

static void test_atomic(void **state)
{
    (void)state;
    char path[128], bad[160];
    snprintf(path, sizeof path, "%s/old.xlsx", dir);
    snprintf(bad, sizeof bad, "%s/missing/dir.xlsx", dir);
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_write_file_atomic(path, "old", 3, &d), IX_OK);
    ix_xlsx_table *t = sample();
    assert_int_equal(ix_xlsx_write_file(t, bad, &d), IX_ERR_IO);
    assert_non_null(strstr(d.file, "missing/dir.xlsx"));
    assert_int_equal(ix_xlsx_write_file(t, "-", &d), IX_ERR_USAGE);
    /* Replacing a file: the new one is whole, no temporary file is left. */
    assert_int_equal(ix_xlsx_write_file(t, path, &d), IX_OK);
    ix_xlsx_table_free(t);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 1000);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c tmp", dir);
    FILE *p = popen(cmd, "r");
    char out[16] = "";
    assert_non_null(fgets(out, sizeof out, p));
    pclose(p);
    assert_string_equal(out, "0\n");
    unlink(path);
}

int main(void)
{
    if (!ix_xlsx_available()) {
        puts("skipped: built without libxlsxwriter");
        return 77;
    }
    if (system("unzip -v >/dev/null 2>&1") != 0) {
        puts("skipped: no unzip");
        return 77;
    }
    snprintf(dir, sizeof dir, "/tmp/ix-xlsx-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_write_read_back),
        cmocka_unit_test(test_atomic),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
