/* pipeline.c - daemon_run: claim due URLs from the frontier, check
 * robots.txt, fetch, hand results to handle.c, and every second hand the
 * batch (writer rows, then the results of their pages) to the flusher
 * thread and add the counters to the frontier. Signals set
 * flags the loop reads; systemd hears READY, STATUS and WATCHDOG. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "pipeline.h"

#define PIPELINE_CLAIM_BATCH 1000   /* URLs claimed at once */
#define PIPELINE_LOW_WATER 500      /* claim more when fewer are in flight */
#define PIPELINE_POLL_MS 100
#define PIPELINE_FLUSH_MS 1000      /* batch hand-over period (writer, then frontier) */
#define PIPELINE_FLUSH_MAX 5000     /* ... or sooner with this many results */
#define PIPELINE_STATUS_S 5         /* STATUS= period */
#define PIPELINE_DB_RETRY_S 5       /* after a frontier failure */
#define PIPELINE_AGENT_MAX 256
#define PIPELINE_RESOLVE_MAX 256
/* A flush retries this long while the database is away, then the loop
 * carries on (rows stay held) so fetching, signals and the watchdog do. */
#define PIPELINE_WRITER_RETRY_MS 2000

static volatile sig_atomic_t stop_requested, reload_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_hup(int sig)
{
    (void)sig;
    reload_requested = 1;
}

static void install_signals(void)
{
    struct sigaction sa = {.sa_handler = on_stop};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void job_free(job *j)
{
    if (!j)
        return;
    free(j->it.source);
    free(j->it.url);
    free(j->it.host);
    free(j->it.kind);
    free(j->it.etag);
    free(j->it.last_modified);
    free(j->it.advert_key);
    free(j);
}

/* ---- counters -------------------------------------------------------------- */

void pipeline_count(pipeline *p, const char *source, const char *host, const char *counter)
{
    char key[1024];
    int len = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s", source, host, counter);
    if (len < 0 || (size_t)len >= sizeof(key))
        return;
    int64_t i = common_strmap_get(p->stat_index, key, (size_t)len);
    if (i < 0) {
        stat_counter *grown = realloc(p->stats, (p->nstats + 1) * sizeof(*grown));
        if (!grown)
            return;
        p->stats = grown;
        char *copy = common_strdup(key);
        if (!copy || common_strmap_put(p->stat_index, key, (size_t)len, (int64_t)p->nstats) < 0) {
            free(copy);
            return;
        }
        p->stats[p->nstats] = (stat_counter){copy, 0};
        i = (int64_t)p->nstats++;
    }
    p->stats[i].n++;
}

/* The counters that moved, added to the table at once. */
static int write_counters(pipeline *p)
{
    frontier_stat *rows = common_malloc((p->nstats ? p->nstats : 1) * sizeof(*rows));
    char *keys = NULL;
    size_t n = 0, len = 0;
    for (size_t i = 0; i < p->nstats; i++)
        len += strlen(p->stats[i].key) + 1;
    if (!rows || !(keys = common_malloc(len ? len : 1))) {
        free(rows);
        return COMMON_ENOMEM;
    }
    char *k = keys;
    for (size_t i = 0; i < p->nstats; i++) {
        stat_counter *c = &p->stats[i];
        if (!c->n)
            continue;
        strcpy(k, c->key); /* "source \x1f host \x1f counter", split in place */
        char *host = strchr(k, '\x1f');
        char *counter = strchr(host + 1, '\x1f');
        *host++ = '\0';
        *counter++ = '\0';
        rows[n++] = (frontier_stat){k, host, counter, c->n};
        k = counter + strlen(counter) + 1;
    }
    int rc = frontier_stats(p->f, rows, n);
    for (size_t i = 0; !rc && i < p->nstats; i++)
        p->stats[i].n = 0;
    free(rows);
    free(keys);
    return rc;
}

/* ---- results --------------------------------------------------------------- */

static char *dup_or_null(const char *s, bool *oom)
{
    char *d = s ? common_strdup(s) : NULL;
    if (s && !d)
        *oom = true;
    return d;
}

void pipeline_finish(pipeline *p, const job *j, const char *state, double next_in_s,
                     int status, const char *error, const char *etag,
                     const char *last_modified, const char *advert_key, int attempts)
{
    if (p->npending == p->cap_pending) {
        size_t cap = p->cap_pending ? p->cap_pending * 2 : 256;
        pending_result *grown = realloc(p->pending, cap * sizeof(*grown));
        if (!grown) { /* the URL stays claimed: released on the next start */
            daemon_log(DAEMON_LOG_ERR, "%s: out of memory recording the result", j->it.url);
            return;
        }
        p->pending = grown;
        p->cap_pending = cap;
    }
    bool oom = false;
    pending_result *x = &p->pending[p->npending];
    x->etag = dup_or_null(etag, &oom);
    x->last_modified = dup_or_null(last_modified, &oom);
    x->advert_key = dup_or_null(advert_key, &oom);
    x->error = dup_or_null(error, &oom);
    x->r = (frontier_result){j->it.id, state, next_in_s, status, x->error, x->etag,
                             x->last_modified, x->advert_key, attempts};
    p->npending++;
    p->done_total++;
    if (oom)
        daemon_log(DAEMON_LOG_ERR, "%s: out of memory: validators not kept", j->it.url);
}

/* Hand the batch (the writer's rows and the results of their pages) to
 * the flusher thread when it is free; else keep adding to this one. */
static void hand_over(pipeline *p)
{
    storage_writer *back;
    if (!flusher_offer(p->fl, p->w, p->pending, p->npending, &back))
        return;
    p->w = back ? back : p->spare;
    if (!back)
        p->spare = NULL;
    p->pending = NULL;
    p->npending = p->cap_pending = 0;
    if (write_counters(p))
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
}

/* ---- dispatch ------------------------------------------------------------- */

/* s: the job's source (its headers and limit), NULL for robots.txt. */
static void fetch(pipeline *p, job *j, const char *url, long delay_ms, const source *s)
{
    crawler_request req = {.url = url, .etag = j->it.etag, .last_modified = j->it.last_modified,
                           .crawl_delay_ms = delay_ms, .user = j,
                           .headers = s ? (const char *const *)s->headers : NULL,
                           .per_host = s ? s->per_host : 0};
    if (crawler_add(p->cr, &req)) {
        pipeline_count(p, j->it.source, j->it.host, "error:url");
        daemon_log(DAEMON_LOG_WARNING, "%s", common_last_error());
        if (j->robots_of)
            j->robots_of->fetching = false;
        else
            pipeline_finish(p, j, "failed", SOURCE_DEFAULT_RECHECK_S, 0, common_last_error(),
                            NULL, NULL, NULL, j->it.attempts + 1);
        job_free(j);
        return;
    }
    p->in_flight++;
}

static void fetch_robots(pipeline *p, robots_entry *e, const char *origin, const job *for_job)
{
    job *rj = common_calloc(1, sizeof(*rj));
    char url[ROBOTS_ORIGIN_MAX + 16];
    snprintf(url, sizeof(url), "%s/robots.txt", origin);
    if (!rj || !(rj->it.url = common_strdup(url)) || !(rj->it.source = common_strdup(for_job->it.source))
        || !(rj->it.host = common_strdup(for_job->it.host)) || !(rj->it.kind = common_strdup("robots"))) {
        job_free(rj);
        return; /* tried again with the next URL of the origin */
    }
    rj->robots_of = e;
    e->fetching = true;
    fetch(p, rj, url, 0, NULL);
}

void pipeline_dispatch(pipeline *p, job *j)
{
    char origin[ROBOTS_ORIGIN_MAX];
    robots_entry *e = robots_origin(j->it.url, origin) ? NULL : robots_cache_get(p->robots, origin);
    if (!e) {
        daemon_log(DAEMON_LOG_ERR, "%s: %s", j->it.url, common_last_error());
        pipeline_finish(p, j, "failed", SOURCE_DEFAULT_RECHECK_S, 0, "bad origin", NULL, NULL,
                        NULL, j->it.attempts + 1);
        job_free(j);
        return;
    }
    if (!e->robots || e->expires <= time(NULL)) {
        if (robots_entry_wait(e, j)) {
            job_free(j); /* stays claimed: released on the next start */
            return;
        }
        p->in_flight++;
        if (!e->fetching)
            fetch_robots(p, e, origin, j);
        return;
    }
    crawler_robots_verdict v;
    crawler_robots_check(e->robots, p->agent_token, j->it.url, &v);
    if (!v.allowed) {
        pipeline_count(p, j->it.source, j->it.host, "error:robots");
        daemon_log(DAEMON_LOG_INFO, "%s: disallowed by robots.txt", j->it.url);
        pipeline_finish(p, j, "queued", SOURCE_DEFAULT_REVISIT_S, 0, "disallowed by robots.txt",
                        NULL, NULL, NULL, j->it.attempts);
        job_free(j);
        return;
    }
    const source *s = sources_find(&p->sources, j->it.source);
    double cd = crawler_robots_crawl_delay(e->robots, p->agent_token);
    long delay = cd > 0 ? (long)(cd * 1000) : 0;
    if (s && s->min_delay_ms > delay)
        delay = s->min_delay_ms;
    fetch(p, j, j->it.url, delay, s);
}

static int claim(pipeline *p, time_t since)
{
    frontier_item *items;
    size_t n;
    int rc = frontier_claim(p->f, PIPELINE_CLAIM_BATCH, since, &items, &n);
    if (rc)
        return rc;
    time_t now = time(NULL);
    for (size_t i = 0; i < n; i++) {
        job *j = common_calloc(1, sizeof(*j));
        if (!j) {
            for (size_t k = i; k < n; k++)
                (void)frontier_requeue(p->f, items[k].id);
            break;
        }
        j->it = items[i];
        memset(&items[i], 0, sizeof(items[i]));
        j->claimed_at = now;
        pipeline_dispatch(p, j);
    }
    frontier_items_free(items, n);
    return (int)n;
}

/* ---- sources ---------------------------------------------------------------- */

static const char *start_kind(source_type t)
{
    switch (t) {
    case SOURCE_FEED: return "feed";
    case SOURCE_JSONAPI: return "jsonapi";
    case SOURCE_HTML: return "listing";
    default: return "sitemap";
    }
}

static int seed_sources(pipeline *p)
{
    for (size_t i = 0; i < p->sources.n; i++) {
        const source *s = &p->sources.v[i];
        if (!s->enabled)
            continue;
        for (size_t k = 0; k < s->nstart; k++) {
            char *url;
            if (crawler_url_canonical(s->start[k], &url)) {
                daemon_log(DAEMON_LOG_ERR, "source %s: %s", s->name, common_last_error());
                continue;
            }
            int rc = frontier_seed(p->f, s->name, url, start_kind(s->type));
            free(url);
            if (rc)
                return rc;
        }
        daemon_log(DAEMON_LOG_INFO, "source %s: %s, %zu start URL(s)", s->name,
                   source_type_name(s->type), s->nstart);
    }
    return 0;
}

static int load_sources(pipeline *p)
{
    source_list fresh;
    int rc = sources_load(&fresh, p->cfg->sources_dir, p->cfg->credentials_file);
    if (rc)
        return rc;
    sources_free(&p->sources);
    p->sources = fresh;
    return seed_sources(p);
}

/* ---- setup and teardown ------------------------------------------------- */

static char *user_agent(const daemon_config *c)
{
    common_buf b = COMMON_BUF_INIT;
    int rc = c->contact_url ? common_buf_printf(&b, "%s (+%s)", c->user_agent, c->contact_url)
                            : common_buf_puts(&b, c->user_agent);
    if (rc) {
        common_buf_free(&b);
        return NULL;
    }
    return common_buf_detach(&b);
}

static int open_crawler(pipeline *p, char **resolve_copy, const char **resolve)
{
    const daemon_config *c = p->cfg;
    crawler_settings s;
    crawler_settings_init(&s);
    char *agent = user_agent(c);
    if (!agent || !(p->agent_token = common_strndup(c->user_agent, strcspn(c->user_agent, "/ ")))) {
        free(agent);
        return COMMON_ENOMEM;
    }
    size_t n = 0;
    if (c->resolve && (*resolve_copy = common_strdup(c->resolve)))
        for (char *save, *t = strtok_r(*resolve_copy, " \t", &save);
             t && n < PIPELINE_RESOLVE_MAX; t = strtok_r(NULL, " \t", &save))
            resolve[n++] = t;
    resolve[n] = NULL;
    s.user_agent = agent;
    s.max_transfers = c->concurrency;
    s.per_host = c->per_host;
    s.host_delay_ms = c->min_delay_ms;
    s.allow_private = c->allow_private_addresses;
    s.resolve = n ? resolve : NULL;
    int rc = crawler_new(&p->cr, &s, pipeline_on_result, p);
    free(agent);
    return rc;
}

static int open_parts(pipeline *p)
{
    const daemon_config *c = p->cfg;
    const char *conninfo = storage_conninfo(c->database_url);
    char *coder_dir = coder_default_dir(c->coder_dir, c->data_dir);
    storage_writer_options wo = {.retry_ms = PIPELINE_WRITER_RETRY_MS};
    int rc = coder_dir ? 0 : COMMON_ENOMEM;
    if (!rc)
        rc = parser_open(&p->ps, c->data_dir);
    if (!rc)
        rc = coder_open(&p->cd, coder_dir);
    if (!rc)
        rc = coder_ctx_new(p->cd, &p->cx);
    if (!rc)
        rc = storage_open(&p->st, conninfo, c->database_schema);
    if (!rc)
        rc = storage_migrate(p->st, NULL);
    if (!rc)
        rc = storage_writer_new(&p->w, p->st, &wo);
    if (!rc)
        rc = storage_open(&p->st_spare, conninfo, c->database_schema);
    if (!rc)
        rc = storage_writer_new(&p->spare, p->st_spare, &wo);
    if (!rc)
        rc = frontier_open(&p->f, conninfo, c->database_schema);
    frontier *ff = NULL;
    if (!rc && !(rc = frontier_open(&ff, conninfo, c->database_schema)))
        rc = flusher_start(&p->fl, ff, PIPELINE_WRITER_RETRY_MS);
    if (!rc && (!(p->robots = robots_cache_new()) || !(p->stat_index = common_strmap_new(64))))
        rc = COMMON_ENOMEM;
    free(coder_dir);
    return rc;
}

static void give_back_waiting(robots_entry *e, void *arg)
{
    pipeline *p = arg;
    for (size_t i = 0; i < e->nwaiting; i++) {
        job *j = e->waiting[i];
        (void)frontier_requeue(p->f, j->it.id);
        job_free(j);
    }
    e->nwaiting = 0;
}

/* At shutdown, on this thread: a writer flushed and its results recorded,
 * then freed (rows it could not write are reported lost). */
static int finish_batch(pipeline *p, storage_writer *w, pending_result *res, size_t n)
{
    if (!w)
        return 0;
    int rc = p->f ? flusher_write(w, p->f, res, n) : 0;
    if (rc || !p->f)
        pending_free(res, n); /* else recorded and freed */
    if (storage_writer_free(w)) {
        daemon_log(DAEMON_LOG_ERR, "storage: %s", common_last_error());
        rc = COMMON_EIO;
    }
    return rc ? COMMON_EIO : 0;
}

static int shut_down(pipeline *p, int rc)
{
    if (p->cr)
        crawler_free(p->cr); /* in-flight work comes back as cancelled: requeued */
    if (p->robots && p->f)
        robots_cache_each(p->robots, give_back_waiting, p);
    storage_writer *held = NULL;
    pending_result *res = NULL;
    size_t n = 0;
    if (p->fl)
        flusher_stop(p->fl, &held, &res, &n);
    /* The flusher's batch is the older: it goes first. */
    int r1 = finish_batch(p, held, res, n);
    int r2 = finish_batch(p, p->w, p->pending, p->npending);
    int r3 = finish_batch(p, p->spare, NULL, 0);
    int r4 = p->f ? write_counters(p) : 0;
    if (!rc)
        rc = r1 ? r1 : r2 ? r2 : r3 ? r3 : r4;
    for (size_t i = 0; i < p->nstats; i++)
        free(p->stats[i].key);
    free(p->stats);
    common_strmap_free(p->stat_index);
    robots_cache_free(p->robots);
    frontier_close(p->f);
    storage_close(p->st);
    storage_close(p->st_spare);
    coder_ctx_free(p->cx);
    coder_close(p->cd);
    parser_close(p->ps);
    sources_free(&p->sources);
    free(p->agent_token);
    return rc;
}

/* ---- the loop -------------------------------------------------------------- */

static void notify_status(pipeline *p, bool force)
{
    static long long last;
    long long now = now_ms();
    if (!force && now - last < PIPELINE_STATUS_S * 1000)
        return;
    last = now;
    storage_writer_stats st;
    storage_writer_stats_get(p->w, &st);
    sd_notifyf(0, "STATUS=%zu in flight, %zu fetched, %zu adverts written, %zu pending",
               p->in_flight, p->done_total, st.written, st.pending);
}

static void notify_watchdog(void)
{
    static long long last;
    uint64_t usec;
    if (sd_watchdog_enabled(0, &usec) <= 0)
        return;
    long long now = now_ms();
    if (now - last >= (long long)(usec / 2000)) {
        sd_notify(0, "WATCHDOG=1");
        last = now;
    }
}

static int loop(pipeline *p, const daemon_run_options *o)
{
    time_t since = o->until_idle ? time(NULL) : 0;
    long long last_flush = now_ms(), db_retry = 0;
    bool claimed_nothing = false;
    while (!stop_requested) {
        if (reload_requested) {
            reload_requested = 0;
            if (load_sources(p))
                daemon_log(DAEMON_LOG_ERR, "reload: %s (keeping the old sources)",
                           common_last_error());
            else
                daemon_log(DAEMON_LOG_NOTICE, "reloaded %zu source(s)", p->sources.n);
        }
        long long now = now_ms();
        if (p->in_flight < PIPELINE_LOW_WATER && now >= db_retry) {
            int n = claim(p, since);
            if (n < 0) {
                daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
                db_retry = now + PIPELINE_DB_RETRY_S * 1000;
            }
            claimed_nothing = n == 0;
        }
        if (crawler_poll(p->cr, PIPELINE_POLL_MS) < 0)
            daemon_log(DAEMON_LOG_ERR, "crawler: %s", common_last_error());
        now = now_ms();
        if (now - last_flush >= PIPELINE_FLUSH_MS || p->npending >= PIPELINE_FLUSH_MAX) {
            hand_over(p);
            last_flush = now;
        }
        notify_watchdog();
        notify_status(p, false);
        if (o->until_idle && claimed_nothing && !p->in_flight && !p->npending
            && flusher_idle(p->fl)) {
            long long due = 1;
            if (!frontier_due(p->f, since, &due) && !due)
                break;
        }
    }
    return 0;
}

int daemon_run(const daemon_config *c, const daemon_run_options *o)
{
    pipeline p = {.cfg = c};
    const char *resolve[PIPELINE_RESOLVE_MAX + 1];
    char *resolve_copy = NULL;
    stop_requested = reload_requested = 0; /* a second run in one process */
    install_signals();
    daemon_log_set_level(c->log_level);
    int rc = open_parts(&p);
    if (!rc)
        rc = open_crawler(&p, &resolve_copy, resolve);
    if (!rc)
        rc = frontier_release(p.f);
    if (!rc)
        rc = load_sources(&p);
    if (rc) {
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
        free(resolve_copy);
        return shut_down(&p, rc);
    }
    sd_notify(0, "READY=1");
    daemon_log(DAEMON_LOG_NOTICE, "started: %zu source(s), coder %s", p.sources.n,
               coder_index_version(p.cd));
    loop(&p, o);
    sd_notify(0, "STOPPING=1");
    daemon_log(DAEMON_LOG_NOTICE, "stopping: %zu in flight requeued",
               p.in_flight);
    rc = shut_down(&p, 0);
    free(resolve_copy);
    daemon_log(rc ? DAEMON_LOG_ERR : DAEMON_LOG_NOTICE, "stopped%s", rc ? " with errors" : "");
    return rc;
}
