/* cmd_model.c - vacancyctl model train: the coder's classifier. */
#include "cli.h"
#include "coder/coder.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: vacancyctl model train [--index FILE] [--descriptions FILE]\n"
    "                              [--relationship FILE] [--out DIR] [--epoch N]\n"
    "\n"
    "Build the title index and train the fastText classifier into DIR, then\n"
    "calibrate the combined coder's confidence on titles held out of both.\n"
    "Deterministic; a few minutes on two cores.\n"
    "\n"
    "  --index FILE          coding index (default: the newest\n"
    "                        soc/soc2020_coding_index_*.csv in the data directory)\n"
    "  --descriptions FILE   SOC 2020 Volume 1 descriptions CSV (default:\n"
    "                        soc/soc2020_vol1_descriptions_*.csv); 'none' to skip\n"
    "  --relationship FILE   ONS SOC 2010 -> 2020 relationship CSV, for the SOC 2010\n"
    "                        code of classifier-only results (default:\n"
    "                        soc/ONS_SOC2010_SOC2020_relationship.csv); 'none' to skip\n"
    "  --out DIR             coder directory (default: $VACANCY_CODER_DIR, else\n"
    "                        <data dir>/coder)\n"
    "  --index-version V     as for 'index build'\n"
    "  --epoch N             training epochs (default 25)\n"
    "  --data-dir DIR        reference data (default: $VACANCY_DATA_DIR)\n";

/* An explicit path, 'none' (NULL, no error), or the default. */
static char *choose(const char *given, const char *data_dir, const char *pattern, bool *fail)
{
    if (given && !strcmp(given, "none"))
        return NULL;
    char *p = given ? common_strdup(given) : cli_newest_data_file(data_dir, pattern);
    *fail |= p == NULL;
    return p;
}

int cmd_model(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    if (argc < 2 || strcmp(argv[1], "train"))
        return cli_usage(usage);
    static const struct option opts[] = {
        {"index", required_argument, 0, 'i'}, {"descriptions", required_argument, 0, 'D'},
        {"relationship", required_argument, 0, 'r'}, {"out", required_argument, 0, 'o'},
        {"index-version", required_argument, 0, 'v'}, {"epoch", required_argument, 0, 'e'},
        {"data-dir", required_argument, 0, 'd'}, {0, 0, 0, 0}};
    const char *index = NULL, *desc = NULL, *rel = NULL, *out = NULL, *data_dir = NULL;
    coder_train_options to = {.progress = isatty(STDERR_FILENO)};
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'i': index = optarg; break;
        case 'D': desc = optarg; break;
        case 'r': rel = optarg; break;
        case 'o': out = optarg; break;
        case 'v': to.index_version = optarg; break;
        case 'e':
            to.epoch = (int)strtol(optarg, &end, 10);
            if (*end || to.epoch < 1 || to.epoch > 1000)
                return cli_usage(usage);
            break;
        case 'd': data_dir = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (optind != argc - 1)
        return cli_usage(usage);
    bool fail = false;
    char *index_path = choose(index, data_dir, "soc/soc2020_coding_index_*.csv", &fail);
    char *desc_path = fail ? NULL : choose(desc, data_dir, "soc/soc2020_vol1_descriptions_*.csv", &fail);
    char *rel_path = fail ? NULL : choose(rel, data_dir, "soc/ONS_SOC2010_SOC2020_relationship.csv", &fail);
    char *dir = fail ? NULL : coder_default_dir(out, data_dir);
    int rc = CLI_EXIT_FAIL;
    if (fail || !dir) {
        rc = cli_fail("model train");
        goto done;
    }
    to.descriptions = desc_path;
    to.relationship = rel_path;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    coder *cd = NULL;
    if (coder_train(index_path, dir, &to) || coder_open(&cd, dir)) {
        rc = cli_fail("model train");
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "trained %s (index %s, model %s) in %.0f s\n", dir, coder_index_version(cd),
            coder_model_version(cd), (double)(t1.tv_sec - t0.tv_sec));
    coder_close(cd);
    rc = CLI_EXIT_OK;
done:
    free(index_path);
    free(desc_path);
    free(rel_path);
    free(dir);
    return rc;
}
