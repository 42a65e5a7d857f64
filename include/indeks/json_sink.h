/* Writing a jansson value to a sink: the one callback every JSON writer
 * uses (indented one space per level; doubles with 17 significant digits,
 * so they read back exactly). */
#ifndef INDEKS_JSON_SINK_H
#define INDEKS_JSON_SINK_H

#include <jansson.h>

#include "indeks/sink.h"

/* Dumps root (not followed by a newline). Returns 0, or -1 when root is NULL
 * or a write failed (the sink's failed flag is then set too). */
int ix_json_dump(const json_t *root, ix_sink *s);

/* A JSON array with one string per line of text (NULL or "" gives []): how
 * every output's notes go into JSON. NULL when out of memory. */
json_t *ix_json_lines(const char *text);

#endif
