/* cmd_status.c - vacancyctl status: what the daemon is doing, per source
 * and host, from the frontier and the counters it keeps in PostgreSQL. */
#include "cli.h"
#include "daemon/daemon.h"
#include "storage/storage.h"

#include <getopt.h>

static const char usage[] =
    "usage: vacancyctl status [--db URL] [--schema NAME]\n"
    "\n"
    "Per source and host, as TSV: URLs due now and queued, pages fetched,\n"
    "not modified (304), parsed, coded, stored, adverts gone, URLs given up,\n"
    "errors by kind (error:KIND=N, http:STATUS=N) and the last success (UTC).\n"
    "  --db URL        libpq connection string (default: $DATABASE_URL)\n"
    "  --schema NAME   the daemon's database_schema, when not public\n";

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'D'}, {"schema", required_argument, 0, 'S'}, {0, 0, 0, 0}};
    const char *url = NULL, *schema = NULL;
    int c;
    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'D': url = optarg; break;
        case 'S': schema = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (optind != argc)
        return cli_usage(usage);
    if (daemon_status(storage_conninfo(url), schema, stdout))
        return cli_fail("status");
    return CLI_EXIT_OK;
}
