/* datadir.c - where reference files and built artefacts are found. */
#include "common.h"

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

const char *common_data_dir(const char *explicit_dir)
{
    if (explicit_dir && *explicit_dir)
        return explicit_dir;
    const char *env = getenv(COMMON_DATA_DIR_ENV);
    if (env && *env)
        return env;
    return VH_DEFAULT_DATA_DIR;
}

char *common_data_path(const char *explicit_dir, const char *relative)
{
    common_buf b = COMMON_BUF_INIT;
    if (common_buf_printf(&b, "%s/%s", common_data_dir(explicit_dir), relative)) {
        common_buf_free(&b);
        return NULL;
    }
    return common_buf_detach(&b);
}

int common_mkdirs(const char *path)
{
    char *p = common_strdup(path);
    if (!p)
        return COMMON_ENOMEM;
    int rc = 0;
    for (char *s = p + 1; ; s++) {
        bool end = (*s == '\0');
        if (*s == '/' || end) {
            char saved = *s;
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                rc = common_error(COMMON_EIO, "%s: cannot create directory: %s", p,
                                  strerror(errno));
                break;
            }
            *s = saved;
        }
        if (end)
            break;
    }
    free(p);
    return rc;
}
