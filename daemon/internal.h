/* internal.h - private to daemon/: sources, the frontier connection. */
#ifndef VH_DAEMON_INTERNAL_H
#define VH_DAEMON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon.h"

typedef enum {
    SOURCE_SITEMAP = 0,
    SOURCE_FEED,
    SOURCE_JSONAPI,
    SOURCE_HTML
} source_type;

#define SOURCE_MAX_LIST 64         /* start URLs, patterns, headers per source */
#define SOURCE_DEFAULT_REVISIT_S 3600    /* feeds, sitemaps, listings */
#define SOURCE_DEFAULT_RECHECK_S 86400   /* adverts */
#define SOURCES_MAX 1024           /* files read from sources.d */
#define SOURCE_MAX_PER_HOST 64     /* a source's transfers at once to one host */

typedef struct {
    char *name;          /* the file name without .conf, or name = */
    source_type type;
    bool enabled;
    char *start[SOURCE_MAX_LIST];
    size_t nstart;
    char *include[SOURCE_MAX_LIST]; /* '*' globs on absolute URLs; none: all */
    size_t ninclude;
    char *exclude[SOURCE_MAX_LIST];
    size_t nexclude;
    char *advert_pattern, *next_pattern; /* html sources */
    long min_delay_ms;   /* between requests to one host; 0: the daemon's */
    int per_host;        /* transfers at once to one host; 0: the daemon's */
    long revisit_s, recheck_s;
    /* "Name: value" with the secret resolved; never logged. */
    char *headers[SOURCE_MAX_LIST + 1];
    size_t nheaders;
} source;

typedef struct {
    source *v;
    size_t n;
} source_list;

/* Read every *.conf in dir (sorted); a bad file is an error naming it. */
int sources_load(source_list *out, const char *dir, const char *credentials_file);
void sources_free(source_list *l);
const source *sources_find(const source_list *l, const char *name);
const char *source_type_name(source_type t);
/* True when the URL passes the source's include / exclude patterns. */
bool source_wants(const source *s, const char *url);

#endif
