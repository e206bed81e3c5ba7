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

int storage_adverts_each(storage *s, time_t since, storage_advert_fn fn, void *arg)
{
    char from[40], after[32] = "0";
    const char *p[3] = {from, after, RECODE_PAGE_ROWS};
    PGresult *r = NULL;
    int rc = 0, n;

    since_text(since, from);
    do {
        if ((rc = db_query(s, "adverts", storage_sql_adverts_page, 3, p, &r)) < 0)
            return rc;
        n = PQntuples(r);
        for (int i = 0; i < n && rc == 0; i++) {
            storage_advert a = {PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
                                PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4),
                                PQgetisnull(r, i, 5) ? NULL : PQgetvalue(r, i, 5),
                                PQgetisnull(r, i, 6) ? NULL : PQgetvalue(r, i, 6)};
            rc = fn(arg, &a);
        }
        if (n > 0)
            snprintf(after, sizeof(after), "%s", PQgetvalue(r, n - 1, 0));
        PQclear(r);
    } while (rc == 0 && n > 0);
    return rc;
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

static int each_page_row(PGresult *r, int i, storage_page_fn fn, void *arg)
{
    char *body = NULL;
    int rc = inflate_body(PQgetvalue(r, i, 8), strtoull(PQgetvalue(r, i, 9), NULL, 10), &body);
    if (rc < 0) {
        fprintf(stderr, "storage: page %s skipped: %s\n", PQgetvalue(r, i, 2), common_last_error());
        return 0;
    }
    storage_page pg = {PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
                       PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3),
                       atoi(PQgetvalue(r, i, 4)),
                       PQgetisnull(r, i, 5) ? NULL : PQgetvalue(r, i, 5),
                       PQgetisnull(r, i, 6) ? NULL : PQgetvalue(r, i, 6),
                       body, strtoull(PQgetvalue(r, i, 9), NULL, 10),
                       (time_t)atoll(PQgetvalue(r, i, 7))};
    rc = fn(arg, &pg);
    free(body);
    return rc;
}

int storage_pages_each(storage *s, time_t since, storage_page_fn fn, void *arg)
{
    char from[40], after[32] = "0";
    const char *p[3] = {from, after, RECODE_PAGE_ROWS};
    PGresult *r = NULL;
    int rc = 0, n;

    since_text(since, from);
    do {
        if ((rc = db_query(s, "pages", storage_sql_pages_page, 3, p, &r)) < 0)
            return rc;
        n = PQntuples(r);
        for (int i = 0; i < n && rc == 0; i++)
            rc = each_page_row(r, i, fn, arg);
        if (n > 0)
            snprintf(after, sizeof(after), "%s", PQgetvalue(r, n - 1, 0));
        PQclear(r);
    } while (rc == 0 && n > 0);
    return rc;
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
