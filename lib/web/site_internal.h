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
/* Draws the history of one kind on one scale (unit: 1 the 1.00 scale, 0
 * the 100 scale, -1 any: a composite index). */
void ix__site_history_chart(const ix_history *h, ix_edition_kind kind, int unit, ix_sink *s);
/* A column's name for people (IMETA's iName, a criterion's name, a Danish
 * label of indeks' own columns) into buf. */
const char *ix__site_column_label(const ix_edition *e, const char *name, char *buf, size_t size);
/* 1 when edition's values in h are on the 1.00 scale. */
int ix__site_history_unit(const ix_history *h, long edition);
/* Calls fn with each note of e: its note, then each line of "notes". */
void ix__site_each_note(const ix_edition *e, void (*fn)(void *ctx, const char *note), void *ctx);
/* The notes as a box (nothing when none). */
void ix__site_notes_box(const ix_edition *e, ix_sink *s);
/* A stored input's or model's name without its folders (no local path in a page). */
const char *ix__site_base_name(const char *name);
/* The map of column col in year, with its credit line. */
ix_status ix__site_map(const ix_edition *e, long col, int year, const ix_site_options *o,
                       ix_sink *s, ix_diag *d);

/* A composite edition's stored IMETA, IDATA and recipe run once for a page
 * (site_composite.c): cm and cp NULL when the edition has no indicators
 * stored or they do not run. */
typedef struct ix__site_run {
    ix_comp_model *cm;
    ix_comp_plan *cp;
} ix__site_run;
void ix__site_run_open(const ix_edition *e, ix__site_run *run);
void ix__site_run_close(ix__site_run *run);

/* The "Lær af" section of a municipality's page (site_learn.c); comp (with
 * its run) and burden may be NULL (the section says what is missing). */
void ix__site_learn_section(const ix_kommune *k, const ix_edition *comp,
                            const ix__site_run *run, const ix_edition *burden, ix_sink *s);

#endif
