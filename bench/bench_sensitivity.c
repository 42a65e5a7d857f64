/* Benchmark: uncertainty analysis with N = 100,000 replications on 98 units
 * × 100 indicators (10 domains of 10, one index) with 4 uncertain choices:
 * normalisation (minmax [1, 100] or zscore [100, 15]), weights of levels 1
 * and 2 within ±25 %, aggregation (arithmetic or geometric mean), and one
 * indicator left out (or none). The data are SYNTHETIC (fixed seed).
 *
 * It times N = 10,000, 30,000 and 100,000 on 1 and 2 threads, and writes
 * the data, the SA.json and its own result for N_numpy replications to
 * $IX_BENCH_DIR (default /tmp/indeks-bench-sa), where bench/ua_numpy.py
 * (run by scripts/bench.sh) runs the same analysis in NumPy and reports
 * the ratio. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "indeks/composite.h"
#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/sensitivity.h"

#define NU 98
#define NI 100
#define ND 10

static const char spec_json[] =
    "{\"choices\": [\n"
    "  {\"step\": \"normalise\", \"alternatives\": [{\"method\": \"minmax\", \"range\": [1, 100]},\n"
    "                                          {\"method\": \"zscore\", \"m_sd\": [100, 15]}]},\n"
    "  {\"weights\": {\"levels\": [1, 2], \"noise\": 0.25}},\n"
    "  {\"step\": \"aggregate\", \"alternatives\": [{\"method\": \"amean\"}, {\"method\": \"gmean\"}]},\n"
    "  {\"leave_out\": \"indicators\"}]}\n";
static const char recipe_json[] =
    "[{\"normalise\": {\"method\": \"minmax\", \"range\": [1, 100]}}, {\"aggregate\": {\"method\": \"amean\"}}]\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_text(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* IDATA and IMETA as CSV, then read back through the normal reader. */
static int write_data(const char *dir)
{
    char path[512];
    ix_rng g;
    ix_rng_seed(&g, 2021);
    snprintf(path, sizeof path, "%s/idata.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("uCode,uName", f);
    for (int i = 0; i < NI; i++)
        fprintf(f, ",x%03d", i + 1);
    fputs("\n", f);
    for (int u = 0; u < NU; u++) {
        double common = ix_rng_normal(&g);
        fprintf(f, "u%03d,Unit %d", u + 1, u + 1);
        for (int i = 0; i < NI; i++) {
            double z = 0.5 * common + ix_rng_normal(&g);
            z = z < -3 ? -3 : (z > 3 ? 3 : z);
            fprintf(f, ",%.6f", 50 + 10 * z + 0.1 * i);
        }
        fputs("\n", f);
    }
    if (fclose(f))
        return -1;
    snprintf(path, sizeof path, "%s/imeta.csv", dir);
    if (!(f = fopen(path, "w")))
        return -1;
    fputs("Level,iCode,iName,Direction,Weight,Parent,Type\n", f);
    for (int i = 0; i < NI; i++)
        fprintf(f, "1,x%03d,Indicator %d,%d,%g,D%02d,Indicator\n", i + 1, i + 1, i % 7 == 3 ? -1 : 1,
                1 + (i % 3) * 0.5, i / (NI / ND) + 1);
    for (int k = 0; k < ND; k++)
        fprintf(f, "2,D%02d,Domain %d,1,%g,IDX,Aggregate\n", k + 1, k + 1, 1 + (k % 2) * 0.5);
    fputs("3,IDX,Index,1,,,Aggregate\n", f);
    return fclose(f);
}

static ix_status load(const char *dir, ix_comp_model **m, ix_diag *d)
{
    char p1[512], p2[512];
    ix_table *data = NULL, *meta = NULL;
    snprintf(p1, sizeof p1, "%s/idata.csv", dir);
    snprintf(p2, sizeof p2, "%s/imeta.csv", dir);
    ix_status st = ix_csv_read_file(p1, &data, d);
    if (!st)
        st = ix_csv_read_file(p2, &meta, d);
    if (!st)
        st = ix_comp_model_from_tables(data, meta, m, d);
    ix_table_free(data);
    ix_table_free(meta);
    return st;
}

static int write_result(const char *dir, const ix_comp_model *m, const ix_sa_result *r)
{
    char path[512];
    snprintf(path, sizeof path, "%s/c_result.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("uCode,Nominal,Mean,Median,Q5,Q95\n", f);
    for (size_t u = 0; u < r->nunits; u++)
        fprintf(f, "%s,%ld,%.17g,%.17g,%.17g,%.17g\n", ix_comp_unit_code(m, u), r->nominal[u],
                r->mean[u], r->median[u], r->q5[u], r->q95[u]);
    return fclose(f);
}

int main(void)
{
    const char *dir = getenv("IX_BENCH_DIR") ? getenv("IX_BENCH_DIR") : "/tmp/indeks-bench-sa";
    const char *nn = getenv("IX_BENCH_NUMPY_N");
    size_t n_numpy = nn ? strtoul(nn, NULL, 10) : 20000;
    mkdir(dir, 0777);
    ix_diag d;
    ix_diag_clear(&d);
    ix_comp_model *m = NULL;
    ix_comp_recipe rec;
    ix_sa_spec spec;
    if (write_data(dir) || write_text(dir, "SA.json", spec_json) || write_text(dir, "recipe.json", recipe_json)) {
        fprintf(stderr, "bench_sensitivity: cannot write to %s\n", dir);
        return 1;
    }
    if (load(dir, &m, &d) || ix_comp_recipe_parse(recipe_json, strlen(recipe_json), "recipe.json", &rec, &d) ||
        ix_sa_spec_parse(spec_json, strlen(spec_json), "SA.json", &spec, &d)) {
        fprintf(stderr, "bench_sensitivity: %s\n", d.message);
        return 1;
    }
    printf("UA on %d units x %d indicators (SYNTHETIC), 4 choices: normalise, weights ±25 %%, "
           "aggregate, leave one out\n",
           NU, NI);
    static const size_t sizes[] = {10000, 30000, 100000};
    double t100k2 = 0;
    for (unsigned th = 1; th <= 2; th++)
        for (size_t k = 0; k < 3; k++) {
            ix_sa_config cfg = {IX_SA_UA, sizes[k], 1, th, IX_SA_SAMPLER_RANDOM, 0, NULL, NULL};
            ix_sa_result *r = NULL;
            double t0 = now();
            if (ix_sa_composite(m, &rec, &spec, &cfg, &r, &d)) {
                fprintf(stderr, "bench_sensitivity: %s\n", d.message);
                return 1;
            }
            double t = now() - t0;
            if (th == 2 && sizes[k] == 100000)
                t100k2 = t;
            printf("  N = %6zu, %u thread%s: %7.3f s  (%.2f us per replication)\n", sizes[k], th,
                   th > 1 ? "s" : " ", t, 1e6 * t / (double)sizes[k]);
            ix_sa_result_free(r);
        }
    printf("  N = 100,000 on 2 threads: %.3f s (target < 10 s): %s\n", t100k2,
           t100k2 < 10 ? "met" : "NOT met");
    /* The run NumPy is compared with: same N, 1 thread (NumPy uses one core
     * for this loop) and 2 threads. */
    double tn[3] = {0, 0, 0};
    for (unsigned th = 1; th <= 2; th++) {
        ix_sa_config cfg = {IX_SA_UA, n_numpy, 1, th, IX_SA_SAMPLER_RANDOM, 0, NULL, NULL};
        ix_sa_result *r = NULL;
        double t0 = now();
        if (ix_sa_composite(m, &rec, &spec, &cfg, &r, &d)) {
            fprintf(stderr, "bench_sensitivity: %s\n", d.message);
            return 1;
        }
        tn[th] = now() - t0;
        if (th == 1 && write_result(dir, m, r))
            return 1;
        ix_sa_result_free(r);
    }
    char timing[256];
    snprintf(timing, sizeof timing, "n %zu\nc_seconds_1thread %.6f\nc_seconds_2threads %.6f\n", n_numpy,
             tn[1], tn[2]);
    write_text(dir, "c_timing.txt", timing);
    printf("  files for bench/ua_numpy.py in %s (N = %zu: %.3f s on 1 thread, %.3f s on 2)\n", dir,
           n_numpy, tn[1], tn[2]);
    ix_comp_model_free(m);
    return 0;
}
