/* Writing an ix_geo as GeoJSON (see ix_geo_write_geojson in map_load.h):
 * the form the embedded boundaries are kept in (data/geo/). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/map_load.h"

/* Even-odd ray test of p against ring r. */
static int inside(const ix_ring *r, ix_point p)
{
    int in = 0;
    for (size_t i = 0, j = r->n - 1; i < r->n; j = i++) {
        ix_point a = r->pts[i], b = r->pts[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            in = !in;
    }
    return in;
}

static void put_number(ix_sink *s, double v, int decimals)
{
    char buf[64];
    if (decimals <= 0)
        snprintf(buf, sizeof buf, "%.0f", v + 0.0);
    else {
        snprintf(buf, sizeof buf, "%.*f", decimals, v + 0.0);
        char *e = buf + strlen(buf) - 1; /* trailing zeros off: 1.50 -> 1.5 */
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.')
            *e = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, sizeof buf, "0");
    ix_sink_puts(s, buf);
}

static void put_ring(ix_sink *s, const ix_ring *r, int decimals)
{
    ix_sink_puts(s, "[");
    for (size_t k = 0; k <= r->n; k++) { /* closed, as GeoJSON wants */
        const ix_point *p = &r->pts[k % r->n];
        ix_sink_puts(s, k ? ",[" : "[");
        put_number(s, p->x, decimals);
        ix_sink_puts(s, ",");
        put_number(s, p->y, decimals);
        ix_sink_puts(s, "]");
    }
    ix_sink_puts(s, "]");
}

static void put_string(ix_sink *s, const char *text)
{
    ix_sink_puts(s, "\"");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            ix_sink_printf(s, "\\%c", *p);
        else if (*p < 0x20)
            ix_sink_printf(s, "\\u%04x", *p);
        else
            ix_sink_put(s, (const char *)p, 1);
    }
    ix_sink_puts(s, "\"");
}

ix_status ix_geo_write_geojson(const ix_geo *g, const char *credit, const char *note,
                               int decimals, ix_sink *s, ix_diag *d)
{
    ix_sink_puts(s, "{\"type\":\"FeatureCollection\"");
    if (credit) {
        ix_sink_puts(s, ",\"credit\":");
        put_string(s, credit);
    }
    if (note) {
        ix_sink_puts(s, ",\"source\":");
        put_string(s, note);
    }
    ix_sink_puts(s, ",\"features\":[");
    for (size_t i = 0; i < g->nshapes; i++) {
        const ix_shape *sh = &g->shapes[i];
        size_t *owner = malloc((sh->nrings ? sh->nrings : 1) * sizeof *owner);
        if (!owner)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing shapes");
        /* Each hole goes with the smallest outer ring that holds its first point. */
        for (size_t r = 0; r < sh->nrings; r++) {
            owner[r] = r;
            if (!sh->rings[r].hole)
                continue;
            double best = INFINITY;
            for (size_t o = 0; o < sh->nrings; o++) {
                double a = fabs(ix_ring_signed_area(&sh->rings[o]));
                if (!sh->rings[o].hole && a < best && inside(&sh->rings[o], sh->rings[r].pts[0])) {
                    best = a;
                    owner[r] = o;
                }
            }
        }
        ix_sink_printf(s, "%s\n{\"type\":\"Feature\",\"properties\":{\"kommunekode\":%d", i ? "," : "",
                       sh->code);
        if (sh->name) {
            ix_sink_puts(s, ",\"navn\":");
            put_string(s, sh->name);
        }
        ix_sink_puts(s, "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
        int first = 1;
        for (size_t o = 0; o < sh->nrings; o++) {
            if (sh->rings[o].hole && owner[o] != o)
                continue; /* written with its outer ring */
            ix_sink_puts(s, first ? "[" : ",[");
            first = 0;
            put_ring(s, &sh->rings[o], decimals);
            for (size_t r = 0; r < sh->nrings; r++)
                if (r != o && sh->rings[r].hole && owner[r] == o) {
                    ix_sink_puts(s, ",");
                    put_ring(s, &sh->rings[r], decimals);
                }
            ix_sink_puts(s, "]");
        }
        ix_sink_puts(s, "]}}");
        free(owner);
    }
    ix_sink_puts(s, "\n]}\n");
    return IX_OK;
}
