/* url.c - URL canonicalisation and reference resolution (RFC 3986).
 *
 * One URL must have one spelling, so the frontier fetches each page once:
 * scheme and host are lower-cased, default ports, fragments and tracking or
 * session parameters dropped, the query sorted, percent-encoding normalised
 * (hex upper case, unreserved characters decoded, everything else that may
 * not appear raw encoded) and dot segments removed. Input is hostile: every
 * length is bounded and anything we cannot read with certainty is refused
 * rather than guessed. */
#include "crawler/crawler.h"
#include "crawler/internal.h"
#include "common/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define URL_HOST_MAX 253       /* DNS name limit; IPv6 literals are shorter */
#define URL_MAX_PARAMS 256     /* query parameters kept */

/* Parameters that identify a visit or a campaign, not a page. Compared
 * case-insensitively with the parameter name as written; a trailing '*'
 * matches any suffix. */
static const char *const tracking_params[] = {
    "utm_*", "gclid", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "yclid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "igshid", "mkt_tok",
    "sessionid", "session_id", "jsessionid", "phpsessid", "aspsessionid*", "sid",
    "cfid", "cftoken",
};

typedef struct {
    const char *p;
    size_t n;
    bool has;
} span;

typedef struct {
    span scheme, authority, path, query;
} uri;

static bool is_unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* Characters that may stay raw in a path or query (RFC 3986 pchar plus
 * '/' and '?'); '%' is handled separately. */
static bool is_raw_ok(unsigned char c)
{
    return is_unreserved(c) || strchr("!$&'()*+,;=:@/?", c) != NULL;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Split a reference into its components (RFC 3986 appendix B). The
 * fragment is dropped: it never reaches the server. */
static void split(const char *s, size_t n, uri *u)
{
    memset(u, 0, sizeof(*u));
    size_t i = 0;
    if (n && isalpha((unsigned char)s[0])) {
        size_t j = 1;
        while (j < n && (isalnum((unsigned char)s[j]) || strchr("+-.", s[j])))
            j++;
        if (j < n && s[j] == ':') {
            u->scheme = (span){s, j, true};
            i = j + 1;
        }
    }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t j = i + 2;
        while (j < n && !strchr("/?#", s[j]))
            j++;
        u->authority = (span){s + i + 2, j - i - 2, true};
        i = j;
    }
    size_t j = i;
    while (j < n && s[j] != '?' && s[j] != '#')
        j++;
    u->path = (span){s + i, j - i, true};
    i = j;
    if (i < n && s[i] == '?') {
        j = i + 1;
        while (j < n && s[j] != '#')
            j++;
        u->query = (span){s + i + 1, j - i - 1, true};
    }
}

/* RFC 3986 section 5.2.4, in place over b->data[start..). */
static void remove_dot_segments(common_buf *b, size_t start)
{
    char *in = b->data + start, *out = in;
    size_t n = b->len - start, i = 0;
    while (i < n) {
        const char *p = in + i;
        size_t left = n - i;
        if (left >= 3 && !memcmp(p, "../", 3)) {
            i += 3;
        } else if (left >= 2 && !memcmp(p, "./", 2)) {
            i += 2;
        } else if (left >= 3 && !memcmp(p, "/./", 3)) {
            i += 2;
        } else if (left == 2 && !memcmp(p, "/.", 2)) {
            in[i + 1] = '/';
            i += 1;
        } else if ((left >= 4 && !memcmp(p, "/../", 4)) || (left == 3 && !memcmp(p, "/..", 3))) {
            i += 3;
            if (left == 3)
                in[--i] = '/';
            while (out > b->data + start && *--out != '/')
                ;
        } else if ((left == 1 && p[0] == '.') || (left == 2 && !memcmp(p, "..", 2))) {
            i = n;
        } else {
            do
                *out++ = in[i++];
            while (i < n && in[i] != '/');
        }
    }
    b->len = (size_t)(out - b->data);
    b->data[b->len] = '\0';
}

/* Append s[0..n) with percent-encoding normalised (RFC 3986 6.2.2): valid
 * escapes in upper-case hex, escaped unreserved characters decoded, other
 * bytes kept when allowed raw in a path or query, else encoded (a stray
 * '%' too). */
static int put_encoded(common_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int rc;
        if (c == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0
            && hexval((unsigned char)s[i + 2]) >= 0) {
            unsigned char v = (unsigned char)(hexval((unsigned char)s[i + 1]) * 16
                                              + hexval((unsigned char)s[i + 2]));
            i += 2;
            if (is_unreserved(v)) {
                rc = common_buf_putc(b, (char)v);
            } else {
                char e[3] = {'%', hex[v >> 4], hex[v & 15]};
                rc = common_buf_append(b, e, 3);
            }
        } else if (c != '%' && is_raw_ok(c)) {
            rc = common_buf_putc(b, (char)c);
        } else { /* a stray '%', a space, a control or a non-ASCII byte */
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            rc = common_buf_append(b, e, 3);
        }
        if (rc)
            return rc;
    }
    return 0;
}

static bool name_is_tracking(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof(tracking_params) / sizeof(tracking_params[0]); i++) {
        const char *t = tracking_params[i];
        size_t tn = strlen(t);
        if (t[tn - 1] == '*') {
            if (n >= tn - 1 && !strncasecmp(name, t, tn - 1))
                return true;
        } else if (n == tn && !strncasecmp(name, t, n)) {
            return true;
        }
    }
    return false;
}

/* Drop ";jsessionid=..." style path parameters: a session, not a page. */
static void drop_path_sessions(common_buf *b, size_t start)
{
    char *p = b->data + start;
    char *semi;
    while ((semi = strchr(p, ';')) != NULL) {
        size_t name_len = strcspn(semi + 1, "=/;");
        char *end = semi + 1 + strcspn(semi + 1, "/;");
        if (semi[1 + name_len] == '=' && name_is_tracking(semi + 1, name_len)) {
            size_t tail = strlen(end);
            memmove(semi, end, tail + 1);
            b->len -= (size_t)(end - semi);
            p = semi;
        } else {
            p = semi + 1;
        }
    }
}

typedef struct {
    const char *p;
    size_t n;
    size_t order;
} param;

static int param_cmp(const void *a, const void *b)
{
    const param *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->p, y->p, n);
    if (c)
        return c;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Normalise and sort the query; tracking parameters and empty pieces go. */
static int put_query(common_buf *b, const char *url, const char *q, size_t n)
{
    common_buf enc = COMMON_BUF_INIT;
    int rc = put_encoded(&enc, q, n);
    if (rc)
        goto done;
    param params[URL_MAX_PARAMS];
    size_t np = 0;
    for (size_t i = 0; enc.data && i <= enc.len;) {
        size_t len = strcspn(enc.data + i, "&");
        const char *p = enc.data + i;
        size_t name_len = strcspn(p, "=&");
        if (name_len > len)
            name_len = len;
        if (len > 0 && !name_is_tracking(p, name_len)) {
            if (np == URL_MAX_PARAMS) {
                rc = common_error(COMMON_EINVAL, "%s: more than %d query parameters", url,
                                  URL_MAX_PARAMS);
                goto done;
            }
            params[np] = (param){p, len, np};
            np++;
        }
        i += len + 1;
    }
    qsort(params, np, sizeof(params[0]), param_cmp);
    for (size_t i = 0; i < np && !rc; i++) {
        rc = common_buf_putc(b, i ? '&' : '?');
        if (!rc)
            rc = common_buf_append(b, params[i].p, params[i].n);
    }
done:
    common_buf_free(&enc);
    return rc;
}

/* Host (lower case; reg-name or bracketed IPv6) and port (default dropped). */
static int put_authority(common_buf *b, const char *url, span a, bool https)
{
    if (memchr(a.p, '@', a.n))
        return common_error(COMMON_EINVAL, "%s: credentials in URLs are not accepted", url);
    const char *host = a.p;
    size_t host_len;
    if (a.n && a.p[0] == '[') {
        const char *close = memchr(a.p, ']', a.n);
        if (!close)
            return common_error(COMMON_EINVAL, "%s: unterminated IPv6 address", url);
        host_len = (size_t)(close - a.p) + 1;
        for (size_t i = 1; i + 1 < host_len; i++)
            if (!isxdigit((unsigned char)host[i]) && host[i] != ':' && host[i] != '.')
                return common_error(COMMON_EINVAL, "%s: bad IPv6 address", url);
    } else {
        const char *colon = memchr(a.p, ':', a.n);
        host_len = colon ? (size_t)(colon - a.p) : a.n;
        for (size_t i = 0; i < host_len; i++) {
            unsigned char c = (unsigned char)host[i];
            if (!isalnum(c) && c != '-' && c != '.' && c != '_')
                return common_error(COMMON_EINVAL,
                                    "%s: host has a character that is not allowed (0x%02X); "
                                    "international names must be given in punycode",
                                    url, c);
        }
    }
    const char *rest = a.p + host_len;
    size_t rest_n = a.n - host_len;
    if (rest_n && rest[0] != ':')
        return common_error(COMMON_EINVAL, "%s: junk after the host", url);
    if (host_len && (host[0] == '.' || memmem(host, host_len, "..", 2)))
        return common_error(COMMON_EINVAL, "%s: host has an empty label", url);
    if (host_len && host[host_len - 1] == '.') /* "example.com." is example.com */
        host_len--;
    if (host_len == 0 || host_len > URL_HOST_MAX)
        return common_error(COMMON_EINVAL, "%s: host is empty or longer than %d bytes", url,
                            URL_HOST_MAX);
    long port = 0;
    for (size_t i = 1; i < rest_n; i++) {
        if (!isdigit((unsigned char)rest[i]) || (port = port * 10 + (rest[i] - '0')) > 65535)
            return common_error(COMMON_EINVAL, "%s: bad port", url);
    }
    if (rest_n > 1 && port == 0)
        return common_error(COMMON_EINVAL, "%s: port 0", url);
    for (size_t i = 0; i < host_len; i++)
        if (common_buf_putc(b, (char)tolower((unsigned char)host[i])))
            return COMMON_ENOMEM;
    if (rest_n > 1 && port != (https ? 443 : 80))
        return common_buf_printf(b, ":%ld", port);
    return 0;
}

/* Canonicalise an absolute reference already split into u. */
static int canonical(const char *url, const uri *u, char **out)
{
    if (!u->scheme.has || !u->authority.has)
        return common_error(COMMON_EINVAL, "%s: not an absolute URL", url);
    bool https;
    if (u->scheme.n == 5 && !strncasecmp(u->scheme.p, "https", 5))
        https = true;
    else if (u->scheme.n == 4 && !strncasecmp(u->scheme.p, "http", 4))
        https = false;
    else
        return common_error(COMMON_EINVAL, "%s: only http and https URLs are crawled", url);
    common_buf b = COMMON_BUF_INIT;
    int rc = common_buf_puts(&b, https ? "https://" : "http://");
    if (!rc)
        rc = put_authority(&b, url, u->authority, https);
    size_t path_start = b.len;
    /* split() ends the authority at '/', so a path is empty or absolute */
    if (!rc)
        rc = u->path.n ? put_encoded(&b, u->path.p, u->path.n) : common_buf_putc(&b, '/');
    if (!rc) {
        remove_dot_segments(&b, path_start);
        drop_path_sessions(&b, path_start);
        if (b.len == path_start)
            rc = common_buf_putc(&b, '/');
    }
    if (!rc && u->query.has)
        rc = put_query(&b, url, u->query.p, u->query.n);
    if (!rc && b.len > CRAWLER_URL_MAX)
        rc = common_error(COMMON_EINVAL, "%s: canonical URL longer than %d bytes", url,
                          CRAWLER_URL_MAX);
    if (rc) {
        common_buf_free(&b);
        return rc;
    }
    *out = common_buf_detach(&b);
    return *out ? 0 : COMMON_ENOMEM;
}

/* Trim surrounding spaces and controls and drop tabs and newlines inside
 * (as browsers do: hrefs are often wrapped), refusing other controls. */
static int clean_input(const char *what, const char *s, common_buf *b, bool may_be_empty)
{
    if (!s)
        return common_error(COMMON_EINVAL, "%s: no URL", what);
    size_t n = strlen(s);
    if (n > CRAWLER_URL_MAX)
        return common_error(COMMON_EINVAL, "%s: URL longer than %d bytes", what,
                            CRAWLER_URL_MAX);
    while (n && (unsigned char)s[n - 1] <= ' ')
        n--;
    while (n && (unsigned char)*s <= ' ')
        s++, n--;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c < ' ' || c == 0x7F)
            return common_error(COMMON_EINVAL, "URL has a control character (0x%02X)", c);
        if (common_buf_putc(b, (char)c))
            return COMMON_ENOMEM;
    }
    if (!b->len && !may_be_empty)
        return common_error(COMMON_EINVAL, "%s: empty URL", what);
    return 0;
}

int crawler_url_canonical(const char *url, char **out)
{
    *out = NULL;
    common_buf in = COMMON_BUF_INIT;
    int rc = clean_input("url", url, &in, false);
    if (!rc) {
        uri u;
        split(in.data, in.len, &u);
        rc = canonical(in.data, &u, out);
    }
    common_buf_free(&in);
    return rc;
}

/* RFC 3986 section 5.2.3: merge a relative path with the base path. */
static int merge_path(common_buf *b, const uri *base, span ref)
{
    if (base->authority.has && base->path.n == 0)
        return common_buf_putc(b, '/') || common_buf_append(b, ref.p, ref.n) ? COMMON_ENOMEM : 0;
    const char *slash = NULL;
    for (size_t i = base->path.n; i-- > 0;)
        if (base->path.p[i] == '/') {
            slash = base->path.p + i;
            break;
        }
    if (slash && common_buf_append(b, base->path.p, (size_t)(slash - base->path.p) + 1))
        return COMMON_ENOMEM;
    return common_buf_append(b, ref.p, ref.n);
}

/* Build the target of RFC 3986 section 5.2.2 as a string. */
static int resolve(const uri *base, const uri *r, common_buf *t)
{
    const uri *auth_from = r, *scheme_from = r->scheme.has ? r : base;
    span path = r->path, query = r->query;
    common_buf merged = COMMON_BUF_INIT;
    int rc = 0;
    if (!r->scheme.has && !r->authority.has) {
        auth_from = base;
        if (r->path.n == 0) {
            path = base->path;
            if (!r->query.has)
                query = base->query;
        } else if (r->path.p[0] != '/') {
            rc = merge_path(&merged, base, r->path);
            path = (span){merged.data, merged.len, true};
        }
    }
    if (!rc)
        rc = common_buf_append(t, scheme_from->scheme.p, scheme_from->scheme.n);
    if (!rc)
        rc = common_buf_puts(t, "://");
    if (!rc && auth_from->authority.has)
        rc = common_buf_append(t, auth_from->authority.p, auth_from->authority.n);
    if (!rc && path.n)
        rc = common_buf_append(t, path.p, path.n);
    if (!rc && query.has)
        rc = common_buf_putc(t, '?') || common_buf_append(t, query.p, query.n) ? COMMON_ENOMEM
                                                                               : 0;
    common_buf_free(&merged);
    return rc;
}

int crawler_url_resolve(const char *base, const char *ref, char **out)
{
    *out = NULL;
    common_buf b = COMMON_BUF_INIT, r = COMMON_BUF_INIT, t = COMMON_BUF_INIT;
    int rc = clean_input("base", base, &b, false);
    if (!rc)
        rc = clean_input(base, ref, &r, true);
    uri bu, ru;
    if (!rc) {
        split(b.data, b.len, &bu);
        split(r.data ? r.data : "", r.len, &ru);
        if (!bu.scheme.has || !bu.authority.has)
            rc = common_error(COMMON_EINVAL, "%s: base is not an absolute URL", b.data);
        else if (ru.scheme.has && !ru.authority.has)
            rc = common_error(COMMON_EINVAL, "%s: '%s' has a scheme but no host", b.data,
                              r.data);
    }
    if (!rc)
        rc = resolve(&bu, &ru, &t);
    if (!rc) {
        uri tu;
        split(t.data, t.len, &tu);
        rc = canonical(t.data, &tu, out);
    }
    common_buf_free(&b);
    common_buf_free(&r);
    common_buf_free(&t);
    return rc;
}

int crawler_url_host(const char *canonical_url, char *out, size_t outsz)
{
    uri u;
    split(canonical_url, strlen(canonical_url), &u);
    size_t n = u.authority.n;
    if (n && u.authority.p[0] != '[') {
        const char *colon = memchr(u.authority.p, ':', n);
        if (colon)
            n = (size_t)(colon - u.authority.p);
    }
    if (!u.authority.has || n == 0 || n >= outsz)
        return common_error(COMMON_EINVAL, "%s: no host", canonical_url);
    memcpy(out, u.authority.p, n);
    out[n] = '\0';
    return 0;
}
