/* test_parser_pages.c - pages, feeds and listings from our own fixtures
 * (tests/parser/fixtures/), written for the cases real sites produce. */
#include "helpers.h"
#include "parser/internal.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NEED_PARSER()            \
    do {                         \
        if (!helper_parser())    \
            skip();              \
    } while (0)

static void assert_date(const vacancy_date *d, const char *want)
{
    char got[VACANCY_DATE_MAX];
    vacancy_date_format(d, got);
    assert_string_equal(got, want);
}

static void assert_redacted(const char *description)
{
    assert_non_null(description);
    assert_null(strchr(description, '@'));
    assert_non_null(strstr(description, "[email]"));
}

/* Broken block, WebSite block, then a JobPosting nested in @graph / mainEntity
 * with trailing commas, raw control characters, "\'" and entities. */
static void test_jsonld_lenient(void **state)
{
    (void)state;
    NEED_PARSER();
    vacancy v;
    unsigned long doms = parser_dom_parses;
    assert_int_equal(helper_page("jsonld_lenient.html", "https://jobs.example.org/job/42", NULL, &v), 0);
    assert_int_equal(parser_dom_parses, doms); /* no DOM for a JSON-LD page */
    assert_string_equal(v.title, "Senior Care Assistant & Driver");
    assert_string_equal(v.employer, "Smith & Sons Care Ltd");
    assert_string_equal(v.site_id, "JOB-42");
    assert_true(v.pay.min == 25000 && v.pay.max == 30000); /* not estimatedSalary */
    assert_string_equal(v.pay.currency, "GBP");
    assert_int_equal(v.pay.period, VACANCY_PERIOD_YEAR);
    assert_string_equal(v.location.lad_code, "E08000035");
    assert_string_equal(v.location.postcode, "LS1 4DY");
    assert_true(v.location.flags & VACANCY_LOC_MULTIPLE);
    assert_date(&v.date_posted, "2023-07-02");
    assert_date(&v.closing_date, "2023-08-01T23:59");
    assert_int_equal(v.hours, VACANCY_FULL_TIME);
    assert_int_equal(v.contract, VACANCY_TEMPORARY);
    assert_redacted(v.description);
    assert_null(strstr(v.description, "0113"));
    assert_null(strstr(v.description, "7700"));
    assert_non_null(strstr(v.description, "It's great"));
    assert_null(strchr(v.description, '<'));
    assert_int_equal(v.from.title, VACANCY_FROM_JSONLD);
    assert_int_equal(v.from.pay, VACANCY_FROM_JSONLD);
    assert_int_equal(v.from.location, VACANCY_FROM_JSONLD);
    vacancy_free(&v);
}

static void test_jsonld_array(void **state)
{
    (void)state;
    NEED_PARSER();
    vacancy v;
    assert_int_equal(helper_page("jsonld_array.html", NULL, NULL, &v), 0);
    assert_string_equal(v.title, "Night Warehouse Operative");
    assert_string_equal(v.employer, "Acme Logistics");
    assert_true(v.pay.min == 12.5 && v.pay.period == VACANCY_PERIOD_HOUR);
    assert_true(v.location.flags & VACANCY_LOC_REMOTE);
    assert_string_equal(v.location.lad_code, "E08000028");
    assert_int_equal(v.hours, VACANCY_PART_TIME);
    assert_date(&v.date_posted, "2020-11-09");
    vacancy_free(&v);
}

/* Values as strings: a range in "value", a unit written out. */
static void test_jsonld_string_values(void **state)
{
    (void)state;
    NEED_PARSER();
    static const char range[] =
        "<script type=\"application/ld+json\">{\"@type\":\"JobPosting\",\"title\":\"Cook\","
        "\"baseSalary\":{\"currency\":\"GBP\",\"value\":{\"value\":\"£11.50 - £12.50 per hour\"}}}"
        "</script>";
    static const char hourly[] =
        "<script type=\"application/ld+json\">{\"@type\":\"JobPosting\",\"title\":\"Cook\","
        "\"baseSalary\":{\"currency\":\"GBP\",\"value\":{\"minValue\":\" 11.5 \","
        "\"maxValue\":12.5,\"unitText\":\"per hour\"}}}</script>";
    const char *pages[] = {range, hourly};
    for (int i = 0; i < 2; i++) {
        vacancy v;
        vacancy_init(&v);
        assert_int_equal(parser_page(helper_parser(), pages[i], strlen(pages[i]), NULL, NULL, &v), 0);
        assert_true(v.pay.min == 11.5 && v.pay.max == 12.5);
        assert_int_equal(v.pay.period, VACANCY_PERIOD_HOUR);
        vacancy_free(&v);
    }
}

static void test_microdata(void **state)
{
    (void)state;
    NEED_PARSER();
    vacancy v;
    assert_int_equal(helper_page("microdata.html", NULL, NULL, &v), 0);
    assert_string_equal(v.title, "Staff Nurse");
    assert_string_equal(v.employer, "Example NHS Trust");
    assert_true(v.pay.min == 28407 && v.pay.max == 34581);
    assert_string_equal(v.pay.raw, "AfC Band 5: £28,407 - £34,581 per annum");
    assert_string_equal(v.location.lad_code, "E08000025");
    assert_string_equal(v.location.region_name, "West Midlands");
    assert_date(&v.date_posted, "2024-01-15");
    assert_int_equal(v.hours, VACANCY_FULL_TIME);
    assert_redacted(v.description);
    assert_int_equal(v.from.title, VACANCY_FROM_MICRODATA);
    assert_int_equal(v.from.pay, VACANCY_FROM_MICRODATA);
    vacancy_free(&v);
}

static void test_html_fallback(void **state)
{
    (void)state;
    NEED_PARSER();
    vacancy v;
    assert_int_equal(helper_page("html_fallback.html", NULL, NULL, &v), 0);
    assert_string_equal(v.title, "Payroll Officer"); /* og:title, there is no h1 */
    assert_string_equal(v.employer, "Example Borough Council");
    assert_true(v.pay.min == 25000 && v.pay.max == 30000);
    assert_true(v.pay.flags & VACANCY_PAY_PRO_RATA);
    assert_true(v.location.flags & VACANCY_LOC_HYBRID);
    assert_string_equal(v.location.region_code, "E12000007");
    assert_int_equal(v.contract, VACANCY_FIXED_TERM);
    assert_int_equal(v.hours, VACANCY_PART_TIME);
    assert_date(&v.date_posted, "2020-11-09");
    assert_date(&v.closing_date, "2023-07-02T22:00");
    assert_string_equal(v.canonical_url, "https://jobs.example.gov.uk/vacancy/payroll-officer-778812");
    assert_string_equal(v.site_id, "778812");
    assert_redacted(v.description);
    assert_non_null(strstr(v.description, "[phone]"));
    assert_int_equal(v.from.title, VACANCY_FROM_HTML);
    assert_int_equal(v.from.pay, VACANCY_FROM_HTML);
    vacancy_free(&v);
}

static void test_charsets(void **state)
{
    (void)state;
    NEED_PARSER();
    vacancy v;
    /* ISO-8859-1 from the header, then undeclared: "£" is the byte 0xA3. */
    const char *types[] = {"text/html; charset=ISO-8859-1", NULL};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(helper_page("charset_latin1.html", NULL, types[i], &v), 0);
        assert_string_equal(v.pay.raw, "£25,000 – £30,000 per annum");
        assert_true(v.pay.min == 25000 && v.pay.max == 30000);
        assert_string_equal(v.location.lad_code, "E08000035");
        vacancy_free(&v);
    }
    assert_int_equal(helper_page("charset_meta_1252.html", NULL, NULL, &v), 0);
    assert_string_equal(v.title, "Café Manager");
    assert_true(v.pay.min == 12.5 && v.pay.period == VACANCY_PERIOD_HOUR);
    assert_true(v.location.flags & VACANCY_LOC_REMOTE);
    vacancy_free(&v);
    assert_int_equal(helper_page("charset_utf16le_bom.html", NULL, NULL, &v), 0);
    assert_string_equal(v.title, "Chef");
    assert_true(v.pay.min == 450 && v.pay.period == VACANCY_PERIOD_DAY);
    assert_true(v.location.flags & VACANCY_LOC_MULTIPLE);
    vacancy_free(&v);
    assert_int_equal(helper_page("charset_jsonld_latin1.html", NULL, NULL, &v), 0);
    assert_string_equal(v.pay.raw, "Up to £40,000");
    assert_true(isnan(v.pay.min) && v.pay.max == 40000);
    vacancy_free(&v);
}

static void test_limits(void **state)
{
    (void)state;
    NEED_PARSER();
    vacancy v;
    vacancy_init(&v);
    /* Body over the limit: an error naming the page, nothing read. */
    char *big = calloc(1, PARSER_MAX_BODY + 1);
    assert_non_null(big);
    assert_int_equal(parser_page(helper_parser(), big, PARSER_MAX_BODY + 1, "https://x.org/big",
                                 NULL, &v), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "https://x.org/big"));
    free(big);
    /* JSON nested past the limit is refused before jansson sees it. */
    common_buf deep = COMMON_BUF_INIT;
    for (int i = 0; i <= PARSER_MAX_JSON_DEPTH; i++)
        assert_int_equal(common_buf_puts(&deep, "["), 0);
    for (int i = 0; i <= PARSER_MAX_JSON_DEPTH; i++)
        assert_int_equal(common_buf_puts(&deep, "]"), 0);
    json_t *root = NULL;
    assert_int_equal(jsonld_parse("deep", deep.data, deep.len, &root), COMMON_EFORMAT);
    assert_null(root);
    assert_non_null(strstr(common_last_error(), "deeper"));
    common_buf_free(&deep);
    /* Elements nested past the limit: an error, not a stack overflow. */
    common_buf dom = COMMON_BUF_INIT;
    for (int i = 0; i < 4 * PARSER_MAX_DOM_DEPTH; i++)
        assert_int_equal(common_buf_puts(&dom, "<div>"), 0);
    assert_int_equal(common_buf_puts(&dom, "<h1>Deep</h1>"), 0);
    assert_int_equal(parser_page(helper_parser(), dom.data, dom.len, NULL, NULL, &v), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "nested deeper"));
    /* Deep enough to make gumbo quadratic: refused before it runs. */
    for (int i = 0; i < 8 * PARSER_MAX_TAG_NESTING; i++)
        assert_int_equal(common_buf_puts(&dom, "<b>"), 0);
    double t0 = (double)clock() / CLOCKS_PER_SEC;
    assert_int_equal(parser_page(helper_parser(), dom.data, dom.len, NULL, NULL, &v), COMMON_EFORMAT);
    assert_true((double)clock() / CLOCKS_PER_SEC - t0 < 1.0);
    /* Blocks just under the depth limit, many times: refused on the total. */
    common_buf_clear(&dom);
    for (int b = 0; b < 32; b++) {
        for (int i = 0; i < PARSER_MAX_TAG_NESTING - 1; i++)
            assert_int_equal(common_buf_puts(&dom, "<i>"), 0);
        for (int i = 0; i < PARSER_MAX_TAG_NESTING - 1; i++)
            assert_int_equal(common_buf_puts(&dom, "</i>"), 0);
    }
    t0 = (double)clock() / CLOCKS_PER_SEC;
    assert_int_equal(parser_page(helper_parser(), dom.data, dom.len, NULL, NULL, &v), COMMON_EFORMAT);
    assert_true((double)clock() / CLOCKS_PER_SEC - t0 < 1.0);
    assert_non_null(strstr(common_last_error(), "sum of depths"));
    parser_listing l;
    parser_listing_rules rules = {"https://x.org/*", NULL};
    assert_int_equal(parser_listing_page(dom.data, dom.len, "https://x.org/", &rules, &l),
                     COMMON_EFORMAT);
    common_buf_free(&dom);
    /* Nothing that looks like an advert. */
    assert_int_equal(parser_page(helper_parser(), "", 0, NULL, NULL, &v), COMMON_ENOTFOUND);
    vacancy_free(&v);
}

static void read_feed(const char *name, parser_feed_list *list)
{
    common_buf b = COMMON_BUF_INIT;
    helper_read(name, &b);
    int rc = parser_feed(b.data, b.len, list);
    if (rc)
        fail_msg("%s: %s", name, common_last_error());
    common_buf_free(&b);
}

static void test_feeds(void **state)
{
    (void)state;
    parser_feed_list l;
    read_feed("rss.xml", &l);
    assert_int_equal(l.kind, PARSER_FEED_RSS);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].url, "https://jobs.example.org/job/1");
    assert_string_equal(l.items[0].title, "Care Assistant & Driver");
    assert_date(&l.items[0].lastmod, "2023-07-02T22:00");
    assert_string_equal(l.items[1].url, "https://jobs.example.org/job/2");
    parser_feed_free(&l);
    read_feed("atom.xml", &l);
    assert_int_equal(l.kind, PARSER_FEED_ATOM);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].url, "https://jobs.example.org/a/1");
    assert_date(&l.items[1].lastmod, "2023-07-03");
    parser_feed_free(&l);
    const char *sitemaps[] = {"sitemap.xml", "sitemap.xml.gz"};
    for (int i = 0; i < 2; i++) {
        read_feed(sitemaps[i], &l);
        assert_int_equal(l.kind, PARSER_FEED_SITEMAP);
        assert_int_equal(l.n, 3);
        assert_string_equal(l.items[1].url, "https://jobs.example.org/job/2");
        assert_date(&l.items[1].lastmod, "2023-07-03T08:15");
        assert_int_equal(l.items[2].lastmod.year, 0);
        parser_feed_free(&l);
    }
    read_feed("sitemap_index.xml", &l);
    assert_int_equal(l.kind, PARSER_FEED_SITEMAP_INDEX);
    assert_int_equal(l.n, 2);
    parser_feed_free(&l);
}

static void test_hostile_feeds(void **state)
{
    (void)state;
    parser_feed_list l;
    common_buf b = COMMON_BUF_INIT;
    /* External entities are neither fetched nor read from disk. */
    helper_read("xxe.xml", &b);
    if (!parser_feed(b.data, b.len, &l)) {
        for (size_t i = 0; i < l.n; i++)
            assert_null(strstr(l.items[i].url, "root:"));
        parser_feed_free(&l);
    }
    common_buf_free(&b);
    /* A gzip bomb stops at the body limit. */
    helper_read("bomb.xml.gz", &b);
    assert_int_equal(parser_feed(b.data, b.len, &l), COMMON_EINVAL);
    assert_non_null(strstr(common_last_error(), "inflates"));
    common_buf_free(&b);
    assert_int_equal(parser_feed("\x1f\x8b\x08garbage", 11, &l), COMMON_EFORMAT);
    assert_int_equal(parser_feed("<rss><channel><item>", 20, &l), COMMON_EFORMAT);
    assert_int_equal(parser_feed("<html><body/></html>", 20, &l), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "<html>"));
    assert_int_equal(parser_feed("", 0, &l), COMMON_EFORMAT);
}

static void test_listing(void **state)
{
    (void)state;
    common_buf b = COMMON_BUF_INIT;
    helper_read("listing.html", &b);
    parser_listing l;
    parser_listing_rules rules = {"https://jobs.example.org/jobs/view/*",
                                  "https://jobs.example.org/jobs/search*"};
    assert_int_equal(parser_listing_page(b.data, b.len, "https://jobs.example.org/jobs/search?page=2",
                                         &rules, &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.adverts[0], "https://jobs.example.org/jobs/view/101-data-analyst");
    assert_string_equal(l.adverts[1], "https://jobs.example.org/jobs/view/102-chef");
    assert_string_equal(l.adverts[2], "https://jobs.example.org/jobs/view/103-nurse");
    assert_string_equal(l.next, "https://jobs.example.org/jobs/search?page=3");
    parser_listing_free(&l);
    rules.advert = NULL;
    assert_int_equal(parser_listing_page(b.data, b.len, "https://jobs.example.org/", &rules, &l),
                     COMMON_EINVAL);
    common_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonld_lenient), cmocka_unit_test(test_jsonld_array),
        cmocka_unit_test(test_jsonld_string_values),
        cmocka_unit_test(test_microdata),      cmocka_unit_test(test_html_fallback),
        cmocka_unit_test(test_charsets),       cmocka_unit_test(test_limits),
        cmocka_unit_test(test_feeds),          cmocka_unit_test(test_hostile_feeds),
        cmocka_unit_test(test_listing),
    };
    return cmocka_run_group_tests(tests, NULL, helper_teardown);
}
