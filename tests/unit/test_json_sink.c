/* ix_json_dumps (indeks/json_sink.h): reals in their shortest round-trip
 * form, everything else laid out exactly as jansson's json_dumps does.
 *
 * The judges are independent of the code under test: strtod reads every
 * real back (bit for bit), the C library's "%.{p}g" finds the fewest
 * significant digits that read back (p = 1..17, the first that works), and
 * jansson's own json_dumps gives the layout for values without reals, and
 * json_loads + json_equal checks that what we write is the same value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "indeks/json_sink.h"

/* Fewest significant digits p with which "%.{p}g" reads back to v. */
static int shortest_p(double v)
{
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            return p;
    }
    return 17;
}

/* Significant digits in a number's text: the digits of the mantissa,
 * without leading zeros, and without trailing zeros of an integer part
 * ("280000000000" has 2: it is 2.8e11) or a ".0" we add. */
static int significant(const char *text)
{
    char mant[64];
    size_t n = strcspn(text, "eE");
    snprintf(mant, sizeof mant, "%.*s", (int)n, text);
    size_t len = strlen(mant);
    if (len >= 2 && strcmp(mant + len - 2, ".0") == 0)
        mant[len - 2] = '\0';
    char digits[64];
    size_t k = 0;
    for (const char *p = mant; *p; p++)
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    digits[k] = '\0';
    size_t start = strspn(digits, "0");
    while (k > start && digits[k - 1] == '0')
        k--;
    return k > start ? (int)(k - start) : 1;
}

/* The text ix_json_dumps writes for the real v (without the brackets of
 * the one-element array around it). */
static void real_text(double v, char *out, size_t size)
{
    json_t *a = json_pack("[f]", v);
    char *text = ix_json_dumps(a, JSON_COMPACT);
    json_decref(a);
    assert_non_null(text);
    size_t len = strlen(text);
    assert_true(len >= 3 && text[0] == '[' && text[len - 1] == ']');
    snprintf(out, size, "%.*s", (int)(len - 2), text + 1);
    free(text);
}

static void test_shortest_reals(void **state)
{
    (void)state;
    const double values[] = {1.06, 0.1, 1e-7, 1e22, 123456789.125, 5e-324, DBL_MAX, -0.0,
                             2.8e11, 1.0 / 3.0, -2.5, 100.0, 0.30000000000000004};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        double v = values[i];
        char text[64];
        real_text(v, text, sizeof text);
        double back = strtod(text, NULL);
        assert_memory_equal(&back, &v, sizeof v); /* bit for bit: -0.0 keeps its sign */
        if (v != 0.0 && significant(text) != shortest_p(v))
            fail_msg("%.17g written as %s: %d significant digits, shortest is %d", v, text,
                     significant(text), shortest_p(v));
        if (v == floor(v) && !strpbrk(text, "eE"))
            assert_non_null(strstr(text, ".0")); /* integer-valued reals stay reals */
    }
    /* The texts themselves, worked out by hand. */
    const struct {
        double v;
        const char *want;
    } exact[] = {{1.06, "1.06"},     {0.1, "0.1"},           {100.0, "100.0"},
                 {-0.0, "-0.0"},     {0.0, "0.0"},           {2.8e11, "280000000000.0"},
                 {1e22, "1e+22"},    {123456789.125, "123456789.125"},
                 {5e-324, "5e-324"}, {DBL_MAX, "1.7976931348623157e+308"}};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        char text[64];
        real_text(exact[i].v, text, sizeof text);
        assert_string_equal(text, exact[i].want);
    }
    /* 1e-7: one significant digit, read back exactly (an exponent: below 1e-5). */
    char text[64];
    real_text(1e-7, text, sizeof text);
    assert_int_equal(significant(text), 1);
    assert_true(strtod(text, NULL) == 1e-7);
}

/* A value without reals: byte for byte what json_dumps writes, for every
 * layout flag we honour. */
static void test_layout_as_jansson(void **state)
{
    (void)state;
    json_t *root = json_pack("{s:s, s:i, s:[], s:{}, s:[i, s:b, n, {s:s}], s:{s:s, s:i}, s:s}",
                             "navn", "Brøndby \"x\"\n/", "n", 3, "empty", "none", "list", 1,
                             "two", 1, "obj", "a", "b", "zeta", "k", "y", 2, "ascii", "æøå\t");
    assert_non_null(root);
    const size_t flags[] = {0,
                            JSON_INDENT(1),
                            JSON_INDENT(4),
                            JSON_COMPACT,
                            JSON_COMPACT | JSON_INDENT(2),
                            JSON_ENSURE_ASCII | JSON_INDENT(1),
                            JSON_SORT_KEYS | JSON_INDENT(2),
                            JSON_ESCAPE_SLASH};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        char *ours = ix_json_dumps(root, flags[i]);
        char *theirs = json_dumps(root, flags[i]);
        assert_non_null(ours);
        assert_non_null(theirs);
        assert_string_equal(ours, theirs);
        free(ours);
        free(theirs);
    }
    json_decref(root);
    assert_null(ix_json_dumps(NULL, 0));
}

/* With reals: what we write reads back as the same value. */
static void test_round_trip(void **state)
{
    (void)state;
    json_t *root = json_pack("{s:f, s:[f, f, f], s:{s:f}}", "a", 1.06, "b", 0.1, 1e-7,
                             123456789.125, "c", "d", DBL_MAX);
    char *text = ix_json_dumps(root, JSON_INDENT(1));
    assert_non_null(text);
    assert_null(strstr(text, "1.0600000000000001"));
    json_error_t err;
    json_t *back = json_loads(text, 0, &err);
    assert_non_null(back);
    assert_true(json_equal(root, back));
    json_decref(back);
    free(text);
    json_decref(root);
}

/* ix_json_emit: the root, a newline; NULL root is out of memory. */
static void test_emit(void **state)
{
    (void)state;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_json_emit(json_pack("{s:f}", "x", 1.5), &s, &d), IX_OK);
    assert_string_equal(b.data, "{\n \"x\": 1.5\n}\n");
    ix_buf_free(&b);
    s = ix_buf_sink(&b);
    assert_int_equal(ix_json_emit(NULL, &s, &d), IX_ERR_NOMEM);
    assert_int_equal(s.failed, 1);
    ix_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortest_reals),
        cmocka_unit_test(test_layout_as_jansson),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_emit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
