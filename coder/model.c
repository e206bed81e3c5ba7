/* model.c - load and save the classifier side of the coder. */
#include "model.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODEL_META_MAX (1u << 20)

static int parse_meta(model_t *m, char *text, const char *path)
{
    size_t line = 0;
    for (char *s = strtok(text, "\n"); s; s = strtok(NULL, "\n")) {
        line++;
        if (line == 1) {
            char want[64];
            snprintf(want, sizeof(want), "%s\t%d", MODEL_MAGIC, MODEL_FORMAT);
            if (strcmp(s, want))
                return common_error(COMMON_EFORMAT, "%s:1: not a coder model of format %d; "
                                    "retrain with 'vacancyctl model train'", path, MODEL_FORMAT);
        } else if (s[0] == 'C' && s[1] == '\t') {
            char *p = s + 2;
            for (int k = 0; k <= NFEATURES; k++) {
                char *end;
                m->weights[k] = strtof(p, &end);
                if (end == p)
                    return common_error(COMMON_EFORMAT, "%s:%zu: %d calibration weights "
                                        "expected", path, line, NFEATURES + 1);
                p = end;
            }
            m->calibrated = true;
        } else if (s[0] == 'R' && s[1] == '\t') {
            int code = atoi(s + 2);
            const char *to = strchr(s + 2, '\t');
            if (code <= 0 || code > 9999 || !to || strlen(to + 1) != 4)
                return common_error(COMMON_EFORMAT, "%s:%zu: bad SOC 2010 mapping", path, line);
            memcpy(m->soc2010_of[code], to + 1, 5);
        }
    }
    return 0;
}

int model_load(model_t *m, const char *dir)
{
    memset(m, 0, sizeof(*m));
    common_buf meta = COMMON_BUF_INIT, path = COMMON_BUF_INIT;
    int rc = common_buf_printf(&meta, "%s/%s", dir, MODEL_META);
    if (!rc && access(meta.data, F_OK) != 0) {
        common_buf_free(&meta);
        return COMMON_ENOTFOUND;
    }
    char *metapath = common_buf_detach(&meta);
    if (!metapath)
        return COMMON_ENOMEM;
    rc = common_read_file(metapath, MODEL_META_MAX, &meta);
    if (!rc)
        rc = parse_meta(m, meta.data, metapath);
    if (!rc)
        rc = common_buf_printf(&path, "%s/%s", dir, MODEL_FILE);
    if (!rc)
        rc = classifier_open(&m->cl, path.data);
    common_buf_free(&meta);
    common_buf_free(&path);
    free(metapath);
    if (rc)
        model_free(m);
    return rc;
}

void model_free(model_t *m)
{
    classifier_close(m->cl);
    m->cl = NULL;
}

int model_write_meta(const char *dir, const char *index_version, const model_t *m)
{
    common_buf path = COMMON_BUF_INIT;
    if (common_buf_printf(&path, "%s/%s", dir, MODEL_META))
        return COMMON_ENOMEM;
    FILE *f = fopen(path.data, "w");
    if (!f) {
        int rc = common_error(COMMON_EIO, "%s: cannot write: %s", path.data, strerror(errno));
        common_buf_free(&path);
        return rc;
    }
    fprintf(f, "%s\t%d\n#model_file\t%s\n#index_version\t%s\n", MODEL_MAGIC, MODEL_FORMAT,
            MODEL_FILE, index_version);
    if (m->calibrated) {
        fputs("C", f);
        for (int k = 0; k <= NFEATURES; k++)
            fprintf(f, "\t%.6g", m->weights[k]);
        fputc('\n', f);
    }
    for (int code = 1; code < 10000; code++)
        if (m->soc2010_of[code][0])
            fprintf(f, "R\t%04d\t%s\n", code, m->soc2010_of[code]);
    int rc = fclose(f) ? common_error(COMMON_EIO, "%s: write failed", path.data) : 0;
    common_buf_free(&path);
    return rc;
}

/* "1115: Chief executives..." -> 1115, or 0. */
static int leading_code(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return s[4] == ':' ? atoi(s) : 0;
}

int model_read_relationship(const char *path, model_t *m)
{
    common_csv *csv;
    int rc = common_csv_open(&csv, path);
    if (rc)
        return rc;
    float *best = common_calloc(10000, sizeof(*best));
    size_t n, mapped = 0;
    const char **f;
    int from = 0;
    double men = 0, women = 0;
    while (best && (rc = common_csv_next(csv, &n, &f)) == 1) {
        if (n < 10)
            continue; /* header and notes */
        if (leading_code(f[0]) && !strcmp(f[1], "Total sample")) {
            /* Census bases of SOC 2010 code f[0]: people the shares apply to. */
            from = leading_code(f[0]);
            men = atof(f[4]);
            women = atof(f[8]);
        } else if (from && !f[0][0] && leading_code(f[1])) {
            int to = leading_code(f[1]);
            float people = (float)(men * atof(f[5]) + women * atof(f[9]));
            if (people > best[to]) {
                mapped += best[to] == 0;
                best[to] = people;
                snprintf(m->soc2010_of[to], 5, "%04d", from);
            }
        }
    }
    if (!best)
        rc = COMMON_ENOMEM;
    else if (rc == 0 && mapped == 0)
        rc = common_error(COMMON_EFORMAT, "%s: no SOC 2010 -> 2020 rows found", path);
    free(best);
    common_csv_close(csv);
    return rc < 0 ? rc : 0;
}
