/* ColorBrewer colour schemes (Cynthia Brewer, Mark Harrower and The
 * Pennsylvania State University, colorbrewer2.org, Apache-2.0): the
 * sequential and diverging schemes ColorBrewer marks colour-blind safe, with
 * their published RGB values for 3 to 9 (sequential) or 3 to 11 (diverging)
 * classes, in ColorBrewer's order (light to dark; diverging from the first
 * hue named to the second). A name ending in "_r" gives the scheme reversed.
 * Colours are 0xRRGGBB. Tables are static; nothing is allocated. */
#ifndef INDEKS_PALETTE_H
#define INDEKS_PALETTE_H

#include <stdint.h>

#include "indeks/diag.h"

typedef enum { IX_PALETTE_SEQUENTIAL = 0, IX_PALETTE_DIVERGING } ix_palette_kind;

/* Writes k colours of scheme name into out. k of 1 or 2 takes colours of the
 * 3-class scheme (the middle one; the two ends). Errors (IX_ERR_USAGE, field
 * "palette"): unknown name (the message lists the known ones), or more
 * classes than the scheme has. kind may be NULL. */
ix_status ix_palette_colors(const char *name, int k, uint32_t *out, ix_palette_kind *kind,
                            ix_diag *d);

/* The known scheme names, comma-separated (static text). */
const char *ix_palette_names(void);

#endif
