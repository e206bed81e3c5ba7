/* fuzz_text.c - one pay, location or date string, as an operator or a page
 * would give it. Built three times: FUZZ_TEXT is pay, location or date. */
#include "fuzz_common.h"

#define FUZZ_PAY 1
#define FUZZ_LOCATION 2
#define FUZZ_DATE 3

static int parse(vacancy *v, const char *s)
{
#if FUZZ_TEXT == FUZZ_PAY
    return parser_pay_text(fuzz_get_parser(), s, &v->pay);
#elif FUZZ_TEXT == FUZZ_LOCATION
    return parser_location_text(fuzz_get_parser(), s, &v->location);
#else
    return parser_date_text(s, &v->date_posted);
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_string(data, size);
    if (!s)
        return 0;
    vacancy v;
    vacancy_init(&v);
    parse(&v, s);
    vacancy_free(&v);
    free(s);
    return 0;
}
