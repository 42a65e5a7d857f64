/* GUSA's request helpers (lib/io/gusa/gusa_http.c): pure functions on the
 * bytes of a request, no I/O, fuzzed (tests/fuzz/fuzz_cookie.c,
 * fuzz_gusa_body.c). The routes (lib/web/gusa_web.c) call them:
 *   - the Cookie header, and Set-Cookie for gusa_sid and gusa_login;
 *   - the session id (256 bits) and its SHA-256, the only form stored;
 *   - the CSRF token compared in constant time, the Origin check;
 *   - the body: JSON or a form (else 415), at most 64 KiB (else 413),
 *     read into key/value pairs with UTF-8 checked.
 *
 * Ownership: an ix_gusa_form owns its pairs (ix_gusa_form_free); every
 * other function writes into buffers the caller provides, and borrows its
 * inputs for the call. */
#ifndef INDEKS_GUSA_HTTP_H
#define INDEKS_GUSA_HTTP_H

#include <stddef.h>

#include "indeks/diag.h"

#define IX_GUSA_SID_COOKIE "gusa_sid"
#define IX_GUSA_LOGIN_COOKIE "gusa_login"
/* A session id, CSRF token or login binding: 32 random bytes, base64url. */
#define IX_GUSA_TOKEN_LEN 44
/* SHA-256 in lower-case hex, NUL-terminated. */
#define IX_GUSA_HASH_LEN 65
#define IX_GUSA_MAX_BODY ((size_t)64 * 1024)
#define IX_GUSA_MAX_PAIRS 256
#define IX_GUSA_MAX_KEY 64

/* ---- cookies ------------------------------------------------------------ */

/* The value of cookie name in a Cookie header ("a=1; b=\"2\""), quotes
 * removed, into out (size bytes). Pairs are split at ';', spaces around
 * them ignored, pairs without '=' skipped. Returns IX_OK; IX_ERR_NOTFOUND
 * when absent (header NULL too); IX_ERR_INPUT when the name appears twice
 * (duplicates are REFUSED, not first-wins: two gusa_sid cookies mean one
 * was planted from a sibling domain or another path, and either could be
 * the attacker's; the caller treats the request as having no session), or
 * the value has characters outside RFC 6265's cookie-octet, or does not
 * fit. */
ix_status ix_gusa_cookie_get(const char *header, const char *name, char *out, size_t size,
                             ix_diag *d);

/* A Set-Cookie value: "name=value; Max-Age=N; Path=/; HttpOnly;
 * SameSite=Lax" plus "; Secure" when secure. max_age 0 deletes the
 * cookie (value then may be ""). IX_ERR_USAGE when name is not a token,
 * value has non-cookie-octets, max_age is negative or out is too small. */
ix_status ix_gusa_set_cookie(char *out, size_t size, const char *name, const char *value,
                             long max_age, int secure, ix_diag *d);

/* ---- session ids and CSRF ------------------------------------------------ */

/* A new random token (32 bytes from OpenSSL's generator, base64url). */
ix_status ix_gusa_token_new(char token[IX_GUSA_TOKEN_LEN], ix_diag *d);
/* SHA-256 of token's text in hex: what the database keeps of a session id
 * or an invitation token, so a copy of the database opens no session. */
void ix_gusa_token_hash(const char *token, char hex[IX_GUSA_HASH_LEN]);
/* 1 when the CSRF token sent equals the session's (constant time over the
 * length; NULL or empty never equal). */
int ix_gusa_csrf_equal(const char *sent, const char *expected);

typedef enum {
    IX_GUSA_ORIGIN_ABSENT, /* no Origin header: the CSRF token decides */
    IX_GUSA_ORIGIN_SAME,   /* scheme, host and port of base_url */
    IX_GUSA_ORIGIN_FOREIGN /* anything else, "null" included: 403 */
} ix_gusa_origin;

/* Compares an Origin header with base_url's scheme://host[:port]
 * (case-insensitive scheme and host, default ports 80/443 implied). */
ix_gusa_origin ix_gusa_origin_check(const char *origin, const char *base_url);

/* ---- bodies -------------------------------------------------------------- */

typedef enum {
    IX_GUSA_BODY_JSON, /* application/json */
    IX_GUSA_BODY_FORM, /* application/x-www-form-urlencoded */
    IX_GUSA_BODY_REFUSED
} ix_gusa_body_kind;

/* The kind of a body from its Content-Type (parameters after ';' allowed;
 * a charset other than utf-8 refused) and length. IX_GUSA_BODY_REFUSED sets
 * *http_status to 415 (other or missing type) or 413 (over 64 KiB). */
ix_gusa_body_kind ix_gusa_body_classify(const char *content_type, size_t length,
                                        int *http_status);

typedef struct ix_gusa_kv {
    char *key;
    char *value;
} ix_gusa_kv;

/* A body's pairs in order. A key may repeat (a form's checkboxes, a JSON
 * list of strings or numbers): ix_gusa_form_count says how often. */
typedef struct ix_gusa_form {
    size_t n;
    ix_gusa_kv *kv;
} ix_gusa_form;

/* Reads a body: a form (pairs at '&', key and value at the first '=',
 * '+' a space, %XX decoded) or a JSON object whose values are strings,
 * numbers, booleans ("true"/"false"), null (left out) or lists of those
 * (one pair each); nested objects refused. Keys are 1-64 characters of
 * A-Z a-z 0-9 _ -; values valid UTF-8 without NUL; at most 256 pairs and
 * 64 KiB. IX_ERR_INPUT (a 400) names the field in d. */
ix_status ix_gusa_body_parse(ix_gusa_body_kind kind, const char *body, size_t len,
                             ix_gusa_form *out, ix_diag *d);
void ix_gusa_form_free(ix_gusa_form *f);
/* The first value of key; NULL when absent. */
const char *ix_gusa_form_get(const ix_gusa_form *f, const char *key);
size_t ix_gusa_form_count(const ix_gusa_form *f, const char *key);

/* 1 when s[0..n) is valid UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF). */
int ix_gusa_utf8_valid(const char *s, size_t n);

#endif
