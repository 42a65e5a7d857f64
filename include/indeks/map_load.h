/* Reading what a map is drawn from: the boundaries (a GeoJSON or TopoJSON
 * file, or the embedded tile map) and a column of values per municipality
 * from a CSV file (the output of socio, landsliste, composite, ...). Used by
 * `indeks map` and `indeks report`.
 *
 * Ownership: the geometry returned belongs to the caller (give it to
 * ix_map_new); the values are copied into the map. */
#ifndef INDEKS_MAP_LOAD_H
#define INDEKS_MAP_LOAD_H

#include <stddef.h>

#include "indeks/diag.h"
#include "indeks/geo.h"
#include "indeks/map.h"

/* The embedded boundaries (made by tools/geo_embed.c from DAGI). */
#define IX_MAP_EMBEDDED_GEOMETRY "data/geo/kommuner_dagi.geojson"

/* path NULL: the embedded simplified DAGI boundaries (credit: ix_geo_credit);
 * "tiles": the embedded hexagon tile map; else a GeoJSON or TopoJSON file.
 * code_property NULL: found from the usual names (lau_1, KOMKODE, ...). */
ix_status ix_map_geometry_load(const char *path, const char *code_property, ix_geo **out,
                               ix_diag *d);

/* Writes g as a GeoJSON FeatureCollection: top-level "credit" and "source"
 * (when not NULL), one Feature per shape with properties kommunekode and
 * navn, a MultiPolygon whose holes go with the smallest outer ring holding
 * them; coordinates with at most decimals decimals, one feature a line.
 * The same bytes for the same geo. */
#include "indeks/sink.h"
ix_status ix_geo_write_geojson(const ix_geo *g, const char *credit, const char *note,
                               int decimals, ix_sink *s, ix_diag *d);

/* What ix_map_values_load saw besides the values it set. */
typedef struct ix_map_values_info {
    char source[256];     /* the values file as its reader names it */
    size_t rows_used;     /* rows that passed the filter */
    size_t unmatched;     /* codes in the values with no shape in the geometry */
    char unmatched_codes[512]; /* "101, 147, ..." (cut short when long) */
    char notes[2048];     /* the distinct notes of a `notes` column, joined by " | " */
} ix_map_values_info;

/* Reads the CSV file at path and sets column's value of every municipality
 * (kommunekode, or uCode as composite writes it) on map; a `notes` column's
 * distinct notes go to info->notes; a missing cell is a missing value. filter
 * "COLUMN=VALUE" (NULL: none) keeps the rows whose COLUMN is VALUE, e.g. one
 * year of a series. A code twice, no matching row, or a cell that is not a
 * number is an error naming file, line and column (parameter "filter" when
 * the filter is at fault). */
ix_status ix_map_values_load(ix_map *map, const char *path, const char *column,
                             const char *filter, ix_map_values_info *info, ix_diag *d);

#endif
