/* reparse.c - a kept raw page read again as the pipeline first read it,
 * for `vacancyctl recode --reparse` after the parser improves. The page
 * row keeps the URLs but not the response's Content-Type, so a JSON API
 * document is told by its body: JSON (first byte '{' or '[') that holds
 * JobPostings. Anything else is read as an advert page. */
#include <stdlib.h>

#include "pipeline.h"

int reparse_item_urls(const char *doc_url, vacancy *v)
{
    char *url = NULL;
    if (v->canonical_url && crawler_url_resolve(doc_url, v->canonical_url, &url))
        url = NULL;
    free(v->canonical_url);
    v->canonical_url = url;
    return vacancy_set(&v->url, url ? url : doc_url);
}

static bool looks_json(const char *body, size_t len)
{
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    return i < len && (body[i] == '{' || body[i] == '[');
}

/* Items of a JSON API document; *adverts stays 0 when it holds none. */
static int reparse_document(const parser *ps, const storage_page *pg, daemon_advert_fn fn,
                            void *arg, size_t *adverts)
{
    parser_jsonapi_doc doc;
    if (parser_jsonapi(ps, pg->body, pg->body_len, pg->url, &doc))
        return 0;
    int rc = 0;
    for (size_t i = 0; i < doc.n && rc == 0; i++) {
        rc = reparse_item_urls(pg->url, &doc.items[i]) ? COMMON_ENOMEM
                                                        : fn(arg, &doc.items[i]);
        *adverts += rc == 0;
    }
    parser_jsonapi_free(&doc);
    return rc;
}

int daemon_reparse_page(const parser *ps, const storage_page *pg, daemon_advert_fn fn,
                        void *arg, size_t *adverts)
{
    *adverts = 0;
    if (looks_json(pg->body, pg->body_len)) {
        int rc = reparse_document(ps, pg, fn, arg, adverts);
        if (rc < 0 || *adverts > 0)
            return rc;
    }
    vacancy v;
    vacancy_init(&v);
    int rc = 0;
    if (parser_page(ps, pg->body, pg->body_len, pg->url, NULL, &v) == 0) {
        rc = vacancy_set(&v.url, pg->url) || vacancy_set(&v.canonical_url, pg->canonical_url)
                 ? COMMON_ENOMEM : fn(arg, &v);
        *adverts += rc == 0;
    }
    vacancy_free(&v);
    return rc;
}
