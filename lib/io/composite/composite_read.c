/* Building a composite model from COINr's two tables, IDATA and IMETA, as
 * the CSV reader returns them.
 *
 * IMETA first (it says what every IDATA column is), then IDATA. Cells are
 * converted here, where file, line and column are known, so a bad Weight or
 * Direction is reported at its cell; the tree itself is checked by
 * ix_comp_model_new. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indeks/composite.h"
#include "indeks/table.h"
#include "indeks/util.h"

typedef struct {
    long code, name, level, parent, weight, direction, type, target, denom, rec, unit;
    long gp_lower, gp_upper, gp_scale, gp_trunc, cap_max;
} meta_cols;

static ix_status need_col(const ix_table *t, const char *name, long *col, ix_diag *d)
{
    *col = ix_table_find(t, name);
    if (*col < 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, name,
                           "IMETA lacks the column \"%s\" (COINr's iMeta needs iCode, Level, "
                           "Parent, Weight, Direction and Type)",
                           name);
    return IX_OK;
}

static ix_status find_meta_cols(const ix_table *t, meta_cols *c, ix_diag *d)
{
    ix_status st;
    if ((st = need_col(t, "iCode", &c->code, d)) || (st = need_col(t, "Type", &c->type, d)) ||
        (st = need_col(t, "Level", &c->level, d)) || (st = need_col(t, "Parent", &c->parent, d)) ||
        (st = need_col(t, "Weight", &c->weight, d)) ||
        (st = need_col(t, "Direction", &c->direction, d)))
        return st;
    c->name = ix_table_find(t, "iName");
    c->target = ix_table_find(t, "Target");
    c->denom = ix_table_find(t, "Denominator");
    c->rec = ix_table_find(t, "Recommendation");
    c->unit = ix_table_find(t, "Unit");
    c->gp_lower = ix_table_find(t, "goalpost_lower");
    c->gp_upper = ix_table_find(t, "goalpost_upper");
    c->gp_scale = ix_table_find(t, "goalpost_scale");
    c->gp_trunc = ix_table_find(t, "goalpost_trunc2posts");
    c->cap_max = ix_table_find(t, "dist2targ_cap_max");
    return IX_OK;
}

static const char *cell_or(const ix_table *t, size_t r, long col, const char *dflt)
{
    return col < 0 ? dflt : ix_table_cell(t, r, (size_t)col);
}

/* A number cell that may be missing (NaN); a present non-number is an error. */
static ix_status opt_number(const ix_table *t, size_t r, long col, double *out, ix_diag *d)
{
    *out = NAN;
    if (col < 0 || ix_table_cell_missing(t, r, (size_t)col))
        return IX_OK;
    return ix_table_number(t, r, (size_t)col, out, d);
}

static int truthy(const char *s, int dflt)
{
    if (!s || !s[0])
        return dflt;
    return strcasecmp(s, "TRUE") == 0 || strcmp(s, "1") == 0 || strcasecmp(s, "T") == 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static ix_status cell_error(const ix_table *t, size_t r, long col, ix_diag *d, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, r), col + 1,
                       ix_table_header(t, (size_t)col), "%s", msg);
}

static ix_status parse_type(const ix_table *t, size_t r, long col, ix_comp_type *type, ix_diag *d)
{
    static const char *names[] = {"Indicator", "Aggregate", "Group", "Denominator", "Other"};
    const char *v = ix_table_cell(t, r, (size_t)col);
    for (int k = 0; k < 5; k++)
        if (strcasecmp(v, names[k]) == 0) {
            *type = (ix_comp_type)(k + 1);
            return IX_OK;
        }
    return cell_error(t, r, col, d,
                      "Type \"%s\" is not Indicator, Aggregate, Group, Denominator or Other", v);
}

static ix_status parse_tree_fields(const ix_table *t, size_t r, const meta_cols *c,
                                   ix_comp_meta_row *row, ix_diag *d)
{
    ix_status st;
    double lev, dir;
    if (ix_table_cell_missing(t, r, (size_t)c->level))
        return cell_error(t, r, c->level, d, "Level is missing for \"%s\"", row->code);
    if ((st = ix_table_number(t, r, (size_t)c->level, &lev, d)))
        return st;
    if (lev != floor(lev) || lev < 1 || lev > 100)
        return cell_error(t, r, c->level, d, "Level of \"%s\" must be a whole number from 1",
                          row->code);
    row->level = (int)lev;
    if (row->parent && row->parent[0] && ix_table_cell_missing(t, r, (size_t)c->weight))
        return cell_error(t, r, c->weight, d, "Weight is missing for \"%s\"", row->code);
    if ((st = opt_number(t, r, c->weight, &row->weight, d)))
        return st;
    if (row->weight < 0)
        return cell_error(t, r, c->weight, d, "Weight of \"%s\" is negative; weights must be >= 0",
                          row->code);
    if (row->type == IX_COMP_INDICATOR || !ix_table_cell_missing(t, r, (size_t)c->direction)) {
        if (ix_table_cell_missing(t, r, (size_t)c->direction))
            return cell_error(t, r, c->direction, d, "Direction is missing for \"%s\"", row->code);
        if ((st = ix_table_number(t, r, (size_t)c->direction, &dir, d)))
            return st;
        if (dir != 1 && dir != -1)
            return cell_error(t, r, c->direction, d, "Direction of \"%s\" must be 1 or -1",
                              row->code);
        row->direction = (int)dir;
    }
    return IX_OK;
}

static ix_status parse_meta_row(const ix_table *t, size_t r, const meta_cols *c,
                                ix_comp_meta_row *row, ix_diag *d)
{
    ix_status st;
    memset(row, 0, sizeof *row);
    row->line = ix_table_line(t, r);
    row->code = ix_table_cell(t, r, (size_t)c->code);
    row->name = cell_or(t, r, c->name, row->code);
    row->parent = ix_table_cell_missing(t, r, (size_t)c->parent) ? "" : ix_table_cell(t, r, (size_t)c->parent);
    row->denominator = c->denom >= 0 && !ix_table_cell_missing(t, r, (size_t)c->denom)
                           ? ix_table_cell(t, r, (size_t)c->denom) : "";
    row->recommendation = cell_or(t, r, c->rec, "");
    row->unit = cell_or(t, r, c->unit, "");
    row->gp_trunc = truthy(cell_or(t, r, c->gp_trunc, ""), 1);
    row->cap_max = truthy(cell_or(t, r, c->cap_max, ""), 0);
    if ((st = parse_type(t, r, c->type, &row->type, d)))
        return st;
    if ((st = opt_number(t, r, c->target, &row->target, d)) ||
        (st = opt_number(t, r, c->gp_lower, &row->gp_lower, d)) ||
        (st = opt_number(t, r, c->gp_upper, &row->gp_upper, d)) ||
        (st = opt_number(t, r, c->gp_scale, &row->gp_scale, d)))
        return st;
    row->weight = NAN;
    if (row->type != IX_COMP_INDICATOR && row->type != IX_COMP_AGGREGATE)
        return IX_OK;
    return parse_tree_fields(t, r, c, row, d);
}

/* IMETA's codes and IDATA's headers, each looked up once per column: an
 * index, not a scan (20,000 indicators took 13 s). */
typedef struct {
    ix_name_index codes;   /* IMETA row of an iCode */
    ix_name_index headers; /* IDATA column of a header */
    size_t code_col, name_col; /* uCode and uName, however written (SIZE_MAX: none) */
} lookup;

/* uCode and uName (ix_table_unit_columns: Kommunekode, Kommune ...), and Time. */
static int is_unit_column(const lookup *lk, const ix_table *data, size_t c)
{
    return c == lk->code_col || c == lk->name_col || strcmp(ix_table_header(data, c), "Time") == 0;
}

static int lookup_build(lookup *lk, const ix_comp_meta_row *rows, size_t n, const ix_table *data)
{
    size_t nc = ix_table_ncols(data), most = n > nc ? n : nc;
    const char **names = malloc((most ? most : 1) * sizeof *names);
    if (!names)
        return -1;
    for (size_t i = 0; i < n; i++)
        names[i] = rows[i].code;
    int failed = ix_name_index_build(&lk->codes, names, n);
    for (size_t c = 0; c < nc; c++)
        names[c] = ix_table_header(data, c);
    failed |= ix_name_index_build(&lk->headers, names, nc);
    free(names);
    ix_diag ignored; /* read_units reports a missing code column */
    ix_diag_clear(&ignored);
    lk->name_col = SIZE_MAX;
    if (ix_table_unit_columns(data, NULL, &lk->code_col, &lk->name_col, &ignored) != IX_OK)
        lk->code_col = SIZE_MAX;
    return failed;
}

static long meta_row_of(const lookup *lk, const char *code)
{
    return ix_name_index_find(&lk->codes, code);
}

/* As ix_table_find (which trims the name asked for), through the index. */
static long column_of(const lookup *lk, const ix_table *data, const char *name)
{
    size_t len = strlen(name);
    if (len && (isspace((unsigned char)name[0]) || isspace((unsigned char)name[len - 1])))
        return ix_table_find(data, name);
    return ix_name_index_find(&lk->headers, name);
}

/* Each IDATA column must be described by IMETA, and vice versa. */
static ix_status match_columns(const ix_table *data, const ix_comp_meta_row *rows, size_t n,
                               const lookup *lk, const meta_cols *mc, const char *meta_src,
                               ix_diag *d)
{
    for (size_t c = 0; c < ix_table_ncols(data); c++) {
        const char *h = ix_table_header(data, c);
        if (is_unit_column(lk, data, c))
            continue;
        long r = meta_row_of(lk, h);
        if (r < 0)
            return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(data), 1, (long)c + 1, h,
                               "column \"%s\" is not described in IMETA (%s); COINr requires "
                               "every IDATA column to have an iMeta row (Type Indicator, Group, "
                               "Denominator or Other)",
                               h, meta_src);
        if (rows[r].type == IX_COMP_AGGREGATE)
            return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(data), 1, (long)c + 1, h,
                               "\"%s\" is an Aggregate in IMETA; aggregates are computed, not read",
                               h);
    }
    for (size_t i = 0; i < n; i++) {
        if (rows[i].type == IX_COMP_AGGREGATE || rows[i].type == IX_COMP_OTHER)
            continue;
        if (column_of(lk, data, rows[i].code) < 0)
            return ix_diag_set(d, IX_ERR_INPUT, meta_src, rows[i].line, mc->code + 1, "iCode",
                               "\"%s\" is in IMETA but has no column in IDATA (%s)", rows[i].code,
                               ix_table_source(data));
    }
    return IX_OK;
}

static ix_status read_units(ix_comp_model *m, const ix_table *data, ix_diag *d)
{
    ix_status st = IX_OK;
    size_t n = ix_table_nrows(data);
    size_t code_col = 0, name_col = SIZE_MAX;
    st = ix_table_unit_columns(data, NULL, &code_col, &name_col, d);
    if (st)
        return st;
    long cc = (long)code_col, nc = name_col == SIZE_MAX ? -1 : (long)name_col;
    const char **codes = calloc(n ? n : 1, sizeof *codes);
    const char **names = calloc(n ? n : 1, sizeof *names);
    long *lines = calloc(n ? n : 1, sizeof *lines);
    if (!codes || !names || !lines) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t r = 0; r < n; r++) {
        codes[r] = ix_table_cell(data, r, (size_t)cc);
        names[r] = nc >= 0 ? ix_table_cell(data, r, (size_t)nc) : codes[r];
        lines[r] = ix_table_line(data, r);
    }
    st = ix_comp_model_set_units(m, n, codes, names, lines, cc + 1, ix_table_source(data), d);
out:
    free(codes);
    free(names);
    free(lines);
    return st;
}

static ix_status read_columns(ix_comp_model *m, const ix_table *data, const ix_comp_meta_row *rows,
                              const lookup *lk, ix_diag *d)
{
    ix_status st = IX_OK;
    size_t n = ix_table_nrows(data);
    double *v = malloc((n ? n : 1) * sizeof *v);
    const char **labels = calloc(n ? n : 1, sizeof *labels);
    if (!v || !labels) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t c = 0; c < ix_table_ncols(data) && !st; c++) {
        const char *h = ix_table_header(data, c);
        long r = is_unit_column(lk, data, c) ? -1 : meta_row_of(lk, h);
        if (r < 0)
            continue;
        if (rows[r].type == IX_COMP_GROUP) {
            for (size_t u = 0; u < n; u++)
                labels[u] = ix_table_cell_missing(data, u, c) ? "" : ix_table_cell(data, u, c);
            st = ix_comp_model_set_groups(m, h, labels, d);
            continue;
        }
        if (rows[r].type != IX_COMP_INDICATOR && rows[r].type != IX_COMP_DENOMINATOR)
            continue;
        for (size_t u = 0; u < n && !st; u++) {
            v[u] = NAN;
            if (!ix_table_cell_missing(data, u, c))
                st = ix_table_number(data, u, c, &v[u], d);
        }
        if (!st)
            st = ix_comp_model_set_values(m, h, v, (long)c + 1, d);
    }
out:
    free(v);
    free(labels);
    return st;
}

ix_status ix_comp_model_from_tables(const ix_table *idata, const ix_table *imeta,
                                    ix_comp_model **out, ix_diag *d)
{
    ix_status st = IX_OK;
    ix_comp_model *m = NULL;
    meta_cols mc;
    lookup lk = {{0, NULL}, {0, NULL}, SIZE_MAX, SIZE_MAX};
    size_t nrows = ix_table_nrows(imeta);
    *out = NULL;
    ix_comp_meta_row *rows = calloc(nrows ? nrows : 1, sizeof *rows);
    if (!rows)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if ((st = find_meta_cols(imeta, &mc, d)))
        goto out;
    for (size_t r = 0; r < nrows; r++)
        if ((st = parse_meta_row(imeta, r, &mc, &rows[r], d)))
            goto out;
    ix_comp_meta_cols cols = {mc.code + 1, mc.level + 1, mc.parent + 1, mc.weight + 1,
                              mc.direction + 1, mc.type + 1, mc.target + 1, mc.denom + 1};
    if ((st = ix_comp_model_new(rows, nrows, ix_table_source(imeta), &cols, &m, d)))
        goto out;
    if (lookup_build(&lk, rows, nrows, idata)) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    /* the units first: without a code column, say which names it accepts */
    if ((st = read_units(m, idata, d)) ||
        (st = match_columns(idata, rows, nrows, &lk, &mc, ix_table_source(imeta), d)) ||
        (st = read_columns(m, idata, rows, &lk, d)) ||
        (st = ix_comp_model_finish(m, d)))
        goto out;
    *out = m;
    m = NULL;
out:
    ix_name_index_free(&lk.codes);
    ix_name_index_free(&lk.headers);
    ix_comp_model_free(m);
    free(rows);
    return st;
}
