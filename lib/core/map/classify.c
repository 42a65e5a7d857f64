/* Class breaks for choropleth maps (see include/indeks/classify.h).
 *
 * Fisher-Jenks is solved exactly as Fisher (1958, "On grouping for maximum
 * homogeneity", JASA 53) showed: on sorted data the optimal K-partition into
 * intervals satisfies cost(c, j) = min_i cost(c-1, i-1) + ssd(i..j), where
 * ssd is the within-class sum of squared deviations, read off prefix sums.
 * The recursion runs over distinct values with their counts as weights, so
 * equal values always share a class (and "upper bound >= v" assigns every
 * value to the class the optimum put it in). */
#include "indeks/classify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/number.h"
#include "indeks/util.h"

static int parse_k(const char *p, const char **end, int *k)
{
    int v = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        v = v * 10 + (*p - '0');
        p++;
        digits++;
    }
    *end = p;
    *k = v;
    return digits > 0 && !(*p >= '0' && *p <= '9') ? 0 : -1;
}

static ix_status spec_error(ix_diag *d, const char *text, const char *why)
{
    return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "classes",
                       "%s in \"%.80s\" (use quantile:K, equal:K, jenks:K, breaks:a,b,... or "
                       "diverging:CENTER[:K], with K from 2 to %d)",
                       why, text, IX_CLASS_MAX);
}

/* Reads a number up to stop (',' or ':' or the end) into *v. */
static int read_number(const char *p, char stop, double *v, const char **end)
{
    char tmp[64];
    size_t n = 0;
    while (p[n] && p[n] != stop && p[n] != ':' && n < sizeof tmp - 1)
        n++;
    if (n == 0 || n >= sizeof tmp - 1)
        return -1;
    memcpy(tmp, p, n);
    tmp[n] = '\0';
    const char *why = NULL;
    *end = p + n;
    return ix_parse_number(tmp, '.', v, &why);
}

ix_status ix_class_spec_parse(const char *text, ix_class_spec *out, ix_diag *d)
{
    static const struct {
        const char *name;
        ix_class_method method;
    } methods[] = {{"quantile:", IX_CLASS_QUANTILE}, {"equal:", IX_CLASS_EQUAL},
                   {"jenks:", IX_CLASS_JENKS},       {"breaks:", IX_CLASS_BREAKS},
                   {"diverging:", IX_CLASS_DIVERGING}};
    memset(out, 0, sizeof *out);
    const char *p = NULL;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0] && !p; i++)
        if (strncmp(text, methods[i].name, strlen(methods[i].name)) == 0) {
            out->method = methods[i].method;
            p = text + strlen(methods[i].name);
        }
    if (!p)
        return spec_error(d, text, "unknown class method");
    const char *end = NULL;
    switch (out->method) {
    case IX_CLASS_BREAKS: {
        int nb = 0;
        for (;;) {
            if (nb >= IX_CLASS_MAX - 1)
                return spec_error(d, text, "too many breaks");
            if (read_number(p, ',', &out->breaks[nb], &end) != 0 || (*end && *end != ','))
                return spec_error(d, text, "a break is not a number");
            if (nb > 0 && !(out->breaks[nb] > out->breaks[nb - 1]))
                return spec_error(d, text, "breaks must increase");
            nb++;
            if (!*end)
                break;
            p = end + 1;
        }
        out->k = nb + 1;
        return IX_OK;
    }
    case IX_CLASS_DIVERGING:
        if (read_number(p, ':', &out->center, &end) != 0)
            return spec_error(d, text, "the centre is not a number");
        out->k = 7;
        if (*end == ':' && (parse_k(end + 1, &end, &out->k) != 0 || *end))
            return spec_error(d, text, "the number of classes is not a whole number");
        if (*end)
            return spec_error(d, text, "unexpected text");
        break;
    default:
        if (parse_k(p, &end, &out->k) != 0 || *end)
            return spec_error(d, text, "the number of classes is not a whole number");
    }
    if (out->k < 2 || out->k > IX_CLASS_MAX)
        return spec_error(d, text, "the number of classes is out of range");
    return IX_OK;
}

int ix_class_of(const ix_classes *c, double v)
{
    if (v != v)
        return -1;
    for (int i = 0; i < c->k - 1; i++)
        if (v <= c->bound[i + 1])
            return i;
    return c->k - 1;
}

double ix_jenks(const double *sorted, size_t n, int k, double *upper)
{
    if (k < 1 || n == 0)
        return -1;
    size_t m = 0;
    double *u = malloc(n * sizeof *u), *w = malloc(n * sizeof *w);
    double *s0 = malloc((n + 1) * sizeof *s0), *s1 = malloc((n + 1) * sizeof *s1);
    double *s2 = malloc((n + 1) * sizeof *s2);
    double *cost = NULL, result = -1;
    size_t *from = NULL;
    if (!u || !w || !s0 || !s1 || !s2)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && sorted[i] == u[m - 1])
            w[m - 1] += 1;
        else {
            u[m] = sorted[i];
            w[m++] = 1;
        }
    }
    if ((size_t)k > m)
        goto out;
    double mean = 0; /* centring keeps the prefix sums accurate */
    for (size_t i = 0; i < n; i++)
        mean += sorted[i] / (double)n;
    s0[0] = s1[0] = s2[0] = 0;
    for (size_t i = 0; i < m; i++) {
        double x = u[i] - mean;
        s0[i + 1] = s0[i] + w[i];
        s1[i + 1] = s1[i] + w[i] * x;
        s2[i + 1] = s2[i] + w[i] * x * x;
    }
    size_t kk = (size_t)k;
    cost = malloc(kk * m * sizeof *cost);
    from = malloc(kk * m * sizeof *from);
    if (!cost || !from)
        goto out;
#define SSD(i, j) /* values i..j inclusive */                                                     \
    (s2[(j) + 1] - s2[i] -                                                                         \
     (s1[(j) + 1] - s1[i]) * (s1[(j) + 1] - s1[i]) / (s0[(j) + 1] - s0[i]))
    for (size_t j = 0; j < m; j++) {
        cost[j] = SSD(0, j);
        from[j] = 0;
    }
    for (size_t c = 1; c < kk; c++)
        for (size_t j = c; j < m; j++) {
            double best = INFINITY;
            size_t at = c;
            for (size_t i = c; i <= j; i++) { /* class c holds values i..j */
                double v = cost[(c - 1) * m + i - 1] + SSD(i, j);
                if (v < best) {
                    best = v;
                    at = i;
                }
            }
            cost[c * m + j] = best;
            from[c * m + j] = at;
        }
#undef SSD
    result = cost[(kk - 1) * m + m - 1];
    size_t j = m - 1;
    for (size_t c = kk; c-- > 0;) {
        upper[c] = u[j];
        if (c > 0)
            j = from[c * m + j] - 1;
    }
    if (result < 0)
        result = 0;
out:
    free(u);
    free(w);
    free(s0);
    free(s1);
    free(s2);
    free(cost);
    free(from);
    return result;
}

/* The smallest of 1, 2, 2.5, 5 times a power of ten that is >= x > 0. */
static double nice_step(double x)
{
    double p = pow(10.0, floor(log10(x)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= x * (1 - 1e-12))
            return steps[i] * p;
    return 10 * p;
}

ix_status ix_classify(const ix_class_spec *spec, const double *values, size_t n, ix_classes *out,
                      ix_diag *d)
{
    memset(out, 0, sizeof *out);
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory classifying");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (values[i] != values[i])
            out->missing++;
        else
            v[m++] = values[i];
    }
    ix_status st = IX_OK;
    int k = spec->k;
    if (m == 0) {
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL, "no values to classify");
        goto out;
    }
    qsort(v, m, sizeof *v, ix_cmp_double);
    size_t distinct = 1;
    for (size_t i = 1; i < m; i++)
        distinct += v[i] != v[i - 1];
    int data_driven = spec->method == IX_CLASS_QUANTILE || spec->method == IX_CLASS_EQUAL ||
                      spec->method == IX_CLASS_JENKS;
    if (k < 2 || k > IX_CLASS_MAX) {
        st = ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "classes", "%d classes: use 2 to %d", k,
                         IX_CLASS_MAX);
        goto out;
    }
    if (data_driven && (size_t)k > distinct) {
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "classes",
                         "more classes (%d) than distinct values (%zu)", k, distinct);
        goto out;
    }
    out->k = k;
    double lo = v[0], hi = v[m - 1];
    switch (spec->method) {
    case IX_CLASS_QUANTILE:
        out->bound[0] = lo;
        for (int i = 1; i <= k; i++) {
            size_t idx = ((size_t)i * m + (size_t)k - 1) / (size_t)k - 1; /* ceil(i m / k) - 1 */
            out->bound[i] = v[idx];
            if (!(out->bound[i] > out->bound[i - 1]) && i > 1) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "classes",
                                 "quantile:%d: class bounds coincide because of tied values; "
                                 "use fewer classes or jenks:%d",
                                 k, k);
                goto out;
            }
        }
        break;
    case IX_CLASS_EQUAL:
        for (int i = 0; i <= k; i++)
            out->bound[i] = i == k ? hi : lo + (hi - lo) * i / k;
        break;
    case IX_CLASS_JENKS:
        out->bound[0] = lo;
        if (ix_jenks(v, m, k, out->bound + 1) < 0) {
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory classifying");
            goto out;
        }
        break;
    case IX_CLASS_BREAKS:
        out->open_ends = 1;
        for (int i = 1; i < k; i++)
            out->bound[i] = spec->breaks[i - 1];
        out->bound[0] = fmin(lo, out->bound[1]);
        out->bound[k] = fmax(hi, out->bound[k - 1]);
        break;
    case IX_CLASS_DIVERGING: {
        double c = spec->center, reach = fmax(fabs(lo - c), fabs(hi - c));
        if (!(reach > 0)) {
            st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "classes",
                             "every value equals the diverging centre");
            goto out;
        }
        double w = nice_step(2 * reach / k);
        for (int i = 0; i <= k; i++)
            out->bound[i] = c + (i - k / 2.0) * w;
        out->diverging = 1;
        out->center = c;
        break;
    }
    }
    for (size_t i = 0; i < m; i++)
        out->count[ix_class_of(out, v[i])]++;
out:
    free(v);
    return st;
}
