/* internal.h - private to parser/: the pieces parser.c puts together. */
#ifndef VH_PARSER_INTERNAL_H
#define VH_PARSER_INTERNAL_H

#include "parser.h"
#include "common/common.h"

#include <jansson.h>
#include <gumbo.h>

/* ---- map.c: string -> pointer hash map (open addressing) -------------- */

typedef struct {
    char **keys;
    void **vals;
    size_t cap, n;
} pmap;

/* Insert when absent; returns 1 when inserted, 0 when the key was there
 * (its value is left alone), <0 on error. The key is copied. */
int pmap_add(pmap *m, const char *key, void *val);
/* Replace or insert. */
int pmap_set(pmap *m, const char *key, void *val);
void *pmap_get(const pmap *m, const char *key);
void pmap_free(pmap *m);

/* ---- text.c: small text helpers --------------------------------------- */

/* Decode HTML character references in s[0..n) into b. */
int text_decode_entities(common_buf *b, const char *s, size_t n);
/* Strip tags from an HTML fragment into plain text: block elements become
 * line breaks, entities are decoded, runs of blanks collapse. */
int text_from_html(common_buf *b, const char *s, size_t n);
/* Append the lines of text (modified), squeezed, blank ones dropped. */
int text_append_lines(common_buf *b, char *text);
/* Collapse whitespace runs (including NBSP) to one space and trim. In place. */
void text_squeeze(char *s);
/* Lower-case ASCII key for lookups: letters and digits kept, every other run
 * of characters becomes one space, trimmed; "&" reads "and". */
void text_key(const char *s, char *out, size_t outsz);
/* Case-insensitive search for an ASCII needle in s[0..n). */
const char *text_find(const char *s, size_t n, const char *needle);
bool text_has_word(const char *s, const char *word);

/* ---- charset.c --------------------------------------------------------- */

/* Decode body to UTF-8 from the charset in a Content-Type value (may be
 * NULL), a BOM or a meta tag; out holds NUL-terminated UTF-8. */
int charset_decode(const char *body, size_t len, const char *content_type,
                   common_buf *out);

/* ---- jsonld.c ------------------------------------------------------------ */

/* Parse one JSON-LD block or JSON document leniently (trailing commas,
 * control characters in strings, HTML comments or CDATA around it); depth
 * is checked first. Messages start with `what` ("json-ld", a URL). */
int jsonld_parse(const char *what, const char *s, size_t n, json_t **out);
/* Find the JobPostings in the page's JSON-LD blocks without a DOM; fills out
 * and returns 1 when one was found, 0 when none. */
int jsonld_page(const parser *p, const char *html, size_t n, vacancy *out);
/* The first JobPosting object in a parsed JSON-LD value, or NULL. */
json_t *jsonld_find_jobposting(json_t *root, int depth);

/* ---- jobposting.c: schema.org JobPosting (as JSON) into the record ------- */

int jobposting_fill(const parser *p, json_t *job, vacancy_origin from, vacancy *out);
/* A JSON value as text: strings, numbers, {"name": ...}, first array element. */
const char *jobposting_text(json_t *v);
/* An identifier value as text: a string, an integer, {"value"} or {"name"},
 * the first of an array; NULL when none. Integers use thread-local space
 * valid until the next call. */
const char *jobposting_id_text(json_t *id);

/* ---- microdata.c --------------------------------------------------------- */

/* The first itemscope of type JobPosting in the DOM as JSON (NULL if none). */
int microdata_jobposting(GumboNode *root, json_t **out);

/* ---- html.c: fields from the plain HTML -------------------------------- */

/* Plain text of a node, block elements as line breaks. Depth-limited. */
int html_text(GumboNode *node, common_buf *b);
int html_fill(const parser *p, GumboNode *root, const char *html, size_t n,
              vacancy *out);
/* Refuse pages whose tags nest deeper than PARSER_MAX_TAG_NESTING, or whose
 * depths summed over every open tag pass PARSER_MAX_NESTING_WORK, before
 * gumbo sees them: it spends time in proportion to the depth per element. */
int html_nesting_ok(const char *html, size_t n);
/* Attribute value of an element node, or NULL. */
const char *html_attr(GumboNode *node, const char *name);

/* ---- fields.c: terms shared by every source ----------------------------- */

void fields_employment_type(const char *text, vacancy *out);
int fields_site_id_from_url(const char *url, vacancy *out);

/* ---- pay.c / scale.c --------------------------------------------------- */

typedef struct scale_table scale_table;
int scale_table_load(scale_table **t, const char *path);
void scale_table_free(scale_table *t);

typedef struct {
    char family[16];  /* "teacher", "afc", "civil-service" */
    char lo[12], hi[12]; /* canonical points; hi "" for a single point */
    char label[48];   /* e.g. "M1-U3", "AfC Band 5", "Civil Service EO" */
} scale_ref;

/* Recognise a pay-scale reference in lower-case text; 1 when found. */
int scale_recognise(const char *text, scale_ref *ref);
/* Amounts for a reference: 0 and min / max (NAN when that end is unknown),
 * or COMMON_ENOTFOUND. */
int scale_resolve(const scale_table *t, const scale_ref *ref, double *min, double *max);

/* Annualise and check plausibility of pay->min / max / period. */
void pay_finish(vacancy_pay *pay);

/* ---- geo.c / location.c ----------------------------------------------- */

typedef struct geo geo;
int geo_load(geo **g, const char *data_dir);
void geo_free(geo *g);

typedef struct {
    const char *lad_code, *lad_name, *region_code, *region_name, *itl_code,
        *country;
} geo_area;

/* Resolve a postcode district ("WS10") or a place name. 0 when found. */
int geo_district(const geo *g, const char *district, geo_area *out);
int geo_place(const geo *g, const char *name, geo_area *out, const char **how);
/* The one district a place name may mean inside an area named after it
 * (county, combined authority, region or district). 0 when found. */
int geo_place_within(const geo *g, const char *name, const char *area, geo_area *out);
/* Fill the location's area fields from a resolved area. */
int location_set_area(vacancy_location *loc, const geo_area *a, const char *how);

/* ---- redact.c ---------------------------------------------------------- */

/* Replace e-mail addresses and phone numbers in s with "[email]" and "[phone]". */
int redact_personal(char **s);

/* ---- parser.c ---------------------------------------------------------- */

/* What every record gets last: a site id from its URL (may be NULL) when it
 * has none, e-mail addresses and phone numbers out of the description.
 * COMMON_ENOTFOUND, naming `where`, when it has neither title nor
 * description. */
int parser_record_finish(vacancy *out, const char *url, const char *where);

/* Full DOM parses done by parser_page, counted so a test can show that
 * JSON-LD pages never pay for one. */
extern _Atomic unsigned long parser_dom_parses;

struct parser {
    geo *geo;
    scale_table *scales;
};

#endif
