/* "Lær af": whom a municipality can learn from (issue 17). Among the ten
 * municipalities nearest to it in socio-economic index (the same burden),
 * those that score higher on a domain of a composite index (Socialt
 * Indeks), and the recommendations they meet and it does not.
 *
 * An indicator is met when its raw value reaches the IMETA Target in the
 * indicator's direction (>= for higher-is-better, <= for lower-is-better);
 * without a Target, when it is at least as good as the median of all units
 * with a value. A missing value meets nothing. The values are the ones a
 * person reads against the Unit and Target (ix_comp_unit_value: a count
 * with a Denominator per 1,000 when the Unit says so).
 *
 * Computation only (lib/core/composite/learn.c); the page is in
 * lib/web/site_learn.c. Inputs are borrowed; an ix_learn is the caller's
 * (ix_learn_free). */
#ifndef INDEKS_LEARN_H
#define INDEKS_LEARN_H

#include <stddef.h>

#include "indeks/diag.h"

#define IX_LEARN_PEERS 10

typedef struct ix_learn_indicator {
    const char *code, *name, *recommendation; /* recommendation may be "" */
    int direction;                            /* 1 or -1 */
    double target;                            /* NaN: none */
    const double *value;                      /* per unit; NaN missing */
} ix_learn_indicator;

typedef struct ix_learn_domain {
    const char *code, *name;
    const double *score; /* per unit; NaN missing */
    size_t nindicators;
    const ix_learn_indicator *indicators;
} ix_learn_domain;

typedef struct ix_learn_in {
    size_t nunits;
    const int *kommune;   /* per unit: its code (0: not a municipality) */
    const double *burden; /* per unit: the socio-economic index; NaN unknown */
    size_t ndomains;
    const ix_learn_domain *domains;
} ix_learn_in;

typedef struct ix_learn_domain_out {
    double own;                     /* the municipality's score */
    size_t nbetter;
    size_t better[IX_LEARN_PEERS];  /* units of the peers scoring higher, best first */
    /* recs[i * nindicators + j]: better[i] meets indicator j and the
     * municipality does not (only indicators with a recommendation) */
    unsigned char *recs;
} ix_learn_domain_out;

typedef struct ix_learn {
    size_t unit;                   /* the municipality's unit */
    size_t npeers;
    size_t peers[IX_LEARN_PEERS];  /* units, nearest first (ties by the lower code) */
    size_t ndomains;
    ix_learn_domain_out *domains;
} ix_learn;

/* 1 when unit meets indicator ind (the rule above; n units in raw). */
int ix_learn_meets(const ix_learn_indicator *ind, size_t nunits, size_t unit);

/* For municipality kommune: IX_ERR_NOTFOUND when it is not among the units or
 * has no burden. */
ix_status ix_learn_compute(const ix_learn_in *in, int kommune, ix_learn *out, ix_diag *d);
void ix_learn_free(ix_learn *l);

#endif
