/* Shapes, rings, areas and the UTM 32N projection (see include/indeks/geo.h).
 *
 * The projection is the transverse Mercator in Krüger's n-series, as given
 * for UTM by Karney (2011, "Transverse Mercator with an accuracy of a few
 * nanometers", J. Geodesy 85) and in the usual third-order form:
 *   n = f/(2-f), A = a/(1+n) (1 + n^2/4 + n^4/64)
 *   t = sinh(atanh(sin phi) - e atanh(e sin phi)),  e = 2 sqrt(n)/(1+n)
 *   xi' = atan(t / cos dl),  eta' = atanh(sin dl / sqrt(1 + t^2))
 *   E = FE + k0 A (eta' + sum_j alpha_j cos(2j xi') sinh(2j eta'))
 *   N = FN + k0 A (xi'  + sum_j alpha_j sin(2j xi') cosh(2j eta'))
 * with alpha_1 = n/2 - 2n^2/3 + 5n^3/16, alpha_2 = 13n^2/48 - 3n^3/5,
 * alpha_3 = 61n^3/240. */
#include "indeks/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indeks/util.h"

const ix_tmerc ix_utm32n = {6378137.0, 1.0 / 298.257222101, 9.0, 0.9996, 500000.0, 0.0};

ix_geo *ix_geo_new(ix_geo_origin origin)
{
    ix_geo *g = calloc(1, sizeof *g);
    if (g)
        g->origin = origin;
    return g;
}

void ix_geo_free(ix_geo *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nshapes; i++) {
        ix_shape *s = &g->shapes[i];
        for (size_t r = 0; r < s->nrings; r++)
            free(s->rings[r].pts);
        free(s->rings);
        free(s->name);
    }
    free(g->shapes);
    free(g);
}

static ix_shape *shape_for(ix_geo *g, int code, const char *name)
{
    for (size_t i = g->nshapes; i-- > 0;) /* files list a code's parts together */
        if (g->shapes[i].code == code)
            return &g->shapes[i];
    if (g->nshapes == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 128;
        ix_shape *p = realloc(g->shapes, cap * sizeof *p);
        if (!p)
            return NULL;
        g->shapes = p;
        g->cap = cap;
    }
    ix_shape *s = &g->shapes[g->nshapes];
    memset(s, 0, sizeof *s);
    s->code = code;
    if (name && !(s->name = ix_strdup(name)))
        return NULL;
    g->nshapes++;
    return s;
}

ix_status ix_geo_add_ring(ix_geo *g, int code, const char *name, const ix_point *pts, size_t n,
                          int hole, ix_diag *d)
{
    ix_point *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (n && !copy)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading shapes");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && pts[i].x == copy[m - 1].x && pts[i].y == copy[m - 1].y)
            continue;
        copy[m++] = pts[i];
    }
    while (m > 1 && copy[m - 1].x == copy[0].x && copy[m - 1].y == copy[0].y)
        m--;
    if (m < 3) {
        free(copy);
        return IX_OK;
    }
    ix_shape *s = shape_for(g, code, name);
    if (s && s->nrings == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        ix_ring *p = realloc(s->rings, cap * sizeof *p);
        if (p) {
            s->rings = p;
            s->cap = cap;
        } else
            s = NULL;
    }
    if (!s) {
        free(copy);
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading shapes");
    }
    s->rings[s->nrings].pts = copy;
    s->rings[s->nrings].n = m;
    s->rings[s->nrings].hole = hole ? 1 : 0;
    s->nrings++;
    return IX_OK;
}

static int by_code(const void *a, const void *b)
{
    int x = ((const ix_shape *)a)->code, y = ((const ix_shape *)b)->code;
    return (x > y) - (x < y);
}

void ix_geo_finish(ix_geo *g)
{
    if (g->nshapes > 1)
        qsort(g->shapes, g->nshapes, sizeof *g->shapes, by_code);
    if (g->units != IX_GEO_LONLAT)
        return;
    for (size_t i = 0; i < g->nshapes; i++)
        for (size_t r = 0; r < g->shapes[i].nrings; r++) {
            const ix_ring *ring = &g->shapes[i].rings[r];
            for (size_t k = 0; k < ring->n; k++)
                if (fabs(ring->pts[k].x) > 180.0 || fabs(ring->pts[k].y) > 90.0) {
                    g->units = IX_GEO_METRES;
                    return;
                }
        }
}

const char *ix_geo_credit(const ix_geo *g)
{
    return g && g->credit[0] ? g->credit : NULL;
}

const ix_shape *ix_geo_find(const ix_geo *g, int code)
{
    for (size_t i = 0; i < g->nshapes; i++)
        if (g->shapes[i].code == code)
            return &g->shapes[i];
    return NULL;
}

static void grow_box(double box[4], const ix_shape *s, int *any)
{
    for (size_t r = 0; r < s->nrings; r++)
        for (size_t k = 0; k < s->rings[r].n; k++) {
            ix_point p = s->rings[r].pts[k];
            if (!*any) {
                box[0] = box[2] = p.x;
                box[1] = box[3] = p.y;
                *any = 1;
            }
            box[0] = fmin(box[0], p.x);
            box[1] = fmin(box[1], p.y);
            box[2] = fmax(box[2], p.x);
            box[3] = fmax(box[3], p.y);
        }
}

int ix_shape_bbox(const ix_shape *s, double box[4])
{
    int any = 0;
    grow_box(box, s, &any);
    return any ? 0 : -1;
}

int ix_geo_bbox(const ix_geo *g, int skip, double box[4])
{
    int any = 0;
    for (size_t i = 0; i < g->nshapes; i++)
        if (!skip || g->shapes[i].code != skip)
            grow_box(box, &g->shapes[i], &any);
    return any ? 0 : -1;
}

double ix_ring_signed_area(const ix_ring *r)
{
    double sum = 0.0;
    for (size_t i = 0; i < r->n; i++) {
        ix_point a = r->pts[i], b = r->pts[(i + 1) % r->n];
        sum += a.x * b.y - b.x * a.y;
    }
    return sum / 2.0;
}

double ix_shape_area(const ix_shape *s)
{
    double area = 0.0;
    for (size_t r = 0; r < s->nrings; r++) {
        double a = fabs(ix_ring_signed_area(&s->rings[r]));
        area += s->rings[r].hole ? -a : a;
    }
    return area;
}

void ix_tmerc_forward(const ix_tmerc *p, double lon, double lat, double *east, double *north)
{
    const double deg = 3.14159265358979323846 / 180.0;
    double f = p->f, n = f / (2.0 - f);
    double n2 = n * n, n3 = n2 * n;
    double A = p->a / (1.0 + n) * (1.0 + n2 / 4.0 + n2 * n2 / 64.0);
    double alpha[3] = {n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0, 13.0 * n2 / 48.0 - 3.0 * n3 / 5.0,
                       61.0 * n3 / 240.0};
    double e = 2.0 * sqrt(n) / (1.0 + n);
    double phi = lat * deg, dl = (lon - p->lon0) * deg;
    double sphi = sin(phi);
    double t = sinh(atanh(sphi) - e * atanh(e * sphi));
    double xi = atan2(t, cos(dl));
    double eta = atanh(sin(dl) / sqrt(1.0 + t * t));
    double x = eta, y = xi;
    for (int j = 1; j <= 3; j++) {
        x += alpha[j - 1] * cos(2.0 * j * xi) * sinh(2.0 * j * eta);
        y += alpha[j - 1] * sin(2.0 * j * xi) * cosh(2.0 * j * eta);
    }
    *east = p->fe + p->k0 * A * x;
    *north = p->fn + p->k0 * A * y;
}

void ix_geo_project_utm32(ix_geo *g)
{
    if (g->units != IX_GEO_LONLAT)
        return;
    for (size_t i = 0; i < g->nshapes; i++)
        for (size_t r = 0; r < g->shapes[i].nrings; r++) {
            ix_ring *ring = &g->shapes[i].rings[r];
            for (size_t k = 0; k < ring->n; k++) {
                double e, nn;
                ix_tmerc_forward(&ix_utm32n, ring->pts[k].x, ring->pts[k].y, &e, &nn);
                ring->pts[k].x = e;
                ring->pts[k].y = nn;
            }
        }
    g->units = IX_GEO_METRES;
}

size_t ix_geo_point_count(const ix_geo *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nshapes; i++)
        for (size_t r = 0; r < g->shapes[i].nrings; r++)
            n += g->shapes[i].rings[r].n;
    return n;
}
