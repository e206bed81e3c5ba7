/* redact.c - personal data out of descriptions before a record leaves.
 *
 * E-mail addresses become "[email]" and UK phone numbers "[phone]": a
 * number starting "0" or "+44" with 10 or 11 digits, allowing spaces,
 * hyphens and brackets between them. Amounts ("£25,000") and dates
 * ("09/11/2020") never match: their separators are not allowed. */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PHONE_DIGITS_MIN 10
#define PHONE_DIGITS_MAX 13 /* "+44 (0)7700 900123" */

static bool email_char(char c)
{
    return isalnum((unsigned char)c) || (c && strchr("._%+-", c));
}

/* Length of an e-mail address whose '@' is at s[at], and its start. */
static size_t email_at(const char *s, size_t at, size_t *start)
{
    size_t b = at;
    while (b > 0 && email_char(s[b - 1]))
        b--;
    size_t e = at + 1, dots = 0;
    while (isalnum((unsigned char)s[e]) || s[e] == '-' || (s[e] == '.' && isalnum((unsigned char)s[e + 1]))) {
        dots += s[e] == '.';
        e++;
    }
    if (b == at || !dots)
        return 0;
    *start = b;
    return e - b;
}

/* Length of a phone number starting at s, or 0. */
static size_t phone_at(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[0] == '+' && s[1] == '4' && s[2] == '4')
        i = 1;
    else if (s[0] == '(' && s[1] == '0')
        i = 1;
    else if (s[0] != '0')
        return 0;
    size_t last = 0;
    for (; s[i]; i++) {
        if (isdigit((unsigned char)s[i])) {
            digits++;
            last = i + 1;
        } else if (!(strchr(" -()", s[i]) && s[i + 1] && (isdigit((unsigned char)s[i + 1]) ||
                                                             strchr(" (", s[i + 1])))) {
            break;
        }
        if (digits > PHONE_DIGITS_MAX)
            return 0;
    }
    return digits >= PHONE_DIGITS_MIN && !isalnum((unsigned char)s[last]) ? last : 0;
}

int redact_personal(char **text)
{
    const char *s = *text;
    if (!s)
        return 0;
    common_buf b = COMMON_BUF_INIT;
    size_t n = strlen(s), copied = 0;
    int rc = 0, changed = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t start = i, len = 0;
        const char *mark = NULL;
        if (s[i] == '@' && (len = email_at(s, i, &start)) && start >= copied) {
            mark = "[email]";
        } else if ((i == 0 || !isalnum((unsigned char)s[i - 1])) && (len = phone_at(s + i))) {
            start = i;
            mark = "[phone]";
        }
        if (!mark)
            continue;
        rc = common_buf_append(&b, s + copied, start - copied);
        if (!rc)
            rc = common_buf_puts(&b, mark);
        copied = start + len;
        i = copied - 1;
        changed = 1;
    }
    if (!rc && changed) {
        rc = common_buf_append(&b, s + copied, n - copied);
        if (!rc) {
            free(*text);
            *text = common_buf_detach(&b);
            rc = *text ? 0 : COMMON_ENOMEM;
        }
    }
    common_buf_free(&b);
    return rc;
}
