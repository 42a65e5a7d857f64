/* The daemon: libmicrohttpd with a thread pool, bounded requests, an access
 * log line per request on standard error, a small cache of rendered
 * documents, and a graceful stop on SIGTERM or SIGINT: stop accepting, let
 * the requests in flight finish (up to 10 s), then close.
 *
 * Limits: a request's header fields must fit in 32 KiB (else 431; the
 * connection's memory pool is 64 KiB so that a request with hundreds of
 * query parameters still gets an answer); a connection idle for 10 s is
 * closed; one client address holds at most cfg->per_client connections
 * (--per-client, default 64; more are refused at once), so a crowd from one address cannot lock others out;
 * above SOFT_CAP open connections a completed request gets 503 with
 * Retry-After, and MHD accepts at most HARD_CAP. Only GET and HEAD are
 * served (else 405), a request with a body is refused (413), and a head that
 * breaks RFC 9112 is a 400 (see check_head). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "indeks/site.h"
#include "indeks/route.h"
#include "indeks/gusa_http.h"
#include "indeks/gusa_web.h"
#include "server.h"

/* ---- the cache: editions never change, so a document stays right until a
 * new edition appears (the generation is the newest edition's id). */

#define CACHE_SLOTS 256
#define CACHE_MAX_BODY (4u << 20)

typedef struct {
    char key[320];
    long generation;
    ix__response r;
} cache_slot;

struct ix__cache {
    cache_slot slots[CACHE_SLOTS];
};

static size_t key_hash(const char *key)
{
    size_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h % CACHE_SLOTS;
}

static int cache_key(struct MHD_Connection *c, const char *url, char key[320])
{
    const char *names[] = {"kolonne", "a", "b", "aar"};
    int n = snprintf(key, 320, "%s", url);
    for (int i = 0; i < 4 && n >= 0 && n < 320; i++) {
        const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, names[i]);
        n += snprintf(key + n, 320 - (size_t)n, "|%s", v ? v : "");
    }
    return n >= 0 && n < 320 ? 0 : -1;
}

static int copy_response(ix__response *dst, const ix__response *src)
{
    *dst = *src;
    ix_buf_init(&dst->body);
    ix_sink s = ix_buf_sink(&dst->body);
    if (src->body.len)
        ix_sink_put(&s, src->body.data, src->body.len);
    return s.failed ? -1 : 0;
}

/* ---- one request ------------------------------------------------------------ */

typedef struct {
    struct timespec start;
    char client[64];
    char method[16];
    char url[200];
    int body;     /* a request body arrived */
    int answered; /* queued a response already */
    const char *bad_head; /* why the request head breaks RFC 9112 (a 400), or NULL */
    int too_big;          /* the head is larger than HEAD_MAX (a 431) */
    int status;
    size_t bytes;
    /* GUSA (--gusa): the request is GUSA's; its POST body, at most 64 KiB */
    int gusa;
    ix_buf gbody;
    int gtoo_big;
} request;

#define SOFT_CAP 400
#define HARD_CAP 480u

typedef struct {
    ix__server srv;
    struct ix_gusa_web *gusa; /* NULL: GUSA off */
    atomic_int in_flight;
    atomic_int open; /* connections open now */
} daemon_ctx;

static void count_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code)
{
    (void)c;
    (void)socket_context;
    daemon_ctx *dc = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&dc->open, 1);
    else
        atomic_fetch_sub(&dc->open, 1);
}

static void copy_printable(char *dst, size_t size, const char *src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < size; i++)
        dst[i] = (unsigned char)src[i] < 0x20 || src[i] == '"' || src[i] == 0x7f ? '?' : src[i];
    dst[i] = '\0';
}

static void client_address(struct MHD_Connection *c, char out[64])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, 64, "-");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 64);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, 64);
}

/* The newest edition id; asks the store when the cached one is over a second
 * old. Call with srv->lock held. */
static long current_generation(ix__server *srv, ix_diag *d)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double age = (double)(now.tv_sec - srv->generation_checked.tv_sec) +
                 1e-9 * (double)(now.tv_nsec - srv->generation_checked.tv_nsec);
    if (srv->generation_checked.tv_sec == 0 || age >= 1.0 || age < 0) {
        long gen = 0;
        if (ix_store_latest(srv->store, (ix_edition_kind)0, &gen, d) == IX_OK) {
            srv->generation = gen;
            srv->generation_checked = now;
        }
    }
    return srv->generation;
}

/* ---- the request head, as RFC 9112 asks (what libmicrohttpd 0.9.75 lets
 * through: duplicate or missing Host, two different Content-Length, a NUL
 * or another control byte in a field, whitespace before the colon). */

#define HEAD_MAX ((size_t)32 * 1024) /* the request head's fields, in bytes; more is a 431 */

typedef struct {
    const char *bad;
    unsigned hosts;
    const char *length; /* the first Content-Length */
    size_t bytes;
} head_check;

static int has_ctl(const char *s, size_t n, int tab_ok)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && !(tab_ok && ch == '\t')) || (!tab_ok && (ch == ' ' || ch == 0x7f)))
            return 1;
    }
    return 0;
}

static enum MHD_Result head_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    head_check *h = cls;
    h->bytes += key_size + value_size + 4;
    if (h->bad)
        return MHD_YES;
    if (!key || key_size == 0 || strlen(key) != key_size || has_ctl(key, key_size, 0))
        h->bad = "a header name is empty or holds whitespace or a control byte "
                 "(RFC 9112 5.1: no whitespace before the colon)";
    else if (value && (strlen(value) != value_size || has_ctl(value, value_size, 1)))
        h->bad = "a header value holds a NUL or another control byte (RFC 9110 5.5)";
    else if (strcasecmp(key, "Host") == 0)
        h->hosts++;
    else if (strcasecmp(key, "Content-Length") == 0) {
        if (h->length && strcmp(h->length, value ? value : "") != 0)
            h->bad = "two different Content-Length headers (RFC 9112 6.3)";
        else
            h->length = value ? value : "";
    }
    return MHD_YES;
}

static void check_head(struct MHD_Connection *c, const char *version, request *q)
{
    head_check h = {NULL, 0, NULL, 0};
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, head_field, &h);
    if (h.bytes > HEAD_MAX)
        q->too_big = 1;
    else if (h.bad)
        q->bad_head = h.bad;
    else if (h.hosts > 1)
        q->bad_head = "more than one Host header (RFC 9112 3.2)";
    else if (h.hosts == 0 && version && strcmp(version, "HTTP/1.1") == 0)
        q->bad_head = "no Host header in an HTTP/1.1 request (RFC 9112 3.2)";
}

static enum MHD_Result respond(daemon_ctx *dc, struct MHD_Connection *c, request *q, const char *url)
{
    ix__response r;
    ix__response_init(&r);
    ix_sink s = ix_buf_sink(&r.body);
    if (atomic_load(&dc->open) > SOFT_CAP) {
        r.status = 503;
        r.cache = "no-store";
        ix_site_error_page(503, "Travlt", "Serveren har for mange forbindelser; prøv igen om lidt.", &s);
    } else if (q->too_big) {
        r.status = 431;
        r.cache = "no-store";
        ix_site_error_page(431, "For store felter", "Forespørgslens hoved er for stort.", &s);
    } else if (q->bad_head) {
        r.status = 400;
        r.cache = "no-store";
        ix_site_error_page(400, "Forkert forespørgsel", q->bad_head, &s);
    } else if (strcmp(q->method, "GET") != 0 && strcmp(q->method, "HEAD") != 0) {
        r.status = 405;
        r.cache = "no-store";
        ix_site_error_page(405, "Metoden er ikke tilladt", "Siden kan kun læses (GET og HEAD).", &s);
    } else if (q->body) {
        r.status = 413;
        r.cache = "no-store";
        ix_site_error_page(413, "For stor forespørgsel", "En forespørgsel må ikke have en krop.", &s);
    } else {
        char key[320];
        int keyed = cache_key(c, url, key) == 0;
        cache_slot *slot = keyed ? &dc->srv.cache->slots[key_hash(key)] : NULL;
        long gen = 0;
        ix_diag d;
        ix_diag_clear(&d);
        pthread_mutex_lock(&dc->srv.lock);
        gen = current_generation(&dc->srv, &d);
        if (slot && slot->generation == gen && strcmp(slot->key, key) == 0 &&
            copy_response(&r, &slot->r) == 0) {
            /* served from the cache */
        } else {
            ix_buf_free(&r.body);
            ix__route(&dc->srv, c, url, &r);
            if (slot && r.status == 200 && r.cacheable && r.body.len < CACHE_MAX_BODY) {
                ix__response_free(&slot->r);
                slot->key[0] = '\0';
                if (copy_response(&slot->r, &r) == 0) {
                    snprintf(slot->key, sizeof slot->key, "%s", key);
                    slot->generation = gen;
                }
            }
        }
        pthread_mutex_unlock(&dc->srv.lock);
    }
    int status = 500;
    size_t bytes = 0;
    enum MHD_Result ok = (enum MHD_Result)ix__send(c, &r, &status, &bytes);
    q->status = status;
    q->bytes = bytes;
    q->answered = 1;
    ix__response_free(&r);
    return ok;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
    (void)upload_data;
    daemon_ctx *dc = cls;
    request *q = *con_cls;
    if (!q) {
        q = calloc(1, sizeof *q);
        if (!q)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &q->start);
        client_address(c, q->client);
        copy_printable(q->method, sizeof q->method, method);
        copy_printable(q->url, sizeof q->url, url);
        atomic_fetch_add(&dc->in_flight, 1);
        *con_cls = q;
        check_head(c, version, q);
        if (q->bad_head || q->too_big)
            return respond(dc, c, q, url); /* answered now; any body is never read */
        /* GUSA: GET and POST under /gusa and /api/v1/gusa (gusa_server.c) */
        if (dc->gusa && ix_gusa_web_claims(url)) {
            q->gusa = 1;
            ix_buf_init(&q->gbody);
            const char *glen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
            if (glen && (strlen(glen) > 9 || strtol(glen, NULL, 10) > (long)IX_GUSA_MAX_BODY)) {
                q->answered = 1; /* 413 at once; the body is never read */
                return (enum MHD_Result)ix__gusa_respond(dc->gusa, c, method, url, NULL, 0, 1,
                                                         &q->status, &q->bytes);
            }
            return MHD_YES;
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        /* Any Transfer-Encoding announces a body; one MHD cannot decode
         * ("gzip, rot13") would leave the request waiting for it until the
         * connection times out, and hold up a shutdown (tests/http/test_malformed.sh). */
        const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
        int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
        if (!get || (cl && strcmp(cl, "0") != 0) || te) { /* answer now: the body is never read */
            q->body = get;
            return respond(dc, c, q, url);
        }
        return MHD_YES;
    }
    if (q->gusa) { /* GUSA: collect the body (64 KiB at most), then answer */
        if (*upload_data_size) {
            if (q->gbody.len + *upload_data_size > IX_GUSA_MAX_BODY)
                q->gtoo_big = 1;
            else {
                ix_sink gs = ix_buf_sink(&q->gbody);
                ix_sink_put(&gs, upload_data, *upload_data_size);
            }
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (q->answered)
            return MHD_YES;
        q->answered = 1;
        return (enum MHD_Result)ix__gusa_respond(dc->gusa, c, method, url, q->gbody.data,
                                                 q->gbody.len, q->gtoo_big, &q->status,
                                                 &q->bytes);
    }
    if (*upload_data_size) { /* a chunked body: discard, refuse at the end */
        q->body = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (q->answered)
        return MHD_YES;
    return respond(dc, c, q, url);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)c;
    daemon_ctx *dc = cls;
    request *q = *con_cls;
    if (!q)
        return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - q->start.tv_sec) * 1e3 +
                (double)(end.tv_nsec - q->start.tv_nsec) / 1e6;
    time_t now = time(NULL);
    struct tm tm;
    char when[40] = "-";
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    char line[512];
    int n = snprintf(line, sizeof line, "%s - - [%s] \"%s %s\" %d %zu %.1fms%s\n", q->client, when,
                     q->method, q->url, q->answered ? q->status : 0, q->bytes, ms,
                     toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    if (n > 0)
        fwrite(line, 1, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1, stderr);
    if (q->gusa)
        ix_buf_free(&q->gbody);
    free(q);
    *con_cls = NULL;
    atomic_fetch_sub(&dc->in_flight, 1);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    fprintf(stderr, "indeks serve: %s\n", msg);
}

/* Percent-decoding of the path and the query (MHD's own would let "%00"
 * cut a string short): ix_route_unescape (lib/web/route_parse.c) turns a NUL
 * or a malformed escape into "/.invalid", which no route and no parameter
 * check accepts. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *uri)
{
    (void)cls;
    (void)c;
    return ix_route_unescape(uri);
}

/* ---- the address ------------------------------------------------------------ */

static int parse_listen(const char *text, struct sockaddr_storage *ss, int *v6)
{
    char host[128];
    const char *colon = strrchr(text, ':');
    if (!colon || (size_t)(colon - text) >= sizeof host || colon == text)
        return -1;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    long port = 0;
    const char *p = colon + 1;
    if (!*p || strlen(p) > 5)
        return -1;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        port = port * 10 + (*p - '0');
    }
    if (port > 65535)
        return -1;
    memset(ss, 0, sizeof *ss);
    size_t hl = strlen(host);
    if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
        host[hl - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)(void *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    *v6 = 0;
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

int ix_server_run(const ix_server_config *cfg)
{
    struct sockaddr_storage ss;
    int v6 = 0;
    if (parse_listen(cfg->listen, &ss, &v6) != 0) {
        fprintf(stderr, "indeks serve: --listen needs ADDRESS:PORT (127.0.0.1:8080, [::1]:8080), "
                        "not \"%s\"\n", cfg->listen);
        return 2;
    }
    daemon_ctx *dc = calloc(1, sizeof *dc);
    if (!dc || !(dc->srv.cache = calloc(1, sizeof *dc->srv.cache))) {
        free(dc);
        fprintf(stderr, "indeks serve: out of memory\n");
        return 1;
    }
    dc->srv.store = cfg->store;
    dc->srv.site = cfg->site;
    dc->srv.gusa = cfg->gusa;
    dc->gusa = cfg->gusa;
    pthread_mutex_init(&dc->srv.lock, NULL);
    atomic_init(&dc->in_flight, 0);
    ix_diag d;
    ix_diag_clear(&d);
    int rc = 0;
    if (ix_store_set_read_only(cfg->store, &d) != IX_OK) {
        fprintf(stderr, "indeks serve: cannot make the database read-only: %s\n", d.message);
        rc = 1;
        goto out;
    }
    /* Threads started from here inherit the mask: only this thread takes the signals. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     (v6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, dc, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 1 ? cfg->threads : 0),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)10, MHD_OPTION_CONNECTION_LIMIT, HARD_CAP, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        cfg->per_client, MHD_OPTION_NOTIFY_CONNECTION,
        count_connection, dc,
        MHD_OPTION_NOTIFY_COMPLETED, completed, dc, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "indeks serve: cannot listen on %s: %s\n", cfg->listen,
                errno ? strerror(errno) : "libmicrohttpd refused to start");
        rc = 1;
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    char host[128];
    snprintf(host, sizeof host, "%.*s", (int)(strrchr(cfg->listen, ':') - cfg->listen), cfg->listen);
    printf("indeks serve: http://%s:%u/%s%s\n", host, info ? (unsigned)info->port : 0u,
           cfg->label ? "  " : "", cfg->label ? cfg->label : "");
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "indeks serve: %s: finishing requests in flight\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_quiesce_daemon(daemon); /* no new connections */
    /* Requests being answered get up to 10 s; connections still sending
     * their request (or idle between requests) up to 1 s more. */
    struct timespec tick = {0, 10L * 1000 * 1000};
    for (int i = 0; i < 1000 && atomic_load(&dc->in_flight) > 0; i++)
        nanosleep(&tick, NULL);
    /* Said aloud so a test can tell a stuck request from a slow machine. */
    long left = (long)atomic_load(&dc->in_flight);
    if (left > 0)
        fprintf(stderr, "indeks serve: %ld request%s still in flight after 10 s: closing\n", left,
                left == 1 ? "" : "s");
    for (int i = 0; i < 100; i++) {
        const union MHD_DaemonInfo *ci =
            MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!ci || ci->num_connections == 0)
            break;
        nanosleep(&tick, NULL);
    }
    MHD_stop_daemon(daemon);
    fprintf(stderr, "indeks serve: stopped\n");
out:
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        ix__response_free(&dc->srv.cache->slots[i].r);
    pthread_mutex_destroy(&dc->srv.lock);
    free(dc->srv.cache);
    free(dc);
    return rc;
}
