/* fuzz_jsonld.c - the JSON-LD reader: input wrapped in a script block, so
 * the lenient cleaner, jansson and the JobPosting walk all see it. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] = "<html><script type=\"application/ld+json\">";
    static const char tail[] = "</script></html>";
    char *page = malloc(sizeof(head) + size + sizeof(tail));
    if (!page)
        return 0;
    memcpy(page, head, sizeof(head) - 1);
    memcpy(page + sizeof(head) - 1, data, size);
    memcpy(page + sizeof(head) - 1 + size, tail, sizeof(tail) - 1);
    vacancy v;
    vacancy_init(&v);
    parser_page(fuzz_get_parser(), page, sizeof(head) - 1 + size + sizeof(tail) - 1, NULL, NULL, &v);
    vacancy_free(&v);
    free(page);
    return 0;
}
