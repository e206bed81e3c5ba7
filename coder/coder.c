/* coder.c - the public face of the coder: open, contexts, code. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TOP 3
#define DEFAULT_MIN_CONFIDENCE 70

char *coder_default_dir(const char *explicit_dir, const char *data_dir)
{
    if (explicit_dir && *explicit_dir)
        return common_strdup(explicit_dir);
    const char *env = getenv(CODER_DIR_ENV);
    if (env && *env)
        return common_strdup(env);
    return common_data_path(data_dir, CODER_DEFAULT_SUBDIR);
}

int coder_open(coder **out, const char *dir)
{
    *out = NULL;
    coder *c = common_calloc(1, sizeof(*c));
    if (!c)
        return COMMON_ENOMEM;
    int rc = index_load(&c->ix, dir);
    if (!rc) {
        rc = model_load(&c->model, dir);
        c->has_model = rc == 0;
        if (rc == COMMON_ENOTFOUND)
            rc = 0; /* an index-only coder */
    }
    if (rc) {
        coder_close(c);
        return rc;
    }
    *out = c;
    return 0;
}

void coder_close(coder *c)
{
    if (!c)
        return;
    index_free(&c->ix);
    model_free(&c->model);
    free(c);
}

const char *coder_index_version(const coder *c)
{
    return c->ix.version;
}

const char *coder_model_version(const coder *c)
{
    return c->has_model ? classifier_version(c->model.cl) : NULL;
}

int coder_ctx_new(const coder *c, coder_ctx **out)
{
    *out = NULL;
    coder_ctx *ctx = common_calloc(1, sizeof(*ctx));
    if (!ctx)
        return COMMON_ENOMEM;
    ctx->c = c;
    size_t ng = c->ix.ngroups, nw = c->ix.nwords;
    ctx->acc = common_calloc(ng, sizeof(*ctx->acc));
    ctx->touched = common_malloc(ng * sizeof(*ctx->touched));
    ctx->stamp = common_calloc(nw, sizeof(*ctx->stamp));
    ctx->tri_hits = common_calloc(nw, sizeof(*ctx->tri_hits));
    ctx->tri_touched = common_malloc(nw * sizeof(*ctx->tri_touched));
    ctx->post = common_malloc((c->ix.nsoc + 1) * sizeof(*ctx->post));
    if (!ctx->post || !ctx->acc || !ctx->touched || !ctx->stamp || !ctx->tri_hits || !ctx->tri_touched) {
        coder_ctx_free(ctx);
        return COMMON_ENOMEM;
    }
    *out = ctx;
    return 0;
}

void coder_ctx_free(coder_ctx *ctx)
{
    if (!ctx)
        return;
    free(ctx->acc);
    free(ctx->touched);
    free(ctx->stamp);
    free(ctx->tri_hits);
    free(ctx->tri_touched);
    free(ctx->post);
    free(ctx);
}

const char *coder_method_name(coder_method m)
{
    static const char *names[] = {"none", "exact", "fuzzy", "model", "combined", "index"};
    return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "none";
}

/* Codes and titles of a fused candidate: from the index entry matched, or
 * for a classifier-only code from a representative entry, with SOC 2010
 * from the ONS relationship table. */
static void fill_candidate(const coder *c, const fused *f, coder_method method,
                           coder_candidate *out)
{
    const index_entry *e = &c->ix.entries[f->entry];
    memset(out, 0, sizeof(*out));
    snprintf(out->soc2020, sizeof(out->soc2020), "%04d", f->code);
    const char *s2010 = f->profile && c->has_model && c->model.soc2010_of[f->code][0]
                            ? c->model.soc2010_of[f->code] : e->soc2010;
    memcpy(out->soc2010, s2010, sizeof(out->soc2010));
    memcpy(out->isco08, e->isco08, sizeof(out->isco08));
    out->soc2020_title = c->ix.soc_title[f->code];
    out->matched = f->profile ? NULL : e->title;
    out->qualifier = f->profile ? NULL : e->qualifier;
    out->score = f->fused;
    out->confidence = f->confidence;
    out->flags = f->flags;
    if (f->index_method == CODER_METHOD_EXACT && f->index > 0)
        out->method = CODER_METHOD_EXACT;
    else if (method == CODER_METHOD_INDEX || (f->model == 0 && f->index > 0))
        out->method = CODER_METHOD_FUZZY;
    else if (f->index > 0 && !f->profile)
        out->method = CODER_METHOD_COMBINED;
    else
        out->method = CODER_METHOD_MODEL;
}

#define EXACT_SENIOR_FACTOR 0.95f  /* exact but for "senior" & co. */
#define EXACT_SEGMENT_FACTOR 0.9f  /* exact on the first segment only */

/* Exact on the whole title, then without career-stage words ("Senior"),
 * then on its first segment ("Sous Chef - Live in"), then on the words
 * before "in" or "to" ("Lecturer in Computer Science", "PA to the CEO": the
 * words after it are then context for the title's qualifiers, as a
 * segment's words are; ONS's own "Clerk to the governors" matched whole,
 * in the first pass). Words the index never
 * uses (places, names) and words left out lower the score. A title ONS
 * cross-references ("General manager: see also Manager ( )") is coded as
 * its target with the target's qualifier when its own entries leave it
 * open and the target's settle it (or it has no entries of its own). */
static bool code_exact(coder_ctx *ctx)
{
    static const unsigned passes[] = {
        0, EXACT_NO_SENIOR, EXACT_FIRST_SEGMENT, EXACT_FIRST_SEGMENT | EXACT_NO_SENIOR,
        EXACT_FIRST_SEGMENT | EXACT_BEFORE_PREP,
        EXACT_FIRST_SEGMENT | EXACT_BEFORE_PREP | EXACT_NO_SENIOR};
    const index_t *ix = &ctx->c->ix;
    for (size_t p = 0; p < sizeof(passes) / sizeof(passes[0]); p++) {
        float share;
        int64_t r, g = match_exact(ctx, passes[p], &share, &r);
        const index_redirect *see = r >= 0 && ix->redirects[r].group != INDEX_NO_GROUP
                                        ? &ix->redirects[r] : NULL;
        if (g < 0 && !see)
            continue;
        if (passes[p] & EXACT_NO_SENIOR)
            share *= EXACT_SENIOR_FACTOR;
        if (passes[p] & EXACT_FIRST_SEGMENT)
            share *= EXACT_SEGMENT_FACTOR;
        if (see && (g < 0 || !qualify_settled(ctx, &ix->groups[g]))) {
            qualify_add(ctx, see->qualifier);
            if (g < 0 || qualify_settled(ctx, &ix->groups[see->group]))
                g = see->group;
        }
        match_add_group(ctx, (uint32_t)g, share, CODER_METHOD_EXACT);
        return true;
    }
    return false;
}

static void code_index(coder_ctx *ctx, const char *context)
{
    index_canonical(&ctx->c->ix, &ctx->title);
    query_resolve(ctx);
    qualify_context(ctx, context);
    if (!code_exact(ctx)) {
        match_fuzzy(ctx);
        match_profile(ctx);
    }
}

static int code_model(coder_ctx *ctx)
{
    ctx->nlabels = 0;
    if (norm_join(&ctx->title, false, ctx->model_text, sizeof(ctx->model_text)))
        return COMMON_EINVAL;
    int n = classifier_predict(ctx->c->model.cl, ctx->model_text, MODEL_TOP, ctx->labels,
                               ctx->probs);
    if (n < 0)
        return n;
    ctx->nlabels = n;
    return 0;
}

/* Words that carry meaning: a lone "Manager" must not be coded unseen. */
static bool one_word(const norm_title *t)
{
    size_t words = 0;
    for (size_t i = 0; i < t->n; i++)
        words += !(t->tok[i].flags & (NORM_STOP | NORM_SIGNAL));
    return words == 1;
}

int coder_code(coder_ctx *ctx, const char *title, const char *context,
               const coder_options *opts, coder_result *res)
{
    memset(res, 0, sizeof(*res));
    ctx->nm = 0;
    ctx->nlabels = 0;
    size_t top = opts && opts->top ? opts->top : DEFAULT_TOP;
    if (top > CODER_TOP_MAX)
        top = CODER_TOP_MAX;
    int min_conf = opts && opts->min_confidence ? opts->min_confidence : DEFAULT_MIN_CONFIDENCE;
    coder_method method = opts && opts->method ? opts->method
                          : ctx->c->has_model ? CODER_METHOD_COMBINED : CODER_METHOD_INDEX;
    if (method != CODER_METHOD_INDEX && method != CODER_METHOD_MODEL &&
        method != CODER_METHOD_COMBINED)
        return common_error(COMMON_EINVAL, "method must be index, model or combined");
    if (method != CODER_METHOD_INDEX && !ctx->c->has_model)
        return common_error(COMMON_EINVAL, "no classifier in this coder directory; train "
                            "one with 'vacancyctl model train'");
    int rc = norm_parse(title, NORM_ADVERT, &ctx->title);
    if (rc)
        return rc;
    bool single = one_word(&ctx->title);
    if (method != CODER_METHOD_INDEX && (rc = code_model(ctx)))
        return rc;
    if (method != CODER_METHOD_MODEL)
        code_index(ctx, context);
    fuse(ctx, method, single);
    for (size_t i = 0; i < ctx->ncand && res->n < top; i++)
        if (ctx->cand[i].fused > 0)
            fill_candidate(ctx->c, &ctx->cand[i], method, &res->cand[res->n++]);
    const coder_candidate *best = res->n ? &res->cand[0] : NULL;
    /* A one-word title is automatic only when something decided it: the
       context, or ONS listing the word alone with one code ("Plumber",
       "Doctor"; not "Coordinator", listed only for welfare services). */
    bool decided = best && ((best->flags & CODER_BY_CONTEXT) ||
                            (best->method == CODER_METHOD_EXACT && !best->qualifier));
    res->automatic = best && best->confidence >= min_conf &&
                     !(best->flags & CODER_AMBIGUOUS) && !(single && !decided);
    return 0;
}

int coder_code_advert(coder_ctx *ctx, const char *title, const char *industry,
                      const char *description, vacancy_code *out)
{
    coder_result res;
    if (!title || coder_code(ctx, title, industry ? industry : description, NULL, &res) < 0 ||
        !res.n)
        return 0;
    const coder_candidate *c = &res.cand[0];
    if (vacancy_set(&out->index_version, coder_index_version(ctx->c)) ||
        vacancy_set(&out->model_version, coder_model_version(ctx->c)))
        return COMMON_ENOMEM;
    memcpy(out->soc2020, c->soc2020, sizeof(out->soc2020));
    memcpy(out->soc2010, c->soc2010, sizeof(out->soc2010));
    memcpy(out->isco08, c->isco08, sizeof(out->isco08));
    out->confidence = c->confidence;
    out->method = coder_method_name(c->method);
    return 1;
}
