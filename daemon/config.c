/* config.c - vacancyd.conf (INI, section [daemon]) via inih. */
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/common.h"
#include "daemon.h"
#include "config.h"

#define CONFIG_DEFAULT_AGENT "vacancy-harvester/0.1"
#define CONFIG_DEFAULT_CONCURRENCY 64
#define CONFIG_MAX_CONCURRENCY 1024
#define CONFIG_DEFAULT_MIN_DELAY_MS 1000L
#define CONFIG_MAX_DELAY_MS (86400L * 1000)

int config_bool(const char *v, bool *out)
{
    if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1") || !strcasecmp(v, "on"))
        *out = true;
    else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0")
             || !strcasecmp(v, "off"))
        *out = false;
    else
        return -1;
    return 0;
}

int config_long(const char *v, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

/* Seconds with an optional fraction, as milliseconds. */
int config_seconds_ms(const char *v, long max_ms, long *out)
{
    char *end;
    errno = 0;
    double s = strtod(v, &end);
    if (errno || end == v || *end || !(s >= 0) || s * 1000 > (double)max_ms)
        return -1;
    *out = (long)(s * 1000 + 0.5);
    return 0;
}

int config_set(char **field, const char *v)
{
    char *copy = common_strdup(v);
    if (!copy)
        return -1;
    free(*field);
    *field = copy;
    return 0;
}

/* Add v to a space-separated list. */
static int config_append(char **field, const char *v)
{
    common_buf b = COMMON_BUF_INIT;
    if ((*field && common_buf_printf(&b, "%s ", *field)) || common_buf_puts(&b, v)) {
        common_buf_free(&b);
        return -1;
    }
    free(*field);
    *field = common_buf_detach(&b);
    return 0;
}

typedef struct {
    daemon_config *c;
    const char *bad; /* the key that was wrong */
} load_state;

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    load_state *st = user;
    daemon_config *c = st->c;
    long n = 0;
    int rc = 0;
    st->bad = name;
    if (strcmp(section, "daemon"))
        return 0;
    if (!strcmp(name, "data_dir"))
        rc = config_set(&c->data_dir, value);
    else if (!strcmp(name, "coder_dir"))
        rc = config_set(&c->coder_dir, value);
    else if (!strcmp(name, "database_url"))
        rc = config_set(&c->database_url, value);
    else if (!strcmp(name, "database_schema"))
        rc = config_set(&c->database_schema, value);
    else if (!strcmp(name, "sources_dir"))
        rc = config_set(&c->sources_dir, value);
    else if (!strcmp(name, "credentials_file"))
        rc = config_set(&c->credentials_file, value);
    else if (!strcmp(name, "user_agent"))
        rc = config_set(&c->user_agent, value);
    else if (!strcmp(name, "contact_url"))
        rc = config_set(&c->contact_url, value);
    else if (!strcmp(name, "resolve"))
        rc = config_append(&c->resolve, value); /* inih caps a line: may repeat */
    else if (!strcmp(name, "allow_private_addresses"))
        rc = config_bool(value, &c->allow_private_addresses);
    else if (!strcmp(name, "concurrency")) {
        if (!(rc = config_long(value, 1, CONFIG_MAX_CONCURRENCY, &n)))
            c->concurrency = (int)n;
    } else if (!strcmp(name, "per_host")) {
        if (!(rc = config_long(value, 1, CONFIG_MAX_CONCURRENCY, &n)))
            c->per_host = (int)n;
    } else if (!strcmp(name, "min_delay"))
        rc = config_seconds_ms(value, CONFIG_MAX_DELAY_MS, &c->min_delay_ms);
    else if (!strcmp(name, "log_level"))
        rc = daemon_log_level_parse(value, &c->log_level);
    else
        return 0; /* reported as unknown by the caller's check below */
    return rc == 0;
}

static void config_defaults(daemon_config *c)
{
    memset(c, 0, sizeof(*c));
    c->concurrency = CONFIG_DEFAULT_CONCURRENCY;
    c->per_host = 1;
    c->min_delay_ms = CONFIG_DEFAULT_MIN_DELAY_MS;
    c->log_level = DAEMON_LOG_INFO;
}

int daemon_config_load(daemon_config *c, const char *path)
{
    config_defaults(c);
    load_state st = {c, NULL};
    int line = ini_parse(path, on_key, &st);
    if (line == -1)
        return common_error(COMMON_EIO, "%s: cannot open the configuration", path);
    if (line == -2)
        return common_error(COMMON_ENOMEM, "%s: out of memory", path);
    if (line > 0) {
        daemon_config_free(c);
        return common_error(COMMON_EFORMAT, "%s:%d: unknown key or bad value for '%s'", path, line,
                            st.bad ? st.bad : "?");
    }
    int rc = 0;
    if (!c->sources_dir)
        rc = config_set(&c->sources_dir, DAEMON_SOURCES_DIR);
    if (!rc && !c->user_agent)
        rc = config_set(&c->user_agent, CONFIG_DEFAULT_AGENT);
    if (rc) {
        daemon_config_free(c);
        return COMMON_ENOMEM;
    }
    return 0;
}

void daemon_config_free(daemon_config *c)
{
    free(c->data_dir);
    free(c->coder_dir);
    free(c->database_url);
    free(c->database_schema);
    free(c->sources_dir);
    free(c->credentials_file);
    free(c->user_agent);
    free(c->contact_url);
    free(c->resolve);
    memset(c, 0, sizeof(*c));
}
