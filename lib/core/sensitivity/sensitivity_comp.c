/* The composite index as a sensitivity problem.
 *
 * Fast by design. The recipe's steps before the first aggregate (denominate,
 * impute, screen, treat, normalise) work indicator by indicator and do not
 * depend on the weights, so their result depends only on the discrete
 * choices made for them: with 5 values of winmax and 2 normalisations there
 * are 10 distinct matrices. Those are computed once, before the loop, each
 * by its own plan compiled from its variant of the recipe (so every variant
 * is checked exactly as `indeks composite` would check it), and kept with
 * the log of every value for the geometric mean. When the recipe ends with
 * that aggregate and its method is amean or gmean, replications go in blocks
 * through the fast path (eval_block, below): one folded weighted sum per
 * unit, four replications per pass over the matrix, exact near-ties. Other
 * replications (eval) copy their matrix into the thread's plan when it
 * differs from the one already there, set the weights and the tail steps,
 * and run only the aggregation, column-wise (composite/sa_plan.c). When the
 * variants are too many to keep (over 1024, or 512 MB), every replication
 * runs the whole recipe instead; the results are the same.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "composite/sa_plan.h"
#include "indeks/demo.h"

#define MAX_COMBOS 1024
#define MAX_CACHE_BYTES ((size_t)512 << 20)
#define MAX_FAST_NODES 2048

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
    ix_diag *combo_fail;          /* ncombos: why the prefix failed on the data (file[0]
                                     or message[0] set), for failed runs */
    unsigned char *combo_bad;     /* ncombos: 1 = the prefix failed (IX_ERR_INPUT) */
    long *parent;                 /* nn */
    double *weights;              /* nominal, nn */
    unsigned char *perturb;       /* per choice × nn: node's weight is drawn */
    long *nominal;                /* nu */
    /* The fast path (see fast_prepare). */
    int fast;
    size_t nup;                   /* nu rounded up to a multiple of 8 */
    double *fx, *flog;            /* ncombos × ni × nup: cache_x, cache_log padded */
    unsigned char *ok;            /* per combo: bit 0 amean, bit 1 gmean may go fast */
    double *maxabs;               /* per combo: max |x|, max |ln x| over active units */
    size_t ntail, tail[IX_SA_MAX_CHOICES]; /* choices on the aggregate step */
    size_t ntails;
    int *tail_method;             /* per combination of those choices */
    double *tail_dat;
    size_t *plist, *pstart;       /* per WEIGHTS choice: the perturbed nodes */
    size_t *runs, *rstart;        /* per WEIGHTS choice: runs of plist with one parent
                                     (first, end, parent), positions within its list */
    double *pnom;                 /* per choice × nn: nominal weight sum per parent */
    int nonneg;                   /* nominal weights all >= 0 */
    int avx2;                     /* the AVX2 kernels may run (ix__sa_have_avx2) */
    /* Missing values on the fast path (see fast_tile_missing): */
    unsigned char *cmiss;         /* per combo: a value is missing at an active unit */
    size_t nd2, *l2, *l2pos;      /* the Level-2 nodes (the indicators' parents); l2pos per node */
    size_t *mstart, *mlist;       /* per combo and unit: the missing indicators, by parent */
} comp_ctx;

typedef struct comp_ws {
    ix_comp_plan *p;
    double *acc;
    size_t *order;
    double *now, *nom;            /* nn: weight sums per parent */
    unsigned char *colnan;        /* nn */
    size_t loaded;                /* combo in p's matrix, SIZE_MAX = none */
    /* The fast path: per point of a block, its weights and weight sums
     * (IX_SA_BLOCK × nn each), combo and kind (0 slow, 1 amean, 2 gmean). */
    double *bw, *bsw, *bm;        /* bm: m per node (m_i for indicators) */
    size_t *bcombo, *grp;
    unsigned char *bkind;
    double *nb;                   /* 4 × nup: T of a tile's points */
    double *nbd;                  /* 4 × nup × nd2: each Level-2 node's sums (missing values) */
    double *bdat;                 /* per point: the aggregate's dat_thresh */
    double *wt, *score, *ex;      /* 4 × ni; nup; nn */
    float *fscore;                /* 2 × nup */
    const double **rows;          /* nn */
    size_t *slot;                 /* nu */
    unsigned char *near;          /* nu */
    size_t *list;                 /* 2 × nu: the near-ties found */
    uint32_t *rk;                 /* nu */
#ifdef IX_SA_VERIFY
    size_t nfast, nnear;
#endif
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

/* The method an aggregate step uses at every level, 0 when it differs by
 * level (then the fast path is off). */
static int uniform_method(const ix_comp_step *s)
{
    for (size_t i = 1; i < s->nlevel_methods; i++)
        if (s->level_method[i + 2] != s->level_method[2])
            return 0;
    return s->nlevel_methods ? s->level_method[2] : s->method;
}

static int needs_log(const comp_ctx *cx)
{
    if (uniform_method(&cx->recipe.steps[cx->first_agg]) == IX_COMP_AGG_GMEAN)
        return 1;
    for (size_t j = 0; j < cx->spec->nchoices; j++) {
        const ix_sa_choice *c = &cx->spec->choices[j];
        if (c->kind == IX_SA_ALTERNATIVES && is_step_choice(c) && cx->target[j] == cx->first_agg)
            for (size_t i = 0; i < c->nalts; i++)
                if (uniform_method(&c->alts[i]) == IX_COMP_AGG_GMEAN)
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
    if (cx->ncombos > MAX_COMBOS || cx->ncombos * per * sizeof(double) * (1u + lg) > MAX_CACHE_BYTES ||
        cx->ncombos * per == 0 || cx->nu == 0 || cx->ni == 0)
        return IX_OK; /* every replication runs the whole recipe */
    cx->cache_x = malloc(cx->ncombos * per * sizeof *cx->cache_x);
    cx->cache_active = malloc(cx->ncombos * cx->nu);
    cx->cache_nan = calloc(cx->ncombos * cx->ni, 1);
    cx->combo_bad = calloc(cx->ncombos, 1);
    cx->combo_fail = calloc(cx->ncombos, sizeof *cx->combo_fail);
    if (lg)
        cx->cache_log = malloc(cx->ncombos * per * sizeof *cx->cache_log);
    if (!cx->cache_x || !cx->cache_active || !cx->cache_nan || !cx->combo_bad || !cx->combo_fail ||
        (lg && !cx->cache_log))
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t c = 0; c < cx->ncombos; c++) {
        ix_comp_recipe r;
        ix_comp_plan *p = NULL;
        combo_recipe(cx, c, &r);
        ix_status st = ix_comp_plan_new(cx->m, &r, &p, d);
        if (!st && (st = ix__comp_plan_run_steps(p, 0, K, &cx->combo_fail[c])) == IX_ERR_INPUT) {
            /* this variant fails on the data: its runs fail (NA), the
             * others go on; the matrix is never read */
            cx->combo_bad[c] = 1;
            st = IX_OK;
            for (size_t k = 0; k < per; k++)
                cx->cache_x[c * per + k] = NAN;
            memset(cx->cache_active + c * cx->nu, 0, cx->nu);
        } else if (st) {
            *d = cx->combo_fail[c];
        } else
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
    if (cx->fast) {
        w->bw = malloc(IX_SA_BLOCK * cx->nn * sizeof *w->bw);
        w->bsw = malloc(IX_SA_BLOCK * cx->nn * sizeof *w->bsw);
        w->bm = malloc(IX_SA_BLOCK * cx->nn * sizeof *w->bm);
        w->bcombo = malloc(IX_SA_BLOCK * sizeof *w->bcombo);
        w->grp = malloc(IX_SA_BLOCK * sizeof *w->grp);
        w->bkind = malloc(IX_SA_BLOCK);
        w->nb = malloc(4 * cx->nup * sizeof *w->nb);
        w->nbd = malloc((4 * cx->nup * cx->nd2 + 1) * sizeof *w->nbd);
        w->bdat = malloc(IX_SA_BLOCK * sizeof *w->bdat);
        w->wt = malloc(4 * cx->ni * sizeof *w->wt);
        w->score = malloc(cx->nup * sizeof *w->score);
        w->fscore = malloc(2 * cx->nup * sizeof *w->fscore);
        w->ex = malloc(cx->nn * sizeof *w->ex);
        w->rows = malloc(cx->nn * sizeof *w->rows);
        w->slot = malloc(cx->nu * sizeof *w->slot);
        w->near = calloc(cx->nu, 1);
        w->list = malloc(2 * cx->nu * sizeof *w->list);
        w->rk = malloc(cx->nu * sizeof *w->rk);
        if (!w->bw || !w->bsw || !w->bm || !w->bcombo || !w->grp || !w->bkind || !w->nb || !w->wt ||
            !w->nbd || !w->bdat ||
            !w->score || !w->fscore || !w->ex || !w->rows || !w->slot || !w->near || !w->list || !w->rk)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
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
    free(w->bw);
    free(w->bsw);
    free(w->bm);
    free(w->bcombo);
    free(w->grp);
    free(w->bkind);
    free(w->nb);
    free(w->nbd);
    free(w->bdat);
    free(w->wt);
    free(w->score);
    free(w->fscore);
    free(w->ex);
    free(w->rows);
    free(w->slot);
    free(w->near);
    free(w->list);
    free(w->rk);
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
    if (cx->cached && cx->combo_bad[combo]) {
        *d = cx->combo_fail[combo];
        return IX_ERR_INPUT;
    }
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

/* ---- the fast path ----------------------------------------------------- *
 *
 * When the recipe ends with its first aggregate (nothing after it) and the
 * method is amean or gmean, a replication is its prefix variant's matrix
 * (cached), its weights, and a weighted mean up the tree. Both means are
 * linear in the indicator values (gmean in their logarithms): the index is
 * T = Σ_i m_i·v_i with v = x (amean) or ln x (gmean; the index is exp T) and
 * m_i the product of w/Σw along indicator i's path to the index. So
 * eval_block takes a block of points, draws each one's weights (the same
 * draws as draw_weights), folds them into m, groups the points by (variant,
 * method), and computes T for four points at a time as one pass over the
 * shared, padded, contiguous matrix (ix__sa_tile: each value is loaded once
 * per four replications, with no division and no second level).
 *
 * T is not computed the way aggregate.c computes the index (level by level,
 * dividing by each Σw, and for gmean exp then ln between levels), so the two
 * differ in the last bits: with non-negative weights, by at most about
 * (children + depth)·2^-52·max|v| (both are convex combinations of v). The
 * ranking by T can therefore differ from the exact one only between units
 * whose T are within tol = 1e-8·(1 + max|v|) of each other: at least ten
 * thousand times that bound for trees of up to MAX_FAST_NODES nodes (beyond
 * that the fast path is off; it also bounds the per-thread buffers). Such
 * near-ties (rare; an exact tie is one) are re-ranked by their exact index,
 * computed unit by unit with aggregate.c's
 * operations in its order; every other comparison is decided by T, since
 * exp is monotone and accurate to about an ulp. So the ranks are exactly
 * those of `indeks composite` and of eval.
 *
 * Anything else (a missing value at an active unit, a negative weight or a
 * weights noise above 1, a weight sum <= 0, dat_thresh above 1, |v| > 700
 * for gmean, hmean, mazziotta_pareto, steps after the aggregate, too many
 * variants or nodes, padded matrices over MAX_CACHE_BYTES) goes through
 * eval, point by point: same results, slower. */

/* The Level-2 nodes and, per combo and active unit, the indicators
 * missing there, grouped by parent (in Level-2 order, then indicator order). */
static ix_status missing_lists(comp_ctx *cx, ix_diag *d)
{
    const ix_comp_model *m = cx->m;
    size_t ni = cx->ni, nu = cx->nu, nn = cx->nn, total = 0;
    cx->l2 = calloc(nn + 1, sizeof *cx->l2);
    cx->l2pos = malloc((nn + 1) * sizeof *cx->l2pos);
    cx->mstart = calloc(cx->ncombos * (nu + 1), sizeof *cx->mstart);
    if (!cx->l2 || !cx->l2pos || !cx->mstart)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t j = 0; j < nn; j++) {
        cx->l2pos[j] = SIZE_MAX;
        if (j >= ni && ix_comp_node_level(m, j) == 2) {
            cx->l2pos[j] = cx->nd2;
            cx->l2[cx->nd2++] = j;
        }
    }
    for (size_t c = 0; c < cx->ncombos; c++)
        for (size_t u = 0; u < nu; u++)
            for (size_t i = 0; cx->cmiss[c] && cx->cache_active[c * nu + u] && i < ni; i++)
                total += isnan(cx->cache_x[c * ni * nu + i * nu + u]);
    cx->mlist = malloc((total + 1) * sizeof *cx->mlist);
    if (!cx->mlist)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    size_t k = 0;
    for (size_t c = 0; c < cx->ncombos; c++)
        for (size_t u = 0; u < nu; u++) {
            size_t *ms = cx->mstart + c * (nu + 1), first = k;
            ms[u] = k;
            for (size_t q = 0; cx->cmiss[c] && cx->cache_active[c * nu + u] && q < cx->nd2; q++) {
                const ix__comp_node *n = &m->nodes[cx->l2[q]];
                for (size_t h = 0; h < n->nchildren; h++) {
                    size_t i = n->children[h];
                    if (isnan(cx->cache_x[c * ni * nu + i * nu + u]))
                        cx->mlist[k++] = i;
                }
            }
            ms[u + 1] = k;
            (void)first;
        }
    return IX_OK;
}

static ix_status fast_prepare(comp_ctx *cx, ix_diag *d)
{
    const ix_comp_model *m = cx->m;
    const ix_sa_spec *sp = cx->spec;
    size_t K = cx->first_agg, ni = cx->ni, nu = cx->nu, nn = cx->nn;
    if (!cx->cached || cx->recipe.nsteps != K + 1 || nu == 0 || nn <= ni || nn > MAX_FAST_NODES)
        return IX_OK;
    for (size_t j = ni; j < nn; j++) {
        if (m->nodes[j].nchildren == 0)
            return IX_OK;
        for (size_t k = 0; k < m->nodes[j].nchildren; k++)
            if (m->nodes[j].children[k] >= j)
                return IX_OK;
    }
    cx->ntails = 1;
    for (size_t j = 0; j < sp->nchoices; j++)
        if (is_step_choice(&sp->choices[j]) && cx->target[j] == K) {
            if (cx->ntails > MAX_COMBOS)
                return IX_OK;
            cx->tail[cx->ntail++] = j;
            cx->ntails *= cx->levels[j];
        }
    if (cx->ntails > MAX_COMBOS)
        return IX_OK;
    for (size_t j = 0; j < sp->nchoices; j++)
        if (sp->choices[j].kind == IX_SA_WEIGHTS && !(sp->choices[j].noise <= 1))
            return IX_OK;
    size_t nup = (nu + 7) & ~(size_t)7, per = ni * nup;
    if (cx->ncombos * per * sizeof(double) * (1u + (cx->cache_log != NULL)) > MAX_CACHE_BYTES)
        return IX_OK;
    cx->nup = nup;
    cx->tail_method = malloc(cx->ntails * sizeof *cx->tail_method);
    cx->tail_dat = malloc(cx->ntails * sizeof *cx->tail_dat);
    cx->fx = calloc(cx->ncombos * per, sizeof *cx->fx);
    cx->ok = calloc(cx->ncombos ? cx->ncombos : 1, 1);
    cx->maxabs = calloc(2 * cx->ncombos, sizeof *cx->maxabs);
    cx->pstart = calloc(sp->nchoices + 1, sizeof *cx->pstart);
    cx->plist = malloc((sp->nchoices * nn + 1) * sizeof *cx->plist);
    cx->pnom = calloc(sp->nchoices * nn + 1, sizeof *cx->pnom);
    cx->runs = malloc((3 * sp->nchoices * nn + 1) * sizeof *cx->runs);
    cx->rstart = calloc(sp->nchoices + 1, sizeof *cx->rstart);
    if (cx->cache_log)
        cx->flog = calloc(cx->ncombos * per, sizeof *cx->flog);
    cx->cmiss = calloc(cx->ncombos, 1);
    if (!cx->tail_method || !cx->tail_dat || !cx->fx || !cx->ok || !cx->maxabs || !cx->pstart ||
        !cx->plist || !cx->pnom || !cx->runs || !cx->rstart || (cx->cache_log && !cx->flog) ||
        !cx->cmiss)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t tc = 0; tc < cx->ntails; tc++) {
        ix_comp_step s = cx->recipe.steps[K];
        size_t rest = tc;
        for (size_t q = 0; q < cx->ntail; q++) {
            size_t j = cx->tail[q];
            apply(&sp->choices[j], rest % cx->levels[j], &s);
            rest /= cx->levels[j];
        }
        cx->tail_method[tc] = uniform_method(&s);
        cx->tail_dat[tc] = s.dat_thresh;
    }
    cx->nonneg = 1;
    for (size_t k = 0; k < nn; k++)
        if (ix_comp_node_parent(m, k) >= 0 && !(cx->weights[k] >= 0))
            cx->nonneg = 0;
    for (size_t c = 0; c < cx->ncombos; c++) {
        const unsigned char *act = cx->cache_active + c * nu;
        int amean = cx->nonneg, gmean = cx->cache_log && cx->nonneg;
        double mx = 0, mlog = 0;
        for (size_t i = 0; i < ni; i++)
            for (size_t u = 0; u < nu; u++) {
                double x = cx->cache_x[c * ni * nu + i * nu + u];
                cx->fx[c * per + i * nup + u] = x;
                if (cx->flog && cx->cache_log)
                    cx->flog[c * per + i * nup + u] = cx->cache_log[c * ni * nu + i * nu + u];
                if (!act[u])
                    continue;
                if (isnan(x)) { /* missing: 0 in the padded matrices, see fast_tile_missing */
                    cx->cmiss[c] = 1;
                    cx->fx[c * per + i * nup + u] = 0;
                    if (cx->flog)
                        cx->flog[c * per + i * nup + u] = 0;
                    continue;
                }
                if (!isfinite(x)) {
                    amean = gmean = 0;
                    continue;
                }
                mx = fabs(x) > mx ? fabs(x) : mx;
                if (!(x > 0))
                    gmean = 0;
                else if (fabs(log(x)) > mlog)
                    mlog = fabs(log(x));
            }
        if (!(mx <= 1e300))
            amean = 0;
        if (!(mlog <= 700))
            gmean = 0;
        cx->ok[c] = cx->combo_bad[c] ? 0 : (unsigned char)(amean | gmean << 1);
        cx->maxabs[2 * c] = mx;
        cx->maxabs[2 * c + 1] = mlog;
    }
    size_t np = 0;
    for (size_t j = 0; j < sp->nchoices; j++) {
        cx->pstart[j] = np;
        if (sp->choices[j].kind == IX_SA_WEIGHTS)
            for (size_t k = 0; k < nn; k++)
                if (cx->perturb[j * nn + k]) {
                    cx->plist[np++] = k;
                    cx->pnom[j * nn + cx->parent[k]] += cx->weights[k];
                }
    }
    cx->pstart[sp->nchoices] = np;
    size_t nruns = 0;
    for (size_t j = 0; j < sp->nchoices; j++) {
        cx->rstart[j] = nruns;
        for (size_t q = cx->pstart[j]; q < cx->pstart[j + 1]; q++) {
            size_t par = (size_t)cx->parent[cx->plist[q]];
            if (q == cx->pstart[j] || par != cx->runs[3 * (nruns - 1) + 2]) {
                cx->runs[3 * nruns] = q - cx->pstart[j];
                cx->runs[3 * nruns + 2] = par;
                nruns++;
            }
            cx->runs[3 * (nruns - 1) + 1] = q - cx->pstart[j] + 1;
        }
    }
    cx->rstart[sp->nchoices] = nruns;
    cx->avx2 = ix__sa_have_avx2();
    ix_status st = missing_lists(cx, d);
    if (st)
        return st;
    cx->fast = 1;
    return IX_OK;
}

/* Point b of a block: its kind (0: eval runs it, 1 amean, 2 gmean), and
 * for 1 and 2 its combo, weights and weight sums per node. */
static int fast_point(const comp_ctx *cx, comp_ws *ws, const double *u, size_t b)
{
    const ix_sa_spec *sp = cx->spec;
    size_t nn = cx->nn, combo = 0, tc = 0;
    for (size_t q = cx->npre; q-- > 0;) {
        size_t j = cx->pre[q];
        combo = combo * cx->levels[j] + ix__sa_pick(u[j], cx->levels[j]);
    }
    for (size_t q = cx->ntail; q-- > 0;) {
        size_t j = cx->tail[q];
        tc = tc * cx->levels[j] + ix__sa_pick(u[j], cx->levels[j]);
    }
    int method = cx->tail_method[tc];
    double dat = cx->tail_dat[tc];
    int kind = method == IX_COMP_AGG_AMEAN ? 1 : method == IX_COMP_AGG_GMEAN ? 2 : 0;
    if (!kind || !((cx->ok[combo] >> (kind - 1)) & 1) || (!isnan(dat) && 1.0 < dat))
        return 0;
    double *w = ws->bw + b * nn, *sw = ws->bsw + b * nn, *now = ws->now;
    memcpy(w, cx->weights, nn * sizeof *w);
    for (size_t j = 0; j < sp->nchoices; j++) {
        const ix_sa_choice *c = &sp->choices[j];
        if (c->kind == IX_SA_WEIGHTS) {
            /* draw_weights, with the generator inlined. */
            const size_t *L = cx->plist + cx->pstart[j], n = cx->pstart[j + 1] - cx->pstart[j];
            const double *pnom = cx->pnom + j * nn;
            uint64_t state = ix__sa_key(cx->seed + j, u[j]);
            double noise = c->noise;
            /* Runs of children of one parent (adjacent in L): each parent's
             * sum is kept in a register while its children come by; the
             * same additions in the same order as now[parent] += w[k]. */
            const size_t *R = cx->runs + 3 * cx->rstart[j];
            size_t nr = cx->rstart[j + 1] - cx->rstart[j];
            double *fac = ws->ex; /* nn of scratch, free here */
            for (size_t q = 0; q < n; q++)
                fac[q] = 1 + noise * (2 * ix__sa_uniform(&state) - 1);
            for (size_t r = 0; r < nr; r++)
                now[R[3 * r + 2]] = 0;
            for (size_t r = 0; r < nr; r++) {
                size_t q1 = R[3 * r + 1], par = R[3 * r + 2];
                double acc = now[par];
                for (size_t q = R[3 * r]; q < q1; q++) {
                    w[L[q]] *= fac[q];
                    acc += w[L[q]];
                }
                now[par] = acc;
            }
            /* The rescale factor nom/now, one division per run (the same
             * quotient for every child). */
            for (size_t r = 0; r < nr; r++) {
                size_t q1 = R[3 * r + 1], par = R[3 * r + 2];
                if (now[par] > 0) {
                    double f = pnom[par] / now[par];
                    for (size_t q = R[3 * r]; q < q1; q++)
                        w[L[q]] *= f;
                }
            }
        } else if (c->kind == IX_SA_LEAVE_OUT) {
            size_t i = ix__sa_pick(u[j], cx->levels[j]);
            if (i > 0)
                w[i - 1] = 0;
        }
    }
    const ix__comp_node *nodes = cx->m->nodes;
    for (size_t j = cx->ni; j < nn; j++) {
        double s = 0;
        for (size_t k = 0; k < nodes[j].nchildren; k++)
            s += w[nodes[j].children[k]];
        if (!(s > 0))
            return 0;
        sw[j] = s;
    }
    /* m: the product of w/Σw down each path from the index. */
    double *f = ws->bm + b * nn;
    for (size_t k = 0; k < nn; k++)
        f[k] = 0;
    f[cx->index_node] = 1;
    for (size_t j = nn; j-- > cx->ni;) {
        double g = f[j] / sw[j];
        for (size_t k = 0; k < nodes[j].nchildren; k++)
            f[nodes[j].children[k]] = g * w[nodes[j].children[k]];
    }
    ws->bcombo[b] = combo;
    ws->bdat[b] = dat;
    return kind;
}

/* The exact index of unit u: aggregate.c's operations in its order (a
 * missing child skipped with its weight; no child, a weight sum <= 0 or a
 * share of children below dat_thresh: missing). */
static double exact_unit(const comp_ctx *cx, size_t combo, int kind, const double *w, double dat,
                         size_t u, double *ex)
{
    const ix__comp_node *nodes = cx->m->nodes;
    size_t ni = cx->ni, nu = cx->nu;
    const double *R = cx->cache_x + combo * ni * nu;
    const double *L = kind == 2 ? cx->cache_log + combo * ni * nu : R;
    for (size_t j = ni; j < cx->nn; j++) {
        double s = 0, sw = 0;
        size_t have = 0;
        for (size_t k = 0; k < nodes[j].nchildren; k++) {
            size_t ch = nodes[j].children[k];
            double x = ch < ni ? R[ch * nu + u] : ex[ch];
            if (isnan(x))
                continue;
            have++;
            sw += w[ch];
            double v = ch < ni ? L[ch * nu + u] : kind == 2 ? log(x) : x;
            s += w[ch] * v;
        }
        if (have == 0 || sw <= 0 || (!isnan(dat) && (double)have / (double)nodes[j].nchildren < dat))
            ex[j] = NAN;
        else
            ex[j] = kind == 2 ? exp(s / sw) : s / sw;
    }
    return ex[cx->index_node];
}

/* Ranks of one point from its T (see above). */
static void fast_rank(const comp_ctx *cx, comp_ws *ws, size_t combo, int kind, size_t b,
                      const double *root, uint32_t *rank)
{
    size_t nu = cx->nu, nup = cx->nup;
    const unsigned char *act = cx->cache_active + combo * nu;
    double *s = ws->score;
    for (size_t u = 0; u < nu; u++)
        s[u] = act[u] ? root[u] : NAN;
    for (size_t u = nu; u < nup; u++)
        s[u] = NAN;
    size_t *slot = ws->slot, none = SIZE_MAX, *list = ws->list, nl = 0;
    int ties = 1;
    if (nu <= 512)
        ties = ix__sa_count_rank(s, nu, nup, rank, ws->fscore, slot, cx->avx2);
    else
        ix__sa_rank(s, nu, rank, ws->order);
    if (ties) {
        /* Units by rank; equal ranks (exact ties of T) are near-ties. */
        for (size_t u = 0; u < nu; u++)
            slot[u] = none;
        for (size_t u = 0; u < nu; u++) {
            if (!rank[u])
                continue;
            size_t c = rank[u] - 1;
            if (slot[c] != none) {
                list[nl++] = u;
                list[nl++] = slot[c];
            } else
                slot[c] = u;
        }
    }
    /* Near-ties of T: neighbours in rank order closer than tol. */
    double tol = 1e-8 * (1 + cx->maxabs[2 * combo + (kind == 2)]);
    size_t prev = none;
    for (size_t c = 0; c < nu; c++) {
        size_t v = slot[c];
        if (v == none)
            continue;
        if (prev != none && s[prev] - s[v] <= tol) {
            list[nl++] = prev;
            list[nl++] = v;
        }
        prev = v;
    }
    if (!nl)
        return;
    unsigned char *near = ws->near; /* all 0 between calls */
    for (size_t l = 0; l < nl; l++)
        near[list[l]] = 1;
#ifdef IX_SA_VERIFY
    ws->nnear++;
#endif
    const double *w = ws->bw + b * cx->nn;
    double *e = ws->acc; /* 4 × nu: e[u] for the near units */
    for (size_t u = 0; u < nu; u++)
        if (near[u])
            e[u] = exact_unit(cx, combo, kind, w, ws->bdat[b], u, ws->ex);
    for (size_t u = 0; u < nu; u++) {
        if (!near[u])
            continue;
        uint32_t r = 1;
        for (size_t v = 0; v < nu; v++)
            if (rank[v])
                r += near[v] ? e[v] > e[u] : s[v] > s[u];
        ws->rk[u] = r;
    }
    for (size_t u = 0; u < nu; u++)
        if (near[u])
            rank[u] = ws->rk[u];
    for (size_t l = 0; l < nl; l++)
        near[list[l]] = 0;
}

/* Up to four points of a combo with missing values. Every Level-2 node
 * (the indicators' parents) gets its own tile: P_j(u) = Σ w_i·v_iu over its
 * children, a missing v counting 0. A unit's index is then
 * T(u) = Σ_j f_j·P_j(u)/S_j(u), f_j the product of w/Σw from the index down
 * to j and S_j(u) the weight of j's children present at u: the weights
 * renormalised per unit, as aggregate.c does. Computed as the dense
 * Σ_j (f_j/S_j)·P_j(u) plus, where children are missing,
 * f_j·P_j(u)·(1/S_j(u) − 1/S_j), with S_j(u) = S_j − (the missing weight).
 * Each term is a weighted mean of the values times f_j <= 1, so T differs
 * from the exact index by a few ulps of max|v|, far inside the near-tie
 * tolerance. A unit where that form does not hold (a Level-2 node with no
 * child present or below dat_thresh, or more than half its weight missing,
 * where the subtraction would lose digits) gets its exact index. */
static void fast_tile_missing(const comp_ctx *cx, comp_ws *ws, size_t combo, int kind,
                              const size_t *pt, size_t nt, uint32_t *rank)
{
    size_t ni = cx->ni, nn = cx->nn, nup = cx->nup, nu = cx->nu;
    const ix__comp_node *nodes = cx->m->nodes;
    const double *V = (kind == 2 ? cx->flog : cx->fx) + combo * ni * nup;
    for (size_t q = 0; q < cx->nd2; q++) {
        const ix__comp_node *n = &nodes[cx->l2[q]];
        for (size_t k = 0; k < n->nchildren; k++) {
            size_t i = n->children[k];
            ws->rows[k] = V + i * nup;
            for (size_t t = 0; t < 4; t++)
                ws->wt[4 * k + t] = ws->bw[pt[t] * nn + i];
        }
        double *out[4];
        for (size_t t = 0; t < 4; t++)
            out[t] = ws->nbd + (q * 4 + t) * nup;
        ix__sa_tile(ws->rows, ws->wt, n->nchildren, nup, out, cx->avx2);
    }
    const size_t *ms = cx->mstart + combo * (nu + 1);
    for (size_t t = 0; t < nt; t++) {
        size_t b = pt[t];
        const double *w = ws->bw + b * nn, *sw = ws->bsw + b * nn, *f = ws->bm + b * nn;
        double dat = ws->bdat[b], *T = ws->nb;
        for (size_t u = 0; u < nup; u++)
            T[u] = 0;
        for (size_t q = 0; q < cx->nd2; q++) {
            size_t j = cx->l2[q];
            double c = f[j] / sw[j];
            const double *P = ws->nbd + (q * 4 + t) * nup;
            for (size_t u = 0; u < nup; u++)
                T[u] += c * P[u];
        }
        for (size_t u = 0; u < nu; u++) {
            for (size_t k = ms[u]; k < ms[u + 1];) {
                size_t q = cx->l2pos[cx->parent[cx->mlist[k]]], j = cx->l2[q], cnt = 0;
                double M = 0;
                for (; k < ms[u + 1] && cx->l2pos[cx->parent[cx->mlist[k]]] == q; k++) {
                    M += w[cx->mlist[k]];
                    cnt++;
                }
                size_t have = nodes[j].nchildren - cnt;
                double S = sw[j] - M;
                if (have == 0 || !(M <= 0.5 * sw[j]) || !(S > 0) ||
                    (!isnan(dat) && (double)have / (double)nodes[j].nchildren < dat)) {
                    double e = exact_unit(cx, combo, kind, w, dat, u, ws->ex);
                    T[u] = kind == 2 ? log(e) : e; /* T is in logs for gmean */
                    break;
                }
                T[u] += f[j] * ws->nbd[(q * 4 + t) * nup + u] * (1 / S - 1 / sw[j]);
            }
        }
        fast_rank(cx, ws, combo, kind, b, T, rank + b * nu);
    }
}

/* Up to four points of one (combo, kind): T, then ranks. */
static void fast_tile(const comp_ctx *cx, comp_ws *ws, size_t combo, int kind, const size_t *pts,
                      size_t nt, uint32_t *rank)
{
    size_t ni = cx->ni, nn = cx->nn, nup = cx->nup, nu = cx->nu;
    const double *V = (kind == 2 ? cx->flog : cx->fx) + combo * ni * nup;
    size_t pt[4];
    for (size_t t = 0; t < 4; t++)
        pt[t] = pts[t < nt ? t : nt - 1];
    if (cx->cmiss[combo]) {
        fast_tile_missing(cx, ws, combo, kind, pt, nt, rank);
        return;
    }
    for (size_t i = 0; i < ni; i++) {
        ws->rows[i] = V + i * nup;
        for (size_t t = 0; t < 4; t++)
            ws->wt[4 * i + t] = ws->bm[pt[t] * nn + i];
    }
    double *out[4];
    for (size_t t = 0; t < 4; t++)
        out[t] = ws->nb + t * nup;
    ix__sa_tile(ws->rows, ws->wt, ni, nup, out, cx->avx2);
    for (size_t t = 0; t < nt; t++)
        fast_rank(cx, ws, combo, kind, pt[t], out[t], rank + pt[t] * nu);
}

static ix_status eval_block(void *ctx, void *wsp, const double *u, size_t npts, uint32_t *rank,
                            ix_diag *d)
{
    const comp_ctx *cx = ctx;
    comp_ws *ws = wsp;
    size_t nf = cx->spec->nchoices, nu = cx->nu;
    for (size_t b = 0; b < npts; b++) {
        ws->bkind[b] = (unsigned char)fast_point(cx, ws, u + b * nf, b);
        if (!ws->bkind[b]) {
            ix_status st = eval(ctx, wsp, u + b * nf, rank + b * nu, d);
            if (st)
                return st;
        }
    }
    for (size_t b = 0; b < npts; b++) {
        int kind = ws->bkind[b];
        if (!kind)
            continue;
        size_t combo = ws->bcombo[b], n = 0;
        for (size_t c = b; c < npts; c++)
            if (ws->bkind[c] == kind && ws->bcombo[c] == combo) {
                ws->grp[n++] = c;
                ws->bkind[c] = 0;
            }
        for (size_t t0 = 0; t0 < n; t0 += 4)
            fast_tile(cx, ws, combo, kind, ws->grp + t0, n - t0 < 4 ? n - t0 : 4, rank);
#ifdef IX_SA_VERIFY
        ws->nfast += n;
#endif
    }
#ifdef IX_SA_VERIFY
    /* Development check (-DIX_SA_VERIFY): every point again through eval. */
    for (size_t b = 0; b < npts; b++) {
        ix_status st = eval(ctx, wsp, u + b * nf, ws->rk, d);
        if (st)
            return st;
        if (memcmp(ws->rk, rank + b * nu, nu * sizeof *ws->rk) != 0)
            abort();
    }
#endif
    return IX_OK;
}

static ix_status nominal_ranks(comp_ctx *cx, ix_diag *d)
{
    ix_comp_plan *p = NULL;
    ix_status st = ix_comp_plan_new(cx->m, &cx->recipe, &p, d);
    if (!st)
        st = ix_comp_plan_run(p, d);
    uint32_t *r = malloc((cx->nu ? cx->nu : 1) * sizeof *r);
    size_t *order = malloc((cx->nu ? cx->nu : 1) * sizeof *order);
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
    free(cx->combo_bad);
    free(cx->combo_fail);
    free(cx->parent);
    free(cx->nominal);
    free(cx->fx);
    free(cx->flog);
    free(cx->ok);
    free(cx->maxabs);
    free(cx->tail_method);
    free(cx->tail_dat);
    free(cx->plist);
    free(cx->pstart);
    free(cx->pnom);
    free(cx->runs);
    free(cx->rstart);
    free(cx->cmiss);
    free(cx->l2);
    free(cx->l2pos);
    free(cx->mstart);
    free(cx->mlist);
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
    if ((st = build_cache(cx, d)))
        return st;
    return fast_prepare(cx, d);
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
                                 (const char(*)[64])labels, cx, ws_new, ws_free, eval,
                                 cx->fast && !cfg->no_fast ? eval_block : NULL};
            st = ix__sa_run(&pb, cfg, out, d);
            free(labels);
        }
    }
    free_ctx(cx);
    return st;
}
