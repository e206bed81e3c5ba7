/* test_parser_jsonapi.c - parser_jsonapi: JSON documents of JobPostings as
 * job board APIs publish them, and hostile ones. */
#include "helpers.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#define NEED_PARSER()            \
    do {                         \
        if (!helper_parser())    \
            skip();              \
    } while (0)

static int doc_of(const char *json, parser_jsonapi_doc *d)
{
    return parser_jsonapi(helper_parser(), json, strlen(json), "https://api.example.org/jobs", d);
}

/* The Teaching Vacancies shape: JobPostings under "data", links.next; a
 * JSON:API resource; items that are not adverts are skipped and counted. */
static void test_teaching_vacancies_shape(void **state)
{
    (void)state;
    NEED_PARSER();
    common_buf b = COMMON_BUF_INIT;
    helper_read("jsonapi_tv.json", &b);
    parser_jsonapi_doc d;
    assert_int_equal(parser_jsonapi(helper_parser(), b.data, b.len, "tv.json", &d), 0);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.skipped, 4); /* organisation, string, blank title, no id and no url */
    assert_string_equal(d.next, "https://teaching-vacancies.service.gov.uk/api/v1/jobs.json?page=2");

    const vacancy *v = &d.items[0];
    assert_string_equal(v->title, "Teacher of Mathematics");
    assert_string_equal(v->employer, "Wednesbury Academy");
    assert_string_equal(v->site_id, "9f1c2b7e");
    assert_string_equal(v->canonical_url,
                        "https://teaching-vacancies.service.gov.uk/jobs/teacher-of-mathematics-9f1c");
    assert_int_equal(v->from.title, VACANCY_FROM_API);
    assert_int_equal(v->from.pay, VACANCY_FROM_API);
    assert_true(v->pay.annual_min == 30000 && v->pay.annual_max == 41333);
    assert_string_equal(v->location.lad_code, "E08000028"); /* Sandwell, from WS10 */
    assert_non_null(strstr(v->description, "[email]"));
    assert_null(strstr(v->description, "hr@school"));

    v = &d.items[1]; /* JSON:API: the id is outside the attributes */
    assert_string_equal(v->title, "Teaching Assistant");
    assert_string_equal(v->site_id, "4711");
    assert_string_equal(v->employer, "Leeds Primary School");
    assert_true(v->pay.min == 12.5 && v->pay.period == VACANCY_PERIOD_HOUR);
    assert_string_equal(v->location.lad_code, "E08000035");
    parser_jsonapi_free(&d);
    common_buf_free(&b);
}

/* A bare array, "results" with next_page, {"href"} links, integer ids. */
static void test_other_shapes(void **state)
{
    (void)state;
    NEED_PARSER();
    parser_jsonapi_doc d;
    assert_int_equal(doc_of("[{\"title\": \"Chef\", \"identifier\": 7}]", &d), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].site_id, "7");
    assert_null(d.next);
    parser_jsonapi_free(&d);

    assert_int_equal(doc_of("{\"results\": [{\"title\": \"Nurse\", \"url\": \"/jobs/9\"}],"
                            " \"next_page\": \"/jobs?page=3\"}", &d), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].canonical_url, "/jobs/9");
    assert_string_equal(d.next, "/jobs?page=3");
    parser_jsonapi_free(&d);

    assert_int_equal(doc_of("{\"data\": [{\"id\": 12, \"attributes\": {\"title\": \"Porter\"}}],"
                            " \"links\": {\"next\": {\"href\": \"?page=2\"}}}", &d), 0);
    assert_string_equal(d.items[0].site_id, "12");
    assert_string_equal(d.next, "?page=2");
    parser_jsonapi_free(&d);

    /* the last page: an empty list, no next */
    assert_int_equal(doc_of("{\"data\": [], \"links\": {\"next\": null}}", &d), 0);
    assert_int_equal(d.n, 0);
    assert_null(d.next);
    parser_jsonapi_free(&d);

    /* one JobPosting, not in a list */
    assert_int_equal(doc_of("{\"@type\": \"JobPosting\", \"title\": \"Welder\", \"identifier\": \"w\"}", &d), 0);
    assert_int_equal(d.n, 1);
    parser_jsonapi_free(&d);
}

/* Wrong types everywhere: nothing crashes, nothing is stored that should
 * not be, errors name the document. */
static void test_wrong_types(void **state)
{
    (void)state;
    NEED_PARSER();
    parser_jsonapi_doc d;
    assert_int_equal(doc_of("{\"data\": [{\"title\": 42, \"identifier\": [], \"url\": 5,"
                            " \"baseSalary\": {\"value\": \"lots\"}, \"jobLocation\": 3,"
                            " \"hiringOrganization\": [[[\"x\"]]], \"datePosted\": {},"
                            " \"employmentType\": 9, \"description\": null},"
                            " {\"attributes\": \"no\", \"id\": {}},"
                            " {\"id\": [1], \"attributes\": {\"title\": \"Cook\", \"url\": \"u\"}}],"
                            " \"links\": {\"next\": 17}, \"next\": [\"x\"]}", &d), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.skipped, 2);
    assert_string_equal(d.items[0].title, "Cook");
    assert_null(d.next);
    parser_jsonapi_free(&d);

    assert_int_equal(doc_of("{\"data\": \"not a list\"}", &d), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "https://api.example.org/jobs"));
    assert_int_equal(doc_of("{\"error\": \"rate limited\"}", &d), COMMON_EFORMAT);
    assert_int_equal(doc_of("42", &d), COMMON_EFORMAT);
    assert_int_equal(doc_of("", &d), COMMON_EFORMAT);
    assert_int_equal(doc_of("<html>Service unavailable</html>", &d), COMMON_EFORMAT);
    assert_int_equal(doc_of("{\"data\": [{\"title\": \"x\"", &d), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "https://api.example.org/jobs"));
    assert_int_equal(parser_jsonapi(helper_parser(), "[\xff\xfe]", 4, NULL, &d), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "JSON API document"));
}

/* Nesting over PARSER_MAX_JSON_DEPTH is refused before jansson sees it;
 * deep nesting within the limit inside an item is harmless. */
static void test_deep_nesting(void **state)
{
    (void)state;
    NEED_PARSER();
    common_buf b = COMMON_BUF_INIT;
    assert_int_equal(common_buf_puts(&b, "{\"data\": "), 0);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(common_buf_putc(&b, '['), 0);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(common_buf_putc(&b, ']'), 0);
    assert_int_equal(common_buf_putc(&b, '}'), 0);
    parser_jsonapi_doc d;
    assert_int_equal(parser_jsonapi(helper_parser(), b.data, b.len, "deep.json", &d),
                     COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), "deep.json"));
    assert_non_null(strstr(common_last_error(), "nested deeper"));
    common_buf_free(&b);

    assert_int_equal(common_buf_puts(&b, "[{\"title\": \"Baker\", \"identifier\": \"b\", \"x\": "), 0);
    for (int i = 0; i < PARSER_MAX_JSON_DEPTH - 3; i++)
        assert_int_equal(common_buf_puts(&b, "{\"a\":"), 0);
    assert_int_equal(common_buf_puts(&b, "1"), 0);
    for (int i = 0; i < PARSER_MAX_JSON_DEPTH - 3; i++)
        assert_int_equal(common_buf_putc(&b, '}'), 0);
    assert_int_equal(common_buf_puts(&b, "}]"), 0);
    assert_int_equal(parser_jsonapi(helper_parser(), b.data, b.len, "ok.json", &d), 0);
    assert_int_equal(d.n, 1);
    parser_jsonapi_free(&d);
    common_buf_free(&b);
}

/* More items than PARSER_MAX_API_ITEMS is an error; the limit itself is read. */
static void test_huge_arrays(void **state)
{
    (void)state;
    NEED_PARSER();
    for (int extra = 0; extra <= 1; extra++) {
        common_buf b = COMMON_BUF_INIT;
        assert_int_equal(common_buf_putc(&b, '['), 0);
        for (int i = 0; i < PARSER_MAX_API_ITEMS + extra; i++)
            assert_int_equal(common_buf_printf(&b, "%s{\"title\":\"Driver\",\"identifier\":%d}",
                                               i ? "," : "", i), 0);
        assert_int_equal(common_buf_putc(&b, ']'), 0);
        parser_jsonapi_doc d;
        int rc = parser_jsonapi(helper_parser(), b.data, b.len, "big.json", &d);
        if (extra) {
            assert_int_equal(rc, COMMON_EINVAL);
            assert_non_null(strstr(common_last_error(), "big.json"));
            assert_null(d.items);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(d.n, PARSER_MAX_API_ITEMS);
        }
        parser_jsonapi_free(&d);
        common_buf_free(&b);
    }
    /* a body over PARSER_MAX_BODY is refused unread */
    parser_jsonapi_doc d;
    assert_int_equal(parser_jsonapi(helper_parser(), "[]", (size_t)PARSER_MAX_BODY + 1, "huge.json", &d),
                     COMMON_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_teaching_vacancies_shape), cmocka_unit_test(test_other_shapes),
        cmocka_unit_test(test_wrong_types), cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge_arrays),
    };
    return cmocka_run_group_tests(tests, NULL, helper_teardown);
}
