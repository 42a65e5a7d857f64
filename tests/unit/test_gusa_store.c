/* GUSA's store (gusa_store.h) on SQLite, or on PostgreSQL with the argument
 * "pg URL" (tests/gusa/test_cli.sh makes a fresh database for it when
 * IX_TEST_PG is set): the audit hash by hand, two families and staff from
 * several centres going through every rule, the audit rows they leave, a
 * tampered row caught, and retention. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "indeks/gusa_store.h"
#include "indeks/store.h"

#ifdef IX_HAVE_SQLITE
#include <sqlite3.h>
#endif
#ifdef IX_HAVE_PG
#include <libpq-fe.h>
#endif

/* Stops the test when p is NULL (a plain return: the static analyzer does
 * not know that cmocka's failures do not return). */
#define NEED(p)                                                                                    \
    do {                                                                                           \
        if (!(p)) {                                                                                \
            fail_msg("%s is NULL", #p);                                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static const char *target;
static int on_pg;
static char tmpdir[64];

/* Runs sql on the PostgreSQL database outside the store; 0 when it worked. */
static int pg_exec(const char *sql)
{
#ifdef IX_HAVE_PG
    PGconn *c = PQconnectdb(target);
    int ok = 0;
    if (c && PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, "SET client_min_messages = warning");
        PQclear(r);
        r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        PQclear(r);
    }
    PQfinish(c);
    return ok ? 0 : -1;
#else
    (void)sql;
    return -1;
#endif
}

/* 2026-03-02T09:15:00Z (date -u -d 2026-03-02T09:15:00Z +%s) */
#define T0 ((time_t)1772442900)
#define DAY ((time_t)86400)

static int put(void *ctx, const char *bytes, size_t len)
{
    char **buf = ctx;
    size_t have = *buf ? strlen(*buf) : 0;
    char *n = realloc(*buf, have + len + 1);
    if (!n)
        return -1;
    memcpy(n + have, bytes, len);
    n[have + len] = '\0';
    *buf = n;
    return 0;
}

/* The hash formula on the rows worked out with sha256sum:
 *   printf '%s' 0000...0000 > p.txt   (64 zeros)
 *   printf '1\n2026-03-02T09:15:00Z\nstaff\n7\nmedarbejder\nsocial\nread\ncase\n3\n4,5\ncase work\nok\n' > c.txt
 *   cat p.txt c.txt | sha256sum
 *     -> e76dac833677b324ef3b55d4dc05936eaa7cb53a966bfaaecc5a5b657993adec
 *   printf '%s2\n2026-03-02T09:16:00Z\nperson\n4\n\n\nwrite\nconcern\n3\n4\nline one\\nback\\\\slash\nok\n' \
 *       e76dac83...adec | sha256sum
 *     -> 7c6f3426d78fed68e67079b76b06560b6aec3f0959f21430cad8a1b87e6bc55b */
static void test_hash_by_hand(void **state)
{
    (void)state;
    const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
    ix_gusa_audit_row r1 = {1, "2026-03-02T09:15:00Z", "staff", 7, "medarbejder", "social", "read",
                            "case", 3, "4,5", "case work", "ok", zeros};
    char *buf = NULL, hex[65];
    put(&buf, zeros, 64);
    ix_sink s = {put, &buf, 0};
    ix_gusa_audit_canonical(&r1, &s);
    NEED(buf);
    ix_sha256_hex(buf, strlen(buf), hex);
    assert_string_equal(hex, "e76dac833677b324ef3b55d4dc05936eaa7cb53a966bfaaecc5a5b657993adec");
    free(buf);
    buf = NULL;
    ix_gusa_audit_row r2 = {2, "2026-03-02T09:16:00Z", "person", 4, "", "", "write", "concern", 3,
                            "4", "line one\nback\\slash", "ok", hex};
    put(&buf, hex, 64);
    ix_gusa_audit_canonical(&r2, &s);
    NEED(buf);
    char hex2[65];
    ix_sha256_hex(buf, strlen(buf), hex2);
    assert_string_equal(hex2, "7c6f3426d78fed68e67079b76b06560b6aec3f0959f21430cad8a1b87e6bc55b");
    free(buf);
}

/* ---- the families ------------------------------------------------------------- */

typedef struct {
    ix_gusa_store *s;
    ix_gusa_actor mother, father, young, other_parent;
    ix_gusa_actor coord, job, s85, myn, outsider, leder, revisor;
    long long child, other_child;
} world;

static ix_gusa_actor person_actor(long long id)
{
    ix_gusa_actor a = {IX_GUSA_ACTOR_PERSON, id, IX_GUSA_STAFF_NONE, IX_GUSA_CENTRE_NONE, 0, 0};
    return a;
}

static ix_gusa_actor add_staff(ix_gusa_store *s, const char *sub, const char *name,
                               ix_gusa_staff_role role, ix_gusa_centre centre)
{
    ix_gusa_err e;
    long long id = 0;
    assert_int_equal(ix_gusa_staff_add(s, "https://ad.test", sub, name, NULL, role, centre, &id, &e),
                     IX_OK);
    ix_gusa_actor a = {IX_GUSA_ACTOR_STAFF, id, role, centre, 0, 0};
    return a;
}

static void make_world(world *w)
{
    memset(w, 0, sizeof *w);
    ix_diag d;
    if (!on_pg)
        unlink(target);
    else /* a database made for this run (tests/gusa/test_cli.sh): start empty */
        assert_int_equal(pg_exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public"), 0);
    assert_int_equal(ix_gusa_store_open(target, 1, &w->s, &d), IX_OK);
    ix_gusa_store_set_clock(w->s, T0);
    ix_gusa_err e;
    long long id = 0, kids[2];
    /* the child, born 2010-05-01: 15 on 2026-03-02 */
    ix_gusa_child_in c[] = {{"Ida", "2010-05-01"}};
    assert_int_equal(ix_gusa_person_add(w->s, "https://mitid.test", "mor", "Mette", "mette@example.dk",
                                        376, c, 1, 0, &id, kids, &e),
                     IX_OK);
    w->mother = person_actor(id);
    w->child = kids[0];
    assert_int_equal(ix_gusa_person_add(w->s, "https://mitid.test", "far", "Frank", NULL, 376, NULL,
                                        0, 0, &id, NULL, &e),
                     IX_OK);
    w->father = person_actor(id);
    assert_int_equal(ix_gusa_person_add(w->s, "https://mitid.test", "ida", "Ida", NULL, 376, NULL, 0,
                                        w->child, &id, NULL, &e),
                     IX_OK);
    w->young = person_actor(id);
    ix_gusa_child_in c2[] = {{"Bo", "2018-01-01"}};
    assert_int_equal(ix_gusa_person_add(w->s, "https://mitid.test", "anden", "Anne", NULL, 376, c2,
                                        1, 0, &id, kids, &e),
                     IX_OK);
    w->other_parent = person_actor(id);
    w->other_child = kids[0];
    w->coord = add_staff(w->s, "k", "Karin Koordinator", IX_GUSA_STAFF_MEDARBEJDER,
                         IX_GUSA_CENTRE_BOERN_LAERING);
    w->job = add_staff(w->s, "j", "Jens Jobcenter", IX_GUSA_STAFF_MEDARBEJDER,
                       IX_GUSA_CENTRE_ARBEJDSMARKED);
    w->s85 = add_staff(w->s, "b", "Bente Bostøtte", IX_GUSA_STAFF_MEDARBEJDER, IX_GUSA_CENTRE_SOCIAL);
    w->myn = add_staff(w->s, "m", "Mads Myndighed", IX_GUSA_STAFF_MYNDIGHED,
                       IX_GUSA_CENTRE_FAMILIE_FOREBYGGELSE);
    w->outsider = add_staff(w->s, "o", "Otto Udenfor", IX_GUSA_STAFF_MEDARBEJDER,
                            IX_GUSA_CENTRE_SUNDHED_OMSORG);
    w->leder = add_staff(w->s, "l", "Lene Leder", IX_GUSA_STAFF_LEDER, IX_GUSA_CENTRE_SOCIAL);
    w->revisor = add_staff(w->s, "r", "Rita Revisor", IX_GUSA_STAFF_REVISOR, IX_GUSA_CENTRE_SOCIAL);
}

static char *get_case(world *w, const ix_gusa_actor *a, long long id, int *http)
{
    char *buf = NULL;
    ix_sink s = {put, &buf, 0};
    ix_gusa_err e;
    ix_gusa_case_get(w->s, a, id, &s, &e);
    *http = e.http;
    return buf ? buf : calloc(1, 1);
}

static long long invite_and_accept(world *w, long long kase, const ix_gusa_actor *who,
                                   const char *role)
{
    ix_gusa_err e;
    ix_gusa_invitation_in in = {who->kind == IX_GUSA_ACTOR_STAFF ? who->id : 0,
                                who->kind == IX_GUSA_ACTOR_PERSON ? who->id : 0, NULL, role, NULL,
                                NULL};
    char token[65];
    long long id = 0, c = 0, p = 0;
    assert_int_equal(ix_gusa_invitation_create(w->s, &w->coord, kase, &in, &id, token, &e), IX_OK);
    assert_int_equal(ix_gusa_invitation_accept(w->s, who, token, &c, &p, &e), IX_OK);
    assert_int_equal(c, kase);
    return p;
}

static void test_case_rules(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    ix_gusa_err e;
    long long kase = 0, id = 0;
    int http = 0;
    /* opening: a medarbejder yes, myndighed no, a parent of another child no */
    assert_int_equal(ix_gusa_case_open(w.s, &w.myn, w.child, "t", "r", &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_case_open(w.s, &w.other_parent, w.child, "t", "r", &id, &e),
                     IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_case_open(w.s, &w.coord, w.child, "", "r", &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 400);
    assert_string_equal(e.d.field, "title");
    assert_int_equal(ix_gusa_case_open(w.s, &w.coord, w.child, "Ida i skolen", "Fravær", &kase, &e),
                     IX_OK);
    assert_int_equal(e.http, 201);
    /* the other parent opens one for her own child */
    long long other = 0;
    assert_int_equal(ix_gusa_case_open(w.s, &w.other_parent, w.other_child, "Bo", "Søvn", &other, &e),
                     IX_OK);

    /* who sees the case: participants; a person outside 404, staff 403 */
    char *j = get_case(&w, &w.mother, kase, &http);
    assert_int_equal(http, 200);
    assert_non_null(strstr(j, "\"role\":\"koordinator\""));
    free(j);
    free(get_case(&w, &w.other_parent, kase, &http));
    assert_int_equal(http, 404); /* IDOR between two families */
    free(get_case(&w, &w.mother, other, &http));
    assert_int_equal(http, 404);
    free(get_case(&w, &w.outsider, kase, &http));
    assert_int_equal(http, 403);
    free(get_case(&w, &w.leder, kase, &http));
    assert_int_equal(http, 403);
    free(get_case(&w, &w.revisor, kase, &http));
    assert_int_equal(http, 403);
    free(get_case(&w, &w.father, kase, &http));
    assert_int_equal(http, 404); /* no custody registered for him: not a participant */

    /* content: a 400 names the field and writes nothing */
    ix_gusa_concern_in bad = {"tekst", "2026-02-30", "helbred", 0};
    assert_int_equal(ix_gusa_concern_add(w.s, &w.mother, kase, &bad, &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 400);
    assert_string_equal(e.d.field, "observed_on");
    ix_gusa_concern_in bad2 = {"tekst", "2026-02-20", "rygning", 0};
    assert_int_equal(ix_gusa_concern_add(w.s, &w.mother, kase, &bad2, &id, &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "info_type");
    ix_gusa_concern_in helbred = {"Ida sover dårligt", "2026-02-20", "helbred", 0};
    ix_gusa_concern_in job = {"Mor søger arbejde", "2026-02-21", "beskaeftigelse", 0};
    long long c_helbred = 0, c_job = 0;
    assert_int_equal(ix_gusa_concern_add(w.s, &w.mother, kase, &helbred, &c_helbred, &e), IX_OK);
    assert_int_equal(e.http, 201);
    assert_int_equal(ix_gusa_concern_add(w.s, &w.coord, kase, &job, &c_job, &e), IX_OK);
    ix_gusa_concern_in intruder = {"x", "2026-02-21", "skole", 0};
    assert_int_equal(ix_gusa_concern_add(w.s, &w.other_parent, kase, &intruder, &id, &e),
                     IX_ERR_NOTFOUND);
    assert_int_equal(e.http, 404);
    ix_gusa_resource_in res = {"Mormor henter Ida", "network", 0};
    assert_int_equal(ix_gusa_resource_add(w.s, &w.mother, kase, &res, &id, &e), IX_OK);
    /* a correction is a new version of the same case's row */
    ix_gusa_concern_in fix = {"Ida sover dårligt om søndagen", "2026-02-20", "helbred", c_helbred};
    assert_int_equal(ix_gusa_concern_add(w.s, &w.mother, kase, &fix, &id, &e), IX_OK);
    ix_gusa_concern_in fix_other = {"x", "2026-02-20", "helbred", 999999};
    assert_int_equal(ix_gusa_concern_add(w.s, &w.mother, kase, &fix_other, &id, &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "supersedes");

    /* invitations: the job-centre worker and the § 85 worker */
    ix_gusa_invitation_in inv = {w.job.id, 0, NULL, "fagperson", "arbejdsmarked", NULL};
    char token[65], token2[65];
    long long inv_id = 0, c = 0, p_job = 0;
    ix_gusa_invitation_in too_far = {w.job.id, 0, NULL, "fagperson", NULL, "2026-04-02"};
    assert_int_equal(ix_gusa_invitation_create(w.s, &w.coord, kase, &too_far, &inv_id, token, &e),
                     IX_ERR_INPUT); /* 31 days ahead */
    assert_string_equal(e.d.field, "expires_at");
    ix_gusa_invitation_in past = {w.job.id, 0, NULL, "fagperson", NULL, "2026-03-02"};
    assert_int_equal(ix_gusa_invitation_create(w.s, &w.coord, kase, &past, &inv_id, token, &e),
                     IX_ERR_INPUT); /* today is not in the future */
    assert_int_equal(ix_gusa_invitation_create(w.s, &w.job, kase, &inv, &inv_id, token, &e),
                     IX_ERR_INPUT);
    assert_int_equal(e.http, 403); /* not a participant yet */
    assert_int_equal(ix_gusa_invitation_create(w.s, &w.coord, kase, &inv, &inv_id, token, &e),
                     IX_OK);
    assert_int_equal(strlen(token), 64);
    char *peek = NULL;
    ix_sink ps = {put, &peek, 0};
    assert_int_equal(ix_gusa_invitation_peek(w.s, &w.s85, token, &ps, &e), IX_OK);
    NEED(peek);
    /* created 2026-03-02, 14 days by default */
    assert_string_equal(peek, "{\"status\":\"open\",\"role\":\"fagperson\",\"centre\":"
                              "\"arbejdsmarked\",\"expires_at\":\"2026-03-16\",\"expired\":false,"
                              "\"for_you\":false}\n");
    free(peek);
    assert_int_equal(ix_gusa_invitation_accept(w.s, &w.s85, token, &c, &p_job, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403); /* bound to the invitee */
    assert_int_equal(ix_gusa_invitation_accept(w.s, &w.job, token, &c, &p_job, &e), IX_OK);
    assert_int_equal(ix_gusa_invitation_accept(w.s, &w.job, token, &c, &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 409); /* used */
    ix_gusa_invitation_in inv85 = {w.s85.id, 0, NULL, "fagperson", "social", NULL};
    assert_int_equal(ix_gusa_invitation_create(w.s, &w.mother, kase, &inv85, &id, token2, &e),
                     IX_OK); /* a custody holder may invite */
    /* 15 days later the default 14 days have passed */
    ix_gusa_store_set_clock(w.s, T0 + 15 * DAY);
    assert_int_equal(ix_gusa_invitation_accept(w.s, &w.s85, token2, &c, &id, &e), IX_ERR_NOTFOUND);
    assert_int_equal(e.http, 410);
    ix_gusa_store_set_clock(w.s, T0);
    char unknown[65];
    memset(unknown, 'a', 64);
    unknown[64] = '\0';
    assert_int_equal(ix_gusa_invitation_accept(w.s, &w.s85, unknown, &c, &id, &e), IX_ERR_NOTFOUND);
    assert_int_equal(e.http, 404);

    /* concerns: the job worker sees neither until consent covers one */
    j = get_case(&w, &w.job, kase, &http);
    assert_int_equal(http, 200);
    assert_null(strstr(j, "sover"));
    assert_null(strstr(j, "arbejde"));
    assert_non_null(strstr(j, "\"hidden\":\"consent\""));
    free(j);
    ix_gusa_consent_in cin = {"beskaeftigelse", &p_job, 1, "Jobsøgning", "2026-12-31"};
    long long consent = 0;
    assert_int_equal(ix_gusa_consent_grant(w.s, &w.job, kase, &cin, &consent, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403); /* staff do not grant */
    ix_gusa_consent_in cbad = {"beskaeftigelse", &p_job, 1, "x", "2026-03-01"};
    assert_int_equal(ix_gusa_consent_grant(w.s, &w.mother, kase, &cbad, &consent, &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "valid_to");
    assert_int_equal(ix_gusa_consent_grant(w.s, &w.mother, kase, &cin, &consent, &e), IX_OK);
    j = get_case(&w, &w.job, kase, &http);
    assert_non_null(strstr(j, "Mor søger arbejde"));
    assert_null(strstr(j, "sover"));
    free(j);
    /* the young person (15) sees everything and may grant consent too */
    long long p_young = invite_and_accept(&w, kase, &w.young, "ung");
    (void)p_young;
    j = get_case(&w, &w.young, kase, &http);
    assert_int_equal(http, 200);
    assert_non_null(strstr(j, "Ida sover"));
    free(j);
    assert_int_equal(ix_gusa_consent_revoke(w.s, &w.job, kase, consent, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_consent_revoke(w.s, &w.young, kase, consent, &e), IX_OK);
    assert_int_equal(ix_gusa_consent_revoke(w.s, &w.mother, kase, consent, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 409);
    j = get_case(&w, &w.job, kase, &http);
    assert_null(strstr(j, "Mor søger arbejde"));
    free(j);

    /* the ladder: 3-6 need myndighed */
    ix_gusa_action_in a3 = {"Familiebehandling", 3, "BL § 30", "2026-03-10", NULL, 90000, 0};
    assert_int_equal(ix_gusa_action_add(w.s, &w.coord, kase, &a3, &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    ix_gusa_action_in a7 = {"x", 7, "BL § 30", "2026-03-10", NULL, 0, 0};
    assert_int_equal(ix_gusa_action_add(w.s, &w.coord, kase, &a7, &id, &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "ladder_step");
    ix_gusa_action_in a2 = {"Støtte", 2, "SEL § 85", "2026-03-10", "2026-03-01", 0, 0};
    assert_int_equal(ix_gusa_action_add(w.s, &w.coord, kase, &a2, &id, &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "end_on"); /* ends before it starts */
    a2.end_on = "2026-09-01";
    assert_int_equal(ix_gusa_action_add(w.s, &w.coord, kase, &a2, &id, &e), IX_OK);
    invite_and_accept(&w, kase, &w.myn, "myndighed");
    assert_int_equal(ix_gusa_action_add(w.s, &w.myn, kase, &a3, &id, &e), IX_OK);

    /* meetings and feedback: attendees once each */
    ix_gusa_meeting_in m = {"2026-03-05", &p_job, 1, "Møde om job", 0};
    long long meeting = 0;
    assert_int_equal(ix_gusa_meeting_add(w.s, &w.coord, kase, &m, &meeting, &e), IX_OK);
    j = get_case(&w, &w.job, kase, &http);
    char want[64];
    snprintf(want, sizeof want, "\"attendees\":[%lld]", p_job);
    assert_non_null(strstr(j, want));
    free(j);
    ix_gusa_feedback_in fb = {meeting, 4, 5, 3};
    assert_int_equal(ix_gusa_feedback_add(w.s, &w.mother, kase, &fb, &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403); /* not an attendee */
    assert_int_equal(ix_gusa_feedback_add(w.s, &w.job, kase, &fb, &id, &e), IX_OK);
    assert_int_equal(ix_gusa_feedback_add(w.s, &w.job, kase, &fb, &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 409);
    ix_gusa_feedback_in fb6 = {meeting, 6, 5, 3};
    assert_int_equal(ix_gusa_feedback_add(w.s, &w.job, kase, &fb6, &id, &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "heard");

    /* closing: coordinator or myndighed; then nothing more is written */
    assert_int_equal(ix_gusa_case_close(w.s, &w.job, kase, "maal_naaet", &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_case_close(w.s, &w.mother, kase, "maal_naaet", &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_case_close(w.s, &w.coord, kase, "glad", &e), IX_ERR_INPUT);
    assert_string_equal(e.d.field, "outcome");
    assert_int_equal(ix_gusa_case_close(w.s, &w.coord, kase, "maal_naaet", &e), IX_OK);
    assert_int_equal(ix_gusa_concern_add(w.s, &w.mother, kase, &helbred, &id, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 409);

    /* statistics: leder and revisor; 2 cases -> every cell 1-4 suppressed */
    char *st = NULL;
    ix_sink ss = {put, &st, 0};
    assert_int_equal(ix_gusa_stats(w.s, &w.coord, &ss, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_stats(w.s, &w.leder, &ss, &e), IX_OK);
    NEED(st);
    assert_non_null(strstr(st, "{\"dimension\":\"kommune\",\"key\":\"376\",\"count\":null,"
                               "\"suppressed\":true}"));
    assert_null(strstr(st, "\"count\":2"));
    free(st);

    /* the audit: revisor only; the family sees role and centre, no names */
    char *au = NULL;
    ix_sink as = {put, &au, 0};
    assert_int_equal(ix_gusa_audit_case(w.s, &w.leder, kase, &as, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_audit_case(w.s, &w.revisor, kase, &as, &e), IX_OK);
    NEED(au);
    assert_non_null(strstr(au, "\"outcome\":\"denied\""));
    assert_null(strstr(au, "sover")); /* no case text in the audit log */
    free(au);
    au = NULL;
    assert_int_equal(ix_gusa_audit_me(w.s, &w.mother, &as, &e), IX_OK);
    NEED(au);
    assert_non_null(strstr(au, "\"role\":\"medarbejder\",\"centre\":\"arbejdsmarked\""));
    assert_null(strstr(au, "Jens"));
    assert_null(strstr(au, "Karin"));
    free(au);
    au = NULL;
    assert_int_equal(ix_gusa_audit_me(w.s, &w.job, &as, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);

    /* my cases */
    ix_sink ms = {put, &au, 0};
    assert_int_equal(ix_gusa_cases_mine(w.s, &w.mother, &ms, &e), IX_OK);
    NEED(au);
    assert_non_null(strstr(au, "\"title\":\"Ida i skolen\""));
    assert_null(strstr(au, "\"title\":\"Bo\""));
    free(au);

    ix_gusa_verify v;
    ix_diag d;
    assert_int_equal(ix_gusa_audit_verify(w.s, &v, &d), IX_OK);
    assert_true(v.ok);
    assert_true(v.rows > 40);
    ix_gusa_store_close(w.s);
}

/* The same edits on SQLite through its own library. */
static void sqlite_tamper(void)
{
#ifdef IX_HAVE_SQLITE
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(target, &db), SQLITE_OK);
    /* the triggers refuse the edit */
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE audit_log SET outcome = 'denied' WHERE seq = 3", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log WHERE seq = 3", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TRIGGER audit_log_no_update; "
                                  "UPDATE audit_log SET purpose = 'x' WHERE seq = 3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
#else
    fail_msg("no SQLite");
#endif
}

/* Every read of a case leaves one row; a row changed behind the store's back
 * (triggers dropped) breaks the chain at that row. */
static void test_audit_rows_and_tamper(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    ix_gusa_err e;
    long long kase = 0;
    assert_int_equal(ix_gusa_case_open(w.s, &w.coord, w.child, "t", "r", &kase, &e), IX_OK);
    ix_gusa_verify v0, v1;
    ix_diag d;
    assert_int_equal(ix_gusa_audit_verify(w.s, &v0, &d), IX_OK);
    int http;
    free(get_case(&w, &w.mother, kase, &http));
    free(get_case(&w, &w.outsider, kase, &http)); /* denied: audited too */
    assert_int_equal(ix_gusa_audit_verify(w.s, &v1, &d), IX_OK);
    assert_int_equal(v1.rows, v0.rows + 2);
    ix_gusa_store_close(w.s);
    if (on_pg) {
        assert_int_not_equal(pg_exec("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3"), 0);
        assert_int_not_equal(pg_exec("DELETE FROM audit_log WHERE seq = 3"), 0);
        assert_int_equal(pg_exec("DROP TRIGGER audit_log_guard ON audit_log; "
                                 "UPDATE audit_log SET purpose = 'x' WHERE seq = 3"),
                         0);
    }
    if (!on_pg)
        sqlite_tamper();
    ix_gusa_store *s = NULL;
    assert_int_equal(ix_gusa_store_open(target, 0, &s, &d), IX_OK);
    assert_int_equal(ix_gusa_audit_verify(s, &v1, &d), IX_OK);
    assert_false(v1.ok);
    assert_int_equal(v1.bad_seq, 3);
    ix_gusa_store_close(s);
}

static void test_retention(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    ix_gusa_err e;
    long long kase = 0, open_case = 0, id = 0;
    char token[65];
    assert_int_equal(ix_gusa_case_open(w.s, &w.coord, w.child, "t", "r", &kase, &e), IX_OK);
    assert_int_equal(ix_gusa_case_open(w.s, &w.other_parent, w.other_child, "t", "r", &open_case, &e),
                     IX_OK);
    ix_gusa_action_in a = {"Støtte", 1, "BL § 32", "2026-03-10", NULL, 12000, 0};
    assert_int_equal(ix_gusa_action_add(w.s, &w.coord, kase, &a, &id, &e), IX_OK);
    ix_gusa_invitation_in inv = {w.job.id, 0, NULL, "fagperson", NULL, NULL};
    assert_int_equal(ix_gusa_invitation_create(w.s, &w.coord, kase, &inv, &id, token, &e), IX_OK);
    assert_int_equal(ix_gusa_case_close(w.s, &w.coord, kase, "maal_naaet", &e), IX_OK);
    ix_diag d;
    /* closed 2026: kept through 2031 (5 years after the closing year) */
    ix_gusa_retention r = {5, 5, 0, 0, 0, 0, 0, 0};
    ix_gusa_store_set_clock(w.s, (time_t)1924948800); /* 2030-12-31T12:00:00Z */
    assert_int_equal(ix_gusa_retention_run(w.s, &r, &d), IX_OK);
    assert_int_equal(r.cases, 0);
    assert_int_equal(r.invitations, 1); /* expired 2026-03-16 */
    ix_gusa_store_set_clock(w.s, (time_t)1969704000); /* 2032-06-01T12:00:00Z */
    assert_int_equal(ix_gusa_retention_run(w.s, &r, &d), IX_OK);
    assert_int_equal(r.cases, 1);
    assert_true(r.audit_rows > 0); /* rows of 2026 are more than 5 years before 2032-06-01 */
    int http;
    free(get_case(&w, &w.coord, kase, &http));
    assert_int_equal(http, 200); /* a dry run deleted nothing */
    /* The store's clock says 2032, the database's says today: its trigger
     * refuses to delete audit rows younger than five years, so the whole run
     * is rolled back. */
    r.apply = 1;
    assert_int_not_equal(ix_gusa_retention_run(w.s, &r, &d), IX_OK);
    free(get_case(&w, &w.coord, kase, &http));
    assert_int_equal(http, 200); /* nothing deleted */
    r.audit_years = 10;           /* cut 2022-06-01: no audit row is due */
    r.apply = 0;
    assert_int_equal(ix_gusa_retention_run(w.s, &r, &d), IX_OK);
    assert_int_equal(r.audit_rows, 0);
    r.apply = 1;
    assert_int_equal(ix_gusa_retention_run(w.s, &r, &d), IX_OK);
    free(get_case(&w, &w.coord, kase, &http));
    assert_int_equal(http, 404);
    free(get_case(&w, &w.other_parent, open_case, &http));
    assert_int_equal(http, 200); /* the open case stays */
    /* the anonymised statistics row: kommune 376, the one action's step and cost */
    char *st = NULL;
    ix_sink ss = {put, &st, 0};
    assert_int_equal(ix_gusa_stats(w.s, &w.revisor, &ss, &e), IX_OK);
    NEED(st);
    assert_non_null(strstr(st, "\"dimension\":\"outcome\",\"key\":\"maal_naaet\""));
    free(st);
    ix_gusa_verify v;
    assert_int_equal(ix_gusa_audit_verify(w.s, &v, &d), IX_OK);
    assert_true(v.ok);
    ix_gusa_store_close(w.s);
}

/* Login flows and sessions (gusa_session.c). Hashes worked out with python3:
 *   hashlib.sha256(b'browser-1').hexdigest()  -> 5e26d714...74193cc
 *   base64url(sha256(b'gusa-csrf:AAAA'))      -> 9p48OQdZ...DcRuwo
 *   (printf 'gusa-csrf:AAAA' | sha256sum: f69e3c39...3711bb0a, the same bytes) */
#define BROWSER1 "5e26d7146bd0f49c8b40a10b95dcdd2d5da9df87ea16d5bc6224c45a074193cc"
#define BROWSER2 "3310469cdfeaf7b3d828ed582aed719b4edd951367c96bd48df930a2aa3d16d0"

static void test_sessions(void **state)
{
    (void)state;
    world w;
    make_world(&w);
    ix_diag d;
    ix_gusa_err e;
    char csrf[48];
    ix_gusa_session_csrf("AAAA", csrf);
    assert_string_equal(csrf, "9p48OQdZPw8mX8E9J3uO-qztcvWN5HGg_x688DcRuwo");

    /* a flow: single use, bound to the browser, 10 minutes */
    assert_int_equal(ix_gusa_login_flow_create(w.s, "mitid", "state-1", "nonce-1", "verifier-1",
                                               BROWSER1, &d),
                     IX_OK);
    ix_gusa_login_flow f;
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-x", BROWSER1, &f, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 400);
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-1", BROWSER1, &f, &e), IX_OK);
    assert_string_equal(f.idp, "mitid");
    assert_string_equal(f.nonce, "nonce-1");
    assert_string_equal(f.verifier, "verifier-1");
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-1", BROWSER1, &f, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 409); /* replayed */
    assert_string_equal(f.nonce, "");
    /* another browser's state: refused, and the flow is used up */
    assert_int_equal(ix_gusa_login_flow_create(w.s, "mitid", "state-2", "n", "v", BROWSER1, &d),
                     IX_OK);
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-2", BROWSER2, &f, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 403);
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-2", BROWSER1, &f, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 409);
    /* 600 s is the limit: at +599 s still good, at +600 s expired */
    assert_int_equal(ix_gusa_login_flow_create(w.s, "mitid", "state-3", "n", "v", BROWSER1, &d),
                     IX_OK);
    assert_int_equal(ix_gusa_login_flow_create(w.s, "mitid", "state-4", "n", "v", BROWSER1, &d),
                     IX_OK);
    ix_gusa_store_set_clock(w.s, T0 + 599);
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-3", BROWSER1, &f, &e), IX_OK);
    ix_gusa_store_set_clock(w.s, T0 + 600);
    assert_int_equal(ix_gusa_login_flow_take(w.s, "state-4", BROWSER1, &f, &e), IX_ERR_NOTFOUND);
    assert_int_equal(e.http, 410);
    /* bad input to create: a short browser hash */
    assert_int_equal(ix_gusa_login_flow_create(w.s, "mitid", "s", "n", "v", "abc", &d), IX_ERR_USAGE);

    /* sessions: idle 900 s, absolute 28800 s */
    ix_gusa_store_set_clock(w.s, T0);
    ix_gusa_verify v0, v1;
    assert_int_equal(ix_gusa_audit_verify(w.s, &v0, &d), IX_OK);
    ix_gusa_session_new a, b;
    assert_int_equal(ix_gusa_session_create(w.s, &w.mother, "mitid", 28800, NULL, &a, &d), IX_OK);
    assert_int_equal(strlen(a.sid), 43);
    ix_gusa_session_csrf(a.sid, csrf);
    assert_string_equal(a.csrf, csrf);
    ix_gusa_actor who;
    char c2[48];
    assert_int_equal(ix_gusa_session_find(w.s, a.sid, 900, &who, c2, &e), IX_OK);
    assert_int_equal(who.kind, IX_GUSA_ACTOR_PERSON);
    assert_int_equal(who.id, w.mother.id);
    assert_string_equal(c2, a.csrf);
    assert_int_equal(ix_gusa_session_find(w.s, "nope", 900, &who, NULL, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 401);
    /* rotation: logging in again with the old cookie ends the old session */
    assert_int_equal(ix_gusa_session_create(w.s, &w.mother, "mitid", 28800, a.sid, &b, &d), IX_OK);
    assert_string_not_equal(a.sid, b.sid);
    assert_int_equal(ix_gusa_session_find(w.s, a.sid, 900, &who, NULL, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 401);
    /* idle: touched at +800 s, so alive at +1700 s (900 after), gone at +2601 s */
    ix_gusa_store_set_clock(w.s, T0 + 800);
    assert_int_equal(ix_gusa_session_find(w.s, b.sid, 900, &who, NULL, &e), IX_OK);
    ix_gusa_store_set_clock(w.s, T0 + 1700);
    assert_int_equal(ix_gusa_session_find(w.s, b.sid, 900, &who, NULL, &e), IX_OK);
    ix_gusa_store_set_clock(w.s, T0 + 2601);
    assert_int_equal(ix_gusa_session_find(w.s, b.sid, 900, &who, NULL, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 401);
    /* absolute: a staff session kept busy every 800 s still ends at +28800 s */
    ix_gusa_store_set_clock(w.s, T0);
    ix_gusa_session_new c;
    assert_int_equal(ix_gusa_session_create(w.s, &w.job, "medarbejder", 28800, NULL, &c, &d), IX_OK);
    time_t t = T0;
    for (; t + 800 < T0 + 28800; t += 800) {
        ix_gusa_store_set_clock(w.s, t + 800);
        assert_int_equal(ix_gusa_session_find(w.s, c.sid, 900, &who, NULL, &e), IX_OK);
    }
    assert_int_equal(who.kind, IX_GUSA_ACTOR_STAFF);
    assert_int_equal(who.role, IX_GUSA_STAFF_MEDARBEJDER);
    assert_int_equal(who.centre, IX_GUSA_CENTRE_ARBEJDSMARKED);
    ix_gusa_store_set_clock(w.s, T0 + 28800);
    assert_int_equal(ix_gusa_session_find(w.s, c.sid, 900, &who, NULL, &e), IX_ERR_INPUT);
    assert_int_equal(e.http, 401);
    /* logout deletes server-side */
    ix_gusa_store_set_clock(w.s, T0);
    ix_gusa_session_new l;
    assert_int_equal(ix_gusa_session_create(w.s, &w.father, "mitid", 28800, NULL, &l, &d), IX_OK);
    assert_int_equal(ix_gusa_session_end(w.s, l.sid, &d), IX_OK);
    assert_int_equal(ix_gusa_session_find(w.s, l.sid, 900, &who, NULL, &e), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_session_end(w.s, l.sid, &d), IX_OK); /* twice: nothing */
    /* the children a parent may open a dialogue about: Ida (made in make_world) */
    char *kids = NULL;
    ix_sink ks = {put, &kids, 0};
    assert_int_equal(ix_gusa_children_mine(w.s, &w.mother, &ks, &e), IX_OK);
    NEED(kids);
    char want[96];
    snprintf(want, sizeof want,
             "{\"children\":[{\"id\":%lld,\"name\":\"Ida\",\"born\":\"2010-05-01\"}]}\n",
             w.child);
    assert_string_equal(kids, want);
    free(kids);
    /* a refused login is audited too */
    assert_int_equal(ix_gusa_login_refused(w.s, NULL, "mitid", "signature", &d), IX_OK);
    /* audit rows: 4 logins + 1 logout + 1 children read + 1 refusal; the chain holds */
    assert_int_equal(ix_gusa_audit_verify(w.s, &v1, &d), IX_OK);
    assert_true(v1.ok);
    assert_int_equal(v1.rows, v0.rows + 7);
    ix_gusa_store_close(w.s);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_by_hand),
        cmocka_unit_test(test_case_rules),
        cmocka_unit_test(test_audit_rows_and_tamper),
        cmocka_unit_test(test_retention),
        cmocka_unit_test(test_sessions),
    };
    if (argc > 2 && strcmp(argv[1], "pg") == 0) {
        if (!ix_store_have_backend("postgresql")) {
            printf("skipped: this build has no PostgreSQL backend\n");
            return 77;
        }
        target = argv[2];
        on_pg = 1;
        return cmocka_run_group_tests_name("GUSA store on PostgreSQL", tests, NULL, NULL);
    }
    if (!ix_store_have_backend("sqlite")) {
        printf("skipped: this build has no SQLite backend\n");
        return 77;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ix-gusa-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    static char path[96];
    snprintf(path, sizeof path, "%s/gusa.db", tmpdir);
    target = path;
    int rc = cmocka_run_group_tests_name("GUSA store on SQLite", tests, NULL, NULL);
    unlink(path);
    char wal[128];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    rmdir(tmpdir);
    return rc;
}
