/* libFuzzer target: the web service's request-target parsing
 * (lib/web/route_parse.c), as indeks serve does it. The input is a request
 * target "PATH?QUERY" as a client sends it; it is split as libmicrohttpd
 * splits it (the path at the first '?', the query at '&' and the first '='
 * of each pair, '+' read as a space), each piece percent-decoded by
 * ix_route_unescape, the path routed by ix_route_parse and the parameters
 * a and b (/sammenlign) read by ix_route_parse_kommune. Aborts when:
 *   - decoding grows a text, leaves a NUL inside it, or returns a length
 *     that is not the text's;
 *   - a route is found for a path holding "%00" or a malformed escape;
 *   - an edition id is outside 1 .. 10^15 - 1, a municipality is not one
 *     of the 98, or a path over 256 bytes is not "too long";
 *   - the canonical spelling of a route found does not parse back to it.
 * Build: cmake -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang ...; then
 *   fuzz_routes -max_total_time=60 tests/fuzz/corpus/routes */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/kommuner.h"
#include "indeks/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_unescape(char *text)
{
    size_t before = strlen(text);
    size_t n = ix_route_unescape(text);
    if (n > before || strlen(text) != n)
        abort();
}

static void check_route(const char *path, int had_bad_escape)
{
    ix_route r;
    ix_route_parse(path, &r);
    size_t len = strlen(path);
    if ((len > IX_ROUTE_MAX_PATH) != (r.kind == IX_ROUTE_TOOLONG))
        abort();
    if (had_bad_escape && r.kind != IX_ROUTE_NOTFOUND)
        abort();
    if (r.api != (strncmp(path, "/api/", 5) == 0))
        abort();
    char canon[64];
    int n = -1;
    switch (r.kind) {
    case IX_ROUTE_EDITION:
        if (r.id < 1 || r.id > 999999999999999L || r.kommune || r.id2)
            abort();
        n = snprintf(canon, sizeof canon, "%s%ld%s", r.api ? "/api/v1/editions/" : "/edition/",
                     r.id, r.as == IX_ROUTE_CSV ? ".csv" : "");
        break;
    case IX_ROUTE_EDITION_DIFF:
        if (r.id < 1 || r.id > 999999999999999L || r.id2 < 1 || r.id2 > 999999999999999L ||
            r.kommune)
            abort();
        n = snprintf(canon, sizeof canon, "%s%ld/vs/%ld%s",
                     r.api ? "/api/v1/editions/" : "/edition/", r.id, r.id2,
                     r.as == IX_ROUTE_CSV ? ".csv" : "");
        break;
    case IX_ROUTE_KOMMUNE:
        if (!ix_kommune_find(r.kommune) || r.id || r.id2)
            abort();
        n = snprintf(canon, sizeof canon, "%s%d%s", r.api ? "/api/v1/kommuner/" : "/kommune/",
                     r.kommune, r.as == IX_ROUTE_CSV ? ".csv" : "");
        break;
    default: /* not found, too long and the routes without an id or a code */
        if (r.id || r.id2 || r.kommune)
            abort();
        break;
    }
    if (n > 0) {
        ix_route back;
        ix_route_parse(canon, &back);
        if (back.kind != r.kind || back.as != r.as || back.id != r.id || back.id2 != r.id2 ||
            back.kommune != r.kommune || back.api != r.api)
            abort();
    }
}

/* Does the raw text hold "%00" or a '%' not followed by two hex digits? */
static int bad_escape(const char *text)
{
    for (const char *p = text; (p = strchr(p, '%')) != NULL; p++) {
        const char *hex = "0123456789abcdefABCDEF";
        if (!p[1] || !p[2] || !strchr(hex, p[1]) || !strchr(hex, p[2]))
            return 1;
        if (p[1] == '0' && p[2] == '0')
            return 1;
        p += 2;
    }
    return 0;
}

static void check_param(char *pair)
{
    char *eq = strchr(pair, '=');
    char *value = NULL;
    if (eq) {
        *eq = '\0';
        value = eq + 1;
    }
    for (char *p = pair; *p; p++)
        if (*p == '+')
            *p = ' ';
    check_unescape(pair);
    if (!value)
        return;
    for (char *p = value; *p; p++)
        if (*p == '+')
            *p = ' ';
    int bad = bad_escape(value);
    check_unescape(value);
    int code = ix_route_parse_kommune(value, "");
    if (code && (bad || !ix_kommune_find(code)))
        abort();
    long id = 0;
    if (ix_route_parse_id(value, "", &id) == 0 && (id < 1 || id > 999999999999999L))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* a request line holds no NUL: stop at the first */
    char *query = strchr(text, '?');
    if (query)
        *query++ = '\0';
    int bad = bad_escape(text);
    check_unescape(text);
    check_route(text, bad);
    while (query) {
        char *amp = strchr(query, '&');
        if (amp)
            *amp++ = '\0';
        check_param(query);
        query = amp;
    }
    free(text);
    return 0;
}
