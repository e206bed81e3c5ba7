/* internal.h - private: the coder, its per-thread context, the matchers. */
#ifndef VH_CODER_INTERNAL_H
#define VH_CODER_INTERNAL_H

#include "index.h"

struct coder {
    index_t ix;
};

/* A query word after resolution against the vocabulary. */
typedef struct {
    uint32_t id;     /* INDEX_NO_WORD when unknown */
    float weight;    /* IDF x spelling factor, or the unknown-word weight */
    uint8_t flags;   /* NORM_* */
} query_word;

typedef struct {
    query_word w[NORM_MAX_TOKENS];
    size_t n;
    uint32_t head;   /* word id of the head noun, or INDEX_NO_WORD */
    float norm;      /* of all weights, unknown words included */
    float known;     /* share of the norm carried by known words, 0..1 */
} query;

/* A scored SOC candidate before it becomes a coder_candidate. */
typedef struct {
    uint32_t entry;
    float score;
    float votes;     /* scores of further groups agreeing on this SOC */
    coder_method method;
    unsigned flags;
} match;

#define MATCH_MAX 64 /* SOC candidates gathered before the top k are taken */

struct coder_ctx {
    const coder *c;
    norm_title title;
    query q;
    float *acc;          /* per group: accumulated dot product */
    uint32_t *touched;   /* groups with acc != 0 */
    size_t ntouched;
    uint32_t *stamp;     /* per word: == mark when in the context set */
    uint32_t mark;
    uint16_t *tri_hits;  /* per word: shared trigrams, spelling correction */
    uint32_t *tri_touched;
    match m[MATCH_MAX];
    size_t nm;
};

/* match.c */
void query_resolve(coder_ctx *ctx);
/* Exact lookup; returns the group or -1. */
int64_t match_exact(coder_ctx *ctx, bool skip_senior);
/* Fuzzy ranking into ctx->m. */
void match_fuzzy(coder_ctx *ctx);
/* Add a group's SOC choice (and its alternatives) to ctx->m. */
void match_add_group(coder_ctx *ctx, uint32_t group, float score, coder_method method);

/* qualify.c */
/* Mark context words (free text and the query's own words) in ctx->stamp. */
void qualify_context(coder_ctx *ctx, const char *context);
/* Pick the entry of a group for the context; sets CODER_* flags. */
uint32_t qualify_choose(coder_ctx *ctx, const index_group *g, unsigned *flags);

#endif
