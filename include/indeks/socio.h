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

/* How a criterion's value c_jk is derived from its input columns (declared
 * in the model file, "kind"; models/README.md):
 *   COUNT      c = count                                   inputs: count
 *   THRESHOLD  c = max(count - share*of,
 *                      earlier_count - share*earlier_of, 0) inputs: count, of
 *                                                          [, earlier_count, earlier_of]
 *   MEAN       c = (x_1 + ... + x_n) / n                   inputs: x_1..x_n (n <= 4)
 *   PRODUCT    c = factor * measure * times                inputs: measure, times
 *   GAP_TO_MAX c = factor * (max_k measure - measure) * times
 *                                                          inputs: measure, times */
typedef enum {
    IX_SOCIO_COUNT = 0,
    IX_SOCIO_THRESHOLD,
    IX_SOCIO_MEAN,
    IX_SOCIO_PRODUCT,
    IX_SOCIO_GAP_TO_MAX
} ix_socio_kind;

#define IX_SOCIO_MAX_INPUTS 4

typedef struct ix_socio_criterion {
    char *id;
    char *name;
    char *note;           /* e.g. where the yearly order defines it differently, or NULL */
    int nr;               /* the act's number of the criterion (0: not given) */
    double weight;
    ix_socio_kind kind;
    size_t ninputs;
    char *inputs[IX_SOCIO_MAX_INPUTS]; /* the input columns, in the order of the kind (owned) */
    /* Aliases into inputs (not owned, NULL where the kind has none): */
    char *count;          /* the criterion's primary column: count, x_1 of a mean, times of a
                             product or gap; what-if changes of the criterion id change it */
    int has_excess;       /* kind == THRESHOLD */
    double excess_share;  /* e.g. 0.05 */
    char *excess_of;      /* column of the base (e.g. all 20-59-year-olds) */
    char *earlier_count;  /* optional: the count three years earlier */
    char *earlier_of;     /* optional: the base three years earlier */
    /* PRODUCT and GAP_TO_MAX: the measure (inputs[0]) and its allowed range */
    double factor;        /* default 1 (0.01 turns a rate in per cent into a share) */
    double measure_min, measure_max; /* allowed range of the measure (inclusive) */
    char *measure_unit;   /* e.g. "km", "pct.", "år" (owned, may be NULL) */
    long line;            /* where it starts in the model file (0: unknown) */
} ix_socio_criterion;

typedef struct ix_socio_model {
    char *file;        /* where it was read from, for diagnostics */
    char *name;
    char *source;      /* the legal source, as the model file states it */
    char *status;      /* "complete" or "incomplete" (the model file says) */
    char *note;        /* free text, or NULL */
    int year_from;     /* first grant year the model is in force for (0: not given) */
    int year_to;       /* last grant year (0: open) */
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
    double *raw;         /* the primary input (ix_socio_criterion.count) before the rule */
    double *inputs;      /* the criterion's inputs as read, at
                            [(k * ncriteria + j) * IX_SOCIO_MAX_INPUTS + i]; NULL in data
                            made by ix_socio_data_new */
    double *gap_max;     /* per criterion: max_k of a GAP_TO_MAX measure (else 0); may be NULL */
    char *source;        /* the data file's name */
    char *provenance;    /* the file's own "datakilde" cell (first row) when it has that
                            column, e.g. "SYNTETISKE DATA (...)"; else NULL */
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

/* A criterion's value from its inputs (in the order of its kind) and, for
 * GAP_TO_MAX, the highest measure among the units. */
double ix_socio_derive(const ix_socio_criterion *c, const double *inputs, double gap_max);
/* d value / d primary input (ix_socio_criterion.count) at these inputs: 1 for
 * a count, 0 or 1 for a threshold (1 where the current year binds and the
 * value is positive), 1/n for a mean, factor * measure for a product,
 * factor * (max - measure) for a gap. */
double ix_socio_derive_slope(const ix_socio_criterion *c, const double *inputs, double gap_max);
/* "count", "threshold", "mean", "product", "gap_to_max". */
const char *ix_socio_kind_name(ix_socio_kind kind);

/* The law's weight of criterion nr for grant year (LBK 63/2021 § 5 stk. 2
 * from 2021, 18 criteria; LBK 1084/2019 § 5 stk. 2 for 2013-2020, 14
 * criteria), or a negative number when the year or nr has none. *ncriteria
 * (may be NULL) gets the number of criteria of that year's law. */
double ix_socio_law_weight(int year, int nr, int *ncriteria);

/* A model marked "complete" whose criteria carry "nr" must have exactly the
 * law's criteria and weights for its first year (year_from, default 2021):
 * IX_ERR_MODEL naming the criterion otherwise. Other models pass. */
ix_status ix_socio_model_check_law(const ix_socio_model *m, ix_diag *d);

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
