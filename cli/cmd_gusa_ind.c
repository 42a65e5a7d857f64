/* indeks gusa indicators / concentration (issue 16): GUSA's outcomes as
 * an IDATA/IMETA pair for `indeks composite`, and the concentration of
 * cost over families. Options and glue; the work is in lib/. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/gusa_indicators.h"
#include "indeks/gusa_indicators_write.h"
#include "indeks/gusa_store.h"
#include "indeks/number.h"
#include "indeks/outfile.h"

static const char usage_text[] =
    "usage: indeks gusa indicators --db DB --year Y --idata FILE --imeta FILE\n"
    "       indeks gusa concentration --db DB [--year Y] [--kommune K]\n"
    "                                 [--format table|csv|json] [--locale da] [-o FILE]\n\n"
    "indicators: GUSA's 14 indicators (G01-G14) per municipality for the cases active in year\n"
    "Y, as IDATA (uCode = kommunekode; NA where fewer than 5 cases) and IMETA (index GUSA,\n"
    "domains TRAPPE, TVAERS, ETIK) that `indeks composite --data IDATA --meta IMETA` reads.\n"
    "concentration: how the cost of the actions is spread over families: the Lorenz curve\n"
    "by deciles, the shares of the top 1/20/50 %, Gini; overall, per centre and per ladder\n"
    "step (groups of fewer than 5 families suppressed). Without --year: all cases; without\n"
    "--kommune: every municipality. Definitions: docs/gusa.md, \"Indikatorer\".\n";

typedef struct {
    ix_common_opts common;
    const char *db, *idata, *imeta;
    long year, kommune;
} ind_opts;

static int whole(const char *flag, const char *text, double lo, double hi, long *out)
{
    const char *why = NULL;
    double v = 0;
    if (ix_parse_number(text, '.', &v, &why) != 0 || v != (double)(long)v || v < lo || v > hi)
        return ix_cli_usage_error("gusa", "%s needs a whole number from %.0f to %.0f, not \"%s\"",
                                  flag, lo, hi, text);
    *out = (long)v;
    return 0;
}

static int parse(int argc, char **argv, int concentration, ind_opts *o)
{
    enum { OPT_DB = 256, OPT_YEAR, OPT_KOMMUNE, OPT_IDATA, OPT_IMETA };
    static const struct option longopts[] = {{"db", required_argument, NULL, OPT_DB},
                                              {"year", required_argument, NULL, OPT_YEAR},
                                              {"kommune", required_argument, NULL, OPT_KOMMUNE},
                                              {"idata", required_argument, NULL, OPT_IDATA},
                                              {"imeta", required_argument, NULL, OPT_IMETA},
                                              IX_CLI_COMMON_LONGOPTS,
                                              {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, concentration ? IX_FMT_ALL : IX_FMT_BIT(IX_FMT_CSV));
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_YEAR: rc = whole("--year", optarg, 1900, 9999, &o->year); break;
        case OPT_KOMMUNE: rc = whole("--kommune", optarg, 101, 999, &o->kommune); break;
        case OPT_IDATA: o->idata = optarg; break;
        case OPT_IMETA: o->imeta = optarg; break;
        default: rc = ix_cli_common_option(&o->common, "gusa", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if ((rc = ix_cli_common_done(&o->common, "gusa", argc, argv, NULL)))
        return rc;
    if (!o->db)
        return ix_cli_usage_error("gusa", "--db is required");
    if (concentration) {
        if (o->idata || o->imeta)
            return ix_cli_usage_error("gusa", "concentration takes no --idata or --imeta");
        return 0;
    }
    if (!o->year)
        return ix_cli_usage_error("gusa", "indicators needs --year Y");
    if (!o->idata || !o->imeta)
        return ix_cli_usage_error("gusa", "indicators needs --idata FILE and --imeta FILE");
    if (o->kommune || o->common.output)
        return ix_cli_usage_error("gusa", "indicators writes --idata and --imeta (every "
                                          "municipality); it takes no --kommune or -o");
    if (strcmp(o->idata, o->imeta) == 0)
        return ix_cli_usage_error("gusa", "--idata and --imeta must be two files");
    return 0;
}

static ix_status load(const char *db, ix_gusa_facts **f, ix_diag *d)
{
    ix_gusa_store *s = NULL;
    ix_status st = ix_gusa_store_open(db, 0, &s, d);
    if (!st)
        st = ix_gusa_facts_load(s, f, d);
    ix_gusa_store_close(s);
    return st;
}

/* Both files are checked before anything is read and written only when
 * both are ready, so a failure leaves neither half-made. */
static int indicators(ind_opts *o)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_outfile_check(o->idata, &d);
    if (!st)
        st = ix_outfile_check(o->imeta, &d);
    ix_gusa_facts *f = NULL;
    ix_gusa_indicators *r = NULL;
    if (!st)
        st = load(o->db, &f, &d);
    if (!st)
        st = ix_gusa_indicators_compute(f, (int)o->year, &r, &d);
    ix_buf idata, imeta;
    ix_buf_init(&idata);
    ix_buf_init(&imeta);
    ix_sink a = ix_buf_sink(&idata), b = ix_buf_sink(&imeta);
    if (!st) {
        ix_gusa_write_idata(&a, r);
        ix_gusa_write_imeta(&b);
        if (a.failed || b.failed)
            st = ix_diag_set(&d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (!st)
        st = ix_write_file_atomic(o->idata, idata.data, idata.len, &d);
    if (!st)
        st = ix_write_file_atomic(o->imeta, imeta.data, imeta.len, &d);
    ix_buf_free(&idata);
    ix_buf_free(&imeta);
    ix_gusa_indicators_free(r);
    ix_gusa_facts_free(f);
    return st ? ix_cli_report(st, &d) : 0;
}

static int concentration(ind_opts *o)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_cli_check_output(&o->common) ? IX_ERR_USAGE : IX_OK;
    if (st)
        return 2;
    ix_gusa_facts *f = NULL;
    ix_gusa_concentration *c = NULL;
    st = load(o->db, &f, &d);
    if (!st)
        st = ix_gusa_concentration_compute(f, (int)o->year, (int)o->kommune, &c, &d);
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    if (!st) {
        const ix_locale *l = &o->common.locale;
        if (o->common.format == IX_FMT_CSV)
            ix_gusa_write_concentration_csv(&sink, c, l->separator, l->decimal);
        else if (o->common.format == IX_FMT_JSON)
            ix_gusa_write_concentration_json(&sink, c);
        else
            ix_gusa_write_concentration_table(&sink, c, l->decimal);
    }
    ix_gusa_concentration_free(c);
    ix_gusa_facts_free(f);
    int rc = ix_cli_finish(&o->common, st, &d, &sink, &out, NULL);
    ix_buf_free(&out);
    return rc;
}

int ix__cmd_gusa_indicators(int argc, char **argv)
{
    int conc = strcmp(argv[0], "concentration") == 0;
    ind_opts o;
    int rc = parse(argc, argv, conc, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    return conc ? concentration(&o) : indicators(&o);
}
