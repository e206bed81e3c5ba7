/* storage.h - PostgreSQL storage: deduplicated vacancies, live counts by
 * occupation x area x time, course-to-occupation mappings.
 *
 * A storage handle is one libpq connection (not shared between threads).
 * Writers batch vacancies and fold them in with COPY inside a transaction;
 * when the server goes away they keep what they hold (bounded) and retry
 * with backoff. All SQL lives in storage/sql/ (migrations and queries). */
#ifndef VH_STORAGE_H
#define VH_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "common/common.h"
#include "common/vacancy.h"

typedef struct storage storage;
typedef struct storage_writer storage_writer;

/* Environment variable holding the libpq connection string. */
#define STORAGE_URL_ENV "DATABASE_URL"

/* ---- connection and schema ------------------------------------------- */

/* The connection string: `explicit_url` (a --db flag or config key) when
 * not NULL, else $DATABASE_URL, else "" (libpq's own defaults). */
const char *storage_conninfo(const char *explicit_url);

/* Connect. `schema` (may be NULL) selects a PostgreSQL schema other than
 * public, created when missing: tests use it to stay apart. */
int storage_open(storage **out, const char *conninfo, const char *schema);
void storage_close(storage *s);
/* Empty the schema given to storage_open (drop and create it again), for
 * tests and benchmarks; refused on a handle without one. */
int storage_reset_schema(storage *s);

/* Apply the migrations not yet recorded, in order, each in its own
 * transaction. *applied (may be NULL) receives how many ran. */
int storage_migrate(storage *s, int *applied);
/* Highest applied migration, 0 for an empty database. */
int storage_schema_version(storage *s, int *version);

/* ---- reference data --------------------------------------------------- */

/* Load SOC 2020 / 2010 structures, the 2010 -> 2020 crosswalk, geography,
 * HECoS / CAH subjects, apprenticeship standards and Discover Uni earnings
 * from the data directory (NULL: common_data_dir). Replaces what was
 * loaded before; progress lines go to `log` (may be NULL). */
int storage_load_reference(storage *s, const char *data_dir, FILE *log);

/* Import an official course -> SOC table: CSV with header
 * `code,soc,share` where code is a HECoS / CAH subject code (kind
 * "subject") or a LARS standard code (kind "standard"). Rows are stored
 * labelled `official`, replacing earlier official rows from `origin`. */
int storage_load_mapping(storage *s, const char *kind, const char *csv_path,
                         const char *origin, size_t *rows);

/* One apprenticeship standard, for deriving its SOC with the coder. */
typedef struct {
    const char *lars_code;
    const char *title;
    const char *typical_job_titles; /* JSON array text */
    const char *job_roles;          /* JSON array text */
    const char *overview;
} storage_standard;

typedef int (*storage_standard_fn)(void *arg, const storage_standard *st);
int storage_standards_each(storage *s, storage_standard_fn fn, void *arg);
/* Replace the `derived` mappings of one standard (n may be 0). */
typedef struct {
    char soc2020[VACANCY_SOC_LEN + 1];
    double share;      /* fraction of the standard's evidence, 0..1 */
    int confidence;    /* 0-100 */
    const char *evidence; /* the title it was coded from */
} storage_derived_soc;
int storage_set_derived(storage *s, const char *lars_code,
                        const storage_derived_soc *socs, size_t n,
                        const char *coder_version);

/* Derive standard -> SOC with the project's coder (in the library
 * vh_storage_derive, which links the coder): each standard's title,
 * typical job titles and job roles are coded; every SOC 2020 unit group
 * found is stored labelled `derived`, with its share of the titles and
 * their mean confidence, beside any `official` mapping. */
struct coder;
int storage_derive_standards(storage *s, const struct coder *cd, size_t *standards,
                             size_t *mappings);

/* ---- writing ---------------------------------------------------------- */

/* Limits on what a row may hold; longer fields reject the row. */
#define STORAGE_SHORT_MAX 1024      /* title, employer, codes, names */
#define STORAGE_URL_MAX 4096
#define STORAGE_DESCRIPTION_MAX (256 * 1024)
#define STORAGE_YEAR_MIN 1990       /* dates outside reject the row */
#define STORAGE_YEAR_MAX 2100

typedef void (*storage_reject_fn)(void *arg, const char *source,
                                  const char *key, const char *reason);

typedef struct {
    size_t batch_rows;    /* rows per COPY transaction (0: default) */
    size_t max_pending;   /* rows held while the server is away (0: default) */
    unsigned retry_ms;    /* how long one flush keeps retrying (0: default) */
    unsigned raw_keep_days; /* raw pages kept this long (0: default) */
    storage_reject_fn on_reject; /* NULL: log to stderr */
    void *reject_arg;
} storage_writer_options;

#define STORAGE_BATCH_ROWS 20000
#define STORAGE_MAX_PENDING 200000
#define STORAGE_RETRY_MS 60000
#define STORAGE_RAW_KEEP_DAYS 180

/* A fetched page, kept compressed so adverts can be re-parsed. */
typedef struct {
    const char *source;
    const char *url;
    const char *canonical_url; /* may be NULL */
    int status;                /* HTTP status */
    const char *etag, *last_modified; /* may be NULL */
    const char *body;          /* may be NULL: the page is recorded unkept */
    size_t body_len;
    time_t fetched_at;         /* 0: now */
} storage_page;

typedef struct {
    size_t accepted, rejected, written, batches, retries;
    size_t pending; /* rows held, not yet committed */
} storage_writer_stats;

int storage_writer_new(storage_writer **out, storage *s,
                       const storage_writer_options *opts);
/* Queue a vacancy seen at `seen_at` (0: now). Idempotent by (source,
 * site_id or canonical URL or URL). A bad row is rejected (reported, not
 * queued) and 0 is still returned: it never blocks the batch. Returns <0
 * only when the server has been away so long that max_pending rows are
 * held: the row is then not taken and the caller keeps it. */
int storage_writer_add(storage_writer *w, const vacancy *v, time_t seen_at);
/* A stored advert read again from its kept page (vacancyctl recode
 * --reparse): written as seen when it was last seen (at read_at if that is
 * later, or if it is new), so the reading becomes current, a changed one
 * its next version, and no date moves (queries/reread.sql). */
int storage_writer_reread(storage_writer *w, const vacancy *v, time_t read_at);
/* The advert is gone (404 / 410, or dropped from its feed): closes it. */
int storage_writer_gone(storage_writer *w, const char *source, const char *key,
                        time_t seen_at, const char *reason);
/* The advert was seen again unchanged (HTTP 304 Not Modified): refreshes
 * its last sighting without a new version, so it stays live past the
 * grace period, and reopens it if it had been closed. `key` is the key it
 * was stored under (storage_advert_key); an unknown key changes nothing. */
int storage_writer_seen(storage_writer *w, const char *source, const char *key,
                        time_t seen_at);
/* Record a new code for an advert already stored (recoding keeps the old
 * one in history). */
int storage_writer_code(storage_writer *w, const char *source, const char *key,
                        const vacancy_code *code);
int storage_writer_page(storage_writer *w, const storage_page *p);
/* Write everything held, retrying for up to retry_ms while the server is
 * away. On failure the rows stay held. */
int storage_writer_flush(storage_writer *w);
void storage_writer_stats_get(const storage_writer *w, storage_writer_stats *st);
/* Flush and free. Returns the flush's result; rows still held after a
 * failed flush are reported lost in the message. */
int storage_writer_free(storage_writer *w);

/* The key an advert is stored under: site id, else canonical URL, else URL. */
const char *storage_advert_key(const vacancy *v);

/* ---- deduplication primitives (used by the writer; public to measure) -- */

/* Near duplicates: MinHash over word shingles, found through LSH bands
 * (STORAGE_MINHASH_BANDS bands of N / BANDS hashes: two descriptions that
 * agree on a whole band are compared), then kept when at least
 * STORAGE_NEAR_DUP_MIN_MATCHES of the N hashes agree (estimated Jaccard
 * similarity >= 0.5). The database reads its threshold from the settings
 * table (near_dup_min_matches), defaulting to the same. Measured by
 * bench/storage_bench; see README.md, "Storage". */
#define STORAGE_MINHASH_N 24
#define STORAGE_MINHASH_BANDS 6
#define STORAGE_NEAR_DUP_MIN_MATCHES 12
#define STORAGE_SHINGLE_WORDS 2     /* words per shingle */
#define STORAGE_MINHASH_MIN_WORDS 20 /* shorter descriptions are not compared */

/* Fingerprint of the normalised title, employer, place and pay. */
uint64_t storage_fingerprint(const vacancy *v);
/* MinHash signature of a description; false when too short to compare. */
bool storage_minhash(const char *text, uint32_t sig[STORAGE_MINHASH_N]);
int storage_minhash_matches(const uint32_t *a, const uint32_t *b);
/* The LSH band keys of a signature. */
void storage_minhash_bands(const uint32_t sig[STORAGE_MINHASH_N],
                           int32_t bands[STORAGE_MINHASH_BANDS]);

/* ---- reading ---------------------------------------------------------- */

typedef enum {
    STORAGE_FORMAT_TABLE = 0,
    STORAGE_FORMAT_CSV,
    STORAGE_FORMAT_JSON
} storage_format;

int storage_format_parse(const char *name, storage_format *out);

/* Dimensions a count can be broken down by. */
#define STORAGE_BY_SOC1   (1u << 0)
#define STORAGE_BY_SOC2   (1u << 1)
#define STORAGE_BY_SOC3   (1u << 2)
#define STORAGE_BY_SOC4   (1u << 3)
#define STORAGE_BY_LAD    (1u << 4)
#define STORAGE_BY_REGION (1u << 5)
#define STORAGE_BY_ITL    (1u << 6)
#define STORAGE_BY_SOURCE (1u << 7)

/* Parse "soc4,region" into STORAGE_BY_* flags. */
int storage_by_parse(const char *list, unsigned *out);

typedef enum { STORAGE_PER_ALL = 0, STORAGE_PER_DAY, STORAGE_PER_WEEK, STORAGE_PER_MONTH } storage_per;

#define STORAGE_MEASURE_NEW    (1u << 0)
#define STORAGE_MEASURE_LIVE   (1u << 1)
#define STORAGE_MEASURE_CLOSED (1u << 2)

typedef struct {
    unsigned by;          /* STORAGE_BY_* */
    time_t since, until;  /* days covered (UTC); until 0: today */
    storage_per per;
    unsigned measures;    /* STORAGE_MEASURE_*; 0: all */
    const char *soc;      /* optional filter: SOC prefix, 1-4 digits */
    const char *area;     /* optional filter: LAD, ITL or region code */
} storage_counts_query;

/* Live counts (clusters, not adverts) from the rollup, printed to out. */
int storage_counts(storage *s, const storage_counts_query *q,
                   storage_format fmt, FILE *out);

typedef enum { STORAGE_PATH_SOC = 0, STORAGE_PATH_STANDARD, STORAGE_PATH_SUBJECT } storage_path_kind;
/* Courses and standards leading to a SOC, or occupations (with live
 * counts and pay) a standard or subject leads to. */
int storage_pathways(storage *s, storage_path_kind kind, const char *code,
                     storage_format fmt, FILE *out);

typedef struct {
    long long adverts, versions, clusters, codes, pages, pages_kept;
    int schema_version;
} storage_totals;
int storage_totals_get(storage *s, storage_totals *t);

/* ---- recoding and re-parsing ------------------------------------------- */

/* A stored advert as the coder needs it. */
typedef struct {
    const char *source, *key, *title, *industry, *description;
    const char *soc2020; /* current code or NULL */
} storage_advert;

typedef int (*storage_advert_fn)(void *arg, const storage_advert *a);
/* Every advert first seen at or after `since` (0: all), in id order. */
int storage_adverts_each(storage *s, time_t since, storage_advert_fn fn, void *arg);

typedef int (*storage_page_fn)(void *arg, const storage_page *p);
/* The latest kept raw page per URL fetched at or after `since`,
 * decompressed: the seam where a parser re-reads adverts. */
int storage_pages_each(storage *s, time_t since, storage_page_fn fn, void *arg);

/* Drop raw bodies whose keep time has passed, and near-duplicate index
 * entries older than the window. *purged: raw bodies dropped. */
int storage_purge_raw(storage *s, long long *purged);

#endif
