/* Small core helpers (see include/indeks/util.h). */
#include "indeks/util.h"

#include <stdlib.h>
#include <string.h>

char *ix_strdup(const char *text)
{
    if (!text)
        text = "";
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, text, n);
    return copy;
}

int ix_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct ix__name_entry {
    const char *name;
    size_t pos;
};

static int by_name_then_pos(const void *a, const void *b)
{
    const struct ix__name_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

int ix_name_index_build(ix_name_index *ix, const char *const *names, size_t n)
{
    ix->n = 0;
    ix->entries = malloc((n ? n : 1) * sizeof *ix->entries);
    if (!ix->entries)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (names[i])
            ix->entries[ix->n++] = (struct ix__name_entry){names[i], i};
    qsort(ix->entries, ix->n, sizeof *ix->entries, by_name_then_pos);
    return 0;
}

long ix_name_index_find(const ix_name_index *ix, const char *name)
{
    size_t lo = 0, hi = ix->n; /* the first entry not below name */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->entries[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ix->n && strcmp(ix->entries[lo].name, name) == 0)
        return (long)ix->entries[lo].pos;
    return -1;
}

void ix_name_index_free(ix_name_index *ix)
{
    if (!ix)
        return;
    free(ix->entries);
    ix->entries = NULL;
    ix->n = 0;
}

const char *ix_path_base(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}
