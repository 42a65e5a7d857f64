/* The SVG backend of the map canvas (see include/indeks/map.h).
 *
 * Paths are collected as they are drawn and written on fill/stroke as one
 * <path> element, with the municipality's data-kommunekode, data-value and
 * data-class attributes and a <title> when it is an item. Coordinates are
 * rounded to tenths of a pixel and written as integers of tenths turned into
 * text by hand (no locale, same bytes everywhere); after the first point of
 * a ring they are relative ("l"), points that round onto the one before are
 * dropped, and rings that round to fewer than three points are left out.
 * Text (titles, values, labels) goes through ix_html_printf's %s, whose
 * escaping is the XML rule too (indeks/escape.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/escape.h"
#include "indeks/map.h"
#include "indeks/util.h"

struct ix_svg_canvas_state {
    ix_sink *out;
    ix_buf path;
    size_t ring_start; /* offset of the current ring in path */
    long x, y;         /* current point, tenths of a pixel */
    long sx, sy;       /* the ring's first point */
    int ring_points;
    int in_l; /* the last command written was "l" */
    int in_item;
    int code, klass, inset;
    char value[64];
    char *title;
    int have_fill;
    ix_paint fill;
};

typedef struct ix_svg_canvas_state svg;

/* Writes v tenths as "12.3", "-4", "0.5". */
static void put_tenths(ix_sink *s, long v, int sep)
{
    char buf[32];
    size_t n = 0;
    unsigned long a = v < 0 ? (unsigned long)(-(v + 1)) + 1 : (unsigned long)v;
    char digits[24];
    size_t nd = 0;
    unsigned long whole = a / 10, frac = a % 10;
    do {
        digits[nd++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (v < 0)
        buf[n++] = '-';
    else if (sep)
        buf[n++] = ' ';
    while (nd)
        buf[n++] = digits[--nd];
    if (frac) {
        buf[n++] = '.';
        buf[n++] = (char)('0' + frac);
    }
    ix_sink_put(s, buf, n);
}

static long tenths(double v)
{
    double r = round(v * 10.0);
    return r > 1e15 ? (long)1e15 : r < -1e15 ? -(long)1e15 : (long)r;
}

static void put_rgb(ix_sink *s, uint32_t rgb)
{
    ix_html_printf(s, "#%06lx", (unsigned long)(rgb & 0xffffffu));
}

static void begin(void *ctx, double width, double height, const char *title)
{
    svg *v = ctx;
    ix_html_printf(v->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    ix_html_printf(v->out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%ld\" height=\"%ld\" "
                   "viewBox=\"0 0 %ld %ld\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
                   lround(width), lround(height), lround(width), lround(height));
    if (title)
        ix_html_printf(v->out, "<title>%s</title>\n", title);
    ix_html_printf(v->out,
                   "<defs><pattern id=\"ix-hatch\" width=\"6\" height=\"6\" "
                   "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                   "<rect width=\"6\" height=\"6\" fill=\"#d9d9d9\"/>"
                   "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#969696\" "
                   "stroke-width=\"2\"/></pattern></defs>\n");
}

static void end(void *ctx)
{
    svg *v = ctx;
    ix_html_printf(v->out, "</svg>\n");
}

static void begin_item(void *ctx, const ix_canvas_item *item)
{
    svg *v = ctx;
    free(v->title);
    v->title = NULL;
    v->in_item = 1;
    v->code = item->code;
    v->inset = item->inset;
    v->klass = item->klass;
    snprintf(v->value, sizeof v->value, "%s", item->value ? item->value : "");
    if (item->title && !(v->title = ix_strdup(item->title)))
        v->out->failed = 1;
}

static void end_item(void *ctx)
{
    svg *v = ctx;
    v->in_item = 0;
    free(v->title);
    v->title = NULL;
}

static void finish_ring(svg *v)
{
    if (v->ring_points > 0 && v->ring_points < 3) { /* rounded away: drop the ring */
        v->path.len = v->ring_start;
        if (v->path.data)
            v->path.data[v->path.len] = '\0';
    }
    v->ring_points = 0;
}

static void move_to(void *ctx, double x, double y)
{
    svg *v = ctx;
    finish_ring(v);
    ix_sink s = ix_buf_sink(&v->path);
    v->ring_start = v->path.len;
    v->x = v->sx = tenths(x);
    v->y = v->sy = tenths(y);
    ix_sink_put(&s, "M", 1);
    put_tenths(&s, v->x, 0);
    put_tenths(&s, v->y, 1);
    v->ring_points = 1;
    v->in_l = 0;
    if (s.failed)
        v->out->failed = 1;
}

static void line_to(void *ctx, double x, double y)
{
    svg *v = ctx;
    long nx = tenths(x), ny = tenths(y);
    if (nx == v->x && ny == v->y)
        return;
    ix_sink s = ix_buf_sink(&v->path);
    if (!v->in_l)
        ix_sink_put(&s, "l", 1);
    put_tenths(&s, nx - v->x, v->in_l);
    put_tenths(&s, ny - v->y, 1);
    v->in_l = 1;
    v->x = nx;
    v->y = ny;
    v->ring_points++;
    if (s.failed)
        v->out->failed = 1;
}

static void close_path(void *ctx)
{
    svg *v = ctx;
    if (v->x == v->sx && v->y == v->sy && v->ring_points > 1)
        v->ring_points--; /* the last point came back onto the first */
    ix_sink s = ix_buf_sink(&v->path);
    ix_sink_put(&s, "z", 1);
    v->in_l = 0;
    v->x = v->sx;
    v->y = v->sy;
    finish_ring(v);
}

static void emit(svg *v, const ix_paint *fill, int stroke, uint32_t srgb, double swidth)
{
    finish_ring(v);
    ix_sink *o = v->out;
    if (v->path.len == 0)
        goto clear;
    ix_html_printf(o, "<path");
    if (v->in_item) {
        /* An inset's copy names the municipality under its own attribute, so
         * data-kommunekode stays one path per municipality. */
        ix_html_printf(o, v->inset ? " data-inset-kommunekode=\"%03d\" data-value=\"%s\""
                                   : " data-kommunekode=\"%03d\" data-value=\"%s\"",
                       v->code, v->value);
        if (v->klass >= 0)
            ix_html_printf(o, " data-class=\"%d\"", v->klass + 1);
        else
            ix_html_printf(o, " data-class=\"missing\"");
    }
    ix_html_printf(o, " fill=\"");
    if (!fill)
        ix_html_printf(o, "none");
    else if (fill->hatch)
        ix_html_printf(o, "url(#ix-hatch)");
    else
        put_rgb(o, fill->rgb);
    ix_html_printf(o, "\"");
    if (fill)
        ix_html_printf(o, " fill-rule=\"evenodd\"");
    if (stroke) {
        ix_html_printf(o, " stroke=\"");
        put_rgb(o, srgb);
        ix_html_printf(o, "\" stroke-width=\"%.2g\" stroke-linejoin=\"round\"", swidth);
    }
    ix_html_printf(o, " d=\"");
    ix_sink_put(o, v->path.data, v->path.len);
    if (v->in_item && v->title)
        ix_html_printf(o, "\"><title>%s</title></path>\n", v->title);
    else
        ix_html_printf(o, "\"/>\n");
clear:
    v->path.len = 0;
    if (v->path.data)
        v->path.data[0] = '\0';
    v->have_fill = 0;
}

static void fill(void *ctx, const ix_paint *paint, int preserve)
{
    svg *v = ctx;
    if (preserve) {
        v->have_fill = 1;
        v->fill = *paint;
        return;
    }
    emit(v, paint, 0, 0, 0);
}

static void stroke(void *ctx, uint32_t rgb, double width)
{
    svg *v = ctx;
    ix_paint f = v->fill;
    emit(v, v->have_fill ? &f : NULL, 1, rgb, width);
}

static void text(void *ctx, double x, double y, double size, int bold, ix_anchor anchor,
                 uint32_t rgb, const char *utf8)
{
    svg *v = ctx;
    ix_sink *o = v->out;
    ix_html_printf(o, "<text x=\"");
    put_tenths(o, tenths(x), 0);
    ix_html_printf(o, "\" y=\"");
    put_tenths(o, tenths(y), 0);
    ix_html_printf(o, "\" font-size=\"");
    put_tenths(o, tenths(size), 0);
    ix_html_printf(o, "\"");
    if (bold)
        ix_html_printf(o, " font-weight=\"bold\"");
    if (anchor != IX_ANCHOR_START)
        ix_html_printf(o, anchor == IX_ANCHOR_MIDDLE ? " text-anchor=\"middle\""
                                                    : " text-anchor=\"end\"");
    ix_html_printf(o, " fill=\"");
    put_rgb(o, rgb);
    /* Text never takes the pointer: a label on a shape (the tile map's short
     * names) must not hide the shape's hover and click. */
    ix_html_printf(o, "\" pointer-events=\"none\">%s</text>\n", utf8);
}

ix_status ix_svg_canvas_new(ix_sink *s, ix_canvas *out, ix_diag *d)
{
    svg *v = calloc(1, sizeof *v);
    if (!v)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    v->out = s;
    ix_buf_init(&v->path);
    *out = (ix_canvas){v,       begin,     end,        begin_item, end_item, move_to,
                       line_to, close_path, fill,       stroke,     text};
    return IX_OK;
}

void ix_svg_canvas_done(ix_canvas *c)
{
    svg *v = c->ctx;
    if (!v)
        return;
    ix_buf_free(&v->path);
    free(v->title);
    free(v);
    c->ctx = NULL;
}

ix_status ix_svg_map_write(const ix_map *m, ix_sink *s, ix_diag *d)
{
    ix_canvas c;
    ix_status st = ix_svg_canvas_new(s, &c, d);
    if (st)
        return st;
    ix_map_draw(m, &c);
    ix_svg_canvas_done(&c);
    if (s->failed)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the SVG");
    return IX_OK;
}

ix_status ix_map_legend_html(const ix_map *m, ix_sink *s, ix_diag *d)
{
    const ix_classes *cl = ix_map_classes(m);
    const ix_map_options *o = ix_map_opts(m);
    ix_html_printf(s, "<div class=\"ix-legend\">\n");
    if (o->legend_title)
        ix_html_printf(s, "<p class=\"ix-legend-title\">%s</p>\n", o->legend_title);
    ix_html_printf(s, "<ul>\n");
    for (int i = 0; i < cl->k; i++) {
        char label[128];
        uint32_t rgb = ix_map_class_color(m, i);
        ix_html_printf(s,
                       /* An SVG swatch, not a style attribute: the site's
                        * Content-Security-Policy refuses inline styles. */
                       "<li data-class=\"%d\"><svg class=\"ix-swatch\" width=\"20\" height=\"13\" "
                       "aria-hidden=\"true\"><rect width=\"20\" height=\"13\" fill=\"#%06x\" "
                       "stroke=\"#636363\"/></svg> %s <span class=\"ix-count\">(%zu)</span></li>\n",
                       i + 1, (unsigned)rgb, ix_map_class_label(m, i, label, sizeof label),
                       cl->count[i]);
    }
    if (cl->missing) {
        ix_html_printf(s,
                       "<li data-class=\"missing\"><span class=\"ix-swatch ix-missing\"></span> "
                       "%s <span class=\"ix-count\">(%zu)</span></li>\n",
                       o->danish ? "ingen værdi" : "no value", cl->missing);
    }
    ix_html_printf(s, "</ul>\n</div>\n");
    if (s->failed)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the legend");
    return IX_OK;
}
