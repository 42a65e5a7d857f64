/* GUSA's cases (gusa_store.h): opening, closing and reading one, and the
 * list of one's own; each one transaction (gusa_case_frame.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gusa_case_internal.h"
#include "indeks/escape.h"
#include "indeks/store.h"

/* ---- opening and closing ------------------------------------------------------- */

ix_status ix_gusa_case_open(ix_gusa_store *s, const ix_gusa_actor *a, long long child_id,
                            const char *title, const char *reason, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    ix_status st = ix__gc_check(ix_gusa_check_text(title, 200, "title", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_text(reason, 0, "reason", &e->d), e);
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
        return ix__gc_deny(s, a, NULL, 0, "write", "case", 403, NULL,
                    "only a medarbejder or a parent with custody may open a case", e);
    }
    char at[21];
    ix__gusa_now(s, at);
    if (!st) {
        ix__val v[] = {IX__INT(ix__gusa_int(&child, 0, 0)), ck,
                       IX__TEXT(ix__gc_kind_name(a->kind)), IX__INT(a->id), IX__TEXT(title),
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
        st = ix__gusa_audit(s, a, "write", "case", *id, subjects, ix__gc_purpose_case, "ok", &e->d);
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
    ix__gc_case c;
    ix_status st = ix__gc_enter(s, a, case_id, 1, "case", &c, e);
    if (st)
        return st;
    int http = ix_gusa_may_close(&c.v, a);
    if (http != 200) {
        st = ix__gc_deny(s, a, &c, case_id, "write", "case", http, NULL,
                  http == 409 ? "the case is already closed"
                              : "only the coordinator or myndighed may close a case",
                  e);
        ix__gc_case_free(&c);
        return st;
    }
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__TEXT(outcome), IX__TEXT(at), IX__INT(case_id)};
    st = ix__gusa_query(s,
                        "UPDATE gusa_case SET status = 'closed', outcome = $1, closed_at = $2 "
                        "WHERE id = $3",
                        v, 3, NULL, &e->d);
    return ix__gc_finish(s, a, &c, 1, "case", st, e);
}


/* ---- reading ---------------------------------------------------------------------- */


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
                ix__gc_jstr(j, v);
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
    ix__gc_case c;
    ix_status st = ix__gc_enter(s, a, case_id, 0, "case", &c, e);
    if (st)
        return st;
    const ix__gusa_rows *h = &c.head;
    ix_sink_printf(j, "{\"id\":%lld,\"kommune\":%lld,\"status\":", case_id, c.kommune);
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 1));
    ix_sink_puts(j, ",\"outcome\":");
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 8));
    ix_sink_puts(j, ",\"title\":");
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 6));
    ix_sink_puts(j, ",\"reason\":");
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 7));
    ix_sink_puts(j, ",\"opened_at\":");
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 10));
    ix_sink_puts(j, ",\"closed_at\":");
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 11));
    ix_sink_printf(j, ",\"child\":{\"id\":%lld,\"name\":", c.child_id);
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 9));
    ix_sink_puts(j, ",\"born\":");
    ix__gc_jstr(j, ix__gusa_cell(h, 0, 5));
    ix_sink_puts(j, "},\"participants\":[");
    for (size_t i = 0; i < c.parts.nrows; i++) {
        ix_sink_printf(j, "%s{\"id\":%s,\"kind\":\"%s\",\"ref\":%s,\"role\":\"%s\",\"centre\":",
                       i ? "," : "", ix__gusa_cell(&c.parts, i, 0), ix__gusa_cell(&c.parts, i, 1),
                       ix__gusa_cell(&c.parts, i, 2), ix__gusa_cell(&c.parts, i, 3));
        ix__gc_jstr(j, ix__gusa_cell(&c.parts, i, 4));
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
                ix__gc_jstr(j, ix__gusa_cell(&con, i, 4));
                ix_sink_printf(j, ",\"info_type\":\"%s\",\"observed_on\":",
                               ix__gusa_cell(&con, i, 2));
                ix__gc_jstr(j, ix__gusa_cell(&con, i, 3));
                ix_sink_printf(j, ",\"author\":%s,\"created_at\":", ix__gusa_cell(&con, i, 1));
                ix__gc_jstr(j, ix__gusa_cell(&con, i, 5));
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
        /* invitations not yet accepted: who is expected at the table (the
         * kind of invitee, role and centre), never the e-mail address */
        {"invitations",
         "SELECT id, CASE WHEN staff_id IS NOT NULL THEN 'staff' WHEN person_id IS NOT NULL "
         "THEN 'person' ELSE 'email' END, role, centre, created_by, created_at, expires_at "
         "FROM invitation WHERE case_id = $1 AND status = 'open' ORDER BY id",
         {"#id", "invitee", "role", "centre", "#created_by", "created_at", "expires_at", NULL}},
    };
    for (size_t q = 0; !st && q < sizeof lists / sizeof lists[0]; q++)
        st = json_rows(s, j, lists[q].name, lists[q].sql, case_id, lists[q].keys, &e->d);
    ix_sink_puts(j, "}\n");
    if (!st && j->failed)
        st = ix_diag_set(&e->d, IX_ERR_IO, NULL, 0, 0, NULL, "cannot write the answer");
    return ix__gc_finish(s, a, &c, 0, "case", st, e);
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
        return ix__gc_deny(s, a, NULL, 0, "read", "case list", 403, NULL,
                    "leder sees counts only and revisor the audit log only", e);
    ix__val v[] = {IX__TEXT(ix__gc_kind_name(a->kind)), IX__INT(a->id)};
    ix__gusa_rows r = {0};
    st = ix__gusa_query(s,
                        "SELECT c.id, c.title, c.status, p.role FROM participant p JOIN gusa_case c "
                        "ON c.id = p.case_id WHERE p.kind = $1 AND p.ref = $2 ORDER BY c.id",
                        v, 2, &r, &e->d);
    if (!st) {
        ix_sink_puts(j, "{\"cases\":[");
        for (size_t i = 0; i < r.nrows; i++) {
            ix_sink_printf(j, "%s{\"id\":%s,\"title\":", i ? "," : "", ix__gusa_cell(&r, i, 0));
            ix__gc_jstr(j, ix__gusa_cell(&r, i, 1));
            ix_sink_printf(j, ",\"status\":\"%s\",\"role\":\"%s\"}", ix__gusa_cell(&r, i, 2),
                           ix__gusa_cell(&r, i, 3));
        }
        ix_sink_puts(j, "]}\n");
    }
    ix__gusa_rows_free(&r);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "case list", 0, "", ix__gc_purpose_case, "ok", &e->d);
    return ix__gusa_end(s, st, e);
}
