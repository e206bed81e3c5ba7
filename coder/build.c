/* build.c - turn an ONS coding-index CSV into the coder's index artefact.
 *
 * The artefact is a small TSV: a header naming the format and the index
 * version, the spelling cross-references, one line per codable entry and
 * the unit-group titles. It keeps only what coding needs, in a form that
 * loads fast and that an operator can read. */
#include "index.h"
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SOC_CODES 10000

typedef struct {
    common_buf synonyms, entries;
    char *soc_titles[SOC_CODES];
    size_t count;
} artefact;

/* Tabs and newlines would break the TSV; ONS text has a few newlines. */
static void put_field(common_buf *b, const char *s)
{
    for (; *s; s++)
        common_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int on_row(const source_row *r, void *arg)
{
    artefact *a = arg;
    common_buf *b = &a->entries;
    common_buf_printf(b, "E\t%s\t%s\t%s\t%.1s\t", r->soc2020, r->soc2010, r->isco08, r->dflag);
    put_field(b, r->title);
    common_buf_putc(b, '\t');
    put_field(b, r->add);
    common_buf_putc(b, '\t');
    put_field(b, r->ind);
    if (common_buf_putc(b, '\n'))
        return COMMON_ENOMEM;
    int code = atoi(r->soc2020);
    if (!a->soc_titles[code] && *r->soc_title && !(a->soc_titles[code] = common_strdup(r->soc_title)))
        return COMMON_ENOMEM;
    a->count++;
    return 0;
}

static int on_see(const char *title, const char *target, const char *qualifier, void *arg)
{
    artefact *a = arg;
    return common_buf_printf(&a->synonyms, "S\t%s\t%s\t%s\n", title, target, qualifier);
}

static int write_artefact(const artefact *a, const char *path, const char *version,
                          const char *source)
{
    common_buf tmp = COMMON_BUF_INIT;
    if (common_buf_printf(&tmp, "%s.tmp", path))
        return COMMON_ENOMEM;
    FILE *out = fopen(tmp.data, "w");
    if (!out) {
        int rc = common_error(COMMON_EIO, "%s: cannot write: %s", tmp.data, strerror(errno));
        common_buf_free(&tmp);
        return rc;
    }
    time_t now = time(NULL);
    char when[32];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    fprintf(out, "%s\t%d\n#index_version\t%s\n#source\t%s\n#built\t%s\n", INDEX_MAGIC,
            INDEX_FORMAT, version, source, when);
    fwrite(a->synonyms.data ? a->synonyms.data : "", 1, a->synonyms.len, out);
    fwrite(a->entries.data, 1, a->entries.len, out);
    for (int code = 0; code < SOC_CODES; code++)
        if (a->soc_titles[code])
            fprintf(out, "U\t%04d\t%s\n", code, a->soc_titles[code]);
    int rc = 0;
    if (fclose(out) != 0)
        rc = common_error(COMMON_EIO, "%s: write failed: %s", tmp.data, strerror(errno));
    else if (rename(tmp.data, path) != 0)
        rc = common_error(COMMON_EIO, "%s: cannot rename into place: %s", path, strerror(errno));
    if (rc)
        remove(tmp.data);
    common_buf_free(&tmp);
    return rc;
}

int coder_build(const char *index_csv, const char *out_dir, const coder_build_options *opts)
{
    char version[SOURCE_VERSION_MAX];
    int rc = source_version(index_csv, opts ? opts->index_version : NULL, version);
    if (rc)
        return rc;
    artefact *a = common_calloc(1, sizeof(*a));
    if (!a)
        return COMMON_ENOMEM;
    common_buf path = COMMON_BUF_INIT;
    rc = source_read(index_csv, on_row, on_see, a);
    if (!rc && a->count == 0)
        rc = common_error(COMMON_EFORMAT, "%s: no codable entries", index_csv);
    if (!rc)
        rc = common_mkdirs(out_dir);
    if (!rc)
        rc = common_buf_printf(&path, "%s/%s", out_dir, INDEX_FILE);
    if (!rc)
        rc = write_artefact(a, path.data, version, index_csv);
    for (int code = 0; code < SOC_CODES; code++)
        free(a->soc_titles[code]);
    common_buf_free(&a->synonyms);
    common_buf_free(&a->entries);
    common_buf_free(&path);
    free(a);
    return rc;
}
