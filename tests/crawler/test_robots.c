/* test_robots.c - robots.txt per RFC 9309: groups, matching, encoding,
 * limits and the status rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "crawler/crawler.h"

static bool allowed(const char *body, const char *agent, const char *url)
{
    crawler_robots *r;
    assert_int_equal(crawler_robots_parse(&r, body, strlen(body)), 0);
    crawler_robots_verdict v;
    crawler_robots_check(r, agent, url, &v);
    crawler_robots_free(r);
    return v.allowed;
}

#define ALLOWED(body, agent, url) \
    do { if (!allowed(body, agent, url)) fail_msg("%s should be allowed for %s", url, agent); } while (0)
#define DISALLOWED(body, agent, url) \
    do { if (allowed(body, agent, url)) fail_msg("%s should be disallowed for %s", url, agent); } while (0)

static void test_line_syntax(void **state)
{
    (void)state;
    DISALLOWED("user-agent: FooBot\ndisallow: /\n", "FooBot", "http://foo.bar/x/y");
    ALLOWED("foo: FooBot\nbar: /\n", "FooBot", "http://foo.bar/x/y");
    /* a missing colon is accepted when there are exactly two words */
    DISALLOWED("user-agent FooBot\ndisallow /\n", "FooBot", "http://foo.bar/x/y");
    ALLOWED("user-agent FooBot\ndisallow / x\n", "FooBot", "http://foo.bar/x/y");
    /* keys are case-insensitive, values are not */
    DISALLOWED("USER-AGENT: FooBot\nDISALLOW: /x/\n", "FooBot", "http://foo.bar/x/y");
    ALLOWED("user-agent: FooBot\ndisallow: /X/\n", "FooBot", "http://foo.bar/x/y");
    /* common typos */
    DISALLOWED("useragent: FooBot\ndissallow: /\n", "FooBot", "/a");
    /* comments */
    ALLOWED("# Disallow: /\nuser-agent: FooBot # me\nDisallow: /foo/quz#qux\nAllow: /\n", "FooBot", "/foo/bar");
    DISALLOWED("user-agent: FooBot\nDisallow: /foo/quz#qux\nAllow: /\n", "FooBot", "/foo/quz");
}

static void test_groups(void **state)
{
    (void)state;
    const char *txt = "allow: /foo/bar/\n"
                      "\n"
                      "user-agent: FooBot\n"
                      "disallow: /\n"
                      "allow: /x/\n"
                      "user-agent: BarBot\n"
                      "disallow: /\n"
                      "allow: /y/\n"
                      "\n"
                      "\n"
                      "allow: /w/\n"
                      "user-agent: BazBot\n"
                      "\n"
                      "user-agent: FooBot\n"
                      "allow: /z/\n"
                      "disallow: /\n";
    ALLOWED(txt, "FooBot", "http://foo.bar/x/b");
    ALLOWED(txt, "FooBot", "http://foo.bar/z/d");
    DISALLOWED(txt, "FooBot", "http://foo.bar/y/c");
    ALLOWED(txt, "BarBot", "http://foo.bar/y/c");
    ALLOWED(txt, "BarBot", "http://foo.bar/w/a");
    DISALLOWED(txt, "BarBot", "http://foo.bar/z/d");
    ALLOWED(txt, "BazBot", "http://foo.bar/z/d");
    /* rules before any user-agent belong to no group */
    DISALLOWED(txt, "FooBot", "http://foo.bar/foo/bar/");
    DISALLOWED(txt, "BarBot", "http://foo.bar/foo/bar/");
    ALLOWED(txt, "QuxBot", "http://foo.bar/foo/bar/");
    /* other lines do not end a run of user-agents */
    DISALLOWED("User-agent: BarBot\nSitemap: https://foo.bar/sitemap\nUser-agent: *\nDisallow: /\n",
               "BarBot", "/x");
    DISALLOWED("User-agent: FooBot\nInvalid-Unknown-Line: unknown\nUser-agent: *\nDisallow: /\n",
               "FooBot", "/x");
    /* agent match: case-insensitive, product token up to the first non-token char */
    const char *upper = "User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n";
    ALLOWED(upper, "Foo", "/x/y");
    DISALLOWED(upper, "foo", "/a/b");
    ALLOWED("User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Foo", "/x/y");
    DISALLOWED("User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Foo Bar", "/x/y");
    DISALLOWED("User-agent: Foo/1.2\nDisallow: /\n", "foo", "/x");
    /* the specific group replaces the global one */
    const char *global = "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n";
    DISALLOWED(global, "FooBot", "/x/y");
    ALLOWED(global, "BarBot", "/x/y");
    ALLOWED("user-agent: FooBot\nallow: /\nuser-agent: *\ndisallow: /\n", "FooBot", "/x/y");
    ALLOWED("User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "FooBot", "/x/page");
    DISALLOWED("User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "FooBot", "/y/page");
    /* a group naming the agent with no rules still replaces '*' */
    ALLOWED("user-agent: *\ndisallow: /\nuser-agent: FooBot\ndisallow:\n", "FooBot", "/x");
    ALLOWED("user-agent: FooBot\ndisallow: /\n", "BarBot", "/x");
    ALLOWED("", "FooBot", "/x");
    /* '*' as an agent name is not a way to match the global group */
    DISALLOWED("user-agent: *\ndisallow: /\n", "*", "/x");
}

static void test_longest_match(void **state)
{
    (void)state;
    ALLOWED("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "FooBot", "/x/page.html");
    ALLOWED("user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/page.html\n", "FooBot", "/x/page.html");
    DISALLOWED("user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "FooBot", "/page.html");
    ALLOWED("user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "FooBot", "/page");
    ALLOWED("user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n", "FooBot", "/x/page.html");
    DISALLOWED("user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n", "FooBot", "/x/y.html");
    ALLOWED("user-agent: FooBot\nallow: /\ndisallow: /\n", "FooBot", "/x");
    ALLOWED("user-agent: FooBot\nallow: /folder\ndisallow: /folder\n", "FooBot", "/folder/page");
    ALLOWED("user-agent: FooBot\nallow: /$\ndisallow: /\n", "FooBot", "/");
    DISALLOWED("user-agent: FooBot\nallow: /$\ndisallow: /\n", "FooBot", "/page.html");
    /* groups for the same agent are merged */
    DISALLOWED("user-agent: FooBot\ndisallow: /a\nuser-agent: BarBot\nallow: /\nuser-agent: FooBot\nallow: /b\n",
               "FooBot", "/a");
    ALLOWED("user-agent: FooBot\ndisallow: /\nuser-agent: BarBot\nallow: /\nuser-agent: FooBot\nallow: /b\n",
            "FooBot", "/b");
}

static void test_wildcards(void **state)
{
    (void)state;
    const char *t = "user-agent: FooBot\nDisallow: /\nAllow: /fish\n";
    const char *yes[] = {"/fish", "/fish.html", "/fish/salmon.html", "/fishheads",
                         "/fishheads/yummy.html", "/fish.php?id=anything"};
    const char *no[] = {"/Fish.asp", "/catfish", "/?id=fish", "/desert/fish"};
    for (size_t i = 0; i < 6; i++)
        ALLOWED(t, "FooBot", yes[i]);
    for (size_t i = 0; i < 4; i++)
        DISALLOWED(t, "FooBot", no[i]);
    t = "user-agent: FooBot\nDisallow: /\nAllow: /fish*\n";
    ALLOWED(t, "FooBot", "/fishheads/yummy.html");
    DISALLOWED(t, "FooBot", "/catfish");
    t = "user-agent: FooBot\nDisallow: /\nAllow: /fish/\n";
    ALLOWED(t, "FooBot", "/fish/?id=anything");
    DISALLOWED(t, "FooBot", "/fish");
    DISALLOWED(t, "FooBot", "/fish.html");
    t = "user-agent: FooBot\nDisallow: /\nAllow: /*.php\n";
    ALLOWED(t, "FooBot", "/folder/filename.php");
    ALLOWED(t, "FooBot", "/folder/filename.php?parameters");
    ALLOWED(t, "FooBot", "/filename.php/");
    DISALLOWED(t, "FooBot", "/");
    DISALLOWED(t, "FooBot", "/windows.PHP");
    t = "user-agent: FooBot\nDisallow: /\nAllow: /*.php$\n";
    ALLOWED(t, "FooBot", "/folder/filename.php");
    DISALLOWED(t, "FooBot", "/filename.php?parameters");
    DISALLOWED(t, "FooBot", "/filename.php5");
    t = "user-agent: FooBot\nDisallow: /\nAllow: /fish*.php\n";
    ALLOWED(t, "FooBot", "/fishheads/catfish.php?parameters");
    DISALLOWED(t, "FooBot", "/Fish.PHP");
    t = "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n";
    DISALLOWED(t, "FooBot", "/foo/bar/quz");
    ALLOWED(t, "FooBot", "/foo/quz");
    ALLOWED(t, "FooBot", "/foo//quz");
    ALLOWED(t, "FooBot", "/foo/bax/quz");
    t = "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n";
    DISALLOWED(t, "FooBot", "/foo/bar");
    ALLOWED(t, "FooBot", "/foo/bar/qux");
    ALLOWED(t, "FooBot", "/foo/bar/");
    ALLOWED(t, "FooBot", "/foo/bar/baz");
    /* '$' inside a pattern is literal; '**' is '*' */
    DISALLOWED("user-agent: a\ndisallow: /a$b\n", "a", "/a$b/c");
    DISALLOWED("user-agent: a\ndisallow: /**x\n", "a", "/yyx");
    /* the allow of an index page allows its directory (as Google does) */
    t = "user-agent: FooBot\ndisallow: /\nallow: /allowed-slash/index.html\n";
    ALLOWED(t, "FooBot", "/allowed-slash/");
    DISALLOWED(t, "FooBot", "/allowed-slash/index.htm");
    ALLOWED(t, "FooBot", "/allowed-slash/index.html");
    DISALLOWED(t, "FooBot", "/anyother-url");
}

static void test_encoding(void **state)
{
    (void)state;
    const char *t = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n";
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par");
    t = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/\xE3\x83\x84\n";
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar/%E3%83%84");
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar/%e3%83%84");
    t = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n";
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar/%E3%83%84");
    t = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%e3%83%84\n";
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar/%E3%83%84");
    /* a URL must arrive encoded: raw non-ASCII octets in it match nothing encoded */
    DISALLOWED(t, "FooBot", "http://foo.bar/foo/bar/\xE3\x83\x84");
    /* an encoded unreserved character is not decoded (RFC 3986 says it should
     * not be encoded; the reference suite expects plain octet matching) */
    t = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n";
    DISALLOWED(t, "FooBot", "http://foo.bar/foo/bar/baz");
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar/%62%61%7A");
    ALLOWED(t, "FooBot", "http://foo.bar/foo/bar/%62%61%7a");
    /* an encoded reserved character is not its raw self */
    t = "User-agent: FooBot\nDisallow: /a%2Fb\n";
    DISALLOWED(t, "FooBot", "/a%2fb");
    ALLOWED(t, "FooBot", "/a/b");
}

static void test_file_format(void **state)
{
    (void)state;
    /* BOM, whole or cut short */
    DISALLOWED("\xEF\xBB\xBFUser-Agent: foo\nDisallow: /AnyValue\n", "foo", "/AnyValue");
    DISALLOWED("\xEF\xBBUser-Agent: foo\nDisallow: /AnyValue\n", "foo", "/AnyValue");
    DISALLOWED("\xEFUser-Agent: foo\nDisallow: /AnyValue\n", "foo", "/AnyValue");
    ALLOWED("\xEF\x11\xBFUser-Agent: foo\nDisallow: /AnyValue\n", "foo", "/AnyValue");
    ALLOWED("User-Agent: foo\n\xEF\xBB\xBF" "Disallow: /AnyValue\n", "foo", "/AnyValue");
    /* line ends: LF, CR, CRLF, none at the end; line numbers count each */
    const char *t = "User-Agent: foo\rAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\nDisallow: /\r"
                    "Disallow: /x";
    crawler_robots *r;
    assert_int_equal(crawler_robots_parse(&r, t, strlen(t)), 0);
    crawler_robots_verdict v;
    crawler_robots_check(r, "bar", "/y", &v);
    assert_false(v.allowed);
    assert_int_equal(v.kind, CRAWLER_RULE_DISALLOW);
    assert_string_equal(v.pattern, "/");
    assert_int_equal(v.line, 6);
    crawler_robots_check(r, "bar", "/x", &v);
    assert_int_equal(v.line, 7);
    crawler_robots_check(r, "foo", "/some/path", &v);
    assert_true(v.allowed);
    assert_int_equal(v.kind, CRAWLER_RULE_ALLOW);
    assert_int_equal(v.line, 2);
    crawler_robots_check(r, "baz", "/y", &v);
    assert_true(v.allowed);
    assert_int_equal(v.kind, CRAWLER_RULE_NONE);
    crawler_robots_free(r);
    /* binary junk and NULs are bad lines, nothing more */
    const char junk[] = "\x00\xff\xfe garbage\nUser-agent: a\n\x00\nDisallow: /p\n";
    assert_int_equal(crawler_robots_parse(&r, junk, sizeof(junk) - 1), 0);
    crawler_robots_check(r, "a", "/p", &v);
    assert_false(v.allowed);
    crawler_robots_free(r);
}

static void test_limits(void **state)
{
    (void)state;
    /* a rule past 512 KiB is not read */
    size_t pad = CRAWLER_ROBOTS_MAX_BYTES;
    common_buf b = COMMON_BUF_INIT;
    common_buf_puts(&b, "user-agent: FooBot\ndisallow: /a\n");
    while (b.len < pad - 100)
        common_buf_puts(&b, "# padding padding padding padding padding padding padding\n");
    common_buf_puts(&b, "disallow: /b\n");
    while (b.len < pad + 100)
        common_buf_puts(&b, "# padding\n");
    common_buf_puts(&b, "disallow: /c\n");
    crawler_robots *r;
    assert_int_equal(crawler_robots_parse(&r, b.data, b.len), 0);
    crawler_robots_verdict v;
    crawler_robots_check(r, "FooBot", "/b", &v);
    assert_false(v.allowed);
    crawler_robots_check(r, "FooBot", "/c", &v);
    assert_true(v.allowed);
    crawler_robots_free(r);
    /* an over-long line is cut, not fatal */
    common_buf_clear(&b);
    common_buf_puts(&b, "user-agent: FooBot\ndisallow: /");
    for (int i = 0; i < 20000; i++)
        common_buf_putc(&b, 'a');
    common_buf_puts(&b, "\ndisallow: /next\n");
    assert_int_equal(crawler_robots_parse(&r, b.data, b.len), 0);
    crawler_robots_check(r, "FooBot", "/next", &v);
    assert_false(v.allowed);
    char *longpath = calloc(1, 20003);
    longpath[0] = '/';
    memset(longpath + 1, 'a', 20001);
    crawler_robots_check(r, "FooBot", longpath, &v); /* the cut pattern is a prefix */
    assert_false(v.allowed);
    free(longpath);
    crawler_robots_free(r);
    /* many wildcards against a long path stay fast (no backtracking) */
    common_buf_clear(&b);
    common_buf_puts(&b, "user-agent: *\ndisallow: /");
    for (int i = 0; i < 2000; i++)
        common_buf_puts(&b, "*a");
    common_buf_puts(&b, "b\n");
    assert_int_equal(crawler_robots_parse(&r, b.data, b.len), 0);
    char path[4097];
    path[0] = '/';
    memset(path + 1, 'a', sizeof(path) - 2);
    path[sizeof(path) - 1] = '\0';
    crawler_robots_check(r, "FooBot", path, &v);
    assert_true(v.allowed);
    crawler_robots_free(r);
    common_buf_free(&b);
}

/* What part of a URL is matched: path, parameters and query. */
static void test_url_forms(void **state)
{
    (void)state;
    const char *t = "user-agent: FooBot\ndisallow: /\nallow: /$\nallow: /a\nallow: /?q\n";
    static const struct { const char *url; bool allowed; } cases[] = {
        {"", true}, {"http://www.example.com", true}, {"http://www.example.com/", true},
        {"http://www.example.com/a", true}, {"http://www.example.com/b?a", false},
        {"http://www.example.com/a/b?c=d&e=f#fragment", true}, {"example.com", true},
        {"example.com/a", true}, {"example.com/b", false}, {"a", true}, {"a/b", false},
        {"/a", true}, {"example.com?q", true}, {"//a/b/c", false}, {"//a/a/c", true},
        {"http://x.test/b#/a", false}, {"http://x.test#/b", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (allowed(t, "FooBot", cases[i].url) != cases[i].allowed)
            fail_msg("'%s' should be %s", cases[i].url, cases[i].allowed ? "allowed" : "disallowed");
    /* the empty URL is "/" */
    DISALLOWED("user-agent: FooBot\ndisallow: /\n", "FooBot", "");
    /* an empty agent matches no group name, so '*' applies */
    ALLOWED("user-agent: FooBot\ndisallow: /\n", "", "");
}

static void test_crawl_delay_and_sitemaps(void **state)
{
    (void)state;
    const char *t = "Sitemap: https://a.test/sitemap.xml\n"
                    "User-agent: *\nCrawl-delay: 2.5\nDisallow: /private/\n"
                    "User-agent: FooBot\nCrawl-delay: 1\n"
                    "User-agent: BazBot\nDisallow: /y\n"
                    "User-agent: BarBot\nCrawl-delay: nonsense\nDisallow: /x\n"
                    "sitemap: https://a.test/jobs.xml\n";
    crawler_robots *r;
    assert_int_equal(crawler_robots_parse(&r, t, strlen(t)), 0);
    assert_true(crawler_robots_crawl_delay(r, "QuxBot") == 2.5);
    assert_true(crawler_robots_crawl_delay(r, "foobot") == 1.0);
    /* like Sitemap, Crawl-delay does not end a run of user-agent lines */
    assert_true(crawler_robots_crawl_delay(r, "BazBot") == 1.0);
    assert_true(crawler_robots_crawl_delay(r, "BarBot") == -1);
    assert_int_equal(crawler_robots_sitemap_count(r), 2);
    assert_string_equal(crawler_robots_sitemap(r, 1), "https://a.test/jobs.xml");
    assert_null(crawler_robots_sitemap(r, 2));
    crawler_robots_free(r);
}

static void test_status(void **state)
{
    (void)state;
    static const struct { int status; bool allowed; } cases[] = {
        {404, true}, {410, true}, {401, true}, {403, true}, {301, true},
        {429, false}, {500, false}, {503, false}, {0, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        crawler_robots *r;
        assert_int_equal(crawler_robots_from_status(&r, cases[i].status, "", 0), 0);
        crawler_robots_verdict v;
        crawler_robots_check(r, "FooBot", "/x", &v);
        if (v.allowed != cases[i].allowed)
            fail_msg("status %d", cases[i].status);
        assert_int_equal(v.kind, CRAWLER_RULE_STATUS);
        assert_int_equal(v.status, cases[i].status);
        assert_true(crawler_robots_crawl_delay(r, "FooBot") < 0);
        crawler_robots_free(r);
    }
    crawler_robots *r;
    const char *body = "user-agent: *\ndisallow: /\n";
    assert_int_equal(crawler_robots_from_status(&r, 200, body, strlen(body)), 0);
    crawler_robots_verdict v;
    crawler_robots_check(r, "FooBot", "/x", &v);
    assert_false(v.allowed);
    assert_int_equal(v.kind, CRAWLER_RULE_DISALLOW);
    crawler_robots_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_syntax),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_encoding),
        cmocka_unit_test(test_file_format),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_url_forms),
        cmocka_unit_test(test_crawl_delay_and_sitemaps),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
