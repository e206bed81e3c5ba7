/* train.c - train the classifier and calibrate the combined coder.
 *
 * Training text is everything the reference data says about each unit
 * group, normalised exactly as advert titles are before prediction: every
 * coding-index title (and again with its qualifiers), the Volume 1 group
 * titles, related job titles, tasks and descriptions, and copies of index
 * titles dressed the way adverts dress them (seniority, places, typos,
 * grades). Confidence is calibrated on titles held out of both the index
 * and a first model; the final model then learns from everything. */
#include "internal.h"
#include "source.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TRAIN_SEED 20250416u   /* dressing and shuffling */
#define CALIBRATION_SEED 7u    /* which titles calibration holds out */
#define CALIBRATION_SHARE 0.10
#define CALIBRATION_INDEX_SAMPLE 3000 /* in-index titles, dressed, also scored */
#define DRESSED_COPIES 2
#define LABEL "__label__"
#define CORPUS_LINES 65536 /* first allocation: about 110,000 lines from v12 */

typedef struct {
    char **lines;
    size_t n, cap;
    uint64_t rng;
} corpus;

static uint64_t next_random(uint64_t *s) /* xorshift64: reproducible */
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int add_line(corpus *c, const char *soc, const char *text)
{
    if (!*text)
        return 0;
    if (common_grow(&c->lines, &c->cap, c->n, sizeof(*c->lines), CORPUS_LINES))
        return COMMON_ENOMEM;
    common_buf b = COMMON_BUF_INIT;
    if (common_buf_printf(&b, LABEL "%s %s", soc, text)) {
        common_buf_free(&b);
        return COMMON_ENOMEM;
    }
    c->lines[c->n++] = common_buf_detach(&b);
    return 0;
}

/* A title as the classifier will see it; "" when nothing is left. */
static void normalised(const char *title, common_buf *out)
{
    common_buf_clear(out);
    if (coder_normalise(title, out) != 0)
        common_buf_clear(out);
}

static void append_words(const char *w, size_t len, void *arg)
{
    common_buf *b = arg;
    if (b->len)
        common_buf_putc(b, ' ');
    common_buf_append(b, w, len);
}

/* ---- dressing --------------------------------------------------------------- */

static const char *const seniority[] = {"Senior", "Junior", "Trainee", "Lead", "Principal",
                                        "Graduate", "Apprentice", "Assistant"};
static const char *const places[] = {"Leeds", "Bristol", "Manchester", "Birmingham",
                                     "Glasgow", "Cardiff", "Norwich", "Wednesbury", "Exeter",
                                     "Milton Keynes", "Aberdeen", "Belfast"};

typedef struct {
    const char *prefix; /* SOC codes starting so */
    const char *grades[6];
} grade_family;

/* Pay grades adverts name, by the unit groups that use them. */
static const grade_family grade_families[] = {
    {"223", {"Band 5", "Band 6", "Band 7", "Band 8a", NULL}},
    {"222", {"Band 5", "Band 6", "Band 7", NULL}},
    {"221", {"ST3", "F1", "FY2", "CT1", "Specialty Registrar", NULL}},
    {"6131", {"Band 2", "Band 3", "Band 4", NULL}},
    {"321", {"Band 4", "Band 5", "Band 6", NULL}},
    {"231", {"MPS", "UPS", "TLR", "M1-U3", NULL}},
    {"411", {"AO", "EO", "HEO", "AA", NULL}},
    {"243", {"HEO", "SEO", "Grade 7", "Grade 6", NULL}},
    {"3560", {"HEO", "SEO", "Grade 7", NULL}},
};

static void swap_letters(char *s, uint64_t *rng)
{
    size_t len = strlen(s);
    if (len < 6)
        return;
    size_t i = 1 + next_random(rng) % (len - 3);
    if (s[i] == ' ' || s[i + 1] == ' ')
        return;
    char t = s[i];
    s[i] = s[i + 1];
    s[i + 1] = t;
}

/* Dress an index title the way adverts do. */
static void dress(const char *title, const char *soc, uint64_t *rng, common_buf *out)
{
    char t[CODER_TITLE_MAX];
    snprintf(t, sizeof(t), "%s", title);
    if (next_random(rng) % 100 < 15)
        swap_letters(t, rng);
    common_buf_clear(out);
    if (next_random(rng) % 100 < 30)
        common_buf_printf(out, "%s ", seniority[next_random(rng) % 8]);
    common_buf_puts(out, t);
    for (size_t f = 0; f < sizeof(grade_families) / sizeof(grade_families[0]); f++) {
        const grade_family *g = &grade_families[f];
        if (strncmp(soc, g->prefix, strlen(g->prefix)) || next_random(rng) % 100 >= 50)
            continue;
        size_t n = 0;
        while (g->grades[n])
            n++;
        common_buf_printf(out, " - %s", g->grades[next_random(rng) % n]);
        break;
    }
    if (next_random(rng) % 100 < 25)
        common_buf_printf(out, " - %s", places[next_random(rng) % 12]);
}

/* ---- the corpus ---------------------------------------------------------------- */

typedef struct {
    corpus *c;
    const bare_titles *bare;
    common_buf text, dressed, qual;
} row_writer;

/* An index row teaches its title with its qualifiers, and, when its code
 * is the one the title has unqualified (bare.c), the bare title too; the
 * dressed copies dress what it teaches. An unqualified row with another
 * code (ONS lists a few titles twice) teaches nothing. */
static int index_lines(const source_row *r, void *arg)
{
    row_writer *w = arg;
    normalised(r->title, &w->text);
    if (!w->text.len)
        return 0;
    bool bare = bare_titles_teaches(w->bare, w->text.data, r->soc2020);
    bool qualified = *r->add || *r->ind;
    int rc = bare ? add_line(w->c, r->soc2020, w->text.data) : 0;
    if (!rc && qualified) {
        common_buf_clear(&w->qual);
        common_buf_puts(&w->qual, w->text.data);
        norm_words(r->add, strlen(r->add), append_words, &w->qual);
        norm_words(r->ind, strlen(r->ind), append_words, &w->qual);
        rc = add_line(w->c, r->soc2020, w->qual.data);
    }
    const char *taught = bare ? r->title : qualified ? w->qual.data : NULL;
    for (int k = 0; !rc && taught && k < DRESSED_COPIES; k++) {
        dress(taught, r->soc2020, &w->c->rng, &w->dressed);
        normalised(w->dressed.data, &w->text);
        rc = add_line(w->c, r->soc2020, w->text.data ? w->text.data : "");
    }
    return rc;
}

/* One cell of Volume 1 holds several "~"-prefixed lines: tasks, titles. */
static int tilde_lines(corpus *c, const char *soc, const char *cell, bool titles,
                       common_buf *text)
{
    char item[CODER_TITLE_MAX];
    for (const char *p = cell; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (*p == '~' || *p == ' '))
            p++, n--;
        if (n && n < sizeof(item)) {
            memcpy(item, p, n);
            item[n] = '\0';
            common_buf_clear(text);
            if (titles)
                normalised(item, text);
            else
                norm_words(item, n, append_words, text);
            int rc = add_line(c, soc, text->data ? text->data : "");
            if (rc)
                return rc;
        }
        p += n + (e ? 1 : 0);
    }
    return 0;
}

static int find_column(size_t n, const char **f, const char *part)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(f[i], part))
            return (int)i;
    return -1;
}

/* Volume 1: group titles, related job titles, tasks and descriptions. */
static int description_lines(corpus *c, const char *path)
{
    common_csv *csv;
    int rc = common_csv_open(&csv, path);
    if (rc)
        return rc;
    size_t n;
    const char **f;
    int col[5] = {-1, -1, -1, -1, -1};
    static const char *const names[5] = {"Unit Group", "Group Title", "Group  Description",
                                         "Tasks", "Related Job Titles"};
    common_buf text = COMMON_BUF_INIT;
    if ((rc = common_csv_next(csv, &n, &f)) == 1)
        for (int k = 0; k < 5; k++)
            if ((col[k] = find_column(n, f, names[k])) < 0)
                rc = common_error(COMMON_EFORMAT, "%s:1: no column \"%s\"", path, names[k]);
    while (rc == 1 && (rc = common_csv_next(csv, &n, &f)) == 1) {
        if ((size_t)col[4] >= n || strlen(f[col[0]]) != 4)
            continue; /* major, sub-major and minor groups */
        const char *soc = f[col[0]];
        normalised(f[col[1]], &text);
        int r = add_line(c, soc, text.data ? text.data : "");
        if (!r)
            r = tilde_lines(c, soc, f[col[4]], true, &text);
        if (!r)
            r = tilde_lines(c, soc, f[col[3]], false, &text);
        if (!r) {
            common_buf_clear(&text);
            norm_words(f[col[2]], strlen(f[col[2]]), append_words, &text);
            r = add_line(c, soc, text.data ? text.data : "");
        }
        if (r)
            rc = r;
    }
    common_buf_free(&text);
    common_csv_close(csv);
    return rc < 0 ? rc : 0;
}

static int write_corpus(corpus *c, const char *path)
{
    for (size_t i = c->n; i > 1; i--) { /* Fisher-Yates: SGD wants no order */
        size_t j = next_random(&c->rng) % i;
        char *t = c->lines[i - 1];
        c->lines[i - 1] = c->lines[j];
        c->lines[j] = t;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return common_error(COMMON_EIO, "%s: cannot write: %s", path, strerror(errno));
    for (size_t i = 0; i < c->n; i++)
        fprintf(f, "%s\n", c->lines[i]);
    return fclose(f) ? common_error(COMMON_EIO, "%s: write failed", path) : 0;
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i]);
    free(c->lines);
}

/* Write the training text for an index (and Volume 1, if given). */
static int training_text(const char *index_csv, const char *descriptions, const char *out)
{
    corpus c = {.rng = TRAIN_SEED};
    row_writer w = {.c = &c};
    bare_titles *bare;
    int rc = bare_titles_read(index_csv, &bare);
    if (rc)
        return rc;
    w.bare = bare;
    rc = source_read(index_csv, index_lines, NULL, &w);
    if (!rc && descriptions)
        rc = description_lines(&c, descriptions);
    if (!rc)
        rc = write_corpus(&c, out);
    common_buf_free(&w.text);
    common_buf_free(&w.dressed);
    common_buf_free(&w.qual);
    bare_titles_free(bare);
    corpus_free(&c);
    return rc;
}

/* ---- training and calibration -------------------------------------------------- */

typedef struct {
    float (*x)[NFEATURES];
    bool *y;
    size_t n, cap;
} samples;

static int add_sample(samples *s, coder_ctx *ctx, const char *title, const char *truth)
{
    coder_result r;
    coder_options o = {.top = 1, .method = CODER_METHOD_COMBINED};
    if (coder_code(ctx, title, NULL, &o, &r) != 0 || r.n == 0 || ctx->ncand == 0)
        return 0; /* nothing to calibrate: such titles are never coded */
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        float (*x)[NFEATURES] = common_realloc(s->x, cap * sizeof(*x));
        if (x)
            s->x = x;
        bool *y = x ? common_realloc(s->y, cap * sizeof(*y)) : NULL;
        if (!y)
            return COMMON_ENOMEM;
        s->y = y;
        s->cap = cap;
    }
    memcpy(s->x[s->n], ctx->cand[0].f, sizeof(s->x[0]));
    s->y[s->n++] = !strcmp(r.cand[0].soc2020, truth);
    return 0;
}

typedef struct {
    samples *s;
    coder_ctx *ctx;
    uint64_t rng;
    size_t seen;
    common_buf dressed;
    int rc;
} index_sampler;

/* Titles the index holds, dressed: the exact-match regime of real adverts. */
static int sample_index_row(const source_row *r, void *arg)
{
    index_sampler *is = arg;
    if (next_random(&is->rng) % 10 != 0 || is->seen >= CALIBRATION_INDEX_SAMPLE)
        return 0;
    is->seen++;
    dress(r->title, r->soc2020, &is->rng, &is->dressed);
    return add_sample(is->s, is->ctx, is->dressed.data, r->soc2020);
}

static int held_out_samples(samples *s, coder_ctx *ctx, const char *held_tsv)
{
    FILE *f = fopen(held_tsv, "r");
    if (!f)
        return common_error(COMMON_EIO, "%s: cannot open", held_tsv);
    char line[CODER_TITLE_MAX + 16];
    int rc = 0;
    while (!rc && fgets(line, sizeof(line), f)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        tab[1 + strcspn(tab + 1, "\r\n")] = '\0';
        rc = add_sample(s, ctx, line, tab + 1);
    }
    fclose(f);
    return rc;
}

/* Fit the calibration with a coder built from part of the index. */
static int calibrate(const char *dir, const char *cal_csv, const char *held_tsv, model_t *m)
{
    coder *c;
    coder_ctx *ctx = NULL;
    int rc = coder_open(&c, dir);
    if (rc)
        return rc;
    samples s = {0};
    index_sampler is = {.s = &s, .rng = CALIBRATION_SEED};
    if (!(rc = coder_ctx_new(c, &ctx))) {
        is.ctx = ctx;
        rc = held_out_samples(&s, ctx, held_tsv);
    }
    if (!rc)
        rc = source_read(cal_csv, sample_index_row, NULL, &is);
    if (!rc) {
        calibrate_fit((const float (*)[NFEATURES])s.x, s.y, s.n, m->weights);
        m->calibrated = true;
    }
    common_buf_free(&is.dressed);
    free(s.x);
    free(s.y);
    coder_ctx_free(ctx);
    coder_close(c);
    return rc;
}

/* Build the index and train the classifier into dir (model.tsv apart). */
static int train_model(const char *index_csv, const char *descriptions, const char *dir,
                       const char *index_version, const coder_train_options *o, bool progress)
{
    coder_build_options bo = {.index_version = index_version};
    common_buf text = COMMON_BUF_INIT, model = COMMON_BUF_INIT;
    int rc = coder_build(index_csv, dir, &bo);
    if (!rc)
        rc = common_buf_printf(&text, "%s/model-train.txt", dir);
    if (!rc)
        rc = common_buf_printf(&model, "%s/%s", dir, MODEL_FILE);
    if (!rc)
        rc = training_text(index_csv, descriptions, text.data);
    if (!rc) {
        classifier_params p;
        classifier_params_default(&p);
        if (o && o->epoch)
            p.epoch = o->epoch;
        p.progress = progress;
        rc = classifier_train(text.data, model.data, &p);
    }
    if (text.data)
        remove(text.data);
    common_buf_free(&text);
    common_buf_free(&model);
    return rc;
}

static void remove_tree(const char *dir, const char *const *files, size_t n)
{
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

/* The calibration side: a model and index without the held-out titles,
 * then the fit. Runs on its own thread beside the final model's training. */
typedef struct {
    const char *cal_dir, *cal_csv, *held, *descriptions, *version;
    const coder_train_options *o;
    model_t *m;
    int rc;
    char error[COMMON_ERROR_MAX];
} calibration_job;

static void *run_calibration(void *arg)
{
    calibration_job *j = arg;
    j->rc = train_model(j->cal_csv, j->descriptions, j->cal_dir, j->version, j->o, false);
    if (!j->rc)
        j->rc = model_write_meta(j->cal_dir, j->version, j->m); /* uncalibrated */
    if (!j->rc)
        j->rc = calibrate(j->cal_dir, j->cal_csv, j->held, j->m);
    if (j->rc) /* error messages are per thread: carry it home */
        snprintf(j->error, sizeof(j->error), "%s", common_last_error());
    return NULL;
}

/* Both models train at once, one per core; each alone is deterministic. */
static int train_both(calibration_job *job, const char *index_csv, const char *out_dir)
{
    pthread_t tid;
    bool threaded = pthread_create(&tid, NULL, run_calibration, job) == 0;
    if (!threaded)
        run_calibration(job);
    bool progress = job->o && job->o->progress;
    int rc = train_model(index_csv, job->descriptions, out_dir, job->version, job->o, progress);
    if (threaded)
        pthread_join(tid, NULL);
    if (!rc && job->rc)
        rc = common_error(job->rc, "calibration: %s", job->error);
    if (!rc)
        rc = model_write_meta(out_dir, job->version, job->m);
    return rc;
}

int coder_train(const char *index_csv, const char *out_dir, const coder_train_options *o)
{
    char version[SOURCE_VERSION_MAX];
    int rc = source_version(index_csv, o ? o->index_version : NULL, version);
    if (rc)
        return rc;
    model_t *m = common_calloc(1, sizeof(*m));
    if (!m)
        return COMMON_ENOMEM;
    const char *descriptions = o ? o->descriptions : NULL;
    rc = o && o->relationship ? model_read_relationship(o->relationship, m) : 0;
    common_buf cal = COMMON_BUF_INIT, cal_csv = COMMON_BUF_INIT, held = COMMON_BUF_INIT;
    if (!rc)
        rc = common_mkdirs(out_dir);
    if (!rc && (common_buf_printf(&cal, "%s/calibration", out_dir) ||
                common_buf_printf(&cal_csv, "%s/calibration-index.csv", out_dir) ||
                common_buf_printf(&held, "%s/calibration-held.tsv", out_dir)))
        rc = COMMON_ENOMEM;
    size_t nheld;
    if (!rc)
        rc = coder_split_index(index_csv, CALIBRATION_SEED, CALIBRATION_SHARE, cal_csv.data,
                               held.data, &nheld);
    if (!rc && o && o->progress)
        fprintf(stderr, "training the final model, and beside it a calibration model "
                        "with %zu titles held out\n", nheld);
    if (!rc) {
        calibration_job job = {cal.data, cal_csv.data, held.data, descriptions, version, o, m,
                               0, ""};
        rc = train_both(&job, index_csv, out_dir);
    }
    static const char *const cal_files[] = {INDEX_FILE, MODEL_FILE, MODEL_FILE ".sum",
                                            MODEL_META};
    if (cal.data)
        remove_tree(cal.data, cal_files, sizeof(cal_files) / sizeof(cal_files[0]));
    if (cal_csv.data)
        remove(cal_csv.data);
    if (held.data)
        remove(held.data);
    common_buf_free(&cal);
    common_buf_free(&cal_csv);
    common_buf_free(&held);
    free(m);
    return rc;
}
