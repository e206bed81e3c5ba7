/* pay.c - what an advert's pay text means.
 *
 * "£25,000 - £30,000 per annum", "£25k-£30k", "£12.50ph", "Up to £40,000",
 * "£23,375 to £34,500 plus £4,530 TLR2B", "Competitive", "OTE £45k": the
 * amounts before any "plus" (allowances, bonuses), the period named or
 * inferred from the size, flags for the words, and a pay-scale reference
 * when there is one. Annualising uses the named UK conventions in
 * common/vacancy.h; amounts no job pays are flagged and not stored. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAY_AMOUNTS_MAX 8
#define PAY_MIN_ANNUAL 1000.0     /* below this a year's pay is not pay */
#define PAY_MAX_ANNUAL 2000000.0  /* above this it is a typo or a turnover */
#define PAY_HOURLY_BELOW 100.0    /* a bare amount under this is hourly */
#define PAY_DAILY_BELOW 1000.0
#define PAY_MONTHLY_BELOW 10000.0
#define PAY_THOUSAND 1000.0
#define PAY_MILLION 1000000.0
#define PAY_JOIN_GAP_MAX 16       /* bytes between the two ends of a range */

typedef struct {
    double v;
    size_t start, end; /* in the lower-case text */
    bool currency, k, plus;
} amount;

static const struct {
    const char *words;
    vacancy_pay_period period;
} period_words[] = {
    {"per hour", VACANCY_PERIOD_HOUR},  {"an hour", VACANCY_PERIOD_HOUR},
    {"a hour", VACANCY_PERIOD_HOUR},    {"ph", VACANCY_PERIOD_HOUR},
    {"phr", VACANCY_PERIOD_HOUR},       {"p h", VACANCY_PERIOD_HOUR},
    {"hourly", VACANCY_PERIOD_HOUR},    {"per hr", VACANCY_PERIOD_HOUR},
    {"hr", VACANCY_PERIOD_HOUR},        {"hour", VACANCY_PERIOD_HOUR},
    {"per day", VACANCY_PERIOD_DAY},    {"a day", VACANCY_PERIOD_DAY},
    {"pd", VACANCY_PERIOD_DAY},         {"daily", VACANCY_PERIOD_DAY},
    {"day", VACANCY_PERIOD_DAY},        {"per week", VACANCY_PERIOD_WEEK},
    {"a week", VACANCY_PERIOD_WEEK},    {"pw", VACANCY_PERIOD_WEEK},
    {"weekly", VACANCY_PERIOD_WEEK},    {"week", VACANCY_PERIOD_WEEK},
    {"per month", VACANCY_PERIOD_MONTH}, {"a month", VACANCY_PERIOD_MONTH},
    {"pcm", VACANCY_PERIOD_MONTH},      {"monthly", VACANCY_PERIOD_MONTH},
    {"month", VACANCY_PERIOD_MONTH},    {"per annum", VACANCY_PERIOD_YEAR},
    {"annum", VACANCY_PERIOD_YEAR},     {"pa", VACANCY_PERIOD_YEAR},
    {"p a", VACANCY_PERIOD_YEAR},       {"annual", VACANCY_PERIOD_YEAR},
    {"annually", VACANCY_PERIOD_YEAR},  {"per year", VACANCY_PERIOD_YEAR},
    {"a year", VACANCY_PERIOD_YEAR},    {"year", VACANCY_PERIOD_YEAR},
    {"yr", VACANCY_PERIOD_YEAR},
};

static const struct {
    const char *words;
    unsigned flag;
} flag_words[] = {
    {"competitive", VACANCY_PAY_COMPETITIVE},
    {"doe", VACANCY_PAY_NEGOTIABLE},
    {"d o e", VACANCY_PAY_NEGOTIABLE},
    {"negotiable", VACANCY_PAY_NEGOTIABLE},
    {"negotiated", VACANCY_PAY_NEGOTIABLE},
    {"depending on experience", VACANCY_PAY_NEGOTIABLE},
    {"dependent on experience", VACANCY_PAY_NEGOTIABLE},
    {"depending upon experience", VACANCY_PAY_NEGOTIABLE},
    {"pro rata", VACANCY_PAY_PRO_RATA},
    {"ote", VACANCY_PAY_OTE},
    {"on target earnings", VACANCY_PAY_OTE},
    {"benefits", VACANCY_PAY_BENEFITS},
    {"bonus", VACANCY_PAY_BENEFITS},
    {"bens", VACANCY_PAY_BENEFITS},
    {"commission", VACANCY_PAY_BENEFITS},
    {"car allowance", VACANCY_PAY_BENEFITS},
    {"pension", VACANCY_PAY_BENEFITS},
};

/* Words joined by single spaces, letters split from digits: "£12.50ph"
 * becomes "12 50 ph", so word lookups see "ph". */
static void words_of(const char *lower, char *out, size_t outsz)
{
    size_t w = 0;
    int prev = 0; /* 0 blank, 1 letter, 2 digit */
    for (const unsigned char *r = (const unsigned char *)lower; *r && w + 2 < outsz; r++) {
        int cls = isalpha(*r) ? 1 : isdigit(*r) ? 2 : 0;
        if (!cls) {
            prev = 0;
            continue;
        }
        if (w && cls != prev)
            out[w++] = ' ';
        out[w++] = (char)*r;
        prev = cls;
    }
    out[w] = '\0';
}

/* Position of the earliest phrase of the table in the words, else -1. */
static vacancy_pay_period find_period(const char *words)
{
    const char *best = NULL;
    vacancy_pay_period p = VACANCY_PERIOD_UNKNOWN;
    size_t n = strlen(words);
    for (size_t i = 0; i < sizeof(period_words) / sizeof(period_words[0]); i++) {
        size_t m = strlen(period_words[i].words);
        for (const char *s = words; (s = strstr(s, period_words[i].words)); s++) {
            bool left = s == words || s[-1] == ' ';
            bool right = (size_t)(s - words) + m == n || s[m] == ' ';
            if (left && right) {
                if (!best || s < best) {
                    best = s;
                    p = period_words[i].period;
                }
                break;
            }
        }
    }
    return p;
}

static unsigned find_flags(const char *words)
{
    unsigned flags = 0;
    size_t n = strlen(words);
    for (size_t i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]); i++) {
        size_t m = strlen(flag_words[i].words);
        for (const char *s = words; (s = strstr(s, flag_words[i].words)); s++)
            if ((s == words || s[-1] == ' ') && ((size_t)(s - words) + m == n || s[m] == ' ')) {
                flags |= flag_words[i].flag;
                break;
            }
    }
    return flags;
}

/* A currency marker ending just before position i (blanks skipped). */
static const char *currency_before(const char *s, size_t i)
{
    while (i > 0 && s[i - 1] == ' ')
        i--;
    if (i >= 2 && (unsigned char)s[i - 2] == 0xC2 && (unsigned char)s[i - 1] == 0xA3)
        return "GBP";
    if (i >= 3 && !memcmp(s + i - 3, "gbp", 3))
        return "GBP";
    if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x82 &&
        (unsigned char)s[i - 1] == 0xAC)
        return "EUR";
    if (i >= 3 && !memcmp(s + i - 3, "eur", 3))
        return "EUR";
    if (i >= 1 && s[i - 1] == '$')
        return "USD";
    return NULL;
}

/* Numbers like "25,000", "12.50", "25k" in s[0..n). */
static size_t find_amounts(const char *s, size_t n, amount *a, char currency[4])
{
    size_t count = 0;
    for (size_t i = 0; i < n && count < PAY_AMOUNTS_MAX;) {
        if (!isdigit((unsigned char)s[i]) || (i > 0 && isalpha((unsigned char)s[i - 1]))) {
            i++;
            continue;
        }
        amount *x = &a[count];
        memset(x, 0, sizeof(*x));
        x->start = i;
        char num[32];
        size_t w = 0;
        bool grouped = false;
        while (i < n && (isdigit((unsigned char)s[i]) ||
                         (s[i] == ',' && i + 3 < n + 1 && isdigit((unsigned char)s[i + 1])) ||
                         (s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1])))) {
            if (s[i] == ',')
                grouped = true;
            else if (w + 1 < sizeof(num))
                num[w++] = s[i];
            i++;
        }
        num[w] = '\0';
        x->v = strtod(num, NULL);
        if (i < n && s[i] == 'k' && (i + 1 == n || !isalpha((unsigned char)s[i + 1]))) {
            x->k = true;
            x->v *= PAY_THOUSAND;
            i++;
        } else if (i < n && s[i] == 'm' && (i + 1 == n || !isalpha((unsigned char)s[i + 1]))) {
            x->k = true; /* "£1m": flagged implausible later, not read as £1 */
            x->v *= PAY_MILLION;
            i++;
        }
        x->plus = i < n && s[i] == '+';
        x->end = i;
        const char *cur = currency_before(s, x->start);
        x->currency = cur != NULL;
        if (cur && !*currency)
            memcpy(currency, cur, 4);
        /* A bare small number ("37.5 hours", "TLR2b") is not pay. */
        if (x->currency || x->k || grouped || x->v >= PAY_THOUSAND)
            count++;
    }
    return count;
}

/* True when only a range joiner lies between two amounts. */
static bool joined(const char *s, const amount *a, const amount *b)
{
    char gap[64];
    size_t w = 0;
    for (size_t i = a->end; i < b->start && w + 1 < sizeof(gap); i++)
        if (isalnum((unsigned char)s[i]) || s[i] == '-')
            gap[w++] = s[i];
        else if ((unsigned char)s[i] == 0xE2) /* en / em dash */
            gap[w++] = '-';
    gap[w] = '\0';
    if (b->start - a->end >= PAY_JOIN_GAP_MAX)
        return false;
    /* "-", "to", "and"; scale names may sit between: "MPS £22,917 - UPS £38,633". */
    return !*gap || strchr(gap, '-') || !strncmp(gap, "to", 2) || !strcmp(gap, "and") ||
           (b->currency && a->currency && strstr(gap, "to"));
}

static bool preceded_by(const char *s, size_t at, const char *const *phrases)
{
    size_t from = at > 24 ? at - 24 : 0;
    char window[32];
    size_t w = 0;
    for (size_t i = from; i < at; i++)
        window[w++] = s[i];
    window[w] = '\0';
    for (; *phrases; phrases++)
        if (strstr(window, *phrases))
            return true;
    return false;
}

static void set_amounts(const char *s, amount *a, size_t n, vacancy_pay *pay)
{
    static const char *const upto[] = {"up to", "upto", "max", "maximum", "to ", NULL};
    static const char *const from[] = {"from", "starting", "minimum", "min ", "in excess of",
                                       "over ", "at least", NULL};
    if (n >= 2 && joined(s, &a[0], &a[1])) {
        if (a[1].k && !a[0].k && a[0].v < PAY_THOUSAND)
            a[0].v *= PAY_THOUSAND; /* "£25-30k" */
        pay->min = fmin(a[0].v, a[1].v);
        pay->max = fmax(a[0].v, a[1].v);
    } else if (preceded_by(s, a[0].start, upto)) {
        pay->max = a[0].v;
    } else if (a[0].plus || preceded_by(s, a[0].start, from)) {
        pay->min = a[0].v;
    } else {
        pay->min = pay->max = a[0].v;
    }
}

static double per_year(vacancy_pay_period p)
{
    switch (p) {
    case VACANCY_PERIOD_HOUR: return VACANCY_HOURS_PER_WEEK * VACANCY_WEEKS_PER_YEAR;
    case VACANCY_PERIOD_DAY: return VACANCY_DAYS_PER_YEAR;
    case VACANCY_PERIOD_WEEK: return VACANCY_WEEKS_PER_YEAR;
    case VACANCY_PERIOD_MONTH: return VACANCY_MONTHS_PER_YEAR;
    case VACANCY_PERIOD_YEAR: return 1.0;
    default: return NAN;
    }
}

static vacancy_pay_period period_by_size(double v)
{
    if (isnan(v))
        return VACANCY_PERIOD_UNKNOWN;
    return v < PAY_HOURLY_BELOW    ? VACANCY_PERIOD_HOUR
           : v < PAY_DAILY_BELOW   ? VACANCY_PERIOD_DAY
           : v < PAY_MONTHLY_BELOW ? VACANCY_PERIOD_MONTH
                                   : VACANCY_PERIOD_YEAR;
}

void pay_finish(vacancy_pay *pay)
{
    if (pay->period == VACANCY_PERIOD_UNKNOWN)
        pay->period = period_by_size(isnan(pay->max) ? pay->min : pay->max);
    if (!isnan(pay->min) && !isnan(pay->max) && pay->min > pay->max) {
        double t = pay->min;
        pay->min = pay->max;
        pay->max = t;
    }
    double f = per_year(pay->period);
    pay->annual_min = pay->min * f;
    pay->annual_max = pay->max * f;
    bool bad = (!isnan(pay->annual_min) && (pay->annual_min < PAY_MIN_ANNUAL ||
                                            pay->annual_min > PAY_MAX_ANNUAL)) ||
               (!isnan(pay->annual_max) && (pay->annual_max < PAY_MIN_ANNUAL ||
                                            pay->annual_max > PAY_MAX_ANNUAL)) ||
               pay->min <= 0 || pay->max <= 0;
    if (bad) {
        pay->flags |= VACANCY_PAY_IMPLAUSIBLE;
        pay->min = pay->max = pay->annual_min = pay->annual_max = NAN;
        pay->period = VACANCY_PERIOD_UNKNOWN;
    }
}

/* Where the pay proper ends: allowances and extras follow "plus" or "+". */
static size_t pay_end(const char *lower)
{
    static const char *const cuts[] = {" plus ", " + ", "(plus", " tlr", "allowance", NULL};
    size_t end = strlen(lower);
    for (const char *const *c = cuts; *c; c++) {
        const char *at = strstr(lower, *c);
        if (at && (size_t)(at - lower) < end && at != lower)
            end = (size_t)(at - lower);
    }
    return end;
}

static void apply_scale(const parser *p, const char *lower, vacancy_pay *pay, int *rc)
{
    scale_ref ref;
    if (!scale_recognise(lower, &ref))
        return;
    pay->flags |= VACANCY_PAY_SCALE;
    if ((*rc = vacancy_set(&pay->scale, ref.label)))
        return;
    if (!isnan(pay->min) || !isnan(pay->max))
        return; /* amounts written out beat the table */
    double min, max;
    if (scale_resolve(p ? p->scales : NULL, &ref, &min, &max))
        return;
    /* "Scale 5 points to be negotiated": a starting point, not a fixed one. */
    if (!*ref.hi && (pay->flags & VACANCY_PAY_NEGOTIABLE))
        max = NAN;
    pay->min = min;
    pay->max = max;
    pay->period = VACANCY_PERIOD_YEAR;
    if (!*pay->currency)
        memcpy(pay->currency, "GBP", 4);
}

int parser_pay_text(const parser *p, const char *text, vacancy_pay *pay)
{
    size_t n = strlen(text);
    if (n > PARSER_MAX_TEXT)
        return common_error(COMMON_EINVAL, "pay: text longer than %d bytes", PARSER_MAX_TEXT);
    char lower[PARSER_MAX_TEXT + 1], words[2 * PARSER_MAX_TEXT + 2];
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)text[i]);
    text_squeeze(lower);
    int rc = vacancy_set(&pay->raw, text);
    if (rc)
        return rc;
    text_squeeze(pay->raw);
    words_of(lower, words, sizeof(words));
    pay->flags |= find_flags(words);
    size_t end = pay_end(lower);
    amount a[PAY_AMOUNTS_MAX];
    size_t na = find_amounts(lower, end, a, pay->currency);
    if (na) {
        set_amounts(lower, a, na, pay);
        /* The period named after the amounts wins: "37.5 hours per week, £24,000". */
        char after[sizeof(words)];
        words_of(lower + a[0].start, after, sizeof(after));
        pay->period = find_period(after);
        if (pay->period == VACANCY_PERIOD_UNKNOWN)
            pay->period = find_period(words);
    }
    lower[end] = '\0';
    apply_scale(p, lower, pay, &rc);
    if (rc)
        return rc;
    if (!isnan(pay->min) || !isnan(pay->max)) {
        if (!*pay->currency)
            memcpy(pay->currency, "GBP", 4); /* UK adverts; "25,000 - 30,000" */
        pay_finish(pay);
    }
    if (isnan(pay->min) && isnan(pay->max) && !pay->flags)
        return common_error(COMMON_ENOTFOUND, "pay: no amount, scale or terms in '%.60s'", text);
    return 0;
}
