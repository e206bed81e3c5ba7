/* dedup.c - what duplicate detection compares: a fingerprint of the
 * normalised title, employer, place and pay (exact duplicates), and a
 * SimHash of the description's word shingles (near duplicates). The
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

/* SimHash: every shingle of STORAGE_SIMHASH_SHINGLE words votes on each
 * of the 64 bits by its own hash; the sign of the tally is the bit. */
/* FNV-1a leaves the high bits weakly mixed; every bit votes, so finish
 * with the splitmix64 finaliser. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

typedef struct {
    uint64_t ring[STORAGE_SIMHASH_SHINGLE]; /* hashes of the last words */
    size_t words;
    int tally[64];
} simhash_state;

static void simhash_word(void *arg, const char *w, size_t n)
{
    simhash_state *st = arg;
    uint64_t h = 0;
    st->ring[st->words % STORAGE_SIMHASH_SHINGLE] = common_hash(w, n);
    st->words++;
    if (st->words < STORAGE_SIMHASH_SHINGLE)
        return;
    for (size_t i = 0; i < STORAGE_SIMHASH_SHINGLE; i++) {
        /* order matters within a shingle: rotate by position */
        uint64_t x = st->ring[(st->words - STORAGE_SIMHASH_SHINGLE + i) % STORAGE_SIMHASH_SHINGLE];
        h ^= (x << (i * 7)) | (x >> ((64 - i * 7) % 64));
    }
    h = mix64(h);
    for (int b = 0; b < 64; b++)
        st->tally[b] += (h >> b) & 1 ? 1 : -1;
}

bool storage_simhash(const char *text, uint64_t *out)
{
    simhash_state st;
    uint64_t h = 0;
    memset(&st, 0, sizeof(st));
    *out = 0;
    if (!text)
        return false;
    each_word(text, simhash_word, &st);
    if (st.words < STORAGE_SIMHASH_MIN_WORDS)
        return false;
    for (int b = 0; b < 64; b++)
        if (st.tally[b] > 0)
            h |= (uint64_t)1 << b;
    *out = h;
    return true;
}

int storage_hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}
