/* indeks serve: the web site and JSON API over a database of editions. With
 * no --db it builds an in-memory database of what is embedded: the official
 * socio-economic index 1996-2024 (noegletal.dk, published facts), the
 * SYNTHETIC socio demo (criteria counts are not public) and the SYNTHETIC
 * Socialt Indeks demo (a composite index). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/socio_load.h"
#include "indeks/composite_io.h"
#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/palette.h"
#include "indeks/site.h"
#include "indeks/number.h"
#include "indeks/socio.h"
#include "indeks/series_official.h"
#include "indeks/socio_write.h"
#include "indeks/store.h"

#ifdef IX_HAVE_SERVER
#include "indeks/gusa_web.h"
#include "server.h"
#endif

const char *ix__embedded(const char *name, size_t *len);

static const char usage_text[] =
    "usage: indeks serve [--db DB] [--listen ADDRESS:PORT] [--threads N]\n"
    "                    [--geometry FILE|tiles] [--palette NAME]\n\n"
    "Serves the stored editions as a web site (map, ranked list, a page per municipality,\n"
    "comparisons) and a JSON API under /api/v1/ (see docs/openapi.yaml). Read-only. Stops\n"
    "on SIGTERM or Ctrl-C after finishing the requests in flight.\n\n"
    "  --db DB           a SQLite file or postgresql://user@host/db (default: an in-memory\n"
    "                    database of the official socio-economic index 1996-2024 from\n"
    "                    noegletal.dk, with the SYNTHETIC socio and Socialt Indeks demos)\n"
    "  --geometry G      the boundaries the maps are drawn on: a GeoJSON/TopoJSON FILE, or\n"
    "                    tiles for the hexagon tile map (default: the embedded DAGI map)\n"
    "  --palette NAME    the maps' colours (names as in indeks map --palette; default: by\n"
    "                    the index's direction, bad to good, or sequential when neutral)\n"
    "  --listen A:P      address and port (default 127.0.0.1:8080; port 0 picks a free one;\n"
    "                    only loopback unless you say otherwise)\n"
    "  --threads N       worker threads, 1 to 64 (default 2)\n"
    "  --per-client N    connections one client address may hold, 0 for no limit\n"
    "                    (default 64; behind a proxy every client is the proxy's address)\n"
    "  --gusa FILE       also serve GUSA (family dialogues, docs/gusa.md) configured by\n"
    "                    gusa.json FILE: /gusa/ pages and the API under /api/v1/gusa\n";

typedef struct {
    const char *db, *listen, *geometry, *palette, *gusa;
    long threads, per_client;
} serve_opts;

static int parse_args(int argc, char **argv, serve_opts *o)
{
    enum { OPT_DB = 256, OPT_LISTEN, OPT_THREADS, OPT_PER_CLIENT, OPT_GEOMETRY, OPT_PALETTE,
           OPT_GUSA };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"per-client", required_argument, NULL, OPT_PER_CLIENT},
        {"geometry", required_argument, NULL, OPT_GEOMETRY},
        {"palette", required_argument, NULL, OPT_PALETTE},
        {"gusa", required_argument, NULL, OPT_GUSA},
        IX_CLI_LONGOPT_HELP, /* serves pages: no --format, --locale or -o */
        {NULL, 0, NULL, 0}};
    ix_common_opts common;
    ix_cli_common_init(&common, 0);
    memset(o, 0, sizeof *o);
    o->listen = "127.0.0.1:8080";
    o->threads = 2;
    o->per_client = 64;
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_LISTEN: o->listen = optarg; break;
        case OPT_GEOMETRY: o->geometry = optarg; break;
        case OPT_PALETTE: o->palette = optarg; break;
        case OPT_GUSA: o->gusa = optarg; break;
        case OPT_THREADS: {
            double v = 0;
            const char *why = NULL;
            if (ix_parse_number(optarg, '.', &v, &why) != 0 || v != (double)(long)v || v < 1 ||
                v > 64)
                return ix_cli_usage_error("serve", "--threads needs 1 to 64, not \"%s\"", optarg);
            o->threads = (long)v;
            break;
        }
        case OPT_PER_CLIENT: {
            double v = 0;
            const char *why = NULL;
            if (ix_parse_number(optarg, '.', &v, &why) != 0 || v != (double)(long)v || v < 0 ||
                v > 100000)
                return ix_cli_usage_error("serve", "--per-client needs 0 to 100000, not \"%s\"",
                                          optarg);
            o->per_client = (long)v;
            break;
        }
        default: rc = ix_cli_common_option(&common, "serve", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("serve", "unexpected argument \"%s\"", argv[optind]);
    if (o->palette) {
        uint32_t colors[5];
        ix_palette_kind kind;
        ix_diag d;
        ix_diag_clear(&d);
        if (ix_palette_colors(o->palette, 5, colors, &kind, &d) != IX_OK)
            return ix_cli_usage_error("serve", "--palette: %s", d.message);
    }
    return 0;
}

/* The embedded official series: the socio-economic index as published,
 * 1996-2024, one edition whose year is 2024 (the years before are its
 * history). The file's leading # lines name the source. */
static ix_status load_real(ix_store *store, ix_diag *d)
{
    size_t len = 0;
    const char *text = ix_series_official_text(&len);
    ix_table *t = NULL;
    ix_status st = ix_series_official_table(&t, d);
    if (!st) {
        ix_store_input in[] = {{"result", "socioindeks_noegletal_1996_2024.csv (embedded)", text, len}};
        ix_edition_attr_in attrs[] = {
            {"direction", "neutral"},
            {"notes", ix_series_official_source(1)}};
        ix_edition_new e = {"Socioøkonomisk indeks 1996–2024 (noegletal.dk)", 2024,
                            IX_EDITION_SERIES, NULL, NULL, NULL, in, 1, t, "socio_indeks",
                            attrs, 2};
        long id = 0;
        st = ix_store_import(store, &e, &id, d);
    }
    ix_table_free(t);
    return st;
}

/* The Socialt Indeks demo (SYNTETISKE DATA, data/demo/): the composite
 * index of the embedded IDATA, IMETA and recipe, stored with them so that the
 * municipality pages can show the weak indicators. */
static ix_status load_composite_demo(ix_store *store, ix_diag *d)
{
    size_t ml = 0, dl = 0, rl = 0;
    const char *meta = ix__embedded("data/demo/socialt_indeks_meta.csv", &ml),
               *data = ix__embedded("data/demo/socialt_indeks_data.csv", &dl),
               *recipe = ix__embedded("data/demo/socialt_indeks_recipe.json", &rl);
    if (!meta || !data || !recipe)
        return ix_diag_set(d, IX_ERR_IO, NULL, 0, 0, NULL, "the Socialt Indeks demo is not embedded");
    ix_comp_model *m = NULL;
    ix_comp_plan *p = NULL;
    ix_comp_recipe r;
    ix_table *csv = NULL;
    ix_buf out;
    ix_buf_init(&out);
    ix_sink s = ix_buf_sink(&out);
    ix_status st = ix_site_comp_run(meta, data, recipe, &m, &p, d);
    if (!st)
        st = ix_comp_recipe_parse(recipe, rl, "data/demo/socialt_indeks_recipe.json", &r, d);
    if (!st) {
        ix_comp_write_opts wo;
        ix_comp_write_opts_init(&wo);
        wo.format = IX_COMP_WRITE_CSV;
        st = ix_comp_write(m, p, &r, &wo, &s, d);
    }
    if (!st && s.failed)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = ix_csv_parse(out.data, out.len, "demo (indeks composite)", &csv, d);
    if (!st) {
        ix_store_input in[] = {{"result", "indeks composite (demo)", out.data, out.len},
                               {"data", "socialt_indeks_data.csv (embedded)", data, dl},
                               {"meta", "socialt_indeks_meta.csv (embedded)", meta, ml},
                               {"model", "socialt_indeks_recipe.json (embedded)", recipe, rl}};
        ix_edition_attr_in attrs[] = {{"imeta", meta}, {"idata", data}, {"notes", IX_DEMO_LABEL}};
        ix_edition_new e = {"Socialt Indeks, demo (SYNTETISKE DATA)", 2024, IX_EDITION_COMPOSITE,
                            "socialt_indeks_recipe.json (embedded)", recipe, NULL,
                            in, 4, csv, NULL, attrs, 3};
        long id = 0;
        st = ix_store_import(store, &e, &id, d);
    }
    ix_table_free(csv);
    ix_buf_free(&out);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    return st;
}

/* The demo edition: the socio-economic index of the embedded synthetic data,
 * stored the way `indeks socio --normalise-weights --format csv | indeks
 * import --socio -` would store it. */
static ix_status load_demo(ix_store *store, ix_diag *d)
{
    /* The model's text is stored with the edition, so fetch it as well. */
    size_t mlen = 0;
    const char *mtext = ix__embedded("models/socio_2021.json", &mlen);
    ix_socio_model *m = NULL;
    ix_socio_data *data = NULL;
    ix_socio_result *r = NULL;
    ix_table *csv = NULL;
    ix_buf out, notes;
    ix_buf_init(&out);
    ix_buf_init(&notes);
    ix_sink s = ix_buf_sink(&out), ns = ix_buf_sink(&notes);
    ix_status st = ix_socio_load(NULL, NULL, 1, &m, &data, d);
    if (!st)
        st = ix_socio_compute(m, data, &r, d);
    if (!st) {
        ix_socio_style style = {'.', ',', 0};
        ix_socio_write_csv(m, data, r, &style, &s);
        ix_socio_write_notes_lang(m, data, "", 1, &ns);
        if (s.failed || ns.failed)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (!st)
        st = ix_csv_parse(out.data, out.len, "demo (indeks socio --normalise-weights)", &csv, d);
    if (!st) {
        ix_store_input in[] = {{"result", "indeks socio --normalise-weights (demo)", out.data, out.len},
                               {"model", "models/socio_2021.json (embedded)", mtext, mlen}};
        ix_edition_attr_in attrs[] = {{"notes", notes.data ? notes.data : IX_DEMO_LABEL},
                                      {"direction", "neutral"}};
        ix_edition_new e = {"Socioøkonomisk indeks, demo (SYNTETISKE DATA)", 2021,
                            IX_EDITION_SOCIO, "models/socio_2021.json (embedded)", mtext,
                            "SYNTETISKE DATA", in, 2, csv, NULL, attrs, 2};
        long id = 0;
        st = ix_store_import(store, &e, &id, d);
    }
    ix_table_free(csv);
    ix_buf_free(&out);
    ix_buf_free(&notes);
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    return st;
}

int ix_cmd_serve(int argc, char **argv)
{
    serve_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
#ifndef IX_HAVE_SERVER
    fprintf(stderr, "indeks serve: this build has no web server (install libmicrohttpd-dev and "
                    "zlib1g-dev, and rebuild)\n");
    return 1;
#else
    ix_diag d;
    ix_diag_clear(&d);
    ix_store *store = NULL;
    /* Only import creates a database: a mistyped --db is an error, not an empty site. */
    ix_status st = o.db ? ix_store_open_existing(o.db, &store, &d)
                        : ix_store_open(":memory:", &store, &d);
    /* The synthetic demos first, the real series last: the newest edition. */
    if (!st && !o.db)
        st = load_demo(store, &d);
    if (!st && !o.db)
        st = load_composite_demo(store, &d);
    if (!st && !o.db)
        st = load_real(store, &d);
    if (st) {
        ix_store_close(store);
        return ix_cli_report(st, &d);
    }
    ix_gusa_web *gusa = NULL; /* --gusa: a bad gusa.json names file and key, exit 2 */
    if (o.gusa && (st = ix_gusa_web_open(o.gusa, &gusa, &d)) != IX_OK) {
        ix_store_close(store);
        return ix_cli_report(st, &d);
    }
    ix_server_config cfg = {o.listen, (unsigned)o.threads, (unsigned)o.per_client, store,
                            o.db ? NULL
                                 : "(in memory: the official index 1996-2024 and the SYNTETISKE "
                                   "DATA demos)",
                            {o.geometry, o.palette}, gusa};
    rc = ix_server_run(&cfg);
    ix_gusa_web_close(gusa);
    ix_store_close(store);
    return rc;
#endif
}
