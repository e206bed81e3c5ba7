/* strmap.c - string -> integer map with open addressing and linear probing.
 *
 * Keys are copied into one arena so a map of tens of thousands of words is
 * a handful of allocations. Values are non-negative; -1 means absent. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#define STRMAP_MIN_SLOTS 16
#define STRMAP_MAX_LOAD_PCT 70

typedef struct {
    uint64_t hash;
    size_t key;    /* offset into arena, or SIZE_MAX when empty */
    uint32_t len;
    int64_t value;
} slot;

struct common_strmap {
    slot *slots;
    size_t nslots; /* power of two */
    size_t count;
    common_buf arena;
};

static int resize(common_strmap *m, size_t nslots)
{
    slot *s = common_malloc(nslots * sizeof(*s));
    if (!s)
        return COMMON_ENOMEM;
    for (size_t i = 0; i < nslots; i++)
        s[i].key = SIZE_MAX;
    for (size_t i = 0; i < m->nslots; i++) {
        if (m->slots[i].key == SIZE_MAX)
            continue;
        size_t j = m->slots[i].hash & (nslots - 1);
        while (s[j].key != SIZE_MAX)
            j = (j + 1) & (nslots - 1);
        s[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = s;
    m->nslots = nslots;
    return 0;
}

common_strmap *common_strmap_new(size_t expected)
{
    common_strmap *m = common_calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    size_t n = STRMAP_MIN_SLOTS;
    while (n * STRMAP_MAX_LOAD_PCT / 100 < expected)
        n *= 2;
    if (resize(m, n)) {
        free(m);
        return NULL;
    }
    return m;
}

void common_strmap_free(common_strmap *m)
{
    if (!m)
        return;
    free(m->slots);
    common_buf_free(&m->arena);
    free(m);
}

static size_t find(const common_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t j = h & (m->nslots - 1);
    while (m->slots[j].key != SIZE_MAX) {
        const slot *s = &m->slots[j];
        if (s->hash == h && s->len == len && !memcmp(m->arena.data + s->key, key, len))
            return j;
        j = (j + 1) & (m->nslots - 1);
    }
    return j;
}

int64_t common_strmap_put(common_strmap *m, const char *key, size_t len, int64_t value)
{
    if ((m->count + 1) * 100 > m->nslots * STRMAP_MAX_LOAD_PCT && resize(m, m->nslots * 2))
        return -1;
    uint64_t h = common_hash(key, len);
    size_t j = find(m, key, len, h);
    if (m->slots[j].key != SIZE_MAX)
        return m->slots[j].value;
    size_t off = m->arena.len;
    if (len > UINT32_MAX || common_buf_append(&m->arena, key, len) ||
        common_buf_putc(&m->arena, '\0'))
        return -1;
    m->slots[j] = (slot){h, off, (uint32_t)len, value};
    m->count++;
    return value;
}

int64_t common_strmap_get(const common_strmap *m, const char *key, size_t len)
{
    size_t j = find(m, key, len, common_hash(key, len));
    return m->slots[j].key == SIZE_MAX ? -1 : m->slots[j].value;
}

size_t common_strmap_size(const common_strmap *m)
{
    return m->count;
}
