/* period.c - UTC days, weeks and months for the counts. */
#include "period.h"

#include <stdio.h>

void period_day_text(time_t t, char out[PERIOD_TEXT])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, PERIOD_TEXT, "%Y-%m-%d", &tm);
}

bool period_parse(const char *text, time_t *out)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 ||
        text[n] || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = timegm(&tm);
    return true;
}

time_t period_day_start(time_t t)
{
    return t - t % PERIOD_DAY_SECONDS;
}

time_t period_month_start(time_t t, int add)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mon += add;
    return timegm(&tm);
}

int period_weekday(time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_wday;
}

time_t period_start(time_t t, storage_per per)
{
    t = period_day_start(t);
    if (per == STORAGE_PER_WEEK)
        return t - (time_t)((period_weekday(t) + 6) % PERIOD_WEEK_DAYS) * PERIOD_DAY_SECONDS;
    if (per == STORAGE_PER_MONTH)
        return period_month_start(t, 0);
    return t;
}

time_t period_next(time_t p, storage_per per)
{
    if (per == STORAGE_PER_WEEK)
        return p + PERIOD_WEEK_DAYS * PERIOD_DAY_SECONDS;
    if (per == STORAGE_PER_MONTH)
        return period_month_start(p, 1);
    return p + PERIOD_DAY_SECONDS;
}

time_t period_last_day(time_t p, storage_per per)
{
    return per == STORAGE_PER_DAY ? p : period_next(p, per) - PERIOD_DAY_SECONDS;
}
