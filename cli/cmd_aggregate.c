/* indeks aggregate: criteria counts per municipality from a person-level
 * register, or the same aggregation as SQL. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "indeks/aggregate.h"
#include "indeks/outfile.h"

static const char usage_text[] =
    "usage: indeks aggregate --rules RULES.json --persons PERSONS.csv[.gz] [-o COUNTS.csv]\n"
    "                        [--skip-bad N] [--threads T] [--format csv|table|json]\n"
    "                        [--locale da]\n"
    "       indeks aggregate --rules RULES.json --emit-sql [--table NAME] [-o QUERY.sql]\n\n"
    "Counts, per municipality, the persons of a register file who meet each criterion of\n"
    "RULES.json (grammar: docs/aggregate.md), in one streaming pass. The output is the data\n"
    "CSV that `indeks socio --data` reads (kommunekode, indbyggere, one column per criterion).\n\n"
    "  --rules FILE      the criteria (e.g. models/aggregate_rules_2021.json)\n"
    "  --persons FILE    one row per person, CSV with a header (',' or ';'); gzip is read\n"
    "                    directly (recognised by its content); - reads standard input\n"
    "  -o FILE           write the counts (or the query) to FILE, atomically\n"
    "  --format F        csv (default: the data file socio reads), table (for a person:\n"
    "                    names, thousands separators) or json; skipped rows are noted in\n"
    "                    the output (CSV: a last column \"notes\")\n"
    "  --locale da       Danish: ';' CSV with a BOM (Excel), Danish words and numbers\n"
    "  --skip-bad N      skip up to N malformed rows (each reported as file:line:column);\n"
    "                    default 0: the first one stops the run with exit status 2\n"
    "  --threads T       counting threads (default: the number of processors); the counts\n"
    "                    are the same for any T\n"
    "  --emit-sql        print the same aggregation as one PostgreSQL query instead\n"
    "  --table NAME      the table the query reads (default persons)\n"
    "A progress bar is shown on standard error when it is a terminal.\n";

typedef struct {
    ix_common_opts common;
    const char *rules, *persons, *table;
    int emit_sql;
    long skip_bad;
    int threads;
} agg_opts;

static int parse_long(const char *opt, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0' || v < lo || v > hi)
        return ix_cli_usage_error("aggregate", "%s takes a whole number from %ld to %ld, got \"%s\"",
                                  opt, lo, hi, text);
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, agg_opts *o)
{
    enum { OPT_RULES = 256, OPT_PERSONS, OPT_SQL, OPT_TABLE, OPT_SKIP, OPT_THREADS };
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, OPT_RULES},
        {"persons", required_argument, NULL, OPT_PERSONS},
        {"emit-sql", no_argument, NULL, OPT_SQL},
        {"table", required_argument, NULL, OPT_TABLE},
        {"skip-bad", required_argument, NULL, OPT_SKIP},
        {"threads", required_argument, NULL, OPT_THREADS},
        IX_CLI_LONGOPT_FORMAT,
        IX_CLI_LONGOPT_LOCALE,
        IX_CLI_LONGOPT_OUTPUT,
        IX_CLI_LONGOPT_HELP,
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    ix_cli_common_init(&o->common, IX_FMT_ALL);
    o->table = "persons";
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    long x = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_RULES: o->rules = optarg; break;
        case OPT_PERSONS: o->persons = optarg; break;
        case OPT_SQL: o->emit_sql = 1; break;
        case OPT_TABLE: o->table = optarg; break;
        case OPT_SKIP:
            if (!(rc = parse_long("--skip-bad", optarg, 0, 1000000000L, &x)))
                o->skip_bad = x;
            break;
        case OPT_THREADS:
            if (!(rc = parse_long("--threads", optarg, 1, 64, &x)))
                o->threads = (int)x;
            break;
        default: rc = ix_cli_common_option(&o->common, "aggregate", c, usage_text, argc, argv);
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return ix_cli_usage_error("aggregate", "unexpected argument \"%s\"", argv[optind]);
    if (!o->rules)
        return ix_cli_usage_error("aggregate", "--rules is required");
    if (!o->persons && !o->emit_sql)
        return ix_cli_usage_error("aggregate", "--persons is required (or --emit-sql)");
    if (o->persons && o->emit_sql)
        return ix_cli_usage_error("aggregate", "--emit-sql prints a query: it reads no --persons");
    if (o->emit_sql && o->common.format_given)
        return ix_cli_usage_error("aggregate", "--emit-sql prints a query (SQL): it takes no --format");
    ix_cli_format_from_output(&o->common);
    if (!o->common.format_given && !(o->common.output && strstr(o->common.output, ".json")))
        o->common.format = IX_FMT_CSV; /* the counts socio reads */
    return 0;
}

/* ---- progress on a terminal --------------------------------------------- */

typedef struct {
    double last, start;
    int shown;
} progress;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
    progress *pg = ctx;
    double t = now_seconds();
    if (t - pg->last < 0.1)
        return;
    pg->last = t;
    pg->shown = 1;
    double mb = (double)done / 1e6, rate = mb / (t - pg->start > 1e-9 ? t - pg->start : 1e-9);
    if (total > 0) {
        int width = 30, fill = (int)((double)done / (double)total * width);
        char bar[32];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[width] = '\0';
        fprintf(stderr, "\r[%s] %3.0f%%  %.0f MB  %.0f MB/s ", bar, 100.0 * (double)done / (double)total,
                mb, rate);
    } else {
        fprintf(stderr, "\r%.0f MB  %.0f MB/s ", mb, rate);
    }
    fflush(stderr);
}

/* ---- the command ----------------------------------------------------------- */

static ix_status load_rules(const char *path, ix_agg_rules **r, ix_diag *d)
{
    char *text = NULL;
    size_t len = 0;
    ix_status st = ix_read_file_max(path, IX_MAX_SPEC_FILE, &text, &len, d);
    if (!st)
        st = ix_agg_rules_parse(text, len, path, r, d);
    free(text);
    return st;
}

/* Skipped rows are a warning that travels with the counts. */
static void skipped_note(const agg_opts *o, const ix_agg_run_report *rep, ix_sink *s)
{
    if (rep->nbad <= 0)
        return;
    if (o->common.locale.danish)
        ix_sink_printf(s, "%ld fejlbehæftede rækker er sprunget over (--skip-bad %ld); %ld rækker er talt med\n",
                       rep->nbad, o->skip_bad, rep->rows);
    else
        ix_sink_printf(s, "%ld malformed row%s skipped (--skip-bad %ld); %ld rows counted\n", rep->nbad,
                       rep->nbad == 1 ? "" : "s", o->skip_bad, rep->rows);
}

static void report_skipped(const ix_agg_run_report *rep)
{
    char line[1400];
    for (size_t i = 0; i < rep->nkept; i++) {
        ix_diag_format(&rep->bad[i], line, sizeof line);
        fprintf(stderr, "indeks: skipped: %s\n", line);
    }
    if (rep->nbad > (long)rep->nkept)
        fprintf(stderr, "indeks: skipped: ... and %ld more\n", rep->nbad - (long)rep->nkept);
}

int ix_cmd_aggregate(int argc, char **argv)
{
    agg_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_agg_rules *rules = NULL;
    ix_agg_program *prog = NULL;
    ix_agg_counts *counts = NULL;
    ix_agg_run_report *rep = calloc(1, sizeof *rep);
    ix_buf out;
    ix_buf_init(&out);
    ix_sink sink = ix_buf_sink(&out);
    ix_buf notes;
    ix_buf_init(&notes);
    ix_sink notes_sink = ix_buf_sink(&notes);
    ix_status st = rep ? load_rules(o.rules, &rules, &d)
                       : ix_diag_set(&d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st && o.emit_sql) {
        ix_agg_write_sql(rules, o.table, &sink);
    } else if (!st) {
        progress pg = {0, now_seconds(), 0};
        ix_agg_run_opts ro = {o.threads, o.skip_bad, 0, NULL, NULL, getenv("IX_AGG_NO_AVX2") != NULL};
        if (ix_cli_stderr_is_tty()) {
            ro.progress = show_progress;
            ro.progress_ctx = &pg;
        }
        st = ix_agg_run(rules, o.persons, &ro, &prog, &counts, rep, &d);
        if (pg.shown)
            fputs("\r\033[K", stderr);
        if (!st) {
            report_skipped(rep);
            skipped_note(&o, rep, &notes_sink);
            int format = o.common.format == IX_FMT_CSV ? 1 : o.common.format == IX_FMT_JSON ? 2 : 0;
            ix_agg_counts_write(prog, counts, format, o.common.locale.separator,
                                o.common.locale.danish, notes.data, &sink);
        }
    }
    /* the notes go to standard error, and into a CSV as its last column */
    rc = ix_cli_finish(&o.common, st, &d, &sink, &out, &notes);
    ix_buf_free(&notes);
    ix_buf_free(&out);
    ix_agg_counts_free(counts);
    ix_agg_program_free(prog);
    ix_agg_rules_free(rules);
    free(rep);
    return rc;
}
