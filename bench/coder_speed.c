/* coder_speed.c - titles coded per second, single-threaded, and memory.
 *
 * Codes a batch of advert-like titles made from the coding index's own
 * titles dressed the way adverts dress them (seniority, places, pay,
 * shifts, references, a typo), so normalising, exact lookup, fuzzy ranking
 * and spelling correction are all exercised. With --coder-dir, a trained
 * coder (index and classifier) is measured end to end; without, an index
 * is built and measured alone. Prints the load time, the rate and the
 * peak resident memory. */
#include "bench.h"
#include "coder/coder.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define SPEED_TITLES_MAX 40000 /* distinct index titles sampled from */

#define SPEED_TITLE_MAX 256

static const char *const prefixes[] = {"", "", "", "Senior ", "Junior ", "Trainee ", "Lead ",
                                       "Part Time "};
static const char *const suffixes[] = {"", "", " - London", " - £25,000 per annum",
                                       " (Nights)", " x2", " - Ref 10442", " - Hybrid",
                                       " £12.50ph", " (m/f/d)", " - Band 5", " - Leeds, West Yorkshire"};


static void dress(const char *title, char *out)
{
    char t[SPEED_TITLE_MAX];
    snprintf(t, sizeof(t), "%s", title);
    size_t len = strlen(t);
    if (bench_random() % 10 == 0 && len > 5) { /* a typo: two letters swapped */
        size_t i = 1 + bench_random() % (len - 3);
        char c = t[i];
        t[i] = t[i + 1];
        t[i + 1] = c;
    }
    snprintf(out, SPEED_TITLE_MAX, "%s%s%s", prefixes[bench_random() % 8], t, suffixes[bench_random() % 12]);
}

/* The index's natural-order titles. */
static size_t read_titles(const char *path, char ***out)
{
    common_csv *csv;
    size_t n, count = 0;
    const char **f;
    int col = -1;
    char **titles = malloc(SPEED_TITLES_MAX * sizeof(*titles));
    if (common_csv_open(&csv, path)) {
        fprintf(stderr, "coder_speed: %s\n", common_last_error());
        exit(1);
    }
    while (common_csv_next(csv, &n, &f) == 1 && count < SPEED_TITLES_MAX) {
        if (col < 0)
            col = common_csv_column(n, f, "INDEXOCC_-_natural_word_order");
        else if ((size_t)col < n)
            titles[count++] = strdup(f[col]);
    }
    common_csv_close(csv);
    *out = titles;
    return count;
}

int main(int argc, char **argv)
{
    size_t n = 100000;
    const char *coder_dir = NULL;
    int c;
    while ((c = getopt(argc, argv, "n:d:")) != -1) {
        switch (c) {
        case 'n': n = strtoul(optarg, NULL, 10); break;
        case 'd': coder_dir = optarg; break;
        default:
            fprintf(stderr, "usage: coder_speed [-n TITLES] [-d CODER_DIR]\n");
            return 2;
        }
    }
    char *index_path = bench_default_index();
    char *dir = bench_tempdir();
    double t0 = bench_now();
    coder *cd;
    if ((!coder_dir && coder_build(index_path, dir, NULL)) ||
        coder_open(&cd, coder_dir ? coder_dir : dir)) {
        fprintf(stderr, "coder_speed: %s\n", common_last_error());
        return 1;
    }
    double build = bench_now() - t0;
    double rss_loaded = bench_peak_rss_mb();

    char **source;
    size_t nsource = read_titles(index_path, &source);
    char (*titles)[SPEED_TITLE_MAX] = malloc(n * sizeof(*titles));
    for (size_t i = 0; i < n; i++)
        dress(source[bench_random() % nsource], titles[i]);
    for (size_t i = 0; i < nsource; i++)
        free(source[i]);
    free(source);

    coder_ctx *ctx;
    coder_ctx_new(cd, &ctx);
    coder_options o = {.top = 3};
    size_t coded = 0, exact = 0;
    t0 = bench_now();
    double cpu0 = bench_cpu_seconds();
    for (size_t i = 0; i < n; i++) {
        coder_result r;
        if (coder_code(ctx, titles[i], NULL, &o, &r) == 0 && r.n) {
            coded++;
            exact += r.cand[0].method == CODER_METHOD_EXACT;
        }
    }
    double secs = bench_now() - t0, cpu = bench_cpu_seconds() - cpu0;
    const char *model = coder_model_version(cd);
    printf("%s: %.2f s (index %s, model %s); resident after loading %.1f MB\n",
           coder_dir ? "load" : "index build + load", build, coder_index_version(cd),
           model ? model : "none", rss_loaded);
    printf("coded %zu titles in %.2f s: %.0f titles/s single-threaded "
           "(%.1f%% with a candidate, %.1f%% exact)\n", n, secs, (double)n / secs,
           100.0 * coded / n, 100.0 * exact / n);
    /* Per CPU second: what one core does, whatever else shares the machine. */
    printf("per core: %.0f titles per CPU second (%.2f CPU s)\n", (double)n / cpu, cpu);
    printf("peak resident memory: %.1f MB\n", bench_peak_rss_mb());
    coder_ctx_free(ctx);
    coder_close(cd);
    free(titles);
    bench_rmdir(dir);
    free(dir);
    free(index_path);
    return 0;
}
