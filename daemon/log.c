/* log.c - lines on stderr with sd-daemon(3) "<N>" priority prefixes, so
 * journald files them under the right level. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "daemon.h"

static daemon_log_level threshold = DAEMON_LOG_INFO;

static const struct {
    const char *name;
    daemon_log_level level;
} level_names[] = {
    {"error", DAEMON_LOG_ERR},   {"warning", DAEMON_LOG_WARNING},
    {"notice", DAEMON_LOG_NOTICE}, {"info", DAEMON_LOG_INFO},
    {"debug", DAEMON_LOG_DEBUG},
};

void daemon_log_set_level(daemon_log_level level)
{
    threshold = level;
}

int daemon_log_level_parse(const char *name, daemon_log_level *out)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (!strcasecmp(name, level_names[i].name)) {
            *out = level_names[i].level;
            return 0;
        }
    return -1;
}

void daemon_log(daemon_log_level level, const char *fmt, ...)
{
    if (level > threshold)
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* One write per line so lines from a crash and a log never interleave. */
    fprintf(stderr, "<%d>vacancyd: %s\n", (int)level, line);
}
