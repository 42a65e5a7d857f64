/* GUSA's case operations (gusa_store.h): each one transaction of access
 * check (gusa.h), validation, write and audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gusa_internal.h"
#include "indeks/escape.h"
#include "indeks/store.h"

/* ---- the case as the decisions see it ------------------------------------- */

typedef struct {
    int found;
    ix_gusa_case_view v;
    long long kommune, child_id;
    char today[11];
    char subjects[256];
    ix__gusa_rows head, parts, cust, cons;
    ix_gusa_participant *p;
    long long *custody;
    ix_gusa_consent *c;
    long long *recipients; /* all consents' recipients, one after another */
} case_ctx;

static void case_free(case_ctx *c)
{
    ix__gusa_rows_free(&c->head);
    ix__gusa_rows_free(&c->parts);
    ix__gusa_rows_free(&c->cust);
    ix__gusa_rows_free(&c->cons);
    free(c->p);
    free(c->custody);
    free(c->c);
    free(c->recipients);
    memset(c, 0, sizeof *c);
}

static size_t count_ids(const char *list)
{
    size_t n = 0;
    for (const char *p = list; p && *p; p++)
        if (*p >= '0' && *p <= '9' && (p == list || p[-1] == ','))
            n++;
    return n;
}

static ix_gusa_actor_kind kind_parse(const char *k)
{
    return k && strcmp(k, "person") == 0   ? IX_GUSA_ACTOR_PERSON
           : k && strcmp(k, "staff") == 0 ? IX_GUSA_ACTOR_STAFF
                                          : IX_GUSA_ACTOR_NONE;
}

static const char *kind_name(ix_gusa_actor_kind k)
{
    return k == IX_GUSA_ACTOR_PERSON ? "person" : k == IX_GUSA_ACTOR_STAFF ? "staff" : "system";
}

static ix_status case_load(ix_gusa_store *s, long long id, case_ctx *c, ix_diag *d)
{
    memset(c, 0, sizeof *c);
    ix__gusa_today(s, c->today);
    c->v.today = c->today;
    ix__val k = IX__INT(id);
    ix_status st = ix__gusa_query(s,
                                  "SELECT c.id, c.status, c.kommune, c.child_id, ch.person_id, "
                                  "ch.born, c.title, c.reason, c.outcome, ch.name, c.opened_at, "
                                  "c.closed_at FROM gusa_case c JOIN child ch ON ch.id = c.child_id "
                                  "WHERE c.id = $1",
                                  &k, 1, &c->head, d);
    if (st || c->head.nrows == 0)
        return st;
    c->found = 1;
    c->v.id = id;
    c->v.closed = strcmp(ix__gusa_cell(&c->head, 0, 1), "closed") == 0;
    c->kommune = ix__gusa_int(&c->head, 0, 2);
    c->child_id = ix__gusa_int(&c->head, 0, 3);
    c->v.child_person = ix__gusa_int(&c->head, 0, 4);
    c->v.child_born = ix__gusa_cell(&c->head, 0, 5);
    ix__val ck = IX__INT(c->child_id);
    if ((st = ix__gusa_query(s,
                             "SELECT id, kind, ref, role, centre FROM participant WHERE case_id = $1 "
                             "ORDER BY id",
                             &k, 1, &c->parts, d)) != IX_OK ||
        (st = ix__gusa_query(s, "SELECT person_id FROM custody WHERE child_id = $1 ORDER BY person_id",
                             &ck, 1, &c->cust, d)) != IX_OK ||
        (st = ix__gusa_query(s,
                             "SELECT id, grantor, info_types, recipients, valid_to, revoked_at, "
                             "purpose, created_at FROM consent WHERE case_id = $1 ORDER BY id",
                             &k, 1, &c->cons, d)) != IX_OK)
        return st;
    size_t nrec = 0;
    for (size_t i = 0; i < c->cons.nrows; i++)
        nrec += count_ids(ix__gusa_cell(&c->cons, i, 3));
    c->p = calloc(c->parts.nrows + 1, sizeof *c->p);
    c->custody = calloc(c->cust.nrows + 1, sizeof *c->custody);
    c->c = calloc(c->cons.nrows + 1, sizeof *c->c);
    c->recipients = calloc(nrec + 1, sizeof *c->recipients);
    if (!c->p || !c->custody || !c->c || !c->recipients)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < c->parts.nrows; i++) {
        c->p[i].id = ix__gusa_int(&c->parts, i, 0);
        c->p[i].kind = kind_parse(ix__gusa_cell(&c->parts, i, 1));
        c->p[i].ref = ix__gusa_int(&c->parts, i, 2);
        c->p[i].role = ix_gusa_part_role_parse(ix__gusa_cell(&c->parts, i, 3));
    }
    for (size_t i = 0; i < c->cust.nrows; i++)
        c->custody[i] = ix__gusa_int(&c->cust, i, 0);
    size_t r = 0;
    for (size_t i = 0; i < c->cons.nrows; i++) {
        ix_gusa_consent *k2 = &c->c[i];
        k2->id = ix__gusa_int(&c->cons, i, 0);
        k2->grantor = ix__gusa_int(&c->cons, i, 1);
        k2->info_mask = ix_gusa_info_mask_parse(ix__gusa_cell(&c->cons, i, 2), NULL);
        k2->recipients = c->recipients + r;
        for (const char *p = ix__gusa_cell(&c->cons, i, 3); p && *p;) {
            char *end = NULL;
            long long v = strtoll(p, &end, 10);
            if (end == p)
                break;
            c->recipients[r++] = v;
            k2->nrecipients++;
            p = *end == ',' ? end + 1 : end;
        }
        k2->valid_to = ix__gusa_cell(&c->cons, i, 4);
        k2->revoked = ix__gusa_cell(&c->cons, i, 5) != NULL;
    }
    c->v.participants = c->p;
    c->v.nparticipants = c->parts.nrows;
    c->v.custody = c->custody;
    c->v.ncustody = c->cust.nrows;
    c->v.consents = c->c;
    c->v.nconsents = c->cons.nrows;
    size_t k3 = (size_t)snprintf(c->subjects, sizeof c->subjects, "c%lld", c->child_id);
    for (size_t i = 0; i < c->cust.nrows && k3 < sizeof c->subjects - 24; i++)
        k3 += (size_t)snprintf(c->subjects + k3, sizeof c->subjects - k3, ",p%lld", c->custody[i]);
    if (c->v.child_person && k3 < sizeof c->subjects - 24)
        snprintf(c->subjects + k3, sizeof c->subjects - k3, ",p%lld", c->v.child_person);
    return IX_OK;
}

/* ---- the shape of every operation --------------------------------------------- */

static const char purpose_case[] = "case work";

/* Ends the transaction with only a "denied" audit row; e says why. */
static ix_status deny(ix_gusa_store *s, const ix_gusa_actor *a, case_ctx *c, long long case_id,
                      const char *action, const char *object, int http, const char *field,
                      const char *message, ix_gusa_err *e)
{
    ix_diag d2;
    ix_diag_clear(&d2);
    ix_status st = ix__gusa_audit(s, a, action, object, case_id, c ? c->subjects : "",
                                  purpose_case, "denied", &d2);
    if (!st)
        st = ix__gusa_commit(s, &d2);
    if (st) {
        ix__gusa_rollback(s);
        e->d = d2;
        return ix__gusa_fail_diag(e, st);
    }
    return ix__gusa_fail(e, http, field, "%s", message);
}

static const char *deny_text(int http)
{
    switch (http) {
    case 404: return "no such case";
    case 409: return "the case is closed";
    default: return "not allowed for your role in this case";
    }
}

/* Begins, loads the case and checks that a may see it and (write) that it is
 * open. On IX_OK the transaction is open and c loaded; otherwise it is
 * finished and e set. */
static ix_status enter(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id, int write,
                       const char *object, case_ctx *c, ix_gusa_err *e)
{
    memset(c, 0, sizeof *c);
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    ix_status st = ix__gusa_begin(s, &e->d);
    if (!st)
        st = case_load(s, case_id, c, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        case_free(c);
        return ix__gusa_fail_diag(e, st);
    }
    const char *action = write ? "write" : "read";
    int http = c->found ? ix_gusa_may_see_case(&c->v, a) : 404;
    if (http == 200 && write && c->v.closed)
        http = 409;
    if (http != 200) {
        st = deny(s, a, c, case_id, action, object, http, NULL, deny_text(http), e);
        case_free(c);
        return st;
    }
    return IX_OK;
}

/* Appends the "ok" audit row and commits; on failure rolls back. */
static ix_status finish(ix_gusa_store *s, const ix_gusa_actor *a, case_ctx *c, int write,
                        const char *object, ix_status st, ix_gusa_err *e)
{
    if (!st)
        st = ix__gusa_audit(s, a, write ? "write" : "read", object, c->v.id, c->subjects,
                            purpose_case, "ok", &e->d);
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    case_free(c);
    if (st) {
        ix__gusa_rollback(s);
        return e->http >= 400 ? st : ix__gusa_fail_diag(e, st);
    }
    return IX_OK;
}

/* A check inside an operation failed with a 4xx: roll back what was written
 * and keep e. */
static ix_status abandon(ix_gusa_store *s, case_ctx *c, ix_status st)
{
    ix__gusa_rollback(s);
    case_free(c);
    return st;
}

static long long my_participant(const case_ctx *c, const ix_gusa_actor *a)
{
    const ix_gusa_participant *p = ix_gusa_find_participant(&c->v, a);
    return p ? p->id : 0;
}

/* 1 when table holds row id of this case. */
static ix_status row_in_case(ix_gusa_store *s, const char *sql, long long id, long long case_id,
                             int *yes, ix_diag *d)
{
    ix__val v[] = {IX__INT(id), IX__INT(case_id)};
    long long n = 0;
    ix_status st = ix__gusa_scalar(s, sql, v, 2, &n, d);
    *yes = n > 0;
    return st;
}

static ix_status check(ix_status st, ix_gusa_err *e)
{
    return st ? ix__gusa_fail_diag(e, st) : IX_OK;
}

/* ---- opening and closing ------------------------------------------------------- */

ix_status ix_gusa_case_open(ix_gusa_store *s, const ix_gusa_actor *a, long long child_id,
                            const char *title, const char *reason, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    ix_status st = check(ix_gusa_check_text(title, 200, "title", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_text(reason, 0, "reason", &e->d), e);
    if (st)
        return st;
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    ix__val ck = IX__INT(child_id);
    ix__gusa_rows child = {0}, cust = {0};
    st = ix__gusa_query(s, "SELECT kommune FROM child WHERE id = $1", &ck, 1, &child, &e->d);
    if (!st)
        st = ix__gusa_query(s, "SELECT person_id FROM custody WHERE child_id = $1 ORDER BY person_id",
                            &ck, 1, &cust, &e->d);
    int holds = 0;
    char subjects[256];
    size_t k = (size_t)snprintf(subjects, sizeof subjects, "c%lld", child_id);
    for (size_t i = 0; !st && i < cust.nrows; i++) {
        if (a->kind == IX_GUSA_ACTOR_PERSON && ix__gusa_int(&cust, i, 0) == a->id)
            holds = 1;
        if (k < sizeof subjects - 24)
            k += (size_t)snprintf(subjects + k, sizeof subjects - k, ",p%lld",
                                  ix__gusa_int(&cust, i, 0));
    }
    int http = st ? 500 : child.nrows == 0 ? 400 : ix_gusa_may_open_case(a, holds);
    if (!st && http != 200) {
        ix__gusa_rows_free(&child);
        ix__gusa_rows_free(&cust);
        if (http == 400) {
            ix__gusa_rollback(s);
            return ix__gusa_fail(e, 400, "child_id", "no such child");
        }
        return deny(s, a, NULL, 0, "write", "case", 403, NULL,
                    "only a medarbejder or a parent with custody may open a case", e);
    }
    char at[21];
    ix__gusa_now(s, at);
    if (!st) {
        ix__val v[] = {IX__INT(ix__gusa_int(&child, 0, 0)), ck,
                       IX__TEXT(kind_name(a->kind)), IX__INT(a->id), IX__TEXT(title),
                       IX__TEXT(reason), IX__TEXT(at)};
        st = ix__gusa_insert(s,
                             "INSERT INTO gusa_case (kommune, child_id, opener_kind, opener_id, "
                             "title, reason, status, opened_at) VALUES ($1, $2, $3, $4, $5, $6, "
                             "'open', $7) RETURNING id",
                             v, 7, id, &e->d);
    }
    if (!st && a->kind == IX_GUSA_ACTOR_STAFF) {
        ix__val v[] = {IX__INT(*id), IX__INT(a->id), IX__TEXT(ix_gusa_centre_name(a->centre)),
                       IX__TEXT(at)};
        st = ix__gusa_query(s,
                            "INSERT INTO participant (case_id, kind, ref, role, centre, added_at) "
                            "VALUES ($1, 'staff', $2, 'koordinator', $3, $4)",
                            v, 4, NULL, &e->d);
    }
    for (size_t i = 0; !st && i < cust.nrows; i++) {
        ix__val v[] = {IX__INT(*id), IX__INT(ix__gusa_int(&cust, i, 0)), IX__TEXT(at)};
        st = ix__gusa_query(s,
                            "INSERT INTO participant (case_id, kind, ref, role, added_at) "
                            "VALUES ($1, 'person', $2, 'foraelder', $3)",
                            v, 3, NULL, &e->d);
    }
    ix__gusa_rows_free(&child);
    ix__gusa_rows_free(&cust);
    if (!st)
        st = ix__gusa_audit(s, a, "write", "case", *id, subjects, purpose_case, "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

static const char *const outcomes[] = {"maal_naaet", "delvist_naaet", "ikke_naaet", "fraflyttet",
                                       "overgaaet_til_myndighed", NULL};

ix_status ix_gusa_case_close(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             const char *outcome, ix_gusa_err *e)
{
    int listed = 0;
    for (size_t i = 0; outcome && outcomes[i]; i++)
        listed |= strcmp(outcome, outcomes[i]) == 0;
    if (!listed)
        return ix__gusa_fail(e, 400, "outcome",
                             "must be maal_naaet, delvist_naaet, ikke_naaet, fraflyttet or "
                             "overgaaet_til_myndighed");
    case_ctx c;
    ix_status st = enter(s, a, case_id, 1, "case", &c, e);
    if (st)
        return st;
    int http = ix_gusa_may_close(&c.v, a);
    if (http != 200) {
        st = deny(s, a, &c, case_id, "write", "case", http, NULL,
                  http == 409 ? "the case is already closed"
                              : "only the coordinator or myndighed may close a case",
                  e);
        case_free(&c);
        return st;
    }
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__TEXT(outcome), IX__TEXT(at), IX__INT(case_id)};
    st = ix__gusa_query(s,
                        "UPDATE gusa_case SET status = 'closed', outcome = $1, closed_at = $2 "
                        "WHERE id = $3",
                        v, 3, NULL, &e->d);
    return finish(s, a, &c, 1, "case", st, e);
}

/* ---- content ----------------------------------------------------------------- */

static ix_status check_supersedes(ix_gusa_store *s, case_ctx *c, const char *table,
                                  long long supersedes, ix_gusa_err *e)
{
    if (!supersedes)
        return IX_OK;
    /* Constant statements: the SQLite backend caches statements by the
     * address of their text. */
    const char *sql = strcmp(table, "concern") == 0    ? "SELECT count(*) FROM concern WHERE id = $1 AND case_id = $2"
                      : strcmp(table, "resource") == 0 ? "SELECT count(*) FROM resource WHERE id = $1 AND case_id = $2"
                      : strcmp(table, "goal") == 0     ? "SELECT count(*) FROM goal WHERE id = $1 AND case_id = $2"
                      : strcmp(table, "action") == 0   ? "SELECT count(*) FROM action WHERE id = $1 AND case_id = $2"
                                                       : "SELECT count(*) FROM meeting WHERE id = $1 AND case_id = $2";
    int yes = 0;
    ix_status st = row_in_case(s, sql, supersedes, c->v.id, &yes, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    return yes ? IX_OK
               : ix__gusa_fail(e, 400, "supersedes", "no %s %lld in this case to correct", table,
                               supersedes);
}

ix_status ix_gusa_concern_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                              const ix_gusa_concern_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_date(in->observed_on, "observed_on", &e->d), e);
    if (!st && !ix_gusa_info_type_parse(in->info_type))
        st = ix__gusa_fail(e, 400, "info_type",
                           "must be helbred, sociale_forhold, skole, beskaeftigelse, misbrug or "
                           "oekonomi");
    if (st)
        return st;
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "concern", &c, e)) != IX_OK)
        return st;
    if ((st = check_supersedes(s, &c, "concern", in->supersedes, e)) != IX_OK)
        return abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->observed_on),
                   IX__TEXT(in->info_type), IX__TEXT(in->text)};
    st = ix__gusa_insert(s,
                         "INSERT INTO concern (case_id, author, created_at, supersedes, observed_on, "
                         "info_type, text) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "concern", st, e);
}

ix_status ix_gusa_resource_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_resource_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st && (!in->owner || (strcmp(in->owner, "child") != 0 && strcmp(in->owner, "family") != 0 &&
                               strcmp(in->owner, "network") != 0)))
        st = ix__gusa_fail(e, 400, "owner", "must be child, family or network");
    if (st)
        return st;
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "resource", &c, e)) != IX_OK)
        return st;
    if ((st = check_supersedes(s, &c, "resource", in->supersedes, e)) != IX_OK)
        return abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->owner),
                   IX__TEXT(in->text)};
    st = ix__gusa_insert(s,
                         "INSERT INTO resource (case_id, author, created_at, supersedes, owner, "
                         "text) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                         v, 6, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "resource", st, e);
}

ix_status ix_gusa_goal_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                           const ix_gusa_goal_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_text(in->indicator, 1000, "indicator", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_date(in->follow_up_on, "follow_up_on", &e->d), e);
    if (st)
        return st;
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "goal", &c, e)) != IX_OK)
        return st;
    if ((st = check_supersedes(s, &c, "goal", in->supersedes, e)) != IX_OK)
        return abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->text),
                   IX__TEXT(in->indicator), IX__TEXT(in->follow_up_on)};
    st = ix__gusa_insert(s,
                         "INSERT INTO goal (case_id, author, created_at, supersedes, text, "
                         "indicator, follow_up_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "goal", st, e);
}

ix_status ix_gusa_followup_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_followup_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = IX_OK;
    if (!in->status || (strcmp(in->status, "naaet") != 0 && strcmp(in->status, "delvist") != 0 &&
                        strcmp(in->status, "ikke_naaet") != 0))
        st = ix__gusa_fail(e, 400, "status", "must be naaet, delvist or ikke_naaet");
    if (!st)
        st = check(ix_gusa_check_text(in->note, 0, "note", &e->d), e);
    if (st)
        return st;
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "followup", &c, e)) != IX_OK)
        return st;
    int yes = 0;
    st = row_in_case(s, "SELECT count(*) FROM goal WHERE id = $1 AND case_id = $2", in->goal_id,
                     case_id, &yes, &e->d);
    if (!st && !yes)
        return abandon(s, &c, ix__gusa_fail(e, 404, "goal_id", "no such goal in this case"));
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(in->goal_id), IX__INT(my_participant(&c, a)),
                   IX__TEXT(at), IX__TEXT(in->status), IX__TEXT(in->note)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO followup (case_id, goal_id, author, created_at, status, "
                             "note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             v, 6, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "followup", st, e);
}

ix_status ix_gusa_action_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             const ix_gusa_action_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_ladder_step(in->ladder_step, "ladder_step", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_legal_basis(in->legal_basis, in->ladder_step, "legal_basis",
                                             &e->d),
                   e);
    if (!st)
        st = check(ix_gusa_check_date(in->start_on, "start_on", &e->d), e);
    long from = 0, to = 0;
    if (!st && in->end_on &&
        ((st = check(ix_gusa_check_date(in->end_on, "end_on", &e->d), e)) == IX_OK) &&
        !ix_gusa_date_days(in->start_on, &from) && !ix_gusa_date_days(in->end_on, &to) && to < from)
        st = ix__gusa_fail(e, 400, "end_on", "ends before it starts (start_on %s)", in->start_on);
    if (!st && (in->cost_dkk < 0 || in->cost_dkk > 1000000000LL))
        st = ix__gusa_fail(e, 400, "cost_dkk", "must be 0 to 1,000,000,000 kroner");
    if (st)
        return st;
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "action", &c, e)) != IX_OK)
        return st;
    int http = ix_gusa_may_add_action(&c.v, a, in->ladder_step);
    if (http != 200) {
        st = deny(s, a, &c, case_id, "write", "action", http, "ladder_step",
                  "ladder steps 3 to 6 need a myndighed caseworker", e);
        case_free(&c);
        return st;
    }
    if ((st = check_supersedes(s, &c, "action", in->supersedes, e)) != IX_OK)
        return abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id),  IX__INT(my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->text),
                   IX__INT(in->ladder_step), IX__TEXT(in->legal_basis), IX__TEXT(in->start_on),
                   IX__TEXT(in->end_on), IX__INT(in->cost_dkk)};
    st = ix__gusa_insert(s,
                         "INSERT INTO action (case_id, author, created_at, supersedes, text, "
                         "ladder_step, legal_basis, start_on, end_on, cost_dkk) VALUES ($1, $2, "
                         "$3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                         v, 10, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "action", st, e);
}

ix_status ix_gusa_meeting_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                              const ix_gusa_meeting_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = check(ix_gusa_check_date(in->held_on, "held_on", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_text(in->minutes, 0, "minutes", &e->d), e);
    if (!st && (in->nattendees == 0 || in->nattendees > 100))
        st = ix__gusa_fail(e, 400, "attendees", "needs 1 to 100 participant ids");
    if (st)
        return st;
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "meeting", &c, e)) != IX_OK)
        return st;
    char list[100 * 21 + 1];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; i < in->nattendees; i++) {
        int member = 0;
        for (size_t j = 0; j < c.v.nparticipants; j++)
            member |= c.v.participants[j].id == in->attendees[i];
        if (!member)
            return abandon(s, &c,
                           ix__gusa_fail(e, 400, "attendees",
                                         "%lld is not a participant of this case",
                                         in->attendees[i]));
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%lld", i ? "," : "", in->attendees[i]);
    }
    if ((st = check_supersedes(s, &c, "meeting", in->supersedes, e)) != IX_OK)
        return abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->held_on),
                   IX__TEXT(list), IX__TEXT(in->minutes)};
    st = ix__gusa_insert(s,
                         "INSERT INTO meeting (case_id, author, created_at, supersedes, held_on, "
                         "attendees, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "meeting", st, e);
}

ix_status ix_gusa_feedback_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_feedback_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    const long vals[] = {in->heard, in->agreed, in->resources};
    const char *names[] = {"heard", "agreed", "resources"};
    for (int i = 0; i < 3; i++)
        if (vals[i] < 1 || vals[i] > 5)
            return ix__gusa_fail(e, 400, names[i], "must be 1 to 5");
    case_ctx c;
    ix_status st = enter(s, a, case_id, 1, "feedback", &c, e);
    if (st)
        return st;
    long long me = my_participant(&c, a);
    ix__val mk[] = {IX__INT(in->meeting_id), IX__INT(case_id)};
    ix__gusa_rows m = {0};
    st = ix__gusa_query(s, "SELECT attendees FROM meeting WHERE id = $1 AND case_id = $2", mk, 2,
                        &m, &e->d);
    if (st) {
        ix__gusa_rows_free(&m);
        return abandon(s, &c, ix__gusa_fail_diag(e, st));
    }
    if (m.nrows == 0) {
        ix__gusa_rows_free(&m);
        return abandon(s, &c, ix__gusa_fail(e, 404, "meeting_id", "no such meeting in this case"));
    }
    int attended = 0;
    for (const char *p = ix__gusa_cell(&m, 0, 0); p && *p;) {
        char *end = NULL;
        long long v = strtoll(p, &end, 10);
        if (end == p)
            break;
        attended |= v == me;
        p = *end == ',' ? end + 1 : end;
    }
    ix__gusa_rows_free(&m);
    if (!attended) {
        st = deny(s, a, &c, case_id, "write", "feedback", 403, NULL,
                  "only those who attended the meeting give feedback on it", e);
        case_free(&c);
        return st;
    }
    long long have = 0;
    ix__val hk[] = {IX__INT(in->meeting_id), IX__INT(me)};
    st = ix__gusa_scalar(s, "SELECT count(*) FROM feedback WHERE meeting_id = $1 AND participant = $2",
                         hk, 2, &have, &e->d);
    if (!st && have)
        return abandon(s, &c, ix__gusa_fail(e, 409, "meeting_id",
                                            "you have already given feedback on this meeting"));
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(in->meeting_id), IX__INT(me), IX__TEXT(at),
                   IX__INT(in->heard), IX__INT(in->agreed), IX__INT(in->resources)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO feedback (case_id, meeting_id, participant, created_at, "
                             "heard, agreed, resources) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                             "RETURNING id",
                             v, 7, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "feedback", st, e);
}

static void jstr(ix_sink *j, const char *t);

/* ---- invitations ----------------------------------------------------------------- */

ix_status ix_gusa_invitation_create(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                    const ix_gusa_invitation_in *in, long long *id, char token[65],
                                    ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    token[0] = '\0';
    int nwho = (in->staff_id > 0) + (in->person_id > 0) + (in->email != NULL);
    if (nwho != 1)
        return ix__gusa_fail(e, 400, "staff_id", "give exactly one of staff_id, person_id, email");
    ix_gusa_part_role role = ix_gusa_part_role_parse(in->role);
    if (!role)
        return ix__gusa_fail(e, 400, "role",
                             "must be foraelder, ung, netvaerk, fagperson, koordinator or myndighed");
    int staff_role = role == IX_GUSA_PART_FAGPERSON || role == IX_GUSA_PART_KOORDINATOR ||
                     role == IX_GUSA_PART_MYNDIGHED;
    if ((in->staff_id > 0 && !staff_role) || (in->person_id > 0 && staff_role))
        return ix__gusa_fail(e, 400, "role", "%s is not a role for %s", in->role,
                             in->staff_id > 0 ? "staff" : "a citizen");
    if (in->centre && !ix_gusa_centre_parse(in->centre))
        return ix__gusa_fail(e, 400, "centre", "is not one of the five centres");
    if (in->email && (ix_gusa_check_text(in->email, 254, "email", &e->d) ||
                      !strchr(in->email, '@') || strchr(in->email, ' ')))
        return ix__gusa_fail(e, 400, "email", "needs an e-mail address such as navn@example.dk");
    char today[11], expires[11];
    long now = 0, until = 0;
    ix__gusa_today(s, today);
    ix_gusa_date_days(today, &now);
    if (in->expires_at) {
        ix_status st = check(ix_gusa_check_date(in->expires_at, "expires_at", &e->d), e);
        if (st)
            return st;
        ix_gusa_date_days(in->expires_at, &until);
        if (until <= now || until > now + 30)
            return ix__gusa_fail(e, 400, "expires_at",
                                 "must be after today and at most 30 days ahead");
        snprintf(expires, sizeof expires, "%s", in->expires_at);
    } else
        ix_gusa_date_format(now + 14, expires);
    case_ctx c;
    ix_status st = enter(s, a, case_id, 1, "invitation", &c, e);
    if (st)
        return st;
    int http = ix_gusa_may_invite(&c.v, a);
    if (http != 200) {
        st = deny(s, a, &c, case_id, "write", "invitation", http, NULL,
                  "only the coordinator, myndighed or a parent with custody may invite", e);
        case_free(&c);
        return st;
    }
    long long exists = 1;
    if (in->staff_id > 0) {
        ix__val k = IX__INT(in->staff_id);
        st = ix__gusa_scalar(s, "SELECT count(*) FROM staff WHERE id = $1", &k, 1, &exists, &e->d);
    } else if (in->person_id > 0) {
        ix__val k = IX__INT(in->person_id);
        st = ix__gusa_scalar(s, "SELECT count(*) FROM person WHERE id = $1", &k, 1, &exists, &e->d);
    }
    if (!st && !exists)
        return abandon(s, &c, ix__gusa_fail(e, 400, in->staff_id > 0 ? "staff_id" : "person_id",
                                            "no such %s", in->staff_id > 0 ? "staff member" : "person"));
    char hash[65], at[21];
    if (!st && ix__gusa_token(token) != 0)
        st = ix_diag_set(&e->d, IX_ERR_IO, NULL, 0, 0, NULL, "no random bytes for the token");
    ix_sha256_hex(token, strlen(token), hash);
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__TEXT(hash),
                   in->staff_id > 0 ? IX__INT(in->staff_id) : IX__NULLV,
                   in->person_id > 0 ? IX__INT(in->person_id) : IX__NULLV, IX__TEXT(in->email),
                   IX__TEXT(in->role), IX__TEXT(in->centre), IX__INT(my_participant(&c, a)),
                   IX__TEXT(at), IX__TEXT(expires)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO invitation (case_id, token_sha256, staff_id, person_id, "
                             "email, role, centre, created_by, created_at, expires_at, status) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open') RETURNING id",
                             v, 10, id, &e->d);
    e->http = 201;
    st = finish(s, a, &c, 1, "invitation", st, e);
    if (st)
        memset(token, 0, 65);
    return st;
}

ix_status ix_gusa_invitation_accept(ix_gusa_store *s, const ix_gusa_actor *a, const char *token,
                                    long long *case_id, long long *participant_id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    *case_id = 0;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
        return ix__gusa_fail(e, 404, "token", "no such invitation");
    char hash[65], today[11], at[21];
    ix_sha256_hex(token, 64, hash);
    ix__gusa_today(s, today);
    ix__gusa_now(s, at);
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    ix__val hk = IX__TEXT(hash);
    ix__gusa_rows inv = {0}, me = {0};
    st = ix__gusa_query(s,
                        "SELECT id, case_id, staff_id, person_id, email, role, centre, expires_at, "
                        "status FROM invitation WHERE token_sha256 = $1",
                        &hk, 1, &inv, &e->d);
    ix__val ak = IX__INT(a->id);
    if (!st)
        st = ix__gusa_query(s,
                            a->kind == IX_GUSA_ACTOR_STAFF ? "SELECT email FROM staff WHERE id = $1"
                                                           : "SELECT email FROM person WHERE id = $1",
                            &ak, 1, &me, &e->d);
    if (st) {
        ix__gusa_rows_free(&inv);
        ix__gusa_rows_free(&me);
        ix__gusa_rollback(s);
        return ix__gusa_fail_diag(e, st);
    }
    int http = 200;
    const char *why = "";
    if (inv.nrows == 0) {
        http = 404;
        why = "no such invitation";
    } else {
        *case_id = ix__gusa_int(&inv, 0, 1);
        const char *email = ix__gusa_cell(&inv, 0, 4), *mine = ix__gusa_cell(&me, 0, 0);
        ix_gusa_part_role role = ix_gusa_part_role_parse(ix__gusa_cell(&inv, 0, 5));
        int staff_role = role == IX_GUSA_PART_FAGPERSON || role == IX_GUSA_PART_KOORDINATOR ||
                         role == IX_GUSA_PART_MYNDIGHED;
        int invitee =
            (ix__gusa_cell(&inv, 0, 2) && a->kind == IX_GUSA_ACTOR_STAFF &&
             ix__gusa_int(&inv, 0, 2) == a->id) ||
            (ix__gusa_cell(&inv, 0, 3) && a->kind == IX_GUSA_ACTOR_PERSON &&
             ix__gusa_int(&inv, 0, 3) == a->id) ||
            (email && mine && strcasecmp(email, mine) == 0 &&
             (a->kind == IX_GUSA_ACTOR_STAFF) == staff_role);
        if (strcmp(ix__gusa_cell(&inv, 0, 8), "open") != 0) {
            http = 409;
            why = "this invitation has already been used";
        } else if (strcmp(ix__gusa_cell(&inv, 0, 7), today) < 0) {
            http = 410;
            why = "this invitation has expired: ask for a new one";
        } else if (!invitee) {
            http = 403;
            why = "this invitation is for someone else";
        } else if (role == IX_GUSA_PART_MYNDIGHED &&
                   !(a->kind == IX_GUSA_ACTOR_STAFF && a->role == IX_GUSA_STAFF_MYNDIGHED)) {
            http = 403;
            why = "the myndighed role needs a myndighed caseworker";
        } else if (a->kind == IX_GUSA_ACTOR_STAFF &&
                   (a->role == IX_GUSA_STAFF_LEDER || a->role == IX_GUSA_STAFF_REVISOR)) {
            http = 403;
            why = "leder and revisor do not take part in cases";
        }
    }
    ix__gusa_rows_free(&me);
    case_ctx c;
    memset(&c, 0, sizeof c);
    if (*case_id && (st = case_load(s, *case_id, &c, &e->d)) != IX_OK) {
        ix__gusa_rows_free(&inv);
        return abandon(s, &c, ix__gusa_fail_diag(e, st));
    }
    if (http == 200 && ix_gusa_find_participant(&c.v, a)) {
        http = 409;
        why = "you already take part in this case";
    }
    if (http == 200 && c.v.closed) {
        http = 409;
        why = "the case is closed";
    }
    if (http != 200) {
        ix__gusa_rows_free(&inv);
        st = deny(s, a, &c, *case_id, "write", "invitation", http, "token", why, e);
        case_free(&c);
        return st;
    }
    ix__val v[] = {IX__INT(*case_id), IX__TEXT(kind_name(a->kind)), IX__INT(a->id),
                   IX__TEXT(ix__gusa_cell(&inv, 0, 5)), IX__TEXT(ix__gusa_cell(&inv, 0, 6)),
                   IX__TEXT(at)};
    st = ix__gusa_insert(s,
                         "INSERT INTO participant (case_id, kind, ref, role, centre, added_at) "
                         "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                         v, 6, participant_id, &e->d);
    ix__val u[] = {IX__TEXT(at), IX__INT(ix__gusa_int(&inv, 0, 0))};
    if (!st)
        st = ix__gusa_query(s,
                            "UPDATE invitation SET status = 'accepted', accepted_at = $1 WHERE id = $2",
                            u, 2, NULL, &e->d);
    ix__gusa_rows_free(&inv);
    return finish(s, a, &c, 1, "participant", st, e);
}

ix_status ix_gusa_invitation_peek(ix_gusa_store *s, const ix_gusa_actor *a, const char *token,
                                  ix_sink *j, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
        return ix__gusa_fail(e, 404, "token", "no such invitation");
    char hash[65], today[11];
    ix_sha256_hex(token, 64, hash);
    ix__gusa_today(s, today);
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    ix__val hk = IX__TEXT(hash);
    ix__gusa_rows inv = {0}, me = {0};
    st = ix__gusa_query(s,
                        "SELECT case_id, staff_id, person_id, email, role, centre, expires_at, "
                        "status FROM invitation WHERE token_sha256 = $1",
                        &hk, 1, &inv, &e->d);
    ix__val ak = IX__INT(a->id);
    if (!st)
        st = ix__gusa_query(s,
                            a->kind == IX_GUSA_ACTOR_STAFF ? "SELECT email FROM staff WHERE id = $1"
                                                           : "SELECT email FROM person WHERE id = $1",
                            &ak, 1, &me, &e->d);
    long long case_id = inv.nrows ? ix__gusa_int(&inv, 0, 0) : 0;
    if (!st && inv.nrows) {
        const char *email = ix__gusa_cell(&inv, 0, 3), *mine = ix__gusa_cell(&me, 0, 0);
        int mine_ok = (ix__gusa_cell(&inv, 0, 1) && a->kind == IX_GUSA_ACTOR_STAFF &&
                       ix__gusa_int(&inv, 0, 1) == a->id) ||
                      (ix__gusa_cell(&inv, 0, 2) && a->kind == IX_GUSA_ACTOR_PERSON &&
                       ix__gusa_int(&inv, 0, 2) == a->id) ||
                      (email && mine && strcasecmp(email, mine) == 0);
        ix_sink_puts(j, "{\"status\":");
        jstr(j, ix__gusa_cell(&inv, 0, 7));
        ix_sink_puts(j, ",\"role\":");
        jstr(j, ix__gusa_cell(&inv, 0, 4));
        ix_sink_puts(j, ",\"centre\":");
        jstr(j, ix__gusa_cell(&inv, 0, 5));
        ix_sink_puts(j, ",\"expires_at\":");
        jstr(j, ix__gusa_cell(&inv, 0, 6));
        ix_sink_printf(j, ",\"expired\":%s,\"for_you\":%s}\n",
                       strcmp(ix__gusa_cell(&inv, 0, 6), today) < 0 ? "true" : "false",
                       mine_ok ? "true" : "false");
    }
    int found = inv.nrows > 0;
    ix__gusa_rows_free(&inv);
    ix__gusa_rows_free(&me);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "invitation", case_id, "", purpose_case,
                            found ? "ok" : "denied", &e->d);
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        return ix__gusa_fail_diag(e, st);
    }
    return found ? IX_OK : ix__gusa_fail(e, 404, "token", "no such invitation");
}

/* ---- consents ------------------------------------------------------------------------ */

ix_status ix_gusa_consent_grant(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                const ix_gusa_consent_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    unsigned mask = ix_gusa_info_mask_parse(in->info_types, NULL);
    if (!mask)
        return ix__gusa_fail(e, 400, "info_types",
                             "needs one or more of helbred, sociale_forhold, skole, "
                             "beskaeftigelse, misbrug, oekonomi");
    if (in->nrecipients == 0 || in->nrecipients > 100)
        return ix__gusa_fail(e, 400, "recipients", "needs 1 to 100 participant ids");
    ix_status st = check(ix_gusa_check_text(in->purpose, 1000, "purpose", &e->d), e);
    if (!st)
        st = check(ix_gusa_check_date(in->valid_to, "valid_to", &e->d), e);
    if (st)
        return st;
    char today[11];
    ix__gusa_today(s, today);
    if (strcmp(in->valid_to, today) < 0)
        return ix__gusa_fail(e, 400, "valid_to", "lies in the past");
    case_ctx c;
    if ((st = enter(s, a, case_id, 1, "consent", &c, e)) != IX_OK)
        return st;
    int http = ix_gusa_may_grant_consent(&c.v, a);
    if (http != 200) {
        st = deny(s, a, &c, case_id, "write", "consent", http, NULL,
                  "only a parent with custody or the young person (15 or older) gives consent", e);
        case_free(&c);
        return st;
    }
    char list[100 * 21 + 1], types[128];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; i < in->nrecipients; i++) {
        int member = 0;
        for (size_t j = 0; j < c.v.nparticipants; j++)
            member |= c.v.participants[j].id == in->recipients[i];
        if (!member)
            return abandon(s, &c,
                           ix__gusa_fail(e, 400, "recipients",
                                         "%lld is not a participant of this case",
                                         in->recipients[i]));
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%lld", i ? "," : "", in->recipients[i]);
    }
    ix_gusa_info_mask_format(mask, types, sizeof types);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(a->id), IX__TEXT(types), IX__TEXT(list),
                   IX__TEXT(in->purpose), IX__TEXT(in->valid_to), IX__TEXT(at)};
    st = ix__gusa_insert(s,
                         "INSERT INTO consent (case_id, grantor, info_types, recipients, purpose, "
                         "valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return finish(s, a, &c, 1, "consent", st, e);
}

ix_status ix_gusa_consent_revoke(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                 long long consent_id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    case_ctx c;
    ix_status st = enter(s, a, case_id, 1, "consent", &c, e);
    if (st)
        return st;
    int http = ix_gusa_may_grant_consent(&c.v, a);
    if (http != 200) {
        st = deny(s, a, &c, case_id, "write", "consent", http, NULL,
                  "only a parent with custody or the young person (15 or older) revokes consent",
                  e);
        case_free(&c);
        return st;
    }
    const ix_gusa_consent *k = NULL;
    for (size_t i = 0; i < c.v.nconsents; i++)
        if (c.v.consents[i].id == consent_id)
            k = &c.v.consents[i];
    if (!k)
        return abandon(s, &c, ix__gusa_fail(e, 404, "consent_id", "no such consent in this case"));
    if (k->revoked)
        return abandon(s, &c, ix__gusa_fail(e, 409, "consent_id", "already revoked"));
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__TEXT(at), IX__INT(consent_id)};
    st = ix__gusa_query(s, "UPDATE consent SET revoked_at = $1 WHERE id = $2", v, 2, NULL, &e->d);
    return finish(s, a, &c, 1, "consent", st, e);
}

/* ---- reading ---------------------------------------------------------------------- */

static void jstr(ix_sink *j, const char *t)
{
    if (t)
        ix_json_string(j, t);
    else
        ix_sink_puts(j, "null");
}

/* Writes the rows of sql (one parameter: the case id) as an array of
 * objects with the given keys; a key starting with '#' is a number, one
 * starting with '@' a list of ids stored as "1,2,3" (written [1,2,3]). */
static ix_status json_rows(ix_gusa_store *s, ix_sink *j, const char *name, const char *sql,
                           long long case_id, const char *const *keys, ix_diag *d)
{
    ix__val k = IX__INT(case_id);
    ix__gusa_rows r = {0};
    ix_status st = ix__gusa_query(s, sql, &k, 1, &r, d);
    if (st) {
        ix__gusa_rows_free(&r);
        return st;
    }
    ix_sink_printf(j, ",\"%s\":[", name);
    for (size_t i = 0; i < r.nrows; i++) {
        ix_sink_puts(j, i ? ",{" : "{");
        for (size_t c = 0; keys[c]; c++) {
            int num = keys[c][0] == '#', list = keys[c][0] == '@';
            ix_sink_printf(j, "%s\"%s\":", c ? "," : "", keys[c] + (num || list));
            const char *v = ix__gusa_cell(&r, i, c);
            if (list && v && strspn(v, "0123456789,") == strlen(v))
                ix_sink_printf(j, "[%s]", v);
            else if (num && v)
                ix_sink_puts(j, v);
            else
                jstr(j, v);
        }
        ix_sink_puts(j, "}");
    }
    ix_sink_puts(j, "]");
    ix__gusa_rows_free(&r);
    return IX_OK;
}

ix_status ix_gusa_case_get(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                           ix_sink *j, ix_gusa_err *e)
{
    case_ctx c;
    ix_status st = enter(s, a, case_id, 0, "case", &c, e);
    if (st)
        return st;
    const ix__gusa_rows *h = &c.head;
    ix_sink_printf(j, "{\"id\":%lld,\"kommune\":%lld,\"status\":", case_id, c.kommune);
    jstr(j, ix__gusa_cell(h, 0, 1));
    ix_sink_puts(j, ",\"outcome\":");
    jstr(j, ix__gusa_cell(h, 0, 8));
    ix_sink_puts(j, ",\"title\":");
    jstr(j, ix__gusa_cell(h, 0, 6));
    ix_sink_puts(j, ",\"reason\":");
    jstr(j, ix__gusa_cell(h, 0, 7));
    ix_sink_puts(j, ",\"opened_at\":");
    jstr(j, ix__gusa_cell(h, 0, 10));
    ix_sink_puts(j, ",\"closed_at\":");
    jstr(j, ix__gusa_cell(h, 0, 11));
    ix_sink_printf(j, ",\"child\":{\"id\":%lld,\"name\":", c.child_id);
    jstr(j, ix__gusa_cell(h, 0, 9));
    ix_sink_puts(j, ",\"born\":");
    jstr(j, ix__gusa_cell(h, 0, 5));
    ix_sink_puts(j, "},\"participants\":[");
    for (size_t i = 0; i < c.parts.nrows; i++) {
        ix_sink_printf(j, "%s{\"id\":%s,\"kind\":\"%s\",\"ref\":%s,\"role\":\"%s\",\"centre\":",
                       i ? "," : "", ix__gusa_cell(&c.parts, i, 0), ix__gusa_cell(&c.parts, i, 1),
                       ix__gusa_cell(&c.parts, i, 2), ix__gusa_cell(&c.parts, i, 3));
        jstr(j, ix__gusa_cell(&c.parts, i, 4));
        ix_sink_puts(j, "}");
    }
    ix_sink_puts(j, "]");
    static const char *const res_keys[] = {"#id", "owner", "text", "#author", "created_at",
                                           "#supersedes", NULL};
    st = json_rows(s, j, "resources",
                   "SELECT id, owner, text, author, created_at, supersedes FROM resource "
                   "WHERE case_id = $1 ORDER BY id",
                   case_id, res_keys, &e->d);
    ix__gusa_rows con = {0};
    ix__val k = IX__INT(case_id);
    if (!st)
        st = ix__gusa_query(s,
                            "SELECT id, author, info_type, observed_on, text, created_at, "
                            "supersedes FROM concern WHERE case_id = $1 ORDER BY id",
                            &k, 1, &con, &e->d);
    if (!st) {
        ix_sink_puts(j, ",\"concerns\":[");
        for (size_t i = 0; i < con.nrows; i++) {
            ix_gusa_info_type t = ix_gusa_info_type_parse(ix__gusa_cell(&con, i, 2));
            ix_sink_printf(j, "%s{\"id\":%s", i ? "," : "", ix__gusa_cell(&con, i, 0));
            if (ix_gusa_concern_visible(&c.v, a, ix__gusa_int(&con, i, 1), t)) {
                ix_sink_puts(j, ",\"text\":");
                jstr(j, ix__gusa_cell(&con, i, 4));
                ix_sink_printf(j, ",\"info_type\":\"%s\",\"observed_on\":",
                               ix__gusa_cell(&con, i, 2));
                jstr(j, ix__gusa_cell(&con, i, 3));
                ix_sink_printf(j, ",\"author\":%s,\"created_at\":", ix__gusa_cell(&con, i, 1));
                jstr(j, ix__gusa_cell(&con, i, 5));
                ix_sink_printf(j, ",\"supersedes\":%s}",
                               ix__gusa_cell(&con, i, 6) ? ix__gusa_cell(&con, i, 6) : "null");
            } else
                ix_sink_puts(j, ",\"hidden\":\"consent\"}");
        }
        ix_sink_puts(j, "]");
    }
    ix__gusa_rows_free(&con);
    /* The rest of the content, a list each: its JSON name, its rows, the keys
     * of its columns ('#' a number, '@' a JSON array, else a string). */
    static const struct {
        const char *name, *sql;
        const char *const keys[11];
    } lists[] = {
        {"goals",
         "SELECT id, text, indicator, follow_up_on, author, created_at, supersedes "
         "FROM goal WHERE case_id = $1 ORDER BY id",
         {"#id", "text", "indicator", "follow_up_on", "#author", "created_at", "#supersedes",
          NULL}},
        {"followups",
         "SELECT id, goal_id, status, note, author, created_at FROM followup "
         "WHERE case_id = $1 ORDER BY id",
         {"#id", "#goal_id", "status", "note", "#author", "created_at", NULL}},
        {"actions",
         "SELECT id, text, ladder_step, legal_basis, start_on, end_on, cost_dkk, "
         "author, created_at, supersedes FROM action WHERE case_id = $1 ORDER BY id",
         {"#id", "text", "#ladder_step", "legal_basis", "start_on", "end_on", "#cost_dkk",
          "#author", "created_at", "#supersedes", NULL}},
        {"meetings",
         "SELECT id, held_on, attendees, minutes, author, created_at, supersedes "
         "FROM meeting WHERE case_id = $1 ORDER BY id",
         {"#id", "held_on", "@attendees", "minutes", "#author", "created_at", "#supersedes",
          NULL}},
        {"feedback",
         "SELECT id, meeting_id, participant, heard, agreed, resources FROM feedback "
         "WHERE case_id = $1 ORDER BY id",
         {"#id", "#meeting_id", "#participant", "#heard", "#agreed", "#resources", NULL}},
        {"consents",
         "SELECT id, grantor, info_types, recipients, purpose, valid_to, created_at, "
         "revoked_at FROM consent WHERE case_id = $1 ORDER BY id",
         {"#id", "#grantor", "info_types", "@recipients", "purpose", "valid_to", "created_at",
          "revoked_at", NULL}},
    };
    for (size_t q = 0; !st && q < sizeof lists / sizeof lists[0]; q++)
        st = json_rows(s, j, lists[q].name, lists[q].sql, case_id, lists[q].keys, &e->d);
    ix_sink_puts(j, "}\n");
    if (!st && j->failed)
        st = ix_diag_set(&e->d, IX_ERR_IO, NULL, 0, 0, NULL, "cannot write the answer");
    return finish(s, a, &c, 0, "case", st, e);
}

ix_status ix_gusa_cases_mine(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *j, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if (a->kind == IX_GUSA_ACTOR_STAFF &&
        (a->role == IX_GUSA_STAFF_LEDER || a->role == IX_GUSA_STAFF_REVISOR))
        return deny(s, a, NULL, 0, "read", "case list", 403, NULL,
                    "leder sees counts only and revisor the audit log only", e);
    ix__val v[] = {IX__TEXT(kind_name(a->kind)), IX__INT(a->id)};
    ix__gusa_rows r = {0};
    st = ix__gusa_query(s,
                        "SELECT c.id, c.title, c.status, p.role FROM participant p JOIN gusa_case c "
                        "ON c.id = p.case_id WHERE p.kind = $1 AND p.ref = $2 ORDER BY c.id",
                        v, 2, &r, &e->d);
    if (!st) {
        ix_sink_puts(j, "{\"cases\":[");
        for (size_t i = 0; i < r.nrows; i++) {
            ix_sink_printf(j, "%s{\"id\":%s,\"title\":", i ? "," : "", ix__gusa_cell(&r, i, 0));
            jstr(j, ix__gusa_cell(&r, i, 1));
            ix_sink_printf(j, ",\"status\":\"%s\",\"role\":\"%s\"}", ix__gusa_cell(&r, i, 2),
                           ix__gusa_cell(&r, i, 3));
        }
        ix_sink_puts(j, "]}\n");
    }
    ix__gusa_rows_free(&r);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "case list", 0, "", purpose_case, "ok", &e->d);
    return ix__gusa_end(s, st, e);
}
