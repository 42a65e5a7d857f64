/* The official published socio-economic index 1996-2024 (noegletal.dk,
 * export of 30 March 2024), embedded in the program as facts with their
 * source (data/real/, made by scripts/gen_real_socioindeks.sh): kommunekode,
 * aar, socio_indeks. The default series of `indeks landsliste` and of
 * `indeks serve` with no database. The returned strings are static; the
 * table belongs to the caller (ix_table_free). */
#ifndef INDEKS_SERIES_OFFICIAL_H
#define INDEKS_SERIES_OFFICIAL_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/table.h"

/* The embedded file's bytes (with its leading '#' source lines), or NULL. */
const char *ix_series_official_text(size_t *len);
/* The series as a table (the '#' lines skipped). */
ix_status ix_series_official_table(ix_table **out, ix_diag *d);
/* One sentence naming the source, Danish (danish != 0) or English. */
const char *ix_series_official_source(int danish);

#endif
