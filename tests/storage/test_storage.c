/* test_storage.c - storage against the real PostgreSQL scripts/test starts:
 * migrations, idempotent writes and versions, deduplication, live counts,
 * bad rows, recoding, raw pages, reference data and pathways. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testdb.h"

#define DAY 86400

typedef struct {
    int n;
    char last[512];
} rejects;

static void on_reject(void *arg, const char *source, const char *key, const char *reason)
{
    rejects *r = arg;
    r->n++;
    snprintf(r->last, sizeof(r->last), "%s %s: %s", source, key, reason);
}

static storage_counts_query all_days(unsigned by)
{
    storage_counts_query q = {0};
    q.by = by;
    q.since = time(NULL) - 30 * DAY;
    return q;
}

static void test_migrate_idempotent(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_migrate");
    int applied = -1, version = 0;
    (void)state;
    assert_ok(storage_migrate(s, &applied));
    assert_int_equal(applied, 0); /* testdb_open migrated already */
    assert_ok(storage_schema_version(s, &version));
    assert_true(version >= 4);
    storage_close(s);
}

static void write_all(storage *s, vacancy *v, size_t n, time_t seen, rejects *rj)
{
    storage_writer *w = NULL;
    storage_writer_options o = {0};
    o.on_reject = on_reject;
    o.reject_arg = rj;
    assert_ok(storage_writer_new(&w, s, &o));
    for (size_t i = 0; i < n; i++)
        assert_ok(storage_writer_add(w, &v[i], seen));
    assert_ok(storage_writer_free(w));
}

static void test_idempotent_and_versions(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_write");
    storage_totals t;
    vacancy v[2];
    rejects rj = {0};
    time_t now = time(NULL);
    storage_counts_query q = all_days(0);
    (void)state;

    testdb_vacancy(&v[0], "boardA", "a1", "Care assistant", "Sunrise Homes", "E09000001", "6135");
    testdb_vacancy(&v[1], "boardA", "a2", "Software developer", "Acme Ltd", "E08000025", "2134");
    vacancy_set(&v[1].description, NULL);
    write_all(s, v, 2, now - 2 * DAY, &rj);
    /* seen again, unchanged: last seen moves on, nothing new */
    write_all(s, v, 2, now - DAY, &rj);
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, 2);
    assert_int_equal(t.versions, 2);
    assert_int_equal(t.clusters, 2);
    assert_int_equal(testdb_count(s, &q, "new"), 2);

    /* a changed advert is a new version of the same vacancy */
    v[1].pay.annual_max = 60000;
    write_all(s, v, 2, now, &rj);
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, 2);
    assert_int_equal(t.versions, 3);
    assert_int_equal(testdb_count(s, &q, "new"), 2);
    assert_int_equal(testdb_count(s, &q, "live"), 2);

    /* the same batch again (a retry after a lost COMMIT): nothing twice */
    write_all(s, v, 2, now, &rj);
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.versions, 3);
    assert_int_equal(testdb_count(s, &q, "new"), 2);
    assert_int_equal(rj.n, 0);
    vacancy_free(&v[0]);
    vacancy_free(&v[1]);
    storage_close(s);
}

static void test_duplicates_count_once(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_dedup");
    storage_totals t;
    vacancy v[4];
    rejects rj = {0};
    storage_counts_query q = all_days(STORAGE_BY_SOC4);
    (void)state;

    /* the same job on two boards, punctuation aside: exact duplicate */
    testdb_vacancy(&v[0], "boardA", "x1", "Care Assistant - Nights", "Sunrise Homes", "E09000001", "6135");
    testdb_vacancy(&v[1], "boardB", "y9", "care assistant (nights)", "SUNRISE HOMES", "E09000001", "6135");
    /* posted by an agency under another title, description lightly edited */
    testdb_vacancy(&v[2], "boardC", "z3", "Night carer", "Care Staff Agency", "E09000001", "6135");
    vacancy_set(&v[2].description,
                "We are looking for a caring and reliable person to join our friendly team. "
                "You will support residents with daily living, work shifts including weekends, "
                "keep accurate records and help plan activities. Full training is provided and a "
                "driving licence is useful but not essential for this role.");
    /* a different job */
    testdb_vacancy(&v[3], "boardA", "x2", "Chef", "The Grill", "E09000001", "5434");
    vacancy_set(&v[3].description, "Cook for a busy restaurant kitchen.");
    write_all(s, v, 2, time(NULL) - DAY, &rj);
    write_all(s, v + 2, 2, time(NULL), &rj);

    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, 4);
    assert_int_equal(t.clusters, 2);
    assert_int_equal(testdb_count(s, &q, "new"), 2);
    assert_int_equal(testdb_count(s, &q, "live"), 2);
    for (int i = 0; i < 4; i++)
        vacancy_free(&v[i]);
    storage_close(s);
}

/* The band index is partitioned by month: a near copy still finds its
 * original in the previous month, and the purge drops only months wholly
 * outside the window (0007_bands_by_month.sql). */
#define BANDS_OLD_DAYS 100  /* first seen well outside the 30-day window */
#define BANDS_EDGE_DAYS 28  /* inside the window, in an earlier month */

static void test_bands_by_month(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_bands");
    const char *text[] = {
        "Join our warehouse team picking and packing customer orders on early and late "
        "shifts. You will load vans, check stock against delivery notes and keep the "
        "loading bay safe and tidy. Forklift licence an advantage, training provided.",
        "Our busy dental practice needs a receptionist to greet patients, book and confirm "
        "appointments, take payments and keep records up to date. Experience with dental "
        "software is welcome and full training is given to the right person."};
    time_t now = time(NULL);
    vacancy v[3];
    rejects rj = {0};
    long long purged;
    (void)state;

    testdb_vacancy(&v[0], "boardA", "old1", "Warehouse operative", "Depot Ltd", "E09000001",
                   "9252");
    vacancy_set(&v[0].description, text[0]);
    write_all(s, v, 1, now - BANDS_OLD_DAYS * DAY, &rj);
    testdb_vacancy(&v[1], "boardA", "edge1", "Dental receptionist", "Smile Ltd", "E09000001",
                   "4217");
    vacancy_set(&v[1].description, text[1]);
    write_all(s, v + 1, 1, now - BANDS_EDGE_DAYS * DAY, &rj);
    assert_true(testdb_sql_long("vh_test_bands", "SELECT count(*) FROM pg_inherits"
                                " WHERE inhparent = 'minhash_bands'::regclass") >= 2);

    assert_ok(storage_purge_raw(s, &purged));
    assert_int_equal(testdb_sql_long("vh_test_bands", "SELECT count(*) FROM minhash_bands"
                                     " WHERE advert_id = (SELECT id FROM adverts"
                                     " WHERE advert_key LIKE '%old1')"), 0);
    assert_true(testdb_sql_long("vh_test_bands", "SELECT count(*) FROM minhash_bands") > 0);

    /* the same receptionist job on another board today, retitled */
    testdb_vacancy(&v[2], "boardB", "copy1", "Receptionist (dental)", "Smile Dental", "E09000001",
                   "4217");
    vacancy_set(&v[2].description, text[1]);
    write_all(s, v + 2, 1, now, &rj);
    assert_int_equal(testdb_sql_long("vh_test_bands", "SELECT count(*) FROM adverts"
                                     " WHERE dup_kind = 'near'"), 1);
    for (int i = 0; i < 3; i++)
        vacancy_free(&v[i]);
    storage_close(s);
}

/* Boilerplate is no copy: an agency's many jobs on two boards under one
 * standard text stay as many clusters, in one batch and across batches,
 * while one job copied to another board still joins its original
 * (0008_crowded_bands.sql). */
#define BOILERPLATE_JOBS 80 /* per batch, half on each board: more than near_dup_band_max */

static void test_boilerplate_not_duplicates(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_boilerplate");
    vacancy v[2 * BOILERPLATE_JOBS + 2];
    rejects rj = {0};
    storage_totals t;
    time_t now = time(NULL);
    (void)state;

    for (int i = 0; i < 2 * BOILERPLATE_JOBS; i++) { /* boards A and B, mixed */
        char id[16], title[32], employer[32];
        snprintf(id, sizeof(id), "job%d", i);
        snprintf(title, sizeof(title), "Role %d", i);
        snprintf(employer, sizeof(employer), "Client %d", i);
        testdb_vacancy(&v[i], i % 2 ? "boardB" : "boardA", id, title, employer, "E09000001",
                       "6135");
    }
    write_all(s, v, BOILERPLATE_JOBS, now - DAY, &rj); /* one batch, both boards */
    write_all(s, v + BOILERPLATE_JOBS, BOILERPLATE_JOBS, now, &rj); /* against the first */
    testdb_vacancy(&v[2 * BOILERPLATE_JOBS], "boardA", "own1", "Dental receptionist",
                   "Smile Ltd", "E09000001", "4217");
    testdb_vacancy(&v[2 * BOILERPLATE_JOBS + 1], "boardC", "copy1", "Receptionist (dental)",
                   "Smile Dental", "E09000001", "4217");
    for (int i = 2 * BOILERPLATE_JOBS; i < 2 * BOILERPLATE_JOBS + 2; i++)
        vacancy_set(&v[i].description,
                    "Our busy dental practice needs a receptionist to greet patients, book and "
                    "confirm appointments, take payments and keep records up to date.");
    write_all(s, v + 2 * BOILERPLATE_JOBS, 2, now, &rj);

    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, 2 * BOILERPLATE_JOBS + 2);
    assert_int_equal(t.clusters, 2 * BOILERPLATE_JOBS + 1);
    assert_int_equal(testdb_sql_long("vh_test_boilerplate", "SELECT count(*) FROM adverts"
                                     " WHERE dup_kind = 'near'"), 1);
    for (int i = 0; i < 2 * BOILERPLATE_JOBS + 2; i++)
        vacancy_free(&v[i]);
    storage_close(s);
}

static void test_bad_rows_rejected(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_bad");
    storage_totals t;
    vacancy v[5];
    char *long_title = malloc(STORAGE_SHORT_MAX + 2);
    rejects rj = {0};
    (void)state;

    memset(long_title, 'x', STORAGE_SHORT_MAX + 1);
    long_title[STORAGE_SHORT_MAX + 1] = '\0';
    testdb_vacancy(&v[0], "boardA", "ok1", "Nurse", "NHS Trust", "E09000001", "2231");
    testdb_vacancy(&v[1], "boardA", "long", long_title, "NHS Trust", "E09000001", "2231");
    testdb_vacancy(&v[2], "boardA", "utf8", "Nurse \xc3\x28", "NHS Trust", "E09000001", "2231");
    testdb_vacancy(&v[3], "boardA", "date", "Nurse", "NHS Trust", "E09000001", "2231");
    v[3].closing_date.year = 20251; /* int16: wraps, still out of range */
    v[3].closing_date.month = 1;
    v[3].closing_date.day = 1;
    testdb_vacancy(&v[4], "boardA", "ok2", "Midwife", "NHS Trust", "E09000001", "2232");
    write_all(s, v, 5, 0, &rj);

    assert_int_equal(rj.n, 3);
    assert_non_null(strstr(rj.last, "closing date"));
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, 2);
    for (int i = 0; i < 5; i++)
        vacancy_free(&v[i]);
    free(long_title);
    storage_close(s);
}

static void test_gone_and_recode(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_gone");
    storage_writer *w = NULL;
    storage_totals t;
    vacancy v[2];
    vacancy_code code = {0};
    storage_counts_query q = all_days(STORAGE_BY_SOC4);
    (void)state;

    testdb_vacancy(&v[0], "boardA", "g1", "Nurse", "NHS Trust", "E09000001", "2231");
    testdb_vacancy(&v[1], "boardA", "g2", "Teacher", "A School", "E09000001", "2314");
    vacancy_set(&v[1].description, NULL);
    write_all(s, v, 2, time(NULL) - 3 * DAY, &(rejects){0});
    assert_int_equal(testdb_count(s, &q, "live"), 2);

    assert_ok(storage_writer_new(&w, s, NULL));
    assert_ok(storage_writer_gone(w, "boardA", "g1", time(NULL) - DAY, "http 410"));
    snprintf(code.soc2020, sizeof(code.soc2020), "2319");
    code.confidence = 90;
    code.method = "fuzzy";
    assert_ok(storage_writer_code(w, "boardA", "g2", &code));
    assert_ok(storage_writer_free(w));

    assert_int_equal(testdb_count(s, &q, "live"), 1);
    assert_int_equal(testdb_count(s, &q, "closed"), 1);
    q.soc = "2319"; /* the recoded vacancy moved to its new unit group */
    assert_int_equal(testdb_count(s, &q, "live"), 1);
    q.soc = "2314";
    assert_int_equal(testdb_count(s, &q, "new"), 0);
    q.soc = "23"; /* prefixes: the 2-digit group holds the recoded one */
    assert_int_equal(testdb_count(s, &q, "live"), 1);
    q.soc = "22"; /* and the closed nurse, 2231 */
    assert_int_equal(testdb_count(s, &q, "closed"), 1);
    assert_int_equal(testdb_count(s, &q, "live"), 0);
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.codes, 3); /* the old code stays as history */
    vacancy_free(&v[0]);
    vacancy_free(&v[1]);
    storage_close(s);
}

typedef struct {
    int n;
    int same;
} page_seen;

static int on_page(void *arg, const storage_page *p)
{
    page_seen *ps = arg;
    ps->n++;
    ps->same = p->body_len == 14 && !memcmp(p->body, "<html>v2</html>", 14);
    return 0;
}

static void test_raw_pages(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_pages");
    storage_writer *w = NULL;
    storage_page p = {"boardA", "https://example.org/job/1", NULL, 200, "\"e1\"", NULL,
                      "<html>v1</html>", 15, time(NULL) - 60};
    page_seen ps = {0};
    long long purged = -1;
    (void)state;

    assert_ok(storage_writer_new(&w, s, NULL));
    assert_ok(storage_writer_page(w, &p));
    p.body = "<html>v2</html>";
    p.body_len = 14;
    p.fetched_at = time(NULL);
    assert_ok(storage_writer_page(w, &p));
    assert_ok(storage_writer_free(w));
    assert_ok(storage_pages_each(s, 0, on_page, &ps));
    assert_int_equal(ps.n, 1); /* only the latest fetch of the URL */
    assert_true(ps.same);
    assert_ok(storage_purge_raw(s, &purged));
    assert_int_equal(purged, 0); /* kept for STORAGE_RAW_KEEP_DAYS */
    storage_close(s);
}

static void test_reference_and_pathways(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_reference");
    char csv[] = "/tmp/vh_test_mappingXXXXXX";
    char *text = NULL;
    size_t len = 0, rows = 0;
    FILE *f;
    int fd;
    (void)state;

    if (!getenv(COMMON_DATA_DIR_ENV)) {
        storage_close(s);
        skip();
    }
    assert_ok(storage_load_reference(s, NULL, NULL));
    /* loading again replaces, never duplicates */
    assert_ok(storage_load_reference(s, NULL, NULL));

    /* an official subject -> SOC table; the bad line is skipped, not fatal */
    fd = mkstemp(csv);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("code,soc,share\n100279,2231,0.7\n100279,6131,0.1\n100279,99,0.2\n", f);
    fclose(f);
    assert_ok(storage_load_mapping(s, "subject", csv, "test", &rows));
    assert_int_equal(rows, 2);
    unlink(csv);

    f = open_memstream(&text, &len);
    assert_ok(storage_pathways(s, STORAGE_PATH_SOC, "2231", STORAGE_FORMAT_CSV, f));
    fclose(f);
    assert_non_null(strstr(text, "Midwifery nurses"));
    assert_non_null(strstr(text, "subject,100279"));
    free(text);

    text = NULL;
    f = open_memstream(&text, &len);
    assert_ok(storage_pathways(s, STORAGE_PATH_SUBJECT, "100279", STORAGE_FORMAT_JSON, f));
    fclose(f);
    assert_non_null(strstr(text, "\"soc\": \"2231\""));
    free(text);

    text = NULL;
    f = open_memstream(&text, &len);
    assert_true(storage_pathways(s, STORAGE_PATH_STANDARD, "no-such", STORAGE_FORMAT_CSV, f) < 0);
    fclose(f);
    free(text);
    storage_close(s);
}

/* The region and monthly rollups answer what the LAD rollup answers. */
static void test_rollups_agree(void **state)
{
    storage *s = testdb_open_or_skip("vh_test_rollups");
    storage_writer *w = NULL;
    time_t now = time(NULL);
    storage_per pers[] = {STORAGE_PER_ALL, STORAGE_PER_MONTH, STORAGE_PER_WEEK};
    const char *measures[] = {"new", "live", "closed"};
    (void)state;

    assert_ok(storage_writer_new(&w, s, NULL));
    for (int i = 0; i < 300; i++) {
        vacancy v;
        char id[16], lad[16];
        snprintf(id, sizeof(id), "r%d", i);
        snprintf(lad, sizeof(lad), "E0900000%d", i % 7);
        testdb_vacancy(&v, i % 2 ? "boardA" : "boardB", id, id, "Employer", lad,
                       i % 3 ? "2231" : "5434");
        vacancy_set(&v.description, NULL);
        assert_ok(storage_writer_add(w, &v, now - (time_t)(i % 150) * DAY));
        if (i % 5 == 0) /* seen again some days later */
            assert_ok(storage_writer_add(w, &v, now - (time_t)(i % 150) * DAY + 3 * DAY));
        vacancy_free(&v);
    }
    assert_ok(storage_writer_free(w));

    /* the region rollups at each level (SOC 4, 2 and 0 summed over sources,
     * and by source) against the LAD rollup, over a range read by months and
     * one read by weeks (with --per all) */
    const unsigned socs[] = {STORAGE_BY_SOC4, STORAGE_BY_SOC2, 0,
                             STORAGE_BY_SOC2 | STORAGE_BY_SOURCE};
    const int spans[] = {140, 40};
    for (size_t p = 0; p < sizeof(pers) / sizeof(pers[0]) * 2; p++)
        for (size_t k = 0; k < 3; k++)
            for (size_t l = 0; l < sizeof(socs) / sizeof(socs[0]); l++) {
                storage_counts_query region = {0}, lad = {0};
                region.since = lad.since = now - spans[p % 2] * DAY;
                region.per = lad.per = pers[p / 2];
                region.by = socs[l] | STORAGE_BY_REGION;
                lad.by = socs[l] | STORAGE_BY_LAD;
                long a = testdb_count(s, &region, measures[k]);
                long b = testdb_count(s, &lad, measures[k]);
                assert_true(a > 0 || k == 1);
                assert_int_equal(a, b);
            }
    storage_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_idempotent),
        cmocka_unit_test(test_idempotent_and_versions),
        cmocka_unit_test(test_duplicates_count_once),
        cmocka_unit_test(test_bands_by_month),
        cmocka_unit_test(test_boilerplate_not_duplicates),
        cmocka_unit_test(test_bad_rows_rejected),
        cmocka_unit_test(test_gone_and_recode),
        cmocka_unit_test(test_raw_pages),
        cmocka_unit_test(test_reference_and_pathways),
        cmocka_unit_test(test_rollups_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
