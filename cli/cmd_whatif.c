/* indeks whatif: one municipality's figures changed -> its new index, need
 * and equalisation against the current, and the marginal effect in kroner
 * of one more person in each criterion (exact derivatives, see
 * ix_udl_marginal). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/udligning_compare.h"

static const char usage_text[] =
    "usage: indeks whatif --params PARAMS.json --code CODE [--set COLUMN=CHANGE]...\n"
    "                     [--data DATA.csv] [--model MODEL.json] [--real SERIES.csv]\n"
    "                     [--normalise-weights]\n"
    "                     [--format table|csv|json] [--locale da] [-o FILE]\n\n"
    "One municipality's changed figures: its new index, need and equalisation against the\n"
    "current ones, and the marginal effect of one more person in each criterion (kroner).\n\n"
    "  --code CODE           the municipality (e.g. 376)\n"
    "  --set COLUMN=CHANGE   a data column (or a criterion id) of that municipality:\n"
    "                        -400 or +400 changes it by that much, 1234 sets it; repeatable\n"
    "  --params, --data, --model, --real, --normalise-weights   as in indeks udligning\n"
    "                        (with --real the average tax rate is computed once, from the\n"
    "                        current data, and kept for the changed figures)\n"
    "  --format F            table (default), csv (post,nu,aendret,forskel) or json\n"
    "  --locale da           Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE               write to FILE (atomically) instead of standard output\n";

enum { MAX_CHANGES = 64 };

typedef struct {
    ix_common_opts common;
    const char *params, *data, *model, *real, *code_text;
    int normalise, code;
    size_t nchanges;
    ix_udl_change changes[MAX_CHANGES];
    char names[MAX_CHANGES][128];
} whatif_opts;

static int parse_set(whatif_opts *o, const char *text)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof o->names[0])
        return ix_cli_usage_error("whatif", "--set wants COLUMN=CHANGE (e.g. ledige=-400), not \"%s\"", text);
    if (o->nchanges == MAX_CHANGES)
        return ix_cli_usage_error("whatif", "at most %d --set options", MAX_CHANGES);
    ix_udl_change *c = &o->changes[o->nchanges];
    const char *why = NULL;
    if (ix_parse_number(eq + 1, o->common.locale.decimal, &c->value, &why) != 0)
        return ix_cli_usage_error("whatif", "--set %s: %s", text, why);
    snprintf(o->names[o->nchanges], sizeof o->names[0], "%.*s", (int)(eq - text), text);
    c->column = o->names[o->nchanges];
    c->relative = eq[1] == '-' || eq[1] == '+';
    o->nchanges++;
    return 0;
}

static int finish_args(whatif_opts *o, int argc, char **argv)
{
    const char *why = NULL;
    int rc = ix_cli_common_done(&o->common, "whatif", argc, argv, NULL);
    if (rc)
        return rc;
    if (!o->params)
        return ix_cli_usage_error("whatif", "--params PARAMS.json is required");
    if (!o->code_text)
        return ix_cli_usage_error("whatif", "--code CODE is required (e.g. --code 376)");
    if (ix_kommune_parse_code(o->code_text, &o->code, &why) != 0)
        return ix_cli_usage_error("whatif", "--code: %s, got \"%s\"", why, o->code_text);
    return 0;
}

static int parse_args(int argc, char **argv, whatif_opts *o)
{
    enum { OPT_PARAMS = 256, OPT_DATA, OPT_MODEL, OPT_NORMALISE, OPT_CODE, OPT_SET, OPT_REAL };
    static const struct option longopts[] = {
        {"params", required_argument, NULL, OPT_PARAMS}, {"data", required_argument, NULL, OPT_DATA},
        {"model", required_argument, NULL, OPT_MODEL},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        {"real", required_argument, NULL, OPT_REAL},
        {"code", required_argument, NULL, OPT_CODE}, {"set", required_argument, NULL, OPT_SET},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    /* --locale first, so --set reads numbers in the right convention. */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--locale") == 0)
            ix_common_set_locale(&o->common, "whatif", argv[i + 1]);
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PARAMS: o->params = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_REAL: o->real = optarg; break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case OPT_CODE: o->code_text = optarg; break;
        case OPT_SET: rc = parse_set(o, optarg); break;
        default: rc = ix_cli_common_option(&o->common, "whatif", c, usage_text, argc, argv);
        }
    }
    return rc ? rc : finish_args(o, argc, argv);
}

int ix_cmd_whatif(int argc, char **argv)
{
    whatif_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_udl_setup s;
    ix_buf out, notes;
    ix_buf_init(&out);
    ix_buf_init(&notes);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st =
        ix_udl_setup_load_real(o.params, o.model, o.data, o.real, o.normalise, &s, &d);
    ix_socio_style style = {o.common.locale.decimal, o.common.locale.separator,
                            o.common.locale.danish};
    int format = o.common.format == IX_FMT_CSV ? 1 : o.common.format == IX_FMT_JSON ? 2 : 0;
    if (!st)
        st = ix_udl_whatif_write(&s, o.code, o.changes, o.nchanges, format, &style, &sink, &notes,
                                 &d);
    if (st == IX_ERR_NOTFOUND && strcmp(d.field, "code") == 0)
        snprintf(d.field, sizeof d.field, "--code");
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out,
                       o.common.format == IX_FMT_CSV ? &notes : NULL);
    ix_buf_free(&out);
    ix_buf_free(&notes);
    ix_udl_setup_free(&s);
    return rc;
}
