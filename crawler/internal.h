/* internal.h - private to crawler/: what its files share. */
#ifndef VH_CRAWLER_INTERNAL_H
#define VH_CRAWLER_INTERNAL_H

#include "common/common.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

#define CRAWLER_HOST_MAX 256 /* bytes with the NUL */

/* The host of a canonical URL (lower case, no port) into out. */
int crawler_url_host(const char *canonical_url, char *out, size_t outsz);

/* True for loopback, private, link-local and other non-public addresses. */
bool crawler_address_private(const struct sockaddr *sa, size_t len);

/* ---- per-host politeness (politeness.c) ---------------------------------- */

typedef struct crawler_host crawler_host;

/* One queued or running request. fetch.c owns the transfer fields. */
typedef struct crawler_job {
    struct crawler_job *next, *prev; /* the host's queue, then fetch.c's running list */
    crawler_host *host;
    char *url, *etag, *last_modified;
    struct curl_slist *extra; /* the request's own headers */
    void *user;
    struct crawler_transfer *transfer; /* NULL while queued */
} crawler_job;

/* How a request ended, as far as the host's health goes. */
typedef enum {
    POLITE_SUCCESS,  /* the host answered sanely */
    POLITE_NEUTRAL,  /* our limits or the page, not the host's health */
    POLITE_FAILURE   /* unreachable, 5xx, 429: back off */
} polite_outcome;

typedef struct {
    int per_host;
    long host_delay_ms, backoff_base_ms, backoff_max_ms, pause_ms;
    int pause_after_failures;
} polite_settings;

typedef struct polite polite;

int polite_new(polite **out, const polite_settings *s);
/* Frees the table; jobs still queued are handed to drop() first. */
void polite_free(polite *p, void (*drop)(crawler_job *j, void *arg), void *arg);
/* Queue a job for its host (created on demand). crawl_delay_ms raises
 * the host's minimum delay; per_host > 0 sets its limit of transfers at
 * once (0: the settings' per_host). */
int polite_push(polite *p, const char *host, crawler_job *j, long crawl_delay_ms, int per_host);
/* A job whose host may be contacted now (marked running), or NULL; *wake
 * is set to the earliest time, in ms, another may become ready (or left
 * alone when none waits). Idle hosts whose delay has passed are dropped. */
crawler_job *polite_next(polite *p, int64_t now_ms, int64_t *wake);
/* A running job finished; retry_after_ms > 0 when the host asked for it. */
void polite_done(polite *p, crawler_job *j, polite_outcome o, int64_t retry_after_ms,
                 int64_t now_ms);
/* Jobs queued, not yet running. */
size_t polite_queued(const polite *p);
size_t polite_hosts(const polite *p);

int64_t crawler_now_ms(void);

#endif
