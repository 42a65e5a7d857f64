/* indeks map: a choropleth map of the municipalities as SVG, or PNG/PDF
 * through the cairo backend when the build has it. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "common.h"
#include "indeks/csv.h"
#include "indeks/geo.h"
#include "indeks/kommuner.h"
#include "indeks/map.h"
#include "indeks/map_cairo.h"
#include "indeks/map_load.h"
#include "indeks/number.h"
#include "indeks/outfile.h"
#include "indeks/palette.h"

static const char usage_text[] =
    "usage: indeks map --values FILE.csv --column NAME [--geometry FILE|tiles]\n"
    "                  [--code-property NAME] [--classes SPEC] [--palette NAME]\n"
    "                  [--higher-is-better yes|no|neutral] [--title TEXT] [--filter COL=VALUE]\n"
    "                  [--credit TEXT] [--format svg|png|pdf] [--width PX] [--scale F]\n"
    "                  [--locale da] [-o FILE.svg]\n\n"
    "A map of the 98 municipalities coloured by a column of a CSV file with a kommunekode\n"
    "(or uCode) column (the output of indeks socio or indeks composite, or a published series).\n\n"
    "  --values FILE         CSV with kommunekode (or uCode) and the column to map (',' or ';');\n"
    "                        a notes column's notes are printed under the map\n"
    "  --column NAME         the column to map; empty cells and NA are drawn as missing\n"
    "  --filter COL=VALUE    use only rows whose COL is VALUE (e.g. --filter aar=2024)\n"
    "  --geometry FILE       municipal boundaries, GeoJSON or TopoJSON (WGS84 lon/lat, or\n"
    "                        metres in UTM 32N); \"tiles\": the hexagon tile map;\n"
    "                        default: the embedded DAGI boundaries (2023, simplified)\n"
    "  --code-property NAME  the property holding the code (default: found: lau_1, KOMKODE, ...)\n"
    "  --classes SPEC        quantile:K (default quantile:5), equal:K, jenks:K,\n"
    "                        breaks:a,b,... or diverging:CENTER[:K] (e.g. diverging:100)\n"
    "  --palette NAME        ColorBrewer scheme: Blues, Greens, Oranges, Purples, Reds, OrRd,\n"
    "                        YlOrRd, YlGnBu, PuBu; diverging RdBu, BrBG, PuOr, PRGn, PiYG,\n"
    "                        RdYlBu; NAME_r reverses (default: from --higher-is-better)\n"
    "  --higher-is-better W  yes, no or neutral (default): the default palette runs from\n"
    "                        the bad end (red) to the good end (blue or light)\n"
    "  --title TEXT          the map's title\n"
    "  --credit TEXT         a data-source credit added after the boundaries' credit\n"
    "                        (e.g. \"Data: noegletal.dk\")\n"
    "  --simplify PX         outline tolerance in pixels (default 0.4; 0 keeps every point)\n"
    "  --format FMT          svg, png or pdf (default: from -o's extension, else svg);\n"
    "                        png and pdf need the cairo backend (see the last line)\n"
    "  --width PX            PNG: the image's width in pixels (100 to 10000)\n"
    "  --scale F             PNG: pixels per SVG pixel (0.25 to 8; default 1)\n"
    "  --locale da           decimal comma and Danish legend words\n"
    "  -o FILE               write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *values, *column, *geometry, *code_property, *classes, *palette, *title;
    const char *filter, *credit, *format;
    double simplify, width, scale;
    int direction;
    enum { MAP_SVG, MAP_PNG, MAP_PDF } kind;
} map_opts;

static int parse_args(int argc, char **argv, map_opts *o)
{
    enum {
        OPT_VALUES = 256, OPT_COLUMN, OPT_GEOMETRY, OPT_CODEPROP, OPT_CLASSES, OPT_PALETTE,
        OPT_TITLE, OPT_FILTER, OPT_CREDIT, OPT_FORMAT, OPT_SIMPLIFY, OPT_HIB, OPT_WIDTH,
        OPT_SCALE
    };
    static const struct option longopts[] = {
        {"values", required_argument, NULL, OPT_VALUES},
        {"column", required_argument, NULL, OPT_COLUMN},
        {"geometry", required_argument, NULL, OPT_GEOMETRY},
        {"code-property", required_argument, NULL, OPT_CODEPROP},
        {"classes", required_argument, NULL, OPT_CLASSES},
        {"palette", required_argument, NULL, OPT_PALETTE},
        {"title", required_argument, NULL, OPT_TITLE},
        {"filter", required_argument, NULL, OPT_FILTER},
        {"credit", required_argument, NULL, OPT_CREDIT},
        {"format", required_argument, NULL, OPT_FORMAT}, /* its own: svg, png, pdf */
        {"simplify", required_argument, NULL, OPT_SIMPLIFY},
        {"higher-is-better", required_argument, NULL, OPT_HIB},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"scale", required_argument, NULL, OPT_SCALE},
        IX_CLI_LONGOPT_LOCALE,
        IX_CLI_LONGOPT_OUTPUT,
        IX_CLI_LONGOPT_HELP,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, 0);
    o->simplify = 0.4;
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_VALUES: o->values = optarg; break;
        case OPT_COLUMN: o->column = optarg; break;
        case OPT_GEOMETRY: o->geometry = optarg; break;
        case OPT_CODEPROP: o->code_property = optarg; break;
        case OPT_CLASSES: o->classes = optarg; break;
        case OPT_PALETTE: o->palette = optarg; break;
        case OPT_TITLE: o->title = optarg; break;
        case OPT_FILTER: o->filter = optarg; break;
        case OPT_CREDIT: o->credit = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_SIMPLIFY: {
            const char *why = NULL;
            if (ix_parse_number(optarg, '.', &o->simplify, &why) != 0 || !(o->simplify >= 0) ||
                o->simplify > 100)
                rc = ix_cli_usage_error("map", "--simplify needs pixels from 0 to 100, not \"%s\"",
                                        optarg);
            break;
        }
        case OPT_HIB:
            if (strcmp(optarg, "yes") == 0)
                o->direction = 1;
            else if (strcmp(optarg, "no") == 0)
                o->direction = -1;
            else if (strcmp(optarg, "neutral") == 0)
                o->direction = 0;
            else
                rc = ix_cli_usage_error("map", "--higher-is-better takes yes, no or neutral, not "
                                               "\"%s\"",
                                        optarg);
            break;
        case OPT_WIDTH: {
            const char *why = NULL;
            if (ix_parse_number(optarg, '.', &o->width, &why) != 0 || !(o->width >= 100) ||
                o->width > 10000)
                rc = ix_cli_usage_error("map", "--width needs pixels from 100 to 10000, not \"%s\"",
                                        optarg);
            break;
        }
        case OPT_SCALE: {
            const char *why = NULL;
            if (ix_parse_number(optarg, '.', &o->scale, &why) != 0 || !(o->scale >= 0.25) ||
                o->scale > 8)
                rc = ix_cli_usage_error("map", "--scale needs a factor from 0.25 to 8, not \"%s\"",
                                        optarg);
            break;
        }
        case IX_OPT_HELP: /* the usage, and whether this build has cairo */
            fputs(usage_text, stdout);
            printf("\nPNG/PDF output (cairo): %s\n",
                   ix_cairo_available() ? "available in this build" : "not in this build");
            return -1;
        default: rc = ix_cli_common_option(&o->common, "map", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("map", "unexpected argument \"%s\"", argv[optind]);
    if (!o->values || !o->column)
        return ix_cli_usage_error("map", "--values FILE and --column NAME are required");
    const char *fmt = o->format;
    const char *dot = o->common.output ? strrchr(o->common.output, '.') : NULL;
    if (!fmt && dot && strcasecmp(dot, ".png") == 0)
        fmt = "png";
    else if (!fmt && dot && strcasecmp(dot, ".pdf") == 0)
        fmt = "pdf";
    if (!fmt || strcmp(fmt, "svg") == 0)
        o->kind = MAP_SVG;
    else if (strcmp(fmt, "png") == 0)
        o->kind = MAP_PNG;
    else if (strcmp(fmt, "pdf") == 0)
        o->kind = MAP_PDF;
    else
        return ix_cli_usage_error("map", "--format must be svg, png or pdf, not \"%s\"", fmt);
    if ((o->width > 0 || o->scale > 0) && o->kind != MAP_PNG)
        return ix_cli_usage_error("map", "--width and --scale are for PNG output (--format png)");
    if (o->width > 0 && o->scale > 0)
        return ix_cli_usage_error("map", "give --width or --scale, not both");
    if (o->kind != MAP_SVG && !ix_cairo_available())
        return ix_cli_usage_error("map", "%s output needs the cairo backend, which this build "
                                         "does not have; use --format svg",
                                  fmt);
    return 0;
}

/* Reads the values into map, and lists on standard error the codes that
 * have no shape. */
/* A warning, not an error: the values name municipalities the geometry
 * lacks (e.g. old boundaries). */
static void warn_unmatched(const ix_map_values_info *info)
{
    if (info->unmatched)
        fprintf(stderr, "indeks: warning: %s: %zu municipalit%s in the values %s no shape in the "
                        "geometry and %s not drawn: %s\n",
                info->source, info->unmatched, info->unmatched == 1 ? "y" : "ies",
                info->unmatched == 1 ? "has" : "have", info->unmatched == 1 ? "is" : "are",
                info->unmatched_codes);
}

static void note_missing(const ix_map *m)
{
    int codes[128];
    size_t n = ix_map_missing(m, codes, sizeof codes / sizeof codes[0]);
    if (n == 0)
        return;
    fprintf(stderr, "indeks: note: %zu municipalit%s without a value, drawn as missing:", n,
            n == 1 ? "y" : "ies");
    for (size_t i = 0; i < n && i < 128; i++)
        fprintf(stderr, "%s %03d", i ? "," : "", codes[i]);
    fputc('\n', stderr);
}

int ix_cmd_map(int argc, char **argv)
{
    map_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_map_options mo;
    ix_map_options_init(&mo);
    ix_geo *geo = NULL;
    ix_map *map = NULL;
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = o.classes ? ix_class_spec_parse(o.classes, &mo.classes, &d) : IX_OK;
    uint32_t probe[IX_CLASS_MAX];
    if (!st && o.palette) /* an unknown name fails before any file is read */
        st = ix_palette_colors(o.palette, 3, probe, NULL, &d);
    ix_map_values_info info;
    if (!st)
        st = ix_map_geometry_load(o.geometry, o.code_property, &geo, &d);
    if (!st)
        st = ix_map_new(geo, &map, &d); /* owns geo from here */
    if (!st)
        st = ix_map_values_load(map, o.values, o.column, o.filter, &info, &d);
    if (!st)
        warn_unmatched(&info);
    if (!st) {
        mo.title = o.title;
        mo.legend_title = o.column;
        mo.credit = o.credit;
        mo.footer = info.notes[0] ? info.notes : NULL;
        mo.palette = o.palette;
        mo.direction = o.direction;
        mo.decimal = o.common.locale.decimal;
        mo.danish = o.common.locale.danish;
        mo.simplify_px = o.simplify;
        st = ix_map_prepare(map, &mo, &d);
        if (st == IX_ERR_INPUT && !d.file[0])
            snprintf(d.file, sizeof d.file, "%s", o.values);
    }
    if (!st && o.kind == MAP_SVG)
        st = ix_svg_map_write(map, &sink, &d);
    else if (!st) {
        double scale = o.scale > 0 ? o.scale : o.width > 0 ? o.width / ix_map_width(map) : 1.0;
        st = ix_cairo_map_write(map, o.kind == MAP_PNG ? IX_CAIRO_PNG : IX_CAIRO_PDF, scale, &sink,
                                &d);
    }
    if (!st)
        note_missing(map);
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, NULL);
    ix_buf_free(&out);
    ix_map_free(map);
    if (o.kind != MAP_SVG)
        ix_cairo_release();
    return rc;
}
