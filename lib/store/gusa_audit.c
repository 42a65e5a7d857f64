/* GUSA's audit log read back (verify the chain, a case's rows, a person's
 * look-ups) and the statistics with small-cell suppression. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gusa_internal.h"
#include "indeks/escape.h"
#include "indeks/store.h"

static const char zeros[] = "0000000000000000000000000000000000000000000000000000000000000000";

static int put_buf(void *ctx, const char *bytes, size_t len)
{
    ix_buf *b = ctx;
    ix_sink s = ix_buf_sink(b);
    ix_sink_put(&s, bytes, len);
    return s.failed ? -1 : 0;
}

ix_status ix_gusa_audit_verify(ix_gusa_store *s, ix_gusa_verify *out, ix_diag *d)
{
    memset(out, 0, sizeof *out);
    out->ok = 1;
    long long after = 0, expect_seq = 0;
    char prev_hash[65] = "";
    ix_buf b;
    ix_buf_init(&b);
    for (;;) {
        ix__val k = IX__INT(after);
        ix__gusa_rows r = {0};
        ix_status st = ix__gusa_query(s,
                                      "SELECT seq, at, actor_kind, actor_id, actor_role, "
                                      "actor_centre, action, object, case_id, subjects, purpose, "
                                      "outcome, prev, hash FROM audit_log WHERE seq > $1 "
                                      "ORDER BY seq LIMIT 5000",
                                      &k, 1, &r, d);
        if (st) {
            ix__gusa_rows_free(&r);
            ix_buf_free(&b);
            return st;
        }
        for (size_t i = 0; i < r.nrows && out->ok; i++) {
            ix_gusa_audit_row row = {ix__gusa_int(&r, i, 0),  ix__gusa_cell(&r, i, 1),
                                     ix__gusa_cell(&r, i, 2), ix__gusa_int(&r, i, 3),
                                     ix__gusa_cell(&r, i, 4), ix__gusa_cell(&r, i, 5),
                                     ix__gusa_cell(&r, i, 6), ix__gusa_cell(&r, i, 7),
                                     ix__gusa_int(&r, i, 8),  ix__gusa_cell(&r, i, 9),
                                     ix__gusa_cell(&r, i, 10), ix__gusa_cell(&r, i, 11),
                                     ix__gusa_cell(&r, i, 12)};
            const char *stored = ix__gusa_cell(&r, i, 13);
            if (out->rows == 0) {
                out->first_seq = row.seq;
                /* the first row of a log retention never cut links to zeros */
                if (row.seq == 1 && strcmp(row.prev ? row.prev : "", zeros) != 0) {
                    out->ok = 0;
                    snprintf(out->why, sizeof out->why, "the first row does not start the chain");
                }
            } else if (row.seq != expect_seq) {
                out->ok = 0;
                snprintf(out->why, sizeof out->why, "row %lld is missing", expect_seq);
            } else if (strcmp(row.prev ? row.prev : "", prev_hash) != 0) {
                out->ok = 0;
                snprintf(out->why, sizeof out->why, "prev does not match the row before");
            }
            char hash[65];
            b.len = 0;
            ix_sink sk = {put_buf, &b, 0};
            ix_sink_puts(&sk, row.prev ? row.prev : "");
            ix_gusa_audit_canonical(&row, &sk);
            if (sk.failed) {
                ix__gusa_rows_free(&r);
                ix_buf_free(&b);
                return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            }
            ix_sha256_hex(b.data, b.len, hash);
            if (out->ok && strcmp(hash, stored ? stored : "") != 0) {
                out->ok = 0;
                snprintf(out->why, sizeof out->why, "the row's content does not match its hash");
            }
            if (!out->ok) {
                out->bad_seq = row.seq;
                break;
            }
            snprintf(prev_hash, sizeof prev_hash, "%s", stored);
            expect_seq = row.seq + 1;
            out->rows++;
            after = row.seq;
        }
        size_t n = r.nrows;
        ix__gusa_rows_free(&r);
        if (!out->ok || n < 5000)
            break;
    }
    ix_buf_free(&b);
    return IX_OK;
}

static void jstr(ix_sink *j, const char *t)
{
    if (t)
        ix_json_string(j, t);
    else
        ix_sink_puts(j, "null");
}

ix_status ix_gusa_audit_case(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             ix_sink *j, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if (ix_gusa_may_read_audit(a) != 200) {
        st = ix__gusa_audit(s, a, "read", "audit", case_id, "", "audit", "denied", &e->d);
        if (!st)
            st = ix__gusa_commit(s, &e->d);
        if (st) {
            ix__gusa_rollback(s);
            return ix__gusa_fail_diag(e, st);
        }
        return ix__gusa_fail(e, 403, NULL, "only revisor reads the audit log");
    }
    ix__val k = IX__INT(case_id);
    ix__gusa_rows r = {0};
    st = ix__gusa_query(s,
                        "SELECT seq, at, actor_kind, actor_id, actor_role, actor_centre, action, "
                        "object, case_id, subjects, purpose, outcome, hash FROM audit_log "
                        "WHERE case_id = $1 ORDER BY seq",
                        &k, 1, &r, &e->d);
    if (!st) {
        ix_sink_puts(j, "{\"rows\":[");
        for (size_t i = 0; i < r.nrows; i++) {
            ix_sink_printf(j, "%s{\"seq\":%s,\"at\":", i ? "," : "", ix__gusa_cell(&r, i, 0));
            jstr(j, ix__gusa_cell(&r, i, 1));
            ix_sink_puts(j, ",\"actor\":{\"kind\":");
            jstr(j, ix__gusa_cell(&r, i, 2));
            ix_sink_printf(j, ",\"id\":%s,\"role\":", ix__gusa_cell(&r, i, 3));
            jstr(j, ix__gusa_cell(&r, i, 4));
            ix_sink_puts(j, ",\"centre\":");
            jstr(j, ix__gusa_cell(&r, i, 5));
            ix_sink_puts(j, "},\"action\":");
            jstr(j, ix__gusa_cell(&r, i, 6));
            ix_sink_puts(j, ",\"object\":");
            jstr(j, ix__gusa_cell(&r, i, 7));
            ix_sink_printf(j, ",\"case_id\":%s,\"subjects\":", ix__gusa_cell(&r, i, 8));
            jstr(j, ix__gusa_cell(&r, i, 9));
            ix_sink_puts(j, ",\"purpose\":");
            jstr(j, ix__gusa_cell(&r, i, 10));
            ix_sink_puts(j, ",\"outcome\":");
            jstr(j, ix__gusa_cell(&r, i, 11));
            ix_sink_puts(j, ",\"hash\":");
            jstr(j, ix__gusa_cell(&r, i, 12));
            ix_sink_puts(j, "}");
        }
        ix_sink_puts(j, "]}\n");
    }
    ix__gusa_rows_free(&r);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "audit", case_id, "", "audit", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

typedef struct {
    long long seq;
    size_t row;
} seq_at;

static int by_seq(const void *x, const void *y)
{
    const seq_at *a = x, *b = y;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* The look-ups of person_id's data and their children's, as JSON. */
static ix_status lookups(ix_gusa_store *s, long long person_id, ix_sink *j, ix_diag *d)
{
    ix__val k = IX__INT(person_id);
    ix__gusa_rows kids = {0}, r = {0};
    ix_status st = ix__gusa_query(s, "SELECT child_id FROM custody WHERE person_id = $1 ORDER BY 1",
                                  &k, 1, &kids, d);
    for (size_t i = 0; !st && i <= kids.nrows; i++) {
        char pat[48];
        if (i == kids.nrows)
            snprintf(pat, sizeof pat, "%%,p%lld,%%", person_id);
        else
            snprintf(pat, sizeof pat, "%%,c%lld,%%", ix__gusa_int(&kids, i, 0));
        ix__val v = IX__TEXT(pat);
        st = ix__gusa_query(s,
                            "SELECT seq, at, action, object, case_id, outcome, actor_kind, "
                            "actor_role, actor_centre, actor_id FROM audit_log "
                            "WHERE (',' || subjects || ',') LIKE $1 AND action IN ('read', 'export') "
                            "ORDER BY seq",
                            &v, 1, &r, d);
    }
    ix__gusa_rows_free(&kids);
    seq_at *order = st ? NULL : calloc(r.nrows + 1, sizeof *order);
    if (!st && !order)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        for (size_t i = 0; i < r.nrows; i++)
            order[i] = (seq_at){ix__gusa_int(&r, i, 0), i};
        qsort(order, r.nrows, sizeof *order, by_seq);
        ix_sink_puts(j, "{\"rows\":[");
        int first = 1;
        for (size_t n = 0; n < r.nrows; n++) {
            if (n && order[n].seq == order[n - 1].seq)
                continue; /* found through two patterns */
            size_t i = order[n].row;
            ix_sink_puts(j, first ? "{\"at\":" : ",{\"at\":");
            first = 0;
            jstr(j, ix__gusa_cell(&r, i, 1));
            ix_sink_puts(j, ",\"action\":");
            jstr(j, ix__gusa_cell(&r, i, 2));
            ix_sink_puts(j, ",\"object\":");
            jstr(j, ix__gusa_cell(&r, i, 3));
            ix_sink_printf(j, ",\"case_id\":%s,\"outcome\":", ix__gusa_cell(&r, i, 4));
            jstr(j, ix__gusa_cell(&r, i, 5));
            const char *kind = ix__gusa_cell(&r, i, 6);
            int self = kind && strcmp(kind, "person") == 0 && ix__gusa_int(&r, i, 9) == person_id;
            /* role and centre of the reader, never an employee's name or id */
            ix_sink_puts(j, ",\"reader\":{\"kind\":");
            jstr(j, kind);
            ix_sink_puts(j, ",\"role\":");
            jstr(j, ix__gusa_cell(&r, i, 7));
            ix_sink_puts(j, ",\"centre\":");
            jstr(j, ix__gusa_cell(&r, i, 8));
            ix_sink_printf(j, ",\"self\":%s}}", self ? "true" : "false");
        }
        ix_sink_puts(j, "]}\n");
    }
    free(order);
    ix__gusa_rows_free(&r);
    return st;
}

ix_status ix_gusa_audit_me(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *j, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    if (a->kind != IX_GUSA_ACTOR_PERSON)
        return ix__gusa_fail(e, 403, NULL, "the look-ups of one's data are for citizens");
    char subjects[32];
    snprintf(subjects, sizeof subjects, "p%lld", a->id);
    ix_status st = ix__gusa_begin(s, &e->d);
    if (!st)
        st = lookups(s, a->id, j, &e->d);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "audit", 0, subjects, "insight (GDPR art. 15)", "ok",
                            &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_gusa_audit_export_person(ix_gusa_store *s, long long person_id, ix_sink *j,
                                      ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    char subjects[32];
    snprintf(subjects, sizeof subjects, "p%lld", person_id);
    ix_status st = ix__gusa_begin(s, &e->d);
    long long have = 0;
    ix__val k = IX__INT(person_id);
    if (!st)
        st = ix__gusa_scalar(s, "SELECT count(*) FROM person WHERE id = $1", &k, 1, &have, &e->d);
    if (!st && !have) {
        ix__gusa_rollback(s);
        return ix__gusa_fail(e, 404, "person", "no person %lld", person_id);
    }
    if (!st)
        st = lookups(s, person_id, j, &e->d);
    if (!st)
        st = ix__gusa_audit(s, NULL, "export", "audit", 0, subjects, "insight (GDPR art. 15)",
                            "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

/* ---- statistics --------------------------------------------------------------- */

static const char *const stat_sql[][2] = {
    {"kommune", "SELECT CAST(kommune AS TEXT), count(*) FROM (SELECT kommune FROM gusa_case "
                "UNION ALL SELECT kommune FROM case_stat) t GROUP BY kommune ORDER BY kommune"},
    {"status", "SELECT status, count(*) FROM gusa_case GROUP BY status ORDER BY status"},
    {"outcome", "SELECT outcome, count(*) FROM (SELECT outcome FROM gusa_case WHERE status = "
                "'closed' UNION ALL SELECT outcome FROM case_stat) t GROUP BY outcome "
                "ORDER BY outcome"},
    {"ladder_step",
     "SELECT coalesce(CAST(m AS TEXT), 'ingen'), count(*) FROM (SELECT (SELECT max(ladder_step) "
     "FROM action a WHERE a.case_id = c.id) AS m FROM gusa_case c UNION ALL SELECT "
     "max_ladder_step FROM case_stat) t GROUP BY m ORDER BY m"},
    {"opened_by", "SELECT coalesce(s.centre, 'familie'), count(*) FROM gusa_case c LEFT JOIN staff s "
                  "ON c.opener_kind = 'staff' AND s.id = c.opener_id GROUP BY 1 ORDER BY 1"},
};

ix_status ix_gusa_stats(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *j, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    if (ix_gusa_may_read_stats(a) != 200) {
        st = ix__gusa_audit(s, a, "read", "stats", 0, "", "statistics", "denied", &e->d);
        if (!st)
            st = ix__gusa_commit(s, &e->d);
        if (st) {
            ix__gusa_rollback(s);
            return ix__gusa_fail_diag(e, st);
        }
        return ix__gusa_fail(e, 403, NULL, "statistics are for leder and revisor");
    }
    size_t nq = sizeof stat_sql / sizeof stat_sql[0];
    ix__gusa_rows r[sizeof stat_sql / sizeof stat_sql[0]];
    memset(r, 0, sizeof r);
    size_t ncells = 0;
    for (size_t q = 0; !st && q < nq; q++) {
        st = ix__gusa_query(s, stat_sql[q][1], NULL, 0, &r[q], &e->d);
        ncells += r[q].nrows;
    }
    ix_gusa_cell *cells = st ? NULL : calloc(ncells + 1, sizeof *cells);
    if (!st && !cells)
        st = ix_diag_set(&e->d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        size_t n = 0;
        for (size_t q = 0; q < nq; q++)
            for (size_t i = 0; i < r[q].nrows; i++) {
                const char *key = ix__gusa_cell(&r[q], i, 0);
                cells[n++] = (ix_gusa_cell){stat_sql[q][0], key ? key : "ukendt",
                                            (long)ix__gusa_int(&r[q], i, 1), 0};
            }
        ix_gusa_suppress(cells, n);
        ix_sink_puts(j, "{\"label\":\"counts of cases; 1-4 suppressed\",\"cells\":[");
        for (size_t i = 0; i < n; i++) {
            ix_sink_printf(j, "%s{\"dimension\":\"%s\",\"key\":", i ? "," : "", cells[i].dimension);
            jstr(j, cells[i].key);
            if (cells[i].suppressed)
                ix_sink_puts(j, ",\"count\":null,\"suppressed\":true}");
            else
                ix_sink_printf(j, ",\"count\":%ld,\"suppressed\":false}", cells[i].count);
        }
        ix_sink_puts(j, "]}\n");
    }
    free(cells);
    for (size_t q = 0; q < nq; q++)
        ix__gusa_rows_free(&r[q]);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "stats", 0, "", "statistics", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}
