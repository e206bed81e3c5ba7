/* output.h - private: print a query result as a table, CSV or JSON. */
#ifndef VH_STORAGE_OUTPUT_H
#define VH_STORAGE_OUTPUT_H

#include <libpq-fe.h>

#include "storage.h"

/* Rows of text cells (NULL: SQL NULL), row-major, with the column names
 * and types of the result `res` they came from. */
typedef struct {
    const PGresult *res;
    int nrows, ncols;
    const char **cells;
} output_table;

/* show[i] false hides column i (show may be NULL: all columns). */
int output_table_print(const output_table *t, const bool *show, storage_format fmt, FILE *out);

/* A query result as it stands. */
int output_result(const PGresult *r, const bool *show, storage_format fmt, FILE *out);

#endif
