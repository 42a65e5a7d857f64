/* GUSA's pages under /gusa/ (Danish, plain words; no JavaScript needed;
 * one column that works at 390 px; every field has a label). The pages
 * read what the JSON API would answer (the store's JSON, parsed with
 * jansson) and their forms post to the API, which answers 303 back to the
 * page. The family's and network's resources come before the concerns. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "gusa_web_internal.h"
#include "indeks/escape.h"

static void page_start(ix_sink *s, const char *title)
{
    ix__gusa_page_start(s, title);
}

static void page_end(ix_sink *s, const ix_gusa_ctx *cx)
{
    ix__gusa_page_end(s, cx);
}

static void csrf_field(ix_sink *s, const ix_gusa_ctx *cx)
{
    ix__gusa_csrf_field(s, cx);
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static json_t *parse(const ix_buf *b)
{
    json_error_t err;
    return b->data ? json_loadb(b->data, b->len, 0, &err) : NULL;
}

static void html_ok(ix_gusa_resp *rs)
{
    rs->status = 200;
    rs->type = "text/html; charset=utf-8";
}

static void store_fail(ix_gusa_resp *rs, const ix_gusa_err *e)
{
    if (e->http == 404 || e->http == 403)
        ix__gusa_html_error(rs, e->http, e->http == 404 ? "Ikke fundet" : "Ingen adgang",
                            e->http == 404 ? "Siden findes ikke, eller du har ikke adgang til den."
                                           : "Du har ikke adgang til denne side.");
    else if (e->http == 410)
        ix__gusa_html_error(rs, 410, "Udløbet", "Invitationen er udløbet. Bed om en ny.");
    else
        ix__gusa_html_error(rs, e->http >= 400 && e->http < 500 ? e->http : 500, "Fejl",
                            "Siden kunne ikke vises.");
}

/* A parent chooses among their own children, by name. */
static void child_choice(ix_gusa_web *w, ix_gusa_ctx *cx, ix_sink *s)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    json_t *j = NULL;
    if (ix_gusa_children_mine(w->store, &cx->actor, &bs, &e) == IX_OK)
        j = parse(&b);
    ix_buf_free(&b);
    json_t *kids = json_object_get(j, "children");
    ix_html_raw(s, "<p><label for=\"child_id\">Hvilket barn handler det om?</label><br>"
                   "<select id=\"child_id\" name=\"child_id\" required>");
    for (size_t i = 0; i < json_array_size(kids); i++) {
        json_t *k = json_array_get(kids, i);
        ix_html_printf(s, "<option value=\"%lld\">%s (født %s)</option>",
                       (long long)json_integer_value(json_object_get(k, "id")), str(k, "name"),
                       str(k, "born"));
    }
    ix_html_raw(s, "</select></p>");
    json_decref(j);
}

/* The login links, carrying a checked `next` (percent-encoded). */
static void login_link(ix_sink *s, const char *idp, const char *next, const char *label)
{
    ix_html_printf(s, "<li><a href=\"/gusa/login?idp=%s", idp);
    if (next[0]) {
        ix_html_raw(s, "&amp;next=");
        for (const char *c = next; *c; c++) {
            if (*c == '?' || *c == '&' || *c == '=')
                ix_sink_printf(s, "%%%02X", (unsigned)(unsigned char)*c);
            else
                ix_sink_put(s, c, 1); /* ix__gusa_next_ok: [A-Za-z0-9/-_.~] here */
        }
    }
    ix_html_printf(s, "\">%s</a></li>", label);
}

static void home(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_sink s = ix_buf_sink(&rs->body);
    html_ok(rs);
    if (!cx->logged_in) {
        page_start(&s, "Log ind");
        ix_html_raw(&s, "<p>Her kan du og de fagfolk, der hjælper jeres familie, tale sammen om "
                        "jeres barn – og se, hvad der er aftalt.</p><ul class=\"gusa-login\">");
        char next[IX_GUSA_NEXT_MAX + 1] = "";
        if (!ix__gusa_query_get(rq->query, "next", next, sizeof next) || !ix__gusa_next_ok(next))
            next[0] = '\0';
        if (w->cfg->mitid.present)
            login_link(&s, "mitid", next, "Log ind med MitID (forældre og unge)");
        if (w->cfg->medarbejder.present)
            login_link(&s, "medarbejder", next, "Log ind som medarbejder i kommunen");
        ix_html_raw(&s, "</ul>");
        if (w->demo)
            ix_html_raw(&s, "<p>Demo (SYNTETISKE DATA): <a href=\"/gusa/demo-login?persona="
                            "foraelder\">forælder</a>, <a href=\"/gusa/demo-login?persona="
                            "fagperson\">fagperson</a>, <a href=\"/gusa/demo-login?persona=leder\">"
                            "leder</a>, <a href=\"/gusa/demo-login?persona=revisor\">revisor</a>"
                            "</p>");
        page_end(&s, NULL);
        return;
    }
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    page_start(&s, "Jeres sager");
    if (ix_gusa_cases_mine(w->store, &cx->actor, &bs, &e) == IX_OK) {
        json_t *j = parse(&b);
        json_t *cases = json_object_get(j, "cases");
        if (json_array_size(cases) == 0)
            ix_html_raw(&s, "<p>Du er ikke med i nogen sag endnu.</p>");
        else
            ix_html_raw(&s, "<ul>");
        for (size_t i = 0; i < json_array_size(cases); i++) {
            json_t *c = json_array_get(cases, i);
            ix_html_printf(&s, "<li><a href=\"/gusa/sager/%lld\">%s</a> (%s)</li>",
                           (long long)json_integer_value(json_object_get(c, "id")), str(c, "title"),
                           strcmp(str(c, "status"), "closed") == 0 ? "afsluttet" : "åben");
        }
        if (json_array_size(cases))
            ix_html_raw(&s, "</ul>");
        json_decref(j);
    }
    ix_buf_free(&b);
    int staff = cx->actor.kind == IX_GUSA_ACTOR_STAFF;
    if (staff && (cx->actor.role == IX_GUSA_STAFF_LEDER || cx->actor.role == IX_GUSA_STAFF_REVISOR))
        ix_html_raw(&s, "<p><a href=\"/gusa/statistik\">Se statistik</a></p>");
    if (!staff || cx->actor.role == IX_GUSA_STAFF_MEDARBEJDER) {
        ix_html_raw(&s, "<h2>Start en ny dialog</h2><form method=\"post\" "
                        "action=\"/api/v1/gusa/cases\">");
        csrf_field(&s, cx);
        if (staff)
            ix_html_raw(&s, "<p><label for=\"child_id\">Barnets nummer (fra sagen)</label><br>"
                            "<input id=\"child_id\" name=\"child_id\" inputmode=\"numeric\" "
                            "required></p>");
        else
            child_choice(w, cx, &s);
        ix_html_raw(&s,
                    ""
                    "<p><label for=\"title\">Overskrift</label><br><input id=\"title\" "
                    "name=\"title\" required maxlength=\"200\"></p>"
                    "<p><label for=\"reason\">Hvorfor vil du tale sammen?</label><br><textarea "
                    "id=\"reason\" name=\"reason\" rows=\"4\" required></textarea></p>"
                    "<p><button type=\"submit\">Start dialogen</button></p></form>");
    }
    page_end(&s, cx);
}

static void invitation_page(ix_gusa_web *w, const char *token, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    if (ix_gusa_invitation_peek(w->store, &cx->actor, token, &bs, &e) != IX_OK) {
        ix_buf_free(&b);
        store_fail(rs, &e);
        return;
    }
    json_t *j = parse(&b);
    ix_buf_free(&b);
    ix_sink s = ix_buf_sink(&rs->body);
    html_ok(rs);
    page_start(&s, "Invitation");
    const char *role = str(j, "role");
    ix_html_printf(&s, "<p>Du er inviteret til at være med i en dialog om et barn – som %s. "
                       "Invitationen gælder til %s.</p>",
                   strcmp(role, "fagperson") == 0   ? "fagperson"
                   : strcmp(role, "netvaerk") == 0  ? "en del af familiens netværk"
                   : strcmp(role, "myndighed") == 0 ? "sagsbehandler med myndighed"
                                                    : role,
                   str(j, "expires_at"));
    if (json_is_true(json_object_get(j, "for_you")) &&
        strcmp(str(j, "status"), "open") == 0 && !json_is_true(json_object_get(j, "expired"))) {
        ix_html_printf(&s, "<form method=\"post\" action=\"/api/v1/gusa/invitations/%s/accept\">",
                       token);
        csrf_field(&s, cx);
        ix_html_raw(&s, "<p><button type=\"submit\">Tag imod invitationen</button></p></form>");
    } else
        ix_html_raw(&s, "<p>Invitationen kan ikke bruges af dig, eller den er brugt eller "
                        "udløbet.</p>");
    page_end(&s, cx);
    json_decref(j);
}

static void stats_page(ix_gusa_web *w, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    ix_buf b;
    ix_buf_init(&b);
    ix_sink bs = ix_buf_sink(&b);
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    if (ix_gusa_stats(w->store, &cx->actor, &bs, &e) != IX_OK) {
        ix_buf_free(&b);
        store_fail(rs, &e);
        return;
    }
    json_t *j = parse(&b);
    ix_buf_free(&b);
    ix_sink s = ix_buf_sink(&rs->body);
    html_ok(rs);
    page_start(&s, "Statistik");
    ix_html_raw(&s, "<p>Antal sager. Tal fra 1 til 4 vises ikke, så ingen familie kan "
                    "genkendes.</p><table><thead><tr><th scope=\"col\">Opdelt efter</th>"
                    "<th scope=\"col\">Værdi</th><th scope=\"col\">Antal</th></tr></thead><tbody>");
    json_t *cells = json_object_get(j, "cells");
    for (size_t i = 0; i < json_array_size(cells); i++) {
        json_t *c = json_array_get(cells, i);
        json_t *key = json_object_get(c, "key");
        char kbuf[32];
        if (json_is_integer(key))
            snprintf(kbuf, sizeof kbuf, "%lld", (long long)json_integer_value(key));
        ix_html_printf(&s, "<tr><td>%s</td><td>%s</td>", str(c, "dimension"),
                       json_is_integer(key) ? kbuf : str(c, "key"));
        json_t *n = json_object_get(c, "count");
        if (json_is_integer(n))
            ix_html_printf(&s, "<td>%lld</td></tr>", (long long)json_integer_value(n));
        else
            ix_html_raw(&s, "<td>skjult</td></tr>");
    }
    ix_html_raw(&s, "</tbody></table>");
    ix__gusa_concentration_html(w, cx, &s);
    page_end(&s, cx);
    json_decref(j);
}

static void demo_login(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    char persona[16] = "";
    ix__gusa_query_get(rq->query, "persona", persona, sizeof persona);
    ix_gusa_actor a;
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    if (!w->demo || ix_gusa_demo_persona(w->store, persona, &a, &e) != IX_OK) {
        ix__gusa_html_error(rs, 404, "Ikke fundet", "Siden findes ikke.");
        return;
    }
    ix_gusa_session_new sn;
    ix_diag d;
    ix_diag_clear(&d);
    if (ix_gusa_session_create(w->store, &a, "demo", w->cfg->session_max_s, cx->sid, &sn, &d) !=
        IX_OK) {
        ix__gusa_html_error(rs, 500, "Serverfejl", "Du kunne ikke logges ind.");
        return;
    }
    ix__gusa_add_cookie(w, rs, IX_GUSA_SID_COOKIE, sn.sid, w->cfg->session_max_s);
    ix__gusa_redirect(rs, "/gusa/");
}

void ix__gusa_page(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_ctx *cx, ix_gusa_resp *rs)
{
    const char *p = rq->path;
    if (strcmp(p, "/gusa/demo-login") == 0) {
        demo_login(w, rq, cx, rs);
        return;
    }
    if (strcmp(p, "/gusa/") == 0 || strcmp(p, "/gusa") == 0) {
        home(w, rq, cx, rs);
        return;
    }
    long long id = 0;
    const char *token = NULL;
    int kind = 0;
    if (strncmp(p, "/gusa/sager/", 12) == 0 && (id = ix__gusa_parse_id(p + 12, strlen(p + 12))))
        kind = 1;
    else if (strncmp(p, "/gusa/invitation/", 17) == 0 && strlen(p + 17) == 64 &&
             strspn(p + 17, "0123456789abcdef") == 64)
        kind = 2, token = p + 17;
    else if (strcmp(p, "/gusa/statistik") == 0)
        kind = 3;
    if (!kind) {
        ix__gusa_html_error(rs, 404, "Ikke fundet", "Siden findes ikke.");
        return;
    }
    if (!cx->logged_in) {
        /* an invitation's link: log in first, then come back to it */
        char loc[160];
        snprintf(loc, sizeof loc, "/gusa/?next=%s", kind == 2 ? p : "");
        ix__gusa_redirect(rs, kind == 2 ? loc : "/gusa/");
        return;
    }
    if (kind == 1)
        ix__gusa_case_page(w, id, cx, rs);
    else if (kind == 2)
        invitation_page(w, token, cx, rs);
    else
        stats_page(w, cx, rs);
}
