/* Synthetic demo data, made in memory from a fixed seed so that the demo
 * runs on any machine without a download. SYNTHETIC: the numbers are not
 * Danish statistics; only codes, names and population sizes are real
 * (Danmarks Statistik, see kommuner.h). Every table made here carries a
 * column "datakilde" saying so. */
#ifndef INDEKS_DEMO_H
#define INDEKS_DEMO_H

#include <stdint.h>

#include "indeks/diag.h"
#include "indeks/table.h"

#define IX_DEMO_SEED 2021u
#define IX_DEMO_LABEL "SYNTETISKE DATA (indeks demo-data, seed 2021)"

/* One row per municipality with the 29 columns of models/socio_2021.json
 * (kommunekode, kommune, indbyggere, the inputs of criteria 1-18) and the
 * three counts only models/socio_2013.json reads (udlejede_beboelseslejligheder,
 * familier_bestemte_boligtyper, befolkningsnedgang_stk3); plus datakilde.
 * Distances in km, the regional rate in per cent (fixed per region), life
 * expectancy in years. All SYNTHETIC except codes, names and populations.
 * The table is owned by the caller. */
ix_status ix_demo_socio_table(uint64_t seed, ix_table **out, ix_diag *d);

/* A small deterministic generator for synthetic data (splitmix64): the same
 * seed gives the same numbers on every machine. Plain value, no allocation. */
typedef struct {
    uint64_t state;
} ix_rng;

void ix_rng_seed(ix_rng *r, uint64_t seed);
uint64_t ix_rng_next(ix_rng *r);
/* Uniform in [0, 1). */
double ix_rng_uniform(ix_rng *r);
/* Standard normal (Box-Muller, one value per call). */
double ix_rng_normal(ix_rng *r);

#endif
