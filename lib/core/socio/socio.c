/* The socio-economic index (udligningsloven § 5 stk. 2): the model's weight
 * rules and the formula itself. Reading counts from a table is in
 * socio_data.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/rank.h"
#include "indeks/socio.h"

void ix_socio_model_free(ix_socio_model *m)
{
    if (!m)
        return;
    for (size_t j = 0; j < m->ncriteria; j++) {
        ix_socio_criterion *c = &m->criteria[j];
        free(c->id);
        free(c->name);
        free(c->note);
        free(c->measure_unit);
        for (size_t i = 0; i < c->ninputs; i++)
            free(c->inputs[i]);
    }
    free(m->criteria);
    free(m->file);
    free(m->name);
    free(m->source);
    free(m->status);
    free(m->note);
    free(m->population);
    free(m->code);
    free(m);
}

ix_status ix_socio_model_check_weights(ix_socio_model *m, int normalise, ix_diag *d)
{
    ix_status law = ix_socio_model_check_law(m, d);
    if (law)
        return law;
    double sum = 0;
    for (size_t j = 0; j < m->ncriteria; j++) {
        const ix_socio_criterion *c = &m->criteria[j];
        if (!isfinite(c->weight) || c->weight < 0)
            return ix_diag_set(d, IX_ERR_MODEL, m->file, c->line, 0, c->id,
                               "weight %g must be a number >= 0", c->weight);
        sum += c->weight;
    }
    m->weight_sum = sum;
    if (fabs(sum - 1.0) <= 1e-9)
        return IX_OK;
    if (!(sum > 0) || !isfinite(sum))
        return ix_diag_set(d, IX_ERR_MODEL, m->file, m->criteria_line, 0, "criteria",
                           "the weights sum to %g; they must add up to a positive, finite number",
                           sum);
    if (!normalise)
        return ix_diag_set(d, IX_ERR_MODEL, m->file, m->criteria_line, 0, "criteria",
                           "the weights sum to %.10g, not 1%s; pass normalise_weights to "
                           "rescale them to sum to 1 (outputs will say so)",
                           sum, m->status && strcmp(m->status, "incomplete") == 0
                                    ? " (the model is marked incomplete)" : "");
    for (size_t j = 0; j < m->ncriteria; j++)
        m->criteria[j].weight /= sum;
    m->renormalised = 1;
    return IX_OK;
}

int ix_socio_model_is_partial(const ix_socio_model *m)
{
    return m->renormalised || (m->status && strcmp(m->status, "incomplete") == 0);
}

double ix_socio_excess(double count, double of, double share, int has_earlier,
                       double earlier_count, double earlier_of)
{
    double now = count - share * of;
    double best = now;
    if (has_earlier) {
        double before = earlier_count - share * earlier_of;
        if (before > best)
            best = before;
    }
    return best > 0 ? best : 0;
}

const char *ix_socio_kind_name(ix_socio_kind kind)
{
    switch (kind) {
    case IX_SOCIO_COUNT: return "count";
    case IX_SOCIO_THRESHOLD: return "threshold";
    case IX_SOCIO_MEAN: return "mean";
    case IX_SOCIO_PRODUCT: return "product";
    case IX_SOCIO_GAP_TO_MAX: return "gap_to_max";
    }
    return "?";
}

double ix_socio_derive(const ix_socio_criterion *c, const double *in, double gap_max)
{
    switch (c->kind) {
    case IX_SOCIO_THRESHOLD:
        return ix_socio_excess(in[0], in[1], c->excess_share, c->ninputs == 4,
                               c->ninputs == 4 ? in[2] : 0, c->ninputs == 4 ? in[3] : 0);
    case IX_SOCIO_MEAN: {
        double sum = 0;
        for (size_t i = 0; i < c->ninputs; i++)
            sum += in[i];
        return c->ninputs ? sum / (double)c->ninputs : 0;
    }
    case IX_SOCIO_PRODUCT:
        return c->factor * in[0] * in[1];
    case IX_SOCIO_GAP_TO_MAX:
        return c->factor * (gap_max - in[0]) * in[1];
    case IX_SOCIO_COUNT:
    default:
        return in[0];
    }
}

double ix_socio_derive_slope(const ix_socio_criterion *c, const double *in, double gap_max)
{
    switch (c->kind) {
    case IX_SOCIO_THRESHOLD: {
        double now = in[0] - c->excess_share * in[1];
        return now > 0 && now >= ix_socio_derive(c, in, gap_max) ? 1 : 0;
    }
    case IX_SOCIO_MEAN: return c->ninputs ? 1.0 / (double)c->ninputs : 0;
    case IX_SOCIO_PRODUCT: return c->factor * in[0];
    case IX_SOCIO_GAP_TO_MAX: return c->factor * (gap_max - in[0]);
    case IX_SOCIO_COUNT:
    default: return 1;
    }
}

void ix_socio_result_free(ix_socio_result *r)
{
    if (!r)
        return;
    free(r->index);
    free(r->contrib);
    free(r->rank);
    free(r->order);
    free(r->national);
    free(r);
}

static ix_socio_result *result_new(size_t n, size_t nc)
{
    ix_socio_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->nunits = n;
    r->ncriteria = nc;
    r->index = calloc(n ? n : 1, sizeof *r->index);
    r->contrib = calloc(n * nc > 0 ? n * nc : 1, sizeof *r->contrib);
    r->rank = calloc(n ? n : 1, sizeof *r->rank);
    r->order = calloc(n ? n : 1, sizeof *r->order);
    r->national = calloc(nc ? nc : 1, sizeof *r->national);
    if (!r->index || !r->contrib || !r->rank || !r->order || !r->national) {
        ix_socio_result_free(r);
        return NULL;
    }
    return r;
}

/* C_j and N; each must be positive or the shares are undefined. */
static ix_status national_totals(const ix_socio_model *m, const ix_socio_data *data,
                                 ix_socio_result *r, ix_diag *d)
{
    const size_t nc = data->ncriteria;
    r->population = 0;
    for (size_t k = 0; k < data->nunits; k++) {
        r->population += data->population[k];
        for (size_t j = 0; j < nc; j++)
            r->national[j] += data->counts[k * nc + j];
    }
    if (!(r->population > 0))
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, m->population,
                           "the total population is 0: no index can be computed");
    for (size_t j = 0; j < nc; j++)
        if (!(r->national[j] > 0))
            return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, m->criteria[j].count,
                               "criterion \"%s\" has a national total of 0, so its shares "
                               "are undefined; check the column's values", m->criteria[j].id);
    return IX_OK;
}

/* Never silently wrong (issue 12): a total, a contribution or an index that
 * is not a finite number (a population of 5e-324, counts of 1e308, a scale
 * of 1e308) is an error naming the cause, never NA ranked first. */
static ix_status check_finite(const ix_socio_model *m, const ix_socio_data *data,
                              const ix_socio_result *r, ix_diag *d)
{
    const size_t nc = data->ncriteria;
    for (size_t j = 0; j <= nc; j++) { /* j == nc: the population */
        const double total = j < nc ? r->national[j] : r->population;
        if (isfinite(total))
            continue;
        double sum = 0;
        size_t k = 0;
        for (; k + 1 < data->nunits; k++) /* the row where the sum overflows */
            if (!isfinite(sum += j < nc ? data->counts[k * nc + j] : data->population[k]))
                break;
        return ix_diag_set(d, IX_ERR_INPUT, data->source, data->lines ? data->lines[k] : 0, 0,
                           j < nc ? m->criteria[j].count : m->population,
                           "%s%s%s add up to more than a number can hold from municipality %d "
                           "on; check the column's values",
                           j < nc ? "criterion \"" : "the populations",
                           j < nc ? m->criteria[j].id : "", j < nc ? "\": the counts" : "",
                           data->codes[k]);
    }
    for (size_t k = 0; k < data->nunits; k++)
        for (size_t j = 0; j < nc; j++)
            if (!isfinite(r->contrib[k * nc + j]))
                return ix_diag_set(
                    d, IX_ERR_INPUT, data->source, data->lines ? data->lines[k] : 0, 0,
                    m->criteria[j].count,
                    "municipality %d, criterion \"%s\": the contribution is not a finite "
                    "number (population %g, count %g, scale %g): a value is absurdly small "
                    "or large",
                    data->codes[k], m->criteria[j].id, data->population[k],
                    data->counts[k * nc + j], m->scale);
    return IX_OK;
}

ix_status ix_socio_compute(const ix_socio_model *m, const ix_socio_data *data,
                           ix_socio_result **out, ix_diag *d)
{
    const size_t n = data->nunits, nc = data->ncriteria;
    if (nc != m->ncriteria)
        return ix_diag_set(d, IX_ERR_USAGE, data->source, 0, 0, NULL,
                           "data has %zu criteria, the model %zu", nc, m->ncriteria);
    if (n == 0)
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, NULL,
                           "no municipalities in the data");
    ix_socio_result *r = result_new(n, nc);
    if (!r)
        return ix_diag_set(d, IX_ERR_NOMEM, data->source, 0, 0, NULL, "out of memory");
    ix_status st = national_totals(m, data, r, d);
    if (st)
        goto out;
    /* factor_j = scale * w_j / C_j * N: then contrib_jk = factor_j * c_jk / N_k. */
    for (size_t k = 0; k < n; k++) {
        double sum = 0;
        for (size_t j = 0; j < nc; j++) {
            double share = data->counts[k * nc + j] / r->national[j];
            double c = m->scale * m->criteria[j].weight * share / (data->population[k] / r->population);
            r->contrib[k * nc + j] = c;
            sum += c;
        }
        r->index[k] = sum;
    }
    st = check_finite(m, data, r, d);
    if (!st)
        st = ix_rank_desc(r->index, n, r->rank, r->order, d);
out:
    if (st) {
        ix_socio_result_free(r);
        return st;
    }
    *out = r;
    return IX_OK;
}
