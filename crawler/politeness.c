/* politeness.c - per-host queues, delays, backoff and pauses.
 *
 * Each host has a FIFO of jobs and the earliest time it may be contacted
 * again. A request may start when the host has fewer than per_host running
 * and that time has passed; it then moves the time on by the host's delay
 * (the larger of the configured delay and robots.txt's Crawl-delay), and
 * again when the request ends, so requests are spaced from end to start.
 * Failures (unreachable, 5xx, 429) add exponential backoff with jitter, a
 * Retry-After pushes the time to what the server asked, and a run of
 * failures pauses the host. Only hosts with work, a pending delay or a
 * recent failure are held in memory. */
#include "crawler/internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define POLITE_MIN_BUCKETS 64
#define POLITE_RETRY_AFTER_MAX_MS (24L * 3600 * 1000) /* a longer ask is capped */

struct crawler_host {
    char name[CRAWLER_HOST_MAX];
    crawler_host *chain;         /* hash bucket */
    crawler_host *prev, *next;   /* round-robin order */
    crawler_job *head, *tail;
    size_t queued;
    int running;
    int per_host;                /* at once; 0: the settings' */
    int failures;                /* consecutive */
    int64_t next_ms;             /* earliest next start */
    int64_t last_failure_ms;
    long delay_ms;
};

struct polite {
    polite_settings s;
    crawler_host **buckets;
    size_t nbuckets, nhosts, queued;
    crawler_host *first, *last;
    uint64_t rng;
};

int64_t crawler_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int polite_new(polite **out, const polite_settings *s)
{
    polite *p = common_calloc(1, sizeof(*p));
    if (!p)
        return COMMON_ENOMEM;
    p->s = *s;
    p->nbuckets = POLITE_MIN_BUCKETS;
    p->buckets = common_calloc(p->nbuckets, sizeof(*p->buckets));
    if (!p->buckets) {
        free(p);
        return COMMON_ENOMEM;
    }
    p->rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ 0x9E3779B97F4A7C15u;
    *out = p;
    return 0;
}

static size_t bucket_of(const polite *p, const char *name)
{
    return (size_t)(common_hash(name, strlen(name)) & (p->nbuckets - 1));
}

static int grow(polite *p)
{
    size_t n = p->nbuckets * 2;
    crawler_host **b = common_calloc(n, sizeof(*b));
    if (!b)
        return COMMON_ENOMEM;
    crawler_host **old = p->buckets;
    size_t old_n = p->nbuckets;
    p->buckets = b;
    p->nbuckets = n;
    for (size_t i = 0; i < old_n; i++)
        for (crawler_host *h = old[i], *next; h; h = next) {
            next = h->chain;
            size_t k = bucket_of(p, h->name);
            h->chain = b[k];
            b[k] = h;
        }
    free(old);
    return 0;
}

static crawler_host *find(const polite *p, const char *name)
{
    for (crawler_host *h = p->buckets[bucket_of(p, name)]; h; h = h->chain)
        if (!strcmp(h->name, name))
            return h;
    return NULL;
}

static void link_last(polite *p, crawler_host *h)
{
    h->next = NULL;
    h->prev = p->last;
    if (p->last)
        p->last->next = h;
    else
        p->first = h;
    p->last = h;
}

static void unlink_host(polite *p, crawler_host *h)
{
    if (h->prev)
        h->prev->next = h->next;
    else
        p->first = h->next;
    if (h->next)
        h->next->prev = h->prev;
    else
        p->last = h->prev;
}

static void drop_host(polite *p, crawler_host *h)
{
    crawler_host **pp = &p->buckets[bucket_of(p, h->name)];
    while (*pp != h)
        pp = &(*pp)->chain;
    *pp = h->chain;
    unlink_host(p, h);
    p->nhosts--;
    free(h);
}

int polite_push(polite *p, const char *name, crawler_job *j, long crawl_delay_ms, int per_host)
{
    if (strlen(name) >= CRAWLER_HOST_MAX)
        return common_error(COMMON_EINVAL, "%s: host name too long", name);
    crawler_host *h = find(p, name);
    if (!h) {
        if (p->nhosts >= p->nbuckets && grow(p))
            return COMMON_ENOMEM;
        if (!(h = common_calloc(1, sizeof(*h))))
            return COMMON_ENOMEM;
        strcpy(h->name, name);
        h->delay_ms = p->s.host_delay_ms;
        size_t k = bucket_of(p, name);
        h->chain = p->buckets[k];
        p->buckets[k] = h;
        link_last(p, h);
        p->nhosts++;
    }
    if (crawl_delay_ms > h->delay_ms) {
        /* A longer delay learnt after a request (robots.txt itself) also
         * spaces the next request from that one. */
        if (h->next_ms)
            h->next_ms += crawl_delay_ms - h->delay_ms;
        h->delay_ms = crawl_delay_ms;
    }
    if (per_host > 0)
        h->per_host = per_host;
    j->next = NULL;
    j->host = h;
    if (h->tail)
        h->tail->next = j;
    else
        h->head = j;
    h->tail = j;
    h->queued++;
    p->queued++;
    return 0;
}

static bool idle_and_forgettable(const polite *p, const crawler_host *h, int64_t now)
{
    return !h->queued && !h->running && now >= h->next_ms
           && (h->failures == 0 || now >= h->last_failure_ms + p->s.pause_ms);
}

crawler_job *polite_next(polite *p, int64_t now, int64_t *wake)
{
    for (crawler_host *h = p->first, *next; h; h = next) {
        next = h->next;
        if (idle_and_forgettable(p, h, now)) {
            drop_host(p, h);
            continue;
        }
        if (!h->queued || h->running >= (h->per_host ? h->per_host : p->s.per_host))
            continue;
        if (now < h->next_ms) {
            if (*wake == 0 || h->next_ms < *wake)
                *wake = h->next_ms;
            continue;
        }
        crawler_job *j = h->head;
        h->head = j->next;
        if (!h->head)
            h->tail = NULL;
        j->next = NULL;
        h->queued--;
        p->queued--;
        h->running++;
        h->next_ms = now + h->delay_ms;
        unlink_host(p, h); /* round robin: this host goes to the back */
        link_last(p, h);
        return j;
    }
    return NULL;
}

/* Uniform in [d/2, d]: spreads the retries of hosts that failed together. */
static int64_t jitter(polite *p, int64_t d)
{
    p->rng ^= p->rng << 13;
    p->rng ^= p->rng >> 7;
    p->rng ^= p->rng << 17;
    return d / 2 + (int64_t)(p->rng % (uint64_t)(d / 2 + 1));
}

static int64_t backoff(polite *p, int failures)
{
    int64_t d = p->s.backoff_base_ms;
    for (int i = 1; i < failures && d < p->s.backoff_max_ms; i++)
        d *= 2;
    if (d > p->s.backoff_max_ms)
        d = p->s.backoff_max_ms;
    return jitter(p, d);
}

void polite_done(polite *p, crawler_job *j, polite_outcome o, int64_t retry_after_ms,
                 int64_t now)
{
    crawler_host *h = j->host;
    h->running--;
    int64_t next = now + h->delay_ms;
    if (o == POLITE_SUCCESS) {
        h->failures = 0;
    } else if (o == POLITE_FAILURE) {
        h->failures++;
        h->last_failure_ms = now;
        int64_t wait = h->failures >= p->s.pause_after_failures ? p->s.pause_ms
                                                                : backoff(p, h->failures);
        if (now + wait > next)
            next = now + wait;
    }
    if (retry_after_ms > POLITE_RETRY_AFTER_MAX_MS)
        retry_after_ms = POLITE_RETRY_AFTER_MAX_MS;
    if (retry_after_ms > 0 && now + retry_after_ms > next)
        next = now + retry_after_ms;
    if (next > h->next_ms)
        h->next_ms = next;
}

size_t polite_queued(const polite *p)
{
    return p->queued;
}

size_t polite_hosts(const polite *p)
{
    return p->nhosts;
}

void polite_free(polite *p, void (*drop)(crawler_job *j, void *arg), void *arg)
{
    if (!p)
        return;
    for (crawler_host *h = p->first, *next; h; h = next) {
        next = h->next;
        for (crawler_job *j = h->head, *jn; j; j = jn) {
            jn = j->next;
            drop(j, arg);
        }
        free(h);
    }
    free(p->buckets);
    free(p);
}
