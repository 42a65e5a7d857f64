/* Writing jansson values: ix_json_dumps (jansson's layout, but every real in
 * its shortest round-trip form, 1.06 and not 1.0600000000000001) and the one
 * function every JSON writer ends with (ix_json_emit). Strings returned are
 * the caller's to free(); ix_json_emit takes its root. */
#ifndef INDEKS_JSON_SINK_H
#define INDEKS_JSON_SINK_H

#include <jansson.h>

#include "indeks/diag.h"
#include "indeks/sink.h"

/* Like json_dumps(root, flags): the same layout for JSON_INDENT(n),
 * JSON_COMPACT, JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH and JSON_SORT_KEYS
 * (JSON_REAL_PRECISION is ignored), any value as root. Every real is written
 * with the fewest significant digits that read back to exactly the same
 * double (ix_format_exact), keeping a ".0" when it has neither a decimal
 * point nor an exponent (2.0, -0.0), so a reader still sees a real. Plain
 * digits for magnitudes in [1e-5, 1e15), an exponent otherwise (1e+22).
 * NULL when root is NULL or out of memory. */
char *ix_json_dumps(const json_t *root, size_t flags);

/* Dumps root indented one space per level (not followed by a newline).
 * Returns 0, or -1 when root is NULL or a write failed (the sink's failed
 * flag is then set too). */
int ix_json_dump(const json_t *root, ix_sink *s);

/* The end of every JSON writer: dumps root (indented one space), a newline,
 * and drops the reference to root (which may be NULL: out of memory while
 * building it). IX_ERR_NOMEM for a NULL root, IX_ERR_IO when the sink failed
 * (both also set the sink's failed flag, and fill d unless it is NULL), else
 * IX_OK. */
ix_status ix_json_emit(json_t *root, ix_sink *s, ix_diag *d);

/* A JSON array with one string per line of text (NULL or "" gives []): how
 * every output's notes go into JSON. NULL when out of memory. */
json_t *ix_json_lines(const char *text);

#endif
