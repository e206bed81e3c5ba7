/* board.h - the sample job board: shared by its files only. */
#ifndef VH_BOARD_H
#define VH_BOARD_H

#include "common/common.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>

typedef struct {
    const char *title;
    const char *soc2020;
} board_job;

typedef struct {
    const char *town;
    const char *lad_code;
    const char *lad_name;
} board_place;

typedef enum { BOARD_JSONLD, BOARD_MICRODATA, BOARD_HTML } board_format;

typedef struct {
    unsigned host;      /* 1-based board number: boardN.test */
    unsigned id;        /* 1-based within the board */
    board_format format;
    const board_job *job;
    const board_place *place;
    char employer[64];
    double pay_min, pay_max;
    bool hourly;
    int posted_days_ago; /* before the board's fixed "today" */
} board_advert;

typedef struct {
    /* options */
    unsigned hosts, adverts, close_every;
    unsigned long long seed;
    double crawl_delay;
    unsigned retry_after_s, slow_ms;
    size_t big_bytes;
    const char *truth_path, *log_path;
    /* state */
    unsigned port;
    board_advert *ads;    /* hosts x adverts, host-major */
    bool *closed;         /* same order; guarded by lock */
    pthread_mutex_t lock;
    FILE *log;
} board;

/* catalogue.c: the built-in lists and the deterministic adverts. */
int board_generate(board *b);
const board_advert *board_advert_at(const board *b, unsigned host, unsigned id);
bool board_is_closed(board *b, unsigned host, unsigned id);
void board_close(board *b, unsigned host, unsigned id);
const char *board_format_name(board_format f);
void board_posted_date(const board_advert *a, char out[11]);
int board_write_truth(board *b);

#define BOARD_MAX_HEADERS 8

/* A response under construction: status, body, headers. */
typedef struct {
    unsigned status;
    common_buf body;
    const char *content_type;
    struct MHD_Response *custom; /* set by faults that stream */
    char header_name[BOARD_MAX_HEADERS][32];
    char header_value[BOARD_MAX_HEADERS][256];
    size_t nheaders;
} board_reply;

int board_reply_header(board_reply *r, const char *name, const char *value);

/* pages.c: adverts, listings, sitemaps, feed, robots.txt. */
int board_page(board *b, unsigned host, const char *path, struct MHD_Connection *conn,
               board_reply *r);
/* faults.c: /fault/... paths. */
int board_fault(board *b, const char *path, board_reply *r);

#endif
