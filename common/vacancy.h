/* vacancy.h - the one vacancy record shared by every part.
 *
 * Data flows one way: the crawler fills the fetch fields, the parser the
 * advert fields, the coder the occupation code, and storage writes it all.
 * Every string is owned by the record (heap, NUL-terminated UTF-8) or NULL
 * when absent; vacancy_free() releases them all. Numbers that may be absent
 * are NAN (pay) or zero-valued structs (dates: year == 0). */
#ifndef VH_VACANCY_H
#define VH_VACANCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a field's value came from. */
typedef enum {
    VACANCY_FROM_NONE = 0,
    VACANCY_FROM_JSONLD,
    VACANCY_FROM_MICRODATA,
    VACANCY_FROM_HTML,
    VACANCY_FROM_FEED,
    VACANCY_FROM_API
} vacancy_origin;

typedef enum {
    VACANCY_PERIOD_UNKNOWN = 0,
    VACANCY_PERIOD_HOUR,
    VACANCY_PERIOD_DAY,
    VACANCY_PERIOD_WEEK,
    VACANCY_PERIOD_MONTH,
    VACANCY_PERIOD_YEAR
} vacancy_pay_period;

/* Pay flags. */
#define VACANCY_PAY_COMPETITIVE  (1u << 0)
#define VACANCY_PAY_NEGOTIABLE   (1u << 1) /* "DOE", "negotiable" */
#define VACANCY_PAY_PRO_RATA     (1u << 2)
#define VACANCY_PAY_OTE          (1u << 3)
#define VACANCY_PAY_BENEFITS     (1u << 4) /* "plus benefits", "+ bonus" */
#define VACANCY_PAY_IMPLAUSIBLE  (1u << 5) /* amounts seen but not stored */
#define VACANCY_PAY_SCALE        (1u << 6) /* a pay-scale reference */

/* UK conventions used to annualise pay: named, not buried in arithmetic. */
#define VACANCY_HOURS_PER_WEEK  37.5
#define VACANCY_WEEKS_PER_YEAR  52.0
#define VACANCY_DAYS_PER_YEAR   260.0
#define VACANCY_MONTHS_PER_YEAR 12.0

typedef struct {
    double min, max;           /* as advertised, in `period`; NAN if absent */
    char currency[4];          /* ISO 4217, "" when unknown */
    vacancy_pay_period period;
    double annual_min, annual_max; /* annualised; NAN if absent */
    unsigned flags;
    char *scale;               /* pay-scale reference, e.g. "AfC Band 5", "M1-U3" */
    char *raw;                 /* the text it was read from */
} vacancy_pay;

/* Location flags. */
#define VACANCY_LOC_REMOTE   (1u << 0)
#define VACANCY_LOC_HYBRID   (1u << 1)
#define VACANCY_LOC_MULTIPLE (1u << 2)

typedef struct {
    char *raw;          /* as advertised */
    char *postcode;     /* full postcode or district, upper case */
    char *lad_code;     /* local authority district GSS code, e.g. E08000025 */
    char *lad_name;
    char *region_code;  /* E12..., or the nation's code outside England */
    char *region_name;
    char *itl_code;     /* ITL3 */
    char *country;      /* "England", "Scotland", "Wales", "Northern Ireland" */
    unsigned flags;
    const char *resolved_by; /* static string: "postcode", "place", ... or NULL */
} vacancy_location;

typedef struct {
    int16_t year;       /* 0 = absent */
    int8_t month, day;
    int8_t hour, minute; /* -1 when the source gave no time */
} vacancy_date;

typedef enum { VACANCY_HOURS_UNKNOWN = 0, VACANCY_FULL_TIME, VACANCY_PART_TIME } vacancy_hours;
typedef enum {
    VACANCY_CONTRACT_UNKNOWN = 0,
    VACANCY_PERMANENT,
    VACANCY_TEMPORARY,
    VACANCY_FIXED_TERM
} vacancy_contract;

#define VACANCY_SOC_LEN 4
#define VACANCY_ISCO_LEN 4

/* The occupation code the coder gave, with what is needed to trace it. */
typedef struct {
    char soc2020[VACANCY_SOC_LEN + 1]; /* "" when uncoded */
    char soc2010[VACANCY_SOC_LEN + 1];
    char isco08[VACANCY_ISCO_LEN + 1];
    int confidence;      /* 0-100 */
    const char *method;  /* static string: "exact", "fuzzy", "model", "combined" */
    char *index_version; /* e.g. "v12 16042025" */
    char *model_version;
} vacancy_code;

/* Per-field provenance. */
typedef struct {
    vacancy_origin title, employer, description, pay, location, dates, terms;
} vacancy_origins;

typedef struct vacancy {
    /* fetch */
    char *url;
    char *canonical_url;
    char *source;       /* configured source name */
    /* advert */
    char *site_id;      /* the site's own identifier */
    char *title;
    char *employer;
    char *description;  /* plain text, personal data redacted */
    char *industry;     /* context for the coder, when the page says */
    char *employment_type; /* as the site wrote it */
    vacancy_pay pay;
    vacancy_location location;
    vacancy_date date_posted;
    vacancy_date closing_date;
    vacancy_hours hours;
    vacancy_contract contract;
    vacancy_origins from;
    /* coding */
    vacancy_code code;
} vacancy;

void vacancy_init(vacancy *v);
void vacancy_free(vacancy *v);
/* Replace a string field with a copy of s (s may be NULL). */
int vacancy_set(char **field, const char *s);
int vacancy_setn(char **field, const char *s, size_t n);

/* Stable names for enums, used in JSON and SQL. */
const char *vacancy_origin_name(vacancy_origin o);
const char *vacancy_period_name(vacancy_pay_period p);
const char *vacancy_hours_name(vacancy_hours h);
const char *vacancy_contract_name(vacancy_contract c);

/* Format as ISO 8601 ("2023-07-02" or "2023-07-02T22:00"); "" when absent.
 * out must hold VACANCY_DATE_MAX bytes. */
#define VACANCY_DATE_MAX 32
void vacancy_date_format(const vacancy_date *d, char out[VACANCY_DATE_MAX]);

#endif
