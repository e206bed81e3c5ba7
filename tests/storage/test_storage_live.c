/* test_storage_live.c - live, new and closed counts per day against a
 * brute-force count from the adverts and their current versions, over
 * adverts that close (closing date, 404, dropped), are seen again (with
 * and without a change, and as HTTP 304) and are duplicated across
 * boards, written out of time order in small batches so the weekly live
 * snapshots take late deltas. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testdb.h"

#define DAY 86400
#define ADVERTS 160
#define SPAN_DAYS 50      /* first sightings over this many days */
#define SMALL_BATCH 7     /* rows per batch: many batches, late deltas */

static void set_date(vacancy_date *d, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    d->year = tm.tm_year + 1900;
    d->month = tm.tm_mon + 1;
    d->day = tm.tm_mday;
}

/* One advert's story; `ago` is its first sighting in days before now. */
static void write_story(storage_writer *w, int i, time_t now)
{
    static const char *socs[] = {"2231", "5434", "2314"};
    static const char *lads[] = {"E09000001", "E09000002", "E08000003"};
    int ago = (i * 37) % SPAN_DAYS;
    time_t first = now - (time_t)ago * DAY;
    const char *src = i % 2 ? "boardA" : "boardB";
    char id[16], title[32];
    vacancy v;

    snprintf(id, sizeof(id), "L%d", i);
    snprintf(title, sizeof(title), "Job %d", i);
    testdb_vacancy(&v, src, id, title, "Employer", lads[i % 3], socs[i % 3]);
    vacancy_set(&v.description, NULL); /* duplicates by fingerprint only */
    if (i % 5 == 2) /* closes two days after it is first seen */
        set_date(&v.closing_date, first + 2 * DAY);
    assert_ok(storage_writer_add(w, &v, first));
    if (i % 4 == 1 && ago >= 3) /* seen again unchanged */
        assert_ok(storage_writer_add(w, &v, first + 3 * DAY));
    if (i % 8 == 5 && ago >= 5) { /* changed: a new version */
        v.pay.annual_max = 30000;
        assert_ok(storage_writer_add(w, &v, first + 5 * DAY));
        v.pay.annual_max = 26000;
    }
    if (i % 7 == 4 && ago >= 10) /* HTTP 304 ten days on */
        assert_ok(storage_writer_seen(w, src, id, first + 10 * DAY));
    if (i % 6 == 3 && ago >= 1)
        assert_ok(storage_writer_gone(w, src, id, first + DAY, i % 12 == 3 ? "410 gone"
                                                                          : "dropped from feed"));
    if (i % 9 == 6 && ago >= 4) { /* cross-posted on the other board */
        vacancy_set(&v.source, i % 2 ? "boardB" : "boardA");
        snprintf(id, sizeof(id), "D%d", i);
        vacancy_set(&v.site_id, id);
        assert_ok(storage_writer_add(w, &v, first + 4 * DAY));
    }
    vacancy_free(&v);
}

/* Brute force: clusters from the adverts' own dates and their current
 * version's closing date; a cluster is new on its first day, live from it
 * to the last live day of any member, closed the day after. */
static long truth(const char *schema, const char *measure, const char *day)
{
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "WITH a AS (SELECT cluster_id, (first_seen AT TIME ZONE 'UTC')::date AS f,"
             " least((last_seen AT TIME ZONE 'UTC')::date + setting_int('live_grace_days'),"
             " closing_date, (closed_at AT TIME ZONE 'UTC')::date - 1) AS e"
             " FROM vacancy_current),"
             " c AS (SELECT cluster_id, min(f) AS f, max(e) AS e FROM a GROUP BY cluster_id)"
             " SELECT count(*) FROM c WHERE %s",
             !strcmp(measure, "new")    ? "f = '%s'"
             : !strcmp(measure, "live") ? "f <= '%s' AND e >= '%s'"
                                        : "greatest(e + 1, f) = '%s'");
    char filled[1200];
    snprintf(filled, sizeof(filled), sql, day, day);
    return testdb_sql_long(schema, filled);
}

static void check_days(storage *s, const char *schema, time_t now)
{
    static const char *measures[] = {"new", "live", "closed"};
    const unsigned grains[] = {STORAGE_BY_LAD, STORAGE_BY_REGION};
    long seen_live = 0;
    for (int d = -SPAN_DAYS - 5; d <= 12; d++) {
        time_t t = now + (time_t)d * DAY;
        char day[16];
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(day, sizeof(day), "%Y-%m-%d", &tm);
        for (size_t m = 0; m < 3; m++) {
            long want = truth(schema, measures[m], day);
            assert_true(want >= 0);
            for (size_t g = 0; g < 2; g++) {
                storage_counts_query q = {0};
                q.by = grains[g];
                q.since = q.until = t;
                long got = testdb_count(s, &q, measures[m]);
                if (got != want)
                    fprintf(stderr, "%s %s (by %s): counts %ld, truth %ld\n", day,
                            measures[m], g ? "region" : "lad", got, want);
                assert_int_equal(got, want);
            }
            if (m == 1)
                seen_live += want;
        }
    }
    assert_true(seen_live > 0);
}

static void test_live_matches_truth(void **state)
{
    const char *schema = "vh_test_live";
    storage *s = testdb_open_or_skip(schema);
    storage_writer *w = NULL;
    storage_writer_options o = {0};
    time_t now = time(NULL);
    (void)state;

    o.batch_rows = SMALL_BATCH;
    assert_ok(storage_writer_new(&w, s, &o));
    for (int i = 0; i < ADVERTS; i++)
        write_story(w, i, now);
    assert_ok(storage_writer_free(w));
    assert_true(testdb_sql_long(schema, "SELECT count(*) FROM adverts WHERE dup_kind = 'exact'") > 0);
    assert_true(testdb_sql_long(schema, "SELECT count(*) FROM adverts WHERE closed_at IS NOT NULL") > 0);
    check_days(s, schema, now);

    /* and again after a second pass of the same stories: nothing twice */
    assert_ok(storage_writer_new(&w, s, &o));
    for (int i = 0; i < ADVERTS; i++)
        write_story(w, i, now);
    assert_ok(storage_writer_free(w));
    check_days(s, schema, now);
    storage_close(s);
}

/* HTTP 304: an advert seen 20 days ago is no longer live (grace 7); seen
 * again unchanged yesterday it is, with no new version. */
static void test_seen_again(void **state)
{
    const char *schema = "vh_test_seen";
    storage *s = testdb_open_or_skip(schema);
    storage_writer *w = NULL;
    storage_counts_query q = {0};
    storage_totals t;
    time_t now = time(NULL);
    vacancy v;
    (void)state;

    q.since = now - 30 * DAY;
    testdb_vacancy(&v, "boardA", "s1", "Nurse", "NHS Trust", "E09000001", "2231");
    assert_ok(storage_writer_new(&w, s, NULL));
    assert_ok(storage_writer_add(w, &v, now - 20 * DAY));
    assert_ok(storage_writer_free(w));
    assert_int_equal(testdb_count(s, &q, "live"), 0);

    assert_ok(storage_writer_new(&w, s, NULL));
    assert_ok(storage_writer_seen(w, "boardA", "s1", now - DAY));
    assert_ok(storage_writer_seen(w, "boardA", "unknown", now - DAY));
    assert_ok(storage_writer_free(w));
    assert_int_equal(testdb_count(s, &q, "live"), 1);
    assert_int_equal(testdb_count(s, &q, "new"), 1);
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, 1);
    assert_int_equal(t.versions, 1);
    assert_int_equal(testdb_sql_long(schema, "SELECT count(*) FROM adverts WHERE"
                                             " last_seen > now() - interval '2 days'"), 1);

    /* gone, then a 304 after it: the page is back, the advert reopens */
    assert_ok(storage_writer_new(&w, s, NULL));
    assert_ok(storage_writer_gone(w, "boardA", "s1", now - DAY / 2, "404 not found"));
    assert_ok(storage_writer_free(w));
    assert_int_equal(testdb_count(s, &q, "live"), 0);
    assert_ok(storage_writer_new(&w, s, NULL));
    assert_ok(storage_writer_seen(w, "boardA", "s1", now - DAY / 4));
    assert_ok(storage_writer_free(w));
    assert_int_equal(testdb_count(s, &q, "live"), 1);
    vacancy_free(&v);
    storage_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_matches_truth),
        cmocka_unit_test(test_seen_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
