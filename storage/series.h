/* series.h - private: live counts over a series of periods, as a running
 * sum of counts.sql's changes. */
#ifndef VH_STORAGE_SERIES_H
#define VH_STORAGE_SERIES_H

#include <libpq-fe.h>

#include "storage.h"

/* The largest series printed: a breakdown by LAD and unit group per day
 * over a year could otherwise ask for tens of millions of rows. */
#define SERIES_ROWS_MAX 5000000

/* r: counts.sql's rows for a series ($26), by group (the breakdown's
 * columns), then by period; `live` holds the period's change in live.
 * Prints each group's live summed up to each period from its first up to
 * the one holding `until`, periods without a row of their own carrying it
 * on, in period order, as output_table_print does. */
int series_print(const PGresult *r, storage_per per, time_t until, const bool *show,
                 storage_format fmt, FILE *out);

#endif
