/* gusa.json (lib/io/gusa/gusa_config.c): a good file read with its
 * defaults, and bad files refused with IX_ERR_USAGE naming the key, line
 * and column (counted by hand in the texts below). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "indeks/gusa_config.h"

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ix_gusa_cfg.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    write_file("mitid.secret", "s3cret-mitid\n");
    write_file("staff.secret", "s3cret-staff");
    write_file("empty.secret", "\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"mitid.secret", "staff.secret", "empty.secret", "gusa.json"};
    for (size_t i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

#define SUB IX_NSIS_LOA_PREFIX "Substantial"
#define HIGH IX_NSIS_LOA_PREFIX "High"

/* Line 1 "{", the keys one a line below. */
static const char good[] =
    "{\n"
    "  \"db\": \"gusa.sqlite\",\n"
    "  \"base_url\": \"https://gusa.example.dk/\",\n"
    "  \"outbox\": \"outbox\",\n"
    "  \"oidc\": {\n"
    "    \"mitid\": {\"issuer\": \"https://broker.example.dk\", \"client_id\": \"gusa\",\n"
    "              \"client_secret_file\": \"mitid.secret\", \"acr_min\": \"" SUB "\"},\n"
    "    \"medarbejder\": {\"issuer\": \"https://idp.kommune.dk/realms/x\", \"client_id\": \"gusa-staff\",\n"
    "              \"client_secret_file\": \"staff.secret\", \"acr_min\": \"" HIGH "\"}\n"
    "  }\n"
    "}\n";

static void test_good_defaults(void **state)
{
    (void)state;
    write_file("gusa.json", good);
    char path[128];
    snprintf(path, sizeof path, "%s/gusa.json", dir);
    ix_gusa_config *c = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_gusa_config_load(path, &c, &d), IX_OK);
    assert_string_equal(c->base_url, "https://gusa.example.dk"); /* trailing slash dropped */
    assert_string_equal(c->redirect_uri, "https://gusa.example.dk/gusa/callback");
    char want[160];
    snprintf(want, sizeof want, "%s/gusa.sqlite", dir);
    assert_string_equal(c->db, want);
    snprintf(want, sizeof want, "%s/outbox", dir);
    assert_string_equal(c->outbox, want);
    assert_int_equal(c->cookie_secure, 1);
    assert_int_equal(c->session_idle_s, 900);
    assert_int_equal(c->session_max_s, 28800);
    assert_true(c->mitid.present);
    assert_string_equal(c->mitid.issuer, "https://broker.example.dk");
    assert_string_equal(c->mitid.client_id, "gusa");
    assert_string_equal(c->mitid.client_secret, "s3cret-mitid"); /* newline removed */
    assert_int_equal(c->mitid.acr_min, IX_LOA_SUBSTANTIAL);
    assert_string_equal(c->medarbejder.client_secret, "s3cret-staff");
    assert_int_equal(c->medarbejder.acr_min, IX_LOA_HIGH);
    ix_gusa_config_free(c);
    ix_gusa_config_free(NULL);
}

static void test_loopback_and_pg(void **state)
{
    (void)state;
    const char *text =
        "{\"db\": \"postgresql://localhost/gusa\", \"base_url\": \"http://127.0.0.1:8080\",\n"
        " \"outbox\": \"/var/spool/gusa\", \"cookie_secure\": false, \"session_idle_s\": 60,\n"
        " \"session_max_s\": 300, \"oidc\": {\"mitid\": {\"issuer\": \"http://127.0.0.1:9000\",\n"
        " \"client_id\": \"mitid\", \"client_secret_file\": \"mitid.secret\", \"acr_min\": \"" SUB
        "\"}}}";
    ix_gusa_config *c = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    assert_int_equal(ix_gusa_config_parse(text, strlen(text), "t.json", dir, &c, &d), IX_OK);
    assert_string_equal(c->db, "postgresql://localhost/gusa"); /* a URI is not a path */
    assert_string_equal(c->outbox, "/var/spool/gusa");        /* absolute kept */
    assert_int_equal(c->cookie_secure, 0);
    assert_int_equal(c->session_idle_s, 60);
    assert_int_equal(c->session_max_s, 300);
    assert_true(c->mitid.present);
    assert_false(c->medarbejder.present);
    ix_gusa_config_free(c);
}

typedef struct {
    const char *text; /* one bad config */
    const char *field;
    long line, column;
    const char *needle; /* in the message */
} bad_case;

static void test_bad(void **state)
{
    (void)state;
    const char *mid = "\"oidc\": {\"mitid\": {\"issuer\": \"https://b.dk\", \"client_id\": \"g\", "
                      "\"client_secret_file\": \"mitid.secret\", \"acr_min\": \"" SUB "\"}}";
    char texts[16][1024];
    bad_case cases[16];
    size_t n = 0;
#define BAD(fld, ln, col, ndl, ...)                                                   \
    do {                                                                              \
        snprintf(texts[n], sizeof texts[n], __VA_ARGS__);                             \
        cases[n] = (bad_case){texts[n], fld, ln, col, ndl};                           \
        n++;                                                                          \
    } while (0)
    /* unknown key on line 2, its quote at column 3 */
    BAD("colour", 2, 3, "unknown key \"colour\"",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\",\n  \"colour\": 1, %s}",
        mid);
    /* cookie_secure false on https: line 2 column 2 */
    BAD("cookie_secure", 2, 2, "loopback",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\",\n \"cookie_secure\": "
        "false, %s}",
        mid);
    /* cookie_secure false on http but not loopback: base_url refused first */
    BAD("base_url", 1, 13, "https://",
        "{\"db\": \"x\", \"base_url\": \"http://a.dk\", \"outbox\": \"o\", \"cookie_secure\": false, "
        "%s}",
        mid);
    /* a string where a bool is wanted */
    BAD("cookie_secure", 1, 56, "true or false",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"cookie_secure\": "
        "\"no\", %s}",
        mid);
    /* session_idle_s out of range; column of its quote */
    BAD("session_idle_s", 3, 1, "60 to 86400",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\",\n \"outbox\": \"o\",\n"
        "\"session_idle_s\": 5, %s}",
        mid);
    /* idle above max */
    BAD("session_idle_s", 1, 56, "must not exceed",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"session_idle_s\": "
        "3600, \"session_max_s\": 1800, %s}",
        mid);
    /* a missing key */
    BAD("outbox", 0, 0, "missing",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", %s}", mid);
    /* acr_min not an NSIS level; the key on line 2 column 3 */
    BAD("oidc.mitid.acr_min", 2, 3, "NSIS level",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": {\"mitid\": "
        "{\"issuer\": \"https://b.dk\", \"client_id\": \"g\", \"client_secret_file\": "
        "\"mitid.secret\",\n  \"acr_min\": \"substantial\"}}}");
    /* issuer over plain http */
    BAD("oidc.mitid.issuer", 1, 75, "https://",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": {\"mitid\": "
        "{\"issuer\": \"http://b.dk\", \"client_id\": \"g\", \"client_secret_file\": "
        "\"mitid.secret\", \"acr_min\": \"" SUB "\"}}}");
    /* unknown key inside a provider */
    BAD("oidc.medarbejder.scope", 2, 5, "unknown key \"scope\"",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": "
        "{\"medarbejder\": {\n    \"scope\": \"openid\"}}}");
    /* unknown provider */
    BAD("oidc.nemid", 1, 65, "unknown key \"nemid\"",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": {\"nemid\": "
        "{}}}");
    /* a secret file that is missing */
    BAD("oidc.mitid.client_secret_file", 1, 119, "cannot read",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": {\"mitid\": "
        "{\"issuer\": \"https://b.dk\", \"client_id\": \"g\", \"client_secret_file\": "
        "\"nope.secret\", \"acr_min\": \"" SUB "\"}}}");
    /* an empty secret file */
    BAD("oidc.mitid.client_secret_file", 1, 119, "one line",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": {\"mitid\": "
        "{\"issuer\": \"https://b.dk\", \"client_id\": \"g\", \"client_secret_file\": "
        "\"empty.secret\", \"acr_min\": \"" SUB "\"}}}");
    /* base_url with a query */
    BAD("base_url", 1, 13, "without user, query",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk/?x=1\", \"outbox\": \"o\", %s}", mid);
    /* no provider at all */
    BAD("oidc", 1, 56, "no identity provider",
        "{\"db\": \"x\", \"base_url\": \"https://a.dk\", \"outbox\": \"o\", \"oidc\": {}}");
    /* broken JSON: jansson's own position (line 2, the empty last line: column 0) */
    BAD(NULL, 2, 0, "invalid JSON", "{\"db\": \"x\",\n");
    for (size_t i = 0; i < n; i++) {
        ix_gusa_config *c = (ix_gusa_config *)1;
        ix_diag d;
        ix_diag_clear(&d);
        ix_status st = ix_gusa_config_parse(cases[i].text, strlen(cases[i].text), "bad.json", dir,
                                            &c, &d);
        if (st != IX_ERR_USAGE || c != NULL || strcmp(d.file, "bad.json") != 0 ||
            (cases[i].field && strcmp(d.field, cases[i].field) != 0) ||
            d.line != cases[i].line || d.column != cases[i].column ||
            !strstr(d.message, cases[i].needle)) {
            print_error("case %zu: status %d field '%s' %ld:%ld message '%s'\n", i, (int)st,
                        d.field, d.line, d.column, d.message);
            fail();
        }
    }
}

static void test_loopback(void **state)
{
    (void)state;
    assert_true(ix_gusa_url_is_loopback("http://127.0.0.1:8080"));
    assert_true(ix_gusa_url_is_loopback("http://127.10.0.255/x"));
    assert_true(ix_gusa_url_is_loopback("http://localhost"));
    assert_true(ix_gusa_url_is_loopback("http://[::1]:80"));
    assert_false(ix_gusa_url_is_loopback("http://127.0.0.1.evil.dk"));
    assert_false(ix_gusa_url_is_loopback("http://localhost.evil.dk"));
    assert_false(ix_gusa_url_is_loopback("http://128.0.0.1"));
    assert_false(ix_gusa_url_is_loopback("ftp://127.0.0.1"));
    assert_true(ix_gusa_url_is_safe("https://a.dk"));
    assert_false(ix_gusa_url_is_safe("http://a.dk"));
    assert_true(ix_gusa_url_is_safe("http://127.0.0.1:9/x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_defaults),
        cmocka_unit_test(test_loopback_and_pg),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_loopback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
