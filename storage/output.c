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

static void print_csv(const PGresult *r, const bool *show, FILE *out)
{
    int nf = PQnfields(r), first = 1;
    for (int j = 0; j < nf; j++)
        if (shown(show, j)) {
            if (!first)
                fputc(',', out);
            csv_field(out, PQfname(r, j));
            first = 0;
        }
    fputc('\n', out);
    for (int i = 0; i < PQntuples(r); i++) {
        first = 1;
        for (int j = 0; j < nf; j++)
            if (shown(show, j)) {
                if (!first)
                    fputc(',', out);
                csv_field(out, PQgetvalue(r, i, j));
                first = 0;
            }
        fputc('\n', out);
    }
}

static void print_json(const PGresult *r, const bool *show, FILE *out)
{
    int nf = PQnfields(r);
    fputs("[", out);
    for (int i = 0; i < PQntuples(r); i++) {
        int first = 1;
        fputs(i ? ",\n {" : "\n {", out);
        for (int j = 0; j < nf; j++) {
            if (!shown(show, j))
                continue;
            if (!first)
                fputs(", ", out);
            first = 0;
            json_string(out, PQfname(r, j));
            fputs(": ", out);
            if (PQgetisnull(r, i, j))
                fputs("null", out);
            else if (numeric(r, j))
                fputs(PQgetvalue(r, i, j), out);
            else
                json_string(out, PQgetvalue(r, i, j));
        }
        fputs("}", out);
    }
    fputs(PQntuples(r) ? "\n]\n" : "]\n", out);
}

/* Display width in code points, so names with accents still line up. */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static int print_table(const PGresult *r, const bool *show, FILE *out)
{
    int nf = PQnfields(r), nt = PQntuples(r);
    int *w = common_calloc((size_t)nf + 1, sizeof(int));
    if (!w)
        return COMMON_ENOMEM;
    for (int j = 0; j < nf; j++) {
        w[j] = width(PQfname(r, j));
        for (int i = 0; i < nt; i++)
            if (width(PQgetvalue(r, i, j)) > w[j])
                w[j] = width(PQgetvalue(r, i, j));
    }
    for (int i = -1; i < nt; i++) {
        const char *sep = "";
        for (int j = 0; j < nf; j++) {
            const char *v = i < 0 ? PQfname(r, j) : PQgetvalue(r, i, j);
            int pad = w[j] - width(v);
            if (!shown(show, j))
                continue;
            fputs(sep, out);
            sep = "  ";
            if (numeric(r, j) && i >= 0)
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

int output_result(const PGresult *r, const bool *show, storage_format fmt, FILE *out)
{
    switch (fmt) {
    case STORAGE_FORMAT_CSV: print_csv(r, show, out); break;
    case STORAGE_FORMAT_JSON: print_json(r, show, out); break;
    default: return print_table(r, show, out);
    }
    return 0;
}
