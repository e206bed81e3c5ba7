/* test_storage_outage.c - stop PostgreSQL in the middle of an ingest and
 * start it again: the writer holds its rows, retries with backoff, and
 * every vacancy arrives exactly once. Needs the private cluster
 * scripts/test starts (VH_PG_BIN, VH_PG_DIR); skipped otherwise. Runs
 * alone (RUN_SERIAL): it takes the server away from everyone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testdb.h"

#define BEFORE 3000       /* vacancies written before the stop */
#define DURING 3000       /* written while the server is away and after */
#define BATCH 500
#define DOWN_SECONDS "2"  /* how long the server stays down */

/* As root the server runs as postgres (scripts/lib.sh vh_pg_as). */
#define AS_PG "if [ \"$(id -u)\" -eq 0 ]; then set -- runuser -u postgres --; else set --; fi; "
#define PG_STOP AS_PG "\"$@\" \"$VH_PG_BIN/pg_ctl\" -D \"$VH_PG_DIR/data\" -m fast -w stop >/dev/null"
#define PG_START AS_PG "\"$@\" \"$VH_PG_BIN/pg_ctl\" -D \"$VH_PG_DIR/data\" -w " \
    "-l \"$VH_PG_DIR/server.log\" -o \"-c listen_addresses='' " \
    "-c unix_socket_directories='$VH_PG_DIR'\" start >/dev/null"
#define PG_STATUS AS_PG "\"$@\" \"$VH_PG_BIN/pg_ctl\" -D \"$VH_PG_DIR/data\" status >/dev/null"

static void make(vacancy *v, int i)
{
    char id[32], title[64];
    snprintf(id, sizeof(id), "job-%d", i);
    snprintf(title, sizeof(title), "Warehouse operative %d", i);
    testdb_vacancy(v, "boardA", id, title, "Depot Ltd", "E08000025", "9252");
}

static int add(storage_writer *w, int i)
{
    vacancy v;
    int rc;
    make(&v, i);
    rc = storage_writer_add(w, &v, 0);
    vacancy_free(&v);
    return rc;
}

static int restart_server(void **state)
{
    (void)state;
    /* whatever happened, leave the server running for the other tests */
    if (getenv("VH_PG_DIR") && system(PG_STATUS) != 0 && system(PG_START) != 0)
        fprintf(stderr, "outage test: could not restart PostgreSQL\n");
    return 0;
}

static void test_outage_loses_nothing(void **state)
{
    storage *s = NULL;
    storage_writer *w = NULL;
    storage_writer_options o = {0};
    storage_writer_stats st;
    storage_totals t;
    storage_counts_query q = {0};
    size_t held = 0;
    pid_t child;
    int status;
    (void)state;

    if (!testdb_available() || !getenv("VH_PG_BIN") || !getenv("VH_PG_DIR"))
        skip();
    assert_ok(testdb_open(&s, "vh_test_outage"));
    o.batch_rows = BATCH;
    o.retry_ms = 60000;
    assert_ok(storage_writer_new(&w, s, &o));
    for (int i = 0; i < BEFORE; i++)
        assert_ok(add(w, i));
    assert_ok(storage_writer_flush(w));

    assert_int_equal(system(PG_STOP), 0);
    child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(system("sleep " DOWN_SECONDS "; " PG_START) == 0 ? 0 : 1);

    for (int i = BEFORE; i < BEFORE + DURING; i++) {
        assert_ok(add(w, i));
        storage_writer_stats_get(w, &st);
        if (st.pending > held)
            held = st.pending;
    }
    assert_ok(storage_writer_free(w));
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* rows were held while the server was away (more than one batch) */
    assert_true(held > BATCH);

    /* the writer's connection was reset; a fresh handle reads the result */
    storage_close(s);
    assert_ok(storage_open(&s, storage_conninfo(NULL), "vh_test_outage"));
    assert_ok(storage_totals_get(s, &t));
    assert_int_equal(t.adverts, BEFORE + DURING);
    assert_int_equal(t.versions, BEFORE + DURING);
    q.since = time(NULL) - 86400;
    assert_int_equal(testdb_count(s, &q, "new"), BEFORE + DURING);
    storage_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_outage_loses_nothing, restart_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
