/* Reading municipal boundaries from GeoJSON (RFC 7946), and telling GeoJSON
 * from TopoJSON (see include/indeks/geo.h).
 *
 * Accepted: a FeatureCollection or a single Feature whose geometry is a
 * Polygon, MultiPolygon or GeometryCollection of those (null geometries are
 * skipped); positions of 2 or more numbers (a third value, height, is
 * ignored); the first ring of each polygon is its outline, the others holes,
 * whatever their winding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"
#include "map/geo_read.h"
#include "base/json_locate.h"

static const char *const code_keys[] = {"lau_1",    "komkode",   "kommunekode",       "kode",
                                        "kom_kode", "kommunekod", "municipality_code", "lau1",
                                        "kommunenr", "kommune_nr", "lau_code"};
static const char *const name_keys[] = {"navn", "komnavn", "kommunenavn", "name", "kommune"};

static const char *find_key(json_t *props, const char *want)
{
    const char *key;
    json_t *v;
    json_object_foreach(props, key, v)
    {
        (void)v;
        if (strcasecmp(key, want) == 0)
            return key;
    }
    return NULL;
}

const char *ix__geo_code_key(json_t *props, const char *wanted)
{
    if (!json_is_object(props))
        return NULL;
    if (wanted) {
        if (json_object_get(props, wanted))
            return wanted;
        return find_key(props, wanted);
    }
    for (size_t i = 0; i < sizeof code_keys / sizeof code_keys[0]; i++) {
        const char *k = find_key(props, code_keys[i]);
        if (k)
            return k;
    }
    return NULL;
}

ix_status ix__geo_feature_code(json_t *props, const char *key, const char *source,
                               const char *where, int *code, ix_diag *d)
{
    json_t *v = json_is_object(props) ? json_object_get(props, key) : NULL;
    if (!v && json_is_object(props)) {
        const char *k = find_key(props, key);
        v = k ? json_object_get(props, k) : NULL;
    }
    if (!v)
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, where, "no property \"%s\" (the code)",
                           key);
    const char *why = "a municipality code is a number such as 101 or text such as \"0101\"";
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i >= 0 && i <= 9999) {
            *code = (int)i;
            return IX_OK;
        }
    } else if (json_is_real(v)) {
        double x = json_real_value(v);
        if (x >= 0 && x <= 9999 && x == floor(x)) {
            *code = (int)x;
            return IX_OK;
        }
    } else if (json_is_string(v)) {
        if (ix_kommune_parse_code(json_string_value(v), code, &why) == 0)
            return IX_OK;
    }
    char shown[64] = "";
    if (json_is_string(v))
        snprintf(shown, sizeof shown, ", got \"%.40s\"", json_string_value(v));
    return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, where, "property \"%s\": %s%s", key, why,
                       shown);
}

const char *ix__geo_feature_name(json_t *props)
{
    if (!json_is_object(props))
        return NULL;
    for (size_t i = 0; i < sizeof name_keys / sizeof name_keys[0]; i++) {
        const char *k = find_key(props, name_keys[i]);
        if (k && json_is_string(json_object_get(props, k)))
            return json_string_value(json_object_get(props, k));
    }
    return NULL;
}

ix_status ix__geo_no_code_key(json_t *first_props, const char *wanted, const char *source,
                              ix_diag *d)
{
    char have[400] = "";
    size_t used = 0;
    const char *key;
    json_t *v;
    if (json_is_object(first_props))
        json_object_foreach(first_props, key, v)
        {
            (void)v;
            int w = snprintf(have + used, sizeof have - used, "%s%s", used ? ", " : "", key);
            if (w < 0 || (size_t)w >= sizeof have - used)
                break;
            used += (size_t)w;
        }
    if (wanted)
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, "code_property",
                           "no feature has the property \"%s\" (the first has: %s)", wanted,
                           used ? have : "no properties");
    return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, NULL,
                       "no municipality code property found (looked for lau_1, KOMKODE, "
                       "kommunekode, kode, ...; the first feature has: %s); name the "
                       "property that holds the code",
                       used ? have : "no properties");
}

ix_status ix__geo_check_position(int *kind, double x, double y, const char *source,
                                 const char *where, const char *what, size_t pos, ix_diag *d)
{
    if (!isfinite(x) || !isfinite(y))
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, where, "%s %zu is not finite", what,
                           pos);
    if (fabs(x) > IX_GEO_MAX_COORD || fabs(y) > IX_GEO_MAX_COORD)
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, where,
                           "%s %zu is [%g, %g]: a coordinate beyond %g in magnitude is neither "
                           "degrees nor projected metres",
                           what, pos, x, y, IX_GEO_MAX_COORD);
    int deg = fabs(x) <= 180.0 && fabs(y) <= 90.0;
    if (*kind == 0) {
        *kind = deg ? 1 : 2;
        return IX_OK;
    }
    if (*kind == 1 && !deg)
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, where,
                           "%s %zu is [%g, %g]: outside longitude [-180, 180] and latitude "
                           "[-90, 90], while the file's first position is in degrees",
                           what, pos, x, y);
    if (*kind == 2 && deg)
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, where,
                           "%s %zu is [%g, %g]: longitude/latitude degrees, while the file's "
                           "first position is projected (outside longitude [-180, 180] or "
                           "latitude [-90, 90])",
                           what, pos, x, y);
    return IX_OK;
}

/* ---- GeoJSON geometry ---------------------------------------------------- */

typedef struct {
    const char *source;
    char where[96];
    int code;
    const char *name;
    ix_geo *g;
    int kind; /* ix__geo_check_position */
} reader;

static ix_status ring_in(reader *r, json_t *ring, int hole, ix_diag *d)
{
    if (!json_is_array(ring))
        return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where,
                           "a ring must be an array of positions");
    size_t n = json_array_size(ring);
    ix_point *pts = malloc((n ? n : 1) * sizeof *pts);
    if (!pts)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading shapes");
    for (size_t i = 0; i < n; i++) {
        json_t *pos = json_array_get(ring, i);
        json_t *x = json_array_get(pos, 0), *y = json_array_get(pos, 1);
        if (!json_is_number(x) || !json_is_number(y) || !isfinite(json_number_value(x)) ||
            !isfinite(json_number_value(y))) {
            free(pts);
            return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where,
                               "position %zu is not [x, y] with two numbers", i + 1);
        }
        pts[i].x = json_number_value(x);
        pts[i].y = json_number_value(y);
        ix_status st = ix__geo_check_position(&r->kind, pts[i].x, pts[i].y, r->source, r->where,
                                              "position", i + 1, d);
        if (st) {
            free(pts);
            return st;
        }
    }
    /* RFC 7946 3.1.6: four or more positions, the last equal to the first. */
    if (n < 4 || pts[0].x != pts[n - 1].x || pts[0].y != pts[n - 1].y) {
        free(pts);
        return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where,
                           n < 4 ? "a ring has %zu positions; a closed ring needs at least 4"
                                 : "a ring of %zu positions is not closed: its last position "
                                   "must equal its first (RFC 7946)",
                           n);
    }
    ix_status st = ix_geo_add_ring(r->g, r->code, r->name, pts, n, hole, d);
    free(pts);
    return st;
}

static ix_status polygon_in(reader *r, json_t *rings, ix_diag *d)
{
    if (!json_is_array(rings))
        return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where,
                           "polygon coordinates must be an array of rings");
    ix_status st = IX_OK;
    for (size_t i = 0; i < json_array_size(rings) && !st; i++)
        st = ring_in(r, json_array_get(rings, i), i > 0, d);
    return st;
}

static ix_status geometry_in(reader *r, json_t *geom, int depth, ix_diag *d)
{
    if (json_is_null(geom))
        return IX_OK;
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *coords = json_object_get(geom, "coordinates");
    if (!type)
        return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where, "geometry has no \"type\"");
    if (strcmp(type, "Polygon") == 0)
        return polygon_in(r, coords, d);
    if (strcmp(type, "MultiPolygon") == 0) {
        if (!json_is_array(coords))
            return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where,
                               "MultiPolygon coordinates must be an array of polygons");
        ix_status st = IX_OK;
        for (size_t i = 0; i < json_array_size(coords) && !st; i++)
            st = polygon_in(r, json_array_get(coords, i), d);
        return st;
    }
    if (strcmp(type, "GeometryCollection") == 0 && depth < IX_GEO_MAX_DEPTH) {
        json_t *list = json_object_get(geom, "geometries");
        ix_status st = IX_OK;
        for (size_t i = 0; i < json_array_size(list) && !st; i++)
            st = geometry_in(r, json_array_get(list, i), depth + 1, d);
        return st;
    }
    return ix_diag_set(d, IX_ERR_INPUT, r->source, 0, 0, r->where,
                       "geometry type \"%.40s\" is not a Polygon or MultiPolygon", type);
}

static ix_status geojson_read(json_t *root, const char *source, const char *code_property,
                              ix_geo *g, ix_diag *d)
{
    const char *type = json_string_value(json_object_get(root, "type"));
    json_t *features = json_object_get(root, "features"), *single = NULL;
    if (type && strcmp(type, "Feature") == 0) {
        single = json_array();
        if (!single || json_array_append(single, root))
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        features = single;
    } else if (!json_is_array(features)) {
        return ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, "features",
                           "a FeatureCollection needs a \"features\" array");
    }
    const char *key = NULL;
    for (size_t i = 0; i < json_array_size(features) && !key; i++)
        key = ix__geo_code_key(json_object_get(json_array_get(features, i), "properties"),
                               code_property);
    ix_status st = IX_OK;
    if (!key)
        st = ix__geo_no_code_key(json_object_get(json_array_get(features, 0), "properties"),
                                 code_property, source, d);
    else
        snprintf(g->code_property, sizeof g->code_property, "%s", key);
    for (size_t i = 0; i < json_array_size(features) && !st; i++) {
        json_t *f = json_array_get(features, i), *props = json_object_get(f, "properties");
        reader r = {source, "", 0, NULL, g, 0};
        snprintf(r.where, sizeof r.where, "features[%zu]", i);
        st = ix__geo_feature_code(props, key, source, r.where, &r.code, d);
        if (st)
            break;
        if (r.code == 411) {
            g->omitted++;
            continue;
        }
        r.name = ix__geo_feature_name(props);
        st = geometry_in(&r, json_object_get(f, "geometry"), 0, d);
    }
    json_decref(single);
    return st;
}

/* The credit line of the boundaries: the file's own top-level "credit"
 * (text), else the one its layout shows it to be (DAGI as Klimadatastyrelsen
 * publishes it today: lau_1 with regionskode; the 2014 TopoJSON of
 * Geodatastyrelsen: KOMKODE in a Topology), else none. */
static void set_credit(ix_geo *g, json_t *root)
{
    const char *own = json_string_value(json_object_get(root, "credit"));
    if (own && *own)
        snprintf(g->credit, sizeof g->credit, "%s", own);
    else if (g->origin == IX_GEO_FROM_GEOJSON && strcmp(g->code_property, "lau_1") == 0)
        snprintf(g->credit, sizeof g->credit, "%s", IX_GEO_DAGI_CREDIT);
    else if (g->origin == IX_GEO_FROM_TOPOJSON && strcmp(g->code_property, "KOMKODE") == 0)
        snprintf(g->credit, sizeof g->credit, "%s", IX_GEO_DAGI_2014_CREDIT);
}

ix_status ix_geo_parse(const char *bytes, size_t len, const char *source, const char *code_property,
                       ix_geo **out, ix_diag *d)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return ix_diag_set(d, IX_ERR_PARSE, source, err.line > 0 ? err.line : 0,
                           err.column > 0 ? err.column : 0, NULL,
                           "not GeoJSON or TopoJSON: %s", err.text);
    const char *type = json_string_value(json_object_get(root, "type"));
    ix_status st = IX_OK;
    ix_geo *g = NULL;
    if (!type || (strcmp(type, "FeatureCollection") != 0 && strcmp(type, "Feature") != 0 &&
                  strcmp(type, "Topology") != 0)) {
        st = ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, "type",
                         "not GeoJSON or TopoJSON: expected \"type\": \"FeatureCollection\", "
                         "\"Feature\" or \"Topology\"");
        goto out;
    }
    g = ix_geo_new(strcmp(type, "Topology") == 0 ? IX_GEO_FROM_TOPOJSON : IX_GEO_FROM_GEOJSON);
    if (!g) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto out;
    }
    st = g->origin == IX_GEO_FROM_TOPOJSON ? ix__topojson_read(root, source, code_property, g, d)
                                           : geojson_read(root, source, code_property, g, d);
    if (!st && g->nshapes == 0)
        st = ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, NULL,
                         "no municipality polygons in the file");
    if (!st)
        ix_geo_finish(g);
    if (!st)
        set_credit(g, root);
out:
    json_decref(root);
    /* jansson keeps no positions: find the line of the field named. */
    if (st && d && st != IX_ERR_NOMEM && d->line == 0 && d->file[0])
        d->line = ix__json_line(bytes, len, d->field);
    if (st)
        ix_geo_free(g);
    else
        *out = g;
    return st;
}
