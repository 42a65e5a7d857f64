/* An uncertainty or sensitivity analysis from and to files
 * (lib/io/sensitivity/sensitivity_write.c): the composite index's inputs through the
 * composite loading pipeline (indeks/composite_io.h) plus SA.json, or the
 * socio-economic index's; the results as a table, CSV or JSON.
 *
 * Ownership: the caller owns the result (ix_sa_result_free) and the unit
 * names (ix_sa_units_free); options and file names are borrowed. */
#ifndef INDEKS_SENSITIVITY_IO_H
#define INDEKS_SENSITIVITY_IO_H

#include <stdint.h>

#include "indeks/composite_io.h"
#include "indeks/sensitivity.h"
#include "indeks/sink.h"

/* The units' codes and names, in the result's order. */
typedef struct ix_sa_units {
    size_t n;
    char (*code)[32];
    char **name;
} ix_sa_units;
void ix_sa_units_free(ix_sa_units *un);

/* SA.json first (a bad spec is reported before any data is read), then
 * the composite index's files, then the analysis. */
ix_status ix_sa_composite_files(const ix_comp_files *f, const char *spec_file,
                               const ix_sa_config *cfg, ix_sa_result **res, ix_sa_units *un,
                               ix_diag *d);
/* The socio-economic index (model and data files, NULL = embedded) with
 * each weight within ±noise (0.10 = ±10 %); *partial: the model is
 * incomplete or its weights were rescaled. */
ix_status ix_sa_socio_files(const char *model, const char *data_file, int normalise, double noise,
                           const ix_sa_config *cfg, ix_sa_result **res, ix_sa_units *un,
                           int *partial, ix_diag *d);

typedef enum { IX_SA_WRITE_TABLE = 0, IX_SA_WRITE_CSV, IX_SA_WRITE_JSON } ix_sa_write_format;

typedef struct ix_sa_write_opts {
    ix_sa_write_format format;
    char decimal, separator;
    uint64_t seed;   /* shown in JSON */
    int partial;     /* add the note that the socio model is not the official one */
} ix_sa_write_opts;
void ix_sa_write_opts_init(ix_sa_write_opts *o);

/* UA: units by nominal rank (uCode,Nominal,Mean,Median,Q5,Q95); SA: the
 * choices' Si and STi with intervals. A table ends with the notes; JSON has
 * "failed"; CSV has no place for notes (ix_sa_write_notes). */
ix_status ix_sa_write(const ix_sa_result *r, const ix_sa_units *un, const ix_sa_write_opts *o,
                      ix_sink *s, ix_diag *d);
/* The notes, one line each as prefix + text + "\n": failed runs (how many,
 * the first one's message), the socio model's partiality. */
void ix_sa_write_notes(const ix_sa_result *r, int partial, const char *prefix, ix_sink *s);
/* The same in Danish when danish. */
void ix_sa_write_notes_lang(const ix_sa_result *r, int partial, const char *prefix, int danish,
                            ix_sink *s);

#endif
