/* counts.c - new / live / closed counts from the rollup (sql/queries/counts.sql). */
#include "db.h"
#include "output.h"
#include "period.h"
#include "series.h"

#include <string.h>

static const struct {
    const char *name;
    unsigned flag;
} dims[] = {
    {"soc1", STORAGE_BY_SOC1}, {"soc2", STORAGE_BY_SOC2}, {"soc3", STORAGE_BY_SOC3},
    {"soc4", STORAGE_BY_SOC4}, {"lad", STORAGE_BY_LAD},   {"region", STORAGE_BY_REGION},
    {"itl", STORAGE_BY_ITL},   {"source", STORAGE_BY_SOURCE},
};
#define NDIMS (sizeof(dims) / sizeof(dims[0]))
#define BY_ANY_SOC (STORAGE_BY_SOC1 | STORAGE_BY_SOC2 | STORAGE_BY_SOC3 | STORAGE_BY_SOC4)
#define BY_LIST_MAX 256

int storage_by_parse(const char *list, unsigned *out)
{
    char buf[BY_LIST_MAX], *save = NULL;
    *out = 0;
    if (strlen(list) >= sizeof(buf))
        return common_error(COMMON_EINVAL, "--by list too long");
    strcpy(buf, list);
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < NDIMS && strcmp(t, dims[i].name); i++)
            ;
        if (i == NDIMS)
            return common_error(COMMON_EINVAL,
                                "--by '%s': expected soc1, soc2, soc3, soc4, lad, region, itl or source", t);
        *out |= dims[i].flag;
    }
    return 0;
}

/* The measures q asks for: all of them when it names none. */
static unsigned measures(const storage_counts_query *q)
{
    return q->measures ? q->measures : ~0u;
}

/* Which result columns to print, by name. */
static bool wanted(const char *col, const storage_counts_query *q)
{
    unsigned m = measures(q);
    for (size_t i = 0; i < NDIMS; i++)
        if (!strcmp(col, dims[i].name))
            return q->by & dims[i].flag;
    if (!strcmp(col, "period") || !strcmp(col, "period_end"))
        return q->per != STORAGE_PER_ALL;
    if (!strcmp(col, "soc_title"))
        return q->by & BY_ANY_SOC;
    if (!strcmp(col, "lad_name"))
        return q->by & STORAGE_BY_LAD;
    if (!strcmp(col, "region_name"))
        return q->by & STORAGE_BY_REGION;
    if (!strcmp(col, "new"))
        return m & STORAGE_MEASURE_NEW;
    if (!strcmp(col, "live"))
        return m & STORAGE_MEASURE_LIVE;
    if (!strcmp(col, "closed"))
        return m & STORAGE_MEASURE_CLOSED;
    return true;
}

/* Region and nation codes (E12..., and E92 / N92 / S92 / W92): an area
 * filter the region rollup can answer. */
static bool region_code(const char *area)
{
    return !strncmp(area, "E12", 3) || (strlen(area) > 3 && !strncmp(area + 1, "92", 2));
}

/* Whether the smaller rollup without LAD and ITL can answer q. */
static bool coarse(const storage_counts_query *q)
{
    return !(q->by & (STORAGE_BY_LAD | STORAGE_BY_ITL)) && (!q->area || !*q->area ||
                                                             region_code(q->area));
}

/* The level of the region rollups that answers q: SOC unit groups when
 * asked by 3 or 4 digits (or filtered on more than 2), 2-digit sums when
 * asked by 1 or 2 digits, else the sums over all SOC (0005_live_deltas);
 * each summed over sources (+ ALL_SOURCES) unless asked by source
 * (0006_region_weeks_all_sources). */
#define ALL_SOURCES 10

static int soc_level(const storage_counts_query *q)
{
    size_t filter = q->soc ? strlen(q->soc) : 0;
    int all = q->by & STORAGE_BY_SOURCE ? 0 : ALL_SOURCES;
    if ((q->by & (STORAGE_BY_SOC3 | STORAGE_BY_SOC4)) || filter > 2)
        return 4 + all;
    if ((q->by & (STORAGE_BY_SOC1 | STORAGE_BY_SOC2)) || filter > 0)
        return 2 + all;
    return all;
}

/* Whole calendar months or weeks inside [since, until] (UTC days), when the
 * monthly or weekly region rollup can serve q's new and closed counts. */
typedef struct {
    const char *unit; /* "month", "week", or NULL: days only */
    /* first day of the first whole period, last day of the last */
    char first[PERIOD_TEXT], last[PERIOD_TEXT];
    /* with months: whole weeks of the partial months at either end,
       [0]..[1] and [2]..[3]; a range is empty when it ends first */
    char edges[4][PERIOD_TEXT];
} periods;

#define MONTHS_OVER_WEEKS 3 /* a whole range spanning this many whole months reads months */

/* [first, end] of the whole months (or weeks) in [since, until], both day
 * starts; the number of them, 0 when none fits. */
static int whole(bool months, time_t since, time_t until, time_t *first, time_t *end)
{
    int n = 0;
    if (months) {
        *first = period_month_start(since, 0) == since ? since : period_month_start(since, 1);
        *end = period_month_start(until + PERIOD_DAY_SECONDS, 0) - PERIOD_DAY_SECONDS;
        for (time_t m = *first; m < *end; m = period_month_start(m, 1))
            n++;
        return n;
    }
    *first = period_start(since + (PERIOD_WEEK_DAYS - 1) * PERIOD_DAY_SECONDS,
                          STORAGE_PER_WEEK); /* Monday */
    *end = until - (time_t)period_weekday(until) * PERIOD_DAY_SECONDS; /* Sunday */
    return *first < *end ? (int)((*end - *first) / PERIOD_DAY_SECONDS + 1) / PERIOD_WEEK_DAYS : 0;
}

/* The whole weeks in [lo, hi] as from..to, or an empty range. */
static void edge_weeks(time_t lo, time_t hi, char from[PERIOD_TEXT], char to[PERIOD_TEXT])
{
    time_t a, b;
    if (whole(false, lo, hi, &a, &b) == 0) {
        a = hi + PERIOD_DAY_SECONDS;
        b = hi;
    }
    period_day_text(a, from);
    period_day_text(b, to);
}

static void whole_periods(const storage_counts_query *q, time_t since, time_t until, periods *p)
{
    time_t first, end;
    bool months = q->per == STORAGE_PER_MONTH;
    since = period_day_start(since);
    until = period_day_start(until);
    p->unit = NULL;
    edge_weeks(since, since - PERIOD_DAY_SECONDS, p->edges[0], p->edges[1]);
    edge_weeks(since, since - PERIOD_DAY_SECONDS, p->edges[2], p->edges[3]);
    if (!coarse(q) || q->per == STORAGE_PER_DAY)
        return;
    if (q->per == STORAGE_PER_ALL)
        months = whole(true, since, until, &first, &end) >= MONTHS_OVER_WEEKS;
    if (whole(months, since, until, &first, &end) == 0)
        return;
    p->unit = months ? "month" : "week";
    period_day_text(first, p->first);
    period_day_text(end, p->last);
    if (months) {
        edge_weeks(since, first - PERIOD_DAY_SECONDS, p->edges[0], p->edges[1]);
        edge_weeks(end + PERIOD_DAY_SECONDS, until, p->edges[2], p->edges[3]);
    }
}

/* A SOC prefix is 1 to 4 digits: counts.sql reads it as a range of codes. */
static bool soc_prefix_ok(const char *soc)
{
    size_t n = strspn(soc, "0123456789");
    return n >= 1 && n <= 4 && !soc[n];
}

int storage_counts(storage *s, const storage_counts_query *q, storage_format fmt, FILE *out)
{
    static const char *pers[] = {"all", "day", "week", "month"};
    char since[PERIOD_TEXT], until[PERIOD_TEXT], level[8];
    const char *p[26];
    bool live, series;
    periods m;
    time_t until_t = q->until ? q->until : time(NULL);
    bool show[32];
    PGresult *r = NULL;
    int rc;

    if (q->soc && *q->soc && !soc_prefix_ok(q->soc))
        return common_error(COMMON_EINVAL, "SOC prefix \"%.16s\": expected 1 to 4 digits", q->soc);
    period_day_text(q->since, since);
    period_day_text(until_t, until);
    p[0] = since;
    p[1] = until;
    p[2] = pers[q->per <= STORAGE_PER_MONTH ? q->per : 0];
    for (size_t i = 0; i < NDIMS; i++)
        p[3 + i] = q->by & dims[i].flag ? "t" : "f";
    p[11] = q->soc && *q->soc ? q->soc : NULL;
    p[12] = q->area && *q->area ? q->area : NULL;
    p[13] = coarse(q) ? "t" : "f";
    whole_periods(q, q->since, until_t, &m);
    p[14] = m.unit ? "t" : "f";
    p[15] = m.unit ? m.first : since;
    p[16] = m.unit ? m.last : since;
    live = measures(q) & STORAGE_MEASURE_LIVE;
    p[17] = live ? "t" : "f";
    snprintf(level, sizeof(level), "%d", soc_level(q));
    p[18] = level;
    p[19] = measures(q) & (STORAGE_MEASURE_NEW | STORAGE_MEASURE_CLOSED) ? "t" : "f";
    p[20] = m.unit ? m.unit : "day";
    for (int i = 0; i < 4; i++)
        p[21 + i] = m.edges[i];
    series = live && q->per != STORAGE_PER_ALL; /* live as a running sum (series.c) */
    p[25] = series ? "t" : "f";
    if ((rc = db_query(s, "counts", storage_sql_counts, 26, p, &r)) < 0)
        return rc;
    for (int j = 0; j < PQnfields(r) && j < 32; j++)
        show[j] = wanted(PQfname(r, j), q);
    rc = series ? series_print(r, q->per, until_t, show, fmt, out)
                : output_result(r, show, fmt, out);
    PQclear(r);
    return rc;
}
