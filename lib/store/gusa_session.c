/* GUSA's login flows and sessions (gusa_store.h): what the login routes keep
 * server-side. A state, session id or CSRF token is stored only as its
 * SHA-256, so a copy of the database opens no session and finishes no
 * login. Times are the store's clock, as "YYYY-MM-DDTHH:MM:SSZ" text (which
 * sorts as time does). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gusa_internal.h"
#include "indeks/gusa_http.h"
#include "indeks/escape.h"
#include "indeks/oidc.h"
#include "indeks/store.h"

/* The time t seconds from the store's now, as ISO text. */
static int short_text(const char *v, size_t max)
{
    if (!v || !*v)
        return 0;
    size_t n = strlen(v);
    if (n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
            return 0;
    return 1;
}

ix_status ix_gusa_login_flow_create(ix_gusa_store *s, const char *idp, const char *state,
                                    const char *nonce, const char *verifier,
                                    const char *browser_hash, ix_diag *d)
{
    if (!short_text(idp, 15) || !short_text(state, 128) || !short_text(nonce, 43) ||
        !short_text(verifier, 43) || !browser_hash || strlen(browser_hash) != 64)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "state",
                           "a login flow needs idp, state, nonce, verifier (at most 43 "
                           "characters, no spaces) and a 64-digit browser hash");
    char state_hash[65], now[21], until[21];
    ix_sha256_hex(state, strlen(state), state_hash);
    ix__gusa_now(s, now);
    ix__gusa_at(s, IX_GUSA_LOGIN_FLOW_S, until);
    ix__val v[] = {IX__TEXT(state_hash), IX__TEXT(idp),          IX__TEXT(nonce),
                   IX__TEXT(verifier),   IX__TEXT(browser_hash), IX__TEXT(now),
                   IX__TEXT(until)};
    return ix__gusa_query(s,
                          "INSERT INTO login_flow (state_sha256, idp, nonce, pkce_verifier, "
                          "browser_sha256, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, "
                          "$6, $7)",
                          v, 7, NULL, d);
}

ix_status ix_gusa_login_flow_take(ix_gusa_store *s, const char *state, const char *browser_hash,
                                  ix_gusa_login_flow *out, ix_gusa_err *e)
{
    memset(out, 0, sizeof *out);
    ix_diag_clear(&e->d);
    if (!short_text(state, 128))
        return ix__gusa_fail(e, 400, "state", "the login's state is missing or malformed");
    char state_hash[65], now[21];
    ix_sha256_hex(state, strlen(state), state_hash);
    ix__gusa_now(s, now);
    ix__gusa_rows r = {0};
    ix__val k[] = {IX__TEXT(state_hash)};
    ix_status st = ix__gusa_begin(s, &e->d);
    if (!st)
        st = ix__gusa_query(s,
                            "SELECT id, idp, nonce, pkce_verifier, browser_sha256, expires_at, "
                            "used_at FROM login_flow WHERE state_sha256 = $1",
                            k, 1, &r, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        ix__gusa_rows_free(&r);
        return ix__gusa_fail_diag(e, st);
    }
    if (r.nrows == 0) {
        ix__gusa_rollback(s);
        ix__gusa_rows_free(&r);
        return ix__gusa_fail(e, 400, "state", "no login was started with this state");
    }
    int used = ix__gusa_cell(&r, 0, 6) != NULL;
    int expired = strcmp(ix__gusa_cell(&r, 0, 5), now) <= 0;
    int mine = browser_hash && ix_oidc_equal_ct(browser_hash, ix__gusa_cell(&r, 0, 4));
    long long id = ix__gusa_int(&r, 0, 0);
    if (!used) { /* single use, whatever the outcome */
        ix__val u[] = {IX__TEXT(now), IX__INT(id)};
        st = ix__gusa_query(s, "UPDATE login_flow SET used_at = $1 WHERE id = $2", u, 2, NULL,
                            &e->d);
    }
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        ix__gusa_rows_free(&r);
        return ix__gusa_fail_diag(e, st);
    }
    if (used)
        st = ix__gusa_fail(e, 409, "state", "this login has been used already; log in again");
    else if (!mine)
        st = ix__gusa_fail(e, 403, "state",
                           "this login was started in another browser; log in again");
    else if (expired)
        st = ix__gusa_fail(e, 410, "state", "the login took more than 10 minutes; log in again");
    else {
        snprintf(out->idp, sizeof out->idp, "%s", ix__gusa_cell(&r, 0, 1));
        snprintf(out->nonce, sizeof out->nonce, "%s", ix__gusa_cell(&r, 0, 2));
        snprintf(out->verifier, sizeof out->verifier, "%s", ix__gusa_cell(&r, 0, 3));
        e->http = 200;
    }
    ix__gusa_rows_free(&r);
    return st;
}

void ix_gusa_session_csrf(const char *sid, char csrf[48])
{
    char buf[128];
    int n = snprintf(buf, sizeof buf, "gusa-csrf:%s", sid);
    if (n < 0 || (size_t)n >= sizeof buf)
        n = (int)sizeof buf - 1; /* longer ids are never valid: cut, still deterministic */
    char hex[65];
    ix_sha256_hex(buf, (size_t)n, hex);
    unsigned char raw[32];
    for (size_t i = 0; i < 32; i++) {
        unsigned hi = (unsigned)(hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10);
        unsigned lo =
            (unsigned)(hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10);
        raw[i] = (unsigned char)(hi << 4 | lo);
    }
    ix_oidc_b64url(raw, sizeof raw, csrf);
}

/* The actor of kind and id as a session holds it: a staff member's role and
 * centre, a stakeholder's role and organisation, read again on every request
 * (a changed role applies at once). IX_ERR_NOTFOUND when the row is gone or
 * the kind is not one of the three. */
static ix_status actor_load(ix_gusa_store *s, ix_gusa_actor_kind kind, long long id,
                            ix_gusa_actor *a, ix_diag *d)
{
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->id = id;
    if (kind == IX_GUSA_ACTOR_PERSON)
        return IX_OK;
    if (kind != IX_GUSA_ACTOR_STAFF && kind != IX_GUSA_ACTOR_STAKEHOLDER)
        return ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, NULL, "unknown actor kind");
    ix__gusa_rows r = {0};
    ix__val v[] = {IX__INT(id)};
    ix_status st = ix__gusa_query(s,
                                  kind == IX_GUSA_ACTOR_STAFF
                                      ? "SELECT role, centre FROM staff WHERE id = $1"
                                      : "SELECT role, organisation_id FROM stakeholder WHERE id = $1",
                                  v, 1, &r, d);
    if (!st && r.nrows == 0)
        st = ix_diag_set(d, IX_ERR_NOTFOUND, NULL, 0, 0, NULL, "the %s no longer exists",
                         kind == IX_GUSA_ACTOR_STAFF ? "staff member" : "stakeholder");
    if (!st && kind == IX_GUSA_ACTOR_STAFF) {
        a->role = ix_gusa_staff_role_parse(ix__gusa_cell(&r, 0, 0));
        a->centre = ix_gusa_centre_parse(ix__gusa_cell(&r, 0, 1));
    } else if (!st) {
        a->editor = strcmp(ix__gusa_cell(&r, 0, 0), "redaktoer") == 0;
        a->org = ix__gusa_int(&r, 0, 1);
    }
    ix__gusa_rows_free(&r);
    return st;
}

ix_status ix_gusa_session_create(ix_gusa_store *s, const ix_gusa_actor *a, const char *idp,
                                 long max_s, const char *old_sid, ix_gusa_session_new *out,
                                 ix_diag *d)
{
    memset(out, 0, sizeof *out);
    if (!a || ix_gusa_actor_kind_parse(ix_gusa_actor_kind_name(a->kind)) == IX_GUSA_ACTOR_NONE ||
        a->id <= 0 || max_s <= 0 || !short_text(idp, 15))
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "actor",
                           "a session needs a person, staff or stakeholder actor, an idp and a "
                           "lifetime");
    char token[IX_GUSA_TOKEN_LEN];
    ix_status st = ix_gusa_token_new(token, d);
    if (st)
        return st;
    snprintf(out->sid, sizeof out->sid, "%s", token);
    ix_gusa_session_csrf(out->sid, out->csrf);
    char sid_hash[65], csrf_hash[65], old_hash[65], now[21], until[21], object[40];
    ix_sha256_hex(out->sid, strlen(out->sid), sid_hash);
    ix_sha256_hex(out->csrf, strlen(out->csrf), csrf_hash);
    ix__gusa_now(s, now);
    ix__gusa_at(s, max_s, until);
    snprintf(object, sizeof object, "login:%s", idp);
    st = ix__gusa_begin(s, d);
    if (!st && old_sid && *old_sid) {
        ix_sha256_hex(old_sid, strlen(old_sid), old_hash);
        ix__val o[] = {IX__TEXT(old_hash)};
        st = ix__gusa_query(s, "DELETE FROM session WHERE sid_sha256 = $1", o, 1, NULL, d);
    }
    if (!st) {
        ix__val v[] = {IX__TEXT(sid_hash), IX__TEXT(ix_gusa_actor_kind_name(a->kind)), IX__INT(a->id),
                       IX__TEXT(csrf_hash), IX__TEXT(now), IX__TEXT(now), IX__TEXT(until)};
        st = ix__gusa_query(s,
                            "INSERT INTO session (sid_sha256, actor_kind, actor_id, csrf_sha256, "
                            "created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $5, $6, "
                            "$7)",
                            v, 7, NULL, d);
    }
    if (!st)
        st = ix__gusa_audit(s, a, "login", object, 0, "", "login", "ok", d);
    if (!st)
        st = ix__gusa_commit(s, d);
    if (st) {
        ix__gusa_rollback(s);
        memset(out, 0, sizeof *out);
    }
    return st;
}

ix_status ix_gusa_session_find(ix_gusa_store *s, const char *sid, long idle_s, ix_gusa_actor *a,
                               char *csrf, ix_gusa_err *e)
{
    memset(a, 0, sizeof *a);
    ix_diag_clear(&e->d);
    if (!short_text(sid, IX_GUSA_TOKEN_LEN))
        return ix__gusa_fail(e, 401, NULL, "not logged in");
    char sid_hash[65], now[21], idle_from[21];
    ix_sha256_hex(sid, strlen(sid), sid_hash);
    ix__gusa_now(s, now);
    ix__gusa_at(s, -idle_s, idle_from);
    ix__gusa_rows r = {0};
    ix__val k[] = {IX__TEXT(sid_hash)};
    ix_status st = ix__gusa_query(s,
                                  "SELECT id, actor_kind, actor_id, last_seen, expires_at, "
                                  "ended_at FROM session WHERE sid_sha256 = $1",
                                  k, 1, &r, &e->d);
    if (st) {
        ix__gusa_rows_free(&r);
        return ix__gusa_fail_diag(e, st);
    }
    if (r.nrows == 0) {
        ix__gusa_rows_free(&r);
        return ix__gusa_fail(e, 401, NULL, "not logged in (the session is unknown or ended)");
    }
    long long id = ix__gusa_int(&r, 0, 0);
    int ended = ix__gusa_cell(&r, 0, 5) != NULL;
    int too_old = strcmp(ix__gusa_cell(&r, 0, 4), now) <= 0;
    int idle = strcmp(ix__gusa_cell(&r, 0, 3), idle_from) < 0;
    ix_gusa_actor_kind kind = ix_gusa_actor_kind_parse(ix__gusa_cell(&r, 0, 1));
    long long actor_id = ix__gusa_int(&r, 0, 2);
    int touched = strcmp(ix__gusa_cell(&r, 0, 3), now) == 0; /* seen this second already */
    ix__gusa_rows_free(&r);
    ix__val v[] = {IX__TEXT(now), IX__INT(id)};
    if (ended || too_old || idle) {
        st = ix__gusa_query(s, "DELETE FROM session WHERE id = $1", v + 1, 1, NULL, &e->d);
        if (st)
            return ix__gusa_fail_diag(e, st);
        return ix__gusa_fail(e, 401, NULL,
                             too_old ? "the session has reached its end; log in again"
                                     : "the session was idle too long; log in again");
    }
    /* one write per session and second at most: the times have a second's resolution */
    if (!touched)
        st = ix__gusa_query(s, "UPDATE session SET last_seen = $1 WHERE id = $2", v, 2, NULL,
                            &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    ix_diag why;
    ix_diag_clear(&why);
    st = actor_load(s, kind, actor_id, a, &why);
    if (st) {
        memset(a, 0, sizeof *a);
        if (st == IX_ERR_NOTFOUND)
            return ix__gusa_fail(e, 401, NULL, "%s", why.message);
        e->d = why;
        return ix__gusa_fail_diag(e, st);
    }
    if (csrf)
        ix_gusa_session_csrf(sid, csrf);
    e->http = 200;
    return IX_OK;
}

ix_status ix_gusa_session_end(ix_gusa_store *s, const char *sid, ix_diag *d)
{
    if (!short_text(sid, IX_GUSA_TOKEN_LEN))
        return IX_OK;
    char sid_hash[65];
    ix_sha256_hex(sid, strlen(sid), sid_hash);
    ix__gusa_rows r = {0};
    ix__val k[] = {IX__TEXT(sid_hash)};
    ix_status st = ix__gusa_begin(s, d);
    if (!st)
        st = ix__gusa_query(s, "SELECT actor_kind, actor_id FROM session WHERE sid_sha256 = $1", k,
                            1, &r, d);
    if (!st && r.nrows) {
        ix_gusa_actor a;
        ix_diag gone; /* a session of a removed actor still ends (audited as that id) */
        actor_load(s, ix_gusa_actor_kind_parse(ix__gusa_cell(&r, 0, 0)), ix__gusa_int(&r, 0, 1),
                   &a, &gone);
        if (!st)
            st = ix__gusa_query(s, "DELETE FROM session WHERE sid_sha256 = $1", k, 1, NULL, d);
        if (!st)
            st = ix__gusa_audit(s, &a, "login", "logout", 0, "", "logout", "ok", d);
    }
    ix__gusa_rows_free(&r);
    if (!st)
        st = ix__gusa_commit(s, d);
    if (st)
        ix__gusa_rollback(s);
    return st;
}

ix_status ix_gusa_login_refused(ix_gusa_store *s, const ix_gusa_actor *a, const char *idp,
                                const char *reason, ix_diag *d)
{
    char object[80];
    snprintf(object, sizeof object, "login:%s:%s", short_text(idp, 15) ? idp : "?",
             short_text(reason, 40) ? reason : "?");
    return ix_gusa_audit_event(s, a, "login", object, 0, "", "login", "denied", d);
}

/* ---- the demo login (only for a database `indeks gusa demo` made) -------------- */

static const char demo_person_iss[] = "https://demo.mitid.invalid/SYNTETISKE-DATA";
static const char demo_staff_iss[] = "https://demo.medarbejder.invalid/SYNTETISKE-DATA";

int ix_gusa_store_is_demo(ix_gusa_store *s)
{
    long long n = 0;
    ix_diag d;
    ix__val k[] = {IX__TEXT(demo_staff_iss)};
    if (ix__gusa_scalar(s, "SELECT count(*) FROM staff WHERE iss = $1", k, 1, &n, &d) != IX_OK)
        return 0;
    return n > 0;
}

static ix_status staff_by(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                          ix_gusa_actor *a, ix_gusa_err *e)
{
    ix__gusa_rows r = {0};
    ix_status st = ix__gusa_query(s, sql, p, n, &r, &e->d);
    if (st) {
        ix__gusa_rows_free(&r);
        return ix__gusa_fail_diag(e, st);
    }
    if (r.nrows == 0) {
        ix__gusa_rows_free(&r);
        return ix__gusa_fail(e, 404, "persona", "the demo has no such person");
    }
    a->kind = IX_GUSA_ACTOR_STAFF;
    a->id = ix__gusa_int(&r, 0, 0);
    a->role = ix_gusa_staff_role_parse(ix__gusa_cell(&r, 0, 1));
    a->centre = ix_gusa_centre_parse(ix__gusa_cell(&r, 0, 2));
    ix__gusa_rows_free(&r);
    e->http = 200;
    return IX_OK;
}

ix_status ix_gusa_demo_persona(ix_gusa_store *s, const char *persona, ix_gusa_actor *a,
                               ix_gusa_err *e)
{
    memset(a, 0, sizeof *a);
    ix_diag_clear(&e->d);
    if (!ix_gusa_store_is_demo(s))
        return ix__gusa_fail(e, 404, "persona", "this database is not a demo");
    persona = persona ? persona : "";
    long long parent = 0;
    ix__val pk[] = {IX__TEXT(demo_person_iss)};
    ix_status st = ix__gusa_scalar(
        s,
        "SELECT min(p.id) FROM person p JOIN participant t ON t.kind = 'person' AND t.ref = p.id "
        "AND t.role = 'foraelder' WHERE p.iss = $1",
        pk, 1, &parent, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if (strcmp(persona, "foraelder") == 0) {
        if (!parent)
            return ix__gusa_fail(e, 404, "persona", "the demo has no parent with a case");
        a->kind = IX_GUSA_ACTOR_PERSON;
        a->id = parent;
        e->http = 200;
        return IX_OK;
    }
    if (strcmp(persona, "fagperson") == 0) {
        ix__val v[] = {IX__INT(parent)};
        return staff_by(s,
                        "SELECT s.id, s.role, s.centre FROM participant t JOIN staff s ON s.id = "
                        "t.ref WHERE t.kind = 'staff' AND t.role = 'koordinator' AND t.case_id IN "
                        "(SELECT case_id FROM participant WHERE kind = 'person' AND ref = $1) "
                        "ORDER BY t.id LIMIT 1",
                        v, 1, a, e);
    }
    if (strcmp(persona, "leder") == 0 || strcmp(persona, "revisor") == 0) {
        ix__val v[] = {IX__TEXT(demo_staff_iss), IX__TEXT(persona)};
        return staff_by(s,
                        "SELECT id, role, centre FROM staff WHERE iss = $1 AND role = $2 ORDER BY "
                        "id LIMIT 1",
                        v, 2, a, e);
    }
    return ix__gusa_fail(e, 404, "persona",
                         "persona must be foraelder, fagperson, leder or revisor");
}

/* ---- the children a parent may open a dialogue about -------------------------- */

ix_status ix_gusa_children_mine(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *json,
                                ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix__gusa_rows r = {0};
    ix_status st = ix__gusa_begin(s, &e->d);
    if (!st && a->kind == IX_GUSA_ACTOR_PERSON) {
        ix__val k[] = {IX__INT(a->id)};
        st = ix__gusa_query(s,
                            "SELECT c.id, c.name, c.born FROM custody t JOIN child c ON c.id = "
                            "t.child_id WHERE t.person_id = $1 ORDER BY c.born, c.id",
                            k, 1, &r, &e->d);
    }
    if (!st)
        st = ix__gusa_audit(s, a, "read", "children", 0, "", "dialogue", "ok", &e->d);
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        ix__gusa_rows_free(&r);
        return ix__gusa_fail_diag(e, st);
    }
    ix_sink_puts(json, "{\"children\":[");
    for (size_t i = 0; i < r.nrows; i++) {
        ix_sink_printf(json, "%s{\"id\":%lld,\"name\":", i ? "," : "", ix__gusa_int(&r, i, 0));
        ix_json_string(json, ix__gusa_cell(&r, i, 1));
        ix_sink_puts(json, ",\"born\":");
        ix_json_string(json, ix__gusa_cell(&r, i, 2));
        ix_sink_puts(json, "}");
    }
    ix_sink_puts(json, "]}\n");
    ix__gusa_rows_free(&r);
    e->http = 200;
    return IX_OK;
}
