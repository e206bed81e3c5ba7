/* flusher.c - the thread that commits batches: storage writer first, then
 * the frontier results of the pages in it. See flusher.h. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "common/common.h"
#include "daemon.h"
#include "flusher.h"

struct flusher {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool busy, stop;
    unsigned retry_ms;
    frontier *f;
    /* the batch: written by the thread while busy */
    storage_writer *w;
    pending_result *res;
    size_t n;
};

void pending_free(pending_result *res, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(res[i].etag);
        free(res[i].last_modified);
        free(res[i].advert_key);
        free(res[i].error);
    }
    free(res);
}

int flusher_write(storage_writer *w, frontier *f, pending_result *res, size_t n)
{
    int rc = storage_writer_flush(w);
    if (rc) {
        daemon_log(DAEMON_LOG_ERR, "storage: %s", common_last_error());
        return rc;
    }
    frontier_result *r = common_malloc((n ? n : 1) * sizeof(*r));
    if (!r)
        return COMMON_ENOMEM;
    for (size_t i = 0; i < n; i++)
        r[i] = res[i].r;
    rc = frontier_done(f, r, n);
    free(r);
    if (rc)
        daemon_log(DAEMON_LOG_ERR, "%s", common_last_error());
    else
        pending_free(res, n);
    return rc;
}

/* Wait up to ms, or until stopped; the lock is held. */
static void pause_locked(flusher *fl, unsigned ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    if (!fl->stop)
        pthread_cond_timedwait(&fl->wake, &fl->lock, &until);
}

static void *run(void *arg)
{
    flusher *fl = arg;
    pthread_mutex_lock(&fl->lock);
    for (;;) {
        while (!fl->busy && !fl->stop)
            pthread_cond_wait(&fl->wake, &fl->lock);
        if (!fl->busy)
            break;
        pthread_mutex_unlock(&fl->lock);
        int rc = flusher_write(fl->w, fl->f, fl->res, fl->n);
        pthread_mutex_lock(&fl->lock);
        if (!rc) {
            fl->res = NULL;
            fl->n = 0;
            fl->busy = false;
        } else if (fl->stop) {
            break; /* flusher_stop hands the batch back */
        } else {
            pause_locked(fl, fl->retry_ms); /* the database is away: try again */
        }
    }
    pthread_mutex_unlock(&fl->lock);
    return NULL;
}

int flusher_start(flusher **out, frontier *f, unsigned retry_ms)
{
    flusher *fl = common_calloc(1, sizeof(*fl));
    *out = NULL;
    if (!fl) {
        frontier_close(f);
        return COMMON_ENOMEM;
    }
    fl->f = f;
    fl->retry_ms = retry_ms;
    pthread_mutex_init(&fl->lock, NULL);
    pthread_cond_init(&fl->wake, NULL);
    if (pthread_create(&fl->thread, NULL, run, fl)) {
        pthread_mutex_destroy(&fl->lock);
        pthread_cond_destroy(&fl->wake);
        frontier_close(f);
        free(fl);
        return common_error(COMMON_EIO, "vacancyd: cannot start the flusher thread");
    }
    *out = fl;
    return 0;
}

bool flusher_offer(flusher *fl, storage_writer *w, pending_result *res, size_t n,
                   storage_writer **back)
{
    pthread_mutex_lock(&fl->lock);
    bool taken = !fl->busy;
    if (taken) {
        *back = fl->w;
        fl->w = w;
        fl->res = res;
        fl->n = n;
        fl->busy = true;
        pthread_cond_signal(&fl->wake);
    }
    pthread_mutex_unlock(&fl->lock);
    return taken;
}

bool flusher_idle(flusher *fl)
{
    pthread_mutex_lock(&fl->lock);
    bool idle = !fl->busy;
    pthread_mutex_unlock(&fl->lock);
    return idle;
}

void flusher_stop(flusher *fl, storage_writer **w, pending_result **res, size_t *n)
{
    pthread_mutex_lock(&fl->lock);
    fl->stop = true;
    pthread_cond_signal(&fl->wake);
    pthread_mutex_unlock(&fl->lock);
    pthread_join(fl->thread, NULL);
    *w = fl->w;
    *res = fl->res;
    *n = fl->n;
    pthread_mutex_destroy(&fl->lock);
    pthread_cond_destroy(&fl->wake);
    frontier_close(fl->f);
    free(fl);
}
