/* bench.h - helpers shared by the benchmarks (not part of the product). */
#ifndef VH_BENCH_H
#define VH_BENCH_H

#include <stddef.h>
#include <stdio.h>
#include <stdbool.h>

/* Seconds on the monotonic clock. */
double bench_now(void);
/* Peak resident set size of this process, in MB. */
double bench_peak_rss_mb(void);

/* One coding-index row kept for splitting: the fields are the CSV's. */
typedef struct {
    char **fields;
    size_t nfields;
} bench_row;

typedef struct {
    char **header;
    size_t nheader;
    bench_row *rows;
    size_t nrows;
    int col_soc, col_title, col_add, col_ind;
} bench_index;

/* Load a coding-index CSV whole; exits with a message on failure. */
void bench_index_load(bench_index *bi, const char *path);
void bench_index_free(bench_index *bi);
/* Write the header and the rows for which keep[i] is true, as CSV. */
void bench_index_write(const bench_index *bi, const bool *keep, const char *path);

/* Split unambiguous titles (one SOC 2020 code) for held-out evaluation:
 * every row of a held-out title is removed from training. Deterministic
 * for a seed. held[i] marks rows whose title is held out; returns the
 * number of held-out titles. */
size_t bench_split(const bench_index *bi, unsigned seed, double share, bool *held);

/* The coding index in the data directory; exits when missing. */
char *bench_default_index(void);
/* A fresh temporary directory; exits on failure. */
char *bench_tempdir(void);
void bench_rmdir(const char *dir);

#endif
