/* Reading the counts of a socio-economic model from a table: find the
 * model's columns, check every code and number, apply the threshold rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/kommuner.h"
#include "indeks/socio.h"

void ix_socio_data_free(ix_socio_data *data)
{
    if (!data)
        return;
    if (data->names)
        for (size_t k = 0; k < data->nunits; k++)
            free(data->names[k]);
    free(data->names);
    free(data->codes);
    free(data->lines);
    free(data->population);
    free(data->counts);
    free(data->raw);
    free(data->source);
    free(data);
}

ix_status ix_socio_data_new(size_t nunits, size_t ncriteria, ix_socio_data **out, ix_diag *d)
{
    ix_socio_data *data = calloc(1, sizeof *data);
    size_t n = nunits ? nunits : 1, cells = nunits * ncriteria > 0 ? nunits * ncriteria : 1;
    if (data) {
        data->nunits = nunits;
        data->ncriteria = ncriteria;
        data->codes = calloc(n, sizeof *data->codes);
        data->names = calloc(n, sizeof *data->names);
        data->lines = calloc(n, sizeof *data->lines);
        data->population = calloc(n, sizeof *data->population);
        data->counts = calloc(cells, sizeof *data->counts);
        data->raw = calloc(cells, sizeof *data->raw);
    }
    if (!data || !data->codes || !data->names || !data->lines || !data->population ||
        !data->counts || !data->raw) {
        ix_socio_data_free(data);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory for %zu units", nunits);
    }
    for (size_t k = 0; k < nunits; k++)
        data->codes[k] = (int)(k + 1);
    *out = data;
    return IX_OK;
}

long ix_socio_data_find(const ix_socio_data *data, int code)
{
    for (size_t k = 0; k < data->nunits; k++)
        if (data->codes[k] == code)
            return (long)k;
    return -1;
}

/* The columns one criterion reads; -1 where not used. */
typedef struct {
    long count, of, earlier_count, earlier_of;
} criterion_cols;

static ix_status need_column(const ix_table *t, const ix_socio_model *m, const char *name,
                             const char *role, long *col, ix_diag *d)
{
    *col = ix_table_find(t, name);
    if (*col >= 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, name,
                       "column \"%s\" (%s, named by the model %s) is not in the header",
                       name, role, m->file);
}

static ix_status find_columns(const ix_socio_model *m, const ix_table *t, long *code_col,
                              long *pop_col, criterion_cols *cols, ix_diag *d)
{
    ix_status st = need_column(t, m, m->code, "municipality code", code_col, d);
    if (!st)
        st = need_column(t, m, m->population, "population", pop_col, d);
    for (size_t j = 0; !st && j < m->ncriteria; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        char role[160];
        snprintf(role, sizeof role, "count of criterion %s", c->id);
        cols[j].of = cols[j].earlier_count = cols[j].earlier_of = -1;
        st = need_column(t, m, c->count, role, &cols[j].count, d);
        snprintf(role, sizeof role, "base of threshold criterion %s", c->id);
        if (!st && c->has_excess)
            st = need_column(t, m, c->excess_of, role, &cols[j].of, d);
        snprintf(role, sizeof role, "earlier values of criterion %s", c->id);
        if (!st && c->earlier_count)
            st = need_column(t, m, c->earlier_count, role, &cols[j].earlier_count, d);
        if (!st && c->earlier_of)
            st = need_column(t, m, c->earlier_of, role, &cols[j].earlier_of, d);
    }
    return st;
}

/* A count: a finite number >= 0. */
static ix_status read_count(const ix_table *t, size_t row, long col, double *out, ix_diag *d)
{
    ix_status st = ix_table_number(t, row, (size_t)col, out, d);
    if (st)
        return st;
    if (*out < 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                           ix_table_header(t, (size_t)col),
                           "a count cannot be negative, got %s", ix_table_cell(t, row, (size_t)col));
    return IX_OK;
}

static ix_status read_code(const ix_table *t, size_t row, long col, ix_socio_data *data, ix_diag *d)
{
    const char *why = NULL, *text = ix_table_cell(t, row, (size_t)col);
    int code = 0;
    long line = ix_table_line(t, row);
    if (ix_kommune_parse_code(text, &code, &why) != 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), line, col + 1,
                           ix_table_header(t, (size_t)col), "%s, got \"%s\"", why, text);
    const ix_kommune *k = ix_kommune_find(code);
    if (!k)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), line, col + 1,
                           ix_table_header(t, (size_t)col),
                           "unknown municipality code \"%s\": not one of the 98 kommuner "
                           "(see: indeks kommuner)", text);
    for (size_t other = 0; other < row; other++)
        if (data->codes[other] == code)
            return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), line, col + 1,
                               ix_table_header(t, (size_t)col),
                               "municipality %03d (%s) appears twice: lines %ld and %ld", code,
                               k->name, data->lines[other], line);
    data->codes[row] = code;
    data->lines[row] = line;
    data->names[row] = strdup(k->name);
    return data->names[row] ? IX_OK
                            : ix_diag_set(d, IX_ERR_NOMEM, ix_table_source(t), line, 0, NULL, "out of memory");
}

static ix_status read_criterion(const ix_socio_criterion *c, const criterion_cols *cols,
                                const ix_table *t, size_t row, double *raw, double *value,
                                ix_diag *d)
{
    double count = 0, of = 0, earlier = 0, earlier_of = 0;
    ix_status st = read_count(t, row, cols->count, &count, d);
    if (!st && cols->of >= 0)
        st = read_count(t, row, cols->of, &of, d);
    if (!st && cols->earlier_count >= 0)
        st = read_count(t, row, cols->earlier_count, &earlier, d);
    if (!st && cols->earlier_of >= 0)
        st = read_count(t, row, cols->earlier_of, &earlier_of, d);
    if (st)
        return st;
    *raw = count;
    *value = c->has_excess ? ix_socio_excess(count, of, c->excess_share, cols->earlier_count >= 0,
                                             earlier, earlier_of)
                           : count;
    return IX_OK;
}

static ix_status read_row(const ix_socio_model *m, const ix_table *t, size_t row, long code_col,
                          long pop_col, const criterion_cols *cols, ix_socio_data *data, ix_diag *d)
{
    ix_status st = read_code(t, row, code_col, data, d);
    if (!st)
        st = read_count(t, row, pop_col, &data->population[row], d);
    if (!st && !(data->population[row] > 0))
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), pop_col + 1,
                           m->population, "population must be positive, got %s",
                           ix_table_cell(t, row, (size_t)pop_col));
    const size_t nc = m->ncriteria;
    for (size_t j = 0; !st && j < nc; j++)
        st = read_criterion(&m->criteria[j], &cols[j], t, row, &data->raw[row * nc + j],
                            &data->counts[row * nc + j], d);
    return st;
}

ix_status ix_socio_data_from_table(const ix_socio_model *m, const ix_table *t,
                                   ix_socio_data **out, ix_diag *d)
{
    const size_t n = ix_table_nrows(t);
    long code_col = -1, pop_col = -1;
    ix_socio_data *data = NULL;
    criterion_cols *cols = calloc(m->ncriteria, sizeof *cols);
    if (!cols)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = find_columns(m, t, &code_col, &pop_col, cols, d);
    if (!st && n == 0)
        st = ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, NULL,
                         "the file has a header but no municipalities");
    if (!st)
        st = ix_socio_data_new(n, m->ncriteria, &data, d);
    if (!st && !(data->source = strdup(ix_table_source(t) ? ix_table_source(t) : "<data>")))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t row = 0; !st && row < n; row++)
        st = read_row(m, t, row, code_col, pop_col, cols, data, d);
    free(cols);
    if (st) {
        ix_socio_data_free(data);
        return st;
    }
    *out = data;
    return IX_OK;
}
