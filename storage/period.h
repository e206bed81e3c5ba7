/* period.h - private: UTC days, and the days, weeks (Monday to Sunday) and
 * calendar months counts are given per. Times are day starts (UTC). */
#ifndef VH_STORAGE_PERIOD_H
#define VH_STORAGE_PERIOD_H

#include <stdbool.h>
#include <time.h>

#include "storage.h"

#define PERIOD_DAY_SECONDS 86400
#define PERIOD_WEEK_DAYS 7
#define PERIOD_TEXT 16 /* "YYYY-MM-DD" and its NUL, with room */

void period_day_text(time_t t, char out[PERIOD_TEXT]);
/* "YYYY-MM-DD" as the start of that day; false if it is not such a date. */
bool period_parse(const char *text, time_t *out);
time_t period_day_start(time_t t);
/* The first day of t's month, moved by `add` months. */
time_t period_month_start(time_t t, int add);
int period_weekday(time_t t); /* 0 Sunday .. 6 Saturday */
/* The first day of the period holding t, of the next period, and the last
 * day of the period starting at p. */
time_t period_start(time_t t, storage_per per);
time_t period_next(time_t p, storage_per per);
time_t period_last_day(time_t p, storage_per per);

#endif
