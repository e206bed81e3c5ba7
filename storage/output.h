/* output.h - private: print a query result as a table, CSV or JSON. */
#ifndef VH_STORAGE_OUTPUT_H
#define VH_STORAGE_OUTPUT_H

#include <libpq-fe.h>

#include "storage.h"

/* show[i] false hides column i (show may be NULL: all columns). */
int output_result(const PGresult *r, const bool *show, storage_format fmt, FILE *out);

#endif
