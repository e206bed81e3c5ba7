/* source.h - private: reading an ONS SOC 2020 coding-index CSV. */
#ifndef VH_CODER_SOURCE_H
#define VH_CODER_SOURCE_H

#include <stddef.h>

/* One codable row; strings valid during the callback only. */
typedef struct {
    const char *soc2020, *soc2010, *isco08; /* soc2010 / isco08: "" when absent */
    const char *dflag, *title, *add, *ind, *soc_title;
    size_t line;
} source_row;

typedef int (*source_row_fn)(const source_row *row, void *arg);
/* A cross-reference: a title ONS codes as another title ("Advisor" ->
 * "Adviser", "Consultant engineer" -> "Engineer" qualified "professional",
 * "General manager" -> "Manager" qualified by the advert's context: ""). */
typedef int (*source_see_fn)(const char *title, const char *target, const char *qualifier,
                             void *arg);

/* Read every row, calling on_row for codable ones and on_see (may be NULL)
 * for spelling cross-references. Rows ONS marks "}}}}" carry no code and
 * are skipped; any other row without a 4-digit code is an error naming the
 * file and line. A callback's non-zero return stops and is returned. */
int source_read(const char *path, source_row_fn on_row, source_see_fn on_see, void *arg);

#define SOURCE_VERSION_MAX 64
/* The index version: `given` when not NULL, else from the file name
 * ("soc2020_coding_index_v12_16042025.csv" -> "v12 16042025"); an error
 * naming the file when there is none. */
int source_version(const char *path, const char *given, char out[SOURCE_VERSION_MAX]);

#endif
