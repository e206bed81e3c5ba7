/* coder.h - code free-text job titles to SOC 2020 (with SOC 2010, ISCO-08).
 *
 * The coder is built once from the ONS coding index into a directory of
 * artefacts (coder_build), then opened read-only (coder_open) and shared by
 * any number of threads, each coding through its own coder_ctx. */
#ifndef VH_CODER_H
#define VH_CODER_H

#include <stddef.h>
#include <stdbool.h>

#include "common/common.h"
#include "common/vacancy.h"

typedef struct coder coder;
typedef struct coder_ctx coder_ctx;

/* Limits. */
#define CODER_TITLE_MAX 1024     /* bytes of title accepted (longer: error) */
#define CODER_CONTEXT_MAX 65536  /* bytes of context read (longer: truncated) */
#define CODER_TOP_MAX 10         /* candidates a result can hold */

/* Where built artefacts live: $VACANCY_CODER_DIR, else this subdirectory
 * of the data directory (reference data is often read-only, so operators
 * and scripts point the former at a writable place). */
#define CODER_DIR_ENV "VACANCY_CODER_DIR"
#define CODER_DEFAULT_SUBDIR "coder"

typedef enum {
    CODER_METHOD_NONE = 0,
    CODER_METHOD_EXACT,    /* the normalised title is an index title */
    CODER_METHOD_FUZZY,    /* ranked by similarity to index titles */
    CODER_METHOD_MODEL,    /* the fastText classifier alone */
    CODER_METHOD_COMBINED, /* index and classifier fused */
    CODER_METHOD_INDEX     /* as an option: the index alone (exact or fuzzy) */
} coder_method;

/* Candidate flags. */
#define CODER_AMBIGUOUS  (1u << 0) /* title maps to several unit groups and
                                      nothing in the context decided */
#define CODER_BY_CONTEXT (1u << 1) /* a qualifier matched the context */
#define CODER_DEFAULT    (1u << 2) /* the index's default entry was used */

typedef struct {
    char soc2020[5];
    const char *soc2020_title; /* owned by the coder */
    char soc2010[5];           /* "" when the index has none */
    char isco08[5];
    const char *matched;       /* index title matched (natural order), or NULL */
    const char *qualifier;     /* ADD / IND qualifier of that entry, or NULL */
    double score;              /* similarity 0..1 */
    int confidence;            /* calibrated 0-100 */
    coder_method method;
    unsigned flags;
} coder_candidate;

typedef struct {
    size_t n;                           /* candidates, best first */
    coder_candidate cand[CODER_TOP_MAX];
    bool automatic; /* top candidate is at or above the automatic threshold */
} coder_result;

typedef struct {
    const char *index_version; /* NULL: taken from the file name, e.g.
                                  soc2020_coding_index_v12_16042025.csv */
} coder_build_options;

/* Build artefacts from a coding-index CSV into out_dir (created). */
int coder_build(const char *index_csv, const char *out_dir,
                const coder_build_options *opts);

typedef struct {
    const char *descriptions;  /* SOC 2020 Volume 1 descriptions CSV, or NULL */
    const char *relationship;  /* ONS SOC 2010 -> 2020 relationship CSV, or NULL */
    const char *index_version; /* as for coder_build */
    int epoch;                 /* 0: default */
    bool progress;             /* progress display on standard error */
} coder_train_options;

/* Build the index (as coder_build) and train the classifier into out_dir,
 * then calibrate confidence on a held-out split. Deterministic. */
int coder_train(const char *index_csv, const char *out_dir, const coder_train_options *o);

/* Hold out a share of the index's unambiguous titles (one SOC 2020 code),
 * deterministically for a seed: the rows of every other title go to
 * train_csv (a coding index coder_build reads), and each held-out title
 * with its code to held_tsv ("title<TAB>soc"). */
int coder_split_index(const char *index_csv, unsigned seed, double share,
                      const char *train_csv, const char *held_tsv, size_t *nheld);

/* Call fn for each title of the index that carries several codes told
 * apart by qualifiers (normalised, as the coder sees it) with the code it
 * has when nothing qualifies it: the one the coder should give it without
 * context ("Store manager" -> 1242, not café 1222). Titles with no such
 * code (no unqualified row, default or majority code) are left out. For
 * measuring. */
typedef int (*coder_title_fn)(void *arg, const char *title, const char *soc2020);
int coder_unqualified_codes(const char *index_csv, coder_title_fn fn, void *arg);

/* The artefact directory for an explicit setting (may be NULL) and data
 * directory setting (may be NULL); a new string. */
char *coder_default_dir(const char *explicit_dir, const char *data_dir);

int coder_open(coder **out, const char *dir);
void coder_close(coder *c);
const char *coder_index_version(const coder *c);
const char *coder_model_version(const coder *c); /* NULL without a model */

/* Per-thread working memory. */
int coder_ctx_new(const coder *c, coder_ctx **out);
void coder_ctx_free(coder_ctx *ctx);

typedef struct {
    size_t top;          /* candidates wanted, 1..CODER_TOP_MAX */
    coder_method method; /* INDEX, MODEL or COMBINED; NONE: the best available */
    int min_confidence;  /* threshold for automatic coding */
} coder_options;

/* Code one title. context (industry, description; may be NULL) chooses
 * between index entries told apart only by qualifiers. Returns 0 with
 * res->n == 0 when nothing matched; <0 on bad input (empty, over
 * CODER_TITLE_MAX, invalid UTF-8) with a message naming the problem. */
int coder_code(coder_ctx *ctx, const char *title, const char *context,
               const coder_options *opts, coder_result *res);

/* Code an advert as the daemon stores it: its title, with its industry
 * (else its description) as context, default options. Fills *out from the
 * top candidate, with the coder's index and model versions (set with
 * vacancy_set: the caller frees them, as vacancy_free does for a record's
 * code), and returns 1; returns 0 when the title cannot be coded (*out
 * untouched), <0 on error. */
int coder_code_advert(coder_ctx *ctx, const char *title, const char *industry,
                      const char *description, vacancy_code *out);

/* The normalised form of a title (noise removed, abbreviations expanded,
 * words singular, lower case, space separated): what the index matches. */
int coder_normalise(const char *title, common_buf *out);

const char *coder_method_name(coder_method m);

#endif
