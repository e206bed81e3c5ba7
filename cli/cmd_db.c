/* cmd_db.c - vacancyctl db: migrations, reference data, course mappings,
 * status and housekeeping of the PostgreSQL store. */
#include "cli.h"
#include "coder/coder.h"
#include "storage/storage.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: vacancyctl db migrate|status|load-reference|load-mapping|derive-standards|purge\n"
    "                     [options]\n"
    "\n"
    "  migrate             apply the schema migrations not yet applied (idempotent)\n"
    "  status              schema version and what the database holds\n"
    "  load-reference      load SOC 2020 / 2010, the crosswalk, geography, subjects,\n"
    "                      apprenticeship standards and earnings from the data directory\n"
    "  load-mapping --kind subject|standard [--origin NAME] FILE\n"
    "                      import an official course -> SOC table: CSV with header\n"
    "                      code,soc,share (code: HECoS / CAH subject or LARS standard)\n"
    "  derive-standards    code every apprenticeship standard's titles with the SOC\n"
    "                      coder and store the result labelled 'derived'\n"
    "  purge               drop raw pages past their keep time\n"
    "\n"
    "  --db URL            libpq connection string (default: $DATABASE_URL)\n"
    "  --data-dir DIR      reference data (default: $VACANCY_DATA_DIR)\n"
    "  --coder-dir DIR     built coder (default: $VACANCY_CODER_DIR, else <data dir>/coder)\n";

int cli_db_open(const char *url, storage **out)
{
    if (storage_open(out, storage_conninfo(url), NULL) < 0)
        return cli_fail("database");
    return CLI_EXIT_OK;
}

static int migrate(storage *s)
{
    int applied = 0, version = 0;
    if (storage_migrate(s, &applied) < 0 || storage_schema_version(s, &version) < 0)
        return cli_fail("db migrate");
    printf("applied %d migration(s); schema version %d\n", applied, version);
    return CLI_EXIT_OK;
}

static int status(storage *s)
{
    storage_totals t;
    if (storage_totals_get(s, &t) < 0)
        return cli_fail("db status");
    printf("schema version  %d\nadverts         %lld\nversions        %lld\n"
           "clusters        %lld\ncodes           %lld\npages           %lld\n"
           "pages kept raw  %lld\n",
           t.schema_version, t.adverts, t.versions, t.clusters, t.codes, t.pages, t.pages_kept);
    return CLI_EXIT_OK;
}

static int derive(storage *s, const char *coder_dir, const char *data_dir)
{
    char *dir = coder_default_dir(coder_dir, data_dir);
    coder *cd = NULL;
    size_t standards = 0, mappings = 0;
    int rc;
    if (!dir || coder_open(&cd, dir) < 0) {
        free(dir);
        return cli_fail("db derive-standards: the coder (build it with 'vacancyctl index build')");
    }
    free(dir);
    rc = storage_derive_standards(s, cd, &standards, &mappings);
    coder_close(cd);
    if (rc < 0)
        return cli_fail("db derive-standards");
    printf("derived %zu SOC mapping(s) for %zu standard(s)\n", mappings, standards);
    return CLI_EXIT_OK;
}

static int run(storage *s, const char *cmd, const char *data_dir, const char *coder_dir,
               const char *kind, const char *origin, const char *file)
{
    size_t rows = 0;
    long long purged = 0;
    if (!strcmp(cmd, "migrate"))
        return migrate(s);
    if (!strcmp(cmd, "status"))
        return status(s);
    if (!strcmp(cmd, "load-reference"))
        return storage_load_reference(s, data_dir, stdout) < 0 ? cli_fail("db load-reference")
                                                               : CLI_EXIT_OK;
    if (!strcmp(cmd, "derive-standards"))
        return derive(s, coder_dir, data_dir);
    if (!strcmp(cmd, "load-mapping")) {
        if (storage_load_mapping(s, kind, file, origin, &rows) < 0)
            return cli_fail("db load-mapping");
        printf("loaded %zu official %s mapping(s) from %s\n", rows, kind, file);
        return CLI_EXIT_OK;
    }
    if (storage_purge_raw(s, &purged) < 0)
        return cli_fail("db purge");
    printf("purged %lld raw page(s)\n", purged);
    return CLI_EXIT_OK;
}

int cmd_db(int argc, char **argv)
{
    static const char *cmds[] = {"migrate", "status", "load-reference", "load-mapping",
                                 "derive-standards", "purge"};
    static const struct option opts[] = {
        {"db", required_argument, 0, 'D'}, {"data-dir", required_argument, 0, 'd'},
        {"coder-dir", required_argument, 0, 'C'}, {"kind", required_argument, 0, 'k'},
        {"origin", required_argument, 0, 'o'}, {0, 0, 0, 0}};
    const char *url = NULL, *data_dir = NULL, *coder_dir = NULL, *kind = NULL, *origin = NULL;
    const char *file = NULL;
    storage *s = NULL;
    size_t i;
    int c, rc;

    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    if (argc < 2)
        return cli_usage(usage);
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]) && strcmp(argv[1], cmds[i]); i++)
        ;
    if (i == sizeof(cmds) / sizeof(cmds[0]))
        return cli_usage(usage);
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'D': url = optarg; break;
        case 'd': data_dir = optarg; break;
        case 'C': coder_dir = optarg; break;
        case 'k': kind = optarg; break;
        case 'o': origin = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (!strcmp(argv[1], "load-mapping")) {
        if (!kind || optind + 2 != argc)
            return cli_usage(usage);
        file = argv[optind + 1];
    } else if (optind + 1 != argc) {
        return cli_usage(usage);
    }
    if ((rc = cli_db_open(url, &s)) != CLI_EXIT_OK)
        return rc;
    rc = run(s, argv[1], data_dir, coder_dir, kind, origin, file);
    storage_close(s);
    return rc;
}
