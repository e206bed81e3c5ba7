/* test_fetch.c - the fetcher against the sample board on loopback:
 * conditional GET, redirects, limits, faults, Retry-After, per-host
 * politeness (checked from the board's access log) and address refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/common.h"
#include "crawler/crawler.h"

#define MAX_RESULTS 32
#define RUN_DEADLINE_MS 15000 /* a hung test fails instead of hanging */
#define LOG_SLACK_MS 15       /* the log's clock and ours differ by rounding */

static pid_t board_pid;
static unsigned board_port;
static char log_path[64] = "/tmp/vh_board_log_XXXXXX";
static char truth_path[64] = "/tmp/vh_board_truth_XXXXXX";
#define BOARD_HOSTS 9
#define BOARD_HOSTS_ARG "9"
static char resolve_entries[BOARD_HOSTS][64];
static const char *resolve_list[BOARD_HOSTS + 1];

typedef struct {
    char *url, *final_url, *etag, *last_modified, *body;
    crawler_error error;
    long status, retry_after_s;
    void *user;
} result;

static result results[MAX_RESULTS];
static size_t nresults;

static void on_result(const crawler_result *r, void *arg)
{
    (void)arg;
    assert_true(nresults < MAX_RESULTS);
    result *x = &results[nresults++];
    x->url = strdup(r->url);
    x->final_url = strdup(r->final_url);
    x->etag = r->etag ? strdup(r->etag) : NULL;
    x->last_modified = r->last_modified ? strdup(r->last_modified) : NULL;
    x->body = strndup(r->body, r->body_len);
    x->error = r->error;
    x->status = r->status;
    x->retry_after_s = r->retry_after_s;
    x->user = r->user;
    assert_non_null(r->message);
}

static void clear_results(void)
{
    for (size_t i = 0; i < nresults; i++) {
        free(results[i].url);
        free(results[i].final_url);
        free(results[i].etag);
        free(results[i].last_modified);
        free(results[i].body);
    }
    nresults = 0;
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int start_board(void **state)
{
    (void)state;
    int fd = mkstemp(log_path), fd2 = mkstemp(truth_path);
    if (fd < 0 || fd2 < 0)
        return -1;
    close(fd);
    close(fd2);
    int out[2];
    if (pipe(out))
        return -1;
    board_pid = fork();
    if (board_pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execl(VH_SAMPLE_BOARD, "sample_board", "--hosts", BOARD_HOSTS_ARG, "--adverts", "10", "--log",
              log_path, "--truth", truth_path, "--closed", "10", "--retry-after", "1", "--slow-ms", "300", "--big-bytes", "3000000",
              (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[128] = "";
    if (!f || !fgets(line, sizeof(line), f) || sscanf(line, "listening on 127.0.0.1:%u", &board_port) != 1) {
        fprintf(stderr, "sample board did not start: '%s'\n", line);
        return -1;
    }
    fclose(f);
    for (int i = 0; i < BOARD_HOSTS; i++) {
        snprintf(resolve_entries[i], sizeof(resolve_entries[i]), "board%d.test:%u:127.0.0.1",
                 i + 1, board_port);
        resolve_list[i] = resolve_entries[i];
    }
    return 0;
}

static int stop_board(void **state)
{
    (void)state;
    if (board_pid > 0) {
        kill(board_pid, SIGTERM);
        waitpid(board_pid, NULL, 0);
    }
    unlink(log_path);
    unlink(truth_path);
    clear_results();
    return 0;
}

static void test_settings(crawler_settings *s)
{
    crawler_settings_init(s);
    s->user_agent = "vacancy-harvester/0.1 (+https://example.org/crawler)";
    s->allow_private = true; /* the board is on loopback */
    s->resolve = resolve_list;
    s->host_delay_ms = 0;
    s->total_timeout_ms = 1000;
    s->connect_timeout_ms = 1000;
    s->max_body = 1u << 20;
    s->max_redirects = 3;
    s->backoff_base_ms = 100;
    s->backoff_max_ms = 400;
}

static char *board_url(int host, const char *path)
{
    static char buf[8][256];
    static int next;
    char *u = buf[next++ % 8];
    snprintf(u, 256, "http://board%d.test:%u%s", host, board_port, path);
    return u;
}

static void add(crawler *c, const char *url, const char *etag, const char *lm, long delay_ms)
{
    crawler_request rq = {url, etag, lm, delay_ms, (void *)url, NULL, 0};
    if (crawler_add(c, &rq))
        fail_msg("crawler_add %s: %s", url, common_last_error());
}

static void run(crawler *c)
{
    int64_t end = now_ms() + RUN_DEADLINE_MS;
    int n;
    while ((n = crawler_poll(c, 100)) > 0)
        assert_true(now_ms() < end);
    assert_int_equal(n, 0);
}

static const result *find(const char *url_suffix)
{
    for (size_t i = 0; i < nresults; i++) {
        size_t n = strlen(results[i].url), m = strlen(url_suffix);
        if (n >= m && !strcmp(results[i].url + n - m, url_suffix))
            return &results[i];
    }
    fail_msg("no result for %s", url_suffix);
    return NULL;
}

/* Requests the board logged for a host: times in ms since the epoch. */
static size_t logged(const char *host, const char *path_prefix, int64_t *times, size_t max)
{
    FILE *f = fopen(log_path, "r");
    assert_non_null(f);
    char line[512];
    size_t n = 0;
    while (fgets(line, sizeof(line), f)) {
        struct tm tm = {0};
        int ms;
        char h[128], p[256];
        if (sscanf(line, "%d-%d-%dT%d:%d:%d.%dZ\t%127s\t%255s", &tm.tm_year, &tm.tm_mon,
                   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, h, p) != 9)
            continue;
        if (strcmp(h, host) || strncmp(p, path_prefix, strlen(path_prefix)))
            continue;
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        if (n < max)
            times[n] = (int64_t)timegm(&tm) * 1000 + ms;
        n++;
    }
    fclose(f);
    return n;
}

static void test_conditional_get(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    add(c, board_url(1, "/jobs/1"), NULL, NULL, 0);
    run(c);
    const result *r = find("/jobs/1");
    assert_int_equal(r->error, CRAWLER_OK);
    assert_int_equal(r->status, 200);
    assert_non_null(strstr(r->body, "JobPosting"));
    assert_string_equal(r->etag, "\"b1-j1-v1\"");
    assert_non_null(r->last_modified);
    char *etag = strdup(r->etag), *lm = strdup(r->last_modified);
    clear_results();
    add(c, board_url(1, "/jobs/1"), etag, NULL, 0);
    add(c, board_url(1, "/jobs/1?utm_source=x"), NULL, lm, 0); /* canonicalised to the same page */
    add(c, board_url(1, "/jobs/2"), etag, NULL, 0);            /* another page's tag: no match */
    run(c);
    assert_int_equal(nresults, 3);
    assert_int_equal(results[0].status, 304);
    assert_int_equal(results[0].error, CRAWLER_OK);
    assert_string_equal(results[0].body, "");
    assert_int_equal(results[1].status, 304);
    assert_string_equal(results[1].url, board_url(1, "/jobs/1"));
    assert_int_equal(results[2].status, 200);
    free(etag);
    free(lm);
    clear_results();
    crawler_free(c);
}

/* The board's pages carry what its truth file says, in all three formats,
 * and a closed advert is gone. */
static void test_board_truth(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    FILE *f = fopen(truth_path, "r");
    assert_non_null(f);
    char line[1024];
    int rows = 0;
    assert_non_null(fgets(line, sizeof(line), f)); /* header */
    char titles[10][128], employers[10][128], places[10][128], status[10][16];
    while (fgets(line, sizeof(line), f)) {
        char host[64], url[256], format[16], soc[8], title[128], employer[128], place[128],
            state_[16];
        unsigned id;
        if (sscanf(line, "%63[^\t]\t%u\t%255[^\t]\t%15[^\t]\t%127[^\t]\t%127[^\t]\t%7[^\t]\t%*[^\t]\t%*[^\t]\t%*[^\t]\t%*[^\t]\t%127[^\t]\t%*[^\t]\t%*[^\t]\t%*[^\t]\t%15[^\n]",
                   host, &id, url, format, title, employer, soc, place, state_) != 9)
            fail_msg("truth row: %s", line);
        assert_int_equal(strlen(soc), 4);
        if (!strcmp(host, "board1.test")) {
            assert_true(id >= 1 && id <= 10);
            strcpy(titles[id - 1], title);
            strcpy(employers[id - 1], employer);
            strcpy(places[id - 1], place);
            strcpy(status[id - 1], state_);
            add(c, url, NULL, NULL, 0);
        }
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, BOARD_HOSTS * 10);
    run(c);
    assert_int_equal(nresults, 10);
    for (int id = 1; id <= 10; id++) {
        char path[16];
        snprintf(path, sizeof(path), "/jobs/%d", id);
        const result *r = find(path);
        if (!strcmp(status[id - 1], "closed")) {
            assert_int_equal(id, 10);
            assert_int_equal(r->status, 410);
            continue;
        }
        assert_string_equal(status[id - 1], "open");
        assert_int_equal(r->status, 200);
        if (!strstr(r->body, titles[id - 1]) || !strstr(r->body, employers[id - 1])
            || !strstr(r->body, places[id - 1]))
            fail_msg("%s does not show its truth (%s, %s, %s)", path, titles[id - 1],
                     employers[id - 1], places[id - 1]);
    }
    assert_non_null(strstr(find("/jobs/1")->body, "application/ld+json"));
    assert_non_null(strstr(find("/jobs/2")->body, "itemtype=\"https://schema.org/JobPosting\""));
    assert_non_null(strstr(find("/jobs/3")->body, "class=\"job-title\""));
    clear_results();
    crawler_free(c);
}

static void test_redirects_and_limits(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    add(c, board_url(2, "/fault/redirect/3"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/loop/0"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/big"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/big-length"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/gzip"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/bad-gzip"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/reset"), NULL, NULL, 0);
    add(c, board_url(2, "/fault/latin1-as-utf8"), NULL, NULL, 0);
    run(c);
    const result *r = find("/fault/redirect/3");
    assert_int_equal(r->error, CRAWLER_OK);
    assert_int_equal(r->status, 200);
    assert_string_equal(r->final_url, board_url(2, "/fault/redirect/0"));
    assert_int_equal(find("/fault/loop/0")->error, CRAWLER_ERR_REDIRECTS);
    assert_int_equal(find("/fault/big")->error, CRAWLER_ERR_TOO_BIG);
    assert_int_equal(find("/fault/big-length")->error, CRAWLER_ERR_TOO_BIG);
    assert_string_equal(find("/fault/gzip")->body, "<p>compressed page</p>\n");
    assert_int_equal(find("/fault/bad-gzip")->error, CRAWLER_ERR_ENCODING);
    assert_int_equal(find("/fault/reset")->error, CRAWLER_ERR_NETWORK);
    /* bytes are delivered as sent: charset repair is the parser's job */
    assert_non_null(strstr(find("/fault/latin1-as-utf8")->body, "\xA3" "25,000"));
    clear_results();
    crawler_free(c);
}

static void test_slow_body_times_out(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    s.total_timeout_ms = 800;
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    int64_t t0 = now_ms();
    add(c, board_url(3, "/fault/slow"), NULL, NULL, 0);
    run(c);
    int64_t took = now_ms() - t0;
    assert_int_equal(find("/fault/slow")->error, CRAWLER_ERR_TIMEOUT);
    assert_true(took >= 700); /* the whole body would take 3 s */
    clear_results();
    crawler_free(c);
}

static void test_retry_after(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    add(c, board_url(4, "/fault/429"), NULL, NULL, 0);
    add(c, board_url(4, "/jobs/3"), NULL, NULL, 0);
    add(c, board_url(5, "/fault/429-date"), NULL, NULL, 0);
    run(c);
    const result *r = find("/fault/429");
    assert_int_equal(r->status, 429);
    assert_int_equal(r->retry_after_s, 1);
    r = find("/fault/429-date");
    assert_true(r->retry_after_s >= 0 && r->retry_after_s <= 2);
    assert_int_equal(find("/jobs/3")->status, 200);
    int64_t t429, tnext;
    assert_int_equal(logged("board4.test", "/fault/429", &t429, 1), 1);
    assert_int_equal(logged("board4.test", "/jobs/3", &tnext, 1), 1);
    if (tnext - t429 < 1000 - LOG_SLACK_MS)
        fail_msg("the host was contacted %lld ms after asking for 1 s", (long long)(tnext - t429));
    clear_results();
    crawler_free(c);
}

static void assert_spaced(const char *host, size_t want, int64_t min_gap, int64_t *t)
{
    size_t n = logged(host, "/jobs/", t, 16);
    assert_int_equal(n, want);
    for (size_t i = 1; i < n; i++)
        if (t[i] - t[i - 1] < min_gap - LOG_SLACK_MS)
            fail_msg("%s: requests %zu and %zu only %lld ms apart (want %lld)", host, i - 1, i,
                     (long long)(t[i] - t[i - 1]), (long long)min_gap);
}

static void test_politeness(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    s.host_delay_ms = 250;
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    for (int i = 1; i <= 4; i++) {
        char path[32];
        snprintf(path, sizeof(path), "/jobs/%d", i);
        add(c, board_url(6, path), NULL, NULL, 0);
        add(c, board_url(7, path), NULL, NULL, i == 1 ? 500 : 0); /* Crawl-delay 0.5 s */
    }
    run(c);
    assert_int_equal(nresults, 8);
    for (size_t i = 0; i < nresults; i++)
        assert_int_equal(results[i].status, 200);
    int64_t t6[16], t7[16];
    assert_spaced("board6.test", 4, 250, t6);
    assert_spaced("board7.test", 4, 500, t7);
    /* the two hosts were crawled side by side, not one after the other */
    assert_true(t7[0] < t6[3] && t6[0] < t7[3]);
    clear_results();
    crawler_free(c);
}

/* A request's own per_host: board9's slow pages (3 s each, cut at the 1 s
 * timeout) two at a time, so the board sees two arrive together, then two
 * more a timeout later; the crawler's default of one is what test_politeness
 * and the daemon's tests rely on elsewhere. */
static void test_per_host_limit(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    for (int i = 0; i < 4; i++) {
        char q[64];
        snprintf(q, sizeof(q), "/fault/slow?n=%d", i); /* four URLs, one path */
        const char *url = board_url(9, q);
        crawler_request rq = {.url = url, .user = (void *)url, .per_host = 2};
        assert_int_equal(crawler_add(c, &rq), 0);
    }
    crawler_request bad = {.url = board_url(9, "/jobs/1"), .per_host = -1};
    assert_int_equal(crawler_add(c, &bad), COMMON_EINVAL);
    run(c);
    assert_int_equal(nresults, 4);
    int64_t t[8];
    assert_int_equal(logged("board9.test", "/fault/slow", t, 8), 4);
    assert_true(t[1] - t[0] < s.total_timeout_ms / 2);  /* two at once ... */
    assert_true(t[2] - t[0] >= s.total_timeout_ms - LOG_SLACK_MS); /* ... never three */
    assert_true(t[3] - t[2] < s.total_timeout_ms / 2);
    clear_results();
    crawler_free(c);
}

static void test_backoff_and_pause(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    s.pause_after_failures = 2;
    s.pause_ms = 1500; /* longer than the board's Retry-After of 1 s */
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    add(c, board_url(8, "/fault/500"), NULL, NULL, 0);
    add(c, board_url(8, "/fault/503"), NULL, NULL, 0);
    add(c, board_url(8, "/jobs/1"), NULL, NULL, 0);
    run(c);
    assert_int_equal(find("/fault/500")->status, 500);
    int64_t t500, t503, tjob;
    assert_int_equal(logged("board8.test", "/fault/500", &t500, 1), 1);
    assert_int_equal(logged("board8.test", "/fault/503", &t503, 1), 1);
    assert_int_equal(logged("board8.test", "/jobs/1", &tjob, 1), 1);
    /* first failure: backoff of at least half the base (jitter) */
    assert_true(t503 - t500 >= 50 - LOG_SLACK_MS);
    /* the second failure in a row pauses the host */
    if (tjob - t503 < 1500 - LOG_SLACK_MS)
        fail_msg("paused host contacted after %lld ms", (long long)(tjob - t503));
    clear_results();
    crawler_free(c);
}

static void test_private_addresses_refused(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    s.allow_private = false;
    crawler *c;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    int64_t before[64];
    size_t n_before = logged("board1.test", "/", before, 64) + logged("127.0.0.1", "/", before, 64);
    char direct[64];
    snprintf(direct, sizeof(direct), "http://127.0.0.1:%u/jobs/1", board_port);
    add(c, direct, NULL, NULL, 0);
    add(c, board_url(1, "/jobs/2"), NULL, NULL, 0); /* a name resolving to loopback */
    add(c, "http://[::1]:1/x", NULL, NULL, 0);
    run(c);
    assert_int_equal(nresults, 3);
    for (size_t i = 0; i < nresults; i++) {
        if (results[i].error != CRAWLER_ERR_ADDRESS)
            fail_msg("%s: %s", results[i].url, crawler_error_name(results[i].error));
        assert_int_equal(results[i].status, 0);
    }
    size_t n_after = logged("board1.test", "/", before, 64) + logged("127.0.0.1", "/", before, 64);
    assert_int_equal(n_after, n_before); /* nothing reached the board */
    clear_results();
    crawler_free(c);
}

static void test_bad_input_and_cancel(void **state)
{
    (void)state;
    crawler_settings s;
    test_settings(&s);
    crawler *c;
    s.user_agent = NULL;
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), COMMON_EINVAL);
    test_settings(&s);
    s.max_queued = 3;
    s.host_delay_ms = 60000; /* only the first request to a host can start */
    assert_int_equal(crawler_new(&c, &s, on_result, NULL), 0);
    crawler_request bad = {"ftp://board1.test/x", NULL, NULL, 0, NULL, NULL, 0};
    assert_int_equal(crawler_add(c, &bad), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "ftp://board1.test/x"));
    bad.url = NULL;
    assert_int_equal(crawler_add(c, &bad), COMMON_EINVAL);
    add(c, board_url(1, "/jobs/4"), "\"x\"\r\nInjected: 1", NULL, 0); /* never sent as is */
    add(c, board_url(1, "/jobs/5"), NULL, NULL, 0);
    add(c, board_url(1, "/jobs/6"), NULL, NULL, 0);
    crawler_request more = {board_url(1, "/jobs/7"), NULL, NULL, 0, NULL, NULL, 0};
    assert_int_equal(crawler_add(c, &more), COMMON_EINVAL); /* queue full */
    assert_int_equal(crawler_pending(c), 3);
    int64_t end = now_ms() + RUN_DEADLINE_MS;
    while (nresults < 1 && now_ms() < end)
        assert_true(crawler_poll(c, 100) >= 0);
    assert_int_equal(results[0].status, 200); /* /jobs/4 */
    assert_int_equal(crawler_pending(c), 2);
    crawler_free(c); /* the two still queued are handed back */
    assert_int_equal(nresults, 3);
    assert_int_equal(results[1].error, CRAWLER_ERR_CANCELLED);
    assert_int_equal(results[2].error, CRAWLER_ERR_CANCELLED);
    assert_non_null(results[2].user);
    clear_results();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conditional_get),
        cmocka_unit_test(test_board_truth),
        cmocka_unit_test(test_redirects_and_limits),
        cmocka_unit_test(test_per_host_limit),
        cmocka_unit_test(test_slow_body_times_out),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_politeness),
        cmocka_unit_test(test_backoff_and_pause),
        cmocka_unit_test(test_private_addresses_refused),
        cmocka_unit_test(test_bad_input_and_cancel),
    };
    return cmocka_run_group_tests(tests, start_board, stop_board);
}
