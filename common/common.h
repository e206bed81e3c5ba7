/* common.h - small utilities shared by every part of vacancy-harvester.
 *
 * Error convention (as in libgit2): functions return 0 on success and a
 * negative COMMON_E* code on failure, after recording a message that names
 * the input and what is wrong. The message is per thread, so batch workers
 * never see each other's errors. */
#ifndef VH_COMMON_H
#define VH_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>

/* ---- errors ---------------------------------------------------------- */

enum {
    COMMON_OK = 0,
    COMMON_ENOMEM = -1,   /* allocation failed */
    COMMON_EIO = -2,      /* a file could not be opened, read or written */
    COMMON_EFORMAT = -3,  /* input is malformed (names file and line) */
    COMMON_EINVAL = -4,   /* bad argument: empty, too long, invalid UTF-8 */
    COMMON_ENOTFOUND = -5 /* nothing matched */
};

#define COMMON_ERROR_MAX 512

/* Record the message for the current thread and return `code`. The
 * arguments may include common_last_error(), to add context to it. */
int common_error(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *common_last_error(void);
void common_clear_error(void);

/* Allocation that aborts the process on exhaustion is deliberately absent:
 * callers check NULL and return COMMON_ENOMEM. These helpers only add the
 * message. */
void *common_malloc(size_t n);
void *common_calloc(size_t count, size_t n);
void *common_realloc(void *p, size_t n);
char *common_strdup(const char *s);
char *common_strndup(const char *s, size_t n);
/* Make room in an array of `size`-byte items for item n (capacity *cap,
 * doubled, starting at `first`). Returns 0, or COMMON_ENOMEM with the
 * array unchanged. */
int common_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

/* ---- growable byte buffer --------------------------------------------- */

typedef struct {
    char *data;  /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
} common_buf;

#define COMMON_BUF_INIT { NULL, 0, 0 }

int common_buf_grow(common_buf *b, size_t extra);
int common_buf_append(common_buf *b, const char *s, size_t n);
int common_buf_puts(common_buf *b, const char *s);
int common_buf_putc(common_buf *b, char c);
int common_buf_printf(common_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void common_buf_clear(common_buf *b);
void common_buf_free(common_buf *b);
/* Hand the contents to the caller (NUL-terminated, never NULL on success). */
char *common_buf_detach(common_buf *b);

/* Read a whole file, refusing files over max_bytes. */
int common_read_file(const char *path, size_t max_bytes, common_buf *out);

/* ---- CSV (RFC 4180: quoted fields, doubled quotes, newlines in quotes) -- */

#define COMMON_CSV_MAX_FIELDS 128 /* Discover Uni LEO files have 67 */
#define COMMON_CSV_MAX_RECORD (1u << 20) /* one record, bytes */

typedef struct common_csv common_csv;

int common_csv_open(common_csv **out, const char *path);
/* Next record: 1 when a record was read, 0 at end of file, <0 on error.
 * Fields stay valid until the next call. A UTF-8 BOM is skipped. */
int common_csv_next(common_csv *csv, size_t *nfields, const char ***fields);
/* Line number where the current record started (1-based), for messages. */
size_t common_csv_line(const common_csv *csv);
const char *common_csv_path(const common_csv *csv);
void common_csv_close(common_csv *csv);

/* Index of `name` in a header record (exact match after trimming), or -1. */
int common_csv_column(size_t nfields, const char **fields, const char *name);

/* ---- UTF-8 ------------------------------------------------------------ */

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool common_utf8_valid(const char *s, size_t n);
/* Decode one code point; returns its length in bytes, or 0 when invalid. */
size_t common_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Append the UTF-8 encoding of cp (replacement char for invalid values). */
int common_utf8_put(common_buf *b, uint32_t cp);

/* ---- hashing ---------------------------------------------------------- */

uint64_t common_hash(const void *data, size_t n);

/* ---- string -> integer map (open addressing, keys copied) ------------- */

typedef struct common_strmap common_strmap;

common_strmap *common_strmap_new(size_t expected);
void common_strmap_free(common_strmap *m);
/* Insert key -> value; an existing key keeps its value and returns it.
 * Returns the stored value, or -1 when out of memory. */
int64_t common_strmap_put(common_strmap *m, const char *key, size_t len, int64_t value);
/* The value for key, or -1 when absent. */
int64_t common_strmap_get(const common_strmap *m, const char *key, size_t len);
size_t common_strmap_size(const common_strmap *m);

/* ---- data directory --------------------------------------------------- */

#define COMMON_DATA_DIR_ENV "VACANCY_DATA_DIR"

/* The data directory: the explicit setting when not NULL (a config key or
 * a command-line flag), else $VACANCY_DATA_DIR, else the build default. */
const char *common_data_dir(const char *explicit_dir);
/* Join the data directory and a relative path into a new string. */
char *common_data_path(const char *explicit_dir, const char *relative);
/* Create a directory and its parents (mode 0755); existing is fine. */
int common_mkdirs(const char *path);

#endif
