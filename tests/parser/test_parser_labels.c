/* test_parser_labels.c - every expected value in the shared real-page
 * fixtures (../shared/fixtures/pages/labels.tsv) that the parser covers.
 *
 * Pay amounts of the teaching pages come from pay scales, resolved through
 * the test table tests/parser/fixtures/pay_scales_2017.csv (2017/18 points
 * as used by the fixtures' source). Following the fixtures' README, only
 * the raw pay strings are checked for the headteacher page, whose amounts
 * in the source were invented. Fields the record has no place for
 * (starts_on) are listed as not covered and counted. Skips cleanly when the
 * fixtures or the reference data are absent. */
#include "helpers.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGES VH_TEST_SOURCE_DIR "/../shared/fixtures/pages/"
#define LABELS PAGES "labels.tsv"
#define LABELS_MAX (1u << 20)

/* The URL each page was fetched from, as the crawler would pass it. */
static const struct {
    const char *file, *url;
} page_urls[] = {
    {"nesta-ojo/example_indeed_ad.html", "https://www.indeed.co.uk/viewjob?jk=837b8affdf31b9e7"},
};

static const char *const not_covered[] = {"starts_on"}; /* no start date in the record */

typedef struct {
    char file[128];
    vacancy v;
    bool parsed;
} cached_page;

static cached_page cache;

static const vacancy *page(const char *file)
{
    if (cache.parsed && !strcmp(cache.file, file))
        return &cache.v;
    if (cache.parsed)
        vacancy_free(&cache.v);
    snprintf(cache.file, sizeof(cache.file), "%s", file);
    const char *url = NULL;
    for (size_t i = 0; i < sizeof(page_urls) / sizeof(page_urls[0]); i++)
        if (!strcmp(page_urls[i].file, file))
            url = page_urls[i].url;
    char path[512];
    snprintf(path, sizeof(path), "%s%s", PAGES, file);
    if (helper_page(path, url, NULL, &cache.v))
        fail_msg("%s: %s", file, common_last_error());
    cache.parsed = true;
    return &cache.v;
}

static void eq(const char *file, const char *field, const char *got, const char *want)
{
    if (!got || strcmp(got, want))
        fail_msg("%s %s: got '%s', want '%s'", file, field, got ? got : "(null)", want);
}

static void num_eq(const char *file, const char *field, double got, const char *want)
{
    double w = strtod(want, NULL);
    if (isnan(got) || fabs(got - w) > 0.005)
        fail_msg("%s %s: got %g, want %s", file, field, got, want);
}

static void date_eq(const char *file, const char *field, const vacancy_date *got, const char *want)
{
    vacancy_date w = {0, 0, 0, -1, -1};
    char a[VACANCY_DATE_MAX], b[VACANCY_DATE_MAX];
    assert_int_equal(parser_date_text(want, &w), 0);
    vacancy_date g = *got;
    g.hour = g.minute = -1; /* the labels carry days only */
    vacancy_date_format(&g, a);
    vacancy_date_format(&w, b);
    eq(file, field, a, b);
}

static bool is_headteacher(const char *file) { return strstr(file, "/headteacher.html") != NULL; }

static void check_listing(const char *file, const char *field, const char *want)
{
    static parser_listing l;
    static bool done;
    if (!done) {
        common_buf b = COMMON_BUF_INIT;
        char path[512];
        snprintf(path, sizeof(path), "%s%s", PAGES, file);
        helper_read(path, &b);
        parser_listing_rules rules = {"https://www.jobsinschoolsnortheast.com/job/*",
                                      "https://www.jobsinschoolsnortheast.com/search-results/*"};
        assert_int_equal(parser_listing_page(b.data, b.len,
                                             "https://www.jobsinschoolsnortheast.com/search-results/",
                                             &rules, &l), 0);
        common_buf_free(&b);
        done = true;
    }
    if (!strcmp(field, "search_results_count"))
        assert_int_equal(l.n, atoi(want));
    else if (!strcmp(field, "first_result"))
        eq(file, field, l.n ? l.adverts[0] : NULL, want);
    else if (!strcmp(field, "last_result"))
        eq(file, field, l.n ? l.adverts[l.n - 1] : NULL, want);
    else if (!strcmp(field, "next_page"))
        eq(file, field, l.next, want);
    if (!strcmp(field, "next_page")) /* the last listing row */
        parser_listing_free(&l);
}

/* Returns false for a field the parser does not cover. */
static bool check(const char *file, const char *field, const char *want)
{
    if (strstr(file, "vacancies-1.html")) {
        check_listing(file, field, want);
        return true;
    }
    const vacancy *v = page(file);
    if (!strcmp(field, "jobId") || !strcmp(field, "jobKey"))
        eq(file, field, v->site_id, want);
    else if (!strcmp(field, "url"))
        eq(file, field, v->url, want);
    else if (!strcmp(field, "jobPostedDate"))
        date_eq(file, field, &v->date_posted, want);
    else if (!strcmp(field, "ends_on"))
        date_eq(file, field, &v->closing_date, want);
    else if (!strcmp(field, "jobTitle") || !strcmp(field, "job_title"))
        eq(file, field, v->title, want);
    else if (!strcmp(field, "recruiter") || !strcmp(field, "company") ||
             !strcmp(field, "school_name"))
        eq(file, field, v->employer, want);
    else if (!strcmp(field, "salary_visible_text") || !strcmp(field, "salaryText") ||
             !strcmp(field, "salary_raw"))
        eq(file, field, v->pay.raw, want);
    else if (!strcmp(field, "baseSalary.value") || !strcmp(field, "baseSalary.minValue"))
        num_eq(file, field, v->pay.min, want);
    else if (!strcmp(field, "baseSalary.maxValue"))
        num_eq(file, field, v->pay.max, want);
    else if (!strcmp(field, "baseSalary.unitText"))
        assert_true(!strcasecmp(vacancy_period_name(v->pay.period), want));
    else if (!strcmp(field, "baseSalary.currency"))
        eq(file, field, v->pay.currency, want);
    else if (!strcmp(field, "salary_competitive"))
        assert_int_equal(!!(v->pay.flags & VACANCY_PAY_COMPETITIVE), !strcmp(want, "true"));
    else if (!strcmp(field, "min_salary") && !is_headteacher(file))
        num_eq(file, field, v->pay.min, want);
    else if (!strcmp(field, "max_salary") && !is_headteacher(file))
        num_eq(file, field, v->pay.max, want);
    else if (!strcmp(field, "min_salary") || !strcmp(field, "max_salary"))
        assert_non_null(v->pay.scale); /* headteacher: the reference, not invented amounts */
    else if (!strcmp(field, "addressLocality") || !strcmp(field, "jobLocation"))
        assert_true(v->location.raw && strstr(v->location.raw, want) && v->location.lad_code);
    else if (!strcmp(field, "addressRegion"))
        eq(file, field, v->location.region_name, want);
    else if (!strcmp(field, "addressCountry"))
        assert_true(!strcmp(want, "GB") && v->location.country);
    else if (!strcmp(field, "employmentType"))
        assert_true(!strcmp(v->employment_type, want) && v->hours == VACANCY_FULL_TIME);
    else if (!strcmp(field, "working_pattern"))
        eq(file, field, vacancy_hours_name(v->hours), !strcmp(want, "full_time") ? "full-time" : want);
    else if (!strcmp(field, "contract"))
        assert_true(!strcasecmp(vacancy_contract_name(v->contract), want));
    else
        return false;
    return true;
}

static void test_labels(void **state)
{
    (void)state;
    if (access(LABELS, R_OK) || !helper_parser())
        skip();
    common_buf b = COMMON_BUF_INIT;
    assert_int_equal(common_read_file(LABELS, LABELS_MAX, &b), 0);
    size_t checked = 0, skipped = 0;
    char *save = NULL;
    strtok_r(b.data, "\n", &save); /* header */
    for (char *line; (line = strtok_r(NULL, "\n", &save));) {
        char *file = strtok(line, "\t"), *field = strtok(NULL, "\t"), *want = strtok(NULL, "\t");
        if (!file || !field || !want)
            fail_msg("labels.tsv: short line");
        bool known = false;
        for (size_t i = 0; i < sizeof(not_covered) / sizeof(not_covered[0]); i++)
            known |= !strcmp(field, not_covered[i]);
        if (known) {
            skipped++;
            continue;
        }
        if (!check(file, field, want))
            fail_msg("%s: field %s is neither checked nor listed as not covered", file, field);
        checked++;
    }
    print_message("labels.tsv: %zu values checked, %zu not covered (no field)\n", checked, skipped);
    if (cache.parsed)
        vacancy_free(&cache.v);
    common_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_labels)};
    return cmocka_run_group_tests(tests, NULL, helper_teardown);
}
