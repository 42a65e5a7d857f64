/* indeks scenario: the equalisation under two parameter sets, models or
 * data sets, per municipality, with the difference split into the need
 * effect (change in udgiftsudligning) and the tax-base effect (change in
 * skatteudligning); the two add up to the difference exactly. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/json_sink.h"
#include "indeks/number.h"
#include "indeks/textable.h"
#include "indeks/udligning.h"

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
    enum { OPT_BASE = 256, OPT_ALT, OPT_DATA, OPT_ALT_DATA, OPT_MODEL, OPT_ALT_MODEL, OPT_FORMAT,
           OPT_LOCALE, OPT_NORMALISE, OPT_REAL, OPT_HELP };
    static const struct option longopts[] = {
        {"base", required_argument, NULL, OPT_BASE}, {"alt", required_argument, NULL, OPT_ALT},
        {"data", required_argument, NULL, OPT_DATA}, {"alt-data", required_argument, NULL, OPT_ALT_DATA},
        {"model", required_argument, NULL, OPT_MODEL},
        {"alt-model", required_argument, NULL, OPT_ALT_MODEL},
        {"real", required_argument, NULL, OPT_REAL},
        {"format", required_argument, NULL, OPT_FORMAT}, {"locale", required_argument, NULL, OPT_LOCALE},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_common_init(&o->common);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_BASE: o->params[0] = optarg; break;
        case OPT_ALT: o->params[1] = optarg; break;
        case OPT_DATA: o->data[0] = optarg; break;
        case OPT_ALT_DATA: o->data[1] = optarg; break;
        case OPT_MODEL: o->model[0] = optarg; break;
        case OPT_ALT_MODEL: o->model[1] = optarg; break;
        case OPT_REAL: o->real = optarg; break;
        case OPT_FORMAT: rc = ix_common_set_format(&o->common, "scenario", optarg); break;
        case OPT_LOCALE: rc = ix_common_set_locale(&o->common, "scenario", optarg); break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case 'o': o->common.output = optarg; break;
        case OPT_HELP: fputs(usage_text, stdout); return -1;
        case ':': return ix_cli_usage_error("scenario", "%s needs a value", argv[optind - 1]);
        default: return ix_cli_usage_error("scenario", "unknown option %s", argv[optind - 1]);
        }
    }
    if (rc == 0 && optind < argc)
        rc = ix_cli_usage_error("scenario", "unexpected argument \"%s\"", argv[optind]);
    if (rc == 0 && !o->params[0])
        rc = ix_cli_usage_error("scenario", "--base PARAMS.json is required");
    if (rc == 0 && !o->params[1] && !o->data[1] && !o->model[1])
        rc = ix_cli_usage_error("scenario", "give the alternative: --alt, --alt-data or --alt-model");
    if (rc)
        return rc;
    o->params[1] = o->params[1] ? o->params[1] : o->params[0];
    o->data[1] = o->data[1] ? o->data[1] : o->data[0];
    o->model[1] = o->model[1] ? o->model[1] : o->model[0];
    ix_cli_format_from_output(&o->common);
    return 0;
}

typedef struct {
    int code;
    const char *name;
    double base, alt, diff, diff_pi, need_effect, tax_effect;
} scen_row;

static int by_gain(const void *a, const void *b)
{
    const scen_row *x = a, *y = b;
    if (x->diff_pi != y->diff_pi)
        return x->diff_pi < y->diff_pi ? 1 : -1;
    return (x->code > y->code) - (x->code < y->code);
}

static ix_status match(const ix_udl_setup *s, scen_row *rows, ix_diag *d)
{
    const ix_udl_data *b = s[0].data, *a = s[1].data;
    if (a->n != b->n)
        return ix_diag_set(d, IX_ERR_INPUT, a->source, 0, 0, NULL,
                           "the alternative has %zu municipalities, the base %zu: compare the same set",
                           a->n, b->n);
    for (size_t k = 0; k < b->n; k++) {
        size_t m = 0;
        while (m < a->n && a->codes[m] != b->codes[k])
            m++;
        if (m == a->n)
            return ix_diag_set(d, IX_ERR_INPUT, a->source, 0, 0, "kommunekode",
                               "municipality %03d is in the base but not in the alternative",
                               b->codes[k]);
        const ix_udl_result *rb = s[0].result, *ra = s[1].result;
        scen_row *r = &rows[k];
        r->code = b->codes[k];
        r->name = b->names[k] ? b->names[k] : "";
        r->base = rb->net[k];
        r->alt = ra->net[m];
        r->diff = r->alt - r->base;
        r->diff_pi = ra->net[m] / a->population[m] - rb->net[k] / b->population[k];
        r->need_effect = ra->need_eq[m] - rb->need_eq[k];
        r->tax_effect = ra->tax_eq[m] - rb->tax_eq[k];
    }
    qsort(rows, b->n, sizeof *rows, by_gain);
    return IX_OK;
}

static void write_csv(const scen_row *rows, size_t n, const ix_locale *loc, ix_sink *s)
{
    const char c = loc->separator;
    ix_sink_printf(s, "kommunekode%ckommune%cnetto_base%cnetto_alt%cforskel%cforskel_pr_indb%c"
                      "behovseffekt%cskattegrundlagseffekt\n", c, c, c, c, c, c, c);
    for (size_t i = 0; i < n; i++) {
        ix_sink_printf(s, "%03d%c", rows[i].code, c);
        ix_csv_put_field(s, rows[i].name, c);
        double v[6] = {rows[i].base, rows[i].alt, rows[i].diff, rows[i].diff_pi,
                       rows[i].need_effect, rows[i].tax_effect};
        for (int q = 0; q < 6; q++) {
            ix_sink_put(s, &c, 1);
            ix_csv_put_number(s, v[q], loc->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static void write_json(const scen_opts *o, const scen_row *rows, size_t n, const char *notes,
                       ix_sink *s)
{
    json_t *units = json_array(), *arr = ix_json_lines(notes);
    for (size_t i = 0; i < n; i++) {
        char code[16];
        snprintf(code, sizeof code, "%03d", rows[i].code);
        json_t *u = json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "kommunekode", code, "kommune",
                              rows[i].name, "netto_base", rows[i].base, "netto_alt", rows[i].alt,
                              "forskel", rows[i].diff, "forskel_pr_indb", rows[i].diff_pi);
        json_object_set_new(u, "behovseffekt", json_real(rows[i].need_effect));
        json_object_set_new(u, "skattegrundlagseffekt", json_real(rows[i].tax_effect));
        json_array_append_new(units, u);
    }
    json_t *root = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:o, s:o}", "base", "parameters",
                             o->params[0], "data", o->data[0] ? o->data[0] : "demo", "model",
                             o->model[0] ? o->model[0] : "", "alt", "parameters", o->params[1],
                             "data", o->data[1] ? o->data[1] : "demo", "model",
                             o->model[1] ? o->model[1] : "", "notes", arr, "units", units);
    if (!root || ix_json_dump(root, s))
        s->failed = 1;
    json_decref(root);
    ix_sink_put(s, "\n", 1);
}

static void write_table(const scen_opts *o, const scen_row *rows, size_t n, const char *notes,
                        ix_sink *s)
{
    const ix_locale *loc = &o->common.locale;
    static const char *const da[] = {"Kode", "Kommune", "Netto basis", "Netto alternativ",
                                     "Forskel", "Pr. indb.", "Behovseffekt", "Skattegrundlagseffekt"};
    static const char *const en[] = {"Code", "Municipality", "Net base", "Net alternative",
                                     "Difference", "Per inh.", "Need effect", "Tax-base effect"};
    ix_textable *t = ix_textable_new(8);
    if (!t) {
        s->failed = 1;
        return;
    }
    for (size_t c = 0; c < 8; c++) {
        ix_textable_add(t, loc->danish ? da[c] : en[c]);
        if (c >= 2)
            ix_textable_right(t, c);
    }
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%03d", rows[i].code);
        ix_textable_add(t, buf);
        ix_textable_add(t, rows[i].name);
        double v[6] = {rows[i].base, rows[i].alt, rows[i].diff, rows[i].diff_pi,
                       rows[i].need_effect, rows[i].tax_effect};
        for (int q = 0; q < 6; q++) {
            ix_format_fixed(v[q], 0, loc->decimal, 1, buf, sizeof buf);
            ix_textable_add(t, buf);
        }
    }
    ix_sink_printf(s, "%s: %s%s%s%s\n", loc->danish ? "Basis" : "Base", o->params[0],
                   o->data[0] ? ", " : "", o->data[0] ? o->data[0] : "", o->model[0] ? " (model)" : "");
    ix_sink_printf(s, "%s: %s%s%s\n", loc->danish ? "Alternativ" : "Alternative", o->params[1],
                   o->data[1] ? ", " : "", o->data[1] ? o->data[1] : "");
    ix_sink_puts(s, loc->danish ? "Kroner; forskel = alternativ - basis = behovseffekt + skattegrundlagseffekt\n\n"
                                : "Kroner; difference = alternative - base = need effect + tax-base effect\n\n");
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_sink_puts(s, notes && *notes ? "\n" : "");
    ix_sink_puts(s, notes ? notes : "");
}

/* Notes of both runs, each line once, labelled by the run. */
static void collect_notes(const ix_udl_setup *s, ix_buf *out)
{
    ix_buf b[2];
    ix_sink o = ix_buf_sink(out);
    for (int i = 0; i < 2; i++) {
        ix_buf_init(&b[i]);
        ix_sink bs = ix_buf_sink(&b[i]);
        ix_udl_write_notes(s[i].params, s[i].model, s[i].data, 0, "", &bs);
    }
    for (int i = 0; i < 2; i++)
        for (const char *line = b[i].data; line && *line;) {
            const char *end = strchr(line, '\n');
            int len = (int)(end ? end - line : (long)strlen(line));
            char *copy = strndup(line, (size_t)len);
            int both = copy && strstr(b[1 - i].data ? b[1 - i].data : "", copy) != NULL;
            if (!(both && i == 1))
                ix_sink_printf(&o, "%s%.*s\n", both ? "" : i ? "(alt) " : "(base) ", len, line);
            free(copy);
            line = end ? end + 1 : line + len;
        }
    ix_buf_free(&b[0]);
    ix_buf_free(&b[1]);
}

static ix_status render(const scen_opts *o, const ix_udl_setup *s, ix_sink *sink, ix_buf *notes,
                        ix_diag *d)
{
    scen_row *rows = calloc(s[0].data->n ? s[0].data->n : 1, sizeof *rows);
    if (!rows)
        return ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ix_status st = match(s, rows, d);
    collect_notes(s, notes);
    const char *text = notes->data ? notes->data : "";
    if (!st && o->common.format == IX_FMT_CSV)
        write_csv(rows, s[0].data->n, &o->common.locale, sink);
    else if (!st && o->common.format == IX_FMT_JSON)
        write_json(o, rows, s[0].data->n, text, sink);
    else if (!st)
        write_table(o, rows, s[0].data->n, text, sink);
    free(rows);
    return st;
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
    if (!st)
        st = render(&o, s, &sink, &notes, &d);
    if (!st && sink.failed)
        st = ix_diag_set(&d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the output");
    if (st)
        rc = ix_cli_report(st, &d);
    else {
        if (o.common.format == IX_FMT_CSV)
            ix_cli_notes_to_stderr(&notes);
        rc = ix_cli_emit(&o.common, &out);
    }
    ix_buf_free(&out);
    ix_buf_free(&notes);
    ix_udl_setup_free(&s[0]);
    ix_udl_setup_free(&s[1]);
    return rc;
}
