/* Lookup in the compiled-in municipality table (sorted by code). */
#include "indeks/kommuner.h"

#include <stdlib.h>

#include "kommuner_data.h"

size_t ix_kommune_count(void)
{
    return IX__KOMMUNE_COUNT;
}

const ix_kommune *ix_kommune_at(size_t i)
{
    return i < IX__KOMMUNE_COUNT ? &ix__kommuner[i] : NULL;
}

static int by_code(const void *key, const void *elem)
{
    int code = *(const int *)key;
    const ix_kommune *k = elem;
    return (code > k->code) - (code < k->code);
}

const ix_kommune *ix_kommune_find(int code)
{
    return bsearch(&code, ix__kommuner, IX__KOMMUNE_COUNT, sizeof ix__kommuner[0], by_code);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

int ix_kommune_parse_code(const char *text, int *code, const char **why)
{
    const char *p = text;
    while (is_space(*p))
        p++;
    if (*p == '\0') {
        *why = "empty municipality code";
        return -1;
    }
    int value = 0, digits = 0;
    while (*p >= '0' && *p <= '9') {
        if (digits >= 4) {
            *why = "a municipality code has at most 4 digits (\"101\" or \"0101\")";
            return -1;
        }
        value = value * 10 + (*p - '0');
        digits++;
        p++;
    }
    /* Excel sometimes writes integer columns as "101.0" or "101,0". */
    if (digits > 0 && (*p == '.' || *p == ',') && p[1] == '0') {
        p += 2;
        while (*p == '0')
            p++;
    }
    while (is_space(*p))
        p++;
    if (digits == 0 || *p != '\0') {
        *why = "a municipality code is 3 digits, like \"101\" or \"0101\"";
        return -1;
    }
    if (value == 0) {
        *why = "0 is not a municipality code";
        return -1;
    }
    *code = value;
    return 0;
}
