/* Writing CSV fields: one place for the quoting rule and number format, used
 * by every writer and command. */
#ifndef INDEKS_CSV_WRITE_H
#define INDEKS_CSV_WRITE_H

#include "indeks/sink.h"

/* Writes text as one field, quoted (with "" for ") when it holds the
 * separator, a quote or a line end. */
void ix_csv_write_field(ix_sink *s, const char *text, char separator);

/* Writes v with ix_format_exact (shortest text that reads back exactly) and
 * the given decimal mark; NaN is written as an empty field. */
void ix_csv_write_number(ix_sink *s, double v, char decimal);

#endif
