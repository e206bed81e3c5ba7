/* bench.c - shared benchmark helpers: timing, memory, index splits. */
#include "bench.h"
#include "common/common.h"

#include <ctype.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double bench_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static void die(const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, common_last_error());
    exit(1);
}

void bench_index_load(bench_index *bi, const char *path)
{
    memset(bi, 0, sizeof(*bi));
    common_csv *csv;
    if (common_csv_open(&csv, path))
        die("open index");
    size_t n, cap = 0;
    const char **f;
    int rc;
    while ((rc = common_csv_next(csv, &n, &f)) == 1) {
        char **copy = malloc(n * sizeof(*copy));
        for (size_t i = 0; i < n; i++)
            copy[i] = strdup(f[i]);
        if (!bi->header) {
            bi->header = copy;
            bi->nheader = n;
            continue;
        }
        if (bi->nrows == cap) {
            cap = cap ? cap * 2 : 32768;
            bi->rows = realloc(bi->rows, cap * sizeof(*bi->rows));
        }
        bi->rows[bi->nrows++] = (bench_row){copy, n};
    }
    if (rc < 0)
        die("read index");
    common_csv_close(csv);
    const char **h = (const char **)bi->header;
    bi->col_soc = common_csv_column(bi->nheader, h, "SOC_2020");
    bi->col_title = common_csv_column(bi->nheader, h, "INDEXOCC_-_natural_word_order");
    bi->col_add = common_csv_column(bi->nheader, h, "ADD");
    bi->col_ind = common_csv_column(bi->nheader, h, "IND");
    if (bi->col_soc < 0 || bi->col_title < 0 || bi->col_add < 0 || bi->col_ind < 0) {
        fprintf(stderr, "bench: %s: not a SOC 2020 coding index\n", path);
        exit(1);
    }
}

static void free_fields(char **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

void bench_index_free(bench_index *bi)
{
    free_fields(bi->header, bi->nheader);
    for (size_t i = 0; i < bi->nrows; i++)
        free_fields(bi->rows[i].fields, bi->rows[i].nfields);
    free(bi->rows);
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_row(FILE *f, char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_field(f, fields[i]);
    }
    fputc('\n', f);
}

void bench_index_write(const bench_index *bi, const bool *keep, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    csv_row(f, bi->header, bi->nheader);
    for (size_t i = 0; i < bi->nrows; i++)
        if (keep[i])
            csv_row(f, bi->rows[i].fields, bi->rows[i].nfields);
    fclose(f);
}

static void lower_key(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        out[o++] = (char)tolower((unsigned char)*s);
    out[o] = '\0';
}

size_t bench_split(const bench_index *bi, unsigned seed, double share, bool *held)
{
    /* Title -> the one SOC it has, or "*" when it has several. */
    common_strmap *title_id = common_strmap_new(bi->nrows);
    char **soc_of = calloc(bi->nrows, sizeof(*soc_of));
    size_t ntitles = 0, nheld = 0;
    int64_t *row_title = malloc(bi->nrows * sizeof(*row_title));
    char key[1024];
    for (size_t i = 0; i < bi->nrows; i++) {
        const char *soc = bi->rows[i].fields[bi->col_soc];
        row_title[i] = -1;
        if (!isdigit((unsigned char)soc[0]))
            continue; /* cross-reference rows */
        lower_key(bi->rows[i].fields[bi->col_title], key, sizeof(key));
        int64_t id = common_strmap_put(title_id, key, strlen(key), (int64_t)ntitles);
        if (id == (int64_t)ntitles)
            soc_of[ntitles++] = strdup(soc);
        else if (strcmp(soc_of[id], soc))
            soc_of[id][0] = '*';
        row_title[i] = id;
    }
    bool *title_held = calloc(ntitles, sizeof(*title_held));
    for (size_t t = 0; t < ntitles; t++) {
        if (soc_of[t][0] == '*')
            continue;
        uint64_t h = common_hash(&t, sizeof(t)) ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL);
        h = common_hash(&h, sizeof(h));
        if ((double)(h % 1000000) / 1e6 < share) {
            title_held[t] = true;
            nheld++;
        }
    }
    for (size_t i = 0; i < bi->nrows; i++)
        held[i] = row_title[i] >= 0 && title_held[row_title[i]];
    for (size_t t = 0; t < ntitles; t++)
        free(soc_of[t]);
    free(soc_of);
    free(title_held);
    free(row_title);
    common_strmap_free(title_id);
    return nheld;
}

char *bench_default_index(void)
{
    char *pattern = common_data_path(NULL, "soc/soc2020_coding_index_*.csv");
    glob_t g;
    char *found = NULL;
    if (pattern && glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
        found = strdup(g.gl_pathv[g.gl_pathc - 1]);
        globfree(&g);
    }
    if (!found) {
        fprintf(stderr, "bench: no coding index under $%s (%s)\n", COMMON_DATA_DIR_ENV,
                pattern ? pattern : "?");
        exit(1);
    }
    free(pattern);
    return found;
}

char *bench_tempdir(void)
{
    char tmpl[] = "/tmp/vh_bench_XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(1);
    }
    return strdup(tmpl);
}

void bench_rmdir(const char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
}
