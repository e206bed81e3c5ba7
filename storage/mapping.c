/* mapping.c - course -> occupation mappings: official tables imported
 * from CSV, and the `derived` ones the coder gives for apprenticeship
 * standards (the coding itself is in derive.c, which needs the coder). */
#include "db.h"
#include "reference.h"

#include <stdlib.h>
#include <string.h>

int storage_load_mapping(storage *s, const char *kind, const char *csv_path,
                         const char *origin, size_t *rows)
{
    const char *p[2] = {kind, origin ? origin : csv_path};
    PGresult *r = NULL;
    int rc;

    *rows = 0;
    if (strcmp(kind, "subject") && strcmp(kind, "standard"))
        return common_error(COMMON_EINVAL, "mapping kind '%s': expected subject or standard", kind);
    if ((rc = db_begin(s)) < 0)
        return rc;
    if ((rc = ref_stage_csv(s, csv_path)) < 0 ||
        (rc = db_query(s, csv_path, storage_sql_map_check, 1, p, &r)) < 0)
        goto fail;
    for (int i = 0; i < PQntuples(r); i++)
        if (!PQgetisnull(r, i, 1))
            fprintf(stderr, "%s:%s: skipped: %s\n", csv_path, PQgetvalue(r, i, 0),
                    PQgetvalue(r, i, 1));
    PQclear(r);
    r = NULL;
    if ((rc = db_query(s, csv_path, storage_sql_map_clear, 2, p, NULL)) < 0 ||
        (rc = db_query(s, csv_path, storage_sql_map_official, 2, p, &r)) < 0)
        goto fail;
    *rows = strtoul(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return db_commit(s);
fail:
    PQclear(r);
    db_rollback(s);
    return rc;
}

int storage_standards_each(storage *s, storage_standard_fn fn, void *arg)
{
    PGresult *r = NULL;
    int rc = db_query(s, "standards", storage_sql_standards_list, 0, NULL, &r);
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        storage_standard st = {PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
                               PQgetvalue(r, i, 3), PQgetvalue(r, i, 4)};
        rc = fn(arg, &st);
    }
    PQclear(r);
    return rc;
}

int storage_set_derived(storage *s, const char *lars_code, const storage_derived_soc *socs,
                        size_t n, const char *coder_version)
{
    const char *p[6];
    char share[32], conf[16];
    int rc;

    if ((rc = db_begin(s)) < 0)
        return rc;
    p[0] = lars_code;
    if ((rc = db_query(s, lars_code, storage_sql_derived_delete, 1, p, NULL)) < 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        snprintf(share, sizeof(share), "%.4f", socs[i].share);
        snprintf(conf, sizeof(conf), "%d", socs[i].confidence);
        p[1] = socs[i].soc2020;
        p[2] = coder_version ? coder_version : "unknown";
        p[3] = share;
        p[4] = conf;
        p[5] = socs[i].evidence;
        if ((rc = db_query(s, lars_code, storage_sql_derived_insert, 6, p, NULL)) < 0)
            goto fail;
    }
    return db_commit(s);
fail:
    db_rollback(s);
    return rc;
}
