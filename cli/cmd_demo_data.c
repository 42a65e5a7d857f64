/* indeks demo-data: the embedded SYNTHETIC demo data written out as CSV, so
 * users can see (and edit) what the demo computes on. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/demo.h"
#include "indeks/number.h"

static const char usage_text[] =
    "usage: indeks demo-data socio [--seed N] [--format csv|json] [--locale da] [-o FILE]\n\n"
    "Writes the SYNTHETIC demo data set the demo uses when no --data is given:\n"
    "one row per municipality with the columns of models/socio_2021.json.\n"
    "Only codes, names and population sizes are real (Danmarks Statistik).\n";

/* The cells are whole numbers or text, so only the separator changes with
 * the locale. */
static void write_table_csv(const ix_table *t, char sep, ix_sink *s)
{
    for (size_t c = 0; c < ix_table_ncols(t); c++) {
        if (c)
            ix_sink_put(s, &sep, 1);
        ix_csv_put_field(s, ix_table_header(t, c), sep);
    }
    ix_sink_put(s, "\n", 1);
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        for (size_t c = 0; c < ix_table_ncols(t); c++) {
            if (c)
                ix_sink_put(s, &sep, 1);
            ix_csv_put_field(s, ix_table_cell(t, r, c), sep);
        }
        ix_sink_put(s, "\n", 1);
    }
}

static int json_put(const char *buffer, size_t size, void *sink)
{
    ix_sink_put(sink, buffer, size);
    return 0;
}

/* Rows as objects; counts as numbers, codes and names as text. */
static void write_table_json(const ix_table *t, ix_sink *s)
{
    json_t *rows = json_array();
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        json_t *o = json_object();
        for (size_t c = 0; c < ix_table_ncols(t); c++) {
            double v = 0;
            const char *why = NULL, *cell = ix_table_cell(t, r, c);
            int numeric = c >= 2 && ix_parse_number(cell, '.', &v, &why) == 0;
            json_object_set_new(o, ix_table_header(t, c), numeric ? json_real(v) : json_string(cell));
        }
        json_array_append_new(rows, o);
    }
    json_t *root = json_pack("{s:s,s:o}", "datakilde", IX_DEMO_LABEL, "rows", rows);
    json_dump_callback(root, json_put, s, JSON_INDENT(1));
    ix_sink_put(s, "\n", 1);
    json_decref(root);
}

int ix_cmd_demo_data(int argc, char **argv)
{
    ix_common_opts o;
    ix_common_init(&o);
    unsigned long long seed = IX_DEMO_SEED;
    int kind_given = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage_text, stdout);
            return 0;
        } else if (strcmp(argv[i], "socio") == 0)
            kind_given = 1;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            o.output = argv[++i];
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (ix_common_set_format(&o, "demo-data", argv[++i]) != 0)
                return 2;
        } else if (strcmp(argv[i], "--locale") == 0 && i + 1 < argc) {
            if (ix_common_set_locale(&o, "demo-data", argv[++i]) != 0)
                return 2;
        }
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            char *end = NULL;
            seed = strtoull(argv[++i], &end, 10);
            if (!end || *end || argv[i][0] == '-')
                return ix_cli_usage_error("demo-data", "--seed needs a whole number, got \"%s\"", argv[i]);
        } else
            return ix_cli_usage_error("demo-data", "unknown argument: %s", argv[i]);
    }
    if (!kind_given)
        return ix_cli_usage_error("demo-data", "name the data set: socio");
    ix_diag d;
    ix_diag_clear(&d);
    ix_table *t = NULL;
    ix_status st = ix_demo_socio_table(seed, &t, &d);
    if (st)
        return ix_cli_report(st, &d);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    ix_cli_format_from_output(&o);
    if (o.format == IX_FMT_JSON)
        write_table_json(t, &s);
    else
        write_table_csv(t, o.locale.separator, &s);
    int rc = s.failed ? 1 : ix_cli_emit(&o, &b);
    ix_buf_free(&b);
    ix_table_free(t);
    return rc;
}
