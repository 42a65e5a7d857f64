/* Numbers as Danish users' files write them.
 *
 * Parsing is two steps. First a hand-written scan checks the grammar (sign,
 * digits, decimal marks, exponent) and classifies every '.', ',' and space it
 * meets, because the same text means different things by convention: "1.234"
 * is 1234 to a Dane and 1.234 to an American. Anything that could be read two
 * ways is refused with a reason instead of guessed. Only then is a normalised
 * copy (sign, digits, '.', exponent) handed to strtod, which in the C locale
 * (we never call setlocale) reads it exactly.
 *
 * Formatting starts from the shortest decimal digits that read back to the
 * same double, so output is deterministic and never shows binary noise
 * (0.1 is "0.1", not "0.10000000000000001"). */
#include "indeks/number.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The normalised copy lives on the stack; longer text is refused. */
#define NUM_MAX 512

static const char R_NULL[] = "no text";
static const char R_DECIMAL[] = "the decimal mark must be '.' or ','";
static const char R_EMPTY[] = "empty text";
static const char R_NONFINITE[] = "NaN and Inf are not accepted (write NA for a missing value)";
static const char R_HEX[] = "hexadecimal numbers are not accepted";
static const char R_NOT[] = "not a number";
static const char R_SPACE_GROUP[] =
    "thousands separators are not accepted: write the digits together, e.g. 1234 not 1 234";
static const char R_GROUP[] =
    "thousands separators are not accepted: write the number without them, e.g. 1234567";
static const char R_MIXED_COMMA[] =
    "thousands separators are not accepted: write 1234,5 not 1.234,5";
static const char R_MIXED_POINT[] =
    "thousands separators are not accepted: write 1234.5 not 1,234.5";
static const char R_AMBIGUOUS[] =
    "ambiguous: '.' may be a thousands separator and this file uses a decimal comma; "
    "write 1234 (or 1,234 if a decimal was meant)";
static const char R_COMMA_HERE[] = "',' is not the decimal mark here: this file uses '.'";
static const char R_MULTI[] = "more than one decimal mark";
static const char R_EXPONENT[] = "malformed exponent: expected digits after 'e'";
static const char R_TRAILING[] = "unexpected text after the number";
static const char R_OVERFLOW[] = "too large for a double (overflow)";
static const char R_LONG[] = "too many characters for a number";

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive: does [s, end) equal word? */
static int equals_word(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != word[i])
            return 0;
    return 1;
}

/* What the mantissa scan found: counts of each mark and the digit groups
 * around a mark, enough to tell a decimal from a thousands separator. */
typedef struct {
    size_t digits;       /* digits in the mantissa */
    size_t dots, commas; /* decimal-mark candidates */
    int space_group;     /* a space (or no-break space) between digits */
    size_t lead;         /* digits before the first mark */
    size_t tail;         /* digits after the last mark */
    int lead_zero;       /* the first digit is '0' */
    char first_mark;
} mantissa;

/* Scans digits and marks from p; returns where the mantissa ends. */
static const char *scan_mantissa(const char *p, const char *end, mantissa *m)
{
    memset(m, 0, sizeof *m);
    size_t run = 0;
    while (p < end) {
        char c = *p;
        if (is_digit(c)) {
            if (m->digits == 0)
                m->lead_zero = (c == '0');
            m->digits++;
            run++;
            p++;
            continue;
        }
        size_t width = 0;
        if (c == '.' || c == ',' || c == ' ')
            width = 1;
        else if ((unsigned char)c == 0xC2 && p + 1 < end && (unsigned char)p[1] == 0xA0)
            width = 2; /* U+00A0, Excel's grouping space */
        if (width == 0)
            break;
        if (c != '.' && c != ',') {
            /* A space only counts as grouping between digits. */
            if (run == 0 || p + width >= end || !is_digit(p[width]))
                break;
            m->space_group = 1;
        } else {
            if (m->dots + m->commas == 0) {
                m->lead = run;
                m->first_mark = c;
            }
            if (c == '.')
                m->dots++;
            else
                m->commas++;
        }
        run = 0;
        p += width;
    }
    m->tail = run;
    return p;
}

/* One mark with 1-3 digits before (not starting with 0) and exactly 3
 * after: what a thousands-grouped integer looks like. */
static int looks_grouped(const mantissa *m)
{
    return m->lead >= 1 && m->lead <= 3 && !m->lead_zero && m->tail == 3;
}

/* Decides what the marks mean; returns NULL when the mantissa is usable, with
 * *mark set to the decimal mark actually used (0 for none). */
static const char *classify(const mantissa *m, char decimal, int has_exponent, char *mark)
{
    *mark = 0;
    if (m->digits == 0)
        return R_NOT;
    if (m->space_group)
        return R_SPACE_GROUP;
    if (m->dots && m->commas)
        return decimal == ',' ? R_MIXED_COMMA : R_MIXED_POINT;
    size_t marks = m->dots + m->commas;
    if (marks == 0)
        return NULL;
    if (marks > 1)
        return (m->tail == 3 && m->lead >= 1 && m->lead <= 3) ? R_GROUP : R_MULTI;
    if (m->first_mark == decimal) {
        *mark = decimal;
        return NULL;
    }
    if (decimal == '.')
        return looks_grouped(m) && !has_exponent ? R_GROUP : R_COMMA_HERE;
    /* decimal ',' and a single '.': a decimal point unless it looks grouped. */
    if (looks_grouped(m) && !has_exponent)
        return R_AMBIGUOUS;
    *mark = '.';
    return NULL;
}

/* Scans an exponent at p (just past 'e'); returns its end or NULL. */
static const char *scan_exponent(const char *p, const char *end)
{
    if (p < end && (*p == '+' || *p == '-'))
        p++;
    if (p >= end || !is_digit(*p))
        return NULL;
    while (p < end && is_digit(*p))
        p++;
    return p;
}

/* Copies [s, end) into buf keeping digits, sign and exponent, turning the
 * decimal mark into '.'. The grammar has been checked already. */
static void normalise(const char *s, const char *end, char mark, char *buf)
{
    size_t n = 0;
    for (; s < end; s++)
        buf[n++] = (*s == mark) ? '.' : *s;
    buf[n] = '\0';
}

/* Refuses what is not a plain decimal number before any grammar scan:
 * NaN/Inf spellings and hexadecimal, so they get a reason of their own. */
static const char *special_words(const char *p, const char *end)
{
    if (equals_word(p, end, "nan") || equals_word(p, end, "inf") ||
        equals_word(p, end, "infinity"))
        return R_NONFINITE;
    if (end - p >= 2 && p[0] == '0' && lower(p[1]) == 'x')
        return R_HEX;
    return NULL;
}

/* Converts the checked, normalised text; refuses overflow but accepts
 * underflow (a value too small for a double is as good as zero). */
static const char *convert(const char *buf, double *out)
{
    errno = 0;
    char *stop = NULL;
    double v = strtod(buf, &stop);
    if (stop == buf || *stop != '\0')
        return R_NOT;
    if (errno == ERANGE && fabs(v) > DBL_MIN)
        return R_OVERFLOW;
    if (!isfinite(v))
        return R_OVERFLOW;
    *out = (v == 0.0) ? 0.0 : v; /* no negative zero */
    return NULL;
}

static const char *parse(const char *text, char decimal, double *out)
{
    if (!text)
        return R_NULL;
    if (decimal != '.' && decimal != ',')
        return R_DECIMAL;
    const char *p = text, *end = text + strlen(text);
    while (p < end && is_space(*p))
        p++;
    while (end > p && is_space(end[-1]))
        end--;
    if (p == end)
        return R_EMPTY;
    const char *start = p;
    if (*p == '+' || *p == '-')
        p++;
    const char *why = special_words(p, end);
    if (why)
        return why;
    mantissa m;
    const char *q = scan_mantissa(p, end, &m);
    int has_exponent = 0;
    const char *after = q;
    if (m.digits > 0 && q < end && (*q == 'e' || *q == 'E')) {
        after = scan_exponent(q + 1, end);
        if (!after)
            return R_EXPONENT;
        has_exponent = 1;
    }
    char mark;
    why = classify(&m, decimal, has_exponent, &mark);
    if (why)
        return why;
    if (after != end)
        return R_TRAILING;
    if ((size_t)(end - start) >= NUM_MAX)
        return R_LONG;
    char buf[NUM_MAX];
    normalise(start, end, mark, buf);
    return convert(buf, out);
}

int ix_parse_number(const char *text, char decimal, double *out, const char **why)
{
    double v = 0.0;
    const char *reason = parse(text, decimal, &v);
    if (reason) {
        if (why)
            *why = reason;
        return -1;
    }
    if (out)
        *out = v;
    return 0;
}

/* ---- formatting ---------------------------------------------------------- */

/* The shortest significant digits of |v| (v finite, nonzero) that read back
 * to v: digits without trailing zeros, and the decimal exponent of the first
 * digit (v = d.ddd x 10^exp10). */
static void shortest_digits(double v, char digits[20], int *exp10)
{
    char buf[40];
    v = fabs(v);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* buf is "d.ddde[+-]xx" (or "de[+-]xx" with one digit). */
    size_t n = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (is_digit(*p))
            digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    int sign = 1, e = 0;
    if (*p == 'e')
        p++;
    if (*p == '-' || *p == '+')
        sign = (*p++ == '-') ? -1 : 1;
    for (; is_digit(*p); p++)
        e = e * 10 + (*p - '0');
    *exp10 = sign * e;
}

/* Copies the finished text into the caller's buffer (truncating, always
 * NUL-terminated) and returns its full length, as snprintf does. */
static size_t deliver(const char *text, size_t len, char *buf, size_t size)
{
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(buf, text, n);
        buf[n] = '\0';
    }
    return len;
}

/* Writes digits at exponent exp10 as plain decimal text (no exponent). */
static size_t plain_text(const char *digits, int exp10, char decimal, char *out)
{
    size_t n = strlen(digits), k = 0;
    if (exp10 < 0) {
        out[k++] = '0';
        out[k++] = decimal;
        for (int i = -1; i > exp10; i--)
            out[k++] = '0';
        /* out is a length-counted piece of text, NUL-terminated by deliver(). */
        memcpy(out + k, digits, n); // NOLINT(bugprone-not-null-terminated-result)
        return k + n;
    }
    size_t int_len = (size_t)exp10 + 1;
    for (size_t i = 0; i < int_len; i++)
        out[k++] = i < n ? digits[i] : '0';
    if (n > int_len) {
        out[k++] = decimal;
        memcpy(out + k, digits + int_len, n - int_len);
        k += n - int_len;
    }
    return k;
}

/* Writes digits at exponent exp10 as d.ddde+xx, as %g would. */
static size_t exponent_text(const char *digits, int exp10, char decimal, char *out)
{
    size_t n = strlen(digits), k = 0;
    out[k++] = digits[0];
    if (n > 1) {
        out[k++] = decimal;
        memcpy(out + k, digits + 1, n - 1);
        k += n - 1;
    }
    int w = snprintf(out + k, 8, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    return k + (size_t)(w > 0 ? w : 0);
}

size_t ix_format_exact(double v, char decimal, char *buf, size_t size)
{
    char text[64];
    size_t len = 0;
    if (decimal != ',')
        decimal = '.';
    if (!isfinite(v))
        return deliver("NA", 2, buf, size);
    if (v == 0.0)
        return deliver("0", 1, buf, size);
    char digits[20];
    int exp10;
    shortest_digits(v, digits, &exp10);
    if (v < 0)
        text[len++] = '-';
    /* Plain digits where people expect them: [1e-5, 1e15). */
    if (exp10 >= -5 && exp10 < 15)
        len += plain_text(digits, exp10, decimal, text + len);
    else
        len += exponent_text(digits, exp10, decimal, text + len);
    return deliver(text, len, buf, size);
}

/* Largest number of decimals ix_format_fixed writes. */
#define FIXED_MAX_DECIMALS 30
/* Places: up to 309 integer digits, one carry digit, the decimals. */
#define FIXED_PLACES (310 + 1 + FIXED_MAX_DECIMALS)

/* Lays |v|'s shortest digits into place[] (most significant first; the
 * last `decimals` entries are the fraction), rounded half away from zero at
 * the last decimal. Rounding the shortest decimal form rounds the number as
 * the file wrote it: 2.675 becomes 2.68, as a person (and Excel) would.
 * Returns the count of places used. */
static size_t fixed_places(double v, int decimals, char *place)
{
    char digits[20];
    int exp10;
    shortest_digits(v, digits, &exp10);
    int top = exp10 > 0 ? exp10 : 0;  /* highest integer place */
    size_t count = (size_t)top + 2 + (size_t)decimals; /* + carry place */
    memset(place, '0', count);
    /* Place index of 10^p is (top + 1 - p). */
    size_t n = strlen(digits);
    int round_up = 0;
    for (size_t i = 0; i < n; i++) {
        int p = exp10 - (int)i;
        /* digits[] is filled by shortest_digits up to its NUL (the analyzer
         * cannot see through snprintf). */
        if (p >= -decimals)
            place[top + 1 - p] = digits[i]; // NOLINT(clang-analyzer-core.uninitialized.Assign)
        else if (p == -decimals - 1)
            round_up = digits[i] >= '5'; // NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult)
    }
    for (size_t i = count; round_up && i-- > 0;) {
        if (place[i] == '9') {
            place[i] = '0';
        } else {
            place[i]++;
            round_up = 0;
        }
    }
    return count;
}

/* Writes the integer places with optional grouping, then the fraction. */
static size_t fixed_text(const char *place, size_t count, int decimals, char decimal, int group,
                         int negative, char *out)
{
    size_t int_count = count - (size_t)decimals, first = 0, k = 0;
    while (first + 1 < int_count && place[first] == '0')
        first++;
    int all_zero = 1;
    for (size_t i = first; i < count; i++)
        if (place[i] != '0')
            all_zero = 0;
    if (negative && !all_zero) /* no "-0.00" */
        out[k++] = '-';
    char sep = decimal == ',' ? '.' : ',';
    for (size_t i = first; i < int_count; i++) {
        if (group && i > first && (int_count - i) % 3 == 0)
            out[k++] = sep;
        out[k++] = place[i];
    }
    if (decimals > 0) {
        out[k++] = decimal;
        memcpy(out + k, place + int_count, (size_t)decimals);
        k += (size_t)decimals;
    }
    return k;
}

size_t ix_format_fixed(double v, int decimals, char decimal, int group, char *buf, size_t size)
{
    if (decimal != ',')
        decimal = '.';
    if (!isfinite(v))
        return deliver("NA", 2, buf, size);
    if (decimals < 0)
        decimals = 0;
    if (decimals > FIXED_MAX_DECIMALS)
        decimals = FIXED_MAX_DECIMALS;
    char place[FIXED_PLACES];
    char text[FIXED_PLACES + FIXED_PLACES / 3 + 4];
    size_t count;
    if (v == 0.0) {
        count = (size_t)decimals + 1;
        memset(place, '0', count);
    } else {
        count = fixed_places(v, decimals, place);
    }
    size_t len = fixed_text(place, count, decimals, decimal, group, v < 0, text);
    return deliver(text, len, buf, size);
}
