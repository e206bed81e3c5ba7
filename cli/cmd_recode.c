/* cmd_recode.c - vacancyctl recode: code stored adverts again with the
 * current coder (a new ONS index edition, a better model), and with
 * --reparse first read the kept raw pages again with the current parser
 * (a first pass writing new versions, then the coding pass over all).
 * A changed code becomes current and the old one stays in the history; a
 * changed reading becomes the advert's new version; the live counts move
 * with both and count nothing twice. */
#include "cli.h"
#include "coder/coder.h"
#include "daemon/daemon.h"
#include "storage/storage.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: vacancyctl recode [--reparse] [--since YYYY-MM-DD] [--coder-dir DIR]\n"
    "                         [--data-dir DIR] [--db URL] [--schema NAME]\n"
    "\n"
    "Code every stored advert first seen since the date (default: all) with the\n"
    "current SOC coder; store codes that differ (or come from another index or\n"
    "model version) as the current code, keeping the old ones as history.\n"
    "  --reparse        first read the raw pages kept since the date again with\n"
    "                   the current parser: an advert read differently gets a new\n"
    "                   version, written as of when it was last seen (its dates,\n"
    "                   and so the live counts, stay as they were)\n"
    "  --coder-dir DIR  built coder (default: $VACANCY_CODER_DIR, else <data dir>/coder)\n"
    "  --data-dir DIR   reference data (default: $VACANCY_DATA_DIR)\n"
    "  --db URL         libpq connection string (default: $DATABASE_URL)\n"
    "  --schema NAME    the daemon's database_schema, when not public\n";

typedef struct {
    storage *s;
    parser *ps;
    coder_ctx *ctx;
    storage_writer *w;
    const storage_page *page;
    size_t seen, coded, pages, unparsed, adverts;
} recode_state;

static int recode_one(void *arg, const storage_advert *a)
{
    recode_state *st = arg;
    vacancy_code code = {0};
    st->seen++;
    /* 0: an uncodable title keeps what it had */
    int rc = coder_code_advert(st->ctx, a->title, a->industry, a->description, &code);
    if (rc > 0) {
        st->coded++;
        rc = storage_writer_code(st->w, a->source, a->key, &code);
    }
    free(code.index_version);
    free(code.model_version);
    return rc < 0 ? rc : 0;
}

/* One advert read from a kept page (storage_writer_reread keeps its dates).
 * It is coded in the second pass, with every other advert, from its new
 * version. */
static int reparse_one(void *arg, vacancy *v)
{
    recode_state *st = arg;
    if (vacancy_set(&v->source, st->page->source))
        return COMMON_ENOMEM;
    st->adverts++;
    return storage_writer_reread(st->w, v, st->page->fetched_at);
}

static int reparse_page(void *arg, const storage_page *pg)
{
    recode_state *st = arg;
    size_t n;
    st->page = pg;
    st->pages++;
    int rc = daemon_reparse_page(st->ps, pg, reparse_one, st, &n);
    if (rc == 0 && n == 0) {
        st->unparsed++;
        fprintf(stderr, "recode: %s: not re-parsed: %s\n", pg->url, common_last_error());
    }
    return rc;
}

/* One pass over the store with a writer of its own, flushed at the end. */
static int pass(recode_state *st, int (*walk)(recode_state *, time_t), time_t since)
{
    if (storage_writer_new(&st->w, st->s, NULL) < 0)
        return -1;
    int rc = walk(st, since);
    if (storage_writer_free(st->w) < 0 && rc == 0)
        rc = -1;
    st->w = NULL;
    return rc;
}

static int walk_pages(recode_state *st, time_t since)
{
    return storage_pages_each(st->s, since, reparse_page, st);
}

static int walk_adverts(recode_state *st, time_t since)
{
    return storage_adverts_each(st->s, since, recode_one, st);
}

static int recode(recode_state *st, coder *cd, time_t since)
{
    const char *model = coder_model_version(cd);
    if (coder_ctx_new(cd, &st->ctx) < 0)
        return cli_fail("recode");
    int rc = st->ps ? pass(st, walk_pages, since) : 0;
    if (rc == 0 && st->ps)
        printf("re-parsed %zu of %zu kept page(s): %zu advert(s)\n",
               st->pages - st->unparsed, st->pages, st->adverts);
    if (rc == 0)
        rc = pass(st, walk_adverts, since);
    coder_ctx_free(st->ctx);
    if (rc < 0)
        return cli_fail("recode");
    printf("coded %zu of %zu advert(s) with index %s%s%s\n", st->coded, st->seen,
           coder_index_version(cd), model ? ", model " : "", model ? model : "");
    return CLI_EXIT_OK;
}

int cmd_recode(int argc, char **argv)
{
    static const struct option opts[] = {
        {"since", required_argument, 0, 's'}, {"coder-dir", required_argument, 0, 'C'},
        {"data-dir", required_argument, 0, 'd'}, {"db", required_argument, 0, 'D'},
        {"schema", required_argument, 0, 'S'}, {"reparse", no_argument, 0, 'r'},
        {0, 0, 0, 0}};
    const char *url = NULL, *coder_dir = NULL, *data_dir = NULL, *schema = NULL;
    struct tm tm = {0};
    time_t since = 0;
    bool reparse = false;
    recode_state st = {0};
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
        case 'S': schema = optarg; break;
        case 'r': reparse = true; break;
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
    if (reparse && parser_open(&st.ps, data_dir) < 0) {
        coder_close(cd);
        return cli_fail("recode: the parser's reference data");
    }
    if (storage_open(&st.s, storage_conninfo(url), schema) < 0) {
        rc = cli_fail("database");
    } else {
        rc = recode(&st, cd, since);
        storage_close(st.s);
    }
    parser_close(st.ps);
    coder_close(cd);
    return rc;
}
