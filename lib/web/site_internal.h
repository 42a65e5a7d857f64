/* Shared between the site's writers (lib/io/site_*.c); not public. */
#ifndef INDEKS_SITE_INTERNAL_H
#define INDEKS_SITE_INTERNAL_H

#include "indeks/escape.h"
#include "indeks/site.h"

const char *ix__site_kind_label(ix_edition_kind k);
void ix__site_put_num(ix_sink *s, double v);
void ix__site_put_raw(ix_sink *s, double v);
void ix__site_put_query(ix_sink *s, const char *text);
void ix__site_page_begin(ix_sink *s, const char *title);
void ix__site_page_end(ix_sink *s);
double ix__site_cell(const ix_edition *e, const ix_result_row *row, long col);
/* Index of the column named name (NULL: the value column), or -1. */
long ix__site_find_column(const ix_edition *e, const char *name);
void ix__site_history_chart(const ix_history *h, ix_edition_kind kind, ix_sink *s);

#endif
