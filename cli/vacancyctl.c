/* vacancyctl - the command-line tool for operators, analysts, developers. */
#include "cli.h"
#include "common/common.h"

#include <string.h>

static const cli_command commands[] = {
    {"index", "build the SOC coder's title index", cmd_index},
    {"model", "train the SOC coder's classifier", cmd_model},
    {"code", "code job titles to SOC 2020", cmd_code},
    {"parse", "parse an advert page, feed, listing, pay, place or date", cmd_parse},
    {"robots", "explain a robots.txt verdict for URLs", cmd_robots},
    {"db", "migrate, load reference data and course mappings", cmd_db},
    {"counts", "new, live and closed vacancies by SOC, area, time", cmd_counts},
    {"pathways", "courses and standards <-> occupations", cmd_pathways},
    {"recode", "code stored adverts again with the current coder", cmd_recode},
    {"status", "the daemon's queue, fetches, errors and stores per source and host", cmd_status},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
    fprintf(out, "usage: vacancyctl COMMAND [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'vacancyctl COMMAND --help' describes each command.\n"
                 "Reference data is read from $%s (see README).\n",
            COMMON_DATA_DIR_ENV);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "vacancyctl: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
