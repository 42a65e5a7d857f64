/* Two editions compared (edition_diff.h): rank changes by a merge of the
 * units sorted by code, indicator changes row by row of the two IMETA. */
#include "indeks/edition_diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/number.h"

const char *const ix_ediff_columns[] = {"iName",  "Direction", "Weight",         "Parent",
                                        "Type",   "Unit",      "Target",         "Recommendation",
                                        "Definition", "Source", "Frequency",     NULL};

static char *dup(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s ? s : "", n);
    return p;
}

static ix_status oom(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

void ix_ediff_free(ix_ediff *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nranks; i++) {
        free(e->ranks[i].code);
        free(e->ranks[i].name);
    }
    for (size_t i = 0; i < e->nindicators; i++) {
        ix_ediff_indicator *x = &e->indicators[i];
        for (size_t f = 0; f < x->nfields; f++) {
            free(x->fields[f].field);
            free(x->fields[f].before);
            free(x->fields[f].after);
        }
        free(x->fields);
        free(x->icode);
        free(x->name);
        free(x->proposals);
    }
    free(e->ranks);
    free(e->indicators);
    memset(e, 0, sizeof *e);
}

/* ---- ranks ---------------------------------------------------------------------------- */

typedef struct {
    const ix_ediff_unit *u;
} unit_ref;

static int by_code(const void *x, const void *y)
{
    const unit_ref *a = x, *b = y;
    return strcmp(a->u->code, b->u->code);
}

/* The units of u as references sorted by code; NULL when out of memory. */
static unit_ref *sorted(const ix_ediff_unit *u, size_t n)
{
    unit_ref *p = malloc((n ? n : 1) * sizeof *p);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++)
        p[i].u = &u[i];
    qsort(p, n, sizeof *p, by_code);
    return p;
}

static int rank_order(const void *x, const void *y)
{
    const ix_ediff_rank *a = x, *b = y;
    int in_a = a->rank_a && a->rank_b, in_b = b->rank_a && b->rank_b;
    if (in_a != in_b)
        return in_b - in_a; /* units in both first */
    long da = labs(a->change), db = labs(b->change);
    if (da != db)
        return da < db ? 1 : -1;
    return strcmp(a->code, b->code);
}

static int add_rank(ix_ediff *e, const ix_ediff_unit *ua, const ix_ediff_unit *ub)
{
    if (!ua && !ub)
        return -1;
    ix_ediff_rank *r = &e->ranks[e->nranks];
    memset(r, 0, sizeof *r);
    r->code = dup(ub ? ub->code : ua->code);
    r->name = dup(ub && ub->name ? ub->name : ua && ua->name ? ua->name : "");
    if (!r->code || !r->name) {
        free(r->code);
        free(r->name);
        return -1;
    }
    r->rank_a = ua ? ua->rank : 0;
    r->rank_b = ub ? ub->rank : 0;
    r->value_a = ua ? ua->value : NAN;
    r->value_b = ub ? ub->value : NAN;
    r->change = r->rank_a && r->rank_b ? r->rank_a - r->rank_b : 0;
    e->nranks++;
    return 0;
}

ix_status ix_ediff_ranks(const ix_ediff_unit *a, size_t na, const ix_ediff_unit *b, size_t nb,
                         ix_ediff *out, ix_diag *d)
{
    unit_ref *ia = sorted(a, na), *ib = sorted(b, nb);
    out->ranks = calloc(na + nb + 1, sizeof *out->ranks);
    ix_status st = ia && ib && out->ranks ? IX_OK : oom(d);
    size_t i = 0, k = 0;
    while (!st && (i < na || k < nb)) {
        int c = i == na ? 1 : k == nb ? -1 : strcmp(ia[i].u->code, ib[k].u->code);
        const ix_ediff_unit *ua = c <= 0 ? ia[i].u : NULL, *ub = c >= 0 ? ib[k].u : NULL;
        if (add_rank(out, ua, ub) != 0)
            st = oom(d);
        i += c <= 0;
        k += c >= 0;
    }
    free(ia);
    free(ib);
    if (!st)
        qsort(out->ranks, out->nranks, sizeof *out->ranks, rank_order);
    return st;
}

/* ---- indicators ----------------------------------------------------------------------- */

static const char *meta_cell(const ix_table *t, size_t row, const char *col)
{
    long c = ix_table_find(t, col);
    return c < 0 ? "" : ix_table_cell(t, row, (size_t)c);
}

static long meta_row(const ix_table *t, const char *code)
{
    long c = ix_table_find(t, "iCode");
    for (size_t r = 0; c >= 0 && r < ix_table_nrows(t); r++)
        if (strcmp(ix_table_cell(t, r, (size_t)c), code) == 0)
            return (long)r;
    return -1;
}

static int is_indicator(const ix_table *t, size_t r)
{
    const char *type = meta_cell(t, r, "Type");
    return strcmp(type, "Indicator") == 0 || strcmp(type, "Other") == 0;
}

/* 1 when the whitespace-separated word w is in list. */
static int has_word(const char *list, const char *w, size_t n)
{
    for (const char *p = list; *p;) {
        p += strspn(p, " ");
        size_t k = strcspn(p, " ");
        if (k == n && strncmp(p, w, n) == 0)
            return 1;
        p += k;
    }
    return 0;
}

/* The ids in after that before lacks, space-separated. */
static char *new_ids(const char *before, const char *after)
{
    size_t n = strlen(after);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (const char *p = after; *p;) {
        p += strspn(p, " ");
        size_t w = strcspn(p, " ");
        if (w && !has_word(before, p, w)) {
            if (k)
                out[k++] = ' ';
            memcpy(out + k, p, w);
            k += w;
        }
        p += w;
    }
    out[k] = '\0';
    return out;
}

static ix_ediff_indicator *next_indicator(ix_ediff *e, ix_ediff_kind kind, const char *code,
                                          const char *name)
{
    ix_ediff_indicator *x = &e->indicators[e->nindicators];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->icode = dup(code);
    x->name = dup(name);
    if (!x->icode || !x->name) {
        free(x->icode);
        free(x->name);
        return NULL;
    }
    e->nindicators++;
    return x;
}

/* 1 when both cells read as the same number ("1" and "1.0", or "0,5" in a
 * file with decimal commas and "0.5"): a changed spelling is no change. */
static int same_number(const char *x, char dx, const char *y, char dy)
{
    double a = 0, b = 0;
    const char *why = NULL;
    return *x && *y && ix_parse_number(x, dx, &a, &why) == 0 &&
           ix_parse_number(y, dy, &b, &why) == 0 && a == b;
}

static int compare_row(ix_ediff *e, const ix_table *ma, long ra, const ix_table *mb, size_t rb)
{
    size_t ncols = 0;
    while (ix_ediff_columns[ncols])
        ncols++;
    ix_ediff_field f[16];
    size_t nf = 0;
    for (size_t c = 0; c < ncols; c++) {
        const char *x = meta_cell(ma, (size_t)ra, ix_ediff_columns[c]);
        const char *y = meta_cell(mb, rb, ix_ediff_columns[c]);
        if (strcmp(x, y) != 0 && !same_number(x, ix_table_decimal(ma), y, ix_table_decimal(mb)))
            f[nf++] = (ix_ediff_field){(char *)ix_ediff_columns[c], (char *)x, (char *)y};
    }
    if (nf == 0)
        return 0;
    ix_ediff_indicator *ind = next_indicator(e, IX_EDIFF_CHANGED, meta_cell(mb, rb, "iCode"),
                                             meta_cell(mb, rb, "iName"));
    if (!ind || !(ind->fields = calloc(nf, sizeof *ind->fields)))
        return -1;
    for (size_t i = 0; i < nf; i++, ind->nfields++) {
        ind->fields[i].field = dup(f[i].field);
        ind->fields[i].before = dup(f[i].before);
        ind->fields[i].after = dup(f[i].after);
        if (!ind->fields[i].field || !ind->fields[i].before || !ind->fields[i].after) {
            ind->nfields++;
            return -1;
        }
    }
    ind->proposals = new_ids(meta_cell(ma, (size_t)ra, "Proposal"), meta_cell(mb, rb, "Proposal"));
    return ind->proposals ? 0 : -1;
}

static char *removal_ids(const char *code, const ix_ediff_trace *t, size_t n)
{
    char buf[512] = "";
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].icode && strcmp(t[i].icode, code) == 0 && k + 24 < sizeof buf)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%sF%lld", k ? " " : "", t[i].proposal);
    return dup(buf);
}

ix_status ix_ediff_indicators(const ix_table *meta_a, const ix_table *meta_b,
                              const ix_ediff_trace *removed, size_t nremoved, ix_ediff *out,
                              ix_diag *d)
{
    size_t na = ix_table_nrows(meta_a), nb = ix_table_nrows(meta_b);
    out->indicators = calloc(na + nb + 1, sizeof *out->indicators);
    if (!out->indicators)
        return oom(d);
    out->have_meta = 1;
    int fail = 0;
    for (size_t r = 0; !fail && r < nb; r++) { /* added and changed, in b's order */
        if (!is_indicator(meta_b, r))
            continue;
        const char *code = meta_cell(meta_b, r, "iCode");
        long ra = meta_row(meta_a, code);
        if (ra >= 0 && is_indicator(meta_a, (size_t)ra)) {
            fail = compare_row(out, meta_a, ra, meta_b, r) != 0;
            continue;
        }
        ix_ediff_indicator *x =
            next_indicator(out, IX_EDIFF_ADDED, code, meta_cell(meta_b, r, "iName"));
        fail = !x || !(x->proposals = new_ids("", meta_cell(meta_b, r, "Proposal")));
    }
    for (size_t r = 0; !fail && r < na; r++) { /* removed, in a's order */
        const char *code = meta_cell(meta_a, r, "iCode");
        long rb = meta_row(meta_b, code);
        if (!is_indicator(meta_a, r) || (rb >= 0 && is_indicator(meta_b, (size_t)rb)))
            continue;
        ix_ediff_indicator *x =
            next_indicator(out, IX_EDIFF_REMOVED, code, meta_cell(meta_a, r, "iName"));
        fail = !x || !(x->proposals = removal_ids(code, removed, nremoved));
    }
    return fail ? oom(d) : IX_OK;
}
