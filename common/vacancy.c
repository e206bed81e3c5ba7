/* vacancy.c - lifetime and naming of the shared vacancy record. */
#include "vacancy.h"
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vacancy_init(vacancy *v)
{
    memset(v, 0, sizeof(*v));
    v->pay.min = v->pay.max = NAN;
    v->pay.annual_min = v->pay.annual_max = NAN;
    v->date_posted.hour = v->date_posted.minute = -1;
    v->closing_date.hour = v->closing_date.minute = -1;
}

void vacancy_free(vacancy *v)
{
    char **strings[] = {
        &v->url, &v->canonical_url, &v->source, &v->site_id, &v->title,
        &v->employer, &v->description, &v->industry, &v->employment_type,
        &v->pay.scale, &v->pay.raw, &v->location.raw, &v->location.postcode,
        &v->location.lad_code, &v->location.lad_name, &v->location.region_code,
        &v->location.region_name, &v->location.itl_code, &v->location.country,
        &v->code.index_version, &v->code.model_version,
    };
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        free(*strings[i]);
    vacancy_init(v);
}

int vacancy_setn(char **field, const char *s, size_t n)
{
    char *copy = NULL;
    if (s && !(copy = common_strndup(s, n)))
        return COMMON_ENOMEM;
    free(*field);
    *field = copy;
    return 0;
}

int vacancy_set(char **field, const char *s)
{
    return vacancy_setn(field, s, s ? strlen(s) : 0);
}

const char *vacancy_origin_name(vacancy_origin o)
{
    static const char *names[] = {"none", "json-ld", "microdata", "html", "feed", "api"};
    return (unsigned)o < sizeof(names) / sizeof(names[0]) ? names[o] : "none";
}

const char *vacancy_period_name(vacancy_pay_period p)
{
    static const char *names[] = {"unknown", "hour", "day", "week", "month", "year"};
    return (unsigned)p < sizeof(names) / sizeof(names[0]) ? names[p] : "unknown";
}

const char *vacancy_hours_name(vacancy_hours h)
{
    static const char *names[] = {"unknown", "full-time", "part-time"};
    return (unsigned)h < sizeof(names) / sizeof(names[0]) ? names[h] : "unknown";
}

const char *vacancy_contract_name(vacancy_contract c)
{
    static const char *names[] = {"unknown", "permanent", "temporary", "fixed-term"};
    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}

void vacancy_date_format(const vacancy_date *d, char out[VACANCY_DATE_MAX])
{
    if (d->year <= 0) {
        out[0] = '\0';
        return;
    }
    if (d->hour >= 0)
        snprintf(out, VACANCY_DATE_MAX, "%04d-%02d-%02dT%02d:%02d", d->year, d->month,
                 d->day, d->hour, d->minute < 0 ? 0 : d->minute);
    else
        snprintf(out, VACANCY_DATE_MAX, "%04d-%02d-%02d", d->year, d->month, d->day);
}
