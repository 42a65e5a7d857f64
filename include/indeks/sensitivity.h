/* Uncertainty and sensitivity analysis of an index's ranking (the JRC's
 * method: Saisana, Saltelli & Tarantola 2005; OECD/JRC Handbook ch. 7).
 *
 * The choices made in building an index (a treat parameter, the
 * normalisation, the weights, the aggregation, which indicators are in)
 * become d random factors, each a uniform u in [0, 1) mapped to a choice.
 * The index is re-run for many draws of the factors:
 *  - uncertainty analysis (UA): N replications; each unit's rank per
 *    replication, summarised as mean, median and the 5th and 95th
 *    percentiles (R's quantile type 7);
 *  - sensitivity analysis (SA): the design A, B, AB_i (N(d+2) runs) and,
 *    for the mean absolute rank shift against the nominal ranking, each
 *    factor's first-order index Si (Saltelli 2010) and total index STi
 *    (Jansen 1999), with bootstrap confidence intervals.
 *
 * Replications run on threads; each replication's draws come from (seed,
 * replication number) only, so results are the same bytes whatever the
 * thread count. Nothing is allocated inside the replication loop.
 *
 * Ownership: a spec is a plain struct owned by the caller; a result is
 * owned by the caller and freed with ix_sa_result_free (NULL is a no-op). */
#ifndef INDEKS_SENSITIVITY_H
#define INDEKS_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "indeks/composite.h"
#include "indeks/diag.h"
#include "indeks/socio.h"

/* ---- The uncertain choices (SA.json, lib/io/sensitivity/sa_spec_json.c) ------------ */

#define IX_SA_MAX_CHOICES 16
#define IX_SA_MAX_VALUES 32
#define IX_SA_MAX_ALTS 8

typedef enum {
    IX_SA_PARAM = 1,    /* a step's parameter takes one of values[] */
    IX_SA_ALTERNATIVES, /* a step is replaced by one of alts[] */
    IX_SA_WEIGHTS,      /* weights at levels drawn within ±noise, renormalised */
    IX_SA_LEAVE_OUT     /* none or one indicator left out (weight 0) */
} ix_sa_choice_kind;

typedef struct ix_sa_choice {
    ix_sa_choice_kind kind;
    ix_comp_step_kind step;            /* PARAM, ALTERNATIVES */
    char param[32];                    /* PARAM: winmax, skew_thresh, kurt_thresh, dat_thresh */
    double values[IX_SA_MAX_VALUES];   /* PARAM */
    size_t nvalues;
    ix_comp_step alts[IX_SA_MAX_ALTS]; /* ALTERNATIVES, each a whole step */
    size_t nalts;
    unsigned levels;                   /* WEIGHTS: bit L set = nodes of Level L */
    double noise;                      /* WEIGHTS: 0.25 = ±25 % */
    char label[64];                    /* for output: "treat.winmax", "weights", ... */
    long line, column;                 /* where the choice is written in SA.json */
} ix_sa_choice;

typedef struct ix_sa_spec {
    ix_sa_choice choices[IX_SA_MAX_CHOICES];
    size_t nchoices;
    char source[256];
} ix_sa_spec;

/* Parses SA.json: {"choices": [...]} with each choice one of
 *   {"step": "treat", "param": "winmax", "values": [1, 2, 3]}
 *   {"step": "normalise", "alternatives": [{"method": "minmax"}, ...]}
 *   {"weights": {"levels": [2, 3], "noise": 0.25}}
 *   {"leave_out": "indicators"}
 * and an optional "name". Errors name source:line:column and the field. */
ix_status ix_sa_spec_parse(const char *json, size_t len, const char *source, ix_sa_spec *out,
                           ix_diag *d);

/* ---- Running ----------------------------------------------------------- */

typedef enum { IX_SA_UA = 1, IX_SA_SA } ix_sa_type;
typedef enum {
    IX_SA_SAMPLER_DEFAULT = 0, /* random for UA, Sobol' for SA */
    IX_SA_SAMPLER_SOBOL,
    IX_SA_SAMPLER_RANDOM,
    IX_SA_SAMPLER_GRID         /* UA only, discrete factors only: replication r is
                                  combination r mod (product of the counts) */
} ix_sa_sampler;

/* How Si, STi and their intervals are estimated (docs/sensitivity.md). */
typedef enum {
    IX_SA_EST_CENTRED = 0, /* Saltelli 2010 on outputs centred by their mean; rows
                              bootstrapped together, 95 % intervals (default) */
    IX_SA_EST_COINR        /* COINr's SA_estimate: uncentred Si, each factor's terms
                              bootstrapped apart with V fixed, 5th-95th percentiles */
} ix_sa_estimator;

typedef struct ix_sa_config {
    ix_sa_type type;
    size_t n;                  /* replications (UA) or base sample size (SA) */
    uint64_t seed;
    unsigned threads;          /* 0 = 1 */
    ix_sa_sampler sampler;
    size_t nboot;              /* SA bootstrap replicates; 0 = 1000 */
    /* Called from the calling thread about ten times a second (may be NULL). */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    ix_sa_estimator estimator;
    int no_fast;               /* 1: every replication through the general path (the
                                  fast path's results are the same bytes; for tests) */
} ix_sa_config;

/* First-order and total index of one factor with 95 % bootstrap intervals
 * (2.5th and 97.5th percentiles of the bootstrap replicates). */
typedef struct ix_sa_index {
    double si, si_lo, si_hi;
    double sti, sti_lo, sti_hi;
} ix_sa_index;

typedef struct ix_sa_result {
    ix_sa_type type;
    ix_sa_sampler sampler;
    size_t nunits, nfactors, n, nruns;
    long *nominal;                     /* rank per unit in the nominal run (0 = unranked) */
    /* UA, per unit; NaN when the unit was never ranked. */
    double *mean, *median, *q5, *q95;
    size_t *unranked;                  /* replications in which the unit had no rank */
    /* SA, per factor. */
    ix_sa_index *index;
    double y_mean, y_var;              /* of the mean absolute rank shift over A and B */
    char (*labels)[64];                /* nfactors */
    /* Runs that failed on their data (e.g. a zero range after a drawn
     * treatment): NA, left out of the summaries, as COINr's get_sensitivity
     * does; the analysis goes on. failure is the first one's diagnostic
     * (by run number: UA replication, SA row·(d + 2) + column). */
    size_t nfailed, failure_run;
    ix_diag failure;
    size_t complete_rows;              /* SA: rows of the design without a failure */
} ix_sa_result;

void ix_sa_result_free(ix_sa_result *r);

/* The composite index of m under recipe r, with the spec's choices. */
ix_status ix_sa_composite(const ix_comp_model *m, const ix_comp_recipe *r, const ix_sa_spec *spec,
                          const ix_sa_config *cfg, ix_sa_result **out, ix_diag *d);

/* The socio-economic index with each criterion's weight drawn uniformly
 * within ±noise (0.10 = ±10 %) of its value and the weights rescaled to
 * their nominal sum: one factor per criterion. */
ix_status ix_sa_socio(const ix_socio_model *m, const ix_socio_data *data, double noise,
                      const ix_sa_config *cfg, ix_sa_result **out, ix_diag *d);

/* ---- Building blocks (exposed for tests) ------------------------------- */

/* Sobol' points with the direction numbers of Joe & Kuo (2008,
 * new-joe-kuo-6.21201), unscrambled; point 0 is the origin. */
#define IX_SOBOL_MAX_DIM 32
typedef struct ix_sobol {
    uint32_t v[IX_SOBOL_MAX_DIM][32];
    unsigned dim;
} ix_sobol;
ix_status ix_sobol_init(ix_sobol *s, unsigned dim, ix_diag *d);
/* Point number index (< 2^32) of the sequence, computed directly from its
 * Gray code, into out[dim]. */
void ix_sobol_point(const ix_sobol *s, uint32_t index, double *out);

/* R's quantile type 7 of sorted[0..n): the default of R and NumPy. */
double ix_sa_quantile7(const double *sorted, size_t n, double p);

/* Si and STi of each of d factors from y laid out by rows, d + 2 values a
 * row: f(A_r), f(B_r), f(AB_1,r), ..., f(AB_d,r), where AB_i is A with
 * column i from B. var receives V(Y) over the 2n values of A and B. nboot
 * bootstrap replicates resample rows (seeded by seed); 0 gives no intervals
 * (NaN). */
ix_status ix_sa_estimate(const double *y, size_t n, size_t d, size_t nboot, uint64_t seed,
                         double *mean, double *var, ix_sa_index *out, ix_diag *diag);
/* The same from COINr's SA_estimate (see ix_sa_estimator). */
ix_status ix_sa_estimate_coinr(const double *y, size_t n, size_t d, size_t nboot, uint64_t seed,
                               double *mean, double *var, ix_sa_index *out, ix_diag *diag);

#endif
