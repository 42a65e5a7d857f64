/* GUSA (cross-sector family dialogues, issue 15), the core: the fixed lists
 * (centres, roles, info types, legal bases), validation of what a user
 * enters, the access decisions as pure functions over an in-memory
 * description of a case, small-cell suppression of statistics and the
 * canonical form of an audit row. No I/O: lib/store/gusa_*.c loads the
 * description from the database and calls these.
 *
 * Ownership: every function here borrows what it is given and keeps
 * nothing; returned names are static strings. */
#ifndef INDEKS_GUSA_H
#define INDEKS_GUSA_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/sink.h"

/* ---- fixed lists ------------------------------------------------------------
 * Each list is one X-macro so a name and its value cannot drift apart; value 0
 * is "none / unknown" in every enum. */

#define IX_GUSA_CENTRES(XX)                                                  \
    XX(BOERN_LAERING, "boern-laering")                                       \
    XX(FAMILIE_FOREBYGGELSE, "familie-forebyggelse")                         \
    XX(ARBEJDSMARKED, "arbejdsmarked")                                       \
    XX(SOCIAL, "social")                                                     \
    XX(SUNDHED_OMSORG, "sundhed-omsorg")

#define IX_GUSA_STAFF_ROLES(XX)                                              \
    XX(MEDARBEJDER, "medarbejder")                                           \
    XX(MYNDIGHED, "myndighed")                                               \
    XX(LEDER, "leder")                                                       \
    XX(REVISOR, "revisor")

#define IX_GUSA_PART_ROLES(XX)                                               \
    XX(FORAELDER, "foraelder")                                               \
    XX(UNG, "ung")                                                           \
    XX(NETVAERK, "netvaerk")                                                 \
    XX(FAGPERSON, "fagperson")                                               \
    XX(KOORDINATOR, "koordinator")                                           \
    XX(MYNDIGHED, "myndighed")

#define IX_GUSA_INFO_TYPES(XX)                                               \
    XX(HELBRED, "helbred")                                                   \
    XX(SOCIALE_FORHOLD, "sociale_forhold")                                   \
    XX(SKOLE, "skole")                                                       \
    XX(BESKAEFTIGELSE, "beskaeftigelse")                                     \
    XX(MISBRUG, "misbrug")                                                   \
    XX(OEKONOMI, "oekonomi")

typedef enum {
    IX_GUSA_CENTRE_NONE = 0,
#define XX(id, name) IX_GUSA_CENTRE_##id,
    IX_GUSA_CENTRES(XX)
#undef XX
        IX_GUSA_CENTRE_COUNT
} ix_gusa_centre;

typedef enum {
    IX_GUSA_STAFF_NONE = 0,
#define XX(id, name) IX_GUSA_STAFF_##id,
    IX_GUSA_STAFF_ROLES(XX)
#undef XX
        IX_GUSA_STAFF_COUNT
} ix_gusa_staff_role;

typedef enum {
    IX_GUSA_PART_NONE = 0,
#define XX(id, name) IX_GUSA_PART_##id,
    IX_GUSA_PART_ROLES(XX)
#undef XX
        IX_GUSA_PART_COUNT
} ix_gusa_part_role;

typedef enum {
    IX_GUSA_INFO_NONE = 0,
#define XX(id, name) IX_GUSA_INFO_##id,
    IX_GUSA_INFO_TYPES(XX)
#undef XX
        IX_GUSA_INFO_COUNT
} ix_gusa_info_type;

/* Names ("boern-laering", ...) and their inverse (0 for an unknown name). */
const char *ix_gusa_centre_name(ix_gusa_centre c);
ix_gusa_centre ix_gusa_centre_parse(const char *name);
const char *ix_gusa_staff_role_name(ix_gusa_staff_role r);
ix_gusa_staff_role ix_gusa_staff_role_parse(const char *name);
const char *ix_gusa_part_role_name(ix_gusa_part_role r);
ix_gusa_part_role ix_gusa_part_role_parse(const char *name);
const char *ix_gusa_info_type_name(ix_gusa_info_type t);
ix_gusa_info_type ix_gusa_info_type_parse(const char *name);
/* A set of info types as a bit mask (bit 1 << type). "helbred,skole" ->
 * mask; 0 when empty or a name is unknown (*bad then points at it). */
unsigned ix_gusa_info_mask_parse(const char *list, const char **bad);
/* The mask as "helbred,skole" into buf (always NUL-terminated). */
void ix_gusa_info_mask_format(unsigned mask, char *buf, size_t size);

/* The legal bases an action may cite, each with the lowest and highest step
 * of the intervention ladder (indsatstrappen, 0 = the family's own
 * resources ... 6 = placement outside the home) it is used for and what it
 * is. The list is fixed and documented in docs/gusa.md. */
typedef struct ix_gusa_legal_basis {
    const char *name;    /* "BL § 30" */
    int step_min, step_max;
    const char *context; /* Danish, one line */
} ix_gusa_legal_basis;
size_t ix_gusa_legal_basis_count(void);
const ix_gusa_legal_basis *ix_gusa_legal_basis_at(size_t i);
const ix_gusa_legal_basis *ix_gusa_legal_basis_find(const char *name);

/* ---- validation --------------------------------------------------------------
 * Each returns IX_OK or IX_ERR_INPUT with d->field = field and a message. */

#define IX_GUSA_TEXT_MAX 10000 /* characters (code points), not bytes */

/* An ISO date YYYY-MM-DD that exists (leap years included). */
ix_status ix_gusa_check_date(const char *value, const char *field, ix_diag *d);
/* Valid UTF-8, 1..max characters (max 0: IX_GUSA_TEXT_MAX), no control
 * characters except newline and tab (and no DEL). */
ix_status ix_gusa_check_text(const char *value, size_t max, const char *field, ix_diag *d);
/* 0..6. */
ix_status ix_gusa_check_ladder_step(long step, const char *field, ix_diag *d);
/* A listed legal basis whose steps include step. */
ix_status ix_gusa_check_legal_basis(const char *value, long step, const char *field, ix_diag *d);
/* Day number of an ISO date (days since 1970-01-01; may be negative); -1 on
 * success is impossible to confuse: returns 0 and sets *days, or -1. */
int ix_gusa_date_days(const char *iso, long *days);
/* The ISO date of a day number into buf[11]. */
void ix_gusa_date_format(long days, char buf[11]);
/* Whole years between birth and on (both ISO dates, already valid). */
int ix_gusa_age_on(const char *birth, const char *on);

/* ---- access decisions ----------------------------------------------------------
 * An in-memory description of one case, filled by the store from the
 * database. Ids are the database's; 0 means none. */

/* A stakeholder (issue 17: an organisation's member who proposes indicators
 * for Socialt Indeks under /forslag) logs in through the same OIDC providers
 * but is never a GUSA actor: every GUSA route and store call refuses it. */
typedef enum {
    IX_GUSA_ACTOR_NONE = 0,
    IX_GUSA_ACTOR_PERSON,
    IX_GUSA_ACTOR_STAFF,
    IX_GUSA_ACTOR_STAKEHOLDER
} ix_gusa_actor_kind;

/* "person", "staff", "stakeholder"; "system" for NONE. */
const char *ix_gusa_actor_kind_name(ix_gusa_actor_kind k);
/* The kind named name ("person", "staff", "stakeholder"), else NONE. */
ix_gusa_actor_kind ix_gusa_actor_kind_parse(const char *name);

typedef struct ix_gusa_actor {
    ix_gusa_actor_kind kind;
    long long id;            /* person.id, staff.id or stakeholder.id */
    ix_gusa_staff_role role; /* staff only */
    ix_gusa_centre centre;   /* staff only */
    long long org;           /* stakeholder only: organisation.id */
    int editor;              /* stakeholder only: 1 for the role redaktoer */
} ix_gusa_actor;

typedef struct ix_gusa_participant {
    long long id;            /* participant.id */
    ix_gusa_actor_kind kind;
    long long ref;           /* person.id or staff.id */
    ix_gusa_part_role role;
} ix_gusa_participant;

typedef struct ix_gusa_consent {
    long long id;
    long long grantor;             /* person.id */
    unsigned info_mask;            /* bit 1 << ix_gusa_info_type */
    const long long *recipients;   /* participant ids */
    size_t nrecipients;
    const char *valid_to;          /* ISO date, valid through that day */
    int revoked;
} ix_gusa_consent;

typedef struct ix_gusa_case_view {
    long long id;
    int closed;
    long long child_person;        /* the child's own person id (15+ may log in); 0 none */
    const char *child_born;        /* ISO date */
    const long long *custody;      /* person ids holding custody of the child */
    size_t ncustody;
    const ix_gusa_participant *participants;
    size_t nparticipants;
    const ix_gusa_consent *consents;
    size_t nconsents;
    const char *today;             /* ISO date the decision is made on */
} ix_gusa_case_view;

/* The actor's participant record in the case, or NULL. */
const ix_gusa_participant *ix_gusa_find_participant(const ix_gusa_case_view *c,
                                                    const ix_gusa_actor *a);
/* 1 when a is a person holding custody of the case's child. */
int ix_gusa_is_custody_holder(const ix_gusa_case_view *c, const ix_gusa_actor *a);
/* 1 when a is the case's child, as a person, aged 15 or more today. */
int ix_gusa_is_young_person(const ix_gusa_case_view *c, const ix_gusa_actor *a);

/* May a see (read) and write the case's content? 200 yes; 404 for a person
 * who is no participant (the case's existence is not revealed); 403 for a
 * staff member who is none, and always for leder and revisor (counts only,
 * audit only). */
int ix_gusa_may_see_case(const ix_gusa_case_view *c, const ix_gusa_actor *a);
/* May a read the text of a concern written by participant author about
 * info_type? 1 yes (its author, a custody holder, the young person 15+,
 * the coordinator, or a recipient of a valid, unrevoked consent from a
 * custody holder or the young person covering info_type); 0: hidden. Assumes
 * ix_gusa_may_see_case said 200. */
int ix_gusa_concern_visible(const ix_gusa_case_view *c, const ix_gusa_actor *a,
                            long long author_participant, ix_gusa_info_type info_type);
/* 200, or 403: only custody holders and the young person 15+ grant (or
 * revoke) consent. Assumes ix_gusa_may_see_case said 200. */
int ix_gusa_may_grant_consent(const ix_gusa_case_view *c, const ix_gusa_actor *a);
/* 200, or 403: ladder steps 3-6 need a myndighed staff member. */
int ix_gusa_may_add_action(const ix_gusa_case_view *c, const ix_gusa_actor *a, long ladder_step);
/* 200, or 403: closing needs the coordinator or a myndighed staff member;
 * 409 when already closed. */
int ix_gusa_may_close(const ix_gusa_case_view *c, const ix_gusa_actor *a);
/* 200, or 403: a medarbejder (who becomes coordinator) or a person holding
 * custody of the child (custody: does a hold it). */
int ix_gusa_may_open_case(const ix_gusa_actor *a, int holds_custody);
/* 200 for leder and revisor (counts), else 403. */
int ix_gusa_may_read_stats(const ix_gusa_actor *a);
/* 200 for revisor, else 403. */
int ix_gusa_may_read_audit(const ix_gusa_actor *a);
/* 200, or 403: who may invite into a case (the coordinator, a custody holder,
 * myndighed participants); 409 when closed. */
int ix_gusa_may_invite(const ix_gusa_case_view *c, const ix_gusa_actor *a);

/* ---- small-cell suppression ------------------------------------------------
 * Cells of one dimension (e.g. "centre") partition the same total. Primary:
 * a count 1-4 is suppressed. Secondary: when a dimension has exactly one
 * suppressed cell, its value would follow from the total minus the others,
 * so the smallest other cell with a count above 0 is suppressed too (when
 * there is none, every cell of the dimension is). Zero stays visible. */
typedef struct ix_gusa_cell {
    const char *dimension; /* cells of one dimension are adjacent or not: any order */
    const char *key;
    long count;
    int suppressed; /* out */
} ix_gusa_cell;
void ix_gusa_suppress(ix_gusa_cell *cells, size_t n);

/* ---- audit rows ------------------------------------------------------------- */

typedef struct ix_gusa_audit_row {
    long long seq;
    const char *at;          /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *actor_kind;  /* "person", "staff", "system" */
    long long actor_id;      /* 0: none */
    const char *actor_role;  /* "" for a person */
    const char *actor_centre;
    const char *action;      /* read, write, login, export */
    const char *object;      /* e.g. "case", "concern" */
    long long case_id;       /* 0: none */
    const char *subjects;    /* comma-separated person ids the row concerns */
    const char *purpose;
    const char *outcome;     /* ok, denied, error */
    const char *prev;        /* 64 hex digits; 64 zeros for the first row */
} ix_gusa_audit_row;

/* The canonical form (docs/gusa.md): the fields seq, at, actor_kind,
 * actor_id, actor_role, actor_centre, action, object, case_id, subjects,
 * purpose, outcome in this order, each followed by a line feed; integers in
 * decimal, 0 for none; in text, '\\' is written "\\\\" and a line feed
 * "\\n". The row's hash is SHA-256 over prev (64 hex digits) followed by the
 * canonical form. Written to s. */
void ix_gusa_audit_canonical(const ix_gusa_audit_row *r, ix_sink *s);

#endif
