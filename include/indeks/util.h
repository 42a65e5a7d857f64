/* Small helpers of the core that several modules need once: a string copy,
 * the qsort comparator for doubles, and an index of names. The caller owns
 * what ix_strdup returns and frees it with free(); an ix_name_index borrows
 * the names it was built from (they must outlive it) and is freed with
 * ix_name_index_free. */
#ifndef INDEKS_UTIL_H
#define INDEKS_UTIL_H

/* A malloc'd copy of text (NULL is copied as ""); NULL when out of memory.
 * strdup is POSIX, not C17, and four modules had written their own. */
char *ix_strdup(const char *text);
/* The file name of a path without its folders ("a/b/c.csv" -> "c.csv"), a
 * pointer into path (NULL stays NULL): outputs never show a local path. */
const char *ix_path_base(const char *path);

/* qsort comparator for doubles, ascending; -1, 0 or 1. NaN compares equal to
 * everything, so callers sort finite values only. */
int ix_cmp_double(const void *a, const void *b);

#include <stddef.h>

/* Looking up names by their text in O(log n), where a scan per lookup made
 * reading 20,000 indicators quadratic. A plain struct the caller embeds;
 * zeroed it is empty (finds nothing). */
typedef struct ix_name_index {
    size_t n;
    struct ix__name_entry *entries; /* sorted by name, then position */
} ix_name_index;

/* Builds the index of names[0..n) (NULL entries are left out). Returns 0, or
 * -1 when out of memory (the index is then empty). */
int ix_name_index_build(ix_name_index *ix, const char *const *names, size_t n);
/* The position of name, the first one when it is there several times; -1
 * when it is not. */
long ix_name_index_find(const ix_name_index *ix, const char *name);
void ix_name_index_free(ix_name_index *ix);

#endif
