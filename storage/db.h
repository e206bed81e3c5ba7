/* db.h - private: the libpq connection and the calls every file makes. */
#ifndef VH_STORAGE_DB_H
#define VH_STORAGE_DB_H

#include <libpq-fe.h>

#include "storage.h"
#include "storage_sql.h"

struct storage {
    PGconn *conn;
    char *conninfo;
    char *schema; /* NULL: public */
    char sqlstate[6]; /* of the last failure, "" when none */
};

/* (Re)connect and set the session up (UTC, schema). */
int db_connect(storage *s);
/* True when the connection is gone (server stopped, network). */
int db_lost(const storage *s);
/* True when the last failure was the data's fault (SQLSTATE class 22 or
 * 23): retrying the same rows cannot help, splitting the batch can. */
int db_data_error(const storage *s);

/* Run SQL without parameters (may hold several statements). */
int db_exec(storage *s, const char *what, const char *sql);
/* Run one statement with text parameters; *out (may be NULL) receives a
 * tuples result the caller PQclear()s. */
int db_query(storage *s, const char *what, const char *sql, int nparams,
             const char *const *params, PGresult **out);
/* COPY ... FROM STDIN with `data` (text format) as the whole input. */
int db_copy(storage *s, const char *what, const char *sql, const char *data, size_t len);

/* Send SQL (may hold several statements: one implicit transaction)
 * without waiting; db_wait then reads every result and returns the first
 * failure. */
int db_send(storage *s, const char *what, const char *sql);
int db_wait(storage *s, const char *what);

/* Transactions; db_rollback after any failure inside one. */
int db_begin(storage *s);
int db_commit(storage *s);
void db_rollback(storage *s);

/* Append s to a COPY text-format row, escaped; NULL becomes \N. */
int db_copy_text(common_buf *b, const char *s);
int db_copy_bytea(common_buf *b, const unsigned char *p, size_t n);

#endif
