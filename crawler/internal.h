/* internal.h - private to crawler/: what its files share. */
#ifndef VH_CRAWLER_INTERNAL_H
#define VH_CRAWLER_INTERNAL_H

#include "common/common.h"

#include <stdbool.h>
#include <stddef.h>

#define CRAWLER_HOST_MAX 256 /* bytes with the NUL */

/* The host of a canonical URL (lower case, no port) into out. */
int crawler_url_host(const char *canonical_url, char *out, size_t outsz);

/* Append s[0..n) with percent-encoding normalised (RFC 3986 6.2.2): valid
 * escapes in upper-case hex, escaped unreserved characters decoded, other
 * bytes kept when raw_ok says so and encoded otherwise (a stray '%' too). */
int crawler_pct_normalise(common_buf *b, const char *s, size_t n,
                          bool (*raw_ok)(unsigned char c));

#endif
