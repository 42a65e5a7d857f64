/* The sensitivity driver: draws the points, runs them on threads, and
 * summarises the ranks.
 *
 * Reproducibility whatever the thread count: work is handed out in chunks
 * of replications from an atomic counter, but every replication's point
 * depends only on (seed, replication number) and its result lands in a
 * place fixed by that number: UA adds to integer rank histograms (one per
 * thread, summed at the end: integer sums do not depend on order) and SA
 * writes y[row]. So the output is the same bytes for 1 or 16 threads.
 *
 * No allocation inside the loop: every buffer (workspace, histogram, ranks)
 * is made per thread before it starts. */
#include "sensitivity_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "composite/internal.h"
#include "indeks/demo.h"

#define CHUNK 128

uint64_t ix__sa_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

uint64_t ix__sa_key(uint64_t seed, double u)
{
    uint64_t bits;
    memcpy(&bits, &u, sizeof bits);
    return ix__sa_mix(ix__sa_mix(seed) ^ bits);
}

void ix__sa_rank(const double *score, size_t n, uint32_t *rank, size_t *order)
{
    if (n <= 512) {
        /* Counting: branch-free and vectorised, faster than sorting here. */
        for (size_t u = 0; u < n; u++) {
            double s = score[u];
            uint32_t c = 1;
            for (size_t v = 0; v < n; v++)
                c += score[v] > s;
            rank[u] = isnan(s) ? 0 : c;
        }
        return;
    }
    size_t k = 0;
    for (size_t u = 0; u < n; u++) {
        rank[u] = 0;
        if (!isnan(score[u]))
            order[k++] = u;
    }
    ix__sort_index(order, k, score); /* ascending */
    for (size_t pos = k; pos-- > 0;) {
        size_t u = order[pos];
        if (pos + 1 < k && score[order[pos + 1]] == score[u])
            rank[u] = rank[order[pos + 1]];
        else
            rank[u] = (uint32_t)(k - pos); /* ties take the best rank, met first */
    }
}

/* ---- the run ----------------------------------------------------------- */

typedef struct shared {
    const ix__sa_problem *pb;
    const ix_sa_config *cfg;
    ix_sa_sampler sampler;
    ix_sobol sobol;
    size_t total;          /* work items: replications (UA) or rows (SA) */
    size_t grid_total;
    atomic_size_t next, done;
    atomic_int stop;
    pthread_mutex_t lock;
    ix_status st;
    size_t err_item;
    ix_diag err;
    double *y;             /* SA: total × (d + 2) */
    /* Runs that failed on their data (IX_ERR_INPUT: a zero range after a
     * drawn treatment, ...): counted, NA, and the analysis goes on, as
     * COINr's get_sensitivity does. The first by run number is kept. */
    atomic_size_t nfailed;
    size_t fail_run;
    ix_diag fail_diag;
} shared;

typedef struct worker {
    shared *sh;
    void *ws;
    uint32_t *rank, *hist; /* hist: nunits × (nunits + 1) */
    double *u, *ua, *ub;
    double *ublk;          /* IX_SA_BLOCK points for eval_block */
    uint32_t *rblk;        /* their ranks */
    pthread_t tid;
    int started;
} worker;

/* The point of UA replication r, or of SA row r (2d values: A then B). */
static void draw(const shared *sh, size_t r, double *u, size_t dims)
{
    if (sh->sampler == IX_SA_SAMPLER_SOBOL) {
        ix_sobol_point(&sh->sobol, (uint32_t)(r + 1), u); /* the origin is skipped */
        return;
    }
    if (sh->sampler == IX_SA_SAMPLER_GRID) {
        size_t idx = r % sh->grid_total;
        for (size_t j = 0; j < dims; j++) {
            size_t k = sh->pb->levels[j];
            u[j] = ((double)(idx % k) + 0.5) / (double)k;
            idx /= k;
        }
        return;
    }
    ix_rng g;
    ix_rng_seed(&g, ix__sa_mix(sh->cfg->seed ^ ix__sa_mix((uint64_t)r)));
    for (size_t j = 0; j < dims; j++)
        u[j] = ix_rng_uniform(&g);
}

static void fail(shared *sh, size_t item, ix_status st, const ix_diag *d)
{
    pthread_mutex_lock(&sh->lock);
    if (!sh->st || item < sh->err_item) {
        sh->st = st;
        sh->err_item = item;
        sh->err = *d;
    }
    pthread_mutex_unlock(&sh->lock);
    atomic_store(&sh->stop, 1);
}

/* Run number run (UA: the replication; SA: row·(d + 2) + column) failed
 * on its data: count it and keep the first failure's diagnostic. */
static void failed_run(shared *sh, size_t run, const ix_diag *d)
{
    atomic_fetch_add(&sh->nfailed, 1);
    pthread_mutex_lock(&sh->lock);
    if (run < sh->fail_run) {
        sh->fail_run = run;
        sh->fail_diag = *d;
    }
    pthread_mutex_unlock(&sh->lock);
}

static double abs_shift(const uint32_t *rank, const long *nominal, size_t n)
{
    double s = 0;
    size_t k = 0;
    for (size_t u = 0; u < n; u++)
        if (rank[u] && nominal[u]) {
            s += fabs((double)rank[u] - (double)nominal[u]);
            k++;
        }
    return k ? s / (double)k : 0;
}

/* One evaluation; a failure on the data is a failed run (NaN, via
 * *ok = 0), anything else stops the analysis. */
static ix_status eval_run(worker *w, const double *u, size_t run, int *ok, ix_diag *d)
{
    shared *sh = w->sh;
    ix_status st = sh->pb->eval(sh->pb->ctx, w->ws, u, w->rank, d);
    *ok = st == IX_OK;
    if (st == IX_ERR_INPUT) {
        failed_run(sh, run, d);
        return IX_OK;
    }
    return st;
}

static ix_status run_item(worker *w, size_t r, ix_diag *d)
{
    shared *sh = w->sh;
    const ix__sa_problem *pb = sh->pb;
    size_t nu = pb->nunits, nf = pb->nfactors;
    ix_status st;
    int ok;
    if (sh->cfg->type == IX_SA_UA) {
        draw(sh, r, w->u, nf);
        if ((st = eval_run(w, w->u, r, &ok, d)))
            return st;
        for (size_t u = 0; u < nu; u++)
            w->hist[u * (nu + 1) + (ok ? w->rank[u] : 0)]++;
        return IX_OK;
    }
    draw(sh, r, w->ua, 2 * nf);
    memcpy(w->ub, w->ua + nf, nf * sizeof *w->ub);
    double *y = sh->y + r * (nf + 2);
    size_t run = r * (nf + 2);
    if ((st = eval_run(w, w->ua, run, &ok, d)))
        return st;
    y[0] = ok ? abs_shift(w->rank, pb->nominal, nu) : NAN;
    if ((st = eval_run(w, w->ub, run + 1, &ok, d)))
        return st;
    y[1] = ok ? abs_shift(w->rank, pb->nominal, nu) : NAN;
    for (size_t i = 0; i < nf; i++) {
        memcpy(w->u, w->ua, nf * sizeof *w->u);
        w->u[i] = w->ub[i];
        if ((st = eval_run(w, w->u, run + 2 + i, &ok, d)))
            return st;
        y[2 + i] = ok ? abs_shift(w->rank, pb->nominal, nu) : NAN;
    }
    return IX_OK;
}

/* Items [from, to) one by one; the first failure is reported. */
static int run_items(worker *w, size_t from, size_t to, ix_diag *d)
{
    for (size_t r = from; r < to; r++) {
        ix_status st = run_item(w, r, d);
        if (st) {
            fail(w->sh, r, st, d);
            return 1;
        }
    }
    return 0;
}

/* Items [from, to) through eval_block, IX_SA_BLOCK points at a time: UA
 * replications, or SA rows of d + 2 points each. The ranks land where
 * run_item would put them, so the result is the same. On an error the
 * items are run again one by one, to report the first failing one. */
static int run_block(worker *w, size_t from, size_t to, ix_diag *d)
{
    shared *sh = w->sh;
    const ix__sa_problem *pb = sh->pb;
    size_t nu = pb->nunits, nf = pb->nfactors;
    int ua = sh->cfg->type == IX_SA_UA;
    size_t per = ua ? 1 : nf + 2, step = IX_SA_BLOCK / per;
    for (size_t r0 = from; r0 < to; r0 += step) {
        size_t r1 = r0 + step < to ? r0 + step : to, npts = (r1 - r0) * per;
        for (size_t r = r0; r < r1; r++) {
            double *pt = w->ublk + (r - r0) * per * nf;
            if (ua) {
                draw(sh, r, pt, nf);
                continue;
            }
            draw(sh, r, w->ua, 2 * nf);
            memcpy(pt, w->ua, nf * sizeof *pt);
            memcpy(pt + nf, w->ua + nf, nf * sizeof *pt);
            for (size_t i = 0; i < nf; i++) {
                double *ab = pt + (2 + i) * nf;
                memcpy(ab, w->ua, nf * sizeof *ab);
                ab[i] = w->ua[nf + i];
            }
        }
        ix_status st = pb->eval_block(pb->ctx, w->ws, w->ublk, npts, w->rblk, d);
        if (st == IX_ERR_INPUT) {
            /* some point failed on its data: the block again, point by
             * point, so each failure is counted where it happens */
            if (run_items(w, r0, r1, d))
                return 1;
            continue;
        }
        if (st) {
            if (!run_items(w, r0, r1, d))
                fail(sh, r0, st, d);
            return 1;
        }
        for (size_t r = r0; r < r1; r++) {
            const uint32_t *rk = w->rblk + (r - r0) * per * nu;
            if (ua) {
                for (size_t u = 0; u < nu; u++)
                    w->hist[u * (nu + 1) + rk[u]]++;
                continue;
            }
            double *y = sh->y + r * (nf + 2);
            for (size_t i = 0; i < nf + 2; i++)
                y[i] = abs_shift(rk + i * nu, pb->nominal, nu);
        }
    }
    return 0;
}

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    ix_diag d;
    ix_diag_clear(&d);
    while (!atomic_load(&sh->stop)) {
        size_t from = atomic_fetch_add(&sh->next, CHUNK);
        if (from >= sh->total)
            break;
        size_t to = from + CHUNK < sh->total ? from + CHUNK : sh->total;
        if (sh->pb->eval_block ? run_block(w, from, to, &d) : run_items(w, from, to, &d))
            return NULL;
        atomic_fetch_add(&sh->done, to - from);
    }
    return NULL;
}

static void free_worker(const ix__sa_problem *pb, worker *w)
{
    if (w->ws)
        pb->ws_free(w->ws);
    free(w->rank);
    free(w->hist);
    free(w->u);
    free(w->ua);
    free(w->ub);
    free(w->ublk);
    free(w->rblk);
}

static ix_status new_worker(shared *sh, worker *w, ix_diag *d)
{
    const ix__sa_problem *pb = sh->pb;
    size_t nu = pb->nunits, nf = pb->nfactors;
    memset(w, 0, sizeof *w);
    w->sh = sh;
    ix_status st = pb->ws_new(pb->ctx, &w->ws, d);
    if (st)
        return st;
    w->rank = calloc(nu, sizeof *w->rank);
    w->u = calloc(nf + 1, sizeof *w->u);
    w->ua = calloc(2 * nf + 1, sizeof *w->ua);
    w->ub = calloc(nf + 1, sizeof *w->ub);
    if (sh->cfg->type == IX_SA_UA)
        w->hist = calloc(nu * (nu + 1), sizeof *w->hist);
    if (pb->eval_block) {
        w->ublk = calloc(IX_SA_BLOCK * nf + 1, sizeof *w->ublk);
        w->rblk = calloc(IX_SA_BLOCK * nu + 1, sizeof *w->rblk);
        if (!w->ublk || !w->rblk)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (!w->rank || !w->u || !w->ua || !w->ub || (sh->cfg->type == IX_SA_UA && !w->hist))
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return IX_OK;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* The k-th (0-based) smallest rank of a unit from its histogram h[1..n]. */
static double order_stat(const uint32_t *h, size_t n, size_t k)
{
    size_t c = 0;
    for (size_t r = 1; r <= n; r++) {
        c += h[r];
        if (c > k)
            return (double)r;
    }
    return NAN;
}

static double hist_quantile(const uint32_t *h, size_t n, size_t cnt, double p)
{
    double pos = (double)(cnt - 1) * p;
    size_t lo = (size_t)floor(pos);
    double a = order_stat(h, n, lo);
    if (lo + 1 >= cnt)
        return a;
    return a + (pos - (double)lo) * (order_stat(h, n, lo + 1) - a);
}

static ix_status summarise_ua(const ix__sa_problem *pb, const uint32_t *hist, size_t n,
                              size_t nfailed, ix_sa_result *res, ix_diag *d)
{
    size_t nu = pb->nunits;
    res->mean = malloc(nu * sizeof *res->mean);
    res->median = malloc(nu * sizeof *res->median);
    res->q5 = malloc(nu * sizeof *res->q5);
    res->q95 = malloc(nu * sizeof *res->q95);
    res->unranked = malloc(nu * sizeof *res->unranked);
    if (!res->mean || !res->median || !res->q5 || !res->q95 || !res->unranked)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t u = 0; u < nu; u++) {
        const uint32_t *h = hist + u * (nu + 1);
        size_t cnt = n - h[0];
        uint64_t sum = 0;
        for (size_t r = 1; r <= nu; r++)
            sum += (uint64_t)r * h[r];
        res->unranked[u] = h[0] - nfailed; /* failed replications rank nobody */
        if (cnt == 0) {
            res->mean[u] = res->median[u] = res->q5[u] = res->q95[u] = NAN;
            continue;
        }
        res->mean[u] = (double)sum / (double)cnt;
        res->median[u] = hist_quantile(h, nu, cnt, 0.5);
        res->q5[u] = hist_quantile(h, nu, cnt, 0.05);
        res->q95[u] = hist_quantile(h, nu, cnt, 0.95);
    }
    return IX_OK;
}

static ix_status setup(shared *sh, ix_diag *d)
{
    const ix__sa_problem *pb = sh->pb;
    const ix_sa_config *cfg = sh->cfg;
    size_t nf = pb->nfactors;
    if (cfg->n < 1 || (cfg->type == IX_SA_SA && cfg->n < 2) || cfg->n > 0xFFFFFFF0u)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "sample_count",
                           "N must be from %d to 4294967280", cfg->type == IX_SA_SA ? 2 : 1);
    if (nf == 0)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "there are no uncertain choices");
    sh->sampler = cfg->sampler ? cfg->sampler
                               : (cfg->type == IX_SA_SA ? IX_SA_SAMPLER_SOBOL : IX_SA_SAMPLER_RANDOM);
    sh->total = cfg->n;
    if (sh->sampler == IX_SA_SAMPLER_SOBOL) {
        size_t dims = cfg->type == IX_SA_SA ? 2 * nf : nf;
        if (dims > IX_SOBOL_MAX_DIM)
            return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "sampler",
                               "%zu choices need %zu Sobol' dimensions; there are direction "
                               "numbers for %d: use the random sampler",
                               nf, dims, IX_SOBOL_MAX_DIM);
        return ix_sobol_init(&sh->sobol, (unsigned)dims, d);
    }
    if (sh->sampler == IX_SA_SAMPLER_GRID) {
        if (cfg->type != IX_SA_UA)
            return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "sampler",
                               "the grid sampler is for uncertainty analysis (analysis_type ua) only");
        sh->grid_total = 1;
        for (size_t j = 0; j < nf; j++) {
            if (pb->levels[j] == 0)
                return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "sampler",
                                   "the grid sampler needs discrete choices; \"%s\" is continuous",
                                   pb->labels[j]);
            if (sh->grid_total > ((size_t)1 << 40) / pb->levels[j])
                return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "sampler",
                                   "too many combinations for the grid sampler");
            sh->grid_total *= pb->levels[j];
        }
    }
    return IX_OK;
}

static ix_status run_threads(shared *sh, worker *ws, unsigned nt, ix_diag *d)
{
    unsigned started = 0;
    for (unsigned t = 0; t < nt; t++) {
        if (pthread_create(&ws[t].tid, NULL, work, &ws[t]) != 0) {
            atomic_store(&sh->stop, 1);
            ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, "thread_count", "cannot start thread %u", t + 1);
            break;
        }
        ws[t].started = 1;
        started++;
    }
    if (sh->cfg->progress && started == nt) {
        size_t done;
        while ((done = atomic_load(&sh->done)) < sh->total && !atomic_load(&sh->stop)) {
            sh->cfg->progress(sh->cfg->progress_ctx, done, sh->total);
            sleep_ms(100);
        }
        sh->cfg->progress(sh->cfg->progress_ctx, atomic_load(&sh->done), sh->total);
    }
    for (unsigned t = 0; t < nt; t++)
        if (ws[t].started)
            pthread_join(ws[t].tid, NULL);
    if (started < nt)
        return IX_ERR_NOMEM;
    if (sh->st) {
        *d = sh->err;
        return sh->st;
    }
    return IX_OK;
}

ix_status ix__sa_run(const ix__sa_problem *pb, const ix_sa_config *cfg, ix_sa_result **out,
                     ix_diag *d)
{
    *out = NULL;
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.pb = pb;
    sh.cfg = cfg;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.stop, 0);
    atomic_init(&sh.nfailed, 0);
    sh.fail_run = SIZE_MAX;
    ix_status st = setup(&sh, d);
    if (st)
        return st;
    size_t nu = pb->nunits, nf = pb->nfactors;
    unsigned nt = cfg->threads ? cfg->threads : 1;
    if (nt > 256)
        nt = 256;
    size_t chunks = (sh.total + CHUNK - 1) / CHUNK;
    if (nt > chunks)
        nt = (unsigned)chunks;
    if (nt == 0)
        nt = 1; /* no replications: one idle worker keeps the code below uniform */
    worker *ws = calloc(nt, sizeof *ws);
    ix_sa_result *res = calloc(1, sizeof *res);
    if (!ws || !res) {
        free(ws);
        free(res);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    pthread_mutex_init(&sh.lock, NULL);
    res->type = cfg->type;
    res->sampler = sh.sampler;
    res->nunits = nu;
    res->nfactors = nf;
    res->n = cfg->n;
    res->nruns = cfg->type == IX_SA_SA ? cfg->n * (nf + 2) : cfg->n;
    res->nominal = malloc(nu * sizeof *res->nominal);
    res->labels = malloc(nf * sizeof *res->labels);
    if (cfg->type == IX_SA_SA)
        sh.y = malloc(cfg->n * (nf + 2) * sizeof *sh.y);
    if (!res->nominal || !res->labels || (cfg->type == IX_SA_SA && !sh.y)) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    memcpy(res->nominal, pb->nominal, nu * sizeof *res->nominal);
    memcpy(res->labels, pb->labels, nf * sizeof *res->labels);
    for (unsigned t = 0; t < nt && !st; t++)
        st = new_worker(&sh, &ws[t], d);
    if (st || (st = run_threads(&sh, ws, nt, d)))
        goto out;
    res->nfailed = atomic_load(&sh.nfailed);
    if (res->nfailed) {
        res->failure = sh.fail_diag;
        res->failure_run = sh.fail_run;
    }
    if (res->nfailed == res->nruns) {
        char msg[600];
        ix_diag_format(&sh.fail_diag, msg, sizeof msg);
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                         "every one of the %zu runs failed; the first: %s", res->nruns, msg);
        goto out;
    }
    if (cfg->type == IX_SA_UA) {
        /* Sum the threads' histograms into the first. */
        for (unsigned t = 1; t < nt; t++)
            for (size_t k = 0; k < nu * (nu + 1); k++)
                ws[0].hist[k] += ws[t].hist[k];
        st = summarise_ua(pb, ws[0].hist, cfg->n, res->nfailed, res, d);
    } else {
        /* Rows with a failed run are left out of the estimators (COINr's
         * estimates would turn NA): the rest close up, in row order. */
        size_t rows = 0, w = nf + 2;
        for (size_t r = 0; r < cfg->n; r++) {
            int bad = 0;
            for (size_t i = 0; i < w; i++)
                bad |= isnan(sh.y[r * w + i]);
            if (!bad)
                memmove(sh.y + rows++ * w, sh.y + r * w, w * sizeof *sh.y);
        }
        res->index = calloc(nf, sizeof *res->index);
        if (!res->index)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        else if (rows < 2)
            st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                             "only %zu of %zu rows of the design ran without a failure; "
                             "sensitivity indices need at least 2", rows, cfg->n);
        else
            st = (cfg->estimator == IX_SA_EST_COINR ? ix_sa_estimate_coinr : ix_sa_estimate)(
                sh.y, rows, nf, cfg->nboot ? cfg->nboot : 1000, cfg->seed, &res->y_mean,
                &res->y_var, res->index, d);
        res->complete_rows = rows;
    }
out:
    for (unsigned t = 0; t < nt; t++)
        free_worker(pb, &ws[t]);
    free(ws);
    free(sh.y);
    pthread_mutex_destroy(&sh.lock);
    if (st)
        ix_sa_result_free(res);
    else
        *out = res;
    return st;
}

void ix_sa_result_free(ix_sa_result *r)
{
    if (!r)
        return;
    free(r->nominal);
    free(r->mean);
    free(r->median);
    free(r->q5);
    free(r->q95);
    free(r->unranked);
    free(r->index);
    free(r->labels);
    free(r);
}
