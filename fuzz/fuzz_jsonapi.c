/* fuzz_jsonapi.c - a job board API's JSON document of JobPostings. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parser_jsonapi_doc doc;
    if (!parser_jsonapi(fuzz_get_parser(), (const char *)data, size, NULL, &doc))
        parser_jsonapi_free(&doc);
    return 0;
}
