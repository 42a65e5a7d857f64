/* Writing what the aggregation gives: the counts as the data CSV that
 * `indeks socio` reads, and the same aggregation as one SQL query.
 *
 * The query keeps the counting kernel's semantics by construction: a
 * criterion is sum(CASE WHEN filter THEN 1 ELSE 0 END), which counts a row
 * only when its filter is true, and SQL's NULL logic is the Kleene logic the
 * kernel uses for missing values. Identifiers are always double-quoted, so a
 * column named as the file's header names it is found whatever its case. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/aggregate.h"
#include "indeks/json_sink.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/textable.h"

static void counts_csv(const ix_agg_program *p, const ix_agg_counts *c, char sep, ix_sink *s)
{
    size_t ncol = 1 + ix_agg_program_ncriteria(p);
    ix_csv_write_field(s, ix_agg_program_code_name(p), sep);
    for (size_t j = 0; j < ncol; j++) {
        ix_sink_put(s, &sep, 1);
        ix_csv_write_field(s, ix_agg_program_column(p, j), sep);
    }
    ix_sink_put(s, "\n", 1);
    for (size_t k = 0; k < ix_kommune_count(); k++) {
        int code = ix_kommune_at(k)->code;
        if (ix_agg_counts_get(c, code, 0) == 0)
            continue;
        ix_sink_printf(s, "%d", code);
        for (size_t j = 0; j < ncol; j++)
            ix_sink_printf(s, "%c%" PRId64, sep, ix_agg_counts_get(c, code, j));
        ix_sink_put(s, "\n", 1);
    }
}

static void counts_json(const ix_agg_program *p, const ix_agg_counts *c, const char *notes,
                        ix_sink *s)
{
    size_t ncol = 1 + ix_agg_program_ncriteria(p);
    json_t *cols = json_array(), *units = json_array();
    for (size_t j = 0; cols && j < ncol; j++)
        json_array_append_new(cols, json_string(ix_agg_program_column(p, j)));
    for (size_t k = 0; units && k < ix_kommune_count(); k++) {
        const ix_kommune *km = ix_kommune_at(k);
        if (ix_agg_counts_get(c, km->code, 0) == 0)
            continue;
        json_t *counts = json_object();
        for (size_t j = 0; counts && j < ncol; j++)
            json_object_set_new(counts, ix_agg_program_column(p, j),
                                json_integer((json_int_t)ix_agg_counts_get(c, km->code, j)));
        char code[8];
        snprintf(code, sizeof code, "%03d", km->code);
        json_array_append_new(units, json_pack("{s:s, s:s, s:o*}", "kommunekode", code, "kommune",
                                               km->name, "counts", counts));
    }
    ix_json_emit(json_pack("{s:s, s:o*, s:o*, s:o*}", "code_column", ix_agg_program_code_name(p),
                           "columns", cols, "notes", ix_json_lines(notes), "units", units),
                 s, NULL);
}

static void counts_table(const ix_agg_program *p, const ix_agg_counts *c, int danish,
                         const char *notes, ix_sink *s)
{
    size_t ncol = 1 + ix_agg_program_ncriteria(p);
    ix_textable *t = ix_textable_new(2 + ncol);
    if (!t) {
        s->failed = 1;
        return;
    }
    ix_textable_add(t, danish ? "Kode" : "Code");
    ix_textable_add(t, danish ? "Kommune" : "Municipality");
    for (size_t j = 0; j < ncol; j++) {
        ix_textable_add(t, ix_agg_program_column(p, j));
        ix_textable_right(t, 2 + j);
    }
    char buf[64];
    for (size_t k = 0; k < ix_kommune_count(); k++) {
        const ix_kommune *km = ix_kommune_at(k);
        if (ix_agg_counts_get(c, km->code, 0) == 0)
            continue;
        snprintf(buf, sizeof buf, "%03d", km->code);
        ix_textable_add(t, buf);
        ix_textable_add(t, km->name);
        for (size_t j = 0; j < ncol; j++) {
            ix_format_fixed((double)ix_agg_counts_get(c, km->code, j), 0, danish ? ',' : '.', 1,
                            buf, sizeof buf);
            ix_textable_add(t, buf);
        }
    }
    ix_textable_render(t, s);
    ix_textable_free(t);
    for (const char *line = notes; line && *line;) {
        const char *end = strchr(line, '\n');
        int len = (int)(end ? (size_t)(end - line) : strlen(line));
        ix_sink_printf(s, "%s%.*s\n", danish ? "NB: " : "Note: ", len, line);
        line = end ? end + 1 : line + len;
    }
}

void ix_agg_counts_write_csv(const ix_agg_program *p, const ix_agg_counts *c, ix_sink *s)
{
    counts_csv(p, c, ',', s);
}

void ix_agg_counts_write(const ix_agg_program *p, const ix_agg_counts *c, int format,
                         char separator, int danish, const char *notes, ix_sink *s)
{
    if (format == 1)
        counts_csv(p, c, separator, s);
    else if (format == 2)
        counts_json(p, c, notes, s);
    else
        counts_table(p, c, danish, notes, s);
}

static void put_ident(ix_sink *s, const char *name)
{
    ix_sink_put(s, "\"", 1);
    for (const char *p = name; *p; p++)
        ix_sink_put(s, p, *p == '"' ? 0 : 1); /* names never hold '"' (aggregate.c) */
    ix_sink_put(s, "\"", 1);
}

static void put_number(ix_sink *s, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        ix_sink_printf(s, "%.0f", v == 0 ? 0.0 : v);
    else
        ix_sink_printf(s, "%.17g", v);
}

static void put_filter(const ix_agg_rules *r, size_t node, ix_sink *s)
{
    const ix_agg_node *n = &r->nodes[node];
    const char *col = n->kind <= IX_AGG_ISNULL ? r->columns[n->column] : NULL;
    switch (n->kind) {
    case IX_AGG_RANGE:
        put_ident(s, col);
        if (n->lo == n->hi) {
            ix_sink_puts(s, " = ");
            put_number(s, n->lo);
        } else if (isinf(n->lo) && isinf(n->hi)) {
            ix_sink_puts(s, " = ");
            put_ident(s, col); /* true when present, NULL when missing */
        } else if (isinf(n->lo)) {
            ix_sink_puts(s, " <= ");
            put_number(s, n->hi);
        } else if (isinf(n->hi)) {
            ix_sink_puts(s, " >= ");
            put_number(s, n->lo);
        } else {
            ix_sink_puts(s, " BETWEEN ");
            put_number(s, n->lo);
            ix_sink_puts(s, " AND ");
            put_number(s, n->hi);
        }
        return;
    case IX_AGG_IN:
        put_ident(s, col);
        ix_sink_puts(s, " IN (");
        for (size_t i = 0; i < n->n; i++) {
            if (i)
                ix_sink_puts(s, ", ");
            put_number(s, r->values[n->first + i]);
        }
        ix_sink_puts(s, ")");
        return;
    case IX_AGG_ISNULL:
        put_ident(s, col);
        ix_sink_puts(s, " IS NULL");
        return;
    case IX_AGG_NOT:
        ix_sink_puts(s, "NOT (");
        put_filter(r, r->kids[n->first], s);
        ix_sink_puts(s, ")");
        return;
    case IX_AGG_AND:
    case IX_AGG_OR:
        if (n->n == 0) {
            ix_sink_puts(s, "TRUE");
            return;
        }
        for (size_t i = 0; i < n->n; i++) {
            if (i)
                ix_sink_puts(s, n->kind == IX_AGG_AND ? " AND " : " OR ");
            int paren = n->n > 1;
            if (paren)
                ix_sink_puts(s, "(");
            put_filter(r, r->kids[n->first + i], s);
            if (paren)
                ix_sink_puts(s, ")");
        }
        return;
    }
}

void ix_agg_write_sql(const ix_agg_rules *r, const char *table, ix_sink *s)
{
    ix_sink_puts(s, "-- indeks aggregate --emit-sql (PostgreSQL): one row per municipality\n");
    ix_sink_puts(s, "SELECT ");
    put_ident(s, r->municipality);
    ix_sink_puts(s, " AS ");
    put_ident(s, r->code_name);
    ix_sink_puts(s, ",\n       count(*) AS ");
    put_ident(s, r->population);
    for (size_t i = 0; i < r->ncriteria; i++) {
        ix_sink_puts(s, ",\n       sum(CASE WHEN ");
        put_filter(r, r->criteria[i].root, s);
        ix_sink_puts(s, " THEN 1 ELSE 0 END) AS ");
        put_ident(s, r->criteria[i].id);
    }
    ix_sink_puts(s, "\nFROM ");
    put_ident(s, table);
    ix_sink_puts(s, "\nGROUP BY ");
    put_ident(s, r->municipality);
    ix_sink_puts(s, "\nORDER BY ");
    put_ident(s, r->municipality);
    ix_sink_puts(s, ";\n");
}
