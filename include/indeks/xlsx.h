/* Excel workbooks (.xlsx) of a typed table, through libxlsxwriter.
 *
 * A table is built in memory cell by cell, row by row (as ix_textable is),
 * each column either text or numbers: numbers are written as numbers, never
 * as text, with the column's number format. The workbook has the table on
 * its first sheet, the header row bold and frozen, an autofilter on the
 * header and the column widths set; notes (incomplete model, synthetic data)
 * go on a second sheet, one per line.
 *
 * Number formats are Excel format codes, which always use '.' for the decimal
 * mark and ',' for thousands grouping: "#,##0.00" shows as 1.234,56 in a
 * Danish Excel and as 1,234.56 in an English one. The mark shown is the
 * reader's Excel setting; the file cannot choose it. ix_xlsx_number_format
 * gives the codes the commands use: with grouping for --locale da (as Danish
 * tables group thousands), without for English.
 *
 * libxlsxwriter is optional (CMake option IX_XLSX); a build without it has
 * the same API, ix_xlsx_available() returns 0 and ix_xlsx_write_file fails
 * with IX_ERR_USAGE. The table owns copies of its text. */
#ifndef INDEKS_XLSX_H
#define INDEKS_XLSX_H

#include <stddef.h>

#include "indeks/diag.h"

typedef struct ix_xlsx_table ix_xlsx_table;

/* 1 when this build can write .xlsx files. */
int ix_xlsx_available(void);

/* A table of ncols columns; NULL when out of memory. sheet is the first
 * sheet's name (NULL: "Sheet1"; at most 31 characters, none of []:*?/\). */
ix_xlsx_table *ix_xlsx_table_new(const char *sheet, size_t ncols);
void ix_xlsx_table_free(ix_xlsx_table *t);

/* Column col (0-based): its header, its number format (NULL: a text column)
 * and its width in characters (0: fitted to the header and the cells).
 * Returns 0, or -1 when col is out of range or memory runs out. */
int ix_xlsx_set_column(ix_xlsx_table *t, size_t col, const char *header, const char *num_format,
                       double width);
/* Appends the next cell, filling rows left to right. A NaN number or a NULL
 * text is an empty cell. Returns 0 or -1 (out of memory: the table is then
 * marked failed and ix_xlsx_write_file refuses it). */
int ix_xlsx_add_number(ix_xlsx_table *t, double v);
int ix_xlsx_add_text(ix_xlsx_table *t, const char *text);
/* A line for the notes sheet (name: notes_sheet, default "Noter"). */
int ix_xlsx_add_note(ix_xlsx_table *t, const char *text);
void ix_xlsx_set_notes_sheet(ix_xlsx_table *t, const char *name);

size_t ix_xlsx_nrows(const ix_xlsx_table *t);

/* A static Excel format code with the given decimals (0 to 6) and, with
 * group, thousands grouping: (2, 0) "0.00", (2, 1) "#,##0.00", (0, 1) "#,##0". */
const char *ix_xlsx_number_format(int decimals, int group);

/* Writes the workbook to path atomically: into a temporary file beside it,
 * renamed into place when complete; on failure nothing is left and an old
 * file at path is untouched. Errors name path. */
ix_status ix_xlsx_write_file(const ix_xlsx_table *t, const char *path, ix_diag *d);

#endif
