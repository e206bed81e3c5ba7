/* fuzz_feed.c - RSS, Atom, sitemaps, plain or gzip-compressed. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parser_feed_list list;
    if (!parser_feed((const char *)data, size, &list))
        parser_feed_free(&list);
    return 0;
}
