/* fields.c - terms of employment and the site's own identifier.
 *
 * The same words come from JSON-LD ("FULL_TIME"), microdata and labelled
 * HTML ("Full Time", "Fixed Term"), so they are read in one place. */
#include "internal.h"

#include <ctype.h>
#include <string.h>

#define SITE_ID_MAX 64
#define SITE_ID_MIN_DIGITS 4

void fields_employment_type(const char *text, vacancy *out)
{
    if (!text)
        return;
    char words[PARSER_MAX_TEXT];
    text_key(text, words, sizeof(words)); /* "FULL_TIME" -> "full time" */
    if (strstr(words, "full time") || strstr(words, "fulltime"))
        out->hours = VACANCY_FULL_TIME;
    else if (strstr(words, "part time") || strstr(words, "parttime"))
        out->hours = VACANCY_PART_TIME;
    if (strstr(words, "permanent"))
        out->contract = VACANCY_PERMANENT;
    else if (strstr(words, "fixed term") || strstr(words, "fixedterm") ||
             strstr(words, "maternity cover"))
        out->contract = VACANCY_FIXED_TERM;
    else if (strstr(words, "temporary") || strstr(words, "temp") || strstr(words, "contractor") ||
             strstr(words, "interim") || strstr(words, "seasonal"))
        out->contract = VACANCY_TEMPORARY;
}

/* Query parameters that carry a job id on UK boards ("viewjob?jk=..."). */
static const char *const id_params[] = {"jk", "jobid", "job_id", "vacancyid", "vacancy_id",
                                        "jobkey", "id", "ref"};

static bool id_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

static int from_query(const char *q, vacancy *out)
{
    for (size_t i = 0; i < sizeof(id_params) / sizeof(id_params[0]); i++) {
        size_t m = strlen(id_params[i]);
        for (const char *s = q; (s = strstr(s, id_params[i])); s++) {
            if ((s[-1] != '?' && s[-1] != '&') || s[m] != '=')
                continue;
            const char *v = s + m + 1;
            size_t len = 0;
            while (id_char(v[len]) && len < SITE_ID_MAX)
                len++;
            if (len)
                return vacancy_setn(&out->site_id, v, len);
        }
    }
    return 1;
}

/* The last path segment when it is, or ends in, a number: ".../41339969". */
static int from_path(const char *path, size_t n, vacancy *out)
{
    while (n && path[n - 1] == '/')
        n--;
    size_t end = n;
    if (n > 5 && !strncmp(path + n - 5, ".html", 5))
        end = n - 5;
    size_t start = end;
    while (start && isdigit((unsigned char)path[start - 1]))
        start--;
    bool segment = start && (path[start - 1] == '/' || path[start - 1] == '-' || path[start - 1] == '_');
    if (end - start >= SITE_ID_MIN_DIGITS && end - start <= SITE_ID_MAX && segment)
        return vacancy_setn(&out->site_id, path + start, end - start);
    return 1;
}

int fields_site_id_from_url(const char *url, vacancy *out)
{
    if (!url || out->site_id)
        return 0;
    const char *q = strchr(url, '?');
    const char *hash = strchr(url, '#');
    int rc = q ? from_query(q, out) : 1;
    if (rc == 1) {
        size_t n = q ? (size_t)(q - url) : hash ? (size_t)(hash - url) : strlen(url);
        rc = from_path(url, n, out);
    }
    return rc == 1 ? 0 : rc;
}
