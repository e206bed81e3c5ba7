/* crawler.h - fetching the web politely: URL canonicalisation, robots.txt
 * (RFC 9309) and a fetcher over libcurl's multi interface with per-host
 * politeness.
 *
 * Errors follow common/common.h: 0 or a negative COMMON_E* code after
 * common_error() named the input and what is wrong. */
#ifndef VH_CRAWLER_H
#define VH_CRAWLER_H

#include <stdbool.h>
#include <stddef.h>

/* ---- URLs -------------------------------------------------------------- */

#define CRAWLER_URL_MAX 8192 /* bytes, input and output */

/* Canonical form of an absolute http(s) URL: scheme and host lower case,
 * default port and fragment dropped, tracking and session parameters
 * dropped, remaining query parameters sorted, percent-encoding normalised,
 * dot segments resolved. *out is a new string. */
int crawler_url_canonical(const char *url, char **out);
/* Resolve `ref` (absolute or relative, RFC 3986 section 5) against the
 * absolute `base`, then canonicalise. */
int crawler_url_resolve(const char *base, const char *ref, char **out);

/* ---- robots.txt (RFC 9309) ------------------------------------------------ */

#define CRAWLER_ROBOTS_MAX_BYTES (512u * 1024u) /* parsed; the rest ignored */

typedef struct crawler_robots crawler_robots;

/* Parse a robots.txt body (any bytes; never fails on content). */
int crawler_robots_parse(crawler_robots **out, const char *body, size_t len);
/* What a robots.txt fetch means (RFC 9309 section 2.3.1): a 2xx body is
 * parsed; 3xx left after the redirect limit and 4xx other than 429 allow
 * everything; 429, 5xx and status 0 (unreachable) disallow everything. */
int crawler_robots_from_status(crawler_robots **out, int status, const char *body,
                               size_t len);
void crawler_robots_free(crawler_robots *r);

typedef enum {
    CRAWLER_RULE_NONE = 0,   /* no rule matched: allowed */
    CRAWLER_RULE_ALLOW,
    CRAWLER_RULE_DISALLOW,
    CRAWLER_RULE_STATUS      /* the robots.txt status decided */
} crawler_rule_kind;

typedef struct {
    bool allowed;
    crawler_rule_kind kind;
    const char *pattern; /* the rule's pattern as written; "" for NONE / STATUS */
    size_t line;         /* 1-based line of the rule, 0 when none */
    int status;          /* the robots.txt HTTP status, for CRAWLER_RULE_STATUS */
} crawler_robots_verdict;

/* May `agent` (a product token such as "vacancy-harvester", matched case
 * insensitively) fetch `url` (an absolute URL or a path starting with '/')?
 * The verdict stays valid while r lives. */
void crawler_robots_check(const crawler_robots *r, const char *agent, const char *url,
                          crawler_robots_verdict *v);
/* Crawl-delay of the group that applies to agent, in seconds; -1 if none. */
double crawler_robots_crawl_delay(const crawler_robots *r, const char *agent);
/* Sitemap URLs listed anywhere in the file, in order. */
size_t crawler_robots_sitemap_count(const crawler_robots *r);
const char *crawler_robots_sitemap(const crawler_robots *r, size_t i);

/* ---- fetching ------------------------------------------------------------- */

typedef struct {
    const char *user_agent;     /* "vacancy-harvester/0.1 (+https://...)"; required */
    long connect_timeout_ms;    /* default 10 s */
    long total_timeout_ms;      /* whole transfer, default 60 s */
    long low_speed_bytes;       /* abort below this many bytes/s ... */
    long low_speed_seconds;     /* ... for this long (defaults 100, 20) */
    size_t max_body;            /* decoded body cap, default 8 MiB */
    long max_redirects;         /* default 5 */
    int max_transfers;          /* at once over all hosts, default 64 */
    int per_host;               /* at once per host, default 1 */
    long host_delay_ms;         /* between requests to one host, default 1 s */
    long backoff_base_ms;       /* first delay after a failure, default 2 s */
    long backoff_max_ms;        /* cap, default 10 min */
    int pause_after_failures;   /* consecutive failures that pause a host (5) */
    long pause_ms;              /* how long, default 1 h */
    size_t max_queued;          /* requests held in memory, default 1,000,000 */
    bool allow_private;         /* loopback, private, link-local addresses */
    const char *ca_file;        /* NULL: the system's CA store */
    /* NULL-terminated "HOST:PORT:ADDRESS" entries (curl's --resolve), for
     * tests and the demo; the address check still applies. */
    const char *const *resolve;
} crawler_settings;

void crawler_settings_init(crawler_settings *s);

typedef enum {
    CRAWLER_OK = 0,        /* a response arrived (any HTTP status) */
    CRAWLER_ERR_URL,       /* malformed or unsupported URL */
    CRAWLER_ERR_DNS,
    CRAWLER_ERR_CONNECT,
    CRAWLER_ERR_ADDRESS,   /* refused: private, loopback or link-local */
    CRAWLER_ERR_TLS,
    CRAWLER_ERR_TIMEOUT,
    CRAWLER_ERR_TOO_BIG,   /* body over max_body */
    CRAWLER_ERR_REDIRECTS, /* more than max_redirects */
    CRAWLER_ERR_ENCODING,  /* bad Content-Encoding (gzip, br ...) */
    CRAWLER_ERR_NETWORK,   /* reset, truncated, protocol error */
    CRAWLER_ERR_CANCELLED  /* crawler_free() with the request still pending */
} crawler_error;

const char *crawler_error_name(crawler_error e);

typedef struct {
    const char *url;         /* as queued (canonical) */
    const char *final_url;   /* after redirects */
    void *user;
    crawler_error error;
    const char *message;     /* "" when error == CRAWLER_OK */
    long status;             /* HTTP status, 0 when none */
    const char *etag;        /* response headers of interest, NULL if absent */
    const char *last_modified;
    const char *content_type;
    long retry_after_s;      /* -1 when absent or unparseable */
    const char *body;        /* NUL-terminated, decoded */
    size_t body_len;
    double seconds;          /* transfer time */
} crawler_result;

/* Called once for every request added; everything in `r` is valid only
 * during the call. It may call crawler_add (to requeue or follow links),
 * never crawler_free. A crawler belongs to one thread. */
typedef void (*crawler_callback)(const crawler_result *r, void *arg);

typedef struct {
    const char *url;           /* absolute http(s); canonicalised on add */
    const char *etag;          /* stored validators for a conditional GET */
    const char *last_modified;
    long crawl_delay_ms;       /* the host's robots.txt Crawl-delay; 0 none */
    void *user;                /* handed back in the result */
    /* NULL-terminated "Name: value" extra headers (API keys), copied on
     * add; a header holding CR or LF is refused. May be NULL. */
    const char *const *headers;
    /* Transfers at once to this URL's host (a source's own limit); 0: the
     * crawler's per_host. The host takes the value of its latest request. */
    int per_host;
} crawler_request;

typedef struct crawler crawler;

int crawler_new(crawler **out, const crawler_settings *s, crawler_callback cb, void *arg);
/* Queue a request. A malformed URL is an error here, and nothing queued. */
int crawler_add(crawler *c, const crawler_request *req);
/* Start what politeness allows, wait up to timeout_ms for progress, and
 * deliver finished results. Returns the number of requests still queued or
 * in flight (0: idle), or a negative error. */
int crawler_poll(crawler *c, long timeout_ms);
size_t crawler_pending(const crawler *c);
/* Requests still queued or in flight are delivered as CRAWLER_ERR_CANCELLED,
 * so their user data can be freed or requeued. */
void crawler_free(crawler *c);

#endif
