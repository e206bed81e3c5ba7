/* normalise.c - turn a real advert title into the words an index can match.
 *
 * Three passes: clean (UTF-8 and HTML entities folded to lower-case ASCII
 * with separators made uniform), lex (words and separator tokens), and
 * strip (pay, references, counts, gender tags, contract and shift words
 * dropped; grade tokens joined and kept as signal; abbreviations expanded;
 * plurals made singular). The same function normalises the index at build
 * time, so both sides always agree. */
#include "norm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NORM_MAX_RAW (NORM_MAX_TOKENS * 4) /* tokens read before stripping */

/* ---- clean ------------------------------------------------------------ */

typedef struct {
    const char *name;
    uint32_t cp;
} entity;

static const entity entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", 0xA0}, {"pound", 0xA3}, {"euro", 0x20AC}, {"ndash", 0x2013},
    {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"hellip", 0x2026}, {"bull", 0x2022}, {"middot", 0xB7},
    {"eacute", 0xE9}, {"egrave", 0xE8}, {"aacute", 0xE1}, {"agrave", 0xE0},
    {"ccedil", 0xE7}, {"ouml", 0xF6}, {"uuml", 0xFC}, {"auml", 0xE4},
};

#define ENTITY_NAME_MAX 10

/* Decode an entity at s (pointing after '&'); returns bytes consumed, 0 if
 * it is not one. */
static size_t decode_entity(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 0;
    if (n > 1 && s[0] == '#') {
        uint32_t v = 0;
        bool hex = (s[1] == 'x' || s[1] == 'X');
        for (i = hex ? 2 : 1; i < n && i < 10 && isxdigit((unsigned char)s[i]); i++) {
            int d = isdigit((unsigned char)s[i]) ? s[i] - '0'
                                                 : (tolower((unsigned char)s[i]) - 'a' + 10);
            if (!hex && d > 9)
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (i < n && s[i] == ';' && i > (hex ? 2u : 1u)) {
            *cp = v;
            return i + 1;
        }
        return 0;
    }
    while (i < n && i <= ENTITY_NAME_MAX && isalnum((unsigned char)s[i]))
        i++;
    if (i == 0 || i >= n || s[i] != ';')
        return 0;
    for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]); e++) {
        if (strlen(entities[e].name) == i && !memcmp(entities[e].name, s, i)) {
            *cp = entities[e].cp;
            return i + 1;
        }
    }
    return 0;
}

/* Latin-1 Supplement letters U+00C0..U+00FF folded to ASCII ('_': none). */
static const char latin1_fold[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                                  "aaaaaaaceeeeiiiidnooooo_ouuuuyty";

static char fold(uint32_t cp)
{
    if (cp < 0x80)
        return (char)tolower((int)cp);
    if (cp == 0xA3 || cp == 0x20AC || cp == 0xA5)
        return '$'; /* any currency sign */
    if (cp >= 0xC0 && cp <= 0xFF && latin1_fold[cp - 0xC0] != '_')
        return latin1_fold[cp - 0xC0];
    if (cp == 0x152 || cp == 0x153)
        return 'o';
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return '-';
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x2BC)
        return '\'';
    if (cp == 0x2022 || cp == 0xB7 || cp == 0x25CF)
        return '|';
    return ' '; /* spaces, symbols, scripts the index does not hold */
}

static size_t clean(const char *in, size_t n, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, o = 0;
    while (i < n && o + 1 < cap) {
        uint32_t cp;
        size_t k;
        if (s[i] == '&' && (k = decode_entity(in + i + 1, n - i - 1, &cp)))
            i += k + 1;
        else if ((k = common_utf8_decode(s + i, n - i, &cp)))
            i += k;
        else
            cp = ' ', i++; /* validated by the caller; defensive */
        out[o++] = fold(cp);
    }
    out[o] = '\0';
    return o;
}

/* ---- lex -------------------------------------------------------------- */

typedef struct {
    norm_token tok[NORM_MAX_RAW];
    size_t n;
} raw_tokens;

static char sep_of(char c)
{
    switch (c) {
    case ',': return ',';
    case '-': return '-';
    case '/': case '\\': return '/';
    case '(': case '[': case '{': return '(';
    case ')': case ']': case '}': return ')';
    case '+': return '+';
    case '$': return '$';
    case '#': return '#';
    case '|': case ':': case ';': case '!': case '?': case '*': case '~': case '.':
    case '<': case '>': case '=':
        return '|';
    default: return 0;
    }
}

static void push(raw_tokens *r, const char *s, size_t len, char sep)
{
    if (r->n < NORM_MAX_RAW)
        r->tok[r->n++] = (norm_token){s, (uint16_t)len, sep ? 0 : NORM_WORD, sep};
}

/* Read one word starting at text[i]; its letters are copied to store. */
static size_t lex_word(const char *t, size_t i, char *store, size_t *used, size_t cap,
                       size_t *len)
{
    size_t start = *used;
    while (t[i] && *used < cap) {
        char c = t[i];
        if (isalnum((unsigned char)c)) {
            store[(*used)++] = c;
            i++;
            continue;
        }
        char prev = t[i - 1], next = t[i + 1];
        bool pd = isdigit((unsigned char)prev), nd = isdigit((unsigned char)next);
        bool pa = isalpha((unsigned char)prev), na = isalpha((unsigned char)next);
        if (c == '.' && pd && nd) {
            store[(*used)++] = c; /* 12.50 */
        } else if (c == ',' && pd && nd && isdigit((unsigned char)t[i + 2]) &&
                   isdigit((unsigned char)t[i + 3])) {
            /* 25,000: digit grouping, dropped */
        } else if ((c == '-' || c == '.') && pa && na) {
            /* co-ordinator, h.g.v: joined */
        } else if (c == '\'' && pa && na) {
            if (next == 's' && !isalnum((unsigned char)t[i + 2])) {
                i += 2; /* doctor's: possessive dropped */
                break;
            }
        } else if (c == '/' && *used - start == 1 && store[start] == 'p' && na &&
                   !isalnum((unsigned char)t[i + 2])) {
            /* p/h, p/a: pay units */
        } else {
            break;
        }
        i++;
    }
    *len = *used - start;
    return i;
}

static void lex(const char *t, char *store, size_t *used, size_t cap, raw_tokens *r)
{
    r->n = 0;
    for (size_t i = 0; t[i];) {
        char c = t[i];
        if (isalnum((unsigned char)c)) {
            size_t start = *used, len;
            i = lex_word(t, i, store, used, cap, &len);
            if (len)
                push(r, store + start, len, 0);
        } else if (c == '&') {
            push(r, "and", 3, 0);
            i++;
        } else {
            char sep = sep_of(c);
            if (sep)
                push(r, t + i, 1, sep);
            i++;
        }
    }
}

/* ---- reversed index order ---------------------------------------------- */

/* "Analyst, support, software" -> "software support analyst": when the
 * first comma segment is one word, the title is in the index's reversed
 * order and its segments read backwards form one noun phrase. */
static void unreverse(raw_tokens *r)
{
    size_t first_words = 0, commas = 0, i;
    for (i = 0; i < r->n && r->tok[i].sep != ','; i++) {
        if (r->tok[i].flags & NORM_WORD)
            first_words++;
        else
            return; /* other punctuation: an advert title, not index order */
    }
    for (size_t j = i; j < r->n; j++)
        commas += r->tok[j].sep == ',';
    if (first_words != 1 || commas == 0)
        return;
    raw_tokens out;
    out.n = 0;
    size_t end = r->n;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && r->tok[start - 1].sep != ',')
            start--;
        for (size_t j = start; j < end; j++)
            out.tok[out.n++] = r->tok[j];
        end = start ? start - 1 : 0;
    }
    *r = out;
}

/* ---- strip ------------------------------------------------------------- */

static bool is_number(const norm_token *t)
{
    if (!(t->flags & NORM_WORD) || !isdigit((unsigned char)t->s[0]))
        return false;
    for (size_t i = 0; i < t->len; i++)
        if (!isdigit((unsigned char)t->s[i]) && t->s[i] != '.')
            return false;
    return true;
}

/* "25k", "12.50ph", "9.50phr": a number with a pay suffix. */
static bool is_amount(const norm_token *t)
{
    if (!(t->flags & NORM_WORD) || !isdigit((unsigned char)t->s[0]))
        return false;
    size_t i = 0;
    while (i < t->len && (isdigit((unsigned char)t->s[i]) || t->s[i] == '.'))
        i++;
    if (i == t->len)
        return false;
    static const char *const suffixes[] = {"k", "ph", "phr", "pa", "pcm", "pw", "pd", "p",
                                           "kpa", "kph", "hr", "ph"};
    for (size_t s = 0; s < sizeof(suffixes) / sizeof(suffixes[0]); s++)
        if (strlen(suffixes[s]) == t->len - i && !memcmp(t->s + i, suffixes[s], t->len - i))
            return true;
    return false;
}

static lex_class cls(const norm_token *t)
{
    return (t->flags & NORM_WORD) ? lex_classify(t->s, t->len) : LEX_NONE;
}

static bool is_word(const norm_token *t, const char *w)
{
    return (t->flags & NORM_WORD) && t->len == strlen(w) && !memcmp(t->s, w, t->len);
}

static void kill(norm_token *t)
{
    t->flags |= NORM_DEAD;
}

/* Pay: a currency sign or an amount, with what hangs on it ("up to",
 * "per hour", "- 30k", "+ benefits"). */
static void strip_pay(raw_tokens *r)
{
    for (size_t i = 0; i < r->n; i++) {
        norm_token *t = &r->tok[i];
        bool start = t->sep == '$' || is_amount(t) ||
                     (is_number(t) && i + 1 < r->n &&
                      (cls(&r->tok[i + 1]) == LEX_PAYWORD || is_word(&r->tok[i + 1], "an")));
        if (!start)
            continue;
        size_t j = i;
        while (j > 0 && (cls(&r->tok[j - 1]) == LEX_PAYWORD || is_word(&r->tok[j - 1], "to")))
            kill(&r->tok[--j]);
        for (j = i; j < r->n; j++) {
            norm_token *u = &r->tok[j];
            lex_class c = cls(u);
            if (u->sep == '$' || u->sep == '-' || u->sep == '/' || u->sep == '+' ||
                is_number(u) || is_amount(u) || c == LEX_PAYWORD || c == LEX_NOISE ||
                is_word(u, "to") || is_word(u, "an") || is_word(u, "a"))
                kill(u);
            else
                break;
        }
        i = j;
    }
}

/* "(m/f/d)", "m/w/d", "h/f": runs of single letters joined by slashes. */
static void strip_gender(raw_tokens *r)
{
    static const char letters[] = "mfwdxhn";
    for (size_t i = 0; i + 2 < r->n; i++) {
        size_t j = i, singles = 0;
        while (j < r->n && (r->tok[j].flags & NORM_WORD) && r->tok[j].len == 1 &&
               strchr(letters, r->tok[j].s[0])) {
            singles++;
            if (j + 2 < r->n && r->tok[j + 1].sep == '/')
                j += 2;
            else
                break;
        }
        if (singles >= 2)
            for (size_t k = i; k <= j; k++)
                kill(&r->tok[k]);
    }
}

static bool has_digit(const norm_token *t)
{
    for (size_t i = 0; i < t->len; i++)
        if (isdigit((unsigned char)t->s[i]))
            return true;
    return false;
}

/* "x2", "2x": how many posts. */
static bool is_xcount(const norm_token *t)
{
    if (t->len < 2)
        return false;
    size_t from = t->s[0] == 'x' ? 1 : 0, to = t->s[0] == 'x' ? t->len : t->len - 1;
    if (from == 0 && t->s[t->len - 1] != 'x')
        return false;
    for (size_t i = from; i < to; i++)
        if (!isdigit((unsigned char)t->s[i]))
            return false;
    return true;
}

/* References ("ref 1234", "#A12"), counts ("x2", "2 posts"), bare numbers. */
static void strip_refs_and_counts(raw_tokens *r)
{
    for (size_t i = 0; i < r->n; i++) {
        norm_token *t = &r->tok[i];
        if (t->flags & NORM_DEAD)
            continue;
        lex_class c = cls(t);
        if (c == LEX_REFWORD || t->sep == '#') {
            size_t j = i + 1;
            while (j < r->n && (r->tok[j].sep == '|' || r->tok[j].sep == '#' ||
                                r->tok[j].sep == '-' || is_word(&r->tok[j], "no") ||
                                is_word(&r->tok[j], "number")))
                j++;
            if (j < r->n && (r->tok[j].flags & NORM_WORD) && has_digit(&r->tok[j]))
                for (size_t k = i; k <= j; k++)
                    kill(&r->tok[k]);
            continue;
        }
        if (!(t->flags & NORM_WORD))
            continue;
        if (is_xcount(t)) {
            kill(t);
        } else if (is_number(t)) {
            kill(t);
            if (i + 1 < r->n && cls(&r->tok[i + 1]) == LEX_COUNTWORD)
                kill(&r->tok[i + 1]);
            if (i > 0 && is_word(&r->tok[i - 1], "x"))
                kill(&r->tok[i - 1]);
        } else if (t->len >= 6 && has_digit(t) && !(t->flags & NORM_SIGNAL)) {
            kill(t); /* "req12345", "jr10492": reference codes */
        }
    }
}

/* "band 5" -> "band5": a grade word and its number, kept as one signal. */
static void join_grades(raw_tokens *r, char *store, size_t *used, size_t cap)
{
    for (size_t i = 0; i + 1 < r->n; i++) {
        norm_token *g = &r->tok[i], *v = &r->tok[i + 1];
        if (cls(g) != LEX_GRADEWORD || (v->flags & NORM_DEAD) || !(v->flags & NORM_WORD) ||
            v->len > 3 || !(is_number(v) || v->len == 1))
            continue;
        if (*used + g->len + v->len > cap)
            return;
        char *s = store + *used;
        memcpy(s, g->s, g->len);
        memcpy(s + g->len, v->s, v->len);
        *used += g->len + v->len;
        g->s = s;
        g->len = (uint16_t)(g->len + v->len);
        g->flags |= NORM_SIGNAL;
        v->flags |= NORM_DEAD;
        v->flags &= (uint8_t)~NORM_WORD;
        i++;
    }
}

/* Token t now reads `text`, copied into the title's storage, which later
 * steps may edit; false when the storage is full. */
static bool retext(norm_token *t, const char *text, char *store, size_t *used, size_t cap)
{
    size_t len = strlen(text);
    if (*used + len > cap)
        return false;
    memcpy(store + *used, text, len);
    t->s = store + *used;
    t->len = (uint16_t)len;
    *used += len;
    return true;
}

/* "High School Teacher" -> "secondary school teacher", "Line Cook" ->
 * "cook" (lexicon.c). */
static void britishise(raw_tokens *r, char *store, size_t *used, size_t cap)
{
    for (size_t i = 0; i < r->n; i++) {
        norm_token *t = &r->tok[i];
        size_t drop = 0;
        const char *b = (t->flags & NORM_WORD) && !(t->flags & NORM_DEAD)
                            ? lex_british(r->tok, r->n, i, &drop) : NULL;
        if (!b || !retext(t, b, store, used, cap))
            continue;
        for (size_t k = 1; k <= drop; k++)
            kill(&r->tok[i + k]);
    }
}

/* A title that is one American word, once the noise is gone ("Server -
 * Part Time" -> "waiter"). */
static void britishise_alone(raw_tokens *r, char *store, size_t *used, size_t cap)
{
    norm_token *only = NULL;
    for (size_t i = 0; i < r->n; i++) {
        norm_token *t = &r->tok[i];
        if (!(t->flags & NORM_WORD) || (t->flags & NORM_DEAD))
            continue;
        if (only)
            return;
        only = t;
    }
    const char *b = only ? lex_alone(only->s, only->len) : NULL;
    if (b)
        retext(only, b, store, used, cap);
}

static void strip_noise_words(raw_tokens *r)
{
    for (size_t i = 0; i < r->n; i++) {
        norm_token *t = &r->tok[i];
        if ((t->flags & NORM_DEAD) || !(t->flags & NORM_WORD))
            continue;
        size_t k = lex_noise_phrase(r->tok, r->n, i);
        for (size_t j = 0; j < k; j++)
            kill(&r->tok[i + j]);
        if (k)
            continue;
        lex_class c = cls(t);
        if (c == LEX_NOISE)
            kill(t);
        else if (c == LEX_SEGNOISE)
            t->flags |= NORM_SEGNOISE;
    }
    /* A segment whose live words are all segment-noise or function words
     * ("- Days -", "(Contract)") is dropped whole. */
    size_t start = 0;
    for (size_t i = 0; i <= r->n; i++) {
        if (i < r->n && ((r->tok[i].flags & NORM_WORD) || r->tok[i].sep == '$' ||
                         r->tok[i].sep == '#'))
            continue;
        bool all_noise = true, any = false;
        for (size_t j = start; j < i; j++) {
            norm_token *t = &r->tok[j];
            if (!(t->flags & NORM_WORD) || (t->flags & NORM_DEAD))
                continue;
            any = true;
            lex_class c = cls(t);
            if (!(t->flags & NORM_SEGNOISE) && c != LEX_STOP && c != LEX_PAYWORD)
                all_noise = false;
        }
        if (any && all_noise)
            for (size_t j = start; j < i; j++)
                kill(&r->tok[j]);
        start = i + 1;
    }
}

/* ---- emit -------------------------------------------------------------- */

/* Plurals that mean something else than their singular in a job title:
 * an "Accounts Manager" runs a finance team (3534), an "Account Manager"
 * looks after clients (3556). ONS codes four titles with "accounts" apart
 * from the same title with "account"; no other plural word does so more
 * than once. */
static const char *const kept_plurals[] = {"accounts"};

static bool kept_plural(const char *s, uint16_t len)
{
    for (size_t i = 0; i < sizeof(kept_plurals) / sizeof(kept_plurals[0]); i++)
        if (strlen(kept_plurals[i]) == len && !memcmp(s, kept_plurals[i], len))
            return true;
    return false;
}

/* English plurals to singular, identically on index and advert titles. */
uint16_t norm_singular(char *s, uint16_t len)
{
    if (len <= 3 || s[len - 1] != 's' || kept_plural(s, len))
        return len;
    if (len > 4 && !memcmp(s + len - 3, "ies", 3)) {
        s[len - 3] = 'y';
        return (uint16_t)(len - 2);
    }
    if (len > 4 && (!memcmp(s + len - 4, "sses", 4) || !memcmp(s + len - 4, "ches", 4) ||
                    !memcmp(s + len - 4, "shes", 4) || !memcmp(s + len - 3, "xes", 3)))
        return (uint16_t)(len - 2);
    if (s[len - 2] == 's' || s[len - 2] == 'u' || s[len - 2] == 'i')
        return len; /* class, status, analysis */
    return (uint16_t)(len - 1);
}

static void emit(norm_title *out, const char *s, size_t len, uint8_t flags)
{
    if (out->n < NORM_MAX_TOKENS)
        out->tok[out->n++] = (norm_token){s, (uint16_t)len, flags, 0};
}

/* Each word of text[0..len), separated by spaces: an abbreviation's
 * expansion, or a British phrase put in for an American one. */
static void emit_words(norm_title *out, const char *text, size_t len, uint8_t seg)
{
    for (const char *p = text, *end = text + len; p < end;) {
        const char *e = memchr(p, ' ', (size_t)(end - p));
        size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
        emit(out, p, n, (uint8_t)(NORM_WORD | seg));
        seg = 0;
        p += n + (e ? 1 : 0);
    }
}

static void emit_word(norm_title *out, norm_token *t, bool segstart)
{
    uint8_t seg = segstart ? NORM_SEGSTART : 0;
    const char *full = lex_expand(t->s, t->len);
    if (full && !*full)
        return; /* an abbreviation that means nothing occupational */
    if (full) {
        emit_words(out, full, strlen(full), seg);
        return;
    }
    if (memchr(t->s, ' ', t->len)) {
        emit_words(out, t->s, t->len, seg);
        return;
    }
    lex_class c = lex_classify(t->s, t->len);
    uint8_t flags = (uint8_t)(NORM_WORD | seg | (t->flags & NORM_SIGNAL));
    if (c == LEX_SENIOR)
        flags |= NORM_SENIOR;
    else if (c == LEX_SIGNAL)
        flags |= NORM_SIGNAL;
    else if (c == LEX_STOP)
        flags |= NORM_STOP;
    uint16_t len = t->len;
    if (!(flags & (NORM_SIGNAL | NORM_STOP)))
        len = norm_singular((char *)t->s, t->len);
    emit(out, t->s, len, flags);
}

void norm_words(const char *text, size_t max,
                void (*fn)(const char *w, size_t len, void *arg), void *arg)
{
    char w[NORM_WORD_MAX];
    size_t n = 0;
    for (size_t i = 0;; i++) {
        unsigned char c = i < max ? (unsigned char)text[i] : 0;
        if (c && c < 0x80 && isalnum(c)) {
            if (n < sizeof(w))
                w[n++] = (char)tolower(c);
            continue;
        }
        if (n && n < sizeof(w) && lex_classify(w, n) != LEX_STOP)
            fn(w, norm_singular(w, (uint16_t)n), arg);
        n = 0;
        if (!c)
            break;
    }
}

int norm_parse(const char *title, norm_mode mode, norm_title *out)
{
    out->n = 0;
    out->used = 0;
    size_t n = strlen(title);
    if (n > CODER_TITLE_MAX)
        return common_error(COMMON_EINVAL, "title is %zu bytes, over the limit of %d", n,
                            CODER_TITLE_MAX);
    if (!common_utf8_valid(title, n))
        return common_error(COMMON_EINVAL, "title is not valid UTF-8");
    char cleaned[NORM_TEXT_MAX];
    clean(title, n, cleaned, sizeof(cleaned));
    size_t i = 0;
    while (cleaned[i] == ' ')
        i++;
    if (!cleaned[i])
        return common_error(COMMON_EINVAL, "title is empty");

    raw_tokens raw;
    lex(cleaned, out->text, &out->used, sizeof(out->text), &raw);
    unreverse(&raw);
    strip_gender(&raw);
    strip_pay(&raw);
    join_grades(&raw, out->text, &out->used, sizeof(out->text));
    strip_refs_and_counts(&raw);
    if (mode == NORM_ADVERT) {
        britishise(&raw, out->text, &out->used, sizeof(out->text));
        strip_noise_words(&raw);
        britishise_alone(&raw, out->text, &out->used, sizeof(out->text));
    }

    bool segstart = true;
    for (i = 0; i < raw.n; i++) {
        norm_token *t = &raw.tok[i];
        if ((t->flags & NORM_DEAD) && !t->sep)
            continue; /* absorbed or dropped words separate nothing */
        if (!(t->flags & NORM_WORD)) {
            if (t->sep != '$' && t->sep != '#' && t->sep != ',')
                segstart = true;
            else if (t->sep == ',' && out->n)
                segstart = true;
            continue;
        }
        if (t->flags & NORM_DEAD)
            continue;
        size_t before = out->n;
        emit_word(out, t, segstart);
        if (out->n > before)
            segstart = false;
    }
    return 0;
}

static bool is_preposition(const norm_token *t)
{
    static const char *const preps[] = {"of", "for", "to", "in", "at", "with", "on", "within"};
    for (size_t i = 0; i < sizeof(preps) / sizeof(preps[0]); i++)
        if (t->len == strlen(preps[i]) && !memcmp(t->s, preps[i], t->len))
            return true;
    return false;
}

int norm_head(const norm_title *t)
{
    size_t end = 0;
    while (end < t->n && (end == 0 || !(t->tok[end].flags & NORM_SEGSTART)))
        end++;
    for (size_t i = 1; i < end; i++)
        if (is_preposition(&t->tok[i])) {
            end = i;
            break;
        }
    for (size_t i = end; i-- > 0;)
        if (!(t->tok[i].flags & (NORM_STOP | NORM_SIGNAL | NORM_SENIOR)))
            return (int)i;
    for (size_t i = t->n; i-- > 0;)
        if (!(t->tok[i].flags & NORM_STOP))
            return (int)i;
    return -1;
}

int norm_join(const norm_title *t, bool skip_senior, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < t->n; i++) {
        const norm_token *w = &t->tok[i];
        if (skip_senior && (w->flags & NORM_SENIOR))
            continue;
        if (o + w->len + 2 > cap)
            return common_error(COMMON_EINVAL, "normalised title too long");
        if (o)
            out[o++] = ' ';
        memcpy(out + o, w->s, w->len);
        o += w->len;
    }
    if (cap)
        out[o] = '\0';
    return 0;
}

int coder_normalise(const char *title, common_buf *out)
{
    norm_title *t = common_malloc(sizeof(*t));
    if (!t)
        return COMMON_ENOMEM;
    char joined[NORM_TEXT_MAX];
    int rc = norm_parse(title, NORM_ADVERT, t);
    if (!rc)
        rc = norm_join(t, false, joined, sizeof(joined));
    if (!rc)
        rc = common_buf_puts(out, joined);
    free(t);
    return rc;
}
