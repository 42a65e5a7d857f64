/* The daemon: libmicrohttpd with a thread pool, bounded requests, an access
 * log line per request on standard error, a small cache of rendered
 * documents, and a graceful stop on SIGTERM or SIGINT: stop accepting, let
 * the requests in flight finish (up to 10 s), then close.
 *
 * Limits (MHD options): a request's line and headers must fit in 32 KiB
 * (else 431), a connection idle for 15 s is closed, at most 512
 * connections; only GET and HEAD are served (else 405) and a request
 * with a body is refused (413). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indeks/site.h"
#include "indeks/route.h"
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
    const char *names[] = {"kolonne", "a", "b"};
    int n = snprintf(key, 320, "%s", url);
    for (int i = 0; i < 3 && n >= 0 && n < 320; i++) {
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
    int status;
    size_t bytes;
} request;

typedef struct {
    ix__server srv;
    atomic_int in_flight;
} daemon_ctx;

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

static enum MHD_Result respond(daemon_ctx *dc, struct MHD_Connection *c, request *q, const char *url)
{
    ix__response r;
    ix__response_init(&r);
    ix_sink s = ix_buf_sink(&r.body);
    if (strcmp(q->method, "GET") != 0 && strcmp(q->method, "HEAD") != 0) {
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
    (void)version;
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
 * cut a string short): ix_route_unescape (lib/io/route_parse.c) turns a NUL
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
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)15, MHD_OPTION_CONNECTION_LIMIT, (unsigned)512, MHD_OPTION_NOTIFY_COMPLETED,
        completed, dc, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
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
