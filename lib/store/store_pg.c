/* The PostgreSQL backend of the store (see store_backend.h), through libpq.
 *
 * Values travel as text in both directions: doubles are sent with 17
 * significant digits and read back with strtod (PostgreSQL 12 and later
 * print float8 in the shortest form that reads back exactly), so numbers
 * survive the trip to the last bit.
 *
 * Statements are prepared once per connection and kept in a small cache
 * keyed by the SQL text's address and checked against the text (as the
 * SQLite backend does): a GUSA request runs about twenty statements, and
 * parsing and planning each again was most of its time. A script that
 * changes the schema (CREATE, ALTER, DROP) empties the cache. */
#include "store_backend.h"

#ifdef IX_HAVE_PG

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type oids from pg_type.h (stable across versions). */
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701

#define PG_CACHE 64

typedef struct {
    PGconn *c;
    const char *keys[PG_CACHE];
    char *texts[PG_CACHE];
    char names[PG_CACHE][24];
    unsigned long made; /* statements prepared so far: names are unique */
} pg_conn;

static const char migration_1[] =
    "CREATE TABLE edition (\n"
    "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('socio','composite','series')),\n"
    "  created TEXT NOT NULL,\n"
    "  model_name TEXT, model_text TEXT, note TEXT,\n"
    "  value_column TEXT NOT NULL,\n"
    "  separator TEXT NOT NULL, decimal_mark TEXT NOT NULL,\n"
    "  nrows INTEGER NOT NULL);\n"
    "CREATE TABLE edition_input (\n"
    "  edition_id BIGINT NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  role TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL,\n"
    "  PRIMARY KEY (edition_id, ord));\n"
    "CREATE TABLE edition_column (\n"
    "  edition_id BIGINT NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL, role TEXT NOT NULL, extra INTEGER,\n"
    "  PRIMARY KEY (edition_id, ord));\n"
    "CREATE TABLE result (\n"
    "  edition_id BIGINT NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  code TEXT NOT NULL, kommune INTEGER, name TEXT NOT NULL, year INTEGER NOT NULL,\n"
    "  value DOUBLE PRECISION, rank BIGINT,\n"
    "  PRIMARY KEY (edition_id, ord));\n"
    "CREATE INDEX result_kommune ON result (kommune, edition_id);\n"
    "CREATE TABLE result_extra (\n"
    "  edition_id BIGINT NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  extra INTEGER NOT NULL, num DOUBLE PRECISION, txt TEXT,\n"
    "  PRIMARY KEY (edition_id, ord, extra));\n"
    "CREATE FUNCTION ix_append_only() RETURNS trigger LANGUAGE plpgsql AS\n"
    "  $f$ BEGIN RAISE EXCEPTION 'editions are append-only'; END $f$;\n"
    "CREATE TRIGGER edition_append_only BEFORE UPDATE OR DELETE ON edition\n"
    "  FOR EACH ROW EXECUTE FUNCTION ix_append_only();\n"
    "CREATE TRIGGER result_append_only BEFORE UPDATE OR DELETE ON result\n"
    "  FOR EACH ROW EXECUTE FUNCTION ix_append_only();\n";

/* Schema version 2: one SHA-256 per edition over everything stored for it
 * (see ix__edition_digest), checked whenever the edition is read. */
static const char migration_2[] =
    "CREATE TABLE edition_check (\n"
    "  edition_id BIGINT PRIMARY KEY REFERENCES edition(id),\n"
    "  sha256 TEXT NOT NULL);\n";

/* Schema version 3: named texts per edition (its notes, whether higher is
 * better, the IMETA and IDATA of a composite index), covered by the checksum. */
static const char migration_3[] =
    "CREATE TABLE edition_attr (\n"
    "  edition_id BIGINT NOT NULL REFERENCES edition(id),\n"
    "  name TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  PRIMARY KEY (edition_id, name));\n"
    "CREATE TRIGGER edition_attr_append_only BEFORE UPDATE ON edition_attr\n"
    "  FOR EACH ROW EXECUTE FUNCTION ix_append_only();\n";

static const char *const migrations[] = {migration_1, migration_2, migration_3};

static ix_status fail(PGconn *c, const PGresult *r, const char *what, ix_diag *d)
{
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
    char text[512];
    snprintf(text, sizeof text, "%s", msg && msg[0] ? msg : "unknown error");
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    return ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "PostgreSQL: %s: %s", what, text);
}

static void forget(pg_conn *p, size_t slot)
{
    if (!p->keys[slot])
        return;
    char sql[48];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", p->names[slot]);
    PQclear(PQexec(p->c, sql));
    free(p->texts[slot]);
    p->keys[slot] = NULL;
    p->texts[slot] = NULL;
}

/* The name of sql's prepared statement, preparing it when it is new; NULL
 * (and d set) when PostgreSQL refuses it. */
static const char *prepared(pg_conn *p, const char *sql, int nparams, ix_status *st, ix_diag *d)
{
    size_t slot = ix__stmt_slot(sql, PG_CACHE);
    if (ix__stmt_hit(p->keys[slot], p->texts[slot], sql))
        return p->names[slot];
    forget(p, slot);
    size_t len = strlen(sql) + 1;
    char *copy = malloc(len);
    if (!copy) {
        *st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        return NULL;
    }
    memcpy(copy, sql, len);
    snprintf(p->names[slot], sizeof p->names[slot], "ix_%lu", ++p->made);
    PGresult *r = PQprepare(p->c, p->names[slot], sql, nparams, NULL);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        *st = fail(p->c, r, "preparing a statement", d);
        PQclear(r);
        free(copy);
        return NULL;
    }
    PQclear(r);
    p->keys[slot] = sql;
    p->texts[slot] = copy;
    return p->names[slot];
}

static ix_status query(void *conn, const char *sql, const ix__val *params, size_t nparams,
                       ix__row_fn fn, void *ctx, ix_diag *d)
{
    pg_conn *p = conn;
    PGconn *c = p->c;
    enum { MAXP = 16 };
    char bufs[MAXP][40];
    const char *values[MAXP];
    if (nparams > MAXP)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "too many parameters");
    for (size_t i = 0; i < nparams; i++) {
        switch (params[i].t) {
        case IX__V_NULL: values[i] = NULL; break;
        case IX__V_INT:
            snprintf(bufs[i], sizeof bufs[i], "%lld", params[i].i);
            values[i] = bufs[i];
            break;
        case IX__V_REAL:
            snprintf(bufs[i], sizeof bufs[i], "%.17g", params[i].r);
            values[i] = bufs[i];
            break;
        case IX__V_TEXT: values[i] = params[i].s; break;
        }
    }
    ix_status pst = IX_OK;
    const char *name = prepared(p, sql, (int)nparams, &pst, d);
    if (!name)
        return pst;
    PGresult *r = PQexecPrepared(c, name, (int)nparams, values, NULL, NULL, 0);
    ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
        ix_status st = fail(c, r, "running a statement", d);
        PQclear(r);
        return st;
    }
    ix_status st = IX_OK;
    int nrows = PQntuples(r), ncols = PQnfields(r);
    if (ncols > 32)
        ncols = 32;
    ix__val row[32];
    for (int k = 0; k < nrows && fn && !st; k++) {
        for (int i = 0; i < ncols; i++) {
            if (PQgetisnull(r, k, i)) {
                row[i] = IX__NULLV;
                continue;
            }
            const char *text = PQgetvalue(r, k, i);
            switch (PQftype(r, i)) {
            case OID_INT2:
            case OID_INT4:
            case OID_INT8: row[i] = IX__INT(strtoll(text, NULL, 10)); break;
            case OID_FLOAT4:
            case OID_FLOAT8: row[i] = IX__REAL(strtod(text, NULL)); break;
            default: row[i] = IX__TEXT(text);
            }
        }
        if (fn(ctx, row, (size_t)ncols) != 0)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading the database");
    }
    PQclear(r);
    return st;
}

static ix_status script(void *conn, const char *sql, ix_diag *d)
{
    pg_conn *p = conn;
    PGconn *c = p->c;
    if (strstr(sql, "CREATE ") || strstr(sql, "ALTER ") || strstr(sql, "DROP "))
        for (size_t i = 0; i < PG_CACHE; i++) /* plans may name what changes */
            forget(p, i);
    PGresult *r = PQexec(c, sql);
    ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    ix_status st = IX_OK;
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK)
        st = fail(c, r, "running a script", d);
    PQclear(r);
    return st;
}

static void close_conn(void *conn)
{
    pg_conn *p = conn;
    if (!p)
        return;
    for (size_t i = 0; i < PG_CACHE; i++)
        free(p->texts[i]);
    PQfinish(p->c);
    free(p);
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs ("relation already exists, skipping") are not for users */
}

static const ix__store_ops ops_pg = {
    "postgresql", query, script, close_conn, "BEGIN",
    "LOCK TABLE schema_version IN EXCLUSIVE MODE",
    "SET default_transaction_read_only = on",
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    NULL,
    migrations, sizeof migrations / sizeof migrations[0]};

ix_status ix__pg_open(const char *target, const ix__store_ops **ops, void **out, ix_diag *d)
{
    PGconn *c = PQconnectdb(target);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        ix_status st = fail(c, NULL, "cannot connect", d);
        PQfinish(c);
        return st;
    }
    PQsetNoticeProcessor(c, quiet, NULL);
    pg_conn *p = calloc(1, sizeof *p);
    if (!p) {
        PQfinish(c);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    p->c = c;
    ix_status st = script(p, "SET client_encoding = 'UTF8'; SET extra_float_digits = 3", d);
    if (st) {
        close_conn(p);
        return st;
    }
    *ops = &ops_pg;
    *out = p;
    return IX_OK;
}

#else

ix_status ix__pg_open(const char *target, const ix__store_ops **ops, void **conn, ix_diag *d)
{
    (void)target;
    (void)ops;
    (void)conn;
    return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                       "this build has no PostgreSQL support (install libpq-dev and rebuild)");
}

#endif
