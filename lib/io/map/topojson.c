/* Reading municipal boundaries from TopoJSON (the topojson specification,
 * github.com/topojson/topojson-specification).
 *
 * A topology stores each border once, as an arc; polygons list the arcs of
 * their rings by index, ~i (that is -i-1) meaning arc i walked backwards.
 * With a "transform" the arcs are quantized: integer positions, each after
 * the first a delta from the one before, mapped back as
 * x * scale[0] + translate[0]. Rings are rebuilt by joining their arcs,
 * dropping the first point of every arc after the first (it repeats the last
 * point of the one before). All objects of the topology are read; every
 * geometry with the same code adds rings to the same shape. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/geo.h"
#include "map/geo_read.h"

typedef struct {
    ix_point *pts;
    size_t n;
} arc;

typedef struct {
    const char *source;
    arc *arcs;
    size_t narcs;
    ix_geo *g;
    char where[96];
    int code;
    const char *name;
    ix_point *buf; /* ring being joined */
    size_t len, cap;
    const char *found_key; /* the code property, once found */
    json_t *first_props;   /* for the message when there is none */
    int kind;              /* ix__geo_check_position */
} topo;

static ix_status decode_arcs(topo *t, json_t *root, ix_diag *d)
{
    json_t *arcs = json_object_get(root, "arcs"), *tf = json_object_get(root, "transform");
    if (!json_is_array(arcs))
        return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, "arcs",
                           "a Topology needs an \"arcs\" array");
    double sx = 1, sy = 1, tx = 0, ty = 0;
    int quantized = tf != NULL;
    if (tf) {
        json_t *s = json_object_get(tf, "scale"), *tr = json_object_get(tf, "translate");
        if (!json_is_number(json_array_get(s, 0)) || !json_is_number(json_array_get(s, 1)) ||
            !json_is_number(json_array_get(tr, 0)) || !json_is_number(json_array_get(tr, 1)))
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, "transform",
                               "transform needs \"scale\" and \"translate\" of two numbers");
        sx = json_number_value(json_array_get(s, 0));
        sy = json_number_value(json_array_get(s, 1));
        tx = json_number_value(json_array_get(tr, 0));
        ty = json_number_value(json_array_get(tr, 1));
    }
    t->narcs = json_array_size(arcs);
    t->arcs = calloc(t->narcs ? t->narcs : 1, sizeof *t->arcs);
    if (!t->arcs)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading arcs");
    for (size_t i = 0; i < t->narcs; i++) {
        json_t *a = json_array_get(arcs, i);
        size_t n = json_array_size(a);
        if (!json_is_array(a) || n < 2)
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, "arcs",
                               "arc %zu must be an array of at least two positions", i);
        t->arcs[i].pts = malloc(n * sizeof(ix_point));
        if (!t->arcs[i].pts)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading arcs");
        t->arcs[i].n = n;
        double x = 0, y = 0;
        for (size_t k = 0; k < n; k++) {
            json_t *p = json_array_get(a, k);
            json_t *px = json_array_get(p, 0), *py = json_array_get(p, 1);
            if (!json_is_number(px) || !json_is_number(py))
                return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, "arcs",
                                   "arc %zu, position %zu is not [x, y] with two numbers", i,
                                   k + 1);
            if (quantized) {
                x += json_number_value(px);
                y += json_number_value(py);
                t->arcs[i].pts[k].x = x * sx + tx;
                t->arcs[i].pts[k].y = y * sy + ty;
            } else {
                t->arcs[i].pts[k].x = json_number_value(px);
                t->arcs[i].pts[k].y = json_number_value(py);
            }
            char where[48];
            snprintf(where, sizeof where, "arcs[%zu]", i);
            ix_status st = ix__geo_check_position(&t->kind, t->arcs[i].pts[k].x,
                                                  t->arcs[i].pts[k].y, t->source, where,
                                                  "position", k + 1, d);
            if (st)
                return st;
        }
    }
    return IX_OK;
}

static ix_status push(topo *t, ix_point p, ix_diag *d)
{
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        ix_point *b = realloc(t->buf, cap * sizeof *b);
        if (!b)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory joining arcs");
        t->buf = b;
        t->cap = cap;
    }
    t->buf[t->len++] = p;
    return IX_OK;
}

static ix_status ring_in(topo *t, json_t *ring, int hole, ix_diag *d)
{
    if (!json_is_array(ring))
        return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                           "a ring must be an array of arc indexes");
    t->len = 0;
    for (size_t i = 0; i < json_array_size(ring); i++) {
        json_t *v = json_array_get(ring, i);
        if (!json_is_integer(v))
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                               "arc reference %zu is not an integer", i + 1);
        json_int_t idx = json_integer_value(v);
        int rev = idx < 0;
        json_int_t a = rev ? -(idx + 1) : idx; /* ~i, without overflow */
        if ((unsigned long long)a >= t->narcs)
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                               "arc %lld does not exist (the topology has %zu arcs)",
                               (long long)idx, t->narcs);
        const arc *ar = &t->arcs[a];
        for (size_t k = i > 0 ? 1 : 0; k < ar->n; k++) {
            ix_status st = push(t, ar->pts[rev ? ar->n - 1 - k : k], d);
            if (st)
                return st;
        }
    }
    if (t->len < 4 || t->buf[0].x != t->buf[t->len - 1].x || t->buf[0].y != t->buf[t->len - 1].y)
        return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                           "a ring joined from its arcs is not closed (%zu positions; the last "
                           "must equal the first)",
                           t->len);
    return ix_geo_add_ring(t->g, t->code, t->name, t->buf, t->len, hole, d);
}

static ix_status polygon_in(topo *t, json_t *rings, ix_diag *d)
{
    if (!json_is_array(rings))
        return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                           "polygon arcs must be an array of rings");
    ix_status st = IX_OK;
    for (size_t i = 0; i < json_array_size(rings) && !st; i++)
        st = ring_in(t, json_array_get(rings, i), i > 0, d);
    return st;
}

static ix_status shape_in(topo *t, json_t *geom, ix_diag *d)
{
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *arcs = json_object_get(geom, "arcs");
    if (!type || json_is_null(json_object_get(geom, "type")))
        return IX_OK;
    if (strcmp(type, "Polygon") == 0)
        return polygon_in(t, arcs, d);
    if (strcmp(type, "MultiPolygon") == 0) {
        if (!json_is_array(arcs))
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                               "MultiPolygon arcs must be an array of polygons");
        ix_status st = IX_OK;
        for (size_t i = 0; i < json_array_size(arcs) && !st; i++)
            st = polygon_in(t, json_array_get(arcs, i), d);
        return st;
    }
    return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, t->where,
                       "geometry type \"%.40s\" is not a Polygon or MultiPolygon", type);
}

/* Calls fn for every geometry with properties, walking collections. */
typedef ix_status (*visit_fn)(topo *t, json_t *geom, const char *key, ix_diag *d);

static ix_status walk(topo *t, json_t *geom, const char *path, int depth, visit_fn fn,
                      const char *key, ix_diag *d)
{
    const char *type = json_string_value(json_object_get(geom, "type"));
    if (type && strcmp(type, "GeometryCollection") == 0) {
        if (depth >= IX_GEO_MAX_DEPTH)
            return ix_diag_set(d, IX_ERR_INPUT, t->source, 0, 0, path,
                               "geometry collections nested too deep");
        json_t *list = json_object_get(geom, "geometries");
        ix_status st = IX_OK;
        for (size_t i = 0; i < json_array_size(list) && !st; i++) {
            char sub[96];
            snprintf(sub, sizeof sub, "%.60s.geometries[%zu]", path, i);
            snprintf(t->where, sizeof t->where, "%s", sub);
            st = walk(t, json_array_get(list, i), sub, depth + 1, fn, key, d);
        }
        return st;
    }
    snprintf(t->where, sizeof t->where, "%s", path);
    return fn(t, geom, key, d);
}

static ix_status find_key_fn(topo *t, json_t *geom, const char *wanted, ix_diag *d)
{
    (void)d;
    json_t *props = json_object_get(geom, "properties");
    if (!t->first_props)
        t->first_props = props;
    if (!t->found_key)
        t->found_key = ix__geo_code_key(props, wanted);
    return IX_OK;
}

static ix_status read_fn(topo *t, json_t *geom, const char *key, ix_diag *d)
{
    json_t *props = json_object_get(geom, "properties");
    ix_status st = ix__geo_feature_code(props, key, t->source, t->where, &t->code, d);
    if (st)
        return st;
    if (t->code == 411) {
        t->g->omitted++;
        return IX_OK;
    }
    t->name = ix__geo_feature_name(props);
    return shape_in(t, geom, d);
}

ix_status ix__topojson_read(json_t *root, const char *source, const char *code_property,
                            ix_geo *g, ix_diag *d)
{
    topo t = {source, NULL, 0, g, "", 0, NULL, NULL, 0, 0, NULL, NULL, 0};
    json_t *objects = json_object_get(root, "objects");
    ix_status st = IX_OK;
    if (!json_is_object(objects)) {
        st = ix_diag_set(d, IX_ERR_INPUT, source, 0, 0, "objects",
                         "a Topology needs an \"objects\" object");
        goto out;
    }
    st = decode_arcs(&t, root, d);
    const char *name;
    json_t *obj;
    char key[64] = "";
    json_object_foreach(objects, name, obj)
    {
        char path[96];
        snprintf(path, sizeof path, "objects.%.60s", name);
        if (!st)
            st = walk(&t, obj, path, 0, find_key_fn, code_property, d);
    }
    if (!st && !t.found_key)
        st = ix__geo_no_code_key(t.first_props, code_property, source, d);
    if (!st) {
        snprintf(key, sizeof key, "%s", t.found_key);
        snprintf(g->code_property, sizeof g->code_property, "%s", key);
    }
    json_object_foreach(objects, name, obj)
    {
        char path[96];
        snprintf(path, sizeof path, "objects.%.60s", name);
        if (!st)
            st = walk(&t, obj, path, 0, read_fn, key, d);
    }
out:
    for (size_t i = 0; i < t.narcs && t.arcs; i++)
        free(t.arcs[i].pts);
    free(t.arcs);
    free(t.buf);
    return st;
}
