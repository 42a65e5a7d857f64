/* An in-memory table of text cells: what a CSV file becomes once read.
 *
 * Cells are UTF-8, NUL-terminated strings owned by the table and valid until
 * ix_table_free. Each data row remembers the line of the source file it came
 * from, so later checks can name file:line:column. The table also records the
 * conventions detected in its source (separator, decimal mark, encoding), so
 * numbers are read the way the file wrote them. */
#ifndef INDEKS_TABLE_H
#define INDEKS_TABLE_H

#include <stddef.h>

#include "indeks/diag.h"

typedef struct ix_table ix_table;

typedef enum { IX_ENC_UTF8 = 0, IX_ENC_UTF8_BOM, IX_ENC_CP1252 } ix_encoding;

/* An empty table with the given header (copied, names trimmed of spaces and
 * tabs) and source name (copied, may be NULL). separator is ',' or ';';
 * decimal is '.' or ','. Names should be unique (ix_csv_parse checks);
 * ix_table_find returns the first match. All text of a table (header and
 * cells) must fit in 4 GiB; past that adding a row fails with IX_ERR_INPUT. */
ix_status ix_table_new(const char *const *header, size_t ncols, const char *source, char separator,
                       char decimal, ix_table **out, ix_diag *d);
void ix_table_free(ix_table *t);

/* Appends a row of ncols cells (copied); line is its source line (1-based). */
ix_status ix_table_add_row(ix_table *t, const char *const *cells, long line, ix_diag *d);

size_t ix_table_nrows(const ix_table *t);
size_t ix_table_ncols(const ix_table *t);
const char *ix_table_header(const ix_table *t, size_t col);
/* Cell text ("" for an empty field); row and col must be in range. */
const char *ix_table_cell(const ix_table *t, size_t row, size_t col);
/* Source line of a data row (the header is line 1 in a plain file). */
long ix_table_line(const ix_table *t, size_t row);
/* Column index of the header named name (exact match after trimming), or -1. */
long ix_table_find(const ix_table *t, const char *name);

/* The municipality columns, however an Excel user or another command named
 * them. The code column is the first header (in this order of preference)
 * that reads as kommunekode, kode, komkode, kommunenr, kommunenummer, uCode
 * or code; the name column as kommune, kommunenavn, navn, uName or name.
 * Headers compare without regard to case, surrounding spaces, a UTF-8 BOM
 * and the characters ' ', '_', '-' and '.' inside ("Kommune kode",
 * "KOMMUNE_NR"). *name_col is SIZE_MAX when there is no name column (name_col
 * may be NULL). When no code column fits: IX_ERR_INPUT naming file (may be
 * NULL: the table's source), line 1, the header it has and the names it
 * accepts. */
ix_status ix_table_unit_columns(const ix_table *t, const char *file, size_t *code_col,
                                size_t *name_col, ix_diag *d);
const char *ix_table_source(const ix_table *t);
char ix_table_separator(const ix_table *t);
char ix_table_decimal(const ix_table *t);
ix_encoding ix_table_encoding(const ix_table *t);
void ix_table_set_encoding(ix_table *t, ix_encoding enc);

/* Reads cell (row, col) as a finite number, by the table's decimal
 * convention (see ix_parse_number). On failure returns IX_ERR_INPUT and d
 * names source:line:column (column = the field's 1-based position in the
 * row), field = the column's header, and a message such as
 * `expected a number, got "12,3,4": more than one decimal mark`. A missing
 * cell (see below) is not a number either: check it first. */
ix_status ix_table_number(const ix_table *t, size_t row, size_t col, double *out, ix_diag *d);

/* True when the cell is missing: empty, "NA", "NaN"-free marker set of COINr
 * ("NA", "" and "n/a" case-insensitively, after trimming spaces). */
int ix_table_cell_missing(const ix_table *t, size_t row, size_t col);

#endif
