/* build.c - turn an ONS coding-index CSV into the coder's artefact.
 *
 * The artefact is a small TSV: a header naming the format and the index
 * version, the unit-group titles, then one line per codable entry. It keeps
 * only what coding needs, in a form that loads fast and that an operator
 * can read. Rows ONS marks as cross-references ("}}}}") carry no code and
 * are skipped; any other row without a 4-digit code is an error naming the
 * file and line. */
#include "index.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { COL_SOC2020, COL_SOC2010, COL_ISCO, COL_D, COL_TITLE, COL_ADD, COL_IND,
       COL_SOC_TITLE, NCOLS };

static const char *const column_names[NCOLS] = {
    "SOC_2020", "SOC_2010", "ISCO-08 code based on SOC2020", "D",
    "INDEXOCC_-_natural_word_order", "ADD", "IND", "SOC2020_unit_group_title",
};

#define CROSS_REFERENCE "}}}}"
#define VERSION_MAX 64

static bool is_code(const char *s)
{
    if (strlen(s) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* "soc2020_coding_index_v12_16042025.csv" -> "v12 16042025". */
static void version_from_name(const char *path, char out[VERSION_MAX])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (const char *p = base; *p; p++) {
        if ((p[0] != 'v' && p[0] != 'V') || !isdigit((unsigned char)p[1]))
            continue;
        const char *q = p + 1;
        while (isdigit((unsigned char)*q))
            q++;
        if (*q != '_' || strspn(q + 1, "0123456789") != 8)
            continue;
        snprintf(out, VERSION_MAX, "v%.*s %.8s", (int)(q - p - 1), p + 1, q + 1);
        return;
    }
    out[0] = '\0';
}

/* Tabs and newlines would break the TSV; ONS text has a few newlines. */
static void put_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static int find_columns(common_csv *csv, int cols[NCOLS])
{
    size_t n;
    const char **fields;
    int rc = common_csv_next(csv, &n, &fields);
    if (rc <= 0)
        return rc ? rc : common_error(COMMON_EFORMAT, "%s: empty file", common_csv_path(csv));
    for (int c = 0; c < NCOLS; c++) {
        cols[c] = common_csv_column(n, fields, column_names[c]);
        if (cols[c] < 0)
            return common_error(COMMON_EFORMAT, "%s:1: no column \"%s\" in the header",
                                common_csv_path(csv), column_names[c]);
    }
    return 0;
}

static int write_entries(common_csv *csv, const int cols[NCOLS], FILE *out, size_t *count,
                         const char *soc_titles[10000])
{
    size_t n;
    const char **f;
    int rc;
    while ((rc = common_csv_next(csv, &n, &f)) == 1) {
        size_t line = common_csv_line(csv);
        for (int c = 0; c < NCOLS; c++)
            if ((size_t)cols[c] >= n)
                return common_error(COMMON_EFORMAT, "%s:%zu: %zu fields, expected at least %d",
                                    common_csv_path(csv), line, n, cols[c] + 1);
        const char *soc = f[cols[COL_SOC2020]];
        if (!strcmp(soc, CROSS_REFERENCE))
            continue;
        if (!is_code(soc))
            return common_error(COMMON_EFORMAT, "%s:%zu: SOC_2020 \"%.16s\" is not a 4-digit code",
                                common_csv_path(csv), line, soc);
        if (!*f[cols[COL_TITLE]])
            return common_error(COMMON_EFORMAT, "%s:%zu: empty title", common_csv_path(csv), line);
        const char *s2010 = is_code(f[cols[COL_SOC2010]]) ? f[cols[COL_SOC2010]] : "";
        const char *isco = is_code(f[cols[COL_ISCO]]) ? f[cols[COL_ISCO]] : "";
        fprintf(out, "E\t%s\t%s\t%s\t%.1s\t", soc, s2010, isco, f[cols[COL_D]]);
        put_field(out, f[cols[COL_TITLE]]);
        fputc('\t', out);
        put_field(out, f[cols[COL_ADD]]);
        fputc('\t', out);
        put_field(out, f[cols[COL_IND]]);
        fputc('\n', out);
        int code = atoi(soc);
        if (!soc_titles[code] && *f[cols[COL_SOC_TITLE]]) {
            soc_titles[code] = strdup(f[cols[COL_SOC_TITLE]]);
            if (!soc_titles[code])
                return common_error(COMMON_ENOMEM, "out of memory");
        }
        (*count)++;
    }
    return rc;
}

int coder_build(const char *index_csv, const char *out_dir, const coder_build_options *opts)
{
    char version[VERSION_MAX];
    if (opts && opts->index_version)
        snprintf(version, sizeof(version), "%s", opts->index_version);
    else
        version_from_name(index_csv, version);
    if (!version[0])
        return common_error(COMMON_EINVAL,
                            "%s: no index version in the file name (like _v12_16042025); "
                            "give one with --index-version",
                            index_csv);

    common_csv *csv;
    int rc = common_csv_open(&csv, index_csv);
    if (rc)
        return rc;
    int cols[NCOLS];
    if ((rc = find_columns(csv, cols))) {
        common_csv_close(csv);
        return rc;
    }
    if ((rc = common_mkdirs(out_dir))) {
        common_csv_close(csv);
        return rc;
    }
    common_buf path = COMMON_BUF_INIT, tmp = COMMON_BUF_INIT;
    FILE *out = NULL;
    const char **soc_titles = calloc(10000, sizeof(*soc_titles));
    if (!soc_titles || common_buf_printf(&path, "%s/%s", out_dir, INDEX_FILE) ||
        common_buf_printf(&tmp, "%s.tmp", path.data)) {
        rc = common_error(COMMON_ENOMEM, "out of memory");
        goto done;
    }
    if (!(out = fopen(tmp.data, "w"))) {
        rc = common_error(COMMON_EIO, "%s: cannot write: %s", tmp.data, strerror(errno));
        goto done;
    }
    time_t now = time(NULL);
    char when[32];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(out, "%s\t%d\n#index_version\t%s\n#source\t%s\n#built\t%s\n", INDEX_MAGIC,
            INDEX_FORMAT, version, index_csv, when);
    size_t count = 0;
    if ((rc = write_entries(csv, cols, out, &count, soc_titles)))
        goto done;
    for (int code = 0; code < 10000; code++) {
        if (!soc_titles[code])
            continue;
        fprintf(out, "U\t%04d\t", code);
        put_field(out, soc_titles[code]);
        fputc('\n', out);
    }
    if (count == 0) {
        rc = common_error(COMMON_EFORMAT, "%s: no codable entries", index_csv);
        goto done;
    }
    if (fclose(out) != 0) {
        out = NULL;
        rc = common_error(COMMON_EIO, "%s: write failed: %s", tmp.data, strerror(errno));
        goto done;
    }
    out = NULL;
    if (rename(tmp.data, path.data) != 0)
        rc = common_error(COMMON_EIO, "%s: cannot rename into place: %s", path.data,
                          strerror(errno));
done:
    if (out) {
        fclose(out);
        remove(tmp.data);
    }
    if (soc_titles)
        for (int code = 0; code < 10000; code++)
            free((char *)soc_titles[code]);
    free(soc_titles);
    common_buf_free(&path);
    common_buf_free(&tmp);
    common_csv_close(csv);
    return rc;
}
