/* Sinks: the one interface every writer uses, and the memory buffer sink. */
#include "indeks/sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ix_sink_put(ix_sink *s, const char *bytes, size_t len)
{
    if (s->failed || len == 0)
        return;
    if (s->write(s->ctx, bytes, len) != 0)
        s->failed = 1;
}

void ix_sink_puts(ix_sink *s, const char *text)
{
    ix_sink_put(s, text, strlen(text));
}

void ix_sink_printf(ix_sink *s, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        s->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        ix_sink_put(s, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        s->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ix_sink_put(s, big, (size_t)n);
    free(big);
}

void ix_buf_init(ix_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void ix_buf_free(ix_buf *b)
{
    free(b->data);
    ix_buf_init(b);
}

static int buf_write(void *ctx, const char *bytes, size_t len)
{
    ix_buf *b = ctx;
    if (len > (size_t)-1 / 2 - b->len)
        return -1;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown)
            return -1;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

ix_sink ix_buf_sink(ix_buf *b)
{
    ix_sink s = {buf_write, b, 0};
    return s;
}
