/* Stakeholders' proposals kept in the GUSA database (schema version 2;
 * docs/proposals.md): organisations, their members (stakeholders and
 * editors), proposals, support (one per organisation), comments and the
 * editors' decisions. Every write is one transaction with its audit row
 * (the GUSA audit chain, purpose "forslag"); public reads name the
 * organisation, never the person.
 *
 * Writes take the logged-in stakeholder (ix_gusa_actor of kind
 * IX_GUSA_ACTOR_STAKEHOLDER) and fill an ix_gusa_err: http 400 naming the
 * field, 403 (not allowed), 404 (no such proposal), 409 (already
 * decided, already supported), 429 (the organisation's hourly limit).
 *
 * Ownership: views and lists are the caller's (ix_prop_view_free,
 * ix_prop_list_free); their strings belong to them. */
#ifndef INDEKS_PROPOSALS_STORE_H
#define INDEKS_PROPOSALS_STORE_H

#include <stddef.h>

#include "indeks/gusa_store.h"
#include "indeks/proposals.h"

/* Writes an organisation may make per hour (counted over the last 3,600 s). */
#define IX_PROP_RATE_PROPOSALS 10
#define IX_PROP_RATE_COMMENTS 30

/* Organisation kinds: "kommune", "fagforening", "interesseorganisation",
 * "forskning", "andet". */
int ix_prop_org_kind_ok(const char *kind);

/* Administration (the command line): audited as the system. */
ix_status ix_prop_org_add(ix_gusa_store *s, const char *name, const char *kind, long long *id,
                          ix_gusa_err *e);
ix_status ix_prop_member_add(ix_gusa_store *s, const char *iss, const char *sub, const char *name,
                             long long org, int editor, long long *id, ix_gusa_err *e);

/* A stakeholder's writes. */
ix_status ix_prop_submit(ix_gusa_store *s, const ix_gusa_actor *a, const ix_prop_in *p,
                         long long *id, ix_gusa_err *e);
/* Another organisation's support of an open proposal (not the proposer's). */
ix_status ix_prop_support(ix_gusa_store *s, const ix_gusa_actor *a, long long id,
                          ix_gusa_err *e);
ix_status ix_prop_comment(ix_gusa_store *s, const ix_gusa_actor *a, long long id,
                          const char *text, ix_gusa_err *e);
/* An editor accepts (accept 1) or rejects an open proposal with a reason. */
ix_status ix_prop_decide(ix_gusa_store *s, const ix_gusa_actor *a, long long id, int accept,
                         const char *reason, ix_gusa_err *e);

typedef struct ix_prop_note {
    char *org;  /* the organisation's name */
    char *text; /* a comment's text; NULL for a support */
    char *at;   /* UTC, "2026-12-03T10:00:00Z" */
} ix_prop_note;

typedef struct ix_prop_view {
    long long id;
    ix_prop_in p;      /* its strings point into the view */
    long long org_id;
    char *org;         /* the proposing organisation */
    char *created;
    char *status;      /* "aaben", "accepteret", "afvist" */
    char *decided_at;  /* NULL while open */
    char *decided_by;  /* the deciding editor's organisation; NULL while open */
    char *reason;
    char *edition;     /* the edition an export took it into, or NULL */
    size_t nsupport;
    ix_prop_note *support;
    size_t ncomments;
    ix_prop_note *comments;
    char *strings_[20]; /* owned storage behind the pointers above */
} ix_prop_view;

typedef struct ix_prop_list {
    size_t n;
    ix_prop_view *items; /* newest first; without support names and comments */
} ix_prop_list;

/* Every proposal (public). */
ix_status ix_prop_list_load(ix_gusa_store *s, ix_prop_list **out, ix_diag *d);
void ix_prop_list_free(ix_prop_list *l);
/* One proposal with its support and comments; IX_ERR_NOTFOUND when none. */
ix_status ix_prop_get(ix_gusa_store *s, long long id, ix_prop_view **out, ix_diag *d);
void ix_prop_view_free(ix_prop_view *v);

/* The accepted proposals an export of edition applies: those not yet taken
 * into another edition, in decision order. The strings of out[i].p point
 * into *views (free with ix_prop_list_free). */
ix_status ix_prop_accepted_for(ix_gusa_store *s, const char *edition, ix_prop_list **views,
                               ix_prop_accepted **out, size_t *n, ix_diag *d);
/* The accepted removals an export took into edition (the trace of the
 * indicators the edition no longer has, for compare-editions). */
ix_status ix_prop_removed_in(ix_gusa_store *s, const char *edition, ix_prop_list **out,
                             ix_diag *d);
/* Records that the n proposals ids went into edition (audited as an export). */
ix_status ix_prop_mark_applied(ix_gusa_store *s, const char *edition, const long long *ids,
                               size_t n, ix_diag *d);

#endif
