/* Invitations and consents of a case (gusa_store.h): the token kept only as
 * its SHA-256, acceptance by the invitee; consents granted by a custody
 * holder or the young person and revoked by their grantor. Each one
 * transaction (gusa_case_frame.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gusa_case_internal.h"
#include "indeks/escape.h"
#include "indeks/store.h"

/* ---- invitations ----------------------------------------------------------------- */

ix_status ix_gusa_invitation_create(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                    const ix_gusa_invitation_in *in, long long *id, char token[65],
                                    ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    token[0] = '\0';
    int nwho = (in->staff_id > 0) + (in->person_id > 0) + (in->email != NULL);
    if (nwho != 1)
        return ix__gusa_fail(e, 400, "staff_id", "give exactly one of staff_id, person_id, email");
    ix_gusa_part_role role = ix_gusa_part_role_parse(in->role);
    if (!role)
        return ix__gusa_fail(e, 400, "role",
                             "must be foraelder, ung, netvaerk, fagperson, koordinator or myndighed");
    int staff_role = role == IX_GUSA_PART_FAGPERSON || role == IX_GUSA_PART_KOORDINATOR ||
                     role == IX_GUSA_PART_MYNDIGHED;
    if ((in->staff_id > 0 && !staff_role) || (in->person_id > 0 && staff_role))
        return ix__gusa_fail(e, 400, "role", "%s is not a role for %s", in->role,
                             in->staff_id > 0 ? "staff" : "a citizen");
    if (in->centre && !ix_gusa_centre_parse(in->centre))
        return ix__gusa_fail(e, 400, "centre", "is not one of the five centres");
    if (in->email && (ix_gusa_check_text(in->email, 254, "email", &e->d) ||
                      !strchr(in->email, '@') || strchr(in->email, ' ')))
        return ix__gusa_fail(e, 400, "email", "needs an e-mail address such as navn@example.dk");
    char today[11], expires[11];
    long now = 0, until = 0;
    ix__gusa_today(s, today);
    ix_gusa_date_days(today, &now);
    if (in->expires_at) {
        ix_status st = ix__gc_check(ix_gusa_check_date(in->expires_at, "expires_at", &e->d), e);
        if (st)
            return st;
        ix_gusa_date_days(in->expires_at, &until);
        if (until <= now || until > now + 30)
            return ix__gusa_fail(e, 400, "expires_at",
                                 "must be after today and at most 30 days ahead");
        snprintf(expires, sizeof expires, "%s", in->expires_at);
    } else
        ix_gusa_date_format(now + 14, expires);
    ix__gc_case c;
    ix_status st = ix__gc_enter(s, a, case_id, 1, "invitation", &c, e);
    if (st)
        return st;
    int http = ix_gusa_may_invite(&c.v, a);
    if (http != 200) {
        st = ix__gc_deny(s, a, &c, case_id, "write", "invitation", http, NULL,
                  "only the coordinator, myndighed or a parent with custody may invite", e);
        ix__gc_case_free(&c);
        return st;
    }
    long long exists = 1;
    if (in->staff_id > 0) {
        ix__val k = IX__INT(in->staff_id);
        st = ix__gusa_scalar(s, "SELECT count(*) FROM staff WHERE id = $1", &k, 1, &exists, &e->d);
    } else if (in->person_id > 0) {
        ix__val k = IX__INT(in->person_id);
        st = ix__gusa_scalar(s, "SELECT count(*) FROM person WHERE id = $1", &k, 1, &exists, &e->d);
    }
    if (!st && !exists)
        return ix__gc_abandon(s, &c, ix__gusa_fail(e, 400, in->staff_id > 0 ? "staff_id" : "person_id",
                                            "no such %s", in->staff_id > 0 ? "staff member" : "person"));
    char hash[65], at[21];
    if (!st && ix__gusa_token(token) != 0)
        st = ix_diag_set(&e->d, IX_ERR_IO, NULL, 0, 0, NULL, "no random bytes for the token");
    ix_sha256_hex(token, strlen(token), hash);
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__TEXT(hash),
                   in->staff_id > 0 ? IX__INT(in->staff_id) : IX__NULLV,
                   in->person_id > 0 ? IX__INT(in->person_id) : IX__NULLV, IX__TEXT(in->email),
                   IX__TEXT(in->role), IX__TEXT(in->centre), IX__INT(ix__gc_my_participant(&c, a)),
                   IX__TEXT(at), IX__TEXT(expires)};
    if (!st)
        st = ix__gusa_insert(s,
                             "INSERT INTO invitation (case_id, token_sha256, staff_id, person_id, "
                             "email, role, centre, created_by, created_at, expires_at, status) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open') RETURNING id",
                             v, 10, id, &e->d);
    e->http = 201;
    st = ix__gc_finish(s, a, &c, 1, "invitation", st, e);
    if (st)
        memset(token, 0, 65);
    return st;
}

ix_status ix_gusa_invitation_accept(ix_gusa_store *s, const ix_gusa_actor *a, const char *token,
                                    long long *case_id, long long *participant_id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    *case_id = 0;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
        return ix__gusa_fail(e, 404, "token", "no such invitation");
    char hash[65], today[11], at[21];
    ix_sha256_hex(token, 64, hash);
    ix__gusa_today(s, today);
    ix__gusa_now(s, at);
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    ix__val hk = IX__TEXT(hash);
    ix__gusa_rows inv = {0}, me = {0};
    st = ix__gusa_query(s,
                        "SELECT id, case_id, staff_id, person_id, email, role, centre, expires_at, "
                        "status FROM invitation WHERE token_sha256 = $1",
                        &hk, 1, &inv, &e->d);
    ix__val ak = IX__INT(a->id);
    if (!st)
        st = ix__gusa_query(s,
                            a->kind == IX_GUSA_ACTOR_STAFF ? "SELECT email FROM staff WHERE id = $1"
                                                           : "SELECT email FROM person WHERE id = $1",
                            &ak, 1, &me, &e->d);
    if (st) {
        ix__gusa_rows_free(&inv);
        ix__gusa_rows_free(&me);
        ix__gusa_rollback(s);
        return ix__gusa_fail_diag(e, st);
    }
    int http = 200;
    const char *why = "";
    if (inv.nrows == 0) {
        http = 404;
        why = "no such invitation";
    } else {
        *case_id = ix__gusa_int(&inv, 0, 1);
        const char *email = ix__gusa_cell(&inv, 0, 4), *mine = ix__gusa_cell(&me, 0, 0);
        ix_gusa_part_role role = ix_gusa_part_role_parse(ix__gusa_cell(&inv, 0, 5));
        int staff_role = role == IX_GUSA_PART_FAGPERSON || role == IX_GUSA_PART_KOORDINATOR ||
                         role == IX_GUSA_PART_MYNDIGHED;
        int invitee =
            (ix__gusa_cell(&inv, 0, 2) && a->kind == IX_GUSA_ACTOR_STAFF &&
             ix__gusa_int(&inv, 0, 2) == a->id) ||
            (ix__gusa_cell(&inv, 0, 3) && a->kind == IX_GUSA_ACTOR_PERSON &&
             ix__gusa_int(&inv, 0, 3) == a->id) ||
            (email && mine && strcasecmp(email, mine) == 0 &&
             (a->kind == IX_GUSA_ACTOR_STAFF) == staff_role);
        if (strcmp(ix__gusa_cell(&inv, 0, 8), "open") != 0) {
            http = 409;
            why = "this invitation has already been used";
        } else if (strcmp(ix__gusa_cell(&inv, 0, 7), today) < 0) {
            http = 410;
            why = "this invitation has expired: ask for a new one";
        } else if (!invitee) {
            http = 403;
            why = "this invitation is for someone else";
        } else if (role == IX_GUSA_PART_MYNDIGHED &&
                   !(a->kind == IX_GUSA_ACTOR_STAFF && a->role == IX_GUSA_STAFF_MYNDIGHED)) {
            http = 403;
            why = "the myndighed role needs a myndighed caseworker";
        } else if (a->kind == IX_GUSA_ACTOR_STAFF &&
                   (a->role == IX_GUSA_STAFF_LEDER || a->role == IX_GUSA_STAFF_REVISOR)) {
            http = 403;
            why = "leder and revisor do not take part in cases";
        }
    }
    ix__gusa_rows_free(&me);
    ix__gc_case c;
    memset(&c, 0, sizeof c);
    if (*case_id && (st = ix__gc_case_load(s, *case_id, &c, &e->d)) != IX_OK) {
        ix__gusa_rows_free(&inv);
        return ix__gc_abandon(s, &c, ix__gusa_fail_diag(e, st));
    }
    if (http == 200 && ix_gusa_find_participant(&c.v, a)) {
        http = 409;
        why = "you already take part in this case";
    }
    if (http == 200 && c.v.closed) {
        http = 409;
        why = "the case is closed";
    }
    if (http != 200) {
        ix__gusa_rows_free(&inv);
        st = ix__gc_deny(s, a, &c, *case_id, "write", "invitation", http, "token", why, e);
        ix__gc_case_free(&c);
        return st;
    }
    ix__val v[] = {IX__INT(*case_id), IX__TEXT(ix__gc_kind_name(a->kind)), IX__INT(a->id),
                   IX__TEXT(ix__gusa_cell(&inv, 0, 5)), IX__TEXT(ix__gusa_cell(&inv, 0, 6)),
                   IX__TEXT(at)};
    st = ix__gusa_insert(s,
                         "INSERT INTO participant (case_id, kind, ref, role, centre, added_at) "
                         "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                         v, 6, participant_id, &e->d);
    ix__val u[] = {IX__TEXT(at), IX__INT(ix__gusa_int(&inv, 0, 0))};
    if (!st)
        st = ix__gusa_query(s,
                            "UPDATE invitation SET status = 'accepted', accepted_at = $1 WHERE id = $2",
                            u, 2, NULL, &e->d);
    ix__gusa_rows_free(&inv);
    return ix__gc_finish(s, a, &c, 1, "participant", st, e);
}

ix_status ix_gusa_invitation_peek(ix_gusa_store *s, const ix_gusa_actor *a, const char *token,
                                  ix_sink *j, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    e->http = 200;
    if (!a || a->kind == IX_GUSA_ACTOR_NONE)
        return ix__gusa_fail(e, 401, NULL, "log in first");
    if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
        return ix__gusa_fail(e, 404, "token", "no such invitation");
    char hash[65], today[11];
    ix_sha256_hex(token, 64, hash);
    ix__gusa_today(s, today);
    ix_status st = ix__gusa_begin(s, &e->d);
    if (st)
        return ix__gusa_fail_diag(e, st);
    ix__val hk = IX__TEXT(hash);
    ix__gusa_rows inv = {0}, me = {0};
    st = ix__gusa_query(s,
                        "SELECT case_id, staff_id, person_id, email, role, centre, expires_at, "
                        "status FROM invitation WHERE token_sha256 = $1",
                        &hk, 1, &inv, &e->d);
    ix__val ak = IX__INT(a->id);
    if (!st)
        st = ix__gusa_query(s,
                            a->kind == IX_GUSA_ACTOR_STAFF ? "SELECT email FROM staff WHERE id = $1"
                                                           : "SELECT email FROM person WHERE id = $1",
                            &ak, 1, &me, &e->d);
    long long case_id = inv.nrows ? ix__gusa_int(&inv, 0, 0) : 0;
    if (!st && inv.nrows) {
        const char *email = ix__gusa_cell(&inv, 0, 3), *mine = ix__gusa_cell(&me, 0, 0);
        int mine_ok = (ix__gusa_cell(&inv, 0, 1) && a->kind == IX_GUSA_ACTOR_STAFF &&
                       ix__gusa_int(&inv, 0, 1) == a->id) ||
                      (ix__gusa_cell(&inv, 0, 2) && a->kind == IX_GUSA_ACTOR_PERSON &&
                       ix__gusa_int(&inv, 0, 2) == a->id) ||
                      (email && mine && strcasecmp(email, mine) == 0);
        ix_sink_puts(j, "{\"status\":");
        ix__gc_jstr(j, ix__gusa_cell(&inv, 0, 7));
        ix_sink_puts(j, ",\"role\":");
        ix__gc_jstr(j, ix__gusa_cell(&inv, 0, 4));
        ix_sink_puts(j, ",\"centre\":");
        ix__gc_jstr(j, ix__gusa_cell(&inv, 0, 5));
        ix_sink_puts(j, ",\"expires_at\":");
        ix__gc_jstr(j, ix__gusa_cell(&inv, 0, 6));
        ix_sink_printf(j, ",\"expired\":%s,\"for_you\":%s}\n",
                       strcmp(ix__gusa_cell(&inv, 0, 6), today) < 0 ? "true" : "false",
                       mine_ok ? "true" : "false");
    }
    int found = inv.nrows > 0;
    ix__gusa_rows_free(&inv);
    ix__gusa_rows_free(&me);
    if (!st)
        st = ix__gusa_audit(s, a, "read", "invitation", case_id, "", ix__gc_purpose_case,
                            found ? "ok" : "denied", &e->d);
    if (!st)
        st = ix__gusa_commit(s, &e->d);
    if (st) {
        ix__gusa_rollback(s);
        return ix__gusa_fail_diag(e, st);
    }
    return found ? IX_OK : ix__gusa_fail(e, 404, "token", "no such invitation");
}

/* ---- consents ------------------------------------------------------------------------ */

ix_status ix_gusa_consent_grant(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                const ix_gusa_consent_in *in, long long *id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    unsigned mask = ix_gusa_info_mask_parse(in->info_types, NULL);
    if (!mask)
        return ix__gusa_fail(e, 400, "info_types",
                             "needs one or more of helbred, sociale_forhold, skole, "
                             "beskaeftigelse, misbrug, oekonomi");
    if (in->nrecipients == 0 || in->nrecipients > 100)
        return ix__gusa_fail(e, 400, "recipients", "needs 1 to 100 participant ids");
    ix_status st = ix__gc_check(ix_gusa_check_text(in->purpose, 1000, "purpose", &e->d), e);
    if (!st)
        st = ix__gc_check(ix_gusa_check_date(in->valid_to, "valid_to", &e->d), e);
    if (st)
        return st;
    char today[11];
    ix__gusa_today(s, today);
    if (strcmp(in->valid_to, today) < 0)
        return ix__gusa_fail(e, 400, "valid_to", "lies in the past");
    ix__gc_case c;
    if ((st = ix__gc_enter(s, a, case_id, 1, "consent", &c, e)) != IX_OK)
        return st;
    int http = ix_gusa_may_grant_consent(&c.v, a);
    if (http != 200) {
        st = ix__gc_deny(s, a, &c, case_id, "write", "consent", http, NULL,
                  "only a parent with custody or the young person (15 or older) gives consent", e);
        ix__gc_case_free(&c);
        return st;
    }
    char list[100 * 21 + 1], types[128];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; i < in->nrecipients; i++) {
        int member = 0;
        for (size_t j = 0; j < c.v.nparticipants; j++)
            member |= c.v.participants[j].id == in->recipients[i];
        if (!member)
            return ix__gc_abandon(s, &c,
                           ix__gusa_fail(e, 400, "recipients",
                                         "%lld is not a participant of this case",
                                         in->recipients[i]));
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%lld", i ? "," : "", in->recipients[i]);
    }
    ix_gusa_info_mask_format(mask, types, sizeof types);
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__INT(case_id), IX__INT(a->id), IX__TEXT(types), IX__TEXT(list),
                   IX__TEXT(in->purpose), IX__TEXT(in->valid_to), IX__TEXT(at)};
    st = ix__gusa_insert(s,
                         "INSERT INTO consent (case_id, grantor, info_types, recipients, purpose, "
                         "valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                         v, 7, id, &e->d);
    e->http = 201;
    return ix__gc_finish(s, a, &c, 1, "consent", st, e);
}

ix_status ix_gusa_consent_revoke(ix_gusa_store *s, const ix_gusa_actor *a, long long case_id,
                                 long long consent_id, ix_gusa_err *e)
{
    ix_diag_clear(&e->d);
    ix__gc_case c;
    ix_status st = ix__gc_enter(s, a, case_id, 1, "consent", &c, e);
    if (st)
        return st;
    int http = ix_gusa_may_grant_consent(&c.v, a);
    if (http != 200) {
        st = ix__gc_deny(s, a, &c, case_id, "write", "consent", http, NULL,
                  "only a parent with custody or the young person (15 or older) revokes consent",
                  e);
        ix__gc_case_free(&c);
        return st;
    }
    const ix_gusa_consent *k = NULL;
    for (size_t i = 0; i < c.v.nconsents; i++)
        if (c.v.consents[i].id == consent_id)
            k = &c.v.consents[i];
    if (!k)
        return ix__gc_abandon(s, &c, ix__gusa_fail(e, 404, "consent_id", "no such consent in this case"));
    if (k->revoked)
        return ix__gc_abandon(s, &c, ix__gusa_fail(e, 409, "consent_id", "already revoked"));
    char at[21];
    ix__gusa_now(s, at);
    ix__val v[] = {IX__TEXT(at), IX__INT(consent_id)};
    st = ix__gusa_query(s, "UPDATE consent SET revoked_at = $1 WHERE id = $2", v, 2, NULL, &e->d);
    return ix__gc_finish(s, a, &c, 1, "consent", st, e);
}
