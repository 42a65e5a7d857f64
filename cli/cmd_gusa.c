/* indeks gusa: GUSA's database from the command line (issue 15): init,
 * person add, staff add, demo, audit verify, audit export, retention. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "indeks/gusa_store.h"
#include "indeks/number.h"

static const char usage_text[] =
    "usage: indeks gusa SUB --db DB [options] [--format json|csv] [-o FILE]\n\n"
    "GUSA, cross-sector family dialogues: the database of cases, people, consents and the\n"
    "audit log (docs/gusa.md). DB is a SQLite file or postgresql://user@host/db.\n\n"
    "  init                          make or migrate the database\n"
    "  person add --iss I --sub S --name N [--email E] [--kommune CODE]\n"
    "             [--child NAME,YYYY-MM-DD]... [--self-child ID]  a citizen, the children in\n"
    "             their custody; --self-child: the person is child ID (a young person)\n"
    "  staff add --iss I --sub S --name N --role medarbejder|myndighed|leder|revisor\n"
    "            --centre C [--email E]        C: boern-laering, familie-forebyggelse,\n"
    "                                          arbejdsmarked, social, sundhed-omsorg\n"
    "  demo [--families N] [--seed S] [--today YYYY-MM-DD]  synthetic families, SYNTETISKE\n"
    "                                DATA (5000, seed 2016), made as of --today (default today)\n"
    "  indicators --year Y --idata F --imeta F   the 14 indicators for `indeks composite`\n"
    "  concentration [--year Y] [--kommune K]    cost per family: Lorenz, Gini, top shares\n"
    "                                (`indeks gusa indicators --help` for both)\n"
    "  audit verify                  walk the audit log's hash chain: exit 0 intact, 1 broken\n"
    "  audit export --person ID      who looked at a person's data (role and centre)\n"
    "  retention [--apply] [--case-years N]  what retention deletes (dry run unless --apply):\n"
    "                                closed cases N (5) years after the closing year,\n"
    "                                expired invitations, sessions and login flows, audit\n"
    "                                rows after 5 years. Deletion needs a decision by\n"
    "                                Rigsarkivet (arkivloven) before --apply is used.\n"
    "  --format json|csv             json (default) or csv\n"
    "  -o FILE                       write to FILE (atomically) instead of standard output\n";

typedef struct {
    ix_common_opts common;
    const char *db, *iss, *sub, *name, *email, *role, *centre;
    const char *children[64];
    size_t nchildren;
    long kommune, families, case_years;
    unsigned long seed;
    long long person, self_child;
    int apply;
    time_t today; /* demo --today: the day the demo is made as of (0: today) */
} gusa_opts;

static int number_opt(const char *flag, const char *text, double lo, double hi, double *out)
{
    const char *why = NULL;
    double v = 0;
    if (ix_parse_number(text, '.', &v, &why) != 0 || v != (double)(long long)v || v < lo || v > hi)
        return ix_cli_usage_error("gusa", "%s needs a whole number from %.0f to %.0f, not \"%s\"",
                                  flag, lo, hi, text);
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, gusa_opts *o)
{
    enum {
        OPT_DB = 256, OPT_ISS, OPT_SUB, OPT_NAME, OPT_EMAIL, OPT_ROLE, OPT_CENTRE, OPT_CHILD,
        OPT_KOMMUNE, OPT_SELF_CHILD, OPT_FAMILIES, OPT_SEED, OPT_PERSON, OPT_APPLY, OPT_CASE_YEARS,
        OPT_TODAY
    };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"iss", required_argument, NULL, OPT_ISS},
        {"sub", required_argument, NULL, OPT_SUB},
        {"name", required_argument, NULL, OPT_NAME},
        {"email", required_argument, NULL, OPT_EMAIL},
        {"role", required_argument, NULL, OPT_ROLE},
        {"centre", required_argument, NULL, OPT_CENTRE},
        {"child", required_argument, NULL, OPT_CHILD},
        {"kommune", required_argument, NULL, OPT_KOMMUNE},
        {"self-child", required_argument, NULL, OPT_SELF_CHILD},
        {"families", required_argument, NULL, OPT_FAMILIES},
        {"seed", required_argument, NULL, OPT_SEED},
        {"person", required_argument, NULL, OPT_PERSON},
        {"apply", no_argument, NULL, OPT_APPLY},
        {"case-years", required_argument, NULL, OPT_CASE_YEARS},
        {"today", required_argument, NULL, OPT_TODAY},
        IX_CLI_LONGOPT_FORMAT,
        IX_CLI_LONGOPT_OUTPUT,
        IX_CLI_LONGOPT_HELP,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->kommune = 376; /* Guldborgsund, where GUSA comes from */
    o->families = 5000;
    o->seed = 2016;
    o->case_years = 5;
    ix_cli_common_init(&o->common, IX_FMT_BIT(IX_FMT_JSON) | IX_FMT_BIT(IX_FMT_CSV));
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    double v = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_ISS: o->iss = optarg; break;
        case OPT_SUB: o->sub = optarg; break;
        case OPT_NAME: o->name = optarg; break;
        case OPT_EMAIL: o->email = optarg; break;
        case OPT_ROLE: o->role = optarg; break;
        case OPT_CENTRE: o->centre = optarg; break;
        case OPT_CHILD:
            if (o->nchildren == sizeof o->children / sizeof o->children[0])
                return ix_cli_usage_error("gusa", "at most 64 --child");
            o->children[o->nchildren++] = optarg;
            break;
        case OPT_KOMMUNE:
            if ((rc = number_opt("--kommune", optarg, 101, 999, &v)) == 0)
                o->kommune = (long)v;
            break;
        case OPT_SELF_CHILD:
            if ((rc = number_opt("--self-child", optarg, 1, 1e15, &v)) == 0)
                o->self_child = (long long)v;
            break;
        case OPT_FAMILIES:
            if ((rc = number_opt("--families", optarg, 1, 1000000, &v)) == 0)
                o->families = (long)v;
            break;
        case OPT_SEED:
            if ((rc = number_opt("--seed", optarg, 0, 4294967295.0, &v)) == 0)
                o->seed = (unsigned long)v;
            break;
        case OPT_PERSON:
            if ((rc = number_opt("--person", optarg, 1, 1e15, &v)) == 0)
                o->person = (long long)v;
            break;
        case OPT_APPLY: o->apply = 1; break;
        case OPT_TODAY: {
            long days = 0;
            if (ix_gusa_check_date(optarg, "today", NULL) != IX_OK ||
                ix_gusa_date_days(optarg, &days) != 0)
                return ix_cli_usage_error("gusa", "--today needs a date YYYY-MM-DD, not \"%s\"",
                                          optarg);
            o->today = (time_t)days * 86400 + 12L * 3600; /* noon UTC of that day */
            break;
        }
        case OPT_CASE_YEARS:
            if ((rc = number_opt("--case-years", optarg, 1, 100, &v)) == 0)
                o->case_years = (long)v;
            break;
        default: rc = ix_cli_common_option(&o->common, "gusa", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("gusa", "unexpected argument \"%s\"", argv[optind]);
    if (!o->db)
        return ix_cli_usage_error("gusa", "--db is required");
    if (!o->common.format_given || o->common.format == IX_FMT_TABLE)
        o->common.format = IX_FMT_JSON;
    return 0;
}

static int need(const char *value, const char *flag, const char *sub)
{
    if (value)
        return 0;
    return ix_cli_usage_error("gusa", "%s needs %s", sub, flag);
}

/* A key/value object as JSON or as two CSV rows (header, values). */
typedef struct {
    const char *key, *value; /* value: raw JSON (number, true, quoted string) */
    const char *text;        /* the CSV text (NULL: value) */
} kv;

static void write_kv(ix_sink *s, int csv, const kv *items, size_t n)
{
    if (csv) {
        for (size_t i = 0; i < n; i++) {
            if (i)
                ix_sink_puts(s, ",");
            ix_csv_put_field(s, items[i].key, ',');
        }
        ix_sink_puts(s, "\n");
        for (size_t i = 0; i < n; i++) {
            if (i)
                ix_sink_puts(s, ",");
            ix_csv_put_field(s, items[i].text ? items[i].text : items[i].value, ',');
        }
        ix_sink_puts(s, "\n");
        return;
    }
    ix_sink_puts(s, "{");
    for (size_t i = 0; i < n; i++)
        ix_sink_printf(s, "%s\"%s\":%s", i ? "," : "", items[i].key, items[i].value);
    ix_sink_puts(s, "}\n");
}

static int run(const char *sub, const char *sub2, gusa_opts *o)
{
    ix_diag d;
    ix_diag_clear(&d);
    ix_gusa_err e;
    memset(&e, 0, sizeof e);
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    int csv = o->common.format == IX_FMT_CSV, exit_code = 0;
    ix_gusa_store *s = NULL;
    ix_status st = IX_OK;
    char a[64], b[1400];

    /* options checked before the database is opened: nothing is created for
     * a bad command line */
    if (strcmp(sub, "person") == 0) {
        if (!sub2 || strcmp(sub2, "add") != 0)
            return ix_cli_usage_error("gusa", "person takes add");
        if (need(o->iss, "--iss", "person add") || need(o->sub, "--sub", "person add") ||
            need(o->name, "--name", "person add"))
            return 2;
    } else if (strcmp(sub, "staff") == 0) {
        if (!sub2 || strcmp(sub2, "add") != 0)
            return ix_cli_usage_error("gusa", "staff takes add");
        if (need(o->iss, "--iss", "staff add") || need(o->sub, "--sub", "staff add") ||
            need(o->name, "--name", "staff add") || need(o->role, "--role", "staff add") ||
            need(o->centre, "--centre", "staff add"))
            return 2;
        if (!ix_gusa_staff_role_parse(o->role))
            return ix_cli_usage_error("gusa", "--role must be medarbejder, myndighed, leder or "
                                              "revisor, not \"%s\"", o->role);
        if (!ix_gusa_centre_parse(o->centre))
            return ix_cli_usage_error("gusa", "--centre must be boern-laering, "
                                              "familie-forebyggelse, arbejdsmarked, social or "
                                              "sundhed-omsorg, not \"%s\"", o->centre);
    } else if (strcmp(sub, "audit") == 0) {
        if (!sub2 || (strcmp(sub2, "verify") != 0 && strcmp(sub2, "export") != 0))
            return ix_cli_usage_error("gusa", "audit takes verify or export");
        if (strcmp(sub2, "export") == 0 && !o->person)
            return ix_cli_usage_error("gusa", "audit export needs --person ID");
        if (strcmp(sub2, "export") == 0 && csv)
            return ix_cli_usage_error("gusa", "audit export writes JSON only");
    } else if (strcmp(sub, "init") != 0 && strcmp(sub, "demo") != 0 &&
               strcmp(sub, "retention") != 0)
        return ix_cli_usage_error("gusa", "unknown sub-command \"%s\" (init, person, staff, demo, "
                                          "audit, retention, indicators, concentration)", sub);
    else if (sub2)
        return ix_cli_usage_error("gusa", "unexpected argument \"%s\"", sub2);

    ix_gusa_child_in kids[64];
    char kid_text[64][256];
    for (size_t i = 0; i < o->nchildren; i++) {
        const char *comma = strrchr(o->children[i], ',');
        size_t n = comma ? (size_t)(comma - o->children[i]) : 0;
        if (!comma || n == 0 || n >= sizeof kid_text[i])
            return ix_cli_usage_error("gusa", "--child needs NAME,YYYY-MM-DD, not \"%s\"",
                                      o->children[i]);
        memcpy(kid_text[i], o->children[i], n);
        kid_text[i][n] = '\0';
        kids[i].name = kid_text[i];
        kids[i].born = comma + 1;
    }

    st = ix_gusa_store_open(o->db, strcmp(sub, "init") == 0, &s, &d);
    if (st) {
        ix_buf_free(&out);
        return ix_cli_report(st, &d);
    }
    if (strcmp(sub, "init") == 0) {
        snprintf(a, sizeof a, "%d", IX_GUSA_SCHEMA_VERSION);
        snprintf(b, sizeof b, "\"%s\"", ix_gusa_store_backend(s));
        kv items[] = {{"schema_version", a, NULL}, {"backend", b, ix_gusa_store_backend(s)}};
        write_kv(&sink, csv, items, 2);
    } else if (strcmp(sub, "person") == 0) {
        long long id = 0, child_ids[64];
        st = ix_gusa_person_add(s, o->iss, o->sub, o->name, o->email, (int)o->kommune, kids,
                                o->nchildren, o->self_child, &id, child_ids, &e);
        if (!st) {
            size_t k = 0;
            b[0] = '\0';
            for (size_t i = 0; i < o->nchildren; i++)
                k += (size_t)snprintf(b + k, sizeof b - k, "%s%lld", i ? "," : "", child_ids[i]);
            if (csv) {
                ix_sink_printf(&sink, "id,children\n%lld,", id);
                ix_csv_put_field(&sink, b, ',');
                ix_sink_puts(&sink, "\n");
            } else
                ix_sink_printf(&sink, "{\"id\":%lld,\"children\":[%s]}\n", id, b);
        }
    } else if (strcmp(sub, "staff") == 0) {
        long long id = 0;
        st = ix_gusa_staff_add(s, o->iss, o->sub, o->name, o->email,
                               ix_gusa_staff_role_parse(o->role), ix_gusa_centre_parse(o->centre),
                               &id, &e);
        if (!st) {
            snprintf(a, sizeof a, "%lld", id);
            kv items[] = {{"id", a, NULL}};
            write_kv(&sink, csv, items, 1);
        }
    } else if (strcmp(sub, "demo") == 0) {
        if (o->today)
            ix_gusa_store_set_clock(s, o->today);
        st = ix_gusa_demo(s, o->families, o->seed, &e.d);
        if (!st) {
            char f[32], sd[32];
            snprintf(f, sizeof f, "%ld", o->families);
            snprintf(sd, sizeof sd, "%lu", o->seed);
            kv items[] = {{"families", f, NULL}, {"seed", sd, NULL},
                          {"label", "\"SYNTETISKE DATA\"", "SYNTETISKE DATA"}};
            write_kv(&sink, csv, items, 3);
        }
    } else if (strcmp(sub, "audit") == 0 && sub2 && strcmp(sub2, "verify") == 0) {
        ix_gusa_verify v;
        st = ix_gusa_audit_verify(s, &v, &e.d);
        if (!st) {
            char rows[32], first[32], bad[32], why[160];
            snprintf(rows, sizeof rows, "%lld", v.rows);
            snprintf(first, sizeof first, "%lld", v.first_seq);
            snprintf(bad, sizeof bad, "%lld", v.bad_seq);
            snprintf(why, sizeof why, "\"%s\"", v.why);
            kv items[] = {{"ok", v.ok ? "true" : "false", NULL}, {"rows", rows, NULL},
                          {"first_seq", first, NULL}, {"bad_seq", bad, NULL},
                          {"why", why, v.why}};
            write_kv(&sink, csv, items, 5);
            exit_code = v.ok ? 0 : 1;
            if (!v.ok)
                fprintf(stderr, "indeks: the audit log is broken at row %lld: %s\n", v.bad_seq,
                        v.why);
        }
    } else if (strcmp(sub, "audit") == 0) {
        st = ix_gusa_audit_export_person(s, o->person, &sink, &e);
    } else { /* retention */
        ix_gusa_retention r;
        memset(&r, 0, sizeof r);
        r.case_years = (int)o->case_years;
        r.audit_years = 5;
        r.apply = o->apply;
        st = ix_gusa_retention_run(s, &r, &e.d);
        if (!st) {
            char n[6][32];
            snprintf(n[0], 32, "%ld", o->case_years);
            snprintf(n[1], 32, "%lld", r.cases);
            snprintf(n[2], 32, "%lld", r.invitations);
            snprintf(n[3], 32, "%lld", r.sessions);
            snprintf(n[4], 32, "%lld", r.login_flows);
            snprintf(n[5], 32, "%lld", r.audit_rows);
            static const char note[] =
                "Deletion of case records needs a decision by Rigsarkivet (arkivloven) on "
                "what is kept or handed over";
            snprintf(b, sizeof b, "\"%s\"", note);
            kv items[] = {{"apply", o->apply ? "true" : "false", NULL},
                          {"case_years", n[0], NULL},
                          {"cases", n[1], NULL},
                          {"invitations", n[2], NULL},
                          {"sessions", n[3], NULL},
                          {"login_flows", n[4], NULL},
                          {"audit_rows", n[5], NULL},
                          {"note", b, note}};
            write_kv(&sink, csv, items, 8);
        }
    }
    ix_gusa_store_close(s);
    int rc = ix_cli_finish(&o->common, st, &e.d, &sink, &out, NULL);
    ix_buf_free(&out);
    return rc ? rc : exit_code;
}

int ix_cmd_gusa(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "indicators") == 0 || strcmp(sub, "concentration") == 0)
        return ix__cmd_gusa_indicators(argc - 1, argv + 1);
    int skip = 1;
    const char *sub2 = NULL;
    if (argc > 2 && argv[2][0] != '-') {
        sub2 = argv[2];
        skip = 2;
    }
    gusa_opts o;
    /* getopt sees argv[skip] as the program name */
    int rc = parse_args(argc - skip, argv + skip, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    return run(sub, sub2, &o);
}
