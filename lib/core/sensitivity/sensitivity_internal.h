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
    /* Optional (may be NULL): npts <= IX_SA_BLOCK points at once, u laid
     * out npts × nfactors, ranks npts × nunits; the same ranks as eval on
     * each point. On an error the driver re-runs the points one by one with
     * eval, so the error reported is that of the first failing point. */
    ix_status (*eval_block)(void *ctx, void *ws, const double *u, size_t npts, uint32_t *rank,
                            ix_diag *d);
} ix__sa_problem;

/* Points handed to eval_block at most. */
#define IX_SA_BLOCK 128

ix_status ix__sa_run(const ix__sa_problem *pb, const ix_sa_config *cfg, ix_sa_result **out,
                     ix_diag *d);

/* Ranks of score[0..n) as ix_rank_desc gives them (NaN = 0). order: n
 * size_t of scratch. */
void ix__sa_rank(const double *score, size_t n, uint32_t *rank, size_t *order);

/* The fast path's kernels (sensitivity_kernels.c). nup, np: multiples of 8.
 * ix__sa_tile: for four replications t, out[t][u] = Σ_k wt[4k + t]·rows[k][u]
 * (added in k order from 0), u < nup.
 * ix__sa_count_rank: rank[u] for u < n as ix__sa_rank gives it (1 + the
 * number of higher scores, 0 for NaN), counting over s[0..np) (s[n..np)
 * must be NaN); f: 2·np floats of scratch. Returns 0 when no two scores
 * round to the same float; then slot[r - 1] is the unit of rank r (SIZE_MAX
 * past the ranked units). Otherwise slot (n) is scratch. */
void ix__sa_tile(const double *const *rows, const double *wt, size_t nch, size_t nup,
                 double *const *out, int avx2);
int ix__sa_count_rank(const double *s, size_t n, size_t np, uint32_t *rank, float *f,
                      size_t *slot, int avx2);
/* 1 when the AVX2+FMA kernels may run here: asked once per analysis, the
 * answer passed as avx2 above. */
int ix__sa_have_avx2(void);

/* splitmix64 as ix_rng_uniform (lib/core/socio/demo.c) draws it, inlined: the same
 * numbers, without a call per draw. */
static inline double ix__sa_uniform(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (double)(int64_t)((z ^ (z >> 31)) >> 11) * 0x1.0p-53; /* < 2^53: exact */
}

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
