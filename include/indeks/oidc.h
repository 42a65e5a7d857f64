/* GUSA's OpenID Connect login, the building blocks (lib/io/gusa/oidc.c):
 * the NSIS assurance levels, the login's random values (state, nonce, PKCE),
 * the authorization URL, discovery and the JWKS cache (libcurl), the token
 * request, and the ID token's check (cjose + jansson) with one reason code
 * per refusal for the audit log. See docs/gusa_login.md.
 *
 * Ownership: an ix_oidc_provider is owned by whoever made it and freed with
 * ix_oidc_provider_free; strings returned through char ** and the fields of
 * an ix_oidc_claims are malloc'd and owned by the caller (free,
 * ix_oidc_claims_free); everything else is borrowed for the call. */
#ifndef INDEKS_OIDC_H
#define INDEKS_OIDC_H

#include <stddef.h>
#include <time.h>

#include "indeks/diag.h"

/* NSIS levels of assurance, ordered (a higher one satisfies a lower). */
typedef enum {
    IX_LOA_NONE = 0, /* absent or not an NSIS level */
    IX_LOA_LOW = 1,
    IX_LOA_SUBSTANTIAL = 2,
    IX_LOA_HIGH = 3
} ix_nsis_loa;

#define IX_NSIS_LOA_PREFIX "https://data.gov.dk/concept/core/nsis/loa/"

/* The level an acr value names (exactly IX_NSIS_LOA_PREFIX + Low,
 * Substantial or High); IX_LOA_NONE for anything else (NULL too). */
ix_nsis_loa ix_nsis_loa_parse(const char *acr);
/* The acr URI of a level (a static string); NULL for IX_LOA_NONE. */
const char *ix_nsis_loa_uri(ix_nsis_loa level);

/* Why a login was refused. Each has a short code (for the audit log's
 * object field) and a sentence; the list cannot drift from the enum. */
#define IX_OIDC_REASON_MAP(XX)                                                              \
    XX(OK, "ok", "the ID token is valid")                                                   \
    XX(MALFORMED, "malformed", "the ID token is not a well-formed signed JWT")              \
    XX(ALG, "alg", "the ID token's algorithm is not RS256 or ES256")                        \
    XX(KID, "kid", "no key of the provider's JWKS has the ID token's kid")                  \
    XX(SIGNATURE, "signature", "the ID token's signature does not verify")                  \
    XX(ISS, "iss", "the ID token's issuer is not the configured one")                       \
    XX(AUD, "aud", "the ID token's audience does not contain this client")                  \
    XX(AZP, "azp", "the ID token has several audiences and no azp equal to this client")    \
    XX(EXP, "exp", "the ID token has expired")                                              \
    XX(IAT, "iat", "the ID token is issued in the future or too long ago")                  \
    XX(NONCE, "nonce", "the ID token's nonce is not this login's")                          \
    XX(ACR, "acr", "the login's level of assurance is below the required one")              \
    XX(SUB, "sub", "the ID token names no subject")                                         \
    XX(JWKS, "jwks", "the provider's keys (JWKS) could not be fetched or read")             \
    XX(STATE, "state", "the answer's state is not this login's")                            \
    XX(DENIED, "denied", "the provider answered with an error (login refused or cancelled)") \
    XX(TOKEN, "token", "the token endpoint refused the code or answered badly")             \
    XX(DISCOVERY, "discovery", "the provider's discovery document is missing or wrong")

typedef enum {
#define IX_OIDC_REASON_ENUM(name, code, text) IX_OIDC_##name,
    IX_OIDC_REASON_MAP(IX_OIDC_REASON_ENUM)
#undef IX_OIDC_REASON_ENUM
        IX_OIDC_REASON_COUNT
} ix_oidc_reason;

/* The reason's short code ("signature") and its sentence; static strings. */
const char *ix_oidc_reason_code(ix_oidc_reason r);
const char *ix_oidc_reason_text(ix_oidc_reason r);

/* ---- The login's random values --------------------------------------- */

/* 32 random bytes in base64url without padding: 43 characters + NUL. */
#define IX_OIDC_RANDOM_LEN 44

/* One login attempt's secrets, kept server-side (login_flow) and bound to
 * the gusa_login cookie. state and nonce carry 256 bits each; verifier is
 * the PKCE code_verifier (RFC 7636: 43 characters) and challenge its S256. */
typedef struct ix_oidc_login {
    char state[IX_OIDC_RANDOM_LEN];
    char nonce[IX_OIDC_RANDOM_LEN];
    char verifier[IX_OIDC_RANDOM_LEN];
    char challenge[IX_OIDC_RANDOM_LEN];
} ix_oidc_login;

/* Fills out with n random bytes (OpenSSL's RAND_bytes). IX_ERR_IO when the
 * generator fails: never falls back to anything weaker. */
ix_status ix_oidc_random(unsigned char *out, size_t n, ix_diag *d);
/* base64url without padding of in[0..n); out needs 4*ceil(n/3)+1 bytes.
 * Returns the length written (the NUL not counted). */
size_t ix_oidc_b64url(const unsigned char *in, size_t n, char *out);
/* The S256 code_challenge of verifier: base64url(SHA-256(verifier)). */
void ix_oidc_pkce_s256(const char *verifier, char challenge[IX_OIDC_RANDOM_LEN]);
/* New state, nonce and verifier (32 random bytes each) and the challenge. */
ix_status ix_oidc_login_start(ix_oidc_login *l, ix_diag *d);

/* Equal in time that depends on the lengths only, not on where a and b
 * differ (state, nonce, CSRF tokens). NULL equals nothing. */
int ix_oidc_equal_ct(const char *a, const char *b);

/* ---- The provider: discovery and keys --------------------------------- */

typedef struct ix_oidc_provider ix_oidc_provider;

/* How the provider fetches a URL; the default is libcurl (http and https
 * only, no redirects, 1 MiB at most). Tests replace it. body is malloc'd
 * and NUL-terminated; on failure the function fills d. */
typedef ix_status (*ix_oidc_fetch_fn)(void *ctx, const char *url, char **body, size_t *len,
                                      ix_diag *d);

/* Fetches <issuer>/.well-known/openid-configuration and checks it: its
 * issuer exactly the configured one, authorization_endpoint, token_endpoint
 * and jwks_uri present and https (http only on a loopback host). */
ix_status ix_oidc_discover(const char *issuer, ix_oidc_provider **out, ix_diag *d);
/* A provider without discovery, for tests and fixed setups: the endpoints
 * given (token_endpoint and authorization_endpoint may be NULL), the keys
 * fetched from jwks_uri through fetch (NULL: libcurl). */
ix_status ix_oidc_provider_new(const char *issuer, const char *authorization_endpoint,
                               const char *token_endpoint, const char *jwks_uri,
                               ix_oidc_fetch_fn fetch, void *fetch_ctx, ix_oidc_provider **out,
                               ix_diag *d);
void ix_oidc_provider_free(ix_oidc_provider *p);
const char *ix_oidc_provider_issuer(const ix_oidc_provider *p);
const char *ix_oidc_provider_authorization_endpoint(const ix_oidc_provider *p);
const char *ix_oidc_provider_token_endpoint(const ix_oidc_provider *p);
/* The client authentication the discovery document allows, basic first
 * (client_secret_basic is the default when it lists none). */
typedef enum { IX_OIDC_AUTH_BASIC, IX_OIDC_AUTH_POST } ix_oidc_client_auth;
ix_oidc_client_auth ix_oidc_provider_auth(const ix_oidc_provider *p);
/* How many times the JWKS has been fetched (the cache's tests). */
unsigned ix_oidc_provider_jwks_fetches(const ix_oidc_provider *p);

/* The JWKS is fetched at the first check, kept for IX_OIDC_JWKS_MAX_AGE
 * seconds, and fetched again once when a token names an unknown kid (a key
 * rotation). No fetch is tried less than IX_OIDC_JWKS_MIN_REFRESH seconds
 * after the last attempt, good or failed (so forged kids or a provider
 * that is down cannot make us hammer it); a failed refresh keeps the old
 * keys. */
#define IX_OIDC_JWKS_MAX_AGE 3600
#define IX_OIDC_JWKS_MIN_REFRESH 60

/* ---- The authorization request and the token request ------------------ */

/* The URL to send the browser to: authorization_endpoint with
 * response_type=code, client_id, redirect_uri, scope=openid, state, nonce,
 * code_challenge (S256) and acr_values (the URI of acr_min); login_hint
 * when not NULL. Every value percent-encoded. *out is malloc'd. */
ix_status ix_oidc_authorize_url(const ix_oidc_provider *p, const char *client_id,
                                const char *redirect_uri, const ix_oidc_login *l,
                                ix_nsis_loa acr_min, const char *login_hint, char **out,
                                ix_diag *d);

/* The client's side of the token request. */
typedef struct ix_oidc_client {
    const char *client_id;
    const char *client_secret;
    const char *redirect_uri;
    ix_oidc_client_auth auth; /* client_secret_basic or client_secret_post */
} ix_oidc_client;

/* POSTs the code and the PKCE verifier to the token endpoint (a form;
 * grant_type=authorization_code) and returns the answer's id_token.
 * A refusal (4xx, e.g. a code used twice) or an answer without id_token
 * sets *reason to IX_OIDC_TOKEN and returns IX_ERR_INPUT; d names the
 * provider's error code when it gave one. */
ix_status ix_oidc_token_request(const ix_oidc_provider *p, const ix_oidc_client *c,
                                const char *code, const char *verifier, char **id_token,
                                ix_oidc_reason *reason, ix_diag *d);

/* ---- The answer at the redirect URI ------------------------------------- */

/* The query of <base_url>/gusa/callback?code=..&state=..&iss=.. (the part
 * after '?'), decoded. Fields absent are NULL. */
typedef struct ix_oidc_callback {
    char *code;
    char *state;
    char *iss;
    char *error;
    char *error_description;
} ix_oidc_callback;

/* Reads the query; a parameter given twice or a malformed one is refused
 * (IX_ERR_INPUT, reason IX_OIDC_MALFORMED). */
ix_status ix_oidc_callback_parse(const char *query, ix_oidc_callback *out, ix_diag *d);
void ix_oidc_callback_free(ix_oidc_callback *cb);
/* Checks the answer against the login it ends: state equal (constant
 * time; else IX_OIDC_STATE), no error (else IX_OIDC_DENIED), iss equal to
 * the issuer when the provider sends it (RFC 9207, the mix-up defence;
 * else IX_OIDC_ISS), a code present (else IX_OIDC_MALFORMED). The state is
 * checked first: an error answer with a foreign state is a STATE refusal. */
ix_status ix_oidc_callback_check(const ix_oidc_callback *cb, const ix_oidc_login *l,
                                 const char *issuer, ix_oidc_reason *reason, ix_diag *d);

/* ---- The ID token ------------------------------------------------------ */

/* What the token must say. */
typedef struct ix_oidc_expect {
    const char *client_id;
    const char *nonce;
    ix_nsis_loa acr_min;
    time_t now;     /* the clock the caller trusts */
    long skew_s;    /* allowed clock difference; 0 means IX_OIDC_SKEW */
    long max_age_s; /* iat at most this old; 0 means IX_OIDC_MAX_AGE */
} ix_oidc_expect;

#define IX_OIDC_SKEW 60
#define IX_OIDC_MAX_AGE 600

/* What a valid token says (name and email NULL when absent). */
typedef struct ix_oidc_claims {
    char *sub;
    char *iss;
    char *acr;
    ix_nsis_loa loa;
    char *name;
    char *email;
    long long exp;
    long long iat;
} ix_oidc_claims;

void ix_oidc_claims_free(ix_oidc_claims *c);

/* Checks id_token: alg RS256 or ES256 only (none, HS256, anything else
 * refused before a key is looked at), the signature by the provider's key
 * with the token's kid, iss exactly the provider's issuer, aud containing
 * client_id (with several audiences azp required; azp, when present, equal
 * to client_id), exp and iat within skew of now, iat not older than
 * max_age, nonce equal, acr an NSIS level at least acr_min, sub present.
 * IX_OK fills out; otherwise IX_ERR_INPUT (IX_ERR_IO when the keys cannot
 * be fetched), *reason says which check failed and d.message says it in
 * words (field: the claim). out is zeroed on failure. */
ix_status ix_oidc_verify(ix_oidc_provider *p, const ix_oidc_expect *e, const char *id_token,
                         ix_oidc_claims *out, ix_oidc_reason *reason, ix_diag *d);

#endif
