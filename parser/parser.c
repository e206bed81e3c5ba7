/* parser.c - a fetched page into a vacancy record.
 *
 * Order of trust: JSON-LD (read without a DOM, so the common case is
 * cheap), then microdata, then the plain HTML. The DOM is parsed only when
 * JSON-LD holds no JobPosting. Whatever the source, descriptions lose
 * e-mail addresses and phone numbers before the record is returned. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PARSER_SCALES_FILE "pay_scales.csv"

_Atomic unsigned long parser_dom_parses;

int parser_open(parser **out, const char *data_dir)
{
    parser *p = common_calloc(1, sizeof(*p));
    if (!(*out = p))
        return COMMON_ENOMEM;
    int rc = geo_load(&p->geo, data_dir);
    char *scales = rc ? NULL : common_data_path(data_dir, PARSER_SCALES_FILE);
    if (!rc && !scales)
        rc = COMMON_ENOMEM;
    if (!rc && access(scales, R_OK) == 0)
        rc = scale_table_load(&p->scales, scales);
    free(scales);
    if (rc) {
        parser_close(p);
        *out = NULL;
    }
    return rc;
}

int parser_load_scales(parser *p, const char *path)
{
    return scale_table_load(&p->scales, path);
}

void parser_close(parser *p)
{
    if (!p)
        return;
    geo_free(p->geo);
    scale_table_free(p->scales);
    free(p);
}

static const char *header(const char *const *headers, const char *name)
{
    size_t n = strlen(name);
    for (; headers && *headers; headers++)
        if (!strncasecmp(*headers, name, n) && (*headers)[n] == ':')
            return *headers + n + 1;
    return NULL;
}

static int from_dom(const parser *p, const char *html, size_t n, vacancy *out)
{
    int rc = html_nesting_ok(html, n);
    if (rc)
        return rc;
    GumboOutput *dom = gumbo_parse_with_options(&kGumboDefaultOptions, html, n);
    if (!dom)
        return common_error(COMMON_ENOMEM, "page: HTML parser failed");
    parser_dom_parses++;
    json_t *job = NULL;
    rc = microdata_jobposting(dom->root, &job);
    if (!rc && job)
        rc = jobposting_fill(p, job, VACANCY_FROM_MICRODATA, out);
    json_decref(job);
    if (!rc)
        rc = html_fill(p, dom->root, html, n, out);
    gumbo_destroy_output(&kGumboDefaultOptions, dom);
    return rc;
}

int parser_record_finish(vacancy *out, const char *url, const char *where)
{
    int rc = fields_site_id_from_url(out->canonical_url ? out->canonical_url : url, out);
    if (!rc && !out->site_id && url)
        rc = fields_site_id_from_url(url, out);
    if (!rc)
        rc = redact_personal(&out->description);
    if (!rc && !out->title && !out->description)
        rc = common_error(COMMON_ENOTFOUND, "%s: no job advert found", where);
    return rc;
}

int parser_page(const parser *p, const char *body, size_t len, const char *url,
                const char *const *headers, vacancy *out)
{
    const char *where = url ? url : "page";
    if (len > PARSER_MAX_BODY)
        return common_error(COMMON_EINVAL, "%s: body of %zu bytes is over the %u-byte limit",
                            where, len, PARSER_MAX_BODY);
    common_buf html = COMMON_BUF_INIT;
    int rc = charset_decode(body, len, header(headers, "Content-Type"), &html);
    if (!rc && url && !out->url)
        rc = vacancy_set(&out->url, url);
    int found = rc ? rc : jsonld_page(p, html.data, html.len, out);
    if (found == 0)
        found = from_dom(p, html.data, html.len, out);
    rc = found < 0 ? found : parser_record_finish(out, url, where);
    common_buf_free(&html);
    if (rc && rc != COMMON_ENOTFOUND && !strstr(common_last_error(), where)) {
        char msg[COMMON_ERROR_MAX];
        snprintf(msg, sizeof(msg), "%s", common_last_error());
        common_error(rc, "%s: %s", where, msg);
    }
    return rc;
}
