/* hash.c - FNV-1a, 64-bit: small, deterministic across runs and hosts,
 * which matters because hashes end up in built artefacts. */
#include "common.h"

uint64_t common_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
