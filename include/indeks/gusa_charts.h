/* GUSA's charts as hand-written SVG (lib/io/gusa/gusa_svg.c): the Lorenz
 * curve of cost per family, and a scatter of a GUSA indicator against the
 * socio-economic index with a municipality and its peers marked. Inline in
 * a page or report: no script, no style attribute (the site's CSP), colours
 * as presentation attributes; a <title> and <desc> for screen readers, and
 * the numbers also as a table by the caller. Danish labels.
 * Ownership: every argument is borrowed for the call. */
#ifndef INDEKS_GUSA_CHARTS_H
#define INDEKS_GUSA_CHARTS_H

#include <stddef.h>

#include "indeks/gusa_indicators.h"
#include "indeks/sink.h"

/* The chart's plot area: 300 x 300 units from (60, 20); x = share of
 * families (poorest first), y = share of cost; the curve's points are
 * (60 + 300 k/10, 320 - 300 L(k/10)). */
void ix_gusa_lorenz_svg(ix_sink *s, const ix_lorenz *l, const char *title);

/* Every point with both values; kommune (0: none) drawn large and its
 * peers ringed. */
void ix_gusa_scatter_svg(ix_sink *s, const ix_gusa_scatter_point *p, size_t n, int kommune,
                         const char *x_label, const char *y_label, const char *title);

#endif
