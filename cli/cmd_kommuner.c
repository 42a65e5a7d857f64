/* indeks kommuner: the embedded reference table of the 98 municipalities. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/json_sink.h"
#include "indeks/kommuner.h"
#include "indeks/number.h"
#include "indeks/textable.h"

static const char usage_text[] =
    "usage: indeks kommuner [--format table|csv|json] [--locale da] [-o FILE]\n\n"
    "The 98 municipalities: code, name, region, population 1 January 2020.\n"
    "Source: " IX_KOMMUNE_SOURCE ".\n";

static void write_csv(const ix_locale *loc, ix_sink *s)
{
    const char c = loc->separator;
    ix_sink_printf(s, "kommunekode%cnavn%cregion%cregionskode%cbefolkning_2020\n", c, c, c, c);
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        const ix_kommune *k = ix_kommune_at(i);
        ix_sink_printf(s, "%03d%c%s%c%s%c%d%c%ld\n", k->code, c, k->name, c, k->region, c,
                       k->region_code, c, k->population_2020);
    }
}

static void write_json(ix_sink *s)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        const ix_kommune *k = ix_kommune_at(i);
        char code[8];
        snprintf(code, sizeof code, "%03d", k->code);
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:i,s:I}", "kommunekode", code, "navn",
                                             k->name, "region", k->region, "regionskode",
                                             k->region_code, "befolkning_2020",
                                             (json_int_t)k->population_2020));
    }
    json_t *root = json_pack("{s:s,s:o}", "source", IX_KOMMUNE_SOURCE, "kommuner", arr);
    ix_json_emit(root, s, NULL);
}

static void write_table(const ix_locale *loc, ix_sink *s)
{
    ix_textable *t = ix_textable_new(4);
    if (!t) {
        s->failed = 1;
        return;
    }
    const char *head[4] = {loc->danish ? "Kode" : "Code", loc->danish ? "Kommune" : "Municipality",
                           "Region", loc->danish ? "Indbyggere 2020" : "Population 2020"};
    for (int c = 0; c < 4; c++)
        ix_textable_add(t, head[c]);
    ix_textable_right(t, 3);
    for (size_t i = 0; i < ix_kommune_count(); i++) {
        const ix_kommune *k = ix_kommune_at(i);
        char buf[32];
        snprintf(buf, sizeof buf, "%03d", k->code);
        ix_textable_add(t, buf);
        ix_textable_add(t, k->name);
        ix_textable_add(t, k->region);
        ix_format_fixed((double)k->population_2020, 0, loc->decimal, 1, buf, sizeof buf);
        ix_textable_add(t, buf);
    }
    ix_textable_render(t, s);
    ix_textable_free(t);
    ix_sink_printf(s, "\n%s: %s\n", loc->danish ? "Kilde" : "Source", IX_KOMMUNE_SOURCE);
}

static int parse_args(int argc, char **argv, ix_common_opts *o)
{
    static const struct option longopts[] = {IX_CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    ix_cli_common_init(o, IX_FMT_ALL);
    optind = 1;
    opterr = 0;
    int c, rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, IX_CLI_SHORTOPTS, longopts, NULL)) != -1)
        rc = ix_cli_common_option(o, "kommuner", c, usage_text, argc, argv);
    return rc ? rc : ix_cli_common_done(o, "kommuner", argc, argv, NULL);
}

int ix_cmd_kommuner(int argc, char **argv)
{
    ix_common_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    ix_diag d;
    ix_diag_clear(&d);
    ix_buf b;
    ix_buf_init(&b);
    ix_sink s = ix_buf_sink(&b);
    if (o.format == IX_FMT_CSV)
        write_csv(&o.locale, &s);
    else if (o.format == IX_FMT_JSON)
        write_json(&s);
    else
        write_table(&o.locale, &s);
    rc = ix_cli_finish(&o, IX_OK, &d, &s, &b, NULL);
    ix_buf_free(&b);
    return rc;
}
