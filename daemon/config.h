/* config.h - private: INI value readers shared by config.c and sources.c. */
#ifndef VH_DAEMON_CONFIG_H
#define VH_DAEMON_CONFIG_H

#include <stdbool.h>

/* Each returns 0, or -1 when the value is malformed or out of range. */
int config_bool(const char *v, bool *out);
int config_long(const char *v, long min, long max, long *out);
int config_seconds_ms(const char *v, long max_ms, long *out);
/* Replace *field with a copy of v. */
int config_set(char **field, const char *v);

#endif
