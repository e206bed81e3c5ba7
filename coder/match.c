/* match.c - exact and fuzzy matching of a normalised title to index groups.
 *
 * Words are resolved against the vocabulary first: an unknown word may be
 * two index words run together ("healthcare" / "health care") or split
 * ("sous chef" / "sous-chef"), or misspelt (found through shared character
 * trigrams). Fuzzy similarity is the cosine of IDF-weighted word vectors,
 * scaled by whether the advert's head noun is the index title's head noun:
 * a "claims adjuster" is an adjuster before it is anything about claims. */
#include "internal.h"

#include <math.h>
#include <string.h>

#define UNKNOWN_WEIGHT 2.0f  /* an advert word the index never uses */
#define SPELL_MIN_DICE 0.5f  /* trigram Dice to consider a correction */
#define SPELL_MIN_LEN 5      /* shorter words are not corrected */
#define SPELL_LEN_PER_EDIT 4 /* one edit allowed per this many letters */
#define SPLIT_MIN 3          /* shortest part when splitting a run-together word */
#define HEAD_MATCH 1.0f      /* head noun is the group's head noun */
#define HEAD_INSIDE 0.8f     /* head noun occurs in the group, not as head */
#define HEAD_MISSING 0.65f   /* head noun absent from the group */
#define FUZZY_GROUPS 48      /* best groups kept for voting */
#define VOTE_SHARE 0.06f     /* weight of further agreeing groups */
#define VOTE_MAX 0.08f       /* most that agreement can add */
#define FUZZY_MAX 0.99f      /* only an exact match scores 1 */
#define ALTERNATIVE 0.92f    /* score of a group's other SOCs, relative */
#define PROFILE_WEIGHT 0.5f  /* share of the fused score from the profiles */
#define PROFILE_ADD 5        /* best profile SOCs added when not yet matched */

static bool has_postings(const index_t *ix, uint32_t id)
{
    return id != INDEX_NO_WORD && ix->post_off[id + 1] > ix->post_off[id];
}

static uint32_t df(const index_t *ix, uint32_t id)
{
    return ix->post_off[id + 1] - ix->post_off[id];
}

static uint32_t word_of(const index_t *ix, const char *a, size_t alen, const char *b,
                        size_t blen)
{
    char buf[NORM_TEXT_MAX];
    if (alen + blen >= sizeof(buf))
        return INDEX_NO_WORD;
    memcpy(buf, a, alen);
    memcpy(buf + alen, b, blen);
    return index_word(ix, buf, alen + blen);
}

#define EDIT_MAX_LEN 32 /* longer words are not spelling-corrected */

/* Optimal string alignment distance (Levenshtein with adjacent swaps). */
static int edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    int d[EDIT_MAX_LEN + 1][EDIT_MAX_LEN + 1];
    if (n > EDIT_MAX_LEN || m > EDIT_MAX_LEN)
        return EDIT_MAX_LEN;
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

/* The vocabulary word a misspelt word most likely meant: candidates share
 * character trigrams, the fewest edits wins, then the commoner word. */
static uint32_t spell(coder_ctx *ctx, const char *s, size_t len, float *similarity)
{
    const index_t *ix = &ctx->c->ix;
    char pad[EDIT_MAX_LEN + 3];
    if (len < SPELL_MIN_LEN || len > EDIT_MAX_LEN)
        return INDEX_NO_WORD;
    pad[0] = '^';
    memcpy(pad + 1, s, len);
    pad[len + 1] = '$';
    size_t ntouched = 0, ntri = len;
    for (size_t i = 0; i < ntri; i++) {
        uint32_t b = index_trigram(pad + i);
        for (uint32_t p = ix->tri_off[b]; p < ix->tri_off[b + 1]; p++) {
            uint32_t w = ix->tri[p];
            if (ctx->tri_hits[w]++ == 0)
                ctx->tri_touched[ntouched++] = w;
        }
    }
    uint32_t best = INDEX_NO_WORD;
    int best_edits = (int)(len / SPELL_LEN_PER_EDIT) + 1;
    for (size_t i = 0; i < ntouched; i++) {
        uint32_t w = ctx->tri_touched[i];
        size_t wl = strlen(ix->words[w]);
        float dice = 2.0f * ctx->tri_hits[w] / (float)(ntri + wl);
        ctx->tri_hits[w] = 0;
        if (dice < SPELL_MIN_DICE)
            continue;
        int edits = edit_distance(s, len, ix->words[w], wl);
        if (edits < best_edits || (edits == best_edits && best != INDEX_NO_WORD &&
                                   df(ix, w) > df(ix, best))) {
            best_edits = edits;
            best = w;
        }
    }
    *similarity = 1.0f - (float)best_edits / (float)len;
    return best_edits <= (int)(len / SPELL_LEN_PER_EDIT) ? best : INDEX_NO_WORD;
}

static void add_word(query *q, uint32_t id, float weight, uint8_t flags)
{
    if (q->n < NORM_MAX_TOKENS)
        q->w[q->n++] = (query_word){id, weight, flags};
}

/* Resolve one token; returns how many tokens it consumed. */
static size_t resolve_token(coder_ctx *ctx, size_t i)
{
    const index_t *ix = &ctx->c->ix;
    const norm_title *t = &ctx->title;
    const norm_token *tok = &t->tok[i];
    query *q = &ctx->q;
    uint32_t id = index_word(ix, tok->s, tok->len);
    if (tok->flags & NORM_SIGNAL) { /* grades: signal for the model, not titles */
        add_word(q, id, 0, tok->flags);
        return 1;
    }
    if (id != INDEX_NO_WORD) {
        add_word(q, id, ix->idf[id], tok->flags);
        return 1;
    }
    if (i + 1 < t->n) {
        id = word_of(ix, tok->s, tok->len, t->tok[i + 1].s, t->tok[i + 1].len);
        if (has_postings(ix, id)) {
            add_word(q, id, ix->idf[id], tok->flags);
            return 2;
        }
    }
    for (size_t k = SPLIT_MIN; k + SPLIT_MIN <= tok->len; k++) {
        uint32_t a = index_word(ix, tok->s, k), b = index_word(ix, tok->s + k, tok->len - k);
        if (has_postings(ix, a) && has_postings(ix, b)) {
            add_word(q, a, ix->idf[a], tok->flags);
            add_word(q, b, ix->idf[b], 0);
            return 1;
        }
    }
    float similarity;
    id = spell(ctx, tok->s, tok->len, &similarity);
    if (id != INDEX_NO_WORD)
        add_word(q, id, ix->idf[id] * similarity, tok->flags);
    else
        add_word(q, INDEX_NO_WORD, UNKNOWN_WEIGHT, tok->flags);
    return 1;
}

void query_resolve(coder_ctx *ctx)
{
    query *q = &ctx->q;
    q->n = 0;
    q->head = INDEX_NO_WORD;
    int head = norm_head(&ctx->title);
    for (size_t i = 0; i < ctx->title.n;) {
        size_t first = q->n;
        size_t used = resolve_token(ctx, i);
        if (head >= (int)i && head < (int)(i + used) && q->n > first)
            q->head = q->w[q->n - 1].id;
        i += used;
    }
    double all = 0, known = 0;
    for (size_t i = 0; i < q->n; i++) {
        double w2 = (double)q->w[i].weight * q->w[i].weight;
        all += w2;
        if (q->w[i].id != INDEX_NO_WORD)
            known += w2;
    }
    q->norm = (float)sqrt(all);
    q->known = all > 0 ? (float)sqrt(known / all) : 0;
}

int64_t match_exact(coder_ctx *ctx, unsigned pass, float *share, int64_t *redirect)
{
    const index_t *ix = &ctx->c->ix;
    char key[NORM_TEXT_MAX];
    size_t o = 0;
    double used = 0, all = 0;
    for (size_t i = 0; i < ctx->q.n; i++) {
        const query_word *w = &ctx->q.w[i];
        if ((pass & EXACT_FIRST_SEGMENT) && i > 0 && (w->flags & NORM_SEGSTART))
            break;
        if ((pass & EXACT_BEFORE_PREP) && i > 0 && w->id != INDEX_NO_WORD &&
            (!strcmp(ix->words[w->id], "in") || !strcmp(ix->words[w->id], "to")))
            break;
        all += (double)w->weight * w->weight;
        if (w->id == INDEX_NO_WORD || (w->flags & NORM_SIGNAL) ||
            ((pass & EXACT_NO_SENIOR) && (w->flags & NORM_SENIOR)))
            continue;
        const char *s = ix->words[w->id];
        size_t len = strlen(s);
        if (o + len + 2 > sizeof(key))
            return -1;
        if (o)
            key[o++] = ' ';
        memcpy(key + o, s, len);
        o += len;
        used += (double)w->weight * w->weight;
    }
    *share = all > 0 ? (float)sqrt(used / all) : 0;
    *redirect = o ? common_strmap_get(ix->redirect, key, o) : -1;
    return o ? common_strmap_get(ix->exact, key, o) : -1;
}

static void add_match(coder_ctx *ctx, uint32_t entry, float score, coder_method method,
                      unsigned flags)
{
    const index_t *ix = &ctx->c->ix;
    const char *soc = ix->entries[entry].soc2020;
    for (size_t i = 0; i < ctx->nm; i++) {
        match *m = &ctx->m[i];
        if (strcmp(ix->entries[m->entry].soc2020, soc))
            continue;
        if (score > m->score) {
            m->votes += m->score;
            m->entry = entry, m->score = score, m->method = method, m->flags = flags;
        } else {
            m->votes += score;
        }
        return;
    }
    if (ctx->nm < MATCH_MAX)
        ctx->m[ctx->nm++] = (match){entry, score, 0, method, flags, false};
}

void match_add_group(coder_ctx *ctx, uint32_t group, float score, coder_method method)
{
    const index_t *ix = &ctx->c->ix;
    const index_group *g = &ix->groups[group];
    unsigned flags = 0;
    uint32_t chosen = qualify_choose(ctx, g, &flags);
    /* An open group's fallback is only the first listed: no better than
     * the rest, so the classifier ranks them. */
    bool equal = (flags & CODER_AMBIGUOUS) && g->open;
    add_match(ctx, chosen, equal ? score * ALTERNATIVE : score, method, flags);
    if (!(flags & CODER_AMBIGUOUS))
        return;
    /* Each other SOC of an undecided group is a fair alternative. */
    for (uint32_t e = g->first; e < g->first + g->count; e++)
        if (strcmp(ix->entries[e].soc2020, ix->entries[chosen].soc2020))
            add_match(ctx, e, score * ALTERNATIVE, method, CODER_AMBIGUOUS);
}

static float head_factor(const index_t *ix, const index_group *g, uint32_t head)
{
    if (head == INDEX_NO_WORD || !has_postings(ix, head))
        return 1.0f;
    if (g->head == head)
        return HEAD_MATCH;
    for (uint16_t k = 0; k < g->nwords; k++)
        if (g->words[k] == head)
            return HEAD_INSIDE;
    return HEAD_MISSING;
}

typedef struct {
    uint32_t group;
    float score;
} scored;

void match_fuzzy(coder_ctx *ctx)
{
    const index_t *ix = &ctx->c->ix;
    const query *q = &ctx->q;
    if (q->norm <= 0)
        return;
    for (size_t i = 0; i < q->n; i++) {
        uint32_t id = q->w[i].id;
        if (id == INDEX_NO_WORD || q->w[i].weight <= 0)
            continue;
        float w = q->w[i].weight * ix->idf[id];
        for (uint32_t p = ix->post_off[id]; p < ix->post_off[id + 1]; p++) {
            uint32_t g = ix->post[p];
            if (ctx->acc[g] == 0)
                ctx->touched[ctx->ntouched++] = g;
            ctx->acc[g] += w;
        }
    }
    scored best[FUZZY_GROUPS];
    size_t nbest = 0;
    for (size_t i = 0; i < ctx->ntouched; i++) {
        uint32_t g = ctx->touched[i];
        const index_group *gr = &ix->groups[g];
        float s = ctx->acc[g] / (q->norm * gr->norm) * head_factor(ix, gr, q->head);
        ctx->acc[g] = 0;
        if (nbest == FUZZY_GROUPS && s <= best[nbest - 1].score)
            continue;
        size_t at = nbest < FUZZY_GROUPS ? nbest++ : nbest - 1;
        while (at > 0 && (best[at - 1].score < s ||
                          (best[at - 1].score == s && best[at - 1].group > g))) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = (scored){g, s};
    }
    ctx->ntouched = 0;
    for (size_t i = 0; i < nbest; i++)
        match_add_group(ctx, best[i].group, best[i].score, CODER_METHOD_FUZZY);
    for (size_t i = 0; i < ctx->nm; i++) {
        match *m = &ctx->m[i];
        m->score = fminf(FUZZY_MAX, m->score + fminf(VOTE_MAX, VOTE_SHARE * m->votes));
    }
}


/* Posterior over SOCs in ctx->post; returns the words it rests on. */
static float profile_posterior(coder_ctx *ctx)
{
    const index_t *ix = &ctx->c->ix;
    const query *q = &ctx->q;
    float mass = 0;
    for (size_t s = 0; s < ix->nsoc; s++)
        ctx->post[s] = ix->soc_logprior[s];
    for (size_t i = 0; i < q->n; i++) {
        uint32_t id = q->w[i].id;
        if (id == INDEX_NO_WORD || q->w[i].weight <= 0)
            continue;
        /* Every word counts once: weighting the head noun up made held-out
         * titles worse, their modifiers being what tells groups apart. */
        mass += 1;
        for (uint32_t p = ix->prof_off[id]; p < ix->prof_off[id + 1]; p++)
            ctx->post[ix->prof_soc[p]] += ix->prof_logodds[p];
    }
    float top = -INFINITY, sum = 0;
    for (size_t s = 0; s < ix->nsoc; s++) {
        ctx->post[s] -= mass * ix->soc_lognorm[s];
        top = fmaxf(top, ctx->post[s]);
    }
    for (size_t s = 0; s < ix->nsoc; s++)
        sum += (ctx->post[s] = expf(ctx->post[s] - top));
    for (size_t s = 0; s < ix->nsoc; s++)
        ctx->post[s] /= sum;
    return mass;
}

void match_profile(coder_ctx *ctx)
{
    const index_t *ix = &ctx->c->ix;
    if (profile_posterior(ctx) == 0)
        return; /* no known word: the prior alone says nothing */
    for (size_t i = 0; i < ctx->nm; i++) {
        match *m = &ctx->m[i];
        m->score = (1 - PROFILE_WEIGHT) * m->score +
                   PROFILE_WEIGHT * ctx->post[ix->entries[m->entry].soc];
    }
    for (int k = 0; k < PROFILE_ADD; k++) {
        size_t best = 0;
        for (size_t s = 1; s < ix->nsoc; s++)
            if (ctx->post[s] > ctx->post[best])
                best = s;
        float p = ctx->post[best];
        ctx->post[best] = -1;
        bool present = false;
        for (size_t i = 0; i < ctx->nm && !present; i++)
            present = ix->entries[ctx->m[i].entry].soc == best;
        if (!present && ctx->nm < MATCH_MAX && p > 0)
            ctx->m[ctx->nm++] = (match){ix->soc_entry[best], PROFILE_WEIGHT * p, 0,
                                        CODER_METHOD_FUZZY, 0, true};
    }
}
