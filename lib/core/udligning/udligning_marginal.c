/* What-if tools: the local slope of the scheme, the marginal effect of one
 * more person in a criterion, and a data table with one municipality's
 * cells changed.
 *
 * The scheme is piecewise linear in the needs once the national total is
 * fixed (the averages do not move), so d netto_k / d need_m is a constant
 * matrix between kinks: ix_udl_net_slope gives its entries. One more person
 * in criterion j of k moves every municipality's socio-economic need,
 *   d S_m / d c_jk = s U w_j (delta_mk / C_j - c_jm / C_j^2),
 * which sums to zero over m; the net effect on k is sum_m J_km dS_m. */
#include <stdlib.h>
#include <string.h>

#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/udligning.h"

double ix_udl_net_slope(const ix_udl_params *p, const ix_udl_data *data, const ix_udl_result *r,
                        size_t k, size_t m)
{
    const double same = k == m ? 1 : 0, nk = data->population[k];
    if (!p->old_system) {
        double x = p->p[IX_UDL_NEED_EXTRA].value;
        return same * (p->p[IX_UDL_NEED_RATE].value + (r->above[k] ? x : 0)) -
               (r->above[m] ? x * nk / r->population : 0);
    }
    double s = same * p->p[IX_UDL_LAND_RATE].value, sr = p->p[IX_UDL_SUPP_RATE].value;
    if (r->capital[k])
        s += p->p[IX_UDL_CAPITAL_RATE].value *
             (same - (r->capital[m] ? nk / r->capital_population : 0));
    if (r->above[k])
        s += same * sr;
    if (r->above[m])
        s -= sr * nk / r->population;
    return s;
}

void ix_udl_marginal(const ix_udl_params *p, const ix_socio_model *m, const ix_udl_data *data,
                     const ix_udl_result *r, size_t k, double *dindex, double *dneed, double *dnet)
{
    const size_t nc = m->ncriteria;
    const double su = p->p[IX_UDL_SOCIO_SHARE].value * p->p[IX_UDL_TOTAL].value;
    for (size_t j = 0; j < nc; j++) {
        dindex[j] = dneed[j] = dnet[j] = 0;
        if (!data->socio || !data->socio_r || !data->dexcess)
            continue;
        const double cj = data->socio_r->national[j], w = m->criteria[j].weight;
        const double gate = data->dexcess[k * nc + j], ckj = data->socio->counts[k * nc + j];
        const double own = w * (1 / cj - ckj / (cj * cj)) * gate;
        dindex[j] = m->scale * own * data->socio_r->population / data->socio->population[k];
        dneed[j] = su * own;
        double net = 0;
        for (size_t o = 0; o < data->n; o++) {
            double ds = o == k ? su * own
                               : -su * w * data->socio->counts[o * nc + j] / (cj * cj) * gate;
            net += ix_udl_net_slope(p, data, r, k, o) * ds;
        }
        dnet[j] = net;
    }
}

/* The column a change names: a header, or a criterion id for its count. */
static long change_column(const ix_table *t, const ix_socio_model *m, const char *name)
{
    long col = ix_table_find(t, name);
    for (size_t j = 0; col < 0 && m && j < m->ncriteria; j++)
        if (strcmp(m->criteria[j].id, name) == 0)
            col = ix_table_find(t, m->criteria[j].count);
    return col;
}

static ix_status find_row(const ix_table *t, const ix_socio_model *m, int code, size_t *row,
                          ix_diag *d)
{
    const char *code_name = m && m->code ? m->code : "kommunekode";
    long col = ix_table_find(t, code_name);
    if (col < 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, code_name,
                           "column \"%s\" is not in the header", code_name);
    for (size_t i = 0; i < ix_table_nrows(t); i++) {
        int c = 0;
        const char *why = NULL;
        if (ix_kommune_parse_code(ix_table_cell(t, i, (size_t)col), &c, &why) == 0 && c == code) {
            *row = i;
            return IX_OK;
        }
    }
    return ix_diag_set(d, IX_ERR_NOTFOUND, ix_table_source(t), 0, 0, "municipality_code",
                       "municipality %03d is not in the data", code);
}

/* The new cell text of one change. */
static ix_status change_cell(const ix_table *t, size_t row, long col, const ix_udl_change *c,
                             char *buf, size_t size, ix_diag *d)
{
    double old = 0;
    const char *why = NULL;
    /* buf holds the result of an earlier change of the same cell: build on it */
    ix_status st = buf[0] ? (ix_parse_number(buf, ix_table_decimal(t), &old, &why) ? IX_ERR_INPUT : IX_OK)
                          : ix_table_number(t, row, (size_t)col, &old, d);
    if (st)
        return st;
    double v = c->relative ? old + c->value : c->value;
    if (v < 0)
        return ix_diag_set(d, IX_ERR_USAGE, ix_table_source(t), ix_table_line(t, row), col + 1,
                           c->column, "column_changes %s would make the value negative (%g + %g = %g)",
                           c->column, old, c->relative ? c->value : v - old, v);
    ix_format_exact(v, ix_table_decimal(t), buf, size);
    return IX_OK;
}

static ix_status copy_header(const ix_table *t, ix_table **out, ix_diag *d)
{
    const size_t nc = ix_table_ncols(t);
    const char **head = calloc(nc ? nc : 1, sizeof *head);
    if (!head)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t c = 0; c < nc; c++)
        head[c] = ix_table_header(t, c);
    ix_status st = ix_table_new(head, nc, ix_table_source(t), ix_table_separator(t),
                                ix_table_decimal(t), out, d);
    free((void *)head);
    return st;
}

ix_status ix_udl_table_change(const ix_table *t, const ix_socio_model *m, int code,
                              const ix_udl_change *changes, size_t nchanges, ix_table **out,
                              ix_diag *d)
{
    const size_t nc = ix_table_ncols(t);
    size_t target = 0;
    ix_status st = find_row(t, m, code, &target, d);
    char(*text)[64] = calloc(nc ? nc : 1, sizeof *text);
    const char **cells = calloc(nc ? nc : 1, sizeof *cells);
    ix_table *copy = NULL;
    if (!st && (!text || !cells))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = copy_header(t, &copy, d);
    for (size_t row = 0; !st && row < ix_table_nrows(t); row++) {
        for (size_t c = 0; c < nc; c++)
            cells[c] = ix_table_cell(t, row, c);
        for (size_t i = 0; row == target && !st && i < nchanges; i++) {
            long col = change_column(t, m, changes[i].column);
            if (col < 0)
                st = ix_diag_set(d, IX_ERR_USAGE, ix_table_source(t), 1, 0, changes[i].column,
                                 "column_changes: no column or criterion \"%s\" in the data",
                                 changes[i].column);
            else if (!(st = change_cell(t, row, col, &changes[i], text[col], sizeof text[col], d)))
                cells[col] = text[col];
        }
        if (!st)
            st = ix_table_add_row(copy, cells, ix_table_line(t, row), d);
    }
    free(text);
    free((void *)cells);
    if (st) {
        ix_table_free(copy);
        return st;
    }
    *out = copy;
    return IX_OK;
}
