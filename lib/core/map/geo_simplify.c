/* Simplifying boundaries so neighbours still meet (see ix_geo_simplify).
 *
 * Douglas-Peucker alone, run ring by ring, would thin the border two
 * municipalities share differently on each side and open slivers between
 * them. So first every vertex is looked up in a hash table of all vertices:
 * a vertex is a junction when its occurrences do not all have the same pair
 * of neighbours (three or more rings meet there, or a border ends). Junctions
 * are always kept. The stretch of a ring between two junctions is the same
 * sequence of points in every ring that runs along it, and it is simplified
 * in one canonical direction (from its lexicographically smaller end), so
 * every ring gets the same thinned border. A ring with no junction (an
 * island, or a hole filled exactly by an enclosed municipality) is started
 * at its smallest point and run in the direction of its smaller neighbour,
 * for the same reason. */
#include "indeks/geo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ix_point p, a, b; /* the point and its first-seen neighbours */
    int used, junction;
} vertex;

typedef struct {
    vertex *slots;
    size_t mask;
} vertex_table;

static int same(ix_point a, ix_point b)
{
    return a.x == b.x && a.y == b.y;
}

static int less(ix_point a, ix_point b)
{
    return a.x < b.x || (a.x == b.x && a.y < b.y);
}

static size_t hash_point(ix_point p)
{
    uint64_t x, y;
    double px = p.x + 0.0, py = p.y + 0.0; /* -0.0 and 0.0 alike */
    memcpy(&x, &px, sizeof x);
    memcpy(&y, &py, sizeof y);
    uint64_t h = x * 0x9E3779B97F4A7C15ull ^ (y + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    return (size_t)h;
}

static vertex *lookup(vertex_table *t, ix_point p)
{
    size_t i = hash_point(p) & t->mask;
    while (t->slots[i].used && !same(t->slots[i].p, p))
        i = (i + 1) & t->mask;
    return &t->slots[i];
}

static void note(vertex_table *t, ix_point p, ix_point a, ix_point b)
{
    vertex *v = lookup(t, p);
    if (!v->used) {
        v->used = 1;
        v->p = p;
        v->a = a;
        v->b = b;
    } else if (!((same(v->a, a) && same(v->b, b)) || (same(v->a, b) && same(v->b, a))))
        v->junction = 1;
}

static double seg_dist2(ix_point p, ix_point a, ix_point b)
{
    double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

/* Marks in keep[] the points of c[0..n-1] Douglas-Peucker keeps (both ends
 * always). stack has room for 2n entries. */
static void douglas_peucker(const ix_point *c, size_t n, double tol2, unsigned char *keep,
                            size_t *stack)
{
    size_t top = 0;
    keep[0] = keep[n - 1] = 1;
    if (n < 3)
        return;
    stack[top++] = 0;
    stack[top++] = n - 1;
    while (top > 0) {
        size_t hi = stack[--top], lo = stack[--top];
        double best = -1.0;
        size_t at = lo;
        for (size_t i = lo + 1; i < hi; i++) {
            double dd = seg_dist2(c[i], c[lo], c[hi]);
            if (dd > best) {
                best = dd;
                at = i;
            }
        }
        if (at != lo && best > tol2) {
            keep[at] = 1;
            stack[top++] = lo;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = hi;
        }
    }
}

/* Simplifies the chain c[0..n-1] (copied into work, reversed when its end is
 * the smaller) and appends the kept points except the last to out. */
static void simplify_chain(const ix_point *c, size_t n, double tol2, ix_point *work,
                           unsigned char *keep, size_t *stack, ix_point *out, size_t *m)
{
    int rev = less(c[n - 1], c[0]) || (same(c[0], c[n - 1]) && n > 2 && less(c[n - 2], c[1]));
    for (size_t i = 0; i < n; i++)
        work[i] = rev ? c[n - 1 - i] : c[i];
    memset(keep, 0, n);
    douglas_peucker(work, n, tol2, keep, stack);
    for (size_t i = 0; i + 1 < n; i++) {
        size_t k = rev ? n - 1 - i : i;
        if (keep[k])
            out[(*m)++] = work[k];
    }
}

static ix_status simplify_ring(ix_ring *r, vertex_table *t, double tol2, ix_diag *d)
{
    size_t n = r->n;
    if (n == 0) /* nothing to simplify; the walk below takes indexes modulo n */
        return IX_OK;
    ix_point *chain = malloc((n + 1) * sizeof *chain), *work = malloc((n + 1) * sizeof *work);
    ix_point *out = malloc((n + 1) * sizeof *out);
    unsigned char *keep = malloc(n + 1);
    size_t *stack = malloc(2 * (n + 1) * sizeof *stack);
    ix_status st = IX_OK;
    if (!chain || !work || !out || !keep || !stack) {
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory simplifying shapes");
        goto out;
    }
    /* The start: the first junction, else the smallest point, run towards
     * its smaller neighbour. */
    size_t start = n, m = 0;
    for (size_t i = 0; i < n && start == n; i++)
        if (lookup(t, r->pts[i])->junction)
            start = i;
    int dir = 1;
    if (start == n) {
        start = 0;
        for (size_t i = 1; i < n; i++)
            if (less(r->pts[i], r->pts[start]))
                start = i;
        if (less(r->pts[(start + n - 1) % n], r->pts[(start + 1) % n]))
            dir = -1;
    }
    size_t len = 0;
    for (size_t step = 0; step <= n; step++) {
        size_t i = (start + (dir > 0 ? step : n - step)) % n;
        chain[len++] = r->pts[i];
        if (len > 1 && (step == n || lookup(t, r->pts[i])->junction)) {
            simplify_chain(chain, len, tol2, work, keep, stack, out, &m);
            chain[0] = chain[len - 1];
            len = 1;
        }
    }
    if (m >= 3) {
        free(r->pts);
        r->pts = out;
        r->n = m;
        out = NULL;
    }
out:
    free(chain);
    free(work);
    free(out);
    free(keep);
    free(stack);
    return st;
}

ix_status ix_geo_simplify(ix_geo *g, double tol, ix_diag *d)
{
    size_t total = ix_geo_point_count(g), size = 16;
    while (size < 2 * total + 16)
        size *= 2;
    vertex_table t = {calloc(size, sizeof(vertex)), size - 1};
    if (!t.slots)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory simplifying shapes");
    for (size_t i = 0; i < g->nshapes; i++)
        for (size_t r = 0; r < g->shapes[i].nrings; r++) {
            const ix_ring *ring = &g->shapes[i].rings[r];
            for (size_t k = 0; k < ring->n; k++)
                note(&t, ring->pts[k], ring->pts[(k + ring->n - 1) % ring->n],
                     ring->pts[(k + 1) % ring->n]);
        }
    ix_status st = IX_OK;
    for (size_t i = 0; i < g->nshapes && !st; i++)
        for (size_t r = 0; r < g->shapes[i].nrings && !st; r++)
            st = simplify_ring(&g->shapes[i].rings[r], &t, tol * tol, d);
    free(t.slots);
    return st;
}
