/* error.c - per-thread error messages and checked allocation. */
#include "common.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[COMMON_ERROR_MAX];

int common_error(int code, const char *fmt, ...)
{
    /* Format aside first: callers may pass common_last_error() as an
     * argument to add context to the message already recorded. */
    char msg[COMMON_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    memcpy(last_error, msg, sizeof(msg));
    return code;
}

const char *common_last_error(void)
{
    return last_error[0] ? last_error : "no error";
}

void common_clear_error(void)
{
    last_error[0] = '\0';
}

void *common_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        common_error(COMMON_ENOMEM, "out of memory (%zu bytes)", n);
    return p;
}

void *common_calloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        common_error(COMMON_ENOMEM, "out of memory (%zu x %zu bytes)", count, n);
    return p;
}

void *common_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        common_error(COMMON_ENOMEM, "out of memory (%zu bytes)", n);
    return q;
}

int common_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : first;
    if (ncap <= n)
        ncap = n + 1;
    if (ncap > SIZE_MAX / size)
        return common_error(COMMON_ENOMEM, "out of memory (%zu items of %zu bytes)", ncap, size);
    void **p = items;
    void *q = common_realloc(*p, ncap * size);
    if (!q)
        return COMMON_ENOMEM;
    *p = q;
    *cap = ncap;
    return 0;
}

char *common_strndup(const char *s, size_t n)
{
    char *d = common_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *common_strdup(const char *s)
{
    return common_strndup(s, strlen(s));
}
