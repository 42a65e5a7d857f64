/* Small helpers of the core that several modules need once: a string copy
 * and the qsort comparator for doubles. The caller owns what ix_strdup
 * returns and frees it with free(). */
#ifndef INDEKS_UTIL_H
#define INDEKS_UTIL_H

/* A malloc'd copy of text (NULL is copied as ""); NULL when out of memory.
 * strdup is POSIX, not C17, and four modules had written their own. */
char *ix_strdup(const char *text);

/* qsort comparator for doubles, ascending; -1, 0 or 1. NaN compares equal to
 * everything, so callers sort finite values only. */
int ix_cmp_double(const void *a, const void *b);

#endif
