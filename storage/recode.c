/* recode.c - the stored side of recoding and re-parsing: walk adverts
 * (for the coder) or kept raw pages (for the parser), a page of rows at a
 * time so millions of adverts never sit in memory at once, and purge raw
 * bodies past their keep time (with the near-duplicate index past its
 * window). New codes go back through a writer
 * (storage_writer_code), which keeps the old code as history. */
#include "db.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define RECODE_PAGE_ROWS "1000"
#define RAW_MAX (64u * 1024 * 1024) /* a stored page larger than this is skipped */

static void since_text(time_t since, char out[40])
{
    struct tm tm;
    gmtime_r(&since, &tm);
    strftime(out, 40, "%Y-%m-%d %H:%M:%S+00", &tm);
}

/* Run a keyset-paged query ($1 since, $2 after id, $3 page size; id in
 * column 0) and call row() on every row until it fails or rows run out. */
typedef struct {
    storage_advert_fn advert;
    storage_page_fn page;
    void *arg;
} callback;

typedef int (*row_fn)(PGresult *r, int i, const callback *cb);

static int each_row(storage *s, const char *what, const char *sql, time_t since, row_fn row,
                    const callback *cb)
{
    char from[40], after[32] = "0";
    const char *p[3] = {from, after, RECODE_PAGE_ROWS};
    PGresult *r = NULL;
    int rc = 0, n;

    since_text(since, from);
    do {
        if ((rc = db_query(s, what, sql, 3, p, &r)) < 0)
            return rc;
        n = PQntuples(r);
        for (int i = 0; i < n && rc == 0; i++)
            rc = row(r, i, cb);
        if (n > 0)
            snprintf(after, sizeof(after), "%s", PQgetvalue(r, n - 1, 0));
        PQclear(r);
    } while (rc == 0 && n > 0);
    return rc;
}

static const char *opt(PGresult *r, int i, int col)
{
    return PQgetisnull(r, i, col) ? NULL : PQgetvalue(r, i, col);
}

static int each_advert_row(PGresult *r, int i, const callback *cb)
{
    storage_advert a = {PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
                        opt(r, i, 4), opt(r, i, 5), opt(r, i, 6)};
    return cb->advert(cb->arg, &a);
}

int storage_adverts_each(storage *s, time_t since, storage_advert_fn fn, void *arg)
{
    callback cb = {fn, NULL, arg};
    return each_row(s, "adverts", storage_sql_adverts_page, since, each_advert_row, &cb);
}

/* Inflate one stored body; *body is the caller's to free. */
static int inflate_body(const char *hex, size_t raw_len, char **body)
{
    size_t zlen = 0;
    unsigned char *z = PQunescapeBytea((const unsigned char *)hex, &zlen);
    uLongf n = raw_len;
    int rc = 0;
    *body = NULL;
    if (!z)
        return common_error(COMMON_ENOMEM, "stored page: out of memory");
    if (raw_len > RAW_MAX)
        rc = common_error(COMMON_EFORMAT, "stored page: %zu bytes is over the limit", raw_len);
    else if (!(*body = common_malloc(raw_len + 1)))
        rc = COMMON_ENOMEM;
    else if (uncompress((Bytef *)*body, &n, z, zlen) != Z_OK || n != raw_len)
        rc = common_error(COMMON_EFORMAT, "stored page: body does not inflate");
    else
        (*body)[raw_len] = '\0';
    if (rc < 0) {
        free(*body);
        *body = NULL;
    }
    PQfreemem(z);
    return rc;
}

static int each_page_row(PGresult *r, int i, const callback *cb)
{
    char *body = NULL;
    int rc = inflate_body(PQgetvalue(r, i, 8), strtoull(PQgetvalue(r, i, 9), NULL, 10), &body);
    if (rc < 0) {
        fprintf(stderr, "storage: page %s skipped: %s\n", PQgetvalue(r, i, 2), common_last_error());
        return 0;
    }
    storage_page pg = {PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), opt(r, i, 3),
                       atoi(PQgetvalue(r, i, 4)), opt(r, i, 5), opt(r, i, 6),
                       body, strtoull(PQgetvalue(r, i, 9), NULL, 10),
                       (time_t)atoll(PQgetvalue(r, i, 7))};
    rc = cb->page(cb->arg, &pg);
    free(body);
    return rc;
}

int storage_pages_each(storage *s, time_t since, storage_page_fn fn, void *arg)
{
    callback cb = {NULL, fn, arg};
    return each_row(s, "pages", storage_sql_pages_page, since, each_page_row, &cb);
}

int storage_purge_raw(storage *s, long long *purged)
{
    PGresult *r = NULL;
    int rc = db_query(s, "purge near-duplicate index", storage_sql_purge_bands, 0, NULL, NULL);
    *purged = 0;
    if (rc < 0 || (rc = db_query(s, "purge raw pages", storage_sql_purge_raw, 0, NULL, &r)) < 0)
        return rc;
    *purged = atoll(PQcmdTuples(r));
    PQclear(r);
    return 0;
}
