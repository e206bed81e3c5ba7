/* coder_accuracy.c - held-out accuracy of the SOC coder.
 *
 * Holds out a share of the unambiguous coding-index titles (every row of a
 * held-out title leaves the training index), builds the coder from the
 * rest - the title index and, unless --index-only, the classifier - and
 * codes the held-out titles with each method. Prints top-1 / top-3
 * accuracy at 4 digits, coverage / precision by confidence, and the
 * calibration table: of the results with confidence at least T, how many
 * are right. Also how often titles that ONS codes by qualifier get, with no
 * context, the code ONS gives them unqualified (what a bare advert title
 * such as "Store Manager" should get). */
#include "bench.h"
#include "coder/coder.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THRESHOLDS 10
#define HELD_LINE_MAX 2048

typedef struct {
    const char *name;
    coder_method method;
    size_t n, top1, top3, top1_2digit, nomatch;
    size_t cov[THRESHOLDS], hit[THRESHOLDS];   /* confidence >= 10k */
    size_t bin[THRESHOLDS], bin_hit[THRESHOLDS]; /* confidence in [10k, 10k+10) */
    double conf_sum[THRESHOLDS];
} tally;

static void tally_add(tally *t, const coder_result *r, const char *truth)
{
    t->n++;
    if (r->n == 0) {
        t->nomatch++;
        return;
    }
    bool first = !strcmp(r->cand[0].soc2020, truth);
    t->top1 += first;
    t->top1_2digit += !strncmp(r->cand[0].soc2020, truth, 2);
    for (size_t i = 0; i < r->n && i < 3; i++)
        if (!strcmp(r->cand[i].soc2020, truth)) {
            t->top3++;
            break;
        }
    int conf = r->cand[0].confidence;
    for (int k = 0; k < THRESHOLDS; k++)
        if (conf >= k * 10) {
            t->cov[k]++;
            t->hit[k] += first;
        }
    int b = conf >= 100 ? THRESHOLDS - 1 : conf / 10;
    t->bin[b]++;
    t->bin_hit[b] += first;
    t->conf_sum[b] += conf;
}

static void print_summary(const tally *t)
{
    printf("%-9s top-1 %5.1f%%  top-3 %5.1f%%  (2-digit top-1 %.1f%%, no candidate %zu of %zu)\n",
           t->name, 100.0 * t->top1 / t->n, 100.0 * t->top3 / t->n,
           100.0 * t->top1_2digit / t->n, t->nomatch, t->n);
}

static void print_tables(const tally *t)
{
    printf("\n%s: coverage and precision by confidence threshold\n", t->name);
    printf("  confidence>=  coverage  precision\n");
    for (int k = 0; k < THRESHOLDS; k++)
        printf("  %11d  %7.1f%%  %8.1f%%\n", k * 10, 100.0 * t->cov[k] / t->n,
               t->cov[k] ? 100.0 * t->hit[k] / t->cov[k] : 0.0);
    printf("%s: calibration (mean confidence vs share right, by band)\n", t->name);
    printf("  band      results  mean confidence  right\n");
    for (int k = 0; k < THRESHOLDS; k++)
        if (t->bin[k])
            printf("  %3d-%-3d  %8zu  %14.1f  %5.1f%%\n", k * 10, k * 10 + 9, t->bin[k],
                   t->conf_sum[k] / t->bin[k], 100.0 * t->bin_hit[k] / t->bin[k]);
}

/* Titles with several codes told apart by qualifiers, coded without
 * context: how often each method gives ONS's unqualified code. */
typedef struct {
    coder_ctx *ctx;
    int nmethods;
    const tally *t;
    size_t n, right[3];
} unqualified;

static int code_unqualified(void *arg, const char *title, const char *soc)
{
    unqualified *u = arg;
    u->n++;
    for (int m = 0; m < u->nmethods; m++) {
        coder_result r;
        coder_options o = {.top = 1, .method = u->t[m].method};
        if (coder_code(u->ctx, title, NULL, &o, &r) == 0 && r.n &&
            !strcmp(r.cand[0].soc2020, soc))
            u->right[m]++;
    }
    return 0;
}

static void print_unqualified(const char *train_csv, coder_ctx *ctx, const tally *t,
                              int nmethods)
{
    unqualified u = {.ctx = ctx, .nmethods = nmethods, .t = t};
    if (coder_unqualified_codes(train_csv, code_unqualified, &u) || !u.n)
        return;
    printf("\nin-index titles with several codes, coded without context (%zu): "
           "ONS's unqualified code at top-1:", u.n);
    for (int m = 0; m < nmethods; m++)
        printf(" %s %.1f%%", t[m].name, 100.0 * u.right[m] / u.n);
    printf("\n");
}

static void die(const char *what)
{
    fprintf(stderr, "coder_accuracy: %s: %s\n", what, common_last_error());
    exit(1);
}

int main(int argc, char **argv)
{
    const char *index = NULL;
    unsigned seed = 1;
    double share = 0.10;
    int show_errors = 0, epoch = 0, c;
    bool index_only = false;
    static const struct option opts[] = {
        {"index", required_argument, 0, 'i'}, {"seed", required_argument, 0, 's'},
        {"share", required_argument, 0, 'h'}, {"show-errors", required_argument, 0, 'e'},
        {"index-only", no_argument, 0, 'x'}, {"epoch", required_argument, 0, 'p'},
        {"work", required_argument, 0, 'w'}, {0, 0, 0, 0}};
    const char *work = NULL;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'i': index = optarg; break;
        case 's': seed = (unsigned)atoi(optarg); break;
        case 'h': share = atof(optarg); break;
        case 'e': show_errors = atoi(optarg); break;
        case 'x': index_only = true; break;
        case 'p': epoch = atoi(optarg); break;
        case 'w': work = optarg; break;
        default:
            fprintf(stderr, "usage: coder_accuracy [--index FILE] [--seed N] [--share F] "
                            "[--index-only] [--epoch N] [--show-errors N] [--work DIR]\n");
            return 2;
        }
    }
    char *index_path = index ? strdup(index) : bench_default_index();
    /* --work DIR keeps the split and the coder, and reuses a coder already
     * trained there: for tuning what happens after training. */
    char *dir = work ? strdup(work) : bench_tempdir();
    char train[4096], held[4096], coder_dir[4096], model[4200];
    snprintf(train, sizeof(train), "%s/train.csv", dir);
    snprintf(held, sizeof(held), "%s/held.tsv", dir);
    snprintf(coder_dir, sizeof(coder_dir), "%s/coder", dir);
    snprintf(model, sizeof(model), "%s/model.tsv", coder_dir);
    size_t nheld;
    if (work && common_mkdirs(work))
        die("work directory");
    if (coder_split_index(index_path, seed, share, train, held, &nheld))
        die("split");
    double t0 = bench_now();
    if (work && !index_only && access(model, F_OK) == 0) {
        printf("reusing the coder trained in %s\n", coder_dir);
    } else if (index_only) {
        coder_build_options bo = {.index_version = "held-out"};
        if (coder_build(train, coder_dir, &bo))
            die("build");
    } else {
        char *desc = common_data_path(NULL, "soc/soc2020_vol1_descriptions_16042025.csv");
        char *rel = common_data_path(NULL, "soc/ONS_SOC2010_SOC2020_relationship.csv");
        coder_train_options to = {.descriptions = desc, .relationship = rel,
                                  .index_version = "held-out", .epoch = epoch};
        if (coder_train(train, coder_dir, &to))
            die("train");
        free(desc);
        free(rel);
    }
    coder *cd;
    if (coder_open(&cd, coder_dir))
        die("open");
    printf("index %s; held out %zu unambiguous titles (seed %u, %.0f%%); built%s in %.1f s\n",
           index_path, nheld, seed, share * 100, index_only ? "" : " and trained",
           bench_now() - t0);

    tally t[3] = {{.name = "index", .method = CODER_METHOD_INDEX},
                  {.name = "model", .method = CODER_METHOD_MODEL},
                  {.name = "combined", .method = CODER_METHOD_COMBINED}};
    int nmethods = index_only ? 1 : 3;
    coder_ctx *ctx;
    coder_ctx_new(cd, &ctx);
    FILE *f = fopen(held, "r");
    char line[HELD_LINE_MAX];
    double coding = 0;
    while (f && fgets(line, sizeof(line), f)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        const char *truth = tab + 1;
        tab[1 + strcspn(tab + 1, "\r\n")] = '\0';
        for (int m = 0; m < nmethods; m++) {
            coder_result r;
            coder_options o = {.top = 3, .method = t[m].method};
            double s = bench_now();
            if (coder_code(ctx, line, NULL, &o, &r))
                r.n = 0;
            coding += bench_now() - s;
            tally_add(&t[m], &r, truth);
            if (m == nmethods - 1 && show_errors > 0 &&
                (r.n == 0 || strcmp(r.cand[0].soc2020, truth))) {
                show_errors--;
                printf("  miss: %-40s truth %s  got %s (%s, %d)\n", line, truth,
                       r.n ? r.cand[0].soc2020 : "-",
                       r.n && r.cand[0].matched ? r.cand[0].matched : "-",
                       r.n ? r.cand[0].confidence : 0);
            }
        }
    }
    if (f)
        fclose(f);
    for (int m = 0; m < nmethods; m++)
        print_summary(&t[m]);
    print_tables(&t[nmethods - 1]);
    print_unqualified(train, ctx, t, nmethods);
    printf("\ncoding: %.0f titles/s per method on one thread; peak memory %.0f MB\n",
           (double)(t[0].n * (size_t)nmethods) / coding, bench_peak_rss_mb());
    coder_ctx_free(ctx);
    coder_close(cd);
    if (!work)
        bench_rmdir(dir);
    free(dir);
    free(index_path);
    return 0;
}
