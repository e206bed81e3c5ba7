/* parser_throughput - pages per second and MB/s per core for parser_page.
 *
 *   parser_throughput [SECONDS]
 *
 * One thread (so figures are per core), the reference tables loaded once.
 * Three sets, each run for SECONDS (default 3):
 *   jsonld-50k  our JSON-LD JobPosting fixture padded with ordinary page
 *               markup to about 50 KB, the case the target of 1,000 pages/s
 *               per core is set for;
 *   real-pages  the shared real UK pages (../shared/fixtures/pages), which
 *               have no JSON-LD and go through the DOM (microdata, HTML);
 *   own-pages   the .html files under tests/parser/fixtures. */
#include "bench.h"
#include "common/common.h"
#include "parser/parser.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_PAGES_MAX 64
#define BENCH_PAGE_MAX (8u << 20)
#define BENCH_PADDED_SIZE (50u * 1024)

typedef struct {
    common_buf body[BENCH_PAGES_MAX];
    size_t n, bytes;
} page_set;

static void add_file(page_set *s, const char *path)
{
    if (s->n == BENCH_PAGES_MAX)
        return;
    common_buf *b = &s->body[s->n];
    *b = (common_buf)COMMON_BUF_INIT;
    if (common_read_file(path, BENCH_PAGE_MAX, b)) {
        fprintf(stderr, "parser_throughput: %s\n", common_last_error());
        exit(1);
    }
    s->bytes += b->len;
    s->n++;
}

static void add_dir(page_set *s, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 5 && !strcmp(e->d_name + n - 5, ".html")) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            add_file(s, path);
        }
    }
    closedir(d);
}

/* The JSON-LD fixture with filler markup before </body> up to ~50 KB. */
static void padded_jsonld(page_set *s)
{
    add_file(s, VH_SOURCE_DIR "/tests/parser/fixtures/jsonld_lenient.html");
    common_buf *b = &s->body[0];
    char *end = strstr(b->data, "</body>");
    common_buf page = COMMON_BUF_INIT;
    if (!end || common_buf_append(&page, b->data, (size_t)(end - b->data)))
        exit(1);
    while (page.len < BENCH_PADDED_SIZE)
        if (common_buf_puts(&page, "<div class=\"card\"><p>Similar jobs near you: <a href=\"/job/"
                                   "1\">Care assistant</a>, <a href=\"/job/2\">Support worker</a>"
                                   "</p></div>\n"))
            exit(1);
    if (common_buf_puts(&page, end))
        exit(1);
    s->bytes = page.len;
    common_buf_free(b);
    *b = page;
}

static void run(const parser *p, const char *name, page_set *s, double seconds)
{
    if (!s->n) {
        printf("%-11s no pages found, skipped\n", name);
        return;
    }
    size_t pages = 0, bytes = 0, failed = 0;
    double start = bench_now(), now;
    do {
        for (size_t i = 0; i < s->n; i++) {
            vacancy v;
            vacancy_init(&v);
            failed += parser_page(p, s->body[i].data, s->body[i].len, NULL, NULL, &v) != 0;
            vacancy_free(&v);
            bytes += s->body[i].len;
        }
        pages += s->n;
        now = bench_now();
    } while (now - start < seconds);
    double t = now - start;
    printf("%-11s %2zu pages, %6.1f KB average: %8.0f pages/s  %7.1f MB/s per core"
           "  (%zu parses in %.1f s, %zu without an advert)\n",
           name, s->n, s->bytes / 1024.0 / s->n, pages / t, bytes / t / 1e6, pages, t, failed);
    for (size_t i = 0; i < s->n; i++)
        common_buf_free(&s->body[i]);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 3.0;
    if (seconds <= 0) {
        fprintf(stderr, "usage: parser_throughput [SECONDS]\n");
        return 2;
    }
    parser *p;
    double t0 = bench_now();
    if (parser_open(&p, NULL)) {
        fprintf(stderr, "parser_throughput: %s\n", common_last_error());
        return 1;
    }
    printf("reference tables loaded in %.2f s\n", bench_now() - t0);
    page_set jsonld = {0}, real = {0}, own = {0};
    padded_jsonld(&jsonld);
    add_dir(&real, VH_SOURCE_DIR "/../shared/fixtures/pages/nesta-ojo");
    add_dir(&real, VH_SOURCE_DIR "/../shared/fixtures/pages/teaching-vacancies-2018");
    add_dir(&own, VH_SOURCE_DIR "/tests/parser/fixtures");
    run(p, "jsonld-50k", &jsonld, seconds);
    run(p, "real-pages", &real, seconds);
    run(p, "own-pages", &own, seconds);
    printf("peak RSS %.0f MB\n", bench_peak_rss_mb());
    parser_close(p);
    return 0;
}
