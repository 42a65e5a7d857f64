/* The transverse Mercator / UTM 32N projection against independent results:
 *  - Snyder's worked example (J. P. Snyder, "Map Projections: A Working
 *    Manual", USGS Professional Paper 1395, 1987, p. 269): Clarke 1866,
 *    lat 40°30'N, lon 73°30'W, central meridian 75°W, k0 0.9996 gives
 *    x = 127,106.5 m, y = 4,484,124.4 m;
 *  - on the central meridian, northing = k0 times the meridian arc, here
 *    integrated numerically (Simpson) from the radius of curvature;
 *  - Danish points taken back to lon/lat by Snyder's inverse series
 *    (pp. 63-64), written out here independently of the forward code;
 *  - range detection: metres are passed through unchanged. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "indeks/geo.h"

#define DEG (3.14159265358979323846 / 180.0)

static void near(double got, double want, double tol, const char *what)
{
    if (fabs(got - want) > tol) {
        print_error("%s: got %.6f, want %.6f (tolerance %g)\n", what, got, want, tol);
        fail();
    }
}

static void test_snyder_example(void **state)
{
    (void)state;
    double e2 = 0.00676866;
    ix_tmerc clarke = {6378206.4, 1 - sqrt(1 - e2), -75.0, 0.9996, 0, 0};
    double x, y;
    ix_tmerc_forward(&clarke, -73.5, 40.5, &x, &y);
    near(x, 127106.5, 0.06, "Snyder x");
    near(y, 4484124.4, 0.06, "Snyder y");
}

/* Meridian arc from the equator to lat (degrees) by Simpson's rule. */
static double meridian_arc(double a, double f, double lat)
{
    double e2 = f * (2 - f), phi = lat * DEG, sum = 0;
    int n = 20000;
    for (int i = 0; i <= n; i++) {
        double p = phi * i / n, w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
        sum += w * a * (1 - e2) / pow(1 - e2 * sin(p) * sin(p), 1.5);
    }
    return sum * phi / n / 3;
}

static void test_central_meridian(void **state)
{
    (void)state;
    const double lats[] = {0, 54.5, 55.6761, 57.75};
    for (size_t i = 0; i < sizeof lats / sizeof lats[0]; i++) {
        double e, n;
        ix_tmerc_forward(&ix_utm32n, 9.0, lats[i], &e, &n);
        near(e, 500000.0, 1e-6, "easting on the central meridian");
        near(n, 0.9996 * meridian_arc(ix_utm32n.a, ix_utm32n.f, lats[i]), 0.001, "northing");
    }
}

/* Snyder's inverse, for UTM 32N on GRS80. */
static void snyder_inverse(double east, double north, double *lon, double *lat)
{
    double a = ix_utm32n.a, f = ix_utm32n.f, k0 = 0.9996, e2 = f * (2 - f);
    double ep2 = e2 / (1 - e2), x = east - 500000, m = north / k0;
    double mu = m / (a * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
    double e1 = (1 - sqrt(1 - e2)) / (1 + sqrt(1 - e2));
    double p1 = mu + (3 * e1 / 2 - 27 * pow(e1, 3) / 32) * sin(2 * mu) +
                (21 * e1 * e1 / 16 - 55 * pow(e1, 4) / 32) * sin(4 * mu) +
                151 * pow(e1, 3) / 96 * sin(6 * mu) + 1097 * pow(e1, 4) / 512 * sin(8 * mu);
    double c1 = ep2 * cos(p1) * cos(p1), t1 = tan(p1) * tan(p1);
    double n1 = a / sqrt(1 - e2 * sin(p1) * sin(p1));
    double r1 = a * (1 - e2) / pow(1 - e2 * sin(p1) * sin(p1), 1.5), dd = x / (n1 * k0);
    *lat = p1 - n1 * tan(p1) / r1 *
                    (dd * dd / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * ep2) * pow(dd, 4) / 24 +
                     (61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * ep2 - 3 * c1 * c1) *
                         pow(dd, 6) / 720);
    *lon = 9 * DEG + (dd - (1 + 2 * t1 + c1) * pow(dd, 3) / 6 +
                      (5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * ep2 + 24 * t1 * t1) * pow(dd, 5) /
                          120) /
                         cos(p1);
    *lat /= DEG;
    *lon /= DEG;
}

static void test_inverse_roundtrip(void **state)
{
    (void)state;
    /* København, Skagen, Esbjerg, Gedser, Rønne (Bornholm, 5.7° off the meridian) */
    const double pts[][2] = {{12.5683, 55.6761}, {10.5833, 57.7209}, {8.4519, 55.4765},
                             {11.9289, 54.5744}, {14.7000, 55.1000}};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        double e, n, lon, lat;
        ix_tmerc_forward(&ix_utm32n, pts[i][0], pts[i][1], &e, &n);
        snyder_inverse(e, n, &lon, &lat);
        double tol = i == 4 ? 2e-6 : 3e-7; /* Snyder's series lose accuracy far out */
        near(lon, pts[i][0], tol, "longitude back");
        near(lat, pts[i][1], tol, "latitude back");
    }
    /* København lies east of the zone's centre, ~6.18 million metres north. */
    double e, n;
    ix_tmerc_forward(&ix_utm32n, 12.5683, 55.6761, &e, &n);
    assert_true(e > 720000 && e < 730000);
    assert_true(n > 6170000 && n < 6180000);
}

static void test_geo_detects_metres(void **state)
{
    (void)state;
    ix_diag d;
    ix_point deg[] = {{9, 55}, {10, 55}, {10, 56}};
    ix_point metres[] = {{500000, 6100000}, {510000, 6100000}, {510000, 6110000}};
    ix_geo *g = ix_geo_new(IX_GEO_FROM_GEOJSON);
    assert_int_equal(ix_geo_add_ring(g, 101, NULL, deg, 3, 0, &d), IX_OK);
    ix_geo_finish(g);
    assert_int_equal(g->units, IX_GEO_LONLAT);
    ix_geo_project_utm32(g);
    assert_int_equal(g->units, IX_GEO_METRES);
    near(g->shapes[0].rings[0].pts[0].x, 500000, 1e-6, "projected x");
    ix_geo_free(g);

    g = ix_geo_new(IX_GEO_FROM_GEOJSON);
    assert_int_equal(ix_geo_add_ring(g, 101, NULL, metres, 3, 0, &d), IX_OK);
    ix_geo_finish(g);
    assert_int_equal(g->units, IX_GEO_METRES);
    ix_geo_project_utm32(g); /* a no-op */
    near(g->shapes[0].rings[0].pts[1].x, 510000, 0, "passed through");
    ix_geo_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snyder_example),
        cmocka_unit_test(test_central_meridian),
        cmocka_unit_test(test_inverse_roundtrip),
        cmocka_unit_test(test_geo_detects_metres),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
