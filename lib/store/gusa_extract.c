/* The facts the GUSA indicators are computed from (issue 16,
 * gusa_indicators.h): per case, its dates, ladder path, costs, centres,
 * invitations, goals, meetings and feedback scores. No names and no free
 * text leave the database; current versions only (a row a correction
 * superseded does not count). One transaction, audited as one export. */
#include <stdlib.h>
#include <string.h>

#include "gusa_internal.h"
#include "indeks/gusa_indicators.h"
#include "indeks/gusa_store.h"

/* Rows that a later row of the same table supersedes are left out. */
#define CURRENT(t) " " t ".id NOT IN (SELECT supersedes FROM " t " WHERE supersedes IS NOT NULL)"

static const char sql_cases[] =
    "SELECT c.id, c.kommune, c.child_id, c.opener_kind, c.opened_at, c.closed_at, "
    "(SELECT min(person_id) FROM custody WHERE custody.child_id = c.child_id) "
    "FROM gusa_case c ORDER BY c.id";
static const char sql_concerns[] =
    "SELECT concern.case_id, min(concern.observed_on) FROM concern WHERE" CURRENT("concern")
    " GROUP BY concern.case_id";
static const char sql_actions[] =
    "SELECT action.case_id, action.ladder_step, action.start_on, action.cost_dkk, p.kind, "
    "p.centre FROM action JOIN participant p ON p.id = action.author WHERE" CURRENT("action")
    " ORDER BY action.case_id, action.start_on, action.id";
static const char sql_participants[] =
    "SELECT id, case_id, kind, role, centre FROM participant ORDER BY id";
static const char sql_invitations[] =
    "SELECT case_id, created_at, accepted_at FROM invitation";
static const char sql_goals[] =
    "SELECT goal.case_id, goal.follow_up_on, (SELECT min(f.created_at) FROM followup f WHERE "
    "f.goal_id = goal.id) FROM goal WHERE" CURRENT("goal");
static const char sql_meetings[] =
    "SELECT meeting.case_id, meeting.attendees FROM meeting WHERE" CURRENT("meeting");
static const char sql_feedback[] = "SELECT case_id, heard, agreed, resources FROM feedback";

static long day_of(const char *iso)
{
    char d[11];
    long days = -1;
    if (!iso || strlen(iso) < 10)
        return -1;
    memcpy(d, iso, 10);
    d[10] = '\0';
    return ix_gusa_date_days(d, &days) == 0 ? days : -1;
}

typedef struct {
    ix_gusa_facts *f;
    ix__gusa_rows parts; /* sorted by id: id, case_id, kind, role, centre */
} extract;

static ix_gusa_fact_case *case_of(const extract *x, long long id)
{
    size_t lo = 0, hi = x->f->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->f->cases[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->f->n && x->f->cases[lo].id == id ? &x->f->cases[lo] : NULL;
}

/* The row of participant id in x->parts, or -1. */
static long part_row(const extract *x, long long id)
{
    size_t lo = 0, hi = x->parts.nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix__gusa_int(&x->parts, mid, 0) < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->parts.nrows && ix__gusa_int(&x->parts, lo, 0) == id ? (long)lo : -1;
}

static void fill_cases(extract *x, const ix__gusa_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = &x->f->cases[i];
        memset(c, 0, sizeof *c);
        c->id = ix__gusa_int(r, i, 0);
        c->kommune = (int)ix__gusa_int(r, i, 1);
        c->child = ix__gusa_int(r, i, 2);
        const char *opener = ix__gusa_cell(r, i, 3);
        c->opened_by_family = opener && strcmp(opener, "person") == 0;
        c->opened = day_of(ix__gusa_cell(r, i, 4));
        c->closed = day_of(ix__gusa_cell(r, i, 5));
        c->family = ix__gusa_cell(r, i, 6) ? ix__gusa_int(r, i, 6) : -c->child;
        c->first_concern = c->first_action = -1;
        c->max_step = -1;
    }
    x->f->n = r->nrows;
}

static void fill_concerns(extract *x, const ix__gusa_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 0));
        if (c)
            c->first_concern = day_of(ix__gusa_cell(r, i, 1));
    }
}

/* Actions in start order per case: the path, its changes and costs. */
static void fill_actions(extract *x, const ix__gusa_rows *r)
{
    ix_gusa_fact_case *prev_case = NULL;
    int prev_step = -1;
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 0));
        if (!c)
            continue;
        int step = (int)ix__gusa_int(r, i, 1);
        if (step < 0 || step > 6)
            continue;
        long start = day_of(ix__gusa_cell(r, i, 2));
        double cost = (double)ix__gusa_int(r, i, 3);
        if (c != prev_case)
            prev_step = -1;
        if (c->first_action < 0 || (start >= 0 && start < c->first_action))
            c->first_action = start;
        if (prev_step >= 0 && step != prev_step) {
            c->step_changes++;
            c->steps_down += step < prev_step;
        }
        if (step > c->max_step)
            c->max_step = step;
        c->cost += cost;
        c->cost_step[step] += cost;
        const char *kind = ix__gusa_cell(r, i, 4);
        ix_gusa_centre centre = kind && strcmp(kind, "staff") == 0
                                    ? ix_gusa_centre_parse(ix__gusa_cell(r, i, 5))
                                    : IX_GUSA_CENTRE_NONE;
        c->cost_centre[centre] += cost;
        prev_case = c;
        prev_step = step;
    }
}

static void fill_participants(extract *x)
{
    const ix__gusa_rows *r = &x->parts;
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 1));
        if (!c)
            continue;
        const char *kind = ix__gusa_cell(r, i, 2), *role = ix__gusa_cell(r, i, 3);
        if (kind && strcmp(kind, "staff") == 0) {
            ix_gusa_centre centre = ix_gusa_centre_parse(ix__gusa_cell(r, i, 4));
            if (centre)
                c->centres |= 1u << centre;
        }
        if (role && strcmp(role, "netvaerk") == 0)
            c->network = 1;
    }
}

static void fill_invitations(extract *x, const ix__gusa_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 0));
        if (!c)
            continue;
        long sent = day_of(ix__gusa_cell(r, i, 1)), accepted = day_of(ix__gusa_cell(r, i, 2));
        c->invitations++;
        c->invitations_7d += accepted >= 0 && sent >= 0 && accepted - sent <= 7;
    }
}

/* A goal is due once its follow-up date has passed; on time when its first
 * follow-up came no later than 14 days after that date. */
static void fill_goals(extract *x, const ix__gusa_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 0));
        long due = day_of(ix__gusa_cell(r, i, 1)), done = day_of(ix__gusa_cell(r, i, 2));
        if (!c || due < 0 || due >= x->f->today)
            continue;
        c->goals_due++;
        c->goals_on_time += done >= 0 && done <= due + 14;
    }
}

/* A custody holder attended when an attendee is a foraelder of the case. */
static void fill_meetings(extract *x, const ix__gusa_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 0));
        const char *att = ix__gusa_cell(r, i, 1);
        if (!c)
            continue;
        c->meetings++;
        int parent = 0;
        for (const char *p = att; p && *p && !parent;) {
            char *end = NULL;
            long long id = strtoll(p, &end, 10);
            if (end == p)
                break;
            long row = part_row(x, id);
            const char *role = row >= 0 ? ix__gusa_cell(&x->parts, (size_t)row, 3) : NULL;
            parent = role && strcmp(role, "foraelder") == 0 &&
                     ix__gusa_int(&x->parts, (size_t)row, 1) == c->id;
            p = *end == ',' ? end + 1 : end;
        }
        c->meetings_custody += parent;
    }
}

static void fill_feedback(extract *x, const ix__gusa_rows *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        ix_gusa_fact_case *c = case_of(x, ix__gusa_int(r, i, 0));
        for (int q = 0; c && q < 3; q++) {
            long long v = ix__gusa_int(r, i, (size_t)q + 1);
            if (v >= 1 && v <= 5)
                c->feedback[q][v - 1]++;
        }
    }
}

typedef void (*filler)(extract *x, const ix__gusa_rows *r);

static ix_status read_all(ix_gusa_store *s, extract *x, ix_diag *d)
{
    static const struct {
        const char *sql;
        filler fill;
    } steps[] = {{sql_concerns, fill_concerns},       {sql_actions, fill_actions},
                 {sql_invitations, fill_invitations}, {sql_goals, fill_goals},
                 {sql_meetings, fill_meetings},       {sql_feedback, fill_feedback}};
    ix__gusa_rows cases = {0};
    ix_status st = ix__gusa_query(s, sql_cases, NULL, 0, &cases, d);
    if (!st) {
        x->f->cases = calloc(cases.nrows ? cases.nrows : 1, sizeof *x->f->cases);
        if (!x->f->cases)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        else
            fill_cases(x, &cases);
    }
    ix__gusa_rows_free(&cases);
    if (!st)
        st = ix__gusa_query(s, sql_participants, NULL, 0, &x->parts, d);
    if (!st)
        fill_participants(x);
    for (size_t k = 0; !st && k < sizeof steps / sizeof steps[0]; k++) {
        ix__gusa_rows r = {0};
        st = ix__gusa_query(s, steps[k].sql, NULL, 0, &r, d);
        if (!st)
            steps[k].fill(x, &r);
        ix__gusa_rows_free(&r);
    }
    return st;
}

static ix_status load(ix_gusa_store *s, const ix_gusa_actor *a, const char *action,
                      const char *object, const char *purpose, ix_gusa_facts **out, ix_diag *d)
{
    *out = NULL;
    extract x;
    memset(&x, 0, sizeof x);
    x.f = calloc(1, sizeof *x.f);
    if (!x.f)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    char today[11];
    ix__gusa_today(s, today);
    x.f->today = day_of(today);
    ix_status st = ix__gusa_begin(s, d);
    if (!st)
        st = read_all(s, &x, d);
    if (!st)
        st = ix__gusa_audit(s, a, action, object, 0, "", purpose, "ok", d);
    if (!st)
        st = ix__gusa_commit(s, d);
    if (st)
        ix__gusa_rollback(s);
    ix__gusa_rows_free(&x.parts);
    if (st) {
        ix_gusa_facts_free(x.f);
        return st;
    }
    *out = x.f;
    return IX_OK;
}

ix_status ix_gusa_facts_load(ix_gusa_store *s, ix_gusa_facts **out, ix_diag *d)
{
    return load(s, NULL, "export", "facts", "indicators: case facts without names or text", out,
                d);
}

ix_status ix_gusa_facts_for(ix_gusa_store *s, const ix_gusa_actor *a, ix_gusa_facts **out,
                            ix_gusa_err *e)
{
    *out = NULL;
    if (a->kind != IX_GUSA_ACTOR_STAFF ||
        (a->role != IX_GUSA_STAFF_LEDER && a->role != IX_GUSA_STAFF_REVISOR)) {
        ix_status st = ix__gusa_fail(e, 403, NULL, "statistics are for managers and auditors");
        ix_diag ignore;
        ix_diag_clear(&ignore);
        (void)ix_gusa_audit_event(s, a, "read", "statistik:facts", 0, "", "statistik", "denied",
                                  &ignore);
        return st;
    }
    ix_status st = load(s, a, "read", "statistik:facts", "statistik: udgift pr. familie", out, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    e->http = 200;
    return IX_OK;
}
