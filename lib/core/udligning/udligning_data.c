/* Reading the inputs of the equalisation from a table: the model's criteria
 * through the index engine, then the columns the parameters name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/udligning.h"

static ix_status column(const ix_table *t, const char *name, const char *role, long *col,
                        ix_diag *d)
{
    *col = ix_table_find(t, name);
    if (*col >= 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, name,
                       "column \"%s\" (%s) is not in the header", name, role);
}

/* A cell that must be a finite number >= 0. */
static ix_status cell(const ix_table *t, size_t row, long col, double *out, ix_diag *d)
{
    const char *head = ix_table_header(t, (size_t)col);
    if (ix_table_cell_missing(t, row, (size_t)col))
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                           head, "a value is required, got \"%s\"",
                           ix_table_cell(t, row, (size_t)col));
    ix_status st = ix_table_number(t, row, (size_t)col, out, d);
    if (!st && *out < 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                           head, "cannot be negative, got %s", ix_table_cell(t, row, (size_t)col));
    return st;
}

/* Reads column name into out[k * stride] for every row (socio's row order). */
static ix_status read_column(const ix_table *t, const char *name, const char *role, double *out,
                             size_t stride, ix_diag *d)
{
    long col = -1;
    ix_status st = column(t, name, role, &col, d);
    for (size_t row = 0; !st && row < ix_table_nrows(t); row++)
        st = cell(t, row, col, &out[row * stride], d);
    return st;
}

/* § 13: each municipality's udskrivningsprocent, in per cent (0-100). */
static ix_status read_tax_pct(const ix_table *t, const char *name, ix_udl_data *data, ix_diag *d)
{
    long col = -1;
    ix_status st = column(t, name, "each municipality's udskrivningsprocent, for the § 13 cap",
                          &col, d);
    if (!st && !(data->tax_pct = calloc(data->n ? data->n : 1, sizeof *data->tax_pct)))
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t row = 0; !st && row < ix_table_nrows(t); row++) {
        st = cell(t, row, col, &data->tax_pct[row], d);
        if (!st && data->tax_pct[row] > 100)
            return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                               name, "a tax rate in per cent must be from 0 to 100, got %s",
                               ix_table_cell(t, row, (size_t)col));
        data->tax_pct[row] /= 100.0;
    }
    return st;
}

static size_t count_extra(const ix_udl_params *p)
{
    size_t n = 0;
    for (size_t i = 0; p->has_grant && i < p->nfigures; i++)
        n += p->figures[i].column != NULL;
    return n;
}

static ix_status read_inputs(const ix_udl_params *p, const ix_table *t, ix_udl_data *data,
                             ix_diag *d)
{
    ix_status st = read_column(t, "beskatningsgrundlag", "the tax base in kroner", data->tax_base,
                               1, d);
    for (size_t a = 0; !st && a < p->nages; a++) {
        char role[200];
        snprintf(role, sizeof role, "age group \"%s\" named by %s", p->ages[a].name, p->file);
        st = read_column(t, p->ages[a].column, role, &data->ages[a], p->nages, d);
    }
    if (!st && p->decline_column)
        st = read_column(t, p->decline_column, "the population-decline criterion", data->decline,
                         1, d);
    if (!st && p->tax_pct_column && !p->old_system)
        st = read_tax_pct(t, p->tax_pct_column, data, d);
    if (!st && p->income_tax_column && p->land_tax_column) {
        data->income_tax = calloc(data->n ? data->n : 1, sizeof *data->income_tax);
        data->land_tax = calloc(data->n ? data->n : 1, sizeof *data->land_tax);
        if (!data->income_tax || !data->land_tax)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        st = read_column(t, p->income_tax_column, "income-tax revenue (kroner), § 2 stk. 6",
                         data->income_tax, 1, d);
        if (!st)
            st = read_column(t, p->land_tax_column, "land-tax revenue (kroner), § 2 stk. 6",
                             data->land_tax, 1, d);
    }
    for (size_t i = 0, e = 0; !st && p->has_grant && i < p->nfigures; i++)
        if (p->figures[i].column)
            st = read_column(t, p->figures[i].column, "a § 16 key figure", &data->extra[e++],
                             data->nextra, d);
    return st;
}

/* Plausible bounds: a Danish municipality has fewer than 10 million
 * inhabitants (the whole country has 6 million), a tax base of at most 100
 * million kroner per inhabitant (the richest is near 0.5 million), and no age
 * group larger than its population. Beyond them a value is a typo or a unit
 * mistake, and the equalisation would be silently wrong. */
#define UDL_MAX_POPULATION 1e7
#define UDL_MAX_TAX_BASE_PER_INHABITANT 1e8

static ix_status bound_error(const ix_table *t, size_t row, const char *name, const char *why,
                             double bound, ix_diag *d)
{
    long col = ix_table_find(t, name);
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row),
                       col >= 0 ? col + 1 : 0, name, "%s (got %s; the bound is %.0f)", why,
                       col >= 0 ? ix_table_cell(t, row, (size_t)col) : "?", bound);
}

static ix_status check_bounds(const ix_udl_params *p, const ix_table *t, const ix_udl_data *data,
                              ix_diag *d)
{
    for (size_t k = 0; k < data->n; k++) {
        double pop = data->population[k];
        if (pop > UDL_MAX_POPULATION)
            return bound_error(t, k, "folketal",
                               "a population above 10 million is not plausible for a "
                               "municipality",
                               UDL_MAX_POPULATION, d);
        if (pop > 0 && data->tax_base[k] / pop > UDL_MAX_TAX_BASE_PER_INHABITANT)
            return bound_error(t, k, "beskatningsgrundlag",
                               "a tax base above 100 million kroner per inhabitant (folketal) is "
                               "not plausible",
                               UDL_MAX_TAX_BASE_PER_INHABITANT, d);
        for (size_t a = 0; a < p->nages; a++)
            if (data->ages[k * p->nages + a] > pop)
                return bound_error(t, k, p->ages[a].column,
                                   "an age group cannot count more people than the population "
                                   "(folketal)",
                                   pop, d);
    }
    return IX_OK;
}

/* d value / d primary input of each criterion (ix_socio_derive_slope): 1
 * for a count, 0 or 1 for a threshold, 1/n for a mean, the measure for a
 * product or gap. */
static ix_status excess_gates(const ix_socio_model *m, ix_udl_data *data, ix_diag *d)
{
    const size_t nc = m->ncriteria;
    data->dexcess = calloc(data->n * nc > 0 ? data->n * nc : 1, sizeof *data->dexcess);
    if (!data->dexcess)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t j = 0; j < nc; j++)
        for (size_t k = 0; k < data->n; k++)
            data->dexcess[k * nc + j] =
                ix_socio_derive_slope(&m->criteria[j],
                                      &data->socio->inputs[(k * nc + j) * IX_SOCIO_MAX_INPUTS],
                                      data->socio->gap_max[j]);
    return IX_OK;
}

/* The engine's index, and share_k = index_k (N_k / N) / scale. */
static void shares(const ix_socio_model *m, ix_udl_data *data)
{
    const ix_socio_result *r = data->socio_r;
    for (size_t k = 0; k < data->n; k++) {
        data->index[k] = r->index[k];
        data->share[k] = r->index[k] * (data->socio->population[k] / r->population) / m->scale;
        data->population[k] = data->socio->population[k];
        data->codes[k] = data->socio->codes[k];
        data->names[k] = data->socio->names[k];
    }
}

static ix_status use_folketal(ix_socio_model *m, ix_diag *d)
{
    if (m->population && strcmp(m->population, "folketal") == 0)
        return IX_OK;
    char *name = strdup("folketal");
    if (!name)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    free(m->population);
    m->population = name;
    return IX_OK;
}

ix_status ix_udl_data_from_table(const ix_udl_params *p, ix_socio_model *m, const ix_table *t,
                                 ix_udl_data **out, ix_diag *d)
{
    ix_socio_data *socio = NULL;
    ix_udl_data *data = NULL;
    ix_status st = use_folketal(m, d);
    if (!st)
        st = ix_socio_data_from_table(m, t, &socio, d);
    if (!st)
        st = ix_udl_data_new(socio->nunits, p->nages, p->decline_column != NULL, count_extra(p),
                             &data, d);
    if (st) {
        ix_socio_data_free(socio);
        return st;
    }
    data->socio = socio;
    if (!(data->source = strdup(socio->source)))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = ix_socio_compute(m, socio, &data->socio_r, d);
    if (!st) {
        shares(m, data);
        st = read_inputs(p, t, data, d);
    }
    if (!st)
        st = check_bounds(p, t, data, d);
    if (!st)
        st = excess_gates(m, data, d);
    if (st) {
        ix_udl_data_free(data);
        return st;
    }
    *out = data;
    return IX_OK;
}
