/* cmd_code.c - vacancyctl code: job titles to SOC 2020.
 *
 * Batch input is read in chunks; each chunk's titles are coded by --jobs
 * worker threads (one coder context each) and printed in input order, so
 * output lines match input lines and memory stays bounded. */
#include "cli.h"
#include "coder/coder.h"

#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CODE_CHUNK 4096   /* lines coded per parallel round */
#define CODE_JOBS_MAX 64
#define CODE_LINE_MAX (CODER_TITLE_MAX + CODER_CONTEXT_MAX + 2)

static const char usage[] =
    "usage: vacancyctl code [options] TITLE...\n"
    "       vacancyctl code --batch [options] < titles.txt\n"
    "\n"
    "Code job titles to SOC 2020 unit groups (with SOC 2010 and ISCO-08).\n"
    "Batch input is one title per line, or TITLE<TAB>CONTEXT, where CONTEXT\n"
    "(industry, description) chooses between index entries that differ only\n"
    "by their qualifiers.\n"
    "\n"
    "  --batch               read titles from standard input\n"
    "  --context TEXT        context for the titles given as arguments\n"
    "  --top K               candidates per title, 1-10 (default 3)\n"
    "  --min-confidence N    confidence for automatic coding, 0-100 (default 70)\n"
    "  --method M            index, model or combined (default: combined when the\n"
    "                        coder directory has a model, else index)\n"
    "  --json                JSON lines instead of TSV\n"
    "  --normalise           print each title's normalised form instead\n"
    "  --jobs N              worker threads for --batch (default 1)\n"
    "  --coder-dir DIR       built coder (default: $VACANCY_CODER_DIR, else\n"
    "                        <data dir>/coder)\n"
    "  --data-dir DIR        reference data (default: $VACANCY_DATA_DIR)\n"
    "\n"
    "TSV columns: line, title, rank, soc2020, soc2020_title, soc2010, isco08,\n"
    "score, confidence, method, flags, matched, qualifier, index_version,\n"
    "model_version.\n"
    "A title that cannot be coded prints one row with method 'error' and the\n"
    "reason in the flags column; the reason also goes to standard error.\n";

typedef struct {
    coder_options opts;
    bool json;
    const coder *cd;
} settings;

typedef struct {
    size_t line;
    char *title;
    const char *context;
    common_buf out;
    char *error;  /* why it could not be coded, or NULL */
} item;

static void flags_text(unsigned flags, bool automatic, common_buf *b)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {CODER_AMBIGUOUS, "ambiguous"}, {CODER_BY_CONTEXT, "context"},
        {CODER_DEFAULT, "default"}};
    common_buf_puts(b, automatic ? "auto" : "review");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (flags & names[i].bit)
            common_buf_printf(b, ",%s", names[i].name);
}

/* TSV fields cannot hold tabs or newlines. */
static void tsv_field(common_buf *b, const char *s)
{
    for (; s && *s; s++)
        common_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void tsv_versions(const settings *st, common_buf *b)
{
    const char *model = coder_model_version(st->cd);
    common_buf_printf(b, "\t%s\t%s\n", coder_index_version(st->cd), model ? model : "");
}

static void print_tsv(const settings *st, const item *it, const coder_result *r,
                      common_buf *b)
{
    for (size_t i = 0; i < r->n; i++) {
        const coder_candidate *c = &r->cand[i];
        common_buf_printf(b, "%zu\t", it->line);
        tsv_field(b, it->title);
        common_buf_printf(b, "\t%zu\t%s\t", i + 1, c->soc2020);
        tsv_field(b, c->soc2020_title);
        common_buf_printf(b, "\t%s\t%s\t%.3f\t%d\t%s\t", c->soc2010, c->isco08, c->score,
                          c->confidence, coder_method_name(c->method));
        flags_text(c->flags, i == 0 && r->automatic, b);
        common_buf_putc(b, '\t');
        tsv_field(b, c->matched);
        common_buf_putc(b, '\t');
        tsv_field(b, c->qualifier);
        tsv_versions(st, b);
    }
    if (r->n == 0) {
        common_buf_printf(b, "%zu\t", it->line);
        tsv_field(b, it->title);
        common_buf_puts(b, "\t0\t\t\t\t\t0.000\t0\tnone\treview\t\t");
        tsv_versions(st, b);
    }
}

static json_t *candidate_json(const coder_candidate *c)
{
    json_t *flags = json_array();
    if (c->flags & CODER_AMBIGUOUS)
        json_array_append_new(flags, json_string("ambiguous"));
    if (c->flags & CODER_BY_CONTEXT)
        json_array_append_new(flags, json_string("context"));
    if (c->flags & CODER_DEFAULT)
        json_array_append_new(flags, json_string("default"));
    return json_pack("{s:s, s:s?, s:s, s:s, s:f, s:i, s:s, s:o, s:s?, s:s?}",
                     "soc2020", c->soc2020, "soc2020_title", c->soc2020_title,
                     "soc2010", c->soc2010, "isco08", c->isco08, "score", c->score,
                     "confidence", c->confidence, "method", coder_method_name(c->method),
                     "flags", flags, "matched", c->matched, "qualifier", c->qualifier);
}

static void print_json(const settings *st, const item *it, const coder_result *r,
                       const char *error, common_buf *b)
{
    json_t *o = json_pack("{s:I, s:s?}", "line", (json_int_t)it->line, "title",
                          common_utf8_valid(it->title, strlen(it->title)) ? it->title : NULL);
    if (error) {
        json_object_set_new(o, "error", json_string(error));
    } else {
        json_t *cands = json_array();
        for (size_t i = 0; i < r->n; i++)
            json_array_append_new(cands, candidate_json(&r->cand[i]));
        json_object_set_new(o, "candidates", cands);
        json_object_set_new(o, "automatic", json_boolean(r->automatic));
        json_object_set_new(o, "index_version", json_string(coder_index_version(st->cd)));
        const char *model = coder_model_version(st->cd);
        json_object_set_new(o, "model_version", model ? json_string(model) : json_null());
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s)
        common_buf_printf(b, "%s\n", s);
    free(s);
    json_decref(o);
}

/* Code one item into its output buffer; errors are reported, not fatal. */
static bool code_item(const settings *st, coder_ctx *ctx, item *it)
{
    coder_result r;
    if (coder_code(ctx, it->title, it->context, &st->opts, &r)) {
        it->error = common_strdup(common_last_error());
        const char *msg = it->error ? it->error : "out of memory";
        if (st->json) {
            print_json(st, it, NULL, msg, &it->out);
        } else {
            common_buf_printf(&it->out, "%zu\t\t0\t\t\t\t\t0.000\t0\terror\t", it->line);
            tsv_field(&it->out, msg);
            common_buf_puts(&it->out, "\t\t");
            tsv_versions(st, &it->out);
        }
        return false;
    }
    if (st->json)
        print_json(st, it, &r, NULL, &it->out);
    else
        print_tsv(st, it, &r, &it->out);
    return true;
}

typedef struct {
    const settings *st;
    item *items;
    size_t from, to;
    size_t failed;
    int rc;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    coder_ctx *ctx;
    if ((w->rc = coder_ctx_new(w->st->cd, &ctx)))
        return NULL;
    for (size_t i = w->from; i < w->to; i++)
        w->failed += !code_item(w->st, ctx, &w->items[i]);
    coder_ctx_free(ctx);
    return NULL;
}

/* Code items[0..n) with `jobs` threads, print in order; returns failures. */
static size_t run_chunk(const settings *st, item *items, size_t n, int jobs)
{
    worker ws[CODE_JOBS_MAX];
    pthread_t tid[CODE_JOBS_MAX];
    size_t per = (n + (size_t)jobs - 1) / (size_t)jobs, failed = 0;
    int started = 0;
    for (int j = 0; j < jobs; j++) {
        ws[j] = (worker){st, items, (size_t)j * per, (size_t)(j + 1) * per, 0, 0};
        if (ws[j].to > n)
            ws[j].to = n;
        if (ws[j].from >= ws[j].to)
            break;
        if (j == jobs - 1 || pthread_create(&tid[j], NULL, work, &ws[j]) != 0) {
            work(&ws[j]); /* last slice (or no thread): on this thread */
            tid[j] = 0;
        }
        started = j + 1;
    }
    for (int j = 0; j < started; j++) {
        if (tid[j])
            pthread_join(tid[j], NULL);
        failed += ws[j].failed;
        if (ws[j].rc)
            failed += ws[j].to - ws[j].from;
    }
    for (size_t i = 0; i < n; i++) {
        if (items[i].error)
            fprintf(stderr, "line %zu: %s\n", items[i].line, items[i].error);
        fwrite(items[i].out.data ? items[i].out.data : "", 1, items[i].out.len, stdout);
        common_buf_free(&items[i].out);
        free(items[i].title);
        free(items[i].error);
    }
    return failed;
}

static size_t run_batch(const settings *st, int jobs)
{
    item *items = common_calloc(CODE_CHUNK, sizeof(*items));
    if (!items)
        return 1;
    char *line = NULL;
    size_t cap = 0, n = 0, lineno = 0, failed = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        item *it = &items[n];
        memset(it, 0, sizeof(*it));
        it->line = lineno;
        /* An over-long line still becomes an item: the coder names the fault. */
        if (!(it->title = common_strndup(line, (size_t)len < CODE_LINE_MAX ? (size_t)len
                                                                           : CODE_LINE_MAX)))
            break;
        char *tab = strchr(it->title, '\t');
        if (tab) {
            *tab = '\0';
            it->context = tab + 1;
        }
        if (++n == CODE_CHUNK) {
            failed += run_chunk(st, items, n, jobs);
            n = 0;
        }
    }
    failed += run_chunk(st, items, n, jobs);
    free(line);
    free(items);
    return failed;
}

static int print_normalised(int n, char **titles)
{
    int rc = CLI_EXIT_OK;
    for (int i = 0; i < n; i++) {
        common_buf b = COMMON_BUF_INIT;
        if (coder_normalise(titles[i], &b) == 0)
            printf("%s\n", b.data ? b.data : "");
        else
            rc = cli_fail(titles[i]);
        common_buf_free(&b);
    }
    return rc;
}

static void print_header(const settings *st)
{
    if (!st->json)
        puts("line\ttitle\trank\tsoc2020\tsoc2020_title\tsoc2010\tisco08\tscore\t"
             "confidence\tmethod\tflags\tmatched\tqualifier\tindex_version\tmodel_version");
}

int cmd_code(int argc, char **argv)
{
    if (cli_wants_help(argc, argv, usage))
        return CLI_EXIT_OK;
    static const struct option opts[] = {
        {"batch", no_argument, 0, 'b'}, {"context", required_argument, 0, 'c'},
        {"top", required_argument, 0, 'k'}, {"min-confidence", required_argument, 0, 'm'},
        {"json", no_argument, 0, 'J'}, {"jobs", required_argument, 0, 'j'},
        {"normalise", no_argument, 0, 'n'}, {"method", required_argument, 0, 'M'},
        {"coder-dir", required_argument, 0, 'C'}, {"data-dir", required_argument, 0, 'd'},
        {0, 0, 0, 0}};
    settings st = {.opts = {.top = 3, .min_confidence = 70}};
    bool batch = false, normalise = false;
    const char *context = NULL, *coder_dir = NULL, *data_dir = NULL;
    int jobs = 1, c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': batch = true; break;
        case 'c': context = optarg; break;
        case 'k':
            st.opts.top = strtoul(optarg, &end, 10);
            if (*end || st.opts.top < 1 || st.opts.top > CODER_TOP_MAX)
                return cli_usage(usage);
            break;
        case 'm':
            st.opts.min_confidence = (int)strtol(optarg, &end, 10);
            if (*end || st.opts.min_confidence < 0 || st.opts.min_confidence > 100)
                return cli_usage(usage);
            break;
        case 'J': st.json = true; break;
        case 'n': normalise = true; break;
        case 'M':
            if (!strcmp(optarg, "index"))
                st.opts.method = CODER_METHOD_INDEX;
            else if (!strcmp(optarg, "model"))
                st.opts.method = CODER_METHOD_MODEL;
            else if (!strcmp(optarg, "combined"))
                st.opts.method = CODER_METHOD_COMBINED;
            else
                return cli_usage(usage);
            break;
        case 'j':
            jobs = (int)strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > CODE_JOBS_MAX)
                return cli_usage(usage);
            break;
        case 'C': coder_dir = optarg; break;
        case 'd': data_dir = optarg; break;
        default: return cli_usage(usage);
        }
    }
    if (batch == (optind < argc))
        return cli_usage(usage);
    if (normalise && !batch)
        return print_normalised(argc - optind, argv + optind);
    char *dir = coder_default_dir(coder_dir, data_dir);
    coder *cd = NULL;
    if (!dir || coder_open(&cd, dir)) {
        free(dir);
        return cli_fail("code");
    }
    free(dir);
    st.cd = cd;
    print_header(&st);
    size_t failed = 0;
    if (batch) {
        failed = run_batch(&st, jobs);
    } else {
        item items[1];
        for (int i = optind; i < argc; i++) {
            items[0] = (item){(size_t)(i - optind + 1), common_strdup(argv[i]), context,
                              COMMON_BUF_INIT, NULL};
            if (items[0].title)
                failed += run_chunk(&st, items, 1, 1);
        }
    }
    coder_close(cd);
    return failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
