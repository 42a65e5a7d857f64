/* indeks composite: a COINr-compatible composite index (Socialt Indeks and
 * the like) from IDATA + IMETA, with a ranking, one unit's profile with its
 * recommendations, diagnostics (--stats, --corr) and withdrawn units. Options
 * and glue only: loading and writing are lib/io/composite/composite_load.c and
 * composite_write.c. All output is rendered into one buffer and written at
 * the end, so nothing is written when anything fails. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/composite_io.h"
#include "indeks/xlsx.h"

static const char usage_text[] =
    "usage: indeks composite --data IDATA.csv --meta IMETA.csv [--recipe RECIPE.json]\n"
    "                        [--format table|csv|json] [--locale da] [-o FILE]\n"
    "                        [--unit CODE] [--withdraw CODE --reason TEXT] [--stats] [--corr]\n\n"
    "A composite index in COINr's two-table form (iData, iMeta): the recipe's steps\n"
    "(denominate, impute, screen, treat, normalise, aggregate) run in order; without a\n"
    "recipe, min-max to [0, 100] and the weighted arithmetic mean (COINr's minimal pipeline).\n\n"
    "  --data FILE        IDATA: uCode, uName, [Time], group/denominator columns, indicators\n"
    "  --meta FILE        IMETA: Level, iCode, iName, Direction, Weight, Parent, Type, and\n"
    "                     optional Unit, Target, Denominator, Recommendation, goalpost_*\n"
    "  --recipe FILE      recipe JSON, e.g. [{\"normalise\": {\"method\": \"minmax\"}}, ...]\n"
    "  --unit CODE        one unit's profile: scores and ranks at every level, coverage,\n"
    "                     strongest and weakest indicators, recommendations for weak ones\n"
    "                     (bottom fifth of units on the indicator, or below its Target)\n"
    "  --withdraw CODE    leave a unit out (repeatable); needs --reason TEXT, shown in notes\n"
    "  --stats            per indicator: min, max, mean, median, sd, skew, kurt, missing, treatment\n"
    "  --corr             Pearson correlations between adjacent levels\n"
    "  --format F         table (default), csv (uCode,uName,Rank,<index>,<aggregates>,\n"
    "                     Coverage,Imputed; sorted by rank), json or xlsx (the CSV's\n"
    "                     columns as an Excel workbook; needs -o)\n"
    "  --locale da        Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE            write to FILE (atomically) instead of standard output\n";

#define MAX_WITHDRAW 64

typedef struct {
    ix_common_opts common;
    const char *data, *meta, *recipe, *unit, *reason;
    const char *withdraw[MAX_WITHDRAW];
    size_t nwithdraw;
    int stats, corr;
} comp_opts;

static int parse_args(int argc, char **argv, comp_opts *o)
{
    enum { OPT_DATA = 256, OPT_META, OPT_RECIPE, OPT_UNIT, OPT_WITHDRAW, OPT_REASON, OPT_STATS,
           OPT_CORR };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},   {"meta", required_argument, NULL, OPT_META},
        {"recipe", required_argument, NULL, OPT_RECIPE}, {"unit", required_argument, NULL, OPT_UNIT},
        {"withdraw", required_argument, NULL, OPT_WITHDRAW},
        {"reason", required_argument, NULL, OPT_REASON}, {"stats", no_argument, NULL, OPT_STATS},
        {"corr", no_argument, NULL, OPT_CORR},         IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL | IX_FMT_BIT(IX_FMT_XLSX));
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA: o->data = optarg; break;
        case OPT_META: o->meta = optarg; break;
        case OPT_RECIPE: o->recipe = optarg; break;
        case OPT_UNIT: o->unit = optarg; break;
        case OPT_WITHDRAW:
            if (o->nwithdraw == MAX_WITHDRAW)
                return ix_cli_usage_error("composite", "at most %d --withdraw", MAX_WITHDRAW);
            o->withdraw[o->nwithdraw++] = optarg;
            break;
        case OPT_REASON: o->reason = optarg; break;
        case OPT_STATS: o->stats = 1; break;
        case OPT_CORR: o->corr = 1; break;
        default: rc = ix_cli_common_option(&o->common, "composite", c, usage_text, argc, argv);
        }
    }
    if (rc == 0 && optind < argc)
        rc = ix_cli_usage_error("composite", "unexpected argument \"%s\"", argv[optind]);
    if (rc == 0 && (!o->data || !o->meta))
        rc = ix_cli_usage_error("composite", "--data and --meta are both required");
    if (rc == 0 && o->nwithdraw && (!o->reason || !o->reason[0]))
        rc = ix_cli_usage_error("composite", "--withdraw needs --reason TEXT (shown in the notes)");
    if (rc == 0)
        rc = ix_cli_common_done(&o->common, "composite", argc, argv,
                                o->unit ? "--unit" : o->stats ? "--stats" : o->corr ? "--corr" : NULL);
    return rc;
}

/* A diag naming a parameter of the library names its option here. */
static void flag_names(ix_diag *d)
{
    if (strcmp(d->field, "withdraw") == 0)
        snprintf(d->field, sizeof d->field, "--withdraw");
    else if (strcmp(d->field, "unit") == 0)
        snprintf(d->field, sizeof d->field, "--unit");
}

int ix_cmd_composite(int argc, char **argv)
{
    comp_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_comp_model *m = NULL;
    ix_comp_plan *p = NULL;
    ix_comp_recipe recipe;
    ix_comp_files files = {o.data, o.meta, o.recipe};
    ix_comp_write_opts wo;
    ix_comp_write_opts_init(&wo);
    wo.format = o.common.format == IX_FMT_CSV    ? IX_COMP_WRITE_CSV
                : o.common.format == IX_FMT_JSON ? IX_COMP_WRITE_JSON
                                                 : IX_COMP_WRITE_TABLE;
    wo.decimal = o.common.locale.decimal;
    wo.separator = o.common.locale.separator;
    wo.danish = o.common.locale.danish;
    wo.reason = o.reason;
    wo.stats = o.stats;
    wo.corr = o.corr;
    ix_buf b, notes;
    ix_buf_init(&b);
    ix_buf_init(&notes);
    ix_sink s = ix_buf_sink(&b), ns = ix_buf_sink(&notes);
    ix_xlsx_table *xt = NULL;
    size_t u = 0;
    ix_status st = ix_comp_load_run(&files, o.withdraw, o.nwithdraw, &m, &recipe, &p, &d);
    if (!st && o.unit && !(st = ix_comp_find_unit(m, o.unit, "unit", &u, &d)))
        wo.unit = (long)u;
    if (!st && o.common.format == IX_FMT_XLSX)
        st = ix_comp_write_xlsx(m, p, &recipe, &wo, &xt, &d);
    else if (!st)
        st = ix_comp_write(m, p, &recipe, &wo, &s, &d);
    /* CSV: the notes become its last column (and go to standard error). */
    if (!st && o.common.format == IX_FMT_CSV)
        ix_comp_write_notes_lang(m, p, o.reason, "", o.common.locale.danish, &ns);
    flag_names(&d);
    if (xt)
        rc = ix_cli_emit_xlsx(&o.common, xt);
    else
        rc = ix_cli_finish(&o.common, st, &d, &s, &b, &notes);
    ix_xlsx_table_free(xt);
    ix_buf_free(&notes);
    ix_buf_free(&b);
    ix_comp_plan_free(p);
    ix_comp_model_free(m);
    return rc;
}
