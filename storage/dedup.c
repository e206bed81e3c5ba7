/* dedup.c - what duplicate detection compares: a fingerprint of the
 * normalised title, employer, place and pay (exact duplicates), and a
 * MinHash of the description's word shingles (near duplicates). The
 * matching itself runs in SQL (sql/queries/merge.sql). */
#include "storage.h"

#include <math.h>
#include <string.h>

/* Words: runs of ASCII letters and digits (folded to lower case) and of
 * non-ASCII bytes; everything else separates. Calls fn per word. */
typedef void (*word_fn)(void *arg, const char *w, size_t n);

#define WORD_MAX 64 /* longer words are cut: enough to tell words apart */

static void each_word(const char *s, word_fn fn, void *arg)
{
    char w[WORD_MAX];
    size_t n = 0;
    for (;; s++) {
        unsigned char c = (unsigned char)*s;
        int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
                   (c >= 'A' && c <= 'Z');
        if (word) {
            if (n < WORD_MAX)
                w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (n)
            fn(arg, w, n);
        n = 0;
        if (!c)
            break;
    }
}

static void append_word(void *arg, const char *w, size_t n)
{
    common_buf *b = arg;
    if (b->len)
        common_buf_putc(b, ' ');
    common_buf_append(b, w, n);
}

static void put_field(common_buf *b, const char *s)
{
    each_word(s ? s : "", append_word, b);
    common_buf_putc(b, '|');
}

/* Only the words matter: "Care Assistant - Nights" and "care assistant
 * (nights)" are the same advert. Pay to the pound; place is the LAD when
 * resolved, else the advertised text. */
uint64_t storage_fingerprint(const vacancy *v)
{
    common_buf b = COMMON_BUF_INIT;
    uint64_t h;
    put_field(&b, v->title);
    put_field(&b, v->employer);
    put_field(&b, v->location.lad_code ? v->location.lad_code : v->location.raw);
    common_buf_printf(&b, "%.0f-%.0f", isnan(v->pay.annual_min) ? -1.0 : v->pay.annual_min,
                      isnan(v->pay.annual_max) ? -1.0 : v->pay.annual_max);
    h = b.data ? common_hash(b.data, b.len) : 0;
    common_buf_free(&b);
    return h;
}

/* FNV-1a (common_hash) leaves high bits weakly mixed: finish with the
 * splitmix64 finaliser before using the bits. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* MinHash: for each of STORAGE_MINHASH_N hash functions, the smallest
 * value over the description's word shingles. Two descriptions agree on a
 * position with probability equal to their Jaccard similarity. The hash
 * functions are multiply-shift over the mixed shingle hash: cheap, and
 * independent enough for an estimate. */
typedef struct {
    uint64_t ring[STORAGE_SHINGLE_WORDS]; /* hashes of the last words */
    size_t words;
    uint32_t *sig;
} minhash_state;

static uint64_t seed(int i, int which)
{
    return mix64(0x9e3779b97f4a7c15ULL * (uint64_t)(2 * i + which + 1)) | 1;
}

static void minhash_word(void *arg, const char *w, size_t n)
{
    minhash_state *st = arg;
    uint64_t x = 0;
    st->ring[st->words % STORAGE_SHINGLE_WORDS] = common_hash(w, n);
    st->words++;
    if (st->words < STORAGE_SHINGLE_WORDS)
        return;
    for (size_t i = 0; i < STORAGE_SHINGLE_WORDS; i++) /* order matters */
        x = mix64(x ^ st->ring[(st->words - STORAGE_SHINGLE_WORDS + i) % STORAGE_SHINGLE_WORDS]);
    for (int i = 0; i < STORAGE_MINHASH_N; i++) {
        uint32_t h = (uint32_t)((seed(i, 0) * x + seed(i, 1)) >> 32);
        if (h < st->sig[i])
            st->sig[i] = h;
    }
}

bool storage_minhash(const char *text, uint32_t sig[STORAGE_MINHASH_N])
{
    minhash_state st;
    memset(&st, 0, sizeof(st));
    st.sig = sig;
    for (int i = 0; i < STORAGE_MINHASH_N; i++)
        sig[i] = UINT32_MAX;
    if (!text)
        return false;
    each_word(text, minhash_word, &st);
    return st.words >= STORAGE_MINHASH_MIN_WORDS;
}

int storage_minhash_matches(const uint32_t *a, const uint32_t *b)
{
    int n = 0;
    for (int i = 0; i < STORAGE_MINHASH_N; i++)
        n += a[i] == b[i];
    return n;
}

void storage_minhash_bands(const uint32_t sig[STORAGE_MINHASH_N],
                           int32_t bands[STORAGE_MINHASH_BANDS])
{
    const int rows = STORAGE_MINHASH_N / STORAGE_MINHASH_BANDS;
    for (int b = 0; b < STORAGE_MINHASH_BANDS; b++) {
        uint64_t h = common_hash(sig + b * rows, rows * sizeof(uint32_t)) ^ (uint64_t)b;
        bands[b] = (int32_t)(uint32_t)mix64(h);
    }
}
