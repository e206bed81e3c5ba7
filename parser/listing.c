/* listing.c - links to adverts and the next page on HTML listing pages.
 *
 * Each source says which URLs are adverts and which are listing pages with
 * glob patterns ('*' matches any run), matched on absolute URLs after
 * resolving against the page URL. The next page is the link marked as such
 * (rel="next", or an element whose class says "next", or the text "next")
 * that also matches the source's listing pattern. */
#include "internal.h"

#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LISTING_MAX_LINKS 10000
#define LISTING_NEXT_ANCESTORS 3 /* <li class="pagination-next"><a> and the like */

/* Glob match with '*' only; iterative, so hostile patterns cannot recurse. */
static bool glob(const char *pat, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*pat == '*') {
            star = pat++;
            resume = s;
        } else if (*pat == *s) {
            pat++;
            s++;
        } else if (star) {
            pat = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*pat == '*')
        pat++;
    return !*pat;
}

bool parser_url_match(const char *pattern, const char *url)
{
    return glob(pattern, url);
}

static bool marked_next(GumboNode *a)
{
    const char *rel = html_attr(a, "rel");
    if (rel && text_has_word(rel, "next"))
        return true;
    GumboNode *n = a;
    for (int i = 0; i < LISTING_NEXT_ANCESTORS && n && n->type == GUMBO_NODE_ELEMENT; i++) {
        const char *cls = html_attr(n, "class");
        if (cls && text_find(cls, strlen(cls), "next"))
            return true;
        n = n->parent;
    }
    common_buf b = COMMON_BUF_INIT;
    bool next = !html_text(a, &b) && b.data && (!strcasecmp(b.data, "next") ||
                                                 !strncasecmp(b.data, "next ", 5));
    common_buf_free(&b);
    return next;
}

typedef struct {
    const char *base;
    const parser_listing_rules *rules;
    parser_listing *out;
    pmap seen;
} walk;

static int add_advert(walk *w, const char *url)
{
    if (pmap_get(&w->seen, url))
        return 0;
    if (w->out->n >= LISTING_MAX_LINKS)
        return common_error(COMMON_EINVAL, "listing: more than %d advert links", LISTING_MAX_LINKS);
    char **bigger = common_realloc(w->out->adverts, (w->out->n + 1) * sizeof(*bigger));
    if (!bigger)
        return COMMON_ENOMEM;
    w->out->adverts = bigger;
    if (!(bigger[w->out->n] = common_strdup(url)))
        return COMMON_ENOMEM;
    w->out->n++;
    return pmap_add(&w->seen, url, bigger[w->out->n - 1]) < 0 ? COMMON_ENOMEM : 0;
}

static int on_link(walk *w, GumboNode *a)
{
    const char *href = html_attr(a, "href");
    if (!href || !*href || *href == '#')
        return 0;
    xmlChar *abs = xmlBuildURI((const xmlChar *)href, (const xmlChar *)w->base);
    if (!abs)
        return 0; /* not a URL: skipped, like a browser would */
    const char *url = (const char *)abs;
    int rc = 0;
    if (w->rules->advert && glob(w->rules->advert, url))
        rc = add_advert(w, url);
    else if (!w->out->next && (!w->rules->next || glob(w->rules->next, url)) && marked_next(a))
        rc = (w->out->next = common_strdup(url)) ? 0 : COMMON_ENOMEM;
    xmlFree(abs);
    return rc;
}

static int visit(walk *w, GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return 0;
    if (depth > PARSER_MAX_DOM_DEPTH)
        return common_error(COMMON_EFORMAT, "listing: elements nested deeper than %d",
                            PARSER_MAX_DOM_DEPTH);
    if (n->v.element.tag == GUMBO_TAG_A) {
        int rc = on_link(w, n);
        if (rc)
            return rc;
    }
    GumboVector *kids = &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        int rc = visit(w, kids->data[i], depth + 1);
        if (rc)
            return rc;
    }
    return 0;
}

int parser_listing_page(const char *body, size_t len, const char *url,
                        const parser_listing_rules *rules, parser_listing *out)
{
    memset(out, 0, sizeof(*out));
    if (len > PARSER_MAX_BODY)
        return common_error(COMMON_EINVAL, "listing: body of %zu bytes is over the %u-byte limit",
                            len, PARSER_MAX_BODY);
    if (!url || !rules || !rules->advert)
        return common_error(COMMON_EINVAL, "listing: a page URL and an advert pattern are needed");
    common_buf html = COMMON_BUF_INIT;
    int rc = charset_decode(body, len, NULL, &html);
    if (!rc)
        rc = html_nesting_ok(html.data, html.len);
    GumboOutput *dom = rc ? NULL : gumbo_parse_with_options(&kGumboDefaultOptions, html.data, html.len);
    if (!rc && !dom)
        rc = common_error(COMMON_ENOMEM, "listing: HTML parser failed");
    walk w = {url, rules, out, {0}};
    if (!rc)
        rc = visit(&w, dom->root, 0);
    pmap_free(&w.seen);
    if (dom)
        gumbo_destroy_output(&kGumboDefaultOptions, dom);
    common_buf_free(&html);
    if (rc)
        parser_listing_free(out);
    return rc;
}

void parser_listing_free(parser_listing *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->adverts[i]);
    free(l->adverts);
    free(l->next);
    memset(l, 0, sizeof(*l));
}
