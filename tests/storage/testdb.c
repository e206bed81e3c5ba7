/* testdb.c - see testdb.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testdb.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int testdb_available(void)
{
    const char *url = getenv(STORAGE_URL_ENV);
    return url && *url;
}

int testdb_open(storage **out, const char *schema)
{
    int rc;
    *out = NULL;
    if ((rc = storage_open(out, storage_conninfo(NULL), schema)) < 0 ||
        (rc = storage_reset_schema(*out)) < 0 ||
        (rc = storage_migrate(*out, NULL)) < 0) {
        fprintf(stderr, "testdb: %s\n", common_last_error());
        storage_close(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

long testdb_count(storage *s, const storage_counts_query *q, const char *column)
{
    char *text = NULL, *line, *save = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    long total = 0;
    int col = -1;
    if (!f)
        return -1;
    if (storage_counts(s, q, STORAGE_FORMAT_CSV, f) < 0) {
        fprintf(stderr, "testdb: %s\n", common_last_error());
        fclose(f);
        free(text);
        return -1;
    }
    fclose(f);
    /* no commas inside the values counted here: codes and numbers */
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int i = 0;
        char *rest = line;
        for (char *t = strsep(&rest, ","); t; t = strsep(&rest, ","), i++) {
            if (col < 0 && !strcmp(t, column))
                col = i;
            else if (col >= 0 && i == col && t[0] >= '0' && t[0] <= '9')
                total += atol(t);
        }
    }
    free(text);
    return col < 0 ? -1 : total;
}

long testdb_sql_long(const char *schema, const char *sql)
{
    PGconn *c = PQconnectdb(storage_conninfo(NULL));
    const char *p[1] = {schema};
    PGresult *r = NULL;
    long v = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PQclear(PQexecParams(c, "SELECT set_config('search_path', $1, false)", 1, NULL, p,
                             NULL, NULL, 0));
        r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
            v = atol(PQgetvalue(r, 0, 0));
        else
            fprintf(stderr, "testdb: %s", PQerrorMessage(c));
    }
    PQclear(r);
    PQfinish(c);
    return v;
}

void testdb_vacancy(vacancy *v, const char *source, const char *id, const char *title,
                    const char *employer, const char *lad, const char *soc)
{
    vacancy_init(v);
    vacancy_set(&v->source, source);
    vacancy_set(&v->site_id, id);
    vacancy_set(&v->title, title);
    vacancy_set(&v->employer, employer);
    vacancy_set(&v->location.lad_code, lad);
    vacancy_set(&v->location.region_code, "E12000007");
    vacancy_set(&v->description,
                "We are looking for a caring and reliable person to join our friendly team. "
                "You will support residents with daily living, work shifts including weekends, "
                "keep accurate records and help plan activities. Training is provided and a "
                "driving licence is useful but not essential for this role.");
    v->pay.annual_min = 24000;
    v->pay.annual_max = 26000;
    if (soc) {
        snprintf(v->code.soc2020, sizeof(v->code.soc2020), "%s", soc);
        v->code.confidence = 80;
        v->code.method = "exact";
    }
}
