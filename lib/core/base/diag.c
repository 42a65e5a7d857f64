/* Diagnostics: the status texts and the one place that formats a message. */
#include "indeks/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_texts[] = {
#define IX_STATUS_TEXT(name, text) text,
    IX_STATUS_MAP(IX_STATUS_TEXT)
#undef IX_STATUS_TEXT
};

const char *ix_status_text(ix_status status)
{
    if ((unsigned)status >= IX_STATUS_COUNT)
        return "unknown status";
    return status_texts[status];
}

void ix_diag_clear(ix_diag *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

static void copy_text(char *dst, size_t size, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, size, "%s", src);
}

ix_status(ix_diag_set)(ix_diag *d, ix_status status, const char *file, long line, long column,
                      const char *field, const char *fmt, ...)
{
    if (!d)
        return status;
    /* file/field may alias d's own buffers: copy through temporaries. */
    char file_copy[sizeof d->file], field_copy[sizeof d->field];
    copy_text(file_copy, sizeof file_copy, file);
    copy_text(field_copy, sizeof field_copy, field);
    memcpy(d->file, file_copy, sizeof d->file);
    memcpy(d->field, field_copy, sizeof d->field);
    d->line = line;
    d->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return status;
}

size_t ix_diag_format(const ix_diag *d, char *buf, size_t size)
{
    size_t n = 0;
#define IX_APPEND(...)                                                              \
    do {                                                                            \
        int w = snprintf(size > n ? buf + n : NULL, size > n ? size - n : 0, __VA_ARGS__); \
        if (w > 0)                                                                  \
            n += (size_t)w;                                                         \
    } while (0)
    if (size)
        buf[0] = '\0';
    if (d->file[0]) {
        IX_APPEND("%s:", d->file);
        if (d->line > 0)
            IX_APPEND("%ld:", d->line);
        if (d->line > 0 && d->column > 0)
            IX_APPEND("%ld:", d->column);
        IX_APPEND(" ");
    }
    if (d->field[0])
        IX_APPEND("%s: ", d->field);
    IX_APPEND("%s", d->message);
#undef IX_APPEND
    return n;
}
