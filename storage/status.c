/* status.c - what the database holds, for `vacancyctl db status`. */
#include "db.h"

#include <stdlib.h>

int storage_totals_get(storage *s, storage_totals *t)
{
    PGresult *r = NULL;
    int rc;
    if ((rc = storage_schema_version(s, &t->schema_version)) < 0)
        return rc;
    if (t->schema_version == 0) {
        t->adverts = t->versions = t->clusters = t->codes = t->pages = t->pages_kept = 0;
        return 0;
    }
    if ((rc = db_query(s, "totals", storage_sql_totals, 0, NULL, &r)) < 0)
        return rc;
    t->adverts = atoll(PQgetvalue(r, 0, 0));
    t->versions = atoll(PQgetvalue(r, 0, 1));
    t->clusters = atoll(PQgetvalue(r, 0, 2));
    t->codes = atoll(PQgetvalue(r, 0, 3));
    t->pages = atoll(PQgetvalue(r, 0, 4));
    t->pages_kept = atoll(PQgetvalue(r, 0, 5));
    PQclear(r);
    return 0;
}
