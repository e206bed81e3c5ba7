/* fuzz_pay.c - one pay string, as an operator or a page would give it. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_string(data, size);
    if (!s)
        return 0;
    vacancy v;
    vacancy_init(&v);
    parser_pay_text(fuzz_get_parser(), s, &v.pay);
    vacancy_free(&v);
    free(s);
    return 0;
}
