/* status.c - daemon_status for `vacancyctl status`. */
#include "frontier.h"

int daemon_status(const char *conninfo, const char *schema, FILE *out)
{
    frontier *f = NULL;
    int rc = frontier_open(&f, conninfo, schema);
    if (!rc)
        rc = frontier_status(f, out);
    frontier_close(f);
    return rc;
}
