/* The composite index as a sensitivity problem.
 *
 * Fast by design. The recipe's steps before the first aggregate (denominate,
 * impute, screen, treat, normalise) work indicator by indicator and do not
 * depend on the weights, so their result depends only on the discrete
 * choices made for them: with 5 values of winmax and 2 normalisations there
 * are 10 distinct matrices. Those are computed once, before the loop, each
 * by its own plan compiled from its variant of the recipe (so every variant
 * is checked exactly as `indeks composite` would check it), and kept with
 * the log of every value for the geometric mean. A replication then copies
 * its matrix into the thread's plan when it differs from the one already
 * there, sets the weights and the tail steps, and runs only the aggregation,
 * column-wise (composite/sa_plan.c). When the variants are too many to keep
 * (over 1024, or 512 MB), every replication runs the whole recipe instead;
 * the results are the same.
 *
 * Factors and their mapping from u in [0, 1):
 *  - a parameter's values or a step's alternatives: number floor(u·k);
 *  - leave_out: floor(u·(n+1)): 0 keeps every indicator, i > 0 sets the
 *    weight of indicator i to 0 (as COINr does for a zero weight: the
 *    indicator still counts towards coverage and dat_thresh);
 *  - weights: u seeds a generator that draws each weight at the given
 *    levels uniformly in w·[1 − noise, 1 + noise]; the weights of each
 *    parent's children are then rescaled to their nominal sum. */
#include "sensitivity_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "composite/sa_plan.h"
#include "indeks/demo.h"

#define MAX_COMBOS 1024
#define MAX_CACHE_BYTES ((size_t)512 << 20)

typedef struct comp_ctx {
    const ix_comp_model *m;
    ix_comp_recipe recipe;        /* nominal */
    const ix_sa_spec *spec;
    uint64_t seed;
    size_t nu, ni, nn, index_node;
    size_t target[IX_SA_MAX_CHOICES]; /* recipe step of a PARAM / ALTERNATIVES choice */
    size_t levels[IX_SA_MAX_CHOICES];
    size_t first_agg;             /* K: steps [0, K) are the cached prefix */
    int cached;
    size_t npre, pre[IX_SA_MAX_CHOICES]; /* choices on prefix steps (mixed radix) */
    size_t ncombos;
    double *cache_x, *cache_log;  /* ncombos × ni × nu */
    unsigned char *cache_active;  /* ncombos × nu */
    unsigned char *cache_nan;     /* ncombos × ni: the column holds a NaN */
    long *parent;                 /* nn */
    double *weights;              /* nominal, nn */
    unsigned char *perturb;       /* per choice × nn: node's weight is drawn */
    long *nominal;                /* nu */
} comp_ctx;

typedef struct comp_ws {
    ix_comp_plan *p;
    double *acc;
    size_t *order;
    double *now, *nom;            /* nn: weight sums per parent */
    unsigned char *colnan;        /* nn */
    size_t loaded;                /* combo in p's matrix, SIZE_MAX = none */
} comp_ws;

/* Applies choice c's option i to step s. */
static void apply(const ix_sa_choice *c, size_t i, ix_comp_step *s)
{
    if (c->kind == IX_SA_ALTERNATIVES) {
        long line = s->line, col = s->column;
        *s = c->alts[i];
        s->line = line;
        s->column = col;
        return;
    }
    double v = c->values[i];
    if (strcmp(c->param, "winmax") == 0)
        s->winmax = (int)v;
    else if (strcmp(c->param, "skew_thresh") == 0)
        s->skew_thresh = v;
    else if (strcmp(c->param, "kurt_thresh") == 0)
        s->kurt_thresh = v;
    else if (strcmp(c->param, "dat_thresh") == 0)
        s->dat_thresh = v;
}

static int is_step_choice(const ix_sa_choice *c)
{
    return c->kind == IX_SA_PARAM || c->kind == IX_SA_ALTERNATIVES;
}

/* Checks the spec against the model and recipe; every option of every step
 * choice is compiled into a plan once, so a bad one is found now. */
static ix_status check_spec(comp_ctx *cx, ix_diag *d)
{
    const ix_sa_spec *sp = cx->spec;
    for (size_t j = 0; j < sp->nchoices; j++) {
        const ix_sa_choice *c = &sp->choices[j];
        if (c->kind == IX_SA_WEIGHTS) {
            for (int lev = 0; lev < 32; lev++)
                if ((c->levels >> lev) & 1u && (lev < 1 || lev >= ix_comp_model_nlevels(cx->m)))
                    return ix_diag_set(d, IX_ERR_MODEL, sp->source, c->line, c->column, "levels",
                                       "level %d has no weights: the model's weighted levels "
                                       "are 1 to %d (the index, level %d, has none)",
                                       lev, ix_comp_model_nlevels(cx->m) - 1,
                                       ix_comp_model_nlevels(cx->m));
            cx->levels[j] = 0;
            continue;
        }
        if (c->kind == IX_SA_LEAVE_OUT) {
            cx->levels[j] = cx->ni + 1;
            continue;
        }
        size_t k = 0;
        while (k < cx->recipe.nsteps && cx->recipe.steps[k].kind != c->step)
            k++;
        if (k == cx->recipe.nsteps)
            return ix_diag_set(d, IX_ERR_MODEL, sp->source, c->line, c->column, "step",
                               "the recipe (%s) has no \"%s\" step to vary", cx->recipe.source,
                               ix_comp_step_name(c->step));
        cx->target[j] = k;
        cx->levels[j] = c->kind == IX_SA_PARAM ? c->nvalues : c->nalts;
        for (size_t i = 0; i < cx->levels[j]; i++) {
            ix_comp_recipe r = cx->recipe;
            ix_comp_plan *p = NULL;
            ix_diag inner;
            apply(c, i, &r.steps[k]);
            ix_status st = ix_comp_plan_new(cx->m, &r, &p, &inner);
            ix_comp_plan_free(p);
            if (st) {
                char msg[600];
                ix_diag_format(&inner, msg, sizeof msg);
                return ix_diag_set(d, st, sp->source, c->line, c->column, c->label,
                                   "option %zu does not fit the model: %s", i + 1, msg);
            }
        }
    }
    return IX_OK;
}

/* The recipe for prefix combination `combo` (all tail steps nominal). */
static void combo_recipe(const comp_ctx *cx, size_t combo, ix_comp_recipe *r)
{
    *r = cx->recipe;
    for (size_t q = 0; q < cx->npre; q++) {
        size_t j = cx->pre[q], k = cx->levels[j];
        apply(&cx->spec->choices[j], combo % k, &r->steps[cx->target[j]]);
        combo /= k;
    }
}

static int needs_log(const comp_ctx *cx)
{
    if (cx->recipe.steps[cx->first_agg].method == IX_AGG_GMEAN)
        return 1;
    for (size_t j = 0; j < cx->spec->nchoices; j++) {
        const ix_sa_choice *c = &cx->spec->choices[j];
        if (c->kind == IX_SA_ALTERNATIVES && is_step_choice(c) && cx->target[j] == cx->first_agg)
            for (size_t i = 0; i < c->nalts; i++)
                if (c->alts[i].method == IX_AGG_GMEAN)
                    return 1;
    }
    return 0;
}

static ix_status build_cache(comp_ctx *cx, ix_diag *d)
{
    size_t K = cx->first_agg, per = cx->ni * cx->nu;
    cx->ncombos = 1;
    for (size_t j = 0; j < cx->spec->nchoices; j++)
        if (is_step_choice(&cx->spec->choices[j]) && cx->target[j] < K) {
            cx->pre[cx->npre++] = j;
            if (cx->ncombos > MAX_COMBOS)
                break;
            cx->ncombos *= cx->levels[j];
        }
    int lg = needs_log(cx);
    if (cx->ncombos > MAX_COMBOS || cx->ncombos * per * sizeof(double) * (1u + lg) > MAX_CACHE_BYTES)
        return IX_OK; /* every replication runs the whole recipe */
    cx->cache_x = malloc(cx->ncombos * per * sizeof *cx->cache_x);
    cx->cache_active = malloc(cx->ncombos * cx->nu);
    cx->cache_nan = calloc(cx->ncombos * cx->ni, 1);
    if (lg)
        cx->cache_log = malloc(cx->ncombos * per * sizeof *cx->cache_log);
    if (!cx->cache_x || !cx->cache_active || !cx->cache_nan || (lg && !cx->cache_log))
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t c = 0; c < cx->ncombos; c++) {
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        combo_recipe(cx, c, &r);
        ix_status st = ix_comp_plan_new(cx->m, &r, &p, d);
        if (!st)
            st = ix__comp_plan_run_steps(p, 0, K, d);
        if (!st)
            ix__comp_plan_save(p, cx->cache_x + c * per, cx->cache_active + c * cx->nu);
        ix_comp_plan_free(p);
        if (st)
            return st;
        for (size_t k = 0; k < per; k++)
            cx->cache_nan[c * cx->ni + k / cx->nu] |= isnan(cx->cache_x[c * per + k]);
        if (lg)
            for (size_t k = 0; k < per; k++) {
                double x = cx->cache_x[c * per + k];
                cx->cache_log[c * per + k] = x > 0 ? log(x) : NAN;
            }
    }
    cx->cached = 1;
    return IX_OK;
}

static ix_status ws_new(void *ctx, void **out, ix_diag *d)
{
    comp_ctx *cx = ctx;
    comp_ws *w = calloc(1, sizeof *w);
    if (!w)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    *out = w;
    w->loaded = SIZE_MAX;
    w->acc = malloc(4 * cx->nu * sizeof *w->acc);
    w->order = malloc(cx->nu * sizeof *w->order);
    w->now = malloc(2 * cx->nn * sizeof *w->now);
    w->nom = w->now ? w->now + cx->nn : NULL;
    w->colnan = calloc(cx->nn, 1);
    if (!w->acc || !w->order || !w->now || !w->colnan)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return ix_comp_plan_new(cx->m, &cx->recipe, &w->p, d);
}

static void ws_free(void *ws)
{
    comp_ws *w = ws;
    ix_comp_plan_free(w->p);
    free(w->acc);
    free(w->order);
    free(w->now);
    free(w->colnan);
    free(w);
}

static void draw_weights(const comp_ctx *cx, comp_ws *ws, size_t j, double u, double *w)
{
    const ix_sa_choice *c = &cx->spec->choices[j];
    const unsigned char *pert = cx->perturb + j * cx->nn;
    ix_rng g;
    ix_rng_seed(&g, ix__sa_key(cx->seed + j, u));
    for (size_t k = 0; k < cx->nn; k++)
        ws->now[k] = ws->nom[k] = 0;
    for (size_t k = 0; k < cx->nn; k++)
        if (pert[k]) {
            w[k] *= 1 + c->noise * (2 * ix_rng_uniform(&g) - 1);
            ws->now[cx->parent[k]] += w[k];
            ws->nom[cx->parent[k]] += cx->weights[k];
        }
    /* Rescale each parent's children to their nominal sum. */
    for (size_t k = 0; k < cx->nn; k++)
        if (pert[k] && ws->now[cx->parent[k]] > 0)
            w[k] *= ws->nom[cx->parent[k]] / ws->now[cx->parent[k]];
}

static ix_status eval(void *ctx, void *wsp, const double *u, uint32_t *rank, ix_diag *d)
{
    const comp_ctx *cx = ctx;
    comp_ws *ws = wsp;
    ix_comp_plan *p = ws->p;
    const ix_sa_spec *sp = cx->spec;
    size_t K = cx->first_agg;
    ix_status st;
    /* The prefix: a cached matrix, or the whole prefix run. */
    size_t combo = 0;
    for (size_t q = cx->npre; q-- > 0;) {
        size_t j = cx->pre[q];
        combo = combo * cx->levels[j] + ix__sa_pick(u[j], cx->levels[j]);
    }
    const double *logx = NULL;
    if (cx->cached) {
        if (ws->loaded != combo) {
            ix__comp_plan_load(p, cx->cache_x + combo * cx->ni * cx->nu,
                               cx->cache_active + combo * cx->nu);
            ws->loaded = combo;
            memcpy(ws->colnan, cx->cache_nan + combo * cx->ni, cx->ni);
        }
        if (cx->cache_log)
            logx = cx->cache_log + combo * cx->ni * cx->nu;
    }
    /* Every step from its nominal form, then the choices on it. */
    for (size_t k = cx->cached ? K : 0; k < cx->recipe.nsteps; k++) {
        ix_comp_step s = cx->recipe.steps[k];
        for (size_t j = 0; j < sp->nchoices; j++)
            if (is_step_choice(&sp->choices[j]) && cx->target[j] == k)
                apply(&sp->choices[j], ix__sa_pick(u[j], cx->levels[j]), &s);
        if ((st = ix__comp_plan_set_step(p, k, &s, d)))
            return st;
    }
    double *w = ix__comp_plan_weights(p);
    memcpy(w, cx->weights, cx->nn * sizeof *w);
    for (size_t j = 0; j < sp->nchoices; j++) {
        if (sp->choices[j].kind == IX_SA_WEIGHTS)
            draw_weights(cx, ws, j, u[j], w);
        else if (sp->choices[j].kind == IX_SA_LEAVE_OUT) {
            size_t i = ix__sa_pick(u[j], cx->levels[j]);
            if (i > 0)
                w[i - 1] = 0;
        }
    }
    if (!cx->cached) {
        if ((st = ix__comp_plan_run_steps(p, 0, K, d)))
            return st;
        ix__comp_plan_nan_columns(p, ws->colnan);
    }
    for (size_t k = K; k < cx->recipe.nsteps; k++) {
        const ix_comp_step *s = ix__comp_plan_step(p, k);
        if (s->kind == IX_STEP_AGGREGATE)
            st = ix__comp_sa_aggregate(p, s, k == K ? logx : NULL, ws->acc, ws->colnan, d);
        else {
            st = ix__comp_plan_run_steps(p, k, k + 1, d);
            ix__comp_plan_nan_columns(p, ws->colnan);
            ws->loaded = SIZE_MAX; /* the indicator columns changed */
            logx = NULL;
        }
        if (st)
            return st;
    }
    ix__sa_rank(ix_comp_plan_scores(p, cx->index_node), cx->nu, rank, ws->order);
    return IX_OK;
}

static ix_status nominal_ranks(comp_ctx *cx, ix_diag *d)
{
    ix_comp_plan *p = NULL;
    ix_status st = ix_comp_plan_new(cx->m, &cx->recipe, &p, d);
    if (!st)
        st = ix_comp_plan_run(p, d);
    uint32_t *r = malloc(cx->nu * sizeof *r);
    size_t *order = malloc(cx->nu * sizeof *order);
    if (!st && (!r || !order))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        ix__sa_rank(ix_comp_plan_scores(p, cx->index_node), cx->nu, r, order);
        for (size_t u = 0; u < cx->nu; u++)
            cx->nominal[u] = r[u];
    }
    free(r);
    free(order);
    ix_comp_plan_free(p);
    return st;
}

static void free_ctx(comp_ctx *cx)
{
    if (!cx)
        return;
    free(cx->cache_x);
    free(cx->cache_log);
    free(cx->cache_active);
    free(cx->weights);
    free(cx->perturb);
    free(cx->cache_nan);
    free(cx->parent);
    free(cx->nominal);
    free(cx);
}

static ix_status prepare(comp_ctx *cx, ix_diag *d)
{
    ix_status st = check_spec(cx, d);
    if (st)
        return st;
    cx->weights = malloc(cx->nn * sizeof *cx->weights);
    cx->perturb = calloc(cx->spec->nchoices * cx->nn, 1);
    cx->parent = calloc(cx->nn, sizeof *cx->parent);
    if (!cx->weights || !cx->perturb || !cx->parent)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < cx->nn; k++) {
        cx->weights[k] = ix_comp_node_weight(cx->m, k);
        long par = ix_comp_node_parent(cx->m, k);
        cx->parent[k] = par < 0 ? (long)k : par; /* the index: never perturbed */
    }
    for (size_t j = 0; j < cx->spec->nchoices; j++)
        if (cx->spec->choices[j].kind == IX_SA_WEIGHTS)
            for (size_t k = 0; k < cx->nn; k++)
                cx->perturb[j * cx->nn + k] = ix_comp_node_parent(cx->m, k) >= 0 &&
                                              ((cx->spec->choices[j].levels >>
                                                ix_comp_node_level(cx->m, k)) & 1u);
    cx->first_agg = 0;
    while (cx->recipe.steps[cx->first_agg].kind != IX_STEP_AGGREGATE)
        cx->first_agg++;
    if ((st = nominal_ranks(cx, d)))
        return st;
    return build_cache(cx, d);
}

ix_status ix_sa_composite(const ix_comp_model *m, const ix_comp_recipe *r, const ix_sa_spec *spec,
                          const ix_sa_config *cfg, ix_sa_result **out, ix_diag *d)
{
    *out = NULL;
    size_t nu = ix_comp_model_nunits(m);
    int has_agg = 0;
    for (size_t k = 0; k < r->nsteps; k++)
        has_agg |= r->steps[k].kind == IX_STEP_AGGREGATE;
    if (!has_agg)
        return ix_diag_set(d, IX_ERR_MODEL, r->source, 1, 1, NULL,
                           "the recipe has no aggregate step, so there is no index to rank");
    if (spec->nchoices == 0 || spec->nchoices > IX_SA_MAX_CHOICES)
        return ix_diag_set(d, IX_ERR_MODEL, spec->source, 1, 1, "choices",
                           "there must be 1 to %d choices", IX_SA_MAX_CHOICES);
    comp_ctx *cx = calloc(1, sizeof *cx);
    if (cx)
        cx->nominal = calloc(nu ? nu : 1, sizeof *cx->nominal);
    if (!cx || !cx->nominal) {
        free(cx);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    cx->m = m;
    cx->recipe = *r;
    cx->spec = spec;
    cx->seed = cfg->seed;
    cx->nu = nu;
    cx->ni = ix_comp_model_nindicators(m);
    cx->nn = ix_comp_model_nnodes(m);
    cx->index_node = ix_comp_model_index_node(m);
    ix_status st = prepare(cx, d);
    if (!st) {
        char(*labels)[64] = calloc(spec->nchoices, sizeof *labels);
        if (!labels) {
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        } else {
            for (size_t j = 0; j < spec->nchoices; j++)
                memcpy(labels[j], spec->choices[j].label, sizeof labels[j]);
            ix__sa_problem pb = {nu, spec->nchoices, cx->levels, cx->nominal,
                                 (const char(*)[64])labels, cx, ws_new, ws_free, eval};
            st = ix__sa_run(&pb, cfg, out, d);
            free(labels);
        }
    }
    free_ctx(cx);
    return st;
}
