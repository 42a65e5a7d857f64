/* CSV fields (see include/indeks/csv_write.h). */
#include "indeks/csv_write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/escape.h"
#include "indeks/number.h"

void ix_csv_write_field(ix_sink *s, const char *text, char separator)
{
    ix_csv_field(s, text, separator); /* the rule lives in escape.c */
}

void ix_csv_write_number(ix_sink *s, double v, char decimal)
{
    char num[64];
    if (isnan(v))
        return;
    ix_format_exact(v, decimal, num, sizeof num);
    ix_sink_puts(s, num);
}

/* The notes' lines joined by " | " (NULL when there are none). */
static char *joined_notes(const char *notes, int *nomem)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    for (const char *line = notes; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 0) {
            if (b.len)
                ix_sink_puts(&s, " | ");
            ix_sink_put(&s, line, len);
        }
        line = end ? end + 1 : line + len;
    }
    if (s.failed) {
        *nomem = 1;
        ix_buf_free(&b);
        return NULL;
    }
    return b.data;
}

void ix_csv_finish(const char *csv, size_t len, const char *notes, char separator, int bom,
                   ix_sink *s)
{
    int nomem = 0;
    char *joined = joined_notes(notes, &nomem);
    if (nomem)
        s->failed = 1;
    if (bom)
        ix_sink_puts(s, IX_CSV_BOM);
    if (!joined) {
        ix_sink_put(s, csv, len);
        return;
    }
    int header = 1, quoted = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && csv[i] == '"') {
            quoted = !quoted;
            continue;
        }
        if (i < len && (csv[i] != '\n' || quoted))
            continue;
        /* a record csv[start, i) ends here (or the text ends) */
        size_t end = i;
        if (end > start && csv[end - 1] == '\r')
            end--;
        if (end > start) {
            ix_sink_put(s, csv + start, end - start);
            ix_sink_put(s, &separator, 1);
            ix_csv_write_field(s, header ? "notes" : joined, separator);
            header = 0;
            ix_sink_put(s, csv + end, i - end); /* a "\r" stays */
        } else {
            ix_sink_put(s, csv + start, i - start); /* a blank line stays blank */
        }
        if (i < len)
            ix_sink_put(s, "\n", 1);
        start = i + 1;
    }
    free(joined);
}

static void write_record(ix_sink *s, const ix_table *t, size_t row, int header)
{
    char sep = ix_table_separator(t);
    for (size_t c = 0; c < ix_table_ncols(t); c++) {
        if (c)
            ix_sink_put(s, &sep, 1);
        ix_csv_write_field(s, header ? ix_table_header(t, c) : ix_table_cell(t, row, c), sep);
    }
    ix_sink_put(s, "\n", 1);
}

void ix_csv_write_table(const ix_table *t, ix_sink *s)
{
    write_record(s, t, 0, 1);
    for (size_t r = 0; r < ix_table_nrows(t); r++)
        write_record(s, t, r, 0);
}

void ix_csv_write_field_safe(ix_sink *s, const char *text, char separator, char decimal)
{
    double v = 0;
    const char *why = NULL;
    if (!text[0] || !strchr("=+-@\t\r", text[0]) ||
        ix_parse_number(text, decimal, &v, &why) == 0) {
        ix_csv_write_field(s, text, separator);
        return;
    }
    size_t n = strlen(text) + 2;
    char *q = malloc(n);
    if (!q) {
        s->failed = 1;
        return;
    }
    q[0] = '\'';
    memcpy(q + 1, text, n - 1);
    ix_csv_write_field(s, q, separator);
    free(q);
}
