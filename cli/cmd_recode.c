/* cmd_recode.c - vacancyctl recode: code stored adverts again with the
 * current coder (a new ONS index edition, a better model). A changed code
 * becomes current and the old one stays in the history; the live counts
 * move with it.
 *
 * Re-parsing kept raw pages (storage_pages_each) needs the parser; it is
 * wired in when the parser part lands: parse each page into a vacancy,
 * code it, and hand it to storage_writer_add (see README.md, "Storage"). */
#include "cli.h"
#include "coder/coder.h"
#include "storage/storage.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: vacancyctl recode [--since YYYY-MM-DD] [--coder-dir DIR] [--data-dir DIR]\n"
    "                         [--db URL]\n"
    "\n"
    "Code every stored advert first seen since the date (default: all) with the\n"
    "current SOC coder; store codes that differ (or come from another index or\n"
    "model version) as the current code, keeping the old ones as history.\n"
    "  --coder-dir DIR  built coder (default: $VACANCY_CODER_DIR, else <data dir>/coder)\n"
    "  --data-dir DIR   reference data (default: $VACANCY_DATA_DIR)\n"
    "  --db URL         libpq connection string (default: $DATABASE_URL)\n";

typedef struct {
    coder_ctx *ctx;
    storage_writer *w;
    char *index_version, *model_version;
    size_t seen, coded;
} recode_state;

static int recode_one(void *arg, const storage_advert *a)
{
    recode_state *st = arg;
    coder_options opts = {1, CODER_METHOD_NONE, 0};
    coder_result res;
    vacancy_code code = {0};
    const char *context = a->industry ? a->industry : a->description;

    st->seen++;
    if (!a->title || coder_code(st->ctx, a->title, context, &opts, &res) < 0 || res.n == 0)
        return 0; /* an uncodable title keeps what it had */
    snprintf(code.soc2020, sizeof(code.soc2020), "%s", res.cand[0].soc2020);
    snprintf(code.soc2010, sizeof(code.soc2010), "%s", res.cand[0].soc2010);
    snprintf(code.isco08, sizeof(code.isco08), "%s", res.cand[0].isco08);
    code.confidence = res.cand[0].confidence;
    code.method = coder_method_name(res.cand[0].method);
    code.index_version = st->index_version;
    code.model_version = st->model_version;
    st->coded++;
    return storage_writer_code(st->w, a->source, a->key, &code);
}

static int recode(storage *s, coder *cd, time_t since)
{
    recode_state st = {0};
    storage_writer_stats ws;
    const char *model = coder_model_version(cd);
    int rc;

    st.index_version = common_strdup(coder_index_version(cd));
    st.model_version = model ? common_strdup(model) : NULL;
    if (!st.index_version || (model && !st.model_version) || coder_ctx_new(cd, &st.ctx) < 0 ||
        storage_writer_new(&st.w, s, NULL) < 0) {
        rc = CLI_EXIT_FAIL;
        cli_fail("recode");
        goto out;
    }
    rc = storage_adverts_each(s, since, recode_one, &st);
    storage_writer_stats_get(st.w, &ws);
    if (storage_writer_free(st.w) < 0 && rc == 0)
        rc = -1;
    st.w = NULL;
    if (rc < 0) {
        rc = cli_fail("recode");
        goto out;
    }
    printf("coded %zu of %zu advert(s) with index %s%s%s\n", st.coded, st.seen,
           st.index_version, model ? ", model " : "", model ? model : "");
    rc = CLI_EXIT_OK;
out:
    coder_ctx_free(st.ctx);
    free(st.index_version);
    free(st.model_version);
    return rc;
}

int cmd_recode(int argc, char **argv)
{
    static const struct option opts[] = {
        {"since", required_argument, 0, 's'}, {"coder-dir", required_argument, 0, 'C'},
        {"data-dir", required_argument, 0, 'd'}, {"db", required_argument, 0, 'D'},
        {0, 0, 0, 0}};
    const char *url = NULL, *coder_dir = NULL, *data_dir = NULL;
    struct tm tm = {0};
    time_t since = 0;
    storage *s = NULL;
    coder *cd = NULL;
    char *dir, *end;
    int c, rc;

    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            end = strptime(optarg, "%Y-%m-%d", &tm);
            if (!end || *end)
                return cli_usage(usage);
            since = timegm(&tm);
            break;
        case 'C': coder_dir = optarg; break;
        case 'd': data_dir = optarg; break;
        case 'D': url = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (optind != argc)
        return cli_usage(usage);
    dir = coder_default_dir(coder_dir, data_dir);
    if (!dir || coder_open(&cd, dir) < 0) {
        free(dir);
        return cli_fail("recode: the coder (build it with 'vacancyctl index build')");
    }
    free(dir);
    if ((rc = cli_db_open(url, &s)) == CLI_EXIT_OK) {
        rc = recode(s, cd, since);
        storage_close(s);
    }
    coder_close(cd);
    return rc;
}
