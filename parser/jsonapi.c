/* jsonapi.c - a job board API's JSON document of JobPostings into records.
 *
 * APIs publish a page of adverts at a time: an array of items, bare or
 * under one of a few common keys, and a link to the next page. Each item
 * is either a schema.org JobPosting or a JSON:API resource whose
 * attributes are JobPosting fields; both go through jobposting.c, the
 * mapping JSON-LD pages use, so a field means the same wherever it came
 * from. The document is cleaned and depth-checked like a JSON-LD block. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define JSONAPI_NAME "JSON API document"

/* Keys APIs hold their list of adverts under. */
static const char *const list_keys[] = {"data", "results", "items", "jobs", "vacancies",
                                        "@graph"};
/* Keys of the next page's link, in links {...} or at the top level. */
static const char *const next_keys[] = {"next", "next_page", "nextPage"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The items: the root array, an array under a list key, or the root
 * itself when it is one JobPosting. NULL when there is no list. */
static json_t *item_list(json_t *root, json_t **single)
{
    *single = NULL;
    if (json_is_array(root))
        return root;
    for (size_t i = 0; i < COUNT(list_keys); i++) {
        json_t *v = json_object_get(root, list_keys[i]);
        if (json_is_array(v))
            return v;
    }
    if (json_is_object(root) && (json_object_get(root, "@type") || json_object_get(root, "title")))
        *single = root;
    return NULL;
}

/* A link value: a string, or {"href": string} as JSON:API allows. */
static const char *link_text(json_t *v)
{
    if (json_is_object(v))
        v = json_object_get(v, "href");
    const char *s = json_string_value(v);
    return s && *s ? s : NULL;
}

static const char *next_link(json_t *root)
{
    json_t *links = json_object_get(root, "links");
    for (size_t i = 0; i < COUNT(next_keys); i++) {
        const char *s = link_text(json_object_get(links, next_keys[i]));
        if (!s)
            s = link_text(json_object_get(root, next_keys[i]));
        if (s)
            return s;
    }
    return NULL;
}

/* The JobPosting fields of an item and, for a JSON:API resource, its id.
 * APIs often leave out "@type": an object with a title counts. */
static json_t *item_posting(json_t *item, json_t **id)
{
    *id = NULL;
    if (!json_is_object(item))
        return NULL;
    json_t *attrs = json_object_get(item, "attributes");
    if (json_is_object(attrs)) {
        *id = json_object_get(item, "id");
        return attrs;
    }
    json_t *job = jsonld_find_jobposting(item, 0);
    return job ? job : json_object_get(item, "title") ? item : NULL;
}

/* One item into out (initialised here). COMMON_ENOTFOUND: not an advert
 * that can be stored; other errors are the caller's to judge. */
static int read_item(const parser *p, json_t *item, const char *where, size_t i, vacancy *out)
{
    char name[COMMON_ERROR_MAX];
    snprintf(name, sizeof(name), "%s: item %zu", where, i + 1);
    vacancy_init(out);
    json_t *id;
    json_t *job = item_posting(item, &id);
    if (!job)
        return common_error(COMMON_ENOTFOUND, "%s: not a JobPosting", name);
    int rc = vacancy_set(&out->site_id, jobposting_id_text(id));
    if (!rc)
        rc = jobposting_fill(p, job, VACANCY_FROM_API, out);
    if (!rc)
        rc = parser_record_finish(out, NULL, name);
    if (!rc && !out->title)
        rc = common_error(COMMON_ENOTFOUND, "%s: no title", name);
    if (!rc && !out->site_id && !out->canonical_url)
        rc = common_error(COMMON_ENOTFOUND, "%s: no identifier and no url", name);
    return rc;
}

static int read_items(const parser *p, json_t *list, const char *where, parser_jsonapi_doc *out)
{
    size_t n = json_array_size(list);
    if (n > PARSER_MAX_API_ITEMS)
        return common_error(COMMON_EINVAL, "%s: %zu items, over the limit of %d", where, n,
                            PARSER_MAX_API_ITEMS);
    if (n && !(out->items = common_calloc(n, sizeof(*out->items))))
        return COMMON_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        vacancy *v = &out->items[out->n];
        int rc = read_item(p, json_array_get(list, i), where, i, v);
        if (rc == COMMON_ENOMEM) {
            vacancy_free(v);
            return rc;
        }
        if (rc) { /* a bad item loses only itself */
            vacancy_free(v);
            out->skipped++;
            continue;
        }
        out->n++;
    }
    return 0;
}

int parser_jsonapi(const parser *p, const char *body, size_t len, const char *url,
                   parser_jsonapi_doc *out)
{
    memset(out, 0, sizeof(*out));
    const char *where = url ? url : JSONAPI_NAME;
    if (len > PARSER_MAX_BODY)
        return common_error(COMMON_EINVAL, "%s: body of %zu bytes is over the %u-byte limit",
                            where, len, PARSER_MAX_BODY);
    json_t *root;
    int rc = jsonld_parse(where, body, len, &root);
    if (rc)
        return rc;
    json_t *single, *list = item_list(root, &single);
    if (single) {
        json_t *one = json_array();
        rc = one && !json_array_append(one, single) ? read_items(p, one, where, out)
                                                     : COMMON_ENOMEM;
        json_decref(one);
    } else if (list) {
        rc = read_items(p, list, where, out);
    } else {
        rc = common_error(COMMON_EFORMAT, "%s: no list of JobPostings (an array, or one under "
                          "data, results, items, jobs, vacancies or @graph)", where);
    }
    const char *next = rc ? NULL : next_link(root);
    if (next && !(out->next = common_strdup(next)))
        rc = COMMON_ENOMEM;
    json_decref(root);
    if (rc)
        parser_jsonapi_free(out);
    return rc;
}

void parser_jsonapi_free(parser_jsonapi_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        vacancy_free(&doc->items[i]);
    free(doc->items);
    free(doc->next);
    memset(doc, 0, sizeof(*doc));
}
