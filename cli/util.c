/* util.c - shared command-line helpers. */
#include "cli.h"
#include "common/common.h"

#include <string.h>

int cli_fail(const char *what)
{
    fprintf(stderr, "error: %s%s%s\n", what ? what : "", what ? ": " : "",
            common_last_error());
    return CLI_EXIT_FAIL;
}

int cli_usage(const char *usage)
{
    fputs(usage, stderr);
    return CLI_EXIT_USAGE;
}

int cli_wants_help(int argc, char **argv, const char *usage)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 1;
        }
    }
    return 0;
}
