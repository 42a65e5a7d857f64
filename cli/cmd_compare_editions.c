/* indeks compare-editions: two stored editions side by side (issue 17):
 * rank changes and the indicators added, removed or changed, with the
 * stakeholder proposals behind them (docs/serve.md, docs/proposals.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/edition_diff_write.h"
#include "indeks/proposals_store.h"
#include "indeks/store.h"

static const char usage_text[] =
    "usage: indeks compare-editions --db DB A B [--proposals GUSADB] [--format table|csv|json]\n"
    "                               [--locale da] [-o FILE]\n\n"
    "Compares stored edition A with edition B (ids, see indeks export --list): each\n"
    "municipality's rank in both and the change (A - B: positive moved up), and, for\n"
    "composite indices, the indicators added, removed and changed between the two IMETA,\n"
    "with the stakeholder proposals behind them (the IMETA's Proposal column; removals from\n"
    "--proposals, the database of /forslag). Both must be of the same kind.\n";

typedef struct {
    ix_common_opts common;
    const char *db, *proposals;
    long a, b;
} cmp_opts;

/* An edition is named by its id (indeks export --list). */
static int edition_id(const char *text, const char *which, long *out)
{
    long long v = 0;
    int rc = ix_cli_whole("compare-editions", which, text, 1, 999999999999999LL, &v);
    *out = (long)v;
    return rc;
}

static int parse_args(int argc, char **argv, cmp_opts *o)
{
    enum { OPT_DB = 256, OPT_PROPOSALS };
    static const struct option longopts[] = {{"db", required_argument, NULL, OPT_DB},
                                             {"proposals", required_argument, NULL, OPT_PROPOSALS},
                                             IX_CLI_COMMON_LONGOPTS,
                                             {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_BIT(IX_FMT_TABLE) | IX_FMT_BIT(IX_FMT_CSV) |
                                       IX_FMT_BIT(IX_FMT_JSON));
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_PROPOSALS: o->proposals = optarg; break;
        default:
            rc = ix_cli_common_option(&o->common, "compare-editions", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (!o->db)
        return ix_cli_usage_error("compare-editions", "needs --db DB");
    if (argc - optind != 2)
        return ix_cli_usage_error("compare-editions", "needs two edition ids, A and B");
    if (edition_id(argv[optind], "edition A", &o->a) ||
        edition_id(argv[optind + 1], "edition B", &o->b))
        return 2;
    optind = argc; /* the two ids are taken */
    return ix_cli_common_done(&o->common, "compare-editions", argc, argv, NULL);
}

/* The removals of b that came from proposals (none without --proposals). */
static ix_status removals(const cmp_opts *o, const char *edition, ix_prop_list **l,
                          ix_ediff_trace **t, size_t *n, ix_diag *d)
{
    *l = NULL;
    *t = NULL;
    *n = 0;
    if (!o->proposals)
        return IX_OK;
    ix_gusa_store *g = NULL;
    ix_status st = ix_gusa_store_open(o->proposals, 0, &g, d);
    if (!st)
        st = ix_prop_removed_in(g, edition, l, d);
    ix_gusa_store_close(g);
    if (!st && (*l)->n && !(*t = calloc((*l)->n, sizeof **t)))
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; !st && i < (*l)->n; i++)
        (*t)[(*n)++] = (ix_ediff_trace){(*l)->items[i].p.icode, (*l)->items[i].id};
    return st;
}

int ix_cmd_compare_editions(int argc, char **argv)
{
    cmp_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_store *s = NULL;
    ix_edition *a = NULL, *b = NULL;
    ix_prop_list *props = NULL;
    ix_ediff_trace *trace = NULL;
    size_t ntrace = 0;
    ix_ediff diff;
    memset(&diff, 0, sizeof diff);
    ix_status st = ix_store_open_existing(o.db, &s, &d);
    if (!st)
        st = ix_store_edition(s, o.a, &a, &d);
    if (!st)
        st = ix_store_edition(s, o.b, &b, &d);
    if (!st)
        st = removals(&o, b->info.name, &props, &trace, &ntrace, &d);
    if (!st)
        st = ix_edition_diff(a, b, trace, ntrace, &diff, &d);
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    if (!st) {
        ix_ediff_labels l = {o.a, o.b, a->info.name, b->info.name};
        if (o.common.format == IX_FMT_CSV)
            ix_ediff_write_csv(&diff, o.common.locale.separator, o.common.locale.decimal, 0, &sink);
        else if (o.common.format == IX_FMT_JSON)
            ix_ediff_write_json(&diff, &l, &sink);
        else
            ix_ediff_write_table(&diff, &l, o.common.locale.decimal, &sink);
    }
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, NULL);
    ix_buf_free(&out);
    ix_ediff_free(&diff);
    free(trace);
    ix_prop_list_free(props);
    ix_edition_free(a);
    ix_edition_free(b);
    ix_store_close(s);
    return rc;
}
