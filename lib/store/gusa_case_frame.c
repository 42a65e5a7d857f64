/* GUSA's case operations share this frame (gusa_case_internal.h): the case
 * as the access decisions (gusa.h) see it, and the shape of every operation:
 * one transaction of access check, validation, write and audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gusa_case_internal.h"
#include "indeks/escape.h"
#include "indeks/store.h"

/* ---- the case as the decisions see it ------------------------------------- */



void ix__gc_case_free(ix__gc_case *c)
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

size_t ix__gc_count_ids(const char *list)
{
    size_t n = 0;
    for (const char *p = list; p && *p; p++)
        if (*p >= '0' && *p <= '9' && (p == list || p[-1] == ','))
            n++;
    return n;
}

ix_gusa_actor_kind ix__gc_kind_parse(const char *k)
{
    return k && strcmp(k, "person") == 0   ? IX_GUSA_ACTOR_PERSON
           : k && strcmp(k, "staff") == 0 ? IX_GUSA_ACTOR_STAFF
                                          : IX_GUSA_ACTOR_NONE;
}

const char *ix__gc_kind_name(ix_gusa_actor_kind k)
{
    return k == IX_GUSA_ACTOR_PERSON ? "person" : k == IX_GUSA_ACTOR_STAFF ? "staff" : "system";
}

ix_status ix__gc_case_load(ix_gusa_store *s, long long id, ix__gc_case *c, ix_diag *d)
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
        nrec += ix__gc_count_ids(ix__gusa_cell(&c->cons, i, 3));
    c->p = calloc(c->parts.nrows + 1, sizeof *c->p);
    c->custody = calloc(c->cust.nrows + 1, sizeof *c->custody);
    c->c = calloc(c->cons.nrows + 1, sizeof *c->c);
    c->recipients = calloc(nrec + 1, sizeof *c->recipients);
    if (!c->p || !c->custody || !c->c || !c->recipients)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < c->parts.nrows; i++) {
        c->p[i].id = ix__gusa_int(&c->parts, i, 0);
        c->p[i].kind = ix__gc_kind_parse(ix__gusa_cell(&c->parts, i, 1));
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

const char ix__gc_purpose_case[] = "case work";

/* Ends the transaction with only a "denied" audit row; e says why. */
ix_status ix__gc_deny(ix_gusa_store *s, const ix_gusa_actor *a, ix__gc_case *c, long long case_id,
                      const char *action, const char *object, int http, const char *field,
                      const char *message, ix_gusa_err *e)
{
    ix_diag d2;
    ix_diag_clear(&d2);
    ix_status st = ix__gusa_audit(s, a, action, object, case_id, c ? c->subjects : "",
                                  ix__gc_purpose_case, "denied", &d2);
    if (!st)
        st = ix__gusa_commit(s, &d2);
    if (st) {
        ix__gusa_rollback(s);
        e->d = d2;
        return ix__gusa_fail_diag(e, st);
    }
    return ix__gusa_fail(e, http, field, "%s", message);
}

static const char *ix__gc_deny_text(int http)
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
ix_status ix__gc_enter(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id, int write,
                       const char *object, ix__gc_case *c, ix_gusa_err *e)
{
    memset(c, 0, sizeof *c);
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || (a->kind != IX_GUSA_ACTOR_PERSON && a->kind != IX_GUSA_ACTOR_STAFF))
        return ix__gusa_fail(e, 401, NULL, "log in first"); /* a stakeholder is no GUSA actor */
    ix_status st = ix__gusa_begin(s, &e->d);
    if (!st)
        st = ix__gc_case_load(s, case_id, c, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        ix__gc_case_free(c);
        return ix__gusa_fail_diag(e, st);
    }
    const char *action = write ? "write" : "read";
    int http = c->found ? ix_gusa_may_see_case(&c->v, a) : 404;
    if (http == 200 && write && c->v.closed)
        http = 409;
    if (http != 200) {
        st = ix__gc_deny(s, a, c, case_id, action, object, http, NULL, ix__gc_deny_text(http), e);
        ix__gc_case_free(c);
        return st;
    }
    return IX_OK;
}

/* Appends the "ok" audit row and commits; on failure rolls back. */
ix_status ix__gc_finish(ix_gusa_store *s, const ix_gusa_actor *a, ix__gc_case *c, int write,
                        const char *object, ix_status st, ix_gusa_err *e)
{
    if (!st)
        st = ix__gusa_audit(s, a, write ? "write" : "read", object, c->v.id, c->subjects,
                            ix__gc_purpose_case, "ok", &e->d);
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    ix__gc_case_free(c);
    if (st) {
        ix__gusa_rollback(s);
        return e->http >= 400 ? st : ix__gusa_fail_diag(e, st);
    }
    return IX_OK;
}

/* A ix__gc_check inside an operation failed with a 4xx: roll back what was written
 * and keep e. */
ix_status ix__gc_abandon(ix_gusa_store *s, ix__gc_case *c, ix_status st)
{
    ix__gusa_rollback(s);
    ix__gc_case_free(c);
    return st;
}

long long ix__gc_my_participant(const ix__gc_case *c, const ix_gusa_actor *a)
{
    const ix_gusa_participant *p = ix_gusa_find_participant(&c->v, a);
    return p ? p->id : 0;
}

/* 1 when table holds row id of this case. */
ix_status ix__gc_row_in_case(ix_gusa_store *s, const char *sql, long long id, long long case_id,
                             int *yes, ix_diag *d)
{
    ix__val v[] = {IX__INT(id), IX__INT(case_id)};
    long long n = 0;
    ix_status st = ix__gusa_scalar(s, sql, v, 2, &n, d);
    *yes = n > 0;
    return st;
}

ix_status ix__gc_check(ix_status st, ix_gusa_err *e)
{
    return st ? ix__gusa_fail_diag(e, st) : IX_OK;
}


void ix__gc_jstr(ix_sink *j, const char *t)
{
    if (t)
        ix_json_string(j, t);
    else
        ix_sink_puts(j, "null");
}
