/* Municipal boundaries: shapes read from GeoJSON or TopoJSON (or the embedded
 * hexagon tile map), projected to UTM zone 32N and simplified for drawing.
 *
 * An ix_geo holds one ix_shape per municipality code; every polygon a file
 * gives for that code (islands, several TopoJSON geometries) becomes rings of
 * the same shape. A ring is stored open (its first point is not repeated at
 * the end) and flagged as a hole when it was an inner ring of its polygon;
 * shapes are filled with the even-odd rule, so winding does not matter.
 * Everything in an ix_geo (rings, points, names) is owned by it and freed by
 * ix_geo_free. */
#ifndef INDEKS_GEO_H
#define INDEKS_GEO_H

#include <stddef.h>

#include "indeks/diag.h"

typedef struct ix_point {
    double x, y; /* lon/lat degrees, or metres east/north, or tile units */
} ix_point;

typedef struct ix_ring {
    ix_point *pts;
    size_t n;
    int hole;
} ix_ring;

typedef struct ix_shape {
    int code;   /* municipality code, e.g. 101 */
    char *name; /* from the file's properties, or NULL */
    ix_ring *rings;
    size_t nrings, cap;
} ix_shape;

typedef enum {
    IX_GEO_LONLAT = 0, /* WGS84 degrees */
    IX_GEO_METRES,     /* a projected system (UTM 32N assumed), drawn as is */
    IX_GEO_TILES       /* the schematic tile map */
} ix_geo_units;

typedef enum { IX_GEO_FROM_GEOJSON = 0, IX_GEO_FROM_TOPOJSON, IX_GEO_FROM_TILEMAP } ix_geo_origin;

typedef struct ix_geo {
    ix_shape *shapes; /* ordered by code once ix_geo_finish has run */
    size_t nshapes, cap;
    ix_geo_units units;
    ix_geo_origin origin;
    char code_property[64]; /* the property the codes came from */
    size_t omitted;         /* features left out (411 Christiansø) */
    char credit[256];       /* the boundaries' credit line, "" when none is known */
} ix_geo;

/* The credit lines of the boundaries indeks knows (Klimadatastyrelsen's
 * DAGI, CC BY 4.0; the 2014 DAGI extract of Geodatastyrelsen). */
#define IX_GEO_DAGI_CREDIT "Kommunegrænser: Indeholder data fra Klimadatastyrelsen, DAGI"
#define IX_GEO_DAGI_2014_CREDIT "Kommunegrænser: Geodatastyrelsen, DAGI 2014 (1:500 000)"

/* The credit line for the boundaries actually used: the file's own
 * top-level "credit", or DAGI's when the file has DAGI's layout, or NULL
 * (the tile map, or a file that names no source). */
const char *ix_geo_credit(const ix_geo *g);

ix_geo *ix_geo_new(ix_geo_origin origin);
void ix_geo_free(ix_geo *g);

/* Appends a ring (n points, copied) to the shape of code, creating it (with
 * name, copied, may be NULL) when new. A closing point equal to the first and
 * consecutive repeated points are dropped; rings left with fewer than 3
 * points are ignored. */
ix_status ix_geo_add_ring(ix_geo *g, int code, const char *name, const ix_point *pts, size_t n,
                          int hole, ix_diag *d);

/* Sorts shapes by code and, for IX_GEO_LONLAT input, checks the coordinate
 * range: when any |x| > 180 or |y| > 90 the coordinates are taken as metres. */
void ix_geo_finish(ix_geo *g);

/* The shape of code, or NULL. */
const ix_shape *ix_geo_find(const ix_geo *g, int code);

/* Bounding box of all shapes except the one with code skip (0: none). Returns
 * 0, or -1 when there are no points. */
int ix_geo_bbox(const ix_geo *g, int skip, double box[4]);
int ix_shape_bbox(const ix_shape *s, double box[4]);

/* Signed area by the shoelace formula (counter-clockwise positive) and the
 * area a shape covers: outer rings minus holes. */
double ix_ring_signed_area(const ix_ring *r);
double ix_shape_area(const ix_shape *s);

/* ---- projection ------------------------------------------------------- */

/* Transverse Mercator on an ellipsoid by Krüger's series in n (third
 * order, well under a millimetre within a UTM zone). lon0 in degrees. */
typedef struct ix_tmerc {
    double a, f;       /* semi-major axis (m), flattening */
    double lon0;       /* central meridian, degrees */
    double k0;         /* scale on the central meridian */
    double fe, fn;     /* false easting and northing, metres */
} ix_tmerc;

/* EPSG:25832, ETRS89 / UTM zone 32N: GRS80, lon0 9, k0 0.9996, FE 500000. */
extern const ix_tmerc ix_utm32n;

void ix_tmerc_forward(const ix_tmerc *p, double lon, double lat, double *east, double *north);

/* Projects an IX_GEO_LONLAT set to UTM 32N in place (others are left). */
void ix_geo_project_utm32(ix_geo *g);

/* ---- simplification ------------------------------------------------------ */

/* Douglas-Peucker with tolerance tol (in the set's units), keeping borders
 * shared between rings identical: points where rings meet (junctions) are
 * kept, and each chain between junctions is simplified in one canonical
 * direction, so both neighbours get the same line. Rings that would fall
 * below 3 points keep their original points. */
ix_status ix_geo_simplify(ix_geo *g, double tol, ix_diag *d);
size_t ix_geo_point_count(const ix_geo *g);

/* ---- reading ---------------------------------------------------------------- */

/* Parses GeoJSON (FeatureCollection or Feature; Polygon, MultiPolygon,
 * GeometryCollection; 2 or more values per position) or TopoJSON (Topology,
 * quantized or not). code_property names the property holding the code;
 * NULL finds one of lau_1, KOMKODE, kode, komkode, kommunekode, ...
 * (case-insensitively). 411 Christiansø is left out (counted in omitted).
 * Errors name source and the feature (as field, e.g. "features[3]"). */
ix_status ix_geo_parse(const char *bytes, size_t len, const char *source, const char *code_property,
                       ix_geo **out, ix_diag *d);

/* The embedded hexagon tile map (see lib/core/map/tilemap.c): one hexagon per
 * municipality, in tile units, Bornholm apart. */
ix_status ix_tilemap_geo(ix_geo **out, ix_diag *d);
/* The tile (column, row) of code; -1 when unknown. */
int ix_tilemap_cell(int code, int *col, int *row);

#endif
