/* The cairo backend of the map canvas (see include/indeks/map_cairo.h).
 *
 * The canvas calls map one to one onto cairo's path API; what needs a word:
 * - the surface is made in begin, when the page size is known: an RGB24
 *   image for PNG (scaled by the caller's factor), a PDF stream surface for
 *   PDF (0.75 pt per pixel, so the page has the SVG's size at 96 dpi);
 * - fills use the even-odd rule, as the SVG does (holes stay holes);
 * - hatching (missing values) is drawn as the SVG pattern looks: the base
 *   colour, then 1 px stripes #969696 every 6 px at 45 degrees, clipped to
 *   the shape. Stripes are lines, not a surface pattern, so they stay sharp
 *   at any scale and are vectors in the PDF;
 * - text uses cairo's "toy" API with DejaVu Sans (Debian fonts-dejavu-core);
 *   it takes UTF-8, which is all the map's text needs (æøå, en dash, ≤);
 * - cairo's errors are sticky on its context: the first one is kept and
 *   returned by ix_cairo_canvas_done, and later drawing calls do nothing.
 *
 * Without IX_HAVE_CAIRO the file only says that the backend is absent. */
#include "indeks/map_cairo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef IX_HAVE_CAIRO

int ix_cairo_available(void)
{
    return 0;
}

static ix_status absent(ix_diag *d)
{
    return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                       "PNG and PDF output need the cairo backend, which this build does not "
                       "have; use SVG");
}

ix_status ix_cairo_canvas_new(ix_cairo_format format, double scale, ix_sink *s, ix_canvas *out,
                              ix_diag *d)
{
    (void)format;
    (void)scale;
    (void)s;
    memset(out, 0, sizeof *out);
    return absent(d);
}

ix_status ix_cairo_canvas_done(ix_canvas *c, ix_diag *d)
{
    (void)c;
    (void)d;
    return IX_OK;
}

void ix_cairo_release(void)
{
}

ix_status ix_cairo_map_write(const ix_map *m, ix_cairo_format format, double scale, ix_sink *s,
                             ix_diag *d)
{
    (void)m;
    (void)format;
    (void)scale;
    (void)s;
    return absent(d);
}

#else

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#define FONT_FACE "DejaVu Sans"
#define PDF_PT_PER_PX 0.75
#define MAX_IMAGE_SIDE 32767.0 /* cairo's limit for image surfaces */
#define HATCH_STEP 6.0
#define HATCH_LINE_RGB 0x969696u
/* A fixed creation date: PDFs of the same map are then the same bytes. */
#define PDF_DATE "2000-01-01T00:00:00Z"

typedef struct {
    ix_cairo_format format;
    double scale;
    ix_sink *out;
    cairo_surface_t *surface;
    cairo_t *cr;
    ix_status status; /* first failure: its code and message */
    char why[256];
} canvas;

int ix_cairo_available(void)
{
    return 1;
}

static void fail(canvas *k, ix_status st, const char *why)
{
    if (k->status)
        return;
    k->status = st;
    size_t n = strlen(why);
    n = n < sizeof k->why - 1 ? n : sizeof k->why - 1;
    memcpy(k->why, why, n);
    k->why[n] = '\0';
}

/* Takes cairo's status into k once; returns 1 when drawing may go on. */
static int ok(canvas *k)
{
    if (k->status)
        return 0;
    if (!k->cr)
        return 0;
    cairo_status_t cs = cairo_status(k->cr);
    if (cs != CAIRO_STATUS_SUCCESS) {
        fail(k, cs == CAIRO_STATUS_NO_MEMORY ? IX_ERR_NOMEM : IX_ERR_IO,
             cairo_status_to_string(cs));
        return 0;
    }
    return 1;
}

static cairo_status_t write_sink(void *closure, const unsigned char *data, unsigned int length)
{
    ix_sink *s = closure;
    ix_sink_put(s, (const char *)data, length);
    return s->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xffu) / 255.0, ((rgb >> 8) & 0xffu) / 255.0,
                         (rgb & 0xffu) / 255.0);
}

static void begin(void *ctx, double width, double height, const char *title)
{
    canvas *k = ctx;
    if (k->status || k->surface)
        return;
    if (k->format == IX_CAIRO_PNG) {
        double w = ceil(width * k->scale), h = ceil(height * k->scale);
        if (!(w >= 1 && h >= 1 && w <= MAX_IMAGE_SIDE && h <= MAX_IMAGE_SIDE)) {
            fail(k, IX_ERR_INPUT, "the map is too large for a PNG image at this scale");
            return;
        }
        k->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    } else {
        k->surface = cairo_pdf_surface_create_for_stream(write_sink, k->out,
                                                         width * PDF_PT_PER_PX,
                                                         height * PDF_PT_PER_PX);
        if (cairo_surface_status(k->surface) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
            cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_MOD_DATE, PDF_DATE);
            cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_CREATOR, "indeks");
            if (title)
                cairo_pdf_surface_set_metadata(k->surface, CAIRO_PDF_METADATA_TITLE, title);
        }
    }
    cairo_status_t cs = cairo_surface_status(k->surface);
    if (cs != CAIRO_STATUS_SUCCESS) {
        fail(k, cs == CAIRO_STATUS_NO_MEMORY ? IX_ERR_NOMEM : IX_ERR_IO,
             cairo_status_to_string(cs));
        return;
    }
    k->cr = cairo_create(k->surface);
    if (k->format == IX_CAIRO_PNG)
        cairo_scale(k->cr, k->scale, k->scale);
    else
        cairo_scale(k->cr, PDF_PT_PER_PX, PDF_PT_PER_PX);
    cairo_set_fill_rule(k->cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(k->cr, CAIRO_LINE_JOIN_ROUND);
    /* Text rendering fixed here rather than taken from the desktop's
     * fontconfig settings. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(k->cr, fo);
    cairo_font_options_destroy(fo);
    ok(k);
}

static void end(void *ctx)
{
    canvas *k = ctx;
    if (!ok(k))
        return;
    if (k->format == IX_CAIRO_PNG) {
        cairo_surface_flush(k->surface);
        cairo_status_t cs = cairo_surface_write_to_png_stream(k->surface, write_sink, k->out);
        if (cs != CAIRO_STATUS_SUCCESS)
            fail(k, k->out->failed ? IX_ERR_NOMEM : IX_ERR_IO, cairo_status_to_string(cs));
        return;
    }
    cairo_show_page(k->cr);
    ok(k);
    cairo_surface_finish(k->surface); /* writes the rest of the PDF */
    cairo_status_t cs = cairo_surface_status(k->surface);
    if (cs != CAIRO_STATUS_SUCCESS)
        fail(k, k->out->failed ? IX_ERR_NOMEM : IX_ERR_IO, cairo_status_to_string(cs));
}

/* Items carry attributes the raster and the PDF have no place for. */
static void begin_item(void *ctx, const ix_canvas_item *item)
{
    (void)ctx;
    (void)item;
}

static void end_item(void *ctx)
{
    (void)ctx;
}

static void move_to(void *ctx, double x, double y)
{
    canvas *k = ctx;
    if (k->cr)
        cairo_move_to(k->cr, x, y);
}

static void line_to(void *ctx, double x, double y)
{
    canvas *k = ctx;
    if (k->cr)
        cairo_line_to(k->cr, x, y);
}

static void close_path(void *ctx)
{
    canvas *k = ctx;
    if (k->cr)
        cairo_close_path(k->cr);
}

/* Stripes over the current path: lines x + y = c at 45 degrees, HATCH_STEP
 * apart measured across them, 1 px wide, where the SVG's pattern (vertical
 * 1 px lines every 6 px, rotated 45 degrees) puts them. Keeps the path. */
static void hatch(canvas *k)
{
    cairo_t *cr = k->cr;
    double x1, y1, x2, y2;
    cairo_fill_extents(cr, &x1, &y1, &x2, &y2);
    cairo_path_t *path = cairo_copy_path(cr);
    cairo_save(cr);
    cairo_clip(cr);
    set_rgb(cr, HATCH_LINE_RGB);
    cairo_set_line_width(cr, 1.0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    double step = HATCH_STEP * sqrt(2.0); /* along x + y */
    double lo = floor((x1 + y1) / step) - 1, hi = ceil((x2 + y2) / step) + 1;
    long count = hi >= lo ? (long)(hi - lo) : -1; /* stripes n = lo, lo + 1, ..., hi */
    for (long j = 0; j <= count; j++) {
        double n = lo + (double)j;
        double c = (n + 0.5 / HATCH_STEP) * step; /* the stripe's centre line */
        cairo_move_to(cr, c - (y1 - 1), y1 - 1);
        cairo_line_to(cr, c - (y2 + 1), y2 + 1);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
    cairo_append_path(cr, path);
    cairo_path_destroy(path);
}

static void fill(void *ctx, const ix_paint *paint, int preserve)
{
    canvas *k = ctx;
    if (!ok(k))
        return;
    set_rgb(k->cr, paint->rgb);
    cairo_fill_preserve(k->cr);
    if (paint->hatch)
        hatch(k);
    if (!preserve)
        cairo_new_path(k->cr);
}

static void stroke(void *ctx, uint32_t rgb, double width)
{
    canvas *k = ctx;
    if (!ok(k))
        return;
    set_rgb(k->cr, rgb);
    cairo_set_line_width(k->cr, width);
    cairo_stroke(k->cr);
}

static void text(void *ctx, double x, double y, double size, int bold, ix_anchor anchor,
                 uint32_t rgb, const char *utf8)
{
    canvas *k = ctx;
    if (!ok(k))
        return;
    cairo_t *cr = k->cr;
    cairo_new_path(cr);
    cairo_select_font_face(cr, FONT_FACE, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    if (anchor != IX_ANCHOR_START) {
        cairo_text_extents_t e;
        cairo_text_extents(cr, utf8, &e);
        x -= anchor == IX_ANCHOR_MIDDLE ? e.x_advance / 2 : e.x_advance;
    }
    set_rgb(cr, rgb);
    cairo_move_to(cr, x, y); /* y is the baseline, as in SVG */
    cairo_show_text(cr, utf8);
    cairo_new_path(cr);
}

ix_status ix_cairo_canvas_new(ix_cairo_format format, double scale, ix_sink *s, ix_canvas *out,
                              ix_diag *d)
{
    memset(out, 0, sizeof *out);
    if (format != IX_CAIRO_PNG && format != IX_CAIRO_PDF)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL, "unknown cairo output format");
    if (scale == 0)
        scale = 1;
    if (!(scale > 0 && scale <= 16))
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, NULL,
                           "the PNG scale must be above 0 and at most 16");
    canvas *k = calloc(1, sizeof *k);
    if (!k)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    k->format = format;
    k->scale = scale;
    k->out = s;
    *out = (ix_canvas){k,       begin,      end,  begin_item, end_item, move_to,
                       line_to, close_path, fill, stroke,     text};
    return IX_OK;
}

ix_status ix_cairo_canvas_done(ix_canvas *c, ix_diag *d)
{
    canvas *k = c->ctx;
    if (!k)
        return IX_OK;
    ok(k);
    if (!k->status && !k->surface)
        fail(k, IX_ERR_USAGE, "nothing was drawn (the canvas was never begun)");
    ix_status st = k->status;
    if (st)
        ix_diag_set(d, st, NULL, 0, 0, NULL, "cannot draw the %s: %s",
                    k->format == IX_CAIRO_PNG ? "PNG" : "PDF", k->why);
    if (k->cr)
        cairo_destroy(k->cr);
    if (k->surface)
        cairo_surface_destroy(k->surface);
    free(k);
    c->ctx = NULL;
    return st;
}

ix_status ix_cairo_map_write(const ix_map *m, ix_cairo_format format, double scale, ix_sink *s,
                             ix_diag *d)
{
    ix_canvas c;
    ix_status st = ix_cairo_canvas_new(format, scale, s, &c, d);
    if (st)
        return st;
    ix_map_draw(m, &c);
    return ix_cairo_canvas_done(&c, d);
}

void ix_cairo_release(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}

#endif
