/* Published index series (see include/indeks/series.h). */
#include "indeks/series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/rank.h"

void ix_series_free(ix_series *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nobs; i++)
        free(s->obs[i].name);
    free(s->obs);
    free(s->column);
    free(s->source);
    free(s);
}

static long find_any(const ix_table *t, const char *const *names)
{
    for (; *names; names++) {
        long c = ix_table_find(t, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}

static int count_decimals(const char *text)
{
    const char *mark = strpbrk(text, ".,");
    if (!mark)
        return 0;
    int n = 0;
    for (const char *p = mark + 1; *p >= '0' && *p <= '9'; p++)
        n++;
    return n;
}

static ix_status read_year(const ix_table *t, size_t row, long col, int *year, ix_diag *d)
{
    double v = 0;
    ix_status st = ix_table_number(t, row, (size_t)col, &v, d);
    if (st)
        return st;
    if (v != floor(v) || v < 1800 || v > 2200)
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), ix_table_line(t, row), col + 1,
                           ix_table_header(t, (size_t)col), "expected a year like 2024, got \"%s\"",
                           ix_table_cell(t, row, (size_t)col));
    *year = (int)v;
    return IX_OK;
}

static ix_status read_obs(const ix_table *t, size_t row, const long *cols, ix_series_obs *o,
                          ix_diag *d)
{
    const char *why = NULL, *text = ix_table_cell(t, row, (size_t)cols[0]);
    long line = ix_table_line(t, row);
    o->line = line;
    if (ix_kommune_parse_code(text, &o->code, &why) != 0 || !ix_kommune_find(o->code))
        return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), line, cols[0] + 1,
                           ix_table_header(t, (size_t)cols[0]), "%s, got \"%s\"",
                           why ? why : "not one of the 98 municipality codes", text);
    ix_status st = read_year(t, row, cols[1], &o->year, d);
    if (st)
        return st;
    o->value = NAN;
    if (!ix_table_cell_missing(t, row, (size_t)cols[2])) {
        st = ix_table_number(t, row, (size_t)cols[2], &o->value, d);
        o->decimals = count_decimals(ix_table_cell(t, row, (size_t)cols[2]));
    }
    const char *name = cols[3] >= 0 ? ix_table_cell(t, row, (size_t)cols[3]) : "";
    o->name = strdup(name[0] ? name : ix_kommune_find(o->code)->name);
    if (!st && !o->name)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return st;
}

static int by_code_year(const void *a, const void *b)
{
    const ix_series_obs *x = *(ix_series_obs *const *)a, *y = *(ix_series_obs *const *)b;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Sort pointers by (code, year): a pair seen twice is adjacent. */
static ix_status check_duplicates(const ix_series *s, ix_diag *d)
{
    if (s->nobs < 2)
        return IX_OK;
    const ix_series_obs **p = malloc(s->nobs * sizeof *p); // NOLINT(bugprone-sizeof-expression): an array of pointers
    if (!p)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < s->nobs; i++)
        p[i] = &s->obs[i];
    qsort(p, s->nobs, sizeof *p, by_code_year); // NOLINT(bugprone-sizeof-expression): as above
    ix_status st = IX_OK;
    for (size_t i = 1; i < s->nobs && !st; i++)
        if (p[i]->code == p[i - 1]->code && p[i]->year == p[i - 1]->year)
            st = ix_diag_set(d, IX_ERR_INPUT, s->source, p[i]->line, 0, NULL,
                             "municipality %03d, year %d appears twice: lines %ld and %ld",
                             p[i]->code, p[i]->year, p[i - 1]->line, p[i]->line);
    free(p);
    return st;
}

static ix_status find_columns(const ix_table *t, const char *column, long cols[4], ix_diag *d)
{
    static const char *const code_names[] = {"kommunekode", "kode", "komkode", NULL};
    static const char *const year_names[] = {"aar", "år", "year", "Time", NULL};
    static const char *const value_names[] = {"socio_indeks", "indeks", "index", NULL};
    static const char *const name_names[] = {"kommune", "navn", "kommunenavn", NULL};
    const char *src = ix_table_source(t);
    cols[0] = find_any(t, code_names);
    cols[1] = find_any(t, year_names);
    cols[2] = column ? ix_table_find(t, column) : find_any(t, value_names);
    cols[3] = find_any(t, name_names);
    if (cols[0] < 0)
        return ix_diag_set(d, IX_ERR_INPUT, src, 1, 0, NULL, "no column \"kommunekode\" in the header");
    if (cols[1] < 0)
        return ix_diag_set(d, IX_ERR_INPUT, src, 1, 0, NULL, "no year column (\"aar\") in the header");
    if (cols[2] < 0)
        return ix_diag_set(d, IX_ERR_INPUT, src, 1, 0, column,
                           column ? "the value column asked for is not in the header"
                                  : "no index column (\"socio_indeks\" or \"indeks\"); name the "
                                    "value column");
    return IX_OK;
}

ix_status ix_series_from_table(const ix_table *t, const char *column, ix_series **out, ix_diag *d)
{
    long cols[4];
    ix_status st = find_columns(t, column, cols, d);
    if (st)
        return st;
    ix_series *s = calloc(1, sizeof *s);
    size_t n = ix_table_nrows(t);
    if (s) {
        s->obs = calloc(n ? n : 1, sizeof *s->obs);
        s->column = strdup(ix_table_header(t, (size_t)cols[2]));
        s->source = strdup(ix_table_source(t) ? ix_table_source(t) : "<series>");
    }
    if (!s || !s->obs || !s->column || !s->source) {
        ix_series_free(s);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t row = 0; !st && row < n; row++) {
        s->nobs = row + 1;
        st = read_obs(t, row, cols, &s->obs[row], d);
    }
    if (!st)
        st = check_duplicates(s, d);
    if (st) {
        ix_series_free(s);
        return st;
    }
    *out = s;
    return IX_OK;
}

int ix_series_latest_year(const ix_series *s)
{
    int year = 0;
    for (size_t i = 0; i < s->nobs; i++)
        if (!isnan(s->obs[i].value) && s->obs[i].year > year)
            year = s->obs[i].year;
    return year;
}

ix_status ix_series_year(const ix_series *s, int year, size_t **idx, long **rank, size_t *n,
                         ix_diag *d)
{
    size_t count = 0;
    for (size_t i = 0; i < s->nobs; i++)
        count += s->obs[i].year == year && !isnan(s->obs[i].value);
    if (count == 0)
        return ix_diag_set(d, IX_ERR_NOTFOUND, s->source, 0, 0, s->column,
                           "no values for the year %d", year);
    size_t *which = malloc(count * sizeof *which), *order = malloc(count * sizeof *order);
    double *values = malloc(count * sizeof *values);
    long *r = malloc(count * sizeof *r), *sorted_rank = malloc(count * sizeof *sorted_rank);
    size_t *sorted = malloc(count * sizeof *sorted);
    ix_status st = IX_OK;
    if (!which || !order || !values || !r || !sorted_rank || !sorted) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    for (size_t i = 0, k = 0; i < s->nobs; i++)
        if (s->obs[i].year == year && !isnan(s->obs[i].value)) {
            which[k] = i;
            values[k++] = s->obs[i].value;
        }
    st = ix_rank_desc(values, count, r, order, d);
    for (size_t pos = 0; !st && pos < count; pos++) {
        sorted[pos] = which[order[pos]];
        sorted_rank[pos] = r[order[pos]];
    }
    if (!st) {
        *idx = sorted;
        *rank = sorted_rank;
        *n = count;
        sorted = NULL;
        sorted_rank = NULL;
    }
out:
    free(which);
    free(order);
    free(values);
    free(r);
    free(sorted_rank);
    free(sorted);
    return st;
}
