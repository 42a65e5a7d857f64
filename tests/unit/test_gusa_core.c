/* GUSA's core (gusa.h): the fixed lists, validation, every access rule's yes
 * and no, small-cell suppression and the canonical audit row. Each expected
 * value is worked out in the comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/gusa.h"

static void test_lists(void **state)
{
    (void)state;
    assert_string_equal(ix_gusa_centre_name(IX_GUSA_CENTRE_BOERN_LAERING), "boern-laering");
    assert_int_equal(ix_gusa_centre_parse("sundhed-omsorg"), IX_GUSA_CENTRE_SUNDHED_OMSORG);
    assert_int_equal(ix_gusa_centre_parse("Social"), 0); /* case matters */
    assert_null(ix_gusa_centre_name(IX_GUSA_CENTRE_COUNT));
    assert_int_equal(ix_gusa_staff_role_parse("revisor"), IX_GUSA_STAFF_REVISOR);
    assert_int_equal(ix_gusa_staff_role_parse("admin"), 0);
    assert_int_equal(ix_gusa_part_role_parse("ung"), IX_GUSA_PART_UNG);
    assert_int_equal(ix_gusa_info_type_parse("oekonomi"), IX_GUSA_INFO_OEKONOMI);
    const char *bad = NULL;
    /* helbred = 1, skole = 3: bits 2 and 8 -> 10 */
    assert_int_equal(ix_gusa_info_mask_parse("helbred,skole", &bad), 10u);
    assert_int_equal(ix_gusa_info_mask_parse("helbred,,skole", &bad), 0u);
    assert_int_equal(ix_gusa_info_mask_parse("helbred,rygning", &bad), 0u);
    assert_string_equal(bad, "rygning");
    char buf[64];
    ix_gusa_info_mask_format(10u, buf, sizeof buf);
    assert_string_equal(buf, "helbred,skole");
    /* the two bases the issue names, with their ladder context */
    const ix_gusa_legal_basis *b = ix_gusa_legal_basis_find("BL § 30");
    assert_non_null(b);
    assert_int_equal(b->step_min, 2);
    assert_int_equal(b->step_max, 4);
    assert_non_null(ix_gusa_legal_basis_find("SEL § 85"));
    assert_null(ix_gusa_legal_basis_find("BL §30"));
}

static void test_dates(void **state)
{
    (void)state;
    ix_diag d;
    assert_int_equal(ix_gusa_check_date("2024-02-29", "observed_on", &d), IX_OK); /* leap */
    assert_int_equal(ix_gusa_check_date("2023-02-29", "observed_on", &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "observed_on");
    assert_int_equal(ix_gusa_check_date("1900-02-29", "x", &d), IX_ERR_INPUT); /* 1900 not leap */
    assert_int_equal(ix_gusa_check_date("2000-02-29", "x", &d), IX_OK);        /* 2000 is */
    assert_int_equal(ix_gusa_check_date("2026-04-31", "x", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_date("2026-4-01", "x", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_date("2026-04-01T", "x", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_date(NULL, "x", &d), IX_ERR_INPUT);
    long days;
    /* 1970-01-01 is day 0; 2000-03-01: 30 years = 10957 days to 2000-01-01, +31+29 = 11017 */
    assert_int_equal(ix_gusa_date_days("1970-01-01", &days), 0);
    assert_int_equal(days, 0);
    assert_int_equal(ix_gusa_date_days("2000-03-01", &days), 0);
    assert_int_equal(days, 11017);
    char buf[11];
    ix_gusa_date_format(11017, buf);
    assert_string_equal(buf, "2000-03-01");
    ix_gusa_date_format(11016, buf);
    assert_string_equal(buf, "2000-02-29");
    /* born 2011-06-15: 14 on 2026-06-14, 15 on 2026-06-15 */
    assert_int_equal(ix_gusa_age_on("2011-06-15", "2026-06-14"), 14);
    assert_int_equal(ix_gusa_age_on("2011-06-15", "2026-06-15"), 15);
}

static void test_text_and_steps(void **state)
{
    (void)state;
    ix_diag d;
    assert_int_equal(ix_gusa_check_text("Far har svært ved\n\tat sove. Æblegrød ✓", 0, "text", &d),
                     IX_OK);
    assert_int_equal(ix_gusa_check_text("", 0, "text", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_text("bell\a", 0, "text", &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "text");
    assert_int_equal(ix_gusa_check_text("cr\r", 0, "text", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_text("del\x7f", 0, "text", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_text("c1 \xc2\x85", 0, "text", &d), IX_ERR_INPUT); /* U+0085 */
    assert_int_equal(ix_gusa_check_text("latin1 \xe6", 0, "text", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_text("overlong \xc0\xaf", 0, "text", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_text("surrogate \xed\xa0\x80", 0, "text", &d), IX_ERR_INPUT);
    /* 10,000 characters pass, 10,001 do not; "æ" is 2 bytes but 1 character */
    char *big = malloc(2 * 10001 + 1);
    assert_non_null(big);
    for (int i = 0; i < 10000; i++)
        memcpy(big + (size_t)2 * (size_t)i, "\xc3\xa6", 2);
    big[20000] = '\0';
    assert_int_equal(ix_gusa_check_text(big, 0, "text", &d), IX_OK);
    memcpy(big + 20000, "a", 2);
    assert_int_equal(ix_gusa_check_text(big, 0, "text", &d), IX_ERR_INPUT);
    free(big);
    assert_int_equal(ix_gusa_check_ladder_step(0, "ladder_step", &d), IX_OK);
    assert_int_equal(ix_gusa_check_ladder_step(6, "ladder_step", &d), IX_OK);
    assert_int_equal(ix_gusa_check_ladder_step(7, "ladder_step", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_ladder_step(-1, "ladder_step", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_legal_basis("BL § 30", 3, "legal_basis", &d), IX_OK);
    assert_int_equal(ix_gusa_check_legal_basis("BL § 30", 6, "legal_basis", &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_check_legal_basis("LAB § 1", 1, "legal_basis", &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "legal_basis");
}

/* One family: mother (person 1) and father (person 2) hold custody of the
 * child, who is also person 3 (born 2010-05-01: 16 on 2026-03-01). Person 9
 * is a neighbour in the network. Staff 20 medarbejder (coordinator), 21
 * job-centre caseworker (fagperson), 22 myndighed, 23 a medarbejder not in
 * the case, 24 leder, 25 revisor. Person 8: another family's parent. */
static const long long custody[] = {1, 2};
static const ix_gusa_participant parts[] = {
    {101, IX_GUSA_ACTOR_PERSON, 1, IX_GUSA_PART_FORAELDER},
    {102, IX_GUSA_ACTOR_PERSON, 2, IX_GUSA_PART_FORAELDER},
    {103, IX_GUSA_ACTOR_PERSON, 3, IX_GUSA_PART_UNG},
    {109, IX_GUSA_ACTOR_PERSON, 9, IX_GUSA_PART_NETVAERK},
    {120, IX_GUSA_ACTOR_STAFF, 20, IX_GUSA_PART_KOORDINATOR},
    {121, IX_GUSA_ACTOR_STAFF, 21, IX_GUSA_PART_FAGPERSON},
    {122, IX_GUSA_ACTOR_STAFF, 22, IX_GUSA_PART_MYNDIGHED},
};
/* consent 1: mother lets the job-centre worker (121) read beskaeftigelse
 * through 2026-03-31; consent 2: the same for misbrug, revoked; consent 3:
 * helbred, expired 2026-02-28; consent 4: oekonomi granted by the neighbour
 * (no custody: worth nothing). */
static const long long to121[] = {121};
static const ix_gusa_consent consents[] = {
    {1, 1, 1u << IX_GUSA_INFO_BESKAEFTIGELSE, to121, 1, "2026-03-31", 0},
    {2, 1, 1u << IX_GUSA_INFO_MISBRUG, to121, 1, "2026-12-31", 1},
    {3, 1, 1u << IX_GUSA_INFO_HELBRED, to121, 1, "2026-02-28", 0},
    {4, 9, 1u << IX_GUSA_INFO_OEKONOMI, to121, 1, "2026-12-31", 0},
};

static ix_gusa_case_view family(const char *today)
{
    ix_gusa_case_view c;
    memset(&c, 0, sizeof c);
    c.id = 1;
    c.child_person = 3;
    c.child_born = "2010-05-01";
    c.custody = custody;
    c.ncustody = 2;
    c.participants = parts;
    c.nparticipants = sizeof parts / sizeof parts[0];
    c.consents = consents;
    c.nconsents = sizeof consents / sizeof consents[0];
    c.today = today;
    return c;
}

static ix_gusa_actor person(long long id)
{
    ix_gusa_actor a = {IX_GUSA_ACTOR_PERSON, id, IX_GUSA_STAFF_NONE, IX_GUSA_CENTRE_NONE, 0, 0};
    return a;
}

static ix_gusa_actor staff(long long id, ix_gusa_staff_role r)
{
    ix_gusa_actor a = {IX_GUSA_ACTOR_STAFF, id, r, IX_GUSA_CENTRE_SOCIAL, 0, 0};
    return a;
}

static void test_see_case(void **state)
{
    (void)state;
    ix_gusa_case_view c = family("2026-03-01");
    ix_gusa_actor mother = person(1), other_parent = person(8);
    ix_gusa_actor coord = staff(20, IX_GUSA_STAFF_MEDARBEJDER),
                  outsider = staff(23, IX_GUSA_STAFF_MEDARBEJDER),
                  leder = staff(24, IX_GUSA_STAFF_LEDER), revisor = staff(25, IX_GUSA_STAFF_REVISOR);
    assert_int_equal(ix_gusa_may_see_case(&c, &mother), 200);
    assert_int_equal(ix_gusa_may_see_case(&c, &coord), 200);
    assert_int_equal(ix_gusa_may_see_case(&c, &other_parent), 404); /* a person: not revealed */
    assert_int_equal(ix_gusa_may_see_case(&c, &outsider), 403);     /* staff: forbidden */
    assert_int_equal(ix_gusa_may_see_case(&c, &leder), 403);        /* counts only */
    assert_int_equal(ix_gusa_may_see_case(&c, &revisor), 403);      /* audit only */
    /* a leder who is, by mistake, a participant still sees nothing */
    ix_gusa_actor leder20 = staff(20, IX_GUSA_STAFF_LEDER);
    assert_int_equal(ix_gusa_may_see_case(&c, &leder20), 403);
    /* staff 1 is not person 1: kinds must match */
    ix_gusa_actor staff1 = staff(1, IX_GUSA_STAFF_MEDARBEJDER);
    assert_int_equal(ix_gusa_may_see_case(&c, &staff1), 403);
}

static void test_concern_visibility(void **state)
{
    (void)state;
    ix_gusa_case_view c = family("2026-03-01");
    ix_gusa_actor mother = person(1), young = person(3), neighbour = person(9),
                  coord = staff(20, IX_GUSA_STAFF_MEDARBEJDER),
                  job = staff(21, IX_GUSA_STAFF_MEDARBEJDER), myn = staff(22, IX_GUSA_STAFF_MYNDIGHED),
                  outsider = staff(23, IX_GUSA_STAFF_MEDARBEJDER);
    /* a helbred concern written by the myndighed worker (participant 122) */
    assert_true(ix_gusa_concern_visible(&c, &myn, 122, IX_GUSA_INFO_HELBRED));     /* author */
    assert_true(ix_gusa_concern_visible(&c, &mother, 122, IX_GUSA_INFO_HELBRED));  /* custody */
    assert_true(ix_gusa_concern_visible(&c, &young, 122, IX_GUSA_INFO_HELBRED));   /* 16 */
    assert_true(ix_gusa_concern_visible(&c, &coord, 122, IX_GUSA_INFO_HELBRED));   /* coordinator */
    assert_false(ix_gusa_concern_visible(&c, &neighbour, 122, IX_GUSA_INFO_HELBRED));
    assert_false(ix_gusa_concern_visible(&c, &outsider, 122, IX_GUSA_INFO_HELBRED));
    /* the job-centre worker: consent 1 covers beskaeftigelse through 03-31 */
    assert_true(ix_gusa_concern_visible(&c, &job, 122, IX_GUSA_INFO_BESKAEFTIGELSE));
    assert_false(ix_gusa_concern_visible(&c, &job, 122, IX_GUSA_INFO_SKOLE));    /* not covered */
    assert_false(ix_gusa_concern_visible(&c, &job, 122, IX_GUSA_INFO_MISBRUG));  /* revoked */
    assert_false(ix_gusa_concern_visible(&c, &job, 122, IX_GUSA_INFO_HELBRED));  /* expired */
    assert_false(ix_gusa_concern_visible(&c, &job, 122, IX_GUSA_INFO_OEKONOMI)); /* no custody */
    /* valid through its last day, not the day after */
    ix_gusa_case_view last = family("2026-03-31"), after = family("2026-04-01");
    assert_true(ix_gusa_concern_visible(&last, &job, 122, IX_GUSA_INFO_BESKAEFTIGELSE));
    assert_false(ix_gusa_concern_visible(&after, &job, 122, IX_GUSA_INFO_BESKAEFTIGELSE));
    /* the same child at 14 (2025-04-30): the young person no longer sees it */
    ix_gusa_case_view at14 = family("2025-04-30"), at15 = family("2025-05-01");
    assert_false(ix_gusa_concern_visible(&at14, &young, 122, IX_GUSA_INFO_HELBRED));
    assert_true(ix_gusa_concern_visible(&at15, &young, 122, IX_GUSA_INFO_HELBRED));
}

static void test_consent_grant(void **state)
{
    (void)state;
    ix_gusa_case_view c = family("2026-03-01"), at14 = family("2025-04-30");
    ix_gusa_actor mother = person(1), young = person(3), neighbour = person(9),
                  coord = staff(20, IX_GUSA_STAFF_MEDARBEJDER), other = person(8);
    assert_int_equal(ix_gusa_may_grant_consent(&c, &mother), 200);
    assert_int_equal(ix_gusa_may_grant_consent(&c, &young), 200);
    assert_int_equal(ix_gusa_may_grant_consent(&at14, &young), 403); /* under 15 */
    assert_int_equal(ix_gusa_may_grant_consent(&c, &neighbour), 403);
    assert_int_equal(ix_gusa_may_grant_consent(&c, &coord), 403);
    assert_int_equal(ix_gusa_may_grant_consent(&c, &other), 403);
}

static void test_actions_close_open(void **state)
{
    (void)state;
    ix_gusa_case_view c = family("2026-03-01");
    ix_gusa_actor mother = person(1), coord = staff(20, IX_GUSA_STAFF_MEDARBEJDER),
                  job = staff(21, IX_GUSA_STAFF_MEDARBEJDER), myn = staff(22, IX_GUSA_STAFF_MYNDIGHED),
                  outsider_myn = staff(26, IX_GUSA_STAFF_MYNDIGHED),
                  leder = staff(24, IX_GUSA_STAFF_LEDER), revisor = staff(25, IX_GUSA_STAFF_REVISOR);
    assert_int_equal(ix_gusa_may_add_action(&c, &coord, 2), 200);
    assert_int_equal(ix_gusa_may_add_action(&c, &mother, 0), 200);
    assert_int_equal(ix_gusa_may_add_action(&c, &coord, 3), 403); /* 3-6 need myndighed */
    assert_int_equal(ix_gusa_may_add_action(&c, &myn, 3), 200);
    assert_int_equal(ix_gusa_may_add_action(&c, &myn, 6), 200);
    assert_int_equal(ix_gusa_may_add_action(&c, &outsider_myn, 3), 403); /* not a participant */
    assert_int_equal(ix_gusa_may_close(&c, &coord), 200);
    assert_int_equal(ix_gusa_may_close(&c, &myn), 200);
    assert_int_equal(ix_gusa_may_close(&c, &job), 403);
    assert_int_equal(ix_gusa_may_close(&c, &mother), 403);
    c.closed = 1;
    assert_int_equal(ix_gusa_may_close(&c, &coord), 409);
    assert_int_equal(ix_gusa_may_add_action(&c, &myn, 3), 409);
    assert_int_equal(ix_gusa_may_invite(&c, &coord), 409);
    c.closed = 0;
    assert_int_equal(ix_gusa_may_invite(&c, &coord), 200);
    assert_int_equal(ix_gusa_may_invite(&c, &mother), 200);
    assert_int_equal(ix_gusa_may_invite(&c, &job), 403);
    /* opening: a medarbejder, or a person holding custody of the child */
    assert_int_equal(ix_gusa_may_open_case(&coord, 0), 200);
    assert_int_equal(ix_gusa_may_open_case(&mother, 1), 200);
    assert_int_equal(ix_gusa_may_open_case(&mother, 0), 403);
    assert_int_equal(ix_gusa_may_open_case(&myn, 0), 403);
    assert_int_equal(ix_gusa_may_open_case(&leder, 0), 403);
    /* leder counts only, revisor audit (and counts) only */
    assert_int_equal(ix_gusa_may_read_stats(&leder), 200);
    assert_int_equal(ix_gusa_may_read_stats(&revisor), 200);
    assert_int_equal(ix_gusa_may_read_stats(&coord), 403);
    assert_int_equal(ix_gusa_may_read_stats(&mother), 403);
    assert_int_equal(ix_gusa_may_read_audit(&revisor), 200);
    assert_int_equal(ix_gusa_may_read_audit(&leder), 403);
    assert_int_equal(ix_gusa_may_read_audit(&coord), 403);
}

static void test_suppression(void **state)
{
    (void)state;
    /* centre: 12, 3, 7, 0 -> 3 primary; the smallest other above 0 is 7
     * (not the 0: total 22 - 12 - 0 = 10 = 3 + 7 cannot be split).
     * outcome: 2, 4, 9 -> two primary, no secondary needed (6 = 2 + 4 splits
     * in several ways). step: 30, 1 -> 1 primary, 30 secondary. */
    ix_gusa_cell c[] = {
        {"centre", "a", 12, 0}, {"outcome", "x", 2, 0}, {"centre", "b", 3, 0},
        {"centre", "c", 7, 0},  {"outcome", "y", 4, 0}, {"centre", "d", 0, 0},
        {"outcome", "z", 9, 0}, {"step", "0", 30, 0},   {"step", "1", 1, 0},
        {"clean", "k", 5, 0},   {"clean", "l", 0, 0},
    };
    ix_gusa_suppress(c, sizeof c / sizeof c[0]);
    int want[] = {0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(c[i].suppressed, want[i]);
    /* one cell only, 3: nothing else to hide, stays suppressed alone */
    ix_gusa_cell one[] = {{"x", "a", 3, 0}, {"x", "b", 0, 0}};
    ix_gusa_suppress(one, 2);
    assert_int_equal(one[0].suppressed, 1);
    assert_int_equal(one[1].suppressed, 1); /* no cell above 0: the whole dimension */
}

static int collect(void *ctx, const char *bytes, size_t len)
{
    char *buf = ctx;
    size_t have = strlen(buf);
    if (have + len >= 512)
        return -1;
    memcpy(buf + have, bytes, len);
    buf[have + len] = '\0';
    return 0;
}

static void test_canonical(void **state)
{
    (void)state;
    char buf[512] = "";
    ix_sink s = {collect, buf, 0};
    ix_gusa_audit_row r = {2,          "2026-03-02T09:16:00Z", "person", 4, "", "", "write",
                           "concern", 3, "4", "line one\nback\\slash", "ok",
                           "e76dac833677b324ef3b55d4dc05936eaa7cb53a966bfaaecc5a5b657993adec"};
    ix_gusa_audit_canonical(&r, &s);
    /* one field a line; the line feed and backslash in purpose escaped; prev
     * is not part of the canonical form (it is hashed in front of it) */
    assert_string_equal(buf, "2\n2026-03-02T09:16:00Z\nperson\n4\n\n\nwrite\nconcern\n3\n4\n"
                             "line one\\nback\\\\slash\nok\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),          cmocka_unit_test(test_dates),
        cmocka_unit_test(test_text_and_steps), cmocka_unit_test(test_see_case),
        cmocka_unit_test(test_concern_visibility), cmocka_unit_test(test_consent_grant),
        cmocka_unit_test(test_actions_close_open), cmocka_unit_test(test_suppression),
        cmocka_unit_test(test_canonical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
