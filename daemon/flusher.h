/* flusher.h - private: writes batches (the storage writer's rows, then the
 * frontier results that wait for them) on a thread of its own, so the
 * event loop keeps fetching, parsing and coding while PostgreSQL works.
 *
 * The loop adds to one writer while the thread flushes the other; a batch
 * is handed over whole with the results fetched into it, and the thread
 * records those results only after the writer committed, so a kill -9
 * still costs a refetch, never an advert. Each writer has its own storage
 * handle and the thread its own frontier connection: no libpq connection
 * is used by two threads. */
#ifndef VH_DAEMON_FLUSHER_H
#define VH_DAEMON_FLUSHER_H

#include <stdbool.h>
#include <stddef.h>

#include "frontier.h"
#include "storage/storage.h"

/* A result waiting for the writer's flush before the frontier records it. */
typedef struct {
    frontier_result r;
    char *etag, *last_modified, *advert_key, *error;
} pending_result;

void pending_free(pending_result *res, size_t n);

/* Flush w, then record the results in f; on success the results are
 * freed. On failure nothing is lost: the writer holds its rows and the
 * results stay for another try. */
int flusher_write(storage_writer *w, frontier *f, pending_result *res, size_t n);

typedef struct flusher flusher;

/* Start the thread over its own frontier connection f (taken: closed by
 * flusher_stop). retry_ms: the pause between tries of a failed batch. */
int flusher_start(flusher **out, frontier *f, unsigned retry_ms);
/* Hand a batch over when the thread is idle: returns true and gives back
 * in *back the previous batch's writer, empty (NULL the first time); false
 * when the thread is still writing (the caller keeps adding to w). */
bool flusher_offer(flusher *fl, storage_writer *w, pending_result *res, size_t n,
                   storage_writer **back);
bool flusher_idle(flusher *fl);
/* Stop after the batch in hand (a failing one is given up after its
 * current try) and hand back its writer and any results not recorded. */
void flusher_stop(flusher *fl, storage_writer **w, pending_result **res, size_t *n);

#endif
