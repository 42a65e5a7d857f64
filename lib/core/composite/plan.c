/* A recipe compiled against a model.
 *
 * ix_comp_plan_new does everything that can fail for reasons other than the
 * numbers: it checks what each step needs from IMETA (Target, goalposts,
 * the group column, denominators) and allocates the matrix and every
 * scratch buffer. ix_comp_plan_run then copies the raw data in and runs the
 * steps in place, allocation-free, so an uncertainty analysis can re-run it
 * many thousand times with changed weights. */
#include "composite/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ix_comp_step_default(ix_comp_step *s, ix_comp_step_kind kind)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->dat_thresh = NAN;
    /* COINr's Treat defaults: winmax 5, |skew| < 2 or kurtosis < 3.5. */
    s->winmax = 5;
    s->skew_thresh = 2;
    s->kurt_thresh = 3.5;
    s->range[0] = 0;
    s->range[1] = 100;
    s->m_sd[0] = 0;
    s->m_sd[1] = 1;
    s->cap_max = -1;
    s->p = NAN;
    switch (kind) {
    case IX_STEP_IMPUTE: s->method = IX_IMPUTE_MEAN; break;
    case IX_STEP_NORMALISE: s->method = IX_NORM_MINMAX; break;
    case IX_STEP_AGGREGATE: s->method = IX_COMP_AGG_AMEAN; break;
    case IX_STEP_SCREEN: s->dat_thresh = 2.0 / 3.0; break; /* COINr's Screen default */
    default: break;
    }
}

void ix_comp_recipe_default(ix_comp_recipe *r)
{
    memset(r, 0, sizeof *r);
    ix_comp_step_default(&r->steps[0], IX_STEP_NORMALISE);
    ix_comp_step_default(&r->steps[1], IX_STEP_AGGREGATE);
    r->nsteps = 2;
    memcpy(r->source, "default recipe", sizeof "default recipe");
}

/* Names from the X-macro tables of composite.h. */
#define NAME_CASE(name, value, text) case IX_##name: return text;

const char *ix_comp_step_name(ix_comp_step_kind kind)
{
    switch (kind) { IX_COMP_STEP_MAP(NAME_CASE) }
    return "?";
}

const char *ix_comp_method_name(ix_comp_step_kind kind, int method)
{
    switch (kind) {
    case IX_STEP_IMPUTE:
        switch ((ix_comp_impute)method) { IX_COMP_IMPUTE_MAP(NAME_CASE) }
        break;
    case IX_STEP_NORMALISE:
        switch ((ix_comp_norm)method) { IX_COMP_NORM_MAP(NAME_CASE) }
        break;
    case IX_STEP_AGGREGATE:
        switch ((ix_comp_agg)method) { IX_COMP_AGG_MAP(NAME_CASE) }
        break;
    default: break;
    }
    return "";
}
#undef NAME_CASE

#define LOOKUP(name, value, text)                                                                  \
    if (strcmp(v, text) == 0)                                                                      \
        return value;

int ix_comp_method_lookup(ix_comp_step_kind kind, const char *v)
{
    switch (kind) {
    case IX_STEP_IMPUTE: IX_COMP_IMPUTE_MAP(LOOKUP) break;
    case IX_STEP_NORMALISE: IX_COMP_NORM_MAP(LOOKUP) break;
    case IX_STEP_AGGREGATE: IX_COMP_AGG_MAP(LOOKUP) break;
    default: break;
    }
    return 0;
}

int ix_comp_step_lookup(const char *v)
{
    IX_COMP_STEP_MAP(LOOKUP)
    if (strcmp(v, "normalize") == 0)
        return IX_STEP_NORMALISE;
    return 0;
}
#undef LOOKUP

const char *ix_comp_method_list(ix_comp_step_kind kind, char *buf, size_t size)
{
    size_t len = 0, count = 0, n = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (int m = 1; ix_comp_method_name(kind, m)[0]; m++)
        count++;
    for (int m = 1; ix_comp_method_name(kind, m)[0]; m++) {
        const char *sep = n == 0 ? "" : n + 1 == count ? " or " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep, ix_comp_method_name(kind, m));
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
        n++;
    }
    return buf;
}

int ix_comp_step_level_method(const ix_comp_step *s, int level)
{
    if (s->nlevel_methods && level >= 0 && level < IX_COMP_MAX_LEVELS)
        return s->level_method[level];
    return s->method;
}

double ix_comp_step_level_p(const ix_comp_step *s, int level)
{
    if (s->nlevel_methods && level >= 0 && level < IX_COMP_MAX_LEVELS)
        return s->level_p[level];
    return s->p;
}

void ix_comp_plan_free(ix_comp_plan *p)
{
    if (!p)
        return;
    free(p->x);
    free(p->weights);
    free(p->active);
    free(p->withdrawn);
    free(p->screened);
    free(p->imputed);
    free(p->scratch);
    free(p->order);
    free(p->grp_sum);
    free(p->grp_n);
    free(p->treat);
    free(p->group_extra);
    free(p);
}

static ix_status step_error(const ix_comp_plan *p, const ix_comp_step *s, ix_diag *d,
                            const char *msg)
{
    return ix_diag_set(d, IX_ERR_MODEL, p->recipe.source, s->line, s->column,
                       ix_comp_step_name(s->kind), "%s", msg);
}

/* What the normalise step needs from each indicator's IMETA row. */
static ix_status check_norm_needs(const ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    const ix_comp_model *m = p->m;
    for (size_t i = 0; i < m->nind; i++) {
        const ix__comp_node *n = &m->nodes[i];
        if (s->method == IX_NORM_DIST2TARG && isnan(n->target))
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, m->mcols.target, "Target",
                               "normalise method dist2targ needs a Target for indicator \"%s\"",
                               n->code);
        if (s->method == IX_NORM_GOALPOSTS && (isnan(n->gp_lower) || isnan(n->gp_upper)))
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, 0, "goalpost_lower",
                               "normalise method goalposts needs goalpost_lower and "
                               "goalpost_upper for indicator \"%s\" (COINr's iMeta columns)",
                               n->code);
        if (s->method == IX_NORM_GOALPOSTS && n->gp_lower == n->gp_upper)
            return ix_diag_set(d, IX_ERR_INPUT, m->meta_source, n->line, 0, "goalpost_upper",
                               "goalposts of \"%s\" are equal", n->code);
    }
    return IX_OK;
}

/* One method per level must name every level (COINr: "f_ag must have
 * either length 1 ... or length equal to (number of levels - 1)"); genmean
 * needs its p. */
static ix_status check_agg_needs(const ix_comp_plan *p, const ix_comp_step *s, ix_diag *d)
{
    int nlev = p->m->nlevels;
    char msg[200];
    if (s->nlevel_methods && s->nlevel_methods != (size_t)(nlev - 1)) {
        snprintf(msg, sizeof msg,
                 "\"method\" lists %zu methods, but the model has %d levels to aggregate into "
                 "(levels 2 to %d): give one method, or one per level",
                 s->nlevel_methods, nlev - 1, nlev);
        return step_error(p, s, d, msg);
    }
    for (int lev = 2; lev <= nlev && lev < IX_COMP_MAX_LEVELS; lev++)
        if (ix_comp_step_level_method(s, lev) == IX_COMP_AGG_GENMEAN &&
            isnan(ix_comp_step_level_p(s, lev)))
            return step_error(p, s, d, "genmean needs \"p\", the exponent (COINr's a_genmean "
                                       "has no default), e.g. \"p\": 2");
    return IX_OK;
}

static ix_status check_steps(ix_comp_plan *p, ix_diag *d)
{
    const ix_comp_model *m = p->m;
    int has_agg = 0;
    for (size_t k = 0; k < p->recipe.nsteps; k++) {
        const ix_comp_step *s = &p->recipe.steps[k];
        ix_status st = IX_OK;
        p->group_extra[k] = -1;
        if (s->kind == IX_STEP_AGGREGATE) {
            has_agg = 1;
            st = check_agg_needs(p, s, d);
        }
        if (s->kind == IX_STEP_NORMALISE)
            st = check_norm_needs(p, s, d);
        if (s->kind == IX_STEP_IMPUTE &&
            (s->method == IX_IMPUTE_MEAN_GRP || s->method == IX_IMPUTE_MEDIAN_GRP)) {
            for (size_t e = 0; e < m->nextras; e++)
                if (m->extras[e].type == IX_COMP_GROUP && strcmp(m->extras[e].code, s->group) == 0)
                    p->group_extra[k] = (long)e;
            if (p->group_extra[k] < 0)
                return step_error(p, s, d,
                                  "impute by group needs \"group\": the iCode of an IMETA row "
                                  "of Type Group with a column in IDATA");
            if (m->extras[p->group_extra[k]].ngroups > p->max_groups)
                p->max_groups = m->extras[p->group_extra[k]].ngroups;
        }
        if (st)
            return st;
    }
    if (!has_agg)
        return ix_diag_set(d, IX_ERR_MODEL, p->recipe.source, 1, 1, NULL,
                           "the recipe has no aggregate step, so there is no index to rank");
    return IX_OK;
}

static ix_status alloc_plan(ix_comp_plan *p)
{
    size_t nu = p->nu, nn = p->nn;
    p->x = malloc(nu * nn * sizeof *p->x);
    p->weights = malloc(nn * sizeof *p->weights);
    p->active = calloc(nu, 1);
    p->withdrawn = calloc(nu, 1);
    p->screened = calloc(nu, 1);
    p->imputed = calloc(nu, sizeof *p->imputed);
    p->scratch = malloc(2 * nu * sizeof *p->scratch);
    p->order = malloc(nu * sizeof *p->order);
    p->treat = calloc(p->ni, sizeof *p->treat);
    p->group_extra = calloc(IX_COMP_MAX_STEPS, sizeof *p->group_extra);
    if (!p->x || !p->weights || !p->active || !p->withdrawn || !p->screened || !p->imputed ||
        !p->scratch || !p->order || !p->treat || !p->group_extra)
        return IX_ERR_NOMEM;
    return IX_OK;
}

ix_status ix_comp_plan_new(const ix_comp_model *m, const ix_comp_recipe *recipe,
                           ix_comp_plan **out, ix_diag *d)
{
    ix_status st = IX_OK;
    *out = NULL;
    ix_comp_plan *p = calloc(1, sizeof *p);
    if (!p)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    p->m = m;
    p->recipe = *recipe;
    p->nu = m->nunits;
    p->nn = m->nnodes;
    p->ni = m->nind;
    if (p->nu == 0) {
        st = ix_diag_set(d, IX_ERR_INPUT, m->data_source, 0, 0, NULL, "no units");
        goto out;
    }
    if (alloc_plan(p)) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL,
                         "out of memory for %zu units x %zu nodes", p->nu, p->nn);
        goto out;
    }
    if ((st = check_steps(p, d)))
        goto out;
    if (p->max_groups) {
        p->grp_sum = calloc(p->max_groups, sizeof *p->grp_sum);
        p->grp_n = calloc(p->max_groups, sizeof *p->grp_n);
        if (!p->grp_sum || !p->grp_n) {
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto out;
        }
    }
    for (size_t j = 0; j < p->nn; j++)
        p->weights[j] = m->nodes[j].weight;
    *out = p;
    p = NULL;
out:
    ix_comp_plan_free(p);
    return st;
}

ix_status ix_comp_plan_withdraw(ix_comp_plan *p, size_t unit, ix_diag *d)
{
    if (unit >= p->nu)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "no unit number %zu", unit);
    p->withdrawn[unit] = 1;
    return IX_OK;
}

ix_status ix_comp_plan_set_weight(ix_comp_plan *p, size_t node, double weight, ix_diag *d)
{
    if (node >= p->nn || !(weight >= 0) || isinf(weight))
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "Weight",
                           "a weight must be a finite number >= 0 for an existing node");
    p->weights[node] = weight;
    return IX_OK;
}

static void load_raw(ix_comp_plan *p)
{
    const ix_comp_model *m = p->m;
    for (size_t u = 0; u < p->nu; u++) {
        p->active[u] = !p->withdrawn[u];
        p->screened[u] = 0;
        p->imputed[u] = 0;
    }
    for (size_t i = 0; i < p->ni; i++) {
        double *c = ix__col(p, i);
        memcpy(c, m->nodes[i].raw, p->nu * sizeof *c);
        for (size_t u = 0; u < p->nu; u++)
            if (!p->active[u])
                c[u] = NAN;
        memset(&p->treat[i], 0, sizeof p->treat[i]);
    }
    for (size_t j = p->ni; j < p->nn; j++) {
        double *c = ix__col(p, j);
        for (size_t u = 0; u < p->nu; u++)
            c[u] = NAN;
    }
}

ix_status ix_comp_plan_run(ix_comp_plan *p, ix_diag *d)
{
    load_raw(p);
    for (size_t k = 0; k < p->recipe.nsteps; k++) {
        const ix_comp_step *s = &p->recipe.steps[k];
        ix_status st = IX_OK;
        switch (s->kind) {
        case IX_STEP_DENOMINATE: st = ix__comp_denominate(p, s, d); break;
        case IX_STEP_IMPUTE: st = ix__comp_impute(p, s, k, d); break;
        case IX_STEP_SCREEN: st = ix__comp_screen(p, s, d); break;
        case IX_STEP_TREAT: st = ix__comp_treat(p, s, d); break;
        case IX_STEP_NORMALISE: st = ix__comp_normalise(p, s, d); break;
        case IX_STEP_AGGREGATE: st = ix__comp_aggregate(p, s, d); break;
        }
        if (st)
            return st;
    }
    return IX_OK;
}

const double *ix_comp_plan_scores(const ix_comp_plan *p, size_t node) { return ix__col(p, node); }
int ix_comp_plan_unit_active(const ix_comp_plan *p, size_t u) { return p->active[u]; }
int ix_comp_plan_unit_screened(const ix_comp_plan *p, size_t u) { return p->screened[u]; }
int ix_comp_plan_unit_withdrawn(const ix_comp_plan *p, size_t u) { return p->withdrawn[u]; }
size_t ix_comp_plan_unit_imputed(const ix_comp_plan *p, size_t u) { return p->imputed[u]; }

const ix_comp_treatment *ix_comp_plan_treatment(const ix_comp_plan *p, size_t i)
{
    return &p->treat[i];
}
