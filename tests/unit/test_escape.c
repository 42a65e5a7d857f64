/* The escaping module (indeks/escape.h) and the two core helpers the
 * writers share (indeks/util.h).
 *
 * Expected texts are written out by hand from the rules in escape.h; where
 * an independent implementation exists it is the judge: the project's CSV
 * reader reads written fields back, jansson decodes JSON strings, the C
 * library's snprintf formats the numbers ix_html_printf hands it. A
 * property test (fixed-seed generator, 2000 strings of random bytes) checks
 * that HTML output holds no markup character and decodes back to the input,
 * and that every CSV field reads back exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "indeks/csv.h"
#include "indeks/escape.h"
#include "indeks/site.h"
#include "indeks/util.h"

/* ---- helpers -------------------------------------------------------------------- */

typedef void (*text_fn)(ix_sink *, const char *);

/* What fn writes for text, in a malloc'd string. */
static char *run(text_fn fn, const char *text)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    fn(&s, text);
    assert_int_equal(s.failed, 0);
    char *out = ix_strdup(b.data ? b.data : "");
    ix_buf_free(&b);
    return out;
}

#define ASSERT_WRITES(fn, text, expected)                                                          \
    do {                                                                                           \
        char *got_ = run((fn), (text));                                                            \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

/* ix_csv_field with each separator, in run's shape. */
static void csv_comma(ix_sink *s, const char *text)
{
    ix_csv_field(s, text, ',');
}

static void csv_semicolon(ix_sink *s, const char *text)
{
    ix_csv_field(s, text, ';');
}

static char *csv(const char *text, char sep)
{
    return run(sep == ';' ? csv_semicolon : csv_comma, text);
}

#define ASSERT_CSV(text, sep, expected)                                                            \
    ASSERT_WRITES((sep) == ';' ? csv_semicolon : csv_comma, (text), (expected))

/* The fixed-seed generator of the property tests (xorshift32). */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* ---- CSV ------------------------------------------------------------------------ */

static void test_csv_quote_only_when_needed(void **state)
{
    (void)state;
    ASSERT_CSV("Aarhus", ',', "Aarhus");
    ASSERT_CSV("", ',', "");
    ASSERT_CSV(NULL, ',', "");
    ASSERT_CSV("Ærø, Læsø og Åbenrå", ',', "\"Ærø, Læsø og Åbenrå\""); /* UTF-8 kept */
    ASSERT_CSV("Ærø; Læsø", ',', "Ærø; Læsø");                         /* ';' is text here */
    /* --locale da: ';' separates, ',' is the decimal mark and needs no quotes. */
    ASSERT_CSV("1,5", ';', "1,5");
    ASSERT_CSV("a;b", ';', "\"a;b\"");
    /* A quote is doubled inside quotes: 12" rør -> "12"" rør". */
    ASSERT_CSV("12\" rør", ',', "\"12\"\" rør\"");
    ASSERT_CSV("\"", ';', "\"\"\"\"");
    /* Line ends force quotes; the bytes inside stay as they are. */
    ASSERT_CSV("linje 1\nlinje 2", ',', "\"linje 1\nlinje 2\"");
    ASSERT_CSV("a\r\nb", ';', "\"a\r\nb\"");
    ASSERT_CSV("cr\r", ',', "\"cr\r\"");
    /* Apostrophes, tabs and HTML characters are nothing to CSV. */
    ASSERT_CSV("Jerry's <b>\t&", ',', "Jerry's <b>\t&");

    assert_int_equal(ix_csv_needs_quotes("abc", ','), 0);
    assert_int_equal(ix_csv_needs_quotes("a,c", ','), 1);
    assert_int_equal(ix_csv_needs_quotes("a,c", ';'), 0);
    assert_int_equal(ix_csv_needs_quotes("a;c", ';'), 1);
    assert_int_equal(ix_csv_needs_quotes("a\"c", ';'), 1);
    assert_int_equal(ix_csv_needs_quotes("a\nc", ';'), 1);
    assert_int_equal(ix_csv_needs_quotes("a\rc", ';'), 1);
    assert_int_equal(ix_csv_needs_quotes(NULL, ','), 0);
}

/* Fields written with ix_csv_field, read back by the project's own CSV
 * reader (lib/io/base/csv.c), with ',' and with ';'. */
static void test_csv_reads_back(void **state)
{
    (void)state;
    static const char *const cells[] = {"Ærø, Læsø",     "12\" rør", "to\nlinjer", "a;b",
                                        "\"citeret\"", "1,5",      "æøå ÆØÅ"};
    const size_t n = sizeof cells / sizeof *cells;
    const char seps[2] = {',', ';'};
    for (int k = 0; k < 2; k++) {
        char sep = seps[k];
        ix_buf b;
        ix_buf_init(&b);
        ix_sink s = ix_buf_sink(&b);
        for (size_t i = 0; i < n; i++) { /* header: c0;c1;... (';' wins the detection) */
            ix_sink_printf(&s, "%sc%zu", i ? (sep == ';' ? ";" : ",") : "", i);
        }
        ix_sink_puts(&s, "\n");
        for (size_t i = 0; i < n; i++) {
            if (i)
                ix_sink_put(&s, &sep, 1);
            ix_csv_field(&s, cells[i], sep);
        }
        ix_sink_puts(&s, "\n");
        ix_table *t = NULL;
        ix_diag d;
        ix_diag_clear(&d);
        assert_int_equal(ix_csv_parse(b.data, b.len, "written.csv", &t, &d), IX_OK);
        assert_int_equal(ix_table_nrows(t), 1);
        assert_int_equal(ix_table_ncols(t), n);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(ix_table_cell(t, 0, i), cells[i]);
        ix_table_free(t);
        ix_buf_free(&b);
    }
}

/* Reads one CSV field written alone (RFC 4180), the test's own decoder. */
static char *csv_decode(const char *field)
{
    size_t n = strlen(field);
    char *out = malloc(n + 1), *o = out;
    assert_non_null(out);
    if (n && field[0] == '"') {
        assert_true(n >= 2 && field[n - 1] == '"');
        for (size_t i = 1; i + 1 < n; i++) {
            if (field[i] == '"') {
                assert_true(field[i + 1] == '"' && i + 2 < n); /* only doubled inside */
                i++;
            }
            *o++ = field[i];
        }
    } else {
        memcpy(out, field, n);
        o = out + n;
    }
    *o = '\0';
    return out;
}

static void test_csv_property(void **state)
{
    (void)state;
    static const char alphabet[] = {'a', 'Z', '1', ',', ';', '"', '\n', '\r', ' ', '\'', '<'};
    uint32_t seed = 20261202;
    for (int round = 0; round < 2000; round++) {
        char text[24];
        size_t len = next_random(&seed) % (sizeof text);
        for (size_t i = 0; i < len; i++)
            text[i] = alphabet[next_random(&seed) % sizeof alphabet];
        text[len] = '\0';
        char sep = round % 2 ? ';' : ',';
        char *field = csv(text, sep);
        int quoted = field[0] == '"';
        /* Quoted exactly when it holds the separator, a quote or a line end. */
        assert_int_equal(quoted, strpbrk(text, "\"\r\n") != NULL || strchr(text, sep) != NULL);
        char *back = csv_decode(field);
        assert_string_equal(back, text);
        free(back);
        free(field);
    }
}

/* ---- HTML and XML --------------------------------------------------------------- */

static void test_html_text(void **state)
{
    (void)state;
    ASSERT_WRITES(ix_html_text, "<a href=\"x\">Tom & Jerry's</a>",
                  "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    ASSERT_WRITES(ix_html_text, "æøå ÆØÅ – · €", "æøå ÆØÅ – · €"); /* UTF-8 unchanged */
    ASSERT_WRITES(ix_html_text, "", "");
    ASSERT_WRITES(ix_html_text, NULL, "");
    ASSERT_WRITES(ix_html_text, "&amp;", "&amp;amp;"); /* escaping is not idempotent */
    /* Controls: TAB and LF stay, CR and the rest of U+0001-U+001F become a
     * space; DEL (0x7f) passes. */
    ASSERT_WRITES(ix_html_text, "a\x01" "b\tc\nd\re\x1f" "f\x7f", "a b\tc\nd e f\x7f");
    ASSERT_WRITES(ix_html_text, "\x1b[31mred", " [31mred");
    /* ix_xml_text is the same rule, byte for byte. */
    ASSERT_WRITES(ix_xml_text, "<x a='1'>&\"\x02", "&lt;x a=&#39;1&#39;&gt;&amp;&quot; ");
    ASSERT_WRITES(ix_html_raw, "<b class=\"x\">fed</b>", "<b class=\"x\">fed</b>");
    ASSERT_WRITES(ix_html_raw, NULL, "");
}

/* Decodes the five entities of escape.h; -1 on any other '&'. */
static int html_decode(const char *in, char *out)
{
    static const char *const ents[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    while (*in) {
        if (*in != '&') {
            *out++ = *in++;
            continue;
        }
        size_t i = 0;
        while (i < 5 && strncmp(in, ents[i][0], strlen(ents[i][0])) != 0)
            i++;
        if (i == 5)
            return -1;
        *out++ = ents[i][1][0];
        in += strlen(ents[i][0]);
    }
    *out = '\0';
    return 0;
}

static void test_html_property(void **state)
{
    (void)state;
    uint32_t seed = 11;
    for (int round = 0; round < 2000; round++) {
        unsigned char text[40];
        size_t len = next_random(&seed) % (sizeof text);
        for (size_t i = 0; i < len; i++)
            text[i] = (unsigned char)(1 + next_random(&seed) % 255); /* any byte but NUL */
        text[len] = '\0';
        char *html = run(ix_html_text, (const char *)text);
        char *xml = run(ix_xml_text, (const char *)text);
        assert_string_equal(html, xml);
        /* Nothing that could open a tag or close an attribute, either quote. */
        assert_null(strpbrk(html, "<>\"'"));
        for (const unsigned char *p = (const unsigned char *)html; *p; p++)
            assert_true(*p >= 0x20 || *p == '\t' || *p == '\n');
        /* Decoding gives the input with its controls turned into spaces. */
        char expect[sizeof text], back[sizeof text * 6 + 1];
        for (size_t i = 0; i <= len; i++)
            expect[i] = (char)(text[i] && text[i] < 0x20 && text[i] != '\t' && text[i] != '\n'
                                   ? ' '
                                   : text[i]);
        assert_int_equal(html_decode(html, back), 0);
        assert_string_equal(back, expect);
        free(html);
        free(xml);
    }
}

/* ---- the HTML writer ------------------------------------------------------------ */

static void printf_buf(ix_buf *b, ix_sink *s)
{
    ix_buf_init(b);
    *s = ix_buf_sink(b);
}

static void test_html_printf_escapes_strings(void **state)
{
    (void)state;
    ix_buf b;
    ix_sink s;
    printf_buf(&b, &s);
    /* A raw <script> value through %s cannot run. */
    ix_html_printf(&s, "<p title=\"%s\">%s</p>", "\"><script>alert(1)</script>",
                   "<script>alert('x')</script>");
    assert_int_equal(s.failed, 0);
    assert_string_equal(b.data, "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
                                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>");
    ix_buf_free(&b);

    printf_buf(&b, &s);
    const char *volatile none = NULL; /* NULL prints as "": hidden from -Wformat-overflow */
    ix_html_printf(&s, "[%s|%c|%c|%.3s|%5s|%-4s|%s|%.*s]", "Ærø & Læsø", '<', 'a', "a&bcd", "<",
                   "&", none, 2, "'quoted'");
    /* %.3s cuts the text before escaping, widths count its bytes. */
    assert_string_equal(b.data, "[Ærø &amp; Læsø|&lt;|a|a&amp;b|    &lt;|&amp;   ||&#39;q]");
    ix_buf_free(&b);

    printf_buf(&b, &s);
    ix_html_printf(&s, "<p>100%% sikker</p>"); /* %% is one % */
    assert_string_equal(b.data, "<p>100% sikker</p>");
    ix_buf_free(&b);
}

/* Numbers: the same bytes as the C library's snprintf. */
static void test_html_printf_numbers(void **state)
{
    (void)state;
    char want[512];
    ix_buf b;
    ix_sink s;
    printf_buf(&b, &s);
    long l = -1234567L;
    long long ll = 9007199254740993LL;
    size_t z = 98;
    unsigned u = 4000000000u;
    short h = -7;
    ix_html_printf(&s, "%d|%03d|%ld|%lld|%zu|%u|%x|%X|%o|%hd|%g|%.2f|%e|%5d|%-5d|%+d|%*d|%.*f|%10.3g|%'d",
                   42, 7, l, ll, z, u, 255u, 255u, 8u, h, 0.1, 2.005, 12345.678, 12, 12, 3, 6, 9, 2,
                   3.14159, 1e-5, 1234567);
    snprintf(want, sizeof want,
             "%d|%03d|%ld|%lld|%zu|%u|%x|%X|%o|%hd|%g|%.2f|%e|%5d|%-5d|%+d|%*d|%.*f|%10.3g|%'d", 42, 7,
             l, ll, z, u, 255u, 255u, 8u, h, 0.1, 2.005, 12345.678, 12, 12, 3, 6, 9, 2, 3.14159, 1e-5,
             1234567);
    assert_int_equal(s.failed, 0);
    assert_string_equal(b.data, want);
    ix_buf_free(&b);

    /* hh and h convert the promoted int as printf does; z, j, t, p, L. */
    printf_buf(&b, &s);
    ptrdiff_t pd = -5;
    intmax_t im = -9;
    uintmax_t um = 18446744073709551615u;
    void *ptr = &b;
    long double ld = 1.25L;
    ix_html_printf(&s, "%hhd|%hhu|%hu|%zd|%jd|%ju|%td|%p|%Lg|%i", (signed char)-56, (unsigned char)200,
                   (unsigned short)65000, (ssize_t)-3, im, um, pd, ptr, ld, -1);
    snprintf(want, sizeof want, "%hhd|%hhu|%hu|%zd|%jd|%ju|%td|%p|%Lg|%i", (signed char)-56,
             (unsigned char)200, (unsigned short)65000, (ssize_t)-3, im, um, pd, ptr, ld, -1);
    assert_string_equal(b.data, want);
    ix_buf_free(&b);

    /* A number longer than the writer's small buffer. */
    printf_buf(&b, &s);
    ix_html_printf(&s, "<td>%.0f</td>", 1e300);
    snprintf(want, sizeof want, "<td>%.0f</td>", 1e300);
    assert_string_equal(b.data, want);
    ix_buf_free(&b);
}

/* %n would write through a pointer: refused, the sink fails. */
static void test_html_printf_refuses_n(void **state)
{
    (void)state;
    ix_buf b;
    ix_sink s;
    printf_buf(&b, &s);
    int n = 0;
    ix_html_printf(&s, "ab%n", &n);
    assert_int_equal(s.failed, 1);
    assert_int_equal(n, 0);
    ix_buf_free(&b);
}

/* The web site's pages write through ix_html_printf: a page from text a
 * request carried (the error page) holds it escaped, controls as spaces. */
static void test_site_page_escapes(void **state)
{
    (void)state;
    ix_buf b;
    ix_sink s;
    printf_buf(&b, &s);
    ix_site_error_page(404, "Ikke <fundet>", "kolonne 'x\x01' & <script>", &s);
    assert_int_equal(s.failed, 0);
    assert_non_null(strstr(b.data, "<title>Ikke &lt;fundet&gt; · indeks</title>"));
    assert_non_null(strstr(b.data, "<h1>404 · Ikke &lt;fundet&gt;</h1>\n"
                                   "<p>kolonne &#39;x &#39; &amp; &lt;script&gt;</p>"));
    assert_null(strstr(b.data, "<script>"));
    assert_null(strchr(b.data, '\x01'));
    ix_buf_free(&b);
}

/* ---- JSON ----------------------------------------------------------------------- */

static void test_json_string(void **state)
{
    (void)state;
    ASSERT_WRITES(ix_json_string, "a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
    ASSERT_WRITES(ix_json_string, "t\tn\nr\rb\bf\f", "\"t\\tn\\nr\\rb\\bf\\f\"");
    ASSERT_WRITES(ix_json_string, "\x01\x1f", "\"\\u0001\\u001f\"");
    ASSERT_WRITES(ix_json_string, "æøå <'x'>", "\"æøå <'x'>\"");
    ASSERT_WRITES(ix_json_string, NULL, "\"\"");
    /* jansson decodes every control character, quote and backslash back. */
    char all[64];
    size_t n = 0;
    for (int c = 1; c < 0x20; c++)
        all[n++] = (char)c;
    memcpy(all + n, "\"\\/æ", sizeof "\"\\/æ");
    char *text = run(ix_json_string, all);
    json_error_t err;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
    assert_non_null(v);
    assert_string_equal(json_string_value(v), all);
    json_decref(v);
    free(text);
}

/* ---- util.h --------------------------------------------------------------------- */

static void test_util(void **state)
{
    (void)state;
    char *c = ix_strdup("Ærø");
    assert_string_equal(c, "Ærø");
    free(c);
    c = ix_strdup(NULL);
    assert_string_equal(c, "");
    free(c);
    double v[] = {3, -1, 2.5, 0, -1, 1e300};
    qsort(v, 6, sizeof *v, ix_cmp_double);
    const double sorted[] = {-1, -1, 0, 2.5, 3, 1e300};
    for (int i = 0; i < 6; i++)
        assert_true(v[i] == sorted[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quote_only_when_needed),
        cmocka_unit_test(test_csv_reads_back),
        cmocka_unit_test(test_csv_property),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_html_property),
        cmocka_unit_test(test_html_printf_escapes_strings),
        cmocka_unit_test(test_html_printf_numbers),
        cmocka_unit_test(test_html_printf_refuses_n),
        cmocka_unit_test(test_site_page_escapes),
        cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_util),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
