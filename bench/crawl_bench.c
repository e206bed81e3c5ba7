/* crawl_bench.c - vacancyd end to end against the sample board: pages/s
 * (fetch, parse, code, store) with politeness off across many hosts, and
 * peak memory while a million URLs are queued in the frontier.
 *
 * usage: crawl_bench SAMPLE_BOARD [--hosts N] [--adverts N] [--queued N]
 *                    [--seconds S]
 * Needs DATABASE_URL and the reference data (VACANCY_DATA_DIR); works in
 * the schema bench_crawl, emptied first. */
#include <getopt.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "bench_sql.h"
#include "coder/coder.h"
#include "daemon/daemon.h"
#include "storage/storage.h"

#define BENCH_SCHEMA "bench_crawl"

typedef struct {
    const char *board;
    int hosts, adverts, queued, seconds;
    char *dir;
    pid_t board_pid;
    unsigned port;
} bench;

static pid_t board_pid;

static void stop_board(void)
{
    if (board_pid > 0) {
        kill(board_pid, SIGTERM);
        waitpid(board_pid, NULL, 0);
    }
}

static void die(const char *what)
{
    fprintf(stderr, "crawl_bench: %s: %s\n", what, common_last_error());
    exit(1);
}

static void start_board(bench *b)
{
    int fd[2];
    char hosts[16], adverts[16];
    snprintf(hosts, sizeof(hosts), "%d", b->hosts);
    snprintf(adverts, sizeof(adverts), "%d", b->adverts);
    if (pipe(fd))
        exit(1);
    if (!(b->board_pid = fork())) {
        dup2(fd[1], 1);
        close(fd[0]);
        execl(b->board, b->board, "--hosts", hosts, "--adverts", adverts, "--crawl-delay", "0",
              (char *)NULL);
        _exit(127);
    }
    board_pid = b->board_pid;
    atexit(stop_board);
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[128];
    if (!f || !fgets(line, sizeof(line), f) || sscanf(line, "listening on 127.0.0.1:%u", &b->port) != 1) {
        fprintf(stderr, "crawl_bench: %s did not start\n", b->board);
        exit(1);
    }
    fclose(f);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) {
        fprintf(stderr, "crawl_bench: cannot write %s\n", path);
        exit(1);
    }
}

/* One sitemap source per host; the config pins every host to loopback. */
static char *write_config(bench *b)
{
    common_buf path = COMMON_BUF_INIT, text = COMMON_BUF_INIT, resolve = COMMON_BUF_INIT;
    common_buf_printf(&path, "%s/sources.d", b->dir);
    common_mkdirs(path.data);
    for (int h = 1; h <= b->hosts; h++) {
        common_buf_clear(&path);
        common_buf_clear(&text);
        common_buf_printf(&path, "%s/sources.d/board%d.conf", b->dir, h);
        common_buf_printf(&text, "[source]\ntype = sitemap\nstart = http://board%d.test:%u/sitemap.xml\n"
                          "recheck = 86400\n", h, b->port);
        write_file(path.data, text.data);
        common_buf_printf(&resolve, "resolve = board%d.test:%u:127.0.0.1\n", h, b->port);
    }
    common_buf_clear(&path);
    common_buf_clear(&text);
    common_buf_printf(&path, "%s/vacancyd.conf", b->dir);
    common_buf_printf(&text, "[daemon]\ncoder_dir = %s/coder\ndatabase_schema = " BENCH_SCHEMA "\n"
                      "sources_dir = %s/sources.d\nuser_agent = vacancy-harvester/0.1\n"
                      "allow_private_addresses = true\nconcurrency = 64\nper_host = 2\n"
                      "min_delay = 0\nlog_level = warning\n%s",
                      b->dir, b->dir, resolve.data);
    write_file(path.data, text.data);
    common_buf_free(&text);
    common_buf_free(&resolve);
    return common_buf_detach(&path);
}

static void reset_schema(void)
{
    storage *s;
    if (storage_open(&s, storage_conninfo(NULL), BENCH_SCHEMA) || storage_reset_schema(s)
        || storage_migrate(s, NULL))
        die("reset schema");
    storage_close(s);
}

static void fill_frontier(const bench *b)
{
    PGconn *c = PQconnectdb(storage_conninfo(NULL));
    char n[16], h[16], port[16];
    snprintf(n, sizeof(n), "%d", b->queued);
    snprintf(h, sizeof(h), "%d", b->hosts);
    snprintf(port, sizeof(port), "%u", b->port);
    const char *p[3] = {n, h, port};
    PGresult *r = PQexecParams(c, bench_sql_fill_frontier, 3, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fprintf(stderr, "crawl_bench: fill the frontier: %s", PQerrorMessage(c));
        exit(1);
    }
    PQclear(r);
    PQfinish(c);
}

static void on_alarm(int sig)
{
    (void)sig;
    kill(getpid(), SIGTERM); /* daemon_run's own stop: requeue, flush, return */
}

static void run(const char *config, bool until_idle)
{
    daemon_config c;
    if (daemon_config_load(&c, config))
        die(config);
    daemon_run_options o = {.until_idle = until_idle};
    if (daemon_run(&c, &o))
        die("daemon_run");
    daemon_config_free(&c);
}

static storage_totals totals(void)
{
    storage *s;
    storage_totals t;
    if (storage_open(&s, storage_conninfo(NULL), BENCH_SCHEMA) || storage_totals_get(s, &t))
        die("totals");
    storage_close(s);
    return t;
}

int main(int argc, char **argv)
{
    bench b = {.hosts = 50, .adverts = 200, .queued = 1000000, .seconds = 20};
    static const struct option opts[] = {
        {"hosts", required_argument, 0, 'H'}, {"adverts", required_argument, 0, 'a'},
        {"queued", required_argument, 0, 'q'}, {"seconds", required_argument, 0, 's'},
        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int v = atoi(optarg);
        if (v <= 0) {
            fprintf(stderr, "crawl_bench: --%s must be positive\n", argv[optind - 2] + 2);
            return 2;
        }
        if (ch == 'H') b.hosts = v;
        else if (ch == 'a') b.adverts = v;
        else if (ch == 'q') b.queued = v;
        else if (ch == 's') b.seconds = v;
        else return 2;
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "usage: crawl_bench SAMPLE_BOARD [--hosts N] [--adverts N] [--queued N] [--seconds S]\n");
        return 2;
    }
    b.board = argv[optind];
    b.dir = bench_tempdir();
    char *index = bench_default_index();
    common_buf coder_dir = COMMON_BUF_INIT;
    common_buf_printf(&coder_dir, "%s/coder", b.dir);
    if (coder_build(index, coder_dir.data, NULL))
        die("coder_build");
    start_board(&b);
    char *config = write_config(&b);

    /* Memory first, so the peak is this phase's: a million URLs queued. */
    reset_schema();
    double t0 = bench_now();
    fill_frontier(&b);
    printf("queued %d URLs in the frontier in %.1f s\n", b.queued, bench_now() - t0);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)b.seconds);
    t0 = bench_now();
    run(config, false);
    printf("ran %.1f s with %d URLs queued: peak RSS %.1f MB (aim: under 300 MB)\n",
           bench_now() - t0, b.queued, bench_peak_rss_mb());

    /* Throughput: every host's sitemap and adverts, politeness off. The
     * daemon's own CPU per page is steadier than pages/s on a shared
     * machine, so both are printed, with the load they ran under. */
    reset_schema();
    t0 = bench_now();
    double cpu0 = bench_cpu_seconds();
    run(config, true);
    double secs = bench_now() - t0, cpu = bench_cpu_seconds() - cpu0;
    double load[1] = {0};
    (void)getloadavg(load, 1);
    storage_totals t = totals();
    printf("crawled %d hosts x %d adverts: %lld pages kept, %lld adverts stored, %lld coded "
           "in %.1f s\n", b.hosts, b.adverts, t.pages, t.adverts, t.codes, secs);
    printf("end to end: %.0f pages/s (fetch, parse, code, store; aim: 1,000)\n",
           (double)t.pages / secs);
    printf("daemon CPU: %.2f ms a page (its threads' user + system time; the board and "
           "PostgreSQL not counted); load average %.1f at the end\n",
           t.pages ? cpu * 1000 / (double)t.pages : 0.0, load[0]);

    bench_rmdir(b.dir);
    free(b.dir);
    free(index);
    free(config);
    common_buf_free(&coder_dir);
    return 0;
}
