/* indeks serve: a thin HTTP layer (libmicrohttpd) over the store and the
 * site's writers (include/indeks/site.h).
 *
 *   serve.c   the daemon: options, limits, signals, access log
 *   routes.c  which URL gives which document; parameters checked
 *   http.c    finishing a response: ETag and 304, gzip, security headers
 *   lib/web/route_parse.c  percent-decoding and which route a path names:
 *             no MHD, so it is in indeks_core and fuzzed (tests/fuzz/fuzz_routes.c)
 *
 * The server only reads: the store is switched to read-only before the
 * first request. One mutex guards the store (a connection serves one
 * thread at a time); rendered documents are cached per URL until a new
 * edition appears, since stored editions never change. */
#ifndef INDEKS_SERVER_H
#define INDEKS_SERVER_H

#include <pthread.h>
#include <time.h>
#include <stddef.h>

#include "indeks/site.h"
#include "indeks/sink.h"
#include "indeks/store.h"

struct MHD_Connection;

typedef struct ix_server_config {
    const char *listen; /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
    unsigned threads;   /* 1 .. 64 */
    unsigned per_client; /* connections one client address may hold; 0: no limit */
    ix_store *store;    /* borrowed, read-only from now on */
    const char *label;  /* e.g. "demo (SYNTETISKE DATA)" for the start message; may be NULL */
    ix_site_options site; /* how the pages draw their maps */
    struct ix_gusa_web *gusa; /* GUSA (--gusa), borrowed; NULL: off */
} ix_server_config;

/* Runs until SIGTERM or SIGINT, finishing requests in flight, then returns
 * an exit status (0, or 1 when the server could not start). */
int ix_server_run(const ix_server_config *cfg);

/* ---- shared by the server's files -------------------------------------------- */

typedef struct ix__response {
    int status;
    const char *type;  /* Content-Type */
    const char *cache; /* Cache-Control */
    ix_buf body;
    char last_modified[40]; /* HTTP date or "" */
    int cacheable;          /* gets an ETag and may answer 304 */
} ix__response;

typedef struct ix__server {
    ix_store *store;
    ix_site_options site;
    struct ix_gusa_web *gusa; /* NULL: no /forslag (the proposals behind removals) */
    pthread_mutex_t lock;
    struct ix__cache *cache;
    /* The newest edition id, asked of the store at most once a second (a
     * database round trip per request would serialise every request on the
     * lock); a new import shows within a second. Guarded by lock. */
    long generation;
    struct timespec generation_checked;
} ix__server;

void ix__response_init(ix__response *r);
void ix__response_free(ix__response *r);

/* Fills r for the GET of url (path, already percent-decoded by MHD). */
void ix__route(ix__server *srv, struct MHD_Connection *c, const char *url, ix__response *r);

/* Sends r (ETag/304, gzip when accepted, security headers); returns MHD's
 * result and the status and body size actually sent. */
int ix__send(struct MHD_Connection *c, ix__response *r, int *status, size_t *bytes);

/* "2024-05-01T12:00:00Z" -> "Wed, 01 May 2024 12:00:00 GMT" into out[40]; "" when bad. */
void ix__http_date(const char *iso, char out[40]);

/* The site's Content-Security-Policy (http.c). */
extern const char ix__csp[];

/* GUSA (gusa_server.c): answers a request ix_gusa_web_claims; body is the
 * POST body collected (too_big: more than 64 KiB came, the rest dropped). */
struct ix_gusa_web;
int ix__gusa_respond(struct ix_gusa_web *w, struct MHD_Connection *c, const char *method,
                     const char *url, const char *body, size_t len, int too_big, int *status,
                     size_t *bytes);

/* Embedded files (web/, docs/openapi.yaml); NULL when absent. */
const char *ix__web_asset(const char *name, size_t *len);

#endif
