/* Sports ranking: sort indices by descending value, then give each run of
 * equal values the rank of its first member. */
#include "indeks/rank.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    double value;
    size_t index;
} ranked;

static int by_value_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    int xn = isnan(x->value), yn = isnan(y->value);
    if (xn != yn)
        return xn - yn; /* NaN last */
    if (!xn && x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

ix_status ix_rank_desc(const double *values, size_t n, long *rank, size_t *order, ix_diag *d)
{
    if (n == 0)
        return IX_OK;
    ranked *r = malloc(n * sizeof *r);
    if (!r)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory while ranking %zu values", n);
    for (size_t i = 0; i < n; i++) {
        r[i].value = values[i];
        r[i].index = i;
    }
    qsort(r, n, sizeof *r, by_value_desc);
    long current = 0;
    for (size_t pos = 0; pos < n; pos++) {
        size_t i = r[pos].index;
        if (isnan(r[pos].value))
            rank[i] = 0;
        else {
            if (pos == 0 || r[pos].value != r[pos - 1].value)
                current = (long)pos + 1;
            rank[i] = current;
        }
        if (order)
            order[pos] = i;
    }
    free(r);
    return IX_OK;
}
