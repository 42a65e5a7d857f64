/* Shared pieces of the sub-commands (see common.h). */
#include "common.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indeks/csv_write.h"
#include "indeks/number.h"
#include "indeks/outfile.h"
#include "indeks/xlsx.h"

static void flags_in_message(char *text, size_t size);

void ix_common_init(ix_common_opts *o)
{
    o->format = IX_FMT_TABLE;
    o->format_given = 0;
    o->locale.decimal = '.';
    o->locale.separator = ',';
    o->locale.danish = 0;
    o->output = NULL;
    o->xlsx_ok = 0;
    o->formats = 0;
}

int ix_common_set_format(ix_common_opts *o, const char *cmd, const char *value)
{
    if (strcmp(value, "table") == 0)
        o->format = IX_FMT_TABLE;
    else if (strcmp(value, "csv") == 0)
        o->format = IX_FMT_CSV;
    else if (strcmp(value, "json") == 0)
        o->format = IX_FMT_JSON;
    else if (o->xlsx_ok && strcmp(value, "xlsx") == 0)
        o->format = IX_FMT_XLSX;
    else
        return ix_cli_usage_error(cmd, "--format must be table, csv%s json, not \"%s\"",
                                  o->xlsx_ok ? ", xlsx or" : " or", value);
    o->format_given = 1;
    return 0;
}

int ix_common_set_locale(ix_common_opts *o, const char *cmd, const char *value)
{
    if (strcmp(value, "da") == 0 || strcmp(value, "da_DK") == 0) {
        o->locale.decimal = ',';
        o->locale.separator = ';';
        o->locale.danish = 1;
    } else if (strcmp(value, "en") == 0 || strcmp(value, "C") == 0) {
        o->locale.decimal = '.';
        o->locale.separator = ',';
        o->locale.danish = 0;
    } else
        return ix_cli_usage_error(cmd, "--locale must be da or en, not \"%s\"", value);
    return 0;
}

void ix_cli_format_from_output(ix_common_opts *o)
{
    if (o->format_given || !o->output)
        return;
    const char *dot = strrchr(o->output, '.');
    if (dot && strcmp(dot, ".csv") == 0)
        o->format = IX_FMT_CSV;
    else if (dot && strcmp(dot, ".json") == 0)
        o->format = IX_FMT_JSON;
    else if (dot && o->xlsx_ok && strcmp(dot, ".xlsx") == 0)
        o->format = IX_FMT_XLSX;
}

int ix_cli_check_xlsx(const ix_common_opts *o, const char *cmd, const char *conflict)
{
    if (o->format != IX_FMT_XLSX)
        return 0;
    if (!ix_xlsx_available())
        return ix_cli_usage_error(cmd, "--format xlsx: this build has no libxlsxwriter "
                                       "(install libxlsxwriter-dev and rebuild); use --format csv");
    if (!o->output || strcmp(o->output, "-") == 0)
        return ix_cli_usage_error(cmd, "--format xlsx needs -o FILE.xlsx (a workbook is binary "
                                       "and is not written to standard output)");
    if (conflict)
        return ix_cli_usage_error(cmd, "--format xlsx writes the list; it does not go with %s",
                                  conflict);
    return 0;
}

/* The command line and the extra inputs of this run (see common.h). */
static int g_argc;
static char **g_argv;
static const char *g_extra[32];
static size_t g_nextra;

void ix_cli_set_args(int argc, char **argv)
{
    g_argc = argc;
    g_argv = argv;
    g_nextra = 0;
}

void ix_cli_add_input(const char *path)
{
    if (path && g_nextra < sizeof g_extra / sizeof g_extra[0])
        g_extra[g_nextra++] = path;
}

/* 2 (after printing why) when candidate is the same file as out. */
static int same_file(const char *candidate, const struct stat *out, const char *output)
{
    struct stat in;
    if (!candidate || !candidate[0] || strcmp(candidate, "-") == 0 || stat(candidate, &in) != 0)
        return 0;
    if (in.st_dev != out->st_dev || in.st_ino != out->st_ino)
        return 0;
    fprintf(stderr,
            "indeks: %s: the output is the same file as the input \"%s\"; writing it would "
            "destroy the input. Name another output file.\n",
            output, candidate);
    return 2;
}

int ix_cli_check_output(const ix_common_opts *o)
{
    struct stat out;
    if (!o->output || strcmp(o->output, "-") == 0 || stat(o->output, &out) != 0)
        return 0; /* standard output, or a new file: it cannot be an input */
    if (!S_ISREG(out.st_mode))
        return 0; /* a device or a pipe is written through; reading it twice is harmless */
    for (int i = 0; i < g_argc; i++) {
        const char *a = g_argv[i];
        size_t len = strlen(a);
        uintptr_t p = (uintptr_t)o->output, start = (uintptr_t)a;
        if (p >= start && p <= start + len)
            continue; /* the -o argument itself */
        const char *eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL;
        if (same_file(eq ? eq + 1 : a, &out, o->output))
            return 2;
    }
    for (size_t i = 0; i < g_nextra; i++)
        if (g_extra[i] != o->output && same_file(g_extra[i], &out, o->output))
            return 2;
    return 0;
}

int ix_cli_emit_xlsx(const ix_common_opts *o, const ix_xlsx_table *t)
{
    if (ix_cli_check_output(o))
        return 2;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_xlsx_write_file(t, o->output, &d);
    return st == IX_OK ? 0 : ix_cli_report(st, &d);
}

int ix_cli_report(ix_status status, const ix_diag *d)
{
    char text[1400];
    ix_diag shown = *d;
    const char *flag = ix_cli_param_flag(d->field);
    if (flag)
        snprintf(shown.field, sizeof shown.field, "%s", flag);
    flags_in_message(shown.message, sizeof shown.message);
    ix_diag_format(&shown, text, sizeof text);
    if (!text[0])
        snprintf(text, sizeof text, "%s", ix_status_text(status));
    fprintf(stderr, "indeks: %s\n", text);
    switch (status) {
    case IX_ERR_PARSE:
    case IX_ERR_INPUT:
    case IX_ERR_MODEL:
    case IX_ERR_USAGE:
    case IX_ERR_NOTFOUND:
    case IX_ERR_IO:
        return 2;
    default:
        return 1;
    }
}

int(ix_cli_usage_error)(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "indeks %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see: indeks %s --help)\n", cmd);
    return 2;
}

int ix_cli_emit(const ix_common_opts *o, const ix_buf *b)
{
    if (ix_cli_check_output(o))
        return 2;
    ix_diag d;
    ix_diag_clear(&d);
    ix_status st = ix_write_file_atomic(o->output, b->data ? b->data : "", b->len, &d);
    return st == IX_OK ? 0 : ix_cli_report(st, &d);
}

void ix_csv_put_field(ix_sink *s, const char *text, char separator)
{
    ix_csv_write_field(s, text, separator);
}

void ix_csv_put_number(ix_sink *s, double v, char decimal)
{
    ix_csv_write_number(s, v, decimal);
}

void ix_cli_notes_to_stderr(const ix_buf *notes)
{
    for (const char *line = notes->data; line && *line;) {
        const char *end = strchr(line, '\n');
        int len = (int)(end ? (size_t)(end - line) : strlen(line));
        fprintf(stderr, "indeks: note: %.*s\n", len, line);
        line = end ? end + 1 : line + len;
    }
}

int ix_cli_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO);
}

/* ---- the common options and the epilogue (see common.h) ------------------ */

static const char *const format_names[] = {"table", "csv", "json", "xlsx"};

void ix_cli_common_init(ix_common_opts *o, unsigned formats)
{
    ix_common_init(o);
    o->formats = formats;
    o->xlsx_ok = (formats & IX_FMT_BIT(IX_FMT_XLSX)) != 0;
}

/* A command writing fewer formats than table, csv and json: the error lists
 * the ones it writes ("csv", "csv or json"). */
static int set_format_in(ix_common_opts *o, const char *cmd, const char *value)
{
    char list[64] = "";
    size_t n = 0, count = 0, seen = 0;
    for (unsigned f = 0; f < sizeof format_names / sizeof format_names[0]; f++)
        count += (o->formats & IX_FMT_BIT(f)) != 0;
    for (unsigned f = 0; f < sizeof format_names / sizeof format_names[0]; f++) {
        if (!(o->formats & IX_FMT_BIT(f)))
            continue;
        if (strcmp(value, format_names[f]) == 0) {
            o->format = (ix_format)f;
            o->format_given = 1;
            return 0;
        }
        seen++;
        int w = snprintf(list + n, sizeof list - n, "%s%s",
                         seen == 1 ? "" : seen == count ? " or " : ", ", format_names[f]);
        if (w > 0 && (size_t)w < sizeof list - n)
            n += (size_t)w;
    }
    return ix_cli_usage_error(cmd, "--format must be %s, not \"%s\" (%s writes no other format)",
                              list, value, cmd);
}

int ix_cli_common_option(ix_common_opts *o, const char *cmd, int c, const char *usage, int argc,
                         char **argv)
{
    const unsigned usual = IX_FMT_ALL | (o->xlsx_ok ? IX_FMT_BIT(IX_FMT_XLSX) : 0);
    switch (c) {
    case IX_OPT_FORMAT:
        return o->formats == 0 || o->formats == usual ? ix_common_set_format(o, cmd, optarg)
                                                      : set_format_in(o, cmd, optarg);
    case IX_OPT_LOCALE: return ix_common_set_locale(o, cmd, optarg);
    case 'o': o->output = optarg; return 0;
    case IX_OPT_HELP: fputs(usage, stdout); return -1;
    case ':': return ix_cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
    default:
        return ix_cli_usage_error(cmd, "unknown option %s",
                                  optind > 0 && optind <= argc ? argv[optind - 1] : "?");
    }
}

int ix_cli_common_done(ix_common_opts *o, const char *cmd, int argc, char **argv,
                       const char *conflict)
{
    if (optind < argc)
        return ix_cli_usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
    ix_cli_format_from_output(o);
    return ix_cli_check_xlsx(o, cmd, conflict);
}

int ix_cli_finish(const ix_common_opts *o, ix_status st, ix_diag *d, const ix_sink *sink,
                  const ix_buf *out, const ix_buf *notes)
{
    if (!st && sink && sink->failed)
        st = ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the output");
    if (st)
        return ix_cli_report(st, d);
    if (notes)
        ix_cli_notes_to_stderr(notes);
    int has_notes = notes && notes->data && notes->data[0];
    if (o->format != IX_FMT_CSV || (!has_notes && !o->locale.danish))
        return ix_cli_emit(o, out);
    /* CSV: the notes travel inside the file as a last column, and Danish
     * Excel gets a BOM (ix_csv_finish). */
    ix_buf csv;
    ix_buf_init(&csv);
    ix_sink cs = ix_buf_sink(&csv);
    ix_csv_finish(out->data ? out->data : "", out->len, has_notes ? notes->data : NULL,
                  o->locale.separator, o->locale.danish, &cs);
    int rc = cs.failed ? ix_cli_report(ix_diag_set(d, IX_ERR_NOMEM, NULL, 0, 0, NULL,
                                                   "out of memory writing the output"),
                                       d)
                       : ix_cli_emit(o, &csv);
    ix_buf_free(&csv);
    return rc;
}

/* The library's parameter names and the flags that set them. The names are
 * chosen so that no data column is likely to carry them ("edition_year", not
 * "year"): a diagnostic's field is either a parameter or a column. */
static const struct {
    const char *param, *flag;
} param_flags[] = {
    {"classes", "--classes"},
    {"palette", "--palette"},
    {"code_property", "--code-property"},
    {"database", "--db"},
    {"edition_year", "--year"},
    {"output_format", "--format"},
    {"filter", "--filter"},
    {"municipality_code", "--code"},
    {"column_changes", "--set"},
    {"sample_count", "-N"},
    {"sampler", "--sampler"},
    {"analysis_type", "--type"},
    {"thread_count", "--threads"},
    {"weights_noise", "--weights-noise"},
    {"normalise_weights", "--normalise-weights"},
    {"real_values", "--real"},
    {"skip_bad", "--skip-bad"},
};

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A message may name a parameter in its text ("pass normalise_weights to
 * rescale them"): each whole word that is a parameter with an underscore (no
 * English word has one) becomes its flag. text is rewritten in place. */
static void flags_in_message(char *text, size_t size)
{
    char out[sizeof ((ix_diag *)0)->message];
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < sizeof out;) {
        const char *flag = NULL;
        size_t len = 0;
        for (size_t i = 0; !flag && (p == text || !word_char(p[-1])) &&
                           i < sizeof param_flags / sizeof param_flags[0];
             i++) {
            len = strlen(param_flags[i].param);
            if (strchr(param_flags[i].param, '_') && strncmp(p, param_flags[i].param, len) == 0 &&
                !word_char(p[len]))
                flag = param_flags[i].flag;
        }
        if (flag) {
            int w = snprintf(out + n, sizeof out - n, "%s", flag);
            n = w > 0 && (size_t)w < sizeof out - n ? n + (size_t)w : sizeof out - 1;
            p += len;
        } else
            out[n++] = *p++;
    }
    out[n] = '\0';
    snprintf(text, size, "%s", out);
}

const char *ix_cli_param_flag(const char *field)
{
    for (size_t i = 0; field && i < sizeof param_flags / sizeof param_flags[0]; i++)
        if (strcmp(field, param_flags[i].param) == 0)
            return param_flags[i].flag;
    return NULL;
}

int ix_cli_whole(const char *cmd, const char *what, const char *text, long long lo, long long hi,
                 long long *out)
{
    const char *why = NULL;
    double v = 0;
    if (ix_parse_number(text, '.', &v, &why) != 0 || v < (double)lo || v > (double)hi ||
        v != (double)(long long)v)
        return ix_cli_usage_error(cmd, "%s needs a whole number from %lld to %lld, not \"%s\"",
                                  what, lo, hi, text);
    *out = (long long)v;
    return 0;
}
