/* Criteria counts from person-level register microdata (issue 7, part 2).
 *
 * Rules name each criterion as a filter over person columns: ranges,
 * equalities, sets, "is missing", combined with and/or/not. They are
 * compiled once, against a file's header, into a flat postfix program over
 * column positions; the counting kernel then parses rows of CSV text and adds
 * one to a per-municipality counter for every criterion a row meets. Nothing
 * here does I/O: the streaming reader and the threads are in lib/io/
 * (aggregate_run.c), the JSON rules in lib/io/register/aggregate_rules.c.
 *
 * Missing values (an empty field) follow SQL's three-valued logic, so the
 * counts equal those of the query ix_agg_write_sql prints: a test on a
 * missing value is unknown, NOT unknown is unknown, AND/OR are Kleene's, and
 * a row counts for a criterion only when its filter is true.
 *
 * Ownership: an ix_agg_rules owns every string and array in it (free with
 * ix_agg_rules_free); a program owns its copy of what it needs, so the rules
 * may be freed once it is compiled. */
#ifndef INDEKS_AGGREGATE_H
#define INDEKS_AGGREGATE_H

#include <stddef.h>
#include <stdint.h>

#include "indeks/diag.h"
#include "indeks/sink.h"

#define IX_AGG_MAX_DEPTH 32      /* nesting of and/or/not */
#define IX_AGG_MAX_CRITERIA 256
#define IX_AGG_MAX_NAME 120      /* column and criterion names, bytes */
#define IX_AGG_BAD_KEEP 8        /* malformed rows described per chunk */

typedef enum {
    IX_AGG_RANGE = 0, /* lo <= column <= hi (lo == hi: equality; +-inf: open) */
    IX_AGG_IN,        /* column is one of values[first .. first + n) */
    IX_AGG_ISNULL,    /* column is missing (empty field) */
    IX_AGG_AND,       /* kids[first .. first + n) all true; n == 0: true */
    IX_AGG_OR,        /* any of kids[first .. first + n) true; n >= 1 */
    IX_AGG_NOT        /* kids[first] false */
} ix_agg_kind;

typedef struct ix_agg_node {
    ix_agg_kind kind;
    size_t column; /* leaves: index into rules->columns */
    double lo, hi; /* IX_AGG_RANGE */
    size_t first, n;
} ix_agg_node;

typedef struct ix_agg_criterion {
    char *id;    /* the output column */
    size_t root; /* index into rules->nodes */
} ix_agg_criterion;

typedef struct ix_agg_rules {
    char *municipality; /* the persons file's municipality column */
    char *code_name;    /* its name in the output (default "kommunekode") */
    char *population;   /* the output column of count(*) (default "indbyggere") */
    char **columns;     /* distinct person columns the filters read */
    size_t ncolumns;
    ix_agg_node *nodes;
    size_t nnodes, cap_nodes;
    double *values; /* the members of IX_AGG_IN sets */
    size_t nvalues, cap_values;
    size_t *kids; /* children of and/or/not */
    size_t nkids, cap_kids;
    ix_agg_criterion *criteria;
    size_t ncriteria, cap_criteria;
} ix_agg_rules;

/* Empty rules with the default output names; NULL when out of memory. */
ix_agg_rules *ix_agg_rules_new(void);
void ix_agg_rules_free(ix_agg_rules *r);

/* Setters copy their strings. Names must be 1..IX_AGG_MAX_NAME bytes without
 * control characters or '"'; violations give IX_ERR_MODEL. */
ix_status ix_agg_rules_set_names(ix_agg_rules *r, const char *municipality, const char *code_name,
                                 const char *population, ix_diag *d);

/* Node builders: each appends a node and sets *node to its index. A column is
 * named by its header name (added to rules->columns on first use). */
ix_status ix_agg_leaf_range(ix_agg_rules *r, const char *column, double lo, double hi, size_t *node,
                            ix_diag *d);
ix_status ix_agg_leaf_in(ix_agg_rules *r, const char *column, const double *values, size_t n,
                         size_t *node, ix_diag *d);
ix_status ix_agg_leaf_isnull(ix_agg_rules *r, const char *column, size_t *node, ix_diag *d);
/* kind is IX_AGG_AND, IX_AGG_OR or IX_AGG_NOT (exactly one kid). */
ix_status ix_agg_combine(ix_agg_rules *r, ix_agg_kind kind, const size_t *kids, size_t n,
                         size_t *node, ix_diag *d);
/* Adds a criterion; ids must be unique and differ from the two other output
 * names. */
ix_status ix_agg_rules_add(ix_agg_rules *r, const char *id, size_t root, ix_diag *d);

/* Reads RULES.json (lib/io/register/aggregate_rules.c; grammar in docs/aggregate.md).
 * Syntax errors are IX_ERR_PARSE with line and column; others IX_ERR_MODEL
 * with the line and the path of the offending value. *out is the caller's. */
ix_status ix_agg_rules_parse(const char *text, size_t len, const char *source, ix_agg_rules **out,
                             ix_diag *d);

/* Checks what the builders cannot: at least one criterion, nesting depth
 * at most IX_AGG_MAX_DEPTH, every node reached in range. */
ix_status ix_agg_rules_check(const ix_agg_rules *r, ix_diag *d);

/* ---- compiled program and counting kernel ------------------------------ */

typedef struct ix_agg_program ix_agg_program;

/* Binds the rules to a file's header (ncols names, as read) and compiles
 * them. separator is ',' or ';'; decimal '.' or ','. A column the rules need
 * that the header lacks is IX_ERR_INPUT naming source:1. */
ix_status ix_agg_compile(const ix_agg_rules *r, const char *const *header, size_t ncols,
                         char separator, char decimal, const char *source, ix_agg_program **out,
                         ix_diag *d);
void ix_agg_program_free(ix_agg_program *p);
/* allowed 0: count with the baseline row loop even on an AVX2 machine (the
 * same counts; for testing and benchmarks). */
void ix_agg_program_allow_avx2(ix_agg_program *p, int allowed);
size_t ix_agg_program_ncriteria(const ix_agg_program *p);
/* Output names: j == 0 the population, 1 + i criterion i; owned by p. */
const char *ix_agg_program_column(const ix_agg_program *p, size_t j);
const char *ix_agg_program_code_name(const ix_agg_program *p);
/* The header name of field f (0-based) of the file; owned by p. */
const char *ix_agg_program_field(const ix_agg_program *p, size_t f);

/* Counters per municipality x (population, criteria...). Plain integers, so
 * merging the counters of any number of threads gives the same totals. */
typedef struct ix_agg_counts ix_agg_counts;
ix_agg_counts *ix_agg_counts_new(const ix_agg_program *p);
void ix_agg_counts_free(ix_agg_counts *c);
/* dst += src (both from the same program). */
void ix_agg_counts_merge(ix_agg_counts *dst, const ix_agg_counts *src);
/* The count of column j (0 population, 1 + i criterion i) for municipality
 * code; 0 for a code never seen. */
int64_t ix_agg_counts_get(const ix_agg_counts *c, int code, size_t j);

/* What counting a chunk found: its physical lines, its malformed rows and
 * the first IX_AGG_BAD_KEEP of them described (line relative to the chunk,
 * 1-based; file name left empty for the caller to fill). */
typedef struct ix_agg_chunk_result {
    long nlines;
    long nbad;
    size_t nkept;
    ix_diag bad[IX_AGG_BAD_KEEP];
} ix_agg_chunk_result;

/* Counts the complete lines in bytes[0 .. len): len must be 0 or
 * bytes[len - 1] must be '\n'. A malformed row adds nothing to the counts. */
void ix_agg_count_chunk(const ix_agg_program *p, const char *bytes, size_t len, ix_agg_counts *c,
                        ix_agg_chunk_result *res);

/* The kernel has two paths that give the same counts and the same
 * diagnostics: a fast one (tabulated single-column conditions, rows read
 * only up to the last field used; chosen whenever the rules fit it, which
 * they do unless they need more than 64 single-column subtrees) and the
 * general postfix interpreter. For tests and measurements: on = 0 forces the
 * general one. ix_agg_program_fast says which is in use. */
void ix_agg_program_set_fast(ix_agg_program *p, int on);
int ix_agg_program_fast(const ix_agg_program *p);

/* ---- a whole file (lib/io/register/aggregate_run.c: threads and file reading) ---- */

#define IX_AGG_REPORT_KEEP 16 /* malformed rows a run describes */

typedef struct ix_agg_run_opts {
    int threads;       /* counting threads; 0 = one per processor */
    long skip_bad;     /* malformed rows skipped before the run fails (0: none) */
    size_t chunk_size; /* bytes per chunk; 0 = the default (1 MiB) */
    /* Called from the reading thread after each chunk read: bytes of the
     * file consumed (compressed bytes for gzip) and the file's size (0 when
     * unknown, as for a pipe). May be NULL. */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
    int no_avx2;       /* 1: the baseline row loop even where AVX2 would run (for
                          testing and benchmarks; cli sets it from IX_AGG_NO_AVX2) */
} ix_agg_run_opts;

typedef struct ix_agg_run_report {
    long rows;  /* rows counted */
    long lines; /* physical lines read, header included */
    long nbad;  /* malformed rows skipped */
    size_t nkept;
    ix_diag bad[IX_AGG_REPORT_KEEP]; /* the first ones skipped, file:line:column */
} ix_agg_run_report;

/* Reads path ("-" standard input; gzip detected by its magic bytes, also on
 * a pipe) in one pass of fixed-size chunks, split at line ends: pieces of
 * the mapped file for a plain file (no copies; IX_AGG_NO_MMAP=1 in the
 * environment turns this off), else buffers a reading thread fills; and
 * o->threads threads count them, each into its own
 * counters, merged at the end (so the counts never depend on the thread
 * count). The first line is the header; the separator is ',' or ';'
 * (whichever the header has more of outside quotes) with the decimal mark
 * '.' or ',' to match. Malformed rows beyond o->skip_bad stop the run with
 * IX_ERR_PARSE naming the first of them as file:line:column: field. On
 * success *prog and *counts belong to the caller. Memory: about
 * (2 * threads + 2) chunks, whatever the file's size. */
ix_status ix_agg_run(const ix_agg_rules *r, const char *path, const ix_agg_run_opts *o,
                     ix_agg_program **prog, ix_agg_counts **counts, ix_agg_run_report *rep,
                     ix_diag *d);

/* Writes the counts as CSV: code_name, population, the criteria's ids; one
 * row per municipality with at least one person, by code. */
void ix_agg_counts_write_csv(const ix_agg_program *p, const ix_agg_counts *c, ix_sink *s);

/* The counts for a person (format 0: a table with thousands separators and
 * the municipality's name; Danish words when danish) or a machine (1: CSV as
 * above with the given separator; 2: JSON {"code_column", "columns",
 * "notes", "units": [{"kommunekode", "kommune", "counts": {...}}]}). notes
 * (lines, may be NULL) go into JSON and under the table; CSV carries them
 * as a column added by its caller (ix_csv_finish). */
void ix_agg_counts_write(const ix_agg_program *p, const ix_agg_counts *c, int format,
                         char separator, int danish, const char *notes, ix_sink *s);

/* Writes the same aggregation as one PostgreSQL query over table. */
void ix_agg_write_sql(const ix_agg_rules *r, const char *table, ix_sink *s);

#endif
