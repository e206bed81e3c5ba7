/* bench.h - helpers shared by the benchmarks (not part of the product). */
#ifndef VH_BENCH_H
#define VH_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>

/* Seconds on the monotonic clock. */
double bench_now(void);
/* Peak resident set size of this process, in MB. */
double bench_peak_rss_mb(void);
/* CPU seconds (user + system) of this process's threads so far. */
double bench_cpu_seconds(void);

/* xorshift64 from a fixed seed: the same data on every run. */
uint64_t bench_random(void);

/* The coding index in the data directory; exits when missing. */
char *bench_default_index(void);
/* A fresh temporary directory; exits on failure. */
char *bench_tempdir(void);
void bench_rmdir(const char *dir);

#endif
