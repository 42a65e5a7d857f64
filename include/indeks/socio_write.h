/* Writing socio-economic index results: CSV, JSON, terminal table and one
 * municipality's explanation. All write to a sink (see sink.h); none
 * allocate beyond what they free. decimal is '.' or ',', separator ',' or
 * ';', danish selects Danish labels and number grouping in tables. */
#ifndef INDEKS_SOCIO_WRITE_H
#define INDEKS_SOCIO_WRITE_H

#include "indeks/sink.h"
#include "indeks/socio.h"

typedef struct {
    char decimal;
    char separator;
    int danish;
} ix_socio_style;

/* Notes every output must carry: incomplete or rescaled model, synthetic
 * data, missing municipalities. Writes each as prefix + text + "\n";
 * returns how many. */
int ix_socio_write_notes(const ix_socio_model *m, const ix_socio_data *data, const char *prefix,
                         ix_sink *s);
/* The same in Danish when danish is non-zero. */
int ix_socio_write_notes_lang(const ix_socio_model *m, const ix_socio_data *data,
                              const char *prefix, int danish, ix_sink *s);

/* kommunekode,kommune,indeks,rang,bidrag_<id>... sorted by rank. */
void ix_socio_write_csv(const ix_socio_model *m, const ix_socio_data *data,
                        const ix_socio_result *r, const ix_socio_style *st, ix_sink *s);
ix_status ix_socio_write_json(const ix_socio_model *m, const ix_socio_data *data,
                              const ix_socio_result *r, ix_sink *s, ix_diag *d);
void ix_socio_write_table(const ix_socio_model *m, const ix_socio_data *data,
                          const ix_socio_result *r, const ix_socio_style *st, ix_sink *s);

/* One unit (index k) criterion by criterion. format 0: a table for people;
 * 1: CSV rows (kriterium,navn,vaegt,antal,antal_foer_taerskel,andel_af_landet,
 * rate_pr_1000,landsrate_pr_1000,relativ_rate,bidrag,bidrag_over_gennemsnit);
 * 2: JSON with the same fields and the notes. */
void ix_socio_write_explain(const ix_socio_model *m, const ix_socio_data *data,
                            const ix_socio_result *r, size_t k, const ix_socio_style *st,
                            int format, ix_sink *s);

/* How criterion j's value of unit k comes from its inputs, as one line
 * "  <id> (nr. N): ...\n": a threshold's two years and which decides (or why
 * it is 0), a mean's counts, a product's measure and population, a gap's
 * highest and own measure. Nothing for a plain count or data without
 * inputs. */
void ix_socio_write_derivation(const ix_socio_model *m, const ix_socio_data *data, size_t k,
                               size_t j, const ix_socio_style *st, ix_sink *s);

#endif
