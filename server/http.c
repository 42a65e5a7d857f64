/* Finishing a response: validators (ETag from the body's SHA-256,
 * Last-Modified from the edition), 304 on a match, gzip when the client
 * accepts it, and the headers every response carries. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "server.h"

/* Strict: scripts and styles only from /static/, no inline code, no
 * framing, nothing fetched from elsewhere. */
const char ix__csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

void ix__response_init(ix__response *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->type = "text/html; charset=utf-8";
    r->cache = "no-cache";
    ix_buf_init(&r->body);
}

void ix__response_free(ix__response *r)
{
    ix_buf_free(&r->body);
}

static int parse_digits(const char *p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 0;
}

void ix__http_date(const char *iso, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, mo, d, h, mi, s;
    out[0] = '\0';
    if (!iso || strlen(iso) != 20 || parse_digits(iso, 4, &y) || parse_digits(iso + 5, 2, &mo) ||
        parse_digits(iso + 8, 2, &d) || parse_digits(iso + 11, 2, &h) ||
        parse_digits(iso + 14, 2, &mi) || parse_digits(iso + 17, 2, &s) || mo < 1 || mo > 12 ||
        d < 1 || d > 31)
        return;
    /* Sakamoto's day of the week. */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int yy = mo < 3 ? y - 1 : y;
    int wd = (yy + yy / 4 - yy / 100 + yy / 400 + t[mo - 1] + d) % 7;
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[wd], d, months[mo - 1], y, h, mi,
             s);
}

/* Does the Accept-Encoding header accept gzip (and not with q=0)? */
static int accepts_gzip(const char *ae)
{
    if (!ae)
        return 0;
    const char *p = ae;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *tok = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ')
            p++;
        size_t n = (size_t)(p - tok);
        int gz = (n == 4 && strncmp(tok, "gzip", 4) == 0) || (n == 6 && strncmp(tok, "x-gzip", 6) == 0);
        int zero = 0;
        while (*p && *p != ',') {
            if (*p == 'q' && p[1] == '=') {
                const char *q = p + 2;
                zero = *q == '0';
                for (q++; zero && *q && *q != ',' && *q != ';' && *q != ' '; q++)
                    zero = *q == '0' || *q == '.';
            }
            p++;
        }
        if (gz)
            return !zero;
    }
    return 0;
}

static int gzip(const ix_buf *in, ix_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong bound = deflateBound(&z, (uLong)in->len);
    out->data = malloc(bound + 1);
    if (!out->data) {
        deflateEnd(&z);
        return -1;
    }
    out->cap = bound + 1;
    z.next_in = (Bytef *)in->data;
    z.avail_in = (uInt)in->len;
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

/* Is tag in the If-None-Match list (or is the list "*")? */
static int etag_matches(const char *inm, const char *tag, const char *gztag)
{
    if (!inm)
        return 0;
    if (strcmp(inm, "*") == 0)
        return 1;
    size_t n = strlen(tag), m = strlen(gztag);
    for (const char *p = inm; (p = strchr(p, '"')) != NULL; p++) {
        const char *q = p;
        if (strncmp(q, tag, n) == 0 || strncmp(q, gztag, m) == 0)
            return 1;
        p = strchr(p + 1, '"');
        if (!p)
            break;
    }
    return 0;
}

int ix__send(struct MHD_Connection *c, ix__response *r, int *status, size_t *bytes)
{
    char tag[48] = "", gztag[48] = "";
    const char *body = r->body.data ? r->body.data : "";
    size_t len = r->body.len;
    int code = r->status;
    if (r->cacheable && code == 200) {
        char hex[65];
        ix_sha256_hex(body, len, hex);
        snprintf(tag, sizeof tag, "\"%.24s\"", hex);
        snprintf(gztag, sizeof gztag, "\"%.24s-gz\"", hex);
        const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
        const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
        if (etag_matches(inm, tag, gztag) ||
            (!inm && ims && r->last_modified[0] && strcmp(ims, r->last_modified) == 0))
            code = 304;
    }
    ix_buf gz;
    ix_buf_init(&gz);
    int zipped = 0;
    if (code != 304 && len >= 256 &&
        accepts_gzip(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding")) &&
        gzip(&r->body, &gz) == 0) {
        body = gz.data;
        len = gz.len;
        zipped = 1;
    }
    if (code == 304)
        len = 0;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body,
                                                                MHD_RESPMEM_MUST_COPY);
    ix_buf_free(&gz);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", r->type);
    MHD_add_response_header(resp, "Cache-Control", r->cache);
    if (tag[0])
        MHD_add_response_header(resp, "ETag", zipped ? gztag : tag);
    if (r->last_modified[0] && r->cacheable)
        MHD_add_response_header(resp, "Last-Modified", r->last_modified);
    if (zipped)
        MHD_add_response_header(resp, "Content-Encoding", "gzip");
    MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    MHD_add_response_header(resp, "Content-Security-Policy", ix__csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    if (code == 400 || code == 413 || code == 431 || code == 503)
        MHD_add_response_header(resp, "Connection", "close"); /* the rest of the stream is not trusted */
    if (code == 503)
        MHD_add_response_header(resp, "Retry-After", "5");
    if (code == 405)
        MHD_add_response_header(resp, "Allow", "GET, HEAD");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)code, resp);
    MHD_destroy_response(resp);
    *status = code;
    *bytes = len;
    return ok;
}
