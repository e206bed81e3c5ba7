/* bench.c - shared benchmark helpers: timing, memory, index splits. */
#include "bench.h"
#include "common/common.h"

#include <ctype.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double bench_peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

double bench_cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6
           + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

char *bench_default_index(void)
{
    char *pattern = common_data_path(NULL, "soc/soc2020_coding_index_*.csv");
    glob_t g;
    char *found = NULL;
    if (pattern && glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
        found = strdup(g.gl_pathv[g.gl_pathc - 1]);
        globfree(&g);
    }
    if (!found) {
        fprintf(stderr, "bench: no coding index under $%s (%s)\n", COMMON_DATA_DIR_ENV,
                pattern ? pattern : "?");
        exit(1);
    }
    free(pattern);
    return found;
}

char *bench_tempdir(void)
{
    char tmpl[] = "/tmp/vh_bench_XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(1);
    }
    return strdup(tmpl);
}

void bench_rmdir(const char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
}

static uint64_t random_state = 88172645463325252ULL;

uint64_t bench_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return random_state;
}
