/* Writers for GUSA's indicators (issue 16, lib/io/gusa/): IDATA and IMETA
 * that `indeks composite` reads unchanged, and the concentration of cost
 * as CSV, JSON or a text table. Numbers with ix_format_exact; NA for a
 * missing value in IDATA, an empty CSV field or JSON null elsewhere.
 * Ownership: every argument is borrowed for the call. */
#ifndef INDEKS_GUSA_INDICATORS_WRITE_H
#define INDEKS_GUSA_INDICATORS_WRITE_H

#include "indeks/gusa_indicators.h"
#include "indeks/sink.h"

/* uCode (kommunekode), uName, G01..G14: a row per municipality with cases
 * in the year; a missing value (too few cases) is NA. */
void ix_gusa_write_idata(ix_sink *s, const ix_gusa_indicators *r);
/* The index GUSA: G01-G12 under TRAPPE, TVAERS, ETIK (weight 1 each), G13
 * and G14 Type Other; Unit, Recommendation and Definition columns. */
void ix_gusa_write_imeta(ix_sink *s);

/* The groups (overall, per centre, per ladder step): families, total cost,
 * Gini, top 1/20/50 % and the Lorenz curve's deciles L0..L10; a suppressed
 * group has its families count ("fewer than 5") only. */
void ix_gusa_write_concentration_csv(ix_sink *s, const ix_gusa_concentration *c, char sep,
                                     char decimal);
void ix_gusa_write_concentration_json(ix_sink *s, const ix_gusa_concentration *c);
void ix_gusa_write_concentration_table(ix_sink *s, const ix_gusa_concentration *c, char decimal);

#endif
