/* GUSA's routes (gusa_web.h): sessions (gusa_sid; the login is in
 * gusa_login.c, /forslag in proposals_web.c), the JSON API
 * under /api/v1/gusa and the guards every POST passes: a foreign Origin
 * 403, no session 401, a body that is not JSON or a form 415, over 64 KiB
 * 413, a bad body 400, no or the wrong CSRF token 403. The store does the
 * access check, validation and audit of each operation in one transaction;
 * the routes only translate. The pages are in gusa_pages.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"
#include "indeks/gusa_outbox.h"
#include "indeks/proposals_store.h"
#include "indeks/site.h"

/* ---- open and close ----------------------------------------------------------- */

ix_status ix_gusa_web_open(const char *config_path, ix_gusa_web **out, ix_diag *d)
{
    *out = NULL;
    ix_gusa_web *w = calloc(1, sizeof *w);
    if (!w)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = ix_gusa_config_load(config_path, &w->cfg, d);
    if (!st)
        st = ix_gusa_store_open(w->cfg->db, 0, &w->store, d);
    if (st) {
        ix_gusa_config_free(w->cfg);
        free(w);
        return st;
    }
    w->demo = ix_gusa_store_is_demo(w->store);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->turn, NULL);
    *out = w;
    return IX_OK;
}

void ix_gusa_web_close(ix_gusa_web *w)
{
    if (!w)
        return;
    ix_oidc_provider_free(w->prov[0]);
    ix_oidc_provider_free(w->prov[1]);
    ix_gusa_store_close(w->store);
    ix_gusa_config_free(w->cfg);
    pthread_cond_destroy(&w->turn);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

int ix_gusa_web_claims(const char *path)
{
    if (!path)
        return 0;
    return strcmp(path, "/gusa") == 0 || strncmp(path, "/gusa/", 6) == 0 ||
           strcmp(path, "/api/v1/gusa") == 0 || strncmp(path, "/api/v1/gusa/", 13) == 0 ||
           ix__prop_claims(path);
}

void ix_gusa_resp_init(ix_gusa_resp *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->type = "application/json";
    ix_buf_init(&r->body);
}

void ix_gusa_resp_free(ix_gusa_resp *r)
{
    ix_buf_free(&r->body);
}

/* ---- answers --------------------------------------------------------------------- */

void ix__gusa_json_error(ix_gusa_resp *rs, int status, const char *message, const char *field)
{
    rs->status = status;
    rs->type = "application/json";
    rs->body.len = 0;
    ix_sink s = ix_buf_sink(&rs->body);
    ix_sink_printf(&s, "{\"error\":{\"status\":%d,\"message\":", status);
    ix_json_string(&s, message && *message ? message : "error");
    ix_sink_puts(&s, ",\"field\":");
    if (field && *field)
        ix_json_string(&s, field);
    else
        ix_sink_puts(&s, "null");
    ix_sink_puts(&s, "}}\n");
}

void ix__gusa_html_error(ix_gusa_resp *rs, int status, const char *title, const char *message)
{
    rs->status = status;
    rs->type = "text/html; charset=utf-8";
    rs->body.len = 0;
    ix_sink s = ix_buf_sink(&rs->body);
    ix_site_error_page(status, title, message, &s);
}

void ix__gusa_redirect(ix_gusa_resp *rs, const char *location)
{
    rs->status = 303;
    rs->type = "text/plain; charset=utf-8";
    rs->body.len = 0;
    snprintf(rs->location, sizeof rs->location, "%s", location);
    ix_sink s = ix_buf_sink(&rs->body);
    ix_sink_puts(&s, "See Other\n");
}

void ix__gusa_add_cookie(ix_gusa_web *w, ix_gusa_resp *rs, const char *name, const char *value,
                       long max_age)
{
    if (!w->cfg)
        return;
    for (int i = 0; i < IX_GUSA_RESP_COOKIES; i++)
        if (!rs->set_cookie[i][0]) {
            ix_diag d;
            if (ix_gusa_set_cookie(rs->set_cookie[i], sizeof rs->set_cookie[i], name, value,
                                   max_age, w->cfg->cookie_secure, &d) != IX_OK)
                rs->set_cookie[i][0] = '\0';
            return;
        }
}

/* ---- small parsers ---------------------------------------------------------------- */

/* 1 to 15 digits, > 0; else 0. */
long long ix__gusa_parse_id(const char *t, size_t n)
{
    if (!t || n == 0 || n > 15)
        return 0;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] < '0' || t[i] > '9')
            return 0;
        v = v * 10 + (t[i] - '0');
    }
    return v;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The query parameter name, percent-decoded, into out; 0 when absent. */
int ix__gusa_query_get(const char *query, const char *name, char *out, size_t size)
{
    if (!query)
        return 0;
    size_t nl = strlen(name);
    for (const char *p = query; *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t o = 0;
            for (size_t i = nl + 1; i < len && o + 1 < size; i++) {
                char c = p[i];
                if (c == '+')
                    c = ' ';
                else if (c == '%') {
                    int h = i + 1 < len ? hexval(p[i + 1]) : -1;
                    int l = i + 2 < len ? hexval(p[i + 2]) : -1;
                    if (h < 0 || l < 0 || (h == 0 && l == 0))
                        return 0;
                    c = (char)(h * 16 + l);
                    i += 2;
                }
                out[o++] = c;
            }
            out[o] = '\0';
            return 1;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    return 0;
}

/* ---- the request's session and body ---------------------------------------------- */

int ix__gusa_session_of(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, int stakeholder)
{
    char sid[64] = "";
    ix_diag d;
    if (ix_gusa_cookie_get(rq->cookie, IX_GUSA_SID_COOKIE, sid, sizeof sid, &d) != IX_OK)
        return 0;
    ix_gusa_err e;
    if (ix_gusa_session_find(w->store, sid, w->cfg->session_idle_s, &cx->actor, cx->csrf, &e) !=
        IX_OK)
        return 0;
    /* a stakeholder's session (/forslag) is no GUSA session, and the reverse */
    int is_stakeholder = cx->actor.kind == IX_GUSA_ACTOR_STAKEHOLDER;
    int is_gusa = cx->actor.kind == IX_GUSA_ACTOR_PERSON || cx->actor.kind == IX_GUSA_ACTOR_STAFF;
    if (stakeholder ? !is_stakeholder : !is_gusa) {
        memset(&cx->actor, 0, sizeof cx->actor);
        return 0;
    }
    snprintf(cx->sid, sizeof cx->sid, "%s", sid);
    return 1;
}

int ix__gusa_session(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx)
{
    return ix__gusa_session_of(w, rq, cx, 0);
}

/* The POST guards, in order; 0 and rs filled when the request is refused.
 * On success cx->form holds the body (free with ix_gusa_form_free). */
int ix__gusa_post_guard(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    if (ix_gusa_origin_check(rq->origin, w->cfg->base_url) == IX_GUSA_ORIGIN_FOREIGN) {
        ix__gusa_json_error(rs, 403, "the request comes from another site (Origin)", "Origin");
        return 0;
    }
    if (!cx->logged_in) {
        ix__gusa_json_error(rs, 401, "not logged in", NULL);
        return 0;
    }
    int http = 0;
    ix_gusa_body_kind kind =
        rq->body_too_big ? IX_GUSA_BODY_REFUSED
                         : ix_gusa_body_classify(rq->content_type, rq->body_len, &http);
    if (rq->body_too_big)
        http = 413;
    if (kind == IX_GUSA_BODY_REFUSED) {
        ix__gusa_json_error(rs, http,
                            http == 413 ? "the body is larger than 64 KiB"
                                        : "the body must be application/json or "
                                          "application/x-www-form-urlencoded (UTF-8)",
                            "Content-Type");
        return 0;
    }
    cx->is_form = kind == IX_GUSA_BODY_FORM;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_gusa_body_parse(kind, rq->body ? rq->body : "", rq->body_len, &cx->form, &d) !=
        IX_OK) {
        ix__gusa_json_error(rs, 400, d.message, d.field);
        return 0;
    }
    const char *sent = rq->csrf_header ? rq->csrf_header : ix_gusa_form_get(&cx->form, "csrf");
    if (!ix_gusa_csrf_equal(sent, cx->csrf)) {
        ix_gusa_audit_event(w->store, &cx->actor, "write", "csrf", 0, "", "request", "denied",
                            &d);
        ix__gusa_json_error(rs, 403, "the CSRF token is missing or wrong", "csrf");
        ix_gusa_form_free(&cx->form);
        return 0;
    }
    return 1;
}

/* ---- the API ----------------------------------------------------------------------- */

static void store_error(ix_gusa_resp *rs, const ix_gusa_err *e)
{
    int http = e->http >= 400 ? e->http : 500;
    if (http >= 500) {
        fprintf(stderr, "indeks serve: gusa: %s\n", e->d.message);
        ix__gusa_json_error(rs, http, "internal error; it is in the server's log", NULL);
    } else
        ix__gusa_json_error(rs, http, e->d.message, e->d.field);
}

static void created(ix_gusa_resp *rs, long long id)
{
    rs->status = 201;
    rs->type = "application/json";
    rs->body.len = 0;
    ix_sink s = ix_buf_sink(&rs->body);
    ix_sink_printf(&s, "{\"id\":%lld}\n", id);
}

/* A number field: digits only (with a leading '-' when neg_ok); missing:
 * dflt. 0 and a 400 when malformed. */
static int num_field(const ix_gusa_form *f, const char *key, long long dflt, long long *out,
                     ix_gusa_resp *rs)
{
    const char *v = ix_gusa_form_get(f, key);
    if (!v || !*v) {
        *out = dflt;
        return 1;
    }
    long long n = ix__gusa_parse_id(v, strlen(v));
    if (n == 0 && strcmp(v, "0") != 0) {
        ix__gusa_json_error(rs, 400, "must be a whole number (digits only)", key);
        return 0;
    }
    *out = n;
    return 1;
}

/* Every value of key as ids; 0 and a 400 when one is not. */
static int id_list(const ix_gusa_form *f, const char *key, long long *ids, size_t max, size_t *n,
                   ix_gusa_resp *rs)
{
    *n = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->kv[i].key, key) != 0)
            continue;
        /* a form may send "1,2": split at commas */
        const char *p = f->kv[i].value;
        while (*p) {
            const char *c = strchr(p, ',');
            size_t len = c ? (size_t)(c - p) : strlen(p);
            long long id = ix__gusa_parse_id(p, len);
            if (!id || *n >= max) {
                ix__gusa_json_error(rs, 400, "must be a list of ids", key);
                return 0;
            }
            ids[(*n)++] = id;
            p += len;
            if (*p == ',')
                p++;
        }
    }
    return 1;
}

/* Every value of key joined by commas (a JSON list or repeated form fields). */
static void joined(const ix_gusa_form *f, const char *key, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->kv[i].key, key) == 0) {
            int n = snprintf(out + o, size - o, "%s%s", o ? "," : "", f->kv[i].value);
            if (n < 0 || (size_t)n >= size - o)
                return;
            o += (size_t)n;
        }
}

#define F(key) ix_gusa_form_get(&cx->form, key)

/* After a write: 201 {id} for JSON, 303 to the case's page for a form. */
static void written(ix_gusa_ctx *cx, ix_gusa_resp *rs, long long kase, long long id)
{
    if (cx->is_form) {
        char loc[96];
        if (kase)
            snprintf(loc, sizeof loc, "/gusa/sager/%lld%s%s", kase,
                     cx->anchor && *cx->anchor ? "#" : "", cx->anchor ? cx->anchor : "");
        else
            snprintf(loc, sizeof loc, "/gusa/");
        ix__gusa_redirect(rs, loc);
    } else
        created(rs, id);
}

static void write_invitation_mail(ix_gusa_web *w, long long kase, long long id,
                                  const ix_gusa_invitation_in *in, const char *token,
                                  ix_gusa_resp *rs, ix_gusa_ctx *cx)
{
    char to[160], body[2048], name[96];
    if (in->email)
        snprintf(to, sizeof to, "%s", in->email);
    else if (in->staff_id)
        snprintf(to, sizeof to, "medarbejder %lld", in->staff_id);
    else
        snprintf(to, sizeof to, "borger %lld", in->person_id);
    snprintf(body, sizeof body,
             "Du er inviteret til at deltage i en dialog om et barns trivsel (GUSA).\n\n"
             "Åbn linket og log ind for at se invitationen:\n%s/gusa/invitation/%s\n\n"
             "Linket er personligt. Del det ikke med andre.\n",
             w->cfg->base_url, token);
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_gusa_outbox_write(w->cfg->outbox, id, to, "Invitation til dialog (GUSA)", body, name,
                             sizeof name, &d) != IX_OK) {
        fprintf(stderr, "indeks serve: gusa: outbox: %s: %s\n", d.file, d.message);
        ix__gusa_json_error(rs, 500, "the invitation mail could not be written", "outbox");
        return;
    }
    written(cx, rs, kase, id);
}

/* /api/v1/gusa/cases/<id>/<what>[/<sub>/<what2>] POSTs. */
static void case_post(ix_gusa_web *w, ix_gusa_ctx *cx, long long kase, const char *what,
                      long long sub, const char *what2, ix_gusa_resp *rs)
{
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    long long id = 0, sup = 0;
    ix_status st = IX_OK;
    cx->anchor = ix__gusa_anchor(sub && strcmp(what, "goals") == 0 ? "goals" : what);
    if (!num_field(&cx->form, "supersedes", 0, &sup, rs))
        return;
    if (!sub && strcmp(what, "close") == 0) {
        st = ix_gusa_case_close(w->store, &cx->actor, kase, F("outcome"), &e);
        if (!st) {
            if (cx->is_form)
                written(cx, rs, kase, kase);
            else {
                rs->status = 200;
                ix_sink s = ix_buf_sink(&rs->body);
                ix_sink_printf(&s, "{\"id\":%lld,\"status\":\"closed\"}\n", kase);
            }
            return;
        }
    } else if (!sub && strcmp(what, "concerns") == 0) {
        ix_gusa_concern_in in = {F("text"), F("observed_on"), F("info_type"), sup};
        st = ix_gusa_concern_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (!sub && strcmp(what, "resources") == 0) {
        ix_gusa_resource_in in = {F("text"), F("owner"), sup};
        st = ix_gusa_resource_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (!sub && strcmp(what, "goals") == 0) {
        ix_gusa_goal_in in = {F("text"), F("indicator"), F("follow_up_on"), sup};
        st = ix_gusa_goal_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (sub && strcmp(what, "goals") == 0 && strcmp(what2, "followups") == 0) {
        ix_gusa_followup_in in = {sub, F("status"), F("note")};
        st = ix_gusa_followup_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (!sub && strcmp(what, "actions") == 0) {
        long long step = -1, cost = 0;
        if (!num_field(&cx->form, "ladder_step", -1, &step, rs) ||
            !num_field(&cx->form, "cost_dkk", 0, &cost, rs))
            return;
        const char *end = F("end_on"); /* a form's empty date field: none */
        ix_gusa_action_in in = {F("text"), (long)step, F("legal_basis"), F("start_on"),
                                end && *end ? end : NULL, cost, sup};
        st = ix_gusa_action_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (!sub && strcmp(what, "meetings") == 0) {
        long long att[64];
        size_t n = 0;
        if (!id_list(&cx->form, "attendees", att, 64, &n, rs))
            return;
        ix_gusa_meeting_in in = {F("held_on"), att, n, F("minutes"), sup};
        st = ix_gusa_meeting_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (sub && strcmp(what, "meetings") == 0 && strcmp(what2, "feedback") == 0) {
        long long h = 0, a = 0, r = 0;
        if (!num_field(&cx->form, "heard", 0, &h, rs) ||
            !num_field(&cx->form, "agreed", 0, &a, rs) ||
            !num_field(&cx->form, "resources", 0, &r, rs))
            return;
        ix_gusa_feedback_in in = {sub, (long)h, (long)a, (long)r};
        st = ix_gusa_feedback_add(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (!sub && strcmp(what, "invitations") == 0) {
        long long sid = 0, pid = 0;
        if (!num_field(&cx->form, "staff_id", 0, &sid, rs) ||
            !num_field(&cx->form, "person_id", 0, &pid, rs))
            return;
        const char *email = F("email");
        ix_gusa_invitation_in in = {sid, pid, email && *email ? email : NULL, F("role"),
                                    F("centre"), F("expires_at")};
        char token[65];
        st = ix_gusa_invitation_create(w->store, &cx->actor, kase, &in, &id, token, &e);
        if (!st) {
            write_invitation_mail(w, kase, id, &in, token, rs, cx);
            memset(token, 0, sizeof token);
            return;
        }
    } else if (!sub && strcmp(what, "consents") == 0) {
        long long rec[64];
        size_t n = 0;
        char types[256];
        if (!id_list(&cx->form, "recipients", rec, 64, &n, rs))
            return;
        joined(&cx->form, "info_types", types, sizeof types);
        ix_gusa_consent_in in = {types, rec, n, F("purpose"), F("valid_to")};
        st = ix_gusa_consent_grant(w->store, &cx->actor, kase, &in, &id, &e);
    } else if (sub && strcmp(what, "consents") == 0 && strcmp(what2, "revoke") == 0) {
        st = ix_gusa_consent_revoke(w->store, &cx->actor, kase, sub, &e);
        if (!st) {
            if (cx->is_form)
                written(cx, rs, kase, sub);
            else {
                ix_sink s = ix_buf_sink(&rs->body);
                ix_sink_printf(&s, "{\"id\":%lld,\"revoked\":true}\n", sub);
            }
            return;
        }
    } else {
        ix__gusa_json_error(rs, 404, "no such route", NULL);
        return;
    }
    if (st)
        store_error(rs, &e);
    else
        written(cx, rs, kase, id);
}

/* Splits path (after the prefix) at '/' into at most max segments. */
static size_t segments(const char *path, char seg[][80], size_t max)
{
    size_t n = 0;
    const char *p = path;
    while (*p == '/')
        p++;
    while (*p && n < max) {
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len >= 80)
            return max + 1;
        memcpy(seg[n], p, len);
        seg[n][len] = '\0';
        n++;
        if (!q)
            break;
        p = q + 1;
        if (!*p)
            break; /* a trailing slash */
    }
    if (*p && n == max && strchr(p, '/'))
        return max + 1;
    return n;
}

static void me(const ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_sink s = ix_buf_sink(&rs->body);
    const ix_gusa_actor *a = &cx->actor;
    ix_sink_printf(&s, "{\"kind\":\"%s\",\"id\":%lld,\"roles\":[",
                   a->kind == IX_GUSA_ACTOR_STAFF ? "staff" : "person", a->id);
    if (a->kind == IX_GUSA_ACTOR_STAFF) {
        ix_json_string(&s, ix_gusa_staff_role_name(a->role));
        ix_sink_puts(&s, "],\"centre\":");
        ix_json_string(&s, ix_gusa_centre_name(a->centre));
    } else
        ix_sink_puts(&s, "\"borger\"]");
    ix_sink_puts(&s, ",\"csrf\":");
    ix_json_string(&s, cx->csrf);
    ix_sink_puts(&s, "}\n");
}

static void api(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    char seg[6][80];
    size_t n = segments(rq->path + strlen("/api/v1/gusa"), seg, 6);
    int post = strcmp(rq->method, "POST") == 0;
    int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    if (!post && !get) {
        ix__gusa_json_error(rs, 405, "only GET and POST", NULL);
        return;
    }
    if (n > 6) {
        ix__gusa_json_error(rs, 404, "no such route", NULL);
        return;
    }
    if (post) {
        if (!ix__gusa_post_guard(w, rq, cx, rs))
            return;
    } else if (!cx->logged_in) {
        ix__gusa_json_error(rs, 401, "not logged in", NULL);
        return;
    }
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    ix_sink s = ix_buf_sink(&rs->body);
    ix_status st = IX_OK;
    int handled = 1;
    const ix_gusa_actor *a = &cx->actor;
    if (get && n == 1 && strcmp(seg[0], "me") == 0)
        me(cx, rs);
    else if (n == 1 && strcmp(seg[0], "cases") == 0) {
        if (get)
            st = ix_gusa_cases_mine(w->store, a, &s, &e);
        else {
            long long child = 0, id = 0;
            if (!num_field(&cx->form, "child_id", 0, &child, rs))
                handled = 2;
            else {
                st = ix_gusa_case_open(w->store, a, child, F("title"), F("reason"), &id, &e);
                if (!st)
                    written(cx, rs, id, id);
            }
        }
    } else if (n >= 2 && strcmp(seg[0], "cases") == 0) {
        long long kase = ix__gusa_parse_id(seg[1], strlen(seg[1]));
        long long sub = n == 5 ? ix__gusa_parse_id(seg[3], strlen(seg[3])) : 0;
        if (kase && get && n == 2)
            st = ix_gusa_case_get(w->store, a, kase, &s, &e);
        else if (kase && post && n == 3)
            case_post(w, cx, kase, seg[2], 0, "", rs), handled = 2;
        else if (kase && sub && post && n == 5)
            case_post(w, cx, kase, seg[2], sub, seg[4], rs), handled = 2;
        else
            handled = 0;
    } else if (n >= 2 && strcmp(seg[0], "invitations") == 0) {
        if (get && n == 2)
            st = ix_gusa_invitation_peek(w->store, a, seg[1], &s, &e);
        else if (post && n == 3 && strcmp(seg[2], "accept") == 0) {
            long long kase = 0, pid = 0;
            st = ix_gusa_invitation_accept(w->store, a, seg[1], &kase, &pid, &e);
            if (!st) {
                if (cx->is_form)
                    written(cx, rs, kase, pid);
                else {
                    rs->status = 201;
                    ix_sink_printf(&s, "{\"id\":%lld,\"case_id\":%lld}\n", pid, kase);
                }
            }
        } else
            handled = 0;
    } else if (get && n == 1 && strcmp(seg[0], "children") == 0)
        st = ix_gusa_children_mine(w->store, a, &s, &e);
    else if (get && n == 1 && strcmp(seg[0], "stats") == 0)
        st = ix_gusa_stats(w->store, a, &s, &e);
    else if (get && n == 1 && strcmp(seg[0], "audit") == 0) {
        char cs[32] = "";
        long long kase = ix__gusa_query_get(rq->query, "case", cs, sizeof cs)
                             ? ix__gusa_parse_id(cs, strlen(cs))
                             : 0;
        if (!kase) {
            ix__gusa_json_error(rs, 400, "case=<id> is required", "case");
            handled = 2;
        } else
            st = ix_gusa_audit_case(w->store, a, kase, &s, &e);
    } else if (get && n == 2 && strcmp(seg[0], "audit") == 0 && strcmp(seg[1], "verify") == 0) {
        ix_diag d;
        ix_diag_clear(&d);
        int revisor = a->kind == IX_GUSA_ACTOR_STAFF && a->role == IX_GUSA_STAFF_REVISOR;
        ix_gusa_audit_event(w->store, a, "read", "audit:verify", 0, "", "audit",
                            revisor ? "ok" : "denied", &d);
        if (!revisor) {
            ix__gusa_json_error(rs, 403, "only a revisor may verify the audit log", NULL);
            handled = 2;
        } else {
            ix_gusa_verify v;
            if (ix_gusa_audit_verify(w->store, &v, &d) != IX_OK) {
                e.http = 500;
                e.d = d;
                st = IX_ERR_IO;
            } else
                ix_sink_printf(&s, "{\"ok\":%s,\"rows\":%lld,\"bad_seq\":%lld}\n",
                               v.ok ? "true" : "false", v.rows, v.bad_seq);
        }
    } else if (get && n == 2 && strcmp(seg[0], "audit") == 0 && strcmp(seg[1], "me") == 0)
        st = ix_gusa_audit_me(w->store, a, &s, &e);
    else
        handled = 0;
    if (handled == 0)
        ix__gusa_json_error(rs, 404, "no such route", NULL);
    else if (st) {
        rs->body.len = 0;
        store_error(rs, &e);
    }
}

/* ---- the entry ---------------------------------------------------------------------- */

static void dispatch(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs)
{
    ix_gusa_ctx cx;
    memset(&cx, 0, sizeof cx);
    const char *path = rq->path;
    int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    if (strcmp(path, "/gusa/login") == 0 && get) {
        ix__gusa_login_start(w, rq, rs);
        return;
    }
    if (strcmp(path, "/gusa/callback") == 0 && get) {
        ix__gusa_login_callback(w, rq, rs);
        return;
    }
    if (ix__prop_claims(path)) {
        ix__prop_dispatch(w, rq, rs);
        return;
    }
    cx.logged_in = ix__gusa_session(w, rq, &cx);
    if (strncmp(path, "/api/", 5) == 0) {
        api(w, rq, &cx, rs);
        /* a browser's form: the case page again with the form filled in and
         * the field named, else a Danish page naming the field; not JSON */
        if (cx.is_form && rs->status == 400 && !ix__gusa_form_refill(w, rq, &cx, rs))
            ix__gusa_form_error(rq, rs);
    }
    else if (strcmp(path, "/gusa/logout") == 0) {
        if (strcmp(rq->method, "POST") != 0) {
            ix__gusa_html_error(rs, 405, "Metoden er ikke tilladt", "Log ud med knappen.");
            return;
        }
        if (!ix__gusa_post_guard(w, rq, &cx, rs))
            return;
        ix_diag d;
        ix_diag_clear(&d);
        if (ix_gusa_session_end(w->store, cx.sid, &d) != IX_OK)
            fprintf(stderr, "indeks serve: gusa: logout: %s\n", d.message);
        ix__gusa_add_cookie(w, rs, IX_GUSA_SID_COOKIE, "", 0);
        ix__gusa_redirect(rs, "/gusa/");
    } else if (!get)
        ix__gusa_html_error(rs, 405, "Metoden er ikke tilladt", "Siden kan kun læses.");
    else
        ix__gusa_page(w, rq, &cx, rs);
    ix_gusa_form_free(&cx.form);
}

/* The ticket lock (gusa_web_internal.h): requests take a number and are
 * served in that order. */
static void take_turn(ix_gusa_web *w)
{
    pthread_mutex_lock(&w->lock);
    unsigned long mine = w->next_ticket++;
    while (mine != w->serving)
        pthread_cond_wait(&w->turn, &w->lock);
    pthread_mutex_unlock(&w->lock);
}

static void end_turn(ix_gusa_web *w)
{
    pthread_mutex_lock(&w->lock);
    w->serving++;
    pthread_cond_broadcast(&w->turn);
    pthread_mutex_unlock(&w->lock);
}

void ix_gusa_web_handle(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs)
{
    take_turn(w);
    dispatch(w, rq, rs);
    end_turn(w);
}

ix_status ix_gusa_web_removals(ix_gusa_web *w, const char *edition, ix_prop_list **out,
                               ix_diag *d)
{
    take_turn(w);
    ix_status st = ix_prop_removed_in(w->store, edition, out, d);
    end_turn(w);
    return st;
}
