/* The socio-economic index of udligningsloven § 5 stk. 2.
 *
 *   index_k = scale * sum_j w_j * (c_jk / C_j) / (N_k / N)
 *
 * c_jk the count of criterion j in unit k (after the threshold rule of an
 * "excess" criterion), C_j its national total, N_k the unit's population and N
 * the total. The contribution of criterion j to k's index is the j-th term;
 * contributions add up to the index, and the population-weighted mean of the
 * index is exactly `scale`.
 *
 * Ownership: a model, data set or result is owned by whoever got it from the
 * constructor, and freed with its _free function (which accepts NULL). */
#ifndef INDEKS_SOCIO_H
#define INDEKS_SOCIO_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/table.h"

typedef struct ix_socio_criterion {
    char *id;
    char *name;
    double weight;
    char *count;          /* column holding c_jk (or the raw count of an excess criterion) */
    int has_excess;       /* threshold criterion: count above share * of */
    double excess_share;  /* e.g. 0.05 */
    char *excess_of;      /* column of the base (e.g. all 20-59-year-olds) */
    char *earlier_count;  /* optional: the count three years earlier */
    char *earlier_of;     /* optional: the base three years earlier */
    long line;            /* where it starts in the model file (0: unknown) */
} ix_socio_criterion;

typedef struct ix_socio_model {
    char *file;        /* where it was read from, for diagnostics */
    char *name;
    char *source;      /* the legal source, as the model file states it */
    char *status;      /* "complete" or "incomplete" (the model file says) */
    char *population;  /* population column */
    char *code;        /* municipality code column (default "kommunekode") */
    double scale;      /* 100 = national average */
    size_t ncriteria;
    ix_socio_criterion *criteria;
    double weight_sum; /* of the weights as read */
    int renormalised;  /* weights were rescaled to sum to 1 */
    long criteria_line; /* line of "criteria" in the model file (0: unknown) */
} ix_socio_model;

/* Parses a model from JSON text (see models/README.md). source names the
 * file in diagnostics. */
ix_status ix_socio_model_parse(const char *json, size_t len, const char *source,
                               ix_socio_model **out, ix_diag *d);
void ix_socio_model_free(ix_socio_model *m);

/* Weights must be finite, >= 0 and sum to 1 (within 1e-9). With normalise,
 * weights that do not sum to 1 are divided by their sum instead and
 * m->renormalised is set. */
ix_status ix_socio_model_check_weights(ix_socio_model *m, int normalise, ix_diag *d);

/* True when the model is marked incomplete or its weights were rescaled:
 * every output made with it must say so. */
int ix_socio_model_is_partial(const ix_socio_model *m);

/* The counts, one row per unit, ready for the formula. */
typedef struct ix_socio_data {
    size_t nunits;
    size_t ncriteria;
    int *codes;          /* municipality codes (or unit numbers) */
    char **names;        /* UTF-8 names */
    long *lines;         /* source line of each unit, 0 if none */
    double *population;  /* N_k */
    double *counts;      /* c_jk at [k * ncriteria + j], after the threshold rule */
    double *raw;         /* for excess criteria: the count before the rule, else = counts */
    char *source;        /* the data file's name */
} ix_socio_data;

/* Reads the model's columns from a table: codes validated against the 98
 * municipalities (names filled from the reference table), no duplicates,
 * counts finite and >= 0, population > 0, threshold rule applied:
 *   c = max(count - share*of, earlier_count - share*earlier_of, 0). */
ix_status ix_socio_data_from_table(const ix_socio_model *m, const ix_table *t,
                                   ix_socio_data **out, ix_diag *d);
/* An empty data set for nunits units (codes 1..n, no names): for callers that
 * fill counts themselves (benchmarks, simulations). */
ix_status ix_socio_data_new(size_t nunits, size_t ncriteria, ix_socio_data **out, ix_diag *d);
void ix_socio_data_free(ix_socio_data *data);

/* The threshold rule on its own (exposed for tests and what-if tools). */
double ix_socio_excess(double count, double of, double share, int has_earlier,
                       double earlier_count, double earlier_of);

typedef struct ix_socio_result {
    size_t nunits;
    size_t ncriteria;
    double *index;        /* per unit */
    double *contrib;      /* [k * ncriteria + j], sums to index[k] */
    long *rank;           /* 1 = highest index, ties share the best rank */
    size_t *order;        /* unit indices by rank */
    double *national;     /* C_j */
    double population;    /* N */
} ix_socio_result;

ix_status ix_socio_compute(const ix_socio_model *m, const ix_socio_data *data,
                           ix_socio_result **out, ix_diag *d);
void ix_socio_result_free(ix_socio_result *r);

/* Index of the unit with the given code, or -1. */
long ix_socio_data_find(const ix_socio_data *data, int code);

#endif
