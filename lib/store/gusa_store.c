/* GUSA's store, the common part: opening and migrating, results as text,
 * transactions, the clock, the audit append (hash chain), people and staff. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef IX_HAVE_OPENSSL
#include <openssl/rand.h>
#endif

#include "gusa_internal.h"
#include "indeks/kommuner.h"
#include "indeks/store.h"

/* ---- results ------------------------------------------------------------- */

void ix__gusa_rows_free(ix__gusa_rows *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nrows * r->ncols; i++)
        free(r->cells[i]);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

const char *ix__gusa_cell(const ix__gusa_rows *r, size_t row, size_t col)
{
    return row < r->nrows && col < r->ncols ? r->cells[row * r->ncols + col] : NULL;
}

long long ix__gusa_int(const ix__gusa_rows *r, size_t row, size_t col)
{
    const char *t = ix__gusa_cell(r, row, col);
    return t ? strtoll(t, NULL, 10) : 0;
}

static int collect(void *ctx, const ix__val *v, size_t n)
{
    ix__gusa_rows *r = ctx;
    if (r->nrows == 0 && r->ncols == 0)
        r->ncols = n;
    if (n != r->ncols)
        return -1;
    if ((r->nrows + 1) * n > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16 * (n ? n : 1);
        while (cap < (r->nrows + 1) * n)
            cap *= 2;
        char **cells = realloc(r->cells, cap * sizeof *cells);
        if (!cells)
            return -1;
        r->cells = cells;
        r->cap = cap;
    }
    char **row = r->cells + r->nrows * n;
    for (size_t i = 0; i < n; i++) {
        char buf[40];
        const char *t = NULL;
        if (v[i].t == IX__V_INT) {
            snprintf(buf, sizeof buf, "%lld", v[i].i);
            t = buf;
        } else if (v[i].t == IX__V_REAL) {
            snprintf(buf, sizeof buf, "%.17g", v[i].r);
            t = buf;
        } else if (v[i].t == IX__V_TEXT)
            t = v[i].s;
        row[i] = NULL;
        if (t) {
            size_t len = strlen(t);
            row[i] = malloc(len + 1);
            if (!row[i]) {
                for (size_t j = 0; j < i; j++)
                    free(row[j]);
                return -1;
            }
            memcpy(row[i], t, len + 1);
        }
    }
    r->nrows++;
    return 0;
}

ix_status ix__gusa_query(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                         ix__gusa_rows *out, ix_diag *d)
{
    return s->ops->query(s->conn, sql, p, n, out ? collect : NULL, out, d);
}

ix_status ix__gusa_scalar(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                          long long *v, ix_diag *d)
{
    ix__gusa_rows r = {0};
    ix_status st = ix__gusa_query(s, sql, p, n, &r, d);
    *v = st || r.nrows == 0 ? 0 : ix__gusa_int(&r, 0, 0);
    ix__gusa_rows_free(&r);
    return st;
}

ix_status ix__gusa_insert(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                          long long *id, ix_diag *d)
{
    return ix__gusa_scalar(s, sql, p, n, id, d);
}

ix_status ix__gusa_begin(ix_gusa_store *s, ix_diag *d)
{
    return s->ops->script(s->conn, s->ops->begin_sql, d);
}

ix_status ix__gusa_commit(ix_gusa_store *s, ix_diag *d)
{
    return s->ops->script(s->conn, "COMMIT", d);
}

void ix__gusa_rollback(ix_gusa_store *s)
{
    s->ops->script(s->conn, "ROLLBACK", NULL);
}

time_t ix__gusa_time(const ix_gusa_store *s)
{
    return s->clock ? s->clock : time(NULL);
}

void ix__gusa_at(const ix_gusa_store *s, long offset, char at[21])
{
    time_t t = ix__gusa_time(s) + (time_t)offset;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(at, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ix__gusa_now(const ix_gusa_store *s, char at[21])
{
    ix__gusa_at(s, 0, at);
}

void ix__gusa_today(const ix_gusa_store *s, char day[11])
{
    char at[21];
    ix__gusa_now(s, at);
    memcpy(day, at, 10);
    day[10] = '\0';
}

ix_status ix__gusa_fail(ix_gusa_err *e, int http, const char *field, const char *fmt, ...)
{
    ix_status st = http >= 500 ? IX_ERR_IO
                   : (http == 404 || http == 410) ? IX_ERR_NOTFOUND
                                                  : IX_ERR_INPUT;
    if (!e)
        return st;
    ix_diag_clear(&e->d);
    e->http = http;
    if (field)
        snprintf(e->d.field, sizeof e->d.field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->d.message, sizeof e->d.message, fmt, ap);
    va_end(ap);
    return st;
}

ix_status ix__gusa_fail_diag(ix_gusa_err *e, ix_status st)
{
    if (e)
        e->http = st == IX_ERR_INPUT ? 400 : st == IX_ERR_NOTFOUND ? 404 : 500;
    return st;
}

ix_status ix__gusa_end(ix_gusa_store *s, ix_status st, ix_gusa_err *e)
{
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        return ix__gusa_fail_diag(e, st);
    }
    return IX_OK;
}

int ix__gusa_token(char hex[65])
{
    unsigned char b[32];
#ifdef IX_HAVE_OPENSSL
    if (RAND_bytes(b, sizeof b) != 1)
        return -1;
#else
    return -1;
#endif
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[b[i] >> 4];
        hex[2 * i + 1] = digits[b[i] & 15];
    }
    hex[64] = '\0';
    return 0;
}

/* ---- the audit chain --------------------------------------------------------- */

static int put_buf(void *ctx, const char *bytes, size_t len)
{
    ix_buf *b = ctx;
    ix_sink s = ix_buf_sink(b);
    ix_sink_put(&s, bytes, len);
    return s.failed ? -1 : 0;
}

ix_status ix__gusa_audit(ix_gusa_store *s, const ix_gusa_actor *a, const char *action,
                         const char *object, long long case_id, const char *subjects,
                         const char *purpose, const char *outcome, ix_diag *d)
{
    ix_status st = IX_OK;
    if (s->pg)
        st = s->ops->script(s->conn, "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE", d);
    ix__gusa_rows last = {0};
    if (!st)
        st = ix__gusa_query(s, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", NULL,
                            0, &last, d);
    if (st) {
        ix__gusa_rows_free(&last);
        return st;
    }
    char prev[65], at[21], hash[65];
    snprintf(prev, sizeof prev, "%s",
             last.nrows ? ix__gusa_cell(&last, 0, 1)
                        : "0000000000000000000000000000000000000000000000000000000000000000");
    long long seq = last.nrows ? ix__gusa_int(&last, 0, 0) + 1 : 1;
    ix__gusa_rows_free(&last);
    ix__gusa_now(s, at);
    const char *kind = ix_gusa_actor_kind_name(a ? a->kind : IX_GUSA_ACTOR_NONE);
    const char *role = a && a->kind == IX_GUSA_ACTOR_STAFF ? ix_gusa_staff_role_name(a->role) : "";
    const char *centre =
        a && a->kind == IX_GUSA_ACTOR_STAFF ? ix_gusa_centre_name(a->centre) : "";
    char org[32] = ""; /* a stakeholder: its role and organisation */
    if (a && a->kind == IX_GUSA_ACTOR_STAKEHOLDER) {
        role = a->editor ? "redaktoer" : "forslagsstiller";
        snprintf(org, sizeof org, "org:%lld", a->org);
        centre = org;
    }
    ix_gusa_audit_row r = {seq,   at,       kind,   a ? a->id : 0,     role ? role : "",
                           centre ? centre : "", action, object, case_id,
                           subjects ? subjects : "", purpose ? purpose : "", outcome, prev};
    ix_buf b;
    ix_buf_init(&b);
    ix_sink sk = {put_buf, &b, 0};
    ix_sink_puts(&sk, prev);
    ix_gusa_audit_canonical(&r, &sk);
    if (sk.failed) {
        ix_buf_free(&b);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    ix_sha256_hex(b.data, b.len, hash);
    ix_buf_free(&b);
    ix__val v[] = {IX__INT(seq),      IX__TEXT(at),      IX__TEXT(kind),     IX__INT(r.actor_id),
                   IX__TEXT(r.actor_role), IX__TEXT(r.actor_centre), IX__TEXT(action),
                   IX__TEXT(object),  IX__INT(case_id),  IX__TEXT(r.subjects), IX__TEXT(r.purpose),
                   IX__TEXT(outcome), IX__TEXT(prev),    IX__TEXT(hash)};
    return ix__gusa_query(s,
                          "INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_role, "
                          "actor_centre, action, object, case_id, subjects, purpose, outcome, "
                          "prev, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                          "$13, $14)",
                          v, 14, NULL, d);
}

/* ---- open and migrate ------------------------------------------------------- */

static ix_status migrate(ix_gusa_store *s, const char *target, int create, ix_diag *d)
{
    const ix__store_ops *o = s->ops;
    long long version = -1, ntables = 0;
    ix_status st;
    if (ix__gusa_scalar(s, "SELECT max(version) FROM schema_version", NULL, 0, &version, NULL) !=
        IX_OK) {
        st = ix__gusa_scalar(s, o->tables_sql, NULL, 0, &ntables, d);
        if (st)
            return st;
        if (ntables > 0)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                               "this is not a GUSA database (it has tables but no "
                               "schema_version): another application's database is left alone");
        version = 0;
        if (!create)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                               "an empty database: run indeks gusa init first");
    } else {
        if (ix__gusa_query(s, "SELECT seq FROM audit_log WHERE seq < 0", NULL, 0, NULL, NULL) !=
            IX_OK)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                               "this is not a GUSA database (an indeks database of editions?): "
                               "GUSA keeps its data in a database of its own");
        if (version > (long long)ix__gusa_migration_count() || version < 1)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                               "the GUSA database has schema_version %lld; this indeks knows 1 "
                               "to %d",
                               version, IX_GUSA_SCHEMA_VERSION);
    }
    if (o->setup_sql && (st = o->script(s->conn, o->setup_sql, d)) != IX_OK)
        return st;
    if (version == (long long)ix__gusa_migration_count())
        return IX_OK;
    if (!create)
        return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                           "the GUSA database has schema_version %lld: run indeks gusa init to "
                           "migrate it to %d",
                           version, IX_GUSA_SCHEMA_VERSION);
    st = o->script(s->conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                   d);
    if (!st)
        st = o->script(s->conn, o->begin_sql, d);
    if (st)
        return st;
    if (s->pg)
        st = o->script(s->conn, "LOCK TABLE schema_version IN EXCLUSIVE MODE", d);
    if (!st)
        st = ix__gusa_scalar(s, "SELECT coalesce(max(version), 0) FROM schema_version", NULL, 0,
                             &version, d);
    for (size_t i = (size_t)(version < 0 ? 0 : version); !st && i < ix__gusa_migration_count(); i++)
        st = ix__gusa_migrate_step(s, i, d);
    if (!st && version < (long long)ix__gusa_migration_count()) {
        st = o->script(s->conn, "DELETE FROM schema_version", d);
        ix__val v = IX__INT(ix__gusa_migration_count());
        if (!st)
            st = ix__gusa_query(s, "INSERT INTO schema_version (version) VALUES ($1)", &v, 1, NULL,
                                d);
        if (!st)
            st = ix__gusa_audit(s, NULL, "write", "schema", 0, "", "migration", "ok", d);
    }
    if (!st)
        return ix__gusa_commit(s, d);
    ix__gusa_rollback(s);
    return st;
}

ix_status ix_gusa_store_open(const char *target, int create, ix_gusa_store **out, ix_diag *d)
{
    *out = NULL;
    if (!target || !target[0])
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "db", "no database given");
#ifndef IX_HAVE_OPENSSL
    return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                       "this build has no SHA-256 for the audit log (install libssl-dev and "
                       "rebuild)");
#endif
    int pg = strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
    if (!pg && !create) {
        struct stat sb;
        if (strcmp(target, ":memory:") == 0 || stat(target, &sb) != 0)
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                               "no GUSA database here: check the name (indeks gusa init makes "
                               "one)");
        if (!S_ISREG(sb.st_mode))
            return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, "db",
                               "not a database file (a directory or a device)");
    }
    ix_gusa_store *s = calloc(1, sizeof *s);
    if (!s)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    s->pg = pg;
    ix_status st = pg ? ix__pg_open(target, &s->ops, &s->conn, d)
                      : ix__sqlite_open(target, 1, &s->ops, &s->conn, d);
    if (!st)
        st = migrate(s, pg ? NULL : target, create, d);
    if (st) {
        ix_gusa_store_close(s);
        return st;
    }
    *out = s;
    return IX_OK;
}

void ix_gusa_store_close(ix_gusa_store *s)
{
    if (!s)
        return;
    if (s->ops)
        s->ops->close(s->conn);
    free(s);
}

const char *ix_gusa_store_backend(const ix_gusa_store *s)
{
    return s->ops->name;
}

void ix_gusa_store_set_clock(ix_gusa_store *s, time_t now)
{
    s->clock = now;
}

/* ---- people ---------------------------------------------------------------- */

ix_status ix__gusa_check_login_id(const char *iss, const char *sub, const char *name,
                                  const char *email, ix_gusa_err *e)
{
    ix_status st = ix_gusa_check_text(iss, 512, "iss", &e->d);
    if (!st)
        st = ix_gusa_check_text(sub, 512, "sub", &e->d);
    if (!st)
        st = ix_gusa_check_text(name, 200, "name", &e->d);
    if (!st && email && (ix_gusa_check_text(email, 254, "email", &e->d) || !strchr(email, '@') ||
                         strchr(email, '\n') || strchr(email, ' ')))
        return ix__gusa_fail(e, 400, "email", "needs an e-mail address such as navn@example.dk");
    return st ? ix__gusa_fail_diag(e, st) : IX_OK;
}

ix_status ix_gusa_person_add(ix_gusa_store *s, const char *iss, const char *sub, const char *name,
                             const char *email, int kommune, const ix_gusa_child_in *children,
                             size_t nchildren, long long self_child, long long *id,
                             long long *child_ids, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    ix_status st = ix__gusa_check_login_id(iss, sub, name, email, e);
    if (st)
        return st;
    if (!ix_kommune_find(kommune))
        return ix__gusa_fail(e, 400, "kommune", "%d is not a municipality code", kommune);
    for (size_t i = 0; i < nchildren; i++) {
        if ((st = ix_gusa_check_text(children[i].name, 200, "child.name", &e->d)) != IX_OK ||
            (st = ix_gusa_check_date(children[i].born, "child.born", &e->d)) != IX_OK)
            return ix__gusa_fail_diag(e, st);
    }
    char at[21];
    ix__gusa_now(s, at);
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    long long have = 0;
    ix__val k[] = {IX__TEXT(iss), IX__TEXT(sub)};
    st = ix__gusa_scalar(s, "SELECT count(*) FROM person WHERE iss = $1 AND sub = $2", k, 2, &have,
                         &e->d);
    if (!st && have) {
        ix__gusa_rollback(s);
        return ix__gusa_fail(e, 409, "sub", "a person with this iss and sub is already known");
    }
    ix__val v[] = {IX__TEXT(iss), IX__TEXT(sub), IX__TEXT(name), IX__TEXT(email), IX__INT(kommune),
                   IX__TEXT(at)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO person (iss, sub, name, email, kommune, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             v, 6, id, &e->d);
    if (!st && self_child) {
        ix__val c[] = {IX__INT(self_child)};
        long long free_child = 0;
        st = ix__gusa_scalar(s, "SELECT count(*) FROM child WHERE id = $1 AND person_id IS NULL", c,
                             1, &free_child, &e->d);
        if (!st && !free_child) {
            ix__gusa_rollback(s);
            return ix__gusa_fail(e, 400, "self_child",
                                 "no child %lld without a login of its own", self_child);
        }
        ix__val u[] = {IX__INT(*id), IX__INT(self_child)};
        if (!st)
            st = ix__gusa_query(s, "UPDATE child SET person_id = $1 WHERE id = $2", u, 2, NULL,
                                &e->d);
    }
    char subjects[64];
    snprintf(subjects, sizeof subjects, "p%lld", *id);
    for (size_t i = 0; !st && i < nchildren; i++) {
        ix__val c[] = {IX__TEXT(children[i].name), IX__TEXT(children[i].born), IX__INT(kommune)};
        st = ix__gusa_insert(s,
                             "INSERT INTO child (name, born, kommune) VALUES ($1, $2, $3) "
                             "RETURNING id",
                             c, 3, &child_ids[i], &e->d);
        ix__val cu[] = {IX__INT(child_ids[i]), IX__INT(*id)};
        if (!st)
            st = ix__gusa_query(s, "INSERT INTO custody (child_id, person_id) VALUES ($1, $2)", cu,
                                2, NULL, &e->d);
    }
    if (!st)
        st = ix__gusa_audit(s, NULL, "write", "person", 0, subjects, "administration", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_gusa_staff_add(ix_gusa_store *s, const char *iss, const char *sub, const char *name,
                            const char *email, ix_gusa_staff_role role, ix_gusa_centre centre,
                            long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 201;
    ix_status st = ix__gusa_check_login_id(iss, sub, name, email, e);
    if (st)
        return st;
    if (!ix_gusa_staff_role_name(role))
        return ix__gusa_fail(e, 400, "role", "must be medarbejder, myndighed, leder or revisor");
    if (!ix_gusa_centre_name(centre))
        return ix__gusa_fail(e, 400, "centre",
                             "must be boern-laering, familie-forebyggelse, arbejdsmarked, social "
                             "or sundhed-omsorg");
    char at[21];
    ix__gusa_now(s, at);
    if ((st = ix__gusa_begin(s, &e->d)) != IX_OK)
        return ix__gusa_fail_diag(e, st);
    long long have = 0;
    ix__val k[] = {IX__TEXT(iss), IX__TEXT(sub)};
    st = ix__gusa_scalar(s, "SELECT count(*) FROM staff WHERE iss = $1 AND sub = $2", k, 2, &have,
                         &e->d);
    if (!st && have) {
        ix__gusa_rollback(s);
        return ix__gusa_fail(e, 409, "sub", "a staff member with this iss and sub is already known");
    }
    ix__val v[] = {IX__TEXT(iss),  IX__TEXT(sub), IX__TEXT(name), IX__TEXT(email),
                   IX__TEXT(ix_gusa_staff_role_name(role)), IX__TEXT(ix_gusa_centre_name(centre)),
                   IX__TEXT(at)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO staff (iss, sub, name, email, role, centre, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                             v, 7, id, &e->d);
    if (!st)
        st = ix__gusa_audit(s, NULL, "write", "staff", 0, "", "administration", "ok", &e->d);
    return ix__gusa_end(s, st, e);
}

ix_status ix_gusa_actor_find(ix_gusa_store *s, ix_gusa_actor_kind kind, const char *iss,
                             const char *sub, ix_gusa_actor *out, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    memset(out, 0, sizeof *out);
    ix__val k[] = {IX__TEXT(iss), IX__TEXT(sub)};
    ix__gusa_rows r = {0};
    const char *sql =
        kind == IX_GUSA_ACTOR_STAFF ? "SELECT id, role, centre FROM staff WHERE iss = $1 AND sub = $2"
        : kind == IX_GUSA_ACTOR_STAKEHOLDER
            ? "SELECT id, role, organisation_id FROM stakeholder WHERE iss = $1 AND sub = $2"
            : "SELECT id, '', '' FROM person WHERE iss = $1 AND sub = $2";
    ix_status st = ix__gusa_query(s, sql, k, 2, &r, &e->d);
    if (st) {
        ix__gusa_rows_free(&r);
        return ix__gusa_fail_diag(e, st);
    }
    if (r.nrows == 0) {
        ix__gusa_rows_free(&r);
        return kind == IX_GUSA_ACTOR_PERSON ? ix__gusa_fail(e, 404, "sub", "unknown person")
                                            : ix__gusa_fail(e, 403, "sub", "unknown %s: refused",
                                                            kind == IX_GUSA_ACTOR_STAFF
                                                                ? "staff member"
                                                                : "stakeholder");
    }
    out->kind = kind;
    out->id = ix__gusa_int(&r, 0, 0);
    if (kind == IX_GUSA_ACTOR_STAKEHOLDER) {
        out->editor = strcmp(ix__gusa_cell(&r, 0, 1), "redaktoer") == 0;
        out->org = ix__gusa_int(&r, 0, 2);
    } else {
        out->role = ix_gusa_staff_role_parse(ix__gusa_cell(&r, 0, 1));
        out->centre = ix_gusa_centre_parse(ix__gusa_cell(&r, 0, 2));
    }
    ix__gusa_rows_free(&r);
    e->http = 200;
    return IX_OK;
}

ix_status ix_gusa_audit_event(ix_gusa_store *s, const ix_gusa_actor *a, const char *action,
                              const char *object, long long case_id, const char *subjects,
                              const char *purpose, const char *outcome, ix_diag *d)
{
    ix_status st = ix__gusa_begin(s, d);
    if (!st)
        st = ix__gusa_audit(s, a, action, object, case_id, subjects, purpose, outcome, d);
    if (!st)
        st = ix__gusa_commit(s, d);
    if (st)
        ix__gusa_rollback(s);
    return st;
}
