/* frontier.h - private: the crawl frontier in PostgreSQL (tables from
 * storage/sql/0010_frontier.sql, queries in daemon/sql/queries/). */
#ifndef VH_DAEMON_FRONTIER_H
#define VH_DAEMON_FRONTIER_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

typedef struct frontier frontier;

/* One claimed URL; strings owned by the item. */
typedef struct {
    long long id;
    char *source, *url, *host, *kind, *etag, *last_modified;
    char *advert_key; /* NULL until stored */
    int attempts;
} frontier_item;

/* What a finished fetch writes back. */
typedef struct {
    long long id;
    const char *state;        /* "queued", "gone" or "failed" */
    double next_in_s;         /* seconds to the next fetch */
    int status;               /* HTTP status, 0 when none */
    const char *error;        /* NULL on success */
    const char *etag, *last_modified, *advert_key; /* NULL: keep */
    int attempts;
} frontier_result;

int frontier_open(frontier **out, const char *conninfo, const char *schema);
void frontier_close(frontier *f);

int frontier_release(frontier *f);
int frontier_seed(frontier *f, const char *source, const char *url, const char *kind);
/* Canonical URLs named by the page `parent`, pipelined as frontier_done. */
int frontier_discover(frontier *f, const char *source, const char *const *urls, size_t n,
                      const char *kind, long long parent);
/* Claim up to max due URLs not fetched since `since` (0: any). */
int frontier_claim(frontier *f, size_t max, time_t since, frontier_item **items, size_t *n);
void frontier_items_free(frontier_item *items, size_t n);
int frontier_due(frontier *f, time_t since, long long *n);

/* Write results, pipelined: each chunk of FRONTIER_PIPELINE_CHUNK is one
 * transaction, and writing a result twice is harmless. */
int frontier_done(frontier *f, const frontier_result *r, size_t n);
int frontier_requeue(frontier *f, long long id);
/* Adverts `parent` stopped naming: fn(source, key) for each with a key. */
typedef void (*frontier_gone_fn)(void *arg, const char *source, const char *key);
int frontier_dropped(frontier *f, long long parent, time_t fetch_started,
                     frontier_gone_fn fn, void *arg);
/* Counters to add to, pipelined as frontier_done. */
typedef struct {
    const char *source, *host, *counter;
    long long n;
} frontier_stat;
int frontier_stats(frontier *f, const frontier_stat *s, size_t n);

/* The status table as TSV with a header. */
int frontier_status(frontier *f, FILE *out);

#endif
