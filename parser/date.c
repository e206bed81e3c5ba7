/* date.c - dates as adverts write them.
 *
 * ISO 8601 ("2020-11-09", "2020-12-21T23:55:00.0000000"), UK day-first
 * numbers ("09/11/2020", "9.11.20"), and prose ("10:00 pm on Sunday 2nd July
 * 2023", "Noon, Thursday 15 March 2018", "September 2018", RFC 822 dates in
 * feeds). Prose is read word by word: the first complete date wins, words
 * that are not part of a date are skipped. */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DATE_YEAR_MIN 1990
#define DATE_YEAR_MAX 2100
#define DATE_CENTURY 2000 /* two-digit years are this century's */
#define DATE_WORD_MAX 16
#define DATE_TIME_AFTER 2 /* words after the year that may hold the time */

static const char *const months[] = {"january", "february", "march", "april",
                                     "may", "june", "july", "august",
                                     "september", "october", "november", "december"};

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static bool valid(int y, int m, int d)
{
    return y >= DATE_YEAR_MIN && y <= DATE_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in(y, m);
}

static int set(vacancy_date *out, int y, int m, int d, int hh, int mm)
{
    if (!valid(y, m, d) || hh > 23 || mm > 59)
        return common_error(COMMON_EFORMAT, "date: %04d-%02d-%02d is not a date", y, m, d);
    out->year = (int16_t)y;
    out->month = (int8_t)m;
    out->day = (int8_t)d;
    out->hour = (int8_t)hh;
    out->minute = (int8_t)(hh < 0 ? -1 : mm);
    return 0;
}

/* Read up to `max` digits; returns the count. */
static int digits(const char *s, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (n < max && isdigit((unsigned char)s[n]))
        *v = *v * 10 + (s[n++] - '0');
    return n;
}

static int iso(const char *s, vacancy_date *out)
{
    int y, m, d, hh = -1, mm = 0;
    if (digits(s, 4, &y) != 4 || s[4] != '-' || digits(s + 5, 2, &m) != 2 || s[7] != '-' ||
        digits(s + 8, 2, &d) != 2 || isdigit((unsigned char)s[10]))
        return 1;
    if ((s[10] == 'T' || s[10] == ' ') && digits(s + 11, 2, &hh) == 2 && s[13] == ':' &&
        digits(s + 14, 2, &mm) == 2) {
        /* Time zones are dropped: adverts mean UK local time. */
    } else {
        hh = -1;
    }
    return set(out, y, m, d, hh, mm);
}

static int numeric(const char *s, vacancy_date *out)
{
    int d, m, y, nd, nm, ny;
    if (!(nd = digits(s, 2, &d)) || !s[nd] || !strchr("/.-", s[nd]) || !(nm = digits(s + nd + 1, 2, &m)) ||
        s[nd + 1 + nm] != s[nd])
        return 1;
    ny = digits(s + nd + nm + 2, 4, &y);
    if (ny != 2 && ny != 4)
        return 1;
    if (ny == 2)
        y += DATE_CENTURY;
    return set(out, y, m, d, -1, 0);
}

typedef struct {
    int day, month, year, hour, minute;
} prose;

static int month_of(const char *w)
{
    size_t n = strlen(w);
    if (n < 3)
        return 0;
    /* The full name, its first three letters, or "Sept". */
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(w, months[i], n) && (n == 3 || n == strlen(months[i]) ||
                                              (i == 8 && n == 4)))
            return i + 1;
    return 0;
}

/* A time word: "10:00", "9am", "9:00am", "22:00:00", "noon", "midday". */
static bool time_word(const char *w, const char *next, prose *p, bool *used_next)
{
    *used_next = false;
    if (!strcasecmp(w, "noon") || !strcasecmp(w, "midday")) {
        p->hour = 12;
        p->minute = 0;
        return true;
    }
    int h, m = 0, n = digits(w, 2, &h);
    if (!n)
        return false;
    const char *r = w + n;
    bool colon = *r == ':' || *r == '.';
    if (colon) {
        if (digits(r + 1, 2, &m) != 2)
            return false;
        r += 3;
        int sec;
        if (*r == ':' && digits(r + 1, 2, &sec) == 2)
            r += 3; /* seconds */
    }
    const char *ampm = *r ? r : next;
    bool am = ampm && !strncasecmp(ampm, "am", 2), pm = ampm && !strncasecmp(ampm, "pm", 2);
    bool noon = !*r && next && (!strcasecmp(next, "noon") || !strcasecmp(next, "midday"));
    if (!colon && !am && !pm && !noon)
        return false;
    if (h > 23 || m > 59 || ((am || pm) && (h < 1 || h > 12)))
        return false;
    if (pm && h < 12)
        h += 12;
    if (am && h == 12)
        h = 0;
    *used_next = !*r && (am || pm || noon);
    p->hour = h;
    p->minute = m;
    return true;
}

/* A day of the month: "2", "2nd", "22nd". */
static int day_of(const char *w)
{
    int d, n = digits(w, 2, &d);
    if (!n || d < 1 || d > 31)
        return 0;
    const char *suffix = w + n;
    if (*suffix && strcasecmp(suffix, "st") && strcasecmp(suffix, "nd") &&
        strcasecmp(suffix, "rd") && strcasecmp(suffix, "th"))
        return 0;
    return d;
}

static int year_of(const char *w)
{
    int y;
    return digits(w, 4, &y) == 4 && !w[4] && y >= DATE_YEAR_MIN && y <= DATE_YEAR_MAX ? y : 0;
}

/* Split into words on blanks and punctuation other than ':' and '.'. */
static size_t words_of(const char *s, char w[][DATE_WORD_MAX], size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        while (*s && !(isalnum((unsigned char)*s) || *s == ':'))
            s++;
        size_t k = 0;
        while (*s && (isalnum((unsigned char)*s) || *s == ':' ||
                      (*s == '.' && isdigit((unsigned char)s[1])))) {
            if (k + 1 < DATE_WORD_MAX)
                w[n][k++] = *s;
            s++;
        }
        if (k)
            w[n++][k] = '\0';
    }
    return n;
}

#define DATE_WORDS_MAX 64

static int prose_date(const char *s, vacancy_date *out)
{
    char w[DATE_WORDS_MAX][DATE_WORD_MAX];
    size_t n = words_of(s, w, DATE_WORDS_MAX);
    prose p = {0, 0, 0, -1, 0};
    for (size_t i = 0; i < n; i++) {
        const char *next = i + 1 < n ? w[i + 1] : NULL;
        bool used_next;
        int v;
        if (p.hour < 0 && time_word(w[i], next, &p, &used_next)) {
            i += used_next;
        } else if (!p.day && !p.month && isdigit((unsigned char)w[i][0]) && !day_of(w[i]) &&
                   next && month_of(next)) {
            return 1; /* "32 March": not a day, so not a date */
        } else if (!p.month && (v = month_of(w[i]))) {
            p.month = v;
        } else if (p.month && (v = year_of(w[i]))) {
            p.year = v;
            /* A time may follow: "9th March 2018 (12 Noon)", RFC 822 dates. */
            for (size_t j = i + 1; p.hour < 0 && j < n && j <= i + DATE_TIME_AFTER; j++)
                time_word(w[j], j + 1 < n ? w[j + 1] : NULL, &p, &used_next);
            break; /* day month year, month day year and month year all end here */
        } else if (!p.day && (v = day_of(w[i]))) {
            p.day = v;
        } else if (p.day && !p.month && isdigit((unsigned char)w[i][0])) {
            p.day = 0; /* a number not followed by a month was not a day */
        }
    }
    if (!p.year || !p.month)
        return 1;
    return set(out, p.year, p.month, p.day ? p.day : 1, p.hour, p.minute);
}

int parser_date_text(const char *text, vacancy_date *out)
{
    size_t n = strlen(text);
    if (n > PARSER_MAX_TEXT)
        return common_error(COMMON_EINVAL, "date: text longer than %d bytes", PARSER_MAX_TEXT);
    while (isspace((unsigned char)*text))
        text++;
    int rc = iso(text, out);
    if (rc == 1)
        rc = numeric(text, out);
    if (rc == 1)
        rc = prose_date(text, out);
    if (rc == 1)
        rc = common_error(COMMON_ENOTFOUND, "date: no date in '%.60s'", text);
    return rc;
}
