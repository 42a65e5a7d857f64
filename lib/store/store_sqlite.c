/* The SQLite backend of the store (see store_backend.h): a file in WAL mode,
 * or ":memory:". Prepared statements are kept in a small cache keyed by the
 * SQL text's address and checked against the text, so an import of
 * thousands of rows prepares each statement once and SQL built in a buffer
 * never meets another's statement. */
#include "store_backend.h"

#ifdef IX_HAVE_SQLITE

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE 64 /* a GUSA case read uses about 20 statements; 16 slots made them evict each other */

typedef struct {
    sqlite3 *db;
    const char *keys[CACHE];
    char *texts[CACHE]; /* the text each slot was prepared from: a hit must match it too */
    sqlite3_stmt *stmts[CACHE];
} conn_t;

/* Schema version 1. Append-only: triggers refuse UPDATE and DELETE of an
 * edition and of its rows. */
static const char migration_1[] =
    "CREATE TABLE edition (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('socio','composite','series')),\n"
    "  created TEXT NOT NULL,\n"
    "  model_name TEXT, model_text TEXT, note TEXT,\n"
    "  value_column TEXT NOT NULL,\n"
    "  separator TEXT NOT NULL, decimal_mark TEXT NOT NULL,\n"
    "  nrows INTEGER NOT NULL);\n"
    "CREATE TABLE edition_input (\n"
    "  edition_id INTEGER NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  role TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,\n"
    "  PRIMARY KEY (edition_id, ord));\n"
    "CREATE TABLE edition_column (\n"
    "  edition_id INTEGER NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL, role TEXT NOT NULL, extra INTEGER,\n"
    "  PRIMARY KEY (edition_id, ord));\n"
    "CREATE TABLE result (\n"
    "  edition_id INTEGER NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  code TEXT NOT NULL, kommune INTEGER, name TEXT NOT NULL, year INTEGER NOT NULL,\n"
    "  value REAL, rank INTEGER,\n"
    "  PRIMARY KEY (edition_id, ord));\n"
    "CREATE INDEX result_kommune ON result (kommune, edition_id);\n"
    "CREATE TABLE result_extra (\n"
    "  edition_id INTEGER NOT NULL REFERENCES edition(id), ord INTEGER NOT NULL,\n"
    "  extra INTEGER NOT NULL, num REAL, txt TEXT,\n"
    "  PRIMARY KEY (edition_id, ord, extra));\n"
    "CREATE TRIGGER edition_no_update BEFORE UPDATE ON edition\n"
    "  BEGIN SELECT RAISE(ABORT, 'editions are append-only'); END;\n"
    "CREATE TRIGGER edition_no_delete BEFORE DELETE ON edition\n"
    "  BEGIN SELECT RAISE(ABORT, 'editions are append-only'); END;\n"
    "CREATE TRIGGER result_no_update BEFORE UPDATE ON result\n"
    "  BEGIN SELECT RAISE(ABORT, 'editions are append-only'); END;\n"
    "CREATE TRIGGER result_no_delete BEFORE DELETE ON result\n"
    "  BEGIN SELECT RAISE(ABORT, 'editions are append-only'); END;\n";

/* Schema version 2: one SHA-256 per edition over everything stored for it
 * (see ix__edition_digest), checked whenever the edition is read. */
static const char migration_2[] =
    "CREATE TABLE edition_check (\n"
    "  edition_id INTEGER PRIMARY KEY REFERENCES edition(id),\n"
    "  sha256 TEXT NOT NULL);\n";

/* Schema version 3: named texts per edition (its notes, whether higher is
 * better, the IMETA and IDATA of a composite index), covered by the checksum. */
static const char migration_3[] =
    "CREATE TABLE edition_attr (\n"
    "  edition_id INTEGER NOT NULL REFERENCES edition(id),\n"
    "  name TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  PRIMARY KEY (edition_id, name));\n"
    "CREATE TRIGGER edition_attr_no_update BEFORE UPDATE ON edition_attr\n"
    "  BEGIN SELECT RAISE(ABORT, 'editions are append-only'); END;\n";

static const char *const migrations[] = {migration_1, migration_2, migration_3};

static ix_status fail(sqlite3 *db, const char *what, ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "SQLite: %s: %s", what, sqlite3_errmsg(db));
}

/* "$1" -> "?1": SQLite reads "$1" as a named parameter; "?NNN" is numbered. */
static char *translate(const char *sql)
{
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        out[i] = (sql[i] == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') ? '?' : sql[i];
    return out;
}

static sqlite3_stmt *prepare(conn_t *c, const char *sql, ix_diag *d, ix_status *st)
{
    /* Keyed by the SQL's address: every caller passes a string literal. */
    size_t slot = ix__stmt_slot(sql, CACHE);
    /* the address is the fast key; the text must match as well, so a caller
     * that builds SQL in a buffer gets the statement it asked for */
    if (ix__stmt_hit(c->keys[slot], c->texts[slot], sql)) {
        sqlite3_reset(c->stmts[slot]);
        sqlite3_clear_bindings(c->stmts[slot]);
        return c->stmts[slot];
    }
    char *text = translate(sql);
    if (!text) {
        *st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        return NULL;
    }
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(c->db, text, -1, &stmt, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        *st = fail(c->db, "preparing a statement", d);
        return NULL;
    }
    size_t len = strlen(sql) + 1;
    char *copy = malloc(len);
    if (!copy) {
        sqlite3_finalize(stmt);
        *st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        return NULL;
    }
    memcpy(copy, sql, len);
    sqlite3_finalize(c->stmts[slot]);
    free(c->texts[slot]);
    c->keys[slot] = sql;
    c->texts[slot] = copy;
    c->stmts[slot] = stmt;
    return stmt;
}

static ix_status query(void *conn, const char *sql, const ix__val *params, size_t nparams,
                       ix__row_fn fn, void *ctx, ix_diag *d)
{
    conn_t *c = conn;
    ix_status st = IX_OK;
    sqlite3_stmt *stmt = prepare(c, sql, d, &st);
    if (!stmt)
        return st;
    for (size_t i = 0; i < nparams; i++) {
        int k = (int)i + 1, rc = SQLITE_OK;
        switch (params[i].t) {
        case IX__V_NULL: rc = sqlite3_bind_null(stmt, k); break;
        case IX__V_INT: rc = sqlite3_bind_int64(stmt, k, params[i].i); break;
        case IX__V_REAL: rc = sqlite3_bind_double(stmt, k, params[i].r); break;
        case IX__V_TEXT: rc = sqlite3_bind_text(stmt, k, params[i].s, -1, SQLITE_TRANSIENT); break;
        }
        if (rc != SQLITE_OK)
            return fail(c->db, "binding a value", d);
    }
    ix__val row[32];
    for (;;) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            st = fail(c->db, "running a statement", d);
            break;
        }
        int n = sqlite3_column_count(stmt);
        if (n > 32)
            n = 32;
        for (int i = 0; i < n; i++) {
            switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_NULL: row[i] = IX__NULLV; break;
            case SQLITE_INTEGER: row[i] = IX__INT(sqlite3_column_int64(stmt, i)); break;
            case SQLITE_FLOAT: row[i] = IX__REAL(sqlite3_column_double(stmt, i)); break;
            default: row[i] = IX__TEXT((const char *)sqlite3_column_text(stmt, i));
            }
        }
        if (fn && fn(ctx, row, (size_t)n) != 0) {
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading the database");
            break;
        }
    }
    sqlite3_reset(stmt);
    return st;
}

static ix_status script(void *conn, const char *sql, ix_diag *d)
{
    conn_t *c = conn;
    char *err = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        ix_status st = ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "SQLite: %s",
                                   err ? err : sqlite3_errmsg(c->db));
        sqlite3_free(err);
        return st;
    }
    return IX_OK;
}

static void close_conn(void *conn)
{
    conn_t *c = conn;
    if (!c)
        return;
    for (size_t i = 0; i < CACHE; i++) {
        sqlite3_finalize(c->stmts[i]);
        free(c->texts[i]);
    }
    sqlite3_close(c->db);
    free(c);
}

static const ix__store_ops ops_sqlite = {
    "sqlite", query, script, close_conn, "BEGIN IMMEDIATE", NULL, "PRAGMA query_only = 1",
    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
    migrations, sizeof migrations / sizeof migrations[0]};

/* A path as an SQLite URI ("file:...?immutable=1"): '%', '?' and '#' escaped. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(3 * n + 32);
    if (!u)
        return NULL;
    size_t k = (size_t)snprintf(u, 8, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            k += (size_t)snprintf(u + k, 4, "%%%02X", (unsigned)(unsigned char)*p);
        else
            u[k++] = *p;
    }
    snprintf(u + k, 16, "?immutable=1");
    return u;
}

/* SQLite counts every allocation under a global mutex unless told not to;
 * nothing here reads those counts, and under load (`serve --gusa`: a read
 * and an audit row per request) the mutex was among the top costs. Must run
 * before SQLite initialises; if something else initialised it first, the
 * call is refused and nothing changes. */
static void configure_sqlite(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static ix_status open_db(const char *target, int flags, conn_t **out, ix_diag *d)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    conn_t *c = calloc(1, sizeof *c);
    if (!c)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (sqlite3_open_v2(target, &c->db, flags | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
        ix_status st = ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "cannot open the database: %s",
                                   c->db ? sqlite3_errmsg(c->db) : "out of memory");
        close_conn(c);
        return st;
    }
    sqlite3_busy_timeout(c->db, 10000);
    sqlite3_extended_result_codes(c->db, 1);
    *out = c;
    return IX_OK;
}

ix_status ix__sqlite_open(const char *target, int create, const ix__store_ops **ops, void **out,
                          ix_diag *d)
{
    conn_t *c = NULL;
    ix_status st;
    if (create) {
        st = open_db(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &c, d);
        if (!st)
            st = script(c, "PRAGMA foreign_keys = ON", d);
        /* WAL mode is set by the store once it knows the file is its own
         * (setup_sql): another application's database is left unchanged. */
    } else {
        /* Only reading: a database the user may not write (a read-only file
         * or folder) is opened too; when SQLite cannot make the WAL index
         * beside it, the file is read as it is (immutable). */
        st = open_db(target, SQLITE_OPEN_READONLY, &c, d);
        if (!st && script(c, "SELECT count(*) FROM sqlite_master", NULL) != IX_OK) {
            int code = sqlite3_errcode(c->db) & 0xff;
            char *uri = NULL;
            if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY) {
                uri = immutable_uri(target);
                close_conn(c);
                c = NULL;
                st = uri ? open_db(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &c, d)
                         : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                free(uri);
            }
            if (!st)
                st = script(c, "SELECT count(*) FROM sqlite_master", d);
        }
    }
    if (st) {
        if (d)
            snprintf(d->file, sizeof d->file, "%s", target);
        close_conn(c);
        return st;
    }
    *ops = &ops_sqlite;
    *out = c;
    return IX_OK;
}

#else

ix_status ix__sqlite_open(const char *target, int create, const ix__store_ops **ops, void **conn,
                          ix_diag *d)
{
    (void)create;
    (void)ops;
    (void)conn;
    return ix_diag_set(d, IX_ERR_USAGE, target, 0, 0, NULL,
                       "this build has no SQLite support (install libsqlite3-dev and rebuild)");
}

#endif
