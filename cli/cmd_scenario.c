/* indeks scenario: the equalisation under two parameter sets, models or
 * data sets, per municipality, with the difference split into the need
 * effect (change in udgiftsudligning) and the tax-base effect (change in
 * skatteudligning); the two add up to the difference exactly. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/udligning_compare.h"

static const char usage_text[] =
    "usage: indeks scenario --base PARAMS.json [--alt PARAMS.json] [--data DATA.csv]\n"
    "                       [--alt-data DATA.csv] [--model MODEL.json] [--alt-model MODEL.json]\n"
    "                       [--real SERIES.csv] [--normalise-weights] [--format table|csv|json]\n"
    "                       [--locale da] [-o FILE]\n\n"
    "The equalisation of indeks udligning under a base and an alternative, per municipality,\n"
    "sorted by the difference per inhabitant (largest gain first).\n\n"
    "  --base FILE           parameters of the base\n"
    "  --alt FILE            parameters of the alternative (default: as the base)\n"
    "  --data, --model       the base's data and model (as in indeks udligning)\n"
    "  --alt-data, --alt-model   the alternative's (default: as the base)\n"
    "  --real FILE           real folketal and average tax rate from the noegletal series,\n"
    "                        for base and alternative, each for its parameters' year\n"
    "                        (as in indeks udligning)\n"
    "  --format F            table (default), csv or json; csv columns:\n"
    "                        kommunekode,kommune,netto_base,netto_alt,forskel,forskel_pr_indb,\n"
    "                        behovseffekt,skattegrundlagseffekt\n"
    "  --locale da           Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE               write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *params[2], *data[2], *model[2], *real;
    int normalise;
} scen_opts;

static int parse_args(int argc, char **argv, scen_opts *o)
{
    enum { OPT_BASE = 256, OPT_ALT, OPT_DATA, OPT_ALT_DATA, OPT_MODEL, OPT_ALT_MODEL,
           OPT_NORMALISE, OPT_REAL };
    static const struct option longopts[] = {
        {"base", required_argument, NULL, OPT_BASE}, {"alt", required_argument, NULL, OPT_ALT},
        {"data", required_argument, NULL, OPT_DATA}, {"alt-data", required_argument, NULL, OPT_ALT_DATA},
        {"model", required_argument, NULL, OPT_MODEL},
        {"alt-model", required_argument, NULL, OPT_ALT_MODEL},
        {"real", required_argument, NULL, OPT_REAL},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_BASE: o->params[0] = optarg; break;
        case OPT_ALT: o->params[1] = optarg; break;
        case OPT_DATA: o->data[0] = optarg; break;
        case OPT_ALT_DATA: o->data[1] = optarg; break;
        case OPT_MODEL: o->model[0] = optarg; break;
        case OPT_ALT_MODEL: o->model[1] = optarg; break;
        case OPT_REAL: o->real = optarg; break;
        case OPT_NORMALISE: o->normalise = 1; break;
        default: rc = ix_cli_common_option(&o->common, "scenario", c, usage_text, argc, argv);
        }
    }
    if (rc == 0)
        rc = ix_cli_common_done(&o->common, "scenario", argc, argv, NULL);
    if (rc == 0 && !o->params[0])
        rc = ix_cli_usage_error("scenario", "--base PARAMS.json is required");
    if (rc == 0 && !o->params[1] && !o->data[1] && !o->model[1])
        rc = ix_cli_usage_error("scenario", "give the alternative: --alt, --alt-data or --alt-model");
    if (rc)
        return rc;
    o->params[1] = o->params[1] ? o->params[1] : o->params[0];
    o->data[1] = o->data[1] ? o->data[1] : o->data[0];
    o->model[1] = o->model[1] ? o->model[1] : o->model[0];
    return 0;
}

int ix_cmd_scenario(int argc, char **argv)
{
    scen_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_udl_setup s[2];
    memset(s, 0, sizeof s);
    ix_buf out, notes;
    ix_buf_init(&out);
    ix_buf_init(&notes);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = IX_OK;
    for (int i = 0; i < 2 && !st; i++)
        st = ix_udl_setup_load_real(o.params[i], o.model[i], o.data[i], o.real, o.normalise,
                                    &s[i], &d);
    ix_socio_style style = {o.common.locale.decimal, o.common.locale.separator,
                            o.common.locale.danish};
    int format = o.common.format == IX_FMT_CSV ? 1 : o.common.format == IX_FMT_JSON ? 2 : 0;
    const ix_udl_run_label label[2] = {{o.params[0], o.data[0], o.model[0]},
                                       {o.params[1], o.data[1], o.model[1]}};
    if (!st)
        st = ix_udl_scenario_write(s, label, format, &style, &sink, &notes, &d);
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out,
                       o.common.format == IX_FMT_CSV ? &notes : NULL);
    ix_buf_free(&out);
    ix_buf_free(&notes);
    ix_udl_setup_free(&s[0]);
    ix_udl_setup_free(&s[1]);
    return rc;
}
