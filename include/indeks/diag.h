/* Error codes and user-facing diagnostics.
 *
 * Every fallible function returns an ix_status and, on failure, fills the
 * caller-provided ix_diag with where (file, line, column, field) and what
 * went wrong, phrased so a user can act on it. The diag is a plain struct the
 * caller owns; nothing in it needs freeing. */
#ifndef INDEKS_DIAG_H
#define INDEKS_DIAG_H

#include <stddef.h>

/* One list gives the codes and their texts, so they cannot drift apart. */
#define IX_STATUS_MAP(XX)                                              \
    XX(OK, "success")                                                  \
    XX(ERR_NOMEM, "out of memory")                                     \
    XX(ERR_IO, "cannot read or write a file")                          \
    XX(ERR_PARSE, "malformed input")                                   \
    XX(ERR_INPUT, "invalid input data")                                \
    XX(ERR_MODEL, "invalid model or recipe")                           \
    XX(ERR_USAGE, "invalid usage")                                     \
    XX(ERR_NOTFOUND, "not found")

typedef enum {
#define IX_STATUS_ENUM(name, text) IX_##name,
    IX_STATUS_MAP(IX_STATUS_ENUM)
#undef IX_STATUS_ENUM
        IX_STATUS_COUNT
} ix_status;

/* Where and what. line/column are 1-based; 0 means "not applicable". */
typedef struct ix_diag {
    char file[256];
    long line;
    long column;
    char field[128];
    char message[768];
} ix_diag;

/* Clears d (no-op for NULL). */
void ix_diag_clear(ix_diag *d);

/* Sets every part of d; file/field may be NULL. Returns status so callers can
 * write `return ix_diag_set(d, IX_ERR_INPUT, ...)`. A NULL d is allowed. */
ix_status ix_diag_set(ix_diag *d, ix_status status, const char *file, long line, long column,
                      const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
#ifdef __clang_analyzer__
/* For clang-tidy's static analyzer only (scripts/lint.sh): it cannot see
 * into diag.c, so `st = ix_diag_set(d, IX_ERR_..., ...)` would look as if it
 * might leave st == IX_OK, and every `if (!st) use(p)` after a failed
 * allocation would be reported. Here the result is the status given. */
#define ix_diag_set(d, status, ...) (ix_diag_set((d), (status), __VA_ARGS__), (status))
#endif

/* Writes "file:line:column: field: message" (parts that are absent left out)
 * into buf, always NUL-terminated. Returns the length it wanted to write. */
size_t ix_diag_format(const ix_diag *d, char *buf, size_t size);

/* A static English text for a status code. */
const char *ix_status_text(ix_status status);

#endif
