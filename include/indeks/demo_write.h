/* Writing the embedded SYNTHETIC demo data (`indeks demo-data`), so users can
 * see and edit what the demo computes on.
 *
 * Ownership: the table given is only read; ix_demo_udl_load's table belongs
 * to the caller (ix_table_free). */
#ifndef INDEKS_DEMO_WRITE_H
#define INDEKS_DEMO_WRITE_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/sink.h"
#include "indeks/table.h"

/* CSV with separator sep (cells are whole numbers or text, so only the
 * separator follows the locale); label (not NULL) replaces the cells of the
 * datakilde column. A column named twice is written once (the first). */
void ix_demo_write_csv(const ix_table *t, char sep, const char *label, ix_sink *s);
/* {"datakilde": label, "rows": [...]}: counts as numbers, codes and names as
 * text. */
void ix_demo_write_json(const ix_table *t, const char *label, ix_sink *s);

/* The udligning demo for the parameter file at params, with the real
 * folketal of real_path (a noegletal series; NULL: none); label (size bytes)
 * receives which columns are real. */
ix_status ix_demo_udl_load(const char *params, const char *real_path, unsigned long long seed,
                           ix_table **out, char *label, size_t size, ix_diag *d);

#endif
