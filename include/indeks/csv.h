/* Reading CSV the way Danish users' files come: from Excel, Statistics
 * Denmark and R.
 *
 * - separator ',' or ';' detected from the header line (outside quotes);
 * - RFC 4180 quoting ("" inside quotes), CRLF or LF line ends, a last line
 *   with or without a line end;
 * - UTF-8 with or without BOM; anything that is not valid UTF-8 is read as
 *   Windows-1252 and converted to UTF-8 (bytes undefined in Windows-1252 are
 *   refused);
 * - decimal comma in ';' files, decimal point in ',' files (see number.h);
 * - every data row must have as many fields as the header; blank lines are
 *   skipped; NUL bytes, an unterminated quote, or an empty or duplicate
 *   header name are errors naming file, line and column;
 * - header names are trimmed of spaces and tabs; unquoted cells are trimmed
 *   of spaces and tabs, quoted cells are kept exactly (a CRLF inside quotes
 *   becomes LF).
 * Errors are IX_ERR_PARSE; line counts physical lines (a quoted field may
 * span several) and column counts characters from 1.
 * The returned table is owned by the caller (ix_table_free). */
#ifndef INDEKS_CSV_H
#define INDEKS_CSV_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/table.h"

/* Parses len bytes (need not be NUL-terminated). source names the input in
 * diagnostics (e.g. the file name). */
ix_status ix_csv_parse(const char *bytes, size_t len, const char *source, ix_table **out,
                       ix_diag *d);

/* Reads and parses a file; "-" reads standard input (named "<stdin>" in
 * diagnostics). Errors opening or reading are IX_ERR_IO naming the path and
 * the system's reason. */
ix_status ix_csv_read_file(const char *path, ix_table **out, ix_diag *d);

/* Converts Windows-1252 bytes to UTF-8 (malloc'd, NUL-terminated, owned by
 * caller). The five bytes the code page leaves undefined (0x81, 0x8D, 0x8F,
 * 0x90, 0x9D) give IX_ERR_PARSE naming their line and column. */
ix_status ix_cp1252_to_utf8(const char *bytes, size_t len, const char *source, char **out,
                            size_t *out_len, ix_diag *d);

/* Returns 1 when bytes are valid UTF-8 (no overlongs, no surrogates). */
int ix_utf8_valid(const char *bytes, size_t len);

#endif
