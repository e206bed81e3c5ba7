/* html.c - advert fields from the plain HTML, when there is no markup.
 *
 * Title from the first h1, else og:title, else <title>. Pay, location,
 * employer, terms and dates from labelled text: the page's text is split
 * into lines (block elements break lines) and a line "Salary:" gives its
 * value on the same line or the next one. Employer and the like also come
 * from attributes named for them (data-company-name) and from the state
 * JSON that script-rendered boards embed ("jobLocation":"Wednesbury WS10"). */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HTML_LABEL_VALUE_MAX 300 /* a labelled value longer than this is prose */
#define HTML_STATE_VALUE_MAX 512

const char *html_attr(GumboNode *node, const char *name)
{
    if (node->type != GUMBO_NODE_ELEMENT)
        return NULL;
    GumboAttribute *a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* Elements that never nest: void ones and those the HTML parser closes
 * when a sibling opens. Not counted by html_nesting_ok(). */
static const char *const flat_tags[] = {
    "br", "img", "input", "meta", "link", "hr", "area", "base", "col", "embed", "param",
    "source", "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd", "!"};

static bool flat_tag(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof(flat_tags) / sizeof(flat_tags[0]); i++)
        if (strlen(flat_tags[i]) == n && !strncasecmp(flat_tags[i], name, n))
            return true;
    return false;
}

/* Skip a raw-text element's body (script, style): returns where its end tag is. */
static const char *raw_text_end(const char *s, const char *end, const char *name, size_t n)
{
    if (!((n == 6 && !strncasecmp(name, "script", 6)) || (n == 5 && !strncasecmp(name, "style", 5))))
        return s;
    char close[10];
    snprintf(close, sizeof(close), "</%.*s", (int)n, name);
    const char *e = text_find(s, (size_t)(end - s), close);
    return e ? e : end;
}

int html_nesting_ok(const char *html, size_t n)
{
    const char *s = html, *end = html + n;
    int depth = 0;
    unsigned long work = 0; /* what gumbo will spend: the depth at each open tag */
    while ((s = memchr(s, '<', (size_t)(end - s)))) {
        s++;
        if (s < end && *s == '!') {
            const char *c = s + 2 < end && !strncmp(s, "!--", 3) ? text_find(s, (size_t)(end - s), "-->") : NULL;
            s = c ? c : s;
            continue;
        }
        bool closing = s < end && *s == '/';
        const char *name = s + closing;
        const char *e = name;
        while (e < end && isalnum((unsigned char)*e))
            e++;
        if (e == name)
            continue;
        const char *gt = memchr(e, '>', (size_t)(end - e));
        bool self_closing = gt && gt > e && gt[-1] == '/';
        if (closing) {
            depth -= depth > 0;
        } else if (!self_closing && !flat_tag(name, (size_t)(e - name))) {
            if (++depth > PARSER_MAX_TAG_NESTING)
                return common_error(COMMON_EFORMAT, "page: elements nested deeper than %d",
                                    PARSER_MAX_TAG_NESTING);
            /* Many blocks just under the depth limit cost as much as one too deep. */
            if ((work += (unsigned long)depth) > PARSER_MAX_NESTING_WORK)
                return common_error(COMMON_EFORMAT, "page: over %d deeply nested elements "
                                    "(sum of depths)", PARSER_MAX_NESTING_WORK);
        }
        if (!gt)
            break;
        s = closing ? gt : raw_text_end(gt + 1, end, name, (size_t)(e - name));
    }
    return 0;
}

static bool skipped(GumboTag tag)
{
    return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
           tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_SELECT ||
           tag == GUMBO_TAG_BUTTON || tag == GUMBO_TAG_FORM;
}

static bool breaks_line(GumboTag tag)
{
    static const GumboTag blocks[] = {
        GUMBO_TAG_P,  GUMBO_TAG_BR,  GUMBO_TAG_DIV, GUMBO_TAG_LI, GUMBO_TAG_UL, GUMBO_TAG_OL,
        GUMBO_TAG_TR, GUMBO_TAG_TD,  GUMBO_TAG_TH,  GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
        GUMBO_TAG_H4, GUMBO_TAG_H5,  GUMBO_TAG_H6,  GUMBO_TAG_DT, GUMBO_TAG_DD, GUMBO_TAG_TABLE,
        GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_HR,
        GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_DL};
    for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
        if (tag == blocks[i])
            return true;
    return false;
}

static int text_walk(GumboNode *node, common_buf *b, int depth)
{
    if (depth > PARSER_MAX_DOM_DEPTH)
        return common_error(COMMON_EFORMAT, "page: elements nested deeper than %d",
                            PARSER_MAX_DOM_DEPTH);
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
        return common_buf_puts(b, node->v.text.text);
    }
    if (node->type != GUMBO_NODE_ELEMENT || skipped(node->v.element.tag))
        return 0;
    bool block = breaks_line(node->v.element.tag);
    int rc = block ? common_buf_putc(b, '\n') : 0;
    GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length && !rc; i++)
        rc = text_walk(kids->data[i], b, depth + 1);
    return rc || !block ? rc : common_buf_putc(b, '\n');
}

/* Lines squeezed, blank ones dropped. */
int html_text(GumboNode *node, common_buf *b)
{
    common_buf raw = COMMON_BUF_INIT;
    int rc = text_walk(node, &raw, 0);
    if (!rc)
        rc = common_buf_append(&raw, "", 0);
    if (!rc)
        rc = text_append_lines(b, raw.data);
    common_buf_free(&raw);
    return rc;
}

/* ---- what one walk over the DOM collects ------------------------------- */

typedef struct {
    GumboNode *h1, *title, *body, *description, *article, *main, *salary;
    const char *og_title, *og_url, *meta_description, *canonical, *company_attr;
} page_nodes;

static bool attr_has(GumboNode *n, const char *attr, const char *word)
{
    const char *v = html_attr(n, attr);
    return v && text_find(v, strlen(v), word);
}

/* "data-indeed-apply-jobcompanyname", "data-company-name" */
static const char *company_attribute(GumboNode *n)
{
    GumboVector *attrs = &n->v.element.attributes;
    for (unsigned i = 0; i < attrs->length; i++) {
        GumboAttribute *a = attrs->data[i];
        char key[64];
        text_key(a->name, key, sizeof(key));
        size_t k = strlen(key);
        if (k >= 12 && (!strcmp(key + k - 12, " companyname") || !strcmp(key + k - 11, "companyname") ||
                        !strcmp(key + k - 12, "company name")) && *a->value)
            return a->value;
    }
    return NULL;
}

static int find_nodes(GumboNode *n, page_nodes *p, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return 0;
    if (depth > PARSER_MAX_DOM_DEPTH)
        return common_error(COMMON_EFORMAT, "page: elements nested deeper than %d",
                            PARSER_MAX_DOM_DEPTH);
    GumboTag tag = n->v.element.tag;
    const char *prop = html_attr(n, "property"), *name = html_attr(n, "name");
    if (tag == GUMBO_TAG_H1 && !p->h1)
        p->h1 = n;
    else if (tag == GUMBO_TAG_TITLE && !p->title)
        p->title = n;
    else if (tag == GUMBO_TAG_BODY && !p->body)
        p->body = n;
    else if (tag == GUMBO_TAG_ARTICLE && !p->article)
        p->article = n;
    else if (tag == GUMBO_TAG_MAIN && !p->main)
        p->main = n;
    else if (tag == GUMBO_TAG_META && prop && !strcmp(prop, "og:title") && !p->og_title)
        p->og_title = html_attr(n, "content");
    else if (tag == GUMBO_TAG_META && name && !strcasecmp(name, "description") && !p->meta_description)
        p->meta_description = html_attr(n, "content");
    else if (tag == GUMBO_TAG_LINK && attr_has(n, "rel", "canonical") && !p->canonical)
        p->canonical = html_attr(n, "href");
    else if (tag == GUMBO_TAG_META && prop && !strcmp(prop, "og:url") && !p->og_url)
        p->og_url = html_attr(n, "content");
    if (!p->description && tag != GUMBO_TAG_META && tag != GUMBO_TAG_BODY && !skipped(tag) &&
        (attr_has(n, "id", "description") || attr_has(n, "class", "description") ||
         attr_has(n, "itemprop", "description")))
        p->description = n;
    if (!p->salary && tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_META && !skipped(tag) &&
        (attr_has(n, "data-qa", "salary") || attr_has(n, "class", "salary") ||
         attr_has(n, "id", "salary")))
        p->salary = n;
    if (!p->company_attr)
        p->company_attr = company_attribute(n);
    if (skipped(tag) && tag != GUMBO_TAG_HEAD)
        return 0;
    GumboVector *kids = &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        int rc = find_nodes(kids->data[i], p, depth + 1);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- labelled text ------------------------------------------------------ */

typedef enum { L_PAY, L_LOCATION, L_EMPLOYER, L_CLOSING, L_POSTED, L_HOURS, L_CONTRACT, L_NLABELS } label_kind;

static const struct {
    const char *label;
    label_kind kind;
} labels[] = {
    {"salary", L_PAY},          {"pay", L_PAY},            {"salary range", L_PAY},
    {"wage", L_PAY},            {"rate", L_PAY},           {"pay rate", L_PAY},
    {"remuneration", L_PAY},    {"salary grade", L_PAY},   {"grade", L_PAY},
    {"location", L_LOCATION},   {"job location", L_LOCATION}, {"work location", L_LOCATION},
    {"place of work", L_LOCATION}, {"based in", L_LOCATION}, {"town", L_LOCATION},
    {"school", L_EMPLOYER},     {"company", L_EMPLOYER},   {"employer", L_EMPLOYER},
    {"organisation", L_EMPLOYER}, {"organization", L_EMPLOYER}, {"recruiter", L_EMPLOYER},
    {"hiring organisation", L_EMPLOYER}, {"closing date", L_CLOSING},
    {"closing date for applications", L_CLOSING}, {"application deadline", L_CLOSING},
    {"deadline", L_CLOSING},    {"apply by", L_CLOSING},   {"closes", L_CLOSING},
    {"date posted", L_POSTED},  {"posted", L_POSTED},      {"posted on", L_POSTED},
    {"date listed", L_POSTED},  {"hours", L_HOURS},        {"working pattern", L_HOURS},
    {"working hours", L_HOURS}, {"contract", L_CONTRACT},  {"contract type", L_CONTRACT},
    {"contractual status", L_CONTRACT}, {"job type", L_CONTRACT},
    {"employment type", L_CONTRACT},
};

typedef struct {
    char *value[L_NLABELS];
} labelled;

/* The value of a "Label: value" line, or of a "Label:" line's next line.
 * Closing dates also read "Closing date for applications is 12 noon...". */
static const char *label_value(char *line, char *next, label_kind *kind)
{
    char key[96];
    const char *colon = strchr(line, ':');
    size_t head = colon ? (size_t)(colon - line) : strlen(line);
    if (head >= sizeof(key))
        head = sizeof(key) - 1;
    memcpy(key, line, head);
    key[head] = '\0';
    char k[96];
    text_key(key, k, sizeof(k));
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (!strcmp(k, labels[i].label)) {
            *kind = labels[i].kind;
            const char *v = colon ? colon + 1 : line + head;
            while (*v == ' ')
                v++;
            return *v ? v : (colon ? next : NULL);
        }
    }
    /* "...must be submitted by 12 noon on Tuesday 20 March 2018" */
    static const char *const closing[] = {"closing date", "submitted by", "received by",
                                          "returned by", "applications by", "apply by"};
    for (size_t i = 0; i < sizeof(closing) / sizeof(closing[0]); i++) {
        const char *at = text_find(line, strlen(line), closing[i]);
        if (at) {
            *kind = L_CLOSING;
            at += strlen(closing[i]);
            if (strlen(at) > HTML_LABEL_VALUE_MAX)
                line[(size_t)(at - line) + HTML_LABEL_VALUE_MAX] = '\0';
            return at;
        }
    }
    return NULL;
}

static int read_labels(const char *text, labelled *out)
{
    char *copy = common_strdup(text);
    if (!copy)
        return COMMON_ENOMEM;
    char *save = NULL;
    char *line = strtok_r(copy, "\n", &save);
    int rc = 0;
    while (line && !rc) {
        char *next = strtok_r(NULL, "\n", &save);
        label_kind kind;
        const char *v = label_value(line, next, &kind);
        if (v && strlen(v) <= HTML_LABEL_VALUE_MAX && !out->value[kind])
            rc = (out->value[kind] = common_strdup(v)) ? 0 : COMMON_ENOMEM;
        line = next;
    }
    free(copy);
    return rc;
}

/* ---- embedded state JSON -------------------------------------------- */

/* The string value of "key":"..." in the raw page (script state), or NULL. */
static char *state_value(const char *html, size_t n, const char *key)
{
    char pat[48];
    snprintf(pat, sizeof(pat), "\"%s\":\"", key);
    const char *s = text_find(html, n, pat);
    if (!s)
        return NULL;
    const char *v = s + strlen(pat) - 1; /* at the opening quote */
    size_t i = 1, max = n - (size_t)(v - html);
    for (; i < max && i < HTML_STATE_VALUE_MAX && v[i] != '"'; i++)
        if (v[i] == '\\')
            i++;
    if (i >= max || v[i] != '"')
        return NULL;
    json_t *j = json_loadb(v, i + 1, JSON_DECODE_ANY, NULL);
    char *out = json_is_string(j) && *json_string_value(j) ? common_strdup(json_string_value(j)) : NULL;
    json_decref(j);
    return out;
}

/* ---- filling the record ------------------------------------------------- */

static int set_text_of(char **field, GumboNode *n)
{
    common_buf b = COMMON_BUF_INIT;
    int rc = html_text(n, &b);
    if (!rc && b.data) {
        for (char *c = b.data; *c; c++)
            if (*c == '\n')
                *c = ' ';
        text_squeeze(b.data);
        if (*b.data)
            rc = vacancy_set(field, b.data);
    }
    common_buf_free(&b);
    return rc;
}

static int fill_title(page_nodes *pn, vacancy *out, char *state_title)
{
    int rc = 0;
    if (pn->h1)
        rc = set_text_of(&out->title, pn->h1);
    if (!rc && !out->title && state_title)
        rc = vacancy_set(&out->title, state_title);
    if (!rc && !out->title && pn->og_title)
        rc = vacancy_set(&out->title, pn->og_title);
    if (!rc && !out->title && pn->title)
        rc = set_text_of(&out->title, pn->title);
    if (out->title) {
        text_squeeze(out->title);
        out->from.title = VACANCY_FROM_HTML;
    }
    return rc;
}

static int fill_description(page_nodes *pn, vacancy *out)
{
    GumboNode *tries[] = {pn->description, pn->article, pn->main};
    common_buf b = COMMON_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]) && !rc && !b.len; i++)
        if (tries[i])
            rc = html_text(tries[i], &b);
    if (!rc && b.len)
        rc = vacancy_set(&out->description, b.data);
    else if (!rc && pn->meta_description)
        rc = vacancy_set(&out->description, pn->meta_description);
    if (out->description)
        out->from.description = VACANCY_FROM_HTML;
    common_buf_free(&b);
    return rc;
}

static int fill_pay(const parser *p, page_nodes *pn, const labelled *l, char *state_pay,
                    vacancy *out)
{
    int rc = 0;
    char *visible = NULL;
    if (pn->salary) {
        common_buf b = COMMON_BUF_INIT;
        rc = html_text(pn->salary, &b);
        if (!rc && b.data && *b.data && strlen(b.data) <= HTML_LABEL_VALUE_MAX)
            visible = common_buf_detach(&b);
        common_buf_free(&b);
    }
    bool have = !isnan(out->pay.min) || !isnan(out->pay.max) || out->pay.flags;
    const char *text = state_pay ? state_pay : l->value[L_PAY] ? l->value[L_PAY] : visible;
    if (!rc && !have && text) {
        rc = parser_pay_text(p, text, &out->pay);
        if (!rc)
            out->from.pay = VACANCY_FROM_HTML;
        else if (rc == COMMON_ENOTFOUND)
            rc = 0;
    } else if (!rc && have && !out->pay.raw && (visible || text)) {
        /* Markup gave the amounts: keep what the page showed as the raw text. */
        rc = vacancy_set(&out->pay.raw, visible ? visible : text);
    }
    free(visible);
    return rc;
}

static int fill_location(const parser *p, const labelled *l, char *state_loc, vacancy *out)
{
    if (out->location.raw)
        return 0;
    const char *text = state_loc ? state_loc : l->value[L_LOCATION];
    if (!text)
        return 0;
    int rc = parser_location_text(p, text, &out->location);
    if (!rc)
        out->from.location = VACANCY_FROM_HTML;
    return rc == COMMON_ENOTFOUND ? 0 : rc;
}

static int fill_terms(const labelled *l, vacancy *out)
{
    if (!out->date_posted.year && l->value[L_POSTED] &&
        !parser_date_text(l->value[L_POSTED], &out->date_posted))
        out->from.dates = VACANCY_FROM_HTML;
    if (!out->closing_date.year && l->value[L_CLOSING] &&
        !parser_date_text(l->value[L_CLOSING], &out->closing_date))
        out->from.dates = VACANCY_FROM_HTML;
    if (out->hours == VACANCY_HOURS_UNKNOWN && out->contract == VACANCY_CONTRACT_UNKNOWN &&
        !out->employment_type) {
        common_buf b = COMMON_BUF_INIT;
        int rc = 0;
        for (label_kind k = L_HOURS; k <= L_CONTRACT && !rc; k++)
            if (l->value[k])
                rc = common_buf_printf(&b, "%s%s", b.len ? ", " : "", l->value[k]);
        if (!rc && b.len) {
            rc = vacancy_set(&out->employment_type, b.data);
            fields_employment_type(b.data, out);
            out->from.terms = VACANCY_FROM_HTML;
        }
        common_buf_free(&b);
        if (rc)
            return rc;
    }
    common_clear_error();
    return 0;
}

int html_fill(const parser *p, GumboNode *root, const char *html, size_t n, vacancy *out)
{
    page_nodes pn = {0};
    labelled l = {{0}};
    common_buf text = COMMON_BUF_INIT;
    char *state[4] = {state_value(html, n, "jobTitle"), state_value(html, n, "jobLocation"),
                      state_value(html, n, "salaryText"), state_value(html, n, "companyName")};
    int rc = find_nodes(root, &pn, 0);
    if (!rc && pn.body)
        rc = html_text(pn.body, &text);
    if (!rc && text.data)
        rc = read_labels(text.data, &l);
    if (!rc && !out->title)
        rc = fill_title(&pn, out, state[0]);
    const char *employer = l.value[L_EMPLOYER] ? l.value[L_EMPLOYER]
                           : state[3]          ? state[3]
                                               : pn.company_attr;
    if (!rc && !out->employer && employer && !(rc = vacancy_set(&out->employer, employer)))
        out->from.employer = VACANCY_FROM_HTML;
    if (!rc && !out->description)
        rc = fill_description(&pn, out);
    if (!rc && !out->canonical_url && (pn.canonical || pn.og_url))
        rc = vacancy_set(&out->canonical_url, pn.canonical ? pn.canonical : pn.og_url);
    if (!rc)
        rc = fill_pay(p, &pn, &l, state[2], out);
    if (!rc)
        rc = fill_location(p, &l, state[1], out);
    if (!rc)
        rc = fill_terms(&l, out);
    for (int i = 0; i < L_NLABELS; i++)
        free(l.value[i]);
    for (int i = 0; i < 4; i++)
        free(state[i]);
    common_buf_free(&text);
    return rc;
}
