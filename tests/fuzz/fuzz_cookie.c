/* libFuzzer target: the Cookie header parser and the Set-Cookie builder
 * (lib/io/gusa/gusa_http.c). The input is a Cookie header. Aborts when:
 *   - a value found has a byte outside RFC 6265's cookie-octet, or does
 *     not fit the buffer with its NUL;
 *   - a found value cannot be written back by ix_gusa_set_cookie (every
 *     cookie-octet value must be writable) or the written header, read
 *     back by the parser, gives another value;
 *   - a name that occurs twice is not refused (counted here by a scan).
 * Build: cmake -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang ...; then
 *   fuzz_cookie -max_total_time=60 tests/fuzz/corpus/cookie */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int octet(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
           (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

/* How many pairs named name (split at ';', spaces trimmed, '=' needed). */
static int count_named(const char *h, const char *name)
{
    int n = 0;
    size_t nl = strlen(name);
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *e = strchr(p, ';');
        if (!e)
            e = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(e - p));
        if (eq) {
            const char *ne = eq;
            while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
                ne--;
            n += (size_t)(ne - p) == nl && memcmp(p, name, nl) == 0;
        }
        p = e;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *h = malloc(size + 1);
    if (!h)
        return 0;
    memcpy(h, data, size);
    h[size] = '\0';
    const char *names[] = {IX_GUSA_SID_COOKIE, IX_GUSA_LOGIN_COOKIE};
    for (size_t k = 0; k < 2; k++) {
        char v[IX_GUSA_TOKEN_LEN + 20];
        ix_diag d;
        ix_status st = ix_gusa_cookie_get(h, names[k], v, sizeof v, &d);
        int count = count_named(h, names[k]);
        if (count >= 2 && st != IX_ERR_INPUT)
            abort();
        if (count == 0 && st != IX_ERR_NOTFOUND)
            abort();
        if (st != IX_OK)
            continue;
        size_t n = strlen(v);
        if (n >= sizeof v)
            abort();
        for (size_t i = 0; i < n; i++)
            if (!octet((unsigned char)v[i]))
                abort();
        char set[200], back[sizeof v];
        if (ix_gusa_set_cookie(set, sizeof set, names[k], v, 900, 1, &d) != IX_OK)
            abort();
        /* the name=value part of Set-Cookie is a valid Cookie header */
        char *semi = strchr(set, ';');
        if (!semi)
            abort();
        *semi = '\0';
        if (ix_gusa_cookie_get(set, names[k], back, sizeof back, &d) != IX_OK ||
            strcmp(back, v) != 0)
            abort();
    }
    free(h);
    return 0;
}
