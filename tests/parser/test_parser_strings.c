/* test_parser_strings.c - pay, location and date strings. */
#include "helpers.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N NAN
#define HOURLY (VACANCY_HOURS_PER_WEEK * VACANCY_WEEKS_PER_YEAR)

static void assert_amount(double got, double want, const char *what, const char *text)
{
    if (isnan(want) ? !isnan(got) : fabs(got - want) > 0.005)
        fail_msg("'%s': %s is %g, want %g", text, what, got, want);
}

static const struct {
    const char *text;
    double min, max, annual_min, annual_max;
    vacancy_pay_period period;
    unsigned flags; /* that must be set */
    const char *scale;
} pays[] = {
    {"£25,000 - £30,000 per annum", 25000, 30000, 25000, 30000, VACANCY_PERIOD_YEAR, 0, NULL},
    {"£25k-£30k", 25000, 30000, 25000, 30000, VACANCY_PERIOD_YEAR, 0, NULL},
    {"£25-30k plus benefits", 25000, 30000, 25000, 30000, VACANCY_PERIOD_YEAR,
     VACANCY_PAY_BENEFITS, NULL},
    {"£12.50ph", 12.5, 12.5, 12.5 * HOURLY, 12.5 * HOURLY, VACANCY_PERIOD_HOUR, 0, NULL},
    {"£9 an hour", 9, 9, 9 * HOURLY, 9 * HOURLY, VACANCY_PERIOD_HOUR, 0, NULL},
    {"£9.00 per hour", 9, 9, 9 * HOURLY, 9 * HOURLY, VACANCY_PERIOD_HOUR, 0, NULL},
    {"£450 per day", 450, 450, 450 * VACANCY_DAYS_PER_YEAR, 450 * VACANCY_DAYS_PER_YEAR,
     VACANCY_PERIOD_DAY, 0, NULL},
    {"£500 per week", 500, 500, 500 * VACANCY_WEEKS_PER_YEAR, 500 * VACANCY_WEEKS_PER_YEAR,
     VACANCY_PERIOD_WEEK, 0, NULL},
    {"£2,100 per month", 2100, 2100, 2100 * VACANCY_MONTHS_PER_YEAR,
     2100 * VACANCY_MONTHS_PER_YEAR, VACANCY_PERIOD_MONTH, 0, NULL},
    {"Up to £40,000", N, 40000, N, 40000, VACANCY_PERIOD_YEAR, 0, NULL},
    {"From £11.44 an hour", 11.44, N, 11.44 * HOURLY, N, VACANCY_PERIOD_HOUR, 0, NULL},
    {"£53,730", 53730, 53730, 53730, 53730, VACANCY_PERIOD_YEAR, 0, NULL},
    {"£23,375 to £34,500 plus £4,530 TLR2B", 23375, 34500, 23375, 34500, VACANCY_PERIOD_YEAR, 0,
     NULL},
    {"Competitive", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_COMPETITIVE, NULL},
    {"DOE", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_NEGOTIABLE, NULL},
    {"Salary negotiable depending on experience", N, N, N, N, VACANCY_PERIOD_UNKNOWN,
     VACANCY_PAY_NEGOTIABLE, NULL},
    {"£30,000 pro rata", 30000, 30000, 30000, 30000, VACANCY_PERIOD_YEAR, VACANCY_PAY_PRO_RATA,
     NULL},
    {"OTE £45k", 45000, 45000, 45000, 45000, VACANCY_PERIOD_YEAR, VACANCY_PAY_OTE, NULL},
    {"£52,000 - £55,000 per annum", 52000, 55000, 52000, 55000, VACANCY_PERIOD_YEAR, 0, NULL},
    {"25,000 - 30,000", 25000, 30000, 25000, 30000, VACANCY_PERIOD_YEAR, 0, NULL},
    {"GBP 28,000 - GBP 32,000 a year", 28000, 32000, 28000, 32000, VACANCY_PERIOD_YEAR, 0, NULL},
    /* Scales resolved through the test table (tests/parser/fixtures/pay_scales_2017.csv). */
    {"M1 - U3 plus TLR2c", 22917, 38633, 22917, 38633, VACANCY_PERIOD_YEAR, VACANCY_PAY_SCALE,
     "M1-U3"},
    {"Leadership Scale L12-16", 51639, 59857, 51639, 59857, VACANCY_PERIOD_YEAR,
     VACANCY_PAY_SCALE, "L12-L16"},
    {"AfC Band 5", 22128, 28746, 22128, 28746, VACANCY_PERIOD_YEAR, VACANCY_PAY_SCALE,
     "AfC Band 5"},
    /* Recognised but not in the table: kept as the reference only. */
    {"L29 - L35", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_SCALE, "L29-L35"},
    {"Civil Service grade: HEO", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_SCALE,
     "Civil Service HEO"},
    {"Band 8a", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_SCALE, "AfC Band 8a"},
    {"NJC Scale Point 12 - 17", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_SCALE,
     "NJC SCP 12-17"},
    {"37.5 hours per week, £24,000 per annum", 24000, 24000, 24000, 24000, VACANCY_PERIOD_YEAR,
     0, NULL},
    {"£32,000 - £38,000 + car allowance", 32000, 38000, 32000, 38000, VACANCY_PERIOD_YEAR,
     VACANCY_PAY_BENEFITS, NULL},
    {"£10.50 - £12.00 per hour", 10.5, 12, 10.5 * HOURLY, 12 * HOURLY, VACANCY_PERIOD_HOUR, 0,
     NULL},
    {"£100-£150 per day", 100, 150, 100 * VACANCY_DAYS_PER_YEAR, 150 * VACANCY_DAYS_PER_YEAR,
     VACANCY_PERIOD_DAY, 0, NULL},
    {"£700pw", 700, 700, 700 * VACANCY_WEEKS_PER_YEAR, 700 * VACANCY_WEEKS_PER_YEAR,
     VACANCY_PERIOD_WEEK, 0, NULL},
    /* Implausible: flagged, not stored. */
    {"£5 per annum", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_IMPLAUSIBLE, NULL},
    {"£5m", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_IMPLAUSIBLE, NULL},
    {"£250,000,000 per annum", N, N, N, N, VACANCY_PERIOD_UNKNOWN, VACANCY_PAY_IMPLAUSIBLE, NULL},
};

static void test_pay(void **state)
{
    (void)state;
    parser *p = helper_parser();
    if (!p)
        skip();
    for (size_t i = 0; i < sizeof(pays) / sizeof(pays[0]); i++) {
        vacancy v;
        vacancy_init(&v);
        const char *t = pays[i].text;
        assert_int_equal(parser_pay_text(p, t, &v.pay), 0);
        assert_amount(v.pay.min, pays[i].min, "min", t);
        assert_amount(v.pay.max, pays[i].max, "max", t);
        assert_amount(v.pay.annual_min, pays[i].annual_min, "annual_min", t);
        assert_amount(v.pay.annual_max, pays[i].annual_max, "annual_max", t);
        if (v.pay.period != pays[i].period)
            fail_msg("'%s': period %s, want %s", t, vacancy_period_name(v.pay.period),
                     vacancy_period_name(pays[i].period));
        if ((v.pay.flags & pays[i].flags) != pays[i].flags)
            fail_msg("'%s': flags %#x lack %#x", t, v.pay.flags, pays[i].flags);
        if (!isnan(pays[i].min) || !isnan(pays[i].max))
            assert_string_equal(v.pay.currency, "GBP");
        if (pays[i].scale)
            assert_string_equal(v.pay.scale, pays[i].scale);
        else if (v.pay.scale)
            fail_msg("'%s': unexpected scale %s", t, v.pay.scale);
        assert_string_equal(v.pay.raw, t);
        vacancy_free(&v);
    }
}

static void test_pay_without_tables(void **state)
{
    (void)state;
    vacancy v;
    vacancy_init(&v);
    /* No parser: scales are recognised but never resolved. */
    assert_int_equal(parser_pay_text(NULL, "Main Scale", &v.pay), 0);
    assert_string_equal(v.pay.scale, "M1-M6");
    assert_true(isnan(v.pay.min) && isnan(v.pay.max));
    vacancy_free(&v);
    vacancy_init(&v);
    assert_int_equal(parser_pay_text(NULL, "Apply now", &v.pay), COMMON_ENOTFOUND);
    vacancy_free(&v);
    char big[PARSER_MAX_TEXT + 2];
    memset(big, '9', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    vacancy_init(&v);
    assert_int_equal(parser_pay_text(NULL, big, &v.pay), COMMON_EINVAL);
    vacancy_free(&v);
}

static const struct {
    const char *text, *postcode, *lad_code, *region_code, *country;
    unsigned flags;
} places[] = {
    {"Wednesbury WS10", "WS10", "E08000028", "E12000005", "England", 0},
    {"Leeds, West Yorkshire", NULL, "E08000035", "E12000003", "England", 0},
    {"Birmingham", NULL, "E08000025", "E12000005", "England", 0},
    {"Manchester", NULL, "E08000003", "E12000002", "England", 0},
    {"Bristol", NULL, "E06000023", "E12000009", "England", 0},
    {"Glasgow", NULL, "S12000049", NULL, "Scotland", 0},
    {"Hybrid - London", NULL, NULL, "E12000007", "England", VACANCY_LOC_HYBRID},
    {"Remote", NULL, NULL, NULL, NULL, VACANCY_LOC_REMOTE},
    {"Multiple locations", NULL, NULL, NULL, NULL, VACANCY_LOC_MULTIPLE},
    {"LS1 4DY", "LS1 4DY", NULL, NULL, NULL, 0},
    {"Hartlepool", NULL, "E06000001", "E12000001", "England", 0},
    {"North Tyneside", NULL, "E08000022", "E12000001", "England", 0},
    {"Darlington, Hartlepool, Sunderland", NULL, "E06000005", "E12000001", "England",
     VACANCY_LOC_MULTIPLE},
    {"Cardiff", NULL, "W06000015", NULL, "Wales", 0},
    /* A county after the place chooses between the districts it may mean. */
    {"Gillingham, Dorset", NULL, "E06000059", "E12000009", "England", 0},
    {"Gillingham, Kent", NULL, "E06000035", "E12000008", "England", 0},
    {"Newcastle, Staffordshire", NULL, "E07000195", "E12000005", "England", 0},
    {"Richmond, London", NULL, "E09000027", "E12000007", "England", 0},
    {"Brighton and Hove (Hybrid)", NULL, "E06000043", "E12000008", "England",
     VACANCY_LOC_HYBRID},
};

static void check_str(const char *got, const char *want, const char *what, const char *text)
{
    if (!want)
        return;
    if (!got || strcmp(got, want))
        fail_msg("'%s': %s is %s, want %s", text, what, got ? got : "(null)", want);
}

static void test_location(void **state)
{
    (void)state;
    parser *p = helper_parser();
    if (!p)
        skip();
    for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
        vacancy v;
        vacancy_init(&v);
        const char *t = places[i].text;
        int rc = parser_location_text(p, t, &v.location);
        if (rc)
            fail_msg("'%s': %s", t, common_last_error());
        check_str(v.location.raw, t, "raw", t);
        check_str(v.location.postcode, places[i].postcode, "postcode", t);
        check_str(v.location.lad_code, places[i].lad_code, "lad_code", t);
        check_str(v.location.region_code, places[i].region_code, "region_code", t);
        check_str(v.location.country, places[i].country, "country", t);
        if ((v.location.flags & places[i].flags) != places[i].flags)
            fail_msg("'%s': flags %#x lack %#x", t, v.location.flags, places[i].flags);
        /* postcodes_io/nuts.json has no Scottish districts: no ITL there. */
        if (places[i].lad_code && strcmp(places[i].country, "Scotland")) {
            if (!v.location.itl_code)
                fail_msg("'%s': no ITL code for %s", t, v.location.lad_code);
            assert_non_null(v.location.resolved_by);
        }
        vacancy_free(&v);
    }
    /* A name several districts share resolves nowhere rather than wrongly. */
    vacancy v;
    vacancy_init(&v);
    parser_location_text(p, "Newcastle", &v.location);
    assert_null(v.location.lad_code);
    vacancy_free(&v);
    vacancy_init(&v);
    assert_int_equal(parser_location_text(p, "Atlantis", &v.location), COMMON_ENOTFOUND);
    vacancy_free(&v);
}

static const struct {
    const char *text, *iso;
} dates[] = {
    {"2020-11-09", "2020-11-09"},
    {"2020-12-21T23:55:00.0000000", "2020-12-21T23:55"},
    {"2023-08-01T23:59:00+01:00", "2023-08-01T23:59"},
    {"09/11/2020", "2020-11-09"},
    {"9.11.20", "2020-11-09"},
    {"10:00 pm on Sunday 2nd July 2023", "2023-07-02T22:00"},
    {"9:00am on Thursday 22 March 2018", "2018-03-22T09:00"},
    {"12 noon on Thursday 15 March 2018.", "2018-03-15T12:00"},
    {"Noon, Thursday 15 March 2018", "2018-03-15T12:00"},
    {"9th March 2018 (12 Noon)", "2018-03-09T12:00"},
    {"Monday 19th March 2018", "2018-03-19"},
    {"September 2018", "2018-09-01"},
    {"July 2, 2023", "2023-07-02"},
    {"Sun, 02 Jul 2023 22:00:00 +0000", "2023-07-02T22:00"},
};

static void test_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        vacancy_date d = {0, 0, 0, -1, -1};
        char out[VACANCY_DATE_MAX];
        if (parser_date_text(dates[i].text, &d))
            fail_msg("'%s': %s", dates[i].text, common_last_error());
        vacancy_date_format(&d, out);
        if (strcmp(out, dates[i].iso))
            fail_msg("'%s' read as %s, want %s", dates[i].text, out, dates[i].iso);
    }
    static const char *const bad[] = {"", "31/02/2020", "2020-13-01", "soon", "22", "2020-02-30",
                                      "32 March 2020"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        vacancy_date d = {0, 0, 0, -1, -1};
        if (!parser_date_text(bad[i], &d))
            fail_msg("'%s' should not be a date", bad[i]);
    }
}

static void test_scale_table_errors(void **state)
{
    (void)state;
    parser *p = helper_parser();
    if (!p)
        skip();
    char path[] = "/tmp/vh-scales-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("scale,point,min,max\nteacher,M1,lots,\n", f);
    fclose(f);
    assert_int_equal(parser_load_scales(p, path), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), ":2:"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pay),
        cmocka_unit_test(test_pay_without_tables),
        cmocka_unit_test(test_location),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_scale_table_errors),
    };
    return cmocka_run_group_tests(tests, NULL, helper_teardown);
}
