/* What lib/store/store.c asks of a database backend (SQLite, PostgreSQL).
 *
 * Statements are written once for both, with $1, $2, ... placeholders (each
 * used once and in order) and standard SQL; a backend translates what it
 * must. Values travel as ix__val: NULL, 64-bit integer, double or text. The
 * schema's DDL differs (identity column, double precision), so each backend
 * gives its own list of migrations; migrations[i] takes version i to i+1. */
#ifndef INDEKS_STORE_BACKEND_H
#define INDEKS_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "indeks/diag.h"

typedef enum { IX__V_NULL = 0, IX__V_INT, IX__V_REAL, IX__V_TEXT } ix__vtype;

typedef struct ix__val {
    ix__vtype t;
    long long i;
    double r;
    const char *s; /* IX__V_TEXT: NUL-terminated; valid during the callback */
} ix__val;

#define IX__INT(x) ((ix__val){IX__V_INT, (long long)(x), 0, NULL})
#define IX__REAL(x) ((ix__val){IX__V_REAL, 0, (x), NULL})
static inline ix__val ix__text(const char *s)
{
    return (ix__val){s ? IX__V_TEXT : IX__V_NULL, 0, 0, s};
}
#define IX__TEXT(x) ix__text(x)
#define IX__NULLV ((ix__val){IX__V_NULL, 0, 0, NULL})

/* Called once per result row; a non-zero return stops with IX_ERR_NOMEM. */
typedef int (*ix__row_fn)(void *ctx, const ix__val *cols, size_t ncols);

typedef struct ix__store_ops {
    const char *name;
    /* Runs one statement with parameters; rows go to fn (may be NULL). */
    ix_status (*query)(void *conn, const char *sql, const ix__val *params, size_t nparams,
                       ix__row_fn fn, void *ctx, ix_diag *d);
    /* Runs several statements without parameters (DDL, BEGIN, COMMIT). */
    ix_status (*script)(void *conn, const char *sql, ix_diag *d);
    void (*close)(void *conn);
    const char *begin_sql;     /* a write transaction */
    const char *lock_sql;      /* serialises migrations inside it (may be NULL) */
    const char *read_only_sql; /* makes the connection refuse writes */
    const char *tables_sql;    /* one row: how many tables the database holds */
    const char *setup_sql;     /* before migrating a database known to be indeks' (may be NULL) */
    const char *const *migrations;
    size_t nmigrations;
} ix__store_ops;

/* Each opens target or fails with IX_ERR_IO naming it. */
/* create 1: read-write, creating the file; 0: read-only, the file must exist. */
ix_status ix__sqlite_open(const char *target, int create, const ix__store_ops **ops, void **conn,
                          ix_diag *d);
ix_status ix__pg_open(const char *target, const ix__store_ops **ops, void **conn, ix_diag *d);

/* Both backends keep prepared statements in a cache of `slots` entries
 * keyed by the SQL text's address (the callers pass string literals); a hit
 * must also match the text, so SQL built in a buffer never meets another's
 * statement. The slot of sql: */
static inline size_t ix__stmt_slot(const char *sql, size_t slots)
{
    uintptr_t key = (uintptr_t)(const void *)sql;
    return (size_t)((key >> 3) ^ (key >> 9)) % slots;
}
/* 1 when the slot holding key and text is sql's. */
static inline int ix__stmt_hit(const char *key, const char *text, const char *sql)
{
    return key == sql && strcmp(text, sql) == 0;
}

#endif
