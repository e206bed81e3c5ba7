/* output.c - results for people (aligned table), spreadsheets (CSV, RFC
 * 4180) and programs (JSON array of objects, numbers unquoted). */
#include "output.h"

#include <stdlib.h>
#include <string.h>

/* PostgreSQL type OIDs printed as numbers (pg_type.dat). */
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

int storage_format_parse(const char *name, storage_format *out)
{
    static const char *names[] = {"table", "csv", "json"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(name, names[i])) {
            *out = (storage_format)i;
            return 0;
        }
    return common_error(COMMON_EINVAL, "format '%s': expected table, csv or json", name);
}

static bool numeric(const PGresult *r, int col)
{
    Oid t = PQftype(r, col);
    return t == OID_INT8 || t == OID_INT2 || t == OID_INT4 || t == OID_FLOAT4 ||
           t == OID_FLOAT8 || t == OID_NUMERIC;
}

static bool shown(const bool *show, int col)
{
    return !show || show[col];
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* Cell (i, j) as text: SQL NULL prints as empty, as libpq gives it. */
static const char *cell(const output_table *t, int i, int j)
{
    const char *v = t->cells[(size_t)i * (size_t)t->ncols + (size_t)j];
    return v ? v : "";
}

static void print_csv(const output_table *t, const bool *show, FILE *out)
{
    int first = 1;
    for (int j = 0; j < t->ncols; j++)
        if (shown(show, j)) {
            if (!first)
                fputc(',', out);
            csv_field(out, PQfname(t->res, j));
            first = 0;
        }
    fputc('\n', out);
    for (int i = 0; i < t->nrows; i++) {
        first = 1;
        for (int j = 0; j < t->ncols; j++)
            if (shown(show, j)) {
                if (!first)
                    fputc(',', out);
                csv_field(out, cell(t, i, j));
                first = 0;
            }
        fputc('\n', out);
    }
}

static void print_json(const output_table *t, const bool *show, FILE *out)
{
    fputs("[", out);
    for (int i = 0; i < t->nrows; i++) {
        int first = 1;
        fputs(i ? ",\n {" : "\n {", out);
        for (int j = 0; j < t->ncols; j++) {
            if (!shown(show, j))
                continue;
            if (!first)
                fputs(", ", out);
            first = 0;
            json_string(out, PQfname(t->res, j));
            fputs(": ", out);
            if (!t->cells[(size_t)i * (size_t)t->ncols + (size_t)j])
                fputs("null", out);
            else if (numeric(t->res, j))
                fputs(cell(t, i, j), out);
            else
                json_string(out, cell(t, i, j));
        }
        fputs("}", out);
    }
    fputs(t->nrows ? "\n]\n" : "]\n", out);
}

/* Display width in code points, so names with accents still line up. */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static int print_table(const output_table *t, const bool *show, FILE *out)
{
    int nf = t->ncols, nt = t->nrows;
    int *w = common_calloc((size_t)nf + 1, sizeof(int));
    if (!w)
        return COMMON_ENOMEM;
    for (int j = 0; j < nf; j++) {
        w[j] = width(PQfname(t->res, j));
        for (int i = 0; i < nt; i++)
            if (width(cell(t, i, j)) > w[j])
                w[j] = width(cell(t, i, j));
    }
    for (int i = -1; i < nt; i++) {
        const char *sep = "";
        for (int j = 0; j < nf; j++) {
            const char *v = i < 0 ? PQfname(t->res, j) : cell(t, i, j);
            int pad = w[j] - width(v);
            if (!shown(show, j))
                continue;
            fputs(sep, out);
            sep = "  ";
            if (numeric(t->res, j) && i >= 0)
                fprintf(out, "%*s%s", pad, "", v);
            else
                fprintf(out, "%s%*s", v, pad, "");
        }
        fputc('\n', out);
    }
    if (nt == 0)
        fputs("(no rows)\n", out);
    free(w);
    return 0;
}

int output_table_print(const output_table *t, const bool *show, storage_format fmt, FILE *out)
{
    switch (fmt) {
    case STORAGE_FORMAT_CSV: print_csv(t, show, out); break;
    case STORAGE_FORMAT_JSON: print_json(t, show, out); break;
    default: return print_table(t, show, out);
    }
    return 0;
}

int output_result(const PGresult *r, const bool *show, storage_format fmt, FILE *out)
{
    output_table t = {r, PQntuples(r), PQnfields(r), NULL};
    int rc;
    if (t.nrows > 0 && t.ncols > 0) {
        t.cells = common_calloc((size_t)t.nrows * (size_t)t.ncols, sizeof(*t.cells));
        if (!t.cells)
            return COMMON_ENOMEM;
    }
    for (int i = 0; i < t.nrows; i++)
        for (int j = 0; j < t.ncols; j++)
            if (!PQgetisnull(r, i, j))
                t.cells[(size_t)i * (size_t)t.ncols + (size_t)j] = PQgetvalue(r, i, j);
    rc = output_table_print(&t, show, fmt, out);
    free(t.cells);
    return rc;
}
