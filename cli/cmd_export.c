/* indeks export: write a stored edition back as CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/number.h"
#include "indeks/store.h"

static const char usage_text[] =
    "usage: indeks export --db DB [--edition ID] [--list] [--format csv] [-o FILE]\n\n"
    "Writes a stored edition back as CSV, as it was imported: the same columns in the same\n"
    "order, numbers to the last digit.\n\n"
    "  --db DB          a SQLite file or postgresql://user@host/db\n"
    "  --edition ID     the edition's id (default: the newest)\n"
    "  --list           list the editions instead (id, name, year, kind, created, rows)\n"
    "  --format csv     CSV, the only format (any other is refused)\n"
    "  -o FILE          write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *db;
    long edition;
    int list;
} export_opts;

static int parse_args(int argc, char **argv, export_opts *o)
{
    enum { OPT_DB = 256, OPT_EDITION, OPT_LIST };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"edition", required_argument, NULL, OPT_EDITION},
        {"list", no_argument, NULL, OPT_LIST},
        IX_CLI_LONGOPT_FORMAT,
        IX_CLI_LONGOPT_OUTPUT,
        IX_CLI_LONGOPT_HELP,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_BIT(IX_FMT_CSV)); /* editions go back as CSV */
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_EDITION: {
            double v = 0;
            const char *why = NULL;
            if (ix_parse_number(optarg, '.', &v, &why) != 0 || v != (double)(long)v || v < 1 ||
                v > 1e15)
                return ix_cli_usage_error("export", "--edition needs an edition id, not \"%s\"",
                                          optarg);
            o->edition = (long)v;
            break;
        }
        case OPT_LIST: o->list = 1; break;
        default: rc = ix_cli_common_option(&o->common, "export", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("export", "unexpected argument \"%s\"", argv[optind]);
    if (!o->db)
        return ix_cli_usage_error("export", "--db is required");
    return 0;
}

static void write_list(const ix_edition_list *l, ix_sink *s)
{
    ix_sink_puts(s, "id,name,year,kind,created,rows\n");
    for (size_t i = 0; i < l->n; i++) {
        const ix_edition_info *e = &l->items[i];
        ix_sink_printf(s, "%ld,", e->id);
        ix_csv_put_field(s, e->name, ',');
        ix_sink_printf(s, ",%d,%s,%s,%ld\n", e->year, ix_edition_kind_name(e->kind), e->created,
                       e->nrows);
    }
}

int ix_cmd_export(int argc, char **argv)
{
    export_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_store *store = NULL;
    ix_edition *e = NULL;
    ix_edition_list *l = NULL;
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = ix_store_open_existing(o.db, &store, &d);
    if (!st && o.list && (st = ix_store_editions(store, &l, &d)) == IX_OK)
        write_list(l, &sink);
    else if (!st && !o.list && (st = ix_store_edition(store, o.edition, &e, &d)) == IX_OK)
        ix_edition_write_csv(e, &sink);
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, NULL);
    ix_buf_free(&out);
    ix_edition_list_free(l);
    ix_edition_free(e);
    ix_store_close(store);
    return rc;
}
