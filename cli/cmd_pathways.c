/* cmd_pathways.c - vacancyctl pathways: courses and apprenticeship
 * standards <-> occupations, with live vacancy counts and pay. */
#include "cli.h"
#include "storage/storage.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: vacancyctl pathways --soc CODE | --standard LARS | --subject CODE\n"
    "                           [--format table|csv|json] [--db URL]\n"
    "\n"
    "  --soc CODE       courses and standards leading to a SOC 2020 unit group, with\n"
    "                   its live vacancies and median advertised pay\n"
    "  --standard LARS  occupations an apprenticeship standard leads to\n"
    "  --subject CODE   occupations a subject (HECoS or CAH code) leads to, with\n"
    "                   Discover Uni graduate earnings\n"
    "Mappings are 'official' (imported with 'vacancyctl db load-mapping') or\n"
    "'derived' (the SOC coder over a standard's job titles, with confidence).\n"
    "  --format F       table (default), csv or json\n"
    "  --db URL         libpq connection string (default: $DATABASE_URL)\n";

int cmd_pathways(int argc, char **argv)
{
    static const struct option opts[] = {
        {"soc", required_argument, 0, 's'},    {"standard", required_argument, 0, 't'},
        {"subject", required_argument, 0, 'j'}, {"format", required_argument, 0, 'f'},
        {"db", required_argument, 0, 'D'},     {0, 0, 0, 0}};
    storage_format fmt = STORAGE_FORMAT_TABLE;
    storage_path_kind kind = STORAGE_PATH_SOC;
    const char *url = NULL, *code = NULL;
    storage *s = NULL;
    int c, rc, given = 0;

    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': kind = STORAGE_PATH_SOC; code = optarg; given++; break;
        case 't': kind = STORAGE_PATH_STANDARD; code = optarg; given++; break;
        case 'j': kind = STORAGE_PATH_SUBJECT; code = optarg; given++; break;
        case 'f': if (storage_format_parse(optarg, &fmt) < 0) return cli_usage(usage); break;
        case 'D': url = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (given != 1 || optind != argc)
        return cli_usage(usage);
    if ((rc = cli_db_open(url, &s)) != CLI_EXIT_OK)
        return rc;
    rc = storage_pathways(s, kind, code, fmt, stdout) < 0 ? cli_fail("pathways") : CLI_EXIT_OK;
    storage_close(s);
    return rc;
}
