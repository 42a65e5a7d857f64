/* The numerical pieces of the sensitivity analysis: the Sobol' sequence,
 * R's quantile type 7 and the Saltelli/Jansen estimators with their
 * bootstrap intervals.
 *
 * Sobol' sequence. Direction numbers from S. Joe and F. Y. Kuo,
 * "Constructing Sobol sequences with better two-dimensional projections",
 * SIAM J. Sci. Comput. 30 (2008) 2635-2654, file new-joe-kuo-6.21201
 * (https://web.maths.unsw.edu.au/~fkuo/sobol/), dimensions 2 to 32; the
 * first dimension is van der Corput's (all m_k = 1). Point n is computed
 * directly as the XOR of the direction numbers selected by the bits of
 * n's Gray code, so any thread can compute any point: this is the same
 * point set, in the same Gray-code order, as Joe & Kuo's generator and
 * SciPy's unscrambled qmc.Sobol.
 *
 * Estimators (Saltelli et al. 2010, "Variance based sensitivity analysis of
 * model output", Comput. Phys. Commun. 181, 259-270, table 2):
 *   Si  = (1/N) Σ_j f(B)_j (f(AB_i)_j − f(A)_j) / V          (Saltelli 2010)
 *   STi = (1/2N) Σ_j (f(A)_j − f(AB_i)_j)² / V               (Jansen 1999)
 * with V the variance (n − 1) of the 2N values f(A), f(B), as COINr's
 * SA_estimate computes it. */
#include "indeks/sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/demo.h"
#include "indeks/util.h"

/* s, a, m_1..m_s for dimensions 2..32 (Joe & Kuo, new-joe-kuo-6.21201). */
static const unsigned short joe_kuo[IX_SOBOL_MAX_DIM - 1][9] = {
    {1, 0, 1},
    {2, 1, 1, 3},
    {3, 1, 1, 3, 1},
    {3, 2, 1, 1, 1},
    {4, 1, 1, 1, 3, 3},
    {4, 4, 1, 3, 5, 13},
    {5, 2, 1, 1, 5, 5, 17},
    {5, 4, 1, 1, 5, 5, 5},
    {5, 7, 1, 1, 7, 11, 19},
    {5, 11, 1, 1, 5, 1, 1},
    {5, 13, 1, 1, 1, 3, 11},
    {5, 14, 1, 3, 5, 5, 31},
    {6, 1, 1, 3, 3, 9, 7, 49},
    {6, 13, 1, 1, 1, 15, 21, 21},
    {6, 16, 1, 3, 1, 13, 27, 49},
    {6, 19, 1, 1, 1, 15, 7, 5},
    {6, 22, 1, 3, 1, 15, 13, 25},
    {6, 25, 1, 1, 5, 5, 19, 61},
    {7, 1, 1, 3, 7, 11, 23, 15, 103},
    {7, 4, 1, 3, 7, 13, 13, 15, 69},
    {7, 7, 1, 1, 3, 13, 7, 35, 63},
    {7, 8, 1, 3, 5, 9, 1, 25, 53},
    {7, 14, 1, 3, 1, 13, 9, 35, 107},
    {7, 19, 1, 3, 1, 5, 27, 61, 31},
    {7, 21, 1, 1, 5, 11, 19, 41, 61},
    {7, 28, 1, 3, 5, 3, 3, 13, 69},
    {7, 31, 1, 1, 7, 13, 1, 19, 1},
    {7, 32, 1, 3, 7, 5, 13, 19, 59},
    {7, 37, 1, 1, 3, 9, 25, 29, 41},
    {7, 41, 1, 3, 5, 13, 23, 1, 55},
    {7, 42, 1, 3, 7, 3, 13, 59, 17},
};

ix_status ix_sobol_init(ix_sobol *s, unsigned dim, ix_diag *d)
{
    memset(s, 0, sizeof *s);
    if (dim < 1 || dim > IX_SOBOL_MAX_DIM)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                           "the Sobol' sequence has direction numbers for 1 to %d dimensions, "
                           "not %u",
                           IX_SOBOL_MAX_DIM, dim);
    s->dim = dim;
    for (unsigned k = 0; k < 32; k++)
        s->v[0][k] = 1u << (31 - k);
    for (unsigned j = 1; j < dim; j++) {
        const unsigned short *row = joe_kuo[j - 1];
        unsigned deg = row[0], a = row[1];
        uint32_t *v = s->v[j];
        for (unsigned k = 0; k < deg && k < 32; k++)
            v[k] = (uint32_t)row[2 + k] << (31 - k);
        for (unsigned k = deg; k < 32; k++) {
            uint32_t x = v[k - deg] ^ (v[k - deg] >> deg);
            for (unsigned l = 1; l < deg; l++)
                if ((a >> (deg - 1 - l)) & 1u)
                    x ^= v[k - l];
            v[k] = x;
        }
    }
    return IX_OK;
}

void ix_sobol_point(const ix_sobol *s, uint32_t index, double *out)
{
    uint32_t gray = index ^ (index >> 1);
    for (unsigned j = 0; j < s->dim; j++) {
        uint32_t x = 0;
        for (unsigned k = 0; k < 32; k++)
            if ((gray >> k) & 1u)
                x ^= s->v[j][k];
        out[j] = (double)x * 0x1.0p-32;
    }
}

double ix_sa_quantile7(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

/* Sums for one (re)sample: rows[k] are row numbers (NULL = 0..n-1). */
static void indices(const double *y, size_t n, size_t d, const size_t *rows, double shift,
                    double *var_out, double *si, double *sti)
{
    size_t w = d + 2;
    double s = 0, ss = 0;
    for (size_t i = 0; i < d; i++)
        si[i] = sti[i] = 0;
    for (size_t k = 0; k < n; k++) {
        const double *r = y + (rows ? rows[k] : k) * w;
        double a = r[0] - shift, b = r[1] - shift;
        s += a + b;
        ss += a * a + b * b;
        for (size_t i = 0; i < d; i++) {
            double ab = r[2 + i] - shift;
            si[i] += b * (ab - a);
            sti[i] += (a - ab) * (a - ab);
        }
    }
    double m2 = 2.0 * (double)n;
    double var = (ss - s * s / m2) / (m2 - 1);
    *var_out = var;
    for (size_t i = 0; i < d; i++) {
        si[i] = var > 0 ? si[i] / (double)n / var : NAN;
        sti[i] = var > 0 ? sti[i] / (2.0 * (double)n) / var : NAN;
    }
}

ix_status ix_sa_estimate(const double *y, size_t n, size_t d, size_t nboot, uint64_t seed,
                         double *mean, double *var, ix_sa_index *out, ix_diag *diag)
{
    if (n < 2 || d == 0)
        return ix_diag_set(diag, IX_ERR_USAGE, NULL, 0, 0, "N",
                           "sensitivity indices need N >= 2 and at least one factor");
    ix_status st = IX_OK;
    double *si = malloc(d * sizeof *si), *sti = malloc(d * sizeof *sti);
    double *bsi = NULL, *bsti = NULL;
    size_t *rows = NULL;
    if (!si || !sti)
        goto nomem;
    /* A shift by the mean of A and B keeps the one-pass sums accurate; the
     * first-order estimator is computed on the shifted values too, which
     * is Saltelli 2010's estimator of the centred output. */
    double s = 0;
    for (size_t k = 0; k < n; k++)
        s += y[k * (d + 2)] + y[k * (d + 2) + 1];
    double shift = s / (2.0 * (double)n);
    *mean = shift;
    indices(y, n, d, NULL, shift, var, si, sti);
    for (size_t i = 0; i < d; i++) {
        out[i].si = si[i];
        out[i].sti = sti[i];
        out[i].si_lo = out[i].si_hi = out[i].sti_lo = out[i].sti_hi = NAN;
    }
    if (nboot == 0)
        goto out;
    bsi = malloc(nboot * d * sizeof *bsi);
    bsti = malloc(nboot * d * sizeof *bsti);
    rows = malloc(n * sizeof *rows);
    if (!bsi || !bsti || !rows)
        goto nomem;
    ix_rng rng;
    ix_rng_seed(&rng, seed ^ 0x5a17e11ab0075eedull);
    for (size_t b = 0; b < nboot; b++) {
        double bv;
        for (size_t k = 0; k < n; k++)
            rows[k] = (size_t)(ix_rng_uniform(&rng) * (double)n);
        indices(y, n, d, rows, shift, &bv, si, sti);
        for (size_t i = 0; i < d; i++) {
            bsi[i * nboot + b] = si[i];
            bsti[i * nboot + b] = sti[i];
        }
    }
    for (size_t i = 0; i < d; i++) {
        double *a = bsi + i * nboot, *t = bsti + i * nboot;
        qsort(a, nboot, sizeof *a, ix_cmp_double);
        qsort(t, nboot, sizeof *t, ix_cmp_double);
        out[i].si_lo = ix_sa_quantile7(a, nboot, 0.025);
        out[i].si_hi = ix_sa_quantile7(a, nboot, 0.975);
        out[i].sti_lo = ix_sa_quantile7(t, nboot, 0.025);
        out[i].sti_hi = ix_sa_quantile7(t, nboot, 0.975);
    }
    goto out;
nomem:
    st = ix_diag_set(diag, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
out:
    free(si);
    free(sti);
    free(bsi);
    free(bsti);
    free(rows);
    return st;
}

/* COINr's SA_estimate, term for term: V = var(c(yA, yB)) (n − 1, two
 * passes), Si = mean(yB·(yABi − yA))/V on the outputs as they are (not
 * centred), STi = Σ(yA − yABi)²/(2N·V); bootstrap: for each factor, the N
 * terms yB·(yABi − yA) and, separately, the N differences yA − yABi are
 * resampled with replacement, V is kept, and the intervals are the 5th and
 * 95th percentiles (type 7). The generator is ours, not R's. */
ix_status ix_sa_estimate_coinr(const double *y, size_t n, size_t d, size_t nboot, uint64_t seed,
                               double *mean, double *var, ix_sa_index *out, ix_diag *diag)
{
    if (n < 2 || d == 0)
        return ix_diag_set(diag, IX_ERR_USAGE, NULL, 0, 0, "N",
                           "sensitivity indices need N >= 2 and at least one factor");
    size_t w = d + 2;
    double s = 0, ss = 0;
    for (size_t k = 0; k < n; k++)
        s += y[k * w] + y[k * w + 1];
    double m = s / (2.0 * (double)n);
    for (size_t k = 0; k < n; k++)
        ss += (y[k * w] - m) * (y[k * w] - m) + (y[k * w + 1] - m) * (y[k * w + 1] - m);
    double v = ss / (2.0 * (double)n - 1);
    *mean = m;
    *var = v;
    double *sd = nboot ? malloc(2 * n * sizeof *sd) : NULL, *b = nboot ? malloc(2 * nboot * sizeof *b) : NULL;
    if (nboot && (!sd || !b)) {
        free(sd);
        free(b);
        return ix_diag_set(diag, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    ix_rng rng;
    ix_rng_seed(&rng, seed ^ 0x5a17e11ab0075eedull);
    for (size_t i = 0; i < d; i++) {
        double si = 0, sti = 0;
        for (size_t k = 0; k < n; k++) {
            const double *r = y + k * w;
            double t = r[1] * (r[2 + i] - r[0]), e = r[0] - r[2 + i];
            si += t;
            sti += e * e;
            if (sd) {
                sd[k] = t;
                sd[n + k] = e;
            }
        }
        out[i].si = v > 0 ? si / (double)n / v : NAN;
        out[i].sti = v > 0 ? sti / (2.0 * (double)n * v) : NAN;
        out[i].si_lo = out[i].si_hi = out[i].sti_lo = out[i].sti_hi = NAN;
        if (!nboot || !(v > 0))
            continue;
        for (size_t bb = 0; bb < nboot; bb++) {
            double a = 0, c = 0;
            for (size_t k = 0; k < n; k++)
                a += sd[(size_t)(ix_rng_uniform(&rng) * (double)n)];
            for (size_t k = 0; k < n; k++) {
                double e = sd[n + (size_t)(ix_rng_uniform(&rng) * (double)n)];
                c += e * e;
            }
            b[bb] = a / (double)n / v;
            b[nboot + bb] = c / (2.0 * (double)n * v);
        }
        qsort(b, nboot, sizeof *b, ix_cmp_double);
        qsort(b + nboot, nboot, sizeof *b, ix_cmp_double);
        out[i].si_lo = ix_sa_quantile7(b, nboot, 0.05);
        out[i].si_hi = ix_sa_quantile7(b, nboot, 0.95);
        out[i].sti_lo = ix_sa_quantile7(b + nboot, nboot, 0.05);
        out[i].sti_hi = ix_sa_quantile7(b + nboot, nboot, 0.95);
    }
    free(sd);
    free(b);
    return IX_OK;
}
