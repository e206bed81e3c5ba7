/* test_parser_towns.c - the UK's largest towns and cities resolve to their
 * districts: every town of the ONS major towns and cities lookup, plus names
 * adverts use for them ("Hull", "Brighton", "Derry"), from
 * tests/parser/fixtures/major_towns.tsv. Skipped without the reference data. */
#include "helpers.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#define TOWN_FIELDS 3 /* name, code, district name */

/* The expected code: a district's, or a region's (E12) for London. */
static bool resolves_to(const vacancy_location *loc, const char *code)
{
    const char *got = strncmp(code, "E12", 3) ? loc->lad_code : loc->region_code;
    return got && !strcmp(got, code);
}

static void test_major_towns(void **state)
{
    (void)state;
    parser *p = helper_parser();
    if (!p)
        skip();
    common_buf tsv = COMMON_BUF_INIT;
    helper_read("major_towns.tsv", &tsv);
    size_t towns = 0, resolved = 0;
    char *save = NULL;
    for (char *line = strtok_r(tsv.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (*line == '#')
            continue;
        char *f[TOWN_FIELDS], *fsave = NULL;
        f[0] = strtok_r(line, "\t", &fsave);
        for (int i = 1; i < TOWN_FIELDS; i++)
            f[i] = strtok_r(NULL, "\t", &fsave);
        assert_non_null(f[TOWN_FIELDS - 1]);
        vacancy v;
        vacancy_init(&v);
        parser_location_text(p, f[0], &v.location);
        towns++;
        if (resolves_to(&v.location, f[1]))
            resolved++;
        else
            print_message("'%s': %s (%s), want %s (%s)\n", f[0],
                          v.location.lad_code ? v.location.lad_code : "-",
                          v.location.lad_name ? v.location.lad_name : "nowhere", f[1], f[2]);
        vacancy_free(&v);
    }
    common_buf_free(&tsv);
    print_message("major towns: %zu of %zu resolved to their district\n", resolved, towns);
    assert_true(towns > 100);
    assert_int_equal(resolved, towns);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_major_towns),
    };
    return cmocka_run_group_tests(tests, NULL, helper_teardown);
}
