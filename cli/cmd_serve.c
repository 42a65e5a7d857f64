/* indeks serve: the web site and JSON API over a database of editions. With
 * no --db it builds an in-memory database from the embedded SYNTHETIC demo
 * data (the national list, as indeks socio --normalise-weights computes it). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/socio_load.h"
#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/number.h"
#include "indeks/socio.h"
#include "indeks/socio_write.h"
#include "indeks/store.h"

#ifdef IX_HAVE_SERVER
#include "indeks/gusa_web.h"
#include "server.h"
#endif

const char *ix__embedded(const char *name, size_t *len);

static const char usage_text[] =
    "usage: indeks serve [--db DB] [--listen ADDRESS:PORT] [--threads N]\n\n"
    "Serves the stored editions as a web site (map, ranked list, a page per municipality,\n"
    "comparisons) and a JSON API under /api/v1/ (see docs/openapi.yaml). Read-only. Stops\n"
    "on SIGTERM or Ctrl-C after finishing the requests in flight.\n\n"
    "  --db DB           a SQLite file or postgresql://user@host/db (default: an in-memory\n"
    "                    database of the embedded SYNTHETIC demo data)\n"
    "  --listen A:P      address and port (default 127.0.0.1:8080; port 0 picks a free one;\n"
    "                    only loopback unless you say otherwise)\n"
    "  --threads N       worker threads, 1 to 64 (default 2)\n"
    "  --per-client N    connections one client address may hold, 0 for no limit\n"
    "                    (default 64; behind a proxy every client is the proxy's address)\n"
    "  --gusa FILE       also serve GUSA (family dialogues, docs/gusa.md) configured by\n"
    "                    gusa.json FILE: /gusa/ pages and the API under /api/v1/gusa\n";

typedef struct {
    const char *db, *listen, *gusa;
    long threads, per_client;
} serve_opts;

static int parse_args(int argc, char **argv, serve_opts *o)
{
    enum { OPT_DB = 256, OPT_LISTEN, OPT_THREADS, OPT_PER_CLIENT, OPT_GUSA };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"per-client", required_argument, NULL, OPT_PER_CLIENT},
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
    return 0;
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
        for (size_t i = 0; notes.data && i < notes.len; i++)
            if (notes.data[i] == '\n')
                notes.data[i] = ' ';
        ix_store_input in[] = {{"result", "indeks socio --normalise-weights (demo)", out.data, out.len},
                               {"model", "models/socio_2021.json (embedded)", mtext, mlen}};
        ix_edition_new e = {"Socioøkonomisk indeks, demo (SYNTETISKE DATA)", 2021,
                            IX_EDITION_SOCIO, "models/socio_2021.json (embedded)", mtext,
                            notes.data ? notes.data : IX_DEMO_LABEL, in, 2, csv, NULL};
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
    if (!st && !o.db)
        st = load_demo(store, &d);
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
                            o.db ? NULL : "(demo: SYNTETISKE DATA, in memory)", gusa};
    rc = ix_server_run(&cfg);
    ix_gusa_web_close(gusa);
    ix_store_close(store);
    return rc;
#endif
}
