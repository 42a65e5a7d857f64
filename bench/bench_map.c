/* Rendering the DAGI map to SVG: read + parse the GeoJSON, project,
 * classify, simplify and write, timed over several runs. The named baseline
 * is the same pipeline with no simplification (--simplify 0): the ratio
 * shows what the shared-border Douglas-Peucker costs in time and saves in
 * bytes. Reads ../shared/data (run from the repository root); exits 0 with a
 * message when it is absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"
#include "indeks/map.h"
#include "indeks/outfile.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int render(const char *text, size_t len, double simplify, size_t *bytes, size_t *points)
{
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
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
    if (!st)
        st = ix_svg_map_write(m, &s, &d);
    *bytes = b.len;
    *points = m ? ix_geo_point_count(ix_map_geo(m)) : 0;
    if (st)
        fprintf(stderr, "bench_map: %s\n", d.message);
    ix_buf_free(&b);
    ix_map_free(m);
    return st ? -1 : 0;
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
    double times[2];
    size_t bytes[2], points[2];
    const double tol[2] = {0.0, 0.4};
    for (int v = 0; v < 2; v++) {
        double best = INFINITY;
        for (int r = 0; r < runs; r++) {
            double t0 = now();
            if (render(text, len, tol[v], &bytes[v], &points[v]) != 0)
                return 1;
            double t = now() - t0;
            best = t < best ? t : best;
        }
        times[v] = best;
    }
    free(text);
    printf("bench_map: DAGI GeoJSON (%zu bytes) -> SVG, best of %d runs\n", len, runs);
    printf("  baseline, no simplification:  %7.1f ms  %8zu bytes  %6zu points\n", times[0] * 1e3,
           bytes[0], points[0]);
    printf("  simplified (0.4 px, shared):  %7.1f ms  %8zu bytes  %6zu points\n", times[1] * 1e3,
           bytes[1], points[1]);
    printf("  ratio simplified/baseline:    time %.2f, size %.2f\n", times[1] / times[0],
           (double)bytes[1] / (double)bytes[0]);
    return 0;
}
