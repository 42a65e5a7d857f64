/* The web service's URL parsing, apart from libmicrohttpd so that it can be
 * fuzzed (tests/fuzz/fuzz_routes.c): percent-decoding of the path and of
 * query parameters, and which route a decoded path names. No I/O, no
 * allocation. server/routes.c and server/serve.c use it. */
#ifndef INDEKS_ROUTE_H
#define INDEKS_ROUTE_H

#include <stddef.h>

/* Longest decoded path a route accepts; longer is 414. */
#define IX_ROUTE_MAX_PATH 256

typedef enum {
    IX_ROUTE_NOTFOUND = 0,
    IX_ROUTE_TOOLONG,   /* over IX_ROUTE_MAX_PATH bytes */
    IX_ROUTE_HEALTHZ,   /* /healthz */
    IX_ROUTE_HOME,      /* / (the newest edition) */
    IX_ROUTE_APP_JS,    /* /static/app.js */
    IX_ROUTE_APP_CSS,   /* /static/app.css */
    IX_ROUTE_OPENAPI,   /* /openapi.yaml, /api/v1/openapi.yaml */
    IX_ROUTE_EDITION,   /* /edition/<id>[.csv], /api/v1/editions/<id>[.csv] */
    IX_ROUTE_KOMMUNE,   /* /kommune/<code>[.csv], /api/v1/kommuner/<code> */
    IX_ROUTE_COMPARE,   /* /sammenlign[.csv] (?a=&b= checked separately) */
    IX_ROUTE_EDITIONS,  /* /api/v1/editions */
    IX_ROUTE_EDITION_DIFF /* /edition/<a>/vs/<b>[.csv], /api/v1/editions/<a>/vs/<b> */
} ix_route_kind;

/* How a document is rendered. */
enum { IX_ROUTE_HTML = 0, IX_ROUTE_CSV = 1, IX_ROUTE_JSON = 2 };

typedef struct {
    ix_route_kind kind;
    int as;      /* IX_ROUTE_HTML, _CSV or _JSON */
    int api;     /* under /api/: errors are JSON */
    long id;     /* IX_ROUTE_EDITION, _EDITION_DIFF (a): 1 .. 10^15 - 1 */
    long id2;    /* IX_ROUTE_EDITION_DIFF: b */
    int kommune; /* IX_ROUTE_KOMMUNE: one of the 98 codes */
} ix_route;

/* Which route the decoded path names; unknown paths give IX_ROUTE_NOTFOUND. */
void ix_route_parse(const char *path, ix_route *out);

/* "123" (1 to 15 digits, no sign, not 0) followed by suffix exactly:
 * 0 and *out set, else -1. */
int ix_route_parse_id(const char *text, const char *suffix, long *out);

/* A municipality code (1 to 4 digits naming one of the 98) followed by
 * suffix exactly: the code, else 0. */
int ix_route_parse_kommune(const char *text, const char *suffix);

/* Percent-decodes text in place (a query's '+' is left alone: it is no
 * space in a path and the parameters never hold one). A NUL (%00) or a
 * malformed escape turns the whole text into a prefix of "/.invalid", no
 * longer than the text (and empty rather than "/"), which no route and no
 * parameter check accepts.
 * Returns the new length. */
size_t ix_route_unescape(char *text);

#endif
