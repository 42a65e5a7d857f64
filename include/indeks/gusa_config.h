/* gusa.json, the configuration of GUSA in `indeks serve --gusa FILE`
 * (lib/io/gusa/gusa_config.c):
 *
 *   {"db": "gusa.sqlite", "base_url": "https://gusa.example.dk",
 *    "outbox": "outbox", "cookie_secure": true,
 *    "session_idle_s": 900, "session_max_s": 28800,
 *    "oidc": {"mitid": {"issuer": "...", "client_id": "...",
 *                       "client_secret_file": "mitid.secret",
 *                       "acr_min": "https://data.gov.dk/concept/core/nsis/loa/Substantial"},
 *             "medarbejder": {...}}}
 *
 * Unknown keys and bad values are refused with IX_ERR_USAGE and a diag
 * naming the file, line, column and key. Relative paths (outbox,
 * client_secret_file; db unless it is a postgresql:// URI) are taken from
 * the file's folder. The client secrets are read at load time.
 *
 * Ownership: the ix_gusa_config and every string in it belong to the
 * config; free it with ix_gusa_config_free (NULL allowed). */
#ifndef INDEKS_GUSA_CONFIG_H
#define INDEKS_GUSA_CONFIG_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/oidc.h"

/* One identity provider (MitID broker for citizens, the staff IdP). */
typedef struct ix_gusa_idp {
    int present; /* 0: this login is not configured (the others are NULL) */
    char *issuer;
    char *client_id;
    char *client_secret_file; /* resolved path */
    char *client_secret;      /* its content, a final newline removed */
    ix_nsis_loa acr_min;
} ix_gusa_idp;

typedef struct ix_gusa_config {
    char *source;   /* the file it was read from */
    char *db;       /* SQLite path (resolved) or postgresql:// URI */
    char *base_url; /* scheme://host[:port][/path], no trailing slash */
    char *redirect_uri; /* <base_url>/gusa/callback */
    char *outbox;   /* folder for invitation mails (resolved) */
    int cookie_secure;
    long session_idle_s;
    long session_max_s;
    ix_gusa_idp mitid;
    ix_gusa_idp medarbejder;
} ix_gusa_config;

/* Limits of the session times, in seconds. */
#define IX_GUSA_IDLE_MIN 60
#define IX_GUSA_IDLE_MAX 86400
#define IX_GUSA_MAX_MIN 300
#define IX_GUSA_MAX_MAX 604800

/* Reads and checks path. */
ix_status ix_gusa_config_load(const char *path, ix_gusa_config **out, ix_diag *d);
/* The same from text (source names it in messages; relative paths are
 * taken from dir, NULL meaning the current folder). */
ix_status ix_gusa_config_parse(const char *text, size_t len, const char *source,
                               const char *dir, ix_gusa_config **out, ix_diag *d);
void ix_gusa_config_free(ix_gusa_config *c);

/* 1 when url is http:// or https:// on a loopback host (127.0.0.0/8,
 * localhost, [::1]); cookie_secure false and http are allowed only there. */
int ix_gusa_url_is_loopback(const char *url);
/* 1 when url is https://, or http:// on a loopback host. */
int ix_gusa_url_is_safe(const char *url);

#endif
