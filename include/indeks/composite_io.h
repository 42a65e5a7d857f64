/* A composite index from and to files: the one loading pipeline that
 * `indeks composite`, `indeks sensitivity` and `indeks report` share
 * (IDATA and IMETA as CSV, an optional recipe as JSON), and the writers of
 * its results (lib/io/composite/composite_load.c, lib/io/composite/composite_write.c).
 *
 * Ownership: the caller owns every model, plan, workbook table and buffer
 * these return and frees them with their _free functions; options and file
 * names are borrowed for the call only. */
#ifndef INDEKS_COMPOSITE_IO_H
#define INDEKS_COMPOSITE_IO_H

#include <stddef.h>

#include "indeks/composite.h"
#include "indeks/diag.h"
#include "indeks/sink.h"

/* ---- loading ----------------------------------------------------------- */

typedef struct ix_comp_files {
    const char *data, *meta; /* IDATA, IMETA (CSV) */
    const char *recipe;      /* JSON, or NULL for COINr's minimal pipeline */
} ix_comp_files;

/* Reads IMETA, IDATA (in that order, so a bad IMETA is reported first) and
 * the recipe into a finished model and a recipe. Errors name file:line:column. */
ix_status ix_comp_load(const ix_comp_files *f, ix_comp_model **m, ix_comp_recipe *r, ix_diag *d);

/* The unit whose uCode is code; param names the parameter for the message. */
ix_status ix_comp_find_unit(const ix_comp_model *m, const char *code, const char *param, size_t *u,
                            ix_diag *d);

/* ix_comp_load, then a plan with the units whose codes are in withdraw left
 * out, run once. */
ix_status ix_comp_load_run(const ix_comp_files *f, const char *const *withdraw, size_t nwithdraw,
                           ix_comp_model **m, ix_comp_recipe *r, ix_comp_plan **p, ix_diag *d);

/* The index score of every unit whose uCode is a Danish municipality code
 * (for a map): *codes and *values (the caller frees both) get *n entries. */
ix_status ix_comp_kommune_scores(const ix_comp_model *m, const ix_comp_plan *p, int **codes,
                                 double **values, size_t *n, ix_diag *d);

/* ---- writing ----------------------------------------------------------- */

typedef enum {
    IX_COMP_WRITE_TABLE = 0, /* for people */
    IX_COMP_WRITE_CSV,       /* uCode,uName,Rank,<index>,<aggregates>,Coverage,Imputed */
    IX_COMP_WRITE_JSON
} ix_comp_write_format;

typedef struct ix_comp_write_opts {
    ix_comp_write_format format;
    char decimal, separator;  /* '.' ',' or (Danish) ',' ';' */
    int danish;               /* Danish number grouping in tables */
    const char *reason;       /* why units were withdrawn, for the notes */
    long unit;                /* >= 0: this unit's profile instead of the ranking */
    int stats, corr;          /* add indicator statistics, correlations between levels */
} ix_comp_write_opts;

void ix_comp_write_opts_init(ix_comp_write_opts *o);

/* The results of a run of p (built from m and r) in o's format. Notes
 * follow a table and are a "notes" array in JSON; CSV has no place for them
 * (ix_comp_write_notes). A withdrawn or screened unit has no profile: an
 * error naming the parameter "unit". */
ix_status ix_comp_write(const ix_comp_model *m, const ix_comp_plan *p, const ix_comp_recipe *r,
                        const ix_comp_write_opts *o, ix_sink *s, ix_diag *d);

/* The CSV's columns as a workbook table (coverage as a percentage), the
 * notes on their own sheet. *out is the caller's. */
struct ix_xlsx_table;
ix_status ix_comp_write_xlsx(const ix_comp_model *m, const ix_comp_plan *p,
                             const ix_comp_recipe *r, const ix_comp_write_opts *o,
                             struct ix_xlsx_table **out, ix_diag *d);

/* The notes (withdrawn units with reason, screened units with their
 * coverage), one line each as prefix + text + "\n". */
void ix_comp_write_notes(const ix_comp_model *m, const ix_comp_plan *p, const char *reason,
                         const char *prefix, ix_sink *s);
/* The same in Danish when danish. */
void ix_comp_write_notes_lang(const ix_comp_model *m, const ix_comp_plan *p, const char *reason,
                              const char *prefix, int danish, ix_sink *s);

#endif
