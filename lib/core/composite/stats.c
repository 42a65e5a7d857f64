/* Statistics kernels of the composite engine: location, spread, the e1071
 * type-2 shape measures COINr's Treat uses (its skew() and kurt() are
 * copies of e1071::skewness/kurtosis with type = 2), and Pearson's r.
 *
 * Everything skips NaN and allocates nothing: sorting is an in-place
 * heapsort, because qsort may allocate and the plan's run must not. */
#include "composite/internal.h"

#include <math.h>

static void sift_down(double *a, size_t start, size_t end)
{
    size_t root = start;
    while (2 * root + 1 < end) {
        size_t child = 2 * root + 1;
        if (child + 1 < end && a[child] < a[child + 1])
            child++;
        if (!(a[root] < a[child]))
            return;
        double t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

void ix__sort(double *a, size_t n)
{
    if (n < 2)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (size_t end = n - 1; end > 0; end--) {
        double t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

/* Ties broken by index so the order is deterministic. */
static int idx_less(const double *key, size_t a, size_t b)
{
    return key[a] < key[b] || (key[a] == key[b] && a < b);
}

static void sift_down_idx(size_t *idx, size_t start, size_t end, const double *key)
{
    size_t root = start;
    while (2 * root + 1 < end) {
        size_t child = 2 * root + 1;
        if (child + 1 < end && idx_less(key, idx[child], idx[child + 1]))
            child++;
        if (!idx_less(key, idx[root], idx[child]))
            return;
        size_t t = idx[root];
        idx[root] = idx[child];
        idx[child] = t;
        root = child;
    }
}

void ix__sort_index(size_t *idx, size_t n, const double *key)
{
    if (n < 2)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down_idx(idx, i, n, key);
    for (size_t end = n - 1; end > 0; end--) {
        size_t t = idx[0];
        idx[0] = idx[end];
        idx[end] = t;
        sift_down_idx(idx, 0, end, key);
    }
}

double ix__median_sorted(const double *a, size_t n)
{
    if (n == 0)
        return NAN;
    return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
}

/* Sums of powers of deviations about the mean: m2 = Σd², m3 = Σd³, m4 = Σd⁴. */
static size_t moments(const double *x, size_t n, double *m2, double *m3, double *m4)
{
    size_t k = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            sum += x[i];
            k++;
        }
    *m2 = *m3 = *m4 = 0;
    if (k == 0)
        return 0;
    double mean = sum / (double)k;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            double dv = x[i] - mean, d2 = dv * dv;
            *m2 += d2;
            *m3 += d2 * dv;
            *m4 += d2 * d2;
        }
    return k;
}

/* e1071 type 2: G1 = g1·√(n(n−1))/(n−2), g1 = √n·Σd³/(Σd²)^{3/2}. */
double ix_comp_skew(const double *x, size_t n)
{
    double m2, m3, m4;
    size_t k = moments(x, n, &m2, &m3, &m4);
    if (k < 3 || m2 == 0)
        return NAN;
    double kk = (double)k;
    double g1 = sqrt(kk) * m3 / pow(m2, 1.5);
    return g1 * sqrt(kk * (kk - 1)) / (kk - 2);
}

/* e1071 type 2: G2 = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)), r = n·Σd⁴/(Σd²)². */
double ix_comp_kurt(const double *x, size_t n)
{
    double m2, m3, m4;
    size_t k = moments(x, n, &m2, &m3, &m4);
    if (k < 4 || m2 == 0)
        return NAN;
    double kk = (double)k;
    double r = kk * m4 / (m2 * m2);
    return ((kk + 1) * (r - 3) + 6) * (kk - 1) / ((kk - 2) * (kk - 3));
}

void ix_comp_describe(const double *x, size_t n, double *scratch, ix_comp_stats *out)
{
    size_t k = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            scratch[k++] = x[i];
            sum += x[i];
        }
    out->n = k;
    out->missing = n - k;
    out->min = out->max = out->mean = out->median = out->sd = NAN;
    out->skew = ix_comp_skew(x, n);
    out->kurt = ix_comp_kurt(x, n);
    if (k == 0)
        return;
    ix__sort(scratch, k);
    out->min = scratch[0];
    out->max = scratch[k - 1];
    out->mean = sum / (double)k;
    out->median = ix__median_sorted(scratch, k);
    if (k > 1) {
        double ss = 0;
        for (size_t i = 0; i < k; i++)
            ss += (scratch[i] - out->mean) * (scratch[i] - out->mean);
        out->sd = sqrt(ss / (double)(k - 1)); /* R's sd(): n − 1 */
    }
}

double ix_comp_pearson(const double *x, const double *y, size_t n)
{
    double sx = 0, sy = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) {
            sx += x[i];
            sy += y[i];
            k++;
        }
    if (k < 2)
        return NAN;
    double mx = sx / (double)k, my = sy / (double)k, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
    if (sxx == 0 || syy == 0)
        return NAN;
    return sxy / sqrt(sxx * syy);
}
