/* indeks: the command line. Dispatches to one file per sub-command. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "indeks/kommuner.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"socio", ix_cmd_socio, "the socio-economic index of every municipality (udligningsloven § 5)"},
    {"landsliste", ix_cmd_landsliste, "a year's national list from a published index series"},
    {"composite", ix_cmd_composite, "a composite index from COINr-style tables (Socialt Indeks)"},
    {"sensitivity", ix_cmd_sensitivity, "rank intervals and sensitivity indices of an index's choices"},
    {"aggregate", ix_cmd_aggregate, "criteria counts per municipality from person-level register microdata"},
    {"report", ix_cmd_report, "one self-contained HTML report: map, ranked list, profiles (--socio | --composite)"},
    {"udligning", ix_cmd_udligning, "equalisation in kroner per municipality (udligningsloven)"},
    {"scenario", ix_cmd_scenario, "equalisation under two parameter sets, models or data sets"},
    {"whatif", ix_cmd_whatif, "one municipality's changed counts: index, need, equalisation"},
    {"map", ix_cmd_map, "a map of the municipalities coloured by a column (SVG)"},
    {"import", ix_cmd_import, "store a computed result as a new edition in a database"},
    {"export", ix_cmd_export, "write a stored edition back as CSV"},
    {"serve", ix_cmd_serve, "the web site and JSON API over a database of editions"},
    {"gusa", ix_cmd_gusa, "GUSA family dialogues: database, people, demo, audit, retention"},
    {"compare-editions", ix_cmd_compare_editions, "two stored editions: rank changes, indicators added/removed/changed"},
    {"proposals", ix_cmd_proposals, "stakeholders' proposals for Socialt Indeks: members, list, export"},
    {"kommuner", ix_cmd_kommuner, "the 98 municipalities: code, name, region"},
    {"demo-data", ix_cmd_demo_data, "write the embedded synthetic demo data as CSV"},
};

const char *ix__embedded(const char *name, size_t *len);

static void usage(FILE *out)
{
    fprintf(out, "usage: indeks <command> [options]   (indeks <command> --help for its options)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n  --version    the version and the embedded models' sources\n");
}

static void version(void)
{
    printf("indeks %s\n", IX_VERSION);
    printf("Municipalities: %s\n", IX_KOMMUNE_SOURCE);
    size_t len = 0;
    const char *model = ix__embedded("models/socio_2021.json", &len);
    const char *src = model ? strstr(model, "\"source\"") : NULL;
    if (src) {
        const char *start = strchr(src + 8, '"'), *end = start ? strchr(start + 1, '"') : NULL;
        if (start && end)
            printf("Model models/socio_2021.json (embedded default): %.*s\n", (int)(end - start - 1),
                   start + 1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        version();
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            ix_cli_set_args(argc - 2, argv + 2);
            return commands[i].run(argc - 1, argv + 1);
        }
    fprintf(stderr, "indeks: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return 2;
}
