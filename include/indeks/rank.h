/* Ranking as in sports: rank 1 = highest value, tied values share the best
 * rank (1, 2, 2, 4). NaN values get rank 0 (unranked) and sort last. */
#ifndef INDEKS_RANK_H
#define INDEKS_RANK_H

#include <stddef.h>

#include "indeks/diag.h"

/* Fills rank[i] for values[i], i < n; order (may be NULL) receives the indices
 * sorted by descending value, ties by ascending index (stable). */
ix_status ix_rank_desc(const double *values, size_t n, long *rank, size_t *order, ix_diag *d);

#endif
