/* GUSA in the server: turns a libmicrohttpd request under /gusa or
 * /api/v1/gusa into an ix_gusa_req for lib/web/gusa_web.c and sends its
 * answer with Cache-Control: no-store, the site's CSP and headers (but
 * Referrer-Policy same-origin), any
 * Location and Set-Cookie. serve.c hands these requests here (and collects
 * their POST bodies, at most 64 KiB). */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "indeks/gusa_http.h"
#include "indeks/gusa_web.h"
#include "server.h"

typedef struct {
    ix_buf *b;
    int n;
} query_ctx;

static void encode(ix_sink *s, const char *v)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            ix_sink_put(s, (const char *)p, 1);
        else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            ix_sink_put(s, e, 3);
        }
    }
}

/* The query again, each (already decoded) argument encoded once more. */
static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    query_ctx *q = cls;
    ix_sink s = ix_buf_sink(q->b);
    if (q->n++)
        ix_sink_puts(&s, "&");
    encode(&s, key);
    if (value) {
        ix_sink_puts(&s, "=");
        encode(&s, value);
    }
    return MHD_YES;
}

int ix__gusa_respond(struct ix_gusa_web *w, struct MHD_Connection *c, const char *method,
                     const char *url, const char *body, size_t len, int too_big, int *status,
                     size_t *bytes)
{
    ix_buf query;
    ix_buf_init(&query);
    query_ctx qc = {&query, 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &qc);
    ix_sink qs = ix_buf_sink(&query);
    ix_sink_put(&qs, "", 1); /* NUL-terminated */
    ix_gusa_req rq = {method,
                      url,
                      query.data,
                      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie"),
                      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
                      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"),
                      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token"),
                      body,
                      len,
                      too_big};
    ix_gusa_resp rs;
    ix_gusa_resp_init(&rs);
    ix_gusa_web_handle(w, &rq, &rs);
    ix_buf_free(&query);
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        rs.body.len, rs.body.data ? rs.body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!resp) {
        ix_gusa_resp_free(&rs);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", rs.type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "Content-Security-Policy", ix__csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* same-origin, not the site's no-referrer: under no-referrer a browser
     * sends "Origin: null" with a form's POST, which the Origin check must
     * refuse; same-origin still sends nothing to other sites. */
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Vary", "Cookie");
    if (rs.location[0])
        MHD_add_response_header(resp, "Location", rs.location);
    for (int i = 0; i < IX_GUSA_RESP_COOKIES; i++)
        if (rs.set_cookie[i][0])
            MHD_add_response_header(resp, "Set-Cookie", rs.set_cookie[i]);
    if (rs.status == 413)
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs.status, resp);
    MHD_destroy_response(resp);
    *status = rs.status;
    *bytes = rs.body.len;
    ix_gusa_resp_free(&rs);
    return ok;
}
