/* buf.c - growable byte buffer and whole-file reading. */
#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int common_buf_grow(common_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len)
        return common_error(COMMON_ENOMEM, "buffer size overflow");
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = common_realloc(b->data, cap);
    if (!p)
        return COMMON_ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

int common_buf_append(common_buf *b, const char *s, size_t n)
{
    int rc = common_buf_grow(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int common_buf_puts(common_buf *b, const char *s)
{
    return common_buf_append(b, s, strlen(s));
}

int common_buf_putc(common_buf *b, char c)
{
    return common_buf_append(b, &c, 1);
}

int common_buf_printf(common_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return common_error(COMMON_EINVAL, "bad format string");
    int rc = common_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void common_buf_clear(common_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void common_buf_free(common_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *common_buf_detach(common_buf *b)
{
    if (!b->data && common_buf_grow(b, 0))
        return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

int common_read_file(const char *path, size_t max_bytes, common_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return common_error(COMMON_EIO, "%s: cannot open: %s", path, strerror(errno));
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (out->len + n > max_bytes) {
            rc = common_error(COMMON_EINVAL, "%s: larger than the limit of %zu bytes",
                              path, max_bytes);
            break;
        }
        if ((rc = common_buf_append(out, chunk, n)))
            break;
    }
    if (!rc && ferror(f))
        rc = common_error(COMMON_EIO, "%s: read error: %s", path, strerror(errno));
    fclose(f);
    if (!rc && !out->data)
        rc = common_buf_grow(out, 0); /* empty file: still a valid string */
    if (!rc)
        out->data[out->len] = '\0';
    return rc;
}
