/* GUSA's store (issue 15): the database of family dialogues and the
 * operations the routes and `indeks gusa` call. Each operation is one
 * transaction: load what the decision needs, decide (gusa.h), validate,
 * write, and append the audit row; on any error everything is rolled back,
 * except that a denied request is committed with only its audit row.
 *
 * Backends as in store.h: SQLite for a path, PostgreSQL for a
 * "postgresql://" URL; the schema is versioned (schema_version) and
 * migrated by ix_gusa_store_open(..., create = 1). Readers that answer the
 * routes write JSON into an ix_sink (the body the route sends).
 *
 * Ownership: the store is owned by its opener and freed with
 * ix_gusa_store_close (NULL is a no-op); every other argument is borrowed
 * for the call; a store may be used by one thread at a time. */
#ifndef INDEKS_GUSA_STORE_H
#define INDEKS_GUSA_STORE_H

#include <stddef.h>
#include <time.h>

#include "indeks/diag.h"
#include "indeks/gusa.h"
#include "indeks/sink.h"

typedef struct ix_gusa_store ix_gusa_store;

#define IX_GUSA_SCHEMA_VERSION 2 /* 2 adds the proposals of issue 17 */

/* Errors: http is an HTTP-like status (200, 201, 400 bad field, 401, 403,
 * 404, 409 conflict/used, 410 expired, 500), d names the field (d.field)
 * for a 400 and says what is wrong. The functions return IX_OK for 2xx,
 * IX_ERR_INPUT for 4xx, IX_ERR_NOTFOUND for 404/410 and IX_ERR_IO or
 * IX_ERR_NOMEM for 500. */
typedef struct ix_gusa_err {
    int http;
    ix_diag d;
} ix_gusa_err;

/* create 1: makes (SQLite) and migrates the database; 0: it must exist with
 * the current schema. */
ix_status ix_gusa_store_open(const char *target, int create, ix_gusa_store **out, ix_diag *d);
void ix_gusa_store_close(ix_gusa_store *s);
/* "sqlite" or "postgresql". */
const char *ix_gusa_store_backend(const ix_gusa_store *s);
/* The clock the store uses from now on (tests, the demo); 0: the real one. */
void ix_gusa_store_set_clock(ix_gusa_store *s, time_t now);

/* ---- people (the administrator, `indeks gusa person/staff add`) ---------- */

typedef struct ix_gusa_child_in {
    const char *name;
    const char *born; /* YYYY-MM-DD */
} ix_gusa_child_in;

/* Adds a person (a citizen known by the MitID broker as iss + sub) and the
 * children in their custody. child_ids gets nchildren ids. self_child: 0, or
 * the id of the child record this person is (a young person logging in
 * themself; the CPR stand-in links them). */
ix_status ix_gusa_person_add(ix_gusa_store *s, const char *iss, const char *sub, const char *name,
                             const char *email, int kommune, const ix_gusa_child_in *children,
                             size_t nchildren, long long self_child, long long *id,
                             long long *child_ids, ix_gusa_err *e);
ix_status ix_gusa_staff_add(ix_gusa_store *s, const char *iss, const char *sub, const char *name,
                            const char *email, ix_gusa_staff_role role, ix_gusa_centre centre,
                            long long *id, ix_gusa_err *e);
/* The actor iss + sub logs in as (kind person or staff). Unknown: 403 for
 * staff (refused at login), 404 for a person. Not audited: the login route
 * audits the outcome with ix_gusa_audit_event. */
ix_status ix_gusa_actor_find(ix_gusa_store *s, ix_gusa_actor_kind kind, const char *iss,
                             const char *sub, ix_gusa_actor *out, ix_gusa_err *e);

/* ---- cases ------------------------------------------------------------------ */

/* Opens a case about child_id: a medarbejder becomes its coordinator, a
 * custody holder a foraelder; every custody holder joins as foraelder. */
ix_status ix_gusa_case_open(ix_gusa_store *s, const ix_gusa_actor *a, long long child_id,
                            const char *title, const char *reason, long long *id, ix_gusa_err *e);
ix_status ix_gusa_case_close(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             const char *outcome, ix_gusa_err *e);
/* The case as JSON: {id,kommune,status,outcome,title,reason,child:{id,name,born},
 * participants:[{id,kind,ref,role,centre}], resources, concerns:[{id,text,...}
 * | {id,hidden:"consent"}], goals, followups, actions, meetings, feedback,
 * consents}. Resources come before concerns. */
ix_status ix_gusa_case_get(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                           ix_sink *json, ix_gusa_err *e);
/* {cases:[{id,title,status,role}]}: the cases a is a participant of. */
ix_status ix_gusa_cases_mine(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *json,
                             ix_gusa_err *e);

/* ---- case content (each: 201 and *id; supersedes 0 or the id of the row it
 * corrects, which must be of the same case) --------------------------------- */

typedef struct ix_gusa_concern_in {
    const char *text, *observed_on, *info_type;
    long long supersedes;
} ix_gusa_concern_in;
typedef struct ix_gusa_resource_in {
    const char *text, *owner; /* child, family, network */
    long long supersedes;
} ix_gusa_resource_in;
typedef struct ix_gusa_goal_in {
    const char *text, *indicator, *follow_up_on;
    long long supersedes;
} ix_gusa_goal_in;
typedef struct ix_gusa_followup_in {
    long long goal_id;
    const char *status; /* naaet, delvist, ikke_naaet */
    const char *note;
} ix_gusa_followup_in;
typedef struct ix_gusa_action_in {
    const char *text;
    long ladder_step;
    const char *legal_basis, *start_on, *end_on; /* end_on may be NULL */
    long long cost_dkk;
    long long supersedes;
} ix_gusa_action_in;
typedef struct ix_gusa_meeting_in {
    const char *held_on;
    const long long *attendees; /* participant ids of the case */
    size_t nattendees;
    const char *minutes;
    long long supersedes;
} ix_gusa_meeting_in;
typedef struct ix_gusa_feedback_in {
    long long meeting_id;
    long heard, agreed, resources; /* 1..5 */
} ix_gusa_feedback_in;

ix_status ix_gusa_concern_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                              const ix_gusa_concern_in *in, long long *id, ix_gusa_err *e);
ix_status ix_gusa_resource_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_resource_in *in, long long *id, ix_gusa_err *e);
ix_status ix_gusa_goal_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                           const ix_gusa_goal_in *in, long long *id, ix_gusa_err *e);
ix_status ix_gusa_followup_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_followup_in *in, long long *id, ix_gusa_err *e);
ix_status ix_gusa_action_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             const ix_gusa_action_in *in, long long *id, ix_gusa_err *e);
ix_status ix_gusa_meeting_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                              const ix_gusa_meeting_in *in, long long *id, ix_gusa_err *e);
/* Once per attendee and meeting (409 the second time); only attendees. */
ix_status ix_gusa_feedback_add(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                               const ix_gusa_feedback_in *in, long long *id, ix_gusa_err *e);

/* ---- invitations and consents ---------------------------------------------- */

typedef struct ix_gusa_invitation_in {
    long long staff_id, person_id; /* exactly one of staff_id, person_id, email */
    const char *email;
    const char *role;       /* a participant role */
    const char *centre;     /* may be NULL */
    const char *expires_at; /* YYYY-MM-DD, after today, at most 30 days ahead; NULL: 14 days */
} ix_gusa_invitation_in;

/* Creates an invitation; token (65 bytes) gets the clear token, 64 hex
 * digits, the only time it exists: the database keeps its SHA-256. */
ix_status ix_gusa_invitation_create(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                    const ix_gusa_invitation_in *in, long long *id, char token[65],
                                    ix_gusa_err *e);
/* What a (logged in, holding the link) may know before accepting:
 * {status,role,centre,expires_at,expired,for_you}; 404 for an unknown token.
 * No case content and no names. Audited as a read of the invitation. */
ix_status ix_gusa_invitation_peek(ix_gusa_store *s, const ix_gusa_actor *a, const char *token,
                                  ix_sink *json, ix_gusa_err *e);
/* a accepts: 404 unknown token, 410 expired, 409 already used, 403 not the
 * invitee (an email invitation: a person whose email is that address). */
ix_status ix_gusa_invitation_accept(ix_gusa_store *s, const ix_gusa_actor *a, const char *token,
                                    long long *case_id, long long *participant_id, ix_gusa_err *e);

typedef struct ix_gusa_consent_in {
    const char *info_types;      /* "helbred,skole" */
    const long long *recipients; /* participant ids of the case */
    size_t nrecipients;
    const char *purpose;
    const char *valid_to; /* YYYY-MM-DD, today or later */
} ix_gusa_consent_in;
ix_status ix_gusa_consent_grant(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                const ix_gusa_consent_in *in, long long *id, ix_gusa_err *e);
ix_status ix_gusa_consent_revoke(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                 long long consent_id, ix_gusa_err *e);

/* ---- statistics, audit, retention, demo ------------------------------------ */

/* {cells:[{dimension,key,count,suppressed}]} (leder, revisor): cases by
 * kommune, status, outcome, highest ladder step and opening centre, counts 1-4
 * null and suppressed, plus secondary suppression (gusa.h); no free text. */
ix_status ix_gusa_stats(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *json, ix_gusa_err *e);

/* Appends one audit row in its own transaction (login outcomes, a denied
 * route): action read|write|login|export, outcome ok|denied|error. */
ix_status ix_gusa_audit_event(ix_gusa_store *s, const ix_gusa_actor *a, const char *action,
                              const char *object, long long case_id, const char *subjects,
                              const char *purpose, const char *outcome, ix_diag *d);
/* {rows:[...]} of a case's audit rows (revisor). */
ix_status ix_gusa_audit_case(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                             ix_sink *json, ix_gusa_err *e);
/* {rows:[{at,action,object,case_id,outcome,reader:{kind,role,centre}}]}: who
 * looked at a person's data (theirs and their children's), by role and
 * centre, never by name (CJEU C-579/21). */
ix_status ix_gusa_audit_me(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *json,
                           ix_gusa_err *e);
/* The same for the administrator (`gusa audit export --person`): audited as
 * an export. */
ix_status ix_gusa_audit_export_person(ix_gusa_store *s, long long person_id, ix_sink *json,
                                      ix_gusa_err *e);

typedef struct ix_gusa_verify {
    int ok;              /* 1: every row's hash and link is right */
    long long rows;      /* rows checked */
    long long first_seq; /* the first row kept (earlier ones deleted by retention) */
    long long bad_seq;   /* the first row that fails; 0 when ok */
    char why[128];
} ix_gusa_verify;
/* Walks the chain from the first row kept, recomputing each hash. */
ix_status ix_gusa_audit_verify(ix_gusa_store *s, ix_gusa_verify *out, ix_diag *d);

typedef struct ix_gusa_retention {
    int case_years;     /* closed cases: deleted this many years after the closing year (5) */
    int audit_years;    /* audit rows (5; the database refuses younger ones) */
    int apply;          /* 0: dry run, count only */
    long long cases, invitations, sessions, login_flows, audit_rows; /* out: due (or deleted) */
} ix_gusa_retention;
ix_status ix_gusa_retention_run(ix_gusa_store *s, ix_gusa_retention *r, ix_diag *d);

/* Synthetic families (SYNTETISKE DATA) over the 98 municipalities by
 * population, with staff, ladder paths, costs, meetings and feedback; the
 * same seed gives the same data. */
ix_status ix_gusa_demo(ix_gusa_store *s, long families, unsigned long seed, ix_diag *d);

/* ---- login flows and sessions (lib/store/gusa_session.c) -------------------
 * What the login routes keep server-side. Secrets (state, session id, CSRF
 * token) are stored only as their SHA-256; the nonce and PKCE verifier are
 * kept in clear for the ten minutes of the flow (they are needed at the
 * callback and useless without the provider's code). */

#define IX_GUSA_LOGIN_FLOW_S 600 /* a login flow lives 10 minutes */

/* Keeps one login attempt: idp "mitid" or "medarbejder", the OIDC state,
 * nonce and PKCE verifier, and browser_hash, the SHA-256 (hex) of the
 * gusa_login cookie that binds the flow to the browser that started it. */
ix_status ix_gusa_login_flow_create(ix_gusa_store *s, const char *idp, const char *state,
                                    const char *nonce, const char *verifier,
                                    const char *browser_hash, ix_diag *d);

/* What a login flow kept; filled by ix_gusa_login_flow_take. */
typedef struct ix_gusa_login_flow {
    char idp[16];
    char nonce[44];    /* IX_OIDC_RANDOM_LEN */
    char verifier[44];
} ix_gusa_login_flow;

/* Takes (uses up) the flow of state for the browser whose gusa_login
 * cookie hashes to browser_hash: 400 unknown state (field "state"), 403
 * another browser's flow (it is used up all the same), 409 used before,
 * 410 older than 10 minutes. Single use: marked used in the same
 * transaction that reads it. */
ix_status ix_gusa_login_flow_take(ix_gusa_store *s, const char *state, const char *browser_hash,
                                  ix_gusa_login_flow *out, ix_gusa_err *e);

/* A session's secrets, in clear only here and in the browser's cookie. */
typedef struct ix_gusa_session_new {
    char sid[48];  /* the gusa_sid cookie's value (256 bits, base64url) */
    char csrf[48]; /* the session's CSRF token, derived from sid */
} ix_gusa_session_new;

/* The CSRF token of a session id: base64url(SHA-256("gusa-csrf:" sid)),
 * so it is known only to whoever holds the (HttpOnly) session cookie. */
void ix_gusa_session_csrf(const char *sid, char csrf[48]);

/* Logs a in: ends old_sid's session when given (rotation: a session id
 * planted before the login never becomes a logged-in one), makes a new
 * session that ends at the latest max_s seconds from now, and audits the
 * login (action login, object "login:<idp>", outcome ok) in the same
 * transaction. */
ix_status ix_gusa_session_create(ix_gusa_store *s, const ix_gusa_actor *a, const char *idp,
                                 long max_s, const char *old_sid, ix_gusa_session_new *out,
                                 ix_diag *d);

/* The actor of session sid and touches its last_seen. 401 when unknown,
 * ended, past its absolute end, or idle for more than idle_s seconds (an
 * expired session is deleted). csrf (may be NULL, 48 bytes) gets its CSRF
 * token. */
ix_status ix_gusa_session_find(ix_gusa_store *s, const char *sid, long idle_s, ix_gusa_actor *a,
                               char *csrf, ix_gusa_err *e);

/* Logout: deletes the session server-side (unknown sid: IX_OK, nothing
 * done) and audits it when there was one. */
ix_status ix_gusa_session_end(ix_gusa_store *s, const char *sid, ix_diag *d);

/* Audits a refused login (action login, object "login:<idp>:<reason>",
 * outcome denied); a may be NULL (no actor known yet: the system). */
ix_status ix_gusa_login_refused(ix_gusa_store *s, const ix_gusa_actor *a, const char *idp,
                                const char *reason, ix_diag *d);

/* 1 when the database holds `indeks gusa demo`'s synthetic people (then
 * the demo login may be offered), else 0. */
int ix_gusa_store_is_demo(ix_gusa_store *s);
/* The demo actor of a persona: "foraelder" (a parent with a case),
 * "fagperson" (that case's coordinator), "leder", "revisor". 404 when the
 * database is not a demo one or has no such person. Not audited: the
 * caller logs in with ix_gusa_session_create, which is. */
ix_status ix_gusa_demo_persona(ix_gusa_store *s, const char *persona, ix_gusa_actor *a,
                               ix_gusa_err *e);

/* {children:[{id,name,born}]}: the children a (a person) has custody of,
 * for the page where a parent opens a dialogue; staff get an empty list.
 * Audited as a read of "children". */
ix_status ix_gusa_children_mine(ix_gusa_store *s, const ix_gusa_actor *a, ix_sink *json,
                                ix_gusa_err *e);

/* ---- facts for the indicators (lib/store/gusa_extract.c, issue 16) ---------- */

struct ix_gusa_facts;
/* Every case's facts (gusa_indicators.h: no names, no text, current
 * versions only) in one transaction, audited as one export by the system.
 * *out is freed with ix_gusa_facts_free. */
ix_status ix_gusa_facts_load(ix_gusa_store *s, struct ix_gusa_facts **out, ix_diag *d);
/* The same for a manager or auditor on /gusa/statistik: 403 (audited as
 * denied) for anyone else; audited as a read by a. */
ix_status ix_gusa_facts_for(ix_gusa_store *s, const ix_gusa_actor *a, struct ix_gusa_facts **out,
                            ix_gusa_err *e);

#endif
