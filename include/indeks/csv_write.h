/* Writing CSV fields: one place for the quoting rule and number format, used
 * by every writer and command. */
#ifndef INDEKS_CSV_WRITE_H
#define INDEKS_CSV_WRITE_H

#include "indeks/sink.h"
#include "indeks/table.h"

/* Writes text as one field, quoted (with "" for ") when it holds the
 * separator, a quote or a line end. */
void ix_csv_write_field(ix_sink *s, const char *text, char separator);

/* The same for a CSV people open in a spreadsheet: a text cell a
 * spreadsheet would take for a formula (=, +, -, @, or a tab or carriage
 * return first) gets a leading apostrophe, as OWASP's advice on CSV
 * injection says; text that reads as a number (by decimal) is left alone. */
void ix_csv_write_field_safe(ix_sink *s, const char *text, char separator, char decimal);

/* Writes v with ix_format_exact (shortest text that reads back exactly) and
 * the given decimal mark; NaN is written as an empty field. */
void ix_csv_write_number(ix_sink *s, double v, char decimal);

/* The UTF-8 byte order mark: CSV written for Danish Excel starts with it, so
 * Excel reads æøå as UTF-8 (the project's readers skip it). */
#define IX_CSV_BOM "\xEF\xBB\xBF"

/* Writes the finished CSV text csv (len bytes) to s, with a UTF-8 BOM first
 * when bom, and, when notes holds any line, one more LAST column: the header
 * record gets the field "notes" and every other record the notes' lines
 * joined by " | " (quoted as any field). Records are told apart as a CSV
 * reader does (a line end inside quotes is no record end); blank lines stay
 * as they are. notes may be NULL. So warnings travel inside the file, on
 * every row, whatever a spreadsheet does with it. */
void ix_csv_finish(const char *csv, size_t len, const char *notes, char separator, int bom,
                   ix_sink *s);

/* Writes the table as CSV: its header and rows, every cell as text, with
 * the table's own separator; LF line ends. What ix_csv_parse reads back into
 * the same cells. */
void ix_csv_write_table(const ix_table *t, ix_sink *s);

#endif
