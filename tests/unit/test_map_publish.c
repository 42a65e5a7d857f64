/* Maps fit to publish (issue 14, points 0 and 10-13): the embedded DAGI
 * boundaries as the default geometry and their credit, the credit that
 * follows the geometry, the Copenhagen inset, class labels that cannot be
 * read two ways (with a true minus sign), the palette from "higher is
 * better", the tile map's short labels and the HTML legend.
 * Expected values are worked out by hand in the comments. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"
#include "indeks/map.h"
#include "indeks/map_load.h"
#include "indeks/outfile.h"
#include "indeks/palette.h"

#define MINUS "\xe2\x88\x92"
#define DASH "\xe2\x80\x93"

/* A tile map with the given values on the first n municipalities (by
 * code), the rest missing, prepared with spec. */
static ix_map *tile_map(const double *v, size_t n, const char *spec, char decimal, int direction)
{
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    assert_int_equal(ix_map_geometry_load("tiles", NULL, &g, &d), IX_OK);
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ix_map_set_value(m, ix_kommune_at(i)->code, v[i]), 0);
    ix_map_options o;
    ix_map_options_init(&o);
    assert_int_equal(ix_class_spec_parse(spec, &o.classes, &d), IX_OK);
    o.decimal = decimal;
    o.direction = direction;
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    return m;
}

/* Values with one decimal, -1.5 -0.5 0.0 0.5 1.5; equal:3 gives the bounds
 * -1.5, -0.5, 0.5, 1.5 and classes closed on the right: (.., -0.5] holds
 * -1.5 and -0.5, (-0.5, 0.5] holds 0.0 and 0.5, (0.5, 1.5] holds 1.5. At the
 * values' precision (0.1) the second class starts at -0.4, the third at
 * 0.6; negatives carry U+2212. */
static void test_labels_at_value_precision(void **state)
{
    (void)state;
    const double v[] = {-1.5, -0.5, 0.0, 0.5, 1.5};
    ix_map *m = tile_map(v, 5, "equal:3", ',', 0);
    char buf[96];
    assert_string_equal(ix_map_class_label(m, 0, buf, sizeof buf), MINUS "1,5" DASH MINUS "0,5");
    assert_string_equal(ix_map_class_label(m, 1, buf, sizeof buf), MINUS "0,4" DASH "0,5");
    assert_string_equal(ix_map_class_label(m, 2, buf, sizeof buf), "0,6" DASH "1,5");
    assert_int_equal(ix_map_classes(m)->count[0], 2);
    assert_int_equal(ix_map_classes(m)->count[1], 2);
    assert_int_equal(ix_map_classes(m)->count[2], 1);
    ix_map_free(m);
}

/* 0.0 0.1 1.0 in equal:3: bounds 0, 1/3, 2/3, 1 are finer than the values'
 * tenths, so the labels keep the bounds (3 decimals for a range of 1) and
 * mark the open lower end with '>'. */
static void test_labels_finer_than_values(void **state)
{
    (void)state;
    const double v[] = {0.0, 0.1, 1.0};
    ix_map *m = tile_map(v, 3, "equal:3", '.', 0);
    char buf[96];
    assert_string_equal(ix_map_class_label(m, 0, buf, sizeof buf), "0.000" DASH "0.333");
    assert_string_equal(ix_map_class_label(m, 1, buf, sizeof buf), ">0.333" DASH "0.667");
    assert_string_equal(ix_map_class_label(m, 2, buf, sizeof buf), ">0.667" DASH "1.000");
    ix_map_free(m);
}

/* The default palette runs from bad (red) to good: ColorBrewer RdBu with 7
 * classes is b2182b ... 2166ac (red to blue), YlOrRd 5 ffffb2 ... bd0026. */
static void test_palette_direction(void **state)
{
    (void)state;
    assert_string_equal(ix_map_default_palette(1, 1), "RdBu");
    assert_string_equal(ix_map_default_palette(1, -1), "RdBu_r");
    assert_string_equal(ix_map_default_palette(1, 0), "RdBu_r");
    assert_string_equal(ix_map_default_palette(0, 1), "YlOrRd_r");
    assert_string_equal(ix_map_default_palette(0, -1), "YlOrRd");
    const double v[] = {-3, -2, -1, 0, 1, 2, 3};
    ix_map *up = tile_map(v, 7, "diverging:0", '.', 1);
    ix_map *down = tile_map(v, 7, "diverging:0", '.', -1);
    int k = ix_map_classes(up)->k;
    assert_int_equal(k, 7);
    assert_int_equal(ix_map_class_color(up, 0), 0xb2182b);     /* lowest: red, bad */
    assert_int_equal(ix_map_class_color(up, k - 1), 0x2166ac); /* highest: blue, good */
    assert_int_equal(ix_map_class_color(down, 0), 0x2166ac);
    assert_int_equal(ix_map_class_color(down, k - 1), 0xb2182b);
    ix_map_free(up);
    ix_map_free(down);
    const double s[] = {1, 2, 3, 4, 5};
    ix_map *seq = tile_map(s, 5, "quantile:5", '.', 1);
    assert_int_equal(ix_map_class_color(seq, 0), 0xbd0026); /* low is bad: dark red */
    ix_map_free(seq);
}

/* Every municipality has a short label, and no two are alike. */
static void test_tile_labels_unique(void **state)
{
    (void)state;
    size_t n = ix_kommune_count();
    assert_int_equal(n, 98);
    for (size_t i = 0; i < n; i++) {
        const char *a = ix_tilemap_label(ix_kommune_at(i)->code);
        assert_non_null(a);
        assert_true(strlen(a) >= 3 && strlen(a) <= 6); /* 3 letters, æøå take 2 bytes */
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(a, ix_tilemap_label(ix_kommune_at(j)->code));
    }
    assert_string_equal(ix_tilemap_label(101), "KBH");
    assert_null(ix_tilemap_label(411)); /* Christiansø is no municipality */
}

/* Counting canvas: items, inset copies, the box of each item's points. */
typedef struct {
    int items, inset;
    int code[200], is_inset[200];
    double box[200][4];
    int texts_kbh;
} counter;

static void c_begin(void *ctx, double w, double h, const char *t)
{
    (void)ctx, (void)w, (void)h, (void)t;
}
static void c_end(void *ctx)
{
    (void)ctx;
}
static void c_begin_item(void *ctx, const ix_canvas_item *it)
{
    counter *c = ctx;
    assert_true(c->items < 200);
    c->code[c->items] = it->code;
    c->is_inset[c->items] = it->inset;
    c->box[c->items][0] = c->box[c->items][1] = INFINITY;
    c->box[c->items][2] = c->box[c->items][3] = -INFINITY;
    c->inset += it->inset;
    c->items++;
}
static void c_end_item(void *ctx)
{
    (void)ctx;
}
static void c_point(void *ctx, double x, double y)
{
    counter *c = ctx;
    if (c->items == 0)
        return;
    double *b = c->box[c->items - 1];
    b[0] = fmin(b[0], x);
    b[1] = fmin(b[1], y);
    b[2] = fmax(b[2], x);
    b[3] = fmax(b[3], y);
}
static void c_close(void *ctx)
{
    (void)ctx;
}
static void c_fill(void *ctx, const ix_paint *p, int keep)
{
    (void)ctx, (void)p, (void)keep;
}
static void c_stroke(void *ctx, uint32_t rgb, double w)
{
    (void)ctx, (void)rgb, (void)w;
}
static void c_text(void *ctx, double x, double y, double size, int bold, ix_anchor a, uint32_t rgb,
                   const char *t)
{
    (void)x, (void)y, (void)size, (void)bold, (void)a, (void)rgb;
    ((counter *)ctx)->texts_kbh += strcmp(t, "KBH") == 0;
}

static void draw_counting(const ix_map *m, counter *c)
{
    memset(c, 0, sizeof *c);
    ix_canvas cv = {c, c_begin, c_end, c_begin_item, c_end_item, c_point, c_point, c_close,
                    c_fill, c_stroke, c_text};
    ix_map_draw(m, &cv);
}

/* No geometry: the embedded DAGI boundaries, 98 municipalities in metres
 * (UTM 32N), with DAGI's credit line; "tiles": the tile map, no credit. */
static void test_embedded_default(void **state)
{
    (void)state;
    ix_geo *g = NULL;
    ix_diag d;
    assert_int_equal(ix_map_geometry_load(NULL, NULL, &g, &d), IX_OK);
    assert_int_equal(g->nshapes, 98);
    assert_int_equal(g->units, IX_GEO_METRES);
    assert_string_equal(ix_geo_credit(g),
                        "Kommunegrænser: Indeholder data fra Klimadatastyrelsen, DAGI");
    /* Copenhagen's town hall square (55.6757 N, 12.5689 E) lies in 101: in
     * UTM 32N about 724 400 E, 6 176 600 N (by ix_tmerc_forward). */
    double e, n;
    ix_tmerc_forward(&ix_utm32n, 12.5689, 55.6757, &e, &n);
    double box[4];
    assert_int_equal(ix_shape_bbox(ix_geo_find(g, 101), box), 0);
    assert_true(e > box[0] && e < box[2] && n > box[1] && n < box[3]);
    ix_geo_free(g);
    assert_int_equal(ix_map_geometry_load("tiles", NULL, &g, &d), IX_OK);
    assert_null(ix_geo_credit(g));
    ix_geo_free(g);
}

/* The credit follows the file: its own "credit", DAGI's layout, or none. */
static void test_credit_follows_geometry(void **state)
{
    (void)state;
    const char *own = "{\"type\":\"FeatureCollection\",\"credit\":\"Egne grænser\",\"features\":["
                      "{\"type\":\"Feature\",\"properties\":{\"kode\":101},\"geometry\":{\"type\":"
                      "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}";
    const char *none = "{\"type\":\"FeatureCollection\",\"features\":["
                       "{\"type\":\"Feature\",\"properties\":{\"kode\":101},\"geometry\":{\"type\":"
                       "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}";
    ix_geo *g = NULL;
    ix_diag d;
    assert_int_equal(ix_geo_parse(own, strlen(own), "own.geojson", NULL, &g, &d), IX_OK);
    assert_string_equal(ix_geo_credit(g), "Egne grænser");
    ix_geo_free(g);
    assert_int_equal(ix_geo_parse(none, strlen(none), "none.geojson", NULL, &g, &d), IX_OK);
    assert_null(ix_geo_credit(g));
    ix_geo_free(g);
    char *text = NULL;
    size_t len = 0;
    if (ix_read_file("../shared/data/geo/kommuner_dagi_2014.topojson", &text, &len, &d) == IX_OK) {
        assert_int_equal(ix_geo_parse(text, len, "k.topojson", NULL, &g, &d), IX_OK);
        assert_non_null(strstr(ix_geo_credit(g), "DAGI 2014"));
        ix_geo_free(g);
        free(text);
    }
}

/* The Copenhagen inset draws the 17 municipalities 101-187 a second time,
 * larger: Brøndby (153, about 9 km east-west) is some 11 px wide on the
 * mainland's 560 px (Denmark's mainland is about 450 km wide: 1.24 px/km);
 * the inset is 0.32 x 560 = 179 px for the about 35 km from Høje-Taastrup to
 * Amager (about 4.9 px/km with its margins), so Brøndby is some 2.5 to 3
 * times as wide there. The tile map has no inset but short labels. */
static void test_copenhagen_inset(void **state)
{
    (void)state;
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    assert_int_equal(ix_map_geometry_load(NULL, NULL, &g, &d), IX_OK);
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    for (size_t i = 0; i < ix_kommune_count(); i++)
        ix_map_set_value(m, ix_kommune_at(i)->code, (double)i);
    ix_map_options o;
    ix_map_options_init(&o);
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    counter *c = calloc(1, sizeof *c);
    assert_non_null(c);
    draw_counting(m, c);
    assert_int_equal(c->items, 98 + 17);
    assert_int_equal(c->inset, 17);
    double main_w = 0, inset_w = 0;
    for (int i = 0; i < c->items; i++) {
        if (c->is_inset[i])
            assert_true(c->code[i] >= 101 && c->code[i] <= 187);
        if (c->code[i] == 153)
            *(c->is_inset[i] ? &inset_w : &main_w) = c->box[i][2] - c->box[i][0];
    }
    print_message("Brøndby: %.1f px on the main map, %.1f px in the inset\n", main_w, inset_w);
    assert_true(main_w > 8 && main_w < 15);
    assert_true(inset_w > 2.4 * main_w && inset_w > 25);
    ix_map_free(m);

    const double v[] = {1, 2};
    m = tile_map(v, 2, "quantile:2", '.', 0);
    draw_counting(m, c);
    assert_int_equal(c->inset, 0);
    assert_int_equal(c->texts_kbh, 1);
    ix_map_free(m);
    free(c);
}

/* The legend as HTML: one row per class with the same label and colour as
 * the SVG's, the missing values, the title escaped. */
static void test_legend_html(void **state)
{
    (void)state;
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    assert_int_equal(ix_map_geometry_load("tiles", NULL, &g, &d), IX_OK);
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    const double v[] = {-1.5, -0.5, 0.0, 0.5, 1.5};
    for (size_t i = 0; i < 5; i++)
        ix_map_set_value(m, ix_kommune_at(i)->code, v[i]);
    ix_map_options o;
    ix_map_options_init(&o);
    assert_int_equal(ix_class_spec_parse("equal:3", &o.classes, &d), IX_OK);
    o.legend_title = "a<b";
    o.decimal = ',';
    o.danish = 1;
    o.no_legend = 1;
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    assert_int_equal(ix_map_legend_html(m, &s, &d), IX_OK);
    assert_non_null(strstr(b.data, "<p class=\"ix-legend-title\">a&lt;b</p>"));
    assert_non_null(strstr(b.data, MINUS "0,4" DASH "0,5 <span class=\"ix-count\">(2)</span>"));
    assert_non_null(strstr(b.data, "ingen værdi <span class=\"ix-count\">(93)</span>"));
    /* equal:3 is sequential: YlOrRd 3 is ffeda0 feb24c f03b20 */
    assert_non_null(strstr(b.data, "fill=\"#ffeda0\""));
    assert_non_null(strstr(b.data, "fill=\"#f03b20\""));
    ix_buf_free(&b);
    ix_map_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_at_value_precision),
        cmocka_unit_test(test_labels_finer_than_values),
        cmocka_unit_test(test_palette_direction),
        cmocka_unit_test(test_tile_labels_unique),
        cmocka_unit_test(test_embedded_default),
        cmocka_unit_test(test_credit_follows_geometry),
        cmocka_unit_test(test_copenhagen_inset),
        cmocka_unit_test(test_legend_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
