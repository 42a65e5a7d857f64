/* GUSA pages' helpers (lib/web/gusa_forms.c): which `next` paths a login
 * may return to, and the section anchor a form post returns to. Each
 * expectation follows from the rule written in gusa_web_internal.h and
 * docs/gusa.md: a local path starting with /gusa/ or /forslag (then end,
 * '/' or '?'), no "//", no "/.", not login/callback/logout, at most 96
 * bytes of [A-Za-z0-9/-_.~?=&]. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* Declared in lib/web/gusa_web_internal.h (not reachable from tests by the
 * layer rule); the library's symbols are linked from indeks_web. */
int ix__gusa_next_ok(const char *p);
const char *ix__gusa_anchor(const char *what);
#define IX_GUSA_NEXT_MAX 96

static void next_accepted(void **state)
{
    (void)state;
    assert_true(ix__gusa_next_ok("/gusa/"));
    assert_true(ix__gusa_next_ok("/gusa/sager/12"));
    assert_true(ix__gusa_next_ok("/forslag"));
    assert_true(ix__gusa_next_ok("/forslag/ny"));
    assert_true(ix__gusa_next_ok("/forslag?kommune=376&aar=2024"));
    /* an invitation link: 17 + 64 = 81 bytes */
    assert_true(ix__gusa_next_ok(
        "/gusa/invitation/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
}

static void next_refused(void **state)
{
    (void)state;
    assert_false(ix__gusa_next_ok(NULL));
    assert_false(ix__gusa_next_ok(""));
    assert_false(ix__gusa_next_ok("/"));
    assert_false(ix__gusa_next_ok("/gusa"));                /* not "/gusa/" */
    assert_false(ix__gusa_next_ok("//evil.example"));       /* scheme-relative */
    assert_false(ix__gusa_next_ok("https://evil"));
    assert_false(ix__gusa_next_ok("/api/v1/gusa/me"));
    assert_false(ix__gusa_next_ok("/forslagx"));
    assert_false(ix__gusa_next_ok("/gusa//evil.example"));
    assert_false(ix__gusa_next_ok("/gusa/../api/v1/gusa/me"));
    assert_false(ix__gusa_next_ok("/gusa/.hidden"));
    assert_false(ix__gusa_next_ok("/gusa/\\\\evil"));
    assert_false(ix__gusa_next_ok("/gusa/a b"));
    assert_false(ix__gusa_next_ok("/gusa/a;b"));
    assert_false(ix__gusa_next_ok("/gusa/a%2F"));
    assert_false(ix__gusa_next_ok("/gusa/login?idp=mitid"));
    assert_false(ix__gusa_next_ok("/gusa/callback"));
    assert_false(ix__gusa_next_ok("/gusa/logout"));
    assert_false(ix__gusa_next_ok("/gusa/\xc3\xb8")); /* "ø": outside the set */
}

static void next_length(void **state)
{
    (void)state;
    char p[IX_GUSA_NEXT_MAX + 2];
    memcpy(p, "/gusa/", 6);
    memset(p + 6, 'a', sizeof p - 6);
    p[IX_GUSA_NEXT_MAX] = '\0'; /* 96 bytes: the limit */
    assert_true(ix__gusa_next_ok(p));
    p[IX_GUSA_NEXT_MAX] = 'a';
    p[IX_GUSA_NEXT_MAX + 1] = '\0'; /* 97 bytes */
    assert_false(ix__gusa_next_ok(p));
}

static void anchors(void **state)
{
    (void)state;
    assert_string_equal(ix__gusa_anchor("resources"), "ressourcer");
    assert_string_equal(ix__gusa_anchor("concerns"), "bekymringer");
    assert_string_equal(ix__gusa_anchor("goals"), "maal");
    assert_string_equal(ix__gusa_anchor("actions"), "indsatser");
    assert_string_equal(ix__gusa_anchor("meetings"), "moeder");
    assert_string_equal(ix__gusa_anchor("consents"), "samtykker");
    assert_string_equal(ix__gusa_anchor("invitations"), "invitationer");
    assert_string_equal(ix__gusa_anchor("close"), "afslut");
    assert_string_equal(ix__gusa_anchor("nothing"), "");
    assert_string_equal(ix__gusa_anchor(NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(next_accepted),
        cmocka_unit_test(next_refused),
        cmocka_unit_test(next_length),
        cmocka_unit_test(anchors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
