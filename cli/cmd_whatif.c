/* indeks whatif: one municipality's figures changed -> its new index, need
 * and equalisation against the current, and the marginal effect in kroner
 * of one more person in each criterion (exact derivatives, see
 * ix_udl_marginal). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/json_sink.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/textable.h"
#include "indeks/udligning.h"

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
    if (optind < argc)
        return ix_cli_usage_error("whatif", "unexpected argument \"%s\"", argv[optind]);
    if (!o->params)
        return ix_cli_usage_error("whatif", "--params PARAMS.json is required");
    if (!o->code_text)
        return ix_cli_usage_error("whatif", "--code CODE is required (e.g. --code 376)");
    if (ix_kommune_parse_code(o->code_text, &o->code, &why) != 0)
        return ix_cli_usage_error("whatif", "--code: %s, got \"%s\"", why, o->code_text);
    ix_cli_format_from_output(&o->common);
    return 0;
}

static int parse_args(int argc, char **argv, whatif_opts *o)
{
    enum { OPT_PARAMS = 256, OPT_DATA, OPT_MODEL, OPT_FORMAT, OPT_LOCALE, OPT_NORMALISE,
           OPT_CODE, OPT_SET, OPT_REAL, OPT_HELP };
    static const struct option longopts[] = {
        {"params", required_argument, NULL, OPT_PARAMS}, {"data", required_argument, NULL, OPT_DATA},
        {"model", required_argument, NULL, OPT_MODEL}, {"format", required_argument, NULL, OPT_FORMAT},
        {"locale", required_argument, NULL, OPT_LOCALE},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        {"real", required_argument, NULL, OPT_REAL},
        {"code", required_argument, NULL, OPT_CODE}, {"set", required_argument, NULL, OPT_SET},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_common_init(&o->common);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    /* --locale first, so --set reads numbers in the right convention. */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--locale") == 0)
            ix_common_set_locale(&o->common, "whatif", argv[i + 1]);
    while (rc == 0 && (c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PARAMS: o->params = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_MODEL: o->model = optarg; break;
        case OPT_REAL: o->real = optarg; break;
        case OPT_FORMAT: rc = ix_common_set_format(&o->common, "whatif", optarg); break;
        case OPT_LOCALE: rc = ix_common_set_locale(&o->common, "whatif", optarg); break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case OPT_CODE: o->code_text = optarg; break;
        case OPT_SET: rc = parse_set(o, optarg); break;
        case 'o': o->common.output = optarg; break;
        case OPT_HELP: fputs(usage_text, stdout); return -1;
        case ':': return ix_cli_usage_error("whatif", "%s needs a value", argv[optind - 1]);
        default: return ix_cli_usage_error("whatif", "unknown option %s", argv[optind - 1]);
        }
    }
    return rc ? rc : finish_args(o, argc, argv);
}

/* One line of the comparison: a quantity now and after the change. */
typedef struct {
    char post[160];
    double now, changed;
} wi_row;

typedef struct {
    size_t n;
    wi_row *rows;
} wi_rows;

static void add_row(wi_rows *w, const char *post, const char *id, double now, double changed)
{
    wi_row *r = &w->rows[w->n++];
    snprintf(r->post, sizeof r->post, "%s%s", post, id ? id : "");
    r->now = now;
    r->changed = changed;
}

static ix_status find_unit(const ix_udl_data *data, int code, size_t *k, ix_diag *d)
{
    for (size_t i = 0; i < data->n; i++)
        if (data->codes[i] == code) {
            *k = i;
            return IX_OK;
        }
    return ix_diag_set(d, IX_ERR_NOTFOUND, data->source, 0, 0, "--code",
                       "municipality %03d is not in the data", code);
}

static void build_rows(const ix_socio_model *m, const ix_udl_params *p, const ix_udl_data *d0,
                       const ix_udl_result *r0, size_t k0, const ix_udl_data *d1,
                       const ix_udl_result *r1, size_t k1, wi_rows *w)
{
    double n0 = d0->population[k0], n1 = d1->population[k1];
    add_row(w, "indeks", NULL, d0->index[k0], d1->index[k1]);
    add_row(w, "udgiftsbehov", NULL, r0->need[k0], r1->need[k1]);
    add_row(w, "udgiftsbehov_pr_indb", NULL, r0->need[k0] / n0, r1->need[k1] / n1);
    add_row(w, "udgiftsudligning", NULL, r0->need_eq[k0], r1->need_eq[k1]);
    add_row(w, "skatteudligning", NULL, r0->tax_eq[k0], r1->tax_eq[k1]);
    add_row(w, "netto", NULL, r0->net[k0], r1->net[k1]);
    add_row(w, "netto_pr_indb", NULL, r0->net[k0] / n0, r1->net[k1] / n1);
    const size_t nc = m->ncriteria;
    double *v = calloc(6 * (nc ? nc : 1), sizeof *v);
    if (!v)
        return;
    ix_udl_marginal(p, m, d0, r0, k0, v, v + nc, v + 2 * nc);
    ix_udl_marginal(p, m, d1, r1, k1, v + 3 * nc, v + 4 * nc, v + 5 * nc);
    static const char *const names[3] = {"marginal_indeks_", "marginal_udgiftsbehov_",
                                         "marginal_netto_"};
    for (size_t q = 0; q < 3; q++)
        for (size_t j = 0; j < nc; j++)
            add_row(w, names[q], m->criteria[j].id, v[q * nc + j], v[(3 + q) * nc + j]);
    free(v);
}

static void write_csv(const wi_rows *w, const ix_locale *loc, ix_sink *s)
{
    const char c = loc->separator;
    ix_sink_printf(s, "post%cnu%caendret%cforskel\n", c, c, c);
    for (size_t i = 0; i < w->n; i++) {
        ix_sink_puts(s, w->rows[i].post);
        double v[3] = {w->rows[i].now, w->rows[i].changed, w->rows[i].changed - w->rows[i].now};
        for (int q = 0; q < 3; q++) {
            ix_sink_put(s, &c, 1);
            ix_csv_put_number(s, v[q], loc->decimal);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static void write_json(const whatif_opts *o, const ix_udl_data *data, size_t k, const wi_rows *w,
                       const char *notes, ix_sink *s)
{
    json_t *rows = json_array(), *changes = json_array();
    for (size_t i = 0; i < w->n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:f, s:f, s:f}", "post", w->rows[i].post,
                                              "nu", w->rows[i].now, "aendret", w->rows[i].changed,
                                              "forskel", w->rows[i].changed - w->rows[i].now));
    for (size_t i = 0; i < o->nchanges; i++)
        json_array_append_new(changes, json_pack("{s:s, s:f, s:b}", "column", o->changes[i].column,
                                                 "value", o->changes[i].value, "relative",
                                                 o->changes[i].relative));
    char code[16];
    snprintf(code, sizeof code, "%03d", data->codes[k]);
    json_t *root = json_pack("{s:s, s:s, s:o, s:o, s:o}", "kommunekode", code, "kommune",
                             data->names[k] ? data->names[k] : "", "changes", changes, "notes",
                             ix_json_lines(notes), "rows", rows);
    if (!root || ix_json_dump(root, s))
        s->failed = 1;
    json_decref(root);
    ix_sink_put(s, "\n", 1);
}

static void add_cell(ix_textable *t, double v, int decimals, const ix_locale *loc)
{
    char buf[64];
    ix_format_fixed(v, decimals, loc->decimal, 1, buf, sizeof buf);
    ix_textable_add(t, buf);
}

static void write_table(const whatif_opts *o, const ix_udl_data *data, size_t k, const wi_rows *w,
                        const char *notes, ix_sink *s)
{
    const ix_locale *loc = &o->common.locale;
    ix_textable *t = ix_textable_new(4);
    if (!t) {
        s->failed = 1;
        return;
    }
    const char *head[4] = {loc->danish ? "Post" : "Item", loc->danish ? "Nu" : "Now",
                           loc->danish ? "Ændret" : "Changed", loc->danish ? "Forskel" : "Difference"};
    for (size_t c = 0; c < 4; c++) {
        ix_textable_add(t, head[c]);
        if (c)
            ix_textable_right(t, c);
    }
    for (size_t i = 0; i < w->n; i++) {
        int dec = strncmp(w->rows[i].post, "indeks", 6) == 0 ||
                          strncmp(w->rows[i].post, "marginal_indeks", 15) == 0 ? 6 : 0;
        ix_textable_add(t, w->rows[i].post);
        add_cell(t, w->rows[i].now, dec, loc);
        add_cell(t, w->rows[i].changed, dec, loc);
        add_cell(t, w->rows[i].changed - w->rows[i].now, dec, loc);
    }
    ix_sink_printf(s, "%s %03d %s:", loc->danish ? "Hvad nu hvis" : "What if", data->codes[k],
                   data->names[k] ? data->names[k] : "");
    for (size_t i = 0; i < o->nchanges; i++)
        ix_sink_printf(s, " %s%s%g", o->changes[i].column, o->changes[i].relative ? " " : " = ",
                       o->changes[i].value);
    ix_sink_puts(s, o->nchanges ? "\n" : " (no change)\n");
    ix_sink_puts(s, loc->danish ? "Kroner; marginal_* = effekt af én person mere i kriteriet\n\n"
                                : "Kroner; marginal_* = effect of one more person in the criterion\n\n");
    ix_textable_render(t, s);
    ix_textable_free(t);
    for (const char *line = notes; line && *line;) {
        const char *end = strchr(line, '\n');
        ix_sink_printf(s, "%s%.*s\n", line == notes ? "\n" : "",
                       (int)(end ? end - line : (long)strlen(line)), line);
        line = end ? end + 1 : NULL;
    }
}

/* Computes the changed scenario in s (the current one goes to d0/r0). */
static ix_status run(const whatif_opts *o, ix_udl_setup *s, ix_udl_data **d0, ix_udl_result **r0,
                     ix_diag *d)
{
    ix_table *changed = NULL;
    ix_status st = ix_udl_table_change(s->table, s->model, o->code, o->changes, o->nchanges,
                                       &changed, d);
    if (st)
        return st;
    *d0 = s->data;
    *r0 = s->result;
    s->data = NULL;
    s->result = NULL;
    ix_table_free(s->table);
    s->table = changed;
    return ix_udl_setup_run(s, d);
}

static ix_status render(const whatif_opts *o, ix_udl_setup *s, ix_sink *sink, ix_buf *notes,
                        ix_diag *d)
{
    ix_udl_data *d0 = NULL;
    ix_udl_result *r0 = NULL;
    size_t k0 = 0, k1 = 0;
    ix_status st = find_unit(s->data, o->code, &k0, d);
    if (!st)
        st = run(o, s, &d0, &r0, d);
    if (!st)
        st = find_unit(s->data, o->code, &k1, d);
    wi_rows w = {0, calloc(7 + 3 * s->model->ncriteria, sizeof(wi_row))};
    if (!st && !w.rows)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st) {
        build_rows(s->model, s->params, d0, r0, k0, s->data, s->result, k1, &w);
        ix_sink ns = ix_buf_sink(notes);
        ix_udl_write_notes(s->params, s->model, s->data, 0, "", &ns);
        const char *text = notes->data ? notes->data : "";
        if (o->common.format == IX_FMT_CSV)
            write_csv(&w, &o->common.locale, sink);
        else if (o->common.format == IX_FMT_JSON)
            write_json(o, s->data, k1, &w, text, sink);
        else
            write_table(o, s->data, k1, &w, text, sink);
    }
    free(w.rows);
    ix_udl_result_free(r0);
    ix_udl_data_free(d0);
    return st;
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
    if (!st)
        st = render(&o, &s, &sink, &notes, &d);
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
    ix_udl_setup_free(&s);
    return rc;
}
