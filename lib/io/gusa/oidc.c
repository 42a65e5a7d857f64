/* GUSA's OpenID Connect building blocks (see oidc.h): random values and
 * PKCE (OpenSSL), the authorization URL, discovery, the JWKS cache and the
 * token request (libcurl), and the ID token's check (cjose for the JWS
 * signature, jansson for the header and the claims). The header is decoded
 * and its alg checked here before cjose sees the token, so "none", HS256
 * (the classic key-confusion attack: the public key used as an HMAC
 * secret) and anything else never reach a verifier. */
#include <cjose/cjose.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_config.h"
#include "indeks/gusa_http.h"
#include "indeks/oidc.h"
#include "indeks/util.h"

#define IX_OIDC_MAX_BODY ((size_t)1 << 20)
#define IX_OIDC_MAX_TOKEN 16384

/* ---- NSIS levels and reasons ------------------------------------------ */

static const char *const loa_names[] = {NULL, "Low", "Substantial", "High"};
static const char *const loa_uris[] = {NULL, IX_NSIS_LOA_PREFIX "Low",
                                       IX_NSIS_LOA_PREFIX "Substantial",
                                       IX_NSIS_LOA_PREFIX "High"};

ix_nsis_loa ix_nsis_loa_parse(const char *acr)
{
    size_t n = sizeof IX_NSIS_LOA_PREFIX - 1;
    if (!acr || strncmp(acr, IX_NSIS_LOA_PREFIX, n) != 0)
        return IX_LOA_NONE;
    for (int i = 1; i <= 3; i++)
        if (strcmp(acr + n, loa_names[i]) == 0)
            return (ix_nsis_loa)i;
    return IX_LOA_NONE;
}

const char *ix_nsis_loa_uri(ix_nsis_loa level)
{
    return level >= IX_LOA_LOW && level <= IX_LOA_HIGH ? loa_uris[level] : NULL;
}

static const char *const reason_codes[] = {
#define XX(name, code, text) code,
    IX_OIDC_REASON_MAP(XX)
#undef XX
};
static const char *const reason_texts[] = {
#define XX(name, code, text) text,
    IX_OIDC_REASON_MAP(XX)
#undef XX
};

const char *ix_oidc_reason_code(ix_oidc_reason r)
{
    return (unsigned)r < IX_OIDC_REASON_COUNT ? reason_codes[r] : "unknown";
}

const char *ix_oidc_reason_text(ix_oidc_reason r)
{
    return (unsigned)r < IX_OIDC_REASON_COUNT ? reason_texts[r] : "unknown reason";
}

/* ---- Random values, base64url, PKCE ------------------------------------ */

ix_status ix_oidc_random(unsigned char *out, size_t n, ix_diag *d)
{
    if (n > 1024 || RAND_bytes(out, (int)n) != 1)
        return ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL,
                           "the random number generator failed (OpenSSL RAND_bytes)");
    return IX_OK;
}

size_t ix_oidc_b64url(const unsigned char *in, size_t n, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
        out[o++] = a[v >> 6 & 63];
        out[o++] = a[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)in[i] << 16;
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
        out[o++] = a[v >> 6 & 63];
    }
    out[o] = '\0';
    return o;
}

/* Decodes base64url without padding (padding refused too: JWS never pads).
 * *out is malloc'd, NUL-terminated. -1 on a bad character or length. */
static int b64url_decode(const char *in, size_t n, unsigned char **out, size_t *outlen)
{
    if (n % 4 == 1)
        return -1;
    unsigned char *o = malloc(n / 4 * 3 + 4);
    if (!o)
        return -1;
    size_t k = 0;
    unsigned long acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)in[i], v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else {
            free(o);
            return -1;
        }
        acc = (acc << 6 | (unsigned long)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[k++] = (unsigned char)(acc >> bits & 0xff);
        }
    }
    /* the left-over bits must be zero (canonical encoding) */
    if (bits && (acc & ((1UL << bits) - 1))) {
        free(o);
        return -1;
    }
    o[k] = '\0';
    *out = o;
    *outlen = k;
    return 0;
}

void ix_oidc_pkce_s256(const char *verifier, char challenge[IX_OIDC_RANDOM_LEN])
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)verifier, strlen(verifier), h);
    ix_oidc_b64url(h, sizeof h, challenge);
}

ix_status ix_oidc_login_start(ix_oidc_login *l, ix_diag *d)
{
    unsigned char r[3][32];
    ix_status st = ix_oidc_random(&r[0][0], sizeof r, d);
    if (st)
        return st;
    ix_oidc_b64url(r[0], 32, l->state);
    ix_oidc_b64url(r[1], 32, l->nonce);
    ix_oidc_b64url(r[2], 32, l->verifier);
    ix_oidc_pkce_s256(l->verifier, l->challenge);
    memset(r, 0, sizeof r);
    return IX_OK;
}

int ix_oidc_equal_ct(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t na = strlen(a), nb = strlen(b);
    if (na != nb)
        return 0;
    unsigned char diff = 0;
    for (size_t i = 0; i < na; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* ---- HTTP through libcurl ---------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct {
    char *data;
    size_t len, cap;
    int too_big;
} body_buf;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ctx)
{
    body_buf *b = ctx;
    size_t n = size * nmemb;
    if (b->len + n > IX_OIDC_MAX_BODY) {
        b->too_big = 1;
        return 0;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return 0;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

/* GET (form NULL) or POST a form; *status gets the HTTP status. */
static ix_status http_do(const char *url, const char *form, const char *user, const char *pass,
                         long *status, char **body, size_t *len, ix_diag *d)
{
    *body = NULL;
    *len = 0;
    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK)
        return ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "libcurl could not start");
    if (!ix_gusa_url_is_safe(url))
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL,
                           "refusing %s: only https:// (http:// on a loopback host)", url);
    CURL *c = curl_easy_init();
    if (!c)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "libcurl: out of memory");
    body_buf b = {NULL, 0, 0, 0};
    char err[CURL_ERROR_SIZE] = "";
    struct curl_slist *hdr = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "indeks-gusa/" IX_VERSION);
    if (form) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
        if (user) {
            curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
            curl_easy_setopt(c, CURLOPT_USERNAME, user);
            curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
        }
    }
    CURLcode rc = curl_easy_perform(c);
    ix_status st = IX_OK;
    if (rc != CURLE_OK) {
        st = ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "cannot fetch %s: %s", url,
                         b.too_big ? "the answer is larger than 1 MiB"
                                   : (err[0] ? err : curl_easy_strerror(rc)));
        free(b.data);
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
        if (!b.data)
            b.data = calloc(1, 1);
        *body = b.data;
        *len = b.len;
        if (!b.data)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    return st;
}

static ix_status curl_fetch(void *ctx, const char *url, char **body, size_t *len, ix_diag *d)
{
    (void)ctx;
    long status = 0;
    ix_status st = http_do(url, NULL, NULL, NULL, &status, body, len, d);
    if (!st && status != 200) {
        free(*body);
        *body = NULL;
        st = ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "%s answered HTTP %ld, not 200", url,
                         status);
    }
    return st;
}

/* ---- The provider ------------------------------------------------------ */

struct ix_oidc_provider {
    char *issuer;
    char *authorization_endpoint;
    char *token_endpoint;
    char *jwks_uri;
    ix_oidc_client_auth auth; /* what the provider supports, basic first */
    ix_oidc_fetch_fn fetch;
    void *fetch_ctx;
    json_t *jwks;       /* the "keys" array of the last good fetch */
    time_t jwks_at;     /* when (the verifier's clock) */
    time_t tried_at;    /* the last attempt, good or not */
    int tried;
    unsigned fetches;
    pthread_mutex_t lock;
};

void ix_oidc_provider_free(ix_oidc_provider *p)
{
    if (!p)
        return;
    free(p->issuer);
    free(p->authorization_endpoint);
    free(p->token_endpoint);
    free(p->jwks_uri);
    json_decref(p->jwks);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

ix_status ix_oidc_provider_new(const char *issuer, const char *authorization_endpoint,
                               const char *token_endpoint, const char *jwks_uri,
                               ix_oidc_fetch_fn fetch, void *fetch_ctx, ix_oidc_provider **out,
                               ix_diag *d)
{
    *out = NULL;
    if (!issuer || !*issuer || !jwks_uri || !*jwks_uri)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "issuer",
                           "a provider needs an issuer and a jwks_uri");
    ix_oidc_provider *p = calloc(1, sizeof *p);
    if (!p)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    pthread_mutex_init(&p->lock, NULL);
    p->issuer = ix_strdup(issuer);
    p->authorization_endpoint = authorization_endpoint ? ix_strdup(authorization_endpoint) : NULL;
    p->token_endpoint = token_endpoint ? ix_strdup(token_endpoint) : NULL;
    p->jwks_uri = ix_strdup(jwks_uri);
    p->fetch = fetch ? fetch : curl_fetch;
    p->fetch_ctx = fetch_ctx;
    p->auth = IX_OIDC_AUTH_BASIC;
    if (!p->issuer || !p->jwks_uri || (authorization_endpoint && !p->authorization_endpoint) ||
        (token_endpoint && !p->token_endpoint)) {
        ix_oidc_provider_free(p);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    *out = p;
    return IX_OK;
}

const char *ix_oidc_provider_issuer(const ix_oidc_provider *p) { return p->issuer; }
const char *ix_oidc_provider_authorization_endpoint(const ix_oidc_provider *p)
{
    return p->authorization_endpoint;
}
const char *ix_oidc_provider_token_endpoint(const ix_oidc_provider *p)
{
    return p->token_endpoint;
}
unsigned ix_oidc_provider_jwks_fetches(const ix_oidc_provider *p) { return p->fetches; }
ix_oidc_client_auth ix_oidc_provider_auth(const ix_oidc_provider *p) { return p->auth; }

static const char *disc_url(json_t *doc, const char *key, const char *url, ix_diag *d,
                            ix_status *st)
{
    json_t *v = json_object_get(doc, key);
    if (!json_is_string(v)) {
        *st = ix_diag_set(d, IX_ERR_INPUT, url, 0, 0, key,
                          "the discovery document has no %s", key);
        return NULL;
    }
    if (!ix_gusa_url_is_safe(json_string_value(v))) {
        *st = ix_diag_set(d, IX_ERR_INPUT, url, 0, 0, key,
                          "%s must be https:// (http:// only on a loopback host): %s", key,
                          json_string_value(v));
        return NULL;
    }
    return json_string_value(v);
}

ix_status ix_oidc_discover(const char *issuer, ix_oidc_provider **out, ix_diag *d)
{
    *out = NULL;
    if (!ix_gusa_url_is_safe(issuer))
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "issuer",
                           "the issuer must be https:// (http:// only on a loopback host)");
    size_t n = strlen(issuer);
    const char *suffix = "/.well-known/openid-configuration";
    size_t size = n + strlen(suffix) + 1;
    char *url = malloc(size);
    if (!url)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (n > 0 && issuer[n - 1] == '/')
        n--;
    snprintf(url, size, "%.*s%s", (int)n, issuer, suffix);
    char *body = NULL;
    size_t len = 0;
    json_t *doc = NULL;
    ix_status st = curl_fetch(NULL, url, &body, &len, d);
    if (st)
        goto out;
    json_error_t err;
    doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(doc)) {
        st = ix_diag_set(d, IX_ERR_INPUT, url, err.line, err.column, NULL,
                         "the discovery document is not a JSON object");
        goto out;
    }
    json_t *iss = json_object_get(doc, "issuer");
    if (!json_is_string(iss) || strcmp(json_string_value(iss), issuer) != 0) {
        st = ix_diag_set(d, IX_ERR_INPUT, url, 0, 0, "issuer",
                         "the discovery document's issuer \"%s\" is not the configured \"%s\"",
                         json_is_string(iss) ? json_string_value(iss) : "(none)", issuer);
        goto out;
    }
    const char *az = disc_url(doc, "authorization_endpoint", url, d, &st);
    const char *tk = az ? disc_url(doc, "token_endpoint", url, d, &st) : NULL;
    const char *jw = tk ? disc_url(doc, "jwks_uri", url, d, &st) : NULL;
    if (!jw)
        goto out;
    if ((st = ix_oidc_provider_new(issuer, az, tk, jw, NULL, NULL, out, d)))
        goto out;
    /* client_secret_basic is the default when the list is absent
     * (OpenID Connect Discovery 1.0, section 3). */
    json_t *methods = json_object_get(doc, "token_endpoint_auth_methods_supported");
    if (json_is_array(methods)) {
        int basic = 0, post = 0;
        size_t i;
        json_t *m;
        json_array_foreach(methods, i, m)
        {
            basic |= json_is_string(m) && strcmp(json_string_value(m), "client_secret_basic") == 0;
            post |= json_is_string(m) && strcmp(json_string_value(m), "client_secret_post") == 0;
        }
        (*out)->auth = basic || !post ? IX_OIDC_AUTH_BASIC : IX_OIDC_AUTH_POST;
    }
out:
    json_decref(doc);
    free(body);
    free(url);
    return st;
}

/* Fetches the JWKS (p->lock held). */
static ix_status jwks_fetch(ix_oidc_provider *p, time_t now, ix_diag *d)
{
    char *body = NULL;
    size_t len = 0;
    p->fetches++;
    p->tried = 1;
    p->tried_at = now;
    ix_status st = p->fetch(p->fetch_ctx, p->jwks_uri, &body, &len, d);
    if (st)
        return st;
    json_error_t err;
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    free(body);
    json_t *keys = json_object_get(doc, "keys");
    if (!json_is_array(keys)) {
        json_decref(doc);
        return ix_diag_set(d, IX_ERR_INPUT, p->jwks_uri, 0, 0, "keys",
                           "the JWKS is not an object with a \"keys\" list");
    }
    json_decref(p->jwks);
    p->jwks = json_incref(keys);
    p->jwks_at = now;
    json_decref(doc);
    return IX_OK;
}

/* The key of the JWKS with kid that fits alg, imported; NULL when none. */
static cjose_jwk_t *jwks_find(const ix_oidc_provider *p, const char *kid, const char *alg)
{
    size_t i;
    json_t *k;
    int rsa = strcmp(alg, "RS256") == 0;
    json_array_foreach(p->jwks, i, k)
    {
        const char *kkid = json_string_value(json_object_get(k, "kid"));
        const char *kty = json_string_value(json_object_get(k, "kty"));
        const char *use = json_string_value(json_object_get(k, "use"));
        const char *kalg = json_string_value(json_object_get(k, "alg"));
        const char *crv = json_string_value(json_object_get(k, "crv"));
        if (!kkid || strcmp(kkid, kid) != 0 || !kty)
            continue;
        if (rsa ? strcmp(kty, "RSA") != 0 : (strcmp(kty, "EC") != 0 || !crv || strcmp(crv, "P-256") != 0))
            continue;
        if ((use && strcmp(use, "sig") != 0) || (kalg && strcmp(kalg, alg) != 0))
            continue;
        /* Only the public members go to cjose: a JWKS that carries a
         * private key by mistake does not make us hold one. */
        json_t *pub = json_object();
        static const char *const members[] = {"kty", "kid", "n", "e", "crv", "x", "y", NULL};
        for (size_t m = 0; members[m]; m++) {
            json_t *v = json_object_get(k, members[m]);
            if (v)
                json_object_set(pub, members[m], v);
        }
        char *text = json_dumps(pub, JSON_COMPACT);
        json_decref(pub);
        if (!text)
            return NULL;
        cjose_err cerr;
        cjose_jwk_t *jwk = cjose_jwk_import(text, strlen(text), &cerr);
        free(text);
        if (jwk)
            return jwk;
    }
    return NULL;
}

/* ---- The authorization URL and the token request ----------------------- */

/* Appends "&key=value" (percent-encoded, RFC 3986 unreserved kept). */
static int append_param(char **buf, size_t *len, size_t *cap, char sep, const char *key,
                        const char *value)
{
    size_t need = *len + 2 + strlen(key) + 3 * strlen(value) + 1;
    if (need > *cap) {
        size_t cap2 = *cap ? *cap : 256;
        while (cap2 < need)
            cap2 *= 2;
        char *p = realloc(*buf, cap2);
        if (!p)
            return -1;
        *buf = p;
        *cap = cap2;
    }
    char *o = *buf + *len;
    if (sep)
        *o++ = sep;
    size_t kl = strlen(key);
    memcpy(o, key, kl);
    o += kl;
    *o++ = '=';
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *s = (const unsigned char *)value; *s; s++) {
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            *s == '-' || *s == '.' || *s == '_' || *s == '~') {
            *o++ = (char)*s;
        } else {
            *o++ = '%';
            *o++ = hex[*s >> 4];
            *o++ = hex[*s & 15];
        }
    }
    *o = '\0';
    *len = (size_t)(o - *buf);
    return 0;
}

ix_status ix_oidc_authorize_url(const ix_oidc_provider *p, const char *client_id,
                                const char *redirect_uri, const ix_oidc_login *l,
                                ix_nsis_loa acr_min, const char *login_hint, char **out,
                                ix_diag *d)
{
    *out = NULL;
    const char *acr = ix_nsis_loa_uri(acr_min);
    if (!p->authorization_endpoint || !acr || !client_id || !redirect_uri)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                           "the authorization URL needs an endpoint, client_id, redirect_uri "
                           "and an NSIS level");
    size_t len = strlen(p->authorization_endpoint), cap = len + 1;
    char *buf = malloc(cap);
    if (!buf)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    memcpy(buf, p->authorization_endpoint, len + 1);
    char sep = strchr(buf, '?') ? '&' : '?';
    const char *kv[][2] = {{"response_type", "code"},
                           {"client_id", client_id},
                           {"redirect_uri", redirect_uri},
                           {"scope", "openid"},
                           {"state", l->state},
                           {"nonce", l->nonce},
                           {"code_challenge", l->challenge},
                           {"code_challenge_method", "S256"},
                           {"acr_values", acr},
                           {"login_hint", login_hint}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        if (!kv[i][1])
            continue;
        if (append_param(&buf, &len, &cap, sep, kv[i][0], kv[i][1])) {
            free(buf);
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        sep = '&';
    }
    *out = buf;
    return IX_OK;
}

ix_status ix_oidc_token_request(const ix_oidc_provider *p, const ix_oidc_client *c,
                                const char *code, const char *verifier, char **id_token,
                                ix_oidc_reason *reason, ix_diag *d)
{
    *id_token = NULL;
    *reason = IX_OIDC_TOKEN;
    if (!p->token_endpoint)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "the provider has no token endpoint");
    if (!code || !*code || strlen(code) > 2048)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "code", "the answer carries no usable code");
    char *form = NULL;
    size_t len = 0, cap = 0;
    int bad = append_param(&form, &len, &cap, 0, "grant_type", "authorization_code") ||
              append_param(&form, &len, &cap, '&', "code", code) ||
              append_param(&form, &len, &cap, '&', "redirect_uri", c->redirect_uri) ||
              append_param(&form, &len, &cap, '&', "code_verifier", verifier);
    ix_oidc_client_auth auth = c->auth;
    if (!bad && auth == IX_OIDC_AUTH_POST)
        bad = append_param(&form, &len, &cap, '&', "client_id", c->client_id) ||
              append_param(&form, &len, &cap, '&', "client_secret", c->client_secret);
    if (bad) {
        free(form);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    /* client_secret_basic: RFC 6749 2.3.1 form-encodes id and secret
     * before Basic (a ':' or '%' in a secret would otherwise be misread);
     * libcurl then encodes "user:pass" in base64. */
    char *user = NULL, *pass = NULL;
    size_t ul = 0, uc = 0, pl = 0, pc = 0;
    if (auth == IX_OIDC_AUTH_BASIC &&
        (append_param(&user, &ul, &uc, 0, "u", c->client_id) ||
         append_param(&pass, &pl, &pc, 0, "p", c->client_secret))) {
        free(user);
        free(pass);
        free(form);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    long status = 0;
    char *body = NULL;
    size_t blen = 0;
    /* append_param wrote "u=..." and "p=...": the values start at 2 */
    ix_status st = http_do(p->token_endpoint, form, user ? user + 2 : NULL,
                           pass ? pass + 2 : NULL, &status, &body, &blen, d);
    memset(form, 0, len);
    free(form);
    if (pass)
        memset(pass, 0, pl);
    free(pass);
    free(user);
    if (st)
        return st;
    json_error_t err;
    json_t *doc = json_loadb(body, blen, 0, &err);
    free(body);
    if (status != 200) {
        const char *e = json_string_value(json_object_get(doc, "error"));
        const char *ed = json_string_value(json_object_get(doc, "error_description"));
        st = ix_diag_set(d, IX_ERR_INPUT, p->token_endpoint, 0, 0, "code",
                         "the token endpoint refused the code (HTTP %ld%s%s%s%s)", status,
                         e ? ": " : "", e ? e : "", ed ? ", " : "", ed ? ed : "");
    } else {
        const char *t = json_string_value(json_object_get(doc, "id_token"));
        if (!t || !*t || strlen(t) > IX_OIDC_MAX_TOKEN)
            st = ix_diag_set(d, IX_ERR_INPUT, p->token_endpoint, 0, 0, "id_token",
                             "the token endpoint's answer has no id_token");
        else if (!(*id_token = ix_strdup(t)))
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        else
            *reason = IX_OIDC_OK;
    }
    json_decref(doc);
    return st;
}

/* ---- The answer at the redirect URI ------------------------------------- */

void ix_oidc_callback_free(ix_oidc_callback *cb)
{
    if (!cb)
        return;
    free(cb->code);
    free(cb->state);
    free(cb->iss);
    free(cb->error);
    free(cb->error_description);
    memset(cb, 0, sizeof *cb);
}

ix_status ix_oidc_callback_parse(const char *query, ix_oidc_callback *out, ix_diag *d)
{
    memset(out, 0, sizeof *out);
    ix_gusa_form f;
    size_t len = query ? strlen(query) : 0;
    ix_status st = ix_gusa_body_parse(IX_GUSA_BODY_FORM, query ? query : "", len, &f, d);
    if (st)
        return st;
    struct {
        const char *key;
        char **dst;
    } fields[] = {{"code", &out->code},
                  {"state", &out->state},
                  {"iss", &out->iss},
                  {"error", &out->error},
                  {"error_description", &out->error_description}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0] && !st; i++) {
        size_t n = ix_gusa_form_count(&f, fields[i].key);
        if (n > 1)
            st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, fields[i].key,
                             "the answer gives %s %zu times", fields[i].key, n);
        else if (n == 1 && !(*fields[i].dst = ix_strdup(ix_gusa_form_get(&f, fields[i].key))))
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    ix_gusa_form_free(&f);
    if (st)
        ix_oidc_callback_free(out);
    return st;
}

ix_status ix_oidc_callback_check(const ix_oidc_callback *cb, const ix_oidc_login *l,
                                 const char *issuer, ix_oidc_reason *reason, ix_diag *d)
{
    *reason = IX_OIDC_OK;
    if (!ix_oidc_equal_ct(cb->state, l->state)) {
        *reason = IX_OIDC_STATE;
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "state", "%s",
                           ix_oidc_reason_text(IX_OIDC_STATE));
    }
    if (cb->error) {
        *reason = IX_OIDC_DENIED;
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "error", "%s: %.100s%s%.300s",
                           ix_oidc_reason_text(IX_OIDC_DENIED), cb->error,
                           cb->error_description ? ", " : "",
                           cb->error_description ? cb->error_description : "");
    }
    if (cb->iss && strcmp(cb->iss, issuer) != 0) {
        *reason = IX_OIDC_ISS;
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "iss",
                           "the answer comes from issuer \"%.200s\", not \"%.200s\"", cb->iss,
                           issuer);
    }
    if (!cb->code || !*cb->code) {
        *reason = IX_OIDC_MALFORMED;
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "code", "the answer carries no code");
    }
    return IX_OK;
}

/* ---- The ID token ------------------------------------------------------ */

void ix_oidc_claims_free(ix_oidc_claims *c)
{
    if (!c)
        return;
    free(c->sub);
    free(c->iss);
    free(c->acr);
    free(c->name);
    free(c->email);
    memset(c, 0, sizeof *c);
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static ix_status refuse(ix_oidc_reason *reason, ix_oidc_reason r, ix_diag *d, const char *field,
                        const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *reason = r;
    return ix_diag_set(d, r == IX_OIDC_JWKS ? IX_ERR_IO : IX_ERR_INPUT, NULL, 0, 0, field,
                       "%s: %s", ix_oidc_reason_text(r), msg);
}

/* A NumericDate claim: a JSON number (integer or real), finite, in range. */
static int get_time(json_t *o, const char *key, long long *out)
{
    json_t *v = json_object_get(o, key);
    double x;
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return *out >= 0 && *out < 253402300800LL;
    }
    if (!json_is_real(v))
        return 0;
    x = json_real_value(v);
    if (!(x >= 0 && x < 253402300800.0))
        return 0;
    *out = (long long)x;
    return 1;
}

static int aud_has(json_t *aud, const char *client_id, size_t *count)
{
    *count = 0;
    if (json_is_string(aud)) {
        *count = 1;
        return strcmp(json_string_value(aud), client_id) == 0;
    }
    if (!json_is_array(aud))
        return 0;
    int found = 0;
    size_t i;
    json_t *a;
    json_array_foreach(aud, i, a)
    {
        if (!json_is_string(a))
            return 0;
        found |= strcmp(json_string_value(a), client_id) == 0;
    }
    *count = json_array_size(aud);
    return found;
}

static char *dup_claim(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? ix_strdup(s) : NULL;
}

ix_status ix_oidc_verify(ix_oidc_provider *p, const ix_oidc_expect *e, const char *id_token,
                         ix_oidc_claims *out, ix_oidc_reason *reason, ix_diag *d)
{
    memset(out, 0, sizeof *out);
    *reason = IX_OIDC_OK;
    long skew = e->skew_s > 0 ? e->skew_s : IX_OIDC_SKEW;
    long max_age = e->max_age_s > 0 ? e->max_age_s : IX_OIDC_MAX_AGE;
    size_t n = id_token ? strlen(id_token) : 0;
    const char *dot1 = n ? memchr(id_token, '.', n) : NULL;
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - id_token)) : NULL;
    if (!dot1 || !dot2 || n > IX_OIDC_MAX_TOKEN || memchr(dot2 + 1, '.', n - (size_t)(dot2 + 1 - id_token)))
        return refuse(reason, IX_OIDC_MALFORMED, d, "id_token",
                      "expected three base64url parts separated by dots");

    ix_status st = IX_OK;
    unsigned char *hraw = NULL;
    size_t hlen = 0;
    json_t *hdr = NULL, *claims = NULL;
    cjose_jws_t *jws = NULL;
    cjose_jwk_t *jwk = NULL;
    cjose_err cerr;
    if (b64url_decode(id_token, (size_t)(dot1 - id_token), &hraw, &hlen) ||
        !(hdr = json_loadb((const char *)hraw, hlen, JSON_REJECT_DUPLICATES, NULL)) ||
        !json_is_object(hdr)) {
        st = refuse(reason, IX_OIDC_MALFORMED, d, "header", "the header is not base64url JSON");
        goto out;
    }
    const char *alg = json_string_value(json_object_get(hdr, "alg"));
    if (!alg || (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0)) {
        st = refuse(reason, IX_OIDC_ALG, d, "alg", "\"%s\" is refused (only RS256 and ES256)",
                    alg ? alg : "(none given)");
        goto out;
    }
    if (json_object_get(hdr, "crit")) {
        st = refuse(reason, IX_OIDC_MALFORMED, d, "crit",
                    "the header has critical extensions we do not understand");
        goto out;
    }
    const char *kid = json_string_value(json_object_get(hdr, "kid"));
    if (!kid || !*kid) {
        st = refuse(reason, IX_OIDC_KID, d, "kid", "the token's header names no kid");
        goto out;
    }
    if (!(jws = cjose_jws_import(id_token, n, &cerr))) {
        st = refuse(reason, IX_OIDC_MALFORMED, d, "id_token", "%s", cerr.message);
        goto out;
    }

    /* The key: from the cache, fetched when absent or old; fetched once
     * more for an unknown kid (key rotation), at most every
     * IX_OIDC_JWKS_MIN_REFRESH seconds. */
    pthread_mutex_lock(&p->lock);
    ix_diag fd;
    ix_diag_clear(&fd);
    /* at most one attempt per IX_OIDC_JWKS_MIN_REFRESH seconds, so a
     * provider that is down or forged kids do not make us hammer it */
    int may_fetch = !p->tried || e->now - p->tried_at >= IX_OIDC_JWKS_MIN_REFRESH ||
                    e->now < p->tried_at;
    int fresh = 0;
    if (may_fetch && (!p->jwks || e->now - p->jwks_at >= IX_OIDC_JWKS_MAX_AGE || e->now < p->jwks_at)) {
        fresh = !jwks_fetch(p, e->now, &fd);
        may_fetch = 0;
    }
    if (p->jwks)
        jwk = jwks_find(p, kid, alg);
    if (!jwk && p->jwks && !fresh && may_fetch && !jwks_fetch(p, e->now, &fd))
        jwk = jwks_find(p, kid, alg);
    if (!p->jwks && !fd.message[0])
        snprintf(fd.message, sizeof fd.message,
                 "the last attempt failed less than %d s ago; not trying again yet",
                 IX_OIDC_JWKS_MIN_REFRESH);
    int have_jwks = p->jwks != NULL;
    pthread_mutex_unlock(&p->lock);
    if (!have_jwks) {
        st = refuse(reason, IX_OIDC_JWKS, d, "jwks_uri", "%s", fd.message);
        goto out;
    }
    if (!jwk) {
        st = refuse(reason, IX_OIDC_KID, d, "kid", "kid \"%s\" with alg %s", kid, alg);
        goto out;
    }
    if (!cjose_jws_verify(jws, jwk, &cerr)) {
        st = refuse(reason, IX_OIDC_SIGNATURE, d, "signature", "kid \"%s\", alg %s", kid, alg);
        goto out;
    }
    uint8_t *plain = NULL;
    size_t plen = 0;
    if (!cjose_jws_get_plaintext(jws, &plain, &plen, &cerr) ||
        !(claims = json_loadb((const char *)plain, plen, JSON_REJECT_DUPLICATES, NULL)) ||
        !json_is_object(claims)) {
        st = refuse(reason, IX_OIDC_MALFORMED, d, "payload", "the claims are not a JSON object");
        goto out;
    }
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    if (!iss || strcmp(iss, p->issuer) != 0) {
        st = refuse(reason, IX_OIDC_ISS, d, "iss", "\"%s\", expected \"%s\"", iss ? iss : "(none)",
                    p->issuer);
        goto out;
    }
    size_t naud = 0;
    if (!aud_has(json_object_get(claims, "aud"), e->client_id, &naud)) {
        st = refuse(reason, IX_OIDC_AUD, d, "aud", "expected \"%s\" among the audiences",
                    e->client_id);
        goto out;
    }
    json_t *azp = json_object_get(claims, "azp");
    if ((naud > 1 && !azp) ||
        (azp && (!json_is_string(azp) || strcmp(json_string_value(azp), e->client_id) != 0))) {
        st = refuse(reason, IX_OIDC_AZP, d, "azp", "expected azp \"%s\"", e->client_id);
        goto out;
    }
    long long exp = 0, iat = 0, nbf = 0;
    long long now = (long long)e->now;
    if (!get_time(claims, "exp", &exp) || now > exp + skew) {
        st = refuse(reason, IX_OIDC_EXP, d, "exp", "exp %lld, now %lld, %ld s allowed", exp, now,
                    skew);
        goto out;
    }
    if (!get_time(claims, "iat", &iat) || iat > now + skew || iat < now - max_age - skew) {
        st = refuse(reason, IX_OIDC_IAT, d, "iat", "iat %lld, now %lld, %ld s allowed", iat, now,
                    skew);
        goto out;
    }
    if (json_object_get(claims, "nbf") &&
        (!get_time(claims, "nbf", &nbf) || nbf > now + skew)) {
        st = refuse(reason, IX_OIDC_IAT, d, "nbf", "the token is not valid yet");
        goto out;
    }
    if (!ix_oidc_equal_ct(json_string_value(json_object_get(claims, "nonce")), e->nonce)) {
        st = refuse(reason, IX_OIDC_NONCE, d, "nonce", "the nonce differs or is missing");
        goto out;
    }
    const char *acr = json_string_value(json_object_get(claims, "acr"));
    ix_nsis_loa loa = ix_nsis_loa_parse(acr);
    if (loa == IX_LOA_NONE || loa < e->acr_min) {
        st = refuse(reason, IX_OIDC_ACR, d, "acr", "\"%s\", at least \"%s\" required",
                    acr ? acr : "(none)", ix_nsis_loa_uri(e->acr_min));
        goto out;
    }
    const char *sub = json_string_value(json_object_get(claims, "sub"));
    if (!sub || !*sub || strlen(sub) > 255) {
        st = refuse(reason, IX_OIDC_SUB, d, "sub", "sub must be 1 to 255 characters");
        goto out;
    }
    out->sub = ix_strdup(sub);
    out->iss = ix_strdup(iss);
    out->acr = ix_strdup(acr);
    out->loa = loa;
    out->name = dup_claim(claims, "name");
    out->email = dup_claim(claims, "email");
    out->exp = exp;
    out->iat = iat;
    if (!out->sub || !out->iss || !out->acr) {
        ix_oidc_claims_free(out);
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
out:
    if (jwk)
        cjose_jwk_release(jwk);
    if (jws)
        cjose_jws_release(jws);
    json_decref(claims);
    json_decref(hdr);
    free(hraw);
    return st;
}
