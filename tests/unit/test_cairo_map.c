/* The cairo backend: PNG decoded back with cairo and looked at pixel by
 * pixel, PDF checked for its shape.
 *
 * Where things are on the page is learned the honest way: the same
 * ix_map_draw runs once more into a recording canvas (below), which keeps
 * each municipality's outline in pixels and each legend box. For every
 * municipality the test finds a point well inside its outline (even-odd,
 * the farthest from any edge on a 1 px grid) and checks that the PNG's pixel
 * there is its class colour from the palette, or hatching for a missing
 * value; then the legend boxes, the image size, and the same bytes twice.
 * The DAGI map is read from ../shared/data (skipped when absent). Without
 * cairo in the build, the stubs are checked and the test exits 77. */
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
#include "indeks/map_cairo.h"
#include "indeks/outfile.h"
#include "indeks/palette.h"

#ifdef IX_HAVE_CAIRO
#include <cairo.h>

/* ---- a canvas that records what is drawn --------------------------------- */

typedef struct {
    double x, y;
} pt;

typedef struct {
    int code, klass;
    pt *pts;          /* all rings, one after the other */
    size_t *ring_end; /* end offset of each ring in pts */
    size_t npts, nrings, cap_pts, cap_rings;
} rec_item;

typedef struct {
    double x0, y0, x1, y1; /* bounding box of the path */
    ix_paint paint;
} rec_box;

typedef struct {
    double width, height;
    rec_item items[128];
    int nitems;
    int ninset; /* of the items, the Copenhagen inset's copies */
    rec_box boxes[64]; /* fills outside items: page, legend boxes */
    int nboxes;
    int in_item;
    size_t path_start; /* outside items: where the current path starts */
    rec_item loose;    /* the path outside items */
} recorder;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * size);
    assert_non_null(q);
    *cap = n;
    return q;
}

static rec_item *cur(recorder *r)
{
    return r->in_item ? &r->items[r->nitems - 1] : &r->loose;
}

static void r_begin(void *ctx, double w, double h, const char *title)
{
    (void)title;
    recorder *r = ctx;
    r->width = w;
    r->height = h;
}

static void r_end(void *ctx)
{
    (void)ctx;
}

static void r_begin_item(void *ctx, const ix_canvas_item *item)
{
    recorder *r = ctx;
    assert_true(r->nitems < 128);
    rec_item *it = &r->items[r->nitems++];
    memset(it, 0, sizeof *it);
    it->code = item->code;
    it->klass = item->klass;
    r->ninset += item->inset;
    r->in_item = 1;
}

static void r_end_item(void *ctx)
{
    ((recorder *)ctx)->in_item = 0;
}

static void r_point(recorder *r, double x, double y, int new_ring)
{
    rec_item *it = cur(r);
    if (new_ring && it->npts > 0) {
        it->ring_end = grow(it->ring_end, &it->cap_rings, it->nrings + 1, sizeof *it->ring_end);
        it->ring_end[it->nrings++] = it->npts;
    }
    it->pts = grow(it->pts, &it->cap_pts, it->npts + 1, sizeof *it->pts);
    it->pts[it->npts++] = (pt){x, y};
}

static void r_move_to(void *ctx, double x, double y)
{
    r_point(ctx, x, y, 1);
}

static void r_line_to(void *ctx, double x, double y)
{
    r_point(ctx, x, y, 0);
}

static void r_close(void *ctx)
{
    (void)ctx;
}

static void r_fill(void *ctx, const ix_paint *paint, int preserve)
{
    recorder *r = ctx;
    (void)preserve;
    if (r->in_item || r->loose.npts == 0)
        return;
    rec_box b = {INFINITY, INFINITY, -INFINITY, -INFINITY, *paint};
    for (size_t i = 0; i < r->loose.npts; i++) {
        b.x0 = fmin(b.x0, r->loose.pts[i].x);
        b.y0 = fmin(b.y0, r->loose.pts[i].y);
        b.x1 = fmax(b.x1, r->loose.pts[i].x);
        b.y1 = fmax(b.y1, r->loose.pts[i].y);
    }
    assert_true(r->nboxes < 64);
    r->boxes[r->nboxes++] = b;
    r->loose.npts = r->loose.nrings = 0;
}

static void r_stroke(void *ctx, uint32_t rgb, double width)
{
    recorder *r = ctx;
    (void)rgb;
    (void)width;
    if (!r->in_item)
        r->loose.npts = r->loose.nrings = 0;
}

static void r_text(void *ctx, double x, double y, double size, int bold, ix_anchor anchor,
                   uint32_t rgb, const char *utf8)
{
    (void)ctx, (void)x, (void)y, (void)size, (void)bold, (void)anchor, (void)rgb, (void)utf8;
}

static recorder *record(const ix_map *m)
{
    recorder *r = calloc(1, sizeof *r);
    assert_non_null(r);
    ix_canvas c = {r,         r_begin, r_end,  r_begin_item, r_end_item, r_move_to,
                   r_line_to, r_close, r_fill, r_stroke,     r_text};
    ix_map_draw(m, &c);
    for (int i = 0; i < r->nitems; i++) { /* close the last ring */
        rec_item *it = &r->items[i];
        it->ring_end = grow(it->ring_end, &it->cap_rings, it->nrings + 1, sizeof *it->ring_end);
        it->ring_end[it->nrings++] = it->npts;
    }
    return r;
}

static void recorder_free(recorder *r)
{
    for (int i = 0; i < r->nitems; i++) {
        free(r->items[i].pts);
        free(r->items[i].ring_end);
    }
    free(r->loose.pts);
    free(r->loose.ring_end);
    free(r);
}

/* Even-odd inside test and the distance to the nearest edge. */
static int inside(const rec_item *it, double x, double y, double *clearance)
{
    int in = 0;
    double best = INFINITY;
    size_t start = 0;
    for (size_t r = 0; r < it->nrings; r++) {
        size_t end = it->ring_end[r];
        for (size_t i = start; i < end; i++) {
            pt a = it->pts[i], b = it->pts[i + 1 < end ? i + 1 : start];
            if ((a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y))
                in = !in;
            double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / l2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double ex = a.x + t * dx - x, ey = a.y + t * dy - y;
            best = fmin(best, sqrt(ex * ex + ey * ey));
        }
        start = end;
    }
    *clearance = best;
    return in;
}

/* A point inside it as far from its edges as a grid of pixel centres (at
 * the image's scale) finds; returns the clearance in map pixels. */
static double interior_point(const rec_item *it, double scale, double *px, double *py)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < it->npts; i++) {
        x0 = fmin(x0, it->pts[i].x);
        y0 = fmin(y0, it->pts[i].y);
        x1 = fmax(x1, it->pts[i].x);
        y1 = fmax(y1, it->pts[i].y);
    }
    double best = -1;
    for (double gy = floor(y0 * scale); gy <= y1 * scale && best < 4; gy++)
        for (double gx = floor(x0 * scale); gx <= x1 * scale && best < 4; gx++) {
            double x = (gx + 0.5) / scale, y = (gy + 0.5) / scale, c;
            if (inside(it, x, y, &c) && c > best) {
                best = c;
                *px = x;
                *py = y;
            }
        }
    return best;
}

/* ---- the PNG decoded --------------------------------------------------------- */

typedef struct {
    const unsigned char *data;
    size_t len, pos;
} reader;

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length)
{
    reader *r = closure;
    if (r->len - r->pos < length)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->data + r->pos, length);
    r->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

typedef struct {
    cairo_surface_t *surface;
    int width, height, stride;
    const unsigned char *pixels;
    double scale;
} image;

static image decode(const ix_buf *png, double scale)
{
    assert_true(png->len > 8);
    assert_memory_equal(png->data, "\x89PNG\r\n\x1a\n", 8);
    reader r = {(const unsigned char *)png->data, png->len, 0};
    image im;
    im.surface = cairo_image_surface_create_from_png_stream(read_png, &r);
    assert_int_equal(cairo_surface_status(im.surface), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_format(im.surface), CAIRO_FORMAT_RGB24);
    cairo_surface_flush(im.surface);
    im.width = cairo_image_surface_get_width(im.surface);
    im.height = cairo_image_surface_get_height(im.surface);
    im.stride = cairo_image_surface_get_stride(im.surface);
    im.pixels = cairo_image_surface_get_data(im.surface);
    im.scale = scale;
    return im;
}

/* The colour at map pixel coordinates (x, y). */
static uint32_t pixel(const image *im, double x, double y)
{
    int ix = (int)floor(x * im->scale), iy = (int)floor(y * im->scale);
    assert_true(ix >= 0 && ix < im->width && iy >= 0 && iy < im->height);
    uint32_t v;
    memcpy(&v, im->pixels + (size_t)iy * (size_t)im->stride + (size_t)ix * 4, 4);
    return v & 0xffffffu;
}

static void print_rgb_mismatch(const char *what, int code, uint32_t got, uint32_t want)
{
    print_error("%s %03d: pixel #%06lx, expected #%06lx\n", what, code, (unsigned long)got,
                (unsigned long)want);
}

/* Around (x, y), within r map pixels: the hatching's ground colour and a
 * stripe (much darker) both appear. */
static int hatched(const image *im, double x, double y, double r)
{
    int ground = 0, stripe = 0;
    for (double dy = -r; dy <= r; dy += 1 / im->scale)
        for (double dx = -r; dx <= r; dx += 1 / im->scale) {
            uint32_t v = pixel(im, x + dx, y + dy);
            ground |= v == 0xd9d9d9u;
            stripe |= (v & 0xff) < 0xb8 && (v >> 16) == (v & 0xff); /* grey, dark */
        }
    return ground && stripe;
}

/* Checks every municipality and the legend; returns how many municipalities
 * had room for a check (a point at least 1.5 px inside). */
static int check_pixels(const ix_map *m, const recorder *r, const image *im, const char *palette)
{
    const ix_classes *cl = ix_map_classes(m);
    uint32_t colors[IX_CLASS_MAX];
    ix_diag d;
    assert_int_equal(ix_palette_colors(palette, cl->k, colors, NULL, &d), IX_OK);
    assert_int_equal(im->width, (int)ceil(r->width * im->scale));
    assert_int_equal(im->height, (int)ceil(r->height * im->scale));
    int checked = 0, bad = 0;
    for (int i = 0; i < r->nitems; i++) {
        const rec_item *it = &r->items[i];
        double x = 0, y = 0;
        double room = interior_point(it, im->scale, &x, &y);
        if (room < 1.5)
            continue; /* too small to hold a pixel clear of antialiased edges */
        checked++;
        if (it->klass < 0) {
            if (!hatched(im, x, y, fmin(room - 0.5, 4))) {
                print_error("missing %03d: no hatching around (%.1f, %.1f)\n", it->code, x, y);
                bad++;
            }
            continue;
        }
        uint32_t got = pixel(im, x, y);
        if (got != colors[it->klass]) {
            print_rgb_mismatch("municipality", it->code, got, colors[it->klass]);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    /* The legend: boxes of 22 x 14 px in class order, then the missing one. */
    int nlegend = 0;
    for (int i = 0; i < r->nboxes; i++) {
        const rec_box *b = &r->boxes[i];
        if (fabs(b->x1 - b->x0 - 22) > 1e-9 || fabs(b->y1 - b->y0 - 14) > 1e-9)
            continue;
        double cx = (b->x0 + b->x1) / 2, cy = (b->y0 + b->y1) / 2;
        if (nlegend < cl->k) {
            assert_int_equal(b->paint.hatch, 0);
            uint32_t got = pixel(im, cx, cy);
            if (got != colors[nlegend])
                print_rgb_mismatch("legend box", nlegend + 1, got, colors[nlegend]);
            assert_int_equal(got, colors[nlegend]);
        } else {
            assert_int_equal(b->paint.hatch, 1);
            assert_true(hatched(im, cx, cy, 6));
        }
        nlegend++;
    }
    assert_int_equal(nlegend, cl->k + (cl->missing ? 1 : 0));
    /* The page's corner is the white background. */
    assert_int_equal(pixel(im, 1, 1), 0xffffffu);
    return checked;
}

/* ---- the maps ------------------------------------------------------------------ */

static double value_of(int code)
{
    return 80 + (code * 37 % 41); /* an index around 100 */
}

/* The tile map with every value but three. */
static ix_map *tile_map(const char *classes)
{
    ix_geo *g = NULL;
    ix_map *m = NULL;
    ix_diag d;
    assert_int_equal(ix_tilemap_geo(&g, &d), IX_OK);
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        int code = ix_kommune_at(i)->code;
        if (code != 825 && code != 492 && code != 400)
            assert_int_equal(ix_map_set_value(m, code, value_of(code)), 0);
    }
    ix_map_options o;
    ix_map_options_init(&o);
    assert_int_equal(ix_class_spec_parse(classes, &o.classes, &d), IX_OK);
    o.title = "Socioøkonomisk indeks – Læsø, Ærø og Fanø";
    o.legend_title = "indeks";
    o.decimal = ',';
    o.danish = 1;
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    return m;
}

static void render(const ix_map *m, ix_cairo_format f, double scale, ix_buf *b)
{
    ix_buf_init(b);
    ix_sink s = ix_buf_sink(b);
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_cairo_map_write(m, f, scale, &s, &d);
    if (st)
        print_error("%s\n", d.message);
    assert_int_equal(st, IX_OK);
}

static void test_tile_png(void **state)
{
    (void)state;
    ix_map *m = tile_map("jenks:5");
    recorder *r = record(m);
    assert_int_equal(r->nitems, 98);
    ix_buf b, b2;
    render(m, IX_CAIRO_PNG, 1, &b);
    render(m, IX_CAIRO_PNG, 1, &b2);
    assert_int_equal(b.len, b2.len); /* deterministic */
    assert_memory_equal(b.data, b2.data, b.len);
    image im = decode(&b, 1);
    assert_int_equal(check_pixels(m, r, &im, "YlOrRd"), 98); /* every hexagon */
    cairo_surface_destroy(im.surface);
    ix_buf_free(&b);
    ix_buf_free(&b2);
    recorder_free(r);
    ix_map_free(m);
}

static void test_tile_png_scale2(void **state)
{
    (void)state;
    ix_map *m = tile_map("diverging:100");
    recorder *r = record(m);
    ix_buf b;
    render(m, IX_CAIRO_PNG, 2, &b);
    image im = decode(&b, 2);
    assert_int_equal(check_pixels(m, r, &im, "RdBu_r"), 98);
    cairo_surface_destroy(im.surface);
    ix_buf_free(&b);
    recorder_free(r);
    ix_map_free(m);
}

static void test_dagi_png(void **state)
{
    (void)state;
    const char *path = "../shared/data/geo/kommuner_dagi.geojson";
    char *text = NULL;
    size_t len = 0;
    ix_diag d;
    if (ix_read_file(path, &text, &len, &d) != IX_OK) {
        print_message("skipped: %s is absent\n", path);
        skip();
    }
    ix_geo *g = NULL;
    ix_map *m = NULL;
    assert_int_equal(ix_geo_parse(text, len, path, NULL, &g, &d), IX_OK);
    free(text);
    assert_int_equal(ix_map_new(g, &m, &d), IX_OK);
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        int code = ix_kommune_at(i)->code;
        if (code != 825) /* Læsø drawn as missing */
            ix_map_set_value(m, code, value_of(code));
    }
    ix_map_options o;
    ix_map_options_init(&o);
    assert_int_equal(ix_class_spec_parse("diverging:100", &o.classes, &d), IX_OK);
    o.title = "Socioøkonomisk indeks";
    assert_int_equal(ix_map_prepare(m, &o, &d), IX_OK);
    recorder *r = record(m);
    /* 98 municipalities and the 17 of the Copenhagen inset (101-187) again */
    assert_int_equal(r->nitems, 98 + 17);
    assert_int_equal(r->ninset, 17);
    ix_buf b;
    render(m, IX_CAIRO_PNG, 1, &b);
    image im = decode(&b, 1);
    int checked = check_pixels(m, r, &im, "RdBu_r");
    print_message("DAGI PNG %dx%d, %zu bytes: %d of 115 shapes large enough to check\n",
                  im.width, im.height, b.len, checked);
    assert_true(checked >= 85); /* the smallest (Frederiksberg, ...) are a few pixels */
    cairo_surface_destroy(im.surface);
    ix_buf_free(&b);
    recorder_free(r);
    ix_map_free(m);
}

static size_t count(const char *data, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        n += memcmp(data + i, needle, k) == 0;
    return n;
}

static void test_pdf(void **state)
{
    (void)state;
    ix_map *m = tile_map("quantile:4");
    ix_buf b, b2;
    render(m, IX_CAIRO_PDF, 1, &b);
    render(m, IX_CAIRO_PDF, 1, &b2);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF-", 5);
    assert_int_equal(count(b.data, b.len, "/Type /Page") - count(b.data, b.len, "/Type /Pages"),
                     1);
    assert_int_equal(count(b.data, b.len, "/Count 1"), 1);
    assert_true(count(b.data + b.len - 8, 8, "%%EOF") == 1);
    assert_int_equal(count(b.data, b.len, "/CreationDate (20000101000000Z)"), 1);
    assert_int_equal(b.len, b2.len); /* the fixed date makes the bytes stable */
    assert_memory_equal(b.data, b2.data, b.len);
    /* The page is the SVG's size at 96 dpi: 0.75 pt per pixel. */
    recorder *r = record(m);
    char box[96];
    snprintf(box, sizeof box, "/MediaBox [ 0 0 %g %g ]", r->width * 0.75, r->height * 0.75);
    if (count(b.data, b.len, box) != 1)
        print_error("no \"%s\" in the PDF\n", box);
    assert_int_equal(count(b.data, b.len, box), 1);
    recorder_free(r);
    ix_buf_free(&b);
    ix_buf_free(&b2);
    ix_map_free(m);
}

static int failing_write(void *ctx, const char *bytes, size_t len)
{
    (void)ctx, (void)bytes, (void)len;
    return -1;
}

static void test_errors(void **state)
{
    (void)state;
    assert_int_equal(ix_cairo_available(), 1);
    ix_map *m = tile_map("quantile:5");
    ix_diag d;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_diag_clear(&d);
    assert_int_equal(ix_cairo_map_write(m, IX_CAIRO_PNG, -1, &s, &d), IX_ERR_USAGE);
    assert_non_null(strstr(d.message, "scale"));
    ix_diag_clear(&d);
    assert_int_equal(ix_cairo_map_write(m, IX_CAIRO_PNG, 17, &s, &d), IX_ERR_USAGE);
    assert_int_equal(b.len, 0);
    ix_canvas c;
    assert_int_equal(ix_cairo_canvas_new(IX_CAIRO_PDF, 1, &s, &c, &d), IX_OK);
    ix_diag_clear(&d);
    assert_int_equal(ix_cairo_canvas_done(&c, &d), IX_ERR_USAGE); /* never begun */
    assert_null(c.ctx);
    ix_sink bad = {failing_write, NULL, 0};
    for (int f = 0; f < 2; f++) {
        ix_diag_clear(&d);
        ix_status st = ix_cairo_map_write(m, f ? IX_CAIRO_PDF : IX_CAIRO_PNG, 1, &bad, &d);
        assert_int_not_equal(st, IX_OK);
        assert_non_null(strstr(d.message, f ? "PDF" : "PNG"));
    }
    ix_buf_free(&b);
    ix_map_free(m);
}

static int release(void **state)
{
    (void)state;
    ix_cairo_release(); /* fontconfig's caches, for the leak checker */
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tile_png),  cmocka_unit_test(test_tile_png_scale2),
        cmocka_unit_test(test_dagi_png),  cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, release);
}

#else /* no cairo in this build: the stubs say so */

int main(void)
{
    ix_diag d;
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_diag_clear(&d);
    if (ix_cairo_available() != 0 ||
        ix_cairo_map_write(NULL, IX_CAIRO_PNG, 1, &s, &d) != IX_ERR_USAGE ||
        !strstr(d.message, "cairo")) {
        fprintf(stderr, "test_cairo_map: the stubs of a build without cairo misbehave\n");
        return 1;
    }
    printf("test_cairo_map: skipped, this build has no cairo\n");
    return 77;
}

#endif
