/* indeks udligning: what the index means in kroner, per municipality. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/udligning.h"

static const char usage_text[] =
    "usage: indeks udligning --params PARAMS.json [--data DATA.csv] [--model MODEL.json]\n"
    "                        [--real SERIES.csv] [--normalise-weights] [--tilskud16]\n"
    "                        [--format table|csv|json] [--locale da] [-o FILE]\n\n"
    "Inter-municipal equalisation for one year: expenditure need (age groups, population\n"
    "decline, socio-economic need from the index), need and tax-base equalisation, net.\n\n"
    "  --params FILE         parameters (models/udligning_2021.json, models/udligning_2020.json);\n"
    "                        every number has a source and says whether it is confirmed\n"
    "  --data FILE           one row per municipality: kommunekode, folketal, beskatningsgrundlag,\n"
    "                        the age groups, the decline column and the model's criteria;\n"
    "                        default: SYNTHETIC demo inputs for the 98 municipalities\n"
    "  --model FILE          index model (default: the parameters' \"model\")\n"
    "  --real FILE           real values of the parameters' year from the noegletal series\n"
    "                        (kommunekode, aar, indbyggere_1jan, udskrivningsprocent; e.g.\n"
    "                        ../shared/data/real/noegletal_socioindeks_1993_2024.csv):\n"
    "                        folketal := indbyggere_1jan (age groups rescaled), average tax\n"
    "                        rate := the tax-base-weighted mean of udskrivningsprocent\n"
    "  --normalise-weights   rescale weights that do not sum to 1 (outputs say so)\n"
    "  --tilskud16           the § 16 scorecard and a SIMULATED allocation of the pool\n"
    "  --format F            table (default), csv or json; with -o the extension chooses\n"
    "                        csv: kommunekode,kommune,udgiftsbehov,udgiftsbehov_pr_indb,\n"
    "                        udgiftsudligning,skatteudligning,netto,netto_pr_indb\n"
    "  --locale da           Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE               write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *params, *data, *model, *real;
    int normalise, grant;
} udl_opts;

static int parse_args(int argc, char **argv, udl_opts *o)
{
    enum { OPT_PARAMS = 256, OPT_DATA, OPT_MODEL, OPT_NORMALISE, OPT_GRANT, OPT_REAL };
    static const struct option longopts[] = {
        {"params", required_argument, NULL, OPT_PARAMS},
        {"data", required_argument, NULL, OPT_DATA},
        {"model", required_argument, NULL, OPT_MODEL},
        {"real", required_argument, NULL, OPT_REAL},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        {"tilskud16", no_argument, NULL, OPT_GRANT},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PARAMS: o->params = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_REAL: o->real = optarg; break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case OPT_GRANT: o->grant = 1; break;
        default: rc = ix_cli_common_option(&o->common, "udligning", c, usage_text, argc, argv);
        }
    }
    if (rc == 0)
        rc = ix_cli_common_done(&o->common, "udligning", argc, argv, NULL);
    if (rc == 0 && !o->params)
        rc = ix_cli_usage_error("udligning", "--params PARAMS.json is required "
                                             "(e.g. models/udligning_2021.json)");
    return rc;
}

static ix_status render_grant(const udl_opts *o, const ix_udl_setup *s, ix_sink *sink, ix_diag *d)
{
    ix_socio_style st = {o->common.locale.decimal, o->common.locale.separator, o->common.locale.danish};
    ix_udl_grant *g = NULL;
    ix_status rc = ix_udl_grant_compute(s->params, s->data, s->result, &g, d);
    if (!rc && o->common.format == IX_FMT_CSV)
        ix_udl_write_grant_csv(s->params, s->data, g, &st, sink);
    else if (!rc && o->common.format == IX_FMT_JSON)
        rc = ix_udl_write_grant_json(s->params, s->model, s->data, g, sink, d);
    else if (!rc)
        ix_udl_write_grant_table(s->params, s->model, s->data, g, &st, sink);
    ix_udl_grant_free(g);
    return rc;
}

static ix_status render(const udl_opts *o, const ix_udl_setup *s, ix_sink *sink, ix_diag *d)
{
    ix_socio_style st = {o->common.locale.decimal, o->common.locale.separator, o->common.locale.danish};
    if (o->grant)
        return render_grant(o, s, sink, d);
    switch (o->common.format) {
    case IX_FMT_CSV: ix_udl_write_csv(s->data, s->result, &st, sink); return IX_OK;
    case IX_FMT_JSON: return ix_udl_write_json(s->params, s->model, s->data, s->result, sink, d);
    default: ix_udl_write_table(s->params, s->model, s->data, s->result, &st, sink); return IX_OK;
    }
}

/* CSV: the notes become its last column (ix_cli_finish), in the locale's
 * language. */
static void csv_notes(const udl_opts *o, const ix_udl_setup *s, ix_sink *sink)
{
    if (o->common.format == IX_FMT_CSV)
        ix_udl_write_notes_lang(s->params, s->model, s->data, o->grant, "", o->common.locale.danish,
                                sink);
}

int ix_cmd_udligning(int argc, char **argv)
{
    udl_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_udl_setup s;
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st =
        ix_udl_setup_load_real(o.params, o.model, o.data, o.real, o.normalise, &s, &d);
    if (!st)
        st = render(&o, &s, &sink, &d);
    ix_buf notes;
    ix_buf_init(&notes);
    ix_sink notes_sink = ix_buf_sink(&notes);
    if (!st)
        csv_notes(&o, &s, &notes_sink);
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, &notes);
    ix_buf_free(&notes);
    ix_buf_free(&out);
    ix_udl_setup_free(&s);
    return rc;
}
