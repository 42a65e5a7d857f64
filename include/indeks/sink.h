/* Where output goes: a write callback and its context (stb's pattern).
 *
 * The same writer code fills a file, an HTTP body or a buffer a test compares.
 * ix_sink is a plain struct the caller embeds; the buffer sink owns its
 * memory until ix_buf_free. */
#ifndef INDEKS_SINK_H
#define INDEKS_SINK_H

#include <stdarg.h>
#include <stddef.h>

#include "indeks/diag.h"

typedef struct ix_sink {
    /* Writes len bytes; returns 0 on success, -1 on failure. */
    int (*write)(void *ctx, const char *bytes, size_t len);
    void *ctx;
    int failed; /* sticky: set once a write fails */
} ix_sink;

/* Writes bytes; once a write has failed, later writes do nothing. */
void ix_sink_put(ix_sink *s, const char *bytes, size_t len);
void ix_sink_puts(ix_sink *s, const char *text);
void ix_sink_printf(ix_sink *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A growable memory buffer; always NUL-terminated after any write. */
typedef struct ix_buf {
    char *data;
    size_t len;
    size_t cap;
} ix_buf;

void ix_buf_init(ix_buf *b);
void ix_buf_free(ix_buf *b);
/* A sink writing into b. */
ix_sink ix_buf_sink(ix_buf *b);

#endif
