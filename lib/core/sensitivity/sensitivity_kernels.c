/* The inner loops of the composite sensitivity fast path
 * (sensitivity_comp.c), compiled for baseline x86-64 and, when the
 * compiler can, also for AVX2 with FMA, chosen once at run time (no -march:
 * the binary runs on any x86-64). GCC/Clang vector extensions, no
 * intrinsics.
 *
 * ix__sa_tile: T for four replications sharing one matrix (the same prefix
 * variant): out_t[u] = Σ_k wt[4k + t]·rows[k][u]. The four replications'
 * sums for a strip of 2 vectors of units stay in registers while the rows
 * stream by, so each value of the matrix is loaded once per four
 * replications. T is an approximation (sensitivity_comp.c resolves the
 * near-ties exactly), so fused multiply-adds are welcome.
 *
 * ix__sa_count_rank: rank = 1 + the number of strictly higher scores (ties
 * share the best rank), 0 for NaN, exactly, by counting (below). */
#include "sensitivity_internal.h"

#include <math.h>

/* GCC/Clang vector extensions (no intrinsics). Each vector type VT has an
 * unaligned, aliasing twin VT##u for loads and stores. */
#define LOADV(VT, p) (*(const VT##u *)(const void *)(p))
#define STOREV(VT, p, v) (*(VT##u *)(void *)(p) = (v))
#define VTYPES(VT, T, BYTES)                                                                   \
    typedef T VT __attribute__((vector_size(BYTES)));                                          \
    typedef T VT##u __attribute__((vector_size(BYTES), aligned(sizeof(T)), may_alias))

#define TILE_BODY(VT, L)                                                                       \
    for (size_t u0 = 0; u0 < nup; u0 += 2 * (size_t)(L)) {                                             \
        VT z = {0}, a0 = z, b0 = z, a1 = z, b1 = z, a2 = z, b2 = z, a3 = z, b3 = z;            \
        for (size_t k = 0; k < nch; k++) {                                                     \
            const double *x = rows[k] + u0;                                                    \
            VT xa = LOADV(VT, x), xb = LOADV(VT, x + (L));                                     \
            VT w0 = BC(wt[4 * k]), w1 = BC(wt[4 * k + 1]);                                     \
            VT w2 = BC(wt[4 * k + 2]), w3 = BC(wt[4 * k + 3]);                                 \
            a0 += w0 * xa;                                                                     \
            b0 += w0 * xb;                                                                     \
            a1 += w1 * xa;                                                                     \
            b1 += w1 * xb;                                                                     \
            a2 += w2 * xa;                                                                     \
            b2 += w2 * xb;                                                                     \
            a3 += w3 * xa;                                                                     \
            b3 += w3 * xb;                                                                     \
        }                                                                                      \
        STOREV(VT, out[0] + u0, a0);                                                           \
        STOREV(VT, out[0] + u0 + (L), b0);                                                     \
        STOREV(VT, out[1] + u0, a1);                                                           \
        STOREV(VT, out[1] + u0 + (L), b1);                                                     \
        STOREV(VT, out[2] + u0, a2);                                                           \
        STOREV(VT, out[2] + u0 + (L), b2);                                                     \
        STOREV(VT, out[3] + u0, a3);                                                           \
        STOREV(VT, out[3] + u0 + (L), b3);                                                     \
    }

/* Ranks by counting on the scores rounded to float (twice the lanes per
 * vector). Rounding to float is monotone, so a higher float is a higher
 * double; units whose floats are equal share a float rank and are counted
 * again in double (rare). The counts of up to NV vectors of units stay in
 * registers while every score is compared with them (no horizontal sums);
 * a comparison gives -1 where greater, subtracted. */
#define RANK_CHUNK(FT, IT, L, NV)                                                              \
    for (; u + (size_t)(NV) * (L) <= np; u += (size_t)(NV) * (L)) {                                            \
        FT x[NV];                                                                              \
        IT c[NV];                                                                              \
        for (int j = 0; j < (NV); j++) {                                                       \
            x[j] = LOADV(FT, f + u + (size_t)j * (L));                                                 \
            c[j] = (IT){0} + 1;                                                                \
        }                                                                                      \
        for (size_t v = 0; v < n; v++) {                                                       \
            FT y = BCF(f[v]);                                                                  \
            for (int j = 0; j < (NV); j++)                                                     \
                c[j] -= (IT)(y > x[j]);                                                        \
        }                                                                                      \
        for (int j = 0; j < (NV); j++)                                                         \
            STOREV(IT, cnt + u + (size_t)j * (L), c[j]);                                               \
    }

#define RANK_BODY(FT, IT, L)                                                                   \
    for (size_t v = 0; v < np; v++)                                                            \
        f[v] = (float)s[v];                                                                    \
    size_t u = 0;                                                                              \
    RANK_CHUNK(FT, IT, L, 8)                                                                   \
    RANK_CHUNK(FT, IT, L, 4)                                                                   \
    RANK_CHUNK(FT, IT, L, 1)                                                                   \
    for (size_t v = 0; v < n; v++)                                                             \
        rank[v] = (uint32_t)cnt[v];

VTYPES(v2d, double, 16);
#define BC(w) ((v2d){(w), (w)})
VTYPES(v4f, float, 16);
VTYPES(v4s, int, 16);
#define BCF(x) ((v4f){(x), (x), (x), (x)})

static void tile_base(const double *const *rows, const double *wt, size_t nch, size_t nup,
                      double *const *out)
{
    TILE_BODY(v2d, 2)
}

static void rank_base(const double *restrict s, size_t n, size_t np, uint32_t *restrict rank,
                      float *restrict f, int *restrict cnt)
{
    RANK_BODY(v4f, v4s, 4)
}

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(IX_SA_NO_AVX2) /* -DIX_SA_NO_AVX2: baseline kernels only (for testing) */
#define IX_SA_AVX2 1
#if defined(__clang__)
#define IX_SA_CONTRACT /* clang contracts a += b * c by default */
#else
#define IX_SA_CONTRACT , optimize("fp-contract=fast")
#endif
VTYPES(v4d, double, 32);
#undef BC
#define BC(w) ((v4d){(w), (w), (w), (w)})
VTYPES(v8f, float, 32);
VTYPES(v8s, int, 32);
#undef BCF
#define BCF(x) ((v8f){(x), (x), (x), (x), (x), (x), (x), (x)})

__attribute__((target("avx2,fma") IX_SA_CONTRACT)) static void tile_avx2(const double *const *rows,
                                                       const double *wt, size_t nch, size_t nup,
                                                       double *const *out)
{
    TILE_BODY(v4d, 4)
}

__attribute__((target("avx2,fma"))) static void rank_avx2(const double *restrict s, size_t n,
                                                       size_t np, uint32_t *restrict rank,
                                                       float *restrict f, int *restrict cnt)
{
    RANK_BODY(v8f, v8s, 8)
}

#endif

/* No cached flag (a static written by every thread was a data race): the
 * caller asks once, keeps the answer in its own context and passes it in. */
int ix__sa_have_avx2(void)
{
#ifdef IX_SA_AVX2
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
#else
    return 0;
#endif
}

void ix__sa_tile(const double *const *rows, const double *wt, size_t nch, size_t nup,
                 double *const *out, int avx2)
{
    (void)avx2; /* unused where the AVX2 copy is not built */
#ifdef IX_SA_AVX2
    if (avx2 && nup % 8 == 0) {
        tile_avx2(rows, wt, nch, nup, out);
        return;
    }
#endif
    tile_base(rows, wt, nch, nup, out);
}

int ix__sa_count_rank(const double *s, size_t n, size_t np, uint32_t *rank, float *f,
                      size_t *slot, int avx2)
{
    (void)avx2;
    int ties = 0;
    int *cnt = (int *)(void *)(f + np); /* f: 2·np floats */
#ifdef IX_SA_AVX2
    if (avx2)
        rank_avx2(s, n, np, rank, f, cnt);
    else
#endif
        rank_base(s, n, np, rank, f, cnt);
    /* NaN: unranked. Equal floats (equal float ranks): count in double. */
    size_t none = SIZE_MAX;
    for (size_t u = 0; u < n; u++)
        slot[u] = none;
    for (size_t u = 0; u < n; u++) {
        if (isnan(s[u])) {
            rank[u] = 0;
            continue;
        }
        size_t c = rank[u] - 1, v = slot[c];
        if (v == none) {
            slot[c] = u;
            continue;
        }
        for (size_t k = 0; k < 2; k++) {
            size_t a = k ? u : v;
            if (k == 0 && v == none - 1)
                continue;
            uint32_t r = 1;
            for (size_t w = 0; w < n; w++)
                r += s[w] > s[a];
            rank[a] = r;
        }
        slot[c] = none - 1; /* its first unit is recounted already */
        ties = 1;
    }
    return ties;
}
