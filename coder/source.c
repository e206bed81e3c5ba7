/* source.c - read the ONS coding index: validated rows and cross-references. */
#include "source.h"
#include "common/common.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum { COL_SOC2020, COL_SOC2010, COL_ISCO, COL_D, COL_TITLE, COL_ADD, COL_IND,
       COL_SOC_TITLE, NCOLS, COL_SEE = NCOLS, NALLCOLS };

/* Required columns, then optional ones. */
static const char *const column_names[NALLCOLS] = {
    "SOC_2020", "SOC_2010", "ISCO-08 code based on SOC2020", "D",
    "INDEXOCC_-_natural_word_order", "ADD", "IND", "SOC2020_unit_group_title", "SEE",
};

#define CROSS_REFERENCE "}}}}"

static bool is_code(const char *s)
{
    if (strlen(s) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

int source_version(const char *path, const char *given, char out[SOURCE_VERSION_MAX])
{
    if (given) {
        snprintf(out, SOURCE_VERSION_MAX, "%s", given);
        return 0;
    }
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
        snprintf(out, SOURCE_VERSION_MAX, "v%.*s %.8s", (int)(q - p - 1), p + 1, q + 1);
        return 0;
    }
    return common_error(COMMON_EINVAL, "%s: no index version in the file name (like "
                        "_v12_16042025); give one with --index-version", path);
}

static int find_columns(common_csv *csv, int cols[NALLCOLS])
{
    size_t n;
    const char **fields;
    int rc = common_csv_next(csv, &n, &fields);
    if (rc <= 0)
        return rc ? rc : common_error(COMMON_EFORMAT, "%s: empty file", common_csv_path(csv));
    for (int c = 0; c < NALLCOLS; c++) {
        cols[c] = common_csv_column(n, fields, column_names[c]);
        if (cols[c] < 0 && c < NCOLS)
            return common_error(COMMON_EFORMAT, "%s:1: no column \"%s\" in the header",
                                common_csv_path(csv), column_names[c]);
    }
    return 0;
}

#define SEE_TARGET_MAX 256 /* longer cross-reference targets are not read */

/* Copy s[0..n) without surrounding spaces; false when it does not fit. */
static bool trimmed(const char *s, size_t n, char out[SEE_TARGET_MAX])
{
    while (n && *s == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    if (n >= SEE_TARGET_MAX)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

/* ONS's cross-references: "see Adviser" (a spelling), "see Engineer
 * (professional)", "see also Foreman ( )" (code as that title, with that
 * qualifier or the advert's own context). "see notes" points at prose. */
static int see(const char *title, const char *ref, source_see_fn on_see, void *arg)
{
    static const char prefix[] = "see ", also[] = "also ";
    if (!on_see || strncmp(ref, prefix, sizeof(prefix) - 1))
        return 0;
    ref += sizeof(prefix) - 1;
    if (!strncmp(ref, also, sizeof(also) - 1))
        ref += sizeof(also) - 1;
    char target[SEE_TARGET_MAX], qualifier[SEE_TARGET_MAX] = "";
    size_t n = strcspn(ref, "(");
    if (!trimmed(ref, n, target) || !*target || !strcmp(target, "notes"))
        return 0;
    if (ref[n] == '(' && !trimmed(ref + n + 1, strcspn(ref + n + 1, ")"), qualifier))
        return 0;
    return on_see(title, target, qualifier, arg);
}

static int read_rows(common_csv *csv, const int cols[NALLCOLS], source_row_fn on_row,
                     source_see_fn on_see, void *arg)
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
        if (!strcmp(soc, CROSS_REFERENCE)) {
            if (cols[COL_SEE] >= 0 && (size_t)cols[COL_SEE] < n &&
                (rc = see(f[cols[COL_TITLE]], f[cols[COL_SEE]], on_see, arg)))
                return rc;
            continue;
        }
        if (!is_code(soc))
            return common_error(COMMON_EFORMAT, "%s:%zu: SOC_2020 \"%.16s\" is not a 4-digit code",
                                common_csv_path(csv), line, soc);
        if (!*f[cols[COL_TITLE]])
            return common_error(COMMON_EFORMAT, "%s:%zu: empty title", common_csv_path(csv), line);
        source_row row = {
            soc, is_code(f[cols[COL_SOC2010]]) ? f[cols[COL_SOC2010]] : "",
            is_code(f[cols[COL_ISCO]]) ? f[cols[COL_ISCO]] : "", f[cols[COL_D]],
            f[cols[COL_TITLE]], f[cols[COL_ADD]], f[cols[COL_IND]], f[cols[COL_SOC_TITLE]], line};
        if ((rc = on_row(&row, arg)))
            return rc;
    }
    return rc;
}

int source_read(const char *path, source_row_fn on_row, source_see_fn on_see, void *arg)
{
    common_csv *csv;
    int rc = common_csv_open(&csv, path);
    if (rc)
        return rc;
    int cols[NALLCOLS];
    if (!(rc = find_columns(csv, cols)))
        rc = read_rows(csv, cols, on_row, on_see, arg);
    common_csv_close(csv);
    return rc;
}
