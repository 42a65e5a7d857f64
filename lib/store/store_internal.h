/* The store object, shared by lib/store/store.c and lib/store/store_read.c. */
#ifndef INDEKS_STORE_INTERNAL_H
#define INDEKS_STORE_INTERNAL_H

#include "store_backend.h"

struct ix_store {
    const ix__store_ops *ops;
    void *conn;
    long long version; /* the database's schema version */
};

/* The SHA-256 (hex) of everything stored for edition id, read without
 * checking it (store_read.c). */
ix_status ix__edition_digest(ix_store *s, long id, char hex[65], ix_diag *d);

#endif
