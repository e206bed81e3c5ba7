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

static int insert(frontier *f, const char *what, const char *sql, const char *source,
                  const char *url, const char *kind, const char *parent)
{
    char host[512];
    int rc = host_of(url, host, sizeof(host));
    if (rc)
        return rc;
    /* url is canonical already: the crawler's resolver made it so. */
    const char *p[6] = {source, url, url, host, kind, parent};
    return run(f, what, sql, parent ? 6 : 5, p, NULL);
}

int frontier_seed(frontier *f, const char *source, const char *url, const char *kind)
{
    return insert(f, "seed", daemon_sql_seed, source, url, kind, NULL);
}

int frontier_discover(frontier *f, const char *source, const char *url, const char *kind,
                      long long parent)
{
    char id[FRONTIER_NUM_MAX];
    snprintf(id, sizeof(id), "%lld", parent);
    return insert(f, "discover", daemon_sql_discover, source, url, kind, id);
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

static int done_one(frontier *f, const frontier_result *x)
{
    char id[FRONTIER_NUM_MAX], secs[FRONTIER_NUM_MAX], status[FRONTIER_NUM_MAX],
        attempts[FRONTIER_NUM_MAX];
    snprintf(id, sizeof(id), "%lld", x->id);
    snprintf(secs, sizeof(secs), "%.3f", x->next_in_s);
    snprintf(status, sizeof(status), "%d", x->status);
    snprintf(attempts, sizeof(attempts), "%d", x->attempts);
    const char *p[9] = {id, x->state, secs, status, x->error, x->etag, x->last_modified,
                        x->advert_key, attempts};
    return run(f, "done", daemon_sql_done, 9, p, NULL);
}

int frontier_begin(frontier *f)
{
    return run(f, "begin", daemon_sql_begin, 0, NULL, NULL);
}

int frontier_end(frontier *f, int rc)
{
    if (!rc)
        return run(f, "commit", daemon_sql_commit, 0, NULL, NULL);
    if (f->conn) {
        PGresult *x = PQexec(f->conn, daemon_sql_rollback);
        PQclear(x);
    }
    return rc;
}

int frontier_done(frontier *f, const frontier_result *r, size_t n)
{
    if (!n)
        return 0;
    int rc = frontier_begin(f);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < n; i++)
        rc = done_one(f, &r[i]);
    return frontier_end(f, rc);
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

int frontier_stat(frontier *f, const char *source, const char *host, const char *counter,
                  long long n)
{
    char s[FRONTIER_NUM_MAX];
    snprintf(s, sizeof(s), "%lld", n);
    const char *p[4] = {source, host, counter, s};
    return run(f, "stat", daemon_sql_stat, 4, p, NULL);
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
