// fasttext_bridge.cpp - classifier.h over libfasttext. Exceptions never
// cross into C: each entry point catches them and records the message.
#include "classifier.h"

extern "C" {
#include "common/common.h"
}

#include <fasttext/fasttext.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const char kLabelPrefix[] = "__label__";
const char kSumSuffix[] = ".sum";

// Checksum of a model file, as recorded in its ".sum" companion.
int file_checksum(const char *path, uint64_t *sum, size_t *size)
{
    common_buf b = COMMON_BUF_INIT;
    int rc = common_read_file(path, CLASSIFIER_MODEL_MAX, &b);
    if (rc == 0) {
        *sum = common_hash(b.data, b.len);
        *size = b.len;
    }
    common_buf_free(&b);
    return rc;
}

int write_checksum(const char *model_path)
{
    uint64_t sum = 0;
    size_t size = 0;
    int rc = file_checksum(model_path, &sum, &size);
    if (rc)
        return rc;
    std::string path = std::string(model_path) + kSumSuffix;
    FILE *f = fopen(path.c_str(), "w");
    if (!f)
        return common_error(COMMON_EIO, "%s: cannot write", path.c_str());
    fprintf(f, "%016llx %zu\n", (unsigned long long)sum, size);
    return fclose(f) == 0 ? 0 : common_error(COMMON_EIO, "%s: write failed", path.c_str());
}

int verify_checksum(const char *model_path, uint64_t *sum)
{
    std::string path = std::string(model_path) + kSumSuffix;
    FILE *f = fopen(path.c_str(), "r");
    if (!f)
        return common_error(COMMON_EIO, "%s: missing; train the model with "
                            "'vacancyctl model train'", path.c_str());
    unsigned long long want = 0;
    size_t want_size = 0;
    int n = fscanf(f, "%llx %zu", &want, &want_size);
    fclose(f);
    if (n != 2)
        return common_error(COMMON_EFORMAT, "%s: not a model checksum", path.c_str());
    size_t size = 0;
    int rc = file_checksum(model_path, sum, &size);
    if (rc)
        return rc;
    if (*sum != want || size != want_size)
        return common_error(COMMON_EFORMAT, "%s: corrupt (checksum or size differs from "
                            "%s); retrain with 'vacancyctl model train'", model_path,
                            path.c_str());
    return 0;
}

} // namespace

struct classifier {
    fasttext::FastText ft;
    char version[64];
};

extern "C" void classifier_params_default(classifier_params *p)
{
    p->dim = 64;
    p->epoch = 25;
    p->lr = 0.5;
    p->word_ngrams = 2;
    p->minn = 3;
    p->maxn = 5;
    p->bucket = 100000;
    p->min_count = 1;
    p->seed = 42;
    p->progress = false;
}

extern "C" int classifier_train(const char *train_path, const char *model_path,
                                const classifier_params *p)
{
    try {
        fasttext::Args a;
        a.input = train_path;
        a.output = model_path;
        a.model = fasttext::model_name::sup;
        a.loss = fasttext::loss_name::softmax;
        a.dim = p->dim;
        a.epoch = p->epoch;
        a.lr = p->lr;
        a.wordNgrams = p->word_ngrams;
        a.minn = p->minn;
        a.maxn = p->maxn;
        a.bucket = p->bucket;
        a.minCount = p->min_count;
        a.seed = p->seed;
        a.thread = 1; // hogwild across threads is not reproducible
        a.verbose = p->progress ? 2 : 0;
        fasttext::FastText ft;
        ft.train(a);
        ft.saveModel(model_path);
        if (p->progress)
            fputc('\n', stderr);
    } catch (const std::exception &e) {
        return common_error(COMMON_EFORMAT, "%s: training failed: %s", train_path, e.what());
    }
    return write_checksum(model_path);
}

extern "C" int classifier_open(classifier **out, const char *model_path)
{
    *out = nullptr;
    uint64_t sum = 0;
    int rc = verify_checksum(model_path, &sum);
    if (rc)
        return rc;
    classifier *c = new (std::nothrow) classifier;
    if (!c)
        return common_error(COMMON_ENOMEM, "out of memory");
    try {
        c->ft.loadModel(model_path);
    } catch (const std::exception &e) {
        delete c;
        return common_error(COMMON_EFORMAT, "%s: %s", model_path, e.what());
    }
    snprintf(c->version, sizeof(c->version), "fasttext %012llx",
             (unsigned long long)(sum & 0xffffffffffffULL));
    *out = c;
    return 0;
}

extern "C" void classifier_close(classifier *c)
{
    delete c;
}

extern "C" const char *classifier_version(const classifier *c)
{
    return c->version;
}

extern "C" int classifier_predict(const classifier *c, const char *text, size_t k,
                                  char labels[][CLASSIFIER_LABEL_MAX], float *probs)
{
    if (k > CLASSIFIER_TOP_MAX)
        k = CLASSIFIER_TOP_MAX;
    try {
        std::istringstream in(std::string(text) + "\n");
        std::vector<std::pair<fasttext::real, std::string>> pred;
        c->ft.predictLine(in, pred, (int32_t)k, 0.0);
        size_t n = 0;
        for (const auto &pr : pred) {
            const std::string &l = pr.second;
            size_t skip = l.compare(0, sizeof(kLabelPrefix) - 1, kLabelPrefix) == 0
                              ? sizeof(kLabelPrefix) - 1 : 0;
            snprintf(labels[n], CLASSIFIER_LABEL_MAX, "%s", l.c_str() + skip);
            probs[n++] = pr.first;
        }
        return (int)n;
    } catch (const std::exception &e) {
        return common_error(COMMON_EINVAL, "prediction failed: %s", e.what());
    }
}
