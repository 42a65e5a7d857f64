/* Shared between the GeoJSON and TopoJSON readers (lib/io/map/geojson.c,
 * lib/io/map/topojson.c); not public. */
#ifndef INDEKS_IO_GEO_READ_H
#define INDEKS_IO_GEO_READ_H

#include <jansson.h>

#include "indeks/geo.h"

/* How deep GeometryCollections may nest. */
#define IX_GEO_MAX_DEPTH 8

/* The key in props holding the municipality code: wanted (exactly, then
 * case-insensitively) when given, else the first known name. NULL if none. */
const char *ix__geo_code_key(json_t *props, const char *wanted);

/* Reads the code of one feature (integer, integral real, or text such as
 * "0101"). where names the feature in diagnostics. */
ix_status ix__geo_feature_code(json_t *props, const char *key, const char *source,
                               const char *where, int *code, ix_diag *d);

/* The feature's name (navn, KOMNAVN, name, ...), or NULL. */
const char *ix__geo_feature_name(json_t *props);

/* Finds the code key over all features and fails with a message listing the
 * properties the first feature has. first_props may be NULL. */
ix_status ix__geo_no_code_key(json_t *first_props, const char *wanted, const char *source,
                              ix_diag *d);

/* The largest coordinate magnitude accepted: projected metres of any real
 * map are far below 1e8 (the Earth's circumference is 4e7 m). */
#define IX_GEO_MAX_COORD 1e8

/* Checks one position: finite, |x| and |y| at most IX_GEO_MAX_COORD, and of
 * the same kind as the file's first position (*kind: 0 none yet, 1
 * longitude/latitude degrees, |x| <= 180 and |y| <= 90; 2 projected). A
 * latitude of 95 among degrees is refused rather than read as metres. where
 * names the feature or arc; what names the position in the message. */
ix_status ix__geo_check_position(int *kind, double x, double y, const char *source,
                                 const char *where, const char *what, size_t pos, ix_diag *d);

ix_status ix__topojson_read(json_t *root, const char *source, const char *code_property,
                            ix_geo *g, ix_diag *d);

#endif
