/* classifier.h - a supervised fastText text classifier (libfasttext).
 *
 * The thin bridge to libfasttext, the only C++ in the project. Training is
 * deterministic for a seed (one thread); a model is verified against the
 * checksum recorded beside it before libfasttext reads it, so a corrupt or
 * truncated file is a clear error rather than undefined behaviour. */
#ifndef VH_CLASSIFIER_H
#define VH_CLASSIFIER_H

#include <stddef.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct classifier classifier;

#define CLASSIFIER_LABEL_MAX 32  /* bytes of a label, NUL included */
#define CLASSIFIER_TOP_MAX 32    /* labels one prediction returns at most */
#define CLASSIFIER_MODEL_MAX (512u << 20) /* a model file larger is refused */

typedef struct {
    int dim;           /* vector size */
    int epoch;
    double lr;
    int word_ngrams;   /* word n-grams (2: bigrams) */
    int minn, maxn;    /* character n-gram lengths; 0 disables */
    int bucket;        /* hash buckets for n-grams: drives model size */
    int min_count;
    int seed;
    bool progress;     /* print a progress display on standard error */
} classifier_params;

void classifier_params_default(classifier_params *p);

/* Train from a fastText file ("__label__X word word ...") into model_path,
 * and record its checksum in model_path + ".sum". */
int classifier_train(const char *train_path, const char *model_path,
                     const classifier_params *p);

int classifier_open(classifier **out, const char *model_path);
void classifier_close(classifier *c);
/* "fasttext <checksum>": changes whenever the model does. */
const char *classifier_version(const classifier *c);

/* Top-k labels (without "__label__") for space-separated text, best first,
 * with probabilities. Returns how many, or <0 on error. Thread-safe. */
int classifier_predict(const classifier *c, const char *text, size_t k,
                       char labels[][CLASSIFIER_LABEL_MAX], float *probs);

#ifdef __cplusplus
}
#endif

#endif
