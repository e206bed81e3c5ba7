/* microdata.c - schema.org JobPosting from itemscope / itemprop markup.
 *
 * The item is converted to the JSON shape JSON-LD would have, so
 * jobposting.c reads both the same way. Property values follow the
 * microdata rules: meta content, a / link href, img src, time datetime,
 * else the element's text; a property that is itself an itemscope becomes
 * a nested object. An itemscope left empty by broken markup adopts the
 * properties around it. */
#include "internal.h"

#include <string.h>
#include <strings.h>

static int item_to_json(GumboNode *item, int depth, json_t **out);

static int prop_value(GumboNode *el, int depth, json_t **out)
{
    *out = NULL;
    if (html_attr(el, "itemscope"))
        return item_to_json(el, depth + 1, out);
    static const struct {
        GumboTag tag;
        const char *attr;
    } attrs[] = {{GUMBO_TAG_META, "content"}, {GUMBO_TAG_A, "href"}, {GUMBO_TAG_LINK, "href"},
                 {GUMBO_TAG_IMG, "src"},      {GUMBO_TAG_TIME, "datetime"},
                 {GUMBO_TAG_DATA, "value"}};
    const char *v = html_attr(el, "content");
    for (size_t i = 0; !v && i < sizeof(attrs) / sizeof(attrs[0]); i++)
        if (el->v.element.tag == attrs[i].tag)
            v = html_attr(el, attrs[i].attr);
    if (v) {
        *out = json_string(v);
        return *out ? 0 : COMMON_ENOMEM;
    }
    common_buf b = COMMON_BUF_INIT;
    int rc = html_text(el, &b);
    if (!rc && b.data) {
        if (strcmp(html_attr(el, "itemprop"), "description"))
            text_squeeze(b.data);
        *out = json_string(b.data);
        rc = *out ? 0 : COMMON_ENOMEM;
    }
    common_buf_free(&b);
    return rc;
}

/* Add the properties found under node (not inside nested items) to obj. */
static int collect(GumboNode *node, json_t *obj, int depth)
{
    if (depth > PARSER_MAX_DOM_DEPTH)
        return common_error(COMMON_EFORMAT, "page: elements nested deeper than %d",
                            PARSER_MAX_DOM_DEPTH);
    GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        GumboNode *c = kids->data[i];
        if (c->type != GUMBO_NODE_ELEMENT)
            continue;
        const char *prop = html_attr(c, "itemprop");
        if (prop && *prop && !json_object_get(obj, prop)) {
            json_t *v;
            int rc = prop_value(c, depth, &v);
            if (rc)
                return rc;
            if (v && json_object_set_new(obj, prop, v))
                return COMMON_ENOMEM;
        }
        if (!html_attr(c, "itemscope")) {
            int rc = collect(c, obj, depth + 1);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int item_to_json(GumboNode *item, int depth, json_t **out)
{
    json_t *obj = json_object();
    if (!obj)
        return COMMON_ENOMEM;
    const char *type = html_attr(item, "itemtype");
    const char *slash = type ? strrchr(type, '/') : NULL;
    int rc = type && json_object_set_new(obj, "@type", json_string(slash ? slash + 1 : type))
                 ? COMMON_ENOMEM : 0;
    if (!rc)
        rc = collect(item, obj, depth + 1);
    if (rc) {
        json_decref(obj);
        obj = NULL;
    }
    *out = obj;
    return rc;
}

static GumboNode *find_item(GumboNode *node, int depth)
{
    if (node->type != GUMBO_NODE_ELEMENT || depth > PARSER_MAX_DOM_DEPTH)
        return NULL;
    const char *type = html_attr(node, "itemtype");
    if (type && html_attr(node, "itemscope")) {
        size_t n = strlen(type);
        if (n >= 10 && !strcasecmp(type + n - 10, "JobPosting"))
            return node;
    }
    GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        GumboNode *found = find_item(kids->data[i], depth + 1);
        if (found)
            return found;
    }
    return NULL;
}

int microdata_jobposting(GumboNode *root, json_t **out)
{
    *out = NULL;
    GumboNode *item = find_item(root, 0);
    int rc = item ? item_to_json(item, 0, out) : 0;
    /* Markup re-serialised by a broken tool closes the itemscope at once
     * and leaves its properties as siblings: adopt the parent's. */
    if (!rc && *out && json_object_size(*out) == 1 && item->parent &&
        item->parent->type == GUMBO_NODE_ELEMENT)
        rc = collect(item->parent, *out, 1);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
