/* indeks proposals: stakeholders' proposals for Socialt Indeks (issue 17;
 * docs/proposals.md): organisations and members, the list, and the export
 * of the next edition's IMETA draft with the accepted proposals applied. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/csv.h"
#include "indeks/csv_write.h"
#include "indeks/escape.h"
#include "indeks/proposals_store.h"

static const char usage_text[] =
    "usage: indeks proposals SUB --db DB [options] [--format json|csv] [-o FILE]\n\n"
    "Stakeholders propose indicators, changes and recommendations for the next edition of\n"
    "Socialt Indeks on /forslag (indeks serve --gusa); editors decide (docs/proposals.md).\n"
    "DB is the GUSA database (SQLite file or postgresql://...).\n\n"
    "  org add --name N --kind K     an organisation; K: kommune, fagforening,\n"
    "                                interesseorganisation, forskning, andet\n"
    "  member add --iss I --sub S --name N --org ID --role forslagsstiller|redaktoer\n"
    "                                a person who logs in for organisation ID\n"
    "  list                          every proposal, its status and support\n"
    "  export --edition NAME --imeta CURRENT.csv -o NEXT.csv\n"
    "                                the next edition's IMETA: CURRENT with the accepted\n"
    "                                proposals not yet in an edition applied, in decision\n"
    "                                order; the column Proposal names them (F<id>); they are\n"
    "                                then recorded as taken into NAME (running it again for\n"
    "                                NAME gives the same file)\n"
    "  --format json|csv             json (default) or csv (org, member, list)\n"
    "  -o FILE                       write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *db, *name, *kind, *iss, *sub, *role, *edition, *imeta;
    long long org;
} prop_opts;

static int parse_args(int argc, char **argv, prop_opts *o)
{
    enum { OPT_DB = 256, OPT_NAME, OPT_KIND, OPT_ISS, OPT_SUB, OPT_ROLE, OPT_ORG, OPT_EDITION,
           OPT_IMETA };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"name", required_argument, NULL, OPT_NAME},
        {"kind", required_argument, NULL, OPT_KIND},
        {"iss", required_argument, NULL, OPT_ISS},
        {"sub", required_argument, NULL, OPT_SUB},
        {"role", required_argument, NULL, OPT_ROLE},
        {"org", required_argument, NULL, OPT_ORG},
        {"edition", required_argument, NULL, OPT_EDITION},
        {"imeta", required_argument, NULL, OPT_IMETA},
        IX_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_BIT(IX_FMT_JSON) | IX_FMT_BIT(IX_FMT_CSV));
    o->common.format = IX_FMT_JSON;
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_NAME: o->name = optarg; break;
        case OPT_KIND: o->kind = optarg; break;
        case OPT_ISS: o->iss = optarg; break;
        case OPT_SUB: o->sub = optarg; break;
        case OPT_ROLE: o->role = optarg; break;
        case OPT_EDITION: o->edition = optarg; break;
        case OPT_IMETA: o->imeta = optarg; break;
        case OPT_ORG:
            rc = ix_cli_whole("proposals", "--org", optarg, 1, 999999999999999LL, &o->org);
            break;
        default: rc = ix_cli_common_option(&o->common, "proposals", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("proposals", "unexpected argument \"%s\"", argv[optind]);
    if (!o->db)
        return ix_cli_usage_error("proposals", "needs --db DB");
    return ix_cli_common_done(&o->common, "proposals", argc, argv, NULL);
}

static int need(const char *value, const char *flag, const char *sub)
{
    return value ? 0 : ix_cli_usage_error("proposals", "%s needs %s", sub, flag);
}

/* Checks the command line before the database is opened. */
static int check(const char *sub, const char *sub2, const prop_opts *o)
{
    int add = sub2 && strcmp(sub2, "add") == 0;
    if (strcmp(sub, "org") == 0) {
        if (!add)
            return ix_cli_usage_error("proposals", "org takes add");
        return need(o->name, "--name", "org add") || need(o->kind, "--kind", "org add") ? 2 : 0;
    }
    if (strcmp(sub, "member") == 0) {
        if (!add)
            return ix_cli_usage_error("proposals", "member takes add");
        if (need(o->iss, "--iss", "member add") || need(o->sub, "--sub", "member add") ||
            need(o->name, "--name", "member add") || need(o->role, "--role", "member add"))
            return 2;
        if (!o->org)
            return ix_cli_usage_error("proposals", "member add needs --org ID");
        if (strcmp(o->role, "forslagsstiller") != 0 && strcmp(o->role, "redaktoer") != 0)
            return ix_cli_usage_error("proposals",
                                      "--role must be forslagsstiller or redaktoer, not \"%s\"",
                                      o->role);
        return 0;
    }
    if (sub2)
        return ix_cli_usage_error("proposals", "unexpected argument \"%s\"", sub2);
    if (strcmp(sub, "list") == 0)
        return 0;
    if (strcmp(sub, "export") == 0) {
        if (need(o->edition, "--edition NAME", "export") ||
            need(o->imeta, "--imeta CURRENT.csv", "export") ||
            need(o->common.output, "-o NEXT.csv", "export"))
            return 2;
        size_t n = strlen(o->edition);
        if (n == 0 || n > 120 || strpbrk(o->edition, "\n\r\t"))
            return ix_cli_usage_error("proposals", "--edition needs a name of 1 to 120 "
                                                   "characters on one line");
        return 0;
    }
    return ix_cli_usage_error("proposals",
                              "unknown sub-command \"%s\" (org, member, list, export)", sub);
}

static void list_csv(ix_sink *s, const ix_prop_list *l)
{
    ix_sink_puts(s, "id,ref,kind,icode,name,organisation,created,status,decided_at,reason,"
                    "edition,support\n");
    for (size_t i = 0; i < l->n; i++) {
        const ix_prop_view *v = &l->items[i];
        const char *cells[] = {ix_prop_kind_name(v->p.kind), v->p.icode, v->p.name, v->org,
                               v->created, v->status, v->decided_at, v->reason, v->edition};
        ix_sink_printf(s, "%lld,F%lld", v->id, v->id);
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            ix_sink_puts(s, ",");
            ix_csv_write_field(s, cells[c] ? cells[c] : "", ',');
        }
        ix_sink_printf(s, ",%zu\n", v->nsupport);
    }
}

static void list_json(ix_sink *s, const ix_prop_list *l)
{
    ix_sink_puts(s, "{\"proposals\":[");
    for (size_t i = 0; i < l->n; i++) {
        const ix_prop_view *v = &l->items[i];
        const char *keys[] = {"kind", "icode", "name", "organisation", "created", "status",
                              "decided_at", "reason", "edition"};
        const char *vals[] = {ix_prop_kind_name(v->p.kind), v->p.icode, v->p.name, v->org,
                              v->created, v->status, v->decided_at, v->reason, v->edition};
        ix_sink_printf(s, "%s{\"id\":%lld", i ? "," : "", v->id);
        for (size_t c = 0; c < sizeof keys / sizeof *keys; c++) {
            ix_sink_printf(s, ",\"%s\":", keys[c]);
            if (vals[c])
                ix_json_string(s, vals[c]);
            else
                ix_sink_puts(s, "null");
        }
        ix_sink_printf(s, ",\"support\":%zu}", v->nsupport);
    }
    ix_sink_puts(s, "]}\n");
}

/* The draft is written first; only then are the proposals marked as taken
 * into the edition, so a failed write leaves the database as it was. */
static ix_status export_draft(ix_gusa_store *s, const prop_opts *o, ix_buf *out, ix_diag *d)
{
    ix_table *cur = NULL, *next = NULL;
    ix_prop_list *views = NULL;
    ix_prop_accepted *acc = NULL;
    size_t n = 0;
    ix_cli_add_input(o->imeta);
    ix_status st = ix_csv_read_file(o->imeta, &cur, d);
    if (!st)
        st = ix_prop_accepted_for(s, o->edition, &views, &acc, &n, d);
    if (!st) {
        st = ix_prop_apply(cur, acc, n, &next, d);
        if (st && !d->file[0])
            snprintf(d->file, sizeof d->file, "%s", o->imeta);
    }
    if (!st) {
        ix_sink sink = ix_buf_sink(out);
        ix_csv_write_table(next, &sink);
        if (ix_cli_emit(&o->common, out) != 0)
            st = ix_diag_set(d, IX_ERR_IO, o->common.output, 0, 0, NULL,
                             "the draft was not written; no proposal was marked");
    }
    long long *ids = n ? calloc(n, sizeof *ids) : NULL;
    for (size_t i = 0; ids && i < n; i++)
        ids[i] = acc[i].id;
    if (!st && n && !ids)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        st = ix_prop_mark_applied(s, o->edition, ids, n, d);
    if (!st) {
        fprintf(stderr, "indeks proposals: %zu accepted proposal%s applied to %s:", n,
                n == 1 ? "" : "s", o->common.output);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " F%lld", ids[i]);
        fputs(n ? "\n" : " none\n", stderr);
    }
    free(ids);
    free(acc);
    ix_prop_list_free(views);
    ix_table_free(next);
    ix_table_free(cur);
    return st;
}

static int run(const char *sub, const char *sub2, prop_opts *o)
{
    int rc = check(sub, sub2, o);
    if (rc)
        return rc;
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    ix_gusa_store *s = NULL;
    ix_status st = ix_gusa_store_open(o->db, 0, &s, &e.d);
    if (st)
        return ix_cli_report(st, &e.d);
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    int csv = o->common.format == IX_FMT_CSV;
    long long id = 0;
    if (strcmp(sub, "export") == 0) {
        st = export_draft(s, o, &out, &e.d);
        ix_gusa_store_close(s);
        ix_buf_free(&out);
        return st ? ix_cli_report(st, &e.d) : 0;
    }
    if (strcmp(sub, "org") == 0)
        st = ix_prop_org_add(s, o->name, o->kind, &id, &e);
    else if (strcmp(sub, "member") == 0)
        st = ix_prop_member_add(s, o->iss, o->sub, o->name, o->org,
                                strcmp(o->role, "redaktoer") == 0, &id, &e);
    else {
        ix_prop_list *l = NULL;
        st = ix_prop_list_load(s, &l, &e.d);
        if (!st)
            csv ? list_csv(&sink, l) : list_json(&sink, l);
        ix_prop_list_free(l);
    }
    if (!st && strcmp(sub, "list") != 0)
        ix_sink_printf(&sink, csv ? "id\n%lld\n" : "{\"id\":%lld}\n", id);
    ix_gusa_store_close(s);
    rc = ix_cli_finish(&o->common, st, &e.d, &sink, &out, NULL);
    ix_buf_free(&out);
    return rc;
}

int ix_cmd_proposals(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    int skip = 1;
    const char *sub2 = NULL;
    if (argc > 2 && argv[2][0] != '-') {
        sub2 = argv[2];
        skip = 2;
    }
    prop_opts o;
    int rc = parse_args(argc - skip, argv + skip, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    return run(sub, sub2, &o);
}
