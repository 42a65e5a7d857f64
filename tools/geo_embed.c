/* geo_embed: makes the boundaries indeks embeds (data/geo/kommuner_dagi.geojson)
 * from the DAGI municipal boundaries, with the project's own simplifier.
 *
 *   geo_embed IN.geojson OUT.geojson [TOLERANCE_M [MIN_ISLAND_M2]]
 *
 * Steps, all deterministic (the same bytes for the same input):
 *  1. read IN (GeoJSON or TopoJSON; 411 Christiansø is left out) and project
 *     it to ETRS89 / UTM zone 32N (EPSG:25832) metres;
 *  2. round every coordinate to whole metres (a point two municipalities
 *     share rounds alike on both sides), dropping repeated points;
 *  3. drop islands smaller than MIN_ISLAND_M2 (default 1 000 000 m2, 1 km2;
 *     rings that share no point with another ring: they open no gap);
 *  4. simplify with ix_geo_simplify (Douglas-Peucker on the chains between
 *     junctions, each shared border once, so neighbours keep meeting) at
 *     TOLERANCE_M metres (default 200);
 *  5. write GeoJSON in whole metres with the DAGI credit line and a note on
 *     the source (ix_geo_write_geojson).
 * tests/data/map_embedded_regenerate runs it on ../shared and compares the
 * output with the committed file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/geo.h"
#include "indeks/map_load.h"
#include "indeks/number.h"
#include "indeks/outfile.h"
#include "indeks/sink.h"

static const char note[] =
    "Simplified by indeks tools/geo_embed.c (whole metres in ETRS89 / UTM 32N, EPSG:25832; "
    "islands under %s m2 left out; shared borders simplified once, Douglas-Peucker %s m) from "
    "DAGI municipal boundaries (Klimadatastyrelsen, CC BY 4.0) as published in "
    "github.com/blackplague/geojson-danish-municipalities municipalities.geojson, "
    "commit 8737169e (2023)";

/* Whether ring ri of shape si shares a point with any other ring. */
static int ring_is_shared(const ix_geo *g, size_t si, size_t ri)
{
    const ix_ring *ring = &g->shapes[si].rings[ri];
    for (size_t k = 0; k < ring->n; k++)
        for (size_t i = 0; i < g->nshapes; i++)
            for (size_t r = 0; r < g->shapes[i].nrings; r++) {
                if (i == si && r == ri)
                    continue;
                const ix_ring *o = &g->shapes[i].rings[r];
                for (size_t q = 0; q < o->n; q++)
                    if (o->pts[q].x == ring->pts[k].x && o->pts[q].y == ring->pts[k].y)
                        return 1;
            }
    return 0;
}

/* Rounded copy of g without the small lone islands. */
static ix_status rounded(const ix_geo *g, double min_area, ix_geo **out, ix_diag *d)
{
    ix_geo *r = ix_geo_new(g->origin);
    if (!r)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = IX_OK;
    for (size_t i = 0; i < g->nshapes && !st; i++) {
        const ix_shape *s = &g->shapes[i];
        for (size_t k = 0; k < s->nrings && !st; k++) {
            ix_ring ring = s->rings[k];
            ix_point *pts = malloc((ring.n ? ring.n : 1) * sizeof *pts);
            if (!pts) {
                st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            }
            for (size_t q = 0; q < ring.n; q++)
                pts[q] = (ix_point){round(ring.pts[q].x), round(ring.pts[q].y)};
            st = ix_geo_add_ring(r, s->code, s->name, pts, ring.n, ring.hole, d);
            free(pts);
        }
    }
    ix_geo_finish(r);
    r->units = IX_GEO_METRES;
    /* Small islands out: only outer rings sharing no point with any other. */
    for (size_t i = 0; i < r->nshapes && !st; i++) {
        ix_shape *s = &r->shapes[i];
        double biggest = 0;
        for (size_t k = 0; k < s->nrings; k++)
            biggest = fmax(biggest, fabs(ix_ring_signed_area(&s->rings[k])));
        for (size_t k = 0; k < s->nrings;) {
            double a = fabs(ix_ring_signed_area(&s->rings[k]));
            if (!s->rings[k].hole && a < min_area && a < biggest && !ring_is_shared(r, i, k)) {
                free(s->rings[k].pts);
                memmove(&s->rings[k], &s->rings[k + 1], (s->nrings - k - 1) * sizeof s->rings[0]);
                s->nrings--;
            } else
                k++;
        }
    }
    if (st)
        ix_geo_free(r);
    else
        *out = r;
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fputs("usage: geo_embed IN.geojson OUT.geojson [TOLERANCE_M [MIN_ISLAND_M2]]\n", stderr);
        return 2;
    }
    double tol = 200, min_area = 1000000;
    const char *why = NULL;
    if ((argc > 3 && (ix_parse_number(argv[3], '.', &tol, &why) != 0 || !(tol >= 0))) ||
        (argc > 4 && (ix_parse_number(argv[4], '.', &min_area, &why) != 0 || !(min_area >= 0)))) {
        fputs("geo_embed: TOLERANCE_M and MIN_ISLAND_M2 are numbers >= 0\n", stderr);
        return 2;
    }
    ix_diag d;
    ix_diag_clear(&d);
    char *text = NULL;
    size_t len = 0;
    ix_geo *g = NULL, *r = NULL;
    ix_buf buf;
    ix_buf_init(&buf);
    ix_sink sink = ix_buf_sink(&buf);
    const char *base = strrchr(argv[1], '/');
    ix_status st = ix_read_file(argv[1], &text, &len, &d);
    if (!st) /* the file's own name only: no local path goes into the output */
        st = ix_geo_parse(text, len, base ? base + 1 : argv[1], NULL, &g, &d);
    if (!st) {
        ix_geo_project_utm32(g);
        st = rounded(g, min_area, &r, &d);
    }
    if (!st)
        st = ix_geo_simplify(r, tol, &d);
    if (!st) {
        char n[sizeof note + 64], ts[32], as[32];
        ix_format_exact(tol, '.', ts, sizeof ts);
        ix_format_exact(min_area, '.', as, sizeof as);
        snprintf(n, sizeof n, note, as, ts);
        st = ix_geo_write_geojson(r, IX_GEO_DAGI_CREDIT, n, 0, &sink, &d);
    }
    if (!st)
        st = ix_write_file_atomic(argv[2], buf.data, buf.len, &d);
    if (st)
        fprintf(stderr, "geo_embed: %s%s%s\n", d.file, d.file[0] ? ": " : "", d.message);
    else
        fprintf(stderr, "geo_embed: %zu shapes, %zu points, %zu bytes\n", r->nshapes,
                ix_geo_point_count(r), buf.len);
    ix_buf_free(&buf);
    ix_geo_free(g);
    ix_geo_free(r);
    free(text);
    return st ? 2 : 0;
}
