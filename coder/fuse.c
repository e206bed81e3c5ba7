/* fuse.c - one ranked list from the title index and the classifier.
 *
 * The index is precise when an advert's title is an ONS title; the
 * classifier generalises to titles the index lacks. An exact index match
 * keeps most of the weight (the classifier still breaks ties between the
 * unit groups of an ambiguous title); a fuzzy one leaves more to the
 * classifier. The features of each candidate feed the calibration. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define FUSE_EXACT 0.6f /* index share of the fused score after an exact match */
#define FUSE_FUZZY 0.4f /* after a fuzzy one */

static fused *find_or_add(coder_ctx *ctx, int code, uint32_t entry)
{
    for (size_t i = 0; i < ctx->ncand; i++)
        if (ctx->cand[i].code == code)
            return &ctx->cand[i];
    if (ctx->ncand == sizeof(ctx->cand) / sizeof(ctx->cand[0]))
        return NULL;
    fused *f = &ctx->cand[ctx->ncand++];
    memset(f, 0, sizeof(*f));
    f->code = code;
    f->entry = entry;
    return f;
}

static void gather(coder_ctx *ctx, coder_method method)
{
    const index_t *ix = &ctx->c->ix;
    ctx->ncand = 0;
    if (method != CODER_METHOD_MODEL)
        for (size_t i = 0; i < ctx->nm; i++) {
            const match *m = &ctx->m[i];
            fused *f = find_or_add(ctx, atoi(ix->entries[m->entry].soc2020), m->entry);
            if (f && m->score > f->index) {
                f->index = m->score, f->entry = m->entry, f->index_method = m->method;
                f->flags = m->flags, f->profile = m->profile;
            }
        }
    if (method == CODER_METHOD_INDEX)
        return;
    for (int j = 0; j < ctx->nlabels; j++) {
        int code = atoi(ctx->labels[j]);
        if (code <= 0 || code > 9999 || ix->soc_of_code[code] < 0)
            continue; /* a code this index does not hold */
        uint32_t rep = ix->soc_entry[ix->soc_of_code[code]];
        bool is_new = true;
        for (size_t i = 0; i < ctx->ncand && is_new; i++)
            is_new = ctx->cand[i].code != code;
        fused *f = find_or_add(ctx, code, rep);
        if (!f)
            continue;
        f->model = ctx->probs[j];
        if (is_new)
            f->profile = true;
    }
}

static int by_fused(const void *a, const void *b)
{
    const fused *x = a, *y = b;
    if (x->fused != y->fused)
        return x->fused < y->fused ? 1 : -1;
    return (x->code > y->code) - (x->code < y->code);
}

void fuse(coder_ctx *ctx, coder_method method, bool one_word)
{
    gather(ctx, method);
    int index_top = 0, model_top = ctx->nlabels ? atoi(ctx->labels[0]) : 0;
    float best_index = 0;
    for (size_t i = 0; i < ctx->ncand; i++) {
        fused *f = &ctx->cand[i];
        if (f->index > best_index || (f->index == best_index && f->code < index_top)) {
            best_index = f->index;
            index_top = f->code;
        }
        float a = f->index_method == CODER_METHOD_EXACT ? FUSE_EXACT : FUSE_FUZZY;
        f->fused = method == CODER_METHOD_INDEX ? f->index
                 : method == CODER_METHOD_MODEL ? f->model
                 : a * f->index + (1 - a) * f->model;
    }
    qsort(ctx->cand, ctx->ncand, sizeof(ctx->cand[0]), by_fused);
    const model_t *m = ctx->c->has_model && method == CODER_METHOD_COMBINED
                           ? &ctx->c->model : NULL;
    for (size_t i = 0; i < ctx->ncand; i++) {
        fused *f = &ctx->cand[i];
        float other = ctx->ncand > 1 ? ctx->cand[i == 0 ? 1 : 0].fused : 0;
        f->f[FEAT_FUSED] = f->fused;
        f->f[FEAT_MARGIN] = f->fused - other;
        f->f[FEAT_MODEL] = f->model;
        f->f[FEAT_INDEX] = f->index;
        f->f[FEAT_EXACT] = f->index_method == CODER_METHOD_EXACT;
        f->f[FEAT_AGREE] = f->code == index_top && f->code == model_top;
        f->f[FEAT_AMBIGUOUS] = (f->flags & CODER_AMBIGUOUS) != 0;
        f->f[FEAT_ONE_WORD] = one_word;
        f->f[FEAT_KNOWN] = ctx->q.known;
        f->confidence = model_confidence(m, f->f);
    }
}
