/* GUSA's login (gusa_web.h): the OpenID Connect code flow with PKCE, the
 * flow bound to the gusa_login cookie; the providers discovered at first
 * use. for=forslag makes it a stakeholder's login (docs/proposals.md). A
 * refused login is audited and leaves no session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gusa_web_internal.h"

/* ---- providers -------------------------------------------------------------------- */

static const ix_gusa_idp *idp_config(ix_gusa_web *w, int which)
{
    return which == 0 ? &w->cfg->mitid : &w->cfg->medarbejder;
}

static const char *idp_name(int which)
{
    return which == 0 ? "mitid" : "medarbejder";
}

static int idp_parse(const char *name)
{
    if (!name)
        return -1;
    return strcmp(name, "mitid") == 0 ? 0 : strcmp(name, "medarbejder") == 0 ? 1 : -1;
}

/* The provider of idp, discovered at its first use and kept. */
static ix_oidc_provider *provider(ix_gusa_web *w, int which, ix_diag *d)
{
    if (!w->prov[which])
        ix_oidc_discover(idp_config(w, which)->issuer, &w->prov[which], d);
    return w->prov[which];
}

/* ---- login ------------------------------------------------------------------------ */

void ix__gusa_login_start(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs)
{
    char name[16] = "", hint[64] = "";
    ix__gusa_query_get(rq->query, "idp", name, sizeof name);
    int which = idp_parse(name);
    if (which < 0 || !idp_config(w, which)->present) {
        ix__gusa_html_error(rs, 400, "Forkert login",
                            "Vælg MitID (idp=mitid) eller medarbejderlogin (idp=medarbejder).");
        return;
    }
    int has_hint = ix__gusa_query_get(rq->query, "hint", hint, sizeof hint);
    /* for=forslag: a stakeholder's login (issue 17); the flow remembers it as
     * the idp's name with the prefix "f-", so the callback looks the identity
     * up among stakeholders and never among GUSA's persons and staff */
    char purpose[16] = "";
    ix__gusa_query_get(rq->query, "for", purpose, sizeof purpose);
    int stakeholder = strcmp(purpose, "forslag") == 0;
    char flow_idp[16];
    snprintf(flow_idp, sizeof flow_idp, "%s%s", stakeholder ? "f-" : "", idp_name(which));
    ix_diag d;
    ix_diag_clear(&d);
    ix_oidc_provider *p = provider(w, which, &d);
    if (!p) {
        fprintf(stderr, "indeks serve: gusa: %s: %s\n", idp_name(which), d.message);
        ix__gusa_html_error(rs, 502, "Login virker ikke lige nu",
                            "Vi kan ikke komme i kontakt med login-tjenesten. Prøv igen om lidt.");
        return;
    }
    ix_oidc_login l;
    char browser[IX_GUSA_TOKEN_LEN], bhash[IX_GUSA_HASH_LEN];
    char *url = NULL;
    ix_status st = ix_oidc_login_start(&l, &d);
    if (!st)
        st = ix_gusa_token_new(browser, &d);
    if (!st) {
        ix_gusa_token_hash(browser, bhash);
        st = ix_gusa_login_flow_create(w->store, flow_idp, l.state, l.nonce, l.verifier, bhash,
                                       &d);
    }
    if (!st)
        st = ix_oidc_authorize_url(p, idp_config(w, which)->client_id, w->cfg->redirect_uri, &l,
                                   idp_config(w, which)->acr_min, has_hint ? hint : NULL, &url,
                                   &d);
    if (st) {
        fprintf(stderr, "indeks serve: gusa: login: %s\n", d.message);
        ix__gusa_html_error(rs, 500, "Serverfejl", "Login kunne ikke startes.");
        free(url);
        return;
    }
    ix__gusa_add_cookie(w, rs, IX_GUSA_LOGIN_COOKIE, browser, IX_GUSA_LOGIN_FLOW_S);
    /* where to go after login: a checked local path, else none (and a
     * stale one dropped) */
    char next[IX_GUSA_NEXT_MAX + 1] = "";
    if (ix__gusa_query_get(rq->query, "next", next, sizeof next) && ix__gusa_next_ok(next))
        ix__gusa_add_cookie(w, rs, IX_GUSA_NEXT_COOKIE, next, IX_GUSA_LOGIN_FLOW_S);
    else
        ix__gusa_add_cookie(w, rs, IX_GUSA_NEXT_COOKIE, "", 0);
    ix__gusa_redirect(rs, url);
    free(url);
}

/* A refused login: audited, no session, the login cookie dropped. */
static void login_refused(ix_gusa_web *w, ix_gusa_resp *rs, const ix_gusa_actor *a,
                          const char *idp, const char *reason, int status, const char *why)
{
    ix_diag d;
    if (ix_gusa_login_refused(w->store, a, idp, reason, &d) != IX_OK)
        fprintf(stderr, "indeks serve: gusa: audit: %s\n", d.message);
    fprintf(stderr, "indeks serve: gusa: login refused (%s): %s\n", reason, why);
    ix__gusa_add_cookie(w, rs, IX_GUSA_LOGIN_COOKIE, "", 0);
    ix__gusa_html_error(rs, status, "Login afvist",
                        "Du blev ikke logget ind. Prøv at logge ind igen fra forsiden.");
}

void ix__gusa_login_callback(ix_gusa_web *w, const ix_gusa_req *rq, ix_gusa_resp *rs)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_oidc_callback cb;
    memset(&cb, 0, sizeof cb);
    if (ix_oidc_callback_parse(rq->query ? rq->query : "", &cb, &d) != IX_OK) {
        login_refused(w, rs, NULL, "?", "malformed", 400, d.message);
        return;
    }
    char browser[128] = "", bhash[IX_GUSA_HASH_LEN];
    ix_gusa_cookie_get(rq->cookie, IX_GUSA_LOGIN_COOKIE, browser, sizeof browser, &d);
    ix_gusa_token_hash(browser, bhash);
    ix_gusa_login_flow f;
    ix_gusa_err e;
    if (ix_gusa_login_flow_take(w->store, cb.state, browser[0] ? bhash : NULL, &f, &e) != IX_OK) {
        login_refused(w, rs, NULL, "?", "state", e.http == 500 ? 500 : 400, e.d.message);
        ix_oidc_callback_free(&cb);
        return;
    }
    int stakeholder = strncmp(f.idp, "f-", 2) == 0;
    int which = idp_parse(stakeholder ? f.idp + 2 : f.idp);
    const ix_gusa_idp *cfg = which >= 0 ? idp_config(w, which) : NULL;
    ix_oidc_provider *p = cfg && cfg->present ? provider(w, which, &d) : NULL;
    if (!p) {
        login_refused(w, rs, NULL, f.idp, "discovery", 502, d.message);
        ix_oidc_callback_free(&cb);
        return;
    }
    ix_oidc_login l;
    memset(&l, 0, sizeof l);
    snprintf(l.state, sizeof l.state, "%s", cb.state ? cb.state : "");
    snprintf(l.nonce, sizeof l.nonce, "%s", f.nonce);
    snprintf(l.verifier, sizeof l.verifier, "%s", f.verifier);
    ix_oidc_reason why = IX_OIDC_OK;
    char *id_token = NULL;
    ix_oidc_claims claims;
    memset(&claims, 0, sizeof claims);
    ix_status st = ix_oidc_callback_check(&cb, &l, cfg->issuer, &why, &d);
    if (!st) {
        ix_oidc_client client = {cfg->client_id, cfg->client_secret, w->cfg->redirect_uri,
                                 ix_oidc_provider_auth(p)};
        st = ix_oidc_token_request(p, &client, cb.code, f.verifier, &id_token, &why, &d);
    }
    if (!st) {
        ix_oidc_expect ex = {cfg->client_id, f.nonce, cfg->acr_min, time(NULL), 0, 0};
        st = ix_oidc_verify(p, &ex, id_token, &claims, &why, &d);
    }
    free(id_token);
    ix_oidc_callback_free(&cb);
    if (st) {
        login_refused(w, rs, NULL, f.idp, ix_oidc_reason_code(why), 400, d.message);
        return;
    }
    ix_gusa_actor a;
    ix_gusa_actor_kind kind = stakeholder  ? IX_GUSA_ACTOR_STAKEHOLDER
                              : which == 0 ? IX_GUSA_ACTOR_PERSON
                                           : IX_GUSA_ACTOR_STAFF;
    if (ix_gusa_actor_find(w->store, kind, claims.iss, claims.sub, &a, &e) != IX_OK) {
        ix_oidc_claims_free(&claims);
        login_refused(w, rs, NULL, f.idp,
                      stakeholder  ? "unknown-stakeholder"
                      : which == 0 ? "unknown-person"
                                   : "unknown-staff",
                      403, e.d.message);
        return;
    }
    ix_oidc_claims_free(&claims);
    char old[128] = "";
    ix_gusa_cookie_get(rq->cookie, IX_GUSA_SID_COOKIE, old, sizeof old, &d);
    ix_gusa_session_new sn;
    if (ix_gusa_session_create(w->store, &a, f.idp, w->cfg->session_max_s, old, &sn, &d) !=
        IX_OK) {
        fprintf(stderr, "indeks serve: gusa: session: %s\n", d.message);
        ix__gusa_html_error(rs, 500, "Serverfejl", "Du kunne ikke logges ind.");
        return;
    }
    ix__gusa_add_cookie(w, rs, IX_GUSA_SID_COOKIE, sn.sid, w->cfg->session_max_s);
    ix__gusa_add_cookie(w, rs, IX_GUSA_LOGIN_COOKIE, "", 0);
    char next[IX_GUSA_NEXT_MAX + 1] = "";
    if (ix_gusa_cookie_get(rq->cookie, IX_GUSA_NEXT_COOKIE, next, sizeof next, &d) != IX_OK ||
        !ix__gusa_next_ok(next))
        next[0] = '\0';
    if (next[0])
        ix__gusa_add_cookie(w, rs, IX_GUSA_NEXT_COOKIE, "", 0);
    ix__gusa_redirect(rs, next[0] ? next : stakeholder ? "/forslag" : "/gusa/");
}

