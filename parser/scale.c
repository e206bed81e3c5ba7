/* scale.c - pay-scale references: recognised in text, resolved by a table.
 *
 * Public-sector adverts often give a scale instead of amounts: teachers'
 * main / upper pay range points M1-M6, U1-U3 and leadership points L1-L43,
 * NHS Agenda for Change bands, local government NJC spinal column points,
 * Civil Service grades. The reference is always
 * kept; amounts come only from a scale table loaded from the data directory
 * (pay_scales.csv, format in README.md, "Parsing adverts"), because the amounts change
 * every year and none of them is hard-coded here. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SCALE_TOKENS_MAX 64
#define SCALE_TOKEN_LEN 24
#define SCALE_KEY_MAX 48
#define TEACHER_MAIN_TOP "M6"
#define TEACHER_UPPER_TOP "U3"
#define TEACHER_LEADERSHIP_TOP 43
#define NJC_POINT_TOP 60

typedef struct {
    char key[SCALE_KEY_MAX]; /* "family:POINT" */
    double min, max;
} scale_amount;

struct scale_table {
    pmap points; /* key -> scale_amount, rebuilt after each load */
    scale_amount *amounts;
    size_t n, cap;
};

static void scale_key(const char *family, const char *point, char out[SCALE_KEY_MAX])
{
    size_t w = (size_t)snprintf(out, SCALE_KEY_MAX, "%s:", family);
    for (const char *s = point; *s && w + 1 < SCALE_KEY_MAX; s++)
        if (!isspace((unsigned char)*s))
            out[w++] = (char)toupper((unsigned char)*s);
    out[w < SCALE_KEY_MAX ? w : SCALE_KEY_MAX - 1] = '\0';
}

static int parse_amount(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    return end != s && !*end && *out > 0 ? 0 : -1;
}

static int table_add(scale_table *t, const char **f, size_t nf, const common_csv *csv)
{
    scale_amount a;
    if (nf < 3 || !*f[0] || !*f[1] || parse_amount(f[2], &a.min))
        return common_error(COMMON_EFORMAT, "%s:%zu: want scale,point,min[,max] with a positive min",
                            common_csv_path(csv), common_csv_line(csv));
    a.max = a.min;
    if (nf > 3 && *f[3] && parse_amount(f[3], &a.max))
        return common_error(COMMON_EFORMAT, "%s:%zu: max is not a positive number",
                            common_csv_path(csv), common_csv_line(csv));
    scale_key(f[0], f[1], a.key);
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        scale_amount *bigger = common_realloc(t->amounts, cap * sizeof(*bigger));
        if (!bigger)
            return COMMON_ENOMEM;
        t->amounts = bigger;
        t->cap = cap;
    }
    t->amounts[t->n++] = a;
    return 0;
}

/* The map points into amounts[], which moves as it grows: rebuild it. */
static int rebuild_map(scale_table *t)
{
    pmap_free(&t->points);
    for (size_t i = 0; i < t->n; i++) {
        int rc = pmap_set(&t->points, t->amounts[i].key, &t->amounts[i]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int scale_table_load(scale_table **tp, const char *path)
{
    if (!*tp && !(*tp = common_calloc(1, sizeof(**tp))))
        return COMMON_ENOMEM;
    scale_table *t = *tp;
    common_csv *csv;
    int rc = common_csv_open(&csv, path);
    if (rc)
        return rc;
    size_t nf;
    const char **f;
    bool header = true;
    while ((rc = common_csv_next(csv, &nf, &f)) == 1) {
        if (header) {
            header = false;
            rc = nf >= 3 && common_csv_column(nf, f, "scale") == 0 &&
                         common_csv_column(nf, f, "point") == 1
                     ? 0
                     : common_error(COMMON_EFORMAT, "%s: header must be scale,point,min,max", path);
        } else if (nf == 1 && !*f[0]) {
            rc = 0;
        } else {
            rc = table_add(t, f, nf, csv);
        }
        if (rc)
            break;
    }
    int rebuilt = rebuild_map(t);
    common_csv_close(csv);
    return rc ? rc : rebuilt;
}

void scale_table_free(scale_table *t)
{
    if (!t)
        return;
    pmap_free(&t->points);
    free(t->amounts);
    free(t);
}

int scale_resolve(const scale_table *t, const scale_ref *ref, double *min, double *max)
{
    *min = *max = NAN;
    if (!t)
        return COMMON_ENOTFOUND;
    char key[SCALE_KEY_MAX];
    scale_key(ref->family, ref->lo, key);
    const scale_amount *lo = pmap_get(&t->points, key);
    const scale_amount *hi = lo;
    if (*ref->hi) {
        scale_key(ref->family, ref->hi, key);
        hi = pmap_get(&t->points, key);
    }
    if (lo)
        *min = lo->min;
    if (hi)
        *max = hi->max;
    return lo || hi ? 0 : COMMON_ENOTFOUND;
}

/* ---- recognition ---------------------------------------------------- */

typedef struct {
    char tok[SCALE_TOKENS_MAX][SCALE_TOKEN_LEN];
    size_t n;
} tokens;

static void tokenize(const char *s, tokens *t)
{
    t->n = 0;
    while (*s && t->n < SCALE_TOKENS_MAX) {
        while (*s && !isalnum((unsigned char)*s))
            s++;
        size_t w = 0;
        while (isalnum((unsigned char)*s)) {
            if (w + 1 < SCALE_TOKEN_LEN)
                t->tok[t->n][w++] = (char)tolower((unsigned char)*s);
            s++;
        }
        if (w)
            t->tok[t->n++][w] = '\0';
    }
}

static bool is_one_of(const char *tok, const char *const *words)
{
    for (; *words; words++)
        if (!strcmp(tok, *words))
            return true;
    return false;
}

/* "m1", "mps1", "u3", "ups3", "l12", "lps12": prefix letters then a number. */
static int teacher_point(const char *tok, char *kind)
{
    static const struct {
        const char *prefix;
        char kind;
        int top;
    } prefixes[] = {{"mps", 'M', 6}, {"mpr", 'M', 6}, {"m", 'M', 6}, {"ups", 'U', 3},
                    {"upr", 'U', 3}, {"u", 'U', 3},   {"lps", 'L', 43}, {"l", 'L', 43}};
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t n = strlen(prefixes[i].prefix);
        if (strncmp(tok, prefixes[i].prefix, n) || !isdigit((unsigned char)tok[n]))
            continue;
        char *end;
        long v = strtol(tok + n, &end, 10);
        if (*end || v < 1 || v > prefixes[i].top)
            return 0;
        *kind = prefixes[i].kind;
        return (int)v;
    }
    return 0;
}

static int recognise_teacher(const tokens *t, scale_ref *ref)
{
    static const char *const main_words[] = {"mps", "mpr", "tmps", "mpr", NULL};
    static const char *const upper_words[] = {"ups", "upr", NULL};
    static const char *const context[] = {"scale", "pay", "range", "ranges", "payscale", "spine", NULL};
    bool main = false, upper = false, ctx = false;
    char lo[12] = "", hi[12] = "";
    char last_kind = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *w = t->tok[i];
        char kind;
        int v = teacher_point(w, &kind);
        if (!v && last_kind == 'L' && isdigit((unsigned char)w[0]) && i > 0) {
            /* "L12-16": the second number continues the leadership range. */
            long n = strtol(w, NULL, 10);
            if (n >= 1 && n <= TEACHER_LEADERSHIP_TOP) {
                kind = 'L';
                v = (int)n;
            }
        }
        if (v) {
            snprintf(*lo ? hi : lo, sizeof(lo), "%c%d", kind, v);
            last_kind = kind;
            continue;
        }
        if (!strcmp(w, "lead") && i + 3 < t->n + 1 && i + 1 < t->n &&
            !strcmp(t->tok[i + 1], "practitioner")) {
            for (size_t j = i + 2; j < t->n && j < i + 5; j++)
                if (isdigit((unsigned char)t->tok[j][0]) && atoi(t->tok[j]) > 0 &&
                    atoi(t->tok[j]) <= TEACHER_LEADERSHIP_TOP) {
                    snprintf(lo, sizeof(lo), "LP%d", atoi(t->tok[j]));
                    break;
                }
        }
        main |= is_one_of(w, main_words) || !strcmp(w, "main");
        upper |= is_one_of(w, upper_words) || !strcmp(w, "upper");
        ctx |= is_one_of(w, context) || is_one_of(w, main_words) || is_one_of(w, upper_words);
    }
    if (!*lo && ctx && (main || upper)) {
        snprintf(lo, sizeof(lo), "%s", main ? "M1" : "U1");
        snprintf(hi, sizeof(hi), "%s", upper ? TEACHER_UPPER_TOP : TEACHER_MAIN_TOP);
    }
    if (!*lo)
        return 0;
    snprintf(ref->family, sizeof(ref->family), "teacher");
    snprintf(ref->lo, sizeof(ref->lo), "%s", lo);
    snprintf(ref->hi, sizeof(ref->hi), "%s", hi);
    snprintf(ref->label, sizeof(ref->label), "%s%s%s", lo, *hi ? "-" : "", hi);
    return 1;
}

/* "band 5", "afc band 8a", "band 5-6" */
static bool afc_band(const char *tok)
{
    return tok[0] >= '1' && tok[0] <= '9' &&
           (!tok[1] || (tok[1] >= 'a' && tok[1] <= 'd' && !tok[2]));
}

static int recognise_afc(const tokens *t, scale_ref *ref)
{
    for (size_t i = 0; i + 1 < t->n; i++) {
        if (strcmp(t->tok[i], "band") || !afc_band(t->tok[i + 1]))
            continue;
        snprintf(ref->family, sizeof(ref->family), "afc");
        snprintf(ref->lo, sizeof(ref->lo), "%.2s", t->tok[i + 1]); /* afc_band(): 2 bytes */
        ref->hi[0] = '\0';
        size_t j = i + 2;
        if (j < t->n && !strcmp(t->tok[j], "band"))
            j++;
        if (j < t->n && afc_band(t->tok[j]))
            snprintf(ref->hi, sizeof(ref->hi), "%.2s", t->tok[j]);
        snprintf(ref->label, sizeof(ref->label), "AfC Band %s%s%s", ref->lo,
                 *ref->hi ? "-" : "", ref->hi);
        return 1;
    }
    return 0;
}

static int recognise_civil_service(const tokens *t, scale_ref *ref)
{
    static const char *const grades[] = {"heo", "seo", "eo", "g6", "g7", "scs1", "scs2", NULL};
    for (size_t i = 0; i < t->n; i++) {
        const char *g = NULL;
        char buf[8];
        if (is_one_of(t->tok[i], grades)) {
            g = t->tok[i];
        } else if (!strcmp(t->tok[i], "grade") && i + 1 < t->n &&
                   (!strcmp(t->tok[i + 1], "6") || !strcmp(t->tok[i + 1], "7"))) {
            snprintf(buf, sizeof(buf), "g%.1s", t->tok[i + 1]);
            g = buf;
        }
        if (!g)
            continue;
        snprintf(ref->family, sizeof(ref->family), "civil-service");
        size_t k;
        for (k = 0; g[k] && k + 1 < sizeof(ref->lo); k++)
            ref->lo[k] = (char)toupper((unsigned char)g[k]);
        ref->lo[k] = '\0';
        ref->hi[0] = '\0';
        snprintf(ref->label, sizeof(ref->label), "Civil Service %s", ref->lo);
        return 1;
    }
    return 0;
}

/* Local government NJC pay spine: "NJC Scale Point 12 - 17", "SCP 22-25". */
static int recognise_njc(const tokens *t, scale_ref *ref)
{
    static const char *const context[] = {"njc", "scp", "spinal", "spine", NULL};
    bool ctx = false;
    int lo = 0, hi = 0;
    for (size_t i = 0; i < t->n; i++) {
        ctx |= is_one_of(t->tok[i], context) ||
               (!strcmp(t->tok[i], "point") && i > 0 && !strcmp(t->tok[i - 1], "scale"));
        if (!ctx || !isdigit((unsigned char)t->tok[i][0]) || strlen(t->tok[i]) > 2)
            continue;
        int v = atoi(t->tok[i]);
        if (v < 1 || v > NJC_POINT_TOP)
            continue;
        if (!lo)
            lo = v;
        else if (!hi)
            hi = v;
    }
    if (!lo)
        return 0;
    snprintf(ref->family, sizeof(ref->family), "njc");
    snprintf(ref->lo, sizeof(ref->lo), "SCP%d", lo);
    if (hi)
        snprintf(ref->hi, sizeof(ref->hi), "SCP%d", hi);
    if (hi)
        snprintf(ref->label, sizeof(ref->label), "NJC SCP %d-%d", lo, hi);
    else
        snprintf(ref->label, sizeof(ref->label), "NJC SCP %d", lo);
    return 1;
}

int scale_recognise(const char *text, scale_ref *ref)
{
    tokens t;
    tokenize(text, &t);
    memset(ref, 0, sizeof(*ref));
    return recognise_afc(&t, ref) || recognise_njc(&t, ref) || recognise_teacher(&t, ref) ||
           recognise_civil_service(&t, ref);
}
