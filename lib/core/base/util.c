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
