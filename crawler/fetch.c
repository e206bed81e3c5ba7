/* fetch.c - many transfers at once over libcurl's multi interface.
 *
 * The politeness table decides what may start; this file turns a job into
 * a curl transfer with every limit set (timeouts, body cap, redirects,
 * protocols, addresses), collects the headers that matter for incremental
 * crawling, and reports each job exactly once through the callback. */
#include "crawler/crawler.h"
#include "crawler/internal.h"
#include "common/common.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define FETCH_CONNECT_TIMEOUT_MS 10000L
#define FETCH_TOTAL_TIMEOUT_MS 60000L
#define FETCH_LOW_SPEED_BYTES 100L
#define FETCH_LOW_SPEED_SECONDS 20L
#define FETCH_MAX_BODY (8u * 1024u * 1024u)
#define FETCH_MAX_REDIRECTS 5L
#define FETCH_MAX_TRANSFERS 64
#define FETCH_HOST_DELAY_MS 1000L
#define FETCH_BACKOFF_BASE_MS 2000L
#define FETCH_BACKOFF_MAX_MS (10L * 60 * 1000)
#define FETCH_PAUSE_AFTER_FAILURES 5
#define FETCH_PAUSE_MS (60L * 60 * 1000)
#define FETCH_MAX_QUEUED 1000000u
#define FETCH_HEADER_MAX 1024 /* longer values of the headers we keep are dropped */
#define FETCH_RETRY_AFTER_MAX_S 86400L

struct crawler {
    crawler_settings s;
    char *user_agent, *ca_file;
    struct curl_slist *resolve;
    CURLM *multi;
    polite *polite;
    crawler_callback cb;
    void *arg;
    crawler_job *running_jobs; /* doubly linked through next / prev */
    size_t running;
};

typedef struct crawler_transfer {
    crawler *c;
    CURL *easy;
    struct curl_slist *headers;
    common_buf body;
    char *etag, *last_modified, *content_type, *retry_after;
    bool too_big, refused;
    char errbuf[CURL_ERROR_SIZE];
} transfer;

void crawler_settings_init(crawler_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->connect_timeout_ms = FETCH_CONNECT_TIMEOUT_MS;
    s->total_timeout_ms = FETCH_TOTAL_TIMEOUT_MS;
    s->low_speed_bytes = FETCH_LOW_SPEED_BYTES;
    s->low_speed_seconds = FETCH_LOW_SPEED_SECONDS;
    s->max_body = FETCH_MAX_BODY;
    s->max_redirects = FETCH_MAX_REDIRECTS;
    s->max_transfers = FETCH_MAX_TRANSFERS;
    s->per_host = 1;
    s->host_delay_ms = FETCH_HOST_DELAY_MS;
    s->backoff_base_ms = FETCH_BACKOFF_BASE_MS;
    s->backoff_max_ms = FETCH_BACKOFF_MAX_MS;
    s->pause_after_failures = FETCH_PAUSE_AFTER_FAILURES;
    s->pause_ms = FETCH_PAUSE_MS;
    s->max_queued = FETCH_MAX_QUEUED;
}

const char *crawler_error_name(crawler_error e)
{
    static const char *const names[] = {"ok", "url", "dns", "connect", "address", "tls",
                                        "timeout", "too_big", "redirects", "encoding",
                                        "network", "cancelled"};
    return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "unknown";
}

static int check_settings(const crawler_settings *s)
{
    if (!s->user_agent || !*s->user_agent || strpbrk(s->user_agent, "\r\n"))
        return common_error(COMMON_EINVAL, "crawler settings: user_agent is required "
                                           "(one line naming the product and a contact URL)");
    if (s->connect_timeout_ms <= 0 || s->total_timeout_ms <= 0 || s->max_body == 0
        || s->max_redirects < 0 || s->max_transfers <= 0 || s->per_host <= 0
        || s->host_delay_ms < 0 || s->backoff_base_ms <= 0
        || s->backoff_max_ms < s->backoff_base_ms || s->pause_after_failures <= 0
        || s->pause_ms < 0 || s->max_queued == 0 || s->low_speed_bytes < 0
        || s->low_speed_seconds < 0)
        return common_error(COMMON_EINVAL, "crawler settings: a limit is zero or negative");
    return 0;
}

int crawler_new(crawler **out, const crawler_settings *s, crawler_callback cb, void *arg)
{
    *out = NULL;
    int rc = check_settings(s);
    if (rc)
        return rc;
    if (curl_global_init(CURL_GLOBAL_DEFAULT))
        return common_error(COMMON_EIO, "crawler: libcurl failed to initialise");
    crawler *c = common_calloc(1, sizeof(*c));
    if (!c) {
        curl_global_cleanup();
        return COMMON_ENOMEM;
    }
    c->s = *s;
    c->cb = cb;
    c->arg = arg;
    polite_settings ps = {s->per_host, s->host_delay_ms, s->backoff_base_ms,
                          s->backoff_max_ms, s->pause_ms, s->pause_after_failures};
    c->user_agent = common_strdup(s->user_agent);
    c->ca_file = s->ca_file ? common_strdup(s->ca_file) : NULL;
    c->multi = curl_multi_init();
    rc = !c->user_agent || (s->ca_file && !c->ca_file) ? COMMON_ENOMEM
         : !c->multi ? common_error(COMMON_ENOMEM, "crawler: curl_multi_init failed")
                     : polite_new(&c->polite, &ps);
    for (size_t i = 0; !rc && s->resolve && s->resolve[i]; i++) {
        struct curl_slist *l = curl_slist_append(c->resolve, s->resolve[i]);
        if (!l)
            rc = common_error(COMMON_ENOMEM, "crawler: out of memory");
        else
            c->resolve = l;
    }
    if (!rc && (curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX)
                || curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                                     (long)s->max_transfers)))
        rc = common_error(COMMON_EIO, "crawler: curl_multi_setopt failed");
    c->s.user_agent = c->user_agent;
    c->s.ca_file = c->ca_file;
    c->s.resolve = NULL;
    if (rc) {
        crawler_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

/* ---- per-transfer callbacks ----------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t n, void *p)
{
    transfer *t = p;
    size_t len = size * n;
    if (t->body.len + len > t->c->s.max_body) {
        t->too_big = true;
        return 0; /* abort: curl reports a write error */
    }
    return common_buf_append(&t->body, data, len) ? 0 : len;
}

static void keep(char **field, const char *v, size_t n)
{
    free(*field);
    *field = n <= FETCH_HEADER_MAX ? common_strndup(v, n) : NULL;
}

/* Each response's headers (redirects give several): keep the last one's. */
static size_t on_header(char *data, size_t size, size_t n, void *p)
{
    transfer *t = p;
    size_t len = size * n;
    if (len >= 5 && !memcmp(data, "HTTP/", 5)) {
        char **fields[] = {&t->etag, &t->last_modified, &t->content_type, &t->retry_after};
        for (size_t i = 0; i < 4; i++) {
            free(*fields[i]);
            *fields[i] = NULL;
        }
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t name_len = (size_t)(colon - data);
    const char *v = colon + 1, *end = data + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && isspace((unsigned char)end[-1]))
        end--;
    static const struct { const char *name; size_t off; } wanted[] = {
        {"etag", offsetof(transfer, etag)},
        {"last-modified", offsetof(transfer, last_modified)},
        {"content-type", offsetof(transfer, content_type)},
        {"retry-after", offsetof(transfer, retry_after)},
    };
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
        if (strlen(wanted[i].name) == name_len && !strncasecmp(data, wanted[i].name, name_len))
            keep((char **)((char *)t + wanted[i].off), v, (size_t)(end - v));
    return len;
}

/* The address check runs on every connection curl opens, after DNS, so no
 * name or redirect reaches a private address unless allowed. */
static curl_socket_t on_open_socket(void *p, curlsocktype purpose, struct curl_sockaddr *a)
{
    transfer *t = p;
    (void)purpose;
    if (!t->c->s.allow_private && crawler_address_private(&a->addr, a->addrlen)) {
        t->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* ---- starting --------------------------------------------------------------- */

static int add_validator(transfer *t, const char *name, const char *value)
{
    if (!value || !*value || strpbrk(value, "\r\n") || strlen(value) > FETCH_HEADER_MAX)
        return 0; /* a stored validator we cannot send safely is not sent */
    common_buf h = COMMON_BUF_INIT;
    int rc = common_buf_printf(&h, "%s: %s", name, value);
    struct curl_slist *l = rc ? NULL : curl_slist_append(t->headers, h.data);
    common_buf_free(&h);
    if (!l)
        return common_error(COMMON_ENOMEM, "crawler: out of memory");
    t->headers = l;
    return 0;
}

static int configure(crawler *c, crawler_job *j, transfer *t)
{
    CURL *e = t->easy;
    const crawler_settings *s = &c->s;
    CURLcode rc = CURLE_OK;
#define SET(opt, val) \
    if (rc == CURLE_OK) \
    rc = curl_easy_setopt(e, opt, val)
    SET(CURLOPT_URL, j->url);
    SET(CURLOPT_PRIVATE, j);
    SET(CURLOPT_ERRORBUFFER, t->errbuf);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_PROXY, ""); /* never an environment proxy: it would bypass the address check */
    if (curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2)
        SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS); /* h2 over TLS, else 1.1 */
    SET(CURLOPT_ACCEPT_ENCODING, ""); /* every encoding this libcurl decodes */
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->ca_file)
        SET(CURLOPT_CAINFO, c->ca_file);
    SET(CURLOPT_CONNECTTIMEOUT_MS, s->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, s->total_timeout_ms);
    SET(CURLOPT_LOW_SPEED_LIMIT, s->low_speed_bytes);
    SET(CURLOPT_LOW_SPEED_TIME, s->low_speed_seconds);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max_body);
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, s->max_redirects);
    SET(CURLOPT_USERAGENT, c->user_agent);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, t);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, t);
    SET(CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    SET(CURLOPT_OPENSOCKETDATA, t);
    if (c->resolve)
        SET(CURLOPT_RESOLVE, c->resolve);
#undef SET
    if (rc != CURLE_OK)
        return common_error(COMMON_EIO, "%s: curl refused an option: %s", j->url,
                            curl_easy_strerror(rc));
    int err = 0;
    for (const struct curl_slist *h = j->extra; h && !err; h = h->next) {
        struct curl_slist *l = curl_slist_append(t->headers, h->data);
        if (!l)
            err = common_error(COMMON_ENOMEM, "crawler: out of memory");
        else
            t->headers = l;
    }
    if (!err)
        err = add_validator(t, "If-None-Match", j->etag);
    if (!err)
        err = add_validator(t, "If-Modified-Since", j->last_modified);
    if (!err && t->headers && curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers) != CURLE_OK)
        err = common_error(COMMON_EIO, "%s: curl refused the headers", j->url);
    return err;
}

static void transfer_free(transfer *t)
{
    if (!t)
        return;
    if (t->easy) {
        curl_multi_remove_handle(t->c->multi, t->easy);
        curl_easy_cleanup(t->easy);
    }
    curl_slist_free_all(t->headers);
    common_buf_free(&t->body);
    free(t->etag);
    free(t->last_modified);
    free(t->content_type);
    free(t->retry_after);
    free(t);
}

static void job_free(crawler_job *j)
{
    transfer_free(j->transfer);
    free(j->url);
    free(j->etag);
    free(j->last_modified);
    curl_slist_free_all(j->extra);
    free(j);
}

static void deliver_failure(crawler *c, crawler_job *j, crawler_error e, const char *msg)
{
    crawler_result r = {0};
    r.url = r.final_url = j->url;
    r.user = j->user;
    r.error = e;
    r.message = msg;
    r.retry_after_s = -1;
    r.body = "";
    if (c->cb)
        c->cb(&r, c->arg);
}

static int start(crawler *c, crawler_job *j)
{
    transfer *t = common_calloc(1, sizeof(*t));
    if (!t)
        return COMMON_ENOMEM;
    t->c = c;
    j->transfer = t;
    t->easy = curl_easy_init();
    int rc = t->easy ? configure(c, j, t) : common_error(COMMON_ENOMEM, "curl_easy_init failed");
    if (!rc && curl_multi_add_handle(c->multi, t->easy) != CURLM_OK) {
        rc = common_error(COMMON_EIO, "%s: curl_multi_add_handle failed", j->url);
    }
    if (rc) {
        curl_easy_cleanup(t->easy);
        t->easy = NULL;
        return rc;
    }
    j->prev = NULL;
    j->next = c->running_jobs;
    if (j->next)
        j->next->prev = j;
    c->running_jobs = j;
    c->running++;
    return 0;
}

static void unlink_running(crawler *c, crawler_job *j)
{
    if (j->prev)
        j->prev->next = j->next;
    else
        c->running_jobs = j->next;
    if (j->next)
        j->next->prev = j->prev;
    c->running--;
}

static void start_ready(crawler *c, int64_t *wake)
{
    while (c->running < (size_t)c->s.max_transfers) {
        int64_t now = crawler_now_ms();
        crawler_job *j = polite_next(c->polite, now, wake);
        if (!j)
            return;
        if (start(c, j)) { /* out of memory or a curl refusal: report, go on */
            deliver_failure(c, j, CRAWLER_ERR_NETWORK, common_last_error());
            polite_done(c->polite, j, POLITE_NEUTRAL, 0, crawler_now_ms());
            job_free(j);
        }
    }
}

/* ---- finishing -------------------------------------------------------------- */

static crawler_error classify(CURLcode rc, const transfer *t)
{
    switch (rc) {
    case CURLE_OK: return CRAWLER_OK;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return CRAWLER_ERR_URL;
    case CURLE_COULDNT_RESOLVE_HOST: return CRAWLER_ERR_DNS;
    case CURLE_COULDNT_CONNECT: return t->refused ? CRAWLER_ERR_ADDRESS : CRAWLER_ERR_CONNECT;
    case CURLE_OPERATION_TIMEDOUT: return CRAWLER_ERR_TIMEOUT;
    case CURLE_FILESIZE_EXCEEDED: return CRAWLER_ERR_TOO_BIG;
    case CURLE_WRITE_ERROR: return t->too_big ? CRAWLER_ERR_TOO_BIG : CRAWLER_ERR_NETWORK;
    case CURLE_TOO_MANY_REDIRECTS: return CRAWLER_ERR_REDIRECTS;
    case CURLE_BAD_CONTENT_ENCODING: return CRAWLER_ERR_ENCODING;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return CRAWLER_ERR_TLS;
    default: return CRAWLER_ERR_NETWORK;
    }
}

/* Retry-After: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
static long parse_retry_after(const char *v)
{
    if (!v || !*v)
        return -1;
    if (isdigit((unsigned char)v[0])) {
        long s = 0;
        for (const char *p = v; *p; p++) {
            if (!isdigit((unsigned char)*p))
                return -1;
            if ((s = s * 10 + (*p - '0')) > FETCH_RETRY_AFTER_MAX_S)
                s = FETCH_RETRY_AFTER_MAX_S;
        }
        return s;
    }
    time_t when = curl_getdate(v, NULL);
    if (when == -1)
        return -1;
    time_t now = time(NULL);
    long s = when > now ? (long)(when - now) : 0;
    return s > FETCH_RETRY_AFTER_MAX_S ? FETCH_RETRY_AFTER_MAX_S : s;
}

static polite_outcome outcome(crawler_error e, long status)
{
    switch (e) {
    case CRAWLER_OK:
        return status >= 500 || status == 429 ? POLITE_FAILURE : POLITE_SUCCESS;
    case CRAWLER_ERR_DNS:
    case CRAWLER_ERR_CONNECT:
    case CRAWLER_ERR_TLS:
    case CRAWLER_ERR_TIMEOUT:
    case CRAWLER_ERR_NETWORK: return POLITE_FAILURE;
    default: return POLITE_NEUTRAL;
    }
}

static void finish(crawler *c, CURL *easy, CURLcode code)
{
    crawler_job *j = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&j);
    transfer *t = j->transfer;
    crawler_result r = {0};
    r.url = j->url;
    r.user = j->user;
    r.error = classify(code, t);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r.status);
    char *final = NULL;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &final);
    r.final_url = final ? final : j->url;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &r.seconds);
    r.message = r.error == CRAWLER_OK ? ""
                : r.error == CRAWLER_ERR_ADDRESS
                    ? "refused: the host resolves to a private, loopback or link-local address"
                : r.error == CRAWLER_ERR_TOO_BIG ? "body larger than the configured maximum"
                : t->errbuf[0] ? t->errbuf
                               : curl_easy_strerror(code);
    r.etag = t->etag;
    r.last_modified = t->last_modified;
    r.content_type = t->content_type;
    r.retry_after_s = parse_retry_after(t->retry_after);
    r.body = r.error == CRAWLER_OK && t->body.data ? t->body.data : "";
    r.body_len = r.error == CRAWLER_OK ? t->body.len : 0;
    bool asks_wait = r.error == CRAWLER_OK && (r.status == 429 || r.status == 503);
    polite_done(c->polite, j, outcome(r.error, r.status),
                asks_wait && r.retry_after_s > 0 ? (int64_t)r.retry_after_s * 1000 : 0,
                crawler_now_ms());
    unlink_running(c, j);
    if (c->cb)
        c->cb(&r, c->arg);
    job_free(j);
}

static int perform(crawler *c)
{
    int still;
    CURLMcode mc = curl_multi_perform(c->multi, &still);
    if (mc != CURLM_OK)
        return common_error(COMMON_EIO, "crawler: curl_multi_perform: %s",
                            curl_multi_strerror(mc));
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(c->multi, &left)) != NULL)
        if (m->msg == CURLMSG_DONE)
            finish(c, m->easy_handle, m->data.result);
    return 0;
}

int crawler_poll(crawler *c, long timeout_ms)
{
    int64_t wake = 0;
    start_ready(c, &wake);
    int rc = perform(c);
    if (rc)
        return rc;
    if (!c->running && !polite_queued(c->polite))
        return 0;
    long wait = timeout_ms;
    if (wake) {
        int64_t until = wake - crawler_now_ms();
        if (until < wait)
            wait = until > 0 ? (long)until : 0;
    }
    CURLMcode mc = curl_multi_poll(c->multi, NULL, 0, (int)wait, NULL);
    if (mc != CURLM_OK)
        return common_error(COMMON_EIO, "crawler: curl_multi_poll: %s", curl_multi_strerror(mc));
    if ((rc = perform(c)))
        return rc;
    wake = 0;
    start_ready(c, &wake);
    size_t pending = crawler_pending(c);
    return pending > (size_t)0x7FFFFFFF ? 0x7FFFFFFF : (int)pending;
}

static int copy_header(crawler_job *j, const char *h)
{
    /* The value is often a secret: the message names the URL, never it. */
    if (strpbrk(h, "\r\n") || !strchr(h, ':') || strlen(h) > FETCH_HEADER_MAX)
        return common_error(COMMON_EINVAL, "%s: an extra header is malformed (needs "
                            "'Name: value', one line, at most %d bytes)", j->url,
                            FETCH_HEADER_MAX);
    struct curl_slist *l = curl_slist_append(j->extra, h);
    if (!l)
        return common_error(COMMON_ENOMEM, "crawler: out of memory");
    j->extra = l;
    return 0;
}

int crawler_add(crawler *c, const crawler_request *req)
{
    if (polite_queued(c->polite) >= c->s.max_queued)
        return common_error(COMMON_EINVAL, "%s: the crawler queue is full (%zu requests)",
                            req->url ? req->url : "(null)", c->s.max_queued);
    char host[CRAWLER_HOST_MAX];
    crawler_job *j = common_calloc(1, sizeof(*j));
    if (!j)
        return COMMON_ENOMEM;
    int rc = crawler_url_canonical(req->url, &j->url);
    if (!rc)
        rc = crawler_url_host(j->url, host, sizeof(host));
    if (!rc && ((req->etag && !(j->etag = common_strdup(req->etag)))
                || (req->last_modified && !(j->last_modified = common_strdup(req->last_modified)))))
        rc = COMMON_ENOMEM;
    for (size_t i = 0; !rc && req->headers && req->headers[i]; i++)
        rc = copy_header(j, req->headers[i]);
    j->user = req->user;
    if (!rc)
        rc = req->per_host < 0 ? common_error(COMMON_EINVAL, "%s: per_host %d is negative",
                                              j->url, req->per_host)
                               : polite_push(c->polite, host, j, req->crawl_delay_ms, req->per_host);
    if (rc)
        job_free(j);
    return rc;
}

size_t crawler_pending(const crawler *c)
{
    return c->running + polite_queued(c->polite);
}

static void cancel_queued(crawler_job *j, void *arg)
{
    deliver_failure(arg, j, CRAWLER_ERR_CANCELLED, "cancelled: the crawler was freed");
    job_free(j);
}

void crawler_free(crawler *c)
{
    if (!c)
        return;
    while (c->running_jobs) {
        crawler_job *j = c->running_jobs;
        unlink_running(c, j);
        deliver_failure(c, j, CRAWLER_ERR_CANCELLED, "cancelled: the crawler was freed");
        job_free(j);
    }
    polite_free(c->polite, cancel_queued, c);
    curl_multi_cleanup(c->multi);
    curl_slist_free_all(c->resolve);
    free(c->user_agent);
    free(c->ca_file);
    free(c);
    curl_global_cleanup();
}
