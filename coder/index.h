/* index.h - private: the title index built from the ONS coding index.
 *
 * Index entries with the same normalised title form a group; a group with
 * several SOC codes is told apart only by its entries' ADD / IND
 * qualifiers. Words map to ids; each title word has an IDF weight and a
 * posting list of the groups holding it. Vocabulary words are also indexed
 * by character trigrams so misspelt advert words find their index word. */
#ifndef VH_CODER_INDEX_H
#define VH_CODER_INDEX_H

#include <stdint.h>

#include "norm.h"

#define INDEX_FORMAT 1
#define INDEX_FILE "coder-index.tsv"
#define INDEX_MAGIC "#vacancy-harvester-coder-index"
#define INDEX_NO_WORD UINT32_MAX

typedef struct {
    char soc2020[5], soc2010[5], isco08[5];
    char dflag;            /* ONS default-entry flag letter, or 0 */
    const char *title;     /* natural word order, as ONS writes it */
    const char *qualifier; /* "ADD; IND" for display, or NULL */
    uint32_t *qual;        /* qualifier word ids */
    uint16_t nqual;
    uint16_t soc;          /* index of its SOC code in the profiles */
} index_entry;

typedef struct {
    uint32_t *words;   /* distinct weighted word ids */
    uint16_t nwords;
    uint32_t head;     /* word id of the head noun, or INDEX_NO_WORD */
    float norm;        /* Euclidean norm of the IDF weights */
    uint32_t first, count; /* its entries: entries[first .. first+count) */
    uint16_t nsocs;    /* distinct SOC 2020 codes among them */
    uint32_t fallback; /* the entry used when no context decides */
    bool open;         /* no default at all (index_fallback_open) */
} index_group;

/* ONS's D column: 'M' marks the entry a title gets when nothing qualifies
 * it. The other letters (O, I, A, Q) mark entries within an industry or
 * qualifier ("Operations manager" is O only for computer services), not a
 * default. */
#define INDEX_DEFAULT_FLAG 'M'

/* How strongly an entry stands for its title when no context decides:
 * the unqualified entry, else ONS's default (INDEX_DEFAULT_FLAG), else one
 * of the code most of its entries carry (`same`: entries with its code).
 * The index falls back on the best; the classifier is taught it (bare.c). */
static inline int index_fallback_rank(bool qualified, char dflag, int same)
{
    return (qualified ? 0 : 4000) + (dflag == INDEX_DEFAULT_FLAG ? 2000 : 0) + same;
}

/* Whether that best entry is no default at all: qualified, not ONS's
 * default, and its code carried by at most half of the title's rows
 * ("Adviser" is agricultural, legal, marketing...). Such a title is open:
 * its codes are equals and the classifier ranks them. */
static inline bool index_fallback_open(bool qualified, char dflag, int same, int rows)
{
    return qualified && dflag != INDEX_DEFAULT_FLAG && 2 * same <= rows;
}

#define INDEX_NO_GROUP UINT32_MAX

/* A title ONS codes as another ("General manager: see also Manager ( )"). */
typedef struct {
    uint32_t group;        /* the target title's group, or INDEX_NO_GROUP */
    const char *qualifier; /* qualifier to code it with; "": the advert's context */
    char *target;          /* the target's exact-match key */
} index_redirect;

typedef struct {
    char *version;      /* "v12 16042025" */
    index_entry *entries;
    size_t nentries;
    index_group *groups;
    size_t ngroups;
    common_strmap *exact;   /* normalised title -> group */
    common_strmap *vocab;   /* word -> id */
    common_strmap *synonym; /* variant spelling -> index in syn_word */
    char **syn_word;        /* the spelling the index uses */
    size_t nsyn;
    common_strmap *redirect; /* normalised title -> index in redirects */
    index_redirect *redirects;
    size_t nredirects;
    char **words;           /* id -> word */
    float *idf;             /* id -> weight (0 for function words) */
    uint32_t *post_off, *post; /* CSR: groups holding word id */
    size_t nwords;
    uint32_t *tri_off, *tri;   /* CSR: vocabulary words by trigram bucket */
    const char *soc_title[10000]; /* unit group titles by code */
    /* Unit-group word profiles: how often each word occurs in the titles
     * of each SOC code (CSR by word), for a naive-Bayes view of a title. */
    size_t nsoc;
    uint32_t *soc_entry;       /* per SOC: a representative entry */
    int16_t soc_of_code[10000]; /* SOC code -> its index here, or -1 */
    float *soc_logprior;       /* per SOC */
    float *soc_lognorm;        /* per SOC: log(total words + alpha x vocabulary) */
    uint32_t *prof_off, *prof_soc; /* CSR: word -> SOCs using it */
    float *prof_logodds;       /* log((count + alpha) / alpha) */
    common_buf arena;       /* all strings */
    uint32_t *idpool;       /* all word id arrays */
} index_t;

#define INDEX_TRIGRAM_BUCKETS 16384

int index_load(index_t *ix, const char *dir);
/* profile.c: build the unit-group word profiles (called by index_load). */
int profile_build(index_t *ix);
void index_free(index_t *ix);
/* Word id, or INDEX_NO_WORD. */
uint32_t index_word(const index_t *ix, const char *s, size_t len);
/* Replace variant spellings in a normalised title by the index's own. */
void index_canonical(const index_t *ix, norm_title *t);
/* Trigram bucket of s[i..i+3) with '^' / '$' padding handled by the caller. */
uint32_t index_trigram(const char *s);

#endif
