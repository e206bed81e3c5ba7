/* robots.c - robots.txt parsing and matching (RFC 9309).
 *
 * Groups start with one or more user-agent lines; rules (allow, disallow)
 * belong to the group above them; other lines (sitemap, unknown keys) do
 * not end a run of user-agent lines. Blank lines mean nothing. Every group
 * naming the crawler's product token applies, merged; only when none does,
 * the '*' groups apply. The longest matching pattern decides, allow winning
 * a tie. Patterns have their non-ASCII octets percent-encoded, and both
 * patterns and paths their escapes in upper case (RFC 9309 section 2.2.2).
 *
 * The file is hostile input: it is cut at CRAWLER_ROBOTS_MAX_BYTES, lines at
 * ROBOTS_MAX_LINE, and matching is O(pattern x path) without backtracking. */
#include "crawler/crawler.h"
#include "common/common.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ROBOTS_MAX_LINE (2083 * 8)    /* longer lines are cut (as Google does) */
#define ROBOTS_MAX_DELAY_S 86400.0    /* a larger Crawl-delay is clamped */

typedef struct {
    char *pattern;   /* normalised, for matching */
    char *written;   /* as written, for explaining */
    size_t len;      /* priority: length of the normalised pattern */
    size_t line;
    bool allow;
} rule;

typedef struct {
    char **agents;   /* product tokens; "*" for the global group */
    size_t nagents;
    rule *rules;
    size_t nrules;
    double crawl_delay; /* -1 when not given */
} group;

typedef enum { POLICY_PARSED, POLICY_ALLOW_ALL, POLICY_DISALLOW_ALL } policy;

struct crawler_robots {
    policy policy;
    int status;
    group *groups;
    size_t ngroups;
    char **sitemaps;
    size_t nsitemaps;
};

/* ---- percent-encoding ------------------------------------------------------ */

/* The comparison form of a pattern (encode_high) or a URL path: escapes
 * in upper-case hex, and in patterns non-ASCII octets percent-encoded
 * (RFC 9309 section 2.2.2). Nothing is decoded and a URL's raw octets stay
 * raw: a URL must arrive encoded (the crawler's canonical URLs are), so
 * "/foo/bar/%62%61%7A" and "/foo/bar/baz" stay different, as the
 * reference conformance suite expects. */
static int normalise(common_buf *b, const char *s, size_t n, bool encode_high)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char e[3] = {'%', hex[c >> 4], hex[c & 15]};
        int rc;
        if (c == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1])
            && isxdigit((unsigned char)s[i + 2])) {
            e[1] = (char)toupper((unsigned char)s[i + 1]);
            e[2] = (char)toupper((unsigned char)s[i + 2]);
            i += 2;
            rc = common_buf_append(b, e, 3);
        } else if (c >= 0x80 && encode_high) {
            rc = common_buf_append(b, e, 3);
        } else {
            rc = common_buf_putc(b, (char)c);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- parsing --------------------------------------------------------------- */

typedef enum { KEY_UNKNOWN, KEY_AGENT, KEY_ALLOW, KEY_DISALLOW, KEY_SITEMAP, KEY_DELAY } key;

static bool starts(const char *k, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && !strncasecmp(k, word, w);
}

/* Keys as real files spell them, common typos included (as Google accepts). */
static key classify(const char *k, size_t n)
{
    if (starts(k, n, "user-agent") || starts(k, n, "useragent") || starts(k, n, "user agent"))
        return KEY_AGENT;
    if (starts(k, n, "allow"))
        return KEY_ALLOW;
    static const char *const disallow[] = {"disallow", "dissallow", "dissalow", "disalow",
                                           "diasllow", "disallaw"};
    for (size_t i = 0; i < sizeof(disallow) / sizeof(disallow[0]); i++)
        if (starts(k, n, disallow[i]))
            return KEY_DISALLOW;
    if (starts(k, n, "sitemap") || starts(k, n, "site-map"))
        return KEY_SITEMAP;
    if (starts(k, n, "crawl-delay") || starts(k, n, "crawldelay"))
        return KEY_DELAY;
    return KEY_UNKNOWN;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Split "key: value" (or, as Google accepts, "key value" when there are
 * exactly two words). Returns false for a line that is not a directive. */
static bool split_line(const char *s, size_t n, const char **k, size_t *kn, const char **v,
                       size_t *vn)
{
    const char *hash = memchr(s, '#', n);
    if (hash)
        n = (size_t)(hash - s);
    while (n && is_space(s[0]))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    if (!n)
        return false;
    const char *sep = memchr(s, ':', n);
    if (!sep) {
        sep = s;
        while (sep < s + n && !is_space(*sep))
            sep++;
        if (sep == s + n)
            return false;
        const char *val = sep;
        while (is_space(*val))
            val++;
        for (const char *p = val; p < s + n; p++)
            if (is_space(*p))
                return false; /* more than two words: not a directive */
    }
    *k = s;
    *kn = (size_t)(sep - s);
    while (*kn && is_space(s[*kn - 1]))
        (*kn)--;
    *v = sep + (sep < s + n && *sep == ':');
    while (*v < s + n && is_space(**v))
        (*v)++;
    *vn = (size_t)(s + n - *v);
    return *kn > 0;
}

typedef struct {
    crawler_robots *r;
    group *cur;      /* the group rules go to; NULL before any user-agent */
    bool in_agents;  /* the last directive was a user-agent line */
} parser;

static int add_agent(parser *p, const char *v, size_t vn)
{
    if (!p->in_agents || !p->cur) {
        group *g = common_realloc(p->r->groups, (p->r->ngroups + 1) * sizeof(*g));
        if (!g)
            return COMMON_ENOMEM;
        p->r->groups = g;
        p->cur = &g[p->r->ngroups++];
        memset(p->cur, 0, sizeof(*p->cur));
        p->cur->crawl_delay = -1;
    }
    p->in_agents = true;
    size_t tn = 0; /* the product token: letters, '-' and '_' (section 2.2.1) */
    if (vn && v[0] == '*' && (vn == 1 || is_space(v[1])))
        tn = 1;
    else
        while (tn < vn && (isalpha((unsigned char)v[tn]) || v[tn] == '-' || v[tn] == '_'))
            tn++;
    if (tn == 0)
        return 0;
    char **a = common_realloc(p->cur->agents, (p->cur->nagents + 1) * sizeof(*a));
    if (!a)
        return COMMON_ENOMEM;
    p->cur->agents = a;
    if (!(a[p->cur->nagents] = common_strndup(v, tn)))
        return COMMON_ENOMEM;
    p->cur->nagents++;
    return 0;
}

static int push_rule(group *g, bool allow, const char *v, size_t vn, const char *written,
                     size_t wn, size_t line)
{
    rule *rs = common_realloc(g->rules, (g->nrules + 1) * sizeof(*rs));
    if (!rs)
        return COMMON_ENOMEM;
    g->rules = rs;
    rule *r = &rs[g->nrules];
    common_buf b = COMMON_BUF_INIT;
    int rc = normalise(&b, v, vn, true);
    r->written = rc ? NULL : common_strndup(written, wn);
    if (rc || !r->written) {
        common_buf_free(&b);
        free(r->written);
        return COMMON_ENOMEM;
    }
    r->len = b.len;
    r->pattern = common_buf_detach(&b);
    r->line = line;
    r->allow = allow;
    g->nrules++;
    return 0;
}

static int add_rule(parser *p, bool allow, const char *v, size_t vn, size_t line)
{
    p->in_agents = false;
    if (!p->cur || vn == 0) /* outside a group, or empty: matches nothing */
        return 0;
    int rc = push_rule(p->cur, allow, v, vn, v, vn, line);
    /* As Google does: allowing ".../index.html" allows the directory. */
    const char *slash = NULL;
    for (size_t i = vn; i-- > 0 && !slash;)
        if (v[i] == '/')
            slash = v + i;
    if (!rc && allow && slash && (size_t)(v + vn - slash) >= 10
        && !strncmp(slash, "/index.htm", 10)) {
        common_buf dir = COMMON_BUF_INIT;
        rc = common_buf_append(&dir, v, (size_t)(slash - v) + 1) || common_buf_putc(&dir, '$')
                 ? COMMON_ENOMEM
                 : push_rule(p->cur, true, dir.data, dir.len, v, vn, line);
        common_buf_free(&dir);
    }
    return rc;
}

static int add_sitemap(crawler_robots *r, const char *v, size_t vn)
{
    if (!vn)
        return 0;
    char **s = common_realloc(r->sitemaps, (r->nsitemaps + 1) * sizeof(*s));
    if (!s)
        return COMMON_ENOMEM;
    r->sitemaps = s;
    if (!(s[r->nsitemaps] = common_strndup(v, vn)))
        return COMMON_ENOMEM;
    r->nsitemaps++;
    return 0;
}

static void set_delay(parser *p, const char *v, size_t vn)
{
    char num[32];
    if (!p->cur || vn == 0 || vn >= sizeof(num))
        return;
    memcpy(num, v, vn);
    num[vn] = '\0';
    char *end;
    double d = strtod(num, &end);
    if (*end || !isfinite(d) || d < 0)
        return; /* not a number: ignored, like any bad line */
    p->cur->crawl_delay = d > ROBOTS_MAX_DELAY_S ? ROBOTS_MAX_DELAY_S : d;
}

static int parse_line(parser *p, const char *s, size_t n, size_t line)
{
    const char *k, *v;
    size_t kn, vn;
    if (!split_line(s, n, &k, &kn, &v, &vn))
        return 0;
    switch (classify(k, kn)) {
    case KEY_AGENT: return add_agent(p, v, vn);
    case KEY_ALLOW: return add_rule(p, true, v, vn, line);
    case KEY_DISALLOW: return add_rule(p, false, v, vn, line);
    case KEY_SITEMAP: return add_sitemap(p->r, v, vn);
    case KEY_DELAY: set_delay(p, v, vn); return 0;
    case KEY_UNKNOWN: return 0;
    }
    return 0;
}

static crawler_robots *robots_new(policy pol, int status)
{
    crawler_robots *r = common_calloc(1, sizeof(*r));
    if (r) {
        r->policy = pol;
        r->status = status;
    }
    return r;
}

int crawler_robots_parse(crawler_robots **out, const char *body, size_t len)
{
    *out = NULL;
    crawler_robots *r = robots_new(POLICY_PARSED, 200);
    if (!r)
        return COMMON_ENOMEM;
    if (len > CRAWLER_ROBOTS_MAX_BYTES)
        len = CRAWLER_ROBOTS_MAX_BYTES;
    static const unsigned char bom[] = {0xEF, 0xBB, 0xBF};
    size_t i = 0; /* a BOM, or the part of one a truncated file kept */
    while (i < len && i < sizeof(bom) && (unsigned char)body[i] == bom[i])
        i++;
    parser p = {r, NULL, false};
    size_t line = 1;
    int rc = 0;
    while (i < len && !rc) {
        size_t end = i;
        while (end < len && body[end] != '\n' && body[end] != '\r')
            end++;
        size_t n = end - i > ROBOTS_MAX_LINE ? ROBOTS_MAX_LINE : end - i;
        rc = parse_line(&p, body + i, n, line);
        if (end < len && body[end] == '\r' && end + 1 < len && body[end + 1] == '\n')
            end++;
        i = end + 1;
        line++;
    }
    if (rc) {
        crawler_robots_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int crawler_robots_from_status(crawler_robots **out, int status, const char *body, size_t len)
{
    *out = NULL;
    if (status >= 200 && status < 300)
        return crawler_robots_parse(out, body, len);
    bool allow = status >= 300 && status < 500 && status != 429;
    *out = robots_new(allow ? POLICY_ALLOW_ALL : POLICY_DISALLOW_ALL, status);
    return *out ? 0 : COMMON_ENOMEM;
}

void crawler_robots_free(crawler_robots *r)
{
    if (!r)
        return;
    for (size_t g = 0; g < r->ngroups; g++) {
        for (size_t i = 0; i < r->groups[g].nagents; i++)
            free(r->groups[g].agents[i]);
        for (size_t i = 0; i < r->groups[g].nrules; i++) {
            free(r->groups[g].rules[i].pattern);
            free(r->groups[g].rules[i].written);
        }
        free(r->groups[g].agents);
        free(r->groups[g].rules);
    }
    for (size_t i = 0; i < r->nsitemaps; i++)
        free(r->sitemaps[i]);
    free(r->sitemaps);
    free(r->groups);
    free(r);
}

/* ---- matching ---------------------------------------------------------------- */

/* Does `pat` ('*' any run, '$' at the end anchors) match a prefix of path?
 * pos[] holds the path offsets reachable so far, in increasing order. */
static bool match(const char *path, size_t pl, const char *pat, size_t *pos)
{
    size_t npos = 1;
    pos[0] = 0;
    for (const char *c = pat; *c; c++) {
        if (*c == '$' && c[1] == '\0')
            return pos[npos - 1] == pl;
        if (*c == '*') {
            npos = pl - pos[0] + 1;
            for (size_t j = 1; j < npos; j++)
                pos[j] = pos[0] + j;
            continue;
        }
        size_t kept = 0;
        for (size_t j = 0; j < npos; j++)
            if (pos[j] < pl && path[pos[j]] == *c)
                pos[kept++] = pos[j] + 1;
        if (!(npos = kept))
            return false;
    }
    return true;
}

/* The path, parameters and query of a URL (fragment dropped, "/" when
 * empty). Without a scheme the text before the first '/', '?' or ';' is
 * taken as the host, as the reference implementation does: "/a" is "/a",
 * "example.com/a" is "/a". */
static void url_path(const char *url, const char **p, size_t *n)
{
    const char *s = url;
    const char *scheme_end = strstr(url, "://");
    if (scheme_end && (size_t)(scheme_end - url) < strcspn(url, "/?;"))
        s = scheme_end + 3;
    else if (url[0] == '/' && url[1] == '/')
        s = url + 2;
    const char *end = s + strcspn(s, "#");
    const char *start = s + strcspn(s, "/?;");
    if (start > end)
        start = end;
    *p = start;
    *n = (size_t)(end - start);
}

static bool agent_named(const group *g, const char *agent)
{
    for (size_t i = 0; i < g->nagents; i++)
        if (!strcasecmp(g->agents[i], agent))
            return true;
    return false;
}

/* Mark the groups that apply to agent: those naming it, else the '*' ones. */
static size_t select_groups(const crawler_robots *r, const char *agent, bool *use)
{
    size_t n = 0;
    for (size_t g = 0; g < r->ngroups; g++)
        n += (use[g] = agent && strcmp(agent, "*") && agent_named(&r->groups[g], agent));
    if (n)
        return n;
    for (size_t g = 0; g < r->ngroups; g++)
        n += (use[g] = agent_named(&r->groups[g], "*"));
    return n;
}

void crawler_robots_check(const crawler_robots *r, const char *agent, const char *url,
                          crawler_robots_verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->allowed = true;
    v->pattern = "";
    v->status = r->status;
    if (r->policy != POLICY_PARSED) {
        v->allowed = r->policy == POLICY_ALLOW_ALL;
        v->kind = CRAWLER_RULE_STATUS;
        return;
    }
    const char *raw;
    size_t raw_len;
    url_path(url ? url : "", &raw, &raw_len);
    common_buf path = COMMON_BUF_INIT;
    bool *use = common_calloc(r->ngroups + 1, sizeof(*use));
    size_t *pos = NULL;
    if (!use || (raw_len && raw[0] != '/' && common_buf_putc(&path, '/'))
        || normalise(&path, raw, raw_len, false) || (!path.len && common_buf_putc(&path, '/'))
        || !(pos = common_malloc((path.len + 1) * sizeof(*pos)))) {
        v->allowed = false; /* out of memory: do not fetch */
        goto done;
    }
    select_groups(r, agent, use);
    const rule *best = NULL;
    for (size_t g = 0; g < r->ngroups; g++) {
        for (size_t i = 0; use[g] && i < r->groups[g].nrules; i++) {
            const rule *ru = &r->groups[g].rules[i];
            if (best && (ru->len < best->len || (ru->len == best->len && !ru->allow)))
                continue;
            if (match(path.data, path.len, ru->pattern, pos))
                best = ru;
        }
    }
    if (best) {
        v->allowed = best->allow;
        v->kind = best->allow ? CRAWLER_RULE_ALLOW : CRAWLER_RULE_DISALLOW;
        v->pattern = best->written;
        v->line = best->line;
    }
done:
    free(pos);
    free(use);
    common_buf_free(&path);
}

double crawler_robots_crawl_delay(const crawler_robots *r, const char *agent)
{
    if (r->policy != POLICY_PARSED || r->ngroups == 0)
        return -1;
    bool *use = common_calloc(r->ngroups, sizeof(*use));
    if (!use)
        return -1;
    double d = -1;
    select_groups(r, agent, use);
    for (size_t g = 0; g < r->ngroups; g++) /* merged groups: the most polite */
        if (use[g] && r->groups[g].crawl_delay > d)
            d = r->groups[g].crawl_delay;
    free(use);
    return d;
}

size_t crawler_robots_sitemap_count(const crawler_robots *r)
{
    return r->nsitemaps;
}

const char *crawler_robots_sitemap(const crawler_robots *r, size_t i)
{
    return i < r->nsitemaps ? r->sitemaps[i] : NULL;
}
