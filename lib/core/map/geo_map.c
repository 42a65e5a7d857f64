/* Laying out and drawing a choropleth map through an ix_canvas (see
 * include/indeks/map.h). No output format is known here.
 *
 * Page: the title on top; the map below it, scaled so the mainland's
 * bounding box fills map_width; Bornholm (400), 150 km east, drawn at the
 * same scale in a framed inset in the map's top-right corner (open sea in
 * the Kattegat); above it a larger-scale inset of the Copenhagen area (the
 * 17 municipalities of the old Københavns Amt and the two cities, 101-187),
 * whose box is also marked on the main map; the legend to the right (left
 * out when the page shows an HTML legend); the credit line and the notes at
 * the bottom. The tile map labels each hexagon with a short name. */
#include "indeks/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/palette.h"

#define MARGIN 16.0
#define TITLE_H 44.0
#define LEGEND_GAP 24.0
#define LEGEND_W 230.0
#define ROW_H 20.0
#define INSET_CODE 400
#define MISSING_RGB 0xd9d9d9u
#define MAX_NAMED_MISSING 8
#define FOOTER_LINE_H 13.0
#define MAX_FOOTER_LINES 6

/* The Copenhagen inset: København, Frederiksberg and the municipalities of
 * the old Københavns Amt. */
static const int cph_codes[] = {101, 147, 151, 153, 155, 157, 159, 161, 163,
                                165, 167, 169, 173, 175, 183, 185, 187};
#define NCPH (sizeof cph_codes / sizeof cph_codes[0])

static int in_cph(int code)
{
    for (size_t i = 0; i < NCPH; i++)
        if (cph_codes[i] == code)
            return 1;
    return 0;
}

typedef struct {
    double ox, oy, bx, by; /* pixel = (ox + (x - bx) s, oy + (by - y) s) */
} placement;

struct ix_map {
    ix_geo *geo;
    double *value; /* per shape, NaN missing */
    ix_classes classes;
    uint32_t colors[IX_CLASS_MAX];
    ix_map_options opt;
    int decimals;
    double scale, width, height, map_x, map_y, map_w, map_h;
    placement main, inset, cph;
    int has_inset, has_cph;
    double inset_box[4]; /* x, y, w, h */
    double cph_box[4];   /* the Copenhagen inset, x, y, w, h */
    double cph_mark[4];  /* its area on the main map, x, y, w, h */
    double cph_scale;
    double cph_area[4];  /* the inset's area in the geometry's units */
    int value_decimals;  /* the values' own precision (at most 6) */
    size_t footer_lines;
};

void ix_map_options_init(ix_map_options *o)
{
    memset(o, 0, sizeof *o);
    o->classes.method = IX_CLASS_QUANTILE;
    o->classes.k = 5;
    o->decimal = '.';
    o->simplify_px = 0.4;
    o->map_width = 560;
}

ix_status ix_map_new(ix_geo *geo, ix_map **out, ix_diag *d)
{
    ix_map *m = calloc(1, sizeof *m);
    if (m)
        m->value = malloc((geo->nshapes ? geo->nshapes : 1) * sizeof *m->value);
    if (!m || !m->value) {
        free(m);
        ix_geo_free(geo);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    m->geo = geo;
    for (size_t i = 0; i < geo->nshapes; i++)
        m->value[i] = NAN;
    ix_map_options_init(&m->opt);
    *out = m;
    return IX_OK;
}

void ix_map_free(ix_map *m)
{
    if (!m)
        return;
    ix_geo_free(m->geo);
    free(m->value);
    free(m);
}

int ix_map_set_value(ix_map *m, int code, double value)
{
    for (size_t i = 0; i < m->geo->nshapes; i++)
        if (m->geo->shapes[i].code == code) {
            m->value[i] = value;
            return 0;
        }
    return -1;
}

double ix_map_width(const ix_map *m)
{
    return m->width;
}

const ix_classes *ix_map_classes(const ix_map *m)
{
    return &m->classes;
}

const ix_geo *ix_map_geo(const ix_map *m)
{
    return m->geo;
}

size_t ix_map_missing(const ix_map *m, int *codes, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < m->geo->nshapes; i++)
        if (m->value[i] != m->value[i]) {
            if (n < max)
                codes[n] = m->geo->shapes[i].code;
            n++;
        }
    return n;
}

/* Decimals for the legend: enough to show the bounds as they are (at most
 * 6), no more than the spread of the values warrants, and always enough to
 * tell neighbouring bounds apart. */
static int legend_decimals(const ix_classes *c)
{
    int need = 0;
    for (int i = 0; i <= c->k; i++) {
        double b = c->bound[i];
        int dd = 0;
        while (dd < 6 && fabs(round(b * pow(10, dd)) / pow(10, dd) - b) > 1e-9 * fmax(1, fabs(b)))
            dd++;
        need = dd > need ? dd : need;
    }
    double range = c->bound[c->k] - c->bound[0];
    int cap = range > 0 ? 3 - (int)floor(log10(range)) : 2;
    cap = cap < 0 ? 0 : cap;
    int dec = need < cap ? need : cap;
    for (; dec < 8; dec++) {
        int distinct = 1;
        for (int i = 0; i < c->k && distinct; i++)
            distinct = round(c->bound[i] * pow(10, dec)) != round(c->bound[i + 1] * pow(10, dec));
        if (distinct)
            break;
    }
    return dec;
}

static int decimals_of(double b)
{
    int dd = 0;
    while (dd < 6 && fabs(round(b * pow(10, dd)) / pow(10, dd) - b) > 1e-9 * fmax(1, fabs(b)))
        dd++;
    return dd;
}

const char *ix_map_default_palette(int diverging, int direction)
{
    if (diverging)
        return direction > 0 ? "RdBu" : "RdBu_r";
    return direction > 0 ? "YlOrRd_r" : "YlOrRd";
}

/* The box of a shape's largest ring (its main land, without the islets
 * such as Tårnby's Saltholm that would stretch the inset). */
static int main_ring_bbox(const ix_shape *s, double box[4])
{
    const ix_ring *best = NULL;
    double area = -1;
    for (size_t r = 0; r < s->nrings; r++) {
        double a = fabs(ix_ring_signed_area(&s->rings[r]));
        if (!s->rings[r].hole && a > area) {
            area = a;
            best = &s->rings[r];
        }
    }
    if (!best || best->n == 0)
        return -1;
    ix_shape one = {s->code, NULL, (ix_ring *)best, 1, 1};
    return ix_shape_bbox(&one, box);
}

/* Bounding box of the Copenhagen-area shapes' main rings; -1 unless at
 * least 10 of them are there. */
static int cph_bbox(const ix_geo *g, double box[4])
{
    size_t found = 0;
    for (size_t i = 0; i < g->nshapes; i++) {
        double b[4];
        if (!in_cph(g->shapes[i].code) || main_ring_bbox(&g->shapes[i], b) != 0)
            continue;
        if (found++ == 0)
            memcpy(box, b, sizeof b);
        box[0] = fmin(box[0], b[0]);
        box[1] = fmin(box[1], b[1]);
        box[2] = fmax(box[2], b[2]);
        box[3] = fmax(box[3], b[3]);
    }
    return found >= 10 ? 0 : -1;
}

static size_t count_footer_lines(const char *footer)
{
    if (!footer || !*footer)
        return 0;
    size_t n = 1;
    for (const char *p = strstr(footer, " | "); p; p = strstr(p + 3, " | "))
        n++;
    return n > MAX_FOOTER_LINES ? MAX_FOOTER_LINES : n;
}

ix_status ix_map_prepare(ix_map *m, const ix_map_options *o, ix_diag *d)
{
    m->opt = *o;
    if (m->opt.map_width <= 0)
        m->opt.map_width = 560;
    ix_geo *g = m->geo;
    ix_status st = ix_classify(&o->classes, m->value, g->nshapes, &m->classes, d);
    if (st)
        return st;
    const char *pal =
        o->palette ? o->palette : ix_map_default_palette(m->classes.diverging, o->direction);
    st = ix_palette_colors(pal, m->classes.k, m->colors, NULL, d);
    if (st)
        return st;
    m->decimals = legend_decimals(&m->classes);
    m->value_decimals = 0;
    for (size_t i = 0; i < g->nshapes; i++)
        if (m->value[i] == m->value[i]) {
            int dd = decimals_of(m->value[i]);
            m->value_decimals = dd > m->value_decimals ? dd : m->value_decimals;
        }
    ix_geo_project_utm32(g);

    /* Layout: the inset only for geographic maps holding Bornholm and more. */
    const ix_shape *born = g->origin != IX_GEO_FROM_TILEMAP ? ix_geo_find(g, INSET_CODE) : NULL;
    double box[4], ib[4];
    m->has_inset = born && g->nshapes > 1 && ix_shape_bbox(born, ib) == 0;
    if (ix_geo_bbox(g, m->has_inset ? INSET_CODE : 0, box) != 0)
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL, "the geometry has no points");
    double bw = box[2] - box[0], bh = box[3] - box[1];
    if (!(bw > 0) || !(bh > 0))
        return ix_diag_set(d, IX_ERR_INPUT, NULL, 0, 0, NULL, "the geometry has no extent");
    double s = m->opt.map_width / bw;
    if (bh * s > 1.4 * m->opt.map_width) /* a tall, thin selection: cap the height */
        s = 1.4 * m->opt.map_width / bh;
    m->scale = s;
    m->map_x = MARGIN;
    m->map_y = MARGIN + (o->title ? TITLE_H : 0);
    m->map_w = bw * s;
    m->map_h = bh * s;
    m->main = (placement){m->map_x, m->map_y, box[0], box[3]};
    if (m->has_inset) {
        double pad = 8, w = (ib[2] - ib[0]) * s + 2 * pad, h = (ib[3] - ib[1]) * s + 2 * pad + 12;
        m->inset_box[0] = m->map_x + m->map_w - w;
        m->inset_box[1] = m->map_y;
        m->inset_box[2] = w;
        m->inset_box[3] = h;
        m->inset = (placement){m->inset_box[0] + pad, m->inset_box[1] + pad + 12, ib[0], ib[3]};
    }
    double *cb = m->cph_area;
    m->has_cph = g->origin != IX_GEO_FROM_TILEMAP && cph_bbox(g, cb) == 0 &&
                 bw > 4 * (cb[2] - cb[0]) && cb[2] > cb[0] && cb[3] > cb[1];
    if (m->has_cph) {
        double pad = 6, w = 0.32 * m->map_w, cs = (w - 2 * pad) / (cb[2] - cb[0]);
        double h = (cb[3] - cb[1]) * cs + 2 * pad + 14;
        m->cph_scale = cs;
        m->cph_box[0] = m->map_x + m->map_w - w;
        m->cph_box[1] = m->map_y;
        m->cph_box[2] = w;
        m->cph_box[3] = h;
        m->cph = (placement){m->cph_box[0] + pad, m->cph_box[1] + pad + 14, cb[0], cb[3]};
        m->cph_mark[0] = m->map_x + (cb[0] - box[0]) * s;
        m->cph_mark[1] = m->map_y + (box[3] - cb[3]) * s;
        m->cph_mark[2] = (cb[2] - cb[0]) * s;
        m->cph_mark[3] = (cb[3] - cb[1]) * s;
        if (m->has_inset) { /* Bornholm below it, clear of Anholt */
            double dy = m->cph_box[3] + 10;
            m->inset_box[1] += dy;
            m->inset.oy += dy;
        }
    }
    size_t legend_rows = (size_t)m->classes.k + (m->classes.missing ? 2 : 0) +
                         (m->classes.missing && m->classes.missing <= MAX_NAMED_MISSING
                              ? m->classes.missing
                              : 0);
    double legend_h = o->no_legend ? 0 : (o->legend_title ? 28 : 0) + ROW_H * (double)legend_rows;
    m->footer_lines = count_footer_lines(o->footer);
    m->width = ceil(m->map_x + m->map_w + (o->no_legend ? 0 : LEGEND_GAP + LEGEND_W) + MARGIN);
    m->height = ceil(m->map_y + fmax(m->map_h, legend_h) + 44 +
                     FOOTER_LINE_H * (double)m->footer_lines);
    /* Simplified for the largest scale drawn (the Copenhagen inset's). */
    if (o->simplify_px > 0 && g->units != IX_GEO_TILES)
        st = ix_geo_simplify(g, o->simplify_px / (m->has_cph ? fmax(s, m->cph_scale) : s), d);
    return st;
}

/* ---- drawing ------------------------------------------------------------- */

static void rect(const ix_canvas *c, double x, double y, double w, double h)
{
    c->move_to(c->ctx, x, y);
    c->line_to(c->ctx, x + w, y);
    c->line_to(c->ctx, x + w, y + h);
    c->line_to(c->ctx, x, y + h);
    c->close(c->ctx);
}

/* A leading '-' becomes a true minus sign (U+2212). */
static void true_minus(char *buf, size_t size)
{
    size_t len = strlen(buf);
    if (buf[0] != '-' || len + 3 > size)
        return;
    memmove(buf + 3, buf + 1, len); /* with the terminator */
    buf[0] = (char)0xe2;
    buf[1] = (char)0x88;
    buf[2] = (char)0x92;
}

static void shape_path(const ix_canvas *c, const ix_shape *s, const placement *p, double k)
{
    for (size_t r = 0; r < s->nrings; r++) {
        const ix_ring *ring = &s->rings[r];
        for (size_t i = 0; i < ring->n; i++) {
            double x = p->ox + (ring->pts[i].x - p->bx) * k;
            double y = p->oy + (p->by - ring->pts[i].y) * k;
            (i == 0 ? c->move_to : c->line_to)(c->ctx, x, y);
        }
        c->close(c->ctx);
    }
}

/* shape_path for the rings that lie within area (x0, y0, x1, y1; a little
 * slack): the inset shows no islets outside its box. */
static void shape_path_within(const ix_canvas *c, const ix_shape *s, const placement *p, double k,
                              const double area[4])
{
    double slack = 0.02 * (area[2] - area[0]);
    for (size_t r = 0; r < s->nrings; r++) {
        double b[4];
        ix_shape one = {s->code, NULL, &s->rings[r], 1, 1};
        if (ix_shape_bbox(&one, b) != 0 || b[0] < area[0] - slack || b[2] > area[2] + slack ||
            b[1] < area[1] - slack || b[3] > area[3] + slack)
            continue;
        const ix_ring *ring = &s->rings[r];
        for (size_t i = 0; i < ring->n; i++) {
            double x = p->ox + (ring->pts[i].x - p->bx) * k;
            double y = p->oy + (p->by - ring->pts[i].y) * k;
            (i == 0 ? c->move_to : c->line_to)(c->ctx, x, y);
        }
        c->close(c->ctx);
    }
}

static const char *shape_name(const ix_shape *s, char *buf, size_t size)
{
    const ix_kommune *k = ix_kommune_find(s->code);
    if (k)
        return k->name;
    if (s->name)
        return s->name;
    snprintf(buf, size, "%03d", s->code);
    return buf;
}

/* Dark text on light colours, white on dark (relative luminance). */
static uint32_t text_on(uint32_t rgb)
{
    double r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 120 ? 0xffffffu : 0x252525u;
}

/* The short name in the middle of a hexagon (the mean of its corners). */
static void tile_label(const ix_map *m, const ix_canvas *c, const ix_shape *s, uint32_t fill,
                       int missing)
{
    const char *label = ix_tilemap_label(s->code);
    if (!label || s->nrings == 0 || s->rings[0].n == 0)
        return;
    const ix_ring *r = &s->rings[0];
    double x = 0, y = 0;
    for (size_t i = 0; i < r->n; i++) {
        x += r->pts[i].x;
        y += r->pts[i].y;
    }
    x = m->main.ox + (x / (double)r->n - m->main.bx) * m->scale;
    y = m->main.oy + (m->main.by - y / (double)r->n) * m->scale;
    double size = fmin(11.0, 0.27 * m->scale);
    c->text(c->ctx, x, y + size * 0.35, size, 0, IX_ANCHOR_MIDDLE,
            missing ? 0x252525u : text_on(fill), label);
}

/* The Copenhagen area again, larger, in its box; its area framed on the
 * main map. The copies carry the municipality as inset items. */
static void draw_cph(const ix_map *m, const ix_canvas *c)
{
    const ix_geo *g = m->geo;
    const double *mk = m->cph_mark, *b = m->cph_box;
    rect(c, mk[0] - 1, mk[1] - 1, mk[2] + 2, mk[3] + 2);
    c->stroke(c->ctx, 0x737373u, 0.6);
    ix_paint white = {0xffffffu, 0};
    rect(c, b[0], b[1], b[2], b[3]);
    c->fill(c->ctx, &white, 1);
    c->stroke(c->ctx, 0x969696u, 0.8);
    c->text(c->ctx, b[0] + 5, b[1] + 13, 10, 0, IX_ANCHOR_START, 0x525252u,
            m->opt.danish ? "Københavnsområdet" : "Copenhagen area");
    for (size_t i = 0; i < g->nshapes; i++) {
        const ix_shape *s = &g->shapes[i];
        if (!in_cph(s->code))
            continue;
        double v = m->value[i];
        int k = ix_class_of(&m->classes, v);
        char value[64] = "", shown[64], title[256], nbuf[16];
        if (k >= 0) {
            ix_format_exact(v, '.', value, sizeof value);
            ix_format_exact(v, m->opt.decimal, shown, sizeof shown);
            true_minus(shown, sizeof shown);
        } else
            snprintf(shown, sizeof shown, "%s", m->opt.danish ? "ingen værdi" : "no value");
        snprintf(title, sizeof title, "%s: %s", shape_name(s, nbuf, sizeof nbuf), shown);
        ix_canvas_item item = {s->code, value, title, k, 1};
        ix_paint paint = {k >= 0 ? m->colors[k] : MISSING_RGB, k < 0};
        c->begin_item(c->ctx, &item);
        shape_path_within(c, s, &m->cph, m->cph_scale, m->cph_area);
        c->fill(c->ctx, &paint, 1);
        c->stroke(c->ctx, 0x636363u, 0.4);
        c->end_item(c->ctx);
    }
}

static void draw_shapes(const ix_map *m, const ix_canvas *c)
{
    const ix_geo *g = m->geo;
    int tiles = g->units == IX_GEO_TILES;
    for (size_t i = 0; i < g->nshapes; i++) {
        const ix_shape *s = &g->shapes[i];
        double v = m->value[i];
        int k = ix_class_of(&m->classes, v);
        char value[64] = "", shown[64], title[256], nbuf[16];
        if (k >= 0) {
            ix_format_exact(v, '.', value, sizeof value);
            ix_format_exact(v, m->opt.decimal, shown, sizeof shown);
            true_minus(shown, sizeof shown);
        } else
            snprintf(shown, sizeof shown, "%s", m->opt.danish ? "ingen værdi" : "no value");
        snprintf(title, sizeof title, "%s: %s", shape_name(s, nbuf, sizeof nbuf), shown);
        ix_canvas_item item = {s->code, value, title, k, 0};
        ix_paint paint = {k >= 0 ? m->colors[k] : MISSING_RGB, k < 0};
        c->begin_item(c->ctx, &item);
        int in_inset = m->has_inset && s->code == INSET_CODE;
        shape_path(c, s, in_inset ? &m->inset : &m->main, m->scale);
        c->fill(c->ctx, &paint, 1);
        c->stroke(c->ctx, tiles ? 0xffffffu : 0x636363u, tiles ? 1.5 : 0.3);
        c->end_item(c->ctx);
        if (tiles)
            tile_label(m, c, s, paint.rgb, k < 0);
    }
    if (m->has_inset) {
        const double *b = m->inset_box;
        rect(c, b[0], b[1], b[2], b[3]);
        c->stroke(c->ctx, 0x969696u, 0.8);
        c->text(c->ctx, b[0] + 5, b[1] + 13, 10, 0, IX_ANCHOR_START, 0x525252u, "Bornholm");
    }
    if (m->has_cph)
        draw_cph(m, c);
}

static void bound_text(double v, int decimals, char decimal, char *buf, size_t size)
{
    ix_format_fixed(v, decimals, decimal, 0, buf, size);
    true_minus(buf, size);
}

/* Whether every inner bound is a number of the values' own precision. */
static int bounds_at_value_precision(const ix_map *m)
{
    const ix_classes *cl = &m->classes;
    if (m->value_decimals > m->decimals + 1)
        return 0;
    for (int i = 0; i <= cl->k; i++)
        if (decimals_of(cl->bound[i]) > m->value_decimals)
            return 0;
    return 1;
}

const char *ix_map_class_label(const ix_map *m, int i, char *buf, size_t size)
{
    const ix_classes *cl = &m->classes;
    char lo[48], hi[48], dec = m->opt.decimal;
    if (cl->open_ends && i == 0) {
        bound_text(cl->bound[1], m->decimals, dec, hi, sizeof hi);
        snprintf(buf, size, "\xe2\x89\xa4 %s", hi);
    } else if (cl->open_ends && i == cl->k - 1) {
        bound_text(cl->bound[i], m->decimals, dec, lo, sizeof lo);
        snprintf(buf, size, "> %s", lo);
    } else if (bounds_at_value_precision(m)) {
        int dp = m->value_decimals;
        double step = pow(10, -dp);
        bound_text(i == 0 ? cl->bound[0] : cl->bound[i] + step, dp, dec, lo, sizeof lo);
        bound_text(cl->bound[i + 1], dp, dec, hi, sizeof hi);
        snprintf(buf, size, "%s\xe2\x80\x93%s", lo, hi);
    } else {
        bound_text(cl->bound[i], m->decimals, dec, lo, sizeof lo);
        bound_text(cl->bound[i + 1], m->decimals, dec, hi, sizeof hi);
        snprintf(buf, size, "%s%s\xe2\x80\x93%s", i == 0 ? "" : ">", lo, hi);
    }
    return buf;
}

uint32_t ix_map_class_color(const ix_map *m, int i)
{
    return i >= 0 && i < m->classes.k ? m->colors[i] : MISSING_RGB;
}

const ix_map_options *ix_map_opts(const ix_map *m)
{
    return &m->opt;
}

const char *ix_map_credit_line(const ix_map *m, char *buf, size_t size)
{
    const char *geo = ix_geo_credit(m->geo);
    if (m->geo->origin == IX_GEO_FROM_TILEMAP)
        geo = m->opt.danish ? "Skematisk kort: én sekskant pr. kommune; placering og "
                              "størrelse er ikke geografisk korrekte"
                            : "Schematic tile map: one hexagon per municipality; positions "
                              "and sizes are not geographic";
    const char *data = m->opt.credit && *m->opt.credit ? m->opt.credit : NULL;
    snprintf(buf, size, "%s%s%s", geo ? geo : "", geo && data ? " \xc2\xb7 " : "",
             data ? data : "");
    return buf;
}

static void draw_legend(const ix_map *m, const ix_canvas *c)
{
    const ix_classes *cl = &m->classes;
    double x = m->map_x + m->map_w + LEGEND_GAP, y = m->map_y + 4;
    if (m->opt.legend_title) {
        c->text(c->ctx, x, y + 12, 13, 1, IX_ANCHOR_START, 0x252525u, m->opt.legend_title);
        y += 28;
    }
    for (int i = 0; i < cl->k; i++) {
        char text[128], label[160];
        snprintf(label, sizeof label, "%s  (%zu)", ix_map_class_label(m, i, text, sizeof text),
                 cl->count[i]);
        ix_paint p = {m->colors[i], 0};
        rect(c, x, y, 22, 14);
        c->fill(c->ctx, &p, 1);
        c->stroke(c->ctx, 0x636363u, 0.5);
        c->text(c->ctx, x + 30, y + 11.5, 12, 0, IX_ANCHOR_START, 0x252525u, label);
        y += ROW_H;
    }
    if (!cl->missing)
        return;
    char label[96];
    snprintf(label, sizeof label, "%s  (%zu)", m->opt.danish ? "ingen værdi" : "no value",
             cl->missing);
    ix_paint p = {MISSING_RGB, 1};
    y += ROW_H / 2;
    rect(c, x, y, 22, 14);
    c->fill(c->ctx, &p, 1);
    c->stroke(c->ctx, 0x636363u, 0.5);
    c->text(c->ctx, x + 30, y + 11.5, 12, 0, IX_ANCHOR_START, 0x252525u, label);
    if (cl->missing > MAX_NAMED_MISSING)
        return;
    for (size_t i = 0; i < m->geo->nshapes; i++)
        if (m->value[i] != m->value[i]) {
            char nbuf[16];
            y += ROW_H * 0.8;
            c->text(c->ctx, x + 30, y + 11.5, 11, 0, IX_ANCHOR_START, 0x525252u,
                    shape_name(&m->geo->shapes[i], nbuf, sizeof nbuf));
        }
}

void ix_map_draw(const ix_map *m, const ix_canvas *c)
{
    c->begin(c->ctx, m->width, m->height, m->opt.title);
    ix_paint white = {0xffffffu, 0};
    rect(c, 0, 0, m->width, m->height);
    c->fill(c->ctx, &white, 0);
    if (m->opt.title)
        c->text(c->ctx, MARGIN, MARGIN + 20, 20, 1, IX_ANCHOR_START, 0x000000u, m->opt.title);
    draw_shapes(m, c);
    if (!m->opt.no_legend)
        draw_legend(m, c);
    char credit[640];
    double y = m->height - 14 - FOOTER_LINE_H * (double)m->footer_lines;
    ix_map_credit_line(m, credit, sizeof credit);
    if (credit[0])
        c->text(c->ctx, MARGIN, y, 10, 0, IX_ANCHOR_START, 0x525252u, credit);
    /* The notes, one per line (they come joined by " | "). */
    const char *p = m->opt.footer;
    for (size_t line = 0; p && line < m->footer_lines; line++) {
        const char *e = strstr(p, " | ");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char text[512];
        snprintf(text, sizeof text, "%.*s", (int)(n < sizeof text ? n : sizeof text - 1), p);
        y += FOOTER_LINE_H;
        c->text(c->ctx, MARGIN, y, 10, 0, IX_ANCHOR_START, 0x7f2704u, text);
        p = e ? e + 3 : NULL;
    }
    c->end(c->ctx);
}
