/* coder_accuracy.c - held-out accuracy of the SOC coder.
 *
 * Holds out a share of the unambiguous coding-index titles (every row of a
 * held-out title leaves the training index), builds the coder from the
 * rest, codes the held-out titles and prints top-1 / top-3 accuracy at 4
 * digits and a coverage / precision table by score threshold. */
#include "bench.h"
#include "coder/coder.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define THRESHOLDS 10

typedef struct {
    size_t n, top1, top3, top1_2digit, nomatch;
    size_t cov[THRESHOLDS], hit[THRESHOLDS];
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
    for (int k = 0; k < THRESHOLDS; k++)
        if (r->cand[0].confidence >= k * 10) {
            t->cov[k]++;
            t->hit[k] += first;
        }
}

static void print_tally(const char *name, const tally *t)
{
    printf("%-8s titles %zu  top-1 %.1f%%  top-3 %.1f%%  (2-digit top-1 %.1f%%, no match %zu)\n",
           name, t->n, 100.0 * t->top1 / t->n, 100.0 * t->top3 / t->n,
           100.0 * t->top1_2digit / t->n, t->nomatch);
    printf("  confidence>=  coverage  precision\n");
    for (int k = 0; k < THRESHOLDS; k++)
        printf("  %11d  %7.1f%%  %8.1f%%\n", k * 10, 100.0 * t->cov[k] / t->n,
               t->cov[k] ? 100.0 * t->hit[k] / t->cov[k] : 0.0);
}

int main(int argc, char **argv)
{
    const char *index = NULL;
    unsigned seed = 1;
    double share = 0.10;
    int show_errors = 0, c;
    static const struct option opts[] = {
        {"index", required_argument, 0, 'i'}, {"seed", required_argument, 0, 's'},
        {"share", required_argument, 0, 'h'}, {"show-errors", required_argument, 0, 'e'},
        {0, 0, 0, 0}};
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'i': index = optarg; break;
        case 's': seed = (unsigned)atoi(optarg); break;
        case 'h': share = atof(optarg); break;
        case 'e': show_errors = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: coder_accuracy [--index FILE] [--seed N] [--share F] "
                            "[--show-errors N]\n");
            return 2;
        }
    }
    char *index_path = index ? strdup(index) : bench_default_index();
    bench_index bi;
    bench_index_load(&bi, index_path);
    bool *held = calloc(bi.nrows, sizeof(*held)), *keep = calloc(bi.nrows, sizeof(*keep));
    size_t nheld = bench_split(&bi, seed, share, held);
    for (size_t i = 0; i < bi.nrows; i++)
        keep[i] = !held[i];

    char *dir = bench_tempdir();
    char train[4096], coder_dir[4096];
    snprintf(train, sizeof(train), "%s/train.csv", dir);
    snprintf(coder_dir, sizeof(coder_dir), "%s/coder", dir);
    bench_index_write(&bi, keep, train);
    coder_build_options bo = {.index_version = "held-out"};
    double t0 = bench_now();
    coder *cd;
    if (coder_build(train, coder_dir, &bo) || coder_open(&cd, coder_dir)) {
        fprintf(stderr, "coder_accuracy: %s\n", common_last_error());
        return 1;
    }
    printf("index %s: %zu rows; held out %zu unambiguous titles (seed %u, %.0f%%); "
           "built in %.2f s\n", index_path, bi.nrows, nheld, seed, share * 100,
           bench_now() - t0);

    coder_ctx *ctx;
    coder_ctx_new(cd, &ctx);
    coder_options co = {.top = 3};
    tally t = {0};
    common_strmap *seen = common_strmap_new(nheld);
    for (size_t i = 0; i < bi.nrows; i++) {
        if (!held[i])
            continue;
        const char *title = bi.rows[i].fields[bi.col_title];
        if (common_strmap_get(seen, title, strlen(title)) >= 0)
            continue; /* one evaluation per title */
        common_strmap_put(seen, title, strlen(title), 1);
        coder_result r;
        if (coder_code(ctx, title, NULL, &co, &r))
            r.n = 0;
        const char *truth = bi.rows[i].fields[bi.col_soc];
        tally_add(&t, &r, truth);
        if (show_errors > 0 && (r.n == 0 || strcmp(r.cand[0].soc2020, truth))) {
            show_errors--;
            printf("  miss: %-40s truth %s  got %s (%s, %.2f)\n", title, truth,
                   r.n ? r.cand[0].soc2020 : "-", r.n ? r.cand[0].matched : "-",
                   r.n ? r.cand[0].score : 0.0);
        }
    }
    print_tally("index", &t);
    common_strmap_free(seen);
    coder_ctx_free(ctx);
    coder_close(cd);
    bench_rmdir(dir);
    free(dir);
    free(held);
    free(keep);
    free(index_path);
    bench_index_free(&bi);
    return 0;
}
