/* The Lorenz curve and Gini coefficient of a distribution of costs
 * (gusa_indicators.h): the 80/20 question of issue 16. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_indicators.h"

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* L(x) on the unit points (i/n, y[i]), i = 0..n, linear between them. */
static double lorenz_at(const double *y, size_t n, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double p = x * (double)n;
    size_t i = (size_t)floor(p);
    if (i >= n)
        return 1;
    return y[i] + (p - (double)i) * (y[i + 1] - y[i]);
}

ix_status ix_lorenz_compute(const double *cost, size_t n, ix_lorenz *out, ix_diag *d)
{
    memset(out, 0, sizeof *out);
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(cost[i]) || cost[i] < 0)
            return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "cost",
                               "cost number %zu is negative or not a number", i + 1);
        total += cost[i];
    }
    if (n == 0 || total <= 0)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "cost", "no cost to distribute");
    double *sorted = malloc(n * sizeof *sorted);
    double *y = malloc((n + 1) * sizeof *y);
    if (!sorted || !y) {
        free(sorted);
        free(y);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    memcpy(sorted, cost, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_value);
    /* cumulative shares; the trapezoids under the curve, each 1/n wide */
    double cum = 0, area = 0;
    y[0] = 0;
    for (size_t i = 0; i < n; i++) {
        cum += sorted[i];
        y[i + 1] = cum / total;
        area += (y[i] + y[i + 1]) / (double)n;
    }
    y[n] = 1;
    out->n = n;
    out->total = total;
    out->gini = 1 - area;
    if (out->gini < 0) /* equal costs: rounding may give -1e-16 */
        out->gini = 0;
    for (int k = 0; k <= 10; k++)
        out->curve[k] = lorenz_at(y, n, k / 10.0);
    out->top1 = 1 - lorenz_at(y, n, 0.99);
    out->top20 = 1 - lorenz_at(y, n, 0.80);
    out->top50 = 1 - lorenz_at(y, n, 0.50);
    free(sorted);
    free(y);
    return IX_OK;
}
