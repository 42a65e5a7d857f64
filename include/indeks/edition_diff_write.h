/* Writing two editions compared (edition_diff.h): an aligned table for the
 * terminal, one long CSV (a `section` column tells rank rows from indicator
 * rows, so R and Excel can filter it) and JSON (/api/v1/editions/<a>/vs/<b>).
 * The labels name the editions (e.g. "3 Socialt Indeks 2026"); borrowed. */
#ifndef INDEKS_EDITION_DIFF_WRITE_H
#define INDEKS_EDITION_DIFF_WRITE_H

#include "indeks/edition_diff.h"
#include "indeks/sink.h"

typedef struct ix_ediff_labels {
    long id_a, id_b;
    const char *name_a, *name_b;
} ix_ediff_labels;

/* "added", "removed", "changed". */
const char *ix_ediff_kind_name(ix_ediff_kind k);

void ix_ediff_write_table(const ix_ediff *e, const ix_ediff_labels *l, char decimal, ix_sink *s);
/* section,code,name,rank_a,rank_b,change,value_a,value_b,kind,field,before,after,proposals;
 * download 1: text cells formula-safe (ix_csv_write_field_safe), for the site. */
void ix_ediff_write_csv(const ix_ediff *e, char separator, char decimal, int download,
                        ix_sink *s);
void ix_ediff_write_json(const ix_ediff *e, const ix_ediff_labels *l, ix_sink *s);

#endif
