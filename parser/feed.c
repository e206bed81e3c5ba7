/* feed.c - RSS 2.0, Atom, sitemaps and sitemap indexes into URL lists.
 *
 * libxml2's streaming reader, with network access, DTD loading and entity
 * substitution all off: a feed is data from a stranger. Gzip bodies are
 * inflated first, with the output held to PARSER_MAX_BODY so a small bomb
 * cannot become a big allocation. */
#include "internal.h"

#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FEED_INFLATE_CHUNK (64u << 10)

static int gunzip(const char *body, size_t len, common_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return common_error(COMMON_ENOMEM, "feed: zlib init failed");
    z.next_in = (Bytef *)body;
    z.avail_in = (uInt)len;
    int zrc = Z_OK, rc = 0;
    while (zrc != Z_STREAM_END && !rc) {
        if (out->len + FEED_INFLATE_CHUNK > PARSER_MAX_BODY) {
            rc = common_error(COMMON_EINVAL, "feed: inflates to over %u bytes", PARSER_MAX_BODY);
            break;
        }
        if ((rc = common_buf_grow(out, FEED_INFLATE_CHUNK)))
            break;
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = FEED_INFLATE_CHUNK;
        zrc = inflate(&z, Z_NO_FLUSH);
        out->len += FEED_INFLATE_CHUNK - z.avail_out;
        if (zrc == Z_BUF_ERROR && z.avail_in == 0)
            rc = common_error(COMMON_EFORMAT, "feed: gzip data is truncated");
        else if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR)
            rc = common_error(COMMON_EFORMAT, "feed: gzip data is corrupt (%s)",
                              z.msg ? z.msg : "inflate failed");
    }
    inflateEnd(&z);
    return rc ? rc : common_buf_append(out, "", 0);
}

typedef struct {
    parser_feed_list *list;
    parser_feed_item cur;
    bool in_item;
    int item_depth;
    char field[16]; /* the element whose text is being read */
} feed_state;

static const char *kind_item(parser_feed_kind k)
{
    switch (k) {
    case PARSER_FEED_RSS: return "item";
    case PARSER_FEED_ATOM: return "entry";
    case PARSER_FEED_SITEMAP: return "url";
    default: return "sitemap";
    }
}

static int push_item(feed_state *st)
{
    parser_feed_list *l = st->list;
    if (!st->cur.url) {
        free(st->cur.title);
        memset(&st->cur, 0, sizeof(st->cur));
        return 0;
    }
    if (l->n >= PARSER_MAX_FEED_ITEMS)
        return common_error(COMMON_EINVAL, "feed: more than %d items", PARSER_MAX_FEED_ITEMS);
    if (l->n == 0 || (l->n >= 16 && !(l->n & (l->n - 1)))) {
        size_t cap = l->n ? l->n * 2 : 16;
        parser_feed_item *bigger = common_realloc(l->items, cap * sizeof(*bigger));
        if (!bigger)
            return COMMON_ENOMEM;
        l->items = bigger;
    }
    l->items[l->n++] = st->cur;
    memset(&st->cur, 0, sizeof(st->cur));
    st->cur.lastmod.hour = st->cur.lastmod.minute = -1;
    return 0;
}

static int on_text(feed_state *st, const char *text)
{
    char *copy = common_strdup(text);
    if (!copy)
        return COMMON_ENOMEM;
    text_squeeze(copy);
    int rc = 0;
    if ((!strcmp(st->field, "loc") || !strcmp(st->field, "link")) && !st->cur.url && *copy) {
        st->cur.url = copy;
        return 0;
    }
    if (!strcmp(st->field, "title") && !st->cur.title) {
        st->cur.title = copy;
        return 0;
    }
    if (!strcmp(st->field, "lastmod") || !strcmp(st->field, "pubDate") ||
        !strcmp(st->field, "updated") || !strcmp(st->field, "published")) {
        if (!st->cur.lastmod.year && parser_date_text(copy, &st->cur.lastmod) == COMMON_ENOMEM)
            rc = COMMON_ENOMEM;
    }
    free(copy);
    return rc;
}

static int on_element(feed_state *st, xmlTextReaderPtr r)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(r);
    int depth = xmlTextReaderDepth(r);
    if (depth == 0) {
        static const struct { const char *root; parser_feed_kind kind; } roots[] = {
            {"rss", PARSER_FEED_RSS}, {"RDF", PARSER_FEED_RSS}, {"feed", PARSER_FEED_ATOM},
            {"urlset", PARSER_FEED_SITEMAP}, {"sitemapindex", PARSER_FEED_SITEMAP_INDEX}};
        for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
            if (!strcmp(name, roots[i].root))
                st->list->kind = roots[i].kind;
        if (!st->list->kind)
            return common_error(COMMON_EFORMAT, "feed: root element <%s> is not rss, feed, "
                                                "urlset or sitemapindex", name);
        return 0;
    }
    if (!strcmp(name, kind_item(st->list->kind)) && !st->in_item) {
        st->in_item = true;
        st->item_depth = depth;
        if (xmlTextReaderIsEmptyElement(r)) {
            st->in_item = false;
            return push_item(st);
        }
        return 0;
    }
    if (!st->in_item || depth != st->item_depth + 1)
        return 0;
    snprintf(st->field, sizeof(st->field), "%s", name);
    /* Atom: <link rel="alternate" href="..."/> carries the URL in an attribute. */
    if (st->list->kind == PARSER_FEED_ATOM && !strcmp(name, "link") && !st->cur.url) {
        xmlChar *rel = xmlTextReaderGetAttribute(r, (const xmlChar *)"rel");
        xmlChar *href = xmlTextReaderGetAttribute(r, (const xmlChar *)"href");
        int rc = 0;
        if (href && (!rel || !strcmp((char *)rel, "alternate")))
            rc = (st->cur.url = common_strdup((char *)href)) ? 0 : COMMON_ENOMEM;
        xmlFree(rel);
        xmlFree(href);
        return rc;
    }
    return 0;
}

static void quiet(void *arg, const char *msg, xmlParserSeverities severity,
                  xmlTextReaderLocatorPtr loc)
{
    (void)msg;
    (void)loc;
    if (severity == XML_PARSER_SEVERITY_ERROR)
        *(int *)arg = xmlTextReaderLocatorLineNumber(loc);
}

static int read_feed(const char *xml, size_t len, parser_feed_list *out)
{
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL, opts);
    if (!r)
        return common_error(COMMON_ENOMEM, "feed: cannot create XML reader");
    int bad_line = 0;
    xmlTextReaderSetErrorHandler(r, quiet, &bad_line);
    feed_state st = {.list = out};
    st.cur.lastmod.hour = st.cur.lastmod.minute = -1;
    int ret = 0, rc = 0;
    while (!rc && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (xmlTextReaderDepth(r) > PARSER_MAX_DOM_DEPTH)
                rc = common_error(COMMON_EFORMAT, "feed: elements nested deeper than %d",
                                  PARSER_MAX_DOM_DEPTH);
            else
                rc = on_element(&st, r);
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) && st.in_item &&
                   *st.field) {
            rc = on_text(&st, (const char *)xmlTextReaderConstValue(r));
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            int depth = xmlTextReaderDepth(r);
            if (st.in_item && depth == st.item_depth) {
                st.in_item = false;
                rc = push_item(&st);
            }
            st.field[0] = '\0';
        }
    }
    if (!rc && ret < 0)
        rc = common_error(COMMON_EFORMAT, "feed: XML is not well-formed (line %d)", bad_line);
    if (!rc && !out->kind)
        rc = common_error(COMMON_EFORMAT, "feed: no root element");
    free(st.cur.url);
    free(st.cur.title);
    xmlFreeTextReader(r);
    return rc;
}

int parser_feed(const char *body, size_t len, parser_feed_list *out)
{
    memset(out, 0, sizeof(*out));
    if (len > PARSER_MAX_BODY)
        return common_error(COMMON_EINVAL, "feed: body of %zu bytes is over the %u-byte limit",
                            len, PARSER_MAX_BODY);
    common_buf plain = COMMON_BUF_INIT;
    int rc = 0;
    if (len >= 2 && (unsigned char)body[0] == 0x1F && (unsigned char)body[1] == 0x8B) {
        rc = gunzip(body, len, &plain);
        body = plain.data;
        len = plain.len;
    }
    if (!rc)
        rc = read_feed(body ? body : "", len, out);
    if (rc)
        parser_feed_free(out);
    common_buf_free(&plain);
    return rc;
}

void parser_feed_free(parser_feed_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].url);
        free(l->items[i].title);
    }
    free(l->items);
    memset(l, 0, sizeof(*l));
}

const char *parser_feed_kind_name(parser_feed_kind kind)
{
    static const char *names[] = {"unknown", "rss", "atom", "sitemap", "sitemap-index"};
    return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}
