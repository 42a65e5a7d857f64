/* Two editions of an index compared (issue 17): how each municipality's
 * rank moved, and which indicators were added, removed or changed between
 * the editions' IMETA, with the stakeholder proposal behind each change.
 *
 * Computation only (lib/core/editions/). ix_edition_diff (store.h layer,
 * lib/store/edition_diff_load.c) fills the inputs from stored editions;
 * writers in edition_diff_write.h; `indeks compare-editions` and the page
 * /edition/<a>/vs/<b> show it.
 *
 * Ownership: an ix_ediff is the caller's (ix_ediff_free); its strings are
 * copies. Inputs are borrowed. */
#ifndef INDEKS_EDITION_DIFF_H
#define INDEKS_EDITION_DIFF_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/table.h"

/* One municipality of an edition. */
typedef struct ix_ediff_unit {
    const char *code; /* as the edition wrote it; compared as text */
    const char *name;
    long rank;        /* 0: none */
    double value;     /* NaN: none */
} ix_ediff_unit;

typedef struct ix_ediff_rank {
    char *code, *name;        /* name: b's, else a's */
    long rank_a, rank_b;      /* 0: not in that edition (or no rank) */
    double value_a, value_b;  /* NaN: none */
    long change;              /* rank_a - rank_b: positive moved up; 0 when either rank is 0 */
} ix_ediff_rank;

typedef enum { IX_EDIFF_ADDED = 1, IX_EDIFF_REMOVED, IX_EDIFF_CHANGED } ix_ediff_kind;

typedef struct ix_ediff_field {
    char *field;           /* the IMETA column */
    char *before, *after;  /* "" for an empty cell */
} ix_ediff_field;

typedef struct ix_ediff_indicator {
    ix_ediff_kind kind;
    char *icode, *name;    /* name: b's, else a's */
    size_t nfields;        /* CHANGED: the columns that differ */
    ix_ediff_field *fields;
    char *proposals;       /* "F3 F7": the proposals behind it; "" when none is known */
} ix_ediff_indicator;

typedef struct ix_ediff {
    size_t nranks;
    ix_ediff_rank *ranks;  /* by |change| (largest first), then code; units in one edition last */
    size_t nindicators;
    ix_ediff_indicator *indicators; /* added, removed, changed; each by iCode */
    int have_meta;         /* 1 when both editions had an IMETA */
} ix_ediff;

/* The columns compared for a changed indicator, in this order. */
extern const char *const ix_ediff_columns[];

/* A removed indicator's proposal (b's IMETA cannot carry it): from the
 * proposals database, may be none. */
typedef struct ix_ediff_trace {
    const char *icode;
    long long proposal;
} ix_ediff_trace;

/* Rank changes between the units of a and b (codes unique in each). */
ix_status ix_ediff_ranks(const ix_ediff_unit *a, size_t na, const ix_ediff_unit *b, size_t nb,
                         ix_ediff *out, ix_diag *d);
/* Indicator changes between two IMETA tables: rows of Type Indicator or
 * Other, compared on ix_ediff_columns (a column one table lacks counts as
 * empty there; the Proposal column itself is not compared). An added or
 * changed row's proposals are the ids in b's Proposal cell that a's did not
 * have; a removed row's come from removed (may be NULL). */
ix_status ix_ediff_indicators(const ix_table *meta_a, const ix_table *meta_b,
                              const ix_ediff_trace *removed, size_t nremoved, ix_ediff *out,
                              ix_diag *d);
void ix_ediff_free(ix_ediff *e);

#endif
