/* calibrate.c - turn match features into a confidence that means what it
 * says: of the results with confidence at least T, about T% are right.
 *
 * A logistic regression on held-out titles (whose right answer is known)
 * learns how features such as the fused score, the margin to the runner-up
 * and agreement between the index and the classifier translate into the
 * probability of being right. Plain batch gradient descent: deterministic,
 * and a few thousand samples of nine features need nothing more. */
#include "model.h"

#include <math.h>
#include <string.h>

#define CALIBRATE_ITERATIONS 3000
#define CALIBRATE_RATE 0.5
#define CALIBRATE_L2 1e-4

static double predict(const float w[NFEATURES + 1], const float x[NFEATURES])
{
    double z = w[NFEATURES];
    for (int k = 0; k < NFEATURES; k++)
        z += (double)w[k] * x[k];
    return 1.0 / (1.0 + exp(-z));
}

void calibrate_fit(const float (*x)[NFEATURES], const bool *y, size_t n,
                   float weights[NFEATURES + 1])
{
    double w[NFEATURES + 1] = {0};
    float wf[NFEATURES + 1];
    for (int it = 0; it < CALIBRATE_ITERATIONS && n; it++) {
        double grad[NFEATURES + 1] = {0};
        for (int k = 0; k <= NFEATURES; k++)
            wf[k] = (float)w[k];
        for (size_t i = 0; i < n; i++) {
            double err = predict(wf, x[i]) - (y[i] ? 1.0 : 0.0);
            for (int k = 0; k < NFEATURES; k++)
                grad[k] += err * x[i][k];
            grad[NFEATURES] += err;
        }
        for (int k = 0; k <= NFEATURES; k++)
            w[k] -= CALIBRATE_RATE * (grad[k] / (double)n + CALIBRATE_L2 * w[k]);
    }
    for (int k = 0; k <= NFEATURES; k++)
        weights[k] = (float)w[k];
}

int model_confidence(const model_t *m, const float f[NFEATURES])
{
    double p = m && m->calibrated ? predict(m->weights, f) : f[FEAT_FUSED];
    if (p < 0)
        p = 0;
    return (int)lround(100.0 * (p > 1 ? 1 : p));
}
