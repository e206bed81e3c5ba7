/* helpers.c - fixtures and one shared parser for the parser tests. */
#include "helpers.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURES VH_TEST_SOURCE_DIR "/tests/parser/fixtures/"
#define FIXTURE_MAX (8u << 20)

static parser *shared;

parser *helper_parser(void)
{
    if (shared)
        return shared;
    char *probe = common_data_path(NULL, "geography/drkane_geo_lookups/la_all_codes.csv");
    bool present = probe && access(probe, R_OK) == 0;
    free(probe);
    if (!present)
        return NULL;
    assert_int_equal(parser_open(&shared, NULL), 0);
    assert_int_equal(parser_load_scales(shared, FIXTURES "pay_scales_2017.csv"), 0);
    return shared;
}

int helper_teardown(void **state)
{
    (void)state;
    parser_close(shared);
    shared = NULL;
    return 0;
}

void helper_read(const char *name, common_buf *out)
{
    common_buf path = COMMON_BUF_INIT;
    assert_int_equal(common_buf_printf(&path, "%s%s", name[0] == '/' ? "" : FIXTURES, name), 0);
    int rc = common_read_file(path.data, FIXTURE_MAX, out);
    if (rc)
        fail_msg("%s: %s", path.data, common_last_error());
    common_buf_free(&path);
}

int helper_page(const char *name, const char *url, const char *content_type, vacancy *v)
{
    common_buf body = COMMON_BUF_INIT;
    char header[128];
    snprintf(header, sizeof(header), "Content-Type: %s", content_type ? content_type : "");
    const char *headers[] = {header, NULL};
    helper_read(name, &body);
    vacancy_init(v);
    int rc = parser_page(helper_parser(), body.data ? body.data : "", body.len, url,
                         content_type ? headers : NULL, v);
    common_buf_free(&body);
    return rc;
}
