/* The store object, shared by lib/io/store.c and lib/io/store_read.c. */
#ifndef INDEKS_STORE_INTERNAL_H
#define INDEKS_STORE_INTERNAL_H

#include "store_backend.h"

struct ix_store {
    const ix__store_ops *ops;
    void *conn;
};

#endif
