/* Shared between the files of the sensitivity engine (not public).
 *
 * A problem is anything that maps a point u in [0, 1)^d to a ranking of
 * nunits units: the composite index (sensitivity_comp.c) or the
 * socio-economic index (sensitivity_socio.c). The driver (sensitivity.c)
 * draws the points, runs them on threads and summarises the ranks; each
 * thread evaluates through its own workspace, made once before the loop. */
#ifndef IX_SENSITIVITY_INTERNAL_H
#define IX_SENSITIVITY_INTERNAL_H

#include <stdint.h>

#include "indeks/sensitivity.h"

typedef struct ix__sa_problem {
    size_t nunits, nfactors;
    const size_t *levels;  /* per factor: number of discrete choices, 0 = continuous */
    const long *nominal;   /* nominal rank per unit (0 = unranked) */
    const char (*labels)[64];
    void *ctx;
    ix_status (*ws_new)(void *ctx, void **ws, ix_diag *d);
    void (*ws_free)(void *ws);
    /* Ranks (1 = best, ties share the best, 0 = unranked) of the units for
     * the factor values u[nfactors]. Must not allocate. */
    ix_status (*eval)(void *ctx, void *ws, const double *u, uint32_t *rank, ix_diag *d);
} ix__sa_problem;

ix_status ix__sa_run(const ix__sa_problem *pb, const ix_sa_config *cfg, ix_sa_result **out,
                     ix_diag *d);

/* Ranks of score[0..n) as ix_rank_desc gives them (NaN = 0). order: n
 * size_t of scratch. */
void ix__sa_rank(const double *score, size_t n, uint32_t *rank, size_t *order);

/* A well-mixed 64-bit key from a seed and a factor value (for the weights
 * noise drawn from one factor). */
uint64_t ix__sa_key(uint64_t seed, double u);
uint64_t ix__sa_mix(uint64_t x);

/* Choice number for u in [0, 1) among k. */
static inline size_t ix__sa_pick(double u, size_t k)
{
    size_t i = (size_t)(u * (double)k);
    return i < k ? i : k - 1;
}

#endif
