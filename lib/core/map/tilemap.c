/* The embedded hexagon tile map of the 98 municipalities.
 *
 * Each municipality is one pointy-top hexagon on a grid whose odd rows are
 * shifted half a tile right. The layout was authored for this project:
 * centroids of the DAGI boundaries were placed on the grid by a least-squares
 * assignment, then arranged by hand so that neighbours stay neighbours where
 * they can (Jutland west, Funen in the middle, Zealand and the capital's 29
 * municipalities east, the capital area enlarged), the straits stay open,
 * Læsø and Samsø sit apart as islands, and Bornholm (400) lies apart in the
 * south-east corner. It is schematic: sizes and distances are not true. */
#include <math.h>
#include <stddef.h>

#include "indeks/geo.h"
#include "indeks/kommuner.h"

typedef struct {
    short code, col, row;
} tile;

static const tile tiles[] = {
    {860, 3, 0}, {813, 4, 0}, {825, 6, 0},
    {787, 1, 1}, {849, 2, 1}, {810, 3, 1},
    {773, 1, 2}, {820, 2, 2}, {851, 3, 2},
    {665, 0, 3}, {779, 1, 3}, {840, 2, 3}, {846, 3, 3}, {260, 9, 3}, {270, 10, 3}, {217, 11, 3},
    {661, 0, 4}, {671, 1, 4}, {791, 2, 4}, {730, 3, 4}, {707, 4, 4}, {306, 7, 4}, {250, 9, 4}, {219, 10, 4}, {210, 11, 4}, {223, 12, 4},
    {760, 0, 5}, {657, 1, 5}, {740, 2, 5}, {710, 3, 5}, {706, 4, 5}, {316, 8, 5}, {240, 9, 5}, {201, 10, 5}, {190, 11, 5}, {230, 12, 5},
    {573, 0, 6}, {756, 1, 6}, {746, 2, 6}, {751, 3, 6}, {326, 7, 6}, {350, 8, 6}, {169, 9, 6}, {151, 10, 6}, {163, 11, 6}, {159, 12, 6}, {173, 13, 6},
    {561, 0, 7}, {530, 1, 7}, {615, 2, 7}, {727, 3, 7}, {741, 5, 7}, {330, 7, 7}, {265, 8, 7}, {165, 9, 7}, {161, 10, 7}, {175, 11, 7}, {147, 12, 7}, {157, 13, 7},
    {563, 0, 8}, {575, 1, 8}, {630, 2, 8}, {766, 3, 8}, {340, 7, 8}, {329, 8, 8}, {183, 9, 8}, {187, 10, 8}, {153, 11, 8}, {167, 12, 8}, {101, 13, 8},
    {621, 1, 9}, {607, 2, 9}, {410, 3, 9}, {480, 4, 9}, {440, 5, 9}, {370, 7, 9}, {269, 8, 9}, {253, 9, 9}, {185, 12, 9}, {155, 13, 9},
    {550, 0, 10}, {510, 1, 10}, {420, 3, 10}, {461, 4, 10}, {450, 5, 10}, {320, 7, 10}, {259, 8, 10},
    {580, 1, 11}, {540, 2, 11}, {430, 3, 11}, {479, 4, 11}, {482, 5, 11}, {390, 6, 11}, {336, 7, 11}, {400, 14, 11},
    {492, 3, 12}, {360, 6, 12}, {376, 7, 12},
};

#define NTILES (sizeof tiles / sizeof tiles[0])

int ix_tilemap_cell(int code, int *col, int *row)
{
    for (size_t i = 0; i < NTILES; i++)
        if (tiles[i].code == code) {
            *col = tiles[i].col;
            *row = tiles[i].row;
            return 0;
        }
    return -1;
}

ix_status ix_tilemap_geo(ix_geo **out, ix_diag *d)
{
    ix_geo *g = ix_geo_new(IX_GEO_FROM_TILEMAP);
    if (!g)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    g->units = IX_GEO_TILES;
    const double pi = 3.14159265358979323846, radius = 1.0 / sqrt(3.0);
    ix_status st = IX_OK;
    for (size_t i = 0; i < NTILES && !st; i++) {
        /* North up: rows run down the page, so y falls with the row. */
        double cx = tiles[i].col + 0.5 * (tiles[i].row % 2), cy = -tiles[i].row * sqrt(3.0) / 2;
        ix_point hex[6];
        for (int v = 0; v < 6; v++) {
            double a = (90.0 + 60.0 * v) * pi / 180.0;
            hex[v].x = cx + radius * cos(a);
            hex[v].y = cy + radius * sin(a);
        }
        const ix_kommune *k = ix_kommune_find(tiles[i].code);
        st = ix_geo_add_ring(g, tiles[i].code, k ? k->name : NULL, hex, 6, 0, d);
    }
    if (st) {
        ix_geo_free(g);
        return st;
    }
    ix_geo_finish(g);
    *out = g;
    return IX_OK;
}
