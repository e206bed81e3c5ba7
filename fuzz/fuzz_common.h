/* fuzz_common.h - shared by the libFuzzer targets: one parser per process,
 * loaded from $VACANCY_DATA_DIR, and input as a NUL-terminated string. */
#ifndef VH_FUZZ_COMMON_H
#define VH_FUZZ_COMMON_H

#include "common/common.h"
#include "parser/parser.h"

#include <stdlib.h>
#include <string.h>

static parser *fuzz_parser;

static inline const parser *fuzz_get_parser(void)
{
    if (!fuzz_parser && parser_open(&fuzz_parser, NULL)) {
        fprintf(stderr, "fuzz: %s (set VACANCY_DATA_DIR)\n", common_last_error());
        abort();
    }
    return fuzz_parser;
}

/* The input as a C string, for the one-string entry points. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif
