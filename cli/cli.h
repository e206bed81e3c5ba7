/* cli.h - private to vacancyctl: one cmd_* function per command. */
#ifndef VH_CLI_H
#define VH_CLI_H

#include <stdio.h>

/* Exit codes: 0 success, 1 failure at run time, 2 wrong usage. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1
#define CLI_EXIT_USAGE 2

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_command;

/* Print "error: ..." with the last common error and return CLI_EXIT_FAIL. */
int cli_fail(const char *what);
/* Print the usage text to stderr and return CLI_EXIT_USAGE. */
int cli_usage(const char *usage);
/* True when argv holds -h or --help; prints usage to stdout. */
int cli_wants_help(int argc, char **argv, const char *usage);

/* The newest file in the data directory matching a glob pattern (names
 * carry versions and dates, so the last in order); NULL with a message. */
char *cli_newest_data_file(const char *data_dir, const char *pattern);

int cmd_index(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_robots(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_counts(int argc, char **argv);
int cmd_pathways(int argc, char **argv);
int cmd_recode(int argc, char **argv);
int cmd_status(int argc, char **argv);

/* Connect to the store (--db URL, else $DATABASE_URL); prints the error. */
struct storage;
int cli_db_open(const char *url, struct storage **out);

#endif
