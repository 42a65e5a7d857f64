/* The web service's URL parsing (see route_parse.h). Every path segment is
 * checked before it is used: ids are 1 to 15 digits, municipality codes 1
 * to 4 digits naming one of the 98; anything else names no route. */
#include "indeks/route.h"

#include <string.h>

#include "indeks/kommuner.h"

int ix_route_parse_id(const char *text, const char *suffix, long *out)
{
    long v = 0;
    size_t n = 0;
    for (; text[n] >= '0' && text[n] <= '9'; n++) {
        if (n >= 15)
            return -1;
        v = v * 10 + (text[n] - '0');
    }
    if (n == 0 || strcmp(text + n, suffix) != 0 || v < 1)
        return -1;
    *out = v;
    return 0;
}

int ix_route_parse_kommune(const char *text, const char *suffix)
{
    long v = 0;
    if (ix_route_parse_id(text, suffix, &v) != 0 || strlen(text) - strlen(suffix) > 4)
        return 0;
    const ix_kommune *k = ix_kommune_find((int)v);
    return k ? k->code : 0;
}

static int starts(const char *text, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    if (strncmp(text, prefix, n) != 0)
        return 0;
    *rest = text + n;
    return 1;
}

static void set(ix_route *out, ix_route_kind kind, int as)
{
    out->kind = kind;
    out->as = as;
}

/* "<a>/vs/<b>" + suffix: 1 and the ids set, else 0. */
static int parse_pair(const char *rest, const char *suffix, ix_route *out)
{
    const char *vs = strstr(rest, "/vs/");
    if (!vs || vs - rest > 15)
        return 0;
    char a[16];
    memcpy(a, rest, (size_t)(vs - rest));
    a[vs - rest] = '\0';
    return ix_route_parse_id(a, "", &out->id) == 0 &&
           ix_route_parse_id(vs + 4, suffix, &out->id2) == 0;
}

void ix_route_parse(const char *path, ix_route *out)
{
    const char *rest = NULL;
    memset(out, 0, sizeof *out);
    out->api = strncmp(path, "/api/", 5) == 0;
    if (strlen(path) > IX_ROUTE_MAX_PATH)
        out->kind = IX_ROUTE_TOOLONG;
    else if (strcmp(path, "/healthz") == 0)
        out->kind = IX_ROUTE_HEALTHZ;
    else if (strcmp(path, "/") == 0)
        out->kind = IX_ROUTE_HOME;
    else if (strcmp(path, "/static/app.js") == 0)
        out->kind = IX_ROUTE_APP_JS;
    else if (strcmp(path, "/static/app.css") == 0)
        out->kind = IX_ROUTE_APP_CSS;
    else if (strcmp(path, "/openapi.yaml") == 0 || strcmp(path, "/api/v1/openapi.yaml") == 0)
        out->kind = IX_ROUTE_OPENAPI;
    else if (starts(path, "/edition/", &rest)) {
        if (parse_pair(rest, "", out))
            set(out, IX_ROUTE_EDITION_DIFF, IX_ROUTE_HTML);
        else if (parse_pair(rest, ".csv", out))
            set(out, IX_ROUTE_EDITION_DIFF, IX_ROUTE_CSV);
        else if (ix_route_parse_id(rest, "", &out->id) == 0)
            set(out, IX_ROUTE_EDITION, IX_ROUTE_HTML);
        else if (ix_route_parse_id(rest, ".csv", &out->id) == 0)
            set(out, IX_ROUTE_EDITION, IX_ROUTE_CSV);
    } else if (starts(path, "/kommune/", &rest)) {
        if ((out->kommune = ix_route_parse_kommune(rest, "")) != 0)
            set(out, IX_ROUTE_KOMMUNE, IX_ROUTE_HTML);
        else if ((out->kommune = ix_route_parse_kommune(rest, ".csv")) != 0)
            set(out, IX_ROUTE_KOMMUNE, IX_ROUTE_CSV);
    } else if (strcmp(path, "/sammenlign") == 0)
        set(out, IX_ROUTE_COMPARE, IX_ROUTE_HTML);
    else if (strcmp(path, "/sammenlign.csv") == 0)
        set(out, IX_ROUTE_COMPARE, IX_ROUTE_CSV);
    else if (strcmp(path, "/api/v1/editions") == 0)
        set(out, IX_ROUTE_EDITIONS, IX_ROUTE_JSON);
    else if (starts(path, "/api/v1/editions/", &rest)) {
        if (parse_pair(rest, "", out))
            set(out, IX_ROUTE_EDITION_DIFF, IX_ROUTE_JSON);
        else if (ix_route_parse_id(rest, "", &out->id) == 0)
            set(out, IX_ROUTE_EDITION, IX_ROUTE_JSON);
        else if (ix_route_parse_id(rest, ".csv", &out->id) == 0)
            set(out, IX_ROUTE_EDITION, IX_ROUTE_CSV);
    } else if (starts(path, "/api/v1/kommuner/", &rest)) {
        if ((out->kommune = ix_route_parse_kommune(rest, "")) != 0)
            set(out, IX_ROUTE_KOMMUNE, IX_ROUTE_JSON);
    }
    if (out->kind == IX_ROUTE_NOTFOUND || out->kind == IX_ROUTE_TOOLONG) {
        out->id = 0;
        out->id2 = 0;
        out->kommune = 0;
    }
}

static int hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0'
         : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

size_t ix_route_unescape(char *text)
{
    char *w = text;
    for (const char *r = text; *r;) {
        if (*r != '%') {
            *w++ = *r++;
            continue;
        }
        int hi = hexval(r[1]), lo = hi >= 0 ? hexval(r[2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
            static const char bad[] = "/.invalid";
            /* never longer than the text it replaces, and never "/" alone */
            size_t len = strlen(text), n = len < 2 ? 0 : len < sizeof bad - 1 ? len : sizeof bad - 1;
            memcpy(text, bad, n);
            text[n] = '\0';
            return n;
        }
        *w++ = (char)(hi * 16 + lo);
        r += 3;
    }
    *w = '\0';
    return (size_t)(w - text);
}
