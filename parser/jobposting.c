/* jobposting.c - a schema.org JobPosting, as JSON, into the vacancy record.
 *
 * JSON-LD blocks and microdata (converted to the same JSON shape) both come
 * through here, so the two sources agree on every field. Values may be
 * strings, numbers, objects with a name or value, or arrays of those. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define JOBPOSTING_LOCATION_PARTS 4

const char *jobposting_text(json_t *v)
{
    for (int hops = 0; hops < 4 && v; hops++) {
        if (json_is_string(v))
            return json_string_value(v);
        if (json_is_array(v))
            v = json_array_get(v, 0);
        else if (json_is_object(v))
            v = json_object_get(v, "name") ? json_object_get(v, "name")
                                           : json_object_get(v, "value");
        else
            return NULL;
    }
    return NULL;
}

/* Store text with entities decoded and blanks squeezed; empty means absent. */
static int set_clean(char **field, const char *s)
{
    if (!s)
        return 0;
    common_buf b = COMMON_BUF_INIT;
    int rc = text_decode_entities(&b, s, strlen(s));
    if (!rc) {
        text_squeeze(b.data);
        rc = vacancy_set(field, *b.data ? b.data : NULL);
    }
    common_buf_free(&b);
    return rc;
}

static double number(json_t *v)
{
    if (json_is_number(v))
        return json_number_value(v);
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        double d = strtod(s, &end);
        while (isspace((unsigned char)*end))
            end++;
        return end != s && !*end ? d : NAN; /* "25000-30000" is text, not 25000 */
    }
    return NAN;
}

static vacancy_pay_period period_of(const char *unit)
{
    static const struct {
        const char *name;
        vacancy_pay_period p;
    } units[] = {{"HOUR", VACANCY_PERIOD_HOUR}, {"DAY", VACANCY_PERIOD_DAY},
                 {"WEEK", VACANCY_PERIOD_WEEK}, {"MONTH", VACANCY_PERIOD_MONTH},
                 {"YEAR", VACANCY_PERIOD_YEAR}, {"ANNUM", VACANCY_PERIOD_YEAR},
                 {"ANNUAL", VACANCY_PERIOD_YEAR}};
    /* "YEAR" is the schema's word; sites also write "per hour", "Hourly", "PER_YEAR". */
    for (size_t i = 0; unit && i < sizeof(units) / sizeof(units[0]); i++)
        if (text_find(unit, strlen(unit), units[i].name))
            return units[i].p;
    return VACANCY_PERIOD_UNKNOWN;
}

/* Pay text inside JSON-LD may still hold entities: "&pound;12.50ph". */
static int pay_text(const parser *p, const char *text, vacancy_pay *pay)
{
    common_buf b = COMMON_BUF_INIT;
    int rc = text_decode_entities(&b, text, strlen(text));
    if (!rc)
        rc = parser_pay_text(p, b.data, pay);
    common_buf_free(&b);
    return rc == COMMON_ENOTFOUND ? 0 : rc;
}

/* baseSalary only: estimatedSalary is a site's guess, not advertised pay. */
static int fill_pay(const parser *p, json_t *job, vacancy *out)
{
    json_t *sal = json_object_get(job, "baseSalary");
    if (json_is_array(sal))
        sal = json_array_get(sal, 0);
    if (!sal)
        return 0;
    if (json_is_string(sal))
        return pay_text(p, json_string_value(sal), &out->pay);
    vacancy_pay *pay = &out->pay;
    json_t *val = json_is_object(sal) ? json_object_get(sal, "value") : sal;
    const char *cur = jobposting_text(json_object_get(sal, "currency"));
    if (!cur)
        cur = jobposting_text(json_object_get(job, "salaryCurrency"));
    const char *unit = jobposting_text(json_object_get(sal, "unitText"));
    if (json_is_object(val)) {
        pay->min = number(json_object_get(val, "minValue"));
        pay->max = number(json_object_get(val, "maxValue"));
        json_t *value = json_object_get(val, "value");
        double v = number(value);
        if (isnan(pay->min) && isnan(pay->max) && isnan(v) && json_is_string(value))
            return pay_text(p, json_string_value(value), pay); /* "25000-30000" */
        if (isnan(pay->min))
            pay->min = v;
        if (isnan(pay->max))
            pay->max = v;
        if (json_object_get(val, "unitText"))
            unit = jobposting_text(json_object_get(val, "unitText"));
    } else if (json_is_string(val) && isnan(number(val))) {
        return pay_text(p, json_string_value(val), pay);
    } else {
        pay->min = pay->max = number(val);
    }
    if (isnan(pay->min) && isnan(pay->max))
        return 0;
    if (cur && strlen(cur) == 3)
        memcpy(pay->currency, cur, 4);
    pay->period = period_of(unit);
    pay_finish(pay);
    return 0;
}

/* jobLocation: a Place with a PostalAddress, a string, or an array of them. */
static int fill_location(const parser *p, json_t *job, vacancy *out)
{
    json_t *locs = json_object_get(job, "jobLocation");
    json_t *place = json_is_array(locs) ? json_array_get(locs, 0) : locs;
    json_t *addr = json_is_object(place) ? json_object_get(place, "address") : place;
    if (json_is_array(addr))
        addr = json_array_get(addr, 0);
    common_buf raw = COMMON_BUF_INIT;
    int rc = 0;
    if (json_is_string(addr)) {
        rc = common_buf_puts(&raw, json_string_value(addr));
    } else if (json_is_object(addr)) {
        static const char *const parts[JOBPOSTING_LOCATION_PARTS] = {
            "addressLocality", "addressRegion", "postalCode", "streetAddress"};
        /* The street is only a last resort: it rarely names a town. */
        for (int i = 0; i < JOBPOSTING_LOCATION_PARTS && !rc; i++) {
            const char *s = jobposting_text(json_object_get(addr, parts[i]));
            if (s && *s && (i < 3 || !raw.len))
                rc = common_buf_printf(&raw, "%s%s", raw.len ? ", " : "", s);
        }
    }
    const char *type = jobposting_text(json_object_get(job, "jobLocationType"));
    if (!rc && raw.len) {
        common_buf dec = COMMON_BUF_INIT;
        rc = text_decode_entities(&dec, raw.data, raw.len);
        if (!rc)
            rc = parser_location_text(p, dec.data, &out->location);
        if (rc == COMMON_ENOTFOUND)
            rc = 0;
        common_buf_free(&dec);
    }
    if (!rc && (raw.len || type)) {
        if (type && !strcasecmp(type, "TELECOMMUTE"))
            out->location.flags |= VACANCY_LOC_REMOTE;
        if (json_array_size(locs) > 1)
            out->location.flags |= VACANCY_LOC_MULTIPLE;
        out->from.location = out->from.title;
    }
    common_buf_free(&raw);
    return rc;
}

static int fill_employment_type(json_t *job, vacancy *out)
{
    json_t *t = json_object_get(job, "employmentType");
    common_buf b = COMMON_BUF_INIT;
    int rc = 0;
    if (json_is_string(t)) {
        rc = common_buf_puts(&b, json_string_value(t));
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v)
            if (json_is_string(v) && !rc)
                rc = common_buf_printf(&b, "%s%s", b.len ? ", " : "", json_string_value(v));
    }
    if (!rc && b.len) {
        rc = set_clean(&out->employment_type, b.data);
        fields_employment_type(out->employment_type, out);
        out->from.terms = out->from.title;
    }
    common_buf_free(&b);
    return rc;
}

static int fill_dates(json_t *job, vacancy *out)
{
    const char *posted = jobposting_text(json_object_get(job, "datePosted"));
    const char *closes = jobposting_text(json_object_get(job, "validThrough"));
    if (posted && parser_date_text(posted, &out->date_posted) == COMMON_ENOMEM)
        return COMMON_ENOMEM;
    if (closes && parser_date_text(closes, &out->closing_date) == COMMON_ENOMEM)
        return COMMON_ENOMEM;
    if (out->date_posted.year || out->closing_date.year)
        out->from.dates = out->from.title;
    return 0;
}

static int fill_description(json_t *job, vacancy *out)
{
    const char *d = jobposting_text(json_object_get(job, "description"));
    if (!d)
        return 0;
    common_buf b = COMMON_BUF_INIT;
    /* Some sites escape the HTML twice: "&lt;p&gt;". Decode once first. */
    int rc = strstr(d, "&lt;") ? text_decode_entities(&b, d, strlen(d)) : 0;
    common_buf text = COMMON_BUF_INIT;
    if (!rc)
        rc = b.len ? text_from_html(&text, b.data, b.len) : text_from_html(&text, d, strlen(d));
    if (!rc && text.len) {
        rc = vacancy_set(&out->description, text.data);
        out->from.description = out->from.title;
    }
    common_buf_free(&b);
    common_buf_free(&text);
    return rc;
}

const char *jobposting_id_text(json_t *id)
{
    if (json_is_array(id))
        id = json_array_get(id, 0);
    if (json_is_object(id))
        id = json_object_get(id, "value") ? json_object_get(id, "value") : json_object_get(id, "name");
    if (json_is_integer(id)) {
        static _Thread_local char num[32];
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(id));
        return num;
    }
    return json_string_value(id);
}

int jobposting_fill(const parser *p, json_t *job, vacancy_origin from, vacancy *out)
{
    const char *title = jobposting_text(json_object_get(job, "title"));
    if (!title)
        title = jobposting_text(json_object_get(job, "name"));
    int rc = set_clean(&out->title, title);
    out->from.title = from;
    const char *org = jobposting_text(json_object_get(job, "hiringOrganization"));
    if (!rc && org && !(rc = set_clean(&out->employer, org)))
        out->from.employer = from;
    if (!rc)
        rc = set_clean(&out->industry, jobposting_text(json_object_get(job, "industry")));
    if (!rc && !out->site_id)
        rc = set_clean(&out->site_id, jobposting_id_text(json_object_get(job, "identifier")));
    if (!rc && !out->canonical_url)
        rc = vacancy_set(&out->canonical_url, json_string_value(json_object_get(job, "url")));
    if (!rc)
        rc = fill_description(job, out);
    if (!rc)
        rc = fill_employment_type(job, out);
    if (!rc)
        rc = fill_dates(job, out);
    if (!rc) {
        rc = fill_pay(p, job, out);
        if (!rc && (!isnan(out->pay.min) || !isnan(out->pay.max) || out->pay.flags))
            out->from.pay = from;
    }
    if (!rc)
        rc = fill_location(p, job, out);
    return rc;
}
