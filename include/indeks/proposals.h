/* Stakeholders' proposals for the next edition of a composite index
 * (Socialt Indeks; issue 17): what a proposal is, how it is checked, and how
 * the accepted ones turn the current IMETA into the next edition's draft.
 *
 * Computation only (lib/core/proposals/): no I/O. The store
 * (proposals_store.h) keeps proposals, support and decisions; the site shows
 * them under /forslag; `indeks proposals export` writes the draft.
 *
 * Ownership: strings in ix_prop_in are borrowed; a table returned by
 * ix_prop_apply is the caller's (ix_table_free). */
#ifndef INDEKS_PROPOSALS_H
#define INDEKS_PROPOSALS_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/table.h"

typedef enum {
    IX_PROP_NONE = 0,
    IX_PROP_NEW,            /* "ny": a new indicator */
    IX_PROP_CHANGE,         /* "aendring": change an indicator's text, unit, direction or domain */
    IX_PROP_REMOVE,         /* "fjern": remove an indicator */
    IX_PROP_RECOMMENDATION  /* "anbefaling": a recommendation text for an indicator */
} ix_prop_kind;

/* "ny", "aendring", "fjern", "anbefaling"; NULL for anything else. */
const char *ix_prop_kind_name(ix_prop_kind k);
/* The kind named name, or IX_PROP_NONE. */
ix_prop_kind ix_prop_kind_parse(const char *name);
/* The Danish label a page shows ("Ny indikator", ...). */
const char *ix_prop_kind_label(ix_prop_kind k);

/* What a stakeholder proposes. Empty strings and NULL both mean "not given". */
typedef struct ix_prop_in {
    ix_prop_kind kind;
    const char *icode;          /* new: the proposed code; others: the indicator's */
    const char *name;           /* iName */
    const char *definition;
    const char *unit;
    const char *direction;      /* "1" (higher is better) or "-1" */
    const char *domain;         /* Parent: a domain's iCode */
    const char *source;         /* data source */
    const char *frequency;      /* how often the source is published */
    const char *recommendation;
    const char *why;            /* the reason, always required */
} ix_prop_in;

/* Limits: texts at most this many characters (code points). */
#define IX_PROP_TEXT_MAX 4000
#define IX_PROP_SHORT_MAX 200
#define IX_PROP_CODE_MAX 20

/* Checks p: the kind; an iCode of letters, digits and '_' (at most
 * IX_PROP_CODE_MAX, starting with a letter); for a new indicator a name, a
 * definition, a unit, a direction, a domain, a source and a frequency; for a
 * change at least one field to change; for a recommendation its text; a reason
 * always; every text valid UTF-8 without control characters (tab and newline
 * allowed in long texts) and within its limit. IX_ERR_INPUT with d->field the
 * offending field's form name. */
ix_status ix_prop_validate(const ix_prop_in *p, ix_diag *d);

/* An accepted proposal to apply: its id (shown as "F<id>") and content. */
typedef struct ix_prop_accepted {
    long long id;
    ix_prop_in p;
} ix_prop_accepted;

/* The next edition's IMETA: imeta with the accepted proposals applied in the
 * given order (decision order). New indicators are added after the last row
 * of their domain (Level 1, Weight 1, Type Indicator); a change replaces the
 * fields it gives; a removal drops the row; a recommendation sets
 * Recommendation. The columns Definition, Source, Frequency and Proposal are
 * added when missing; Proposal lists the ids ("F3 F7") of the proposals that
 * touched a row. Refused (IX_ERR_INPUT naming the proposal "F<id>" and what is
 * wrong): a new code that exists, a change, removal or recommendation of an
 * indicator that is not in imeta (or is not Type Indicator), a domain that is
 * not an aggregate one level above the indicators, a removal that leaves a
 * domain without indicators. */
ix_status ix_prop_apply(const ix_table *imeta, const ix_prop_accepted *acc, size_t n,
                        ix_table **out, ix_diag *d);

#endif
