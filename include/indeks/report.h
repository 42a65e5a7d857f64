/* One self-contained HTML report of an index, to mail or open offline.
 *
 * The page holds everything it shows: CSS inline, the map as inline SVG
 * (see map.h), a small script that makes the ranked list sortable by its
 * column headers (the list reads fine without it, in rank order), and no
 * reference to anything on a network. Sections: notes, map, ranked list, a
 * profile per unit (socio: the index criterion by criterion, the numbers of
 * `indeks socio --explain`; composite: scores and ranks per domain, strongest
 * and weak indicators with their recommendations), the model or recipe,
 * sources and the date. Every text that comes from data or a model is
 * HTML-escaped. Danish text by default, English when danish is 0.
 *
 * The writers only write to a sink; the caller owns everything it passes. */
#ifndef INDEKS_REPORT_H
#define INDEKS_REPORT_H

#include <stddef.h>

#include "indeks/composite.h"
#include "indeks/diag.h"
#include "indeks/geo.h"
#include "indeks/sink.h"
#include "indeks/socio.h"

typedef struct ix_report_options {
    int danish;            /* Danish text (1, the default) or English (0) */
    const char *date;      /* the report's date, "YYYY-MM-DD" (NULL: none shown) */
    const char *title;     /* NULL: the model's or the index's name */
    const char *map_svg;   /* an SVG document to inline (an XML declaration is dropped); NULL: no map */
    const char *map_note;  /* a line for the notes about the map (e.g. codes without a shape), or NULL */
    const char *geometry;  /* the boundaries' credit or name (never a local path), for the
                              sources; NULL: the tile map */
    const char *map_legend; /* the map's legend as HTML (ix_map_legend_html), shown below the
                               SVG so it stays readable at phone width; NULL: in the SVG */
    const char *map_credit; /* the credit line under the map; NULL: none */
    const char *version;   /* the program's version, for the footer; NULL: none */
} ix_report_options;

void ix_report_options_init(ix_report_options *o);

/* The socio-economic index: list by rank, a profile per municipality. */
ix_status ix_report_socio_html(const ix_socio_model *m, const ix_socio_data *data,
                               const ix_socio_result *r, const ix_report_options *o, ix_sink *s,
                               ix_diag *d);

/* A composite index after ix_comp_plan_run: the list of the units taking
 * part, a profile per unit, the indicator tree and the recipe's steps. */
ix_status ix_report_composite_html(const ix_comp_model *m, const ix_comp_plan *p,
                                   const ix_comp_recipe *recipe, const ix_report_options *o,
                                   ix_sink *s, ix_diag *d);

/* What the report's map is drawn with. */
typedef struct ix_report_map_spec {
    const char *classes;      /* "diverging:100", "quantile:5"; NULL: quantile:5 */
    const char *legend_title; /* NULL: none */
    const char *palette;      /* NULL: from direction (ix_map_default_palette) */
    const char *credit;       /* a data-source credit after the boundaries'; NULL: none */
    int danish;               /* Danish words and decimal comma */
    int direction;            /* 1 higher is better, -1 lower is better, 0 neutral */
} ix_report_map_spec;

/* The map a report inlines, with its legend as HTML outside the SVG:
 * geo (owned from here, freed even on failure) coloured by values[i] of
 * codes[i] (NaN: missing), the SVG (without a legend when legend is not
 * NULL) into svg, the legend into legend, the credit line into credit (when
 * not NULL). *unmatched (may be NULL) receives how many codes have no
 * shape. */
ix_status ix_report_map(ix_geo *geo, const int *codes, const double *values, size_t n,
                        const ix_report_map_spec *spec, size_t *unmatched, ix_buf *svg,
                        ix_buf *legend, char *credit, size_t credit_size, ix_diag *d);

/* The map a report inlines: geo (owned from here, freed even on failure)
 * coloured by values[i] of codes[i] (NaN: missing) with the class spec
 * classes ("diverging:100", "quantile:5") and the default palette, written
 * as SVG into svg. *unmatched (may be NULL) receives how many codes have no
 * shape. */
ix_status ix_report_map_svg(ix_geo *geo, const int *codes, const double *values, size_t n,
                            const char *classes, const char *legend_title, int danish,
                            size_t *unmatched, ix_buf *svg, ix_diag *d);

#endif
