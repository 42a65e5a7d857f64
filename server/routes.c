/* Which URL gives which document. Every path segment and query parameter
 * is checked before it is used: ids are 1 to 15 digits, municipality codes
 * 1 to 4 digits naming one of the 98, a map column one the edition has;
 * anything else is a 404 (or 400 for a malformed parameter) page, or a JSON
 * error under /api/. Nothing here touches the file system: static files are
 * embedded, so no path can reach outside them. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/edition_diff_write.h"
#include "indeks/escape.h"
#include "indeks/gusa_web.h"
#include "indeks/proposals_store.h"
#include "indeks/kommuner.h"
#include "indeks/site.h"
#include "indeks/route.h"
#include "server.h"

static int is_api(const char *url)
{
    return strncmp(url, "/api/", 5) == 0;
}

static void fail(ix__response *r, const char *url, int status, const char *title, const char *msg)
{
    r->status = status;
    r->cacheable = 0;
    r->cache = "no-store";
    r->body.len = 0;
    ix_sink s = ix_buf_sink(&r->body);
    if (is_api(url)) {
        r->type = "application/json";
        ix_sink_printf(&s, "{\"error\":{\"status\":%d,\"message\":", status);
        ix_json_string(&s, msg);
        ix_sink_puts(&s, "}}\n");
    } else {
        r->type = "text/html; charset=utf-8";
        ix_site_error_page(status, title, msg, &s);
    }
}

static void fail_diag(ix__response *r, const char *url, ix_status st, const ix_diag *d)
{
    if (st == IX_ERR_NOTFOUND)
        fail(r, url, 404, "Ikke fundet", d->message);
    else {
        fprintf(stderr, "indeks serve: %s: %s\n", url, d->message);
        fail(r, url, st == IX_ERR_NOMEM ? 503 : 500, "Serverfejl",
             "Siden kunne ikke laves; fejlen er skrevet i serverens log.");
    }
}

static const char *arg(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

static void set_modified(ix__response *r, const char *iso)
{
    ix__http_date(iso, r->last_modified);
}

static void latest_editions(ix__server *srv, ix_edition *latest[3], ix_diag *d)
{
    for (int k = 0; k < 3; k++) {
        long id = 0;
        latest[k] = NULL;
        if (ix_store_latest(srv->store, (ix_edition_kind)(k + 1), &id, d) == IX_OK && id)
            ix_store_edition(srv->store, id, &latest[k], d);
    }
}

static void newest_created(ix_edition *const latest[3], ix__response *r)
{
    const char *best = NULL;
    for (int k = 0; k < 3; k++)
        if (latest[k] && (!best || strcmp(latest[k]->info.created, best) > 0))
            best = latest[k]->info.created;
    set_modified(r, best);
}

/* The home page when the database holds more than one index: the newest
 * socio-economic index (a published series first, else a computed one) and
 * the newest composite index, each with its map. 0 when there is one only
 * (then / is that edition's page). */
static int home(ix__server *srv, ix__response *r, ix_sink *s, ix_diag *d, ix_status *st)
{
    ix_edition *latest[3];
    latest_editions(srv, latest, d);
    const ix_edition *featured[2] = {latest[IX_EDITION_SERIES - 1] ? latest[IX_EDITION_SERIES - 1]
                                                                   : latest[IX_EDITION_SOCIO - 1],
                                     latest[IX_EDITION_COMPOSITE - 1]};
    int shown = featured[0] && featured[1];
    if (shown) {
        ix_edition_list *all = NULL;
        newest_created(latest, r);
        *st = ix_store_editions(srv->store, &all, d);
        if (!*st)
            *st = ix_site_home_page(all, featured, 2, &srv->site, s, d);
        ix_edition_list_free(all);
    }
    for (int k = 0; k < 3; k++)
        ix_edition_free(latest[k]);
    return shown;
}

/* /, /edition/<id>, /edition/<id>.csv, /api/v1/editions/<id>[.csv] */
static void edition(ix__server *srv, struct MHD_Connection *c, const char *url, long id, int as,
                    ix__response *r)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_edition *e = NULL;
    ix_edition_list *all = NULL;
    ix_sink s = ix_buf_sink(&r->body);
    ix_status st = ix_store_edition(srv->store, id, &e, &d);
    if (st == IX_ERR_NOTFOUND && id == 0) {
        ix_site_empty_page(&s);
        r->cache = "no-cache";
        return;
    }
    if (st) {
        fail_diag(r, url, st, &d);
        return;
    }
    set_modified(r, e->info.created);
    r->cacheable = 1;
    r->cache = id ? "public, max-age=86400" : "public, max-age=60";
    const char *column = arg(c, "kolonne"), *ytext = arg(c, "aar");
    int year = 0;
    if (ytext) {
        size_t n = strlen(ytext), digits = strspn(ytext, "0123456789");
        for (size_t i = 0; n == 4 && digits == 4 && i < 4; i++)
            year = year * 10 + (ytext[i] - '0');
    }
    if (as == 1) {
        r->type = "text/csv; charset=utf-8";
        ix_site_csv_edition(e, &s); /* formulas neutralised (store.h); a series: its year */
    } else if (as == 2) {
        r->type = "application/json";
        st = ix_site_json_edition(e, &s, &d);
    } else if (column && !ix_site_column_ok(e, column)) {
        fail(r, url, 404, "Ikke fundet", "Udgaven har ingen talkolonne med det navn.");
    } else if (ytext && (!year || !ix_site_year_ok(e, year))) {
        fail(r, url, 404, "Ikke fundet", "Udgaven har ingen tal for det år.");
    } else if (id == 0 && !column && !ytext && home(srv, r, &s, &d, &st)) {
        /* the home page: both indices */
    } else {
        st = ix_store_editions(srv->store, &all, &d);
        if (!st)
            st = ix_site_edition_page(all, e, column, year, &srv->site, &s, &d);
    }
    if (st)
        fail_diag(r, url, st, &d);
    ix_edition_list_free(all);
    ix_edition_free(e);
}

static void kommune(ix__server *srv, const ix_kommune *k, const char *url, int as, ix__response *r)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_history *h = NULL;
    ix_edition *latest[3] = {NULL, NULL, NULL};
    ix_sink s = ix_buf_sink(&r->body);
    ix_status st = ix_store_history(srv->store, k->code, &h, &d);
    if (!st && as == 0)
        latest_editions(srv, latest, &d);
    r->cacheable = 1;
    r->cache = "public, max-age=60";
    if (!st && as == 1) {
        r->type = "text/csv; charset=utf-8";
        ix_site_csv_history(h, &s);
    } else if (!st && as == 2) {
        r->type = "application/json";
        st = ix_site_json_kommune(k, h, &s, &d);
    } else if (!st) {
        newest_created(latest, r);
        st = ix_site_kommune_page(k, h, (const ix_edition *const *)latest, 3, &srv->site, &s, &d);
    }
    if (st)
        fail_diag(r, url, st, &d);
    for (int i = 0; i < 3; i++)
        ix_edition_free(latest[i]);
    ix_history_free(h);
}

static void compare(ix__server *srv, struct MHD_Connection *c, const char *url, int as,
                    ix__response *r)
{
    const char *ta = arg(c, "a"), *tb = arg(c, "b");
    if (!ta || !tb) {
        fail(r, url, 400, "Forkert forespørgsel", "Angiv to kommunekoder: /sammenlign?a=101&b=147.");
        return;
    }
    const ix_kommune *a = ix_kommune_find(ix_route_parse_kommune(ta, "")),
                     *b = ix_kommune_find(ix_route_parse_kommune(tb, ""));
    if (!a || !b) {
        fail(r, url, 404, "Ikke fundet", "Ukendt kommunekode.");
        return;
    }
    ix_diag d;
    ix_diag_clear(&d);
    ix_edition *latest[3];
    latest_editions(srv, latest, &d);
    ix_sink s = ix_buf_sink(&r->body);
    r->cacheable = 1;
    r->cache = "public, max-age=60";
    newest_created(latest, r);
    if (as == 1) {
        r->type = "text/csv; charset=utf-8";
        ix_site_csv_compare(a, b, (const ix_edition *const *)latest, 3, &s);
    } else
        ix_site_compare_page(a, b, (const ix_edition *const *)latest, 3, &srv->site, &s, &d);
    for (int i = 0; i < 3; i++)
        ix_edition_free(latest[i]);
}

/* The removals of b that came from /forslag's proposals (none without GUSA). */
static void removal_trace(ix__server *srv, const ix_edition *b, ix_prop_list **l,
                          ix_ediff_trace *t, size_t max, size_t *n)
{
    ix_diag d;
    *n = 0;
    *l = NULL;
    if (!srv->gusa || ix_gusa_web_removals(srv->gusa, b->info.name, l, &d) != IX_OK)
        return;
    for (size_t i = 0; i < (*l)->n && *n < max; i++)
        t[(*n)++] = (ix_ediff_trace){(*l)->items[i].p.icode, (*l)->items[i].id};
}

/* /edition/<a>/vs/<b>[.csv], /api/v1/editions/<a>/vs/<b>. */
static void edition_diff(ix__server *srv, const char *url, long ida, long idb, int as,
                         ix__response *r)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_edition *a = NULL, *b = NULL;
    ix_prop_list *props = NULL;
    ix_ediff_trace trace[256];
    size_t ntrace = 0;
    ix_ediff diff;
    memset(&diff, 0, sizeof diff);
    ix_sink s = ix_buf_sink(&r->body);
    ix_status st = ix_store_edition(srv->store, ida, &a, &d);
    if (!st)
        st = ix_store_edition(srv->store, idb, &b, &d);
    if (!st)
        removal_trace(srv, b, &props, trace, sizeof trace / sizeof *trace, &ntrace);
    if (!st)
        st = ix_edition_diff(a, b, trace, ntrace, &diff, &d);
    if (st == IX_ERR_INPUT)
        fail(r, url, 400, "Kan ikke sammenlignes", d.message);
    else if (st)
        fail_diag(r, url, st, &d);
    else {
        set_modified(r, strcmp(a->info.created, b->info.created) > 0 ? a->info.created
                                                                     : b->info.created);
        /* with /forslag the removals' proposals come from a database that
         * changes without a new edition: not cached then */
        r->cacheable = srv->gusa == NULL;
        r->cache = srv->gusa ? "no-cache" : "public, max-age=60";
        ix_ediff_labels l = {ida, idb, a->info.name, b->info.name};
        if (as == 1) {
            r->type = "text/csv; charset=utf-8";
            ix_ediff_write_csv(&diff, ',', '.', 1, &s);
        } else if (as == 2) {
            r->type = "application/json";
            ix_ediff_write_json(&diff, &l, &s);
        } else if ((st = ix_site_diff_page(a, b, &diff, srv->gusa != NULL, &s, &d)) != IX_OK)
            fail_diag(r, url, st, &d);
    }
    ix_ediff_free(&diff);
    ix_prop_list_free(props);
    ix_edition_free(a);
    ix_edition_free(b);
}

static void asset(const char *name, const char *type, ix__response *r)
{
    size_t len = 0;
    const char *data = ix__web_asset(name, &len);
    if (!data) {
        fail(r, "/", 404, "Ikke fundet", "Filen findes ikke.");
        return;
    }
    ix_sink s = ix_buf_sink(&r->body);
    ix_sink_put(&s, data, len);
    r->type = type;
    r->cacheable = 1;
    r->cache = "public, max-age=3600";
}

static void editions(ix__server *srv, const char *url, ix__response *r)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_edition_list *l = NULL;
    ix_sink s = ix_buf_sink(&r->body);
    ix_status st = ix_store_editions(srv->store, &l, &d);
    r->type = "application/json";
    r->cacheable = 1;
    r->cache = "public, max-age=60";
    if (!st && l->n)
        ix__http_date(l->items[0].created, r->last_modified);
    if (!st)
        st = ix_site_json_editions(l, &s, &d);
    if (st)
        fail_diag(r, url, st, &d);
    ix_edition_list_free(l);
}

static void healthz(ix__server *srv, ix__response *r)
{
    long latest = 0;
    ix_diag d;
    ix_diag_clear(&d);
    ix_sink s = ix_buf_sink(&r->body);
    r->type = "text/plain; charset=utf-8";
    r->cache = "no-store";
    if (ix_store_latest(srv->store, (ix_edition_kind)0, &latest, &d) == IX_OK)
        ix_sink_printf(&s, "ok %ld\n", latest);
    else {
        r->status = 503;
        ix_sink_puts(&s, "database unavailable\n");
    }
}

/* The path is parsed by ix_route_parse (lib/web/route_parse.c); the query
 * parameters are checked where they are used. */
void ix__route(ix__server *srv, struct MHD_Connection *c, const char *url, ix__response *r)
{
    ix_route rt;
    ix_route_parse(url, &rt);
    const ix_kommune *k = rt.kind == IX_ROUTE_KOMMUNE ? ix_kommune_find(rt.kommune) : NULL;
    switch (rt.kind) {
    case IX_ROUTE_TOOLONG: fail(r, url, 414, "For lang adresse", "Adressen er for lang."); break;
    case IX_ROUTE_HEALTHZ: healthz(srv, r); break;
    case IX_ROUTE_HOME: edition(srv, c, url, 0, 0, r); break;
    case IX_ROUTE_APP_JS: asset("web/app.js", "text/javascript; charset=utf-8", r); break;
    case IX_ROUTE_APP_CSS: asset("web/app.css", "text/css; charset=utf-8", r); break;
    case IX_ROUTE_OPENAPI: asset("docs/openapi.yaml", "application/yaml; charset=utf-8", r); break;
    case IX_ROUTE_EDITION: edition(srv, c, url, rt.id, rt.as, r); break;
    case IX_ROUTE_KOMMUNE:
        if (k)
            kommune(srv, k, url, rt.as, r);
        else
            fail(r, url, 404, "Ikke fundet", "Siden findes ikke.");
        break;
    case IX_ROUTE_COMPARE: compare(srv, c, url, rt.as, r); break;
    case IX_ROUTE_EDITIONS: editions(srv, url, r); break;
    case IX_ROUTE_EDITION_DIFF: edition_diff(srv, url, rt.id, rt.id2, rt.as, r); break;
    case IX_ROUTE_NOTFOUND:
    default: fail(r, url, 404, "Ikke fundet", "Siden findes ikke."); break;
    }
}
