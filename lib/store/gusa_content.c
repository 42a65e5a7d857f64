/* A case's content (gusa_store.h): concerns, resources, goals and follow-ups,
 * actions on the ladder, meetings and feedback; corrections are new rows
 * that supersede the old. Each one transaction (gusa_case_frame.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gusa_case_internal.h"
#include "indeks/escape.h"
#include "indeks/store.h"

/* ---- content ----------------------------------------------------------------- */

static ix_status check_supersedes(ix_gusa_store *s, ix__gc_case *c, const char *table,
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
    ix_status st = ix__gc_row_in_case(s, sql, supersedes, c->v.id, &yes, &e->d);
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
    ix_status st = ix__gc_check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_date(in->observed_on, "observed_on", &e->d), e);
    if (!st && !ix_gusa_info_type_parse(in->info_type))
        st = ix__gusa_fail(e, 400, "info_type",
                           "must be helbred, sociale_forhold, skole, beskaeftigelse, misbrug or "
                           "oekonomi");
    if (st)
        return st;
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "concern", &c, e)) != IX_OK)
        return st;
    if ((st = check_supersedes(s, &c, "concern", in->supersedes, e)) != IX_OK)
        return ix__gc_abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(ix__gc_my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->observed_on),
                   IX__TEXT(in->info_type), IX__TEXT(in->text)};
    st = ix__gusa_insert(s,
                         "INSERT INTO concern (case_id, author, created_at, supersedes, observed_on, "
                         "info_type, text) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "concern", st, e);
}

ix_status ix_gusa_resource_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_resource_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = ix__gc_check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st && (!in->owner || (strcmp(in->owner, "child") != 0 && strcmp(in->owner, "family") != 0 &&
                               strcmp(in->owner, "network") != 0)))
        st = ix__gusa_fail(e, 400, "owner", "must be child, family or network");
    if (st)
        return st;
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "resource", &c, e)) != IX_OK)
        return st;
    if ((st = check_supersedes(s, &c, "resource", in->supersedes, e)) != IX_OK)
        return ix__gc_abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(ix__gc_my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->owner),
                   IX__TEXT(in->text)};
    st = ix__gusa_insert(s,
                         "INSERT INTO resource (case_id, author, created_at, supersedes, owner, "
                         "text) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                         v, 6, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "resource", st, e);
}

ix_status ix_gusa_goal_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                           const ix_gusa_goal_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = ix__gc_check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_text(in->indicator, 1000, "indicator", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_date(in->follow_up_on, "follow_up_on", &e->d), e);
    if (st)
        return st;
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "goal", &c, e)) != IX_OK)
        return st;
    if ((st = check_supersedes(s, &c, "goal", in->supersedes, e)) != IX_OK)
        return ix__gc_abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(ix__gc_my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->text),
                   IX__TEXT(in->indicator), IX__TEXT(in->follow_up_on)};
    st = ix__gusa_insert(s,
                         "INSERT INTO goal (case_id, author, created_at, supersedes, text, "
                         "indicator, follow_up_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "goal", st, e);
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
        st = ix__gc_check(ix_gusa_check_text(in->note, 0, "note", &e->d), e);
    if (st)
        return st;
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "followup", &c, e)) != IX_OK)
        return st;
    int yes = 0;
    st = ix__gc_row_in_case(s, "SELECT count(*) FROM goal WHERE id = $1 AND case_id = $2", in->goal_id,
                     case_id, &yes, &e->d);
    if (!st && !yes)
        return ix__gc_abandon(s, &c, ix__gusa_fail(e, 404, "goal_id", "no such goal in this case"));
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(in->goal_id), IX__INT(ix__gc_my_participant(&c, a)),
                   IX__TEXT(at), IX__TEXT(in->status), IX__TEXT(in->note)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO followup (case_id, goal_id, author, created_at, status, "
                             "note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             v, 6, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "followup", st, e);
}

ix_status ix_gusa_action_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             const ix_gusa_action_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = ix__gc_check(ix_gusa_check_text(in->text, 0, "text", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_ladder_step(in->ladder_step, "ladder_step", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_legal_basis(in->legal_basis, in->ladder_step, "legal_basis",
                                             &e->d),
                   e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_date(in->start_on, "start_on", &e->d), e);
    long from = 0, to = 0;
    if (!st && in->end_on &&
        ((st = ix__gc_check(ix_gusa_check_date(in->end_on, "end_on", &e->d), e)) == IX_OK) &&
        !ix_gusa_date_days(in->start_on, &from) && !ix_gusa_date_days(in->end_on, &to) && to < from)
        st = ix__gusa_fail(e, 400, "end_on", "ends before it starts (start_on %s)", in->start_on);
    if (!st && (in->cost_dkk < 0 || in->cost_dkk > 1000000000LL))
        st = ix__gusa_fail(e, 400, "cost_dkk", "must be 0 to 1,000,000,000 kroner");
    if (st)
        return st;
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "action", &c, e)) != IX_OK)
        return st;
    int http = ix_gusa_may_add_action(&c.v, a, in->ladder_step);
    if (http != 200) {
        st = ix__gc_deny(s, a, &c, case_id, "write", "action", http, "ladder_step",
                  "ladder steps 3 to 6 need a myndighed caseworker", e);
        ix__gc_case_free(&c);
        return st;
    }
    if ((st = check_supersedes(s, &c, "action", in->supersedes, e)) != IX_OK)
        return ix__gc_abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id),  IX__INT(ix__gc_my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->text),
                   IX__INT(in->ladder_step), IX__TEXT(in->legal_basis), IX__TEXT(in->start_on),
                   IX__TEXT(in->end_on), IX__INT(in->cost_dkk)};
    st = ix__gusa_insert(s,
                         "INSERT INTO action (case_id, author, created_at, supersedes, text, "
                         "ladder_step, legal_basis, start_on, end_on, cost_dkk) VALUES ($1, $2, "
                         "$3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                         v, 10, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "action", st, e);
}

ix_status ix_gusa_meeting_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                              const ix_gusa_meeting_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix_status st = ix__gc_check(ix_gusa_check_date(in->held_on, "held_on", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_text(in->minutes, 0, "minutes", &e->d), e);
    if (!st && (in->nattendees == 0 || in->nattendees > 100))
        st = ix__gusa_fail(e, 400, "attendees", "needs 1 to 100 participant ids");
    if (st)
        return st;
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "meeting", &c, e)) != IX_OK)
        return st;
    char list[100 * 21 + 1];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; i < in->nattendees; i++) {
        int member = 0;
        for (size_t j = 0; j < c.v.nparticipants; j++)
            member |= c.v.participants[j].id == in->attendees[i];
        if (!member)
            return ix__gc_abandon(s, &c,
                           ix__gusa_fail(e, 400, "attendees",
                                         "%lld is not a participant of this case",
                                         in->attendees[i]));
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%lld", i ? "," : "", in->attendees[i]);
    }
    if ((st = check_supersedes(s, &c, "meeting", in->supersedes, e)) != IX_OK)
        return ix__gc_abandon(s, &c, st);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(ix__gc_my_participant(&c, a)), IX__TEXT(at),
                   in->supersedes ? IX__INT(in->supersedes) : IX__NULLV, IX__TEXT(in->held_on),
                   IX__TEXT(list), IX__TEXT(in->minutes)};
    st = ix__gusa_insert(s,
                         "INSERT INTO meeting (case_id, author, created_at, supersedes, held_on, "
                         "attendees, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "meeting", st, e);
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
    ix__gc_case c;
    ix_status st = ix__gc_enter(s, a, case_id, 1, "feedback", &c, e);
    if (st)
        return st;
    long long me = ix__gc_my_participant(&c, a);
    ix__val mk[] = {IX__INT(in->meeting_id), IX__INT(case_id)};
    ix__gusa_rows m = {0};
    st = ix__gusa_query(s, "SELECT attendees FROM meeting WHERE id = $1 AND case_id = $2", mk, 2,
                        &m, &e->d);
    if (st) {
        ix__gusa_rows_free(&m);
        return ix__gc_abandon(s, &c, ix__gusa_fail_diag(e, st));
    }
    if (m.nrows == 0) {
        ix__gusa_rows_free(&m);
        return ix__gc_abandon(s, &c, ix__gusa_fail(e, 404, "meeting_id", "no such meeting in this case"));
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
        st = ix__gc_deny(s, a, &c, case_id, "write", "feedback", 403, NULL,
                  "only those who attended the meeting give feedback on it", e);
        ix__gc_case_free(&c);
        return st;
    }
    long long have = 0;
    ix__val hk[] = {IX__INT(in->meeting_id), IX__INT(me)};
    st = ix__gusa_scalar(s, "SELECT count(*) FROM feedback WHERE meeting_id = $1 AND participant = $2",
                         hk, 2, &have, &e->d);
    if (!st && have)
        return ix__gc_abandon(s, &c, ix__gusa_fail(e, 409, "meeting_id",
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
    return ix__gc_finish(s, a, &c, 1, "feedback", st, e);
}
