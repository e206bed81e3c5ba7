/* cmd_index.c - vacancyctl index build: the coder's title index. */
#include "cli.h"
#include "coder/coder.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: vacancyctl index build [--index FILE] [--out DIR] [--index-version V]\n"
    "\n"
    "Build the SOC coder's title index from an ONS SOC 2020 coding-index CSV.\n"
    "\n"
    "  --index FILE          coding index (default: the newest\n"
    "                        soc/soc2020_coding_index_*.csv in the data directory)\n"
    "  --out DIR             where to write (default: $VACANCY_CODER_DIR, else\n"
    "                        <data dir>/coder)\n"
    "  --index-version V     version to record (default: from the file name,\n"
    "                        e.g. _v12_16042025 gives \"v12 16042025\")\n"
    "  --data-dir DIR        reference data (default: $VACANCY_DATA_DIR)\n";

int cmd_index(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    if (argc < 2 || strcmp(argv[1], "build"))
        return cli_usage(usage);
    static const struct option opts[] = {
        {"index", required_argument, 0, 'i'}, {"out", required_argument, 0, 'o'},
        {"index-version", required_argument, 0, 'v'}, {"data-dir", required_argument, 0, 'd'},
        {0, 0, 0, 0}};
    const char *index = NULL, *out = NULL, *data_dir = NULL;
    coder_build_options bo = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'i': index = optarg; break;
        case 'o': out = optarg; break;
        case 'v': bo.index_version = optarg; break;
        case 'd': data_dir = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (optind != argc - 1)
        return cli_usage(usage);
    char *index_path = index ? common_strdup(index) : cli_newest_data_file(data_dir, "soc/soc2020_coding_index_*.csv");
    char *out_dir = coder_default_dir(out, data_dir);
    int rc = CLI_EXIT_FAIL;
    if (!index_path || !out_dir) {
        rc = cli_fail("index build");
        goto done;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (coder_build(index_path, out_dir, &bo)) {
        rc = cli_fail("index build");
        goto done;
    }
    coder *cd;
    if (coder_open(&cd, out_dir)) { /* prove the artefact loads */
        rc = cli_fail("index build");
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "built %s (index %s) from %s in %.2f s\n", out_dir,
            coder_index_version(cd), index_path,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    coder_close(cd);
    rc = CLI_EXIT_OK;
done:
    free(index_path);
    free(out_dir);
    return rc;
}
