/* Comparing two equalisation runs: a what-if (one municipality's figures
 * changed, lib/udligning_compare.c) and a scenario (two parameter sets or
 * data sets). Computation is in lib/; running from a setup and writing
 * through a sink in lib/io/udligning_compare.c. Results are owned by the
 * caller and freed with their _free (which accepts NULL). */
#ifndef INDEKS_UDLIGNING_COMPARE_H
#define INDEKS_UDLIGNING_COMPARE_H

#include "indeks/udligning.h"

/* One line of a what-if: a quantity now and after the change. */
typedef struct ix_udl_whatif_row {
    char post[160];
    double now, changed;
} ix_udl_whatif_row;

typedef struct ix_udl_whatif {
    size_t n;
    ix_udl_whatif_row *rows;
} ix_udl_whatif;

/* The index of the unit with code in data; IX_ERR_NOTFOUND naming the
 * parameter "code" otherwise. */
ix_status ix_udl_find_unit(const ix_udl_data *data, int code, size_t *k, ix_diag *d);

/* The rows of a what-if for unit k0 of (d0, r0) against k1 of (d1, r1):
 * indeks, udgiftsbehov, udgiftsbehov_pr_indb, udgiftsudligning,
 * skatteudligning, netto, netto_pr_indb, then marginal_indeks_<id>,
 * marginal_udgiftsbehov_<id>, marginal_netto_<id> for each criterion
 * (ix_udl_marginal). IX_ERR_NOMEM (and no rows) when memory runs out. */
ix_status ix_udl_whatif_rows(const ix_socio_model *m, const ix_udl_params *p,
                             const ix_udl_data *d0, const ix_udl_result *r0, size_t k0,
                             const ix_udl_data *d1, const ix_udl_result *r1, size_t k1,
                             ix_udl_whatif *out, ix_diag *d);
void ix_udl_whatif_free(ix_udl_whatif *w);

/* One municipality of a scenario: net now (base) and in the alternative. */
typedef struct ix_udl_scenario_row {
    int code;
    const char *name; /* borrowed from the base data */
    double base, alt, diff, diff_pi, need_effect, tax_effect;
} ix_udl_scenario_row;

/* The base's municipalities matched by code in the alternative, sorted by
 * the gain per inhabitant (largest first, ties by code). IX_ERR_INPUT when
 * the two hold different sets. *out (n = base->n rows) is freed with free(). */
ix_status ix_udl_scenario_rows(const ix_udl_data *base, const ix_udl_result *rbase,
                               const ix_udl_data *alt, const ix_udl_result *ralt,
                               ix_udl_scenario_row **out, ix_diag *d);

/* ---- Running and writing (lib/io/udligning_compare.c). format: 0 table,
 * 1 CSV, 2 JSON; the notes of the run(s) go to notes (one per line) as well
 * as into the table and JSON. ---- */

/* Applies changes to municipality code of s->table, reruns s (s then holds
 * the changed run) and writes the comparison. */
ix_status ix_udl_whatif_write(ix_udl_setup *s, int code, const ix_udl_change *changes,
                              size_t nchanges, int format, const ix_socio_style *st,
                              ix_sink *out, ix_buf *notes, ix_diag *d);

/* What each run was made from, for the table and the JSON. */
typedef struct ix_udl_run_label {
    const char *params, *data, *model; /* data/model NULL: demo/default */
} ix_udl_run_label;

/* Compares s[0] (base) with s[1] (alternative) and writes the result. */
ix_status ix_udl_scenario_write(const ix_udl_setup s[2], const ix_udl_run_label label[2],
                                int format, const ix_socio_style *st, ix_sink *out,
                                ix_buf *notes, ix_diag *d);

#endif
