/* Reading shapes: GeoJSON rings and holes, 2- and 3-value positions, the
 * code property found or named, the errors users meet; TopoJSON arcs decoded
 * from a tiny hand-written topology (quantized, delta-encoded, reversed);
 * simplification that keeps shared borders identical; the tile map. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"

static ix_geo *parse_ok(const char *text, const char *prop)
{
    ix_geo *g = NULL;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_geo_parse(text, strlen(text), "t.json", prop, &g, &d);
    if (st) {
        print_error("parse failed: %s\n", d.message);
        fail();
    }
    return g;
}

static ix_status parse_err(const char *text, const char *prop, ix_diag *d)
{
    ix_geo *g = NULL;
    ix_diag_clear(d);
    ix_status st = ix_geo_parse(text, strlen(text), "t.json", prop, &g, d);
    assert_null(g);
    return st;
}

static void test_geojson_hole(void **state)
{
    (void)state;
    /* 10x10 square with a 2x2 hole (given clockwise, as RFC 7946 asks),
     * 3-value positions, and a 1x1 island as a second polygon. */
    const char *text =
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        "\"properties\":{\"lau_1\":101,\"navn\":\"København\"},\"geometry\":{\"type\":"
        "\"MultiPolygon\",\"coordinates\":[[[[0,0,0],[10,0,0],[10,10,0],[0,10,0],[0,0,0]],"
        "[[4,4,0],[4,6,0],[6,6,0],[6,4,0],[4,4,0]]],[[[20,0],[21,0],[21,1],[20,1],[20,0]]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"lau_1\":411},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[30,0],[31,0],[31,1],[30,0]]]}}]}";
    ix_geo *g = parse_ok(text, NULL);
    assert_int_equal(g->nshapes, 1);
    assert_int_equal(g->omitted, 1); /* Christiansø */
    assert_string_equal(g->code_property, "lau_1");
    const ix_shape *s = ix_geo_find(g, 101);
    assert_non_null(s);
    assert_string_equal(s->name, "København");
    assert_int_equal(s->nrings, 3);
    assert_int_equal(s->rings[0].n, 4); /* closing point dropped */
    assert_int_equal(s->rings[0].hole, 0);
    assert_int_equal(s->rings[1].hole, 1);
    assert_true(ix_ring_signed_area(&s->rings[0]) > 0); /* counter-clockwise */
    assert_true(ix_ring_signed_area(&s->rings[1]) < 0);
    assert_true(fabs(ix_shape_area(s) - (100 - 4 + 1)) < 1e-12);
    assert_int_equal(g->units, IX_GEO_LONLAT);
    ix_geo_free(g);
}

static void test_code_property(void **state)
{
    (void)state;
    const char *text = "{\"type\":\"Feature\",\"properties\":{\"KOMKODE\":\"0147\",\"x\":5},"
                       "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}";
    ix_geo *g = parse_ok(text, NULL);
    assert_int_equal(g->shapes[0].code, 147);
    ix_geo_free(g);
    const char *named = "{\"type\":\"Feature\",\"properties\":{\"nr\":\"253\"},"
                        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}";
    g = parse_ok(named, "nr");
    assert_int_equal(g->shapes[0].code, 253);
    ix_geo_free(g);
    ix_diag d;
    assert_int_equal(parse_err(named, NULL, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "no municipality code property"));
    assert_non_null(strstr(d.message, "nr"));
    assert_int_equal(parse_err(named, "lau_1", &d), IX_ERR_INPUT);
    assert_string_equal(d.field, "code_property"); /* a parameter, not a flag */
}

static void test_bad_input(void **state)
{
    (void)state;
    ix_diag d;
    assert_int_equal(parse_err("kommunekode,x\n101,2\n", NULL, &d), IX_ERR_PARSE);
    assert_non_null(strstr(d.message, "not GeoJSON or TopoJSON"));
    assert_int_equal(d.line, 1);
    assert_int_equal(parse_err("{\"type\":\"Point\",\"coordinates\":[1,2]}", NULL, &d),
                     IX_ERR_INPUT);
    assert_int_equal(parse_err("{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":"
                               "{\"lau_1\":101},\"geometry\":{\"type\":\"Polygon\","
                               "\"coordinates\":[[[0,0],[1,\"a\"],[1,1]]]}}]}",
                               NULL, &d),
                     IX_ERR_INPUT);
    assert_string_equal(d.field, "features[0]");
    assert_int_equal(parse_err("{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":"
                               "{\"lau_1\":\"abc\"},\"geometry\":null}]}",
                               NULL, &d),
                     IX_ERR_INPUT);
}

/* Rings must close (RFC 7946 3.1.6; tests/data/bad/geojson_open_ring.geojson),
 * and errors found after parsing name the line of the feature at fault. */
static void test_open_ring(void **state)
{
    (void)state;
    ix_diag d;
    const char *open = "{\"type\":\"FeatureCollection\",\"features\":[\n"
                       "{\"properties\":{\"lau_1\":101},\"geometry\":{\"type\":\"Polygon\","
                       "\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}},\n"
                       "{\"properties\":{\"lau_1\":147},\"geometry\":{\"type\":\"Polygon\","
                       "\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}}]}";
    assert_int_equal(parse_err(open, NULL, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "not closed"));
    assert_string_equal(d.field, "features[1]");
    assert_int_equal(d.line, 3);
    const char *two = "{\"type\":\"Feature\",\"properties\":{\"lau_1\":101},\"geometry\":"
                      "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0]]]}}";
    assert_int_equal(parse_err(two, NULL, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "at least 4"));
    assert_int_equal(d.line, 1);
    const char *topo_open = "{\"type\":\"Topology\",\"arcs\":[[[0,0],[1,0],[1,1]]],\n\"objects\":"
                            "{\"o\":{\"type\":\"GeometryCollection\",\"geometries\":[\n"
                            "{\"type\":\"Polygon\",\"properties\":{\"kode\":101},\"arcs\":[[0]]}]}}}";
    assert_int_equal(parse_err(topo_open, NULL, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "not closed"));
    assert_string_equal(d.field, "objects.o.geometries[0]");
    assert_int_equal(d.line, 3);
}

/* Two unit squares side by side sharing the arc x = 1, quantized with
 * scale 0.5 and translate (10, 50), delta-encoded:
 *   arc 0: the shared border (1,0) -> (1,1), i.e. quantized (2,0) -> (2,2)
 *   arc 1: the left square's other sides  (1,1) -> (0,1) -> (0,0) -> (1,0)
 *   arc 2: the right square's other sides (1,0) -> (2,0) -> (2,1) -> (1,1)
 * Left ring = [0, 1]; right ring = [~0, 2] walks arc 0 backwards. */
static const char topo[] =
    "{\"type\":\"Topology\",\"transform\":{\"scale\":[0.5,0.5],\"translate\":[10,50]},"
    "\"arcs\":[[[2,0],[0,2]],[[2,2],[-2,0],[0,-2],[2,0]],[[2,0],[2,0],[0,2],[-2,0]]],"
    "\"objects\":{\"k\":{\"type\":\"GeometryCollection\",\"geometries\":["
    "{\"type\":\"Polygon\",\"properties\":{\"KOMKODE\":\"0101\"},\"arcs\":[[0,1]]},"
    "{\"type\":\"Polygon\",\"properties\":{\"KOMKODE\":\"0147\"},\"arcs\":[[-1,2]]},"
    "{\"type\":\"MultiPolygon\",\"properties\":{\"KOMKODE\":\"0101\"},\"arcs\":[[[1,0]]]}]}}}";

static void test_topojson_arcs(void **state)
{
    (void)state;
    ix_geo *g = parse_ok(topo, NULL);
    assert_int_equal(g->origin, IX_GEO_FROM_TOPOJSON);
    assert_int_equal(g->nshapes, 2);
    const ix_shape *l = ix_geo_find(g, 101), *r = ix_geo_find(g, 147);
    assert_int_equal(l->nrings, 2); /* two geometries with the same code merged */
    assert_int_equal(l->rings[0].n, 4);
    const double want_l[4][2] = {{11, 50}, {11, 51}, {10, 51}, {10, 50}};
    for (int i = 0; i < 4; i++) {
        assert_true(l->rings[0].pts[i].x == want_l[i][0]);
        assert_true(l->rings[0].pts[i].y == want_l[i][1]);
    }
    const double want_r[4][2] = {{11, 51}, {11, 50}, {12, 50}, {12, 51}};
    for (int i = 0; i < 4; i++) {
        assert_true(r->rings[0].pts[i].x == want_r[i][0]);
        assert_true(r->rings[0].pts[i].y == want_r[i][1]);
    }
    assert_true(fabs(ix_shape_area(r) - 1) < 1e-12);
    ix_geo_free(g);
    ix_diag d;
    const char *bad = "{\"type\":\"Topology\",\"arcs\":[[[0,0],[1,1]]],\"objects\":{\"o\":"
                      "{\"type\":\"Polygon\",\"properties\":{\"kode\":101},\"arcs\":[[5]]}}}";
    assert_int_equal(parse_err(bad, NULL, &d), IX_ERR_INPUT);
    assert_non_null(strstr(d.message, "arc 5 does not exist"));
    assert_string_equal(d.field, "objects.o");
}

/* Two shapes sharing a wiggly border: after simplification both hold
 * exactly the same points along it. */
static void test_simplify_shared(void **state)
{
    (void)state;
    ix_point border[21];
    for (int i = 0; i <= 20; i++)
        border[i] = (ix_point){50 + ((i % 2) ? 0.3 : -0.3) + (i == 10 ? 8 : 0), i * 5.0};
    ix_point left[24], right[24];
    size_t nl = 0, nr = 0;
    for (int i = 0; i <= 20; i++)
        left[nl++] = border[i];
    left[nl++] = (ix_point){0, 100};
    left[nl++] = (ix_point){0, 0};
    for (int i = 20; i >= 0; i--)
        right[nr++] = border[i];
    right[nr++] = (ix_point){100, 0};
    right[nr++] = (ix_point){100, 100};
    ix_geo *g = ix_geo_new(IX_GEO_FROM_GEOJSON);
    ix_diag d;
    assert_int_equal(ix_geo_add_ring(g, 101, NULL, left, nl, 0, &d), IX_OK);
    assert_int_equal(ix_geo_add_ring(g, 147, NULL, right, nr, 0, &d), IX_OK);
    g->units = IX_GEO_METRES;
    assert_int_equal(ix_geo_simplify(g, 1.0, &d), IX_OK);
    const ix_ring *a = &g->shapes[0].rings[0], *b = &g->shapes[1].rings[0];
    assert_true(a->n < nl && b->n < nr);
    size_t on_a = 0, on_b = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->pts[i].x > 40 && a->pts[i].x < 60) {
            on_a++;
            int found = 0;
            for (size_t j = 0; j < b->n; j++)
                found |= a->pts[i].x == b->pts[j].x && a->pts[i].y == b->pts[j].y;
            assert_true(found);
        }
    for (size_t j = 0; j < b->n; j++)
        on_b += b->pts[j].x > 40 && b->pts[j].x < 60;
    assert_int_equal(on_a, on_b);
    assert_true(on_a >= 3 && on_a < 21); /* ends and the spike kept, wiggles dropped */
    ix_geo_free(g);
}

static void test_tilemap(void **state)
{
    (void)state;
    ix_geo *g = NULL;
    ix_diag d;
    assert_int_equal(ix_tilemap_geo(&g, &d), IX_OK);
    assert_int_equal(g->nshapes, 98);
    assert_int_equal(g->units, IX_GEO_TILES);
    for (size_t i = 0; i < ix_kommune_count(); i++)
        assert_non_null(ix_geo_find(g, ix_kommune_at(i)->code));
    int seen[20][20] = {{0}};
    for (size_t i = 0; i < g->nshapes; i++) {
        int col, row;
        assert_int_equal(ix_tilemap_cell(g->shapes[i].code, &col, &row), 0);
        assert_int_equal(seen[row][col], 0); /* one municipality per cell */
        seen[row][col] = g->shapes[i].code;
    }
    /* Bornholm apart: none of its six neighbours is taken. */
    int col, row;
    ix_tilemap_cell(400, &col, &row);
    int off = row % 2;
    const int nb[6][2] = {{-1, 0}, {1, 0}, {off - 1, -1}, {off, -1}, {off - 1, 1}, {off, 1}};
    for (int i = 0; i < 6; i++)
        assert_int_equal(seen[row + nb[i][1]][col + nb[i][0]], 0);
    /* København next to Frederiksberg. */
    int c1, r1, c2, r2;
    ix_tilemap_cell(101, &c1, &r1);
    ix_tilemap_cell(147, &c2, &r2);
    double dx = (c1 + 0.5 * (r1 % 2)) - (c2 + 0.5 * (r2 % 2)), dy = (r1 - r2) * sqrt(3) / 2;
    assert_true(fabs(sqrt(dx * dx + dy * dy) - 1) < 1e-9);
    ix_geo_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson_hole),  cmocka_unit_test(test_code_property),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_open_ring),     cmocka_unit_test(test_topojson_arcs),
        cmocka_unit_test(test_simplify_shared), cmocka_unit_test(test_tilemap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
