/* Equalisation: expenditure need and the two schemes (see udligning.h).
 *
 * The design rests on one invariant: every transfer is split into a part
 * that follows need and a part that follows tax base, and each part is
 * built so that it sums to zero over the municipalities (a difference from
 * an average, times population; the extras are financed per inhabitant).
 * So udgiftsudligning and skatteudligning each net to zero, netto is their
 * sum, and a scenario's difference splits into a need and a tax-base effect
 * with nothing left over. */
#include <math.h>
#include <stdlib.h>

#include "indeks/kommuner.h"
#include "indeks/udligning.h"

static const char *const param_paths[] = {
#define IX_UDL_PARAM_PATH(id, path, group, lo, hi) path,
    IX_UDL_PARAM_MAP(IX_UDL_PARAM_PATH)
#undef IX_UDL_PARAM_PATH
};

static const char param_groups[] = {
#define IX_UDL_PARAM_GROUP(id, path, group, lo, hi) group,
    IX_UDL_PARAM_MAP(IX_UDL_PARAM_GROUP)
#undef IX_UDL_PARAM_GROUP
};

const char *ix_udl_param_path(ix_udl_param_id id)
{
    return id < IX_UDL_NPARAMS ? param_paths[id] : "";
}

char ix_udl_param_group(ix_udl_param_id id)
{
    return id < IX_UDL_NPARAMS ? param_groups[id] : 0;
}

int ix_udl_param_used(const ix_udl_params *p, ix_udl_param_id id)
{
    switch (ix_udl_param_group(id)) {
    case 'A': return 1;
    case 'N': return !p->old_system;
    case 'O': return p->old_system;
    case 'D': return p->decline_column != NULL;
    case 'M': return !p->old_system && p->tax_pct_column != NULL;
    case 'G': return p->has_grant;
    default: return 0;
    }
}

void ix_udl_data_free(ix_udl_data *data)
{
    if (!data)
        return;
    free(data->codes);
    if (!data->socio)
        for (size_t k = 0; data->names && k < data->n; k++)
            free(data->names[k]);
    free(data->names);
    free(data->population);
    free(data->tax_base);
    free(data->ages);
    free(data->decline);
    free(data->tax_pct);
    free(data->income_tax);
    free(data->land_tax);
    free(data->extra);
    free(data->share);
    free(data->index);
    free(data->dexcess);
    free(data->source);
    ix_socio_result_free(data->socio_r);
    ix_socio_data_free(data->socio);
    free(data);
}

static void *zeros(size_t count, size_t size)
{
    return calloc(count ? count : 1, size);
}

ix_status ix_udl_data_new(size_t n, size_t nages, int with_decline, size_t nextra,
                          ix_udl_data **out, ix_diag *d)
{
    ix_udl_data *data = calloc(1, sizeof *data);
    if (data) {
        data->n = n;
        data->nages = nages;
        data->nextra = nextra;
        data->codes = zeros(n, sizeof *data->codes);
        data->names = zeros(n, sizeof *data->names);
        data->population = zeros(n, sizeof(double));
        data->tax_base = zeros(n, sizeof(double));
        data->ages = zeros(n * nages, sizeof(double));
        data->decline = with_decline ? zeros(n, sizeof(double)) : NULL;
        data->extra = zeros(n * nextra, sizeof(double));
        data->share = zeros(n, sizeof(double));
        data->index = zeros(n, sizeof(double));
    }
    if (!data || !data->codes || !data->names || !data->population || !data->tax_base ||
        !data->ages || (with_decline && !data->decline) || !data->extra || !data->share ||
        !data->index) {
        ix_udl_data_free(data);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory for %zu units", n);
    }
    for (size_t k = 0; k < n; k++)
        data->codes[k] = (int)(k + 1);
    *out = data;
    return IX_OK;
}

void ix_udl_result_free(ix_udl_result *r)
{
    if (!r)
        return;
    free(r->need_age);
    free(r->need_decline);
    free(r->need_socio);
    free(r->need);
    free(r->need_eq);
    free(r->tax_eq);
    free(r->net);
    free(r->above);
    free(r->capital);
    free(r->high_rate);
    free(r);
}

static ix_udl_result *result_new(size_t n)
{
    ix_udl_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n = n;
    double **arrays[] = {&r->need_age, &r->need_decline, &r->need_socio, &r->need,
                         &r->need_eq, &r->tax_eq, &r->net};
    int ok = 1;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        ok &= (*arrays[i] = zeros(n, sizeof(double))) != NULL;
    r->above = zeros(n, sizeof *r->above);
    r->capital = zeros(n, sizeof *r->capital);
    r->high_rate = zeros(n, sizeof *r->high_rate);
    if (!ok || !r->above || !r->capital || !r->high_rate) {
        ix_udl_result_free(r);
        return NULL;
    }
    return r;
}

static double pv(const ix_udl_params *p, ix_udl_param_id id)
{
    return p->p[id].value;
}

static double positive(double v)
{
    return v > 0 ? v : 0;
}

static ix_status totals(const ix_udl_params *p, const ix_udl_data *data, ix_udl_result *r,
                        ix_diag *d)
{
    for (size_t k = 0; k < data->n; k++) {
        r->population += data->population[k];
        r->tax_base += data->tax_base[k];
    }
    if (!(r->population > 0))
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, "folketal",
                           "the total population is 0: nothing to equalise");
    if (!(r->tax_base > 0))
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, "beskatningsgrundlag",
                           "the total tax base is 0: the tax-base averages are undefined");
    r->avg_base_pi = r->tax_base / r->population;
    /* § 2 stk. 6: the revenue of income tax and land tax over the total tax base. */
    r->avg_tax = p->p[IX_UDL_AVG_TAX].value;
    if (data->income_tax && data->land_tax) {
        double revenue = 0;
        for (size_t k = 0; k < data->n; k++)
            revenue += data->income_tax[k] + data->land_tax[k];
        r->avg_tax = revenue / r->tax_base;
        if (!(r->avg_tax > 0 && r->avg_tax < 1))
            return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, p->income_tax_column,
                               "the average tax level (income tax + land tax) / tax base is %g; "
                               "it must be between 0 and 1: check the revenue columns",
                               r->avg_tax);
    }
    return IX_OK;
}

/* § 4 (2021): the decline unit amount u = a (1 - s) U / D, a = 0.62 % of the
 * age-determined part of U divided by the total units D, capped at cap
 * (stk. 2); the age groups get the rest, T_age = (1 - s) U - u D, so that the
 * whole age-determined need is (1 - s) U. */
static ix_status age_and_decline(const ix_udl_params *p, const ix_udl_data *data,
                                 ix_udl_result *r, const double *units, ix_diag *d)
{
    const double target = (1 - pv(p, IX_UDL_SOCIO_SHARE)) * pv(p, IX_UDL_TOTAL);
    double units_total = 0, t_age = target, u = 0;
    for (size_t k = 0; units && k < data->n; k++)
        units_total += units[k];
    if (units && units_total > 0) {
        double a = pv(p, IX_UDL_DECLINE_SHARE), cap = pv(p, IX_UDL_DECLINE_CAP);
        u = a * target / units_total;
        if (u > cap)
            u = cap;
        t_age = target - u * units_total;
    }
    if (!(t_age > 0))
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, p->decline_column,
                           "the population-decline need (%.0f kr) exceeds the age-determined "
                           "need; check the decline column and the cap", u * units_total);
    r->age_total = t_age;
    r->decline_unit = u;
    r->decline_units = units_total;
    r->decline_total = u * units_total;
    return IX_OK;
}

static double age_raw(const ix_udl_params *p, const ix_udl_data *data, size_t k)
{
    double raw = 0;
    for (size_t a = 0; a < data->nages; a++)
        raw += data->ages[k * data->nages + a] * p->ages[a].unit.value;
    return raw;
}

/* need_k = age_k + decline_k + socio_k; the three add up to U. */
static ix_status need(const ix_udl_params *p, const ix_udl_data *data, ix_udl_result *r,
                      ix_diag *d)
{
    const size_t n = data->n;
    double raw_total = 0;
    for (size_t k = 0; k < n; k++)
        raw_total += age_raw(p, data, k);
    if (!(raw_total > 0))
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, "aldersgrupper",
                           "the age groups times their unit amounts sum to 0 over all "
                           "municipalities: the age-determined need cannot be distributed");
    double *units = NULL;
    if (data->decline && p->decline_column) {
        units = zeros(n, sizeof *units);
        if (!units)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        double limit = pv(p, IX_UDL_DECLINE_LIMIT) * r->avg_base_pi;
        for (size_t k = 0; k < n; k++)
            units[k] = data->tax_base[k] / data->population[k] < limit ? data->decline[k] : 0;
    }
    ix_status st = age_and_decline(p, data, r, units, d);
    const double socio_total = pv(p, IX_UDL_SOCIO_SHARE) * pv(p, IX_UDL_TOTAL);
    for (size_t k = 0; !st && k < n; k++) {
        r->need_age[k] = r->age_total * age_raw(p, data, k) / raw_total;
        r->need_decline[k] = units ? r->decline_unit * units[k] : 0;
        r->need_socio[k] = socio_total * data->share[k];
        r->need[k] = r->need_age[k] + r->need_decline[k] + r->need_socio[k];
        r->total_need += r->need[k];
    }
    free(units);
    r->avg_need_pi = pv(p, IX_UDL_TOTAL) / r->population;
    return st;
}

/* 2021: r (n_k - n) N_k, + x (n_k - n) N_k above average, financed per inhabitant. */
static void need_eq_2021(const ix_udl_params *p, const ix_udl_data *data, ix_udl_result *r)
{
    double rate = pv(p, IX_UDL_NEED_RATE), extra = pv(p, IX_UDL_NEED_EXTRA), sum = 0;
    for (size_t k = 0; k < data->n; k++) {
        double gap = r->need[k] - r->avg_need_pi * data->population[k];
        r->above[k] = gap > 0;
        double plus = r->above[k] ? extra * gap : 0;
        r->need_eq[k] = rate * gap + plus;
        sum += plus;
    }
    r->need_fin_pi = sum / r->population;
    for (size_t k = 0; k < data->n; k++)
        r->need_eq[k] -= r->need_fin_pi * data->population[k];
}

/* § 2 stk. 4 rate for municipality k, capped by § 13 when the tax rates
 * are given: max(t_k, floor) * factor / t - r, not below 0. */
static double high_rate(const ix_udl_params *p, const ix_udl_data *data, size_t k, double t)
{
    double hx = pv(p, IX_UDL_TAX_HIGH_EXTRA);
    if (!data->tax_pct || !p->tax_pct_column || !(t > 0))
        return hx;
    double own = data->tax_pct[k] > pv(p, IX_UDL_CAP_FLOOR) ? data->tax_pct[k] : pv(p, IX_UDL_CAP_FLOOR);
    double most = positive(own * pv(p, IX_UDL_CAP_FACTOR) / t - pv(p, IX_UDL_TAX_RATE));
    return hx < most ? hx : most;
}

static void tax_eq_2021(const ix_udl_params *p, const ix_udl_data *data, ix_udl_result *r)
{
    const double t = r->avg_tax, b = r->avg_base_pi;
    const double lo = pv(p, IX_UDL_TAX_LOW_LIMIT) * b, hi = pv(p, IX_UDL_TAX_HIGH_LIMIT) * b;
    double sum = 0;
    r->cap_correction = 0;
    r->ncapped = 0;
    for (size_t k = 0; k < data->n; k++) {
        double nk = data->population[k], bk = data->tax_base[k] / nk, above = positive(bk - hi);
        r->high_rate[k] = above > 0 ? high_rate(p, data, k, t) : 0;
        if (above > 0 && r->high_rate[k] < pv(p, IX_UDL_TAX_HIGH_EXTRA)) {
            r->cap_correction += (pv(p, IX_UDL_TAX_HIGH_EXTRA) - r->high_rate[k]) * above * t * nk;
            r->ncapped++;
        }
        double extras = pv(p, IX_UDL_TAX_LOW_EXTRA) * positive(lo - bk) * t * nk -
                        r->high_rate[k] * above * t * nk;
        r->tax_eq[k] = pv(p, IX_UDL_TAX_RATE) * (b - bk) * t * nk + extras;
        sum += extras;
    }
    /* § 2 stk. 5 and § 13 stk. 3: the net of the extras (the cap's correction
     * included, as it lowers the contributions) is spread per inhabitant. */
    r->tax_fin_pi = sum / r->population;
    for (size_t k = 0; k < data->n; k++)
        r->tax_eq[k] -= r->tax_fin_pi * data->population[k];
}

static int in_capital(const ix_udl_params *p, int region)
{
    for (size_t i = 0; i < p->ncapital; i++)
        if (p->capital_regions[i] == region)
            return 1;
    return 0;
}

/* Before 2021: landsudligning, hovedstadsudligning, and the supplement for a
 * high structural deficit (need - t * tax base) outside the capital area. */
static void eq_old(const ix_udl_params *p, const ix_udl_data *data, const int *region,
                   ix_udl_result *r)
{
    const double t = r->avg_tax, n = r->avg_need_pi, b = r->avg_base_pi;
    double cap_need = 0, cap_base = 0, cap_pop = 0, fin_need = 0, fin_tax = 0;
    for (size_t k = 0; k < data->n; k++)
        if ((r->capital[k] = in_capital(p, region[k]))) {
            cap_need += r->need[k];
            cap_base += data->tax_base[k];
            cap_pop += data->population[k];
        }
    r->capital_population = cap_pop;
    const double lim = pv(p, IX_UDL_SUPP_LIMIT), sr = pv(p, IX_UDL_SUPP_RATE);
    for (size_t k = 0; k < data->n; k++) {
        double nk = data->population[k], ni = r->need[k] / nk, bi = data->tax_base[k] / nk;
        double lr = pv(p, IX_UDL_LAND_RATE), cr = pv(p, IX_UDL_CAPITAL_RATE);
        r->need_eq[k] = lr * (ni - n) * nk;
        r->tax_eq[k] = -lr * t * (bi - b) * nk;
        if (r->capital[k]) {
            r->need_eq[k] += cr * (ni - cap_need / cap_pop) * nk;
            r->tax_eq[k] -= cr * t * (bi - cap_base / cap_pop) * nk;
        } else if ((r->above[k] = (ni - t * bi) - lim * (n - t * b) > 0)) {
            double sn = sr * (ni - lim * n) * nk, stx = -sr * t * (bi - lim * b) * nk;
            r->need_eq[k] += sn;
            r->tax_eq[k] += stx;
            fin_need += sn;
            fin_tax += stx;
        }
    }
    r->need_fin_pi = fin_need / r->population;
    r->tax_fin_pi = fin_tax / r->population;
    for (size_t k = 0; k < data->n; k++) {
        r->need_eq[k] -= r->need_fin_pi * data->population[k];
        r->tax_eq[k] -= r->tax_fin_pi * data->population[k];
    }
}

/* Region code of each municipality (0 for codes that are not kommuner). */
static ix_status regions_of(const ix_udl_data *data, int **out, ix_diag *d)
{
    int *region = zeros(data->n, sizeof *region);
    if (!region)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < data->n; k++) {
        const ix_kommune *km = ix_kommune_find(data->codes[k]);
        region[k] = km ? km->region_code : 0;
    }
    *out = region;
    return IX_OK;
}

ix_status ix_udl_compute(const ix_udl_params *p, const ix_udl_data *data, ix_udl_result **out,
                         ix_diag *d)
{
    if (data->nages != p->nages)
        return ix_diag_set(d, IX_ERR_USAGE, data->source, 0, 0, NULL,
                           "data has %zu age groups, the parameters %zu", data->nages, p->nages);
    ix_udl_result *r = result_new(data->n);
    if (!r)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = totals(p, data, r, d);
    if (!st)
        st = need(p, data, r, d);
    if (!st && !p->old_system) {
        need_eq_2021(p, data, r);
        tax_eq_2021(p, data, r);
    } else if (!st) {
        int *region = NULL;
        st = regions_of(data, &region, d);
        if (!st)
            eq_old(p, data, region, r);
        free(region);
    }
    for (size_t k = 0; !st && k < data->n; k++)
        r->net[k] = r->need_eq[k] + r->tax_eq[k];
    if (st) {
        ix_udl_result_free(r);
        return st;
    }
    *out = r;
    return IX_OK;
}
