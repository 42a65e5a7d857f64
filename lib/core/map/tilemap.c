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
#include "indeks/map.h"

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

/* Short labels for the hexagons: three letters from the name, chosen by hand
 * so that no two are alike (tests/unit/test_svgmap.c checks that the 98 are
 * unique and that every municipality has one). */
static const struct {
    short code;
    const char *label;
} labels[] = {
    {101, "KBH"}, {147, "FRB"}, {151, "BAL"}, {153, "BRØ"}, {155, "DRA"}, {157, "GEN"},
    {159, "GLA"}, {161, "GLO"}, {163, "HER"}, {165, "ALB"}, {167, "HVI"}, {169, "HTÅ"},
    {173, "LYN"}, {175, "RØD"}, {183, "ISH"}, {185, "TÅR"}, {187, "VAL"}, {190, "FUR"},
    {201, "ALL"}, {210, "FBO"}, {217, "HEL"}, {219, "HIL"}, {223, "HØR"}, {230, "RUD"},
    {240, "EGE"}, {250, "FSU"}, {253, "GRE"}, {259, "KØG"}, {260, "HAL"}, {265, "ROS"},
    {269, "SOL"}, {270, "GRI"}, {306, "ODH"}, {316, "HOL"}, {320, "FAX"}, {326, "KAL"},
    {329, "RIN"}, {330, "SLA"}, {336, "STE"}, {340, "SOR"}, {350, "LEJ"}, {360, "LOL"},
    {370, "NÆS"}, {376, "GUL"}, {390, "VOR"}, {400, "BOR"}, {410, "MID"}, {420, "ASS"},
    {430, "FMI"}, {440, "KER"}, {450, "NYB"}, {461, "ODE"}, {479, "SVE"}, {480, "NFY"},
    {482, "LAN"}, {492, "ÆRØ"}, {510, "HAD"}, {530, "BIL"}, {540, "SØN"}, {550, "TØN"},
    {561, "ESB"}, {563, "FAN"}, {573, "VAR"}, {575, "VEJ"}, {580, "AAB"}, {607, "FRC"},
    {615, "HOR"}, {621, "KOL"}, {630, "VLE"}, {657, "HRN"}, {661, "HST"}, {665, "LEM"},
    {671, "STR"}, {706, "SYD"}, {707, "NDJ"}, {710, "FAV"}, {727, "ODR"}, {730, "RAN"},
    {740, "SIL"}, {741, "SAM"}, {746, "SKA"}, {751, "AAR"}, {756, "IKA"}, {760, "RKS"},
    {766, "HED"}, {773, "MOR"}, {779, "SKI"}, {787, "THI"}, {791, "VIB"}, {810, "BRS"},
    {813, "FHA"}, {820, "VHI"}, {825, "LÆS"}, {840, "REB"}, {846, "MAR"}, {849, "JAM"},
    {851, "AAL"}, {860, "HJØ"},
};

const char *ix_tilemap_label(int code)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (labels[i].code == code)
            return labels[i].label;
    return NULL;
}
