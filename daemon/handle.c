/* handle.c - what a fetched page means: robots.txt, feeds and sitemaps,
 * listings, adverts (parse -> code -> store), gone adverts, failures.
 * Nothing here may stop the daemon: every failure becomes a retry, a
 * counter and a log line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

static double backoff_s(int attempts)
{
    double s = PIPELINE_BACKOFF_BASE_S * pow(2, attempts > 0 ? attempts - 1 : 0);
    return s > PIPELINE_BACKOFF_MAX_S ? PIPELINE_BACKOFF_MAX_S : s;
}

static double revisit_s(const pipeline *p, const job *j)
{
    const source *s = sources_find(&p->sources, j->it.source);
    bool advert = !strcmp(j->it.kind, "advert");
    if (!s)
        return advert ? SOURCE_DEFAULT_RECHECK_S : SOURCE_DEFAULT_REVISIT_S;
    return (double)(advert ? s->recheck_s : s->revisit_s);
}

/* A failed fetch: retried with backoff, given up after a few. */
static void failed(pipeline *p, const job *j, int status, const char *counter,
                   const char *message, long retry_after_s)
{
    int attempts = j->it.attempts + 1;
    pipeline_count(p, j->it.source, j->it.host, counter);
    daemon_log(DAEMON_LOG_WARNING, "%s: %s (attempt %d)", j->it.url, message, attempts);
    if (attempts >= PIPELINE_MAX_ATTEMPTS) {
        pipeline_finish(p, j, "failed", revisit_s(p, j), status, message, NULL, NULL, NULL,
                        attempts);
        return;
    }
    double wait = retry_after_s >= 0 ? (double)retry_after_s : backoff_s(attempts);
    pipeline_finish(p, j, "queued", wait, status, message, NULL, NULL, NULL, attempts);
}

static void succeeded(pipeline *p, const job *j, const crawler_result *r, const char *key)
{
    pipeline_finish(p, j, "queued", revisit_s(p, j), (int)r->status, NULL, r->etag,
                    r->last_modified, key, 0);
}

/* ---- robots.txt --------------------------------------------------------- */

static void on_robots(pipeline *p, job *j, const crawler_result *r)
{
    robots_entry *e = j->robots_of;
    int status = r->error == CRAWLER_OK ? (int)r->status : 0;
    crawler_robots *rb = NULL;
    if (crawler_robots_from_status(&rb, status, r->body, r->body_len)) {
        daemon_log(DAEMON_LOG_ERR, "%s: %s", r->url, common_last_error());
        rb = NULL;
    }
    crawler_robots_free(e->robots);
    e->robots = rb;
    e->fetching = false;
    bool ok = status >= 200 && status < 500 && status != 429;
    e->expires = time(NULL) + (ok ? ROBOTS_TTL_S : ROBOTS_FAIL_TTL_S);
    daemon_log(DAEMON_LOG_DEBUG, "%s: status %d", r->url, status);
    /* The verdicts are known now: release what waited for them. */
    void **waiting = e->waiting;
    size_t n = e->nwaiting;
    e->waiting = NULL;
    e->nwaiting = e->cap = 0;
    for (size_t i = 0; i < n; i++) {
        p->in_flight--;
        pipeline_dispatch(p, waiting[i]);
    }
    free(waiting);
}

/* ---- feeds, sitemaps, listings --------------------------------------------- */

/* Links found on a page, resolved and filtered, then written to the
 * frontier at once (pipelined: a sitemap of thousands is a few round trips). */
typedef struct {
    char **url;
    size_t n, cap;
} links;

#define LINKS_FIRST 64 /* links room made for at first */

/* A bad link is skipped and counted; only memory runs out. */
static int links_add(pipeline *p, const job *j, const source *s, const char *base,
                     const char *ref, links *l)
{
    char *url = NULL;
    if (crawler_url_resolve(base, ref, &url)) {
        pipeline_count(p, j->it.source, j->it.host, "error:bad_link");
        daemon_log(DAEMON_LOG_INFO, "%s: skipped a link: %s", j->it.url, common_last_error());
        return 0;
    }
    if (!source_wants(s, url)) {
        free(url);
        return 0;
    }
    if (common_grow(&l->url, &l->cap, l->n, sizeof(*l->url), LINKS_FIRST)) {
        free(url);
        return COMMON_ENOMEM;
    }
    l->url[l->n++] = url;
    return 0;
}

/* Write the links (unless rc says an earlier step failed) and free them. A
 * database failure is returned: the page is then fetched again later. */
static int links_store(pipeline *p, const job *j, links *l, const char *kind, int rc)
{
    if (!rc)
        rc = frontier_discover(p->f, j->it.source, (const char *const *)l->url, l->n, kind,
                               j->it.id);
    for (size_t i = 0; i < l->n; i++)
        free(l->url[i]);
    free(l->url);
    memset(l, 0, sizeof(*l));
    return rc;
}

static void gone_from_feed(void *arg, const char *source, const char *key)
{
    pipeline *p = arg;
    if (storage_writer_gone(p->w, source, key, 0, "dropped from feed"))
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
}

static void on_feed(pipeline *p, job *j, const source *s, const crawler_result *r)
{
    parser_feed_list list = {0};
    if (parser_feed(r->body, r->body_len, &list)) {
        failed(p, j, (int)r->status, "error:parse", common_last_error(), -1);
        return;
    }
    const char *kind = list.kind == PARSER_FEED_SITEMAP_INDEX ? "sitemap" : "advert";
    links l = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < list.n; i++)
        rc = links_add(p, j, s, r->final_url, list.items[i].url, &l);
    if ((rc = links_store(p, j, &l, kind, rc))) {
        failed(p, j, (int)r->status, "error:database", common_last_error(), -1);
        parser_feed_free(&list);
        return;
    }
    pipeline_count(p, j->it.source, j->it.host, "parsed");
    if (list.kind != PARSER_FEED_SITEMAP_INDEX
        && frontier_dropped(p->f, j->it.id, j->claimed_at, gone_from_feed, p))
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
    parser_feed_free(&list);
    succeeded(p, j, r, NULL);
}

static void on_listing(pipeline *p, job *j, const source *s, const crawler_result *r)
{
    parser_listing_rules rules = {s->advert_pattern, s->next_pattern};
    parser_listing l = {0};
    if (parser_listing_page(r->body, r->body_len, r->final_url, &rules, &l)) {
        failed(p, j, (int)r->status, "error:parse", common_last_error(), -1);
        return;
    }
    links found = {0}, next = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = links_add(p, j, s, r->final_url, l.adverts[i], &found);
    if (!rc && l.next)
        rc = links_add(p, j, s, r->final_url, l.next, &next);
    rc = links_store(p, j, &found, "advert", rc);
    if ((rc = links_store(p, j, &next, "listing", rc))) {
        failed(p, j, (int)r->status, "error:database", common_last_error(), -1);
        parser_listing_free(&l);
        return;
    }
    pipeline_count(p, j->it.source, j->it.host, "parsed");
    parser_listing_free(&l);
    succeeded(p, j, r, NULL);
}

/* ---- adverts ------------------------------------------------------------- */

static void code_advert(pipeline *p, const job *j, vacancy *v)
{
    pipeline_count(p, j->it.source, j->it.host,
                   coder_code_advert(p->cx, v->title, v->industry, v->description, &v->code) > 0
                       ? "coded" : "uncoded");
}

/* Code a parsed advert and queue it for the writer. Fails only when the
 * writer holds its maximum while the database is away. */
static int code_and_store(pipeline *p, const job *j, vacancy *v)
{
    pipeline_count(p, j->it.source, j->it.host, "parsed");
    if (vacancy_set(&v->source, j->it.source))
        return COMMON_ENOMEM;
    code_advert(p, j, v);
    int rc = storage_writer_add(p->w, v, 0);
    if (!rc)
        pipeline_count(p, j->it.source, j->it.host, "stored");
    return rc;
}

static void keep_page(pipeline *p, const job *j, const crawler_result *r)
{
    storage_page pg = {.source = j->it.source, .url = r->final_url, .canonical_url = r->url,
                       .status = (int)r->status, .etag = r->etag,
                       .last_modified = r->last_modified, .body = r->body,
                       .body_len = r->body_len};
    if (storage_writer_page(p->w, &pg))
        daemon_log(DAEMON_LOG_ERR, "%s: page not kept: %s", r->url, common_last_error());
}

static void on_advert(pipeline *p, job *j, const crawler_result *r)
{
    char ctype[CRAWLER_URL_MAX];
    snprintf(ctype, sizeof(ctype), "Content-Type: %s", r->content_type ? r->content_type : "");
    const char *headers[2] = {ctype, NULL};
    vacancy v;
    vacancy_init(&v);
    int rc = parser_page(p->ps, r->body, r->body_len, r->final_url, headers, &v);
    if (rc) {
        /* A page without an advert is the site's, not a fault: rechecked later. */
        bool none = rc == COMMON_ENOTFOUND;
        pipeline_count(p, j->it.source, j->it.host, none ? "error:no_advert" : "error:parse");
        daemon_log(DAEMON_LOG_WARNING, "%s", common_last_error());
        pipeline_finish(p, j, "queued", revisit_s(p, j), (int)r->status, common_last_error(),
                        r->etag, r->last_modified, NULL, 0);
        vacancy_free(&v);
        return;
    }
    rc = vacancy_set(&v.url, r->final_url) || vacancy_set(&v.canonical_url, r->url)
             ? COMMON_ENOMEM : code_and_store(p, j, &v);
    if (rc) {
        failed(p, j, (int)r->status, "error:storage", common_last_error(), -1);
        vacancy_free(&v);
        return;
    }
    keep_page(p, j, r);
    succeeded(p, j, r, storage_advert_key(&v));
    vacancy_free(&v);
}

/* ---- JSON API documents ---------------------------------------------------- */

/* Every JobPosting of the document stored like an advert page; the next
 * page queued as another document of the source. */
static void on_jsonapi(pipeline *p, job *j, const source *s, const crawler_result *r)
{
    parser_jsonapi_doc doc;
    if (parser_jsonapi(p->ps, r->body, r->body_len, r->final_url, &doc)) {
        failed(p, j, (int)r->status, "error:parse", common_last_error(), -1);
        return;
    }
    for (size_t i = 0; i < doc.skipped; i++)
        pipeline_count(p, j->it.source, j->it.host, "error:no_advert");
    if (doc.skipped)
        daemon_log(DAEMON_LOG_INFO, "%s: %zu item(s) without a storable JobPosting skipped",
                   r->final_url, doc.skipped);
    int rc = 0;
    for (size_t i = 0; i < doc.n && !rc; i++)
        rc = reparse_item_urls(r->final_url, &doc.items[i]) ? COMMON_ENOMEM
                                                             : code_and_store(p, j, &doc.items[i]);
    links next = {0};
    if (!rc && doc.next)
        rc = links_add(p, j, s, r->final_url, doc.next, &next);
    rc = links_store(p, j, &next, "jsonapi", rc);
    parser_jsonapi_free(&doc);
    if (rc) { /* fetched again later: the writer is idempotent */
        failed(p, j, (int)r->status, "error:storage", common_last_error(), -1);
        return;
    }
    keep_page(p, j, r);
    succeeded(p, j, r, NULL);
}

static void on_gone(pipeline *p, job *j, const crawler_result *r)
{
    pipeline_count(p, j->it.source, j->it.host, "gone");
    if (j->it.advert_key
        && storage_writer_gone(p->w, j->it.source, j->it.advert_key, 0,
                               r->status == 410 ? "410 gone" : "404 not found"))
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
    pipeline_finish(p, j, "gone", revisit_s(p, j), (int)r->status, NULL, NULL, NULL, NULL, 0);
}

/* ---- dispatch by outcome ------------------------------------------------- */

static void on_page(pipeline *p, job *j, const crawler_result *r)
{
    char counter[32];
    const source *s = sources_find(&p->sources, j->it.source);
    bool advert = !strcmp(j->it.kind, "advert");
    if (r->error != CRAWLER_OK) {
        snprintf(counter, sizeof(counter), "error:%s", crawler_error_name(r->error));
        failed(p, j, 0, counter, r->message, -1);
        return;
    }
    pipeline_count(p, j->it.source, j->it.host, "fetched");
    if (r->status == 304) {
        pipeline_count(p, j->it.source, j->it.host, "not_modified");
        /* unchanged, but seen: it stays live past the grace period */
        if (advert && j->it.advert_key
            && storage_writer_seen(p->w, j->it.source, j->it.advert_key, 0))
            daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
        succeeded(p, j, r, NULL);
        return;
    }
    if (advert && (r->status == 404 || r->status == 410)) {
        on_gone(p, j, r);
        return;
    }
    if (r->status < 200 || r->status >= 300) {
        snprintf(counter, sizeof(counter), "http:%ld", r->status);
        char msg[64];
        snprintf(msg, sizeof(msg), "HTTP status %ld", r->status);
        failed(p, j, (int)r->status, counter, msg, r->retry_after_s);
        return;
    }
    if (!s) { /* the source was removed by a reload: leave the URL for later */
        pipeline_finish(p, j, "queued", SOURCE_DEFAULT_REVISIT_S, (int)r->status,
                        "source no longer configured", NULL, NULL, NULL, 0);
        return;
    }
    if (advert)
        on_advert(p, j, r);
    else if (!strcmp(j->it.kind, "listing"))
        on_listing(p, j, s, r);
    else if (!strcmp(j->it.kind, "jsonapi"))
        on_jsonapi(p, j, s, r);
    else
        on_feed(p, j, s, r);
}

void pipeline_on_result(const crawler_result *r, void *arg)
{
    pipeline *p = arg;
    job *j = r->user;
    p->in_flight--;
    if (r->error == CRAWLER_ERR_CANCELLED) {
        /* Shutdown: the URL goes back to the queue as it was. */
        if (j->it.id && frontier_requeue(p->f, j->it.id))
            daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
        if (j->robots_of)
            j->robots_of->fetching = false;
    } else if (j->robots_of)
        on_robots(p, j, r);
    else
        on_page(p, j, r);
    job_free(j);
}
