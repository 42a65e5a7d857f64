/* How long the socio-economic index takes, per unit, and where the time goes.
 *
 * Measured (each: repeated until one measurement lasts >= 0.2 s, the median
 * of 5 measurements, CLOCK_MONOTONIC):
 *   compute      ix_socio_compute: national totals, the formula, the ranking;
 *   spreadsheet  the named baseline: the same formula evaluated the way a
 *                spreadsheet does it, column by column. A population-share
 *                column N_k/N once, then per criterion a column of shares
 *                c_jk/C_j, a column of relative rates (share / population
 *                share) and a column of contributions, each allocated as its
 *                own array, then the index column summed across them; ranked
 *                with the same ix_rank_desc so only the evaluation differs;
 *   rank only    ix_rank_desc on the finished indices (part of compute);
 *   csv path     the whole road from CSV text: ix_csv_parse +
 *                ix_socio_data_from_table + ix_socio_compute, and its first
 *                two parts on their own.
 * on the embedded demo data (98 municipalities, model socio_2021 with its
 * weights rescaled) and on 100,000 synthetic units (ix_socio_data_new, 8
 * criteria, counts from ix_rng with a fixed seed). The CSV path is for the 98
 * only: codes must be real municipality codes.
 *
 * The baseline's indices are compared with the library's: a baseline that
 * computed something else would not be a baseline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/rank.h"
#include "indeks/socio.h"

/* The build embeds the default models (see cmake/embed.cmake). */
const char *ix__embedded(const char *name, size_t *len);

#define MIN_SECONDS 0.2
#define RUNS 5
#define SYNTH_UNITS 100000
#define SYNTH_CRITERIA 8
#define SYNTH_SEED 20210101u

static volatile double sink_value; /* keeps results observable */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct {
    const ix_socio_model *model;
    const ix_socio_data *data;
    const char *csv;
    size_t csv_len;
    const double *index;   /* for "rank only" */
    const ix_table *table; /* for "from table" */
} bench_ctx;

typedef int (*bench_fn)(const bench_ctx *c);

static _Noreturn void die(const char *what, const ix_diag *d)
{
    fprintf(stderr, "bench_socio: %s: %s:%ld: %s\n", what, d->file, d->line, d->message);
    exit(1);
}

static int run_compute(const bench_ctx *c)
{
    ix_socio_result *r = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_socio_compute(c->model, c->data, &r, &d) != IX_OK)
        die("compute", &d);
    sink_value = r->index[r->order[0]];
    ix_socio_result_free(r);
    return 0;
}

/* The spreadsheet way. Returns the index column (malloc'd) with ranks. */
static double *spreadsheet(const ix_socio_model *m, const ix_socio_data *data, long **rank_out)
{
    const size_t n = data->nunits, nc = data->ncriteria;
    if (n == 0)
        abort(); /* the bench data always have the 98 municipalities */
    double N = 0;
    for (size_t k = 0; k < n; k++)
        N += data->population[k];
    double *popshare = malloc((n ? n : 1) * sizeof *popshare);
    double *index = calloc(n ? n : 1, sizeof *index);
    double **contrib = calloc(nc ? nc : 1, sizeof *contrib);
    if (!popshare || !index || !contrib)
        abort();
    for (size_t k = 0; k < n; k++)
        popshare[k] = data->population[k] / N;
    for (size_t j = 0; j < nc; j++) {
        double *count = malloc(n * sizeof *count), *share = malloc(n * sizeof *share);
        double *relative = malloc(n * sizeof *relative);
        contrib[j] = malloc(n * sizeof *contrib[j]);
        if (!count || !share || !relative || !contrib[j])
            abort();
        double C = 0;
        for (size_t k = 0; k < n; k++) { /* copy the column out of the sheet */
            count[k] = data->counts[k * nc + j];
            C += count[k];
        }
        for (size_t k = 0; k < n; k++)
            share[k] = count[k] / C;
        for (size_t k = 0; k < n; k++)
            relative[k] = share[k] / popshare[k];
        for (size_t k = 0; k < n; k++)
            contrib[j][k] = m->scale * m->criteria[j].weight * relative[k];
        free(count);
        free(share);
        free(relative);
    }
    for (size_t j = 0; j < nc; j++) {
        for (size_t k = 0; k < n; k++)
            index[k] += contrib[j][k];
        free(contrib[j]);
    }
    free(contrib);
    free(popshare);
    long *rank = malloc(n * sizeof *rank);
    size_t *order = malloc(n * sizeof *order);
    ix_diag d;
    ix_diag_clear(&d);
    if (!rank || !order || ix_rank_desc(index, n, rank, order, &d) != IX_OK)
        abort();
    free(order);
    *rank_out = rank;
    return index;
}

static int run_spreadsheet(const bench_ctx *c)
{
    long *rank = NULL;
    double *index = spreadsheet(c->model, c->data, &rank);
    sink_value = index[0] + (double)rank[0];
    free(index);
    free(rank);
    return 0;
}

static int run_rank(const bench_ctx *c)
{
    const size_t n = c->data->nunits;
    long *rank = malloc(n * sizeof *rank);
    size_t *order = malloc(n * sizeof *order);
    ix_diag d;
    ix_diag_clear(&d);
    if (!rank || !order || ix_rank_desc(c->index, n, rank, order, &d) != IX_OK)
        abort();
    sink_value = (double)order[0];
    free(rank);
    free(order);
    return 0;
}

static int run_csv_path(const bench_ctx *c)
{
    ix_table *t = NULL;
    ix_socio_data *data = NULL;
    ix_socio_result *r = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_csv_parse(c->csv, c->csv_len, "bench.csv", &t, &d) != IX_OK)
        die("csv", &d);
    if (ix_socio_data_from_table(c->model, t, &data, &d) != IX_OK)
        die("data", &d);
    if (ix_socio_compute(c->model, data, &r, &d) != IX_OK)
        die("compute", &d);
    sink_value = r->index[0];
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_table_free(t);
    return 0;
}

static int run_csv_parse(const bench_ctx *c)
{
    ix_table *t = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_csv_parse(c->csv, c->csv_len, "bench.csv", &t, &d) != IX_OK)
        die("csv", &d);
    sink_value = (double)ix_table_nrows(t);
    ix_table_free(t);
    return 0;
}

/* Reading the model's columns from an already parsed table. */
static int run_from_table(const bench_ctx *c)
{
    ix_socio_data *data = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_socio_data_from_table(c->model, c->table, &data, &d) != IX_OK)
        die("data", &d);
    sink_value = data->population[0];
    ix_socio_data_free(data);
    return 0;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nanoseconds per unit: the median of RUNS measurements of reps calls, reps
 * doubled until one measurement lasts MIN_SECONDS. */
static double measure(bench_fn fn, const bench_ctx *c, size_t units)
{
    long reps = 1;
    for (;;) {
        double t0 = now_seconds();
        for (long i = 0; i < reps; i++)
            fn(c);
        if (now_seconds() - t0 >= MIN_SECONDS)
            break;
        reps *= 2;
    }
    double ns[RUNS];
    for (int run = 0; run < RUNS; run++) {
        double t0 = now_seconds();
        for (long i = 0; i < reps; i++)
            fn(c);
        ns[run] = (now_seconds() - t0) * 1e9 / ((double)reps * (double)units);
    }
    qsort(ns, RUNS, sizeof ns[0], by_double);
    return ns[RUNS / 2];
}

/* The demo table as CSV text, the way a user's file would hold it. */
static char *table_to_csv(const ix_table *t, size_t *len)
{
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (long row = -1; row < (long)ix_table_nrows(t); row++)
        for (size_t col = 0; col < ix_table_ncols(t); col++) {
            const char *cell = row < 0 ? ix_table_header(t, col) : ix_table_cell(t, (size_t)row, col);
            int quote = strpbrk(cell, ",\"\n") != NULL;
            size_t need = 2 * strlen(cell) + 4;
            while (used + need + 1 > cap) {
                cap *= 2;
                char *grown = realloc(buf, cap);
                if (!grown)
                    abort();
                buf = grown;
            }
            if (quote)
                buf[used++] = '"';
            for (const char *p = cell; *p; p++) {
                if (*p == '"')
                    buf[used++] = '"';
                buf[used++] = *p;
            }
            if (quote)
                buf[used++] = '"';
            buf[used++] = col + 1 < ix_table_ncols(t) ? ',' : '\n';
        }
    buf[used] = '\0';
    *len = used;
    return buf;
}

/* 8 criteria with the weights of the 2021 law's criteria 1-8, rescaled. */
static ix_socio_model *synthetic_model(void)
{
    static const double w[SYNTH_CRITERIA] = {0.19, 0.13, 0.06, 0.02, 0.12, 0.09, 0.03, 0.05};
    char json[2048];
    size_t used = (size_t)snprintf(json, sizeof json,
                                   "{\"name\": \"synthetic\", \"source\": \"bench_socio.c\", "
                                   "\"population\": \"n\", \"criteria\": [");
    for (int j = 0; j < SYNTH_CRITERIA; j++)
        used += (size_t)snprintf(json + used, sizeof json - used,
                                 "%s{\"id\": \"k%d\", \"name\": \"k%d\", \"weight\": %g, \"count\": \"c%d\"}",
                                 j ? ", " : "", j + 1, j + 1, w[j], j + 1);
    snprintf(json + used, sizeof json - used, "]}");
    ix_socio_model *m = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_socio_model_parse(json, strlen(json), "synthetic", &m, &d) != IX_OK ||
        ix_socio_model_check_weights(m, 1, &d) != IX_OK)
        die("synthetic model", &d);
    return m;
}

static ix_socio_data *synthetic_data(size_t n)
{
    ix_socio_data *data = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_socio_data_new(n, SYNTH_CRITERIA, &data, &d) != IX_OK)
        die("synthetic data", &d);
    ix_rng rng;
    ix_rng_seed(&rng, SYNTH_SEED);
    for (size_t k = 0; k < n; k++) {
        double pop = floor(2000 + 100000 * pow(ix_rng_uniform(&rng), 2));
        data->population[k] = pop;
        for (size_t j = 0; j < SYNTH_CRITERIA; j++) {
            double v = floor(pop * (0.01 + 0.1 * ix_rng_uniform(&rng)));
            data->counts[k * SYNTH_CRITERIA + j] = data->raw[k * SYNTH_CRITERIA + j] = v;
        }
    }
    return data;
}

/* Largest relative difference between the library's and the baseline's
 * indices, and whether the ranks agree. */
static void check_baseline(const ix_socio_model *m, const ix_socio_data *data, const char *label)
{
    ix_socio_result *r = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_socio_compute(m, data, &r, &d) != IX_OK)
        die("compute", &d);
    long *rank = NULL;
    double *index = spreadsheet(m, data, &rank);
    double worst = 0;
    size_t rank_diff = 0;
    for (size_t k = 0; k < data->nunits; k++) {
        double rel = fabs(index[k] - r->index[k]) / fabs(r->index[k]);
        if (rel > worst)
            worst = rel;
        rank_diff += rank[k] != r->rank[k];
    }
    printf("  baseline check (%s): largest relative difference %.2g, %zu ranks differ\n", label,
           worst, rank_diff);
    if (worst > 1e-12) {
        fprintf(stderr, "bench_socio: the baseline does not compute the same index\n");
        exit(1);
    }
    free(index);
    free(rank);
    ix_socio_result_free(r);
}

static void row(const char *name, size_t units, double ns, double ref)
{
    printf("  %-38s %8zu %12.1f %8.2f\n", name, units, ns, ns / ref);
}

int main(void)
{
    ix_diag d;
    ix_diag_clear(&d);
    size_t len = 0;
    const char *json = ix__embedded("models/socio_2021.json", &len);
    ix_socio_model *model = NULL;
    if (!json || ix_socio_model_parse(json, len, "models/socio_2021.json", &model, &d) != IX_OK ||
        ix_socio_model_check_weights(model, 1, &d) != IX_OK)
        die("model", &d);
    ix_table *demo = NULL;
    ix_socio_data *data98 = NULL;
    if (ix_demo_socio_table(IX_DEMO_SEED, &demo, &d) != IX_OK ||
        ix_socio_data_from_table(model, demo, &data98, &d) != IX_OK)
        die("demo data", &d);
    size_t csv_len = 0;
    char *csv = table_to_csv(demo, &csv_len);
    ix_socio_result *r98 = NULL;
    if (ix_socio_compute(model, data98, &r98, &d) != IX_OK)
        die("compute", &d);

    ix_socio_model *smodel = synthetic_model();
    ix_socio_data *big = synthetic_data(SYNTH_UNITS);
    ix_socio_result *rbig = NULL;
    if (ix_socio_compute(smodel, big, &rbig, &d) != IX_OK)
        die("compute", &d);

    printf("bench_socio: the socio-economic index, ns per unit (median of %d runs, each >= %.1f s)\n",
           RUNS, MIN_SECONDS);
    printf("  ratio = time / ix_socio_compute's time on the same units\n");
    check_baseline(model, data98, "98 demo");
    check_baseline(smodel, big, "100,000 synthetic");
    printf("  %-38s %8s %12s %8s\n", "case", "units", "ns/unit", "ratio");

    bench_ctx c98 = {model, data98, csv, csv_len, r98->index, demo};
    double compute98 = measure(run_compute, &c98, 98);
    row("ix_socio_compute (98 demo)", 98, compute98, compute98);
    row("spreadsheet baseline (98 demo)", 98, measure(run_spreadsheet, &c98, 98), compute98);
    row("  of which ranking (ix_rank_desc)", 98, measure(run_rank, &c98, 98), compute98);
    row("CSV text -> table -> data -> compute", 98, measure(run_csv_path, &c98, 98), compute98);
    row("  of which ix_csv_parse", 98, measure(run_csv_parse, &c98, 98), compute98);
    row("  of which ix_socio_data_from_table", 98, measure(run_from_table, &c98, 98), compute98);

    bench_ctx cbig = {smodel, big, NULL, 0, rbig->index, NULL};
    double computebig = measure(run_compute, &cbig, SYNTH_UNITS);
    row("ix_socio_compute (100,000 synthetic)", SYNTH_UNITS, computebig, computebig);
    row("spreadsheet baseline (100,000)", SYNTH_UNITS, measure(run_spreadsheet, &cbig, SYNTH_UNITS),
        computebig);
    row("  of which ranking (ix_rank_desc)", SYNTH_UNITS, measure(run_rank, &cbig, SYNTH_UNITS),
        computebig);
    printf("  (8 criteria for both; ranking is O(n log n), the formula O(n x criteria))\n");

    ix_socio_result_free(rbig);
    ix_socio_data_free(big);
    ix_socio_model_free(smodel);
    ix_socio_result_free(r98);
    free(csv);
    ix_socio_data_free(data98);
    ix_table_free(demo);
    ix_socio_model_free(model);
    return 0;
}
