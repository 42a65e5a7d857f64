/* The demo data sets written out (`indeks demo-data`): CSV or JSON with the
 * datakilde label, and the udligning demo table built from a parameter file
 * (demo_write.h). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "indeks/csv_write.h"
#include "indeks/demo.h"
#include "indeks/demo_write.h"
#include "indeks/json_sink.h"
#include "indeks/number.h"
#include "indeks/udligning.h"

/* A column whose name came earlier (the udligning demo can name one column
 * twice, e.g. befolkningsnedgang as decline criterion and § 16 key figure):
 * readers use the first, so only the first is written. */
static int repeated(const ix_table *t, size_t c)
{
    return ix_table_find(t, ix_table_header(t, c)) != (long)c;
}

static const char *cell_or_label(const ix_table *t, size_t r, size_t c, long label_col,
                                 const char *label)
{
    return label && (long)c == label_col ? label : ix_table_cell(t, r, c);
}

/* The cells are whole numbers or text, so only the separator changes with
 * the locale; label (not NULL) replaces the cells of the datakilde column. */
void ix_demo_write_csv(const ix_table *t, char sep, const char *label, ix_sink *s)
{
    long label_col = ix_table_find(t, "datakilde");
    for (size_t c = 0; c < ix_table_ncols(t); c++) {
        if (repeated(t, c))
            continue;
        if (c)
            ix_sink_put(s, &sep, 1);
        ix_csv_write_field(s, ix_table_header(t, c), sep);
    }
    ix_sink_put(s, "\n", 1);
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        for (size_t c = 0; c < ix_table_ncols(t); c++) {
            if (repeated(t, c))
                continue;
            if (c)
                ix_sink_put(s, &sep, 1);
            ix_csv_write_field(s, cell_or_label(t, r, c, label_col, label), sep);
        }
        ix_sink_put(s, "\n", 1);
    }
}

/* Rows as objects; counts as numbers, codes and names as text. */
void ix_demo_write_json(const ix_table *t, const char *label, ix_sink *s)
{
    long label_col = ix_table_find(t, "datakilde");
    json_t *rows = json_array();
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        json_t *o = json_object();
        for (size_t c = 0; c < ix_table_ncols(t); c++) {
            if (repeated(t, c))
                continue;
            double v = 0;
            const char *why = NULL, *cell = cell_or_label(t, r, c, label_col, label);
            int numeric = c >= 2 && ix_parse_number(cell, '.', &v, &why) == 0;
            json_object_set_new(o, ix_table_header(t, c), numeric ? json_real(v) : json_string(cell));
        }
        json_array_append_new(rows, o);
    }
    json_t *root = json_pack("{s:s,s:o}", "datakilde", label ? label : IX_DEMO_LABEL, "rows", rows);
    ix_json_emit(root, s, NULL);
}

/* The udligning demo, with the real folketal when --real; label says which
 * columns are real. */
ix_status ix_demo_udl_load(const char *params, const char *real_path, unsigned long long seed,
                           ix_table **out, char *label, size_t size, ix_diag *d)
{
    ix_udl_params *p = NULL;
    ix_udl_real *real = NULL;
    ix_table *t = NULL, *replaced = NULL;
    ix_status st = ix_udl_params_load(params, &p, d);
    if (!st)
        st = ix_demo_udl_table((uint64_t)seed, p, &t, d);
    if (!st && real_path)
        st = ix_udl_real_read(real_path, (int)p->year, &real, d);
    if (!st && real)
        st = ix_udl_real_apply_table(real, p, t, "kommunekode", &replaced, d);
    if (!st && real)
        snprintf(label, size,
                 "SYNTETISKE DATA (indeks udligning demo, seed %llu): synthetic except "
                 "kommunekode, kommune, indbyggere (Danmarks Statistik FOLK1A 2020K1) and "
                 "folketal (real: indbyggere_1jan %d from %s, source %s); the age groups are a "
                 "synthetic split rescaled to that folketal",
                 seed, real->year, real->file, IX_UDL_REAL_ORIGIN);
    else if (!st)
        snprintf(label, size,
                 "SYNTETISKE DATA (indeks udligning demo, seed %llu): synthetic except "
                 "kommunekode, kommune, indbyggere and folketal (real: Danmarks Statistik "
                 "FOLK1A 2020K1)",
                 seed);
    if (replaced) {
        ix_table_free(t);
        t = replaced;
    }
    ix_udl_real_free(real);
    ix_udl_params_free(p);
    if (st) {
        ix_table_free(t);
        return st;
    }
    *out = t;
    return IX_OK;
}

