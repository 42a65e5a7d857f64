/* Shared by lib/store/gusa_*.c: the GUSA store object, a result collector,
 * transactions and the audit append. Not public. */
#ifndef INDEKS_GUSA_INTERNAL_H
#define INDEKS_GUSA_INTERNAL_H

#include <time.h>

#include "indeks/gusa_store.h"
#include "store_backend.h"

struct ix_gusa_store {
    const ix__store_ops *ops;
    void *conn;
    int pg;
    time_t clock; /* 0: time(NULL) */
};

ix_status ix__gusa_migrate_step(ix_gusa_store *s, size_t step, ix_diag *d);
size_t ix__gusa_migration_count(void);

/* Every value of a result as text (NULL stays NULL; integers in decimal). */
typedef struct ix__gusa_rows {
    size_t nrows, ncols, cap;
    char **cells; /* nrows * ncols */
} ix__gusa_rows;
void ix__gusa_rows_free(ix__gusa_rows *r);
const char *ix__gusa_cell(const ix__gusa_rows *r, size_t row, size_t col);
long long ix__gusa_int(const ix__gusa_rows *r, size_t row, size_t col);

/* One statement; rows (may be NULL) are appended to out. */
ix_status ix__gusa_query(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                         ix__gusa_rows *out, ix_diag *d);
/* An INSERT ... RETURNING id. */
ix_status ix__gusa_insert(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                          long long *id, ix_diag *d);
/* The first column of the first row as an integer (0 when no row). */
ix_status ix__gusa_scalar(ix_gusa_store *s, const char *sql, const ix__val *p, size_t n,
                          long long *v, ix_diag *d);
ix_status ix__gusa_begin(ix_gusa_store *s, ix_diag *d);
ix_status ix__gusa_commit(ix_gusa_store *s, ix_diag *d);
void ix__gusa_rollback(ix_gusa_store *s);

time_t ix__gusa_time(const ix_gusa_store *s);
/* "YYYY-MM-DDTHH:MM:SSZ" of the store's clock. */
void ix__gusa_now(const ix_gusa_store *s, char at[21]);
/* The same, offset seconds from now (negative: before). */
void ix__gusa_at(const ix_gusa_store *s, long offset, char at[21]);
void ix__gusa_today(const ix_gusa_store *s, char day[11]);

/* Appends an audit row inside the caller's transaction (see gusa.h for the
 * canonical form and hash). a may be NULL: the system. */
ix_status ix__gusa_audit(ix_gusa_store *s, const ix_gusa_actor *a, const char *action,
                         const char *object, long long case_id, const char *subjects,
                         const char *purpose, const char *outcome, ix_diag *d);

/* Sets e (http, field, message) and returns the matching status. */
ix_status ix__gusa_fail(ix_gusa_err *e, int http, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* e from a diag: a validation diag (IX_ERR_INPUT) is 400, others 500. */
ix_status ix__gusa_fail_diag(ix_gusa_err *e, ix_status st);
/* The end of a request's transaction: commit when st is IX_OK, else (or when
 * the commit fails) roll back and fill e from the diag. */
ix_status ix__gusa_end(ix_gusa_store *s, ix_status st, ix_gusa_err *e);

/* iss, sub (1..512 characters), name (1..200), email (NULL or an address):
 * 400 naming the field. */
ix_status ix__gusa_check_login_id(const char *iss, const char *sub, const char *name,
                                  const char *email, ix_gusa_err *e);

/* 64 hex digits of 32 random bytes (libcrypto); -1 when none. */
int ix__gusa_token(char hex[65]);

#endif
