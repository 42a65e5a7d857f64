/* Stakeholders' proposals in the GUSA database (proposals_store.h). Each
 * write checks who may do it, the organisation's hourly limit and the
 * proposal's state inside its transaction, and appends its audit row there;
 * a refusal rolls back and is audited as denied in a transaction of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gusa_internal.h"
#include "indeks/proposals_store.h"

static const char *const org_kinds[] = {"kommune", "fagforening", "interesseorganisation",
                                        "forskning", "andet"};

int ix_prop_org_kind_ok(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof org_kinds / sizeof *org_kinds; i++)
        if (strcmp(kind, org_kinds[i]) == 0)
            return 1;
    return 0;
}

/* ---- administration ------------------------------------------------------------------ */

ix_status ix_prop_org_add(ix_gusa_store *s, const char *name, const char *kind, long long *id,
                          ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    ix_status st = ix_gusa_check_text(name, 200, "name", &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if (strpbrk(name, "\n\t"))
        return ix__gusa_fail(e, 400, "name", "the name must be one line");
    if (!ix_prop_org_kind_ok(kind))
        return ix__gusa_fail(e, 400, "kind",
                             "must be kommune, fagforening, interesseorganisation, forskning or "
                             "andet");
    char at[21];
    ix__gusa_now(s, at);
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    long long have = 0;
    ix__val k[] = {IX__TEXT(name)};
    st = ix__gusa_scalar(s, "SELECT count(*) FROM organisation WHERE name = $1", k, 1, &have,
                         &e->d);
    if (!st && have) {
        ix__gusa_rollback(s);
        return ix__gusa_fail(e, 409, "name", "an organisation with this name exists");
    }
    ix__val v[] = {IX__TEXT(name), IX__TEXT(kind), IX__TEXT(at)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO organisation (name, kind, created_at) VALUES ($1, $2, "
                             "$3) RETURNING id",
                             v, 3, id, &e->d);
    if (!st)
        st = ix__gusa_audit(s, NULL, "write", "organisation", 0, "", "administration", "ok",
                            &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_prop_member_add(ix_gusa_store *s, const char *iss, const char *sub, const char *name,
                             long long org, int editor, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    ix_status st = ix__gusa_check_login_id(iss, sub, name, NULL, e);
    if (st)
        return st;
    char at[21];
    ix__gusa_now(s, at);
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    long long have = 0, org_ok = 0;
    ix__val k[] = {IX__TEXT(iss), IX__TEXT(sub)};
    ix__val o[] = {IX__INT(org)};
    st = ix__gusa_scalar(s, "SELECT count(*) FROM stakeholder WHERE iss = $1 AND sub = $2", k, 2,
                         &have, &e->d);
    if (!st)
        st = ix__gusa_scalar(s, "SELECT count(*) FROM organisation WHERE id = $1", o, 1, &org_ok,
                             &e->d);
    if (!st && (have || !org_ok)) {
        ix__gusa_rollback(s);
        return have ? ix__gusa_fail(e, 409, "sub", "a stakeholder with this iss and sub is known")
                    : ix__gusa_fail(e, 400, "org", "no organisation has id %lld", org);
    }
    ix__val v[] = {IX__TEXT(iss), IX__TEXT(sub), IX__TEXT(name), IX__INT(org),
                   IX__TEXT(editor ? "redaktoer" : "forslagsstiller"), IX__TEXT(at)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO stakeholder (iss, sub, name, organisation_id, role, "
                             "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             v, 6, id, &e->d);
    if (!st)
        st = ix__gusa_audit(s, NULL, "write", "stakeholder", 0, "", "administration", "ok",
                            &e->d);
    return ix__gusa_end(s, st, e);
}

/* ---- the frame of a stakeholder's write ------------------------------------------------ */

static int is_stakeholder(const ix_gusa_actor *a)
{
    return a && a->kind == IX_GUSA_ACTOR_STAKEHOLDER && a->id > 0 && a->org > 0;
}

/* Rolls back, audits the refusal (outcome denied) and fills e. */
static ix_status deny(ix_gusa_store *s, const ix_gusa_actor *a, const char *object, int http,
                      const char *field, const char *message, ix_gusa_err *e)
{
    ix__gusa_rollback(s);
    ix_diag d;
    if (ix_gusa_audit_event(s, a, "write", object, 0, "", "forslag", "denied", &d) != IX_OK)
        return ix__gusa_fail(e, 500, NULL, "%s", d.message);
    return ix__gusa_fail(e, http, field, "%s", message);
}

/* The rows table holds of the organisation in the last hour. */
static ix_status recent(ix_gusa_store *s, const char *table, long long org, long long *n,
                        ix_diag *d)
{
    char since[21];
    ix__gusa_at(s, -3600, since);
    const char *sql = strcmp(table, "proposal") == 0
                          ? "SELECT count(*) FROM proposal WHERE organisation_id = $1 AND "
                            "created_at > $2"
                          : "SELECT count(*) FROM proposal_comment WHERE organisation_id = $1 "
                            "AND created_at > $2";
    ix__val v[] = {IX__INT(org), IX__TEXT(since)};
    return ix__gusa_scalar(s, sql, v, 2, n, d);
}

/* The proposal's status and organisation; *found 0 when there is none. */
static ix_status proposal_state(ix_gusa_store *s, long long id, int *found, char status[16],
                                long long *org, ix_diag *d)
{
    ix__gusa_rows r = {0};
    ix__val v[] = {IX__INT(id)};
    ix_status st = ix__gusa_query(s, "SELECT status, organisation_id FROM proposal WHERE id = $1",
                                  v, 1, &r, d);
    *found = !st && r.nrows > 0;
    if (*found) {
        snprintf(status, 16, "%s", ix__gusa_cell(&r, 0, 0));
        *org = ix__gusa_int(&r, 0, 1);
    }
    ix__gusa_rows_free(&r);
    return st;
}

static void object_of(char object[40], long long id)
{
    snprintf(object, 40, "proposal:%lld", id);
}

/* ---- writes ------------------------------------------------------------------------------ */

ix_status ix_prop_submit(ix_gusa_store *s, const ix_gusa_actor *a, const ix_prop_in *p,
                         long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    if (!is_stakeholder(a))
        return ix__gusa_fail(e, 401, NULL, "log in as a stakeholder first");
    ix_status st = ix_prop_validate(p, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    long long n = 0;
    st = recent(s, "proposal", a->org, &n, &e->d);
    if (!st && n >= IX_PROP_RATE_PROPOSALS)
        return deny(s, a, "proposal", 429, NULL,
                    "your organisation has made the most proposals allowed in an hour; try again "
                    "later",
                    e);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(a->org),       IX__INT(a->id),
                   IX__TEXT(ix_prop_kind_name(p->kind)), IX__TEXT(p->icode),
                   IX__TEXT(p->name),     IX__TEXT(p->definition),
                   IX__TEXT(p->unit),     IX__TEXT(p->direction),
                   IX__TEXT(p->domain),   IX__TEXT(p->source),
                   IX__TEXT(p->frequency), IX__TEXT(p->recommendation),
                   IX__TEXT(p->why),      IX__TEXT(at)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO proposal (organisation_id, stakeholder_id, kind, icode, "
                             "name, definition, unit, direction, domain, source, frequency, "
                             "recommendation, why, created_at, status) VALUES ($1, $2, $3, $4, "
                             "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'aaben') RETURNING id",
                             v, 14, id, &e->d);
    char object[40];
    object_of(object, st ? 0 : *id);
    if (!st)
        st = ix__gusa_audit(s, a, "write", object, 0, "", "forslag", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_prop_support(ix_gusa_store *s, const ix_gusa_actor *a, long long id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    if (!is_stakeholder(a))
        return ix__gusa_fail(e, 401, NULL, "log in as a stakeholder first");
    char object[40], status[16] = "";
    object_of(object, id);
    ix_status st = ix__gusa_begin(s, &e->d);
    int found = 0;
    long long org = 0, have = 0;
    if (!st)
        st = proposal_state(s, id, &found, status, &org, &e->d);
    if (!st && !found)
        return deny(s, a, object, 404, NULL, "no such proposal", e);
    if (!st && org == a->org)
        return deny(s, a, object, 409, NULL, "an organisation cannot support its own proposal", e);
    if (!st && strcmp(status, "aaben") != 0)
        return deny(s, a, object, 409, NULL, "the proposal has been decided", e);
    ix__val k[] = {IX__INT(id), IX__INT(a->org)};
    if (!st)
        st = ix__gusa_scalar(s,
                             "SELECT count(*) FROM proposal_support WHERE proposal_id = $1 AND "
                             "organisation_id = $2",
                             k, 2, &have, &e->d);
    if (!st && have)
        return deny(s, a, object, 409, NULL, "your organisation already supports this proposal",
                    e);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(id), IX__INT(a->org), IX__INT(a->id), IX__TEXT(at)};
    if (!st)
        st = ix__gusa_query(s,
                            "INSERT INTO proposal_support (proposal_id, organisation_id, "
                            "stakeholder_id, created_at) VALUES ($1, $2, $3, $4)",
                            v, 4, NULL, &e->d);
    if (!st)
        st = ix__gusa_audit(s, a, "write", object, 0, "", "forslag", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_prop_comment(ix_gusa_store *s, const ix_gusa_actor *a, long long id,
                          const char *text, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    if (!is_stakeholder(a))
        return ix__gusa_fail(e, 401, NULL, "log in as a stakeholder first");
    ix_status st = ix_gusa_check_text(text, IX_PROP_TEXT_MAX, "text", &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    char object[40], status[16] = "";
    object_of(object, id);
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    int found = 0;
    long long org = 0, n = 0;
    st = proposal_state(s, id, &found, status, &org, &e->d);
    if (!st && !found)
        return deny(s, a, object, 404, NULL, "no such proposal", e);
    if (!st)
        st = recent(s, "proposal_comment", a->org, &n, &e->d);
    if (!st && n >= IX_PROP_RATE_COMMENTS)
        return deny(s, a, object, 429, NULL,
                    "your organisation has written the most comments allowed in an hour; try "
                    "again later",
                    e);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(id), IX__INT(a->org), IX__INT(a->id), IX__TEXT(text), IX__TEXT(at)};
    long long cid = 0;
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO proposal_comment (proposal_id, organisation_id, "
                             "stakeholder_id, text, created_at) VALUES ($1, $2, $3, $4, $5) "
                             "RETURNING id",
                             v, 5, &cid, &e->d);
    if (!st)
        st = ix__gusa_audit(s, a, "write", object, 0, "", "forslag", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_prop_decide(ix_gusa_store *s, const ix_gusa_actor *a, long long id, int accept,
                         const char *reason, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!is_stakeholder(a))
        return ix__gusa_fail(e, 401, NULL, "log in as a stakeholder first");
    char object[40], status[16] = "";
    object_of(object, id);
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if (!a->editor)
        return deny(s, a, object, 403, NULL, "only an editor decides proposals", e);
    if (!reason || !*reason) {
        ix__gusa_rollback(s);
        return ix__gusa_fail(e, 400, "reason", "a decision needs a written reason");
    }
    if ((st = ix_gusa_check_text(reason, IX_PROP_TEXT_MAX, "reason", &e->d)) != IX_OK) {
        ix__gusa_rollback(s);
        return ix__gusa_fail_diag(e, st);
    }
    int found = 0;
    long long org = 0;
    st = proposal_state(s, id, &found, status, &org, &e->d);
    if (!st && !found)
        return deny(s, a, object, 404, NULL, "no such proposal", e);
    if (!st && strcmp(status, "aaben") != 0)
        return deny(s, a, object, 409, NULL, "the proposal has been decided already", e);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__TEXT(accept ? "accepteret" : "afvist"), IX__TEXT(at), IX__INT(a->id),
                   IX__TEXT(reason), IX__INT(id)};
    if (!st)
        st = ix__gusa_query(s,
                            "UPDATE proposal SET status = $1, decided_at = $2, decided_by = $3, "
                            "reason = $4 WHERE id = $5 AND status = 'aaben'",
                            v, 5, NULL, &e->d);
    if (!st)
        st = ix__gusa_audit(s, a, "write", object, 0, "", "forslag", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}
