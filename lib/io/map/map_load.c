/* The map's inputs: boundaries from a file or the embedded tile map, and a
 * column of values per municipality from a CSV file (map_load.h). */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/csv.h"
#include "indeks/kommuner.h"
#include "indeks/map_load.h"
#include "indeks/outfile.h"

/* The files built into the program (cmake/embed.cmake). */
const char *ix__embedded(const char *name, size_t *len);

ix_status ix_map_geometry_load(const char *path, const char *code_property, ix_geo **out,
                               ix_diag *d)
{
    if (path && strcmp(path, "tiles") == 0)
        return ix_tilemap_geo(out, d);
    if (!path) {
        size_t len = 0;
        const char *text = ix__embedded(IX_MAP_EMBEDDED_GEOMETRY, &len);
        if (!text)
            return ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, NULL,
                               "the embedded boundaries are missing from this build");
        return ix_geo_parse(text, len, "embedded DAGI boundaries", NULL, out, d);
    }
    char *text = NULL;
    size_t len = 0;
    ix_status st = ix_read_file(path, &text, &len, d);
    if (!st)
        st = ix_geo_parse(text, len, path, code_property, out, d);
    free(text);
    return st;
}

/* Splits "COLUMN=VALUE" and finds COLUMN; *col -1 when there is no filter. */
static ix_status find_filter(const ix_table *t, const char *filter, long *col, const char **value,
                             ix_diag *d)
{
    *col = -1;
    *value = NULL;
    if (!filter)
        return IX_OK;
    const char *eq = strchr(filter, '=');
    char name[128];
    size_t n = eq ? (size_t)(eq - filter) : 0;
    if (!eq || n == 0 || n >= sizeof name)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "filter", "expected COLUMN=VALUE, got \"%s\"",
                           filter);
    memcpy(name, filter, n);
    name[n] = '\0';
    *value = eq + 1;
    if ((*col = ix_table_find(t, name)) < 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, "filter",
                           "no column \"%s\" in the header", name);
    return IX_OK;
}

static void note_unmatched(ix_map_values_info *info, int code)
{
    size_t len = strlen(info->unmatched_codes);
    info->unmatched++;
    int w = snprintf(info->unmatched_codes + len, sizeof info->unmatched_codes - len, "%s%03d",
                     len ? ", " : "", code);
    if (w < 0 || (size_t)w >= sizeof info->unmatched_codes - len)
        info->unmatched_codes[len] = '\0'; /* full: the count still says how many */
}

/* One row: its code (once only) and value onto the map. seen[code] holds the
 * line of the code's first row. */
static ix_status set_row(ix_map *map, const ix_table *t, size_t r, long kc, long vc, long *seen,
                         ix_map_values_info *info, ix_diag *d)
{
    long line = ix_table_line(t, r);
    int code = 0;
    const char *why = NULL;
    if (ix_kommune_parse_code(ix_table_cell(t, r, (size_t)kc), &code, &why) != 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), line, kc + 1, "kommunekode",
                           "%s, got \"%s\"", why, ix_table_cell(t, r, (size_t)kc));
    if (seen[code])
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), line, kc + 1, "kommunekode",
                           "municipality %03d appears again (first on line %ld); choose rows "
                           "with a filter COLUMN=VALUE",
                           code, seen[code]);
    seen[code] = line;
    double v = NAN;
    if (!ix_table_cell_missing(t, r, (size_t)vc)) {
        ix_status st = ix_table_number(t, r, (size_t)vc, &v, d);
        if (st)
            return st;
    }
    info->rows_used++;
    if (ix_map_set_value(map, code, v) != 0)
        note_unmatched(info, code);
    return IX_OK;
}

/* Adds the notes of one cell ("a | b") that info->notes lacks. */
static void add_notes(ix_map_values_info *info, const char *cell)
{
    while (cell && *cell) {
        const char *e = strstr(cell, " | ");
        size_t n = e ? (size_t)(e - cell) : strlen(cell);
        char one[512];
        snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), cell);
        int have = 0;
        for (const char *p = info->notes; *p && !have;) {
            const char *q = strstr(p, " | ");
            size_t m = q ? (size_t)(q - p) : strlen(p);
            have = m == strlen(one) && strncmp(p, one, m) == 0;
            p = q ? q + 3 : p + m;
        }
        size_t len = strlen(info->notes);
        if (!have && one[0] && len + strlen(one) + 4 < sizeof info->notes)
            snprintf(info->notes + len, sizeof info->notes - len, "%s%s", len ? " | " : "", one);
        cell = e ? e + 3 : NULL;
    }
}

ix_status ix_map_values_load(ix_map *map, const char *path, const char *column,
                             const char *filter, ix_map_values_info *info, ix_diag *d)
{
    memset(info, 0, sizeof *info);
    ix_table *t = NULL;
    long *seen = NULL;
    ix_status st = ix_csv_read_file(path, &t, d);
    if (st)
        return st;
    const char *src = ix_table_source(t);
    snprintf(info->source, sizeof info->source, "%s", src ? src : path);
    /* The code column however it is named (kommunekode, uCode as composite
     * writes it, Kommunekode from Excel, ...). */
    size_t code_col = SIZE_MAX;
    if ((st = ix_table_unit_columns(t, NULL, &code_col, NULL, d)) != IX_OK)
        goto out;
    long kc = (long)code_col, vc = ix_table_find(t, column), fc = -1;
    long nc = ix_table_find(t, "notes");
    const char *fval = NULL;
    if (vc < 0) {
        st = ix_diag_set(d, IX_ERR_INPUT, src, 1, 0, column, "no column \"%s\" in the header",
                         column);
        goto out;
    }
    if ((st = find_filter(t, filter, &fc, &fval, d)) != IX_OK)
        goto out;
    seen = calloc(10000, sizeof *seen); /* codes are 1..9999 */
    if (!seen) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t r = 0, n = ix_table_nrows(t); r < n && !st; r++)
        if (fc < 0 || strcmp(ix_table_cell(t, r, (size_t)fc), fval) == 0) {
            st = set_row(map, t, r, kc, vc, seen, info, d);
            if (!st && nc >= 0)
                add_notes(info, ix_table_cell(t, r, (size_t)nc));
        }
    if (!st && info->rows_used == 0)
        st = ix_diag_set(d, IX_ERR_INPUT, src, 0, 0, filter ? "filter" : NULL,
                         "no rows with values%s", filter ? " match the filter" : "");
out:
    free(seen);
    ix_table_free(t);
    return st;
}
