/* What every sub-command shares: output formats and locale, printing a
 * diagnostic, and writing the finished output (atomically, see outfile.h).
 *
 * Exit status: 0 success, 2 bad input or usage (the user can fix it),
 * 1 anything else (out of memory, internal error). */
#ifndef INDEKS_CLI_COMMON_H
#define INDEKS_CLI_COMMON_H

#include <getopt.h>

#include "indeks/diag.h"
#include "indeks/sink.h"

typedef enum { IX_FMT_TABLE = 0, IX_FMT_CSV, IX_FMT_JSON, IX_FMT_XLSX } ix_format;

/* How numbers a user reads are written. English (default): '.' decimal and
 * ',' CSV separator. Danish (--locale da): ',' decimal and ';' separator. */
typedef struct {
    char decimal;
    char separator;
    int danish;
} ix_locale;

/* Options every command takes. */
typedef struct {
    ix_format format;
    int format_given;
    ix_locale locale;
    const char *output; /* NULL = standard output */
    int xlsx_ok;        /* the command writes --format xlsx (set after ix_common_init) */
    unsigned formats;   /* the formats it writes (IX_FMT_BIT); 0: table, csv, json */
} ix_common_opts;

void ix_common_init(ix_common_opts *o);
/* Parses "--format" and "--locale" values; returns 0 or prints an error and
 * returns 2. */
int ix_common_set_format(ix_common_opts *o, const char *cmd, const char *value);
int ix_common_set_locale(ix_common_opts *o, const char *cmd, const char *value);

/* When no --format was given and -o names a .csv or .json file (or .xlsx
 * when o->xlsx_ok), use that format. */
void ix_cli_format_from_output(ix_common_opts *o);

/* For --format xlsx: checks that this build has libxlsxwriter, that -o names
 * a file (a workbook is binary, never written to a terminal) and that no
 * option conflicting with it was given (conflict: its name, or NULL).
 * Returns 0, or prints a usage error and returns 2. */
int ix_cli_check_xlsx(const ix_common_opts *o, const char *cmd, const char *conflict);

/* Writes a finished workbook table to o->output atomically (see xlsx.h).
 * Returns an exit status (0 on success; reports the error itself). */
struct ix_xlsx_table;
int ix_cli_emit_xlsx(const ix_common_opts *o, const struct ix_xlsx_table *t);

/* Prints "indeks: <diag>" to standard error; returns the exit status for the
 * diag's status (2 for user-fixable input, 1 otherwise). */
int ix_cli_report(ix_status status, const ix_diag *d);

/* text as a whole number from lo to hi into *out: 0, or prints "<what> needs a
 * whole number from lo to hi, not ..." as cmd's usage error and returns 2. */
int ix_cli_whole(const char *cmd, const char *what, const char *text, long long lo, long long hi,
                 long long *out);

/* Prints "indeks <cmd>: <message>" and a hint to run --help; returns 2. */
int ix_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
#ifdef __clang_analyzer__
/* For clang-tidy's static analyzer only (scripts/lint.sh), as ix_diag_set in
 * indeks/diag.h: it cannot see into common.c, so a usage error would look as
 * if it might return 0 and let unchecked options through. */
#define ix_cli_usage_error(cmd, ...) (ix_cli_usage_error((cmd), __VA_ARGS__), 2)
#endif

/* The files a command reads must never be its output (-o X --data X would
 * replace the data). main() hands over the command line: every argument (or
 * the value of --opt=value) that names an existing file counts as an input;
 * a command adds any file it reads that the command line does not name.
 * ix_cli_emit and ix_cli_emit_xlsx then refuse (exit 2) an output that is the
 * same file (device and inode) as an input, before writing anything. The
 * strings are borrowed and must outlive the command. */
void ix_cli_set_args(int argc, char **argv);
void ix_cli_add_input(const char *path);
/* 0, or prints the error and returns 2. */
int ix_cli_check_output(const ix_common_opts *o);

/* Writes a finished buffer to o->output (or standard output), atomically.
 * Returns an exit status (0 on success; reports the error itself). */
int ix_cli_emit(const ix_common_opts *o, const ix_buf *b);

/* Writes a CSV field, quoted when it holds the separator, a quote or a line
 * end. */
void ix_csv_put_field(ix_sink *s, const char *text, char separator);
/* Writes a number with ix_format_exact in the locale's decimal mark; NaN as
 * an empty field. */
void ix_csv_put_number(ix_sink *s, double v, char decimal);

/* Prints each line of notes (may be empty) to standard error as
 * "indeks: note: <line>": for CSV outputs, which have no place for notes. */
void ix_cli_notes_to_stderr(const ix_buf *notes);

/* Standard output is a terminal (for progress display). */
int ix_cli_stderr_is_tty(void);

/* ---- One parser for the common options, one epilogue ---------------------
 *
 * Every command parses its options with getopt_long and one table. The
 * options all commands share are spliced into that table by a macro, and the
 * command's switch hands everything it does not know itself to
 * ix_cli_common_option in its default branch. That function takes --format,
 * --locale, -o/--output and --help, and reports a missing value (':') or an
 * unknown option the same way for every command.
 *
 *     static const struct option longopts[] = {
 *         {"data", required_argument, NULL, OPT_DATA},
 *         IX_CLI_COMMON_LONGOPTS,          // --format --locale --output --help
 *         {NULL, 0, NULL, 0}};
 *     ix_cli_common_init(&o->common, IX_FMT_BIT(IX_FMT_TABLE) | IX_FMT_BIT(IX_FMT_CSV));
 *     optind = 1;
 *     opterr = 0;
 *     while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1) {
 *         switch (c) {
 *         case OPT_DATA: o->data = optarg; break;
 *         default: rc = ix_cli_common_option(&o->common, "cmd", c, usage_text, argc, argv);
 *         }
 *     }
 *     if (rc)
 *         return rc;                        // -1 after --help (exit 0), else 2
 *     ...
 *     return ix_cli_finish(&o.common, st, &d, &sink, &out, notes);
 *
 * A command that takes only some of the shared options splices the single
 * entries (IX_CLI_LONGOPT_FORMAT, _LOCALE, _OUTPUT, _HELP) instead; one whose
 * --format names other formats (map: svg, png, pdf) declares its own "format"
 * entry and leaves IX_CLI_LONGOPT_FORMAT out. Own option values start at 256;
 * the shared ones are IX_OPT_FORMAT and up. */
enum { IX_OPT_FORMAT = 0x4000, IX_OPT_LOCALE, IX_OPT_HELP };

#define IX_CLI_LONGOPT_FORMAT {"format", required_argument, NULL, IX_OPT_FORMAT}
#define IX_CLI_LONGOPT_LOCALE {"locale", required_argument, NULL, IX_OPT_LOCALE}
#define IX_CLI_LONGOPT_OUTPUT {"output", required_argument, NULL, 'o'}
#define IX_CLI_LONGOPT_HELP {"help", no_argument, NULL, IX_OPT_HELP}
#define IX_CLI_COMMON_LONGOPTS                                                                     \
    IX_CLI_LONGOPT_FORMAT, IX_CLI_LONGOPT_LOCALE, IX_CLI_LONGOPT_OUTPUT, IX_CLI_LONGOPT_HELP
/* getopt_long's short options: ':' to tell a missing value from an unknown
 * option, and -o FILE. */
#define IX_CLI_SHORTOPTS ":o:"

/* A set of formats, for ix_cli_common_init: IX_FMT_BIT(IX_FMT_CSV) | ... */
#define IX_FMT_BIT(f) (1u << (unsigned)(f))
#define IX_FMT_ALL (IX_FMT_BIT(IX_FMT_TABLE) | IX_FMT_BIT(IX_FMT_CSV) | IX_FMT_BIT(IX_FMT_JSON))

/* ix_common_init, and the formats this command writes (a set of IX_FMT_BIT;
 * IX_FMT_BIT(IX_FMT_XLSX) sets xlsx_ok). --format naming another is a usage
 * error that lists the ones it writes. */
void ix_cli_common_init(ix_common_opts *o, unsigned formats);

/* Handles one result c of getopt_long that the command's own switch did not
 * take: --format, --locale, -o, --help (prints usage to standard output),
 * a missing value and an unknown option. Returns 0 when taken, -1 after
 * --help (the command exits 0) and 2 after printing a usage error. */
int ix_cli_common_option(ix_common_opts *o, const char *cmd, int c, const char *usage, int argc,
                         char **argv);

/* After the option loop: an argument left over is a usage error (2);
 * otherwise chooses the format from -o's extension (ix_cli_format_from_output)
 * and checks --format xlsx (ix_cli_check_xlsx with conflict). Returns 0 or 2. */
int ix_cli_common_done(ix_common_opts *o, const char *cmd, int argc, char **argv,
                       const char *conflict);

/* The end of every command that writes to a buffer: a failure (st) is
 * reported from d; a failed sink (out of memory while writing) is reported as
 * such; otherwise notes (may be NULL) go to standard error as
 * "indeks: note: <line>" and out is written to o->output atomically.
 * Returns the exit status. */
int ix_cli_finish(const ix_common_opts *o, ix_status st, ix_diag *d, const ix_sink *sink,
                  const ix_buf *out, const ix_buf *notes);

/* The command-line flag for a parameter the library names in a diagnostic's
 * field ("classes" -> "--classes"), or NULL when field is no parameter. The
 * library's messages name parameters, not flags (a web user calls the same
 * functions); ix_cli_report shows the flag. */
const char *ix_cli_param_flag(const char *field);

#endif
