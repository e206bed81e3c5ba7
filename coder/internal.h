/* internal.h - private: the coder, its per-thread context, the matchers. */
#ifndef VH_CODER_INTERNAL_H
#define VH_CODER_INTERNAL_H

#include "index.h"
#include "model.h"

struct coder {
    index_t ix;
    model_t model;
    bool has_model;
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
    bool profile;    /* from the word profiles alone: no index title matched */
} match;

#define MATCH_MAX 64 /* SOC candidates gathered before the top k are taken */

/* A SOC candidate with the evidence of both sides (fuse.c). */
typedef struct {
    int code;          /* SOC 2020 */
    uint32_t entry;    /* index entry giving its codes and title */
    float index, model, fused;
    coder_method index_method;
    unsigned flags;
    bool profile;      /* the index entry is only a representative */
    float f[NFEATURES];
    int confidence;
} fused;

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
    float *post;         /* per SOC: profile posterior */
    match m[MATCH_MAX];
    size_t nm;
    char model_text[NORM_TEXT_MAX];
    char labels[MODEL_TOP][CLASSIFIER_LABEL_MAX];
    float probs[MODEL_TOP];
    int nlabels;
    fused cand[MATCH_MAX + MODEL_TOP];
    size_t ncand;
};

/* bare.c: which code each normalised index title is taught without its
 * qualifiers (the code the index falls back on). */
typedef struct bare_titles bare_titles;
int bare_titles_read(const char *index_csv, bare_titles **out);
/* True when a row coded soc2020 may teach `normalised` bare: it is the
 * title's fallback code (and the title is not open), or the title is not
 * in the index read. */
bool bare_titles_teaches(const bare_titles *b, const char *normalised, const char *soc2020);
void bare_titles_free(bare_titles *b);

/* fuse.c: merge index matches and classifier labels into ctx->cand, best
 * first, with features and confidence. */
void fuse(coder_ctx *ctx, coder_method method, bool one_word);

/* match.c */
void query_resolve(coder_ctx *ctx);
/* Exact lookup of the known words (grades aside); returns the group or -1,
 * the share of the weight of the words considered that the key covers, and
 * in *redirect the ONS cross-reference of that title or -1. */
#define EXACT_NO_SENIOR     (1u << 0) /* without "senior", "trainee"... */
#define EXACT_FIRST_SEGMENT (1u << 1) /* only the words before the first separator */
#define EXACT_BEFORE_PREP   (1u << 2) /* and before "in" / "to": "Lecturer in Law",
                                         "PA to the CEO" */
int64_t match_exact(coder_ctx *ctx, unsigned pass, float *share, int64_t *redirect);
/* Fuzzy ranking into ctx->m. */
void match_fuzzy(coder_ctx *ctx);
/* Add a group's SOC choice (and its alternatives) to ctx->m. */
void match_add_group(coder_ctx *ctx, uint32_t group, float score, coder_method method);

/* Fuse the word-profile posterior into ctx->m. */
void match_profile(coder_ctx *ctx);

/* qualify.c */
/* Mark context words (free text and the query's own words) in ctx->stamp. */
void qualify_context(coder_ctx *ctx, const char *context);
/* Mark more words: a cross-reference's own qualifier. */
void qualify_add(coder_ctx *ctx, const char *text);
/* Whether the group's code is settled without a cross-reference: one SOC,
 * an unqualified entry, or a qualifier the context decides. */
bool qualify_settled(coder_ctx *ctx, const index_group *g);
/* Pick the entry of a group for the context; sets CODER_* flags. */
uint32_t qualify_choose(coder_ctx *ctx, const index_group *g, unsigned *flags);

#endif
