/* test_storage_live.c - live, new and closed counts per day against a
 * brute-force count from the adverts and their current versions, over
 * adverts that close (closing date, 404, dropped), are seen again (with
 * and without a change, and as HTTP 304) and are duplicated across
 * boards, written out of time order in small batches so the weekly live
 * snapshots take late deltas, and so each batch merges while the one
 * before it is folded into the counts on the writer's second connection. */
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

/* The days checked, relative to now, and the truth on each of them. */
#define FIRST_DAY (-SPAN_DAYS - 5)
#define LAST_DAY 12
#define NDAYS (LAST_DAY - FIRST_DAY + 1)
#define MID_SERIES 30 /* a series starting this many days into them */

static const char *measures[] = {"new", "live", "closed"};

typedef struct {
    long want[3][NDAYS]; /* by measure, then day */
} truths;

static void day_text(time_t t, char out[16])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

static time_t day_at(time_t now, int i)
{
    return now + (time_t)(FIRST_DAY + i) * DAY;
}

static void find_truths(truths *t, const char *schema, time_t now)
{
    long seen_live = 0;
    for (int i = 0; i < NDAYS; i++) {
        char day[16];
        day_text(day_at(now, i), day);
        for (size_t m = 0; m < 3; m++) {
            t->want[m][i] = truth(schema, measures[m], day);
            assert_true(t->want[m][i] >= 0);
        }
        seen_live += t->want[1][i];
    }
    assert_true(seen_live > 0);
}

/* Each day on its own (--since D --until D), by LAD and by region. */
static void check_days(storage *s, const truths *t, time_t now)
{
    const unsigned grains[] = {STORAGE_BY_LAD, STORAGE_BY_REGION};
    for (int i = 0; i < NDAYS; i++) {
        for (size_t m = 0; m < 3; m++) {
            for (size_t g = 0; g < 2; g++) {
                storage_counts_query q = {0};
                q.by = grains[g];
                q.since = q.until = day_at(now, i);
                long got = testdb_count(s, &q, measures[m]);
                if (got != t->want[m][i]) {
                    char day[16];
                    day_text(q.since, day);
                    fprintf(stderr, "%s %s (by %s): counts %ld, truth %ld\n", day,
                            measures[m], g ? "region" : "lad", got, t->want[m][i]);
                }
                assert_int_equal(got, t->want[m][i]);
            }
        }
    }
}

/* The period of day i (its first day as text) and the last day index of
 * it inside the days checked. */
static int period_of(time_t now, int i, storage_per per, char period[16])
{
    struct tm tm;
    time_t t0 = day_at(now, i);
    int end = i;
    gmtime_r(&t0, &tm);
    if (per == STORAGE_PER_WEEK) { /* periods are Monday..Sunday */
        day_text(t0 - (time_t)((tm.tm_wday + 6) % 7) * DAY, period);
        end = i + (7 - tm.tm_wday) % 7;
    } else if (per == STORAGE_PER_MONTH) {
        day_text(t0 - (time_t)(tm.tm_mday - 1) * DAY, period);
        for (time_t t = t0 + DAY; gmtime_r(&t, &tm) && tm.tm_mday != 1; t += DAY)
            end++;
    } else {
        day_text(t0, period);
    }
    return end < NDAYS - 1 ? end : NDAYS - 1;
}

/* Rows come by period, then by the breakdown's columns, each group once
 * in a period: series.c puts them back in that order. */
static void check_order(const char *csv)
{
    static const char *keys[] = {"soc1", "soc2", "soc3", "soc4", "lad", "region", "itl",
                                 "source"};
    char *text = strdup(csv), *line, *save = NULL, *prev[16] = {0}, *cur[16];
    int key[8], nkeys = 0, period = -1, n = 0;
    assert_non_null(text);
    line = strtok_r(text, "\n", &save);
    assert_non_null(line);
    for (char *rest = line, *f; (f = strsep(&rest, ",")); n++) {
        if (!strcmp(f, "period"))
            period = n;
        for (size_t k = 0; k < 8; k++)
            if (!strcmp(f, keys[k]))
                key[nkeys++] = n;
    }
    assert_true(period >= 0 && n <= 16);
    while ((line = strtok_r(NULL, "\n", &save))) {
        int m = 0, cmp = 0;
        for (char *rest = line, *f; m < 16 && (f = strsep(&rest, ",")); m++)
            cur[m] = f;
        assert_int_equal(m, n);
        if (prev[0]) {
            cmp = strcmp(prev[period], cur[period]);
            for (int k = 0; k < nkeys && cmp == 0; k++)
                cmp = strcmp(prev[key[k]], cur[key[k]]);
            if (cmp >= 0)
                fprintf(stderr, "series out of order at %s\n", cur[period]);
            assert_true(cmp < 0);
        }
        memcpy(prev, cur, sizeof(prev));
    }
    free(text);
}

/* A series (--per day, week or month) from the day `first` as one query:
 * live is then a running sum from one snapshot, not a snapshot per period.
 * Each period must match the truth of its days: live on its last day, new
 * and closed summed. */
static void check_series(storage *s, const truths *t, time_t now, storage_per per, unsigned by,
                         int first)
{
    static const char *pers[] = {"all", "day", "week", "month"};
    storage_counts_query q = {0};
    char *csv;
    q.by = by;
    q.per = per;
    q.since = day_at(now, first);
    q.until = day_at(now, NDAYS - 1);
    csv = testdb_counts_csv(s, &q);
    assert_non_null(csv);
    check_order(csv);
    for (int i = first, end; i < NDAYS; i = end + 1) {
        char period[16];
        long want[3] = {0, 0, 0};
        end = period_of(now, i, per, period);
        for (int j = i; j <= end; j++) {
            want[0] += t->want[0][j];
            want[2] += t->want[2][j];
        }
        want[1] = t->want[1][end];
        for (size_t m = 0; m < 3; m++) {
            long got = testdb_sum(csv, measures[m], period);
            if (got != want[m])
                fprintf(stderr, "series per %s, by %#x, period %s, %s: counts %ld, truth %ld\n",
                        pers[per], by, period, measures[m], got, want[m]);
            assert_int_equal(got, want[m]);
        }
    }
    free(csv);
}

static void check_counts(storage *s, const char *schema, time_t now)
{
    const unsigned grains[] = {STORAGE_BY_LAD, STORAGE_BY_REGION, STORAGE_BY_SOC4,
                               STORAGE_BY_SOURCE | STORAGE_BY_SOC1};
    truths *t = malloc(sizeof(*t));
    assert_non_null(t);
    find_truths(t, schema, now);
    check_days(s, t, now);
    /* from before the first snapshot, and from the middle of a week well
       after it (the running sum then starts from a snapshot and days) */
    for (int first = 0; first <= MID_SERIES; first += MID_SERIES) {
        for (size_t g = 0; g < sizeof(grains) / sizeof(grains[0]); g++)
            check_series(s, t, now, STORAGE_PER_DAY, grains[g], first);
        check_series(s, t, now, STORAGE_PER_WEEK, STORAGE_BY_REGION, first);
        check_series(s, t, now, STORAGE_PER_WEEK, STORAGE_BY_LAD, first);
        check_series(s, t, now, STORAGE_PER_MONTH, STORAGE_BY_SOC4 | STORAGE_BY_SOURCE, first);
    }
    free(t);
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
    /* the writer returned only once every batch's deltas were folded */
    assert_int_equal(testdb_sql_long(schema, "SELECT count(*) FROM counts_pending"), 0);
    check_counts(s, schema, now);

    /* and again after a second pass of the same stories: nothing twice */
    assert_ok(storage_writer_new(&w, s, &o));
    for (int i = 0; i < ADVERTS; i++)
        write_story(w, i, now);
    assert_ok(storage_writer_free(w));
    check_counts(s, schema, now);
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
