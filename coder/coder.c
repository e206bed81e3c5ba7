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
    if (rc) {
        free(c);
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
    free(c);
}

const char *coder_index_version(const coder *c)
{
    return c->ix.version;
}

const char *coder_model_version(const coder *c)
{
    (void)c;
    return NULL;
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
    if (!ctx->acc || !ctx->touched || !ctx->stamp || !ctx->tri_hits || !ctx->tri_touched) {
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
    free(ctx);
}

const char *coder_method_name(coder_method m)
{
    static const char *names[] = {"none", "exact", "fuzzy", "model", "combined"};
    return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "none";
}

static int by_score(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static void fill_candidate(const coder *c, const match *m, coder_candidate *out)
{
    const index_entry *e = &c->ix.entries[m->entry];
    memset(out, 0, sizeof(*out));
    memcpy(out->soc2020, e->soc2020, sizeof(out->soc2020));
    memcpy(out->soc2010, e->soc2010, sizeof(out->soc2010));
    memcpy(out->isco08, e->isco08, sizeof(out->isco08));
    out->soc2020_title = c->ix.soc_title[atoi(e->soc2020)];
    out->matched = e->title;
    out->qualifier = e->qualifier;
    out->score = m->score;
    out->confidence = (int)lround(m->score * 100.0);
    out->method = m->method;
    out->flags = m->flags;
}

/* Exact on the whole title, then without career-stage words ("Senior").
 * Words the index never uses (places, names) lower the score but do not
 * stop an exact match on the rest. */
static bool code_exact(coder_ctx *ctx)
{
    for (int pass = 0; pass < 2; pass++) {
        int64_t g = match_exact(ctx, pass == 1);
        if (g >= 0) {
            float score = ctx->q.known * (pass ? 0.95f : 1.0f);
            match_add_group(ctx, (uint32_t)g, score, CODER_METHOD_EXACT);
            return true;
        }
    }
    return false;
}

int coder_code(coder_ctx *ctx, const char *title, const char *context,
               const coder_options *opts, coder_result *res)
{
    memset(res, 0, sizeof(*res));
    ctx->nm = 0;
    size_t top = opts && opts->top ? opts->top : DEFAULT_TOP;
    if (top > CODER_TOP_MAX)
        top = CODER_TOP_MAX;
    int min_conf = opts && opts->min_confidence ? opts->min_confidence : DEFAULT_MIN_CONFIDENCE;
    int rc = norm_parse(title, NORM_ADVERT, &ctx->title);
    if (rc)
        return rc;
    query_resolve(ctx);
    qualify_context(ctx, context);
    if (!code_exact(ctx))
        match_fuzzy(ctx);
    qsort(ctx->m, ctx->nm, sizeof(ctx->m[0]), by_score);
    for (size_t i = 0; i < ctx->nm && res->n < top; i++)
        fill_candidate(ctx->c, &ctx->m[i], &res->cand[res->n++]);
    res->automatic = res->n && res->cand[0].confidence >= min_conf &&
                     !(res->cand[0].flags & CODER_AMBIGUOUS);
    return 0;
}
