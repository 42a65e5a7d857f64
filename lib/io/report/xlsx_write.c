/* Excel workbooks of a typed table (see include/indeks/xlsx.h).
 *
 * The table is kept as a flat array of cells (row-major, header apart) so
 * that it can be built without libxlsxwriter and checked before anything is
 * written. Writing goes to "<path>.tmp.XXXXXX" (libxlsxwriter opens files by
 * name), which is renamed onto path once workbook_close has succeeded. */
#include "indeks/xlsx.h"
#include "indeks/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indeks/textable.h"
#include "indeks/util.h"

#ifdef IX_HAVE_XLSX
#include <xlsxwriter.h>
#endif

typedef struct {
    int is_text;
    double number;
    char *text; /* NULL: empty */
} cell;

typedef struct {
    char *header;
    char *format; /* NULL: text column */
    double width;
} column;

struct ix_xlsx_table {
    char sheet[32];
    char notes_sheet[32];
    size_t ncols;
    column *cols;
    cell *cells;
    size_t ncells, cap;
    char **notes;
    size_t nnotes, notes_cap;
    int failed;
};

/* Copies a sheet name, replacing what Excel forbids and cutting it at 31
 * bytes on a UTF-8 character boundary. */
static void set_sheet_name(char *dst, const char *name)
{
    size_t n = 0;
    for (const char *p = name; *p && n < 31; p++)
        dst[n++] = strchr("[]:*?/\\", *p) ? '_' : *p;
    while (n > 0 && n < strlen(name) && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--; /* do not cut a character in two */
    dst[n] = '\0';
}

int ix_xlsx_available(void)
{
#ifdef IX_HAVE_XLSX
    return 1;
#else
    return 0;
#endif
}

ix_xlsx_table *ix_xlsx_table_new(const char *sheet, size_t ncols)
{
    if (ncols == 0)
        return NULL;
    ix_xlsx_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cols = calloc(ncols, sizeof *t->cols);
    if (!t->cols) {
        free(t);
        return NULL;
    }
    t->ncols = ncols;
    set_sheet_name(t->sheet, sheet && sheet[0] ? sheet : "Sheet1");
    set_sheet_name(t->notes_sheet, "Noter");
    return t;
}

void ix_xlsx_table_free(ix_xlsx_table *t)
{
    if (!t)
        return;
    for (size_t c = 0; c < t->ncols; c++) {
        free(t->cols[c].header);
        free(t->cols[c].format);
    }
    for (size_t i = 0; i < t->ncells; i++)
        free(t->cells[i].text);
    for (size_t i = 0; i < t->nnotes; i++)
        free(t->notes[i]);
    free(t->cols);
    free(t->cells);
    free(t->notes);
    free(t);
}

int ix_xlsx_set_column(ix_xlsx_table *t, size_t col, const char *header, const char *num_format,
                       double width)
{
    if (!t || col >= t->ncols)
        return -1;
    column *c = &t->cols[col];
    free(c->header);
    free(c->format);
    c->header = ix_strdup(header ? header : "");
    c->format = num_format ? ix_strdup(num_format) : NULL;
    c->width = width > 0 && width < 255 ? width : 0;
    if (!c->header || (num_format && !c->format)) {
        t->failed = 1;
        return -1;
    }
    return 0;
}

static cell *next_cell(ix_xlsx_table *t)
{
    if (t->failed)
        return NULL;
    if (t->ncells == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        cell *grown = realloc(t->cells, cap * sizeof *grown);
        if (!grown) {
            t->failed = 1;
            return NULL;
        }
        t->cells = grown;
        t->cap = cap;
    }
    cell *c = &t->cells[t->ncells++];
    memset(c, 0, sizeof *c);
    return c;
}

int ix_xlsx_add_number(ix_xlsx_table *t, double v)
{
    cell *c = next_cell(t);
    if (!c)
        return -1;
    c->number = v;
    return 0;
}

int ix_xlsx_add_text(ix_xlsx_table *t, const char *text)
{
    cell *c = next_cell(t);
    if (!c)
        return -1;
    c->is_text = 1;
    if (text && !(c->text = ix_strdup(text))) {
        t->failed = 1;
        return -1;
    }
    return 0;
}

int ix_xlsx_add_note(ix_xlsx_table *t, const char *text)
{
    if (t->failed)
        return -1;
    if (t->nnotes == t->notes_cap) {
        size_t cap = t->notes_cap ? 2 * t->notes_cap : 8;
        char **grown = realloc(t->notes, cap * sizeof *grown);
        if (!grown) {
            t->failed = 1;
            return -1;
        }
        t->notes = grown;
        t->notes_cap = cap;
    }
    if (!(t->notes[t->nnotes] = ix_strdup(text))) {
        t->failed = 1;
        return -1;
    }
    t->nnotes++;
    return 0;
}

void ix_xlsx_set_notes_sheet(ix_xlsx_table *t, const char *name)
{
    if (t && name && name[0])
        set_sheet_name(t->notes_sheet, name);
}

size_t ix_xlsx_nrows(const ix_xlsx_table *t)
{
    return (t->ncells + t->ncols - 1) / t->ncols;
}

const char *ix_xlsx_number_format(int decimals, int group)
{
    static const char *const plain[7] = {"0", "0.0", "0.00", "0.000", "0.0000", "0.00000",
                                         "0.000000"};
    static const char *const grouped[7] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000",
                                           "#,##0.0000", "#,##0.00000", "#,##0.000000"};
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    return group ? grouped[decimals] : plain[decimals];
}

#ifdef IX_HAVE_XLSX

/* Characters a number takes in its format: digits before the mark (with
 * grouping), the mark and the decimals. */
static size_t number_width(double v, const char *format)
{
    if (isnan(v))
        return 0;
    const char *dot = strchr(format, '.');
    size_t dec = dot ? strlen(dot + 1) : 0;
    double a = fabs(v);
    size_t digits = 1;
    while (a >= 10 && digits < 20) {
        a /= 10;
        digits++;
    }
    size_t w = digits + (v < 0) + (dec ? dec + 1 : 0);
    if (strchr(format, ','))
        w += (digits - 1) / 3;
    return w;
}

static double column_width(const ix_xlsx_table *t, size_t col)
{
    const column *c = &t->cols[col];
    if (c->width > 0)
        return c->width;
    size_t w = ix_utf8_width(c->header);
    for (size_t i = col; i < t->ncells; i += t->ncols) {
        const cell *x = &t->cells[i];
        size_t cw = x->is_text ? (x->text ? ix_utf8_width(x->text) : 0)
                               : number_width(x->number, c->format ? c->format : "0.00");
        if (cw > w)
            w = cw;
    }
    w += 2;
    return w > 60 ? 60.0 : (double)w;
}

static ix_status write_workbook(const ix_xlsx_table *t, const char *file, const char *path,
                                ix_diag *d)
{
    lxw_workbook *wb = workbook_new(file);
    if (!wb)
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "cannot start the workbook");
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
    lxw_format *bold = workbook_add_format(wb);
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, one per column
    lxw_format **fmt = calloc(t->ncols, sizeof *fmt); /* ncols >= 1: ix_xlsx_table_new */
    if (!ws || !bold || !fmt) {
        free(fmt);
        workbook_close(wb); /* frees wb; file is removed by the caller */
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory building the workbook");
    }
    format_set_bold(bold);
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].format && (fmt[c] = workbook_add_format(wb)) != NULL)
            format_set_num_format(fmt[c], t->cols[c].format);
        worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c].header, bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(t, c), NULL);
    }
    size_t nrows = ix_xlsx_nrows(t);
    for (size_t i = 0; i < t->ncells; i++) {
        const cell *x = &t->cells[i];
        lxw_row_t row = (lxw_row_t)(i / t->ncols + 1);
        lxw_col_t col = (lxw_col_t)(i % t->ncols);
        if (x->is_text && x->text && x->text[0])
            worksheet_write_string(ws, row, col, x->text, NULL);
        else if (!x->is_text && isfinite(x->number))
            worksheet_write_number(ws, row, col, x->number, fmt[col]);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(t->ncols - 1));
    if (t->nnotes) {
        lxw_worksheet *ns = workbook_add_worksheet(wb, t->notes_sheet);
        if (ns) {
            worksheet_set_column(ns, 0, 0, 120, NULL);
            for (size_t i = 0; i < t->nnotes; i++)
                worksheet_write_string(ns, (lxw_row_t)i, 0, t->notes[i], NULL);
        }
    }
    lxw_error err = workbook_close(wb);
    free(fmt);
    if (err != LXW_NO_ERROR)
        return ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL, "cannot write the workbook: %s",
                           lxw_strerror(err));
    return IX_OK;
}

#endif

ix_status ix_xlsx_write_file(const ix_xlsx_table *t, const char *path, ix_diag *d)
{
#ifndef IX_HAVE_XLSX
    (void)t;
    return ix_diag_set(d, IX_ERR_USAGE, path, 0, 0, "output_format",
                       "this build cannot write .xlsx: it was built without libxlsxwriter "
                       "(install libxlsxwriter-dev and rebuild)");
#else
    if (!path || !path[0] || strcmp(path, "-") == 0)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "-o",
                           "an .xlsx workbook is binary: name the file with -o FILE.xlsx");
    if (t->failed)
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory building the table");
    ix_status chk = ix_outfile_check(path, d);
    if (chk)
        return chk;
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        ix_status st = ix_diag_set(d, IX_ERR_IO, path, 0, 0, NULL,
                                   "cannot create a file beside it: %s", strerror(errno));
        free(tmp);
        return st;
    }
    close(fd);
    ix_status st = write_workbook(t, tmp, path, d);
    if (!st)
        st = ix_outfile_commit(tmp, path, d); /* removes tmp on failure */
    else
        unlink(tmp);
    free(tmp);
    return st;
#endif
}
