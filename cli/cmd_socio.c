/* indeks socio: the socio-economic index of every municipality. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/socio.h"
#include "indeks/socio_load.h"
#include "indeks/socio_write.h"
#include "indeks/xlsx.h"

static const char usage_text[] =
    "usage: indeks socio [--model MODEL.json | --year YEAR] [--data DATA.csv] [--normalise-weights]\n"
    "                    [--explain CODE] [--format table|csv|json] [--locale da] [-o FILE]\n\n"
    "The socio-economic index of udligningsloven § 5 stk. 2 for every municipality:\n"
    "  index_k = scale * sum_j w_j * (c_jk / C_j) / (N_k / N)\n\n"
    "  --model FILE          model JSON (default: the embedded models/socio_2021.json)\n"
    "  --year YEAR           the embedded model in force for grant year YEAR: 2013-2020\n"
    "                        models/socio_2013.json (14 criteria), 2021 on socio_2021.json (18)\n"
    "  --data FILE           one row per municipality, the model's columns (CSV, ',' or ';',\n"
    "                        UTF-8 or Windows-1252); default: embedded SYNTHETIC demo data\n"
    "  --normalise-weights   rescale weights that do not sum to 1 (outputs say so)\n"
    "  --explain CODE        one municipality criterion by criterion\n"
    "  --format F            table (default), csv (kommunekode,kommune,indeks,rang,bidrag_<id>...),\n"
    "                        json or xlsx (the CSV's columns as an Excel workbook, notes on a\n"
    "                        second sheet; needs -o); with -o the file's extension chooses when\n"
    "                        --format is absent\n"
    "  --locale da           Danish numbers: decimal comma, ';' in CSV\n"
    "  -o FILE               write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *model;
    const char *data;
    const char *explain;
    int normalise;
    int year;
} socio_opts;

static int parse_year(const char *text, int *year)
{
    double v = 0;
    const char *why = NULL;
    if (ix_parse_number(text, '.', &v, &why) != 0 || v != (double)(int)v || v < 1900 || v > 2100)
        return ix_cli_usage_error("socio", "--year needs a grant year like 2021, got \"%s\"", text);
    *year = (int)v;
    return 0;
}

static int parse_args(int argc, char **argv, socio_opts *o)
{
    enum { OPT_MODEL = 256, OPT_DATA, OPT_EXPLAIN, OPT_NORMALISE, OPT_YEAR };
    static const struct option longopts[] = {
        {"model", required_argument, NULL, OPT_MODEL},
        {"data", required_argument, NULL, OPT_DATA},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"normalise-weights", no_argument, NULL, OPT_NORMALISE},
        {"normalize-weights", no_argument, NULL, OPT_NORMALISE},
        {"year", required_argument, NULL, OPT_YEAR},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL | IX_FMT_BIT(IX_FMT_XLSX));
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL: o->model = optarg; break;
        case OPT_DATA: o->data = optarg; break;
        case OPT_EXPLAIN: o->explain = optarg; break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case OPT_YEAR: rc = parse_year(optarg, &o->year); break;
        default: rc = ix_cli_common_option(&o->common, "socio", c, usage_text, argc, argv);
        }
    }
    if (rc == 0)
        rc = ix_cli_common_done(&o->common, "socio", argc, argv, o->explain ? "--explain" : NULL);
    if (rc == 0 && o->model && o->year)
        rc = ix_cli_usage_error("socio", "give --model or --year, not both");
    return rc;
}

static ix_status find_unit(const ix_socio_data *data, const char *text, size_t *k, ix_diag *d)
{
    int code = 0;
    const char *why = NULL;
    if (ix_kommune_parse_code(text, &code, &why) != 0)
        return ix_diag_set(d, IX_ERR_USAGE, NULL, 0, 0, "--explain", "%s, got \"%s\"", why, text);
    long idx = ix_socio_data_find(data, code);
    if (idx < 0)
        return ix_diag_set(d, IX_ERR_NOTFOUND, data->source, 0, 0, "--explain",
                           "municipality %03d is not in the data", code);
    *k = (size_t)idx;
    return IX_OK;
}

static ix_status render(const socio_opts *o, const ix_socio_model *m, const ix_socio_data *data,
                        const ix_socio_result *r, ix_sink *s, ix_diag *d)
{
    ix_socio_style style = {o->common.locale.decimal, o->common.locale.separator,
                            o->common.locale.danish};
    if (o->explain) {
        size_t k = 0;
        ix_status st = find_unit(data, o->explain, &k, d);
        if (!st)
            ix_socio_write_explain(m, data, r, k, &style,
                                   o->common.format == IX_FMT_CSV    ? 1
                                   : o->common.format == IX_FMT_JSON ? 2
                                                                     : 0,
                                   s);
        return st;
    }
    switch (o->common.format) {
    case IX_FMT_CSV: ix_socio_write_csv(m, data, r, &style, s); return IX_OK;
    case IX_FMT_JSON: return ix_socio_write_json(m, data, r, s, d);
    case IX_FMT_XLSX: return IX_OK; /* written by emit_xlsx */
    default: ix_socio_write_table(m, data, r, &style, s); return IX_OK;
    }
}

/* CSV: the notes become its last column (ix_cli_finish), in the locale's
 * language. */
static void csv_notes(const socio_opts *o, const ix_socio_model *m, const ix_socio_data *data,
                      ix_sink *s)
{
    if (o->common.format == IX_FMT_CSV)
        ix_socio_write_notes_lang(m, data, "", o->common.locale.danish, s);
}

/* The CSV's columns as a workbook: numbers as numbers, the notes on a
 * second sheet. */
static int emit_xlsx(const socio_opts *o, const ix_socio_model *m, const ix_socio_data *data,
                     const ix_socio_result *r)
{
    const int da = o->common.locale.danish;
    ix_xlsx_table *t = ix_xlsx_table_new("Indeks", 4 + m->ncriteria);
    if (!t) {
        ix_diag d;
        ix_diag_clear(&d);
        return ix_cli_report(IX_ERR_NOMEM, &d);
    }
    ix_xlsx_set_column(t, 0, "kommunekode", "000", 0);
    ix_xlsx_set_column(t, 1, "kommune", NULL, 0);
    ix_xlsx_set_column(t, 2, "indeks", ix_xlsx_number_format(2, da), 0);
    ix_xlsx_set_column(t, 3, "rang", "0", 0);
    char head[160];
    for (size_t j = 0; j < m->ncriteria; j++) {
        snprintf(head, sizeof head, "bidrag_%s", m->criteria[j].id);
        ix_xlsx_set_column(t, 4 + j, head, ix_xlsx_number_format(2, da), 0);
    }
    for (size_t pos = 0; pos < r->nunits; pos++) {
        size_t k = r->order[pos];
        ix_xlsx_add_number(t, data->codes[k]);
        ix_xlsx_add_text(t, data->names[k] ? data->names[k] : "");
        ix_xlsx_add_number(t, r->index[k]);
        ix_xlsx_add_number(t, (double)r->rank[k]);
        for (size_t j = 0; j < m->ncriteria; j++)
            ix_xlsx_add_number(t, r->contrib[k * r->ncriteria + j]);
    }
    ix_buf nb;
    ix_buf_init(&nb);
    ix_sink ns = ix_buf_sink(&nb);
    ix_sink_printf(&ns, "%s\n%s\nData: %s\n", m->name, m->source, data->source ? data->source : "");
    ix_socio_write_notes_lang(m, data, "", da, &ns);
    for (char *line = nb.data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        if ((nl = strchr(line, '\n')) != NULL)
            *nl = '\0';
        ix_xlsx_add_note(t, line);
    }
    ix_buf_free(&nb);
    int rc = ix_cli_emit_xlsx(&o->common, t);
    ix_xlsx_table_free(t);
    return rc;
}

int ix_cmd_socio(int argc, char **argv)
{
    socio_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_socio_model *m = NULL;
    ix_socio_data *data = NULL;
    ix_socio_result *r = NULL;
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = ix_socio_load_year(o.model, o.year, o.data, o.normalise, &m, &data, &d);
    if (!st)
        st = ix_socio_compute(m, data, &r, &d);
    if (!st)
        st = render(&o, m, data, r, &sink, &d);
    ix_buf notes;
    ix_buf_init(&notes);
    ix_sink notes_sink = ix_buf_sink(&notes);
    if (!st)
        csv_notes(&o, m, data, &notes_sink);
    if (!st && !sink.failed && o.common.format == IX_FMT_XLSX)
        rc = emit_xlsx(&o, m, data, r);
    else
        rc = ix_cli_finish(&o.common, st, &d, &sink, &out, &notes);
    ix_buf_free(&notes);
    ix_buf_free(&out);
    ix_socio_result_free(r);
    ix_socio_data_free(data);
    ix_socio_model_free(m);
    return rc;
}
