/* GUSA's request helpers (lib/io/gusa/gusa_http.c). Expected values are
 * written out by hand; the SHA-256 vector is FIPS 180-2's "abc". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/gusa_http.h"

static void test_cookie_get(void **state)
{
    (void)state;
    char v[64];
    ix_diag d;
    assert_int_equal(ix_gusa_cookie_get("a=1; gusa_sid=abc-_9; b=2", "gusa_sid", v, sizeof v, &d),
                     IX_OK);
    assert_string_equal(v, "abc-_9");
    /* quoted value, no spaces, first and last pair */
    assert_int_equal(ix_gusa_cookie_get("gusa_login=\"q1\";x=y", "gusa_login", v, sizeof v, &d),
                     IX_OK);
    assert_string_equal(v, "q1");
    assert_int_equal(ix_gusa_cookie_get("x=y;gusa_sid=z", "gusa_sid", v, sizeof v, &d), IX_OK);
    assert_string_equal(v, "z");
    /* empty value is a value */
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=", "gusa_sid", v, sizeof v, &d), IX_OK);
    assert_string_equal(v, "");
    /* absent: a longer or shorter name is not it; a pair without '=' skipped */
    assert_int_equal(ix_gusa_cookie_get("gusa_sidx=1; xgusa_sid=2; gusa_sid", "gusa_sid", v,
                                        sizeof v, &d),
                     IX_ERR_NOTFOUND);
    assert_int_equal(ix_gusa_cookie_get(NULL, "gusa_sid", v, sizeof v, &d), IX_ERR_NOTFOUND);
    assert_int_equal(ix_gusa_cookie_get("", "gusa_sid", v, sizeof v, &d), IX_ERR_NOTFOUND);
    /* duplicates are refused, whatever their order */
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=a; gusa_sid=b", "gusa_sid", v, sizeof v, &d),
                     IX_ERR_INPUT);
    assert_string_equal(d.field, "gusa_sid");
    /* a duplicate of another name does not matter */
    assert_int_equal(ix_gusa_cookie_get("x=1; x=2; gusa_sid=c", "gusa_sid", v, sizeof v, &d),
                     IX_OK);
    assert_string_equal(v, "c");
    /* bad octets: space inside, comma, backslash, a lone quote */
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=a b", "gusa_sid", v, sizeof v, &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=a,b", "gusa_sid", v, sizeof v, &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=a\\b", "gusa_sid", v, sizeof v, &d),
                     IX_ERR_INPUT);
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=\"ab", "gusa_sid", v, sizeof v, &d),
                     IX_ERR_INPUT);
    /* too long for the buffer: 4 bytes into 4 (3 + NUL) */
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=abcd", "gusa_sid", v, 4, &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_cookie_get("gusa_sid=abc", "gusa_sid", v, 4, &d), IX_OK);
}

static void test_set_cookie(void **state)
{
    (void)state;
    char out[200];
    ix_diag d;
    assert_int_equal(ix_gusa_set_cookie(out, sizeof out, "gusa_sid", "AbC-_1", 900, 1, &d), IX_OK);
    assert_string_equal(out, "gusa_sid=AbC-_1; Max-Age=900; Path=/; HttpOnly; SameSite=Lax; Secure");
    assert_int_equal(ix_gusa_set_cookie(out, sizeof out, "gusa_login", "", 0, 0, &d), IX_OK);
    assert_string_equal(out, "gusa_login=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    assert_int_equal(ix_gusa_set_cookie(out, sizeof out, "gusa sid", "a", 1, 1, &d), IX_ERR_USAGE);
    assert_int_equal(ix_gusa_set_cookie(out, sizeof out, "gusa_sid", "a;b", 1, 1, &d),
                     IX_ERR_USAGE);
    assert_int_equal(ix_gusa_set_cookie(out, sizeof out, "gusa_sid", "a", -1, 1, &d), IX_ERR_USAGE);
    /* "gusa_sid=a; Max-Age=1; Path=/; HttpOnly; SameSite=Lax" is 53 bytes */
    assert_int_equal(ix_gusa_set_cookie(out, 53, "gusa_sid", "a", 1, 0, &d), IX_ERR_USAGE);
    assert_string_equal(out, "");
    assert_int_equal(ix_gusa_set_cookie(out, 54, "gusa_sid", "a", 1, 0, &d), IX_OK);
}

static void test_tokens(void **state)
{
    (void)state;
    char a[IX_GUSA_TOKEN_LEN], b[IX_GUSA_TOKEN_LEN], h[IX_GUSA_HASH_LEN];
    ix_diag d;
    assert_int_equal(ix_gusa_token_new(a, &d), IX_OK);
    assert_int_equal(ix_gusa_token_new(b, &d), IX_OK);
    assert_int_equal(strlen(a), 43); /* 256 bits in base64url */
    assert_string_not_equal(a, b);
    /* FIPS 180-2 appendix B.1: SHA-256("abc") */
    ix_gusa_token_hash("abc", h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_true(ix_gusa_csrf_equal(a, a));
    assert_false(ix_gusa_csrf_equal(a, b));
    assert_false(ix_gusa_csrf_equal("", ""));
    assert_false(ix_gusa_csrf_equal(NULL, a));
    assert_false(ix_gusa_csrf_equal("abc", "abcd"));
}

static void test_origin(void **state)
{
    (void)state;
    const char *base = "https://gusa.example.dk/";
    assert_int_equal(ix_gusa_origin_check(NULL, base), IX_GUSA_ORIGIN_ABSENT);
    assert_int_equal(ix_gusa_origin_check("https://gusa.example.dk", base), IX_GUSA_ORIGIN_SAME);
    assert_int_equal(ix_gusa_origin_check("https://GUSA.example.dk:443", base),
                     IX_GUSA_ORIGIN_SAME);
    assert_int_equal(ix_gusa_origin_check("http://gusa.example.dk", base), IX_GUSA_ORIGIN_FOREIGN);
    assert_int_equal(ix_gusa_origin_check("https://gusa.example.dk:8443", base),
                     IX_GUSA_ORIGIN_FOREIGN);
    assert_int_equal(ix_gusa_origin_check("https://gusa.example.dk.evil.dk", base),
                     IX_GUSA_ORIGIN_FOREIGN);
    assert_int_equal(ix_gusa_origin_check("https://example.dk", base), IX_GUSA_ORIGIN_FOREIGN);
    assert_int_equal(ix_gusa_origin_check("null", base), IX_GUSA_ORIGIN_FOREIGN);
    assert_int_equal(ix_gusa_origin_check("https://gusa.example.dk/x", base),
                     IX_GUSA_ORIGIN_FOREIGN); /* an Origin has no path */
    assert_int_equal(ix_gusa_origin_check("http://127.0.0.1:8080", "http://127.0.0.1:8080/gusa"),
                     IX_GUSA_ORIGIN_SAME);
    assert_int_equal(ix_gusa_origin_check("http://127.0.0.1:8081", "http://127.0.0.1:8080"),
                     IX_GUSA_ORIGIN_FOREIGN);
}

static void test_classify(void **state)
{
    (void)state;
    int s;
    assert_int_equal(ix_gusa_body_classify("application/json", 10, &s), IX_GUSA_BODY_JSON);
    assert_int_equal(s, 200);
    assert_int_equal(ix_gusa_body_classify("Application/JSON; charset=UTF-8", 10, &s),
                     IX_GUSA_BODY_JSON);
    assert_int_equal(ix_gusa_body_classify("application/x-www-form-urlencoded", 0, &s),
                     IX_GUSA_BODY_FORM);
    assert_int_equal(ix_gusa_body_classify("application/x-www-form-urlencoded;charset=\"utf-8\"",
                                           65536, &s),
                     IX_GUSA_BODY_FORM); /* exactly 64 KiB passes */
    assert_int_equal(ix_gusa_body_classify("application/json", 65537, &s), IX_GUSA_BODY_REFUSED);
    assert_int_equal(s, 413);
    assert_int_equal(ix_gusa_body_classify("text/plain", 1, &s), IX_GUSA_BODY_REFUSED);
    assert_int_equal(s, 415);
    assert_int_equal(ix_gusa_body_classify("multipart/form-data; boundary=x", 1, &s),
                     IX_GUSA_BODY_REFUSED);
    assert_int_equal(s, 415);
    assert_int_equal(ix_gusa_body_classify("application/json; charset=latin1", 1, &s),
                     IX_GUSA_BODY_REFUSED);
    assert_int_equal(s, 415);
    assert_int_equal(ix_gusa_body_classify("application/jsonx", 1, &s), IX_GUSA_BODY_REFUSED);
    assert_int_equal(ix_gusa_body_classify(NULL, 1, &s), IX_GUSA_BODY_REFUSED);
    assert_int_equal(s, 415);
}

static void test_form(void **state)
{
    (void)state;
    ix_gusa_form f;
    ix_diag d;
    const char *body = "text=Mor+og+far+%C3%B8nsker+hj%C3%A6lp&info_types=helbred&info_types=skole"
                       "&empty=&flag&csrf=a%2Bb";
    assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_FORM, body, strlen(body), &f, &d), IX_OK);
    assert_int_equal(f.n, 6);
    assert_string_equal(ix_gusa_form_get(&f, "text"), "Mor og far \xc3\xb8nsker hj\xc3\xa6lp");
    assert_int_equal(ix_gusa_form_count(&f, "info_types"), 2);
    assert_string_equal(f.kv[1].value, "helbred");
    assert_string_equal(f.kv[2].value, "skole");
    assert_string_equal(ix_gusa_form_get(&f, "empty"), "");
    assert_string_equal(ix_gusa_form_get(&f, "flag"), "");
    assert_string_equal(ix_gusa_form_get(&f, "csrf"), "a+b");
    assert_null(ix_gusa_form_get(&f, "missing"));
    ix_gusa_form_free(&f);
    struct {
        const char *body;
        const char *field;
    } bad[] = {
        {"text=%C3%28", "text"},   /* invalid UTF-8 continuation */
        {"text=%C0%AF", "text"},   /* overlong '/' */
        {"text=%ED%A0%80", "text"}, /* a surrogate */
        {"text=%00", "text"},      /* NUL */
        {"text=%4", "text"},       /* short escape */
        {"text=%GG", "text"},
        {"bad%20key=1", "body"},
        {"=1", "body"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ix_diag_clear(&d);
        assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_FORM, bad[i].body, strlen(bad[i].body),
                                            &f, &d),
                         IX_ERR_INPUT);
        assert_string_equal(d.field, bad[i].field);
        assert_int_equal(f.n, 0);
    }
    /* 257 pairs: one too many */
    char many[257 * 4 + 1];
    size_t o = 0;
    for (int i = 0; i < 257; i++)
        o += (size_t)snprintf(many + o, sizeof many - o, "%sa=1", i ? "&" : "");
    assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_FORM, many, o, &f, &d), IX_ERR_INPUT);
    assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_FORM, many, o - 4, &f, &d), IX_OK);
    assert_int_equal(f.n, 256);
    ix_gusa_form_free(&f);
}

static void test_json(void **state)
{
    (void)state;
    ix_gusa_form f;
    ix_diag d;
    const char *body = "{\"child_id\": 12, \"title\": \"Skole \\u00f8\", \"cost_dkk\": 1250.5,"
                       " \"recipients\": [3, 4], \"urgent\": true, \"note\": null}";
    assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_JSON, body, strlen(body), &f, &d), IX_OK);
    assert_int_equal(f.n, 6); /* null left out, the list gives two */
    assert_string_equal(ix_gusa_form_get(&f, "child_id"), "12");
    assert_string_equal(ix_gusa_form_get(&f, "title"), "Skole \xc3\xb8");
    assert_string_equal(ix_gusa_form_get(&f, "cost_dkk"), "1250.5");
    assert_int_equal(ix_gusa_form_count(&f, "recipients"), 2);
    assert_string_equal(ix_gusa_form_get(&f, "urgent"), "true");
    assert_null(ix_gusa_form_get(&f, "note"));
    ix_gusa_form_free(&f);
    /* 0.1 keeps its short form (%.15g reads back) */
    assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_JSON, "{\"x\":0.1}", 9, &f, &d), IX_OK);
    assert_string_equal(ix_gusa_form_get(&f, "x"), "0.1");
    ix_gusa_form_free(&f);
    struct {
        const char *body;
        const char *field;
    } bad[] = {
        {"[1]", "body"},
        {"{\"a\": {\"b\": 1}}", "a"},
        {"{\"a\": [[1]]}", "a"},
        {"{\"a\": 1, \"a\": 2}", "body"}, /* duplicate keys */
        {"{\"a\": \"\\u0000\"}", "body"},  /* jansson refuses NUL */
        {"{\"a b\": 1}", "body"},
        {"{\"a\": \"\xff\"}", "body"},     /* not UTF-8: jansson's error */
        {"{", "body"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ix_diag_clear(&d);
        assert_int_equal(ix_gusa_body_parse(IX_GUSA_BODY_JSON, bad[i].body, strlen(bad[i].body),
                                            &f, &d),
                         IX_ERR_INPUT);
        assert_string_equal(d.field, bad[i].field);
    }
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(ix_gusa_utf8_valid("", 0));
    assert_true(ix_gusa_utf8_valid("\xc3\xa6\xc3\xb8\xc3\xa5", 6));       /* æøå */
    assert_true(ix_gusa_utf8_valid("\xf0\x9f\x98\x80", 4));               /* U+1F600 */
    assert_true(ix_gusa_utf8_valid("\xf4\x8f\xbf\xbf", 4));               /* U+10FFFF */
    assert_false(ix_gusa_utf8_valid("\xf4\x90\x80\x80", 4));              /* U+110000 */
    assert_false(ix_gusa_utf8_valid("\xe0\x80\xaf", 3));                  /* overlong */
    assert_false(ix_gusa_utf8_valid("\xc3", 1));                          /* cut short */
    assert_false(ix_gusa_utf8_valid("\x80", 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cookie_get), cmocka_unit_test(test_set_cookie),
        cmocka_unit_test(test_tokens),     cmocka_unit_test(test_origin),
        cmocka_unit_test(test_classify),   cmocka_unit_test(test_form),
        cmocka_unit_test(test_json),       cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
