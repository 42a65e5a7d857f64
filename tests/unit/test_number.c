/* ix_parse_number, ix_format_exact, ix_format_fixed: values worked out by
 * hand, every refusal with its reason, and round trips. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/number.h"

/* Parses text and checks the exact double (bit for bit, as doubles read from
 * the same decimal text must be). */
static void accepts(const char *text, char decimal, double want)
{
    double got = -12345.0;
    const char *why = NULL;
    int rc = ix_parse_number(text, decimal, &got, &why);
    if (rc != 0)
        print_error("\"%s\" (decimal '%c') refused: %s\n", text, decimal, why);
    assert_int_equal(rc, 0);
    if (got != want)
        print_error("\"%s\" (decimal '%c') read as %.17g, want %.17g\n", text, decimal, got, want);
    assert_true(got == want);
}

/* Checks that text is refused with a reason containing part. */
static void refuses(const char *text, char decimal, const char *part)
{
    double got = 42.0;
    const char *why = NULL;
    int rc = ix_parse_number(text, decimal, &got, &why);
    if (rc == 0)
        print_error("\"%s\" (decimal '%c') accepted as %.17g\n", text ? text : "(null)",
                    decimal, got);
    assert_int_equal(rc, -1);
    assert_non_null(why);
    if (!strstr(why, part))
        print_error("\"%s\": reason \"%s\" lacks \"%s\"\n", text ? text : "(null)", why, part);
    assert_non_null(strstr(why, part));
    assert_true(got == 42.0); /* *out untouched on failure */
}

static void test_parse_plain(void **state)
{
    (void)state;
    accepts("12", '.', 12.0);
    accepts("12", ',', 12.0);
    accepts(" 12 ", '.', 12.0);
    accepts("\t12\r\n", ',', 12.0);
    accepts("+7", '.', 7.0);
    accepts("-3", ',', -3.0);
    accepts("007", '.', 7.0);
    accepts("1.5", '.', 1.5);
    accepts("1,5", ',', 1.5);
    accepts("-0,5", ',', -0.5);
    accepts("-0.5", '.', -0.5);
    accepts(".5", '.', 0.5);
    accepts(",25", ',', 0.25);
    accepts("5.", '.', 5.0);
    accepts("1e3", '.', 1000.0);
    accepts("1E3", ',', 1000.0);
    accepts("1,5e3", ',', 1500.0);
    accepts("1.5e-3", '.', 0.0015);
    accepts("2.5E+2", '.', 250.0);
    accepts("0.1", '.', 0.1);
    accepts("123456789.123", '.', 123456789.123);
}

/* In a decimal-comma file a '.' is a decimal point unless the text could be a
 * thousands-grouped integer. */
static void test_parse_point_in_comma_file(void **state)
{
    (void)state;
    accepts("0.123", ',', 0.123);
    accepts("12.5", ',', 12.5);
    accepts("1.2345", ',', 1.2345);
    accepts("1234.567", ',', 1234.567);
    accepts("1.234e2", ',', 123.4); /* an exponent is never grouping */
    accepts("1.23", ',', 1.23);
    refuses("1.234", ',', "ambiguous");
    refuses("12.345", ',', "ambiguous");
    refuses("-123.456", ',', "ambiguous");
    accepts("1.234", '.', 1.234);
    accepts("123.456", '.', 123.456);
}

static void test_parse_thousands_refused(void **state)
{
    (void)state;
    refuses("1.234,5", ',', "write 1234,5 not 1.234,5");
    refuses("1,234.5", '.', "write 1234.5 not 1,234.5");
    refuses("1,234.5", ',', "thousands separators");
    refuses("1 234", '.', "1234 not 1 234");
    refuses("1 234", ',', "thousands separators");
    refuses("1\xc2\xa0" "234", ',', "thousands separators"); /* no-break space */
    refuses("12.345.678", ',', "thousands separators");
    refuses("12.345.678", '.', "thousands separators");
    refuses("1,234,567", '.', "thousands separators");
    refuses("1,234", '.', "thousands separators");
    refuses("1,5", '.', "',' is not the decimal mark");
    refuses("12,3,4", ',', "more than one decimal mark");
    refuses("1.2.3", '.', "more than one decimal mark");
}

static void test_parse_refusals(void **state)
{
    (void)state;
    const char *nonfinite[] = {"Inf", "inf", "-Inf", "+INF", "Infinity", "-infinity",
                               "nan", "NaN", "NAN", "-nan"};
    for (size_t i = 0; i < sizeof nonfinite / sizeof nonfinite[0]; i++) {
        refuses(nonfinite[i], '.', "NaN and Inf");
        refuses(nonfinite[i], ',', "NaN and Inf");
    }
    refuses("1e400", '.', "overflow");
    refuses("-1e400", ',', "overflow");
    refuses("1e99999999999999999999", '.', "overflow");
    refuses("", '.', "empty");
    refuses("   ", ',', "empty");
    refuses("12abc", '.', "unexpected text");
    refuses("12 abc", '.', "unexpected text");
    refuses("1e3x", '.', "unexpected text");
    refuses("12%", ',', "unexpected text");
    refuses("0x1A", '.', "hexadecimal");
    refuses("-0X10", ',', "hexadecimal");
    refuses("abc", '.', "not a number");
    refuses("NA", '.', "not a number");
    refuses("-", '.', "not a number");
    refuses(".", '.', "not a number");
    refuses("--5", '.', "not a number");
    refuses("- 5", '.', "not a number");
    refuses("e5", '.', "not a number");
    refuses("1e", '.', "exponent");
    refuses("1e+", ',', "exponent");
    refuses(NULL, '.', "no text");
    refuses("1", 'x', "decimal mark");
    char longer[700];
    memset(longer, '1', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    refuses(longer, '.', "too many characters");
}

/* Too small for a double is as good as zero; subnormals are kept. */
static void test_parse_underflow(void **state)
{
    (void)state;
    accepts("1e-400", '.', 0.0);
    accepts("-1e-400", ',', 0.0);
    accepts("4.9406564584124654e-324", '.', 4.9406564584124654e-324);
    accepts("2.2250738585072014e-308", '.', DBL_MIN);
    double v = 1.0;
    assert_int_equal(ix_parse_number("-0", '.', &v, NULL), 0);
    assert_true(v == 0.0 && !signbit(v));
    accepts("1.7976931348623157e308", '.', DBL_MAX);
}

/* ---- ix_format_exact ----------------------------------------------------- */

static void formats_exact(double v, char decimal, const char *want)
{
    char buf[64];
    size_t n = ix_format_exact(v, decimal, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        print_error("%.17g (decimal '%c') formatted \"%s\", want \"%s\"\n", v, decimal, buf, want);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_format_exact_text(void **state)
{
    (void)state;
    formats_exact(0.1, '.', "0.1");
    formats_exact(100, '.', "100");
    formats_exact(1.62, '.', "1.62");
    formats_exact(2.5, ',', "2,5");
    formats_exact(-2.5, '.', "-2.5");
    formats_exact(1 / 3.0, '.', "0.3333333333333333");
    formats_exact(2 / 3.0, ',', "0,6666666666666666");
    formats_exact(0.1 + 0.2, '.', "0.30000000000000004");
    formats_exact(123456789.123, '.', "123456789.123");
    formats_exact(12345.678, ',', "12345,678");
    formats_exact(0, '.', "0");
    formats_exact(-0.0, '.', "0");
    formats_exact(1e-5, '.', "0.00001");
    formats_exact(1.25e-5, ',', "0,0000125");
    formats_exact(1e-7, '.', "1e-07");
    formats_exact(1.5e-7, ',', "1,5e-07");
    formats_exact(1e14, '.', "100000000000000");
    formats_exact(123456789012345.0, '.', "123456789012345");
    formats_exact(1e15, '.', "1e+15");
    formats_exact(-1.5e20, '.', "-1.5e+20");
    formats_exact(1e300, '.', "1e+300");
    formats_exact(5e-324, '.', "5e-324");
    formats_exact(DBL_MAX, '.', "1.7976931348623157e+308");
    formats_exact(NAN, '.', "NA");
    formats_exact(INFINITY, ',', "NA");
    formats_exact(-INFINITY, '.', "NA");
}

static void test_format_exact_truncates(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(ix_format_exact(123456.0, '.', buf, sizeof buf), 6);
    assert_string_equal(buf, "123");
    assert_int_equal(ix_format_exact(1.5, '.', NULL, 0), 3);
}

/* Formats v and reads it back with the same decimal mark: must be exact. */
static void round_trips(double v, char decimal)
{
    char buf[64];
    ix_format_exact(v, decimal, buf, sizeof buf);
    double back = 0;
    const char *why = NULL;
    if (ix_parse_number(buf, decimal, &back, &why) != 0)
        print_error("%.17g -> \"%s\" refused: %s\n", v, buf, why);
    if (back != v)
        print_error("%.17g -> \"%s\" -> %.17g\n", v, buf, back);
    assert_true(back == v);
}

static void test_format_exact_round_trip(void **state)
{
    (void)state;
    const double values[] = {0.1,     1 / 3.0, 1e-7,    123456789.123, -2.5,   100,
                             1.62,    0.3,     2 / 3.0, 1e-5,          9.99e-6, 1e15,
                             999999999999999.9, 1e16, 1e22, 1.7976931348623157e308,
                             5e-324, 2.2250738585072014e-308, -123.456, 1234.5, 0.001,
                             1e21, 4.35, 0.000123456789, 98765.4321};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        round_trips(values[i], '.');
        round_trips(values[i], ',');
        round_trips(-values[i], ',');
    }
    /* Arbitrary bit patterns (a fixed-seed generator): every finite double. */
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        round_trips(v, i % 2 ? ',' : '.');
    }
    /* Decimal-looking values across magnitudes. */
    for (int e = -12; e <= 18; e++)
        for (int m = 1; m < 1000; m += 37)
            round_trips(m * pow(10, e), e % 2 ? ',' : '.');
}

/* ---- ix_format_fixed ----------------------------------------------------- */

static void formats_fixed(double v, int decimals, char decimal, int group, const char *want)
{
    char buf[512];
    size_t n = ix_format_fixed(v, decimals, decimal, group, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        print_error("%.17g (%d decimals, '%c', group %d) formatted \"%s\", want \"%s\"\n", v,
                    decimals, decimal, group, buf, want);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_format_fixed(void **state)
{
    (void)state;
    formats_fixed(999.996, 2, '.', 1, "1,000.00");
    formats_fixed(999.996, 2, ',', 1, "1.000,00");
    formats_fixed(999.996, 2, '.', 0, "1000.00");
    formats_fixed(-999.996, 2, '.', 1, "-1,000.00");
    formats_fixed(-1234567.891, 1, '.', 1, "-1,234,567.9");
    formats_fixed(-1234567.891, 1, ',', 1, "-1.234.567,9");
    formats_fixed(1234567.891, 0, ',', 0, "1234568");
    formats_fixed(2.675, 2, '.', 0, "2.68");
    formats_fixed(-2.675, 2, '.', 0, "-2.68");
    formats_fixed(1.005, 2, ',', 0, "1,01");
    formats_fixed(0.5, 0, '.', 0, "1");
    formats_fixed(-0.5, 0, '.', 0, "-1");
    formats_fixed(0.49, 0, '.', 0, "0");
    formats_fixed(9.5, 0, '.', 0, "10");
    formats_fixed(-0.001, 2, '.', 0, "0.00");
    formats_fixed(-0.0, 2, '.', 0, "0.00");
    formats_fixed(0, 0, '.', 1, "0");
    formats_fixed(0.0005, 3, '.', 0, "0.001");
    formats_fixed(0.000123, 3, '.', 0, "0.000");
    formats_fixed(0.000999, 2, '.', 0, "0.00");
    formats_fixed(123, 0, '.', 1, "123");
    formats_fixed(1234, 0, '.', 1, "1,234");
    formats_fixed(123456, 0, ',', 1, "123.456");
    formats_fixed(12.3456, 2, ',', 0, "12,35");
    formats_fixed(1.62, 4, '.', 0, "1.6200");
    formats_fixed(1e20, 0, '.', 1, "100,000,000,000,000,000,000");
    formats_fixed(1.5e-7, 8, '.', 0, "0.00000015");
    formats_fixed(5, -3, '.', 0, "5");
    formats_fixed(NAN, 2, '.', 1, "NA");
    formats_fixed(-INFINITY, 2, ',', 1, "NA");
    char buf[3];
    assert_int_equal(ix_format_fixed(1234.5, 1, '.', 1, buf, sizeof buf), 7);
    assert_string_equal(buf, "1,");
}

/* The largest double and many decimals fit and keep their digits. */
static void test_format_fixed_extremes(void **state)
{
    (void)state;
    char buf[512];
    size_t n = ix_format_fixed(DBL_MAX, 30, '.', 1, buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    assert_int_equal(strncmp(buf, "179,769,313,486,231,570,000,", 28), 0);
    n = ix_format_fixed(-DBL_MAX, 2, ',', 0, buf, sizeof buf);
    assert_int_equal(n, 1 + 309 + 3);
    formats_fixed(5e-324, 30, '.', 0, "0.000000000000000000000000000000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_point_in_comma_file),
        cmocka_unit_test(test_parse_thousands_refused),
        cmocka_unit_test(test_parse_refusals),
        cmocka_unit_test(test_parse_underflow),
        cmocka_unit_test(test_format_exact_text),
        cmocka_unit_test(test_format_exact_truncates),
        cmocka_unit_test(test_format_exact_round_trip),
        cmocka_unit_test(test_format_fixed),
        cmocka_unit_test(test_format_fixed_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
