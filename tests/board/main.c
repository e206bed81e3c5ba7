/* sample_board - a loopback job board for the demo, tests and benchmarks.
 *
 * Serves boardN.test (the Host header decides) from one port on 127.0.0.1,
 * with adverts generated from a seed, sitemaps, a feed, robots.txt, fault
 * paths, an access log to check politeness against, and a truth file. */
#include "board.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define BOARD_MAX_HOSTS 10000
#define BOARD_MAX_ADVERTS 1000000
#define BOARD_HOST_NAME_MAX 128

static const char usage[] =
    "usage: sample_board [OPTIONS]\n"
    "\n"
    "A job board on 127.0.0.1 for tests, the demo and benchmarks. Host names\n"
    "board1.test ... boardN.test (the Host header; 127.0.0.1 and localhost are\n"
    "board 1) each serve their own adverts. Prints 'listening on 127.0.0.1:PORT'\n"
    "when ready; stops on SIGTERM or SIGINT.\n"
    "\n"
    "  --port N           port (default 0: any free port)\n"
    "  --hosts N          number of boards (default 3)\n"
    "  --adverts N        adverts per board (default 30)\n"
    "  --seed N           seed of the generated adverts (default 1)\n"
    "  --closed K         every K-th advert starts closed (default 0: none)\n"
    "  --truth FILE       write the adverts' truth as TSV on start\n"
    "  --log FILE         access log: time (ms), host, path, status per request\n"
    "  --crawl-delay S    robots.txt Crawl-delay in seconds (default 1; 0: none)\n"
    "  --retry-after S    Retry-After of /fault/429 and /fault/503 (default 1)\n"
    "  --slow-ms MS       delay per byte of /fault/slow (default 300)\n"
    "  --big-bytes N      size of /fault/big and /fault/big-length (default 16 MiB)\n"
    "\n"
    "Paths: / (listing), /jobs/ID (JSON-LD, microdata or plain HTML by ID mod 3;\n"
    "ETag and Last-Modified, 304 on a match; closed adverts 404 or 410),\n"
    "/sitemap.xml (index) -> /sitemaps/jobs-N.xml, /feed.rss, /robots.txt,\n"
    "/api/jobs.json?page=N (JSON API: 20 open adverts a page, links.next),\n"
    "/private/... (disallowed), /_board/close?id=ID (close an advert),\n"
    "/fault/500, /fault/503, /fault/429, /fault/429-date, /fault/slow,\n"
    "/fault/reset, /fault/big, /fault/big-length, /fault/loop/N,\n"
    "/fault/redirect/N, /fault/gzip, /fault/bad-gzip, /fault/latin1-as-utf8,\n"
    "/fault/utf8-as-latin1.\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

int board_reply_header(board_reply *r, const char *name, const char *value)
{
    if (r->nheaders == BOARD_MAX_HEADERS)
        return common_error(COMMON_EINVAL, "board: too many headers");
    snprintf(r->header_name[r->nheaders], sizeof(r->header_name[0]), "%s", name);
    snprintf(r->header_value[r->nheaders], sizeof(r->header_value[0]), "%s", value);
    r->nheaders++;
    return 0;
}

/* boardN.test[:port] -> N; 127.0.0.1 and localhost -> 1; else 0. */
static unsigned host_number(const board *b, const char *host)
{
    char name[BOARD_HOST_NAME_MAX];
    if (!host || strlen(host) >= sizeof(name))
        return 0;
    snprintf(name, sizeof(name), "%s", host);
    name[strcspn(name, ":")] = '\0';
    if (!strcasecmp(name, "127.0.0.1") || !strcasecmp(name, "localhost"))
        return 1;
    unsigned n;
    int used = 0;
    if (sscanf(name, "board%u.test%n", &n, &used) == 1 && name[used] == '\0' && n >= 1
        && n <= b->hosts)
        return n;
    return 0;
}

static void log_access(board *b, const char *host, const char *path, unsigned status)
{
    if (!b->log)
        return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char when[32], name[BOARD_HOST_NAME_MAX];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(name, sizeof(name), "%s", host ? host : "-"); /* the host, without the port */
    if (name[0] != '[')
        name[strcspn(name, ":")] = '\0';
    pthread_mutex_lock(&b->lock);
    fprintf(b->log, "%s.%03ldZ\t%s\t%s\t%u\n", when, (long)(tv.tv_usec / 1000),
            name, path, status);
    fflush(b->log);
    pthread_mutex_unlock(&b->lock);
}

static enum MHD_Result respond(struct MHD_Connection *conn, board_reply *r)
{
    struct MHD_Response *resp = r->custom;
    if (!resp)
        resp = MHD_create_response_from_buffer(r->body.len, r->body.data ? r->body.data : "",
                                               MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type",
                            r->content_type ? r->content_type : "text/html; charset=utf-8");
    for (size_t i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->header_name[i], r->header_value[i]);
    enum MHD_Result ok = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    board *b = cls;
    (void)version;
    (void)upload;
    (void)upload_size;
    /* Answer on the second call, once the request is read: a response
     * queued on the first makes libmicrohttpd close the connection, and
     * a client then pays a connect (and the board a thread) per request,
     * which real sites with keep-alive do not cost. */
    static int request_read;
    if (!*con_cls) {
        *con_cls = &request_read;
        return MHD_YES;
    }
    board_reply r = {.status = MHD_HTTP_OK, .body = COMMON_BUF_INIT};
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    unsigned n = host_number(b, host);
    int rc = 0;
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        r.status = MHD_HTTP_METHOD_NOT_ALLOWED;
        rc = common_buf_puts(&r.body, "GET only\n");
    } else if (!n) {
        r.status = MHD_HTTP_MISDIRECTED_REQUEST;
        rc = common_buf_puts(&r.body, "unknown board host\n");
    } else {
        rc = board_page(b, n, url, conn, &r);
    }
    if (rc) {
        if (r.custom)
            MHD_destroy_response(r.custom);
        r.custom = NULL;
        r.status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        common_buf_clear(&r.body);
    }
    log_access(b, host, url, r.status);
    enum MHD_Result ok = respond(conn, &r);
    common_buf_free(&r.body);
    return ok;
}

static int parse_number(const char *opt, const char *s, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < min || v > max) {
        fprintf(stderr, "sample_board: --%s must be a number from %g to %g\n", opt, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_options(int argc, char **argv, board *b, unsigned *port)
{
    static const struct option opts[] = {
        {"port", required_argument, 0, 'p'},      {"hosts", required_argument, 0, 'H'},
        {"adverts", required_argument, 0, 'a'},   {"seed", required_argument, 0, 's'},
        {"closed", required_argument, 0, 'c'},    {"truth", required_argument, 0, 't'},
        {"log", required_argument, 0, 'l'},       {"crawl-delay", required_argument, 0, 'd'},
        {"retry-after", required_argument, 0, 'r'}, {"slow-ms", required_argument, 0, 'w'},
        {"big-bytes", required_argument, 0, 'b'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    int c;
    double v = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'p': bad = parse_number("port", optarg, 0, 65535, &v); *port = (unsigned)v; break;
        case 'H': bad = parse_number("hosts", optarg, 1, BOARD_MAX_HOSTS, &v); b->hosts = (unsigned)v; break;
        case 'a': bad = parse_number("adverts", optarg, 1, BOARD_MAX_ADVERTS, &v); b->adverts = (unsigned)v; break;
        case 's': bad = parse_number("seed", optarg, 0, 1e15, &v); b->seed = (unsigned long long)v; break;
        case 'c': bad = parse_number("closed", optarg, 0, BOARD_MAX_ADVERTS, &v); b->close_every = (unsigned)v; break;
        case 't': b->truth_path = optarg; break;
        case 'l': b->log_path = optarg; break;
        case 'd': bad = parse_number("crawl-delay", optarg, 0, 3600, &b->crawl_delay); break;
        case 'r': bad = parse_number("retry-after", optarg, 0, 86400, &v); b->retry_after_s = (unsigned)v; break;
        case 'w': bad = parse_number("slow-ms", optarg, 0, 60000, &v); b->slow_ms = (unsigned)v; break;
        case 'b': bad = parse_number("big-bytes", optarg, 1, 1e10, &v); b->big_bytes = (size_t)v; break;
        case 'h': fputs(usage, stdout); exit(0);
        default: bad = -1;
        }
        if (bad)
            return -1;
    }
    if ((unsigned long long)b->hosts * b->adverts > BOARD_MAX_ADVERTS) {
        fprintf(stderr, "sample_board: at most %d adverts in all\n", BOARD_MAX_ADVERTS);
        return -1;
    }
    return optind == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
    board b = {.hosts = 3, .adverts = 30, .seed = 1, .crawl_delay = 1, .retry_after_s = 1,
               .slow_ms = 300, .big_bytes = 16u << 20};
    unsigned port = 0;
    if (parse_options(argc, argv, &b, &port)) {
        fputs(usage, stderr);
        return 2;
    }
    pthread_mutex_init(&b.lock, NULL);
    if (board_generate(&b)) {
        fprintf(stderr, "sample_board: %s\n", common_last_error());
        return 1;
    }
    if (b.log_path && !(b.log = fopen(b.log_path, "a"))) {
        fprintf(stderr, "sample_board: %s: cannot open the access log\n", b.log_path);
        return 1;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, always */
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
        (uint16_t)port, NULL, NULL, handle, &b, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "sample_board: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    b.port = info ? info->port : port;
    if (board_write_truth(&b)) {
        fprintf(stderr, "sample_board: %s\n", common_last_error());
        MHD_stop_daemon(d);
        return 1;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    printf("listening on 127.0.0.1:%u\n", b.port);
    fflush(stdout);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    if (b.log)
        fclose(b.log);
    free(b.ads);
    free(b.closed);
    pthread_mutex_destroy(&b.lock);
    return 0;
}
