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

#define MAX_COLUMNS 64 /* of a counts CSV row read back */

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

char *testdb_counts_csv(storage *s, const storage_counts_query *q)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    if (storage_counts(s, q, STORAGE_FORMAT_CSV, f) < 0) {
        fprintf(stderr, "testdb: %s\n", common_last_error());
        fclose(f);
        free(text);
        return NULL;
    }
    fclose(f);
    return text;
}

/* The index of `name` in the CSV header line `line` (consumed), or -1. */
static int column_of(char *line, const char *name)
{
    int i = 0;
    for (char *t = strsep(&line, ","); t; t = strsep(&line, ","), i++)
        if (!strcmp(t, name))
            return i;
    return -1;
}

long testdb_sum(const char *csv, const char *column, const char *period)
{
    char *text = strdup(csv), *line, *save = NULL;
    long total = 0;
    int col = -1, at = -1;
    if (!text)
        return -1;
    /* no commas inside the values read here: codes, dates and numbers */
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *fields[MAX_COLUMNS], *rest = line;
        int n = 0;
        if (col < 0) {
            char *header = strdup(line);
            col = header ? column_of(header, column) : -1;
            free(header);
            at = column_of(line, "period");
            if (col < 0)
                break;
            continue;
        }
        for (char *t = strsep(&rest, ","); t && n < MAX_COLUMNS; t = strsep(&rest, ","))
            fields[n++] = t;
        if (col < n && (!period || (at >= 0 && at < n && !strcmp(fields[at], period))) &&
            fields[col][0] >= '0' && fields[col][0] <= '9')
            total += atol(fields[col]);
    }
    free(text);
    return col < 0 ? -1 : total;
}

long testdb_count(storage *s, const storage_counts_query *q, const char *column)
{
    char *csv = testdb_counts_csv(s, q);
    long total = csv ? testdb_sum(csv, column, NULL) : -1;
    free(csv);
    return total;
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
