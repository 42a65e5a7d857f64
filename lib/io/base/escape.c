/* Escaping for CSV, HTML, XML and JSON, and the HTML writer (see
 * include/indeks/escape.h).
 *
 * ix_html_printf walks its format once: literal markup is copied, each
 * conversion specification (flags, width, precision, length, conversion)
 * is cut out, its argument fetched with the type the specification names,
 * and the one conversion handed to snprintf; %s and %c go through
 * ix_html_text instead, padded to the width in bytes as printf pads. */
#include "indeks/escape.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- CSV ------------------------------------------------------------------------ */

int ix_csv_needs_quotes(const char *text, char sep)
{
    if (!text)
        return 0;
    return text[strcspn(text, "\"\r\n")] != '\0' || (sep && strchr(text, sep) != NULL);
}

void ix_csv_field(ix_sink *s, const char *text, char sep)
{
    if (!text)
        return;
    if (!ix_csv_needs_quotes(text, sep)) {
        ix_sink_puts(s, text);
        return;
    }
    ix_sink_put(s, "\"", 1);
    for (const char *run = text;;) {
        const char *q = strchr(run, '"');
        if (!q) {
            ix_sink_puts(s, run);
            break;
        }
        ix_sink_put(s, run, (size_t)(q - run) + 1);
        ix_sink_put(s, "\"", 1); /* a quote inside quotes is doubled */
        run = q + 1;
    }
    ix_sink_put(s, "\"", 1);
}

/* ---- HTML and XML --------------------------------------------------------------- */

/* What byte c becomes in HTML/XML text, or NULL when it stays. */
static const char *markup_entity(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\t':
    case '\n': return NULL;
    default: return c < 0x20 ? " " : NULL;
    }
}

/* Escapes the first n bytes of text. */
static void markup_n(ix_sink *s, const char *text, size_t n)
{
    const char *run = text;
    for (size_t i = 0; i < n; i++) {
        const char *rep = markup_entity((unsigned char)text[i]);
        if (rep) {
            ix_sink_put(s, run, (size_t)(text + i - run));
            ix_sink_puts(s, rep);
            run = text + i + 1;
        }
    }
    ix_sink_put(s, run, (size_t)(text + n - run));
}

void ix_html_text(ix_sink *s, const char *text)
{
    if (text)
        markup_n(s, text, strlen(text));
}

void ix_xml_text(ix_sink *s, const char *text)
{
    ix_html_text(s, text);
}

void ix_html_raw(ix_sink *s, const char *html)
{
    if (html)
        ix_sink_puts(s, html);
}

/* ---- the HTML writer ------------------------------------------------------------ */

/* One conversion specification as written in the format. */
typedef struct {
    char spec[48]; /* "%" flags width precision length conversion, '*' resolved */
    size_t len;
    int minus;     /* '-' flag: pad on the right */
    long width;    /* -1: none */
    long prec;     /* -1: none */
    size_t head;   /* bytes of spec before the length modifier */
    char length[3];
    char conv;
} conv_spec;

static void spec_add(conv_spec *c, const char *text, size_t n)
{
    if (c->len + n < sizeof c->spec) {
        memcpy(c->spec + c->len, text, n);
        c->len += n;
        c->spec[c->len] = '\0';
    } else {
        c->conv = '\0'; /* too long to be a real specification: fail */
    }
}

static void spec_add_number(conv_spec *c, long v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%ld", v);
    spec_add(c, num, n > 0 ? (size_t)n : 0);
}

/* Reads a decimal number at *p (no sign); advances *p. */
static long read_decimal(const char **p)
{
    long v = 0;
    while (**p >= '0' && **p <= '9') {
        if (v < 100000000L)
            v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

/* Parses the specification after a '%' at *p, taking '*' widths and
 * precisions from ap; advances *p past it. c->conv is '\0' when malformed. */
static void parse_spec(const char **p, va_list *ap, conv_spec *c)
{
    memset(c, 0, sizeof *c);
    c->width = c->prec = -1;
    spec_add(c, "%", 1);
    const char *f = *p;
    while (*f && strchr("-+ #0'", *f)) {
        c->minus |= *f == '-';
        spec_add(c, f++, 1);
    }
    if (*f == '*') {
        f++;
        c->width = va_arg(*ap, int);
        if (c->width < 0) { /* a negative '*' width is the '-' flag */
            c->minus = 1;
            c->width = -c->width;
            spec_add(c, "-", 1);
        }
        spec_add_number(c, c->width);
    } else if (*f >= '0' && *f <= '9') {
        c->width = read_decimal(&f);
        spec_add_number(c, c->width);
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            f++;
            c->prec = va_arg(*ap, int);
        } else {
            c->prec = read_decimal(&f);
        }
        if (c->prec >= 0) { /* a negative '*' precision is none */
            spec_add(c, ".", 1);
            spec_add_number(c, c->prec);
        }
    }
    c->head = c->len;
    size_t nl = 0;
    while (*f && strchr("hljztL", *f) && nl < 2)
        c->length[nl++] = *f++;
    spec_add(c, c->length, nl);
    if (*f && strchr("diouxXeEfFgGaAcsp%", *f)) {
        c->conv = *f;
        spec_add(c, f, 1);
        f++;
    }
    *p = f;
}

static void pad(ix_sink *s, long n)
{
    static const char spaces[] = "                                ";
    while (n > 0) {
        long k = n < (long)sizeof spaces - 1 ? n : (long)sizeof spaces - 1;
        ix_sink_put(s, spaces, (size_t)k);
        n -= k;
    }
}

/* %s or %c: the text escaped, cut to the precision and padded to the width
 * in bytes of the unescaped text, as printf counts. */
static void put_text(ix_sink *s, const conv_spec *c, const char *text, size_t n)
{
    if (c->prec >= 0 && (size_t)c->prec < n)
        n = (size_t)c->prec;
    long fill = c->width > (long)n ? c->width - (long)n : 0;
    if (!c->minus)
        pad(s, fill);
    markup_n(s, text, n);
    if (c->minus)
        pad(s, fill);
}

/* One numeric conversion by the C library; spec is built here from a
 * checked format, so it is not a literal. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
static void put_number(ix_sink *s, const char *spec, ...)
{
    char small[128];
    va_list ap, again;
    va_start(ap, spec);
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, spec, ap);
    va_end(ap);
    if (n < 0) {
        s->failed = 1;
    } else if ((size_t)n < sizeof small) {
        ix_sink_put(s, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, spec, again);
            ix_sink_put(s, big, (size_t)n);
            free(big);
        } else {
            s->failed = 1;
        }
    }
    va_end(again);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/* An integer argument fetched with the type its length modifier names and
 * converted as printf converts it (hh to char, h to short), widened to
 * intmax_t or uintmax_t; printed with the j modifier, the digits are the
 * same. One function per type, so no branch differs only in va_arg's type. */
static intmax_t s_int(va_list *ap) { return va_arg(*ap, int); }
static intmax_t s_hh(va_list *ap) { return (signed char)va_arg(*ap, int); }
static intmax_t s_h(va_list *ap) { return (short)va_arg(*ap, int); }
static intmax_t s_l(va_list *ap) { return va_arg(*ap, long); }
static intmax_t s_ll(va_list *ap) { return va_arg(*ap, long long); }
static intmax_t s_j(va_list *ap) { return va_arg(*ap, intmax_t); }
static intmax_t s_t(va_list *ap) { return va_arg(*ap, ptrdiff_t); }
static uintmax_t u_int(va_list *ap) { return va_arg(*ap, unsigned); }
static uintmax_t u_hh(va_list *ap) { return (unsigned char)va_arg(*ap, unsigned); }
static uintmax_t u_h(va_list *ap) { return (unsigned short)va_arg(*ap, unsigned); }
static uintmax_t u_l(va_list *ap) { return va_arg(*ap, unsigned long); }
static uintmax_t u_ll(va_list *ap) { return va_arg(*ap, unsigned long long); }
static uintmax_t u_j(va_list *ap) { return va_arg(*ap, uintmax_t); }
static uintmax_t u_z(va_list *ap) { return va_arg(*ap, size_t); }

static const struct {
    const char *length;
    intmax_t (*sarg)(va_list *);
    uintmax_t (*uarg)(va_list *);
} int_args[] = {
    {"", s_int, u_int}, {"hh", s_hh, u_hh}, {"h", s_h, u_h},  {"l", s_l, u_l},
    {"ll", s_ll, u_ll}, {"j", s_j, u_j},    {"z", s_t, u_z}, {"t", s_t, u_z},
};

static void put_integer(ix_sink *s, const conv_spec *c, va_list *ap)
{
    size_t i = 0, n = sizeof int_args / sizeof *int_args;
    while (i < n && strcmp(int_args[i].length, c->length) != 0)
        i++;
    if (i == n) {
        s->failed = 1;
        return;
    }
    char spec[sizeof c->spec + 2];
    snprintf(spec, sizeof spec, "%.*sj%c", (int)c->head, c->spec, c->conv);
    if (c->conv == 'd' || c->conv == 'i')
        put_number(s, spec, int_args[i].sarg(ap));
    else
        put_number(s, spec, int_args[i].uarg(ap));
}

static double arg_double(va_list *ap) { return va_arg(*ap, double); }
static long double arg_long_double(va_list *ap) { return va_arg(*ap, long double); }

static void html_vprintf(ix_sink *s, const char *fmt, va_list *ap)
{
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            ix_sink_puts(s, p);
            return;
        }
        ix_sink_put(s, p, (size_t)(pct - p));
        p = pct + 1;
        conv_spec c;
        parse_spec(&p, ap, &c);
        if (c.conv == '%') {
            ix_sink_put(s, "%", 1);
        } else if (c.conv == 's' && c.length[0] == '\0') {
            const char *text = va_arg(*ap, const char *);
            text = text ? text : "";
            put_text(s, &c, text, strlen(text));
        } else if (c.conv == 'c' && c.length[0] == '\0') {
            char ch = (char)va_arg(*ap, int);
            put_text(s, &c, &ch, 1);
        } else if (c.conv && strchr("diouxX", c.conv)) {
            put_integer(s, &c, ap);
        } else if (c.conv && strchr("eEfFgGaA", c.conv)) {
            if (strcmp(c.length, "L") == 0)
                put_number(s, c.spec, arg_long_double(ap));
            else
                put_number(s, c.spec, arg_double(ap));
        } else if (c.conv == 'p') {
            put_number(s, c.spec, va_arg(*ap, void *));
        } else { /* %n, %ls, %lc or malformed: the rest cannot be trusted */
            s->failed = 1;
            return;
        }
    }
}

void ix_html_printf(ix_sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(s, fmt, &ap);
    va_end(ap);
}

/* ---- JSON ----------------------------------------------------------------------- */

void ix_json_string(ix_sink *s, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    ix_sink_put(s, "\"", 1);
    const char *run = text ? text : "";
    for (const char *p = run; *p; p++) {
        unsigned char c = (unsigned char)*p;
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            if (c >= 0x20)
                continue;
            esc[1] = 'u';
            esc[2] = esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        ix_sink_put(s, run, (size_t)(p - run));
        ix_sink_put(s, esc, n);
        run = p + 1;
    }
    ix_sink_puts(s, run);
    ix_sink_put(s, "\"", 1);
}
