/* csv.c - streaming RFC 4180 reader.
 *
 * Records are assembled into one buffer with NUL-separated fields, so a
 * record costs no allocation once the buffer has grown. Limits on the
 * number of fields and on the record size are explicit: a hostile or
 * broken file fails with its name and line instead of eating memory. */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct common_csv {
    FILE *f;
    char *path;
    size_t line;        /* current physical line */
    size_t record_line; /* where the current record started */
    common_buf rec;
    size_t offsets[COMMON_CSV_MAX_FIELDS];
    const char *fields[COMMON_CSV_MAX_FIELDS];
    bool started;
};

int common_csv_open(common_csv **out, const char *path)
{
    *out = NULL;
    common_csv *c = common_calloc(1, sizeof(*c));
    if (!c)
        return COMMON_ENOMEM;
    c->path = common_strdup(path);
    c->f = fopen(path, "rb");
    if (!c->path || !c->f) {
        int rc = c->path ? common_error(COMMON_EIO, "%s: cannot open: %s", path,
                                        strerror(errno))
                         : COMMON_ENOMEM;
        common_csv_close(c);
        return rc;
    }
    c->line = 1;
    *out = c;
    return 0;
}

void common_csv_close(common_csv *c)
{
    if (!c)
        return;
    if (c->f)
        fclose(c->f);
    free(c->path);
    common_buf_free(&c->rec);
    free(c);
}

size_t common_csv_line(const common_csv *c) { return c->record_line; }
const char *common_csv_path(const common_csv *c) { return c->path; }

static void skip_bom(common_csv *c)
{
    int a = getc(c->f);
    if (a == 0xEF) {
        int b = getc(c->f), d = getc(c->f);
        if (b == 0xBB && d == 0xBF)
            return;
        rewind(c->f); /* not a BOM after all */
        return;
    }
    if (a != EOF)
        ungetc(a, c->f);
}

static int field_end(common_csv *c, size_t *n)
{
    if (*n >= COMMON_CSV_MAX_FIELDS)
        return common_error(COMMON_EFORMAT, "%s:%zu: more than %d fields", c->path,
                            c->record_line, COMMON_CSV_MAX_FIELDS);
    int rc = common_buf_putc(&c->rec, '\0');
    if (rc)
        return rc;
    (*n)++;
    if (*n < COMMON_CSV_MAX_FIELDS)
        c->offsets[*n] = c->rec.len;
    return 0;
}

static int put(common_csv *c, int ch)
{
    if (c->rec.len >= COMMON_CSV_MAX_RECORD)
        return common_error(COMMON_EFORMAT, "%s:%zu: record longer than %u bytes",
                            c->path, c->record_line, COMMON_CSV_MAX_RECORD);
    return common_buf_putc(&c->rec, (char)ch);
}

int common_csv_next(common_csv *c, size_t *nfields, const char ***fields)
{
    if (!c->started) {
        skip_bom(c);
        c->started = true;
    }
    common_buf_clear(&c->rec);
    size_t n = 0;
    c->offsets[0] = 0;
    c->record_line = c->line;
    bool quoted = false, any = false;
    int rc = 0, ch;

    while ((ch = getc(c->f)) != EOF) {
        any = true;
        if (ch == '\n')
            c->line++;
        if (quoted) {
            if (ch == '"') {
                int next = getc(c->f);
                if (next == '"') {
                    rc = put(c, '"');
                } else {
                    quoted = false;
                    if (next != EOF)
                        ungetc(next, c->f);
                }
            } else {
                rc = put(c, ch);
            }
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            rc = field_end(c, &n);
        } else if (ch == '\n') {
            break;
        } else if (ch != '\r') {
            rc = put(c, ch);
        }
        if (rc)
            return rc;
    }
    if (ferror(c->f))
        return common_error(COMMON_EIO, "%s:%zu: read error", c->path, c->line);
    if (!any)
        return 0;
    if (quoted)
        return common_error(COMMON_EFORMAT, "%s:%zu: unterminated quoted field",
                            c->path, c->record_line);
    if ((rc = field_end(c, &n)))
        return rc;
    for (size_t i = 0; i < n; i++)
        c->fields[i] = c->rec.data + c->offsets[i];
    *nfields = n;
    *fields = c->fields;
    return 1;
}

int common_csv_column(size_t nfields, const char **fields, const char *name)
{
    size_t want = strlen(name);
    for (size_t i = 0; i < nfields; i++) {
        const char *f = fields[i];
        size_t len = strlen(f);
        while (len && (f[len - 1] == ' ' || f[len - 1] == '\n'))
            len--;
        while (len && *f == ' ')
            f++, len--;
        if (len == want && memcmp(f, name, len) == 0)
            return (int)i;
    }
    return -1;
}
