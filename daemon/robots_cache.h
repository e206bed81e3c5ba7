/* robots_cache.h - private: robots.txt per origin, with expiry, and the
 * claimed URLs waiting for it. Only origins with work are held. */
#ifndef VH_DAEMON_ROBOTS_CACHE_H
#define VH_DAEMON_ROBOTS_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "crawler/crawler.h"

#define ROBOTS_TTL_S 86400        /* a fetched robots.txt is trusted a day */
#define ROBOTS_FAIL_TTL_S 600     /* "disallow all" after 5xx: retried sooner */
#define ROBOTS_ORIGIN_MAX 512

typedef struct robots_cache robots_cache;

typedef struct {
    crawler_robots *robots; /* NULL: unknown or being fetched */
    time_t expires;
    bool fetching;
    void **waiting;         /* jobs held until the verdict */
    size_t nwaiting, cap;
} robots_entry;

robots_cache *robots_cache_new(void);
/* Frees every robots body; waiting jobs must have been taken first. */
void robots_cache_free(robots_cache *rc);
/* The entry of an origin ("http://host:port"), created when missing. */
robots_entry *robots_cache_get(robots_cache *rc, const char *origin);
int robots_entry_wait(robots_entry *e, void *job);
/* The origin of an absolute URL: scheme://host[:port]. */
int robots_origin(const char *url, char out[ROBOTS_ORIGIN_MAX]);
/* Call fn on every entry (to hand back waiting jobs at shutdown). */
void robots_cache_each(robots_cache *rc, void (*fn)(robots_entry *e, void *arg), void *arg);

#endif
