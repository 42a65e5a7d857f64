/* The in-memory table.
 *
 * A table may hold 100,000 rows of 100 columns, so cells are not separate
 * allocations: every string (header names and cells, NUL-terminated) is
 * appended to one growing pool, and a row is ncols 32-bit offsets into it.
 * All empty cells share offset 0, where the pool starts with a NUL, so sparse
 * data costs only its offsets. The invariant: every offset names a
 * NUL-terminated string inside pool[0, pool_len). Offsets being 32 bits caps
 * the pool at 4 GiB, far beyond any CSV this program is meant for; adding a
 * row that would pass it is refused with an error, not truncated. */
#include "indeks/table.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/number.h"

struct ix_table {
    size_t ncols;
    size_t nrows, rows_cap;
    char *pool; /* all strings, back to back */
    size_t pool_len, pool_cap;
    uint32_t *header; /* ncols offsets */
    uint32_t *cells;  /* nrows * ncols offsets, row by row */
    long *lines;      /* source line of each row */
    char *source;     /* NULL when unnamed */
    char separator, decimal;
    ix_encoding encoding;
};

#define POOL_LIMIT ((size_t)UINT32_MAX)

static ix_status no_memory(const ix_table *t, ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, t ? t->source : NULL, 0, 0, NULL,
                       "out of memory while building the table");
}

/* Makes room for extra more pool bytes. */
static ix_status pool_reserve(ix_table *t, size_t extra, ix_diag *d)
{
    if (extra > POOL_LIMIT - t->pool_len)
        return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, NULL,
                           "the table's text passes the 4 GiB limit");
    size_t need = t->pool_len + extra;
    if (need <= t->pool_cap)
        return IX_OK;
    size_t cap = t->pool_cap ? t->pool_cap : 4096;
    while (cap < need)
        cap = cap > POOL_LIMIT / 2 ? POOL_LIMIT : cap * 2;
    char *grown = realloc(t->pool, cap);
    if (!grown)
        return no_memory(t, d);
    t->pool = grown;
    t->pool_cap = cap;
    return IX_OK;
}

/* Appends len bytes of text and a NUL; room must have been reserved. Empty
 * strings share offset 0. */
static uint32_t pool_add(ix_table *t, const char *text, size_t len)
{
    if (len == 0)
        return 0;
    uint32_t off = (uint32_t)t->pool_len;
    memcpy(t->pool + t->pool_len, text, len);
    t->pool[t->pool_len + len] = '\0';
    t->pool_len += len + 1;
    return off;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The span of text without surrounding spaces and tabs. */
static const char *trim(const char *text, size_t *len)
{
    size_t n = strlen(text);
    while (n > 0 && is_blank(*text)) {
        text++;
        n--;
    }
    while (n > 0 && is_blank(text[n - 1]))
        n--;
    *len = n;
    return text;
}

static ix_status copy_header(ix_table *t, const char *const *header, ix_diag *d)
{
    size_t total = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!header[c])
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, NULL,
                               "column %zu of the header has no name", c + 1);
        size_t len = strlen(header[c]);
        if (len + 1 > POOL_LIMIT - total)
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, NULL,
                               "the header passes the 4 GiB limit");
        total += len + 1;
    }
    ix_status st = pool_reserve(t, total, d);
    if (st != IX_OK)
        return st;
    for (size_t c = 0; c < t->ncols; c++) {
        size_t len;
        const char *name = trim(header[c], &len);
        t->header[c] = pool_add(t, name, len);
    }
    return IX_OK;
}

ix_status ix_table_new(const char *const *header, size_t ncols, const char *source, char separator,
                       char decimal, ix_table **out, ix_diag *d)
{
    ix_status st = IX_OK;
    *out = NULL;
    ix_table *t = calloc(1, sizeof *t);
    if (!t)
        return no_memory(NULL, d);
    t->ncols = ncols;
    t->separator = separator;
    t->decimal = decimal;
    t->encoding = IX_ENC_UTF8;
    if (source) {
        size_t n = strlen(source);
        t->source = malloc(n + 1);
        if (!t->source) {
            st = no_memory(NULL, d);
            goto out;
        }
        memcpy(t->source, source, n + 1);
    }
    t->header = calloc(ncols ? ncols : 1, sizeof *t->header);
    if (!t->header) {
        st = no_memory(t, d);
        goto out;
    }
    /* Offset 0 is the shared empty string. */
    st = pool_reserve(t, 1, d);
    if (st != IX_OK)
        goto out;
    t->pool[0] = '\0';
    t->pool_len = 1;
    st = copy_header(t, header, d);
out:
    if (st != IX_OK)
        ix_table_free(t);
    else
        *out = t;
    return st;
}

void ix_table_free(ix_table *t)
{
    if (!t)
        return;
    free(t->pool);
    free(t->header);
    free(t->cells);
    free(t->lines);
    free(t->source);
    free(t);
}

/* Grows the row arrays so one more row fits. */
static ix_status rows_reserve(ix_table *t, ix_diag *d)
{
    if (t->nrows < t->rows_cap)
        return IX_OK;
    size_t cap = t->rows_cap ? t->rows_cap * 2 : 64;
    size_t width = t->ncols ? t->ncols : 1;
    if (cap > SIZE_MAX / sizeof(long) || cap > SIZE_MAX / sizeof(uint32_t) / width)
        return no_memory(t, d);
    uint32_t *cells = realloc(t->cells, cap * width * sizeof *cells);
    if (!cells)
        return no_memory(t, d);
    t->cells = cells;
    long *lines = realloc(t->lines, cap * sizeof *lines);
    if (!lines)
        return no_memory(t, d);
    t->lines = lines;
    t->rows_cap = cap;
    return IX_OK;
}

ix_status ix_table_add_row(ix_table *t, const char *const *cells, long line, ix_diag *d)
{
    ix_status st = rows_reserve(t, d);
    if (st != IX_OK)
        return st;
    size_t total = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        size_t len = cells[c] ? strlen(cells[c]) : 0;
        if (len + 1 > POOL_LIMIT - total)
            return ix_diag_set(d, IX_ERR_INPUT, t->source, line, 0, NULL,
                               "the row passes the 4 GiB limit");
        total += len ? len + 1 : 0;
    }
    st = pool_reserve(t, total, d);
    if (st != IX_OK)
        return st;
    uint32_t *row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++)
        row[c] = cells[c] ? pool_add(t, cells[c], strlen(cells[c])) : 0;
    t->lines[t->nrows] = line;
    t->nrows++;
    return IX_OK;
}

size_t ix_table_nrows(const ix_table *t)
{
    return t->nrows;
}

size_t ix_table_ncols(const ix_table *t)
{
    return t->ncols;
}

const char *ix_table_header(const ix_table *t, size_t col)
{
    return t->pool + t->header[col];
}

const char *ix_table_cell(const ix_table *t, size_t row, size_t col)
{
    return t->pool + t->cells[row * t->ncols + col];
}

long ix_table_line(const ix_table *t, size_t row)
{
    return t->lines[row];
}

long ix_table_find(const ix_table *t, const char *name)
{
    size_t len;
    const char *want = trim(name, &len);
    for (size_t c = 0; c < t->ncols; c++) {
        const char *have = t->pool + t->header[c];
        if (strlen(have) == len && memcmp(have, want, len) == 0)
            return (long)c;
    }
    return -1;
}

const char *ix_table_source(const ix_table *t)
{
    return t->source;
}

char ix_table_separator(const ix_table *t)
{
    return t->separator;
}

char ix_table_decimal(const ix_table *t)
{
    return t->decimal;
}

ix_encoding ix_table_encoding(const ix_table *t)
{
    return t->encoding;
}

void ix_table_set_encoding(ix_table *t, ix_encoding enc)
{
    t->encoding = enc;
}

ix_status ix_table_number(const ix_table *t, size_t row, size_t col, double *out, ix_diag *d)
{
    const char *text = ix_table_cell(t, row, col);
    const char *why = NULL;
    if (ix_parse_number(text, t->decimal, out, &why) == 0)
        return IX_OK;
    /* Quote at most 60 bytes of the cell: a diagnostic is one line. */
    size_t len = strlen(text), shown = len > 60 ? 60 : len;
    while (shown > 0 && shown < len && ((unsigned char)text[shown] & 0xC0) == 0x80)
        shown--; /* not inside a UTF-8 sequence */
    return ix_diag_set(d, IX_ERR_INPUT, t->source, t->lines[row], (long)col + 1,
                       ix_table_header(t, col), "expected a number, got \"%.*s%s\": %s", (int)shown,
                       text, shown < len ? "..." : "", why);
}

/* Case-insensitive comparison of [s, s+len) with a lower-case word. */
static int equals_lower(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return 1;
}

int ix_table_cell_missing(const ix_table *t, size_t row, size_t col)
{
    size_t len;
    const char *text = trim(ix_table_cell(t, row, col), &len);
    return len == 0 || equals_lower(text, len, "na") || equals_lower(text, len, "n/a");
}

/* ---- municipality columns (ix_table_unit_columns) ---------------------- */

/* A header as compared: lower case ASCII, without a BOM, surrounding
 * spaces and the separators ' ', '_', '-', '.' inside. */
static void unit_key(const char *h, char *out, size_t size)
{
    size_t n = 0;
    if ((unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB && (unsigned char)h[2] == 0xBF)
        h += 3;
    for (; *h && n + 1 < size; h++) {
        char c = *h;
        if (c == ' ' || c == '\t' || c == '_' || c == '-' || c == '.')
            continue;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
}

/* The first alias (in order) that some header matches; its column or -1. */
static long find_alias(const ix_table *t, const char *const *aliases, size_t n)
{
    char key[128];
    for (size_t a = 0; a < n; a++)
        for (size_t c = 0; c < t->ncols; c++) {
            unit_key(t->pool + t->header[c], key, sizeof key);
            if (strcmp(key, aliases[a]) == 0)
                return (long)c;
        }
    return -1;
}

ix_status ix_table_unit_columns(const ix_table *t, const char *file, size_t *code_col,
                                size_t *name_col, ix_diag *d)
{
    static const char *const codes[] = {"kommunekode", "kode",  "komkode", "kommunenr",
                                        "kommunenummer", "ucode", "code"};
    static const char *const names[] = {"kommune", "kommunenavn", "navn", "uname", "name"};
    long cc = find_alias(t, codes, sizeof codes / sizeof codes[0]);
    long nc = find_alias(t, names, sizeof names / sizeof names[0]);
    if (name_col)
        *name_col = nc >= 0 ? (size_t)nc : SIZE_MAX;
    if (cc >= 0) {
        *code_col = (size_t)cc;
        return IX_OK;
    }
    char have[160] = "";
    size_t used = 0;
    for (size_t c = 0; c < t->ncols && used + 1 < sizeof have; c++) {
        int w = snprintf(have + used, sizeof have - used, "%s\"%s\"", c ? ", " : "",
                         t->pool + t->header[c]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= sizeof have)
        memcpy(have + sizeof have - 4, "...", 4);
    return ix_diag_set(d, IX_ERR_INPUT, file ? file : t->source, 1, 0, "kommunekode",
                       "no municipality code column: the header has %s; expected one named "
                       "kommunekode, kode, komkode, kommunenr, kommunenummer, uCode or code (any "
                       "case; spaces, '_', '-' and '.' ignored, e.g. \"Kommunekode\", "
                       "\"Kommune kode\")",
                       have);
}
