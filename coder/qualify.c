/* qualify.c - choose between index entries told apart only by qualifiers.
 *
 * About 2,400 ONS titles map to several unit groups: "Manager" is 1131 in
 * banking and 1211 in agriculture. The ADD and IND qualifiers say which;
 * the advert says it through its industry, its description, or words of
 * its own title. When nothing decides, the entry with no qualifier (the
 * general case) or ONS's default entry is used, and the result says so. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define QUALIFY_MIN 0.5f /* share of a qualifier's weight the context must hold */

static void mark_word(const char *w, size_t len, void *arg)
{
    coder_ctx *ctx = arg;
    uint32_t id = index_word(&ctx->c->ix, w, len);
    if (id != INDEX_NO_WORD)
        ctx->stamp[id] = ctx->mark;
}

void qualify_context(coder_ctx *ctx, const char *context)
{
    if (++ctx->mark == 0) { /* wrapped: clear old marks once in 4 billion */
        memset(ctx->stamp, 0, ctx->c->ix.nwords * sizeof(*ctx->stamp));
        ctx->mark = 1;
    }
    for (size_t i = 0; i < ctx->q.n; i++)
        if (ctx->q.w[i].id != INDEX_NO_WORD)
            ctx->stamp[ctx->q.w[i].id] = ctx->mark;
    if (context)
        norm_words(context, CODER_CONTEXT_MAX, mark_word, ctx);
}

void qualify_add(coder_ctx *ctx, const char *text)
{
    norm_words(text, strlen(text), mark_word, ctx);
}

/* Share of the qualifier's weight present in the context, 0..1. */
static float qualifier_match(const coder_ctx *ctx, const index_entry *e)
{
    const index_t *ix = &ctx->c->ix;
    float have = 0, all = 0;
    for (uint16_t k = 0; k < e->nqual; k++) {
        float w = ix->idf[e->qual[k]];
        all += w;
        if (ctx->stamp[e->qual[k]] == ctx->mark)
            have += w;
    }
    return all > 0 ? have / all : 0;
}

uint32_t qualify_choose(coder_ctx *ctx, const index_group *g, unsigned *flags)
{
    const index_t *ix = &ctx->c->ix;
    *flags = 0;
    if (g->nsocs <= 1) /* its unqualified entry, if it has one, stands for it */
        return g->fallback;
    uint32_t best = g->first;
    float best_q = 0;
    bool tie = false;
    for (uint32_t e = g->first; e < g->first + g->count; e++) {
        float q = qualifier_match(ctx, &ix->entries[e]);
        if (q > best_q) {
            best_q = q, best = e, tie = false;
        } else if (q == best_q && q > 0 &&
                   strcmp(ix->entries[e].soc2020, ix->entries[best].soc2020)) {
            tie = true;
        }
    }
    if (best_q >= QUALIFY_MIN && !tie) {
        *flags = CODER_BY_CONTEXT;
        return best;
    }
    *flags = CODER_AMBIGUOUS;
    if (ix->entries[g->fallback].dflag == INDEX_DEFAULT_FLAG)
        *flags |= CODER_DEFAULT;
    return g->fallback;
}

bool qualify_settled(coder_ctx *ctx, const index_group *g)
{
    unsigned flags;
    qualify_choose(ctx, g, &flags);
    return !(flags & CODER_AMBIGUOUS) || !ctx->c->ix.entries[g->fallback].qualifier;
}
