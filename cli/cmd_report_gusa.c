/* indeks report --gusa DB --year Y [--kommune K]: GUSA's ethical account
 * (issue 16) as one self-contained Danish HTML file, rendered into a
 * buffer and written atomically. Options and glue; the work is in lib/. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "indeks/gusa_store.h"
#include "indeks/kommuner.h"
#include "indeks/report_gusa.h"

static const char usage_text[] =
    "usage: indeks report --gusa DB --year Y [--kommune K] [--date YYYY-MM-DD] [-o FILE.html]\n\n"
    "GUSA's ethical account (etisk regnskab) for year Y: the ETIK indicators with their\n"
    "trend, what families answered after meetings (counts, never text), the 80/20 picture\n"
    "(Lorenz curve, top shares, Gini), the ladder and the work across centres, and the\n"
    "municipality beside the ten with the nearest socio-economic index. Without --kommune:\n"
    "the whole country. Danish, printable, self-contained (docs/report.md).\n";

typedef struct {
    ix_common_opts common;
    const char *db, *date;
    long year, kommune;
    char date_buf[16];
} gusa_report_opts;

static int whole(const char *flag, const char *text, long long lo, long long hi, long *out)
{
    long long v = 0;
    int rc = ix_cli_whole("report", flag, text, lo, hi, &v);
    *out = (long)v;
    return rc;
}

static int parse(int argc, char **argv, gusa_report_opts *o)
{
    enum { OPT_GUSA = 256, OPT_YEAR, OPT_KOMMUNE, OPT_DATE };
    static const struct option longopts[] = {{"gusa", required_argument, NULL, OPT_GUSA},
                                              {"year", required_argument, NULL, OPT_YEAR},
                                              {"kommune", required_argument, NULL, OPT_KOMMUNE},
                                              {"date", required_argument, NULL, OPT_DATE},
                                              IX_CLI_LONGOPT_OUTPUT,
                                              IX_CLI_LONGOPT_HELP,
                                              {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, 0);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_GUSA: o->db = optarg; break;
        case OPT_YEAR: rc = whole("--year", optarg, 1900, 9999, &o->year); break;
        case OPT_KOMMUNE: rc = whole("--kommune", optarg, 101, 999, &o->kommune); break;
        case OPT_DATE: o->date = optarg; break;
        default: rc = ix_cli_common_option(&o->common, "report", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("report", "unexpected argument \"%s\"", argv[optind]);
    if (!o->year)
        return ix_cli_usage_error("report", "--gusa needs --year Y");
    if (o->kommune && !ix_kommune_find((int)o->kommune))
        return ix_cli_usage_error("report", "--kommune %ld is not one of the 98 municipalities",
                                  o->kommune);
    long days = 0;
    if (o->date && (ix_gusa_check_date(o->date, "date", NULL) != IX_OK ||
                    ix_gusa_date_days(o->date, &days) != 0))
        return ix_cli_usage_error("report", "--date needs YYYY-MM-DD, not \"%s\"", o->date);
    if (!o->date) {
        time_t now = time(NULL);
        struct tm tm;
        if (!localtime_r(&now, &tm))
            return ix_cli_usage_error("report", "cannot read the clock");
        strftime(o->date_buf, sizeof o->date_buf, "%Y-%m-%d", &tm);
        o->date = o->date_buf;
    }
    return 0;
}

int ix__cmd_report_gusa(int argc, char **argv)
{
    gusa_report_opts o;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    if (ix_cli_check_output(&o.common))
        return 2;
    ix_diag d;
    ix_diag_clear(&d);
    ix_gusa_store *s = NULL;
    ix_gusa_facts *f = NULL;
    ix_status st = ix_gusa_store_open(o.db, 0, &s, &d);
    int synthetic = 0;
    if (!st) {
        synthetic = ix_gusa_store_is_demo(s);
        st = ix_gusa_facts_load(s, &f, &d);
    }
    ix_gusa_store_close(s);
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    if (!st) {
        ix_report_options ro;
        ix_report_options_init(&ro);
        ro.danish = 1;
        ro.date = o.date;
        ix_report_gusa_spec spec = {(int)o.year, (int)o.kommune, synthetic};
        st = ix_report_gusa_html(f, &spec, &ro, &sink, &d);
    }
    ix_gusa_facts_free(f);
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, NULL);
    ix_buf_free(&out);
    return rc;
}
