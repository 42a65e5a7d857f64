/* ix_csv_parse and friends: the conventions Danish files come in (both
 * separators, CRLF, BOM, Windows-1252), quoting, every error with its line
 * and column, and the real reference files in ../shared/data when present.
 *
 * Byte strings are spelled with explicit escapes (\xe6 = æ in Windows-1252,
 * \xc3\xa6 = æ in UTF-8) so the test says exactly which bytes are read. */
#include <errno.h>
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

#include "indeks/csv.h"
#include "indeks/number.h"

#define SHARED "../shared/data"

/* Parses a byte string literal (embedded NULs allowed). */
#define PARSE_OK(lit) parse_ok((lit), sizeof(lit) - 1)
#define PARSE_FAILS(lit, line, col, part) parse_fails((lit), sizeof(lit) - 1, (line), (col), (part))

static ix_table *parse_ok(const char *bytes, size_t len)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_csv_parse(bytes, len, "t.csv", &t, &d);
    if (st != IX_OK) {
        char text[1024];
        ix_diag_format(&d, text, sizeof text);
        print_error("unexpected error: %s\n", text);
    }
    assert_int_equal(st, IX_OK);
    assert_non_null(t);
    return t;
}

/* Checks an IX_ERR_PARSE naming t.csv, line, column and a message part. */
static void parse_fails(const char *bytes, size_t len, long line, long col, const char *part)
{
    ix_table *t = (ix_table *)&t; /* must be reset to NULL */
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_csv_parse(bytes, len, "t.csv", &t, &d);
    char text[1024];
    ix_diag_format(&d, text, sizeof text);
    if (st != IX_ERR_PARSE || d.line != line || d.column != col || !strstr(d.message, part))
        print_error("got status %d \"%s\", want line %ld column %ld with \"%s\"\n", (int)st, text,
                    line, col, part);
    assert_int_equal(st, IX_ERR_PARSE);
    assert_null(t);
    assert_string_equal(d.file, "t.csv");
    assert_int_equal(d.line, line);
    assert_int_equal(d.column, col);
    assert_non_null(strstr(d.message, part));
}

/* Same shape, header, cells and source lines. */
static void assert_same_table(const ix_table *a, const ix_table *b)
{
    assert_int_equal(ix_table_nrows(a), ix_table_nrows(b));
    assert_int_equal(ix_table_ncols(a), ix_table_ncols(b));
    for (size_t c = 0; c < ix_table_ncols(a); c++)
        assert_string_equal(ix_table_header(a, c), ix_table_header(b, c));
    for (size_t r = 0; r < ix_table_nrows(a); r++) {
        assert_int_equal(ix_table_line(a, r), ix_table_line(b, r));
        for (size_t c = 0; c < ix_table_ncols(a); c++)
            assert_string_equal(ix_table_cell(a, r, c), ix_table_cell(b, r, c));
    }
}

/* ---- conventions --------------------------------------------------------- */

static void test_comma_file(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("kode,navn,indeks\n101,K\xc3\xb8" "benhavn,1.06\n147,Frederiksberg,0.8\n");
    assert_int_equal(ix_table_separator(t), ',');
    assert_int_equal(ix_table_decimal(t), '.');
    assert_int_equal(ix_table_encoding(t), IX_ENC_UTF8);
    assert_string_equal(ix_table_source(t), "t.csv");
    assert_int_equal(ix_table_ncols(t), 3);
    assert_int_equal(ix_table_nrows(t), 2);
    assert_string_equal(ix_table_header(t, 2), "indeks");
    assert_string_equal(ix_table_cell(t, 0, 1), "K\xc3\xb8" "benhavn");
    assert_int_equal(ix_table_line(t, 0), 2);
    assert_int_equal(ix_table_line(t, 1), 3);
    ix_table_free(t);
}

/* The same data with ';' and decimal comma reads to the same names and
 * numbers. */
static void test_both_separators_same_table(void **state)
{
    (void)state;
    ix_table *a = PARSE_OK("kode,navn,indeks,befolkning\n"
                           "101,K\xc3\xb8" "benhavn,1.06,632340\n"
                           "153,Br\xc3\xb8ndby,-0.5,35090\n"
                           "860,\"Hj\xc3\xb8rring, Nord\",1.2345e2,64000\n");
    ix_table *b = PARSE_OK("kode;navn;indeks;befolkning\n"
                           "101;K\xc3\xb8" "benhavn;1,06;632340\n"
                           "153;Br\xc3\xb8ndby;-0,5;35090\n"
                           "860;Hj\xc3\xb8rring, Nord;1,2345e2;64000\n");
    assert_int_equal(ix_table_separator(b), ';');
    assert_int_equal(ix_table_decimal(b), ',');
    assert_int_equal(ix_table_nrows(a), 3);
    assert_int_equal(ix_table_nrows(b), 3);
    assert_int_equal(ix_table_ncols(b), 4);
    for (size_t c = 0; c < 4; c++)
        assert_string_equal(ix_table_header(a, c), ix_table_header(b, c));
    const double want[3][3] = {{101, 1.06, 632340}, {153, -0.5, 35090}, {860, 123.45, 64000}};
    const size_t numeric[3] = {0, 2, 3};
    for (size_t r = 0; r < 3; r++) {
        assert_string_equal(ix_table_cell(a, r, 1), ix_table_cell(b, r, 1));
        assert_int_equal(ix_table_line(a, r), ix_table_line(b, r));
        for (size_t k = 0; k < 3; k++) {
            double x = 0, y = 1;
            assert_int_equal(ix_table_number(a, r, numeric[k], &x, NULL), IX_OK);
            assert_int_equal(ix_table_number(b, r, numeric[k], &y, NULL), IX_OK);
            assert_true(x == want[r][k]);
            assert_true(y == want[r][k]);
        }
    }
    assert_string_equal(ix_table_cell(b, 2, 1), "Hj\xc3\xb8rring, Nord");
    ix_table_free(a);
    ix_table_free(b);
}

static void test_crlf_same_as_lf(void **state)
{
    (void)state;
    ix_table *lf = PARSE_OK("a,b,c\n1,\"two\nlines\",3\n\n4,5,6\n");
    ix_table *crlf = PARSE_OK("a,b,c\r\n1,\"two\r\nlines\",3\r\n\r\n4,5,6\r\n");
    assert_same_table(lf, crlf);
    assert_string_equal(ix_table_cell(crlf, 0, 1), "two\nlines");
    assert_string_equal(ix_table_cell(crlf, 0, 2), "3");
    assert_string_equal(ix_table_cell(crlf, 1, 2), "6");
    assert_int_equal(ix_table_line(crlf, 1), 5);
    ix_table_free(lf);
    ix_table_free(crlf);
}

static void test_last_line_without_line_end(void **state)
{
    (void)state;
    ix_table *a = PARSE_OK("a;b\r\n1;2");
    ix_table *b = PARSE_OK("a;b\n1;2\n");
    ix_table *c = PARSE_OK("a;b\r\n1;\"2\"");
    assert_same_table(a, b);
    assert_same_table(a, c);
    ix_table_free(a);
    ix_table_free(b);
    ix_table_free(c);
}

static void test_bom_same_as_none(void **state)
{
    (void)state;
    ix_table *plain = PARSE_OK("navn;v\n\xc3\x86" "r\xc3\xb8;1\n");
    ix_table *bom = PARSE_OK("\xef\xbb\xbfnavn;v\n\xc3\x86" "r\xc3\xb8;1\n");
    assert_same_table(plain, bom);
    assert_string_equal(ix_table_header(bom, 0), "navn"); /* no BOM in the name */
    assert_int_equal(ix_table_encoding(plain), IX_ENC_UTF8);
    assert_int_equal(ix_table_encoding(bom), IX_ENC_UTF8_BOM);
    assert_int_equal(ix_table_separator(bom), ';');
    ix_table_free(plain);
    ix_table_free(bom);
}

/* What Danish Excel saves as "CSV (semicolon separated)": Windows-1252. */
static void test_cp1252_same_as_utf8(void **state)
{
    (void)state;
    ix_table *utf8 = PARSE_OK("by;tekst;bel\xc3\xb8" "b\r\n"
                              "\xc3\x85rhus;\xc3\xa6\xc3\xb8\xc3\xa5 \xc3\x86\xc3\x98\xc3\x85 "
                              "caf\xc3\xa9;\xe2\x82\xac 5\r\n"
                              "S\xc3\xb8nderborg;\xe2\x80\x9c" "citat\xe2\x80\x9d;1,5\r\n");
    ix_table *cp = PARSE_OK("by;tekst;bel\xf8" "b\r\n"
                            "\xc5rhus;\xe6\xf8\xe5 \xc6\xd8\xc5 caf\xe9;\x80 5\r\n"
                            "S\xf8nderborg;\x93" "citat\x94;1,5\r\n");
    assert_same_table(utf8, cp);
    assert_int_equal(ix_table_encoding(cp), IX_ENC_CP1252);
    assert_int_equal(ix_table_encoding(utf8), IX_ENC_UTF8);
    assert_string_equal(ix_table_header(cp, 2), "bel\xc3\xb8" "b");
    assert_string_equal(ix_table_cell(cp, 0, 1), "\xc3\xa6\xc3\xb8\xc3\xa5 \xc3\x86\xc3\x98\xc3\x85 caf\xc3\xa9");
    assert_string_equal(ix_table_cell(cp, 0, 2), "\xe2\x82\xac 5");
    ix_table_free(utf8);
    ix_table_free(cp);
}

/* Every defined byte of 0x80-0x9F, and Latin-1 above. */
static void test_cp1252_table(void **state)
{
    (void)state;
    const char in[] = "\x80\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8e"
                      "\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9e\x9f"
                      "\xa0\xc6\xd8\xc5\xe6\xf8\xe5\xff A";
    const char want[] = "\xe2\x82\xac" "\xe2\x80\x9a" "\xc6\x92" "\xe2\x80\x9e" "\xe2\x80\xa6"
                        "\xe2\x80\xa0" "\xe2\x80\xa1" "\xcb\x86" "\xe2\x80\xb0" "\xc5\xa0"
                        "\xe2\x80\xb9" "\xc5\x92" "\xc5\xbd"
                        "\xe2\x80\x98" "\xe2\x80\x99" "\xe2\x80\x9c" "\xe2\x80\x9d" "\xe2\x80\xa2"
                        "\xe2\x80\x93" "\xe2\x80\x94" "\xcb\x9c" "\xe2\x84\xa2" "\xc5\xa1"
                        "\xe2\x80\xba" "\xc5\x93" "\xc5\xbe" "\xc5\xb8"
                        "\xc2\xa0\xc3\x86\xc3\x98\xc3\x85\xc3\xa6\xc3\xb8\xc3\xa5\xc3\xbf A";
    /* The same text spelled as characters, to check the escapes above. */
    assert_string_equal(want, "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\xc2\xa0ÆØÅæøåÿ A");
    char *out = NULL;
    size_t len = 0;
    ix_diag d;
    assert_int_equal(ix_cp1252_to_utf8(in, sizeof in - 1, "x", &out, &len, &d), IX_OK);
    assert_string_equal(out, want);
    assert_int_equal(len, sizeof want - 1);
    assert_true(ix_utf8_valid(out, len));
    free(out);
}

static void test_cp1252_undefined_bytes(void **state)
{
    (void)state;
    const unsigned char undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    for (size_t i = 0; i < sizeof undefined; i++) {
        /* line 3, after "x\xe6" (2 characters): column 3 */
        char bytes[] = "a,b\n1,2\nx\xe6?,y\n";
        bytes[10] = (char)undefined[i];
        char hex[8];
        snprintf(hex, sizeof hex, "0x%02X", undefined[i]);
        parse_fails(bytes, sizeof bytes - 1, 3, 3, hex);
        char *out = (char *)bytes;
        size_t len = 99;
        ix_diag d;
        assert_int_equal(ix_cp1252_to_utf8(bytes, sizeof bytes - 1, "raw", &out, &len, &d),
                         IX_ERR_PARSE);
        assert_null(out);
        assert_string_equal(d.file, "raw");
        assert_int_equal(d.line, 3);
        assert_int_equal(d.column, 3);
    }
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(ix_utf8_valid("", 0));
    assert_true(ix_utf8_valid("plain", 5));
    assert_true(ix_utf8_valid("\xc3\xa6\xe2\x82\xac\xf0\x9f\x98\x80", 9)); /* æ € 😀 */
    assert_true(ix_utf8_valid("\xf4\x8f\xbf\xbf", 4));                     /* U+10FFFF */
    assert_true(ix_utf8_valid("a\0b", 3));
    assert_false(ix_utf8_valid("\xe6", 1));                 /* Windows-1252 æ */
    assert_false(ix_utf8_valid("\x80", 1));                 /* lone continuation */
    assert_false(ix_utf8_valid("\xc0\xaf", 2));             /* overlong '/' */
    assert_false(ix_utf8_valid("\xe0\x80\xaf", 3));         /* overlong, 3 bytes */
    assert_false(ix_utf8_valid("\xf0\x80\x80\xaf", 4));     /* overlong, 4 bytes */
    assert_false(ix_utf8_valid("\xed\xa0\x80", 3));         /* surrogate U+D800 */
    assert_false(ix_utf8_valid("\xf4\x90\x80\x80", 4));     /* past U+10FFFF */
    assert_false(ix_utf8_valid("\xe2\x82", 2));             /* cut short */
    assert_false(ix_utf8_valid("\xc3\xa6\xc3", 3));         /* cut short at the end */
    assert_false(ix_utf8_valid("\xe2\x28\xa1", 3));         /* bad continuation */
    assert_false(ix_utf8_valid("\xff", 1));
}

/* ---- quoting and trimming ------------------------------------------------ */

static void test_quoted_fields(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("a,b,c,d\n"
                           "\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\",\"\"\n"
                           " \"padded\" ,\" keep \",\"\"\"\",\"a;b\"\n"
                           "1,2,3,4\n");
    assert_int_equal(ix_table_separator(t), ',');
    assert_int_equal(ix_table_nrows(t), 3);
    assert_string_equal(ix_table_cell(t, 0, 0), "x,y");
    assert_string_equal(ix_table_cell(t, 0, 1), "say \"hi\"");
    assert_string_equal(ix_table_cell(t, 0, 2), "line1\nline2");
    assert_string_equal(ix_table_cell(t, 0, 3), "");
    assert_string_equal(ix_table_cell(t, 1, 0), "padded");
    assert_string_equal(ix_table_cell(t, 1, 1), " keep ");
    assert_string_equal(ix_table_cell(t, 1, 2), "\"");
    assert_string_equal(ix_table_cell(t, 1, 3), "a;b");
    /* The quoted line end counts: rows start on physical lines 2, 4, 5. */
    assert_int_equal(ix_table_line(t, 0), 2);
    assert_int_equal(ix_table_line(t, 1), 4);
    assert_int_equal(ix_table_line(t, 2), 5);
    ix_table_free(t);
}

static void test_trimming(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("  kode ; \"navn \" \n\t101\t;  K\xc3\xb8" "benhavn  \n;\n");
    assert_string_equal(ix_table_header(t, 0), "kode");
    assert_string_equal(ix_table_header(t, 1), "navn"); /* quoted header trimmed too */
    assert_string_equal(ix_table_cell(t, 0, 0), "101");
    assert_string_equal(ix_table_cell(t, 0, 1), "K\xc3\xb8" "benhavn");
    assert_string_equal(ix_table_cell(t, 1, 0), "");
    assert_string_equal(ix_table_cell(t, 1, 1), "");
    assert_int_equal(ix_table_find(t, "navn"), 1);
    ix_table_free(t);
}

/* A quote inside an unquoted field is kept as text (Excel writes 12" pipe). */
static void test_quote_inside_unquoted(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("a,b\n12\" pipe,x\"y\"\n");
    assert_string_equal(ix_table_cell(t, 0, 0), "12\" pipe");
    assert_string_equal(ix_table_cell(t, 0, 1), "x\"y\"");
    ix_table_free(t);
}

static void test_blank_lines(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("\n\r\n  \na,b\n\n1,2\n \t \r\n3,4\n\n\n");
    assert_int_equal(ix_table_nrows(t), 2);
    assert_string_equal(ix_table_header(t, 0), "a");
    assert_int_equal(ix_table_line(t, 0), 6);
    assert_int_equal(ix_table_line(t, 1), 8);
    ix_table_free(t);
}

static void test_header_only(void **state)
{
    (void)state;
    ix_table *a = PARSE_OK("a,b,c\n");
    ix_table *b = PARSE_OK("a,b,c");
    assert_int_equal(ix_table_nrows(a), 0);
    assert_int_equal(ix_table_ncols(a), 3);
    assert_same_table(a, b);
    ix_table_free(a);
    ix_table_free(b);
}

/* The separator is whichever of ';' and ',' the header has more of, outside
 * quotes; a tie (or neither) is ','. */
static void test_separator_detection(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("\"a;b;c\",d\n1,2\n");
    assert_int_equal(ix_table_separator(t), ',');
    assert_string_equal(ix_table_header(t, 0), "a;b;c");
    ix_table_free(t);
    t = PARSE_OK("a;b,c;d\n1;2,5;3\n");
    assert_int_equal(ix_table_separator(t), ';');
    assert_string_equal(ix_table_header(t, 1), "b,c");
    ix_table_free(t);
    t = PARSE_OK("single\n15\n");
    assert_int_equal(ix_table_separator(t), ',');
    ix_table_free(t);
    t = PARSE_OK("a;b,c\n1;2,3\n"); /* tie: ',' */
    assert_int_equal(ix_table_separator(t), ',');
    assert_string_equal(ix_table_header(t, 0), "a;b");
    ix_table_free(t);
}

static void test_decimal_follows_separator(void **state)
{
    (void)state;
    ix_table *t = PARSE_OK("kommune;indeks\nA;1,5\nB;1.234\nC;NA\n");
    double v = 0;
    assert_int_equal(ix_table_number(t, 0, 1, &v, NULL), IX_OK);
    assert_true(v == 1.5);
    ix_diag d;
    assert_int_equal(ix_table_number(t, 1, 1, &v, &d), IX_ERR_INPUT);
    assert_string_equal(d.file, "t.csv");
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 2);
    assert_string_equal(d.field, "indeks");
    assert_non_null(strstr(d.message, "expected a number, got \"1.234\": ambiguous"));
    assert_true(ix_table_cell_missing(t, 2, 1));
    ix_table_free(t);
}

/* A 1 MB field works and comes back whole. */
static void test_long_line(void **state)
{
    (void)state;
    const size_t big = 1u << 20;
    const char head[] = "a,b\n";
    size_t len = sizeof head - 1 + big + 2 + big + 5;
    char *bytes = malloc(len);
    assert_non_null(bytes);
    size_t n = sizeof head - 1;
    memcpy(bytes, head, n);
    memset(bytes + n, 'x', big);
    n += big;
    memcpy(bytes + n, ",\"", 2);
    n += 2;
    memset(bytes + n, 'y', big);
    n += big;
    memcpy(bytes + n, "\"\n1,2", 5);
    n += 5;
    assert_int_equal(n, len);
    ix_table *t = parse_ok(bytes, n);
    assert_int_equal(ix_table_nrows(t), 2);
    assert_int_equal(strlen(ix_table_cell(t, 0, 0)), big);
    assert_int_equal(strlen(ix_table_cell(t, 0, 1)), big);
    assert_int_equal(ix_table_cell(t, 0, 1)[big - 1], 'y');
    assert_string_equal(ix_table_cell(t, 1, 1), "2");
    ix_table_free(t);
    free(bytes);
}

/* ---- errors -------------------------------------------------------------- */

static void test_error_empty(void **state)
{
    (void)state;
    PARSE_FAILS("", 1, 0, "empty file, expected a header line");
    PARSE_FAILS("\xef\xbb\xbf", 1, 0, "empty file, expected a header line");
    PARSE_FAILS("\n\r\n  \n", 1, 0, "only blank lines");
}

static void test_error_bom_in_middle(void **state)
{
    (void)state;
    PARSE_FAILS("a,b\n1,\xef\xbb\xbf" "2\n", 2, 3, "byte order mark");
    /* Columns count characters: "æ," is two. */
    PARSE_FAILS("a,b\n\xc3\xa6,\xef\xbb\xbf" "2\n", 2, 3, "byte order mark");
}

static void test_error_nul(void **state)
{
    (void)state;
    PARSE_FAILS("a,b\n1,2\0\n", 2, 4, "NUL byte");
    PARSE_FAILS("a\0b\n", 1, 2, "NUL byte");
}

static void test_error_utf16(void **state)
{
    (void)state;
    PARSE_FAILS("\xff\xfe" "a\0,\0b\0", 1, 1, "UTF-16");
    PARSE_FAILS("\xfe\xff\0a\0,\0b", 1, 1, "UTF-16");
}

/* A file that says UTF-8 (BOM) but is not, is not guessed at. */
static void test_error_bom_but_invalid(void **state)
{
    (void)state;
    PARSE_FAILS("\xef\xbb\xbf" "a,b\n1,\xe6\n", 2, 3, "invalid UTF-8 byte 0xE6");
}

static void test_error_unterminated_quote(void **state)
{
    (void)state;
    PARSE_FAILS("a,b\n1,\"abc\n2,3\n4,5\n", 2, 3, "unterminated quote: the quoted field opened "
                                                 "on line 2 never closes");
    PARSE_FAILS("\"a,b\n", 1, 1, "opened on line 1");
    PARSE_FAILS("a,b\n1,\"x\"\"", 2, 3, "opened on line 2");
}

static void test_error_text_after_quote(void **state)
{
    (void)state;
    PARSE_FAILS("a,b\n\"x\"y,2\n", 2, 4, "text after the closing quote");
    PARSE_FAILS("a,b\n1,\"x\" z\n", 2, 7, "text after the closing quote");
    /* On the line where the quoted field ends. */
    PARSE_FAILS("a,b\n1,\"x\ny\"!\n", 3, 3, "text after the closing quote");
    PARSE_FAILS("\"a\"b,c\n", 1, 4, "text after the closing quote");
}

static void test_error_field_count(void **state)
{
    (void)state;
    /* Line 17 has 5 fields, the header 6; the column is the line's end. */
    char bytes[512];
    size_t n = 0;
    const char header[] = "a,b,c,d,e,f\n";
    memcpy(bytes, header, sizeof header - 1);
    n += sizeof header - 1;
    for (int line = 2; line <= 16; line++) {
        memcpy(bytes + n, "1,2,3,4,5,6\n", 12);
        n += 12;
    }
    memcpy(bytes + n, "1,2,3,4,5\n7,8,9,10,11,12\n", 25);
    n += 25;
    parse_fails(bytes, n, 17, 10, "line 17 has 5 fields, the header has 6");
    /* Too many: the column is where the first extra field starts. */
    PARSE_FAILS("a,b\n1,2\n1,2,3\n", 3, 5, "line 3 has 3 fields, the header has 2");
    PARSE_FAILS("a;b\r\nx\r\n", 2, 2, "line 2 has 1 field, the header has 2");
    /* A quoted line end inside the row: the location is the extra field, the
     * message names the line the row starts on. */
    PARSE_FAILS("a,b\n\"x\ny\",2,3\n", 3, 6, "line 2 has 3 fields");
    PARSE_FAILS("a,b,c\n1,\"x\ny\"\n", 3, 3, "line 2 has 2 fields");
}

static void test_error_header_names(void **state)
{
    (void)state;
    PARSE_FAILS("a,,b\n1,2,3\n", 1, 3, "empty column name in the header (column 2)");
    PARSE_FAILS("a, \t,b\n", 1, 3, "empty column name in the header (column 2)");
    PARSE_FAILS("a,b,\n", 1, 5, "empty column name in the header (column 3)");
    PARSE_FAILS("\"\";x\n", 1, 1, "empty column name in the header (column 1)");
    PARSE_FAILS("a,b,a\n1,2,3\n", 1, 5,
                "duplicate column name \"a\" in the header (columns 1 and 3)");
    PARSE_FAILS("\n\nx;y; y ;x\n", 3, 5,
                "duplicate column name \"y\" in the header (columns 2 and 3)");
    PARSE_FAILS("b,a,c,a,b\n", 1, 7, "duplicate column name \"a\" in the header (columns 2 and 4)");
}

/* ---- files --------------------------------------------------------------- */

/* Writes bytes to a fresh temporary file; returns its path in path. */
static void write_temp(char *path, size_t size, const char *bytes, size_t len)
{
    snprintf(path, size, "/tmp/test_csv_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
}

static void test_read_file(void **state)
{
    (void)state;
    const char bytes[] = "kode;navn\r\n101;K\xf8" "benhavn\r\n";
    char path[64];
    write_temp(path, sizeof path, bytes, sizeof bytes - 1);
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_csv_read_file(path, &t, &d), IX_OK);
    assert_string_equal(ix_table_source(t), path);
    assert_int_equal(ix_table_encoding(t), IX_ENC_CP1252);
    assert_string_equal(ix_table_cell(t, 0, 1), "K\xc3\xb8" "benhavn");
    ix_table_free(t);
    unlink(path);
}

static void test_read_stdin(void **state)
{
    (void)state;
    const char bytes[] = "a,b\n1,\"2\n";
    char path[64];
    write_temp(path, sizeof path, bytes, sizeof bytes - 1);
    assert_non_null(freopen(path, "rb", stdin));
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_csv_read_file("-", &t, &d), IX_ERR_PARSE);
    assert_null(t);
    assert_string_equal(d.file, "<stdin>");
    assert_int_equal(d.line, 2);
    unlink(path);
}

static void test_read_file_errors(void **state)
{
    (void)state;
    ix_table *t = NULL;
    ix_diag d;
    const char *missing = "/nonexistent/dir/kommuner.csv";
    assert_int_equal(ix_csv_read_file(missing, &t, &d), IX_ERR_IO);
    assert_null(t);
    assert_string_equal(d.file, missing);
    char want[256];
    snprintf(want, sizeof want, "cannot open: %s", strerror(ENOENT));
    assert_string_equal(d.message, want);
    /* A directory opens but cannot be read. */
    assert_int_equal(ix_csv_read_file("/tmp", &t, &d), IX_ERR_IO);
    assert_string_equal(d.file, "/tmp");
    assert_non_null(strstr(d.message, "cannot read"));
    /* An empty file is a parse error, not an I/O one. */
    char path[64];
    write_temp(path, sizeof path, "", 0);
    assert_int_equal(ix_csv_read_file(path, &t, &d), IX_ERR_PARSE);
    assert_string_equal(d.message, "empty file, expected a header line");
    unlink(path);
}

/* ---- regressions ---------------------------------------------------------- */

/* An empty quoted field as the very first thing appended nothing to a
 * scratch buffer not yet allocated: memcpy(NULL, src, 0), which UBSan
 * reports. Found by the unit tests under UBSan; fuzz_csv (2.7 million runs)
 * found no crash. */
static void test_regression_empty_quoted_first(void **state)
{
    (void)state;
    PARSE_FAILS("\"\"", 1, 1, "empty column name in the header (column 1)");
    ix_table *t = PARSE_OK("a\n\"\"\n");
    assert_int_equal(ix_table_nrows(t), 1);
    assert_string_equal(ix_table_cell(t, 0, 0), "");
    ix_table_free(t);
}

/* ---- the real reference files -------------------------------------------- */

static void test_kommuner(void **state)
{
    (void)state;
    ix_table *t = NULL;
    ix_diag d;
    ix_status st = ix_csv_read_file(SHARED "/reference/kommuner.csv", &t, &d);
    assert_int_equal(st, IX_OK);
    assert_int_equal(ix_table_nrows(t), 98);
    assert_int_equal(ix_table_ncols(t), 6);
    assert_string_equal(ix_table_header(t, 0), "kommunekode");
    assert_int_equal(ix_table_find(t, "navn"), 1);
    assert_int_equal(ix_table_find(t, "befolkning_2020"), 5);
    assert_string_equal(ix_table_cell(t, 0, 1), "K\xc3\xb8" "benhavn");
    assert_int_equal(ix_table_separator(t), ',');
    assert_int_equal(ix_table_encoding(t), IX_ENC_UTF8);
    double code = 0, people = 0;
    assert_int_equal(ix_table_number(t, 0, 0, &code, NULL), IX_OK);
    assert_int_equal(ix_table_number(t, 0, 5, &people, NULL), IX_OK);
    assert_true(code == 101);
    assert_true(people == 632340);
    /* Every code and population is a number. */
    double total = 0;
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        assert_int_equal(ix_table_number(t, r, 0, &code, &d), IX_OK);
        assert_int_equal(ix_table_number(t, r, 5, &people, &d), IX_OK);
        total += people;
    }
    /* SOURCES.md: the 99 values with Christiansø (84) sum to 5,822,763. */
    assert_true(total == 5822763 - 84);
    ix_table_free(t);
}

/* CRLF, a trailing empty field on every line, empty cells before 1996. */
static void test_noegletal(void **state)
{
    (void)state;
    ix_table *t = NULL;
    ix_diag d;
    assert_int_equal(ix_csv_read_file(SHARED "/real/noegletal_socioindeks_1993_2024.csv", &t, &d),
                     IX_OK);
    assert_int_equal(ix_table_nrows(t), 98 * 32);
    long kode = ix_table_find(t, "kommunekode"), aar = ix_table_find(t, "aar");
    long indeks = ix_table_find(t, "socio_indeks");
    assert_true(kode >= 0 && aar >= 0 && indeks >= 0);
    assert_true(ix_table_cell_missing(t, 0, (size_t)indeks)); /* 1993 */
    int found = 0;
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        if (strcmp(ix_table_cell(t, r, (size_t)kode), "153") == 0 &&
            strcmp(ix_table_cell(t, r, (size_t)aar), "2015") == 0) {
            double v = 0;
            assert_int_equal(ix_table_number(t, r, (size_t)indeks, &v, &d), IX_OK);
            assert_true(v == 1.62); /* Brøndby 2015, SOURCES.md */
            found = 1;
        }
    }
    assert_true(found);
    ix_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comma_file),
        cmocka_unit_test(test_both_separators_same_table),
        cmocka_unit_test(test_crlf_same_as_lf),
        cmocka_unit_test(test_last_line_without_line_end),
        cmocka_unit_test(test_bom_same_as_none),
        cmocka_unit_test(test_cp1252_same_as_utf8),
        cmocka_unit_test(test_cp1252_table),
        cmocka_unit_test(test_cp1252_undefined_bytes),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_trimming),
        cmocka_unit_test(test_quote_inside_unquoted),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_separator_detection),
        cmocka_unit_test(test_decimal_follows_separator),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_error_empty),
        cmocka_unit_test(test_error_bom_in_middle),
        cmocka_unit_test(test_error_nul),
        cmocka_unit_test(test_error_utf16),
        cmocka_unit_test(test_error_bom_but_invalid),
        cmocka_unit_test(test_error_unterminated_quote),
        cmocka_unit_test(test_error_text_after_quote),
        cmocka_unit_test(test_error_field_count),
        cmocka_unit_test(test_error_header_names),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_stdin),
        cmocka_unit_test(test_read_file_errors),
        cmocka_unit_test(test_regression_empty_quoted_first),
    };
    int failed = cmocka_run_group_tests_name("csv", tests, NULL, NULL);
    if (failed)
        return failed;
    /* The real files are read from ../shared (run from the repository root);
     * without them the whole test reports as skipped after the rest passed. */
    struct stat st;
    if (stat(SHARED, &st) != 0) {
        printf("skipped: %s is absent\n", SHARED);
        return 77;
    }
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(test_kommuner),
        cmocka_unit_test(test_noegletal),
    };
    return cmocka_run_group_tests_name("csv_shared_data", shared, NULL, NULL);
}
