/* bare.c - the code an ONS title carries when nothing qualifies it.
 *
 * About 2,400 ONS titles have several codes told apart only by qualifiers:
 * "Store manager" is 1222 for a café, 1150 in retail, and 1242 unqualified.
 * An advert saying just "Store Manager" gets ONS's unqualified code. The
 * classifier must learn the same: if every row taught it the bare title,
 * it would learn the mix of rows (four café-like rows outvote the one
 * default) and overrule ONS. So the bare title is taught only with the
 * code the index itself falls back on (index_fallback_rank), and the other
 * rows are taught with their qualifiers. A title with no such code (no
 * unqualified row, no default, no code on more than half its rows: "Adviser" is
 * agricultural, legal, marketing...) is open: it is not taught bare, so the
 * classifier judges it by its words and the rest of the index instead of
 * learning whichever row ONS happened to list first. */
#include "internal.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

#define BARE_KEY_MAX 64      /* "title id:code" */
#define BARE_TITLES 32768    /* first allocation: the v12 index has 24,000 titles */

typedef struct {
    uint32_t title;  /* id of its normalised title */
    int16_t code;    /* SOC 2020 */
    bool qualified;
    char dflag;      /* ONS's D column letter, or 0 */
} bare_row;

struct bare_titles {
    common_strmap *ids;  /* normalised title -> title id */
    int16_t *code;       /* per title: its unqualified code */
    bool *open;          /* per title: no code stands for it (index_fallback_open) */
    uint16_t *ncodes;    /* per title: distinct codes among its rows */
    char **text_of;      /* per title: the normalised title */
    size_t ntitles, tcap;
    bare_row *rows;
    size_t nrows, cap;
    common_buf text;
};

static int add_row(const source_row *r, void *arg)
{
    bare_titles *b = arg;
    common_buf_clear(&b->text);
    if (coder_normalise(r->title, &b->text) != 0 || !b->text.len)
        return 0; /* nothing left to teach */
    int64_t id = common_strmap_put(b->ids, b->text.data, b->text.len, (int64_t)b->ntitles);
    if (id < 0)
        return COMMON_ENOMEM;
    if ((size_t)id == b->ntitles) {
        if (common_grow(&b->text_of, &b->tcap, b->ntitles, sizeof(*b->text_of), BARE_TITLES))
            return COMMON_ENOMEM;
        if (!(b->text_of[b->ntitles] = common_strdup(b->text.data)))
            return COMMON_ENOMEM;
        b->ntitles++;
    }
    if (common_grow(&b->rows, &b->cap, b->nrows, sizeof(*b->rows), BARE_TITLES))
        return COMMON_ENOMEM;
    b->rows[b->nrows++] = (bare_row){(uint32_t)id, (int16_t)atoi(r->soc2020),
                                     *r->add || *r->ind, *r->dflag};
    return 0;
}

/* Per title, the code of the row ranking highest, as the index ranks. */
static int choose_codes(bare_titles *b)
{
    common_strmap *same = common_strmap_new(b->nrows);
    int *count = common_calloc(b->nrows ? b->nrows : 1, sizeof(*count));
    int *slot = common_calloc(b->nrows ? b->nrows : 1, sizeof(*slot));
    int *best = common_calloc(b->ntitles ? b->ntitles : 1, sizeof(*best));
    int *rows = common_calloc(b->ntitles ? b->ntitles : 1, sizeof(*rows));
    b->code = common_calloc(b->ntitles ? b->ntitles : 1, sizeof(*b->code));
    b->ncodes = common_calloc(b->ntitles ? b->ntitles : 1, sizeof(*b->ncodes));
    b->open = common_calloc(b->ntitles ? b->ntitles : 1, sizeof(*b->open));
    int rc = same && count && slot && best && rows && b->code && b->ncodes && b->open
                 ? 0 : COMMON_ENOMEM;
    for (size_t i = 0; !rc && i < b->nrows; i++) {
        char key[BARE_KEY_MAX];
        int n = snprintf(key, sizeof(key), "%u:%d", b->rows[i].title, b->rows[i].code);
        int64_t s = common_strmap_put(same, key, (size_t)n, (int64_t)common_strmap_size(same));
        if (s < 0)
            rc = COMMON_ENOMEM;
        else if (count[slot[i] = (int)s]++ == 0)
            b->ncodes[b->rows[i].title]++;
        if (!rc)
            rows[b->rows[i].title]++;
    }
    for (size_t i = 0; !rc && i < b->nrows; i++) {
        const bare_row *r = &b->rows[i];
        int rank = 1 + index_fallback_rank(r->qualified, r->dflag, count[slot[i]]);
        if (rank > best[r->title]) {
            best[r->title] = rank;
            b->code[r->title] = r->code;
            b->open[r->title] = b->ncodes[r->title] > 1 &&
                index_fallback_open(r->qualified, r->dflag, count[slot[i]], rows[r->title]);
        }
    }
    common_strmap_free(same);
    free(count);
    free(slot);
    free(best);
    free(rows);
    return rc;
}

int bare_titles_read(const char *index_csv, bare_titles **out)
{
    bare_titles *b = common_calloc(1, sizeof(*b));
    if (!b)
        return COMMON_ENOMEM;
    b->ids = common_strmap_new(BARE_TITLES);
    int rc = b->ids ? source_read(index_csv, add_row, NULL, b) : COMMON_ENOMEM;
    if (!rc)
        rc = choose_codes(b);
    free(b->rows);
    b->rows = NULL;
    common_buf_free(&b->text);
    if (rc) {
        bare_titles_free(b);
        return rc;
    }
    *out = b;
    return 0;
}

bool bare_titles_teaches(const bare_titles *b, const char *normalised, const char *soc2020)
{
    int64_t id = common_strmap_get(b->ids, normalised, strlen(normalised));
    return id < 0 || (!b->open[id] && b->code[id] == atoi(soc2020));
}

int coder_unqualified_codes(const char *index_csv, coder_title_fn fn, void *arg)
{
    bare_titles *b = NULL;
    int rc = bare_titles_read(index_csv, &b);
    for (size_t t = 0; !rc && t < b->ntitles; t++) {
        char soc[8];
        snprintf(soc, sizeof(soc), "%04d", b->code[t]);
        if (b->ncodes[t] > 1 && !b->open[t])
            rc = fn(arg, b->text_of[t], soc);
    }
    if (b)
        bare_titles_free(b);
    return rc;
}

void bare_titles_free(bare_titles *b)
{
    if (!b)
        return;
    for (size_t t = 0; t < b->ntitles; t++)
        free(b->text_of[t]);
    free(b->text_of);
    free(b->ncodes);
    free(b->open);
    common_strmap_free(b->ids);
    free(b->code);
    free(b->rows);
    common_buf_free(&b->text);
    free(b);
}
