/* GUSA's request helpers (see gusa_http.h): cookies, tokens, the Origin
 * check and bodies. Pure functions over bytes; the only outside calls are
 * OpenSSL's generator and SHA-256 and jansson's parser. */
#include <jansson.h>
#include <math.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/gusa_http.h"
#include "indeks/oidc.h"
#include "indeks/util.h"

/* ---- cookies ------------------------------------------------------------ */

/* RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E */
static int cookie_octet(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
           (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

/* RFC 7230 tchar */
static int tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

ix_status ix_gusa_cookie_get(const char *header, const char *name, char *out, size_t size,
                             ix_diag *d)
{
    if (size)
        out[0] = '\0';
    if (!header)
        return IX_ERR_NOTFOUND;
    size_t nlen = strlen(name);
    int found = 0;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq) {
            const char *ne = eq;
            while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
                ne--;
            if ((size_t)(ne - p) == nlen && memcmp(p, name, nlen) == 0) {
                if (found)
                    return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, name,
                                       "the cookie %s is sent twice; refused", name);
                found = 1;
                const char *v = eq + 1, *ve = end;
                while (v < ve && (*v == ' ' || *v == '\t'))
                    v++;
                while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
                    ve--;
                if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
                    v++;
                    ve--;
                }
                size_t vl = (size_t)(ve - v);
                for (size_t i = 0; i < vl; i++)
                    if (!cookie_octet((unsigned char)v[i]))
                        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, name,
                                           "the cookie %s has a character not allowed in a "
                                           "cookie value",
                                           name);
                if (vl >= size)
                    return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, name,
                                       "the cookie %s is longer than %zu bytes", name,
                                       size ? size - 1 : 0);
                memcpy(out, v, vl);
                out[vl] = '\0';
            }
        }
        p = end;
    }
    return found ? IX_OK : IX_ERR_NOTFOUND;
}

ix_status ix_gusa_set_cookie(char *out, size_t size, const char *name, const char *value,
                             long max_age, int secure, ix_diag *d)
{
    if (size)
        out[0] = '\0';
    if (!*name || max_age < 0)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "name", "a cookie needs a name and a "
                                                                "Max-Age of 0 or more");
    for (const char *s = name; *s; s++)
        if (!tchar((unsigned char)*s))
            return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "name",
                               "a cookie name is a token (letters, digits, !#$%%&'*+-.^_`|~)");
    for (const char *s = value; *s; s++)
        if (!cookie_octet((unsigned char)*s))
            return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "value",
                               "a cookie value has a character outside RFC 6265's cookie-octet");
    int n = snprintf(out, size, "%s=%s; Max-Age=%ld; Path=/; HttpOnly; SameSite=Lax%s", name,
                     value, max_age, secure ? "; Secure" : "");
    if (n < 0 || (size_t)n >= size) {
        if (size)
            out[0] = '\0';
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "value", "the Set-Cookie buffer is too small");
    }
    return IX_OK;
}

/* ---- tokens ----------------------------------------------------------------- */

ix_status ix_gusa_token_new(char token[IX_GUSA_TOKEN_LEN], ix_diag *d)
{
    unsigned char r[32];
    ix_status st = ix_oidc_random(r, sizeof r, d);
    if (st) {
        token[0] = '\0';
        return st;
    }
    ix_oidc_b64url(r, sizeof r, token);
    memset(r, 0, sizeof r);
    return IX_OK;
}

void ix_gusa_token_hash(const char *token, char hex[IX_GUSA_HASH_LEN])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char h[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)token, strlen(token), h);
    for (size_t i = 0; i < sizeof h; i++) {
        hex[2 * i] = digits[h[i] >> 4];
        hex[2 * i + 1] = digits[h[i] & 15];
    }
    hex[64] = '\0';
}

int ix_gusa_csrf_equal(const char *sent, const char *expected)
{
    if (!sent || !expected || !*sent || !*expected)
        return 0;
    return ix_oidc_equal_ct(sent, expected);
}

/* ---- Origin ------------------------------------------------------------------ */

typedef struct {
    int https;
    const char *host;
    size_t hlen;
    long port;
} origin_parts;

/* scheme://host[:port] followed by end (or '/' when path_ok). */
static int split_origin(const char *s, int path_ok, origin_parts *o)
{
    if (strncmp(s, "https://", 8) == 0 || strncmp(s, "HTTPS://", 8) == 0) {
        o->https = 1;
        s += 8;
    } else if (strncmp(s, "http://", 7) == 0 || strncmp(s, "HTTP://", 7) == 0) {
        o->https = 0;
        s += 7;
    } else {
        return 0;
    }
    o->host = s;
    if (*s == '[') {
        while (*s && *s != ']')
            s++;
        if (*s != ']')
            return 0;
        s++;
    } else {
        while (*s && *s != ':' && *s != '/' && *s != '?' && *s != '#' && *s != '@')
            s++;
    }
    o->hlen = (size_t)(s - o->host);
    if (!o->hlen)
        return 0;
    o->port = o->https ? 443 : 80;
    if (*s == ':') {
        long port = 0;
        int digits = 0;
        for (s++; *s >= '0' && *s <= '9' && digits < 6; s++, digits++)
            port = port * 10 + (*s - '0');
        if (!digits || port < 1 || port > 65535)
            return 0;
        o->port = port;
    }
    return *s == '\0' || (path_ok && *s == '/');
}

ix_gusa_origin ix_gusa_origin_check(const char *origin, const char *base_url)
{
    if (!origin)
        return IX_GUSA_ORIGIN_ABSENT;
    origin_parts a, b;
    if (!split_origin(origin, 0, &a) || !base_url || !split_origin(base_url, 1, &b))
        return IX_GUSA_ORIGIN_FOREIGN;
    if (a.https != b.https || a.port != b.port || a.hlen != b.hlen)
        return IX_GUSA_ORIGIN_FOREIGN;
    for (size_t i = 0; i < a.hlen; i++) {
        unsigned char x = (unsigned char)a.host[i], y = (unsigned char)b.host[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return IX_GUSA_ORIGIN_FOREIGN;
    }
    return IX_GUSA_ORIGIN_SAME;
}

/* ---- bodies -------------------------------------------------------------------- */

static int ieq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (x != (unsigned char)b[i])
            return 0;
    }
    return 1;
}

ix_gusa_body_kind ix_gusa_body_classify(const char *content_type, size_t length,
                                        int *http_status)
{
    *http_status = 415;
    if (!content_type)
        return IX_GUSA_BODY_REFUSED;
    const char *s = content_type;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *e = s;
    while (*e && *e != ';' && *e != ' ' && *e != '\t')
        e++;
    ix_gusa_body_kind k;
    if (ieq(s, (size_t)(e - s), "application/json"))
        k = IX_GUSA_BODY_JSON;
    else if (ieq(s, (size_t)(e - s), "application/x-www-form-urlencoded"))
        k = IX_GUSA_BODY_FORM;
    else
        return IX_GUSA_BODY_REFUSED;
    /* parameters: only charset, and only utf-8 */
    while (*e) {
        while (*e == ' ' || *e == '\t' || *e == ';')
            e++;
        if (!*e)
            break;
        const char *pe = e;
        while (*pe && *pe != ';')
            pe++;
        const char *eq = memchr(e, '=', (size_t)(pe - e));
        if (!eq || !ieq(e, (size_t)(eq - e), "charset"))
            return IX_GUSA_BODY_REFUSED;
        const char *v = eq + 1, *ve = pe;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
            v++;
            ve--;
        }
        if (!ieq(v, (size_t)(ve - v), "utf-8"))
            return IX_GUSA_BODY_REFUSED;
        e = pe;
    }
    if (length > IX_GUSA_MAX_BODY) {
        *http_status = 413;
        return IX_GUSA_BODY_REFUSED;
    }
    *http_status = 200;
    return k;
}

int ix_gusa_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned cp, min;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

void ix_gusa_form_free(ix_gusa_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->kv[i].key);
        free(f->kv[i].value);
    }
    free(f->kv);
    f->kv = NULL;
    f->n = 0;
}

const char *ix_gusa_form_get(const ix_gusa_form *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->kv[i].key, key) == 0)
            return f->kv[i].value;
    return NULL;
}

size_t ix_gusa_form_count(const ix_gusa_form *f, const char *key)
{
    size_t c = 0;
    for (size_t i = 0; i < f->n; i++)
        c += strcmp(f->kv[i].key, key) == 0;
    return c;
}

static int key_ok(const char *k, size_t n)
{
    if (n == 0 || n > IX_GUSA_MAX_KEY)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Adds a pair (copies; value of vlen bytes). -1 out of memory. */
static int add_pair(ix_gusa_form *f, const char *key, size_t klen, const char *value, size_t vlen)
{
    ix_gusa_kv *kv = realloc(f->kv, (f->n + 1) * sizeof *kv);
    if (!kv)
        return -1;
    f->kv = kv;
    char *k = malloc(klen + 1), *v = malloc(vlen + 1);
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    memcpy(k, key, klen);
    k[klen] = '\0';
    memcpy(v, value, vlen);
    v[vlen] = '\0';
    f->kv[f->n].key = k;
    f->kv[f->n].value = v;
    f->n++;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes a form component in place into buf (room for n bytes); returns
 * the length, or -1 on a bad escape. */
static long form_decode(const char *s, size_t n, char *buf)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            buf[o++] = ' ';
        } else if (s[i] == '%') {
            int h, l;
            if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0)
                return -1;
            buf[o++] = (char)(h << 4 | l);
            i += 2;
        } else {
            buf[o++] = s[i];
        }
    }
    return (long)o;
}

static ix_status parse_form(const char *body, size_t len, ix_gusa_form *out, ix_diag *d)
{
    char *kbuf = malloc(len + 1), *vbuf = malloc(len + 1);
    ix_status st = IX_OK;
    if (!kbuf || !vbuf) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && body[e] != '&')
            e++;
        if (e > i) {
            size_t eq = i;
            while (eq < e && body[eq] != '=')
                eq++;
            long kl = form_decode(body + i, eq - i, kbuf);
            long vl = eq < e ? form_decode(body + eq + 1, e - eq - 1, vbuf) : 0;
            if (kl < 0 || !key_ok(kbuf, (size_t)kl)) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "body",
                                 "a form field name must be 1-%d characters of letters, digits, "
                                 "_ and -",
                                 IX_GUSA_MAX_KEY);
                goto out;
            }
            kbuf[kl] = '\0';
            if (vl < 0) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, kbuf,
                                 "the field %s has a malformed %%-escape", kbuf);
                goto out;
            }
            if (memchr(vbuf, '\0', (size_t)vl) || !ix_gusa_utf8_valid(vbuf, (size_t)vl)) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, kbuf,
                                 "the field %s is not valid UTF-8 text", kbuf);
                goto out;
            }
            if (out->n >= IX_GUSA_MAX_PAIRS) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "body",
                                 "a form may have at most %d fields", IX_GUSA_MAX_PAIRS);
                goto out;
            }
            if (add_pair(out, kbuf, (size_t)kl, vbuf, (size_t)vl)) {
                st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                goto out;
            }
        }
        i = e + 1;
    }
out:
    free(kbuf);
    free(vbuf);
    return st;
}

/* A JSON scalar as text: strings as they are, integers in decimal, reals
 * in the shortest form that reads back the same, booleans as words.
 * Returns 0 and fills buf (or *s for a string), 1 for null, -1 otherwise. */
static int scalar_text(json_t *v, char *buf, size_t size, const char **s, size_t *n)
{
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *n = json_string_length(v);
        return 0;
    }
    if (json_is_null(v))
        return 1;
    if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) {
        double x = json_real_value(v);
        if (!isfinite(x))
            return -1;
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, size, "%.*g", prec, x);
            if (strtod(buf, NULL) == x)
                break;
        }
    } else if (json_is_boolean(v))
        snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
    else
        return -1;
    *s = buf;
    *n = strlen(buf);
    return 0;
}

static ix_status parse_json(const char *body, size_t len, ix_gusa_form *out, ix_diag *d)
{
    json_error_t err;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, err.line, err.column, "body",
                           "the body is not valid JSON: %s", err.text);
    ix_status st = IX_OK;
    if (!json_is_object(root)) {
        st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "body", "the body must be a JSON object");
        goto out;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        if (!key_ok(key, strlen(key))) {
            st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "body",
                             "a field name must be 1-%d characters of letters, digits, _ and -",
                             IX_GUSA_MAX_KEY);
            goto out;
        }
        size_t count = json_is_array(v) ? json_array_size(v) : 1;
        for (size_t i = 0; i < count; i++) {
            json_t *item = json_is_array(v) ? json_array_get(v, i) : v;
            char buf[40];
            const char *s = NULL;
            size_t n = 0;
            int r = scalar_text(item, buf, sizeof buf, &s, &n);
            if (r < 0) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, key,
                                 "the field %s must be a text, a number, true/false or a list "
                                 "of those",
                                 key);
                goto out;
            }
            if (r == 1)
                continue;
            /* jansson checks UTF-8 and refuses \u0000 unless asked */
            if (memchr(s, '\0', n) || !ix_gusa_utf8_valid(s, n)) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, key,
                                 "the field %s is not valid UTF-8 text", key);
                goto out;
            }
            if (out->n >= IX_GUSA_MAX_PAIRS) {
                st = ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "body",
                                 "a body may have at most %d values", IX_GUSA_MAX_PAIRS);
                goto out;
            }
            if (add_pair(out, key, strlen(key), s, n)) {
                st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                goto out;
            }
        }
    }
out:
    json_decref(root);
    return st;
}

ix_status ix_gusa_body_parse(ix_gusa_body_kind kind, const char *body, size_t len,
                             ix_gusa_form *out, ix_diag *d)
{
    out->n = 0;
    out->kv = NULL;
    if (len > IX_GUSA_MAX_BODY)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, "body", "the body is over 64 KiB");
    ix_status st;
    if (kind == IX_GUSA_BODY_FORM)
        st = parse_form(body, len, out, d);
    else if (kind == IX_GUSA_BODY_JSON)
        st = parse_json(body, len, out, d);
    else
        st = ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "body", "the body's kind was refused");
    if (st)
        ix_gusa_form_free(out);
    return st;
}
