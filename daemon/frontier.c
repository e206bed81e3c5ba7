/* frontier.c - the crawl frontier over its own libpq connection. A lost
 * connection is reopened on the next call; callers see errors, never a
 * crash, and their work stays claimed or queued in the table. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "daemon_sql.h"
#include "frontier.h"

#define FRONTIER_NUM_MAX 32 /* bytes of a number as text */
#define FRONTIER_MAX_PARAMS 16
#define FRONTIER_HOST_MAX 512 /* bytes of a host name, with the NUL */
#define FRONTIER_SLOTS 4      /* text of a row's computed parameters ... */
#define FRONTIER_SLOT_MAX FRONTIER_HOST_MAX /* ... each at most this long */
/* Statements sent in libpq's pipeline mode before their answers are read:
 * a flush of a thousand results is a few round trips, not a thousand, and
 * the answers of one chunk fit the socket buffers. */
#define FRONTIER_PIPELINE_CHUNK 256

struct frontier {
    PGconn *conn;
    char *conninfo, *schema;
};

static int fail(frontier *f, const char *what, PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(f->conn);
    int rc = common_error(COMMON_EIO, "frontier: %s: %.*s", what,
                          (int)strcspn(msg, "\n"), msg);
    if (res)
        PQclear(res);
    if (PQstatus(f->conn) != CONNECTION_OK) {
        PQfinish(f->conn); /* reconnect on the next call */
        f->conn = NULL;
    }
    return rc;
}

static int connect_db(frontier *f)
{
    if (f->conn)
        return 0;
    f->conn = PQconnectdb(f->conninfo);
    if (PQstatus(f->conn) != CONNECTION_OK)
        return fail(f, "connect", NULL);
    PGresult *r = PQexec(f->conn, daemon_sql_session);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        return fail(f, "session", r);
    PQclear(r);
    if (f->schema) {
        const char *p[1] = {f->schema};
        r = PQexecParams(f->conn, daemon_sql_session_schema, 1, NULL, p, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            return fail(f, "schema", r);
        PQclear(r);
    }
    return 0;
}

/* Run one statement; *out (may be NULL) gets the tuples result. */
static int run(frontier *f, const char *what, const char *sql, int n, const char *const *p,
               PGresult **out)
{
    int rc = connect_db(f);
    if (rc)
        return rc;
    PGresult *r = PQexecParams(f->conn, sql, n, NULL, p, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return fail(f, what, r);
    if (out)
        *out = r;
    else
        PQclear(r);
    return 0;
}

int frontier_open(frontier **out, const char *conninfo, const char *schema)
{
    frontier *f = common_calloc(1, sizeof(*f));
    if (!f)
        return COMMON_ENOMEM;
    f->conninfo = common_strdup(conninfo);
    f->schema = schema ? common_strdup(schema) : NULL;
    int rc = !f->conninfo || (schema && !f->schema) ? COMMON_ENOMEM : connect_db(f);
    if (rc) {
        frontier_close(f);
        return rc;
    }
    *out = f;
    return 0;
}

void frontier_close(frontier *f)
{
    if (!f)
        return;
    if (f->conn)
        PQfinish(f->conn);
    free(f->conninfo);
    free(f->schema);
    free(f);
}

int frontier_release(frontier *f)
{
    return run(f, "release claimed URLs", daemon_sql_release, 0, NULL, NULL);
}

static int host_of(const char *url, char *host, size_t size)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    if (n >= size)
        return common_error(COMMON_EINVAL, "%s: host too long", url);
    memcpy(host, p, n);
    host[n] = '\0';
    return 0;
}

int frontier_seed(frontier *f, const char *source, const char *url, const char *kind)
{
    char host[FRONTIER_HOST_MAX];
    int rc = host_of(url, host, sizeof(host));
    /* url is canonical already: the crawler's resolver made it so. */
    const char *p[5] = {source, url, url, host, kind};
    return rc ? rc : run(f, "seed", daemon_sql_seed, 5, p, NULL);
}

static void format_time(time_t t, char out[FRONTIER_NUM_MAX])
{
    if (!t) {
        snprintf(out, FRONTIER_NUM_MAX, "infinity");
        return;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, FRONTIER_NUM_MAX, "%Y-%m-%d %H:%M:%S+00", &tm);
}

static char *dup_value(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : common_strdup(PQgetvalue(r, row, col));
}

int frontier_claim(frontier *f, size_t max, time_t since, frontier_item **items, size_t *n)
{
    char lim[FRONTIER_NUM_MAX], ts[FRONTIER_NUM_MAX];
    snprintf(lim, sizeof(lim), "%zu", max);
    format_time(since, ts);
    const char *p[2] = {lim, ts};
    PGresult *r = NULL;
    *items = NULL;
    *n = 0;
    int rc = run(f, "claim", daemon_sql_claim, 2, p, &r);
    if (rc)
        return rc;
    int rows = PQntuples(r);
    frontier_item *v = rows ? common_calloc((size_t)rows, sizeof(*v)) : NULL;
    if (rows && !v) {
        PQclear(r);
        return COMMON_ENOMEM;
    }
    for (int i = 0; i < rows; i++) {
        v[i].id = atoll(PQgetvalue(r, i, 0));
        v[i].source = dup_value(r, i, 1);
        v[i].url = dup_value(r, i, 2);
        v[i].host = dup_value(r, i, 3);
        v[i].kind = dup_value(r, i, 4);
        v[i].etag = dup_value(r, i, 5);
        v[i].last_modified = dup_value(r, i, 6);
        v[i].attempts = atoi(PQgetvalue(r, i, 7));
        v[i].advert_key = dup_value(r, i, 8);
        if (!v[i].source || !v[i].url || !v[i].host || !v[i].kind)
            rc = COMMON_ENOMEM;
    }
    PQclear(r);
    if (rc) { /* claimed rows go back on the next start's release */
        frontier_items_free(v, (size_t)rows);
        return rc;
    }
    *items = v;
    *n = (size_t)rows;
    return 0;
}

static void frontier_item_clear(frontier_item *it)
{
    free(it->source);
    free(it->url);
    free(it->host);
    free(it->kind);
    free(it->etag);
    free(it->last_modified);
    free(it->advert_key);
}

void frontier_items_free(frontier_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        frontier_item_clear(&items[i]);
    free(items);
}

int frontier_due(frontier *f, time_t since, long long *n)
{
    char ts[FRONTIER_NUM_MAX];
    format_time(since, ts);
    const char *p[1] = {ts};
    PGresult *r = NULL;
    int rc = run(f, "due", daemon_sql_due, 1, p, &r);
    if (rc)
        return rc;
    *n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

/* Row i's parameters of a statement run once per row; slot holds the
 * text of those computed (numbers, a host). */
typedef void (*row_fn)(const void *rows, size_t i, const char **p,
                       char slot[][FRONTIER_SLOT_MAX]);

/* A pipeline left in an unknown state: the connection is dropped and
 * reopened on the next call. */
static int pipeline_fail(frontier *f, const char *what, PGresult *res)
{
    int rc = fail(f, what, res);
    PQfinish(f->conn);
    f->conn = NULL;
    return rc;
}

/* One chunk of rows: sent without waiting, then every answer read. The
 * chunk is one implicit transaction: it commits whole or not at all. */
static int run_chunk(frontier *f, const char *what, const char *sql, int nparams,
                     size_t from, size_t to, row_fn row, const void *rows)
{
    const char *p[FRONTIER_MAX_PARAMS];
    char slot[FRONTIER_SLOTS][FRONTIER_SLOT_MAX];
    if (!PQenterPipelineMode(f->conn))
        return pipeline_fail(f, what, NULL);
    for (size_t i = from; i < to; i++) {
        row(rows, i, p, slot);
        if (!PQsendQueryParams(f->conn, sql, nparams, NULL, p, NULL, NULL, 0))
            return pipeline_fail(f, what, NULL);
    }
    if (!PQpipelineSync(f->conn))
        return pipeline_fail(f, what, NULL);
    PGresult *bad = NULL, *r;
    for (size_t i = from; i < to; i++) {
        while ((r = PQgetResult(f->conn))) {
            ExecStatusType st = PQresultStatus(r);
            if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && !bad)
                bad = r; /* the first failure; the rest of the chunk was skipped */
            else
                PQclear(r);
        }
    }
    r = PQgetResult(f->conn);
    bool synced = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (bad || !synced || !PQexitPipelineMode(f->conn))
        return pipeline_fail(f, what, bad);
    return 0;
}

/* A statement once per row, pipelined in chunks. */
static int run_rows(frontier *f, const char *what, const char *sql, int nparams, size_t n,
                    row_fn row, const void *rows)
{
    int rc = connect_db(f);
    for (size_t at = 0; !rc && at < n; at += FRONTIER_PIPELINE_CHUNK) {
        size_t to = n - at > FRONTIER_PIPELINE_CHUNK ? at + FRONTIER_PIPELINE_CHUNK : n;
        rc = run_chunk(f, what, sql, nparams, at, to, row, rows);
    }
    return rc;
}

static void done_row(const void *rows, size_t i, const char **p, char num[][FRONTIER_SLOT_MAX])
{
    const frontier_result *x = (const frontier_result *)rows + i;
    snprintf(num[0], FRONTIER_SLOT_MAX, "%lld", x->id);
    snprintf(num[1], FRONTIER_SLOT_MAX, "%.3f", x->next_in_s);
    snprintf(num[2], FRONTIER_SLOT_MAX, "%d", x->status);
    snprintf(num[3], FRONTIER_SLOT_MAX, "%d", x->attempts);
    const char *v[9] = {num[0], x->state, num[1], num[2], x->error, x->etag, x->last_modified,
                        x->advert_key, num[3]};
    memcpy(p, v, sizeof(v));
}

typedef struct {
    const char *source, *kind;
    const char *const *urls;
    long long parent;
} discovered;

static void discover_row(const void *rows, size_t i, const char **p, char slot[][FRONTIER_SLOT_MAX])
{
    const discovered *d = rows;
    (void)host_of(d->urls[i], slot[0], FRONTIER_SLOT_MAX); /* checked before sending */
    snprintf(slot[1], FRONTIER_SLOT_MAX, "%lld", d->parent);
    const char *v[6] = {d->source, d->urls[i], d->urls[i], slot[0], d->kind, slot[1]};
    memcpy(p, v, sizeof(v));
}

int frontier_discover(frontier *f, const char *source, const char *const *urls, size_t n,
                      const char *kind, long long parent)
{
    char host[FRONTIER_HOST_MAX];
    for (size_t i = 0; i < n; i++)
        if (host_of(urls[i], host, sizeof(host)))
            return COMMON_EINVAL;
    discovered d = {source, kind, urls, parent};
    return n ? run_rows(f, "discover", daemon_sql_discover, 6, n, discover_row, &d) : 0;
}

int frontier_done(frontier *f, const frontier_result *r, size_t n)
{
    return n ? run_rows(f, "done", daemon_sql_done, 9, n, done_row, r) : 0;
}

int frontier_requeue(frontier *f, long long id)
{
    char s[FRONTIER_NUM_MAX];
    snprintf(s, sizeof(s), "%lld", id);
    const char *p[1] = {s};
    return run(f, "requeue", daemon_sql_requeue, 1, p, NULL);
}

int frontier_dropped(frontier *f, long long parent, time_t fetch_started,
                     frontier_gone_fn fn, void *arg)
{
    char id[FRONTIER_NUM_MAX], ts[FRONTIER_NUM_MAX];
    snprintf(id, sizeof(id), "%lld", parent);
    format_time(fetch_started, ts);
    const char *p[2] = {id, ts};
    PGresult *r = NULL;
    int rc = run(f, "dropped", daemon_sql_dropped, 2, p, &r);
    if (rc)
        return rc;
    for (int i = 0; i < PQntuples(r); i++)
        if (!PQgetisnull(r, i, 1))
            fn(arg, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
    PQclear(r);
    return 0;
}

static void stat_row(const void *rows, size_t i, const char **p, char num[][FRONTIER_SLOT_MAX])
{
    const frontier_stat *x = (const frontier_stat *)rows + i;
    snprintf(num[0], FRONTIER_SLOT_MAX, "%lld", x->n);
    p[0] = x->source;
    p[1] = x->host;
    p[2] = x->counter;
    p[3] = num[0];
}

int frontier_stats(frontier *f, const frontier_stat *s, size_t n)
{
    return n ? run_rows(f, "stat", daemon_sql_stat, 4, n, stat_row, s) : 0;
}

int frontier_status(frontier *f, FILE *out)
{
    static const char *const cols[] = {"source", "host", "due", "queued", "fetched",
                                       "not_modified", "parsed", "coded", "stored", "gone",
                                       "failed", "errors", "last_success"};
    enum { NCOLS = sizeof(cols) / sizeof(cols[0]) };
    PGresult *r = NULL;
    int rc = run(f, "status", daemon_sql_status, 0, NULL, &r);
    if (rc)
        return rc;
    for (int c = 0; c < NCOLS; c++)
        fprintf(out, "%s%s", cols[c], c + 1 < NCOLS ? "\t" : "\n");
    for (int i = 0; i < PQntuples(r); i++)
        for (int c = 0; c < NCOLS; c++)
            fprintf(out, "%s%s", PQgetvalue(r, i, c), c + 1 < NCOLS ? "\t" : "\n");
    PQclear(r);
    return 0;
}
