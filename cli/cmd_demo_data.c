/* indeks demo-data: the embedded SYNTHETIC demo data written out as CSV, so
 * users can see (and edit) what the demo computes on. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/demo.h"
#include "indeks/demo_write.h"
#include "indeks/udligning.h"

static const char usage_text[] =
    "usage: indeks demo-data socio [--seed N] [--format csv|json] [--locale da] [-o FILE]\n"
    "       indeks demo-data udligning --params PARAMS.json [--real SERIES.csv] [--seed N]\n"
    "                                  [--format csv|json] [--locale da] [-o FILE]\n\n"
    "Writes the SYNTHETIC demo data set the demo uses when no --data is given:\n"
    "socio: one row per municipality with the columns of models/socio_2021.json;\n"
    "udligning: what indeks udligning --params PARAMS.json computes on without --data\n"
    "(folketal, beskatningsgrundlag, the parameters' age groups, decline and key-figure\n"
    "columns, and the index criteria). Only codes, names and population sizes are real\n"
    "(Danmarks Statistik); the datakilde column says which columns are real.\n"
    "  --real FILE   udligning: folketal := indbyggere_1jan of the parameters' year from the\n"
    "                noegletal series, age groups rescaled to it (as indeks udligning --real)\n";

typedef struct {
    ix_common_opts common;
    unsigned long long seed;
    int seed_given;
    const char *kind, *params, *real;
} demo_opts;

static int parse_seed(const char *text, demo_opts *o)
{
    char *end = NULL;
    o->seed = strtoull(text, &end, 10);
    o->seed_given = 1;
    if (!end || *end || text[0] == '-' || !text[0])
        return ix_cli_usage_error("demo-data", "--seed needs a whole number, got \"%s\"", text);
    return 0;
}

/* The data set's name, the one argument that is not an option. */
static int parse_kind(int argc, char **argv, demo_opts *o)
{
    if (optind >= argc)
        return ix_cli_usage_error("demo-data", "name the data set: socio or udligning");
    if (strcmp(argv[optind], "socio") != 0 && strcmp(argv[optind], "udligning") != 0)
        return ix_cli_usage_error("demo-data", "unknown argument: %s", argv[optind]);
    o->kind = argv[optind++];
    return optind < argc ? ix_cli_usage_error("demo-data", "unexpected argument \"%s\"", argv[optind])
                         : 0;
}

static int parse_args(int argc, char **argv, demo_opts *o)
{
    enum { OPT_PARAMS = 256, OPT_REAL, OPT_SEED };
    static const struct option longopts[] = {
        {"params", required_argument, NULL, OPT_PARAMS},
        {"real", required_argument, NULL, OPT_REAL},
        {"seed", required_argument, NULL, OPT_SEED},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_BIT(IX_FMT_CSV) | IX_FMT_BIT(IX_FMT_JSON));
    o->common.format = IX_FMT_CSV;
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PARAMS: o->params = optarg; break;
        case OPT_REAL: o->real = optarg; break;
        case OPT_SEED: rc = parse_seed(optarg, o); break;
        default: rc = ix_cli_common_option(&o->common, "demo-data", c, usage_text, argc, argv);
        }
    }
    if (rc || (rc = parse_kind(argc, argv, o)) != 0)
        return rc;
    int udl = strcmp(o->kind, "udligning") == 0;
    if (udl && !o->params)
        return ix_cli_usage_error("demo-data", "udligning needs --params PARAMS.json "
                                               "(e.g. models/udligning_2021.json)");
    if (!udl && (o->params || o->real))
        return ix_cli_usage_error("demo-data", "--params and --real are for the udligning data set");
    if (!o->seed_given)
        /* Two named seeds, equal by value today; each data set keeps its own. */
        // NOLINTNEXTLINE(bugprone-branch-clone): distinct constants, identical only by value
        o->seed = udl ? IX_DEMO_SEED_UDL : IX_DEMO_SEED;
    ix_cli_format_from_output(&o->common);
    return 0;
}

int ix_cmd_demo_data(int argc, char **argv)
{
    demo_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_table *t = NULL;
    char label[1024] = "";
    ix_status st = strcmp(o.kind, "udligning") == 0
                       ? ix_demo_udl_load(o.params, o.real, o.seed, &t, label, sizeof label, &d)
                       : ix_demo_socio_table(o.seed, &t, &d);
    if (st)
        return ix_cli_report(st, &d);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    const char *lab = label[0] ? label : NULL;
    if (o.common.format == IX_FMT_JSON)
        ix_demo_write_json(t, lab, &s);
    else
        ix_demo_write_csv(t, o.common.locale.separator, lab, &s);
    rc = ix_cli_finish(&o.common, IX_OK, &d, &s, &b, NULL);
    ix_buf_free(&b);
    ix_table_free(t);
    return rc;
}
