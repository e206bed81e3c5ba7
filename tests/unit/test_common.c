/* test_common.c - buffers, CSV, UTF-8, data directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"
#include "common/vacancy.h"

static char *write_temp(const char *content)
{
    char tmpl[] = "/tmp/vh_test_XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return strdup(tmpl);
}

static void test_csv_quotes_and_newlines(void **state)
{
    (void)state;
    char *path = write_temp("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",\"multi\nline\"\n2,,\n");
    common_csv *csv;
    assert_int_equal(common_csv_open(&csv, path), 0);
    size_t n;
    const char **f;
    assert_int_equal(common_csv_next(csv, &n, &f), 1);
    assert_int_equal(n, 3);
    assert_string_equal(f[0], "a");
    assert_int_equal(common_csv_column(n, f, "c"), 2);
    assert_int_equal(common_csv_next(csv, &n, &f), 1);
    assert_string_equal(f[1], "x, \"y\"");
    assert_string_equal(f[2], "multi\nline");
    assert_int_equal(common_csv_next(csv, &n, &f), 1);
    assert_int_equal(common_csv_line(csv), 4);
    assert_int_equal(n, 3);
    assert_string_equal(f[2], "");
    assert_int_equal(common_csv_next(csv, &n, &f), 0);
    common_csv_close(csv);
    unlink(path);
    free(path);
}

static void test_csv_unterminated_names_file_and_line(void **state)
{
    (void)state;
    char *path = write_temp("a,b\n1,\"oops\n");
    common_csv *csv;
    size_t n;
    const char **f;
    assert_int_equal(common_csv_open(&csv, path), 0);
    assert_int_equal(common_csv_next(csv, &n, &f), 1);
    assert_int_equal(common_csv_next(csv, &n, &f), COMMON_EFORMAT);
    assert_non_null(strstr(common_last_error(), path));
    assert_non_null(strstr(common_last_error(), ":2:"));
    common_csv_close(csv);
    unlink(path);
    free(path);
}

static void test_csv_missing_file(void **state)
{
    (void)state;
    common_csv *csv;
    assert_int_equal(common_csv_open(&csv, "/nonexistent/x.csv"), COMMON_EIO);
    assert_null(csv);
    assert_non_null(strstr(common_last_error(), "/nonexistent/x.csv"));
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(common_utf8_valid("caf\xC3\xA9 \xC2\xA3" "5", 9));
    assert_false(common_utf8_valid("\xA3" "5", 2));          /* Latin-1 pound */
    assert_false(common_utf8_valid("\xC0\xAF", 2));          /* overlong */
    assert_false(common_utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
    common_buf b = COMMON_BUF_INIT;
    assert_int_equal(common_utf8_put(&b, 0xA3), 0);
    assert_string_equal(b.data, "\xC2\xA3");
    common_buf_free(&b);
}

static void test_buf_printf(void **state)
{
    (void)state;
    common_buf b = COMMON_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(common_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    char *s = common_buf_detach(&b);
    assert_null(b.data);
    free(s);
}

static void test_data_dir(void **state)
{
    (void)state;
    setenv(COMMON_DATA_DIR_ENV, "/srv/ref", 1);
    assert_string_equal(common_data_dir(NULL), "/srv/ref");
    assert_string_equal(common_data_dir("/etc/x"), "/etc/x");
    char *p = common_data_path(NULL, "soc/a.csv");
    assert_string_equal(p, "/srv/ref/soc/a.csv");
    free(p);
}

static void test_vacancy_lifetime(void **state)
{
    (void)state;
    vacancy v;
    vacancy_init(&v);
    assert_int_equal(vacancy_set(&v.title, "Staff nurse"), 0);
    assert_int_equal(vacancy_set(&v.pay.raw, "£30k"), 0);
    v.closing_date = (vacancy_date){2023, 7, 2, 22, 0};
    char d[VACANCY_DATE_MAX];
    vacancy_date_format(&v.closing_date, d);
    assert_string_equal(d, "2023-07-02T22:00");
    assert_string_equal(vacancy_contract_name(VACANCY_FIXED_TERM), "fixed-term");
    vacancy_free(&v);
    assert_null(v.title);
}

static void test_grow(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 100; n++) {
        assert_int_equal(common_grow(&a, &cap, n, sizeof(*a), 4), 0);
        assert_true(cap > n);
        a[n] = (int)n;
    }
    assert_int_equal(a[99], 99);
    assert_int_equal(cap, 128);
    size_t huge = SIZE_MAX / 2;
    assert_int_equal(common_grow(&a, &cap, huge, sizeof(*a), 4), COMMON_ENOMEM);
    assert_int_equal(cap, 128); /* unchanged on failure */
    assert_int_equal(a[99], 99);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes_and_newlines),
        cmocka_unit_test(test_csv_unterminated_names_file_and_line),
        cmocka_unit_test(test_csv_missing_file),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_buf_printf),
        cmocka_unit_test(test_data_dir),
        cmocka_unit_test(test_vacancy_lifetime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
