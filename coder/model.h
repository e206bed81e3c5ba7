/* model.h - private: the classifier side of the coder and its calibration. */
#ifndef VH_CODER_MODEL_H
#define VH_CODER_MODEL_H

#include "classifier/classifier.h"
#include "norm.h"

#define MODEL_FILE "model.bin"
#define MODEL_META "model.tsv"
#define MODEL_MAGIC "#vacancy-harvester-coder-model"
#define MODEL_FORMAT 1
#define MODEL_TOP 10 /* labels asked of the classifier per title */

/* Calibration features of one candidate (see fuse.c). */
enum {
    FEAT_FUSED,     /* fused score */
    FEAT_MARGIN,    /* fused score minus the best other candidate's */
    FEAT_MODEL,     /* classifier probability */
    FEAT_INDEX,     /* index score */
    FEAT_EXACT,     /* the index matched a title exactly */
    FEAT_AGREE,     /* first of both the index and the classifier */
    FEAT_AMBIGUOUS, /* the index entry was not decided by context */
    FEAT_ONE_WORD,  /* the title is one word */
    FEAT_KNOWN,     /* share of the title the index knows */
    NFEATURES
};

typedef struct {
    classifier *cl;
    float weights[NFEATURES + 1]; /* logistic regression; last: bias */
    bool calibrated;
    char soc2010_of[10000][5];    /* SOC 2020 -> SOC 2010, ONS relationship table */
} model_t;

/* Load DIR/model.tsv and DIR/model.bin. COMMON_ENOTFOUND when the
 * directory has no model (an index-only coder). */
int model_load(model_t *m, const char *dir);
void model_free(model_t *m);

/* Confidence 0-100 from features, by the calibration (or the fused score
 * itself before calibration). */
int model_confidence(const model_t *m, const float f[NFEATURES]);

/* calibrate.c: fit the logistic regression to n samples. */
void calibrate_fit(const float (*x)[NFEATURES], const bool *y, size_t n,
                   float weights[NFEATURES + 1]);

/* Write DIR/model.tsv: calibration weights and the SOC 2010 map. */
int model_write_meta(const char *dir, const char *index_version, const model_t *m);

/* Read the ONS relationship table into soc2010_of (person-weighted: for
 * each SOC 2020 code, the SOC 2010 code most of its people came from). */
int model_read_relationship(const char *path, model_t *m);

#endif
