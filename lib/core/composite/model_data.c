/* The unit side of a composite model: units, indicator and denominator
 * columns, group labels, and read-only accessors. */
#include "composite/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/util.h"

static ix_status nomem(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading unit data");
}

typedef struct {
    const char *code;
    size_t unit;
} code_ref;

static int by_code_then_unit(const void *a, const void *b)
{
    const code_ref *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->unit > y->unit) - (x->unit < y->unit);
}

/* Sorting by (code, unit) puts duplicates side by side; the one reported is
 * the first repeat in file order, named with the line of its first use. */
static ix_status check_unique_codes(ix_comp_model *m, long code_col, ix_diag *d)
{
    size_t n = m->nunits, dup = (size_t)-1, first = 0;
    if (n < 2)
        return IX_OK;
    code_ref *refs = malloc(n * sizeof *refs);
    if (!refs)
        return nomem(d);
    for (size_t u = 0; u < n; u++)
        refs[u] = (code_ref){m->ucodes[u], u};
    qsort(refs, n, sizeof *refs, by_code_then_unit);
    /* In each run of equal codes the second entry is that code's first repeat. */
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && strcmp(refs[b].code, refs[a].code) == 0; b++)
            ;
        if (b - a >= 2 && refs[a + 1].unit < dup) {
            dup = refs[a + 1].unit;
            first = refs[a].unit;
        }
    }
    free(refs);
    if (dup == (size_t)-1)
        return IX_OK;
    return ix_diag_set(d, IX_ERR_INPUT, m->data_source, m->ulines[dup], code_col, "uCode",
                       "duplicate uCode \"%s\" (first on line %ld)", m->ucodes[dup],
                       m->ulines[first]);
}

ix_status ix_comp_model_set_units(ix_comp_model *m, size_t n, const char *const *codes,
                                  const char *const *names, const long *lines, long code_col,
                                  const char *data_source, ix_diag *d)
{
    if (m->nunits)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "units are already set");
    snprintf(m->data_source, sizeof m->data_source, "%s", data_source ? data_source : "IDATA");
    m->code_col = code_col;
    if (n == 0)
        return ix_diag_set(d, IX_ERR_INPUT, m->data_source, 0, 0, NULL, "IDATA has no units");
    m->ucodes = calloc(n, sizeof *m->ucodes);
    m->unames = calloc(n, sizeof *m->unames);
    m->ulines = calloc(n, sizeof *m->ulines);
    m->coverage = calloc(n, sizeof *m->coverage);
    if (!m->ucodes || !m->unames || !m->ulines || !m->coverage)
        return nomem(d);
    m->nunits = n;
    for (size_t u = 0; u < n; u++) {
        m->ulines[u] = lines ? lines[u] : (long)u + 2;
        m->ucodes[u] = ix_strdup(codes[u]);
        m->unames[u] = ix_strdup(names ? names[u] : codes[u]);
        if (!m->ucodes[u] || !m->unames[u])
            return nomem(d);
        if (!codes[u][0])
            return ix_diag_set(d, IX_ERR_INPUT, m->data_source, m->ulines[u], code_col, "uCode",
                               "uCode is empty");
    }
    return check_unique_codes(m, code_col, d);
}

static long find_extra(const ix_comp_model *m, const char *code)
{
    if (m->extra_index.entries && m->extra_index.n == m->nextras)
        return ix_name_index_find(&m->extra_index, code);
    for (size_t e = 0; e < m->nextras; e++)
        if (strcmp(m->extras[e].code, code) == 0)
            return (long)e;
    return -1;
}

static double *copy_values(const double *values, size_t n)
{
    double *v = malloc(n * sizeof *v);
    if (v)
        memcpy(v, values, n * sizeof *v);
    return v;
}

ix_status ix_comp_model_set_values(ix_comp_model *m, const char *code, const double *values,
                                   long column, ix_diag *d)
{
    long j = ix_comp_model_find_node(m, code);
    if (j >= 0 && m->nodes[j].type == IX_COMP_INDICATOR) {
        free(m->nodes[j].raw);
        if (!(m->nodes[j].raw = copy_values(values, m->nunits)))
            return nomem(d);
        m->nodes[j].data_col = column;
        return IX_OK;
    }
    long e = find_extra(m, code);
    if (e >= 0 && m->extras[e].type == IX_COMP_DENOMINATOR) {
        free(m->extras[e].values);
        if (!(m->extras[e].values = copy_values(values, m->nunits)))
            return nomem(d);
        m->extras[e].data_col = column;
        return IX_OK;
    }
    return ix_diag_set(d, IX_ERR_INPUT, m->data_source, 1, column, code,
                       "\"%s\" is not an Indicator or Denominator in IMETA", code);
}

ix_status ix_comp_model_set_groups(ix_comp_model *m, const char *code, const char *const *labels,
                                   ix_diag *d)
{
    long e = find_extra(m, code);
    if (e < 0 || m->extras[e].type != IX_COMP_GROUP)
        return ix_diag_set(d, IX_ERR_INPUT, m->data_source, 1, 0, code,
                           "\"%s\" is not a Group in IMETA", code);
    ix__comp_extra *x = &m->extras[e];
    free(x->group);
    if (!(x->group = malloc(m->nunits * sizeof *x->group)))
        return nomem(d);
    x->ngroups = 0;
    /* Group ids in order of first appearance: a unit's id is that of the
     * first unit with the same label. */
    for (size_t u = 0; u < m->nunits; u++) {
        x->group[u] = -1;
        if (!labels[u] || !labels[u][0])
            continue;
        for (size_t v = 0; v < u; v++)
            if (x->group[v] >= 0 && strcmp(labels[v], labels[u]) == 0) {
                x->group[u] = x->group[v];
                break;
            }
        if (x->group[u] < 0)
            x->group[u] = (int)x->ngroups++;
    }
    return IX_OK;
}

ix_status ix_comp_model_finish(ix_comp_model *m, ix_diag *d)
{
    for (size_t i = 0; i < m->nind; i++)
        if (!m->nodes[i].raw)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, m->nodes[i].line, m->mcols.code,
                               "iCode", "indicator \"%s\" has no column in %s", m->nodes[i].code,
                               m->data_source);
    for (size_t e = 0; e < m->nextras; e++) {
        const ix__comp_extra *x = &m->extras[e];
        if ((x->type == IX_COMP_DENOMINATOR && !x->values) || (x->type == IX_COMP_GROUP && !x->group))
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, x->line, m->mcols.code, "iCode",
                               "%s \"%s\" has no column in %s",
                               x->type == IX_COMP_GROUP ? "group" : "denominator", x->code,
                               m->data_source);
    }
    for (size_t u = 0; u < m->nunits; u++) {
        size_t have = 0;
        for (size_t i = 0; i < m->nind; i++)
            have += !isnan(m->nodes[i].raw[u]);
        m->coverage[u] = (double)have / (double)m->nind;
    }
    return IX_OK;
}

/* ---- accessors --------------------------------------------------------- */

size_t ix_comp_model_nnodes(const ix_comp_model *m) { return m->nnodes; }
size_t ix_comp_model_nindicators(const ix_comp_model *m) { return m->nind; }
size_t ix_comp_model_nunits(const ix_comp_model *m) { return m->nunits; }
size_t ix_comp_model_index_node(const ix_comp_model *m) { return m->nnodes - 1; }
int ix_comp_model_nlevels(const ix_comp_model *m) { return m->nlevels; }
const char *ix_comp_node_code(const ix_comp_model *m, size_t j) { return m->nodes[j].code; }
const char *ix_comp_node_name(const ix_comp_model *m, size_t j) { return m->nodes[j].name; }
int ix_comp_node_level(const ix_comp_model *m, size_t j) { return m->nodes[j].level; }
int ix_comp_node_direction(const ix_comp_model *m, size_t j) { return m->nodes[j].direction; }
double ix_comp_node_target(const ix_comp_model *m, size_t j) { return m->nodes[j].target; }
double ix_comp_node_weight(const ix_comp_model *m, size_t j) { return m->nodes[j].weight; }
long ix_comp_node_parent(const ix_comp_model *m, size_t j) { return m->nodes[j].parent; }
const double *ix_comp_node_raw(const ix_comp_model *m, size_t j) { return m->nodes[j].raw; }
const char *ix_comp_unit_code(const ix_comp_model *m, size_t u) { return m->ucodes[u]; }
const char *ix_comp_unit_name(const ix_comp_model *m, size_t u) { return m->unames[u]; }
double ix_comp_unit_coverage(const ix_comp_model *m, size_t u) { return m->coverage[u]; }
const char *ix_comp_model_data_source(const ix_comp_model *m) { return m->data_source; }
const char *ix_comp_model_meta_source(const ix_comp_model *m) { return m->meta_source; }

const char *ix_comp_node_recommendation(const ix_comp_model *m, size_t j)
{
    return m->nodes[j].recommendation;
}

const char *ix_comp_node_unit(const ix_comp_model *m, size_t j)
{
    return m->nodes[j].unit ? m->nodes[j].unit : "";
}

const double *ix_comp_node_denominator(const ix_comp_model *m, size_t j)
{
    long e = m->nodes[j].denom;
    return e < 0 ? NULL : m->extras[e].values;
}

long ix_comp_model_find_node(const ix_comp_model *m, const char *code)
{
    /* The index holds every node once the model is built; before, scan. */
    if (m->node_index.entries && m->node_index.n == m->nnodes)
        return ix_name_index_find(&m->node_index, code);
    for (size_t j = 0; j < m->nnodes; j++)
        if (strcmp(m->nodes[j].code, code) == 0)
            return (long)j;
    return -1;
}

long ix_comp_model_find_unit(const ix_comp_model *m, const char *code)
{
    for (size_t u = 0; u < m->nunits; u++)
        if (strcmp(m->ucodes[u], code) == 0)
            return (long)u;
    return -1;
}
