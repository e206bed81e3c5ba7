/* daemon.h - vacancyd: configuration, sources, the crawl pipeline
 * (frontier in PostgreSQL -> crawler -> parser -> coder -> storage) and
 * its status.
 *
 * Errors follow common/common.h: 0 or a negative COMMON_E* code after
 * common_error() named the input and what is wrong. */
#ifndef VH_DAEMON_H
#define VH_DAEMON_H

#include <stdbool.h>
#include <stdio.h>

#include "parser/parser.h"
#include "storage/storage.h"

#define DAEMON_CONFIG_PATH "/etc/vacancy-harvester/vacancyd.conf"
#define DAEMON_SOURCES_DIR "/etc/vacancy-harvester/sources.d"

/* Log levels, as syslog / sd-daemon(3) number them. */
typedef enum {
    DAEMON_LOG_ERR = 3,
    DAEMON_LOG_WARNING = 4,
    DAEMON_LOG_NOTICE = 5,
    DAEMON_LOG_INFO = 6,
    DAEMON_LOG_DEBUG = 7
} daemon_log_level;

/* vacancyd.conf, section [daemon]; strings owned by the config. */
typedef struct {
    char *data_dir;       /* NULL: common_data_dir(NULL) */
    char *coder_dir;      /* NULL: coder_default_dir() */
    char *database_url;   /* NULL: $DATABASE_URL */
    char *database_schema;/* NULL: public (tests use their own) */
    char *sources_dir;    /* default DAEMON_SOURCES_DIR */
    char *credentials_file; /* NAME = secret lines for source headers */
    char *user_agent;     /* product token and version */
    char *contact_url;    /* added to the User-Agent as (+URL) */
    bool allow_private_addresses;
    int concurrency;      /* transfers at once over all hosts */
    int per_host;         /* transfers at once per host */
    long min_delay_ms;    /* default delay between requests to a host */
    daemon_log_level log_level;
    char *resolve;        /* space-separated HOST:PORT:ADDRESS pins (tests);
                             the key may repeat, values add up */
} daemon_config;

int daemon_config_load(daemon_config *c, const char *path);
void daemon_config_free(daemon_config *c);

/* Logging to stderr with "<N>" priority prefixes journald understands. */
void daemon_log_set_level(daemon_log_level level);
int daemon_log_level_parse(const char *name, daemon_log_level *out);
void daemon_log(daemon_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

typedef struct {
    bool until_idle;  /* exit 0 once every URL due at start was fetched */
} daemon_run_options;

/* Run until SIGTERM / SIGINT (or idle with until_idle). SIGHUP reloads the
 * sources. Installs its own signal handlers. */
int daemon_run(const daemon_config *c, const daemon_run_options *o);

/* `vacancyctl status`: per source and host, queue depth, fetched, errors
 * by kind, parsed, coded, stored, last success. */
int daemon_status(const char *conninfo, const char *schema, FILE *out);

/* `vacancyctl recode --reparse`: read a kept raw page again as the
 * pipeline first read it, a JSON API document's items or an advert page's
 * advert, with the URLs the pipeline gave them, and hand each record to
 * fn (which may change it; it is freed after). Sets *adverts to the
 * number handed over; a page that no longer parses gives 0 adverts with
 * the reason in common_last_error(). Returns <0 only when fn fails or
 * memory runs out. */
typedef int (*daemon_advert_fn)(void *arg, vacancy *v);
int daemon_reparse_page(const parser *ps, const storage_page *pg, daemon_advert_fn fn,
                        void *arg, size_t *adverts);

#endif
