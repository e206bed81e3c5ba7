/* profile.c - unit-group word profiles for titles the index lacks.
 *
 * Nearest-neighbour matching needs an index title close to the advert's.
 * When there is none, the words still carry evidence: "prescribing" occurs
 * in pharmacists' titles, "adviser" in many groups. Each SOC's titles are
 * pooled into one bag of words and a title is scored by multinomial naive
 * Bayes (Laplace smoothing), giving a posterior over unit groups. */
#include "index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PROFILE_ALPHA 0.1 /* additive smoothing */
#define PROFILE_PRIOR_POWER 0.5 /* damp the prior: large groups have many titles */

static int soc_index_of(index_t *ix, const char *code)
{
    int c = atoi(code);
    if (ix->soc_of_code[c] < 0)
        ix->soc_of_code[c] = (int16_t)ix->nsoc++;
    return ix->soc_of_code[c];
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Each SOC's representative entry, which gives the codes of a candidate
 * no index title matched (the classifier's or the profiles'): one with the
 * ISCO-08 code most of the SOC's entries carry (2134 is ISCO 2512 in 69
 * entries, 2514 in 12), unqualified if it can be. */
static int choose_representatives(index_t *ix, const uint32_t *gsoc)
{
    size_t n = ix->nentries;
    uint32_t *pairs = common_malloc((n ? n : 1) * sizeof(*pairs)); /* soc x 10000 + isco */
    uint32_t *modal = common_calloc(ix->nsoc ? ix->nsoc : 1, sizeof(*modal));
    if (!pairs || !modal) {
        free(pairs), free(modal);
        return COMMON_ENOMEM;
    }
    for (size_t e = 0; e < n; e++)
        pairs[e] = gsoc[e] * 10000u + (uint32_t)atoi(ix->entries[e].isco08);
    qsort(pairs, n, sizeof(*pairs), by_value);
    size_t best_run = 0;
    for (size_t i = 0, run = 1; i < n; i++, run++) {
        uint32_t s = pairs[i] / 10000u;
        if (i == 0 || pairs[i] != pairs[i - 1])
            run = 1;
        if (i == 0 || s != pairs[i - 1] / 10000u)
            best_run = 0;
        if (run > best_run) {
            best_run = run;
            modal[s] = pairs[i] % 10000u;
        }
    }
    for (size_t s = 0; s < ix->nsoc; s++)
        ix->soc_entry[s] = UINT32_MAX;
    for (size_t e = 0; e < n; e++) {
        const index_entry *en = &ix->entries[e];
        uint32_t *rep = &ix->soc_entry[gsoc[e]];
        int rank = ((uint32_t)atoi(en->isco08) == modal[gsoc[e]]) * 2 + !en->qualifier;
        int have = *rep == UINT32_MAX ? -1
                   : ((uint32_t)atoi(ix->entries[*rep].isco08) == modal[gsoc[e]]) * 2 +
                         !ix->entries[*rep].qualifier;
        if (rank > have)
            *rep = (uint32_t)e;
    }
    free(pairs);
    free(modal);
    return 0;
}

int profile_build(index_t *ix)
{
    uint32_t *gsoc = common_malloc(ix->nentries * sizeof(*gsoc)); /* per entry */
    if (!gsoc)
        return COMMON_ENOMEM;
    memset(ix->soc_of_code, 0xff, sizeof(ix->soc_of_code));
    ix->nsoc = 0;
    for (size_t e = 0; e < ix->nentries; e++) {
        gsoc[e] = (uint32_t)soc_index_of(ix, ix->entries[e].soc2020);
        ix->entries[e].soc = (uint16_t)gsoc[e];
    }
    size_t S = ix->nsoc, V = ix->nwords;
    uint16_t *count = common_calloc(V * S, sizeof(*count));
    double *total = common_calloc(S, sizeof(*total)), *titles = common_calloc(S, sizeof(*titles));
    ix->soc_entry = common_malloc(S * sizeof(*ix->soc_entry));
    ix->soc_logprior = common_malloc(S * sizeof(*ix->soc_logprior));
    ix->soc_lognorm = common_malloc(S * sizeof(*ix->soc_lognorm));
    ix->prof_off = common_calloc(V + 1, sizeof(*ix->prof_off));
    int rc = 0;
    if (!count || !total || !titles || !ix->soc_entry || !ix->soc_logprior ||
        !ix->soc_lognorm || !ix->prof_off) {
        rc = COMMON_ENOMEM;
        goto done;
    }
    if ((rc = choose_representatives(ix, gsoc)))
        goto done;
    /* Each group counts once per SOC it carries. */
    for (size_t g = 0; g < ix->ngroups; g++) {
        const index_group *gr = &ix->groups[g];
        for (uint32_t e = gr->first; e < gr->first + gr->count; e++) {
            uint32_t s = gsoc[e];
            bool repeat = false;
            for (uint32_t p = gr->first; p < e && !repeat; p++)
                repeat = gsoc[p] == s;
            if (repeat)
                continue;
            titles[s]++;
            for (uint16_t k = 0; k < gr->nwords; k++) {
                uint16_t *c = &count[(size_t)gr->words[k] * S + s];
                if (*c < UINT16_MAX)
                    (*c)++;
                total[s]++;
            }
        }
    }
    size_t pairs = 0;
    for (size_t w = 0; w < V; w++) {
        for (size_t s = 0; s < S; s++)
            pairs += count[w * S + s] > 0;
        ix->prof_off[w + 1] = (uint32_t)pairs;
    }
    ix->prof_soc = common_malloc((pairs + 1) * sizeof(*ix->prof_soc));
    ix->prof_logodds = common_malloc((pairs + 1) * sizeof(*ix->prof_logodds));
    if (!ix->prof_soc || !ix->prof_logodds) {
        rc = COMMON_ENOMEM;
        goto done;
    }
    for (size_t w = 0, p = 0; w < V; w++)
        for (size_t s = 0; s < S; s++)
            if (count[w * S + s]) {
                ix->prof_soc[p] = (uint32_t)s;
                ix->prof_logodds[p++] =
                    (float)log((count[w * S + s] + PROFILE_ALPHA) / PROFILE_ALPHA);
            }
    for (size_t s = 0; s < S; s++) {
        ix->soc_logprior[s] = (float)(PROFILE_PRIOR_POWER * log(titles[s] + 1));
        ix->soc_lognorm[s] = (float)log(total[s] + PROFILE_ALPHA * (double)V);
    }
done:
    free(gsoc);
    free(count);
    free(total);
    free(titles);
    return rc;
}
