/* Where a value sits in JSON text, for diagnostics: jansson keeps no
 * positions for parsed values, so readers that find a problem after parsing
 * (a GeoJSON ring, a model's criterion) look its line up here. Not public. */
#ifndef INDEKS_IO_JSON_LOCATE_H
#define INDEKS_IO_JSON_LOCATE_H

#include <stddef.h>

/* The 1-based line where the value named by path starts in the JSON text.
 * path is the form the readers put in ix_diag.field: object keys joined by
 * '.', array indexes as [n] ("features[3]", "objects.k.geometries[0]",
 * "criteria[1]"); it ends at the first space, so "criteria[1] (k2)" works.
 * An empty path is the root value. When a step of the path is not found,
 * the line of the deepest value reached is returned. The text must be
 * well-formed JSON (it has been parsed); nothing is allocated. */
long ix__json_line(const char *text, size_t len, const char *path);

/* The lines of the first n elements of the array at path, in one forward
 * pass (a lookup per element would rescan the text each time: quadratic for
 * 10,000 criteria). Returns how many were found (0: no array there). */
size_t ix__json_array_lines(const char *text, size_t len, const char *path, long *lines,
                            size_t n);

#endif
