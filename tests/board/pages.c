/* pages.c - the board's content: advert pages in three formats, a listing,
 * a sitemap index with sitemaps, an RSS feed and robots.txt. */
#include "board.h"

#include <stdlib.h>
#include <string.h>

#define BOARD_SITEMAP_PAGE 50 /* adverts per sitemap file */
#define BOARD_API_PAGE 20     /* adverts per JSON API page */
/* Every advert was last modified on this day: validators never change. */
#define BOARD_LAST_MODIFIED "Wed, 28 Oct 2026 09:00:00 GMT"

static int put_pay(common_buf *o, const board_advert *a)
{
    if (a->hourly)
        return a->pay_min == a->pay_max
                   ? common_buf_printf(o, "\xC2\xA3%.2f per hour", a->pay_min)
                   : common_buf_printf(o, "\xC2\xA3%.2f - \xC2\xA3%.2f per hour", a->pay_min,
                                       a->pay_max);
    return a->pay_min == a->pay_max
               ? common_buf_printf(o, "\xC2\xA3%.0f per annum", a->pay_min)
               : common_buf_printf(o, "\xC2\xA3%.0f - \xC2\xA3%.0f per annum", a->pay_min,
                                   a->pay_max);
}

/* The advert as a schema.org JobPosting object. API items carry their page's
 * url; a JSON:API resource has its id outside (no identifier inside). */
static int posting(common_buf *o, const board *b, const board_advert *a, const char *date,
                   bool identifier, bool url)
{
    int rc = common_buf_printf(
        o,
        "{\"@context\": \"https://schema.org\", \"@type\": \"JobPosting\",\n"
        " \"title\": \"%s\", \"datePosted\": \"%s\", \"employmentType\": \"FULL_TIME\",\n",
        a->job->title, date);
    if (!rc && identifier)
        rc = common_buf_printf(o, " \"identifier\": {\"@type\": \"PropertyValue\", \"name\": "
                                  "\"board%u\", \"value\": \"%u\"},\n", a->host, a->id);
    if (!rc && url)
        rc = common_buf_printf(o, " \"url\": \"http://board%u.test:%u/jobs/%u\",\n", a->host,
                               b->port, a->id);
    if (!rc)
        rc = common_buf_printf(
            o,
            " \"hiringOrganization\": {\"@type\": \"Organization\", \"name\": \"%s\"},\n"
            " \"jobLocation\": {\"@type\": \"Place\", \"address\": {\"@type\": \"PostalAddress\",\n"
            "   \"addressLocality\": \"%s\", \"addressCountry\": \"GB\"}},\n"
            " \"baseSalary\": {\"@type\": \"MonetaryAmount\", \"currency\": \"GBP\",\n"
            "   \"value\": {\"@type\": \"QuantitativeValue\", \"minValue\": %.2f, \"maxValue\": %.2f,"
            " \"unitText\": \"%s\"}},\n"
            " \"description\": \"<p>We are looking for a %s to join %s in %s.</p>\"}",
            a->employer, a->place->town, a->pay_min, a->pay_max, a->hourly ? "HOUR" : "YEAR",
            a->job->title, a->employer, a->place->town);
    return rc;
}

static int jsonld(common_buf *o, const board *b, const board_advert *a, const char *date)
{
    int rc = common_buf_puts(o, "<script type=\"application/ld+json\">\n");
    if (!rc)
        rc = posting(o, b, a, date, true, false);
    return rc ? rc : common_buf_printf(o, "\n</script>\n<h1>%s</h1>\n", a->job->title);
}

static int microdata(common_buf *o, const board_advert *a, const char *date)
{
    int rc = common_buf_printf(
        o,
        "<div itemscope itemtype=\"https://schema.org/JobPosting\">\n"
        " <h1 itemprop=\"title\">%s</h1>\n"
        " <meta itemprop=\"datePosted\" content=\"%s\">\n"
        " <div itemprop=\"hiringOrganization\" itemscope itemtype=\"https://schema.org/Organization\">"
        "<span itemprop=\"name\">%s</span></div>\n"
        " <div itemprop=\"jobLocation\" itemscope itemtype=\"https://schema.org/Place\">"
        "<div itemprop=\"address\" itemscope itemtype=\"https://schema.org/PostalAddress\">"
        "<span itemprop=\"addressLocality\">%s</span></div></div>\n"
        " <div itemprop=\"baseSalary\" itemscope itemtype=\"https://schema.org/MonetaryAmount\">"
        "<meta itemprop=\"currency\" content=\"GBP\">"
        "<div itemprop=\"value\" itemscope itemtype=\"https://schema.org/QuantitativeValue\">"
        "<meta itemprop=\"minValue\" content=\"%.2f\"><meta itemprop=\"maxValue\" content=\"%.2f\">"
        "<meta itemprop=\"unitText\" content=\"%s\"></div></div>\n"
        " <p>Pay: ",
        a->job->title, date, a->employer, a->place->town, a->pay_min, a->pay_max,
        a->hourly ? "HOUR" : "YEAR");
    if (!rc)
        rc = put_pay(o, a);
    return rc ? rc : common_buf_puts(o, "</p>\n</div>\n");
}

static int plain(common_buf *o, const board_advert *a, const char *date)
{
    int rc = common_buf_printf(o,
                               "<h1 class=\"job-title\">%s</h1>\n"
                               "<p class=\"employer\">Employer: %s</p>\n"
                               "<p class=\"location\">Location: %s</p>\n"
                               "<p class=\"posted\">Posted: %s</p>\n"
                               "<p class=\"salary\">Salary: ",
                               a->job->title, a->employer, a->place->town, date);
    if (!rc)
        rc = put_pay(o, a);
    return rc ? rc : common_buf_puts(o, "</p>\n");
}

static int advert(board *b, unsigned host, unsigned id, struct MHD_Connection *conn,
                  board_reply *r)
{
    const board_advert *a = board_advert_at(b, host, id);
    if (!a) {
        r->status = MHD_HTTP_NOT_FOUND;
        return common_buf_puts(&r->body, "<h1>No such job</h1>\n");
    }
    if (board_is_closed(b, host, id)) { /* closed adverts vanish: 410 or 404 */
        r->status = id % 2 ? MHD_HTTP_NOT_FOUND : MHD_HTTP_GONE;
        return common_buf_puts(&r->body, "<h1>This job has closed</h1>\n");
    }
    char etag[64];
    snprintf(etag, sizeof(etag), "\"b%u-j%u-v1\"", host, id);
    board_reply_header(r, "ETag", etag);
    board_reply_header(r, "Last-Modified", BOARD_LAST_MODIFIED);
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
    if ((inm && strstr(inm, etag)) || (!inm && ims && !strcmp(ims, BOARD_LAST_MODIFIED))) {
        r->status = MHD_HTTP_NOT_MODIFIED;
        return 0;
    }
    char date[11];
    board_posted_date(a, date);
    r->status = MHD_HTTP_OK;
    int rc = common_buf_printf(&r->body,
                               "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                               "<title>%s - %s</title></head><body>\n",
                               a->job->title, a->place->town);
    if (!rc)
        rc = a->format == BOARD_JSONLD      ? jsonld(&r->body, b, a, date)
             : a->format == BOARD_MICRODATA ? microdata(&r->body, a, date)
                                            : plain(&r->body, a, date);
    return rc ? rc : common_buf_puts(&r->body, "<p><a href=\"/\">All jobs</a></p>\n</body></html>\n");
}

static int listing(board *b, unsigned host, board_reply *r)
{
    int rc = common_buf_printf(&r->body, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                         "<title>Board %u jobs</title></head><body><ul>\n", host);
    for (unsigned id = 1; id <= b->adverts && !rc; id++)
        if (!board_is_closed(b, host, id))
            rc = common_buf_printf(&r->body, "<li><a href=\"/jobs/%u\">%s</a></li>\n", id,
                                   board_advert_at(b, host, id)->job->title);
    return rc ? rc : common_buf_puts(&r->body, "</ul></body></html>\n");
}

static int sitemap_index(board *b, unsigned host, board_reply *r)
{
    r->content_type = "application/xml";
    int rc = common_buf_puts(&r->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                       "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    unsigned pages = (b->adverts + BOARD_SITEMAP_PAGE - 1) / BOARD_SITEMAP_PAGE;
    for (unsigned p = 1; p <= pages && !rc; p++)
        rc = common_buf_printf(&r->body,
                               " <sitemap><loc>http://board%u.test:%u/sitemaps/jobs-%u.xml</loc></sitemap>\n",
                               host, b->port, p);
    return rc ? rc : common_buf_puts(&r->body, "</sitemapindex>\n");
}

static int sitemap(board *b, unsigned host, unsigned page, board_reply *r)
{
    unsigned first = (page - 1) * BOARD_SITEMAP_PAGE + 1;
    if (page == 0 || first > b->adverts) {
        r->status = MHD_HTTP_NOT_FOUND;
        return common_buf_puts(&r->body, "no such sitemap\n");
    }
    r->content_type = "application/xml";
    int rc = common_buf_puts(&r->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                       "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (unsigned id = first; id < first + BOARD_SITEMAP_PAGE && id <= b->adverts && !rc; id++) {
        if (board_is_closed(b, host, id))
            continue;
        char date[11];
        board_posted_date(board_advert_at(b, host, id), date);
        rc = common_buf_printf(&r->body,
                               " <url><loc>http://board%u.test:%u/jobs/%u</loc><lastmod>%s</lastmod></url>\n",
                               host, b->port, id, date);
    }
    return rc ? rc : common_buf_puts(&r->body, "</urlset>\n");
}

static int feed(board *b, unsigned host, board_reply *r)
{
    r->content_type = "application/rss+xml";
    int rc = common_buf_printf(&r->body,
                               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n"
                               "<title>Board %u jobs</title><link>http://board%u.test:%u/</link>\n"
                               "<description>Sample adverts</description>\n",
                               host, host, b->port);
    for (unsigned id = 1; id <= b->adverts && !rc; id++) {
        if (board_is_closed(b, host, id))
            continue;
        const board_advert *a = board_advert_at(b, host, id);
        rc = common_buf_printf(&r->body,
                               "<item><title>%s</title><link>http://board%u.test:%u/jobs/%u</link>"
                               "<guid>http://board%u.test:%u/jobs/%u</guid>"
                               "<description>%s, %s</description></item>\n",
                               a->job->title, host, b->port, id, host, b->port, id, a->employer,
                               a->place->town);
    }
    return rc ? rc : common_buf_puts(&r->body, "</channel></rss>\n");
}

/* An id in decimal, nothing else ("/jobs/007x" is not a job). */
static unsigned parse_id(const char *s)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return 0;
    unsigned long v = strtoul(s, &end, 10);
    return *end || v > 0xFFFFFFFFu ? 0 : (unsigned)v;
}

/* /api/jobs.json?page=N: the open adverts, BOARD_API_PAGE a page, as a job
 * board API serves them: {"data": [...], "links": {"next": ...}}. Odd ids
 * are schema.org JobPostings, even ids JSON:API resources. */
static int api(board *b, unsigned host, unsigned page, board_reply *r)
{
    if (page == 0) {
        r->status = MHD_HTTP_NOT_FOUND;
        return common_buf_puts(&r->body, "{\"errors\": [{\"title\": \"no such page\"}]}\n");
    }
    r->content_type = "application/json";
    int rc = common_buf_puts(&r->body, "{\"data\": [\n");
    unsigned seen = 0, shown = 0, first = (page - 1) * BOARD_API_PAGE;
    for (unsigned id = 1; id <= b->adverts && !rc; id++) {
        if (board_is_closed(b, host, id) || seen++ < first || shown == BOARD_API_PAGE)
            continue;
        const board_advert *a = board_advert_at(b, host, id);
        char date[11];
        board_posted_date(a, date);
        rc = common_buf_puts(&r->body, shown++ ? ",\n" : "");
        if (!rc && id % 2 == 0)
            rc = common_buf_printf(&r->body, "{\"id\": \"%u\", \"type\": \"jobs\", \"attributes\": ", id);
        if (!rc)
            rc = posting(&r->body, b, a, date, id % 2, true);
        if (!rc && id % 2 == 0)
            rc = common_buf_putc(&r->body, '}');
    }
    if (!rc)
        rc = common_buf_printf(&r->body, "\n], \"links\": {\"self\": \"/api/jobs.json?page=%u\"", page);
    if (!rc && seen > first + shown)
        rc = common_buf_printf(&r->body, ", \"next\": \"/api/jobs.json?page=%u\"", page + 1);
    return rc ? rc : common_buf_puts(&r->body, "}}\n");
}

static int robots(board *b, unsigned host, board_reply *r)
{
    r->content_type = "text/plain";
    int rc = common_buf_puts(&r->body, "# sample board\nUser-agent: *\n");
    if (!rc && b->crawl_delay > 0)
        rc = common_buf_printf(&r->body, "Crawl-delay: %g\n", b->crawl_delay);
    if (!rc)
        rc = common_buf_printf(&r->body,
                               "Disallow: /private/\nDisallow: /_board/\n\n"
                               "Sitemap: http://board%u.test:%u/sitemap.xml\n",
                               host, b->port);
    return rc;
}

int board_page(board *b, unsigned host, const char *path, struct MHD_Connection *conn,
               board_reply *r)
{
    r->status = MHD_HTTP_OK;
    if (!strcmp(path, "/"))
        return listing(b, host, r);
    if (!strncmp(path, "/jobs/", 6))
        return advert(b, host, parse_id(path + 6), conn, r);
    if (!strcmp(path, "/robots.txt"))
        return robots(b, host, r);
    if (!strcmp(path, "/sitemap.xml"))
        return sitemap_index(b, host, r);
    if (!strncmp(path, "/sitemaps/jobs-", 15)) {
        char num[16];
        size_t n = strcspn(path + 15, ".");
        if (n < sizeof(num) && !strcmp(path + 15 + n, ".xml")) {
            memcpy(num, path + 15, n);
            num[n] = '\0';
            return sitemap(b, host, parse_id(num), r);
        }
    }
    if (!strcmp(path, "/feed.rss"))
        return feed(b, host, r);
    if (!strcmp(path, "/api/jobs.json")) {
        const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "page");
        return api(b, host, v ? parse_id(v) : 1, r);
    }
    if (!strncmp(path, "/private/", 9))
        return common_buf_puts(&r->body, "<h1>Private: robots.txt disallows this</h1>\n");
    if (!strcmp(path, "/_board/close")) {
        const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "id");
        unsigned id = v ? parse_id(v) : 0;
        if (!board_advert_at(b, host, id)) {
            r->status = MHD_HTTP_BAD_REQUEST;
            return common_buf_puts(&r->body, "close: ?id=N with an advert of this board\n");
        }
        board_close(b, host, id);
        return common_buf_printf(&r->body, "closed %u\n", id);
    }
    if (!strncmp(path, "/fault/", 7))
        return board_fault(b, path + 7, r);
    r->status = MHD_HTTP_NOT_FOUND;
    return common_buf_puts(&r->body, "not found\n");
}
