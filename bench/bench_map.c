/* Rendering the DAGI map: read + parse the GeoJSON, project, classify,
 * simplify and write, timed over several runs (best of).
 * 1. SVG without simplification against SVG simplified (0.4 px): what the
 *    shared-border Douglas-Peucker costs in time and saves in bytes.
 * 2. The same simplified map as PNG and PDF through the cairo backend, with
 *    the SVG path as the named baseline: whole pipeline, and the writing
 *    alone (the map prepared once, then drawn to each format).
 * Reads ../shared/data (run from the repository root); exits 0 with a
 * message when it is absent. PNG/PDF lines are left out in a build without
 * cairo. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"
#include "indeks/map.h"
#include "indeks/map_cairo.h"
#include "indeks/outfile.h"

typedef enum { OUT_SVG = 0, OUT_PNG, OUT_PDF } out_kind;

static const char *const kind_name[] = {"SVG", "PNG", "PDF"};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static ix_status write_map(const ix_map *m, out_kind kind, ix_sink *s, ix_diag *d)
{
    if (kind == OUT_SVG)
        return ix_svg_map_write(m, s, d);
    return ix_cairo_map_write(m, kind == OUT_PNG ? IX_CAIRO_PNG : IX_CAIRO_PDF, 1.0, s, d);
}

/* Parses and prepares the map; NULL on failure (message printed). */
static ix_map *prepare(const char *text, size_t len, double simplify)
{
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    ix_map_options o;
    ix_map_options_init(&o);
    o.simplify_px = simplify;
    o.title = "bench";
    ix_status st = ix_geo_parse(text, len, "dagi", NULL, &g, &d);
    if (!st)
        st = ix_map_new(g, &m, &d);
    for (size_t i = 0; !st && i < ix_kommune_count(); i++)
        ix_map_set_value(m, ix_kommune_at(i)->code, (double)(ix_kommune_at(i)->code % 37));
    if (!st)
        st = ix_class_spec_parse("jenks:5", &o.classes, &d);
    if (!st)
        st = ix_map_prepare(m, &o, &d);
    if (st) {
        fprintf(stderr, "bench_map: %s\n", d.message);
        ix_map_free(m);
        return NULL;
    }
    return m;
}

/* Writes m once; returns the bytes written or 0 on failure. */
static size_t draw(const ix_map *m, out_kind kind)
{
    ix_diag d;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_status st = write_map(m, kind, &s, &d);
    size_t n = b.len;
    if (st)
        fprintf(stderr, "bench_map: %s\n", d.message);
    ix_buf_free(&b);
    return st ? 0 : n;
}

/* The whole pipeline once. */
static int render(const char *text, size_t len, double simplify, out_kind kind, size_t *bytes,
                  size_t *points)
{
    ix_map *m = prepare(text, len, simplify);
    if (!m)
        return -1;
    *bytes = draw(m, kind);
    *points = ix_geo_point_count(ix_map_geo(m));
    ix_map_free(m);
    return *bytes ? 0 : -1;
}

int main(void)
{
    const char *path = "../shared/data/geo/kommuner_dagi.geojson";
    char *text = NULL;
    size_t len = 0;
    ix_diag d;
    if (ix_read_file(path, &text, &len, &d) != IX_OK) {
        printf("bench_map: skipped, %s is absent\n", path);
        return 0;
    }
    const int runs = 10;
    /* Variants: SVG unsimplified, then SVG, PNG, PDF simplified. */
    const double tol[4] = {0.0, 0.4, 0.4, 0.4};
    const out_kind kind[4] = {OUT_SVG, OUT_SVG, OUT_PNG, OUT_PDF};
    int nvar = ix_cairo_available() ? 4 : 2;
    double times[4], draw_times[4] = {0};
    size_t bytes[4], points[4];
    for (int v = 0; v < nvar; v++) {
        double best = INFINITY;
        for (int r = 0; r < runs; r++) {
            double t0 = now();
            if (render(text, len, tol[v], kind[v], &bytes[v], &points[v]) != 0)
                return 1;
            double t = now() - t0;
            best = t < best ? t : best;
        }
        times[v] = best;
    }
    ix_map *m = prepare(text, len, 0.4); /* the writing alone */
    if (!m)
        return 1;
    for (int v = 1; v < nvar; v++) {
        double best = INFINITY;
        for (int r = 0; r < runs; r++) {
            double t0 = now();
            if (draw(m, kind[v]) == 0)
                return 1;
            double t = now() - t0;
            best = t < best ? t : best;
        }
        draw_times[v] = best;
    }
    ix_map_free(m);
    free(text);
    printf("bench_map: DAGI GeoJSON (%zu bytes) -> map, best of %d runs\n", len, runs);
    printf("  baseline, no simplification:  %7.1f ms  %8zu bytes  %6zu points\n", times[0] * 1e3,
           bytes[0], points[0]);
    printf("  simplified (0.4 px, shared):  %7.1f ms  %8zu bytes  %6zu points\n", times[1] * 1e3,
           bytes[1], points[1]);
    printf("  ratio simplified/baseline:    time %.2f, size %.2f\n", times[1] / times[0],
           (double)bytes[1] / (double)bytes[0]);
    if (nvar == 2) {
        printf("  PNG/PDF: not in this build (no cairo)\n");
        return 0;
    }
    printf("\n  simplified map, by format:     pipeline   writing only     bytes\n");
    for (int v = 1; v < nvar; v++)
        printf("  %-3s %-26s%7.1f ms     %7.1f ms  %8zu\n", kind_name[kind[v]],
               v == 1 ? "(baseline)" : "(cairo)", times[v] * 1e3, draw_times[v] * 1e3, bytes[v]);
    for (int v = 2; v < nvar; v++)
        printf("  ratio %s/SVG:                pipeline %.2f, writing %.1f, size %.2f\n",
               kind_name[kind[v]], times[v] / times[1], draw_times[v] / draw_times[1],
               (double)bytes[v] / (double)bytes[1]);
    ix_cairo_release();
    return 0;
}
