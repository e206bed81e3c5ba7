/* charset.c - page bytes into UTF-8.
 *
 * The charset comes from, in order: a byte-order mark, the Content-Type
 * header, a <meta> tag in the first bytes. Real UK pages still arrive in
 * ISO-8859-1 / Windows-1252 with "£" as the single byte 0xA3; following the
 * HTML standard, the ISO-8859-1 and ASCII labels are read as Windows-1252.
 * A page that claims UTF-8 but is not gets its stray bytes read as
 * Windows-1252 rather than rejected: the text is still worth having. */
#include "internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define CHARSET_META_SCAN 4096 /* the HTML standard's prescan window is 1024 */
#define CHARSET_NAME_MAX 32

typedef enum { CS_UNKNOWN, CS_UTF8, CS_CP1252, CS_LATIN9, CS_UTF16LE, CS_UTF16BE } charset;

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
    0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static charset charset_by_name(const char *s, size_t n)
{
    char name[CHARSET_NAME_MAX];
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < sizeof(name); i++)
        if (s[i] != '"' && s[i] != '\'' && !isspace((unsigned char)s[i]))
            name[w++] = (char)tolower((unsigned char)s[i]);
    name[w] = '\0';
    static const struct {
        const char *label;
        charset cs;
    } labels[] = {
        {"utf-8", CS_UTF8}, {"utf8", CS_UTF8}, {"unicode-1-1-utf-8", CS_UTF8},
        {"iso-8859-1", CS_CP1252}, {"iso8859-1", CS_CP1252}, {"latin1", CS_CP1252},
        {"latin-1", CS_CP1252}, {"l1", CS_CP1252}, {"windows-1252", CS_CP1252},
        {"cp1252", CS_CP1252}, {"x-cp1252", CS_CP1252}, {"us-ascii", CS_CP1252},
        {"ascii", CS_CP1252}, {"iso_8859-1", CS_CP1252}, {"iso-8859-15", CS_LATIN9},
        {"latin9", CS_LATIN9}, {"iso8859-15", CS_LATIN9}, {"utf-16le", CS_UTF16LE},
        {"utf-16", CS_UTF16LE}, {"utf-16be", CS_UTF16BE},
    };
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (!strcmp(name, labels[i].label))
            return labels[i].cs;
    return CS_UNKNOWN;
}

/* "text/html; charset=ISO-8859-1" -> the charset. */
static charset charset_in_value(const char *s, size_t n)
{
    const char *c = text_find(s, n, "charset");
    if (!c)
        return CS_UNKNOWN;
    const char *end = s + n;
    c += strlen("charset");
    while (c < end && (isspace((unsigned char)*c) || *c == '=' || *c == '"' || *c == '\''))
        c++;
    const char *v = c;
    while (c < end && (isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == ':'))
        c++;
    return charset_by_name(v, (size_t)(c - v));
}

static charset charset_from_meta(const char *body, size_t len)
{
    size_t n = len < CHARSET_META_SCAN ? len : CHARSET_META_SCAN;
    for (const char *m = body; (m = text_find(m, n - (size_t)(m - body), "<meta")); m++) {
        const char *gt = memchr(m, '>', n - (size_t)(m - body));
        if (!gt)
            break;
        charset cs = charset_in_value(m, (size_t)(gt - m));
        if (cs != CS_UNKNOWN)
            return cs;
    }
    return CS_UNKNOWN;
}

static int put_single_byte(common_buf *out, unsigned char c, charset cs)
{
    uint32_t cp = c;
    if (cs == CS_LATIN9) {
        static const struct { unsigned char byte; uint16_t cp; } latin9[] = {
            {0xA4, 0x20AC}, {0xA6, 0x0160}, {0xA8, 0x0161}, {0xB4, 0x017D},
            {0xB8, 0x017E}, {0xBC, 0x0152}, {0xBD, 0x0153}, {0xBE, 0x0178},
        };
        for (size_t i = 0; i < sizeof(latin9) / sizeof(latin9[0]); i++)
            if (latin9[i].byte == c)
                cp = latin9[i].cp;
    } else if (c >= 0x80 && c < 0xA0) {
        cp = cp1252_c1[c - 0x80] ? cp1252_c1[c - 0x80] : 0xFFFD;
    }
    return common_utf8_put(out, cp);
}

/* UTF-8, with any invalid byte read as Windows-1252. */
static int decode_utf8(const char *s, size_t n, common_buf *out)
{
    if (common_utf8_valid(s, n))
        return common_buf_append(out, s, n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        size_t k = (unsigned char)s[i] < 0x80 ? 1
                   : common_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k) {
            rc = common_buf_append(out, s + i, k);
            i += k;
        } else {
            rc = put_single_byte(out, (unsigned char)s[i], CS_CP1252);
            i++;
        }
    }
    return rc;
}

static int decode_utf16(const char *s, size_t n, bool be, common_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    int rc = 0;
    for (size_t i = 0; i + 1 < n && !rc; i += 2) {
        uint32_t cp = be ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
        if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < n) {
            uint32_t lo = be ? (uint32_t)(u[i + 2] << 8 | u[i + 3])
                             : (uint32_t)(u[i + 3] << 8 | u[i + 2]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        rc = common_utf8_put(out, cp ? cp : 0xFFFD);
    }
    return rc;
}

int charset_decode(const char *body, size_t len, const char *content_type, common_buf *out)
{
    const unsigned char *u = (const unsigned char *)body;
    charset cs = CS_UNKNOWN;
    bool bom = true;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        cs = CS_UTF8;
        body += 3;
        len -= 3;
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        cs = CS_UTF16LE;
        body += 2;
        len -= 2;
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        cs = CS_UTF16BE;
        body += 2;
        len -= 2;
    } else {
        bom = false;
    }
    if (cs == CS_UNKNOWN && content_type)
        cs = charset_in_value(content_type, strlen(content_type));
    if (cs == CS_UNKNOWN)
        cs = charset_from_meta(body, len);
    /* A meta tag cannot claim UTF-16: the bytes it was read from were ASCII. */
    if (!bom && (cs == CS_UTF16LE || cs == CS_UTF16BE) && len >= 2 && u[0] != 0 && u[1] != 0)
        cs = CS_UTF8;
    int rc = 0;
    switch (cs) {
    case CS_UTF16LE:
    case CS_UTF16BE:
        rc = decode_utf16(body, len, cs == CS_UTF16BE, out);
        break;
    case CS_CP1252:
    case CS_LATIN9:
        for (size_t i = 0; i < len && !rc; i++)
            rc = (unsigned char)body[i] < 0x80 ? common_buf_putc(out, body[i])
                                               : put_single_byte(out, (unsigned char)body[i], cs);
        break;
    default: /* UTF-8 or undeclared: UTF-8 when it is, else Windows-1252 bytes */
        rc = decode_utf8(body, len, out);
        break;
    }
    return rc ? rc : common_buf_append(out, "", 0);
}
