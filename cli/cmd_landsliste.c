/* indeks landsliste: one year's national list from a published series. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/csv.h"
#include "indeks/landsliste.h"
#include "indeks/landsliste_write.h"
#include "indeks/number.h"
#include "indeks/series.h"
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
    enum { OPT_DATA = 256, OPT_YEAR, OPT_VS, OPT_COLUMN };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},  {"year", required_argument, NULL, OPT_YEAR},
        {"vs", required_argument, NULL, OPT_VS},      {"column", required_argument, NULL, OPT_COLUMN},
        IX_CLI_COMMON_LONGOPTS,                       {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL | IX_FMT_BIT(IX_FMT_XLSX));
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA: o->data = optarg; break;
        case OPT_YEAR: rc = parse_year(optarg, &o->year); break;
        case OPT_VS: rc = parse_year(optarg, &o->vs); break;
        case OPT_COLUMN: o->column = optarg; break;
        default: rc = ix_cli_common_option(&o->common, "landsliste", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind >= argc && !o->data)
        return ix_cli_usage_error("landsliste", "--data FILE is required");
    return ix_cli_common_done(&o->common, "landsliste", argc, argv, NULL);
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
    ix_landsliste l = {0, 0, 0, NULL};
    ix_xlsx_table *xt = NULL;
    const ix_landsliste_style style = {o.common.locale.decimal, o.common.locale.separator,
                                       o.common.locale.danish};
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_status st = ix_csv_read_file(o.data, &t, &d);
    if (!st)
        st = ix_series_from_table(t, o.column, &s, &d);
    if (!st)
        st = ix_landsliste_build(s, (int)o.year, (int)o.vs, &l, &d);
    if (!st && o.common.format == IX_FMT_XLSX)
        st = ix_landsliste_write_xlsx(&l, s, &style, &xt, &d);
    else if (!st && o.common.format == IX_FMT_CSV)
        ix_landsliste_write_csv(&l, &style, &sink);
    else if (!st && o.common.format == IX_FMT_JSON)
        ix_landsliste_write_json(&l, s, &sink);
    else if (!st)
        ix_landsliste_write_table(&l, s, &style, &sink);
    /* CSV: the warning becomes its last column (ix_cli_finish) */
    ix_buf notes;
    ix_buf_init(&notes);
    ix_sink ns = ix_buf_sink(&notes);
    if (!st && o.common.format == IX_FMT_CSV)
        ix_landsliste_write_notes(&l, o.common.locale.danish, "", &ns);
    rc = !st && xt ? ix_cli_emit_xlsx(&o.common, xt)
                   : ix_cli_finish(&o.common, st, &d, &sink, &out, &notes);
    ix_buf_free(&notes);
    ix_xlsx_table_free(xt);
    ix_buf_free(&out);
    ix_landsliste_clear(&l);
    ix_series_free(s);
    ix_table_free(t);
    return rc;
}
