/* The indicator tree and unit data of a composite index (COINr's iMeta and
 * iData after new_coin()).
 *
 * ix_comp_model_new copies the IMETA rows, sorts the indicator and aggregate
 * rows into evaluation order (indicators, then aggregates by level) and
 * checks the tree in the order a user would fix it: duplicate codes, missing
 * parents, cycles, levels, weights, directions. Every message names the
 * IMETA file, the row's line and the offending column. */
#include "composite/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/util.h"

static int is_tree_type(ix_comp_type t)
{
    return t == IX_COMP_INDICATOR || t == IX_COMP_AGGREGATE;
}

void ix_comp_model_free(ix_comp_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nnodes; i++) {
        ix__comp_node *n = &m->nodes[i];
        free(n->code);
        free(n->name);
        free(n->parent_code);
        free(n->denom_code);
        free(n->recommendation);
        free(n->unit);
        free(n->raw);
        free(n->children);
    }
    free(m->nodes);
    ix_name_index_free(&m->node_index);
    ix_name_index_free(&m->extra_index);
    for (size_t i = 0; i < m->nextras; i++) {
        free(m->extras[i].code);
        free(m->extras[i].values);
        free(m->extras[i].group);
    }
    free(m->extras);
    for (size_t u = 0; u < m->nunits; u++) {
        free(m->ucodes[u]);
        free(m->unames[u]);
    }
    free(m->ucodes);
    free(m->unames);
    free(m->ulines);
    free(m->coverage);
    free(m);
}

static ix_status nomem(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory building the index tree");
}

static ix_status copy_node(ix__comp_node *n, const ix_comp_meta_row *r)
{
    n->code = ix_strdup(r->code);
    n->name = ix_strdup(r->name);
    n->parent_code = ix_strdup(r->parent);
    n->denom_code = ix_strdup(r->denominator);
    n->recommendation = ix_strdup(r->recommendation);
    n->unit = ix_strdup(r->unit);
    if (!n->code || !n->name || !n->parent_code || !n->denom_code || !n->recommendation || !n->unit)
        return IX_ERR_NOMEM;
    n->type = r->type;
    n->level = r->level;
    n->direction = r->direction;
    n->weight = r->weight;
    n->target = r->target;
    n->gp_lower = r->gp_lower;
    n->gp_upper = r->gp_upper;
    n->gp_scale = r->gp_scale;
    n->gp_trunc = r->gp_trunc;
    n->cap_max = r->cap_max;
    n->line = r->line;
    n->parent = -1;
    n->denom = -1;
    return IX_OK;
}

/* Indicators first in IMETA order, then aggregates by level (stable). */
static ix_status copy_rows(ix_comp_model *m, const ix_comp_meta_row *rows, size_t nrows)
{
    int maxlev = 0;
    for (size_t i = 0; i < nrows; i++)
        if (is_tree_type(rows[i].type) && rows[i].level > maxlev)
            maxlev = rows[i].level;
    for (int lev = 1; lev <= maxlev; lev++)
        for (size_t i = 0; i < nrows; i++) {
            if (!is_tree_type(rows[i].type) || rows[i].level != lev)
                continue;
            if (copy_node(&m->nodes[m->nnodes++], &rows[i]))
                return IX_ERR_NOMEM;
            if (rows[i].type == IX_COMP_INDICATOR)
                m->nind++;
        }
    for (size_t i = 0; i < nrows; i++) {
        if (is_tree_type(rows[i].type))
            continue;
        ix__comp_extra *e = &m->extras[m->nextras++];
        e->code = ix_strdup(rows[i].code);
        if (!e->code)
            return IX_ERR_NOMEM;
        e->type = rows[i].type;
        e->line = rows[i].line;
    }
    m->nlevels = maxlev;
    return IX_OK;
}

static ix_status bad(const ix_comp_model *m, ix_diag *d, long line, long col, const char *field,
                     const char *msg)
{
    return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, line, col, field, "%s", msg);
}

static ix_status check_each_row(const ix_comp_meta_row *rows, size_t nrows,
                                const ix_name_index *seen, const ix_comp_model *m, ix_diag *d);

/* Levels and types that make no sense on their own, and a code twice. */
static ix_status check_rows(const ix_comp_meta_row *rows, size_t nrows, const ix_comp_model *m,
                            ix_diag *d)
{
    const char **codes = malloc((nrows ? nrows : 1) * sizeof *codes);
    ix_name_index seen = {0, NULL};
    if (!codes)
        return nomem(d);
    for (size_t i = 0; i < nrows; i++)
        codes[i] = rows[i].code && rows[i].code[0] ? rows[i].code : NULL;
    int failed = ix_name_index_build(&seen, codes, nrows);
    free(codes);
    if (failed)
        return nomem(d);
    ix_status st = check_each_row(rows, nrows, &seen, m, d);
    ix_name_index_free(&seen);
    return st;
}

/* check_rows for each row in order (the first problem is the one told);
 * seen finds a code's first row. */
static ix_status check_each_row(const ix_comp_meta_row *rows, size_t nrows,
                                const ix_name_index *seen, const ix_comp_model *m, ix_diag *d)
{
    const ix_comp_meta_cols *c = &m->mcols;
    for (size_t i = 0; i < nrows; i++) {
        const ix_comp_meta_row *r = &rows[i];
        if (!r->code || !r->code[0])
            return bad(m, d, r->line, c->code, "iCode", "iCode is empty");
        long first = ix_name_index_find(seen, r->code);
        if (first >= 0 && (size_t)first < i)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, r->line, c->code, "iCode",
                               "iCode \"%s\" appears twice (first on line %ld)", r->code,
                               rows[first].line);
        if (r->type == IX_COMP_INDICATOR && r->level != 1)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, r->line, c->level, "Level",
                               "indicator \"%s\" must have Level 1, not %d", r->code, r->level);
        if (r->type == IX_COMP_AGGREGATE && r->level < 2)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, r->line, c->level, "Level",
                               "aggregate \"%s\" must have Level 2 or more, not %d", r->code,
                               r->level);
    }
    return IX_OK;
}

static ix_status link_parents(ix_comp_model *m, ix_diag *d)
{
    const ix_comp_meta_cols *c = &m->mcols;
    for (size_t i = 0; i < m->nnodes; i++) {
        ix__comp_node *n = &m->nodes[i];
        if (!n->parent_code[0])
            continue;
        long p = ix_comp_model_find_node(m, n->parent_code);
        if (p < 0)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->parent, "Parent",
                               "Parent \"%s\" of \"%s\" is not an iCode of an Indicator or "
                               "Aggregate row in IMETA",
                               n->parent_code, n->code);
        if (m->nodes[p].type != IX_COMP_AGGREGATE)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->parent, "Parent",
                               "Parent \"%s\" of \"%s\" is an indicator; only an Aggregate can "
                               "have children",
                               n->parent_code, n->code);
        n->parent = p;
    }
    return IX_OK;
}

/* Follows parents from every node; a walk longer than the node count is a
 * cycle. Reported before the level check, which a cycle would also break,
 * because "cycle" is what the user has to fix. */
static ix_status check_cycles(const ix_comp_model *m, ix_diag *d)
{
    for (size_t i = 0; i < m->nnodes; i++) {
        long p = m->nodes[i].parent;
        size_t steps = 0;
        while (p >= 0 && steps <= m->nnodes) {
            if ((size_t)p == i)
                return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, m->nodes[i].line,
                                   m->mcols.parent, "Parent",
                                   "the tree has a cycle: following Parent from \"%s\" leads "
                                   "back to \"%s\"",
                                   m->nodes[i].code, m->nodes[i].code);
            p = m->nodes[p].parent;
            steps++;
        }
    }
    return IX_OK;
}

static ix_status check_tree(ix_comp_model *m, ix_diag *d)
{
    const ix_comp_meta_cols *c = &m->mcols;
    size_t ntop = 0;
    for (size_t i = 0; i < m->nnodes; i++) {
        ix__comp_node *n = &m->nodes[i];
        if (n->parent < 0) {
            ntop++;
            if (n->level != m->nlevels)
                return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->parent, "Parent",
                                   "\"%s\" (Level %d) has no Parent; only the index at the top "
                                   "level (%d) may have none",
                                   n->code, n->level, m->nlevels);
            continue;
        }
        const ix__comp_node *p = &m->nodes[n->parent];
        if (p->level != n->level + 1)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->level, "Level",
                               "\"%s\" has Level %d but its Parent \"%s\" has Level %d; a parent "
                               "must be exactly one level up",
                               n->code, n->level, p->code, p->level);
        if (isnan(n->weight) || n->weight < 0 || isinf(n->weight))
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->weight, "Weight",
                               "Weight of \"%s\" must be a number >= 0", n->code);
    }
    if (m->nind == 0)
        return bad(m, d, 0, 0, NULL, "IMETA has no row of Type Indicator");
    if (ntop != 1 || m->nlevels < 2)
        return bad(m, d, 0, 0, "Parent",
                   "IMETA must have exactly one top-level aggregate (the index) above Level 1");
    return IX_OK;
}

static ix_status check_indicators(ix_comp_model *m, ix_diag *d)
{
    const ix_comp_meta_cols *c = &m->mcols;
    for (size_t i = 0; i < m->nnodes; i++) {
        ix__comp_node *n = &m->nodes[i];
        if (n->type == IX_COMP_INDICATOR && n->direction != 1 && n->direction != -1)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->direction, "Direction",
                               "Direction of indicator \"%s\" must be 1 or -1", n->code);
        if (n->type != IX_COMP_INDICATOR || !n->denom_code[0])
            continue;
        for (size_t e = 0; e < m->nextras; e++)
            if (m->extras[e].type == IX_COMP_DENOMINATOR &&
                strcmp(m->extras[e].code, n->denom_code) == 0)
                n->denom = (long)e;
        if (n->denom < 0)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, c->denominator,
                               "Denominator",
                               "Denominator \"%s\" of \"%s\" is not an iCode of Type Denominator",
                               n->denom_code, n->code);
    }
    return IX_OK;
}

static ix_status build_children(ix_comp_model *m)
{
    for (size_t i = 0; i < m->nnodes; i++) {
        long p = m->nodes[i].parent;
        if (p >= 0)
            m->nodes[p].nchildren++;
    }
    for (size_t i = 0; i < m->nnodes; i++) {
        ix__comp_node *n = &m->nodes[i];
        if (n->nchildren == 0)
            continue;
        n->children = malloc(n->nchildren * sizeof *n->children);
        if (!n->children)
            return IX_ERR_NOMEM;
        n->nchildren = 0;
    }
    for (size_t i = 0; i < m->nnodes; i++) {
        long p = m->nodes[i].parent;
        if (p >= 0)
            m->nodes[p].children[m->nodes[p].nchildren++] = i;
    }
    return IX_OK;
}

static ix_status check_aggregates(const ix_comp_model *m, ix_diag *d)
{
    for (size_t i = 0; i < m->nnodes; i++) {
        const ix__comp_node *n = &m->nodes[i];
        if (n->type == IX_COMP_AGGREGATE && n->nchildren == 0)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, m->mcols.code, "iCode",
                               "aggregate \"%s\" has no children (no row names it as Parent)",
                               n->code);
    }
    return IX_OK;
}

/* The code -> position indexes of the nodes and the extra columns. */
static int build_indexes(ix_comp_model *m)
{
    size_t n = m->nnodes > m->nextras ? m->nnodes : m->nextras;
    const char **codes = malloc((n ? n : 1) * sizeof *codes);
    if (!codes)
        return -1;
    for (size_t j = 0; j < m->nnodes; j++)
        codes[j] = m->nodes[j].code;
    int failed = ix_name_index_build(&m->node_index, codes, m->nnodes);
    for (size_t e = 0; e < m->nextras; e++)
        codes[e] = m->extras[e].code;
    failed |= ix_name_index_build(&m->extra_index, codes, m->nextras);
    free(codes);
    return failed;
}

ix_status ix_comp_model_new(const ix_comp_meta_row *rows, size_t nrows, const char *meta_source,
                            const ix_comp_meta_cols *cols, ix_comp_model **out, ix_diag *d)
{
    ix_status st = IX_OK;
    *out = NULL;
    ix_comp_model *m = calloc(1, sizeof *m);
    if (!m)
        return nomem(d);
    snprintf(m->meta_source, sizeof m->meta_source, "%s", meta_source ? meta_source : "IMETA");
    snprintf(m->data_source, sizeof m->data_source, "IDATA");
    /* Zero from calloc already; said again because the static analyzer
     * forgets *m across the snprintf calls above. */
    m->nnodes = m->nextras = 0;
    if (cols)
        m->mcols = *cols;
    m->nodes = calloc(nrows ? nrows : 1, sizeof *m->nodes);
    m->extras = calloc(nrows ? nrows : 1, sizeof *m->extras);
    if (!m->nodes || !m->extras) {
        st = nomem(d);
        goto out;
    }
    if ((st = check_rows(rows, nrows, m, d)))
        goto out;
    if (copy_rows(m, rows, nrows) || build_indexes(m)) {
        st = nomem(d);
        goto out;
    }
    if ((st = link_parents(m, d)) || (st = check_cycles(m, d)) || (st = check_tree(m, d)) ||
        (st = check_indicators(m, d)))
        goto out;
    if (build_children(m)) {
        st = nomem(d);
        goto out;
    }
    if ((st = check_aggregates(m, d)))
        goto out;
    *out = m;
    m = NULL;
out:
    ix_comp_model_free(m);
    return st;
}
