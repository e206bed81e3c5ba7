/* faults.c - /fault/... paths: what real servers do to crawlers. */
#include "board.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define FAULT_SLOW_CHUNKS 10      /* a slow body is this many pieces ... */
#define FAULT_RESET_PROMISE 100000 /* a reset page promises this many bytes */
#define FAULT_CHUNK 16384

typedef struct {
    unsigned delay_ms;   /* before each chunk */
    size_t total;        /* bytes to send before ending */
    bool fail;           /* end with an error (connection reset) */
} stream;

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    stream *s = cls;
    if (pos >= s->total)
        return s->fail ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
    if (s->delay_ms)
        usleep(s->delay_ms * 1000u);
    size_t n = s->total - (size_t)pos;
    if (n > max)
        n = max;
    if (s->delay_ms && n > 1)
        n = 1;
    memset(buf, 'x', n);
    return (ssize_t)n;
}

static int streamed(board_reply *r, uint64_t declared, unsigned delay_ms, size_t total, bool fail)
{
    stream *s = common_malloc(sizeof(*s));
    if (!s)
        return COMMON_ENOMEM;
    *s = (stream){delay_ms, total, fail};
    r->custom = MHD_create_response_from_callback(declared, FAULT_CHUNK, stream_read, s, free);
    if (!r->custom) {
        free(s);
        return common_error(COMMON_ENOMEM, "board: cannot create a streamed response");
    }
    return 0;
}

static int gzip_body(board_reply *r, const char *text, bool corrupt)
{
    unsigned char out[1024];
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return common_error(COMMON_EIO, "board: deflateInit2 failed");
    z.next_in = (unsigned char *)text;
    z.avail_in = (unsigned)strlen(text);
    z.next_out = out;
    z.avail_out = sizeof(out);
    int zr = deflate(&z, Z_FINISH);
    size_t n = sizeof(out) - z.avail_out;
    deflateEnd(&z);
    if (zr != Z_STREAM_END)
        return common_error(COMMON_EIO, "board: deflate failed");
    if (corrupt) /* keep the gzip header, ruin the deflate data and the CRC */
        for (size_t i = 10; i < n; i++)
            out[i] ^= 0x5A;
    board_reply_header(r, "Content-Encoding", "gzip");
    return common_buf_append(&r->body, (const char *)out, n);
}

static void http_date(time_t t, char out[64])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 64, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

int board_fault(board *b, const char *what, board_reply *r)
{
    char v[64];
    if (!strcmp(what, "500")) {
        r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        return common_buf_puts(&r->body, "internal error\n");
    }
    if (!strcmp(what, "503") || !strcmp(what, "429")) {
        r->status = what[0] == '5' ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_TOO_MANY_REQUESTS;
        snprintf(v, sizeof(v), "%u", b->retry_after_s);
        board_reply_header(r, "Retry-After", v);
        return common_buf_puts(&r->body, "slow down\n");
    }
    if (!strcmp(what, "429-date")) {
        r->status = MHD_HTTP_TOO_MANY_REQUESTS;
        http_date(time(NULL) + b->retry_after_s, v);
        board_reply_header(r, "Retry-After", v);
        return common_buf_puts(&r->body, "slow down\n");
    }
    if (!strcmp(what, "slow")) /* a trickle: one byte per slow_ms */
        return streamed(r, FAULT_SLOW_CHUNKS, b->slow_ms, FAULT_SLOW_CHUNKS, false);
    if (!strcmp(what, "reset")) /* promises more than it sends, then drops the connection */
        return streamed(r, FAULT_RESET_PROMISE, 0, FAULT_RESET_PROMISE / 10, true);
    if (!strcmp(what, "big")) /* chunked: no Content-Length to refuse it early */
        return streamed(r, MHD_SIZE_UNKNOWN, 0, b->big_bytes, false);
    if (!strcmp(what, "big-length")) /* announced: refusable from the header */
        return streamed(r, b->big_bytes, 0, b->big_bytes, false);
    if (!strncmp(what, "loop/", 5) || !strncmp(what, "redirect/", 9)) {
        bool loop = what[0] == 'l';
        unsigned long n = strtoul(what + (loop ? 5 : 9), NULL, 10);
        if (!loop && n == 0)
            return common_buf_puts(&r->body, "arrived\n");
        snprintf(v, sizeof(v), "/fault/%s/%lu", loop ? "loop" : "redirect", loop ? n + 1 : n - 1);
        r->status = MHD_HTTP_FOUND;
        board_reply_header(r, "Location", v);
        return common_buf_puts(&r->body, "moved\n");
    }
    if (!strcmp(what, "gzip") || !strcmp(what, "bad-gzip"))
        return gzip_body(r, "<p>compressed page</p>\n", what[0] == 'b');
    if (!strcmp(what, "latin1-as-utf8")) { /* a single-byte pound sign, declared UTF-8 */
        r->content_type = "text/html; charset=utf-8";
        return common_buf_puts(&r->body, "<p>Salary: \xA3" "25,000 per annum</p>\n");
    }
    if (!strcmp(what, "utf8-as-latin1")) { /* UTF-8 pound sign, declared ISO-8859-1 */
        r->content_type = "text/html; charset=ISO-8859-1";
        return common_buf_puts(&r->body, "<p>Salary: \xC2\xA3" "25,000 per annum</p>\n");
    }
    r->status = MHD_HTTP_NOT_FOUND;
    return common_buf_puts(&r->body, "no such fault\n");
}
