/* reference.c - load the reference data directory into the database.
 * Each CSV is streamed with COPY into ref_stage as text arrays (header in
 * line 1) and a transform in sql/queries/ref_*.sql picks its columns by
 * name; JSON files go in whole as a parameter. One transaction: a load
 * that fails part way leaves the previous reference data in place. */
#include "db.h"
#include "reference.h"

#include <stdlib.h>
#include <string.h>

#define REF_JSON_MAX (8u * 1024 * 1024) /* largest JSON lookup read */

typedef struct {
    const char *path;  /* relative to the data directory */
    const char *sql;   /* transform */
    int json;          /* the file is $1 rather than staged rows */
    const char *params[4]; /* vh.ref1..4 (sql/queries/ref_params.sql) */
    int nparams;
} ref_file;

static const ref_file files[] = {
    {"soc/soc2020_unit_groups.csv", storage_sql_ref_soc2020, 0, {0}, 0},
    {"soc/soc2010_unit_groups.csv", storage_sql_ref_soc2010, 0, {0}, 0},
    {"soc/ONS_SOC2010_SOC2020_relationship.csv", storage_sql_ref_crosswalk_ons, 0, {0}, 0},
    {"soc/soc2010_soc2020_index_pairs.csv", storage_sql_ref_crosswalk_index, 0, {0}, 0},
    {"geography/drkane_geo_lookups/ctry_all_codes.csv", storage_sql_ref_regions, 0, {"CTRYCD"}, 1},
    {"geography/drkane_geo_lookups/rgn_all_codes.csv", storage_sql_ref_regions, 0, {"RGNCD"}, 1},
    {"geography/drkane_geo_lookups/la_all_codes.csv", storage_sql_ref_lads, 0, {0}, 0},
    {"geography/postcodes_io/nuts.json", storage_sql_ref_itl, 1, {0}, 0},
    {"courses/hecos_cah/cah_hierarchy_v1.3.4.csv", storage_sql_ref_cah, 0, {0}, 0},
    {"courses/hecos_cah/hecos_to_cah3.csv", storage_sql_ref_hecos, 0, {0}, 0},
    {"courses/ifate_standards_2021snapshot/ifate_standards_core_fields.csv",
     storage_sql_ref_standards, 0, {0}, 0},
    {"courses/discover_uni/GOSECSAL.csv", storage_sql_ref_earnings, 0,
     {"go", "GOSEC", "GOSECSBJ", "GOSECPOP_UK"}, 4},
    {"courses/discover_uni/LEO3SEC.csv", storage_sql_ref_earnings, 0,
     {"leo3", "LEO3", "LEO3SECSBJ", "LEO3SECPOP_UK"}, 4},
    {"courses/discover_uni/LEO5SEC.csv", storage_sql_ref_earnings, 0,
     {"leo5", "LEO5", "LEO5SECSBJ", "LEO5SECPOP_UK"}, 4},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* One record as `lineno<TAB>{"a","b"}`: array quoting, then COPY escaping. */
static int put_record(common_buf *out, common_buf *tmp, size_t lineno, size_t n,
                      const char **f)
{
    int rc;
    common_buf_clear(tmp);
    if ((rc = common_buf_putc(tmp, '{')) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((i && (rc = common_buf_putc(tmp, ',')) < 0) || (rc = common_buf_putc(tmp, '"')) < 0)
            return rc;
        for (const char *p = f[i]; *p; p++)
            if (((*p == '"' || *p == '\\') && (rc = common_buf_putc(tmp, '\\')) < 0) ||
                (rc = common_buf_putc(tmp, *p)) < 0)
                return rc;
        if ((rc = common_buf_putc(tmp, '"')) < 0)
            return rc;
    }
    if ((rc = common_buf_putc(tmp, '}')) < 0 ||
        (rc = common_buf_printf(out, "%zu\t", lineno)) < 0 ||
        (rc = db_copy_text(out, tmp->data)) < 0)
        return rc;
    return common_buf_putc(out, '\n');
}

int ref_stage_csv(storage *s, const char *path)
{
    common_csv *csv = NULL;
    common_buf rows = COMMON_BUF_INIT, tmp = COMMON_BUF_INIT;
    const char **f;
    size_t n, lineno = 0;
    int rc;

    if ((rc = db_exec(s, path, storage_sql_ref_stage)) < 0 ||
        (rc = common_csv_open(&csv, path)) < 0)
        return rc;
    while ((rc = common_csv_next(csv, &n, &f)) == 1) {
        for (size_t i = 0; i < n; i++)
            if (!common_utf8_valid(f[i], strlen(f[i]))) {
                rc = common_error(COMMON_EFORMAT, "%s:%zu: field %zu is not valid UTF-8", path,
                                  common_csv_line(csv), i + 1);
                goto out;
            }
        if ((rc = put_record(&rows, &tmp, ++lineno, n, f)) < 0)
            goto out;
    }
    if (rc == 0)
        rc = db_copy(s, path, storage_sql_copy_ref_stage, rows.data, rows.len);
out:
    common_csv_close(csv);
    common_buf_free(&rows);
    common_buf_free(&tmp);
    return rc;
}

static int load_one(storage *s, const char *dir, const ref_file *rf, FILE *log)
{
    char *path = common_data_path(dir, rf->path);
    common_buf json = COMMON_BUF_INIT;
    int rc;
    if (!path)
        return COMMON_ENOMEM;
    if (rf->json) {
        rc = common_read_file(path, REF_JSON_MAX, &json);
        if (rc == 0) {
            const char *p[1] = {json.data};
            rc = db_query(s, path, rf->sql, 1, p, NULL);
        }
    } else {
        rc = ref_stage_csv(s, path);
        if (rc == 0 && rf->nparams)
            rc = db_query(s, path, storage_sql_ref_params, 4, rf->params, NULL);
        if (rc == 0)
            rc = db_exec(s, path, rf->sql);
    }
    if (rc == 0 && log)
        fprintf(log, "loaded %s\n", rf->path);
    common_buf_free(&json);
    free(path);
    return rc;
}

int storage_load_reference(storage *s, const char *data_dir, FILE *log)
{
    const char *dir = common_data_dir(data_dir);
    int rc;
    if ((rc = db_begin(s)) < 0)
        return rc;
    for (size_t i = 0; i < NFILES; i++)
        if ((rc = load_one(s, dir, &files[i], log)) < 0) {
            db_rollback(s);
            return rc;
        }
    return db_commit(s);
}
