/* Times one regeneration of a composite index (denominate, impute, treat,
 * normalise, aggregate) on 98 × 100 and 10,000 × 100 synthetic data, the
 * groundwork for uncertainty analysis, which regenerates thousands of times.
 *
 *   compiled  ix_comp_plan_run on a plan built once (no allocation)
 *   baseline  what a regeneration costs when everything is rebuilt from the
 *             inputs each time, as COINr's Regen() rebuilds its coin: parse
 *             the IDATA/IMETA CSV text and the recipe JSON, build and check
 *             the model, compile the plan, run, free.
 *
 * usage: bench_composite [SECONDS_PER_CASE]   (default 1) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indeks/composite.h"
#include "indeks/csv.h"
#include "indeks/number.h"
#include "indeks/sink.h"
#include "indeks/table.h"

#define NIND 100
#define NDOM 5

static const char RECIPE[] =
    "[{\"denominate\": {}}, {\"impute\": {\"method\": \"mean\"}},"
    " {\"treat\": {\"winmax\": 5}}, {\"normalise\": {\"method\": \"minmax\", \"range\": [0, 100]}},"
    " {\"aggregate\": {\"method\": \"amean\"}}]";

static uint64_t state = 20141208;

static double uniform(void)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (double)((z ^ (z >> 31)) >> 11) * (1.0 / 9007199254740992.0);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* IMETA: 100 indicators in 5 domains; every fifth is a count divided by
 * "pop"; every third has Direction −1. IDATA: uniform values with a skewed
 * tail on some indicators (so treat has work) and 3 % missing. */
static void make_csv(size_t nu, ix_buf *meta, ix_buf *data)
{
    ix_sink m = ix_buf_sink(meta), d = ix_buf_sink(data);
    ix_sink_puts(&m, "Level,iCode,iName,Direction,Weight,Parent,Type,Denominator\n");
    for (int i = 0; i < NIND; i++)
        ix_sink_printf(&m, "1,i%03d,Indicator %d,%d,%d,D%d,Indicator,%s\n", i, i, i % 3 ? 1 : -1,
                       1 + i % 2, i % NDOM, i % 5 == 0 ? "pop" : "");
    for (int k = 0; k < NDOM; k++)
        ix_sink_printf(&m, "2,D%d,Domain %d,1,1,IDX,Aggregate,\n", k, k);
    ix_sink_puts(&m, "3,IDX,Index,1,,,Aggregate,\nNA,pop,Population,,,,Denominator,\n");
    ix_sink_puts(&d, "uCode,uName,pop");
    for (int i = 0; i < NIND; i++)
        ix_sink_printf(&d, ",i%03d", i);
    ix_sink_puts(&d, "\n");
    for (size_t u = 0; u < nu; u++) {
        ix_sink_printf(&d, "u%zu,Unit %zu,%.0f", u, u, 1000 + 100000 * uniform());
        for (int i = 0; i < NIND; i++) {
            double v = 100 * uniform();
            if (i % 7 == 0)
                v = v * v * v / 1e4; /* skewed */
            if (uniform() < 0.03)
                ix_sink_puts(&d, ",NA");
            else
                ix_sink_printf(&d, ",%.4f", v);
        }
        ix_sink_puts(&d, "\n");
    }
}

/* One regeneration rebuilt from the inputs. */
static int regen_from_scratch(const ix_buf *meta, const ix_buf *data)
{
    ix_table *tm = NULL, *td = NULL;
    ix_comp_model *m = NULL;
    ix_comp_plan *p = NULL;
    ix_comp_recipe r;
    ix_diag d;
    int rc = ix_csv_parse(meta->data, meta->len, "meta", &tm, &d) ||
             ix_csv_parse(data->data, data->len, "data", &td, &d) ||
             ix_comp_model_from_tables(td, tm, &m, &d) ||
             ix_comp_recipe_parse(RECIPE, sizeof RECIPE - 1, "recipe", &r, &d) ||
             ix_comp_plan_new(m, &r, &p, &d) || ix_comp_plan_run(p, &d);
    if (rc)
        fprintf(stderr, "bench_composite: %s\n", d.message);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    ix_table_free(tm);
    ix_table_free(td);
    return rc;
}

/* Runs f until budget seconds pass (at least 3 times); returns s per call. */
static double time_compiled(ix_comp_plan *p, double budget)
{
    ix_diag d;
    size_t n = 0;
    double t0 = now(), t;
    do {
        if (ix_comp_plan_run(p, &d))
            return -1;
        n++;
    } while ((t = now()) - t0 < budget || n < 3);
    return (t - t0) / (double)n;
}

static double time_baseline(const ix_buf *meta, const ix_buf *data, double budget)
{
    size_t n = 0;
    double t0 = now(), t;
    do {
        if (regen_from_scratch(meta, data))
            return -1;
        n++;
    } while ((t = now()) - t0 < budget || n < 3);
    return (t - t0) / (double)n;
}

static int bench(size_t nu, double budget)
{
    ix_buf meta, data;
    ix_buf_init(&meta);
    ix_buf_init(&data);
    make_csv(nu, &meta, &data);
    ix_table *tm = NULL, *td = NULL;
    ix_comp_model *m = NULL;
    ix_comp_plan *p = NULL;
    ix_comp_recipe r;
    ix_diag d;
    int rc = 1;
    if (ix_csv_parse(meta.data, meta.len, "meta", &tm, &d) ||
        ix_csv_parse(data.data, data.len, "data", &td, &d) ||
        ix_comp_model_from_tables(td, tm, &m, &d) ||
        ix_comp_recipe_parse(RECIPE, sizeof RECIPE - 1, "recipe", &r, &d) ||
        ix_comp_plan_new(m, &r, &p, &d)) {
        fprintf(stderr, "bench_composite: %s\n", d.message);
        goto out;
    }
    double fast = time_compiled(p, budget), slow = time_baseline(&meta, &data, budget);
    if (fast < 0 || slow < 0)
        goto out;
    printf("%6zu units x %d indicators: compiled plan %10.3f ms/regeneration, "
           "rebuild-from-inputs baseline %10.3f ms (%.1fx)\n",
           nu, NIND, fast * 1e3, slow * 1e3, slow / fast);
    rc = 0;
out:
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    ix_table_free(tm);
    ix_table_free(td);
    ix_buf_free(&meta);
    ix_buf_free(&data);
    return rc;
}

int main(int argc, char **argv)
{
    double budget = 1;
    if (argc > 1) {
        const char *why = NULL;
        if (ix_parse_number(argv[1], '.', &budget, &why) != 0 || !(budget > 0)) {
            fprintf(stderr, "usage: bench_composite [SECONDS_PER_CASE]\n");
            return 2;
        }
    }
    printf("bench_composite: full recipe denominate, impute, treat, normalise (minmax), "
           "aggregate (amean)\n");
    return bench(98, budget) || bench(10000, budget) ? 1 : 0;
}
