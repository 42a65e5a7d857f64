/* GUSA in `indeks serve --gusa gusa.json` (lib/web/gusa_web.c, gusa_pages.c):
 * the login routes (/gusa/login, /gusa/callback, /gusa/logout), the JSON
 * API under /api/v1/gusa and the Danish pages under /gusa/, independent of
 * the HTTP library: server/gusa_server.c turns a libmicrohttpd request into
 * an ix_gusa_req and sends the ix_gusa_resp. See docs/gusa.md ("Web").
 *
 * Ownership: an ix_gusa_web owns its config, store and providers and is
 * freed with ix_gusa_web_close; an ix_gusa_req borrows every string; an
 * ix_gusa_resp owns its body (ix_gusa_resp_free). ix_gusa_web_handle may
 * be called from several threads: it serialises on a mutex of its own. */
#ifndef INDEKS_GUSA_WEB_H
#define INDEKS_GUSA_WEB_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/sink.h"

typedef struct ix_gusa_web ix_gusa_web;

/* Reads gusa.json (a bad file: IX_ERR_USAGE naming file and key) and
 * opens its database, which must exist (`indeks gusa init` or `demo`). */
ix_status ix_gusa_web_open(const char *config_path, ix_gusa_web **out, ix_diag *d);
void ix_gusa_web_close(ix_gusa_web *w);

/* 1 when path is GUSA's: /gusa, /gusa/..., /api/v1/gusa, /api/v1/gusa/... */
int ix_gusa_web_claims(const char *path);

typedef struct ix_gusa_req {
    const char *method;       /* "GET", "HEAD", "POST" */
    const char *path;         /* percent-decoded */
    const char *query;        /* the raw query after '?', or NULL */
    const char *cookie;       /* the Cookie header or NULL */
    const char *origin;       /* the Origin header or NULL */
    const char *content_type; /* or NULL */
    const char *csrf_header;  /* X-CSRF-Token or NULL */
    const char *body;         /* POST body (not NUL-terminated) */
    size_t body_len;
    int body_too_big; /* more than IX_GUSA_MAX_BODY arrived (the rest was dropped) */
} ix_gusa_req;

#define IX_GUSA_RESP_COOKIES 3

typedef struct ix_gusa_resp {
    int status;
    const char *type; /* Content-Type (static) */
    ix_buf body;
    char location[1024];                          /* for 303, else "" */
    char set_cookie[IX_GUSA_RESP_COOKIES][160];   /* "" when unused */
} ix_gusa_resp;

void ix_gusa_resp_init(ix_gusa_resp *r);
void ix_gusa_resp_free(ix_gusa_resp *r);

/* Answers one request. Every answer is Cache-Control: no-store (the caller
 * adds it with the site's CSP and headers). */
void ix_gusa_web_handle(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs);

/* The accepted removals /forslag's proposals took into edition (for the
 * page comparing two editions); *out the caller's (ix_prop_list_free). Takes
 * the same turn as a request. */
struct ix_prop_list;
ix_status ix_gusa_web_removals(ix_gusa_web *w, const char *edition, struct ix_prop_list **out,
                               ix_diag *d);

#endif
