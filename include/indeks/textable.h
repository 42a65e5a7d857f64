/* Aligned text tables for terminals: cells are added row by row, widths are
 * measured in UTF-8 characters (so "Brøndby" pads like "Brondby"), and the
 * table is rendered once complete. The table owns copies of its cells. */
#ifndef INDEKS_TEXTABLE_H
#define INDEKS_TEXTABLE_H

#include <stddef.h>

#include "indeks/sink.h"

typedef struct ix_textable ix_textable;

/* NULL when out of memory. */
ix_textable *ix_textable_new(size_t ncols);
void ix_textable_free(ix_textable *t);
/* Right-align a column (numbers); columns are left-aligned by default. */
void ix_textable_right(ix_textable *t, size_t col);
/* Appends the next cell, filling rows left to right; returns 0 or -1 (out of
 * memory, after which the table renders nothing). */
int ix_textable_add(ix_textable *t, const char *cell);
/* Header row, then a rule of dashes, then the rows; columns two spaces apart. */
void ix_textable_render(const ix_textable *t, ix_sink *s);
/* Number of UTF-8 characters in text. */
size_t ix_utf8_width(const char *text);

#endif
