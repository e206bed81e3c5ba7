/* helpers.h - shared by the parser tests. */
#ifndef VH_TEST_PARSER_HELPERS_H
#define VH_TEST_PARSER_HELPERS_H

#include "common/common.h"
#include "parser/parser.h"

/* The parser with geography from $VACANCY_DATA_DIR and the test pay-scale
 * table, or NULL when the reference data is absent (tests then skip). */
parser *helper_parser(void);
/* Group teardown: closes the shared parser. */
int helper_teardown(void **state);
/* Read tests/parser/fixtures/NAME (or an absolute path); aborts the test on failure. */
void helper_read(const char *name, common_buf *out);
/* Parse a fixture page into v (initialised here). */
int helper_page(const char *name, const char *url, const char *content_type, vacancy *v);

#endif
