/* Reading the counts of a socio-economic model from a table: find the
 * model's columns, check every code and number, apply the threshold rule. */
#include <math.h>
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
    free(data->inputs);
    free(data->gap_max);
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

/* The columns one criterion reads, in the order of its inputs. */
typedef struct {
    long col[IX_SOCIO_MAX_INPUTS];
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

/* What input i of criterion c is, for messages. */
static const char *input_role(const ix_socio_criterion *c, size_t i)
{
    switch (c->kind) {
    case IX_SOCIO_THRESHOLD:
        return i == 0 ? "count" : i == 1 ? "base of the threshold" : i == 2 ? "count three years earlier"
                                                                            : "base three years earlier";
    case IX_SOCIO_MEAN: return i == 0 ? "count of the latest year" : "count of an earlier year";
    case IX_SOCIO_PRODUCT:
    case IX_SOCIO_GAP_TO_MAX: return i == 0 ? "measure" : "population it is multiplied by";
    case IX_SOCIO_COUNT:
    default: return "count";
    }
}

static int is_measure(const ix_socio_criterion *c, size_t i)
{
    return i == 0 && (c->kind == IX_SOCIO_PRODUCT || c->kind == IX_SOCIO_GAP_TO_MAX);
}

static ix_status find_columns(const ix_socio_model *m, const ix_table *t, long *code_col,
                              long *pop_col, criterion_cols *cols, ix_diag *d)
{
    ix_status st = IX_OK;
    /* The model's code column, or (for the default name) any header an
     * Excel user or another command writes for it: Kommunekode, uCode ... */
    size_t unit_col = 0;
    if ((*code_col = ix_table_find(t, m->code)) >= 0)
        st = IX_OK;
    else if (strcmp(m->code, "kommunekode") == 0) {
        st = ix_table_unit_columns(t, NULL, &unit_col, NULL, d);
        *code_col = (long)unit_col;
    } else
        st = need_column(t, m, m->code, "municipality code", code_col, d);
    if (!st)
        st = need_column(t, m, m->population, "population", pop_col, d);
    for (size_t j = 0; !st && j < m->ncriteria; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        for (size_t i = 0; !st && i < c->ninputs; i++) {
            char role[200];
            if (c->nr)
                snprintf(role, sizeof role, "%s of criterion nr %d, %s", input_role(c, i), c->nr,
                         c->id);
            else
                snprintf(role, sizeof role, "%s of criterion %s", input_role(c, i), c->id);
            st = need_column(t, m, c->inputs[i], role, &cols[j].col[i], d);
        }
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

/* A measure (distance, rate, life expectancy): within the model's range. */
static ix_status read_measure(const ix_socio_criterion *c, const ix_table *t, size_t row, long col,
                              double *out, ix_diag *d)
{
    ix_status st = ix_table_number(t, row, (size_t)col, out, d);
    if (st)
        return st;
    if (*out < c->measure_min || *out > c->measure_max) {
        char range[96];
        if (isinf(c->measure_max))
            snprintf(range, sizeof range, "at least %g", c->measure_min);
        else
            snprintf(range, sizeof range, "from %g to %g", c->measure_min, c->measure_max);
        char who[160];
        if (c->nr)
            snprintf(who, sizeof who, "criterion nr %d (%s)", c->nr, c->id);
        else
            snprintf(who, sizeof who, "criterion %s", c->id);
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                           ix_table_header(t, (size_t)col),
                           "%s: the %s must be %s%s%s, got %s", who,
                           c->measure_unit ? "value" : "measure", range,
                           c->measure_unit ? " " : "", c->measure_unit ? c->measure_unit : "",
                           ix_table_cell(t, row, (size_t)col));
    }
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
                                const ix_table *t, size_t row, double *in, ix_diag *d)
{
    ix_status st = IX_OK;
    for (size_t i = 0; !st && i < c->ninputs; i++)
        st = is_measure(c, i) ? read_measure(c, t, row, cols->col[i], &in[i], d)
                              : read_count(t, row, cols->col[i], &in[i], d);
    return st;
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
        st = read_criterion(&m->criteria[j], &cols[j], t, row,
                            &data->inputs[(row * nc + j) * IX_SOCIO_MAX_INPUTS], d);
    return st;
}

/* After every row is read: the highest measure of each gap criterion, then
 * every value. */
static void derive_all(const ix_socio_model *m, ix_socio_data *data)
{
    const size_t nc = m->ncriteria;
    for (size_t j = 0; j < nc; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        double hi = 0;
        for (size_t k = 0; c->kind == IX_SOCIO_GAP_TO_MAX && k < data->nunits; k++) {
            double v = data->inputs[(k * nc + j) * IX_SOCIO_MAX_INPUTS];
            if (k == 0 || v > hi)
                hi = v;
        }
        data->gap_max[j] = hi;
        for (size_t k = 0; k < data->nunits; k++) {
            const double *in = &data->inputs[(k * nc + j) * IX_SOCIO_MAX_INPUTS];
            data->counts[k * nc + j] = ix_socio_derive(c, in, hi);
            data->raw[k * nc + j] = c->kind == IX_SOCIO_PRODUCT || c->kind == IX_SOCIO_GAP_TO_MAX
                                        ? in[1] : in[0];
        }
    }
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
    if (!st) {
        size_t cells = n * m->ncriteria * IX_SOCIO_MAX_INPUTS;
        data->inputs = calloc(cells ? cells : 1, sizeof *data->inputs);
        data->gap_max = calloc(m->ncriteria ? m->ncriteria : 1, sizeof *data->gap_max);
        if (!data->inputs || !data->gap_max)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (!st && !(data->source = strdup(ix_table_source(t) ? ix_table_source(t) : "<data>")))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t row = 0; !st && row < n; row++)
        st = read_row(m, t, row, code_col, pop_col, cols, data, d);
    if (!st)
        derive_all(m, data);
    free(cols);
    if (st) {
        ix_socio_data_free(data);
        return st;
    }
    *out = data;
    return IX_OK;
}
