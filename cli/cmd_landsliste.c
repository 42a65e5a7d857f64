/* indeks landsliste: one year's national list from a published series. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/json_sink.h"
#include "indeks/csv.h"
#include "indeks/number.h"
#include "indeks/series.h"
#include "indeks/textable.h"
#include "indeks/xlsx.h"

static const char usage_text[] =
    "usage: indeks landsliste --data FILE [--year Y] [--vs YEAR] [--column NAME]\n"
    "                         [--format table|csv|json] [--locale da] [-o FILE]\n\n"
    "A year's national list (landslisten) from a published index series in long form\n"
    "(kommunekode, kommune, aar, socio_indeks, ...), such as noegletal.dk's export.\n"
    "Rank 1 = highest index; tied values share the best rank (1, 2, 2, 4).\n\n"
    "  --data FILE     the series (CSV, ',' or ';', UTF-8 or Windows-1252)\n"
    "  --year Y        the year to list (default: the latest year with values)\n"
    "  --vs YEAR       add indeks_<YEAR>, rang_<YEAR> and aendring (change since YEAR)\n"
    "  --column NAME   the value column (default: socio_indeks, else indeks)\n"
    "  --format F      table (default), csv (kommunekode,kommune,aar,indeks,rang[,...]), json\n"
    "                  or xlsx (the CSV's columns as an Excel workbook; needs -o)\n"
    "  --locale da     Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE         write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *data, *column;
    long year, vs;
} ll_opts;

static int parse_year(const char *text, long *year)
{
    double v = 0;
    const char *why = NULL;
    if (ix_parse_number(text, '.', &v, &why) != 0 || v != floor(v) || v < 1800 || v > 2200)
        return ix_cli_usage_error("landsliste", "expected a year like 2024, got \"%s\"", text);
    *year = (long)v;
    return 0;
}

static int parse_args(int argc, char **argv, ll_opts *o)
{
    enum { OPT_DATA = 256, OPT_YEAR, OPT_VS, OPT_COLUMN, OPT_FORMAT, OPT_LOCALE, OPT_HELP };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},  {"year", required_argument, NULL, OPT_YEAR},
        {"vs", required_argument, NULL, OPT_VS},      {"column", required_argument, NULL, OPT_COLUMN},
        {"format", required_argument, NULL, OPT_FORMAT}, {"locale", required_argument, NULL, OPT_LOCALE},
        {"output", required_argument, NULL, 'o'},     {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_common_init(&o->common);
    o->common.xlsx_ok = 1;
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA: o->data = optarg; break;
        case OPT_YEAR: rc = parse_year(optarg, &o->year); break;
        case OPT_VS: rc = parse_year(optarg, &o->vs); break;
        case OPT_COLUMN: o->column = optarg; break;
        case OPT_FORMAT: rc = ix_common_set_format(&o->common, "landsliste", optarg); break;
        case OPT_LOCALE: rc = ix_common_set_locale(&o->common, "landsliste", optarg); break;
        case 'o': o->common.output = optarg; break;
        case OPT_HELP: fputs(usage_text, stdout); return -1;
        case ':': return ix_cli_usage_error("landsliste", "%s needs a value", argv[optind - 1]);
        default: return ix_cli_usage_error("landsliste", "unknown option %s", argv[optind - 1]);
        }
    }
    if (rc == 0 && optind < argc)
        rc = ix_cli_usage_error("landsliste", "unexpected argument \"%s\"", argv[optind]);
    if (rc == 0 && !o->data)
        rc = ix_cli_usage_error("landsliste", "--data FILE is required");
    if (rc == 0)
        ix_cli_format_from_output(&o->common);
    if (rc == 0)
        rc = ix_cli_check_xlsx(&o->common, "landsliste", NULL);
    return rc;
}

/* One row of the list, with its comparison year when asked for. */
typedef struct {
    const ix_series_obs *now;
    long rank;
    const ix_series_obs *then; /* NULL: no value in the --vs year */
    long then_rank;
    double change;
} ll_row;

typedef struct {
    int year, vs;
    size_t n;
    ll_row *rows;
} ll_list;

/* The change, rounded to the decimals the source wrote: 1.62 - 1.55 is 0.07,
 * not 0.07000000000000006. */
static double rounded_change(const ix_series_obs *a, const ix_series_obs *b)
{
    int dec = a->decimals > b->decimals ? a->decimals : b->decimals;
    double f = pow(10.0, dec), diff = a->value - b->value;
    return dec <= 12 ? round(diff * f) / f : diff;
}

static ix_status attach_vs(const ix_series *s, ll_list *l, ix_diag *d)
{
    size_t *idx = NULL, n = 0;
    long *rank = NULL;
    ix_status st = ix_series_year(s, l->vs, &idx, &rank, &n, d);
    for (size_t i = 0; !st && i < l->n; i++)
        for (size_t k = 0; k < n; k++)
            if (s->obs[idx[k]].code == l->rows[i].now->code) {
                l->rows[i].then = &s->obs[idx[k]];
                l->rows[i].then_rank = rank[k];
                l->rows[i].change = rounded_change(l->rows[i].now, l->rows[i].then);
            }
    free(idx);
    free(rank);
    return st;
}

static ix_status build_list(const ix_series *s, const ll_opts *o, ll_list *l, ix_diag *d)
{
    l->year = o->year ? (int)o->year : ix_series_latest_year(s);
    l->vs = (int)o->vs;
    if (l->year == 0)
        return ix_diag_set(d, IX_ERR_INPUT, s->source, 0, 0, s->column, "the series has no values");
    size_t *idx = NULL;
    long *rank = NULL;
    ix_status st = ix_series_year(s, l->year, &idx, &rank, &l->n, d);
    if (!st && !(l->rows = calloc(l->n, sizeof *l->rows)))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; !st && i < l->n; i++) {
        l->rows[i].now = &s->obs[idx[i]];
        l->rows[i].rank = rank[i];
    }
    free(idx);
    free(rank);
    if (!st && l->vs)
        st = attach_vs(s, l, d);
    return st;
}

static void put_exact(ix_sink *s, double v, char decimal)
{
    char buf[64];
    ix_format_exact(v, decimal, buf, sizeof buf);
    ix_sink_puts(s, buf);
}

static void write_csv(const ll_list *l, const ix_locale *loc, ix_sink *s)
{
    const char c = loc->separator;
    ix_sink_printf(s, "kommunekode%ckommune%caar%cindeks%crang", c, c, c, c);
    if (l->vs)
        ix_sink_printf(s, "%cindeks_%d%crang_%d%caendring", c, l->vs, c, l->vs, c);
    ix_sink_put(s, "\n", 1);
    for (size_t i = 0; i < l->n; i++) {
        const ll_row *r = &l->rows[i];
        ix_sink_printf(s, "%03d%c", r->now->code, c);
        ix_csv_put_field(s, r->now->name, c);
        ix_sink_printf(s, "%c%d%c", c, r->now->year, c);
        put_exact(s, r->now->value, loc->decimal);
        ix_sink_printf(s, "%c%ld", c, r->rank);
        if (l->vs && r->then) {
            ix_sink_put(s, &c, 1);
            put_exact(s, r->then->value, loc->decimal);
            ix_sink_printf(s, "%c%ld%c", c, r->then_rank, c);
            put_exact(s, r->change, loc->decimal);
        } else if (l->vs)
            ix_sink_printf(s, "%c%c", c, c);
        ix_sink_put(s, "\n", 1);
    }
}

static void write_json(const ll_list *l, const ix_series *s, ix_sink *sink)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const ll_row *r = &l->rows[i];
        char code[8];
        snprintf(code, sizeof code, "%03d", r->now->code);
        json_t *o = json_pack("{s:s,s:s,s:i,s:f,s:I}", "kommunekode", code, "kommune", r->now->name,
                              "aar", r->now->year, "indeks", r->now->value, "rang", (json_int_t)r->rank);
        if (l->vs && r->then) {
            json_object_set_new(o, "indeks_vs", json_real(r->then->value));
            json_object_set_new(o, "rang_vs", json_integer(r->then_rank));
            json_object_set_new(o, "aendring", json_real(r->change));
        }
        json_array_append_new(rows, o);
    }
    json_t *root = json_pack("{s:s,s:s,s:i,s:o}", "source", s->source, "column", s->column, "aar",
                             l->year, "units", rows);
    if (l->vs)
        json_object_set_new(root, "vs", json_integer(l->vs));
    ix_json_dump(root, sink);
    ix_sink_put(sink, "\n", 1);
    json_decref(root);
}

/* Tables show every value with the decimals the source used most. */
static void add_num(ix_textable *t, double v, int decimals, const ix_locale *loc)
{
    char buf[64];
    ix_format_fixed(v, decimals, loc->decimal, 0, buf, sizeof buf);
    ix_textable_add(t, buf);
}

static int max_decimals(const ll_list *l)
{
    int dec = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->rows[i].now->decimals > dec)
            dec = l->rows[i].now->decimals;
        if (l->rows[i].then && l->rows[i].then->decimals > dec)
            dec = l->rows[i].then->decimals;
    }
    return dec > 12 ? 12 : dec;
}

static void write_table(const ll_list *l, const ix_series *s, const ix_locale *loc, ix_sink *sink)
{
    size_t ncols = l->vs ? 7 : 4;
    ix_textable *t = ix_textable_new(ncols);
    if (!t) {
        sink->failed = 1;
        return;
    }
    char h[3][32];
    snprintf(h[0], sizeof h[0], "%s %d", loc->danish ? "Indeks" : "Index", l->vs);
    snprintf(h[1], sizeof h[1], "%s %d", loc->danish ? "Rang" : "Rank", l->vs);
    snprintf(h[2], sizeof h[2], "%s", loc->danish ? "Ændring" : "Change");
    const char *head[7] = {loc->danish ? "Rang" : "Rank", loc->danish ? "Kode" : "Code",
                           loc->danish ? "Kommune" : "Municipality", loc->danish ? "Indeks" : "Index",
                           h[0], h[1], h[2]};
    for (size_t c = 0; c < ncols; c++) {
        ix_textable_add(t, head[c]);
        if (c == 0 || c >= 3)
            ix_textable_right(t, c);
    }
    const int dec = max_decimals(l);
    for (size_t i = 0; i < l->n; i++) {
        const ll_row *r = &l->rows[i];
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", r->rank);
        ix_textable_add(t, buf);
        snprintf(buf, sizeof buf, "%03d", r->now->code);
        ix_textable_add(t, buf);
        ix_textable_add(t, r->now->name);
        add_num(t, r->now->value, dec, loc);
        if (!l->vs)
            continue;
        if (!r->then) {
            for (int k = 0; k < 3; k++)
                ix_textable_add(t, "");
            continue;
        }
        add_num(t, r->then->value, dec, loc);
        snprintf(buf, sizeof buf, "%ld", r->then_rank);
        ix_textable_add(t, buf);
        add_num(t, r->change, dec, loc);
    }
    ix_sink_printf(sink, "%s %d (%s, %s)\n\n", loc->danish ? "Landsliste" : "National list", l->year,
                   s->column, s->source);
    ix_textable_render(t, sink);
    ix_textable_free(t);
}

/* The CSV's columns as a workbook, numbers shown with the source's decimals. */
static void write_xlsx(const ll_list *l, const ix_series *s, const ix_locale *loc, ix_xlsx_table *t)
{
    const char *num = ix_xlsx_number_format(max_decimals(l), loc->danish);
    char h[2][32];
    snprintf(h[0], sizeof h[0], "indeks_%d", l->vs);
    snprintf(h[1], sizeof h[1], "rang_%d", l->vs);
    const char *head[8] = {"kommunekode", "kommune", "aar", "indeks", "rang", h[0], h[1], "aendring"};
    const char *fmt[8] = {"000", NULL, "0", num, "0", num, "0", num};
    for (size_t c = 0; c < (l->vs ? 8u : 5u); c++)
        ix_xlsx_set_column(t, c, head[c], fmt[c], 0);
    for (size_t i = 0; i < l->n; i++) {
        const ll_row *r = &l->rows[i];
        ix_xlsx_add_number(t, r->now->code);
        ix_xlsx_add_text(t, r->now->name);
        ix_xlsx_add_number(t, r->now->year);
        ix_xlsx_add_number(t, r->now->value);
        ix_xlsx_add_number(t, (double)r->rank);
        if (l->vs) {
            ix_xlsx_add_number(t, r->then ? r->then->value : NAN);
            ix_xlsx_add_number(t, r->then ? (double)r->then_rank : NAN);
            ix_xlsx_add_number(t, r->then ? r->change : NAN);
        }
    }
    char note[600];
    snprintf(note, sizeof note, "%s %d: %s, %s", loc->danish ? "Landsliste" : "National list",
             l->year, s->column, s->source);
    ix_xlsx_add_note(t, note);
}

int ix_cmd_landsliste(int argc, char **argv)
{
    ll_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_table *t = NULL;
    ix_series *s = NULL;
    ll_list l = {0, 0, 0, NULL};
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = ix_csv_read_file(o.data, &t, &d);
    if (!st)
        st = ix_series_from_table(t, o.column, &s, &d);
    if (!st)
        st = build_list(s, &o, &l, &d);
    if (!st && o.common.format == IX_FMT_XLSX) {
        ix_xlsx_table *xt = ix_xlsx_table_new("Landsliste", l.vs ? 8 : 5);
        if (xt)
            write_xlsx(&l, s, &o.common.locale, xt);
        st = xt ? ix_xlsx_write_file(xt, o.common.output, &d)
                : ix_diag_set(&d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        ix_xlsx_table_free(xt);
        rc = st ? ix_cli_report(st, &d) : 0;
        goto out;
    }
    if (!st) {
        if (o.common.format == IX_FMT_CSV)
            write_csv(&l, &o.common.locale, &sink);
        else if (o.common.format == IX_FMT_JSON)
            write_json(&l, s, &sink);
        else
            write_table(&l, s, &o.common.locale, &sink);
        if (sink.failed)
            st = ix_diag_set(&d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the output");
    }
    rc = st ? ix_cli_report(st, &d) : ix_cli_emit(&o.common, &out);
out:
    ix_buf_free(&out);
    free(l.rows);
    ix_series_free(s);
    ix_table_free(t);
    return rc;
}
