/* testdb.h - integration tests: a fresh schema in the database scripts/test
 * started ($DATABASE_URL), and helpers to read counts back. */
#ifndef VH_TEST_DB_H
#define VH_TEST_DB_H

#include "storage/storage.h"

/* Include cmocka before this header: the helpers below assert. */

/* Assert a storage call succeeded, printing its error when not. */
#define assert_ok(call)                                                        \
    do {                                                                       \
        int rc_ = (call);                                                      \
        if (rc_ < 0)                                                           \
            fprintf(stderr, "%s: %s\n", #call, common_last_error());           \
        assert_int_equal(rc_, 0);                                              \
    } while (0)

/* 1 when $DATABASE_URL is set; tests skip otherwise. */
int testdb_available(void);
/* Drop and recreate `schema`, open storage on it and migrate. */
int testdb_open(storage **out, const char *schema);

/* testdb_open in a test: skips it without a database, fails it on error. */
static inline storage *testdb_open_or_skip(const char *schema)
{
    storage *s = NULL;
    if (!testdb_available())
        skip();
    assert_ok(testdb_open(&s, schema));
    return s;
}

/* Run a counts query as CSV and return the value of `column` summed over
 * rows (a column name: new, live, closed). */
long testdb_count(storage *s, const storage_counts_query *q, const char *column);
/* The same in two steps: the query's CSV (free it), then `column` summed
 * over its rows of `period` (YYYY-MM-DD; NULL: every row), or -1. */
char *testdb_counts_csv(storage *s, const storage_counts_query *q);
long testdb_sum(const char *csv, const char *column, const char *period);

/* The first value of the first row of `sql` run in `schema`, as a
 * number, or -1 on error: for checks computed from the tables. */
long testdb_sql_long(const char *schema, const char *sql);

/* A filled-in vacancy for tests; free with vacancy_free. */
void testdb_vacancy(vacancy *v, const char *source, const char *id, const char *title,
                    const char *employer, const char *lad, const char *soc);

#endif
