/* map.c - string -> pointer hash map for the reference lookups.
 *
 * Open addressing with linear probing, kept at most half full. Keys are
 * copied; values are borrowed (the caller owns what they point at). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define PMAP_MIN_CAP 64

static size_t slot_of(const pmap *m, const char *key)
{
    size_t i = (size_t)common_hash(key, strlen(key)) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int grow(pmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : PMAP_MIN_CAP;
    pmap big = {common_calloc(cap, sizeof(char *)), common_calloc(cap, sizeof(void *)),
                cap, m->n};
    if (!big.keys || !big.vals) {
        free(big.keys);
        free(big.vals);
        return COMMON_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot_of(&big, m->keys[i]);
        big.keys[j] = m->keys[i];
        big.vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    *m = big;
    return 0;
}

static int put(pmap *m, const char *key, void *val, bool replace)
{
    if ((m->n + 1) * 2 > m->cap) {
        int rc = grow(m);
        if (rc)
            return rc;
    }
    size_t i = slot_of(m, key);
    if (m->keys[i]) {
        if (replace)
            m->vals[i] = val;
        return 0;
    }
    if (!(m->keys[i] = common_strdup(key)))
        return COMMON_ENOMEM;
    m->vals[i] = val;
    m->n++;
    return 1;
}

int pmap_add(pmap *m, const char *key, void *val) { return put(m, key, val, false); }

int pmap_set(pmap *m, const char *key, void *val) { return put(m, key, val, true); }

void *pmap_get(const pmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = slot_of(m, key);
    return m->keys[i] ? m->vals[i] : NULL;
}

void pmap_free(pmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}
