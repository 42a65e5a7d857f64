/* indeks demo-data: the embedded SYNTHETIC demo data written out as CSV, so
 * users can see (and edit) what the demo computes on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/demo.h"
#include "indeks/number.h"

static const char usage_text[] =
    "usage: indeks demo-data socio [--seed N] [-o FILE]\n\n"
    "Writes the SYNTHETIC demo data set the demo uses when no --data is given:\n"
    "one row per municipality with the columns of models/socio_2021.json.\n"
    "Only codes, names and population sizes are real (Danmarks Statistik).\n";

static void write_table_csv(const ix_table *t, ix_sink *s)
{
    for (size_t c = 0; c < ix_table_ncols(t); c++) {
        if (c)
            ix_sink_put(s, ",", 1);
        ix_csv_put_field(s, ix_table_header(t, c), ',');
    }
    ix_sink_put(s, "\n", 1);
    for (size_t r = 0; r < ix_table_nrows(t); r++) {
        for (size_t c = 0; c < ix_table_ncols(t); c++) {
            if (c)
                ix_sink_put(s, ",", 1);
            ix_csv_put_field(s, ix_table_cell(t, r, c), ',');
        }
        ix_sink_put(s, "\n", 1);
    }
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
    write_table_csv(t, &s);
    int rc = s.failed ? 1 : ix_cli_emit(&o, &b);
    ix_buf_free(&b);
    ix_table_free(t);
    return rc;
}
