/* Shared by lib/web/gusa_web.c and gusa_pages.c. Not public. */
#ifndef INDEKS_GUSA_WEB_INTERNAL_H
#define INDEKS_GUSA_WEB_INTERNAL_H

#include <pthread.h>

#include "indeks/gusa_config.h"
#include "indeks/gusa_http.h"
#include "indeks/gusa_store.h"
#include "indeks/gusa_web.h"
#include "indeks/oidc.h"

struct ix_gusa_web {
    ix_gusa_config *cfg;
    ix_gusa_store *store;
    ix_oidc_provider *prov[2]; /* mitid, medarbejder: discovered at first use */
    int demo;                  /* the database was made by `indeks gusa demo` */
    /* One request at a time (the store is one connection, and every read
     * appends to the audit chain), served in arrival order: a ticket lock,
     * because a plain mutex lets one server thread take it again and again
     * while another waits (p99 196 ms against 24 ms with two threads under
     * bench/bench_gusa.sh). */
    pthread_mutex_t lock;
    pthread_cond_t turn;
    unsigned long next_ticket, serving;
};

/* One request's session and body. */
typedef struct ix_gusa_ctx {
    int logged_in;
    ix_gusa_actor actor;
    char sid[64];
    char csrf[48];
    int is_form;
    ix_gusa_form form;
    const char *anchor; /* the case page's section a form post returns to, or "" */
    /* A refused form post shown again on the case page: the form's path
     * (after /cases/<id>/), the refused field and the message; the typed
     * values are in form. NULL when not. */
    const char *refill_path, *refill_field, *refill_message;
} ix_gusa_ctx;

void ix__gusa_json_error(ix_gusa_resp *rs, int status, const char *message, const char *field);
void ix__gusa_html_error(ix_gusa_resp *rs, int status, const char *title, const char *message);
void ix__gusa_redirect(ix_gusa_resp *rs, const char *location);
long long ix__gusa_parse_id(const char *t, size_t n);
int ix__gusa_query_get(const char *query, const char *name, char *out, size_t size);
int ix__gusa_post_guard(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs);
int ix__gusa_session(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx);
/* The request's session of a person or staff member (stakeholder 0) or of a
 * stakeholder (1): 1 and cx filled, else 0 (none, or the other kind). */
int ix__gusa_session_of(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, int stakeholder);
/* GET /gusa/login and /gusa/callback (gusa_login.c). */
void ix__gusa_login_start(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs);
void ix__gusa_login_callback(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs);
/* The HTML pages (gusa_pages.c): GET under /gusa/. */
void ix__gusa_page(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs);
void ix__gusa_add_cookie(ix_gusa_web *w, ix_gusa_resp *rs, const char *name, const char *value,
                         long max_age);

/* Shared by the pages (gusa_forms.c). */
#define IX_GUSA_NEXT_COOKIE "gusa_next"
#define IX_GUSA_NEXT_MAX 96 /* bytes of a `next` path */
void ix__gusa_page_start(ix_sink *s, const char *title);
void ix__gusa_page_end(ix_sink *s, const ix_gusa_ctx *cx);
void ix__gusa_csrf_field(ix_sink *s, const ix_gusa_ctx *cx);
/* 1 when p is a local path a login may return to: /gusa/... or /forslag...,
 * no "//", no dot segments, only [A-Za-z0-9/-_.~?=&]. */
int ix__gusa_next_ok(const char *p);
/* The case page's section id for a POST's last path segment ("" if none). */
const char *ix__gusa_anchor(const char *what);
/* The form field as its label says it (Danish), or field itself. */
const char *ix__gusa_field_da(const char *field);
/* A refused form post of a case's form (rs: its JSON 400): the case page
 * again, answer 400, with an error summary naming the field and the form
 * filled in with what was typed. 0 when it cannot be shown (another form,
 * or the case page would not show): then use ix__gusa_form_error. */
int ix__gusa_form_refill(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx,
                         ix_gusa_resp *rs);
/* Turns rs (a JSON 400 from a form post) into the Danish error page. */
void ix__gusa_form_error(const ix_gusa_req *rq, ix_gusa_resp *rs);
/* GET /gusa/sager/<id> (gusa_case_page.c). */
void ix__gusa_case_page(ix_gusa_web *w, long long id, ix_gusa_ctx *cx, ix_gusa_resp *rs);

/* The 80/20 section of /gusa/statistik (gusa_stats_page.c). */
void ix__gusa_concentration_html(ix_gusa_web *w, ix_gusa_ctx *cx, ix_sink *s);

/* /forslag (proposals_web.c, proposals_pages.c): stakeholders' proposals. */
int ix__prop_claims(const char *path);
void ix__prop_dispatch(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs);
void ix__prop_list_page(ix_gusa_web *w, const ix_gusa_ctx *cx, ix_gusa_resp *rs);
void ix__prop_list_json(ix_gusa_web *w, ix_gusa_resp *rs);
void ix__prop_form_page(const ix_gusa_ctx *cx, ix_gusa_resp *rs);
void ix__prop_page(ix_gusa_web *w, long long id, const ix_gusa_ctx *cx, ix_gusa_resp *rs);
void ix__prop_json(ix_gusa_web *w, long long id, ix_gusa_resp *rs);
/* A Danish page for status (401, 403, 404, 409, 429, 500). */
void ix__prop_error_page(ix_gusa_resp *rs, int status);

#endif
