/* derive.c - apprenticeship standard -> SOC 2020 with the project's coder.
 * No open standard -> SOC table exists (see the reference README), so the
 * mapping is derived from what a standard says its jobs are called and is
 * stored labelled `derived`, never mistaken for an official one. */
#include "storage.h"
#include "coder/coder.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DERIVE_TITLES_MAX 64     /* titles coded per standard */
#define DERIVE_MIN_CONFIDENCE 30 /* codes less sure than this are not evidence */
#define DERIVE_EVIDENCE_MAX 900  /* bytes of titles kept as evidence per SOC */

typedef struct {
    coder_ctx *ctx;
    const coder *cd;
    storage *s;
    char version[256];
    size_t standards, mappings;
} derive_state;

typedef struct {
    const char *titles[DERIVE_TITLES_MAX];
    size_t n;
} title_set;

static void add_title(title_set *t, const char *title)
{
    if (!title || !*title || t->n == DERIVE_TITLES_MAX)
        return;
    for (size_t i = 0; i < t->n; i++)
        if (!strcasecmp(t->titles[i], title))
            return;
    t->titles[t->n++] = title;
}

/* Titles from a JSON array of strings; anything else in it is ignored. */
static void add_json_titles(title_set *t, json_t *arr)
{
    size_t i;
    json_t *v;
    if (!json_is_array(arr))
        return;
    json_array_foreach(arr, i, v)
        if (json_is_string(v))
            add_title(t, json_string_value(v));
}

typedef struct {
    storage_derived_soc soc;
    long confidence_sum;
    size_t count;
    common_buf evidence;
} soc_tally;

static void tally(soc_tally *socs, size_t *n, const coder_candidate *c, const char *title)
{
    size_t i;
    for (i = 0; i < *n && strcmp(socs[i].soc.soc2020, c->soc2020); i++)
        ;
    if (i == *n) {
        memset(&socs[i], 0, sizeof(socs[i]));
        snprintf(socs[i].soc.soc2020, sizeof(socs[i].soc.soc2020), "%s", c->soc2020);
        (*n)++;
    }
    socs[i].count++;
    socs[i].confidence_sum += c->confidence;
    if (socs[i].evidence.len + strlen(title) < DERIVE_EVIDENCE_MAX)
        common_buf_printf(&socs[i].evidence, "%s%s", socs[i].evidence.len ? "; " : "", title);
}

static int derive_one(void *arg, const storage_standard *st)
{
    derive_state *d = arg;
    json_t *jobs = json_loads(st->typical_job_titles, 0, NULL);
    json_t *roles = json_loads(st->job_roles, 0, NULL);
    coder_options opts = {1, CODER_METHOD_NONE, 0};
    soc_tally socs[DERIVE_TITLES_MAX];
    storage_derived_soc out[DERIVE_TITLES_MAX];
    title_set t = {{0}, 0};
    size_t nsocs = 0, coded = 0;
    int rc;

    add_title(&t, st->title);
    add_json_titles(&t, jobs);
    add_json_titles(&t, roles);
    for (size_t i = 0; i < t.n; i++) {
        coder_result res;
        /* a title the coder refuses (too long, bad UTF-8) is just not evidence */
        if (coder_code(d->ctx, t.titles[i], st->overview, &opts, &res) < 0 || res.n == 0 ||
            res.cand[0].confidence < DERIVE_MIN_CONFIDENCE)
            continue;
        tally(socs, &nsocs, &res.cand[0], t.titles[i]);
        coded++;
    }
    for (size_t i = 0; i < nsocs; i++) {
        out[i] = socs[i].soc;
        out[i].share = (double)socs[i].count / (double)coded;
        out[i].confidence = (int)(socs[i].confidence_sum / (long)socs[i].count);
        out[i].evidence = socs[i].evidence.data ? socs[i].evidence.data : "";
    }
    rc = storage_set_derived(d->s, st->lars_code, out, nsocs, d->version);
    for (size_t i = 0; i < nsocs; i++)
        common_buf_free(&socs[i].evidence);
    json_decref(jobs);
    json_decref(roles);
    d->standards++;
    d->mappings += nsocs;
    return rc;
}

int storage_derive_standards(storage *s, const struct coder *cd, size_t *standards,
                             size_t *mappings)
{
    derive_state d = {NULL, cd, s, "", 0, 0};
    const char *model = coder_model_version(cd);
    int rc;

    *standards = *mappings = 0;
    snprintf(d.version, sizeof(d.version), "coder %s%s%s", coder_index_version(cd),
             model ? " + " : "", model ? model : "");
    if ((rc = coder_ctx_new(cd, &d.ctx)) < 0)
        return rc;
    rc = storage_standards_each(s, derive_one, &d);
    coder_ctx_free(d.ctx);
    *standards = d.standards;
    *mappings = d.mappings;
    return rc;
}
