/* PNG and PDF maps: the cairo backend of the map canvas (see map.h).
 *
 * lib/io/map/cairo_map.c implements ix_canvas on a cairo surface, so PNG and PDF
 * come from the same drawing code (ix_map_draw) as the SVG. The backend is
 * optional: a build without cairo (CMake option IX_CAIRO off, or no cairo
 * found) still has these functions; ix_cairo_available() says 0 and the
 * writers fail with IX_ERR_USAGE and a message saying so.
 *
 * Output goes to the caller's sink; nothing here keeps a reference to it
 * after the call returns. */
#ifndef INDEKS_MAP_CAIRO_H
#define INDEKS_MAP_CAIRO_H

#include "indeks/diag.h"
#include "indeks/map.h"
#include "indeks/sink.h"

typedef enum { IX_CAIRO_PNG = 0, IX_CAIRO_PDF } ix_cairo_format;

/* 1 when this build has the cairo backend, else 0. */
int ix_cairo_available(void);

/* Writes the prepared map as PNG or PDF to s.
 * PNG: an RGB image of the SVG's size times scale (1: one pixel per SVG
 * pixel; 2 for high-density screens; 0 means 1), text in DejaVu Sans; the
 * same bytes for the same input on the same machine (fonts and cairo's
 * version can change the pixels of the text).
 * PDF: one page, one SVG pixel = 0.75 pt (96 dpi), vector paths and text;
 * the creation date is fixed (2000-01-01) so the bytes are stable.
 * Errors: IX_ERR_USAGE without cairo, IX_ERR_INPUT for a map too large for
 * an image, IX_ERR_NOMEM, IX_ERR_IO when cairo fails. */
ix_status ix_cairo_map_write(const ix_map *m, ix_cairo_format format, double scale, ix_sink *s,
                             ix_diag *d);

/* The canvas itself, for drawing other things the same way: the surface is
 * made by the canvas's begin (when the page size is known) and the bytes are
 * written to s by its end. ix_cairo_canvas_done releases it and returns the
 * first error met while drawing (IX_OK when none). */
ix_status ix_cairo_canvas_new(ix_cairo_format format, double scale, ix_sink *s, ix_canvas *out,
                              ix_diag *d);
ix_status ix_cairo_canvas_done(ix_canvas *c, ix_diag *d);

/* Releases the fonts and caches cairo and fontconfig keep for the whole
 * process. Call it once, when no more drawing will be done (before exit), so
 * that leak checkers see nothing; drawing after it is not allowed. */
void ix_cairo_release(void);

#endif
