/* text.c - small text helpers: entities, tag stripping, lookup keys.
 *
 * These work on raw strings so that JSON-LD pages never need a DOM. */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The named references real adverts use; anything else is kept verbatim. */
static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", 0xA0}, {"pound", 0xA3}, {"euro", 0x20AC}, {"dollar", '$'},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"bull", 0x2022},
    {"middot", 0xB7}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
    {"eacute", 0xE9}, {"egrave", 0xE8}, {"aacute", 0xE1}, {"agrave", 0xE0},
    {"ecirc", 0xEA}, {"ccedil", 0xE7}, {"ouml", 0xF6}, {"uuml", 0xFC},
    {"auml", 0xE4}, {"iacute", 0xED}, {"oacute", 0xF3}, {"uacute", 0xFA},
    {"ntilde", 0xF1}, {"szlig", 0xDF}, {"deg", 0xB0}, {"frac12", 0xBD},
    {"times", 0xD7}, {"sol", '/'}, {"colon", ':'}, {"comma", ','},
    {"period", '.'}, {"lpar", '('}, {"rpar", ')'}, {"num", '#'},
};

#define ENTITY_NAME_MAX 10

/* Decode the reference at s (which starts with '&'); returns bytes used or 0. */
static size_t entity_at(const char *s, size_t n, uint32_t *cp)
{
    if (n < 3)
        return 0;
    if (s[1] == '#') {
        size_t i = 2;
        int base = 10;
        if (i < n && (s[i] == 'x' || s[i] == 'X')) {
            base = 16;
            i++;
        }
        uint32_t v = 0;
        size_t digits = 0;
        for (; i < n && isxdigit((unsigned char)s[i]) && (base == 16 || isdigit((unsigned char)s[i]));
             i++, digits++) {
            if (v > 0x10FFFF)
                return 0;
            v = v * base + (uint32_t)(isdigit((unsigned char)s[i]) ? s[i] - '0'
                                                                 : (tolower((unsigned char)s[i]) - 'a' + 10));
        }
        if (!digits || v > 0x10FFFF)
            return 0;
        /* Numeric references in the C1 range mean Windows-1252 (HTML5). */
        if (v == 0x80) v = 0x20AC;
        if (v == 0x96) v = 0x2013;
        if (v == 0x97) v = 0x2014;
        if (v == 0x92) v = 0x2019;
        *cp = v ? v : 0xFFFD;
        return i < n && s[i] == ';' ? i + 1 : i;
    }
    size_t i = 1;
    while (i < n && i <= ENTITY_NAME_MAX && isalnum((unsigned char)s[i]))
        i++;
    if (i == 1 || i >= n || s[i] != ';')
        return 0;
    for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]); e++) {
        if (strlen(entities[e].name) == i - 1 && !strncmp(entities[e].name, s + 1, i - 1)) {
            *cp = entities[e].cp;
            return i + 1;
        }
    }
    return 0;
}

int text_decode_entities(common_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
        int rc = common_buf_append(b, s + i, run);
        if (rc)
            return rc;
        i += run;
        if (i >= n)
            break;
        uint32_t cp;
        size_t used = entity_at(s + i, n - i, &cp);
        rc = used ? common_utf8_put(b, cp) : common_buf_putc(b, '&');
        if (rc)
            return rc;
        i += used ? used : 1;
    }
    return common_buf_append(b, "", 0);
}

static const char *const block_tags[] = {
    "p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "section", "article", "header", "footer", "dt", "dd", "blockquote", "hr",
};

static bool is_block_tag(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof(block_tags) / sizeof(block_tags[0]); i++)
        if (strlen(block_tags[i]) == n && !strncasecmp(block_tags[i], name, n))
            return true;
    return false;
}

/* Skip a tag starting at s[0] == '<'; returns its length and whether it is
 * a block element, or 0 when '<' does not start a tag. */
static size_t tag_at(const char *s, size_t n, bool *block)
{
    size_t i = 1;
    if (i < n && s[i] == '/')
        i++;
    size_t name = i;
    while (i < n && isalnum((unsigned char)s[i]))
        i++;
    if (i == name && !(i < n && s[i] == '!'))
        return 0;
    *block = is_block_tag(s + name, i - name);
    const char *end = memchr(s + i, '>', n - i);
    return end ? (size_t)(end - s) + 1 : n;
}

int text_from_html(common_buf *b, const char *s, size_t n)
{
    common_buf raw = COMMON_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < n && !rc;) {
        bool block = false;
        size_t t = s[i] == '<' ? tag_at(s + i, n - i, &block) : 0;
        if (t) {
            if (block)
                rc = common_buf_putc(&raw, '\n');
            i += t;
            continue;
        }
        const char *lt = memchr(s + i + 1, '<', n - i - 1);
        size_t run = lt ? (size_t)(lt - (s + i)) : n - i;
        rc = common_buf_append(&raw, s + i, run);
        i += run;
    }
    if (!rc)
        rc = common_buf_append(&raw, "", 0);
    if (!rc) {
        common_buf dec = COMMON_BUF_INIT;
        rc = text_decode_entities(&dec, raw.data, raw.len);
        if (!rc)
            rc = text_append_lines(b, dec.data);
        common_buf_free(&dec);
    }
    common_buf_free(&raw);
    return rc;
}

int text_append_lines(common_buf *b, char *text)
{
    char *save = NULL;
    int rc = 0;
    for (char *line = strtok_r(text, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
        text_squeeze(line);
        if (*line)
            rc = common_buf_printf(b, "%s%s", b->len ? "\n" : "", line);
    }
    return rc ? rc : common_buf_append(b, "", 0);
}

void text_squeeze(char *s)
{
    char *w = s;
    bool space = true; /* drops leading blanks */
    for (const unsigned char *r = (const unsigned char *)s; *r;) {
        size_t blank = 0;
        if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n' || *r == '\f' || *r == '\v')
            blank = 1;
        else if (r[0] == 0xC2 && r[1] == 0xA0)
            blank = 2; /* NBSP */
        if (blank) {
            if (!space)
                *w++ = ' ';
            space = true;
            r += blank;
            continue;
        }
        *w++ = (char)*r++;
        space = false;
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
}

void text_key(const char *s, char *out, size_t outsz)
{
    size_t w = 0;
    bool gap = false;
    if (!outsz)
        return;
    for (const unsigned char *r = (const unsigned char *)s; *r && w + 5 < outsz; r++) {
        if (isalnum(*r) || *r >= 0x80) {
            if (gap && w)
                out[w++] = ' ';
            gap = false;
            out[w++] = (char)tolower(*r);
        } else if (*r == '&') {
            if (w)
                out[w++] = ' ';
            memcpy(out + w, "and", 3);
            w += 3;
            gap = true;
        } else if (*r != '\'' && *r != '.') {
            gap = true; /* "St. Albans" = "St Albans", "King's" = "Kings" */
        }
    }
    out[w] = '\0';
}

const char *text_find(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (!m || m > n)
        return NULL;
    int first = tolower((unsigned char)needle[0]);
    for (size_t i = 0; i + m <= n; i++)
        if (tolower((unsigned char)s[i]) == first && !strncasecmp(s + i, needle, m))
            return s + i;
    return NULL;
}

bool text_has_word(const char *s, const char *word)
{
    size_t n = strlen(s), m = strlen(word);
    for (const char *p = s; (p = text_find(p, n - (size_t)(p - s), word)); p++) {
        bool left = p == s || !isalnum((unsigned char)p[-1]);
        bool right = !isalnum((unsigned char)p[m]);
        if (left && right)
            return true;
    }
    return false;
}
