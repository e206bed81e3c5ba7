/* util.c - shared command-line helpers. */
#include "cli.h"
#include "common/common.h"

#include <glob.h>
#include <stdlib.h>
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

char *cli_newest_data_file(const char *data_dir, const char *pattern)
{
    char *full = common_data_path(data_dir, pattern);
    if (!full)
        return NULL;
    glob_t g;
    char *found = NULL;
    if (glob(full, 0, NULL, &g) == 0 && g.gl_pathc > 0)
        found = common_strdup(g.gl_pathv[g.gl_pathc - 1]);
    else
        common_error(COMMON_EIO, "no file matches %s", full);
    if (g.gl_pathv)
        globfree(&g);
    free(full);
    return found;
}
