/* The sub-commands: each takes argc/argv with argv[0] its own name and
 * returns the process exit status (0 ok, 2 bad input or usage, 1 other). */
#ifndef INDEKS_CLI_COMMANDS_H
#define INDEKS_CLI_COMMANDS_H

int ix_cmd_socio(int argc, char **argv);
int ix_cmd_landsliste(int argc, char **argv);
int ix_cmd_composite(int argc, char **argv);
int ix_cmd_demo_data(int argc, char **argv);
int ix_cmd_kommuner(int argc, char **argv);
int ix_cmd_map(int argc, char **argv);
int ix_cmd_report(int argc, char **argv);
int ix_cmd_sensitivity(int argc, char **argv);
int ix_cmd_aggregate(int argc, char **argv);
int ix_cmd_import(int argc, char **argv);
int ix_cmd_export(int argc, char **argv);
int ix_cmd_serve(int argc, char **argv);
int ix_cmd_udligning(int argc, char **argv);
int ix_cmd_scenario(int argc, char **argv);
int ix_cmd_whatif(int argc, char **argv);
int ix_cmd_gusa(int argc, char **argv);
int ix_cmd_proposals(int argc, char **argv);
int ix_cmd_compare_editions(int argc, char **argv);
/* gusa indicators and gusa concentration (cli/cmd_gusa_ind.c): argv[0] is
 * the sub-command's name. */
int ix__cmd_gusa_indicators(int argc, char **argv);
/* indeks report --gusa (cli/cmd_report_gusa.c). */
int ix__cmd_report_gusa(int argc, char **argv);

#endif
