/* Reading CSV files as Excel, Statistics Denmark and R write them.
 *
 * Three passes over the bytes, each simple on its own:
 *  1. decode: strip a UTF-8 BOM; bytes that are not valid UTF-8 are taken to
 *     be Windows-1252 (what Danish Excel saves as "CSV") and converted, so
 *     everything after works on UTF-8 text only;
 *  2. screen: refuse NUL bytes and stray BOMs anywhere, which mean the file
 *     is binary, UTF-16 or two files glued together;
 *  3. parse: a record at a time, fields unescaped into one scratch buffer,
 *     each finished record copied into the table.
 * Errors name source:line:column, where line counts physical lines (a quoted
 * field may span several) and column counts characters, not bytes, since that
 * is what an editor shows. */
#include "indeks/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- encodings ----------------------------------------------------------- */

/* Windows-1252 0x80-0x9F; 0 marks the five bytes the code page leaves
 * undefined. 0xA0-0xFF are Latin-1, i.e. the code point equals the byte. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Offset of the first byte that does not start a valid UTF-8 sequence
 * (overlong forms, surrogates and code points past U+10FFFF included), or
 * len when all are valid. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t more;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (len - i <= more)
            return i;
        for (size_t k = 1; k <= more; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += more + 1;
    }
    return len;
}

/* 1 when s holds at least one valid UTF-8 sequence of two or more bytes; its
 * offset in *at. */
static int utf8_multibyte_seen(const unsigned char *s, size_t len, size_t *at)
{
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t bad = utf8_invalid_at(s + i, len - i);
        if (bad > 0) { /* s[i] starts a valid sequence */
            *at = i;
            return 1;
        }
        i++;
    }
    return 0;
}

int ix_utf8_valid(const char *bytes, size_t len)
{
    return utf8_invalid_at((const unsigned char *)bytes, len) == len;
}

/* 1-based line of byte offset off. */
static long line_at(const char *text, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* 1-based character column of byte offset off: UTF-8 continuation bytes do
 * not count, unless the text is single-byte (Windows-1252). */
static long column_at(const char *text, size_t off, int utf8)
{
    size_t start = off;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    long col = 1;
    for (size_t i = start; i < off; i++)
        col += !utf8 || ((unsigned char)text[i] & 0xC0) != 0x80;
    return col;
}

static size_t put_utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

ix_status ix_cp1252_to_utf8(const char *bytes, size_t len, const char *source, char **out,
                            size_t *out_len, ix_diag *d)
{
    *out = NULL;
    *out_len = 0;
    /* Every byte becomes at most 3 (the euro sign is U+20AC). */
    if (len > (SIZE_MAX - 1) / 3)
        return ix_diag_set(d, IX_ERR_NOMEM, source, 0, 0, NULL, "the file is too large to convert");
    char *text = malloc(len * 3 + 1);
    if (!text)
        return ix_diag_set(d, IX_ERR_NOMEM, source, 0, 0, NULL,
                           "out of memory converting from Windows-1252");
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)bytes[i];
        uint32_t cp = b;
        if (b >= 0x80 && b <= 0x9F) {
            cp = cp1252_high[b - 0x80];
            if (cp == 0) {
                free(text);
                return ix_diag_set(d, IX_ERR_PARSE, source, line_at(bytes, i),
                                   column_at(bytes, i, 0), NULL,
                                   "byte 0x%02X is neither UTF-8 nor Windows-1252; save the "
                                   "file as UTF-8",
                                   b);
            }
        }
        n += put_utf8(cp, text + n);
    }
    text[n] = '\0';
    *out = text;
    *out_len = n;
    return IX_OK;
}

/* Turns the raw bytes into UTF-8 text: *text points into bytes or, after a
 * conversion, to *owned (which the caller frees). */
static ix_status decode(const char *bytes, size_t len, const char *source, const char **text,
                        size_t *text_len, char **owned, ix_encoding *enc, ix_diag *d)
{
    const unsigned char *u = (const unsigned char *)bytes;
    *owned = NULL;
    *enc = IX_ENC_UTF8;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return ix_diag_set(d, IX_ERR_PARSE, source, 1, 1, NULL,
                           "the file is UTF-16; save it as UTF-8 (\"CSV UTF-8\" in Excel)");
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        bytes += 3;
        len -= 3;
        *enc = IX_ENC_UTF8_BOM;
    }
    size_t bad = utf8_invalid_at((const unsigned char *)bytes, len);
    if (bad == len) {
        *text = bytes;
        *text_len = len;
        return IX_OK;
    }
    if (*enc == IX_ENC_UTF8_BOM) /* it says UTF-8, so it is not Windows-1252 */
        return ix_diag_set(d, IX_ERR_PARSE, source, line_at(bytes, bad),
                           column_at(bytes, bad, 1), NULL,
                           "invalid UTF-8 byte 0x%02X in a file marked as UTF-8",
                           (unsigned)(unsigned char)bytes[bad]);
    /* Evidence for UTF-8: a valid multi-byte sequence anywhere. Windows-1252
     * text almost never holds one (it would need a letter like 'Ã' followed
     * by a byte of 0x80-0xBF), so a file with both is UTF-8 with a stray
     * byte, or two files glued together: said at the bad byte, not guessed. */
    size_t first_mb = 0;
    if (utf8_multibyte_seen((const unsigned char *)bytes, len, &first_mb))
        return ix_diag_set(d, IX_ERR_PARSE, source, line_at(bytes, bad),
                           column_at(bytes, bad, 1), NULL,
                           "byte 0x%02X is not UTF-8, but the file is otherwise UTF-8 (line %ld "
                           "has a UTF-8 letter): the encodings are mixed; fix this byte or save "
                           "the whole file as UTF-8",
                           (unsigned)(unsigned char)bytes[bad], line_at(bytes, first_mb));
    *enc = IX_ENC_CP1252;
    ix_status st = ix_cp1252_to_utf8(bytes, len, source, owned, text_len, d);
    *text = *owned;
    return st;
}

/* Refuses NUL bytes and byte order marks past the start. */
static ix_status screen(const char *text, size_t len, const char *source, ix_diag *d)
{
    long line = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            line++;
        } else if (c == '\0') {
            return ix_diag_set(d, IX_ERR_PARSE, source, line, column_at(text, i, 1), NULL,
                               "NUL byte: this is not a text file (UTF-16 or binary?)");
        } else if (c == 0xEF && len - i >= 3 && (unsigned char)text[i + 1] == 0xBB &&
                   (unsigned char)text[i + 2] == 0xBF) {
            return ix_diag_set(d, IX_ERR_PARSE, source, line, column_at(text, i, 1), NULL,
                               "byte order mark (U+FEFF) inside the file: were two files "
                               "joined together?");
        }
    }
    return IX_OK;
}

/* ---- parsing ------------------------------------------------------------- */

/* The parser's state. Fields of the current record are unescaped back to
 * back into buf; field_off[i] is where field i starts there, field_pos[i] and
 * field_line[i] where it started in the text (for diagnostics). */
typedef struct {
    const char *text;
    size_t len, pos;
    long line;
    char sep;
    const char *source;
    ix_diag *d;
    char *buf;
    size_t buf_len, buf_cap;
    size_t *field_off, *field_pos;
    long *field_line;
    const char **cells;
    size_t nfields, fields_cap;
    long rec_line;     /* line where the record starts */
    size_t rec_end;    /* offset just past its last field (before any CR) */
    long rec_end_line; /* the line rec_end is on */
} parser;

static ix_status no_memory(const parser *p)
{
    return ix_diag_set(p->d, IX_ERR_NOMEM, p->source, p->line, 0, NULL,
                       "out of memory while reading CSV");
}

static ix_status parse_error(const parser *p, long line, size_t off, const char *what)
{
    return ix_diag_set(p->d, IX_ERR_PARSE, p->source, line, column_at(p->text, off, 1), NULL,
                       "%s", what);
}

static ix_status buf_append(parser *p, const char *bytes, size_t n)
{
    if (n == 0) /* buf may still be NULL: no memcpy(NULL, ..., 0) */
        return IX_OK;
    if (n > SIZE_MAX / 2 - p->buf_len)
        return no_memory(p);
    if (p->buf_len + n > p->buf_cap) {
        size_t cap = p->buf_cap ? p->buf_cap : 1024;
        while (cap < p->buf_len + n)
            cap *= 2;
        char *grown = realloc(p->buf, cap);
        if (!grown)
            return no_memory(p);
        p->buf = grown;
        p->buf_cap = cap;
    }
    memcpy(p->buf + p->buf_len, bytes, n);
    p->buf_len += n;
    return IX_OK;
}

/* Starts a new field at text offset pos: grows the per-field arrays. */
static ix_status field_begin(parser *p, size_t pos)
{
    if (p->nfields == p->fields_cap) {
        size_t cap = p->fields_cap ? p->fields_cap * 2 : 32;
        if (cap > SIZE_MAX / sizeof(size_t))
            return no_memory(p);
        size_t *off = realloc(p->field_off, cap * sizeof *off);
        if (!off)
            return no_memory(p);
        p->field_off = off;
        size_t *fpos = realloc(p->field_pos, cap * sizeof *fpos);
        if (!fpos)
            return no_memory(p);
        p->field_pos = fpos;
        long *fline = realloc(p->field_line, cap * sizeof *fline);
        if (!fline)
            return no_memory(p);
        p->field_line = fline;
        const char **cells = realloc(p->cells, cap * sizeof *cells);
        if (!cells)
            return no_memory(p);
        p->cells = cells;
        p->fields_cap = cap;
    }
    p->field_off[p->nfields] = p->buf_len;
    p->field_pos[p->nfields] = pos;
    p->field_line[p->nfields] = p->line;
    p->nfields++;
    return IX_OK;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A line end (LF, CRLF, or CR before the end of text) starts at i. */
static int line_end_at(const parser *p, size_t i)
{
    if (i >= p->len)
        return 1;
    if (p->text[i] == '\n')
        return 1;
    return p->text[i] == '\r' && (i + 1 == p->len || p->text[i + 1] == '\n');
}

/* An unquoted field: up to the separator or line end, surrounding spaces,
 * tabs and the CR of a CRLF removed. Quotes inside are kept as text. */
static ix_status unquoted_field(parser *p)
{
    size_t start = p->pos, end = start;
    while (end < p->len && p->text[end] != p->sep && p->text[end] != '\n')
        end++;
    p->pos = end;
    if (end > start && p->text[end - 1] == '\r' && (end == p->len || p->text[end] == '\n'))
        end--;
    while (end > start && is_blank(p->text[end - 1]))
        end--;
    return buf_append(p, p->text + start, end - start);
}

/* A quoted field from the opening quote at p->pos: "" is one quote, line
 * ends inside are kept (CRLF as LF, so CRLF and LF files give the same
 * cells), and only spaces may follow the closing quote. */
static ix_status quoted_field(parser *p)
{
    long open_line = p->line;
    size_t open_pos = p->pos, i = p->pos + 1;
    ix_status st = IX_OK;
    for (;;) {
        size_t run = i;
        while (run < p->len && p->text[run] != '"' && p->text[run] != '\r' && p->text[run] != '\n')
            run++;
        if ((st = buf_append(p, p->text + i, run - i)) != IX_OK)
            return st;
        i = run;
        if (i >= p->len) {
            char what[96];
            snprintf(what, sizeof what, "unterminated quote: the quoted field opened on line %ld "
                                        "never closes", open_line);
            return parse_error(p, open_line, open_pos, what);
        }
        char c = p->text[i];
        if (c == '"' && i + 1 < p->len && p->text[i + 1] == '"') {
            st = buf_append(p, "\"", 1);
            i += 2;
        } else if (c == '"') {
            i++;
            break;
        } else if (c == '\r' && i + 1 < p->len && p->text[i + 1] == '\n') {
            st = buf_append(p, "\n", 1);
            i += 2;
            p->line++;
        } else {
            st = buf_append(p, &c, 1);
            i++;
            p->line += c == '\n';
        }
        if (st != IX_OK)
            return st;
    }
    while (i < p->len && is_blank(p->text[i]))
        i++;
    p->pos = i;
    if (i < p->len && p->text[i] != p->sep && !line_end_at(p, i))
        return parse_error(p, p->line, i,
                           "text after the closing quote; put the whole field in quotes and "
                           "write a quote inside it as \"\"");
    return IX_OK;
}

static ix_status parse_field(parser *p)
{
    size_t begin = p->pos;
    while (p->pos < p->len && is_blank(p->text[p->pos]))
        p->pos++;
    ix_status st = field_begin(p, begin);
    if (st != IX_OK)
        return st;
    if (p->pos < p->len && p->text[p->pos] == '"')
        st = quoted_field(p);
    else
        st = unquoted_field(p);
    if (st == IX_OK)
        st = buf_append(p, "", 1);
    return st;
}

/* Skips blank lines (only spaces, tabs, CR); returns 0 at the end of text. */
static int skip_blank_lines(parser *p)
{
    for (;;) {
        size_t i = p->pos;
        while (i < p->len && (is_blank(p->text[i]) || p->text[i] == '\r'))
            i++;
        if (i >= p->len) {
            p->pos = p->len;
            return 0;
        }
        if (p->text[i] != '\n')
            return 1;
        p->pos = i + 1;
        p->line++;
    }
}

/* Parses one record from p->pos (not blank) and consumes its line end;
 * fills p->cells. */
static ix_status parse_record(parser *p)
{
    ix_status st;
    p->nfields = 0;
    p->buf_len = 0;
    p->rec_line = p->line;
    for (;;) {
        if ((st = parse_field(p)) != IX_OK)
            return st;
        if (p->pos < p->len && p->text[p->pos] == p->sep) {
            p->pos++;
            continue;
        }
        break;
    }
    p->rec_end = p->pos;
    p->rec_end_line = p->line;
    if (p->rec_end > 0 && p->text[p->rec_end - 1] == '\r' &&
        (p->rec_end == p->len || p->text[p->rec_end] == '\n'))
        p->rec_end--; /* an unquoted field stops at the LF of its CRLF */
    if (p->pos < p->len && p->text[p->pos] == '\r')
        p->pos++;
    if (p->pos < p->len && p->text[p->pos] == '\n') {
        p->pos++;
        p->line++;
    }
    for (size_t i = 0; i < p->nfields; i++)
        p->cells[i] = p->buf + p->field_off[i];
    return IX_OK;
}

/* ',' unless the header line (outside quotes) has more ';' than ','. */
static char detect_separator(const char *text, size_t len, size_t pos)
{
    size_t semis = 0, commas = 0;
    int quoted = 0;
    for (; pos < len; pos++) {
        char c = text[pos];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '\n')
            break;
        else if (!quoted && c == ';')
            semis++;
        else if (!quoted && c == ',')
            commas++;
    }
    return semis > commas ? ';' : ',';
}

typedef struct {
    const char *name;
    size_t index;
} named;

static int by_name(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return (x->index > y->index) - (x->index < y->index);
}

/* Trims the header names in place (in p->buf) and refuses empty ones. */
static ix_status trim_header(parser *p)
{
    for (size_t i = 0; i < p->nfields; i++) {
        char *name = p->buf + p->field_off[i];
        size_t n = strlen(name), s = 0;
        while (s < n && is_blank(name[s]))
            s++;
        while (n > s && is_blank(name[n - 1]))
            n--;
        name[n] = '\0';
        p->cells[i] = name + s;
        if (n == s) {
            char what[96];
            snprintf(what, sizeof what, "empty column name in the header (column %zu)", i + 1);
            return parse_error(p, p->field_line[i], p->field_pos[i], what);
        }
    }
    return IX_OK;
}

/* Finds a repeated header name by sorting (a header may have thousands of
 * columns); reports the earliest column that repeats an earlier one. */
static ix_status check_duplicates(parser *p)
{
    size_t n = p->nfields;
    named *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return no_memory(p);
    for (size_t i = 0; i < n; i++)
        sorted[i] = (named){p->cells[i], i};
    qsort(sorted, n, sizeof *sorted, by_name);
    size_t dup = n, first = n;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(sorted[i].name, sorted[i - 1].name) == 0 && sorted[i].index < dup) {
            dup = sorted[i].index;
            first = sorted[i - 1].index;
        }
    }
    free(sorted);
    if (dup == n)
        return IX_OK;
    return ix_diag_set(p->d, IX_ERR_PARSE, p->source, p->field_line[dup],
                       column_at(p->text, p->field_pos[dup], 1), NULL,
                       "duplicate column name \"%.100s\" in the header (columns %zu and %zu)",
                       p->cells[dup], first + 1, dup + 1);
}

/* Every data row must have the header's field count. The location is the
 * first extra field or the end of a short row; the message names the line
 * the row starts on (they differ when a quoted field spans lines). */
static ix_status check_width(const parser *p, size_t ncols)
{
    if (p->nfields == ncols)
        return IX_OK;
    int extra = p->nfields > ncols;
    size_t off = extra ? p->field_pos[ncols] : p->rec_end;
    long line = extra ? p->field_line[ncols] : p->rec_end_line;
    return ix_diag_set(p->d, IX_ERR_PARSE, p->source, line, column_at(p->text, off, 1),
                       NULL, "line %ld has %zu field%s, the header has %zu", p->rec_line,
                       p->nfields, p->nfields == 1 ? "" : "s", ncols);
}

static ix_status parse_rows(parser *p, ix_table *t)
{
    size_t ncols = ix_table_ncols(t);
    while (skip_blank_lines(p)) {
        ix_status st = parse_record(p);
        if (st == IX_OK)
            st = check_width(p, ncols);
        if (st == IX_OK)
            st = ix_table_add_row(t, p->cells, p->rec_line, p->d);
        if (st != IX_OK)
            return st;
    }
    return IX_OK;
}

/* Parses the header and every row of UTF-8 text into a new table. */
static ix_status parse_text(parser *p, ix_table **out)
{
    ix_table *t = NULL;
    if (!skip_blank_lines(p))
        return ix_diag_set(p->d, IX_ERR_PARSE, p->source, 1, 0, NULL,
                           p->len ? "no header line: the file holds only blank lines"
                                  : "empty file, expected a header line");
    p->sep = detect_separator(p->text, p->len, p->pos);
    ix_status st = parse_record(p);
    if (st == IX_OK)
        st = trim_header(p);
    if (st == IX_OK)
        st = check_duplicates(p);
    if (st == IX_OK)
        st = ix_table_new(p->cells, p->nfields, p->source, p->sep, p->sep == ';' ? ',' : '.', &t,
                          p->d);
    if (st == IX_OK)
        st = parse_rows(p, t);
    if (st != IX_OK) {
        ix_table_free(t);
        t = NULL;
    }
    *out = t;
    return st;
}

ix_status ix_csv_parse(const char *bytes, size_t len, const char *source, ix_table **out,
                       ix_diag *d)
{
    *out = NULL;
    char *owned = NULL;
    const char *text = NULL;
    size_t text_len = 0;
    ix_encoding enc;
    parser p = {0};
    ix_status st;
    if (len == 0) {
        st = ix_diag_set(d, IX_ERR_PARSE, source, 1, 0, NULL, "empty file, expected a header line");
        goto out;
    }
    st = decode(bytes, len, source, &text, &text_len, &owned, &enc, d);
    if (st != IX_OK)
        goto out;
    st = screen(text, text_len, source, d);
    if (st != IX_OK)
        goto out;
    p.text = text;
    p.len = text_len;
    p.line = 1;
    p.source = source;
    p.d = d;
    st = parse_text(&p, out);
    if (st == IX_OK)
        ix_table_set_encoding(*out, enc);
out:
    free(p.buf);
    free(p.field_off);
    free(p.field_pos);
    free(p.field_line);
    free(p.cells);
    free(owned);
    return st;
}

/* ---- files --------------------------------------------------------------- */

/* A table file is read whole (aggregate streams its microdata instead). */
#define IX_CSV_MAX_FILE ((size_t)512 << 20)

/* Reads all of f into a malloc'd buffer, at most IX_CSV_MAX_FILE bytes. */
static ix_status read_all(FILE *f, const char *name, char **out, size_t *out_len, ix_diag *d)
{
    size_t len = 0, cap = 65536;
    char *buf = malloc(cap);
    if (!buf)
        return ix_diag_set(d, IX_ERR_NOMEM, name, 0, 0, NULL, "out of memory reading the file");
    for (;;) {
        if (len == cap) {
            char *grown = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!grown) {
                free(buf);
                return ix_diag_set(d, IX_ERR_NOMEM, name, 0, 0, NULL,
                                   "out of memory reading the file");
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        /* Not text (/dev/zero, a binary file): said at once, not after
         * reading all of it. */
        const char *nul = len == 0 ? memchr(buf, '\0', got) : NULL;
        if (nul) {
            long line = 1;
            for (const char *p = buf; p < nul; p++)
                line += *p == '\n';
            free(buf);
            return ix_diag_set(d, IX_ERR_PARSE, name, line, 0, NULL,
                               "NUL byte: this is not a text file (UTF-16 or binary?)");
        }
        len += got;
        if (got == 0)
            break;
        if (len > IX_CSV_MAX_FILE) {
            free(buf);
            return ix_diag_set(d, IX_ERR_INPUT, name, 0, 0, NULL,
                               "the file is larger than %u MiB, the most a table read whole "
                               "may be; is it the right file?",
                               (unsigned)(IX_CSV_MAX_FILE >> 20));
        }
    }
    if (ferror(f)) {
        int err = errno;
        free(buf);
        return ix_diag_set(d, IX_ERR_IO, name, 0, 0, NULL, "cannot read: %s", strerror(err));
    }
    *out = buf;
    *out_len = len;
    return IX_OK;
}

ix_status ix_csv_read_file(const char *path, ix_table **out, ix_diag *d)
{
    *out = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return ix_diag_set(d, IX_ERR_IO, name, 0, 0, NULL, "cannot open: %s", strerror(errno));
    char *bytes = NULL;
    size_t len = 0;
    ix_status st = read_all(f, name, &bytes, &len, d);
    if (!is_stdin)
        fclose(f);
    if (st == IX_OK)
        st = ix_csv_parse(bytes, len, name, out, d);
    free(bytes);
    return st;
}
