/* fuzz_page.c - parser_page on arbitrary bytes, and the listing reader. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vacancy v;
    vacancy_init(&v);
    parser_page(fuzz_get_parser(), (const char *)data, size, "https://example.org/job/1234", NULL, &v);
    vacancy_free(&v);
    parser_listing l;
    parser_listing_rules rules = {"https://example.org/job/*", "https://example.org/search/*"};
    if (!parser_listing_page((const char *)data, size, "https://example.org/search/", &rules, &l))
        parser_listing_free(&l);
    return 0;
}
