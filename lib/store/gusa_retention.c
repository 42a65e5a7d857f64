/* GUSA's retention (docs/gusa.md, "Retention"): closed cases some years
 * after the closing year, invitations, sessions and login flows at expiry,
 * audit rows after five years. A dry run counts; apply deletes in one
 * transaction and leaves one anonymised statistics row per deleted case. */
#include <stdio.h>
#include <string.h>

#include "gusa_internal.h"

/* Deleting a case: the tables that point at others first. */
static const char *const case_deletes[] = {
    "DELETE FROM feedback WHERE case_id = $1",  "DELETE FROM followup WHERE case_id = $1",
    "DELETE FROM concern WHERE case_id = $1",   "DELETE FROM resource WHERE case_id = $1",
    "DELETE FROM goal WHERE case_id = $1",      "DELETE FROM action WHERE case_id = $1",
    "DELETE FROM meeting WHERE case_id = $1",   "DELETE FROM consent WHERE case_id = $1",
    "DELETE FROM invitation WHERE case_id = $1", "DELETE FROM participant WHERE case_id = $1",
    "DELETE FROM gusa_case WHERE id = $1",
};

static ix_status delete_case(ix_gusa_store *s, long long id, const char *at, ix_diag *d)
{
    ix__val k = IX__INT(id);
    ix__gusa_rows r = {0};
    ix_status st = ix__gusa_query(
        s,
        "SELECT c.kommune, CAST(substr(c.opened_at, 1, 4) AS INTEGER), "
        "CAST(substr(c.closed_at, 1, 4) AS INTEGER), c.outcome, "
        "(SELECT max(ladder_step) FROM action a WHERE a.case_id = c.id), "
        "(SELECT count(*) FROM action a WHERE a.case_id = c.id), "
        "(SELECT coalesce(sum(cost_dkk), 0) FROM action a WHERE a.case_id = c.id), "
        "(SELECT count(*) FROM meeting m WHERE m.case_id = c.id) FROM gusa_case c WHERE c.id = $1",
        &k, 1, &r, d);
    if (!st && r.nrows == 1) {
        ix__val v[] = {IX__INT(ix__gusa_int(&r, 0, 0)), IX__INT(ix__gusa_int(&r, 0, 1)),
                       IX__INT(ix__gusa_int(&r, 0, 2)), IX__TEXT(ix__gusa_cell(&r, 0, 3)),
                       ix__gusa_cell(&r, 0, 4) ? IX__INT(ix__gusa_int(&r, 0, 4)) : IX__NULLV,
                       IX__INT(ix__gusa_int(&r, 0, 5)), IX__INT(ix__gusa_int(&r, 0, 6)),
                       IX__INT(ix__gusa_int(&r, 0, 7)), IX__TEXT(at)};
        st = ix__gusa_query(s,
                            "INSERT INTO case_stat (kommune, opened_year, closed_year, outcome, "
                            "max_ladder_step, n_actions, cost_dkk, n_meetings, deleted_at) VALUES "
                            "($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            v, 9, NULL, d);
    }
    ix__gusa_rows_free(&r);
    for (size_t i = 0; !st && i < sizeof case_deletes / sizeof case_deletes[0]; i++)
        st = ix__gusa_query(s, case_deletes[i], &k, 1, NULL, d);
    if (!st)
        st = ix__gusa_audit(s, NULL, "write", "retention", id, "", "retention", "ok", d);
    return st;
}

ix_status ix_gusa_retention_run(ix_gusa_store *s, ix_gusa_retention *r, ix_diag *d)
{
    if (r->case_years < 1 || r->case_years > 100)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "case_years", "must be 1 to 100");
    if (r->audit_years < 5 || r->audit_years > 100)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "audit_years",
                           "must be 5 to 100 (the database keeps audit rows five years)");
    char at[21], case_cut[21], audit_cut[21];
    ix__gusa_now(s, at);
    long year = (at[0] - '0') * 1000L + (at[1] - '0') * 100L + (at[2] - '0') * 10L + (at[3] - '0');
    /* closed in year Y: due once Y + case_years has ended */
    /* years before 0000 cannot be stored: clamp (and tell the compiler the
     * cut-offs keep their four digits) */
    long case_year = year - r->case_years + 1, audit_year = year - r->audit_years;
    unsigned cy = case_year < 0 ? 0u : (unsigned)(case_year % 10000);
    unsigned ay = audit_year < 0 ? 0u : (unsigned)(audit_year % 10000);
    snprintf(case_cut, sizeof case_cut, "%04u-01-01", cy % 10000u);
    snprintf(audit_cut, sizeof audit_cut, "%04u%.16s", ay % 10000u, at + 4);
    r->cases = r->invitations = r->sessions = r->login_flows = r->audit_rows = 0;
    ix_status st = ix__gusa_begin(s, d);
    if (st)
        return st;
    ix__val cc = IX__TEXT(case_cut), now = IX__TEXT(at), ac = IX__TEXT(audit_cut);
    char today[11];
    ix__gusa_today(s, today);
    ix__val td = IX__TEXT(today);
    ix__gusa_rows due = {0};
    st = ix__gusa_query(s,
                        "SELECT id FROM gusa_case WHERE status = 'closed' AND closed_at < $1 "
                        "ORDER BY id",
                        &cc, 1, &due, d);
    r->cases = (long long)due.nrows;
    if (!st)
        st = ix__gusa_scalar(s, "SELECT count(*) FROM invitation WHERE expires_at < $1", &td, 1,
                             &r->invitations, d);
    if (!st)
        st = ix__gusa_scalar(s,
                             "SELECT count(*) FROM session WHERE expires_at < $1 OR ended_at IS NOT "
                             "NULL",
                             &now, 1, &r->sessions, d);
    if (!st)
        st = ix__gusa_scalar(s, "SELECT count(*) FROM login_flow WHERE expires_at < $1", &now, 1,
                             &r->login_flows, d);
    if (!st)
        st = ix__gusa_scalar(s, "SELECT count(*) FROM audit_log WHERE at < $1", &ac, 1,
                             &r->audit_rows, d);
    if (!st && r->apply) {
        /* audit rows first: the rows this run appends are new */
        st = ix__gusa_query(s, "DELETE FROM audit_log WHERE at < $1", &ac, 1, NULL, d);
        for (size_t i = 0; !st && i < due.nrows; i++)
            st = delete_case(s, ix__gusa_int(&due, i, 0), at, d);
        if (!st)
            st = ix__gusa_query(s, "DELETE FROM invitation WHERE expires_at < $1", &td, 1, NULL, d);
        if (!st)
            st = ix__gusa_query(s, "DELETE FROM session WHERE expires_at < $1 OR ended_at IS NOT NULL",
                                &now, 1, NULL, d);
        if (!st)
            st = ix__gusa_query(s, "DELETE FROM login_flow WHERE expires_at < $1", &now, 1, NULL, d);
        if (!st)
            st = ix__gusa_audit(s, NULL, "write", "retention", 0, "", "retention", "ok", d);
    }
    ix__gusa_rows_free(&due);
    if (!st)
        st = r->apply ? ix__gusa_commit(s, d) : (ix__gusa_rollback(s), IX_OK);
    if (st)
        ix__gusa_rollback(s);
    return st;
}
