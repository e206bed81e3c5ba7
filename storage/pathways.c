/* pathways.c - course <-> occupation: what leads to a SOC, and where a
 * standard or subject leads, with live counts and advertised pay. */
#include "db.h"
#include "output.h"

#include <string.h>

static int print(storage *s, const char *what, const char *sql, int n, const char *const *p,
                 storage_format fmt, FILE *out, int *rows)
{
    PGresult *r = NULL;
    int rc = db_query(s, what, sql, n, p, &r);
    if (rc < 0)
        return rc;
    *rows = PQntuples(r);
    rc = output_result(r, NULL, fmt, out);
    PQclear(r);
    return rc;
}

/* Two results: the subject of the question, then the answer. As JSON
 * they are one object {"about": [...], "pathways": [...]}. */
static int two(storage *s, const char *code, const char *head, const char *list, int n,
               const char *const *p, storage_format fmt, FILE *out, const char *missing)
{
    int rows = 0, rc;
    if (fmt == STORAGE_FORMAT_JSON)
        fputs("{\"about\": ", out);
    if ((rc = print(s, code, head, n, p, fmt, out, &rows)) < 0)
        return rc;
    if (rows == 0)
        return common_error(COMMON_ENOTFOUND, "%s %s: not found (is the reference data loaded?)",
                            missing, code);
    fputs(fmt == STORAGE_FORMAT_JSON ? ", \"pathways\": " : "\n", out);
    if ((rc = print(s, code, list, n, p, fmt, out, &rows)) < 0)
        return rc;
    if (fmt == STORAGE_FORMAT_JSON)
        fputs("}\n", out);
    return 0;
}

int storage_pathways(storage *s, storage_path_kind kind, const char *code, storage_format fmt,
                     FILE *out)
{
    const char *kinds[] = {"SOC 2020", "standard", "subject"};
    const char *p[2] = {kind == STORAGE_PATH_STANDARD ? "standard" : "subject", code};

    if (kind == STORAGE_PATH_SOC) {
        if (strlen(code) != VACANCY_SOC_LEN || strspn(code, "0123456789") != VACANCY_SOC_LEN)
            return common_error(COMMON_EINVAL, "--soc '%s': expected a 4-digit SOC 2020 code", code);
        p[0] = code;
        return two(s, code, storage_sql_pathways_soc_head, storage_sql_pathways_soc, 1, p, fmt,
                   out, kinds[kind]);
    }
    return two(s, code, storage_sql_pathways_head, storage_sql_pathways_occupations, 2, p, fmt,
               out, kinds[kind]);
}
