/* cmd_counts.c - vacancyctl counts: new / live / closed vacancies by
 * occupation, area, time and source, from the rollup. */
#include "cli.h"
#include "storage/storage.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_SECONDS 86400
#define SINCE_DAYS_MAX 36600

static const char usage[] =
    "usage: vacancyctl counts [--by DIMS] [--since WHEN] [--until DATE]\n"
    "                         [--per day|week|month] [--live|--new|--closed]\n"
    "                         [--soc PREFIX] [--area CODE] [--format table|csv|json]\n"
    "\n"
    "Count vacancies (duplicates across boards count once) from the daily rollup.\n"
    "  new     first seen in the period\n"
    "  live    live on the period's last day: first seen by then, not closed\n"
    "          (closing date, page gone, dropped from its feed) and seen within\n"
    "          the grace period (settings table, live_grace_days)\n"
    "  closed  stopped being live in the period\n"
    "\n"
    "  --by DIMS        comma-separated: soc1, soc2, soc3, soc4, lad, region, itl, source\n"
    "  --since WHEN     Nd (N days ago) or YYYY-MM-DD (default 30d)\n"
    "  --until DATE     YYYY-MM-DD (default today)\n"
    "  --per P          one row per day, week or month (default: the whole range)\n"
    "  --live, --new, --closed   print only these measures (default all)\n"
    "  --soc PREFIX     only SOC 2020 codes starting with PREFIX (1-4 digits)\n"
    "  --area CODE      only this LAD, ITL3 or region code\n"
    "  --format F       table (default), csv or json\n"
    "  --db URL         libpq connection string (default: $DATABASE_URL)\n";

/* "30d" or "2025-01-31" (UTC midnight). */
static int parse_when(const char *s, time_t *out)
{
    struct tm tm = {0};
    char *end;
    long days = strtol(s, &end, 10);
    if (end != s && !strcmp(end, "d") && days >= 0 && days <= SINCE_DAYS_MAX) {
        *out = time(NULL) - days * DAY_SECONDS;
        return 0;
    }
    end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end)
        return -1;
    *out = timegm(&tm);
    return 0;
}

int cmd_counts(int argc, char **argv)
{
    static const struct option opts[] = {
        {"by", required_argument, 0, 'b'},     {"since", required_argument, 0, 's'},
        {"until", required_argument, 0, 'u'},  {"per", required_argument, 0, 'p'},
        {"live", no_argument, 0, 'L'},         {"new", no_argument, 0, 'N'},
        {"closed", no_argument, 0, 'X'},       {"soc", required_argument, 0, 'S'},
        {"area", required_argument, 0, 'A'},   {"format", required_argument, 0, 'f'},
        {"db", required_argument, 0, 'D'},     {0, 0, 0, 0}};
    storage_counts_query q = {0};
    storage_format fmt = STORAGE_FORMAT_TABLE;
    const char *url = NULL;
    storage *s = NULL;
    int c, rc;

    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    q.since = time(NULL) - 30 * DAY_SECONDS;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (storage_by_parse(optarg, &q.by) < 0) {
                fprintf(stderr, "error: %s\n", common_last_error());
                return cli_usage(usage);
            }
            break;
        case 's': if (parse_when(optarg, &q.since) < 0) return cli_usage(usage); break;
        case 'u': if (parse_when(optarg, &q.until) < 0) return cli_usage(usage); break;
        case 'p':
            if (!strcmp(optarg, "day")) q.per = STORAGE_PER_DAY;
            else if (!strcmp(optarg, "week")) q.per = STORAGE_PER_WEEK;
            else if (!strcmp(optarg, "month")) q.per = STORAGE_PER_MONTH;
            else return cli_usage(usage);
            break;
        case 'L': q.measures |= STORAGE_MEASURE_LIVE; break;
        case 'N': q.measures |= STORAGE_MEASURE_NEW; break;
        case 'X': q.measures |= STORAGE_MEASURE_CLOSED; break;
        case 'S': q.soc = optarg; break;
        case 'A': q.area = optarg; break;
        case 'f': if (storage_format_parse(optarg, &fmt) < 0) return cli_usage(usage); break;
        case 'D': url = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (optind != argc)
        return cli_usage(usage);
    if ((rc = cli_db_open(url, &s)) != CLI_EXIT_OK)
        return rc;
    rc = storage_counts(s, &q, fmt, stdout) < 0 ? cli_fail("counts") : CLI_EXIT_OK;
    storage_close(s);
    return rc;
}
