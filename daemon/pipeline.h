/* pipeline.h - private: the state daemon_run drives and the handlers of
 * fetched pages share. */
#ifndef VH_DAEMON_PIPELINE_H
#define VH_DAEMON_PIPELINE_H

#include <time.h>

#include "coder/coder.h"
#include "common/common.h"
#include "crawler/crawler.h"
#include "flusher.h"
#include "frontier.h"
#include "internal.h"
#include "parser/parser.h"
#include "robots_cache.h"
#include "storage/storage.h"

#define PIPELINE_MAX_ATTEMPTS 5        /* failures in a row before a URL is given up */
#define PIPELINE_BACKOFF_BASE_S 60.0   /* first retry of a failed URL */
#define PIPELINE_BACKOFF_MAX_S 3600.0

/* reparse.c: a JSON API item's URL resolved against its document's and
 * made canonical, as adverts found in sitemaps are; a bad one is dropped
 * (the site id keys the advert) and the document's URL stands in. */
int reparse_item_urls(const char *doc_url, vacancy *v);

/* One URL in the crawler or waiting for its host's robots.txt. */
typedef struct job {
    frontier_item it;   /* id 0: the origin's robots.txt */
    robots_entry *robots_of; /* for a robots.txt fetch: the entry it fills */
    time_t claimed_at;
} job;


typedef struct {
    char *key;   /* source \x1f host \x1f counter */
    long long n; /* not yet written */
} stat_counter;

typedef struct pipeline {
    const daemon_config *cfg;
    source_list sources;
    crawler *cr;
    parser *ps;
    coder *cd;
    coder_ctx *cx;
    storage *st, *st_spare;  /* one per writer: a connection is not shared */
    storage_writer *w;       /* the loop adds here ... */
    storage_writer *spare;   /* ... the first hand-over leaves this one */
    flusher *fl;             /* ... while this thread writes the last batch */
    frontier *f;
    robots_cache *robots;
    char *agent_token;  /* the User-Agent's product token, for robots.txt */
    pending_result *pending; /* results of pages whose rows are in w */
    size_t npending, cap_pending;
    common_strmap *stat_index;
    stat_counter *stats;
    size_t nstats;
    size_t in_flight;   /* jobs in the crawler or waiting for robots.txt */
    size_t done_total;
} pipeline;

/* handle.c: a fetch result. */
void pipeline_on_result(const crawler_result *r, void *arg);
/* Count an event for the status table. */
void pipeline_count(pipeline *p, const char *source, const char *host, const char *counter);
/* Queue the frontier update of a finished job (copies the strings). */
void pipeline_finish(pipeline *p, const job *j, const char *state, double next_in_s,
                     int status, const char *error, const char *etag,
                     const char *last_modified, const char *advert_key, int attempts);
/* Start a claimed job: robots.txt verdict first. Takes the job. */
void pipeline_dispatch(pipeline *p, job *j);
void job_free(job *j);

#endif
