/* Choropleth maps of the municipalities, drawn through a small canvas.
 *
 * The drawing code (lib/core/map/geo_map.c) knows nothing of file formats: it calls
 * an ix_canvas, a table of functions shaped like cairo's path API (move_to,
 * line_to, close, fill, stroke, text). lib/io/map/svg_map.c implements it for
 * SVG; a cairo backend for PNG and PDF implements the same table and reuses
 * the same drawing. Coordinates are pixels, y down, origin top left.
 *
 * An ix_map owns the shapes it draws (the ix_geo given to ix_map_new) and the
 * values set on it; ix_map_free releases everything. */
#ifndef INDEKS_MAP_H
#define INDEKS_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "indeks/classify.h"
#include "indeks/diag.h"
#include "indeks/geo.h"

/* ---- the canvas -------------------------------------------------------- */

typedef struct ix_paint {
    uint32_t rgb; /* 0xRRGGBB */
    int hatch;    /* 1: diagonal hatching over rgb (missing values) */
} ix_paint;

typedef enum { IX_ANCHOR_START = 0, IX_ANCHOR_MIDDLE, IX_ANCHOR_END } ix_anchor;

/* What a municipality's path is; backends that cannot carry it ignore it. */
typedef struct ix_canvas_item {
    int code;
    const char *value;  /* machine-readable ("1.06"), "" when missing */
    const char *title;  /* "København: 1,06", shown on hover */
    int klass;          /* 0-based class, -1 missing */
    int inset;          /* 1: a second drawing of the shape (the Copenhagen inset) */
} ix_canvas_item;

typedef struct ix_canvas {
    void *ctx;
    void (*begin)(void *ctx, double width, double height, const char *title);
    void (*end)(void *ctx);
    void (*begin_item)(void *ctx, const ix_canvas_item *item);
    void (*end_item)(void *ctx);
    void (*move_to)(void *ctx, double x, double y);
    void (*line_to)(void *ctx, double x, double y);
    void (*close)(void *ctx);
    /* Fills the current path (even-odd rule); with preserve the path stays
     * for a stroke, otherwise it is cleared. */
    void (*fill)(void *ctx, const ix_paint *paint, int preserve);
    /* Strokes and clears the current path. */
    void (*stroke)(void *ctx, uint32_t rgb, double width);
    void (*text)(void *ctx, double x, double y, double size, int bold, ix_anchor anchor,
                 uint32_t rgb, const char *utf8);
} ix_canvas;

/* ---- the map --------------------------------------------------------------- */

typedef struct ix_map ix_map;

typedef struct ix_map_options {
    const char *title;        /* NULL: none */
    const char *legend_title; /* e.g. the column name; NULL: none */
    const char *credit;       /* a data-source credit added after the geometry's
                                 (e.g. "Data: noegletal.dk"); NULL: none */
    const char *footer;       /* notes shown under the map (e.g. the values' notes); NULL */
    const char *palette;      /* NULL: chosen from direction (see ix_map_default_palette) */
    int direction;            /* 1 higher is better, -1 lower is better, 0 neutral */
    int no_legend;            /* 1: no legend in the drawing (an HTML legend beside it) */
    ix_class_spec classes;    /* default quantile:5 */
    char decimal;             /* '.' or ',' in titles and the legend */
    int danish;               /* legend words in Danish */
    double simplify_px;       /* Douglas-Peucker tolerance in pixels; 0: none */
    double map_width;         /* pixels for the map itself (default 560) */
} ix_map_options;

void ix_map_options_init(ix_map_options *o);

/* Takes ownership of geo (freed even when this fails). */
ix_status ix_map_new(ix_geo *geo, ix_map **out, ix_diag *d);
void ix_map_free(ix_map *m);

/* Sets the value of code (NaN: missing). Returns 0, or -1 when the geometry
 * has no shape for code. */
int ix_map_set_value(ix_map *m, int code, double value);

/* Projects, classifies the values of the shapes, picks the colours, lays
 * out the page and simplifies the outlines. Errors: those of ix_classify and
 * ix_palette_colors. */
ix_status ix_map_prepare(ix_map *m, const ix_map_options *o, ix_diag *d);

/* Draws the prepared map: title, one item per shape (Bornholm in an inset
 * box when the geometry is geographic), legend, credit line. */
void ix_map_draw(const ix_map *m, const ix_canvas *c);

/* The palette used when none is named: diverging classes RdBu (red low,
 * blue high) when higher is better, else RdBu_r; sequential YlOrRd, or
 * YlOrRd_r when higher is better, so the strongest red is always the bad
 * end (neutral: the high end). */
const char *ix_map_default_palette(int diverging, int direction);

/* The legend's label of class i (0-based) of the prepared map, in the
 * locale's decimal mark with a true minus sign (U+2212): with the values'
 * own precision "1,11–1,30" (classes are closed on the right, so the lower
 * end starts one step above the class below's upper end), or ">1,10–1,30"
 * when the bounds are finer than the values; "≤ a" / "> z" for open ends.
 * Returns buf. */
const char *ix_map_class_label(const ix_map *m, int i, char *buf, size_t size);
/* The colour (0xRRGGBB) of class i. */
uint32_t ix_map_class_color(const ix_map *m, int i);
/* The options the map was prepared with. */
const ix_map_options *ix_map_opts(const ix_map *m);
/* The credit line drawn under the map: the geometry's credit (or the tile
 * map's note) and the data credit, joined by " · "; into buf, returned. */
const char *ix_map_credit_line(const ix_map *m, char *buf, size_t size);

/* The short label (3 or 4 letters, e.g. "KBH", "FRB") of a municipality on
 * the tile map, or NULL for an unknown code. The 98 labels are unique. */
const char *ix_tilemap_label(int code);

/* The prepared page's width in pixels. */
double ix_map_width(const ix_map *m);

const ix_classes *ix_map_classes(const ix_map *m);
const ix_geo *ix_map_geo(const ix_map *m);
/* Codes of the shapes with no value, in code order; returns how many (at
 * most max written). */
size_t ix_map_missing(const ix_map *m, int *codes, size_t max);

/* ---- SVG ------------------------------------------------------------------------ */

#include "indeks/sink.h"

/* Writes the prepared map as a standalone SVG document (UTF-8, valid XML,
 * coordinates rounded to 0.1 px, the same bytes for the same input). */
ix_status ix_svg_map_write(const ix_map *m, ix_sink *s, ix_diag *d);

/* The legend of the prepared map as an HTML fragment (a <div
 * class="ix-legend"> with a title, one row per class with its colour
 * swatch, label and count, and the missing values), for pages that show the
 * legend beside the SVG so it stays readable at phone width. */
ix_status ix_map_legend_html(const ix_map *m, ix_sink *s, ix_diag *d);

/* A canvas writing SVG to s; state is caller-provided storage released by
 * ix_svg_canvas_done. */
typedef struct ix_svg_canvas_state ix_svg_canvas_state;
ix_status ix_svg_canvas_new(ix_sink *s, ix_canvas *out, ix_diag *d);
void ix_svg_canvas_done(ix_canvas *c);

#endif
