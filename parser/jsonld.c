/* jsonld.c - schema.org JobPosting from JSON-LD, without a DOM.
 *
 * Script blocks are found by a raw scan of the page, so a page whose JSON-LD
 * holds the JobPosting never pays for a full HTML parse. Real sites emit
 * JSON that strict parsers reject, so each block is first cleaned: trailing
 * commas dropped, control characters inside strings escaped, invalid
 * escapes ("\'") unescaped, comment or CDATA wrappers cut off. Nesting is
 * counted before jansson sees the text, so a deep block is an error. */
#include "internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool valid_escape(const char *s, size_t n)
{
    if (!n)
        return false;
    if (strchr("\"\\/bfnrt", s[0]))
        return true;
    if (s[0] != 'u' || n < 5)
        return false;
    for (int i = 1; i <= 4; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Next non-blank byte at or after i, or n. */
static size_t skip_blank(const char *s, size_t n, size_t i)
{
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    return i;
}

static int clean_string_byte(common_buf *b, const char *s, size_t n, size_t *i, bool *in_str)
{
    unsigned char c = (unsigned char)s[*i];
    if (c == '"') {
        *in_str = false;
        return common_buf_putc(b, '"');
    }
    if (c == '\\') {
        if (valid_escape(s + *i + 1, n - *i - 1)) {
            (*i)++;
            return common_buf_append(b, s + *i - 1, 2);
        }
        return 0; /* "\'" and friends: drop the backslash */
    }
    if (c < 0x20)
        return common_buf_puts(b, c == '\n' ? "\\n" : c == '\t' ? "\\t" : " ");
    return common_buf_putc(b, (char)c);
}

static int clean(const char *what, const char *s, size_t n, common_buf *b)
{
    size_t start = 0, end = n;
    while (start < n && s[start] != '{' && s[start] != '[')
        start++;
    while (end > start && s[end - 1] != '}' && s[end - 1] != ']')
        end--;
    if (start >= end)
        return common_error(COMMON_EFORMAT, "%s: no JSON object or array", what);
    bool in_str = false;
    int depth = 0, rc = 0;
    for (size_t i = start; i < end && !rc; i++) {
        char c = s[i];
        if (in_str) {
            rc = clean_string_byte(b, s, end, &i, &in_str);
            continue;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > PARSER_MAX_JSON_DEPTH)
                return common_error(COMMON_EFORMAT, "%s: nested deeper than %d levels", what,
                                    PARSER_MAX_JSON_DEPTH);
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ',') {
            size_t j = skip_blank(s, end, i + 1);
            if (j >= end || s[j] == '}' || s[j] == ']' || s[j] == ',')
                continue; /* trailing or doubled comma */
        } else if ((unsigned char)c < 0x20 && !isspace((unsigned char)c)) {
            continue;
        }
        rc = common_buf_putc(b, c);
    }
    return rc ? rc : common_buf_append(b, "", 0);
}

int jsonld_parse(const char *what, const char *s, size_t n, json_t **out)
{
    common_buf b = COMMON_BUF_INIT;
    *out = NULL;
    int rc = clean(what, s, n, &b);
    if (!rc) {
        json_error_t err;
        *out = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
        if (!*out)
            rc = common_error(COMMON_EFORMAT, "%s: line %d column %d: %s", what, err.line,
                              err.column, err.text);
    }
    common_buf_free(&b);
    return rc;
}

static bool is_jobposting(json_t *obj)
{
    json_t *type = json_object_get(obj, "@type");
    if (json_is_string(type)) {
        const char *t = json_string_value(type);
        const char *slash = strrchr(t, '/'); /* "http://schema.org/JobPosting" */
        return !strcasecmp(slash ? slash + 1 : t, "JobPosting");
    }
    size_t i;
    json_t *v;
    json_array_foreach(type, i, v)
        if (json_is_string(v) && !strcasecmp(json_string_value(v), "JobPosting"))
            return true;
    return false;
}

json_t *jsonld_find_jobposting(json_t *root, int depth)
{
    if (depth > PARSER_MAX_JSON_DEPTH)
        return NULL;
    if (json_is_object(root)) {
        if (is_jobposting(root))
            return root;
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v) {
            json_t *found = jsonld_find_jobposting(v, depth + 1);
            if (found)
                return found;
        }
    } else if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v) {
            json_t *found = jsonld_find_jobposting(v, depth + 1);
            if (found)
                return found;
        }
    }
    return NULL;
}

/* The next <script type="application/ld+json"> body after *pos. */
static bool next_block(const char *html, size_t n, size_t *pos, const char **body, size_t *len)
{
    const char *s = html + *pos;
    size_t left = n - *pos;
    while ((s = text_find(s, left, "<script"))) {
        left = n - (size_t)(s - html);
        const char *gt = memchr(s, '>', left);
        if (!gt)
            return false;
        const char *start = gt + 1;
        const char *end = text_find(start, n - (size_t)(start - html), "</script");
        if (!end)
            end = html + n;
        *pos = (size_t)(end - html);
        if (text_find(s, (size_t)(gt - s), "ld+json")) {
            *body = start;
            *len = (size_t)(end - start);
            return true;
        }
        s = end;
        left = n - (size_t)(s - html);
    }
    return false;
}

int jsonld_page(const parser *p, const char *html, size_t n, vacancy *out)
{
    size_t pos = 0, len, blocks = 0;
    const char *body;
    while (next_block(html, n, &pos, &body, &len)) {
        if (++blocks > PARSER_MAX_JSONLD_BLOCKS)
            return common_error(COMMON_EFORMAT, "page: more than %d JSON-LD blocks",
                                PARSER_MAX_JSONLD_BLOCKS);
        json_t *root;
        if (jsonld_parse("json-ld", body, len, &root))
            continue; /* a broken block loses only itself */
        json_t *job = jsonld_find_jobposting(root, 0);
        int rc = job ? jobposting_fill(p, job, VACANCY_FROM_JSONLD, out) : 0;
        json_decref(root);
        if (rc)
            return rc;
        if (job)
            return 1;
    }
    common_clear_error();
    return 0;
}
