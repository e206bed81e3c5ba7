/* sources.c - sources.d/NAME.conf: one source per INI file.
 *
 *   [source]   type, enabled, start, include, exclude, advert_pattern,
 *              next_pattern, min_delay, per_host, revisit, recheck, name
 *   [headers]  Name = literal | env:VARIABLE | credential:NAME
 *
 * Header values that come from the environment or the credentials file
 * are secrets: no message ever shows them. */
#include <dirent.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "config.h"
#include "parser/parser.h"
#include "internal.h"

#define SOURCE_MAX_REVISIT_S (365L * 86400)

static const char *const type_names[] = {"sitemap", "feed", "jsonapi", "html"};

const char *source_type_name(source_type t)
{
    return type_names[t];
}

/* Split a space-separated value into copies appended to list. */
static int split_list(const char *v, char **list, size_t *n)
{
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strcspn(p, " \t");
        if (!len)
            break;
        if (*n >= SOURCE_MAX_LIST || !(list[*n] = common_strndup(p, len)))
            return -1;
        (*n)++;
        p += len;
    }
    return 0;
}

typedef struct {
    source *s;
    common_strmap *cred_index; /* credential name -> index in creds */
    char **creds;
    const char *bad;
} source_state;

static const char *secret_value(source_state *st, const char *v)
{
    if (!strncmp(v, "env:", 4))
        return getenv(v + 4);
    if (!strncmp(v, "credential:", 11)) {
        int64_t i = st->cred_index
                        ? common_strmap_get(st->cred_index, v + 11, strlen(v + 11)) : -1;
        return i < 0 ? NULL : st->creds[i];
    }
    return v;
}

static int add_header(source_state *st, const char *name, const char *v)
{
    source *s = st->s;
    const char *value = secret_value(st, v);
    if (!value || s->nheaders >= SOURCE_MAX_LIST)
        return -1;
    common_buf b = COMMON_BUF_INIT;
    if (common_buf_printf(&b, "%s: %s", name, value)) {
        common_buf_free(&b);
        return -1;
    }
    s->headers[s->nheaders++] = common_buf_detach(&b);
    return 0;
}

static int on_source_key(void *user, const char *section, const char *name, const char *v)
{
    source_state *st = user;
    source *s = st->s;
    long n;
    int rc = 0;
    st->bad = name;
    if (!strcmp(section, "headers"))
        return add_header(st, name, v) == 0;
    if (strcmp(section, "source"))
        return 0;
    if (!strcmp(name, "name"))
        rc = config_set(&s->name, v);
    else if (!strcmp(name, "type")) {
        rc = -1;
        for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
            if (!strcmp(v, type_names[i])) {
                s->type = (source_type)i;
                rc = 0;
            }
    } else if (!strcmp(name, "enabled"))
        rc = config_bool(v, &s->enabled);
    else if (!strcmp(name, "start"))
        rc = split_list(v, s->start, &s->nstart);
    else if (!strcmp(name, "include"))
        rc = split_list(v, s->include, &s->ninclude);
    else if (!strcmp(name, "exclude"))
        rc = split_list(v, s->exclude, &s->nexclude);
    else if (!strcmp(name, "advert_pattern"))
        rc = config_set(&s->advert_pattern, v);
    else if (!strcmp(name, "next_pattern"))
        rc = config_set(&s->next_pattern, v);
    else if (!strcmp(name, "min_delay"))
        rc = config_seconds_ms(v, SOURCE_MAX_REVISIT_S * 1000, &s->min_delay_ms);
    else if (!strcmp(name, "per_host")) {
        rc = config_long(v, 1, SOURCE_MAX_PER_HOST, &n);
        s->per_host = (int)n;
    } else if (!strcmp(name, "revisit")) {
        rc = config_long(v, 0, SOURCE_MAX_REVISIT_S, &n);
        s->revisit_s = n;
    } else if (!strcmp(name, "recheck")) {
        rc = config_long(v, 0, SOURCE_MAX_REVISIT_S, &n);
        s->recheck_s = n;
    } else
        return 0;
    return rc == 0;
}

static void source_free(source *s)
{
    free(s->name);
    for (size_t i = 0; i < s->nstart; i++)
        free(s->start[i]);
    for (size_t i = 0; i < s->ninclude; i++)
        free(s->include[i]);
    for (size_t i = 0; i < s->nexclude; i++)
        free(s->exclude[i]);
    for (size_t i = 0; i < s->nheaders; i++)
        free(s->headers[i]);
    free(s->advert_pattern);
    free(s->next_pattern);
}

static int load_one(source_state *st, const char *path, const char *stem)
{
    source *s = st->s;
    memset(s, 0, sizeof(*s));
    s->enabled = true;
    s->revisit_s = SOURCE_DEFAULT_REVISIT_S;
    s->recheck_s = SOURCE_DEFAULT_RECHECK_S;
    s->type = SOURCE_SITEMAP;
    int line = ini_parse(path, on_source_key, st);
    int rc = 0;
    if (line < 0)
        rc = common_error(COMMON_EIO, "%s: cannot read the source", path);
    else if (line > 0)
        rc = common_error(COMMON_EFORMAT, "%s:%d: unknown key, bad value or unresolved "
                          "secret for '%s'", path, line, st->bad ? st->bad : "?");
    else if (!s->name && config_set(&s->name, stem))
        rc = COMMON_ENOMEM;
    else if (!s->nstart)
        rc = common_error(COMMON_EFORMAT, "%s: no start URLs", path);
    else if (s->type == SOURCE_HTML && !s->advert_pattern)
        rc = common_error(COMMON_EFORMAT, "%s: an html source needs advert_pattern", path);
    if (rc)
        source_free(s);
    return rc;
}

static int on_credential(void *user, const char *section, const char *name, const char *v)
{
    source_state *st = user;
    (void)section;
    size_t n = common_strmap_size(st->cred_index);
    char **grown = realloc(st->creds, (n + 1) * sizeof(*grown));
    if (!grown)
        return 0;
    st->creds = grown;
    if (!(st->creds[n] = common_strdup(v)))
        return 0;
    if (common_strmap_put(st->cred_index, name, strlen(name), (int64_t)n) != (int64_t)n) {
        free(st->creds[n]); /* a repeated name keeps its first value */
        return 1;
    }
    return 1;
}

static int load_credentials(source_state *st, const char *path)
{
    if (!path)
        return 0;
    if (!(st->cred_index = common_strmap_new(16)))
        return COMMON_ENOMEM;
    int line = ini_parse(path, on_credential, st);
    if (line < 0)
        return common_error(COMMON_EIO, "%s: cannot read the credentials file", path);
    if (line > 0) /* the line number only: the line holds a secret */
        return common_error(COMMON_EFORMAT, "%s:%d: malformed credential line", path, line);
    return 0;
}

static void free_credentials(source_state *st)
{
    size_t n = st->cred_index ? common_strmap_size(st->cred_index) : 0;
    for (size_t i = 0; i < n; i++)
        free(st->creds[i]);
    free(st->creds);
    common_strmap_free(st->cred_index);
}

static int is_conf(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".conf");
}

int sources_load(source_list *out, const char *dir, const char *credentials_file)
{
    memset(out, 0, sizeof(*out));
    struct dirent **names;
    int n = scandir(dir, &names, is_conf, alphasort);
    if (n < 0)
        return common_error(COMMON_EIO, "%s: cannot read the sources directory", dir);
    source_state st = {0};
    int rc = n > SOURCES_MAX ? common_error(COMMON_EINVAL, "%s: over %d sources", dir, SOURCES_MAX)
                             : load_credentials(&st, credentials_file);
    if (!rc && n && !(out->v = common_calloc((size_t)n, sizeof(source))))
        rc = COMMON_ENOMEM;
    for (int i = 0; i < n; i++) {
        if (!rc) {
            common_buf path = COMMON_BUF_INIT;
            char *stem = common_strndup(names[i]->d_name, strlen(names[i]->d_name) - 5);
            rc = !stem || common_buf_printf(&path, "%s/%s", dir, names[i]->d_name)
                     ? COMMON_ENOMEM : 0;
            st.s = &out->v[out->n];
            if (!rc && !(rc = load_one(&st, path.data, stem)))
                out->n++;
            free(stem);
            common_buf_free(&path);
        }
        free(names[i]);
    }
    free(names);
    free_credentials(&st);
    if (rc)
        sources_free(out);
    return rc;
}

void sources_free(source_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        source_free(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

const source *sources_find(const source_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].name, name))
            return &l->v[i];
    return NULL;
}

bool source_wants(const source *s, const char *url)
{
    for (size_t i = 0; i < s->nexclude; i++)
        if (parser_url_match(s->exclude[i], url))
            return false;
    if (!s->ninclude)
        return true;
    for (size_t i = 0; i < s->ninclude; i++)
        if (parser_url_match(s->include[i], url))
            return true;
    return false;
}
