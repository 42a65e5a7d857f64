/* indeks sensitivity: rank intervals (uncertainty analysis) and first-order
 * and total sensitivity indices of the choices made in building an index,
 * for a composite index (--data --meta [--recipe] --spec) or for the
 * socio-economic index under uncertain weights (--model/--data
 * --weights-noise). The engine is lib/sensitivity*.c, reading and writing
 * lib/io/sensitivity/sensitivity_write.c; this file parses options, shows progress on a
 * terminal and writes the rendered buffer at the end, so nothing is written
 * on failure. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "indeks/number.h"
#include "indeks/sensitivity_io.h"


static const char usage_text[] =
    "usage: indeks sensitivity --data IDATA.csv --meta IMETA.csv [--recipe R.json] --spec SA.json\n"
    "                          [-N 10000] [--type ua|sa] [--seed S] [--threads T]\n"
    "                          [--sampler sobol|random|grid] [--nboot B]\n"
    "                          [--format table|csv|json] [--locale da] [-o FILE]\n"
    "       indeks sensitivity [--model M.json] [--data D.csv] [--normalise-weights]\n"
    "                          --weights-noise PCT [-N ...] [options as above]\n\n"
    "Re-runs the index N times with its uncertain choices drawn at random (the JRC's\n"
    "uncertainty and sensitivity analysis; COINr's get_sensitivity).\n\n"
    "  --spec FILE        the uncertain choices (SA.json), see docs/sensitivity.md\n"
    "  --type ua          (default) each unit's rank: nominal, mean, median, 5th and 95th\n"
    "                     percentiles (R's quantile type 7) over N replications\n"
    "  --type sa          first-order (Saltelli 2010) and total (Jansen) sensitivity index\n"
    "                     of each choice for the mean absolute rank shift, with 95 %\n"
    "                     bootstrap intervals; N(d+2) runs for d choices\n"
    "  -N N               replications (ua) or base sample size (sa); default 10000\n"
    "  --seed S           random seed (default 1): the same seed gives the same bytes\n"
    "                     whatever the number of threads\n"
    "  --threads T        worker threads (default: the number of processors)\n"
    "  --sampler S        sobol (default for sa: Joe & Kuo's direction numbers), random\n"
    "                     (default for ua), or grid (ua: every combination of discrete\n"
    "                     choices equally often; N a multiple of their number)\n"
    "  --nboot B          bootstrap replicates for the sa intervals (default 1000)\n"
    "  --estimator E      centred (default: Saltelli 2010 on centred outputs, 95 % intervals)\n"
    "                     or coinr (COINr's SA_estimate: uncentred Si, 5-95 % intervals)\n"
    "  --model FILE       socio-economic model (default: the embedded 2021 model)\n"
    "  --weights-noise P  socio-economic index: each weight drawn within ±P %, rescaled\n"
    "  --normalise-weights  rescale the model's weights to 1 (needed for an incomplete model)\n"
    "  --format F         table (default), csv (uCode,Nominal,Mean,Median,Q5,Q95, or\n"
    "                     choice,Si,Si_lo,Si_hi,STi,STi_lo,STi_hi) or json\n"
    "  --locale da        Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE            write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *data, *meta, *recipe, *spec, *model;
    double noise;
    int normalise;
    ix_sa_config cfg;
} sa_opts;

static int parse_count(const char *opt, const char *v, double lo, double hi, double *out)
{
    const char *why = NULL;
    if (ix_parse_number(v, '.', out, &why) != 0 || !(*out >= lo && *out <= hi) ||
        *out != floor(*out))
        return ix_cli_usage_error("sensitivity", "%s needs a whole number from %.0f to %.0f, not \"%s\"",
                                  opt, lo, hi, v);
    return 0;
}

static int parse_args(int argc, char **argv, sa_opts *o)
{
    enum { OPT_DATA = 256, OPT_META, OPT_RECIPE, OPT_SPEC, OPT_TYPE, OPT_SEED, OPT_THREADS,
           OPT_SAMPLER, OPT_NBOOT, OPT_ESTIMATOR, OPT_MODEL, OPT_NOISE, OPT_NORMW };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},       {"meta", required_argument, NULL, OPT_META},
        {"recipe", required_argument, NULL, OPT_RECIPE},   {"spec", required_argument, NULL, OPT_SPEC},
        {"type", required_argument, NULL, OPT_TYPE},       {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS}, {"sampler", required_argument, NULL, OPT_SAMPLER},
        {"nboot", required_argument, NULL, OPT_NBOOT},     {"model", required_argument, NULL, OPT_MODEL},
        {"estimator", required_argument, NULL, OPT_ESTIMATOR},
        {"weights-noise", required_argument, NULL, OPT_NOISE},
        {"normalise-weights", no_argument, NULL, OPT_NORMW},
        {"normalize-weights", no_argument, NULL, OPT_NORMW},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL);
    o->cfg.type = IX_SA_UA;
    o->cfg.n = 10000;
    o->cfg.seed = 1;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o->cfg.threads = ncpu > 0 && ncpu < 256 ? (unsigned)ncpu : 1;
    o->noise = NAN;
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    double x = 0;
    const char *why = NULL;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS "N:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA: o->data = optarg; break;
        case OPT_META: o->meta = optarg; break;
        case OPT_RECIPE: o->recipe = optarg; break;
        case OPT_SPEC: o->spec = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_NORMW: o->normalise = 1; break;
        case 'N':
            if (!(rc = parse_count("-N", optarg, 1, 4294967280.0, &x)))
                o->cfg.n = (size_t)x;
            break;
        case OPT_SEED:
            if (!(rc = parse_count("--seed", optarg, 0, 9007199254740992.0, &x)))
                o->cfg.seed = (uint64_t)x;
            break;
        case OPT_THREADS:
            if (!(rc = parse_count("--threads", optarg, 1, 256, &x)))
                o->cfg.threads = (unsigned)x;
            break;
        case OPT_NBOOT:
            if (!(rc = parse_count("--nboot", optarg, 1, 1000000, &x)))
                o->cfg.nboot = (size_t)x;
            break;
        case OPT_ESTIMATOR:
            if (strcmp(optarg, "centred") == 0 || strcmp(optarg, "centered") == 0)
                o->cfg.estimator = IX_SA_EST_CENTRED;
            else if (strcmp(optarg, "coinr") == 0)
                o->cfg.estimator = IX_SA_EST_COINR;
            else
                rc = ix_cli_usage_error("sensitivity", "--estimator is centred or coinr, not \"%s\"", optarg);
            break;
        case OPT_NOISE:
            if (ix_parse_number(optarg, '.', &o->noise, &why) != 0 || !(o->noise > 0) || o->noise > 100)
                rc = ix_cli_usage_error("sensitivity",
                                        "--weights-noise needs a percentage above 0 and at most 100, not \"%s\"",
                                        optarg);
            break;
        case OPT_TYPE:
            if (strcmp(optarg, "ua") == 0)
                o->cfg.type = IX_SA_UA;
            else if (strcmp(optarg, "sa") == 0)
                o->cfg.type = IX_SA_SA;
            else
                rc = ix_cli_usage_error("sensitivity", "--type is ua or sa, not \"%s\"", optarg);
            break;
        case OPT_SAMPLER:
            if (strcmp(optarg, "sobol") == 0)
                o->cfg.sampler = IX_SA_SAMPLER_SOBOL;
            else if (strcmp(optarg, "random") == 0)
                o->cfg.sampler = IX_SA_SAMPLER_RANDOM;
            else if (strcmp(optarg, "grid") == 0)
                o->cfg.sampler = IX_SA_SAMPLER_GRID;
            else
                rc = ix_cli_usage_error("sensitivity", "--sampler is sobol, random or grid, not \"%s\"", optarg);
            break;
        default: rc = ix_cli_common_option(&o->common, "sensitivity", c, usage_text, argc, argv);
        }
    }
    if (rc == 0)
        rc = ix_cli_common_done(&o->common, "sensitivity", argc, argv, NULL);
    if (rc)
        return rc;
    int socio = o->model || !isnan(o->noise);
    if (socio && (o->meta || o->recipe || o->spec))
        return ix_cli_usage_error("sensitivity", "--model/--weights-noise (socio-economic index) "
                                                 "cannot be combined with --meta, --recipe or --spec");
    if (socio && isnan(o->noise))
        return ix_cli_usage_error("sensitivity", "the socio-economic index needs --weights-noise PCT");
    if (!socio && (!o->data || !o->meta || !o->spec))
        return ix_cli_usage_error("sensitivity", "--data, --meta and --spec are required (or "
                                                 "--weights-noise for the socio-economic index)");
    return 0;
}

/* ---- progress ---------------------------------------------------------- */

static void progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
    char bar[41];
    int fill = pct * 40 / 100;
    for (int i = 0; i < 40; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[40] = 0;
    fprintf(stderr, "\rindeks sensitivity: [%s] %3d %% (%zu/%zu)", bar, pct, done, total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

int ix_cmd_sensitivity(int argc, char **argv)
{
    sa_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    if (ix_cli_stderr_is_tty())
        o.cfg.progress = progress;
    ix_diag d;
    ix_diag_clear(&d);
    ix_sa_result *r = NULL;
    ix_sa_units un = {0, NULL, NULL};
    ix_comp_files files = {o.data, o.meta, o.recipe};
    ix_sa_write_opts wo;
    ix_sa_write_opts_init(&wo);
    wo.format = o.common.format == IX_FMT_CSV    ? IX_SA_WRITE_CSV
                : o.common.format == IX_FMT_JSON ? IX_SA_WRITE_JSON
                                                 : IX_SA_WRITE_TABLE;
    wo.decimal = o.common.locale.decimal;
    wo.separator = o.common.locale.separator;
    wo.seed = o.cfg.seed;
    ix_buf b, notes;
    ix_buf_init(&b);
    ix_buf_init(&notes);
    ix_sink s = ix_buf_sink(&b), ns = ix_buf_sink(&notes);
    ix_status st = !isnan(o.noise)
                       ? ix_sa_socio_files(o.model, o.data, o.normalise, o.noise / 100.0, &o.cfg, &r,
                                           &un, &wo.partial, &d)
                       : ix_sa_composite_files(&files, o.spec, &o.cfg, &r, &un, &d);
    if (!st)
        st = ix_sa_write(r, &un, &wo, &s, &d);
    /* CSV has no place for notes; they go beside it, to standard error. */
    if (!st && o.common.format == IX_FMT_CSV)
        ix_sa_write_notes_lang(r, wo.partial, "", o.common.locale.danish, &ns);
    rc = ix_cli_finish(&o.common, st, &d, &s, &b, &notes);
    ix_sa_units_free(&un);
    ix_buf_free(&notes);
    ix_buf_free(&b);
    ix_sa_result_free(r);
    return rc;
}
