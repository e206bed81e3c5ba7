/* db.c - the connection: open, session setup, and checked calls. Every
 * libpq result is checked here, so the other files see 0 or a COMMON_E*
 * code with a message naming what failed and why. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *storage_conninfo(const char *explicit_url)
{
    const char *env;
    if (explicit_url)
        return explicit_url;
    env = getenv(STORAGE_URL_ENV);
    return env ? env : "";
}

static int db_fail(storage *s, const char *what)
{
    const char *msg = s->conn ? PQerrorMessage(s->conn) : "no connection";
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    return common_error(COMMON_EIO, "storage: %s: %.*s", what, (int)n, msg);
}

int db_connect(storage *s)
{
    int rc;
    if (s->conn) {
        PQreset(s->conn);
    } else {
        s->conn = PQconnectdb(s->conninfo);
        if (!s->conn)
            return common_error(COMMON_ENOMEM, "storage: connect: out of memory");
    }
    if (PQstatus(s->conn) != CONNECTION_OK)
        return db_fail(s, "connect");
    if ((rc = db_exec(s, "session setup", storage_sql_session)) < 0)
        return rc;
    if (s->schema) {
        const char *p[1] = {s->schema};
        if ((rc = db_query(s, "select schema", storage_sql_session_schema, 1, p, NULL)) < 0)
            return rc;
        if ((rc = db_exec(s, "create schema", storage_sql_schema_create)) < 0)
            return rc;
    }
    return 0;
}

int db_lost(const storage *s)
{
    return !s->conn || PQstatus(s->conn) != CONNECTION_OK;
}

int db_data_error(const storage *s)
{
    return !strncmp(s->sqlstate, "22", 2) || !strncmp(s->sqlstate, "23", 2);
}

static int check(storage *s, const char *what, PGresult *r, PGresult **out)
{
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    s->sqlstate[0] = '\0';
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_COPY_IN) {
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        int rc;
        snprintf(s->sqlstate, sizeof(s->sqlstate), "%s", state ? state : "");
        if (r && PQresultErrorMessage(r)[0]) {
            const char *msg = PQresultErrorMessage(r);
            size_t n = strlen(msg);
            while (n > 0 && msg[n - 1] == '\n')
                n--;
            rc = common_error(COMMON_EIO, "storage: %s: %.*s", what, (int)n, msg);
        } else {
            rc = db_fail(s, what);
        }
        PQclear(r);
        return rc;
    }
    if (out)
        *out = r;
    else
        PQclear(r);
    return 0;
}

int db_exec(storage *s, const char *what, const char *sql)
{
    PGresult *r = PQexec(s->conn, sql);
    /* PQexec returns the last statement's result; earlier failures stop
     * the string and surface here too. */
    return check(s, what, r, NULL);
}

int db_query(storage *s, const char *what, const char *sql, int nparams,
             const char *const *params, PGresult **out)
{
    PGresult *r = PQexecParams(s->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    return check(s, what, r, out);
}

int db_send(storage *s, const char *what, const char *sql)
{
    if (!PQsendQuery(s->conn, sql))
        return db_fail(s, what);
    return 0;
}

int db_wait(storage *s, const char *what)
{
    PGresult *r;
    int rc = 0;
    while ((r = PQgetResult(s->conn))) {
        if (rc == 0)
            rc = check(s, what, r, NULL);
        else
            PQclear(r);
    }
    return rc;
}

int db_copy(storage *s, const char *what, const char *sql, const char *data, size_t len)
{
    PGresult *r = PQexec(s->conn, sql);
    int rc;
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
        if ((rc = check(s, what, r, NULL)) < 0)
            return rc;
        return common_error(COMMON_EIO, "storage: %s: server did not start COPY", what);
    }
    PQclear(r);
    if (len > 0 && PQputCopyData(s->conn, data, (int)len) != 1) {
        PQputCopyEnd(s->conn, "client failed");
        while ((r = PQgetResult(s->conn)))
            PQclear(r);
        return db_fail(s, what);
    }
    if (PQputCopyEnd(s->conn, NULL) != 1)
        return db_fail(s, what);
    return db_wait(s, what);
}

int db_begin(storage *s)
{
    return db_exec(s, "begin", storage_sql_begin);
}

int db_commit(storage *s)
{
    return db_exec(s, "commit", storage_sql_commit);
}

void db_rollback(storage *s)
{
    /* After a failure the transaction is aborted; a lost connection makes
     * this a no-op error, which has nothing to add. */
    if (!db_lost(s))
        PQclear(PQexec(s->conn, storage_sql_rollback));
}

int db_copy_text(common_buf *b, const char *s)
{
    int rc = 0;
    if (!s)
        return common_buf_append(b, "\\N", 2);
    /* Copy runs of plain bytes at once; escape the four COPY specials. */
    while (*s && rc == 0) {
        size_t n = strcspn(s, "\\\t\n\r");
        if (n && (rc = common_buf_append(b, s, n)) < 0)
            return rc;
        s += n;
        if (!*s)
            break;
        rc = common_buf_append(b, *s == '\\' ? "\\\\" : *s == '\t' ? "\\t"
                                  : *s == '\n' ? "\\n" : "\\r", 2);
        s++;
    }
    return rc;
}

int db_copy_bytea(common_buf *b, const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    int rc;
    if (!p)
        return common_buf_append(b, "\\N", 2);
    /* bytea hex input "\x..."; the backslash is doubled for COPY. */
    if ((rc = common_buf_grow(b, 3 + 2 * n)) < 0)
        return rc;
    common_buf_append(b, "\\\\x", 3);
    for (size_t i = 0; i < n; i++) {
        b->data[b->len++] = hex[p[i] >> 4];
        b->data[b->len++] = hex[p[i] & 15];
    }
    b->data[b->len] = '\0';
    return 0;
}

int storage_open(storage **out, const char *conninfo, const char *schema)
{
    storage *s = common_calloc(1, sizeof(*s));
    int rc;
    *out = NULL;
    if (!s)
        return COMMON_ENOMEM;
    s->conninfo = common_strdup(conninfo ? conninfo : "");
    s->schema = schema ? common_strdup(schema) : NULL;
    if (!s->conninfo || (schema && !s->schema)) {
        storage_close(s);
        return COMMON_ENOMEM;
    }
    if ((rc = db_connect(s)) < 0) {
        storage_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int storage_reset_schema(storage *s)
{
    int rc;
    if (!s->schema)
        return common_error(COMMON_EINVAL, "storage: reset: only a named schema can be reset");
    if ((rc = db_exec(s, "drop schema", storage_sql_schema_drop)) < 0)
        return rc;
    return db_exec(s, "create schema", storage_sql_schema_create);
}

void storage_close(storage *s)
{
    if (!s)
        return;
    if (s->conn)
        PQfinish(s->conn);
    free(s->conninfo);
    free(s->schema);
    free(s);
}
