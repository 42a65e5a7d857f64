/* Writing a national list (landsliste.h): CSV, JSON and a terminal table
 * through a sink (sink.h), and the CSV's columns as a workbook (xlsx.h).
 * The series is the one the list was built from (its column and source name
 * the output). None keeps anything it allocates; the workbook table is the
 * caller's (ix_xlsx_table_free). */
#ifndef INDEKS_LANDSLISTE_WRITE_H
#define INDEKS_LANDSLISTE_WRITE_H

#include "indeks/landsliste.h"
#include "indeks/sink.h"

struct ix_xlsx_table;

/* decimal is '.' or ',', separator ',' or ';'; danish selects Danish labels. */
typedef struct {
    char decimal;
    char separator;
    int danish;
} ix_landsliste_style;

/* kommunekode,kommune,aar,indeks,rang[,indeks_<vs>,rang_<vs>,aendring]:
 * numbers exactly as read (ix_format_exact); empty comparison cells when a
 * municipality has no value in the comparison year. */
/* The list's warning, as prefix + text + "\n": fewer than the 98
 * municipalities have a value in its year. Returns how many lines (0 or 1). */
int ix_landsliste_write_notes(const ix_landsliste *l, int danish, const char *prefix, ix_sink *s);

void ix_landsliste_write_csv(const ix_landsliste *l, const ix_landsliste_style *st, ix_sink *s);

/* {"source", "column", "aar", "units": [{kommunekode, kommune, aar, indeks,
 * rang[, indeks_vs, rang_vs, aendring]}][, "vs"]}. */
void ix_landsliste_write_json(const ix_landsliste *l, const ix_series *series, ix_sink *s);

/* A title line and a table for people, every value with the source's most
 * decimals. Sets s->failed when out of memory. */
void ix_landsliste_write_table(const ix_landsliste *l, const ix_series *series,
                               const ix_landsliste_style *st, ix_sink *s);

/* The CSV's columns as a new workbook table "Landsliste" (numbers as
 * numbers, the title as a note) in *out. Errors: out of memory. */
ix_status ix_landsliste_write_xlsx(const ix_landsliste *l, const ix_series *series,
                                   const ix_landsliste_style *st, struct ix_xlsx_table **out,
                                   ix_diag *d);

#endif
