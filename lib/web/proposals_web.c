/* /forslag: stakeholders propose indicators and recommendations for the next
 * edition of Socialt Indeks, other organisations support and comment, editors
 * decide (issue 17; docs/proposals.md). Reading is public; writing needs a
 * stakeholder's session (the GUSA login with for=forslag) and passes the same
 * POST guards as GUSA (Origin, session, body, CSRF). The store checks who
 * may do what, the hourly limits, and audits each write.
 *
 *   GET  /forslag                     the list            (public)
 *   GET  /forslag/ny                  the form            (stakeholder)
 *   POST /forslag                     submit              (stakeholder)
 *   GET  /forslag/<id>                one proposal        (public)
 *   POST /forslag/<id>/stoette        support             (another organisation)
 *   POST /forslag/<id>/kommentar      comment             (stakeholder)
 *   POST /forslag/<id>/afgoerelse     accept or reject    (editor, with a reason)
 *   POST /forslag/logout
 *   GET  /api/v1/forslag, /api/v1/forslag/<id>            JSON (public)
 * A POST with a JSON body gets JSON back (201/200 or an error naming the
 * field); a form gets a 303 to the proposal's page or the Danish error page. */
#include <stdio.h>
#include <string.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"
#include "indeks/proposals_store.h"

int ix__prop_claims(const char *path)
{
    return strcmp(path, "/forslag") == 0 || strncmp(path, "/forslag/", 9) == 0 ||
           strcmp(path, "/api/v1/forslag") == 0 || strncmp(path, "/api/v1/forslag/", 16) == 0;
}

/* The id in "<digits>" or "<digits>/<rest>"; *rest the part after '/'. */
static long long path_id(const char *p, const char **rest)
{
    size_t k = strspn(p, "0123456789");
    *rest = p[k] == '/' ? p + k + 1 : p[k] ? NULL : "";
    return *rest ? ix__gusa_parse_id(p, k) : 0;
}

static const char *field(const ix_gusa_ctx *cx, const char *key)
{
    const char *v = ix_gusa_form_get(&cx->form, key);
    return v && *v ? v : NULL;
}

static ix_prop_in proposal_from_form(const ix_gusa_ctx *cx)
{
    ix_prop_in p;
    memset(&p, 0, sizeof p);
    p.kind = ix_prop_kind_parse(field(cx, "kind"));
    p.icode = field(cx, "icode");
    p.name = field(cx, "name");
    p.definition = field(cx, "definition");
    p.unit = field(cx, "unit");
    p.direction = field(cx, "direction");
    p.domain = field(cx, "domain");
    p.source = field(cx, "source");
    p.frequency = field(cx, "frequency");
    p.recommendation = field(cx, "recommendation");
    p.why = field(cx, "why");
    return p;
}

/* The answer to a write: JSON, or for a form a 303 to the proposal's page
 * (or the error page naming the field). */
static void answer(ix_gusa_resp *rs, const ix_gusa_req *rq, const ix_gusa_ctx *cx, ix_status st,
                   const ix_gusa_err *e, long long id)
{
    if (st) {
        ix__gusa_json_error(rs, e->http >= 400 ? e->http : 500,
                            e->http >= 500 ? "the server could not save it" : e->d.message,
                            e->d.field[0] ? e->d.field : NULL);
        if (e->http >= 500)
            fprintf(stderr, "indeks serve: forslag: %s\n", e->d.message);
        if (cx->is_form && rs->status == 400)
            ix__gusa_form_error(rq, rs);
        else if (cx->is_form)
            ix__prop_error_page(rs, rs->status);
        return;
    }
    if (cx->is_form) {
        char to[64];
        snprintf(to, sizeof to, "/forslag/%lld", id);
        ix__gusa_redirect(rs, to);
        return;
    }
    rs->status = e->http ? e->http : 200;
    rs->type = "application/json";
    rs->body.len = 0;
    ix_sink s = ix_buf_sink(&rs->body);
    ix_sink_printf(&s, "{\"id\":%lld}\n", id);
}

static void post(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs,
                 const char *sub)
{
    if (!ix__gusa_post_guard(w, rq, cx, rs))
        return;
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    ix_status st;
    long long id = 0;
    const char *what = NULL;
    if (strcmp(sub, "") == 0) {
        ix_prop_in p = proposal_from_form(cx);
        st = ix_prop_submit(w->store, &cx->actor, &p, &id, &e);
    } else if ((id = path_id(sub, &what)) > 0 && what && strcmp(what, "stoette") == 0)
        st = ix_prop_support(w->store, &cx->actor, id, &e);
    else if (id > 0 && what && strcmp(what, "kommentar") == 0)
        st = ix_prop_comment(w->store, &cx->actor, id, field(cx, "text"), &e);
    else if (id > 0 && what && strcmp(what, "afgoerelse") == 0) {
        const char *dec = field(cx, "decision");
        int accept = dec && strcmp(dec, "accepter") == 0;
        if (!accept && !(dec && strcmp(dec, "afvis") == 0)) {
            ix__gusa_json_error(rs, 400, "decision must be accepter or afvis", "decision");
            if (cx->is_form)
                ix__gusa_form_error(rq, rs);
            return;
        }
        st = ix_prop_decide(w->store, &cx->actor, id, accept, field(cx, "reason"), &e);
    } else {
        ix__gusa_json_error(rs, 404, "no such route", NULL);
        return;
    }
    answer(rs, rq, cx, st, &e, id);
}

static void logout(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    if (!ix__gusa_post_guard(w, rq, cx, rs))
        return;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_gusa_session_end(w->store, cx->sid, &d) != IX_OK)
        fprintf(stderr, "indeks serve: forslag: logout: %s\n", d.message);
    ix__gusa_add_cookie(w, rs, IX_GUSA_SID_COOKIE, "", 0);
    ix__gusa_redirect(rs, "/forslag");
}

static void get(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    const char *path = rq->path, *rest = NULL;
    int api = strncmp(path, "/api/", 5) == 0;
    const char *p = path + (api ? strlen("/api/v1/forslag") : strlen("/forslag"));
    if (*p == '\0') {
        api ? ix__prop_list_json(w, rs) : ix__prop_list_page(w, cx, rs);
        return;
    }
    p++; /* the '/' */
    if (!api && strcmp(p, "ny") == 0) {
        ix__prop_form_page(cx, rs);
        return;
    }
    long long id = path_id(p, &rest);
    if (id <= 0 || !rest || *rest) {
        if (api)
            ix__gusa_json_error(rs, 404, "no such proposal", NULL);
        else
            ix__prop_error_page(rs, 404);
        return;
    }
    api ? ix__prop_json(w, id, rs) : ix__prop_page(w, id, cx, rs);
}

void ix__prop_dispatch(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs)
{
    ix_gusa_ctx cx;
    memset(&cx, 0, sizeof cx);
    cx.logged_in = ix__gusa_session_of(w, rq, &cx, 1);
    int is_get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    int is_post = strcmp(rq->method, "POST") == 0;
    if (is_get)
        get(w, rq, &cx, rs);
    else if (is_post && strcmp(rq->path, "/forslag/logout") == 0)
        logout(w, rq, &cx, rs);
    else if (is_post && strcmp(rq->path, "/forslag") == 0)
        post(w, rq, &cx, rs, "");
    else if (is_post && strncmp(rq->path, "/forslag/", 9) == 0)
        post(w, rq, &cx, rs, rq->path + 9);
    else
        ix__gusa_json_error(rs, 405, "method not allowed", NULL);
    ix_gusa_form_free(&cx.form);
}
