/* indeks report: one self-contained HTML file of the socio-economic index
 * (--socio) or a composite index (--composite): map, ranked list, a profile
 * per municipality, the model or recipe, notes, sources and the date. The
 * page is rendered into one buffer and written atomically at the end, so a
 * failure leaves nothing behind. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "indeks/composite_io.h"
#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/kommuner.h"
#include "indeks/map_load.h"
#include "indeks/outfile.h"
#include "indeks/report.h"
#include "indeks/socio_load.h"
#include "indeks/socio.h"
#include "indeks/util.h"


static const char usage_text[] =
    "usage: indeks report --socio [--model MODEL.json] [--data DATA.csv] [--normalise-weights]\n"
    "       indeks report --composite --data IDATA.csv --meta IMETA.csv [--recipe RECIPE.json]\n"
    "       indeks report --gusa DB --year Y [--kommune K]   (GUSA's ethical account; --gusa --help)\n"
    "                     [--geometry FILE|tiles] [--code-property NAME] [--locale da|en]\n"
    "                     [--palette NAME] [--higher-is-better yes|no|neutral]\n"
    "                     [--credit TEXT] [--date YYYY-MM-DD] [--title TEXT] [-o FILE.html]\n\n"
    "One self-contained HTML file to mail or open offline: the map (inline SVG), the ranked\n"
    "list (sortable by clicking a heading), a profile per municipality, the model or recipe\n"
    "used, notes, sources and the date.\n\n"
    "  --socio               the socio-economic index; takes indeks socio's inputs (no --data:\n"
    "                        the embedded SYNTHETIC demo data)\n"
    "  --composite           a composite index; takes indeks composite's --data, --meta, --recipe\n"
    "  --geometry FILE       municipal boundaries, GeoJSON or TopoJSON; \"tiles\": the hexagon\n"
    "                        tile map (default: the embedded DAGI boundaries, 2023,\n"
    "                        simplified); --code-property names the code property\n"
    "  --palette NAME        the map's ColorBrewer scheme (see indeks map --help)\n"
    "  --higher-is-better W  yes, no or neutral: the map runs from red (bad) to blue (good);\n"
    "                        default: socio no (a higher index means heavier burdens),\n"
    "                        composite from the index's IMETA Direction, else yes\n"
    "  --credit TEXT         a data-source credit under the map (e.g. \"Data: noegletal.dk\")\n"
    "  --locale da|en        the report's language and numbers (default da; --lang is a\n"
    "                        deprecated alias)\n"
    "  --date YYYY-MM-DD     the date shown (default: SOURCE_DATE_EPOCH when set, else today)\n"
    "  --title TEXT          the report's title (default: the model's or index's name)\n"
    "  -o FILE               write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    int socio, composite, normalise, locale_given, danish, direction, direction_given;
    const char *model, *data, *meta, *recipe, *geometry, *code_property, *date, *title;
    const char *palette, *credit;
    char date_buf[16];
} report_opts;

static int valid_date(const char *t)
{
    if (strlen(t) != 10 || t[4] != '-' || t[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9'))
            return 0;
    int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* --date, else SOURCE_DATE_EPOCH (reproducible builds' convention), else
 * today's local date. */
static int resolve_date(report_opts *o)
{
    if (o->date)
        return valid_date(o->date) ? 0 : ix_cli_usage_error("report", "--date needs YYYY-MM-DD, not \"%s\"", o->date);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t now = time(NULL);
    struct tm tm;
    if (sde && sde[0]) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (*end || v < 0)
            return ix_cli_usage_error("report", "SOURCE_DATE_EPOCH must be seconds since 1970, not \"%s\"", sde);
        now = (time_t)v;
        if (!gmtime_r(&now, &tm))
            return ix_cli_usage_error("report", "SOURCE_DATE_EPOCH is out of range");
    } else if (!localtime_r(&now, &tm))
        return ix_cli_usage_error("report", "cannot read the clock");
    strftime(o->date_buf, sizeof o->date_buf, "%Y-%m-%d", &tm);
    o->date = o->date_buf;
    return 0;
}

static int parse_args(int argc, char **argv, report_opts *o)
{
    enum { OPT_SOCIO = 256, OPT_COMPOSITE, OPT_MODEL, OPT_DATA, OPT_META, OPT_RECIPE, OPT_NORMALISE,
           OPT_GEOMETRY, OPT_CODEPROP, OPT_LANG, OPT_DATE, OPT_TITLE, OPT_PALETTE, OPT_HIB,
           OPT_CREDIT };
    static const struct option longopts[] = {
        {"socio", no_argument, NULL, OPT_SOCIO},
        {"composite", no_argument, NULL, OPT_COMPOSITE},
        {"model", required_argument, NULL, OPT_MODEL},
        {"data", required_argument, NULL, OPT_DATA},
        {"meta", required_argument, NULL, OPT_META},
        {"recipe", required_argument, NULL, OPT_RECIPE},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        {"geometry", required_argument, NULL, OPT_GEOMETRY},
        {"code-property", required_argument, NULL, OPT_CODEPROP},
        {"lang", required_argument, NULL, OPT_LANG}, /* the older name of --locale */
        {"date", required_argument, NULL, OPT_DATE},
        {"title", required_argument, NULL, OPT_TITLE},
        {"palette", required_argument, NULL, OPT_PALETTE},
        {"higher-is-better", required_argument, NULL, OPT_HIB},
        {"credit", required_argument, NULL, OPT_CREDIT},
        IX_CLI_LONGOPT_LOCALE, /* an HTML page only: no --format */
        IX_CLI_LONGOPT_OUTPUT,
        IX_CLI_LONGOPT_HELP,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, 0);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_SOCIO: o->socio = 1; break;
        case OPT_COMPOSITE: o->composite = 1; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_META: o->meta = optarg; break;
        case OPT_RECIPE: o->recipe = optarg; break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case OPT_GEOMETRY: o->geometry = optarg; break;
        case OPT_CODEPROP: o->code_property = optarg; break;
        case OPT_DATE: o->date = optarg; break;
        case OPT_TITLE: o->title = optarg; break;
        case OPT_PALETTE: o->palette = optarg; break;
        case OPT_CREDIT: o->credit = optarg; break;
        case OPT_HIB:
            o->direction_given = 1;
            if (strcmp(optarg, "yes") == 0)
                o->direction = 1;
            else if (strcmp(optarg, "no") == 0)
                o->direction = -1;
            else if (strcmp(optarg, "neutral") == 0)
                o->direction = 0;
            else
                rc = ix_cli_usage_error("report", "--higher-is-better takes yes, no or neutral, "
                                                  "not \"%s\"",
                                        optarg);
            break;
        case OPT_LANG:
            fputs("indeks: warning: report --lang is deprecated; use --locale\n", stderr);
            /* fall through */
        case IX_OPT_LOCALE:
            o->locale_given = 1;
            rc = ix_cli_common_option(&o->common, "report", IX_OPT_LOCALE, usage_text, argc, argv);
            break;
        default: rc = ix_cli_common_option(&o->common, "report", c, usage_text, argc, argv);
        }
    }
    if (rc == 0)
        rc = ix_cli_common_done(&o->common, "report", argc, argv, NULL);
    if (rc)
        return rc;
    o->danish = o->locale_given ? o->common.locale.danish : 1; /* Danish unless told */
    if (o->socio == o->composite)
        return ix_cli_usage_error("report", "give one of --socio or --composite");
    if (o->socio && (o->meta || o->recipe))
        return ix_cli_usage_error("report", "--meta and --recipe go with --composite, not --socio");
    if (o->composite && (o->model || o->normalise))
        return ix_cli_usage_error("report", "--model and --normalise-weights go with --socio");
    if (o->composite && (!o->data || !o->meta))
        return ix_cli_usage_error("report", "--composite needs --data IDATA.csv and --meta IMETA.csv");
    return resolve_date(o);
}

/* ---- the map ----------------------------------------------------------- */

/* Renders the map into svg; classes NULL picks quantile:K with K at most 5
 * and at most the number of distinct values (none when fewer than 2). */
static ix_status make_map(const report_opts *o, const int *codes, const double *values, size_t n,
                          const char *classes, const char *legend, int direction, ix_buf *svg,
                          ix_buf *legend_html, char *credit, size_t credit_size, char *note,
                          size_t note_size, ix_diag *d)
{
    char spec[32];
    if (!classes) {
        double *v = malloc((n ? n : 1) * sizeof *v);
        if (!v)
            return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        size_t m = 0, distinct = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(values[i]))
                v[m++] = values[i];
        qsort(v, m, sizeof *v, ix_cmp_double);
        for (size_t i = 0; i < m; i++)
            distinct += i == 0 || v[i] != v[i - 1];
        free(v);
        if (distinct < 2)
            return IX_OK; /* nothing to colour by */
        snprintf(spec, sizeof spec, "quantile:%zu", distinct < 5 ? distinct : 5);
        classes = spec;
    }
    ix_geo *geo = NULL;
    size_t unmatched = 0;
    ix_status st = ix_map_geometry_load(o->geometry, o->code_property, &geo, d);
    ix_report_map_spec ms = {classes, legend, o->palette, o->credit, o->danish,
                               o->direction_given ? o->direction : direction};
    if (!st)
        st = ix_report_map(geo, codes, values, n, &ms, &unmatched, svg, legend_html, credit,
                           credit_size, d);
    if (!st && unmatched)
        snprintf(note, note_size,
                 o->danish ? "%zu kommune(r) i data har ingen form i kortets geometri og er ikke tegnet."
                           : "%zu municipalit%s in the data %s no shape in the map's geometry and %s not drawn.",
                 unmatched, unmatched == 1 ? "y" : "ies", unmatched == 1 ? "has" : "have",
                 unmatched == 1 ? "is" : "are");
    return st;
}

/* What make_map gives the page. */
typedef struct {
    ix_buf svg, legend;
    char credit[640];
} map_out;

/* ---- socio ------------------------------------------------------------- */

static ix_status run_socio(const report_opts *o, ix_report_options *ro, map_out *map, char *note,
                           size_t note_size, ix_sink *s, ix_diag *d)
{
    ix_socio_model *m = NULL;
    ix_socio_data *data = NULL;
    ix_socio_result *r = NULL;
    ix_status st = ix_socio_load(o->model, o->data, o->normalise, &m, &data, d);
    if (!st)
        st = ix_socio_compute(m, data, &r, d);
    char classes[48];
    if (!st) {
        snprintf(classes, sizeof classes, "diverging:%g:11", m->scale);
        /* A higher socio-economic index means heavier burdens: lower is better. */
        st = make_map(o, data->codes, r->index, data->nunits, classes, o->danish ? "Indeks" : "Index",
                      -1, &map->svg, &map->legend, map->credit, sizeof map->credit, note,
                      note_size, d);
    }
    if (!st) {
        ro->map_svg = map->svg.len ? map->svg.data : NULL;
        ro->map_legend = map->legend.len ? map->legend.data : NULL;
        ro->map_credit = map->credit;
        st = ix_report_socio_html(m, data, r, ro, s, d);
    }
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    return st;
}

/* ---- composite --------------------------------------------------------- */

static ix_status run_composite(const report_opts *o, ix_report_options *ro, map_out *map, char *note,
                               size_t note_size, ix_sink *s, ix_diag *d)
{
    ix_comp_files files = {o->data, o->meta, o->recipe};
    ix_comp_model *m = NULL;
    ix_comp_plan *p = NULL;
    ix_comp_recipe recipe;
    int *codes = NULL;
    double *values = NULL;
    size_t n = 0;
    ix_status st = ix_comp_load_run(&files, NULL, 0, &m, &recipe, &p, d);
    if (!st)
        st = ix_comp_kommune_scores(m, p, &codes, &values, &n, d);
    /* The index's own IMETA Direction, else higher is better (the scores
     * are aggregated after each indicator's direction is applied). */
    int direction = 1;
    if (!st && ix_comp_node_direction(m, ix_comp_model_index_node(m)) != 0)
        direction = ix_comp_node_direction(m, ix_comp_model_index_node(m));
    if (!st && n > 0)
        st = make_map(o, codes, values, n, NULL, ix_comp_node_code(m, ix_comp_model_index_node(m)),
                      direction, &map->svg, &map->legend, map->credit, sizeof map->credit, note,
                      note_size, d);
    if (!st) {
        ro->map_svg = map->svg.len ? map->svg.data : NULL;
        ro->map_legend = map->legend.len ? map->legend.data : NULL;
        ro->map_credit = map->credit;
        st = ix_report_composite_html(m, p, &recipe, ro, s, d);
    }
    free(codes);
    free(values);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    return st;
}

int ix_cmd_report(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* GUSA's ethical account has options of its own */
        if (strcmp(argv[i], "--gusa") == 0 || strncmp(argv[i], "--gusa=", 7) == 0)
            return ix__cmd_report_gusa(argc, argv);
    report_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_report_options ro;
    ix_report_options_init(&ro);
    ro.danish = o.danish;
    ro.date = o.date;
    ro.title = o.title;
    ro.version = IX_VERSION;
    ro.geometry = o.geometry; /* the report names it by its last part only */
    char note[256] = "";
    ro.map_note = note;
    ix_buf out;
    map_out map;
    ix_buf_init(&out);
    ix_buf_init(&map.svg);
    ix_buf_init(&map.legend);
    map.credit[0] = '\0';
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = o.socio ? run_socio(&o, &ro, &map, note, sizeof note, &sink, &d)
                           : run_composite(&o, &ro, &map, note, sizeof note, &sink, &d);
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, NULL);
    ix_buf_free(&map.svg);
    ix_buf_free(&map.legend);
    ix_buf_free(&out);
    return rc;
}
