/* indeks import: store a computed result as a new edition in a database. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/csv.h"
#include "indeks/number.h"
#include "indeks/outfile.h"
#include "indeks/store.h"

static const char usage_text[] =
    "usage: indeks import --db DB (--socio OUT.csv | --composite OUT.csv | --series FILE.csv)\n"
    "                     --edition NAME --year YEAR [--model FILE] [--input FILE]...\n"
    "                     [--column NAME] [--note TEXT] [--direction D]\n"
    "                     [--meta IMETA.csv [--data IDATA.csv]]\n\n"
    "Stores a computed result as a new edition: append-only, an edition once stored is never\n"
    "changed and importing again makes a new one. Nothing is stored when the file is bad.\n\n"
    "  --db DB            a SQLite file (created when absent) or postgresql://user@host/db\n"
    "  --socio FILE       the CSV of indeks socio --format csv\n"
    "  --composite FILE   the CSV of indeks composite --format csv\n"
    "  --series FILE      a long-form series: kommunekode, kommune, aar, value, ...\n"
    "  --column NAME      --series: the value column (default socio_indeks, indeks or index)\n"
    "  --edition NAME     the edition's name, e.g. \"Socioøkonomisk indeks 2024\"\n"
    "  --year YEAR        the year it is for\n"
    "  --model FILE       the model or recipe JSON used: stored with the edition\n"
    "  --input FILE       another input (the data): its SHA-256 is recorded (repeatable)\n"
    "  --note TEXT        a note shown with the edition (e.g. \"synthetic data\"); a `notes`\n"
    "                     column of the file (notes joined by \" | \") is stored as well\n"
    "  --direction D      higher-better, lower-better or neutral: what a higher value means\n"
    "                     (default: composite from IMETA's Direction of the index, else\n"
    "                     higher-better; socio and series neutral: a heavier burden)\n"
    "  --meta FILE        --composite: the IMETA used (names, units, targets, directions\n"
    "                     and recommendations shown on the municipality pages)\n"
    "  --data FILE        --composite: the IDATA used (the indicators' own values)\n";

#define MAX_INPUTS 8

typedef struct {
    const char *db, *file, *edition, *year, *model, *column, *note, *direction, *meta, *data;
    ix_edition_kind kind;
    const char *inputs[MAX_INPUTS];
    size_t ninputs;
} import_opts;

static int set_kind(import_opts *o, ix_edition_kind kind, const char *file)
{
    if (o->file)
        return ix_cli_usage_error("import", "give one of --socio, --composite and --series");
    o->kind = kind;
    o->file = file;
    return 0;
}

static int parse_args(int argc, char **argv, import_opts *o)
{
    enum { OPT_DB = 256, OPT_SOCIO, OPT_COMPOSITE, OPT_SERIES, OPT_EDITION, OPT_YEAR, OPT_MODEL,
           OPT_INPUT, OPT_COLUMN, OPT_NOTE, OPT_DIRECTION, OPT_META, OPT_DATA };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"socio", required_argument, NULL, OPT_SOCIO},
        {"composite", required_argument, NULL, OPT_COMPOSITE},
        {"series", required_argument, NULL, OPT_SERIES},
        {"edition", required_argument, NULL, OPT_EDITION},
        {"year", required_argument, NULL, OPT_YEAR},
        {"model", required_argument, NULL, OPT_MODEL},
        {"recipe", required_argument, NULL, OPT_MODEL},
        {"input", required_argument, NULL, OPT_INPUT},
        {"column", required_argument, NULL, OPT_COLUMN},
        {"note", required_argument, NULL, OPT_NOTE},
        {"direction", required_argument, NULL, OPT_DIRECTION},
        {"meta", required_argument, NULL, OPT_META},
        {"data", required_argument, NULL, OPT_DATA},
        IX_CLI_LONGOPT_HELP, /* prints an id: no --format, --locale or -o */
        {NULL, 0, NULL, 0}};
    ix_common_opts common;
    ix_cli_common_init(&common, 0);
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_SOCIO: rc = set_kind(o, IX_EDITION_SOCIO, optarg); break;
        case OPT_COMPOSITE: rc = set_kind(o, IX_EDITION_COMPOSITE, optarg); break;
        case OPT_SERIES: rc = set_kind(o, IX_EDITION_SERIES, optarg); break;
        case OPT_EDITION: o->edition = optarg; break;
        case OPT_YEAR: o->year = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_COLUMN: o->column = optarg; break;
        case OPT_NOTE: o->note = optarg; break;
        case OPT_DIRECTION: o->direction = optarg; break;
        case OPT_META: o->meta = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_INPUT:
            if (o->ninputs == MAX_INPUTS)
                return ix_cli_usage_error("import", "at most %d --input files", MAX_INPUTS);
            o->inputs[o->ninputs++] = optarg;
            break;
        default: rc = ix_cli_common_option(&common, "import", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("import", "unexpected argument \"%s\"", argv[optind]);
    if (!o->db || !o->file || !o->edition || !o->year)
        return ix_cli_usage_error("import", "--db, one of --socio/--composite/--series, --edition "
                                            "and --year are required");
    if (!o->edition[0] || strlen(o->edition) > 200)
        return ix_cli_usage_error("import", "--edition needs a name of 1 to 200 bytes");
    if (o->column && o->kind != IX_EDITION_SERIES)
        return ix_cli_usage_error("import", "--column goes with --series");
    if ((o->meta || o->data) && o->kind != IX_EDITION_COMPOSITE)
        return ix_cli_usage_error("import", "--meta and --data go with --composite");
    if (o->data && !o->meta)
        return ix_cli_usage_error("import", "--data needs --meta (the IMETA that names its columns)");
    if (o->direction) {
        static const char *const names[][2] = {{"higher-better", "higher_better"},
                                               {"lower-better", "lower_better"},
                                               {"neutral", "neutral"}};
        const char *found = NULL;
        for (size_t i = 0; i < 3; i++)
            if (strcmp(o->direction, names[i][0]) == 0 || strcmp(o->direction, names[i][1]) == 0)
                found = names[i][1];
        if (!found)
            return ix_cli_usage_error("import", "--direction is higher-better, lower-better or "
                                                "neutral, not \"%s\"",
                                      o->direction);
        o->direction = found;
    }
    return 0;
}

int ix_cmd_import(int argc, char **argv)
{
    import_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    double y = 0;
    const char *why = NULL;
    if (ix_parse_number(o.year, '.', &y, &why) != 0 || y != (double)(int)y || y < 1800 || y > 2200)
        return ix_cli_usage_error("import", "--year needs a year like 2024, not \"%s\"", o.year);
    ix_diag d;
    ix_diag_clear(&d);
    char *bytes = NULL, *model = NULL, *extra[MAX_INPUTS] = {NULL}, *meta = NULL, *data = NULL;
    size_t len = 0, model_len = 0, extra_len[MAX_INPUTS] = {0}, meta_len = 0, data_len = 0;
    ix_table *t = NULL;
    ix_store *store = NULL;
    ix_store_input inputs[MAX_INPUTS + 4];
    size_t ninputs = 0;
    long id = 0;
    ix_status st = ix_read_file(o.file, &bytes, &len, &d);
    if (!st)
        st = ix_csv_parse(bytes, len, o.file, &t, &d);
    if (!st)
        inputs[ninputs++] = (ix_store_input){"result", o.file, bytes, len};
    if (!st && o.model && (st = ix_read_file(o.model, &model, &model_len, &d)) == IX_OK)
        inputs[ninputs++] = (ix_store_input){"model", o.model, model, model_len};
    for (size_t i = 0; !st && i < o.ninputs; i++)
        if ((st = ix_read_file(o.inputs[i], &extra[i], &extra_len[i], &d)) == IX_OK)
            inputs[ninputs++] = (ix_store_input){"input", o.inputs[i], extra[i], extra_len[i]};
    if (!st && o.meta && (st = ix_read_file(o.meta, &meta, &meta_len, &d)) == IX_OK)
        inputs[ninputs++] = (ix_store_input){"meta", o.meta, meta, meta_len};
    if (!st && o.data && (st = ix_read_file(o.data, &data, &data_len, &d)) == IX_OK)
        inputs[ninputs++] = (ix_store_input){"data", o.data, data, data_len};
    ix_edition_attr_in attrs[3];
    size_t nattrs = 0;
    if (o.direction)
        attrs[nattrs++] = (ix_edition_attr_in){"direction", o.direction};
    if (meta)
        attrs[nattrs++] = (ix_edition_attr_in){"imeta", meta};
    if (data)
        attrs[nattrs++] = (ix_edition_attr_in){"idata", data};
    if (!st)
        st = ix_store_open(o.db, &store, &d);
    if (!st) {
        ix_edition_new e = {o.edition, (int)y, o.kind, o.model, model, o.note, inputs, ninputs,
                            t, o.column, attrs, nattrs};
        st = ix_store_import(store, &e, &id, &d);
    }
    if (st)
        rc = ix_cli_report(st, &d);
    else {
        /* the id alone on standard output, for scripts; never a URL (it may hold a password) */
        printf("%ld\n", id);
        fprintf(stderr, "indeks: stored edition %ld \"%s\" (%s, %d, %zu rows) in %s\n", id,
                o.edition, ix_edition_kind_name(o.kind), (int)y, ix_table_nrows(t),
                strstr(o.db, "://") ? "the PostgreSQL database" : o.db);
    }
    ix_store_close(store);
    ix_table_free(t);
    for (size_t i = 0; i < MAX_INPUTS; i++)
        free(extra[i]);
    free(model);
    free(meta);
    free(data);
    free(bytes);
    return rc;
}
