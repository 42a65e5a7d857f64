/* The GUSA login's test driver (tests/gusa/test_oidc_flow.sh): one whole
 * OpenID Connect code flow against the test provider (tests/gusa/op/),
 * through the library's blocks (lib/io/gusa/oidc.c), the way the
 * /gusa/login and /gusa/callback routes will do it:
 *   discovery -> state, nonce, PKCE -> authorization URL -> the provider's
 *   redirects followed with libcurl (cookies kept, login_hint logs the
 *   SYNTHETIC user in) until the redirect URI -> the answer's state, error
 *   and iss checked -> the code exchanged -> the ID token verified.
 *
 *   oidc_driver ISSUER CLIENT_ID SECRET_FILE REDIRECT_URI ACR_MIN HINT AUTH SCENARIO
 *     ACR_MIN   Low | Substantial | High
 *     AUTH      basic | post (client_secret_basic or client_secret_post)
 *     SCENARIO  honest       the flow as it should go
 *               swap-state   the answer to login A checked against login B
 *               replay-code  a good login, then its code exchanged again
 *
 * Prints "ok sub=S acr=A" (exit 0) or "refused REASON: message" (exit 1);
 * exit 2 for bad arguments, 3 when the flow could not be run at all. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indeks/gusa_config.h"
#include "indeks/oidc.h"
#include "indeks/outfile.h"

static size_t discard(char *p, size_t s, size_t n, void *c)
{
    (void)p;
    (void)c;
    return s * n;
}

/* Follows the provider's redirects from url until one points at the
 * redirect URI; *answer gets its query (malloc'd). */
static int follow(const char *url, const char *redirect_uri, char **answer)
{
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_COOKIEFILE, ""); /* the cookie engine, in memory */
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
    char *next = strdup(url);
    int rc = -1;
    size_t rl = strlen(redirect_uri);
    for (int hop = 0; hop < 10 && next; hop++) {
        curl_easy_setopt(c, CURLOPT_URL, next);
        if (curl_easy_perform(c) != CURLE_OK)
            break;
        char *loc = NULL;
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
        if (!loc) {
            fprintf(stderr, "oidc_driver: %s answered %ld without a redirect\n", next, code);
            break;
        }
        free(next);
        next = strdup(loc);
        if (next && strncmp(next, redirect_uri, rl) == 0 && next[rl] == '?') {
            *answer = strdup(next + rl + 1);
            rc = *answer ? 0 : -1;
            break;
        }
    }
    free(next);
    curl_easy_cleanup(c);
    return rc;
}

static int refused(ix_oidc_reason r, const ix_diag *d)
{
    printf("refused %s: %s\n", ix_oidc_reason_code(r), d->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 9) {
        fprintf(stderr, "usage: oidc_driver ISSUER CLIENT_ID SECRET_FILE REDIRECT_URI "
                        "Low|Substantial|High HINT basic|post honest|swap-state|replay-code\n");
        return 2;
    }
    const char *issuer = argv[1], *client_id = argv[2], *secret_file = argv[3],
               *redirect_uri = argv[4], *hint = argv[6], *scenario = argv[8];
    char acr_uri[128];
    snprintf(acr_uri, sizeof acr_uri, IX_NSIS_LOA_PREFIX "%s", argv[5]);
    ix_nsis_loa acr_min = ix_nsis_loa_parse(acr_uri);
    int post = strcmp(argv[7], "post") == 0;
    if (acr_min == IX_LOA_NONE || (!post && strcmp(argv[7], "basic") != 0) ||
        (strcmp(scenario, "honest") != 0 && strcmp(scenario, "swap-state") != 0 &&
         strcmp(scenario, "replay-code") != 0)) {
        fprintf(stderr, "oidc_driver: bad ACR_MIN, AUTH or SCENARIO\n");
        return 2;
    }
    ix_diag d;
    ix_diag_clear(&d);
    char *secret = NULL;
    size_t slen = 0;
    if (ix_read_file(secret_file, &secret, &slen, &d)) {
        fprintf(stderr, "oidc_driver: %s\n", d.message);
        return 2;
    }
    while (slen && (secret[slen - 1] == '\n' || secret[slen - 1] == '\r'))
        secret[--slen] = '\0';

    int rc = 3;
    ix_oidc_provider *p = NULL;
    ix_oidc_login a, b;
    char *url = NULL, *answer = NULL, *id_token = NULL;
    ix_oidc_callback cb = {0};
    ix_oidc_claims claims = {0};
    ix_oidc_reason r = IX_OIDC_OK;
    if (ix_oidc_discover(issuer, &p, &d)) {
        printf("refused %s: %s\n", ix_oidc_reason_code(IX_OIDC_DISCOVERY), d.message);
        rc = 1;
        goto out;
    }
    if (ix_oidc_login_start(&a, &d) || ix_oidc_login_start(&b, &d) ||
        ix_oidc_authorize_url(p, client_id, redirect_uri, &a, acr_min, hint, &url, &d)) {
        fprintf(stderr, "oidc_driver: %s\n", d.message);
        goto out;
    }
    if (follow(url, redirect_uri, &answer)) {
        fprintf(stderr, "oidc_driver: the provider did not send the browser back to %s\n",
                redirect_uri);
        goto out;
    }
    if (ix_oidc_callback_parse(answer, &cb, &d)) {
        rc = refused(IX_OIDC_MALFORMED, &d);
        goto out;
    }
    /* swap-state: the answer to login a, checked against login b (an
     * attacker's callback URL planted in the victim's browser) */
    const ix_oidc_login *mine = strcmp(scenario, "swap-state") == 0 ? &b : &a;
    if (ix_oidc_callback_check(&cb, mine, ix_oidc_provider_issuer(p), &r, &d)) {
        rc = refused(r, &d);
        goto out;
    }
    ix_oidc_client client = {client_id, secret, redirect_uri,
                             post ? IX_OIDC_AUTH_POST : IX_OIDC_AUTH_BASIC};
    if (ix_oidc_token_request(p, &client, cb.code, mine->verifier, &id_token, &r, &d)) {
        rc = refused(r, &d);
        goto out;
    }
    ix_oidc_expect e = {client_id, mine->nonce, acr_min, time(NULL), 0, 0};
    if (ix_oidc_verify(p, &e, id_token, &claims, &r, &d)) {
        rc = refused(r, &d);
        goto out;
    }
    if (strcmp(scenario, "replay-code") == 0) {
        free(id_token);
        id_token = NULL;
        if (ix_oidc_token_request(p, &client, cb.code, mine->verifier, &id_token, &r, &d)) {
            rc = refused(r, &d);
            goto out;
        }
        /* the provider gave a token for a used code: that is the failure */
        printf("ok (the code was accepted twice)\n");
        rc = 0;
        goto out;
    }
    printf("ok sub=%s acr=%s name=%s\n", claims.sub, claims.acr,
           claims.name ? claims.name : "-");
    rc = 0;
out:
    ix_oidc_claims_free(&claims);
    ix_oidc_callback_free(&cb);
    free(id_token);
    free(answer);
    free(url);
    free(secret);
    ix_oidc_provider_free(p);
    curl_global_cleanup();
    return rc;
}
