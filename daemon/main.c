/* main.c - vacancyd: the crawling daemon. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "daemon.h"

static const char usage[] =
    "usage: vacancyd [--config FILE] [--foreground] [--until-idle]\n"
    "\n"
    "Crawls the sources in the configured sources.d directory into PostgreSQL.\n"
    "  --config FILE   configuration (default " DAEMON_CONFIG_PATH ")\n"
    "  --foreground    stay in the foreground (the only mode: systemd supervises)\n"
    "  --until-idle    exit once every URL due at start has been fetched\n"
    "SIGTERM stops after requeuing in-flight work; SIGHUP reloads the sources.\n";

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"foreground", no_argument, NULL, 'f'},
        {"until-idle", no_argument, NULL, 'u'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *config = DAEMON_CONFIG_PATH;
    daemon_run_options o = {0};
    int ch;
    while ((ch = getopt_long(argc, argv, "c:fuh", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': config = optarg; break;
        case 'f': break; /* never forks: systemd and tests want it so */
        case 'u': o.until_idle = true; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind != argc) {
        fputs(usage, stderr);
        return 2;
    }
    daemon_config c;
    if (daemon_config_load(&c, config)) {
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
        return 1;
    }
    int rc = daemon_run(&c, &o);
    daemon_config_free(&c);
    return rc ? 1 : 0;
}
