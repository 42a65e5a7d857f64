/* Aggregation rules: the tree of filters the JSON reader (or a test) builds.
 *
 * Nodes live in one array and refer to their children through a second one
 * (kids) and to set members through a third (values), so a whole rule set is
 * five allocations however many criteria it has, and the compiler walks it
 * by index. Columns are interned by name: a leaf holds the index of its
 * column in rules->columns, which the compiler binds to a file's header. */
#include "indeks/aggregate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/util.h"

/* Grows *arr (of elem-byte items, *cap of them) to hold one more than n. */
static int grow(void **arr, size_t *cap, size_t n, size_t want, size_t elem)
{
    if (n + want <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < n + want)
        c *= 2;
    void *p = realloc(*arr, c * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

static ix_status oom(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

static ix_status check_name(const char *name, const char *what, ix_diag *d)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > IX_AGG_MAX_NAME)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, what, "a name must have 1 to %d bytes",
                           IX_AGG_MAX_NAME);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F || c == '"')
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, what,
                               "\"%s\": control characters and '\"' are not allowed in a name",
                               name);
    }
    return IX_OK;
}

ix_agg_rules *ix_agg_rules_new(void)
{
    ix_agg_rules *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->code_name = ix_strdup("kommunekode");
    r->population = ix_strdup("indbyggere");
    if (!r->code_name || !r->population) {
        ix_agg_rules_free(r);
        return NULL;
    }
    return r;
}

void ix_agg_rules_free(ix_agg_rules *r)
{
    if (!r)
        return;
    free(r->municipality);
    free(r->code_name);
    free(r->population);
    for (size_t i = 0; i < r->ncolumns; i++)
        free(r->columns[i]);
    free(r->columns);
    free(r->nodes);
    free(r->values);
    free(r->kids);
    for (size_t i = 0; i < r->ncriteria; i++)
        free(r->criteria[i].id);
    free(r->criteria);
    free(r);
}

static ix_status replace(char **slot, const char *value, const char *what, ix_diag *d)
{
    if (!value)
        return IX_OK;
    ix_status st = check_name(value, what, d);
    if (st)
        return st;
    char *p = ix_strdup(value);
    if (!p)
        return oom(d);
    free(*slot);
    *slot = p;
    return IX_OK;
}

ix_status ix_agg_rules_set_names(ix_agg_rules *r, const char *municipality, const char *code_name,
                                 const char *population, ix_diag *d)
{
    ix_status st = replace(&r->municipality, municipality, "municipality", d);
    if (!st)
        st = replace(&r->code_name, code_name, "code_name", d);
    if (!st)
        st = replace(&r->population, population, "population", d);
    if (!st && strcmp(r->code_name, r->population) == 0)
        st = ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, "population",
                         "\"%s\" is also the municipality code's output name", r->population);
    return st;
}

/* Index of column name in r->columns, adding it when new. */
static ix_status intern(ix_agg_rules *r, const char *name, size_t *col, ix_diag *d)
{
    ix_status st = check_name(name, "column", d);
    if (st)
        return st;
    for (size_t i = 0; i < r->ncolumns; i++)
        if (strcmp(r->columns[i], name) == 0) {
            *col = i;
            return IX_OK;
        }
    char **p = realloc(r->columns, (r->ncolumns + 1) * sizeof *p);
    if (!p)
        return oom(d);
    r->columns = p;
    if (!(p[r->ncolumns] = ix_strdup(name)))
        return oom(d);
    *col = r->ncolumns++;
    return IX_OK;
}

static ix_status push_node(ix_agg_rules *r, const ix_agg_node *n, size_t *node, ix_diag *d)
{
    if (grow((void **)&r->nodes, &r->cap_nodes, r->nnodes, 1, sizeof *r->nodes))
        return oom(d);
    r->nodes[r->nnodes] = *n;
    *node = r->nnodes++;
    return IX_OK;
}

ix_status ix_agg_leaf_range(ix_agg_rules *r, const char *column, double lo, double hi, size_t *node,
                            ix_diag *d)
{
    if (isnan(lo) || isnan(hi) || lo > hi)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, column,
                           "a range needs lo <= hi, got [%g, %g]", lo, hi);
    ix_agg_node n = {IX_AGG_RANGE, 0, lo, hi, 0, 0};
    ix_status st = intern(r, column, &n.column, d);
    return st ? st : push_node(r, &n, node, d);
}

ix_status ix_agg_leaf_in(ix_agg_rules *r, const char *column, const double *values, size_t n,
                         size_t *node, ix_diag *d)
{
    if (n == 0)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, column, "a set needs at least one value");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, column, "set values must be finite");
    ix_agg_node nd = {IX_AGG_IN, 0, 0, 0, r->nvalues, n};
    ix_status st = intern(r, column, &nd.column, d);
    if (st)
        return st;
    if (grow((void **)&r->values, &r->cap_values, r->nvalues, n, sizeof *r->values))
        return oom(d);
    memcpy(r->values + r->nvalues, values, n * sizeof *values);
    r->nvalues += n;
    return push_node(r, &nd, node, d);
}

ix_status ix_agg_leaf_isnull(ix_agg_rules *r, const char *column, size_t *node, ix_diag *d)
{
    ix_agg_node n = {IX_AGG_ISNULL, 0, 0, 0, 0, 0};
    ix_status st = intern(r, column, &n.column, d);
    return st ? st : push_node(r, &n, node, d);
}

ix_status ix_agg_combine(ix_agg_rules *r, ix_agg_kind kind, const size_t *kids, size_t n,
                         size_t *node, ix_diag *d)
{
    if (kind != IX_AGG_AND && kind != IX_AGG_OR && kind != IX_AGG_NOT)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, NULL, "not a combining operator");
    if (kind == IX_AGG_NOT && n != 1)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, "not", "\"not\" takes one condition");
    if (kind == IX_AGG_OR && n == 0)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, "or", "\"or\" needs at least one condition");
    for (size_t i = 0; i < n; i++)
        if (kids[i] >= r->nnodes)
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, NULL, "no such node %zu", kids[i]);
    if (grow((void **)&r->kids, &r->cap_kids, r->nkids, n, sizeof *r->kids))
        return oom(d);
    ix_agg_node nd = {kind, 0, 0, 0, r->nkids, n};
    if (n)
        memcpy(r->kids + r->nkids, kids, n * sizeof *kids);
    r->nkids += n;
    return push_node(r, &nd, node, d);
}

ix_status ix_agg_rules_add(ix_agg_rules *r, const char *id, size_t root, ix_diag *d)
{
    ix_status st = check_name(id, "id", d);
    if (st)
        return st;
    if (root >= r->nnodes)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, id, "no such node %zu", root);
    if (r->ncriteria >= IX_AGG_MAX_CRITERIA)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, id, "more than %d criteria",
                           IX_AGG_MAX_CRITERIA);
    if (strcmp(id, r->code_name) == 0 || strcmp(id, r->population) == 0)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, id,
                           "\"%s\" is already the name of the code or population column", id);
    for (size_t i = 0; i < r->ncriteria; i++)
        if (strcmp(r->criteria[i].id, id) == 0)
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, id, "duplicate criterion id \"%s\"", id);
    if (grow((void **)&r->criteria, &r->cap_criteria, r->ncriteria, 1, sizeof *r->criteria))
        return oom(d);
    char *copy = ix_strdup(id);
    if (!copy)
        return oom(d);
    r->criteria[r->ncriteria].id = copy;
    r->criteria[r->ncriteria].root = root;
    r->ncriteria++;
    return IX_OK;
}

/* Depth of the tree under node, or -1 past the limit or on a bad index.
 * Children are always built before their parent, so kids[i] < node and the
 * recursion ends. */
static int depth_of(const ix_agg_rules *r, size_t node, int level)
{
    if (node >= r->nnodes || level > IX_AGG_MAX_DEPTH)
        return -1;
    const ix_agg_node *n = &r->nodes[node];
    if (n->kind != IX_AGG_AND && n->kind != IX_AGG_OR && n->kind != IX_AGG_NOT)
        return n->column < r->ncolumns ? 1 : -1;
    int best = 1;
    for (size_t i = 0; i < n->n; i++) {
        size_t k = r->kids[n->first + i];
        if (k >= node)
            return -1;
        int dk = depth_of(r, k, level + 1);
        if (dk < 0)
            return -1;
        if (dk + 1 > best)
            best = dk + 1;
    }
    return best;
}

ix_status ix_agg_rules_check(const ix_agg_rules *r, ix_diag *d)
{
    if (!r->municipality)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, "municipality",
                           "the rules must name the municipality column");
    if (r->ncriteria == 0)
        return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, "criteria", "no criteria");
    for (size_t i = 0; i < r->ncriteria; i++)
        if (depth_of(r, r->criteria[i].root, 1) < 0)
            return ix_diag_set(d, IX_ERR_MODEL, NULL, 0, 0, r->criteria[i].id,
                               "conditions nested deeper than %d levels", IX_AGG_MAX_DEPTH);
    return IX_OK;
}
