/* ix_prop_apply: the accepted proposals turn the current IMETA into the next
 * edition's draft. Rows are kept as arrays of owned strings (a draft) so that
 * rows can be added, changed and dropped; the table is made at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/proposals.h"

enum { C_LEVEL, C_CODE, C_NAME, C_DIR, C_WEIGHT, C_PARENT, C_TYPE, C_UNIT, C_REC, C_DEF, C_SRC,
       C_FREQ, C_PROP, C_N };
static const char *const col_names[C_N] = {"Level",  "iCode",  "iName",          "Direction",
                                           "Weight", "Parent", "Type",           "Unit",
                                           "Recommendation", "Definition", "Source", "Frequency",
                                           "Proposal"};

typedef struct {
    size_t ncols, nrows, cap;
    char **header;
    char ***rows;
    long *lines;
    size_t col[C_N];
} draft;

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static void draft_free(draft *g)
{
    for (size_t r = 0; r < g->nrows; r++) {
        for (size_t c = 0; g->rows[r] && c < g->ncols; c++)
            free(g->rows[r][c]);
        free(g->rows[r]);
    }
    for (size_t c = 0; g->header && c < g->ncols; c++)
        free(g->header[c]);
    free(g->header);
    free(g->rows);
    free(g->lines);
}

static ix_status oom(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static ix_status draft_header(draft *g, const ix_table *t, ix_diag *d)
{
    size_t n = ix_table_ncols(t), extra = 0;
    for (int c = 0; c < C_N; c++)
        if (ix_table_find(t, col_names[c]) < 0)
            extra++;
    g->header = calloc(n + extra, sizeof *g->header);
    if (!g->header)
        return oom(d);
    for (size_t c = 0; c < n; c++)
        if (!(g->header[g->ncols++] = dup(ix_table_header(t, c))))
            return oom(d);
    for (int c = 0; c < C_N; c++) {
        long at = ix_table_find(t, col_names[c]);
        if (at >= 0) {
            g->col[c] = (size_t)at;
            continue;
        }
        if (c < C_REC && c != C_UNIT)
            return ix_diag_set(d, IX_ERR_INPUT, ix_table_source(t), 1, 0, col_names[c],
                               "the IMETA has no %s column", col_names[c]);
        g->col[c] = g->ncols;
        if (!(g->header[g->ncols++] = dup(col_names[c])))
            return oom(d);
    }
    return IX_OK;
}

/* Inserts a row of empty cells before position at; returns it or NULL. */
static char **draft_insert(draft *g, size_t at, long line)
{
    if (g->nrows == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        char ***rows = realloc(g->rows, cap * sizeof *rows);
        if (!rows)
            return NULL;
        g->rows = rows;
        long *lines = realloc(g->lines, cap * sizeof *lines);
        if (!lines)
            return NULL;
        g->lines = lines;
        g->cap = cap;
    }
    char **row = calloc(g->ncols, sizeof *row);
    for (size_t c = 0; row && c < g->ncols; c++)
        if (!(row[c] = dup(""))) {
            for (size_t k = 0; k < c; k++)
                free(row[k]);
            free(row);
            row = NULL;
        }
    if (!row)
        return NULL;
    memmove(g->rows + at + 1, g->rows + at, (g->nrows - at) * sizeof *g->rows);
    memmove(g->lines + at + 1, g->lines + at, (g->nrows - at) * sizeof *g->lines);
    g->rows[at] = row;
    g->lines[at] = line;
    g->nrows++;
    return row;
}

static ix_status set(draft *g, size_t r, int c, const char *v, ix_diag *d)
{
    char *p = dup(v);
    if (!p)
        return oom(d);
    free(g->rows[r][g->col[c]]);
    g->rows[r][g->col[c]] = p;
    return IX_OK;
}

static const char *get(const draft *g, size_t r, int c)
{
    return g->rows[r][g->col[c]];
}

static ix_status draft_load(draft *g, const ix_table *t, ix_diag *d)
{
    ix_status st = draft_header(g, t, d);
    for (size_t r = 0; !st && r < ix_table_nrows(t); r++) {
        char **row = draft_insert(g, g->nrows, ix_table_line(t, r));
        if (!row)
            return oom(d);
        for (size_t c = 0; c < ix_table_ncols(t); c++) {
            free(row[c]);
            if (!(row[c] = dup(ix_table_cell(t, r, c))))
                return oom(d);
        }
    }
    return st;
}

static long find_row(const draft *g, const char *code)
{
    for (size_t r = 0; r < g->nrows; r++)
        if (strcmp(get(g, r, C_CODE), code) == 0)
            return (long)r;
    return -1;
}

static int is_indicator(const draft *g, size_t r)
{
    return strcmp(get(g, r, C_TYPE), "Indicator") == 0 || strcmp(get(g, r, C_TYPE), "Other") == 0;
}

static ix_status refuse(long long id, const char *field, const char *why, const char *code,
                        ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, field, "proposal F%lld: %s \"%s\"", id, why,
                       code);
}

/* A domain an indicator may sit in: an Aggregate one level above level 1. */
static ix_status check_domain(const draft *g, long long id, const char *domain, ix_diag *d)
{
    long r = find_row(g, domain);
    if (r < 0 || strcmp(get(g, (size_t)r, C_TYPE), "Aggregate") != 0 ||
        strcmp(get(g, (size_t)r, C_LEVEL), "2") != 0)
        return refuse(id, "domain", "the domain is not an aggregate at level 2 of the IMETA:",
                      domain, d);
    return IX_OK;
}

/* Adds " F<id>" (or "F<id>") to the row's Proposal cell. */
static ix_status trace(draft *g, size_t r, long long id, ix_diag *d)
{
    const char *old = get(g, r, C_PROP);
    char buf[512];
    int n = old[0] ? snprintf(buf, sizeof buf, "%s F%lld", old, id)
                   : snprintf(buf, sizeof buf, "F%lld", id);
    if (n < 0 || (size_t)n >= sizeof buf)
        return refuse(id, "Proposal", "too many proposals touch the indicator", get(g, r, C_CODE),
                      d);
    return set(g, r, C_PROP, buf, d);
}

static ix_status fill(draft *g, size_t r, const ix_prop_in *p, ix_diag *d)
{
    const struct {
        int col;
        const char *v;
    } f[] = {{C_NAME, p->name},     {C_DEF, p->definition}, {C_UNIT, p->unit},
             {C_DIR, p->direction}, {C_PARENT, p->domain},  {C_SRC, p->source},
             {C_FREQ, p->frequency}, {C_REC, p->recommendation}};
    ix_status st = IX_OK;
    for (size_t i = 0; !st && i < sizeof f / sizeof *f; i++)
        if (f[i].v && *f[i].v)
            st = set(g, r, f[i].col, f[i].v, d);
    return st;
}

static ix_status apply_new(draft *g, const ix_prop_accepted *a, ix_diag *d)
{
    if (find_row(g, a->p.icode) >= 0)
        return refuse(a->id, "icode", "the IMETA already has the code", a->p.icode, d);
    ix_status st = check_domain(g, a->id, a->p.domain, d);
    if (st)
        return st;
    size_t at = (size_t)find_row(g, a->p.domain); /* before the domain row at the latest */
    for (size_t r = 0; r < g->nrows; r++)
        if (strcmp(get(g, r, C_PARENT), a->p.domain) == 0 && is_indicator(g, r))
            at = r + 1;
    if (!draft_insert(g, at, 0))
        return oom(d);
    st = set(g, at, C_LEVEL, "1", d);
    if (!st)
        st = set(g, at, C_CODE, a->p.icode, d);
    if (!st)
        st = set(g, at, C_WEIGHT, "1", d);
    if (!st)
        st = set(g, at, C_TYPE, "Indicator", d);
    if (!st)
        st = fill(g, at, &a->p, d);
    return st ? st : trace(g, at, a->id, d);
}

static size_t domain_size(const draft *g, const char *domain)
{
    size_t n = 0;
    for (size_t r = 0; r < g->nrows; r++)
        n += strcmp(get(g, r, C_PARENT), domain) == 0 && is_indicator(g, r);
    return n;
}

static ix_status apply_one(draft *g, const ix_prop_accepted *a, ix_diag *d)
{
    if (a->p.kind == IX_PROP_NEW)
        return apply_new(g, a, d);
    long r = find_row(g, a->p.icode);
    if (r < 0 || !is_indicator(g, (size_t)r))
        return refuse(a->id, "icode", "the IMETA has no indicator", a->p.icode, d);
    ix_status st = IX_OK;
    if (a->p.kind == IX_PROP_REMOVE) {
        char *parent = g->rows[r][g->col[C_PARENT]];
        if (domain_size(g, parent) <= 1)
            return refuse(a->id, "icode", "removing it would leave its domain empty:", parent, d);
        for (size_t c = 0; c < g->ncols; c++)
            free(g->rows[r][c]);
        free(g->rows[r]);
        memmove(g->rows + r, g->rows + r + 1, (g->nrows - (size_t)r - 1) * sizeof *g->rows);
        memmove(g->lines + r, g->lines + r + 1, (g->nrows - (size_t)r - 1) * sizeof *g->lines);
        g->nrows--;
        return IX_OK;
    }
    if (a->p.kind == IX_PROP_RECOMMENDATION)
        st = set(g, (size_t)r, C_REC, a->p.recommendation, d);
    else {
        if (a->p.domain && *a->p.domain) {
            st = check_domain(g, a->id, a->p.domain, d);
            if (!st && strcmp(a->p.domain, get(g, (size_t)r, C_PARENT)) != 0 &&
                domain_size(g, get(g, (size_t)r, C_PARENT)) <= 1)
                st = refuse(a->id, "domain", "moving it would leave its domain empty:",
                            get(g, (size_t)r, C_PARENT), d);
        }
        if (!st)
            st = fill(g, (size_t)r, &a->p, d);
    }
    return st ? st : trace(g, (size_t)r, a->id, d);
}

static ix_status draft_table(const draft *g, const ix_table *t, ix_table **out, ix_diag *d)
{
    ix_status st = ix_table_new((const char *const *)g->header, g->ncols, ix_table_source(t),
                                ix_table_separator(t), ix_table_decimal(t), out, d);
    for (size_t r = 0; !st && r < g->nrows; r++)
        st = ix_table_add_row(*out, (const char *const *)g->rows[r], g->lines[r], d);
    if (st) {
        ix_table_free(*out);
        *out = NULL;
    }
    return st;
}

ix_status ix_prop_apply(const ix_table *imeta, const ix_prop_accepted *acc, size_t n,
                        ix_table **out, ix_diag *d)
{
    *out = NULL;
    draft g;
    memset(&g, 0, sizeof g);
    ix_status st = draft_load(&g, imeta, d);
    for (size_t i = 0; !st && i < n; i++) {
        ix_diag why;
        ix_diag_clear(&why);
        st = ix_prop_validate(&acc[i].p, &why);
        if (st)
            st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, why.field, "proposal F%lld: %s",
                             acc[i].id, why.message);
        else
            st = apply_one(&g, &acc[i], d);
    }
    if (!st)
        st = draft_table(&g, imeta, out, d);
    draft_free(&g);
    return st;
}
