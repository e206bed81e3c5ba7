/* writer.c - batch vacancies and fold them in with COPY + merge.sql, one
 * transaction per batch. While the server is away the rows stay in memory
 * (up to max_pending) and flushes retry with exponential backoff; a batch
 * the server refuses for its data (SQLSTATE class 22 or 23) is split in
 * halves until the bad row is found and rejected alone; any other refusal
 * keeps the rows. Re-sending a batch whose COMMIT was lost is harmless:
 * the merge is idempotent.
 *
 * The merge leaves the counts rollups' deltas pending; a second connection
 * folds them (fold.sql) while the next batch merges, so the two halves of
 * a write run on two cores. A flush returns once the counts include
 * everything it wrote; a fold that fails keeps its deltas for the next. */
#include "db.h"
#include "row.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RETRY_FIRST_MS 50    /* first pause after a failure */
#define RETRY_MAX_PAUSE_MS 2000

struct storage_writer {
    storage *s;
    storage_writer_options o;
    common_buf rows;   /* staged rows, COPY text */
    common_buf pages;
    size_t nrows, npages;
    bool rereads;      /* held rows include re-read adverts (reread.sql) */
    int seq;
    long long next_try_ms; /* after a failed flush, adds do not retry before */
    storage *fold;     /* the second connection, opened at the first commit */
    bool folding;      /* a fold is sent and not yet waited for */
    bool fold_due;     /* committed deltas no sent fold covers */
    storage_writer_stats st;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pause_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void report(storage_writer *w, const char *source, const char *key, const char *reason)
{
    w->st.rejected++;
    if (w->o.on_reject)
        w->o.on_reject(w->o.reject_arg, source, key, reason);
    else
        fprintf(stderr, "storage: rejected %s %s: %s\n", source ? source : "?",
                key ? key : "?", reason);
}

const char *storage_advert_key(const vacancy *v)
{
    if (v->site_id && *v->site_id)
        return v->site_id;
    if (v->canonical_url && *v->canonical_url)
        return v->canonical_url;
    return v->url;
}

int storage_writer_new(storage_writer **out, storage *s, const storage_writer_options *opts)
{
    storage_writer *w = common_calloc(1, sizeof(*w));
    *out = NULL;
    if (!w)
        return COMMON_ENOMEM;
    w->s = s;
    if (opts)
        w->o = *opts;
    if (!w->o.batch_rows)
        w->o.batch_rows = STORAGE_BATCH_ROWS;
    if (!w->o.max_pending)
        w->o.max_pending = STORAGE_MAX_PENDING;
    if (w->o.max_pending < w->o.batch_rows)
        w->o.max_pending = w->o.batch_rows;
    if (!w->o.retry_ms)
        w->o.retry_ms = STORAGE_RETRY_MS;
    if (!w->o.raw_keep_days)
        w->o.raw_keep_days = STORAGE_RAW_KEEP_DAYS;
    *out = w;
    return 0;
}

/* Exponential backoff between retries, capped. */
static unsigned next_pause(unsigned pause)
{
    return pause * 2 > RETRY_MAX_PAUSE_MS ? RETRY_MAX_PAUSE_MS : pause * 2;
}

/* Wait for the fold in flight. One that failed leaves its deltas pending. */
static int fold_wait(storage_writer *w)
{
    int rc;
    if (!w->folding)
        return 0;
    w->folding = false;
    if ((rc = db_wait(w->fold, "fold counts")) < 0)
        w->fold_due = true;
    return rc;
}

/* Send a fold of every delta committed so far, after the one in flight. */
static int fold_start(storage_writer *w)
{
    int rc;
    if (!w->fold_due)
        return 0;
    fold_wait(w); /* its failure leaves fold_due set: this fold covers it */
    if (!w->fold)
        rc = storage_open(&w->fold, w->s->conninfo, w->s->schema);
    else
        rc = db_lost(w->fold) ? db_connect(w->fold) : 0;
    if (rc < 0 || (rc = db_send(w->fold, "fold counts", storage_sql_fold)) < 0)
        return rc;
    w->folding = true;
    w->fold_due = false;
    return 0;
}

/* Counts that include everything committed: fold and wait, retrying a
 * lost connection with backoff within budget_ms. */
static int fold_settle(storage_writer *w, unsigned budget_ms)
{
    long long deadline = now_ms() + budget_ms;
    unsigned pause = RETRY_FIRST_MS;
    int rc;
    for (;;) {
        if ((rc = fold_start(w)) == 0 && (rc = fold_wait(w)) == 0)
            return 0;
        if ((w->fold && !db_lost(w->fold)) || now_ms() + pause > deadline)
            break;
        pause_ms(pause);
        pause = next_pause(pause);
    }
    return common_error(rc, "%s (counts stay pending until a later fold)", common_last_error());
}

/* One transaction: stage, COPY, merge, commit. */
static int send(storage_writer *w, const char *rows, size_t len, int with_pages)
{
    storage *s = w->s;
    int rc;
    if ((rc = db_begin(s)) < 0)
        return rc;
    if ((rc = db_exec(s, "stage", storage_sql_stage)) < 0 ||
        (rc = db_copy(s, "copy vacancies", storage_sql_copy_stage, rows, len)) < 0 ||
        (with_pages && (rc = db_copy(s, "copy pages", storage_sql_copy_stage_pages,
                                     w->pages.data, w->pages.len)) < 0) ||
        (w->rereads && (rc = db_exec(s, "reread", storage_sql_reread)) < 0) ||
        (rc = db_exec(s, "merge", storage_sql_merge)) < 0 ||
        (rc = db_commit(s)) < 0) {
        db_rollback(s);
        return rc;
    }
    w->st.batches++;
    w->fold_due = true;
    /* The batch is in; a fold that cannot start now runs after the next. */
    if (fold_start(w) < 0)
        fprintf(stderr, "%s; counts follow after the next batch\n", common_last_error());
    return 0;
}

/* The source and key of a staged row, for the report (columns 3 and 4). */
static void row_names(const char *row, size_t len, char *src, char *key, size_t cap)
{
    const char *f[5] = {row};
    size_t k = 1;
    for (size_t i = 0; i < len && k < 5; i++)
        if (row[i] == '\t')
            f[k++] = row + i + 1;
    src[0] = key[0] = '\0';
    if (k == 5) {
        snprintf(src, cap, "%.*s", (int)(f[3] - f[2] - 1), f[2]);
        snprintf(key, cap, "%.*s", (int)(f[4] - f[3] - 1), f[3]);
    }
}

/* Send rows[0..len) (whole lines). *done advances over what committed. A
 * refusal for the data itself (not a lost connection) splits the range. */
static int send_split(storage_writer *w, const char *rows, size_t len, size_t *done)
{
    const char *mid;
    int rc;
    if (len == 0 && w->npages == 0)
        return 0;
    rc = send(w, rows, len, w->npages > 0);
    if (rc == 0) {
        w->npages = 0;
        common_buf_clear(&w->pages);
        *done += len;
        return 0;
    }
    if (db_lost(w->s) || !db_data_error(w->s))
        return rc;
    mid = len > 1 ? memchr(rows + len / 2, '\n', len - len / 2 - 1) : NULL;
    if (!mid) { /* a single row: reject it, keep going */
        char src[128], key[256];
        row_names(rows, len, src, key, sizeof(src));
        report(w, src, key, common_last_error());
        *done += len;
        if (w->npages > 0 && len > 0)
            return send_split(w, rows, 0, done);
        return 0;
    }
    if ((rc = send_split(w, rows, (size_t)(mid - rows) + 1, done)) < 0)
        return rc;
    return send_split(w, mid + 1, len - (size_t)(mid - rows) - 1, done);
}

static size_t count_lines(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

/* One attempt at writing everything held; drops what committed. */
static int flush_once(storage_writer *w)
{
    size_t done = 0, lines;
    int rc = db_lost(w->s) ? db_connect(w->s) : 0;
    if (rc < 0)
        return rc;
    rc = send_split(w, w->rows.data, w->rows.len, &done);
    lines = count_lines(w->rows.data, done);
    w->st.written += lines;
    w->nrows -= lines;
    if (w->nrows == 0)
        w->rereads = false;
    if (done > 0) {
        memmove(w->rows.data, w->rows.data + done, w->rows.len - done);
        w->rows.len -= done;
        w->rows.data[w->rows.len] = '\0';
    }
    return rc;
}

static int flush_retrying(storage_writer *w, unsigned budget_ms)
{
    long long deadline = now_ms() + budget_ms;
    unsigned pause = RETRY_FIRST_MS;
    int rc;
    if (w->nrows == 0 && w->npages == 0)
        return 0;
    for (;;) {
        if ((rc = flush_once(w)) == 0) {
            w->next_try_ms = 0;
            return 0;
        }
        if (!db_lost(w->s) || now_ms() + pause > deadline)
            break;
        pause_ms(pause);
        w->st.retries++;
        pause = next_pause(pause);
    }
    w->next_try_ms = now_ms() + RETRY_MAX_PAUSE_MS;
    return common_error(COMMON_EIO, "%s (%zu rows held)", common_last_error(), w->nrows);
}

/* Called after each row is queued: write a full batch when the server is
 * expected back; block only when the held rows reach max_pending. */
static int after_add(storage_writer *w)
{
    if (w->nrows >= w->o.max_pending)
        return flush_retrying(w, w->o.retry_ms);
    if (w->nrows >= w->o.batch_rows && now_ms() >= w->next_try_ms)
        flush_retrying(w, 0); /* one try; the rows stay held on failure */
    return 0;
}

static int room(storage_writer *w)
{
    int rc;
    if (w->nrows < w->o.max_pending)
        return 0;
    if ((rc = flush_retrying(w, w->o.retry_ms)) < 0)
        return rc;
    return 0;
}

static int queued(storage_writer *w, int rc, const char *source, const char *key)
{
    if (rc == COMMON_EINVAL) {
        report(w, source, key, common_last_error());
        return 0;
    }
    if (rc < 0)
        return rc;
    w->nrows++;
    w->st.accepted++;
    return after_add(w);
}

static int add_vacancy(storage_writer *w, const char *kind, const vacancy *v, time_t seen_at)
{
    int rc = room(w);
    if (rc < 0)
        return rc;
    rc = row_vacancy(&w->rows, kind, ++w->seq, v, seen_at);
    return queued(w, rc, v->source, storage_advert_key(v));
}

int storage_writer_add(storage_writer *w, const vacancy *v, time_t seen_at)
{
    return add_vacancy(w, "seen", v, seen_at);
}

int storage_writer_reread(storage_writer *w, const vacancy *v, time_t read_at)
{
    w->rereads = true;
    return add_vacancy(w, "reread", v, read_at);
}

static int mark(storage_writer *w, const char *kind, const char *source, const char *key,
                time_t seen_at, const char *reason)
{
    int rc = room(w);
    if (rc < 0)
        return rc;
    rc = row_mark(&w->rows, kind, ++w->seq, source, key, seen_at, reason);
    return queued(w, rc, source, key);
}

int storage_writer_gone(storage_writer *w, const char *source, const char *key,
                        time_t seen_at, const char *reason)
{
    return mark(w, "gone", source, key, seen_at, reason);
}

int storage_writer_seen(storage_writer *w, const char *source, const char *key,
                        time_t seen_at)
{
    return mark(w, "touch", source, key, seen_at, NULL);
}

int storage_writer_code(storage_writer *w, const char *source, const char *key,
                        const vacancy_code *code)
{
    int rc = room(w);
    if (rc < 0)
        return rc;
    rc = row_code(&w->rows, ++w->seq, source, key, code);
    return queued(w, rc, source, key);
}

int storage_writer_page(storage_writer *w, const storage_page *p)
{
    int rc = room(w);
    if (rc < 0)
        return rc;
    rc = row_page(&w->pages, p, w->o.raw_keep_days);
    if (rc == COMMON_EINVAL) {
        report(w, p->source, p->url, common_last_error());
        return 0;
    }
    if (rc < 0)
        return rc;
    w->npages++;
    return 0;
}

int storage_writer_flush(storage_writer *w)
{
    int rc = flush_retrying(w, w->o.retry_ms);
    if (rc < 0)
        return rc;
    return fold_settle(w, w->o.retry_ms);
}

void storage_writer_stats_get(const storage_writer *w, storage_writer_stats *st)
{
    *st = w->st;
    st->pending = w->nrows;
}

int storage_writer_free(storage_writer *w)
{
    int rc;
    if (!w)
        return 0;
    rc = storage_writer_flush(w);
    if (rc < 0)
        rc = common_error(rc, "%s; lost on close", common_last_error());
    fold_wait(w);
    storage_close(w->fold);
    common_buf_free(&w->rows);
    common_buf_free(&w->pages);
    free(w);
    return rc;
}
