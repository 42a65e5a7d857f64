/* Real populations and tax rates for the equalisation (udligning.h): one
 * year of the noegletal series (De Kommunale Nøgletal, noegletal.dk) put
 * into the inputs. Works on in-memory series, tables and data only; the
 * file is read in lib/io/udligning/udligning_real_read.c.
 *
 *   folketal_k   := indbyggere_1jan_k of the parameters' year
 *   age groups   := rescaled to the new folketal, whole persons (largest
 *                   remainder), so they sum to it exactly
 *   t (average)  := sum_k B_k t_k / sum_k B_k / 100 over the data's
 *                   municipalities, B_k their beskatningsgrundlag */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/kommuner.h"
#include "indeks/udligning.h"

void ix_udl_real_free(ix_udl_real *r)
{
    if (!r)
        return;
    free(r->file);
    free(r->codes);
    free(r->population);
    free(r->tax_pct);
    free(r->line);
    free(r);
}

static ix_status nomem(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

/* The index in r of code, or r->n. */
static size_t find_code(const ix_udl_real *r, int code)
{
    size_t i = 0;
    while (i < r->n && r->codes[i] != code)
        i++;
    return i;
}

static void year_range(const ix_series *s, int *lo, int *hi)
{
    *lo = 0;
    *hi = 0;
    for (size_t i = 0; i < s->nobs; i++) {
        if (!*lo || s->obs[i].year < *lo)
            *lo = s->obs[i].year;
        if (s->obs[i].year > *hi)
            *hi = s->obs[i].year;
    }
}

/* Adds the year's observations of s into r (value into which: 0 population,
 * 1 tax rate), a new entry per code not seen yet. */
static void take_year(const ix_series *s, int year, int which, ix_udl_real *r)
{
    for (size_t i = 0; i < s->nobs; i++) {
        const ix_series_obs *o = &s->obs[i];
        if (o->year != year)
            continue;
        size_t k = find_code(r, o->code);
        if (k == r->n) {
            r->codes[k] = o->code;
            r->population[k] = NAN;
            r->tax_pct[k] = NAN;
            r->line[k] = o->line;
            r->n++;
        }
        (which ? r->tax_pct : r->population)[k] = o->value;
    }
}

ix_status ix_udl_real_from_series(const ix_series *population, const ix_series *tax, int year,
                                  ix_udl_real **out, ix_diag *d)
{
    const char *file = population->source ? population->source : "<series>";
    size_t most = population->nobs + tax->nobs;
    ix_udl_real *r = calloc(1, sizeof *r);
    if (r) {
        r->year = year;
        r->avg_tax = NAN;
        r->avg_tax_given = NAN;
        r->file = strdup(file);
        r->codes = calloc(most ? most : 1, sizeof *r->codes);
        r->population = calloc(most ? most : 1, sizeof *r->population);
        r->tax_pct = calloc(most ? most : 1, sizeof *r->tax_pct);
        r->line = calloc(most ? most : 1, sizeof *r->line);
    }
    if (!r || !r->file || !r->codes || !r->population || !r->tax_pct || !r->line) {
        ix_udl_real_free(r);
        return nomem(d);
    }
    take_year(population, year, 0, r);
    take_year(tax, year, 1, r);
    if (r->n == 0) {
        int lo = 0, hi = 0;
        year_range(population, &lo, &hi);
        ix_udl_real_free(r);
        if (!lo)
            return ix_diag_set(d, IX_ERR_INPUT, file, 0, 0, "aar",
                               "the year %d is not in the file (it has no rows)", year);
        return ix_diag_set(d, IX_ERR_INPUT, file, 0, 0, "aar",
                           "the year %d is not in the file (it has %d-%d); the parameters' "
                           "year must be one of the file's",
                           year, lo, hi);
    }
    *out = r;
    return IX_OK;
}

/* ---- Populations and age groups into a copy of the table. ---- */

static ix_status missing(const ix_udl_real *r, const char *column, int code, const ix_table *t,
                         size_t row, ix_diag *d)
{
    const ix_kommune *k = ix_kommune_find(code);
    return ix_diag_set(d, IX_ERR_INPUT, r->file, 0, 0, column,
                       "municipality %03d%s%s (%s line %ld) has no %s for the year %d in the file",
                       code, k ? " " : "", k ? k->name : "", ix_table_source(t),
                       ix_table_line(t, row), column, r->year);
}

/* Whole persons: the largest-remainder rounding of a * total / sum a. */
static void rescale(const double *a, size_t n, double total, double *out)
{
    double sum = 0, given = 0;
    for (size_t i = 0; i < n; i++)
        sum += a[i];
    for (size_t i = 0; i < n; i++) {
        out[i] = floor(a[i] * total / sum);
        given += out[i];
    }
    /* whole persons still to hand out, at most one per group */
    double left = total - given;
    size_t nleft = !(left >= 1) ? 0 : left < (double)n ? (size_t)left : n;
    for (size_t k = 0; k < nleft; k++) {
        size_t best = n;
        double best_frac = -1;
        for (size_t i = 0; i < n; i++) {
            double frac = a[i] * total / sum - floor(a[i] * total / sum);
            /* each group gets at most one: out[i] still at its floor */
            if (out[i] == floor(a[i] * total / sum) && frac > best_frac) {
                best = i;
                best_frac = frac;
            }
        }
        if (best == n)
            break;
        out[best] += 1;
    }
}

typedef struct {
    long code_col, pop_col;
    long *age_cols; /* [nages] */
    size_t nages;
} real_cols;

static ix_status find_col(const ix_table *t, const char *name, const char *role, long *col,
                          ix_diag *d)
{
    *col = ix_table_find(t, name);
    if (*col >= 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, name,
                       "column \"%s\" (%s) is not in the header", name, role);
}

static ix_status table_cols(const ix_udl_params *p, const ix_table *t, const char *code_column,
                            real_cols *c, ix_diag *d)
{
    ix_status st = find_col(t, code_column, "the municipality code", &c->code_col, d);
    if (!st)
        st = find_col(t, "folketal", "the population", &c->pop_col, d);
    c->nages = p->nages;
    c->age_cols = calloc(p->nages ? p->nages : 1, sizeof *c->age_cols);
    if (!st && !c->age_cols)
        st = nomem(d);
    for (size_t a = 0; !st && a < p->nages; a++)
        st = find_col(t, p->ages[a].column, "an age group of the parameters", &c->age_cols[a], d);
    return st;
}

static ix_status row_code(const ix_table *t, size_t row, long col, int *code, ix_diag *d)
{
    const char *why = NULL, *text = ix_table_cell(t, row, (size_t)col);
    if (ix_kommune_parse_code(text, code, &why) == 0)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                       ix_table_header(t, (size_t)col), "%s, got \"%s\"",
                       why ? why : "not a municipality code", text);
}

/* The new cells of one row: text[0] folketal, text[1 + a] age group a. */
static ix_status row_cells(const ix_udl_real *r, const real_cols *c, const ix_table *t,
                           size_t row, double *ages, double *scaled, char (*text)[32], ix_diag *d)
{
    int code = 0;
    ix_status st = row_code(t, row, c->code_col, &code, d);
    if (st)
        return st;
    size_t k = find_code(r, code);
    if (k == r->n || isnan(r->population[k]))
        return missing(r, "indbyggere_1jan", code, t, row, d);
    double pop = r->population[k];
    if (pop < 0 || pop != floor(pop) || pop > 1e9)
        return ix_diag_set(d, IX_ERR_INPUT, r->file, r->line[k], 0, "indbyggere_1jan",
                           "expected a whole number of inhabitants for %03d in %d, got %g", code,
                           r->year, pop);
    snprintf(text[0], sizeof text[0], "%.0f", pop);
    double sum = 0;
    for (size_t a = 0; !st && a < c->nages; a++) {
        long col = c->age_cols[a];
        st = ix_table_number(t, row, (size_t)col, &ages[a], d);
        if (!st && (ages[a] < 0 || !isfinite(ages[a])))
            st = ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                             ix_table_header(t, (size_t)col), "cannot be negative, got %s",
                             ix_table_cell(t, row, (size_t)col));
        sum += st ? 0 : ages[a];
    }
    if (st || c->nages == 0)
        return st;
    if (sum <= 0 && pop > 0)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), 0, NULL,
                           "the age groups of %03d sum to 0: cannot rescale them to the real "
                           "folketal %.0f",
                           code, pop);
    if (sum <= 0)
        memset(scaled, 0, c->nages * sizeof *scaled);
    else
        rescale(ages, c->nages, pop, scaled);
    for (size_t a = 0; a < c->nages; a++)
        snprintf(text[1 + a], sizeof text[0], "%.0f", scaled[a]);
    return IX_OK;
}

static ix_status copy_header(const ix_table *t, ix_table **out, ix_diag *d)
{
    const size_t nc = ix_table_ncols(t);
    const char **head = calloc(nc ? nc : 1, sizeof *head);
    if (!head)
        return nomem(d);
    for (size_t c = 0; c < nc; c++)
        head[c] = ix_table_header(t, c);
    ix_status st = ix_table_new(head, nc, ix_table_source(t), ix_table_separator(t),
                                ix_table_decimal(t), out, d);
    free((void *)head);
    return st;
}

ix_status ix_udl_real_apply_table(ix_udl_real *r, const ix_udl_params *p, const ix_table *t,
                                  const char *code_column, ix_table **out, ix_diag *d)
{
    const size_t nc = ix_table_ncols(t), na = p->nages;
    real_cols c = {-1, -1, NULL, 0};
    ix_table *copy = NULL;
    double *ages = calloc(2 * (na ? na : 1), sizeof *ages);
    char(*text)[32] = calloc(na + 1, sizeof *text);
    const char **cells = calloc(nc ? nc : 1, sizeof *cells);
    ix_status st = ages && text && cells ? IX_OK : nomem(d);
    if (!st)
        st = table_cols(p, t, code_column ? code_column : "kommunekode", &c, d);
    if (!st)
        st = copy_header(t, &copy, d);
    for (size_t row = 0; !st && row < ix_table_nrows(t); row++) {
        st = row_cells(r, &c, t, row, ages, ages + (na ? na : 1), text, d);
        for (size_t col = 0; !st && col < nc; col++)
            cells[col] = ix_table_cell(t, row, col);
        if (!st) {
            cells[c.pop_col] = text[0];
            for (size_t a = 0; a < na; a++)
                cells[c.age_cols[a]] = text[1 + a];
            st = ix_table_add_row(copy, cells, ix_table_line(t, row), d);
        }
    }
    free(c.age_cols);
    free(ages);
    free(text);
    free((void *)cells);
    if (st) {
        ix_table_free(copy);
        return st;
    }
    r->npopulation = ix_table_nrows(t);
    *out = copy;
    return IX_OK;
}

/* ---- The average tax rate. ---- */

ix_status ix_udl_real_apply_tax(ix_udl_real *r, ix_udl_params *p, const ix_udl_data *data,
                                ix_diag *d)
{
    double num = 0, den = 0;
    for (size_t k = 0; k < data->n; k++) {
        size_t i = find_code(r, data->codes[k]);
        if (i == r->n || isnan(r->tax_pct[i])) {
            const ix_kommune *m = ix_kommune_find(data->codes[k]);
            return ix_diag_set(d, IX_ERR_INPUT, r->file, 0, 0, "udskrivningsprocent",
                               "municipality %03d%s%s of the data (%s) has no udskrivningsprocent "
                               "for the year %d in the file",
                               data->codes[k], m ? " " : "", m ? m->name : "",
                               data->source ? data->source : "", r->year);
        }
        if (r->tax_pct[i] < 0 || r->tax_pct[i] > 100)
            return ix_diag_set(d, IX_ERR_INPUT, r->file, r->line[i], 0, "udskrivningsprocent",
                               "expected a percentage 0-100 for %03d in %d, got %g",
                               data->codes[k], r->year, r->tax_pct[i]);
        num += data->tax_base[k] * r->tax_pct[i];
        den += data->tax_base[k];
    }
    if (!(den > 0))
        return ix_diag_set(d, IX_ERR_INPUT, data->source, 0, 0, "beskatningsgrundlag",
                           "the tax bases sum to 0: no weighted mean of udskrivningsprocent");
    ix_udl_num *t = &p->p[IX_UDL_AVG_TAX];
    char buf[1024];
    snprintf(buf, sizeof buf,
             "computed from the data: the tax-base-weighted mean of udskrivningsprocent %d "
             "(%s; %s), weights beskatningsgrundlag of %s; replaces the parameter file's "
             "%.10g (%s)",
             r->year, IX_UDL_REAL_ORIGIN, r->file, data->source ? data->source : "the data",
             t->value, t->source ? t->source : "no source");
    char *source = strdup(buf);
    if (!source)
        return nomem(d);
    r->avg_tax_given = t->value;
    r->avg_tax = num / den / 100.0;
    r->tax_applied = 1;
    free(t->source);
    t->source = source;
    t->value = r->avg_tax;
    t->given = 1;
    t->confirmed = 0; /* computed, not from the law text */
    p->real = r;
    return IX_OK;
}
