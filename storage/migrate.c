/* migrate.c - apply the numbered migrations in storage/sql/ in order. Each
 * runs in its own transaction with its row in schema_migrations, so a
 * failed one leaves the database at the previous version, and running
 * again applies only what is missing. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int apply_one(storage *s, const storage_sql_migration *m, int *applied)
{
    char version[16];
    const char *p[2] = {version, m->name};
    PGresult *r = NULL;
    int rc, done;

    snprintf(version, sizeof(version), "%d", m->version);
    if ((rc = db_begin(s)) < 0)
        return rc;
    if ((rc = db_query(s, m->name, storage_sql_migrate_lock, 1, p, &r)) < 0)
        goto fail;
    done = !strcmp(PQgetvalue(r, 0, 1), "t");
    PQclear(r);
    if (!done) {
        if ((rc = db_exec(s, m->name, m->sql)) < 0)
            goto fail;
        if ((rc = db_query(s, m->name, storage_sql_migrate_record, 2, p, NULL)) < 0)
            goto fail;
        (*applied)++;
    }
    return db_commit(s);
fail:
    db_rollback(s);
    return rc;
}

int storage_migrate(storage *s, int *applied)
{
    int n = 0, rc;
    if ((rc = db_exec(s, "create schema_migrations", storage_sql_migrate_init)) < 0)
        return rc;
    for (size_t i = 0; i < storage_sql_nmigrations; i++)
        if ((rc = apply_one(s, &storage_sql_migrations[i], &n)) < 0)
            break;
    if (applied)
        *applied = n;
    return rc;
}

int storage_schema_version(storage *s, int *version)
{
    PGresult *r = NULL;
    int rc;
    *version = 0;
    if ((rc = db_exec(s, "create schema_migrations", storage_sql_migrate_init)) < 0)
        return rc;
    if ((rc = db_query(s, "schema version", storage_sql_migrate_version, 0, NULL, &r)) < 0)
        return rc;
    *version = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}
