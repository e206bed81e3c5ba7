/* row.h - private: one staged row in COPY text format (sql/queries/stage.sql
 * gives the column order). A bad row leaves the buffer as it was and
 * returns COMMON_EINVAL with the reason as the error message. */
#ifndef VH_STORAGE_ROW_H
#define VH_STORAGE_ROW_H

#include <time.h>

#include "storage.h"

/* A row of kind "seen" or "reread" (a kept page parsed again). */
int row_vacancy(common_buf *b, const char *kind, int seq, const vacancy *v, time_t seen_at);
/* A row of kind "gone" (with a reason) or "touch" (seen again unchanged). */
int row_mark(common_buf *b, const char *kind, int seq, const char *source, const char *key,
             time_t seen_at, const char *reason);
int row_code(common_buf *b, int seq, const char *source, const char *key,
             const vacancy_code *code);
int row_page(common_buf *b, const storage_page *p, unsigned keep_days);

#endif
