/* Laying out and drawing a choropleth map through an ix_canvas (see
 * include/indeks/map.h). No output format is known here.
 *
 * Page: the title on top; the map below it, scaled so the mainland's
 * bounding box fills map_width; Bornholm (400), 150 km east, drawn at the
 * same scale in a framed inset in the map's top-right corner (open sea in
 * the Kattegat); the legend to the right; the credit line at the bottom. */
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
    placement main, inset;
    int has_inset;
    double inset_box[4]; /* x, y, w, h */
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

ix_status ix_map_prepare(ix_map *m, const ix_map_options *o, ix_diag *d)
{
    m->opt = *o;
    if (m->opt.map_width <= 0)
        m->opt.map_width = 560;
    ix_geo *g = m->geo;
    ix_status st = ix_classify(&o->classes, m->value, g->nshapes, &m->classes, d);
    if (st)
        return st;
    const char *pal = o->palette ? o->palette : m->classes.diverging ? "RdBu_r" : "YlOrRd";
    st = ix_palette_colors(pal, m->classes.k, m->colors, NULL, d);
    if (st)
        return st;
    m->decimals = legend_decimals(&m->classes);
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
    size_t legend_rows = (size_t)m->classes.k + (m->classes.missing ? 2 : 0) +
                         (m->classes.missing && m->classes.missing <= MAX_NAMED_MISSING
                              ? m->classes.missing
                              : 0);
    double legend_h = (o->legend_title ? 28 : 0) + ROW_H * (double)legend_rows;
    m->width = ceil(m->map_x + m->map_w + LEGEND_GAP + LEGEND_W + MARGIN);
    m->height = ceil(m->map_y + fmax(m->map_h, legend_h) + 44);
    if (o->simplify_px > 0 && g->units != IX_GEO_TILES)
        st = ix_geo_simplify(g, o->simplify_px / s, d);
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
        } else
            snprintf(shown, sizeof shown, "%s", m->opt.danish ? "ingen værdi" : "no value");
        snprintf(title, sizeof title, "%s: %s", shape_name(s, nbuf, sizeof nbuf), shown);
        ix_canvas_item item = {s->code, value, title, k};
        ix_paint paint = {k >= 0 ? m->colors[k] : MISSING_RGB, k < 0};
        c->begin_item(c->ctx, &item);
        int in_inset = m->has_inset && s->code == INSET_CODE;
        shape_path(c, s, in_inset ? &m->inset : &m->main, m->scale);
        c->fill(c->ctx, &paint, 1);
        c->stroke(c->ctx, tiles ? 0xffffffu : 0x636363u, tiles ? 1.5 : 0.3);
        c->end_item(c->ctx);
    }
    if (m->has_inset) {
        const double *b = m->inset_box;
        rect(c, b[0], b[1], b[2], b[3]);
        c->stroke(c->ctx, 0x969696u, 0.8);
        c->text(c->ctx, b[0] + 5, b[1] + 13, 10, 0, IX_ANCHOR_START, 0x525252u, "Bornholm");
    }
}

static void bound_text(const ix_map *m, double v, char *buf, size_t size)
{
    ix_format_fixed(v, m->decimals, m->opt.decimal, 0, buf, size);
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
        char lo[48], hi[48], label[160];
        bound_text(m, cl->bound[i], lo, sizeof lo);
        bound_text(m, cl->bound[i + 1], hi, sizeof hi);
        if (cl->open_ends && i == 0)
            snprintf(label, sizeof label, "\xe2\x89\xa4 %s  (%zu)", hi, cl->count[i]);
        else if (cl->open_ends && i == cl->k - 1)
            snprintf(label, sizeof label, "> %s  (%zu)", lo, cl->count[i]);
        else
            snprintf(label, sizeof label, "%s \xe2\x80\x93 %s  (%zu)", lo, hi, cl->count[i]);
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
    draw_legend(m, c);
    const char *credit = m->opt.credit;
    if (!credit && m->geo->origin == IX_GEO_FROM_TILEMAP)
        credit = m->opt.danish ? "Skematisk kort: én sekskant pr. kommune; placering og "
                                 "størrelse er ikke geografisk korrekte"
                               : "Schematic tile map: one hexagon per municipality; positions "
                                 "and sizes are not geographic";
    else if (!credit)
        credit = "Kommunegrænser: Indeholder data fra Klimadatastyrelsen, DAGI";
    c->text(c->ctx, MARGIN, m->height - 14, 10, 0, IX_ANCHOR_START, 0x525252u, credit);
    c->end(c->ctx);
}
