/* index.c - load the coder artefact into the structures matching needs.
 *
 * Loading normalises every index title with the same normaliser that reads
 * adverts, so a change to the normaliser can never leave the two sides
 * disagreeing. The file buffer is kept and split in place: entry strings
 * point into it. */
#include "index.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_FILE_MAX (64u << 20) /* the v12 artefact is about 2 MB */
#define INDEX_FIELDS 8

static char *next_line(char **p)
{
    char *s = *p;
    if (!*s)
        return NULL;
    char *e = strchr(s, '\n');
    if (e) {
        *e = '\0';
        *p = e + 1;
    } else {
        *p = s + strlen(s);
    }
    return s;
}

static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = s;
    for (; *s && n < max; s++)
        if (*s == '\t') {
            *s = '\0';
            f[n++] = s + 1;
        }
    return n;
}

uint32_t index_word(const index_t *ix, const char *s, size_t len)
{
    int64_t id = common_strmap_get(ix->vocab, s, len);
    return id < 0 ? INDEX_NO_WORD : (uint32_t)id;
}

static uint32_t add_word(index_t *ix, const char *s, size_t len, size_t *cap)
{
    int64_t id = common_strmap_put(ix->vocab, s, len, (int64_t)ix->nwords);
    if (id < 0)
        return INDEX_NO_WORD;
    if ((size_t)id < ix->nwords)
        return (uint32_t)id;
    if (ix->nwords == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4096;
        char **w = common_realloc(ix->words, ncap * sizeof(*w));
        if (!w)
            return INDEX_NO_WORD;
        ix->words = w;
        *cap = ncap;
    }
    if (!(ix->words[ix->nwords] = common_strndup(s, len)))
        return INDEX_NO_WORD;
    return (uint32_t)ix->nwords++;
}

/* Loading state: entries get their group and word lists before the
 * arrays are laid out. */
typedef struct {
    index_t *ix;
    size_t words_cap, entries_cap, groups_cap;
    uint32_t *entry_group;
    common_buf ids;         /* uint32 word ids of groups, then qualifiers */
    size_t *group_ids_off;  /* per group: offset in ids */
    size_t *entry_qual_off;
    norm_title *title;
    char key[NORM_TEXT_MAX];
    int rc;
} loader;

static int push_id(loader *L, uint32_t id)
{
    if (id == INDEX_NO_WORD)
        return common_error(COMMON_ENOMEM, "out of memory");
    return common_buf_append(&L->ids, (const char *)&id, sizeof(id));
}

static void qual_word(const char *w, size_t len, void *arg)
{
    loader *L = arg;
    if (!L->rc)
        L->rc = push_id(L, add_word(L->ix, w, len, &L->words_cap));
}

static int new_group(loader *L, uint32_t *gid)
{
    index_t *ix = L->ix;
    if (ix->ngroups == L->groups_cap) {
        size_t cap = L->groups_cap ? L->groups_cap * 2 : 8192;
        index_group *g = common_realloc(ix->groups, cap * sizeof(*g));
        size_t *off = g ? common_realloc(L->group_ids_off, cap * sizeof(*off)) : NULL;
        if (g)
            ix->groups = g;
        if (!off)
            return COMMON_ENOMEM;
        L->group_ids_off = off;
        L->groups_cap = cap;
    }
    *gid = (uint32_t)ix->ngroups++;
    index_group *g = &ix->groups[*gid];
    memset(g, 0, sizeof(*g));
    g->head = INDEX_NO_WORD;
    L->group_ids_off[*gid] = L->ids.len;
    int head = norm_head(L->title);
    for (size_t i = 0; i < L->title->n; i++) {
        const norm_token *t = &L->title->tok[i];
        uint32_t id = add_word(ix, t->s, t->len, &L->words_cap);
        if (id == INDEX_NO_WORD)
            return COMMON_ENOMEM;
        if ((int)i == head)
            g->head = id;
        if (t->flags & NORM_STOP)
            continue;
        bool seen = false;
        const uint32_t *have = (const uint32_t *)(L->ids.data + L->group_ids_off[*gid]);
        for (uint16_t k = 0; k < g->nwords; k++)
            seen |= have[k] == id;
        if (seen)
            continue;
        int rc = push_id(L, id);
        if (rc)
            return rc;
        g->nwords++;
    }
    return 0;
}

/* An index title as the exact-match key adverts are looked up by, in
 * L->key ("" when nothing is left); L->title keeps its words. */
static int title_key(loader *L, const char *title)
{
    *L->key = '\0';
    int rc = norm_parse(title, NORM_INDEX, L->title);
    if (rc || L->title->n == 0)
        return rc;
    index_canonical(L->ix, L->title);
    return norm_join(L->title, false, L->key, sizeof(L->key));
}

/* One "E" line: soc2020 soc2010 isco d title add ind. */
static int load_entry(loader *L, char **f, size_t n, size_t line, const char *path)
{
    index_t *ix = L->ix;
    if (n < INDEX_FIELDS)
        return common_error(COMMON_EFORMAT, "%s:%zu: %zu fields, expected %d", path, line, n,
                            INDEX_FIELDS);
    if (ix->nentries == L->entries_cap) {
        size_t cap = L->entries_cap ? L->entries_cap * 2 : 16384;
        index_entry *e = common_realloc(ix->entries, cap * sizeof(*e));
        uint32_t *eg = e ? common_realloc(L->entry_group, cap * sizeof(*eg)) : NULL;
        size_t *qo = eg ? common_realloc(L->entry_qual_off, cap * sizeof(*qo)) : NULL;
        if (e)
            ix->entries = e;
        if (eg)
            L->entry_group = eg;
        if (!qo)
            return COMMON_ENOMEM;
        L->entry_qual_off = qo;
        L->entries_cap = cap;
    }
    index_entry *e = &ix->entries[ix->nentries];
    memset(e, 0, sizeof(*e));
    snprintf(e->soc2020, sizeof(e->soc2020), "%s", f[1]);
    snprintf(e->soc2010, sizeof(e->soc2010), "%s", f[2]);
    snprintf(e->isco08, sizeof(e->isco08), "%s", f[3]);
    e->dflag = f[4][0];
    e->title = f[5];
    int rc = title_key(L, f[5]);
    if (rc)
        return common_error(rc, "%s:%zu: title \"%.80s\": %s", path, line, f[5],
                            common_last_error());
    if (!*L->key)
        return 0; /* all noise ("Temp"): nothing an advert could match */
    int64_t g = common_strmap_get(ix->exact, L->key, strlen(L->key));
    if (g < 0) {
        uint32_t gid;
        if ((rc = new_group(L, &gid)))
            return rc;
        if (common_strmap_put(ix->exact, L->key, strlen(L->key), gid) < 0)
            return COMMON_ENOMEM;
        g = gid;
    }
    L->entry_group[ix->nentries] = (uint32_t)g;
    /* The qualifier, shown and matched against context. */
    char *add = f[6], *ind = f[7];
    if (*add && *ind) {
        ind[-1] = ';'; /* "ADD\tIND" becomes "ADD;IND" in place */
        e->qualifier = add;
    } else {
        e->qualifier = *add ? add : (*ind ? ind : NULL);
    }
    L->entry_qual_off[ix->nentries] = L->ids.len;
    if (e->qualifier) {
        norm_words(e->qualifier, strlen(e->qualifier), qual_word, L);
        if (L->rc)
            return L->rc;
        e->nqual = (uint16_t)((L->ids.len - L->entry_qual_off[ix->nentries]) / sizeof(uint32_t));
    }
    ix->nentries++;
    return 0;
}

#define SYNONYM_WORDS 4 /* words of a cross-referenced spelling compared */

typedef struct {
    char word[SYNONYM_WORDS][NORM_WORD_MAX];
    size_t len[SYNONYM_WORDS];
    size_t n;        /* words seen, may exceed SYNONYM_WORDS */
} spelling;

static void take_word(const char *w, size_t len, void *arg)
{
    spelling *o = arg;
    if (o->n < SYNONYM_WORDS && len < NORM_WORD_MAX) {
        memcpy(o->word[o->n], w, len);
        o->len[o->n] = len;
    }
    o->n++;
}

/* The one word two spellings differ in ("Tyer-on" / "Tier-on": tyer), or
 * -1. A cross-reference that adds or drops words ("Secretary-manager" /
 * "Manager") is not a spelling: mapping its first word would read every
 * "Legal Secretary" as a "Legal Manager". */
static int differing_word(const spelling *v, const spelling *t)
{
    if (v->n != t->n || v->n > SYNONYM_WORDS)
        return -1;
    int at = -1;
    for (size_t i = 0; i < v->n; i++)
        if (v->len[i] != t->len[i] || memcmp(v->word[i], t->word[i], v->len[i])) {
            if (at >= 0)
                return -1;
            at = (int)i;
        }
    return at;
}

/* "S advisor adviser": ONS's cross-reference between spellings, word k of
 * each side. Both the index titles and adverts are read with the index's
 * own spelling. */
static int load_synonym(loader *L, const spelling *v, const spelling *t, int k)
{
    index_t *ix = L->ix;
    char **w = common_realloc(ix->syn_word, (ix->nsyn + 1) * sizeof(*w));
    if (!w)
        return COMMON_ENOMEM;
    ix->syn_word = w;
    if (!(w[ix->nsyn] = common_strndup(t->word[k], t->len[k])))
        return COMMON_ENOMEM;
    if (common_strmap_put(ix->synonym, v->word[k], v->len[k], (int64_t)ix->nsyn) < 0) {
        free(w[ix->nsyn]);
        return COMMON_ENOMEM;
    }
    ix->nsyn++;
    return 0;
}

/* A cross-reference that is not a spelling: the title is coded as the
 * target title, with the given qualifier or the advert's own context. The
 * target's group is looked up once every entry is loaded. */
static int load_redirect(loader *L, const char *title, const char *target,
                         const char *qualifier)
{
    index_t *ix = L->ix;
    int rc = title_key(L, target);
    if (rc || !*L->key)
        return rc;
    index_redirect *r = common_realloc(ix->redirects, (ix->nredirects + 1) * sizeof(*r));
    if (!r)
        return COMMON_ENOMEM;
    ix->redirects = r;
    r = &ix->redirects[ix->nredirects];
    r->group = INDEX_NO_GROUP;
    r->qualifier = qualifier;
    if (!(r->target = common_strdup(L->key)))
        return COMMON_ENOMEM;
    ix->nredirects++;
    if ((rc = title_key(L, title)) || !*L->key)
        return rc;
    return common_strmap_put(ix->redirect, L->key, strlen(L->key),
                             (int64_t)ix->nredirects - 1) < 0 ? COMMON_ENOMEM : 0;
}

/* Words as written, function words included. */
static size_t written_words(const char *s)
{
    size_t n = 0;
    for (bool in = false; *s; s++) {
        bool w = isalnum((unsigned char)*s) != 0;
        n += w && !in;
        in = w;
    }
    return n;
}

/* One "S" line: a spelling when the two sides differ in one word and no
 * qualifier is given, else a title coded as another. "Head of: see also
 * Manager" differs by a function word too: reading every "head" as
 * "manager" made an "Assistant Manager" an assistant head teacher. */
static int load_reference(loader *L, const char *title, const char *target,
                          const char *qualifier)
{
    spelling v = {.n = 0}, t = {.n = 0};
    norm_words(title, strlen(title), take_word, &v);
    norm_words(target, strlen(target), take_word, &t);
    int k = *qualifier || written_words(title) != written_words(target)
                ? -1 : differing_word(&v, &t);
    return k >= 0 ? load_synonym(L, &v, &t, k) : load_redirect(L, title, target, qualifier);
}

static void resolve_redirects(index_t *ix)
{
    for (size_t i = 0; i < ix->nredirects; i++) {
        index_redirect *r = &ix->redirects[i];
        int64_t g = common_strmap_get(ix->exact, r->target, strlen(r->target));
        r->group = g < 0 ? INDEX_NO_GROUP : (uint32_t)g;
    }
}

void index_canonical(const index_t *ix, norm_title *t)
{
    for (size_t i = 0; i < t->n; i++) {
        int64_t k = common_strmap_get(ix->synonym, t->tok[i].s, t->tok[i].len);
        if (k >= 0) {
            t->tok[i].s = ix->syn_word[k];
            t->tok[i].len = (uint16_t)strlen(ix->syn_word[k]);
        }
    }
}

static int parse_file(loader *L, char *text, const char *path)
{
    index_t *ix = L->ix;
    char *p = text, *line, *f[INDEX_FIELDS + 1];
    size_t lineno = 0;
    while ((line = next_line(&p))) {
        lineno++;
        size_t n = split_tabs(line, f, INDEX_FIELDS + 1);
        if (lineno == 1) {
            if (strcmp(f[0], INDEX_MAGIC) || n < 2 || atoi(f[1]) != INDEX_FORMAT)
                return common_error(COMMON_EFORMAT,
                                    "%s:1: not a coder index of format %d; rebuild it with "
                                    "'vacancyctl index build'", path, INDEX_FORMAT);
        } else if (!strcmp(f[0], "#index_version") && n >= 2) {
            if (!(ix->version = common_strdup(f[1])))
                return COMMON_ENOMEM;
        } else if (!strcmp(f[0], "E")) {
            int rc = load_entry(L, f, n, lineno, path);
            if (rc)
                return rc;
        } else if (!strcmp(f[0], "S") && n >= 3) {
            int rc = load_reference(L, f[1], f[2], n >= 4 ? f[3] : "");
            if (rc)
                return rc;
        } else if (!strcmp(f[0], "U") && n >= 3) {
            int code = atoi(f[1]);
            if (code > 0 && code < 10000)
                ix->soc_title[code] = f[2];
        } else if (f[0][0] != '#' && f[0][0]) {
            return common_error(COMMON_EFORMAT, "%s:%zu: unknown record \"%.20s\"", path,
                                lineno, f[0]);
        }
    }
    if (!ix->version || !ix->nentries)
        return common_error(COMMON_EFORMAT, "%s: no version or no entries", path);
    return 0;
}

/* Entries of a group must be contiguous: order them by group (stable). */
static int layout_entries(loader *L)
{
    index_t *ix = L->ix;
    size_t n = ix->nentries;
    index_entry *sorted = common_malloc(n * sizeof(*sorted));
    size_t *qoff = common_malloc(n * sizeof(*qoff));
    uint32_t *pos = common_calloc(ix->ngroups + 1, sizeof(*pos));
    if (!sorted || !qoff || !pos) {
        free(sorted), free(qoff), free(pos);
        return COMMON_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        pos[L->entry_group[i] + 1]++;
    for (size_t g = 0; g < ix->ngroups; g++) {
        pos[g + 1] += pos[g];
        ix->groups[g].first = pos[g];
        ix->groups[g].count = pos[g + 1] - pos[g];
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t at = pos[L->entry_group[i]]++;
        sorted[at] = ix->entries[i];
        qoff[at] = L->entry_qual_off[i];
    }
    free(ix->entries);
    free(L->entry_qual_off);
    ix->entries = sorted;
    L->entry_qual_off = qoff;
    free(pos);
    return 0;
}

/* The entry of a group used when no context decides (index_fallback_rank),
 * and whether it is no default at all (index_fallback_open). It depends
 * on the index alone, so it is chosen once, here. */
static void choose_fallback(const index_t *ix, index_group *g)
{
    uint32_t best = g->first;
    int best_rank = -1, best_same = 0;
    for (uint32_t e = g->first; e < g->first + g->count; e++) {
        const index_entry *en = &ix->entries[e];
        int same = 0;
        for (uint32_t o = g->first; o < g->first + g->count; o++)
            same += !strcmp(ix->entries[o].soc2020, en->soc2020);
        int rank = index_fallback_rank(en->qualifier != NULL, en->dflag, same);
        if (rank > best_rank) {
            best_rank = rank;
            best = e;
            best_same = same;
        }
    }
    const index_entry *b = &ix->entries[best];
    g->fallback = best;
    g->open = g->nsocs > 1 &&
              index_fallback_open(b->qualifier != NULL, b->dflag, best_same, (int)g->count);
}

/* Point groups and entries at their word ids, now that the pool is fixed. */
static void fix_pointers(loader *L)
{
    index_t *ix = L->ix;
    ix->idpool = (uint32_t *)(void *)common_buf_detach(&L->ids);
    char *base = (char *)ix->idpool;
    for (size_t g = 0; g < ix->ngroups; g++) {
        index_group *gr = &ix->groups[g];
        gr->words = (uint32_t *)(void *)(base + L->group_ids_off[g]);
        for (uint32_t e = gr->first; e < gr->first + gr->count; e++) {
            bool repeat = false;
            for (uint32_t p = gr->first; p < e && !repeat; p++)
                repeat = !strcmp(ix->entries[p].soc2020, ix->entries[e].soc2020);
            gr->nsocs += !repeat;
        }
        choose_fallback(ix, gr);
    }
    for (size_t e = 0; e < ix->nentries; e++)
        ix->entries[e].qual = (uint32_t *)(void *)(base + L->entry_qual_off[e]);
}

/* IDF over groups; posting lists; each group's weight norm. */
static int build_postings(index_t *ix)
{
    uint32_t *df = common_calloc(ix->nwords + 1, sizeof(*df));
    ix->post_off = common_calloc(ix->nwords + 1, sizeof(*ix->post_off));
    ix->idf = common_calloc(ix->nwords, sizeof(*ix->idf));
    if (!df || !ix->post_off || !ix->idf) {
        free(df);
        return COMMON_ENOMEM;
    }
    size_t total = 0;
    for (size_t g = 0; g < ix->ngroups; g++)
        for (uint16_t k = 0; k < ix->groups[g].nwords; k++, total++)
            df[ix->groups[g].words[k]]++;
    double n = (double)ix->ngroups;
    for (size_t w = 0; w < ix->nwords; w++) {
        ix->idf[w] = (float)log(1.0 + n / (df[w] ? df[w] : 1));
        ix->post_off[w + 1] = ix->post_off[w] + df[w];
        if (lex_classify(ix->words[w], strlen(ix->words[w])) == LEX_STOP)
            ix->idf[w] = 0;
    }
    ix->post = common_malloc((total ? total : 1) * sizeof(*ix->post));
    if (!ix->post) {
        free(df);
        return COMMON_ENOMEM;
    }
    memset(df, 0, (ix->nwords + 1) * sizeof(*df));
    for (size_t g = 0; g < ix->ngroups; g++) {
        index_group *gr = &ix->groups[g];
        double norm = 0;
        for (uint16_t k = 0; k < gr->nwords; k++) {
            uint32_t w = gr->words[k];
            ix->post[ix->post_off[w] + df[w]++] = (uint32_t)g;
            norm += (double)ix->idf[w] * ix->idf[w];
        }
        gr->norm = (float)sqrt(norm);
    }
    free(df);
    return 0;
}

uint32_t index_trigram(const char *s)
{
    return (uint32_t)(common_hash(s, 3) % INDEX_TRIGRAM_BUCKETS);
}

#define TRIGRAM_MIN_WORD 4 /* shorter words are not spelling-corrected */
#define TRIGRAM_WORD_MAX 64

/* Call fn on every trigram of "^word$". */
static void each_trigram(const char *w, void (*fn)(uint32_t b, uint32_t id, void *), uint32_t id,
                         void *arg)
{
    char pad[TRIGRAM_WORD_MAX + 3];
    size_t len = strlen(w);
    if (len < TRIGRAM_MIN_WORD || len > TRIGRAM_WORD_MAX)
        return;
    pad[0] = '^';
    memcpy(pad + 1, w, len);
    pad[len + 1] = '$';
    for (size_t i = 0; i + 3 <= len + 2; i++)
        fn(index_trigram(pad + i), id, arg);
}

static void count_tri(uint32_t b, uint32_t id, void *arg)
{
    (void)id;
    ((uint32_t *)arg)[b + 1]++;
}

static void fill_tri(uint32_t b, uint32_t id, void *arg)
{
    index_t *ix = ((void **)arg)[0];
    uint32_t *fill = ((void **)arg)[1];
    ix->tri[ix->tri_off[b] + fill[b]++] = id;
}

static int build_trigrams(index_t *ix)
{
    ix->tri_off = common_calloc(INDEX_TRIGRAM_BUCKETS + 1, sizeof(*ix->tri_off));
    uint32_t *fill = common_calloc(INDEX_TRIGRAM_BUCKETS, sizeof(*fill));
    if (!ix->tri_off || !fill) {
        free(fill);
        return COMMON_ENOMEM;
    }
    for (size_t w = 0; w < ix->nwords; w++)
        if (ix->post_off[w + 1] > ix->post_off[w]) /* title words only */
            each_trigram(ix->words[w], count_tri, (uint32_t)w, ix->tri_off);
    for (size_t b = 0; b < INDEX_TRIGRAM_BUCKETS; b++)
        ix->tri_off[b + 1] += ix->tri_off[b];
    ix->tri = common_malloc((ix->tri_off[INDEX_TRIGRAM_BUCKETS] + 1) * sizeof(*ix->tri));
    if (!ix->tri) {
        free(fill);
        return COMMON_ENOMEM;
    }
    void *arg[2] = {ix, fill};
    for (size_t w = 0; w < ix->nwords; w++)
        if (ix->post_off[w + 1] > ix->post_off[w])
            each_trigram(ix->words[w], fill_tri, (uint32_t)w, arg);
    free(fill);
    return 0;
}

int index_load(index_t *ix, const char *dir)
{
    memset(ix, 0, sizeof(*ix));
    loader L = {.ix = ix};
    common_buf path = COMMON_BUF_INIT;
    int rc = common_buf_printf(&path, "%s/%s", dir, INDEX_FILE);
    if (!rc)
        rc = common_read_file(path.data, INDEX_FILE_MAX, &ix->arena);
    if (rc == COMMON_EIO)
        common_error(rc, "%s; build it with 'vacancyctl index build'", common_last_error());
    ix->exact = common_strmap_new(32768);
    ix->vocab = common_strmap_new(16384);
    ix->synonym = common_strmap_new(256);
    ix->redirect = common_strmap_new(256);
    L.title = common_malloc(sizeof(*L.title));
    if (!rc && (!ix->exact || !ix->vocab || !ix->synonym || !ix->redirect || !L.title))
        rc = COMMON_ENOMEM;
    if (!rc)
        rc = parse_file(&L, ix->arena.data, path.data);
    if (!rc) {
        resolve_redirects(ix);
        rc = layout_entries(&L);
    }
    if (!rc) {
        fix_pointers(&L);
        rc = build_postings(ix);
    }
    if (!rc)
        rc = build_trigrams(ix);
    if (!rc)
        rc = profile_build(ix);
    free(L.title);
    free(L.entry_group);
    free(L.entry_qual_off);
    free(L.group_ids_off);
    common_buf_free(&L.ids);
    common_buf_free(&path);
    if (rc)
        index_free(ix);
    return rc;
}

void index_free(index_t *ix)
{
    for (size_t w = 0; w < ix->nwords; w++)
        free(ix->words[w]);
    free(ix->words);
    for (size_t k = 0; k < ix->nsyn; k++)
        free(ix->syn_word[k]);
    free(ix->syn_word);
    for (size_t k = 0; k < ix->nredirects; k++)
        free(ix->redirects[k].target);
    free(ix->redirects);
    common_strmap_free(ix->redirect);
    free(ix->version);
    free(ix->entries);
    free(ix->groups);
    free(ix->idf);
    free(ix->post_off);
    free(ix->post);
    free(ix->tri_off);
    free(ix->tri);
    free(ix->idpool);
    free(ix->soc_entry);
    free(ix->soc_logprior);
    free(ix->soc_lognorm);
    free(ix->prof_off);
    free(ix->prof_soc);
    free(ix->prof_logodds);
    common_strmap_free(ix->exact);
    common_strmap_free(ix->vocab);
    common_strmap_free(ix->synonym);
    common_buf_free(&ix->arena);
    memset(ix, 0, sizeof(*ix));
}
