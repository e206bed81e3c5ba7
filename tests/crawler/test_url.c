/* test_url.c - URL canonicalisation and reference resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "crawler/crawler.h"

typedef struct {
    const char *in, *want; /* want NULL: refused */
} url_case;

static void check_canonical(const url_case *c)
{
    char *out = NULL;
    int rc = crawler_url_canonical(c->in, &out);
    if (c->want) {
        if (rc)
            fail_msg("%s: %s", c->in, common_last_error());
        if (strcmp(out, c->want))
            fail_msg("%s: got %s, want %s", c->in, out, c->want);
        /* canonical is a fixed point */
        char *again = NULL;
        assert_int_equal(crawler_url_canonical(out, &again), 0);
        assert_string_equal(again, out);
        free(again);
    } else {
        if (rc == 0)
            fail_msg("%s: accepted as %s", c->in, out);
        assert_null(out);
        assert_true(strlen(common_last_error()) > 0);
    }
    free(out);
}

static void test_canonical(void **state)
{
    (void)state;
    static const url_case cases[] = {
        {"HTTP://Example.COM/a/b", "http://example.com/a/b"},
        {"http://example.com", "http://example.com/"},
        {"http://example.com:80/x", "http://example.com/x"},
        {"https://example.com:443/x", "https://example.com/x"},
        {"https://example.com:80/x", "https://example.com:80/x"},
        {"http://example.com:8080/x", "http://example.com:8080/x"},
        {"http://example.com:/x", "http://example.com/x"},
        {"http://example.com./x", "http://example.com/x"},
        {"http://example.com/x#frag", "http://example.com/x"},
        {"http://example.com/x?b=2&a=1", "http://example.com/x?a=1&b=2"},
        {"http://example.com/x?utm_source=a&id=3&UTM_Medium=b&gclid=z&fbclid=q",
         "http://example.com/x?id=3"},
        {"http://example.com/x?mc_cid=1&mc_eid=2&_ga=3&sid=4&PHPSESSID=5&jsessionid=6",
         "http://example.com/x"},
        {"http://example.com/x?sessionid=7&sidebar=1", "http://example.com/x?sidebar=1"},
        {"http://example.com/x;jsessionid=ABC123?a=1", "http://example.com/x?a=1"},
        {"http://example.com/x?", "http://example.com/x"},
        {"http://example.com/x?&&a=1&&", "http://example.com/x?a=1"},
        {"http://example.com/x?a=2&a=1", "http://example.com/x?a=1&a=2"},
        {"http://example.com/%7euser/%41%2f%2a", "http://example.com/~user/A%2F%2A"},
        {"http://example.com/%3a%e2%82%ac", "http://example.com/%3A%E2%82%AC"},
        {"http://example.com/a b", "http://example.com/a%20b"},
        {"http://example.com/£", "http://example.com/%C2%A3"},
        {"http://example.com/100%", "http://example.com/100%25"},
        {"http://example.com/%zz", "http://example.com/%25zz"},
        {"http://example.com/a/./b/../c", "http://example.com/a/c"},
        {"http://example.com/../../x", "http://example.com/x"},
        {"http://example.com/a/..", "http://example.com/"},
        {"http://example.com/a/.", "http://example.com/a/"},
        {"http://example.com/a/%2E%2E/b", "http://example.com/b"},
        {"http://example.com//a//b", "http://example.com//a//b"},
        {"http://[::1]:8080/x", "http://[::1]:8080/x"},
        {"http://[FE80::1]/", "http://[fe80::1]/"},
        {"  http://example.com/x  ", "http://example.com/x"},
        {"http://exam\nple.com/x\t", "http://example.com/x"},
        {"http://example.com?q=1", "http://example.com/?q=1"},
        {"http://example.com/a?x=%20&y=a+b", "http://example.com/a?x=%20&y=a+b"},
        /* hostile or unsupported */
        {"ftp://example.com/x", NULL},
        {"javascript:alert(1)", NULL},
        {"mailto:a@example.com", NULL},
        {"//example.com/x", NULL},
        {"/relative", NULL},
        {"", NULL},
        {"   ", NULL},
        {"http://", NULL},
        {"http:///x", NULL},
        {"http://user:pass@example.com/", NULL},
        {"http://example.com@evil.com/", NULL},
        {"http://example.com:99999/", NULL},
        {"http://example.com:0/", NULL},
        {"http://example.com:8x/", NULL},
        {"http://exa mple.com/", NULL},
        {"http://exa%6Dple.com/", NULL},
        {"http://bücher.de/", NULL},
        {"http://[::1/", NULL},
        {"http://../", NULL},
        {"http://./", NULL},
        {"http://.example.com/", NULL},
        {"http://a..b/", NULL},
        {"http://example.com../", NULL},
        {"http://[::1]x/", NULL},
        {"http://[::g]/", NULL},
        {"http://example.com/a\x01" "b", NULL},
        {"http://example.com/\x01", "http://example.com/"}, /* trimmed, as browsers do */
        {"http:\\\\evil.com\\x", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_canonical(&cases[i]);
}

static void test_limits(void **state)
{
    (void)state;
    size_t n = CRAWLER_URL_MAX + 10;
    char *big = malloc(n + 1);
    memcpy(big, "http://example.com/", 19);
    memset(big + 19, 'a', n - 19);
    big[n] = '\0';
    char *out = NULL;
    assert_int_equal(crawler_url_canonical(big, &out), COMMON_EINVAL);
    /* under the input limit but over it once encoded */
    memset(big + 19, ' ', CRAWLER_URL_MAX - 40);
    big[CRAWLER_URL_MAX - 21] = 'x';
    big[CRAWLER_URL_MAX - 20] = '\0';
    assert_int_equal(crawler_url_canonical(big, &out), COMMON_EINVAL);
    /* a long host */
    memset(big, 'a', 300);
    memcpy(big, "http://", 7);
    memcpy(big + 300, "/", 2);
    assert_int_equal(crawler_url_canonical(big, &out), COMMON_EINVAL);
    /* too many query parameters */
    common_buf q = COMMON_BUF_INIT;
    common_buf_puts(&q, "http://example.com/?");
    for (int i = 0; i < 300; i++)
        common_buf_printf(&q, "p%d=1&", i);
    assert_int_equal(crawler_url_canonical(q.data, &out), COMMON_EINVAL);
    assert_null(out);
    common_buf_free(&q);
    free(big);
}

/* RFC 3986 section 5.4.1 and 5.4.2 (results canonicalised). */
static void test_resolve(void **state)
{
    (void)state;
    const char *base = "http://a/b/c/d;p?q";
    static const url_case cases[] = {
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g/"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q"},
        {"g#s", "http://a/b/c/g"},
        {"g?y#s", "http://a/b/c/g?y"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g"},
        {"g#s/../x", "http://a/b/c/g"},
        {"HTTPS://Other.Example:443/z?utm_campaign=x", "https://other.example/z"},
        {"  /job/1?b=1&a=2  ", "http://a/job/1?a=2&b=1"},
        {"mailto:x@y", NULL},
        {"http:g", NULL},
        {"javascript:void(0)", NULL},
        {"ftp://a/b", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = NULL;
        int rc = crawler_url_resolve(base, cases[i].in, &out);
        if (cases[i].want) {
            if (rc)
                fail_msg("%s: %s", cases[i].in, common_last_error());
            if (strcmp(out, cases[i].want))
                fail_msg("'%s': got %s, want %s", cases[i].in, out, cases[i].want);
        } else if (rc == 0) {
            fail_msg("'%s': accepted as %s", cases[i].in, out);
        }
        free(out);
    }
    char *out = NULL;
    assert_int_equal(crawler_url_resolve("http://a", "b/c", &out), 0);
    assert_string_equal(out, "http://a/b/c");
    free(out);
    assert_int_equal(crawler_url_resolve("/not/absolute", "x", &out), COMMON_EINVAL);
    assert_int_equal(crawler_url_resolve("http://a/", NULL, &out), COMMON_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
