/* robots_cache.c - robots.txt verdicts per origin with expiry. */
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "robots_cache.h"

#define ROBOTS_CACHE_EXPECTED 64

struct robots_cache {
    common_strmap *index; /* origin -> entry number */
    robots_entry **entries;
    size_t n;
};

robots_cache *robots_cache_new(void)
{
    robots_cache *rc = common_calloc(1, sizeof(*rc));
    if (rc && !(rc->index = common_strmap_new(ROBOTS_CACHE_EXPECTED))) {
        free(rc);
        return NULL;
    }
    return rc;
}

void robots_cache_free(robots_cache *rc)
{
    if (!rc)
        return;
    for (size_t i = 0; i < rc->n; i++) {
        crawler_robots_free(rc->entries[i]->robots);
        free(rc->entries[i]->waiting);
        free(rc->entries[i]);
    }
    free(rc->entries);
    common_strmap_free(rc->index);
    free(rc);
}

robots_entry *robots_cache_get(robots_cache *rc, const char *origin)
{
    size_t len = strlen(origin);
    int64_t i = common_strmap_get(rc->index, origin, len);
    if (i >= 0)
        return rc->entries[i];
    robots_entry **grown = realloc(rc->entries, (rc->n + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    rc->entries = grown;
    robots_entry *e = common_calloc(1, sizeof(*e));
    if (!e || common_strmap_put(rc->index, origin, len, (int64_t)rc->n) != (int64_t)rc->n) {
        free(e);
        return NULL;
    }
    rc->entries[rc->n++] = e;
    return e;
}

int robots_entry_wait(robots_entry *e, void *job)
{
    if (e->nwaiting == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 8;
        void **grown = realloc(e->waiting, cap * sizeof(*grown));
        if (!grown)
            return common_error(COMMON_ENOMEM, "robots: out of memory");
        e->waiting = grown;
        e->cap = cap;
    }
    e->waiting[e->nwaiting++] = job;
    return 0;
}

int robots_origin(const char *url, char out[ROBOTS_ORIGIN_MAX])
{
    const char *p = strstr(url, "://");
    if (!p)
        return common_error(COMMON_EINVAL, "%s: not an absolute URL", url);
    size_t n = (size_t)(p + 3 - url) + strcspn(p + 3, "/?#");
    if (n >= ROBOTS_ORIGIN_MAX)
        return common_error(COMMON_EINVAL, "%s: origin too long", url);
    memcpy(out, url, n);
    out[n] = '\0';
    return 0;
}

void robots_cache_each(robots_cache *rc, void (*fn)(robots_entry *e, void *arg), void *arg)
{
    for (size_t i = 0; i < rc->n; i++)
        fn(rc->entries[i], arg);
}
