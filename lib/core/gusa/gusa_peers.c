/* The municipalities with the same burden (issue 16's "do we do better
 * than municipalities with the same socio-economic index?"): the ten
 * nearest in the index (gusa_indicators.h). */
#include <math.h>
#include <stdlib.h>

#include "indeks/gusa_indicators.h"

typedef struct {
    double dist;
    int code;
} near_t;

static int by_distance(const void *a, const void *b)
{
    const near_t *x = a, *y = b;
    /* the index has two decimals: 1.34 - 1.32 and 1.32 - 1.30 are the same
     * distance, whatever the floating point says; then the lower code */
    if (fabs(x->dist - y->dist) > 1e-9)
        return x->dist < y->dist ? -1 : 1;
    return (x->code > y->code) - (x->code < y->code);
}

size_t ix_gusa_peers(const ix_gusa_scatter_point *p, size_t n, int kommune, int peers[10])
{
    double x = NAN;
    for (size_t i = 0; i < n; i++)
        if (p[i].kommune == kommune)
            x = p[i].x;
    if (isnan(x))
        return 0;
    near_t *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i].kommune != kommune && !isnan(p[i].x) && !isnan(p[i].y))
            v[m++] = (near_t){fabs(p[i].x - x), p[i].kommune};
    qsort(v, m, sizeof *v, by_distance);
    size_t k = m < 10 ? m : 10;
    for (size_t i = 0; i < k; i++)
        peers[i] = v[i].code;
    free(v);
    return k;
}

