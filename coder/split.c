/* split.c - held-out splits of the coding index, for calibration and for
 * measuring accuracy on titles the coder has never seen. */
#include "coder.h"
#include "source.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SPLIT_KEY_MAX 1024

typedef struct {
    common_strmap *title_id;   /* lower-cased title -> id */
    char (*soc)[5];            /* per title: its code, or "*" with several */
    size_t ntitles, cap;
    bool *held;                /* per title */
    FILE *train, *heldout;
    bool *written;             /* per title: held-out line written */
} splitter;

static size_t lower_key(const char *s, char *out)
{
    size_t o = 0;
    for (; *s && o + 1 < SPLIT_KEY_MAX; s++)
        out[o++] = (char)tolower((unsigned char)*s);
    out[o] = '\0';
    return o;
}

static int count_title(const source_row *r, void *arg)
{
    splitter *sp = arg;
    char key[SPLIT_KEY_MAX];
    size_t len = lower_key(r->title, key);
    int64_t id = common_strmap_put(sp->title_id, key, len, (int64_t)sp->ntitles);
    if (id < 0)
        return COMMON_ENOMEM;
    if ((size_t)id == sp->ntitles) {
        if (sp->ntitles == sp->cap) {
            size_t cap = sp->cap ? sp->cap * 2 : 32768;
            char (*soc)[5] = common_realloc(sp->soc, cap * sizeof(*soc));
            if (!soc)
                return COMMON_ENOMEM;
            sp->soc = soc;
            sp->cap = cap;
        }
        snprintf(sp->soc[sp->ntitles++], 5, "%s", r->soc2020);
    } else if (strcmp(sp->soc[id], r->soc2020)) {
        strcpy(sp->soc[id], "*");
    }
    return 0;
}

static void csv_field(FILE *f, const char *s, bool last)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputs(last ? "\"\n" : "\",", f);
}

/* The columns coder_build reads, in its names. */
static void write_header(FILE *f)
{
    fputs("SOC_2020,SOC_2010,ISCO-08 code based on SOC2020,D,INDEXOCC_-_natural_word_order,"
          "ADD,IND,SOC2020_unit_group_title,SEE\n", f);
}

static int write_row(const source_row *r, void *arg)
{
    splitter *sp = arg;
    char key[SPLIT_KEY_MAX];
    size_t len = lower_key(r->title, key);
    int64_t id = common_strmap_get(sp->title_id, key, len);
    if (id >= 0 && sp->held[id]) {
        if (!sp->written[id])
            fprintf(sp->heldout, "%s\t%s\n", r->title, r->soc2020);
        sp->written[id] = true;
        return 0;
    }
    const char *f[] = {r->soc2020, r->soc2010, r->isco08, r->dflag, r->title,
                       r->add, r->ind, r->soc_title, ""};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        csv_field(sp->train, f[i], i + 1 == sizeof(f) / sizeof(f[0]));
    return 0;
}

/* A cross-reference stays unless its title is held out: every row of a
 * held-out title leaves the training index. */
static int write_see(const char *title, const char *target, const char *qualifier, void *arg)
{
    splitter *sp = arg;
    char key[SPLIT_KEY_MAX], see[SPLIT_KEY_MAX];
    size_t len = lower_key(title, key);
    int64_t id = common_strmap_get(sp->title_id, key, len);
    if (id >= 0 && sp->held[id])
        return 0;
    snprintf(see, sizeof(see), *qualifier ? "see %s (%s)" : "see %s", target, qualifier);
    const char *f[] = {"}}}}", "", "", "", title, "", "", "", see};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        csv_field(sp->train, f[i], i + 1 == sizeof(f) / sizeof(f[0]));
    return 0;
}

/* Whether title t is held out: a hash of its id and the seed, so the same
 * seed always holds out the same titles of the same index. */
static bool holds_out(size_t t, unsigned seed, double share)
{
    uint64_t h = common_hash(&t, sizeof(t)) ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL);
    h = common_hash(&h, sizeof(h));
    return (double)(h % 1000000) / 1e6 < share;
}

int coder_split_index(const char *index_csv, unsigned seed, double share,
                      const char *train_csv, const char *held_tsv, size_t *nheld)
{
    splitter sp = {.title_id = common_strmap_new(32768)};
    int rc = sp.title_id ? source_read(index_csv, count_title, NULL, &sp) : COMMON_ENOMEM;
    *nheld = 0;
    if (!rc) {
        sp.held = common_calloc(sp.ntitles, sizeof(*sp.held));
        sp.written = common_calloc(sp.ntitles, sizeof(*sp.written));
        if (!sp.held || !sp.written)
            rc = COMMON_ENOMEM;
    }
    for (size_t t = 0; !rc && t < sp.ntitles; t++)
        if (sp.soc[t][0] != '*' && holds_out(t, seed, share)) {
            sp.held[t] = true;
            (*nheld)++;
        }
    if (!rc) {
        sp.train = fopen(train_csv, "w");
        sp.heldout = fopen(held_tsv, "w");
        if (!sp.train || !sp.heldout)
            rc = common_error(COMMON_EIO, "%s: cannot write: %s",
                              sp.train ? held_tsv : train_csv, strerror(errno));
    }
    if (!rc) {
        write_header(sp.train);
        rc = source_read(index_csv, write_row, write_see, &sp);
    }
    if (sp.train && fclose(sp.train) && !rc)
        rc = common_error(COMMON_EIO, "%s: write failed", train_csv);
    if (sp.heldout && fclose(sp.heldout) && !rc)
        rc = common_error(COMMON_EIO, "%s: write failed", held_tsv);
    common_strmap_free(sp.title_id);
    free(sp.soc);
    free(sp.held);
    free(sp.written);
    return rc;
}
