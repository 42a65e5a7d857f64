/* Reading gusa.json (see gusa_config.h): jansson parses, every key is
 * checked by hand, and a problem is located in the text (json_locate) so
 * the message names file, line, column and key. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_locate.h"
#include "indeks/gusa_config.h"
#include "indeks/outfile.h"
#include "indeks/util.h"

/* A client secret is a line of text, not a file's worth. */
#define IX_GUSA_MAX_SECRET 4096
#define IX_GUSA_MAX_CONFIG ((size_t)1 << 20)

typedef struct {
    const char *text;
    size_t len;
    const char *source;
    const char *dir;
    ix_diag *d;
} cfg_text;

/* Line and column of the key at path ("oidc.mitid.acr_min"). */
static void locate(const cfg_text *t, const char *path, long *line, long *col)
{
    *line = ix__json_line(t->text, t->len, path);
    *col = 1;
    const char *key = strrchr(path, '.');
    key = key ? key + 1 : path;
    size_t start = 0;
    long l = 1;
    for (size_t i = 0; i < t->len && l < *line; i++)
        if (t->text[i] == '\n') {
            l++;
            start = i + 1;
        }
    size_t end = start;
    while (end < t->len && t->text[end] != '\n')
        end++;
    size_t klen = strlen(key);
    for (size_t i = start; *key && i + klen + 2 <= end; i++)
        if (t->text[i] == '"' && memcmp(t->text + i + 1, key, klen) == 0 &&
            t->text[i + 1 + klen] == '"') {
            *col = (long)(i - start) + 1;
            return;
        }
    size_t first = start;
    while (first < end && (t->text[first] == ' ' || t->text[first] == '\t'))
        first++;
    *col = (long)(first - start) + 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static ix_status fail(const cfg_text *t, const char *path, const char *fmt, ...)
{
    long line = 0, col = 0;
    if (path && *path)
        locate(t, path, &line, &col);
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ix_diag_set(t->d, IX_ERR_USAGE, t->source, line, col, path, "%s", msg);
}

static char *join_path(const char *dir, const char *p)
{
    if (!dir || !*dir || p[0] == '/')
        return ix_strdup(p);
    size_t n = strlen(dir) + strlen(p) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", p);
    return s;
}

static int has_ctl(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* Host part of an http(s) URL: [start, end) in url; 0 when not http(s). */
static int url_host(const char *url, const char **hs, size_t *hn, int *https)
{
    const char *p;
    if (!url)
        return 0;
    if (strncmp(url, "https://", 8) == 0) {
        *https = 1;
        p = url + 8;
    } else if (strncmp(url, "http://", 7) == 0) {
        *https = 0;
        p = url + 7;
    } else {
        return 0;
    }
    const char *e = p;
    if (*e == '[') {
        while (*e && *e != ']')
            e++;
        if (*e != ']')
            return 0;
        e++;
    } else {
        while (*e && *e != ':' && *e != '/' && *e != '?' && *e != '#')
            e++;
    }
    if (e == p)
        return 0;
    *hs = p;
    *hn = (size_t)(e - p);
    return 1;
}

int ix_gusa_url_is_loopback(const char *url)
{
    const char *h;
    size_t n;
    int https;
    if (!url_host(url, &h, &n, &https))
        return 0;
    if ((n == 9 && strncmp(h, "localhost", 9) == 0) || (n == 5 && strncmp(h, "[::1]", 5) == 0))
        return 1;
    /* 127.d.d.d */
    if (n < 9 || strncmp(h, "127.", 4) != 0)
        return 0;
    int dots = 0, digits = 0;
    for (size_t i = 4; i < n; i++) {
        if (h[i] == '.') {
            if (!digits)
                return 0;
            dots++;
            digits = 0;
        } else if (h[i] >= '0' && h[i] <= '9' && digits < 3) {
            digits++;
        } else {
            return 0;
        }
    }
    return dots == 2 && digits > 0;
}

int ix_gusa_url_is_safe(const char *url)
{
    const char *h;
    size_t n;
    int https;
    if (!url_host(url, &h, &n, &https) || has_ctl(url))
        return 0;
    return https || ix_gusa_url_is_loopback(url);
}

static ix_status get_string(const cfg_text *t, json_t *obj, const char *key, const char *path,
                            int required, const char *what, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (!required)
            return IX_OK;
        return ix_diag_set(t->d, IX_ERR_USAGE, t->source, 0, 0, path,
                           "the key \"%s\" is missing: give %s", path, what);
    }
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        strlen(json_string_value(v)) != json_string_length(v) || has_ctl(json_string_value(v)))
        return fail(t, path, "\"%s\" must be a non-empty text without control characters: %s",
                    path, what);
    *out = json_string_value(v);
    return IX_OK;
}

static ix_status check_keys(const cfg_text *t, json_t *obj, const char *prefix,
                            const char *const *keys, const char *expected)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (size_t i = 0; keys[i]; i++)
            ok |= strcmp(key, keys[i]) == 0;
        if (!ok) {
            char path[160];
            snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", key);
            return fail(t, path, "unknown key \"%s\" (expected %s)", key, expected);
        }
    }
    return IX_OK;
}

static ix_status get_seconds(const cfg_text *t, json_t *root, const char *key, long def, long lo,
                             long hi, long *out)
{
    json_t *v = json_object_get(root, key);
    *out = def;
    if (!v)
        return IX_OK;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return fail(t, key, "\"%s\" must be a whole number of seconds from %ld to %ld", key, lo,
                    hi);
    *out = (long)json_integer_value(v);
    return IX_OK;
}

static ix_status read_secret(const cfg_text *t, const char *path, ix_gusa_idp *idp)
{
    char *text = NULL;
    size_t len = 0;
    ix_diag rd;
    ix_diag_clear(&rd);
    ix_status st = ix_read_file_max(idp->client_secret_file, IX_GUSA_MAX_SECRET, &text, &len, &rd);
    if (st)
        return fail(t, path, "cannot read the client secret file %s: %s",
                    idp->client_secret_file, rd.message);
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    if (len == 0 || strlen(text) != len || has_ctl(text)) {
        free(text);
        return fail(t, path, "the client secret file %s must hold one line of text",
                    idp->client_secret_file);
    }
    idp->client_secret = text;
    return IX_OK;
}

static ix_status parse_idp(const cfg_text *t, json_t *obj, const char *name, ix_gusa_idp *idp)
{
    static const char *const keys[] = {"issuer", "client_id", "client_secret_file", "acr_min",
                                       NULL};
    char prefix[64], p_iss[96], p_id[96], p_sec[96], p_acr[96];
    snprintf(prefix, sizeof prefix, "oidc.%s", name);
    if (!json_is_object(obj))
        return fail(t, prefix,
                    "\"%s\" must be an object {issuer, client_id, client_secret_file, acr_min}",
                    prefix);
    ix_status st = check_keys(t, obj, prefix, keys,
                              "issuer, client_id, client_secret_file, acr_min");
    if (st)
        return st;
    snprintf(p_iss, sizeof p_iss, "%s.issuer", prefix);
    snprintf(p_id, sizeof p_id, "%s.client_id", prefix);
    snprintf(p_sec, sizeof p_sec, "%s.client_secret_file", prefix);
    snprintf(p_acr, sizeof p_acr, "%s.acr_min", prefix);
    const char *iss, *id, *sec, *acr;
    if ((st = get_string(t, obj, "issuer", p_iss, 1, "the provider's issuer URL", &iss)) ||
        (st = get_string(t, obj, "client_id", p_id, 1, "the client id the provider gave", &id)) ||
        (st = get_string(t, obj, "client_secret_file", p_sec, 1,
                         "a file holding the client secret", &sec)) ||
        (st = get_string(t, obj, "acr_min", p_acr, 1,
                         "the lowest NSIS level, " IX_NSIS_LOA_PREFIX "Substantial or High",
                         &acr)))
        return st;
    if (!ix_gusa_url_is_safe(iss))
        return fail(t, p_iss, "\"%s\" must be an https:// URL (http:// only on a loopback host)",
                    p_iss);
    idp->acr_min = ix_nsis_loa_parse(acr);
    if (idp->acr_min == IX_LOA_NONE)
        return fail(t, p_acr,
                    "\"%s\" must be an NSIS level: " IX_NSIS_LOA_PREFIX "Low, Substantial or High",
                    p_acr);
    idp->present = 1;
    idp->issuer = ix_strdup(iss);
    idp->client_id = ix_strdup(id);
    idp->client_secret_file = join_path(t->dir, sec);
    if (!idp->issuer || !idp->client_id || !idp->client_secret_file)
        return ix_diag_set(t->d, IX_ERR_NOMEM, t->source, 0, 0, NULL, "out of memory");
    return read_secret(t, p_sec, idp);
}

static void idp_free(ix_gusa_idp *idp)
{
    free(idp->issuer);
    free(idp->client_id);
    free(idp->client_secret_file);
    if (idp->client_secret) {
        memset(idp->client_secret, 0, strlen(idp->client_secret));
        free(idp->client_secret);
    }
}

void ix_gusa_config_free(ix_gusa_config *c)
{
    if (!c)
        return;
    free(c->source);
    free(c->db);
    free(c->base_url);
    free(c->redirect_uri);
    free(c->outbox);
    idp_free(&c->mitid);
    idp_free(&c->medarbejder);
    free(c);
}

static ix_status check_base_url(const cfg_text *t, const char *u)
{
    const char *h;
    size_t n;
    int https;
    if (!url_host(u, &h, &n, &https))
        return fail(t, "base_url", "\"base_url\" must be an https:// URL such as "
                                   "https://gusa.example.dk");
    if (strchr(u, '?') || strchr(u, '#') || strchr(h, '@') || strchr(u, ' ') ||
        strchr(u, '"') || strchr(u, '<') || strchr(u, '>') || strchr(u, '\\'))
        return fail(t, "base_url",
                    "\"base_url\" must be scheme://host[:port][/path] without user, query, "
                    "fragment, spaces or quotes");
    if (!https && !ix_gusa_url_is_loopback(u))
        return fail(t, "base_url",
                    "\"base_url\" must be https:// (http:// is allowed only on a loopback host "
                    "such as http://127.0.0.1:8080)");
    return IX_OK;
}

ix_status ix_gusa_config_parse(const char *text, size_t len, const char *source,
                               const char *dir, ix_gusa_config **out, ix_diag *d)
{
    static const char *const keys[] = {"db",          "base_url",       "outbox",
                                       "cookie_secure", "session_idle_s", "session_max_s",
                                       "oidc",        NULL};
    static const char *const oidc_keys[] = {"mitid", "medarbejder", NULL};
    *out = NULL;
    if (!source)
        source = "gusa.json";
    cfg_text t = {text, len, source, dir, d};
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_USAGE, source, err.line, err.column, NULL,
                           "invalid JSON: %s", err.text);
    ix_status st = IX_OK;
    ix_gusa_config *c = calloc(1, sizeof *c);
    if (!c) {
        st = ix_diag_set(d, IX_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
        goto out;
    }
    c->source = ix_strdup(source);
    if (!json_is_object(root)) {
        st = ix_diag_set(d, IX_ERR_USAGE, source, 1, 1, NULL,
                         "gusa.json is an object: {\"db\": ..., \"base_url\": ..., "
                         "\"outbox\": ..., \"oidc\": {...}}");
        goto out;
    }
    if ((st = check_keys(&t, root, "", keys,
                         "db, base_url, outbox, cookie_secure, session_idle_s, session_max_s, "
                         "oidc")))
        goto out;
    const char *db, *base, *outbox;
    if ((st = get_string(&t, root, "db", "db", 1,
                         "a SQLite file or a postgresql:// URI for GUSA's own database", &db)) ||
        (st = get_string(&t, root, "base_url", "base_url", 1,
                         "the public https:// address of the site", &base)) ||
        (st = get_string(&t, root, "outbox", "outbox", 1,
                         "a folder for the invitation mails", &outbox)))
        goto out;
    if (!db || !base || !outbox) { /* required: get_string said so already */
        st = ix_diag_set(d, IX_ERR_USAGE, source, 0, 0, NULL, "db, base_url and outbox are needed");
        goto out;
    }
    if ((st = check_base_url(&t, base)))
        goto out;
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/')
        bl--;
    c->base_url = malloc(bl + 1);
    c->redirect_uri = malloc(bl + sizeof "/gusa/callback");
    c->db = strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0
                ? ix_strdup(db)
                : join_path(dir, db);
    c->outbox = join_path(dir, outbox);
    if (!c->base_url || !c->redirect_uri || !c->db || !c->outbox || !c->source) {
        st = ix_diag_set(d, IX_ERR_NOMEM, source, 0, 0, NULL, "out of memory");
        goto out;
    }
    memcpy(c->base_url, base, bl);
    c->base_url[bl] = '\0';
    snprintf(c->redirect_uri, bl + sizeof "/gusa/callback", "%s/gusa/callback", c->base_url);

    json_t *cs = json_object_get(root, "cookie_secure");
    c->cookie_secure = 1;
    if (cs) {
        if (!json_is_boolean(cs)) {
            st = fail(&t, "cookie_secure", "\"cookie_secure\" must be true or false");
            goto out;
        }
        c->cookie_secure = json_is_true(cs);
        if (!c->cookie_secure && !(strncmp(c->base_url, "http://", 7) == 0 &&
                                   ix_gusa_url_is_loopback(c->base_url))) {
            st = fail(&t, "cookie_secure",
                      "\"cookie_secure\" may be false only when base_url is http:// on a "
                      "loopback host (a test); \"%s\" is not",
                      c->base_url);
            goto out;
        }
    }
    if ((st = get_seconds(&t, root, "session_idle_s", 900, IX_GUSA_IDLE_MIN, IX_GUSA_IDLE_MAX,
                          &c->session_idle_s)) ||
        (st = get_seconds(&t, root, "session_max_s", 28800, IX_GUSA_MAX_MIN, IX_GUSA_MAX_MAX,
                          &c->session_max_s)))
        goto out;
    if (c->session_idle_s > c->session_max_s) {
        st = fail(&t, json_object_get(root, "session_idle_s") ? "session_idle_s" : "session_max_s",
                  "\"session_idle_s\" (%ld) must not exceed \"session_max_s\" (%ld)",
                  c->session_idle_s, c->session_max_s);
        goto out;
    }
    json_t *oidc = json_object_get(root, "oidc");
    if (!oidc) {
        st = ix_diag_set(d, IX_ERR_USAGE, source, 0, 0, "oidc",
                         "the key \"oidc\" is missing: give {\"mitid\": {...}, "
                         "\"medarbejder\": {...}}");
        goto out;
    }
    if (!json_is_object(oidc)) {
        st = fail(&t, "oidc", "\"oidc\" must be an object {\"mitid\": {...}, "
                              "\"medarbejder\": {...}}");
        goto out;
    }
    if ((st = check_keys(&t, oidc, "oidc", oidc_keys, "mitid, medarbejder")))
        goto out;
    json_t *m = json_object_get(oidc, "mitid"), *s = json_object_get(oidc, "medarbejder");
    if (!m && !s) {
        st = fail(&t, "oidc", "\"oidc\" names no identity provider: give \"mitid\" (citizens), "
                              "\"medarbejder\" (staff) or both");
        goto out;
    }
    if ((m && (st = parse_idp(&t, m, "mitid", &c->mitid))) ||
        (s && (st = parse_idp(&t, s, "medarbejder", &c->medarbejder))))
        goto out;
out:
    json_decref(root);
    if (st)
        ix_gusa_config_free(c);
    else
        *out = c;
    return st;
}

ix_status ix_gusa_config_load(const char *path, ix_gusa_config **out, ix_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    ix_status st = ix_read_file_max(path, IX_GUSA_MAX_CONFIG, &text, &len, d);
    if (st)
        return st;
    char *dir = ix_strdup(path);
    if (!dir) {
        free(text);
        return ix_diag_set(d, IX_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        dir[0] = '\0';
    st = ix_gusa_config_parse(text, len, path, dir, out, d);
    free(dir);
    free(text);
    return st;
}
