/* parser.h - job adverts, feeds and sitemaps into vacancy records.
 *
 * A parser holds the reference tables (geography, pay scales) loaded once
 * by parser_open(); it is read-only afterwards, so one parser may serve
 * many threads. Every function returns 0 or a negative COMMON_E* code after
 * common_error() named the input and what is wrong. Hostile input never
 * crashes: every limit below is explicit and exceeding it is an error. */
#ifndef VH_PARSER_H
#define VH_PARSER_H

#include "common/vacancy.h"

#include <stdbool.h>
#include <stddef.h>

#define PARSER_MAX_BODY (4u << 20)     /* page or feed body, bytes (decompressed) */
#define PARSER_MAX_DOM_DEPTH 256       /* element nesting walked in a page */
#define PARSER_MAX_TAG_NESTING 1024    /* open tags counted before the DOM is built */
#define PARSER_MAX_NESTING_WORK 8000000 /* sum of those depths over a page's open tags */
#define PARSER_MAX_JSON_DEPTH 64       /* nesting in one JSON-LD block */
#define PARSER_MAX_JSONLD_BLOCKS 32    /* JSON-LD blocks read from one page */
#define PARSER_MAX_FEED_ITEMS 100000   /* URLs taken from one feed or sitemap */
#define PARSER_MAX_TEXT 4096           /* one pay, location or date string */
#define PARSER_MAX_API_ITEMS 10000     /* JobPostings in one JSON API document */

typedef struct parser parser;

/* Load the geography lookups from DATA_DIR/geography and, when present,
 * the pay-scale table DATA_DIR/pay_scales.csv (format: README.md, "Parsing adverts").
 * data_dir NULL means common_data_dir(NULL). */
int parser_open(parser **out, const char *data_dir);
/* Load (add to) pay-scale amounts from a CSV file in the same format. */
int parser_load_scales(parser *p, const char *path);
void parser_close(parser *p);

/* One advert page: body bytes as fetched, its URL (may be NULL) and the HTTP
 * response headers as "Name: value" strings, NULL-terminated (may be NULL).
 * Fills the advert fields of `out` (an initialised record); returns
 * COMMON_ENOTFOUND when the page holds no advert at all. */
int parser_page(const parser *p, const char *body, size_t len, const char *url,
                const char *const *headers, vacancy *out);

/* What one string means. p may be NULL (no scale or place resolution).
 * The results belong to a record initialised with vacancy_init(); free them
 * with vacancy_free() on that record. */
int parser_pay_text(const parser *p, const char *text, vacancy_pay *out);
int parser_location_text(const parser *p, const char *text, vacancy_location *out);
int parser_date_text(const char *text, vacancy_date *out);

/* ---- feeds and sitemaps ------------------------------------------------ */

typedef enum {
    PARSER_FEED_RSS = 1,
    PARSER_FEED_ATOM,
    PARSER_FEED_SITEMAP,
    PARSER_FEED_SITEMAP_INDEX /* items are further sitemaps */
} parser_feed_kind;

typedef struct {
    char *url;
    char *title;          /* RSS / Atom only, else NULL */
    vacancy_date lastmod; /* lastmod, updated or pubDate; year 0 when absent */
} parser_feed_item;

typedef struct {
    parser_feed_kind kind;
    parser_feed_item *items;
    size_t n;
} parser_feed_list;

/* RSS 2.0, Atom, sitemap or sitemap index, plain or gzip-compressed. */
int parser_feed(const char *body, size_t len, parser_feed_list *out);
void parser_feed_free(parser_feed_list *list);
const char *parser_feed_kind_name(parser_feed_kind kind);

/* ---- JSON API documents of JobPostings --------------------------------- */

typedef struct {
    vacancy *items; /* one record per JobPosting read, in document order */
    size_t n;
    size_t skipped; /* items that were not JobPostings, or had no title or no
                       identifier and no URL to store them under */
    char *next;     /* the next page's link as written (may be relative), or NULL */
} parser_jsonapi_doc;

/* A job board API's JSON document: a top-level array of items, or an
 * object holding the array under "data", "results", "items", "jobs",
 * "vacancies" or "@graph" (or one JobPosting object). Each item is a
 * schema.org JobPosting (read as JSON-LD is, origin VACANCY_FROM_API) or a
 * JSON:API resource {"id", "attributes": {JobPosting fields}}. The next page
 * comes from links.next, next or next_page (a string or {"href"}). `url`
 * names the document in messages (may be NULL). Bad JSON, nesting over
 * PARSER_MAX_JSON_DEPTH or more than PARSER_MAX_API_ITEMS items is an
 * error; a bad item loses only itself (counted in skipped). */
int parser_jsonapi(const parser *p, const char *body, size_t len, const char *url,
                   parser_jsonapi_doc *out);
void parser_jsonapi_free(parser_jsonapi_doc *doc);

/* ---- listing pages of HTML sources ------------------------------------ */

/* Per-source URL patterns: '*' matches any run of characters, the rest is
 * literal; patterns are matched against absolute URLs. */
typedef struct {
    const char *advert; /* adverts, e.g. "https://example.org/job/" then a star */
    const char *next;   /* listing pages; NULL: any link marked as the next page */
} parser_listing_rules;

typedef struct {
    char **adverts; /* absolute URLs, in page order, without duplicates */
    size_t n;
    char *next;     /* the next listing page, or NULL */
} parser_listing;

int parser_listing_page(const char *body, size_t len, const char *url,
                        const parser_listing_rules *rules, parser_listing *out);
void parser_listing_free(parser_listing *l);
/* Does an absolute URL match a pattern of the rules above? (The daemon
 * uses it for sources' include / exclude patterns.) */
bool parser_url_match(const char *pattern, const char *url);

#endif
