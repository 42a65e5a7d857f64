/* indeks sensitivity: rank intervals (uncertainty analysis) and first-order
 * and total sensitivity indices of the choices made in building an index,
 * for a composite index (--data --meta [--recipe] --spec) or for the
 * socio-economic index under uncertain weights (--model/--data
 * --weights-noise). The engine is lib/sensitivity*.c; this file reads the
 * inputs, shows progress on a terminal and renders the result into one
 * buffer that is written at the end, so nothing is written on failure. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "indeks/csv.h"
#include "indeks/demo.h"
#include "indeks/number.h"
#include "indeks/outfile.h"
#include "indeks/sensitivity.h"
#include "indeks/socio_load.h"
#include "indeks/textable.h"


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
           OPT_SAMPLER, OPT_NBOOT, OPT_MODEL, OPT_NOISE, OPT_NORMW, OPT_FORMAT, OPT_LOCALE, OPT_HELP };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},       {"meta", required_argument, NULL, OPT_META},
        {"recipe", required_argument, NULL, OPT_RECIPE},   {"spec", required_argument, NULL, OPT_SPEC},
        {"type", required_argument, NULL, OPT_TYPE},       {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS}, {"sampler", required_argument, NULL, OPT_SAMPLER},
        {"nboot", required_argument, NULL, OPT_NBOOT},     {"model", required_argument, NULL, OPT_MODEL},
        {"weights-noise", required_argument, NULL, OPT_NOISE},
        {"normalise-weights", no_argument, NULL, OPT_NORMW},
        {"normalize-weights", no_argument, NULL, OPT_NORMW},
        {"format", required_argument, NULL, OPT_FORMAT},   {"locale", required_argument, NULL, OPT_LOCALE},
        {"output", required_argument, NULL, 'o'},          {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_common_init(&o->common);
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
    while (rc == 0 && (c = getopt_long(argc, argv, ":o:N:", longopts, NULL)) != -1) {
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
        case OPT_FORMAT: rc = ix_common_set_format(&o->common, "sensitivity", optarg); break;
        case OPT_LOCALE: rc = ix_common_set_locale(&o->common, "sensitivity", optarg); break;
        case 'o': o->common.output = optarg; break;
        case OPT_HELP: fputs(usage_text, stdout); return -1;
        case ':': return ix_cli_usage_error("sensitivity", "%s needs a value", argv[optind - 1]);
        default: return ix_cli_usage_error("sensitivity", "unknown option %s", argv[optind - 1]);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("sensitivity", "unexpected argument \"%s\"", argv[optind]);
    int socio = o->model || !isnan(o->noise);
    if (socio && (o->meta || o->recipe || o->spec))
        return ix_cli_usage_error("sensitivity", "--model/--weights-noise (socio-economic index) "
                                                 "cannot be combined with --meta, --recipe or --spec");
    if (socio && isnan(o->noise))
        return ix_cli_usage_error("sensitivity", "the socio-economic index needs --weights-noise PCT");
    if (!socio && (!o->data || !o->meta || !o->spec))
        return ix_cli_usage_error("sensitivity", "--data, --meta and --spec are required (or "
                                                 "--weights-noise for the socio-economic index)");
    ix_cli_format_from_output(&o->common);
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

/* ---- units ------------------------------------------------------------- */

typedef struct {
    size_t n;
    char (*code)[32];
    const char **name;
} unit_names;

/* ---- rendering --------------------------------------------------------- */

static void put_num(ix_sink *s, double v, int decimals, const ix_locale *loc, int csv)
{
    char buf[64];
    if (csv) {
        ix_csv_put_number(s, v, loc->decimal);
        return;
    }
    if (isnan(v))
        snprintf(buf, sizeof buf, "NA");
    else
        ix_format_fixed(v, decimals, loc->decimal, 0, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

static int by_nominal(const ix_sa_result *r, size_t a, size_t b)
{
    long x = r->nominal[a] ? r->nominal[a] : (long)r->nunits + 1;
    long y = r->nominal[b] ? r->nominal[b] : (long)r->nunits + 1;
    return x != y ? x < y : a < b;
}

/* Units by nominal rank (unranked last), ties by input order: insertion
 * sort, the list is small and this is not the hot path. */
static size_t *unit_order(const ix_sa_result *r)
{
    size_t *o = malloc((r->nunits ? r->nunits : 1) * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < r->nunits; i++) {
        size_t j = i;
        while (j > 0 && by_nominal(r, i, o[j - 1])) {
            o[j] = o[j - 1];
            j--;
        }
        o[j] = i;
    }
    return o;
}

static int render_text(const sa_opts *o, const ix_sa_result *r, const unit_names *un,
                       const size_t *ord, ix_sink *s)
{
    const ix_locale *loc = &o->common.locale;
    int csv = o->common.format == IX_FMT_CSV;
    char sp[2] = {loc->separator, 0}, buf[96];
    if (r->type == IX_SA_SA) {
        if (csv) {
            ix_sink_printf(s, "choice%sSi%sSi_lo%sSi_hi%sSTi%sSTi_lo%sSTi_hi\n", sp, sp, sp, sp, sp, sp);
            for (size_t j = 0; j < r->nfactors; j++) {
                const ix_sa_index *x = &r->index[j];
                const double v[6] = {x->si, x->si_lo, x->si_hi, x->sti, x->sti_lo, x->sti_hi};
                ix_csv_put_field(s, r->labels[j], loc->separator);
                for (int k = 0; k < 6; k++) {
                    ix_sink_puts(s, sp);
                    put_num(s, v[k], 3, loc, 1);
                }
                ix_sink_puts(s, "\n");
            }
            return 0;
        }
        ix_sink_printf(s, "Sensitivity of the mean absolute rank shift: N = %zu, %zu runs\n", r->n, r->nruns);
        ix_sink_puts(s, "mean shift ");
        put_num(s, r->y_mean, 2, loc, 0);
        ix_sink_puts(s, ", variance ");
        put_num(s, r->y_var, 2, loc, 0);
        ix_sink_puts(s, "\n\n");
        ix_textable *t = ix_textable_new(5);
        if (!t)
            return -1;
        int err = ix_textable_add(t, "Choice") | ix_textable_add(t, "Si") |
                  ix_textable_add(t, "Si 95 % CI") | ix_textable_add(t, "STi") |
                  ix_textable_add(t, "STi 95 % CI");
        for (size_t c = 1; c < 5; c++)
            ix_textable_right(t, c);
        for (size_t j = 0; j < r->nfactors; j++) {
            const ix_sa_index *x = &r->index[j];
            char a[32], b[32];
            err |= ix_textable_add(t, r->labels[j]);
            ix_format_fixed(x->si, 3, loc->decimal, 0, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
            ix_format_fixed(x->si_lo, 3, loc->decimal, 0, a, sizeof a);
            ix_format_fixed(x->si_hi, 3, loc->decimal, 0, b, sizeof b);
            snprintf(buf, sizeof buf, "%s to %s", a, b);
            err |= ix_textable_add(t, buf);
            ix_format_fixed(x->sti, 3, loc->decimal, 0, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
            ix_format_fixed(x->sti_lo, 3, loc->decimal, 0, a, sizeof a);
            ix_format_fixed(x->sti_hi, 3, loc->decimal, 0, b, sizeof b);
            snprintf(buf, sizeof buf, "%s to %s", a, b);
            err |= ix_textable_add(t, buf);
        }
        ix_textable_render(t, s);
        ix_textable_free(t);
        return err ? -1 : 0;
    }
    if (csv) {
        ix_sink_printf(s, "uCode%sNominal%sMean%sMedian%sQ5%sQ95\n", sp, sp, sp, sp, sp);
        for (size_t i = 0; i < r->nunits; i++) {
            size_t u = ord[i];
            ix_csv_put_field(s, un->code[u], loc->separator);
            ix_sink_puts(s, sp);
            if (r->nominal[u])
                ix_sink_printf(s, "%ld", r->nominal[u]);
            const double v[4] = {r->mean[u], r->median[u], r->q5[u], r->q95[u]};
            for (int k = 0; k < 4; k++) {
                ix_sink_puts(s, sp);
                put_num(s, v[k], 2, loc, 1);
            }
            ix_sink_puts(s, "\n");
        }
        return 0;
    }
    ix_sink_printf(s, "Rank uncertainty: N = %zu replications, choices:", r->n);
    for (size_t j = 0; j < r->nfactors; j++)
        ix_sink_printf(s, "%s %s", j ? "," : "", r->labels[j]);
    ix_sink_puts(s, "\n\n");
    ix_textable *t = ix_textable_new(7);
    if (!t)
        return -1;
    int err = ix_textable_add(t, "Nominal") | ix_textable_add(t, "uCode") | ix_textable_add(t, "uName") |
              ix_textable_add(t, "Mean") | ix_textable_add(t, "Median") | ix_textable_add(t, "Q5") |
              ix_textable_add(t, "Q95");
    ix_textable_right(t, 0);
    for (size_t c = 3; c < 7; c++)
        ix_textable_right(t, c);
    for (size_t i = 0; i < r->nunits; i++) {
        size_t u = ord[i];
        snprintf(buf, sizeof buf, "%ld", r->nominal[u]);
        err |= ix_textable_add(t, r->nominal[u] ? buf : "-");
        err |= ix_textable_add(t, un->code[u]) | ix_textable_add(t, un->name[u] ? un->name[u] : "");
        const double v[4] = {r->mean[u], r->median[u], r->q5[u], r->q95[u]};
        for (int k = 0; k < 4; k++) {
            if (isnan(v[k]))
                snprintf(buf, sizeof buf, "NA");
            else
                ix_format_fixed(v[k], k == 0 ? 2 : 1, loc->decimal, 0, buf, sizeof buf);
            err |= ix_textable_add(t, buf);
        }
    }
    ix_textable_render(t, s);
    ix_textable_free(t);
    return err ? -1 : 0;
}

static json_t *jnum(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static int render_json(const sa_opts *o, const ix_sa_result *r, const unit_names *un,
                       const size_t *ord, ix_sink *s)
{
    static const char *samplers[] = {"default", "sobol", "random", "grid"};
    json_t *root = json_object(), *ch = json_array();
    json_object_set_new(root, "type", json_string(r->type == IX_SA_UA ? "ua" : "sa"));
    json_object_set_new(root, "N", json_integer((json_int_t)r->n));
    json_object_set_new(root, "runs", json_integer((json_int_t)r->nruns));
    json_object_set_new(root, "seed", json_integer((json_int_t)o->cfg.seed));
    json_object_set_new(root, "sampler", json_string(samplers[r->sampler]));
    for (size_t j = 0; j < r->nfactors; j++)
        json_array_append_new(ch, json_string(r->labels[j]));
    json_object_set_new(root, "choices", ch);
    json_t *a = json_array();
    if (r->type == IX_SA_UA) {
        for (size_t i = 0; i < r->nunits; i++) {
            size_t u = ord[i];
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:I}", "uCode", un->code[u], "uName",
                             un->name[u] ? un->name[u] : "",
                             "nominal", r->nominal[u] ? json_integer(r->nominal[u]) : json_null(),
                             "mean", jnum(r->mean[u]), "median", jnum(r->median[u]), "q5",
                             jnum(r->q5[u]), "q95", jnum(r->q95[u]), "unranked",
                             (json_int_t)r->unranked[u]));
        }
        json_object_set_new(root, "units", a);
    } else {
        json_object_set_new(root, "mean_abs_rank_shift", jnum(r->y_mean));
        json_object_set_new(root, "variance", jnum(r->y_var));
        for (size_t j = 0; j < r->nfactors; j++) {
            const ix_sa_index *x = &r->index[j];
            json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "choice",
                                               r->labels[j], "Si", jnum(x->si), "Si_lo", jnum(x->si_lo),
                                               "Si_hi", jnum(x->si_hi), "STi", jnum(x->sti), "STi_lo",
                                               jnum(x->sti_lo), "STi_hi", jnum(x->sti_hi)));
        }
        json_object_set_new(root, "indices", a);
    }
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (!text)
        return -1;
    ix_sink_puts(s, text);
    ix_sink_puts(s, "\n");
    free(text);
    return 0;
}

/* ---- the two problems -------------------------------------------------- */

static ix_status run_composite(const sa_opts *o, ix_sa_result **res, unit_names *un, ix_diag *d)
{
    ix_table *data = NULL, *meta = NULL;
    ix_comp_model *m = NULL;
    ix_comp_recipe recipe;
    ix_sa_spec *spec = calloc(1, sizeof *spec);
    char *text = NULL;
    size_t len = 0;
    ix_status st = spec ? IX_OK : ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    /* The spec first: a bad SA.json is reported before any data is read. */
    if (!st && !(st = ix_read_file_max(o->spec, IX_MAX_SPEC_FILE, &text, &len, d)))
        st = ix_sa_spec_parse(text, len, o->spec, spec, d);
    free(text);
    text = NULL;
    if (!st)
        st = ix_csv_read_file(o->meta, &meta, d);
    if (!st)
        st = ix_csv_read_file(o->data, &data, d);
    if (!st)
        st = ix_comp_model_from_tables(data, meta, &m, d);
    if (!st && o->recipe) {
        if (!(st = ix_read_file_max(o->recipe, IX_MAX_SPEC_FILE, &text, &len, d)))
            st = ix_comp_recipe_parse(text, len, o->recipe, &recipe, d);
    } else if (!st)
        ix_comp_recipe_default(&recipe);
    if (!st)
        st = ix_sa_composite(m, &recipe, spec, &o->cfg, res, d);
    if (!st) {
        un->n = ix_comp_model_nunits(m);
        un->code = calloc(un->n, sizeof *un->code);
        un->name = calloc(un->n, sizeof *un->name);
        if (!un->code || !un->name)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t u = 0; !st && u < un->n; u++) {
            snprintf(un->code[u], sizeof un->code[u], "%s", ix_comp_unit_code(m, u));
            un->name[u] = strdup(ix_comp_unit_name(m, u) ? ix_comp_unit_name(m, u) : "");
        }
    }
    free(text);
    free(spec);
    ix_comp_model_free(m);
    ix_table_free(data);
    ix_table_free(meta);
    return st;
}

static ix_status run_socio(const sa_opts *o, ix_sa_result **res, unit_names *un, int *partial,
                           ix_diag *d)
{
    ix_socio_model *m = NULL;
    ix_socio_data *data = NULL;
    ix_status st = ix_socio_load(o->model, o->data, o->normalise, &m, &data, d);
    if (!st)
        st = ix_sa_socio(m, data, o->noise / 100.0, &o->cfg, res, d);
    if (!st) {
        *partial = ix_socio_model_is_partial(m);
        un->n = data->nunits;
        un->code = calloc(un->n, sizeof *un->code);
        un->name = calloc(un->n, sizeof *un->name);
        if (!un->code || !un->name)
            st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t u = 0; !st && u < un->n; u++) {
            snprintf(un->code[u], sizeof un->code[u], "%d", data->codes[u]);
            un->name[u] = strdup(data->names && data->names[u] ? data->names[u] : "");
        }
    }
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    return st;
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
    unit_names un = {0, NULL, NULL};
    size_t *ord = NULL;
    int partial = 0, socio = !isnan(o.noise);
    ix_buf b;
    ix_buf_init(&b);
    ix_status st = socio ? run_socio(&o, &r, &un, &partial, &d) : run_composite(&o, &r, &un, &d);
    if (st) {
        rc = ix_cli_report(st, &d);
        goto out;
    }
    ord = unit_order(r);
    ix_sink s = ix_buf_sink(&b);
    int err = !ord;
    if (!err)
        err = o.common.format == IX_FMT_JSON ? render_json(&o, r, &un, ord, &s)
                                             : render_text(&o, r, &un, ord, &s);
    if (!err && socio && partial && o.common.format != IX_FMT_CSV && o.common.format != IX_FMT_JSON)
        ix_sink_puts(&s, "\nNote: the model is incomplete or its weights were rescaled; "
                         "this is not the official index.\n");
    if (err || s.failed) {
        rc = ix_cli_report(IX_ERR_NOMEM, &d);
        goto out;
    }
    rc = ix_cli_emit(&o.common, &b);
    if (rc == 0 && socio && partial && o.common.format == IX_FMT_CSV)
        fputs("indeks: note: the model is incomplete or its weights were rescaled; "
              "this is not the official index\n", stderr);
out:
    for (size_t u = 0; u < un.n && un.name; u++)
        free((void *)un.name[u]);
    free(un.name);
    free(un.code);
    free(ord);
    ix_buf_free(&b);
    ix_sa_result_free(r);
    return rc;
}
