/* location.c - where an advert's job is.
 *
 * Text like "Wednesbury WS10", "Leeds, West Yorkshire", "Hybrid - London",
 * "Remote", "Multiple locations" or a full postcode: flags from the words,
 * a postcode or postcode district when there is one, then the comma- or
 * dash-separated parts tried as place names in order. A postcode district
 * found in the lookups beats a place name; a region alone is kept while a
 * later part may still name the district. */
#include "internal.h"

#include <ctype.h>
#include <string.h>

#define LOCATION_PARTS_MAX 8
#define POSTCODE_MAX 9
#define LOCATION_MULTIPLE_COMMAS 2 /* further districts after the first */

static const struct {
    const char *words;
    unsigned flag;
} location_words[] = {
    {"remote", VACANCY_LOC_REMOTE},          {"work from home", VACANCY_LOC_REMOTE},
    {"working from home", VACANCY_LOC_REMOTE}, {"home based", VACANCY_LOC_REMOTE},
    {"home-based", VACANCY_LOC_REMOTE},      {"homeworking", VACANCY_LOC_REMOTE},
    {"hybrid", VACANCY_LOC_HYBRID},          {"multiple locations", VACANCY_LOC_MULTIPLE},
    {"various locations", VACANCY_LOC_MULTIPLE}, {"nationwide", VACANCY_LOC_MULTIPLE},
    {"multiple sites", VACANCY_LOC_MULTIPLE},
};

/* Words that are not places: dropped from parts before lookup. */
static const char *const noise[] = {"hybrid", "remote", "home based", "uk", "united kingdom",
                                    "gb", "great britain", "work from home", "multiple locations",
                                    "various locations", "nationwide", "or", "and", "with",
                                    "office", "based", "working", "in"};

/* Outward code at s: 1-2 letters, a digit, then an optional letter or
 * digit; returns its length or 0. */
static size_t outward(const char *s)
{
    size_t i = 0;
    while (i < 2 && isupper((unsigned char)s[i]))
        i++;
    if (!i || !isdigit((unsigned char)s[i]))
        return 0;
    i++;
    if (isdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
        i++;
    return i;
}

/* A postcode ("WS10 0QB") or district ("WS10") as a word in upper-case
 * text; writes it to pc and returns its span in the text. */
static size_t find_postcode(const char *up, char pc[POSTCODE_MAX], size_t *at, bool *full)
{
    for (size_t i = 0; up[i]; i++) {
        if (i > 0 && isalnum((unsigned char)up[i - 1]))
            continue;
        size_t o = outward(up + i);
        if (!o)
            continue;
        /* "WS100QB" reads WS10 0QB: the inward code is digit + 2 letters. */
        size_t j = i + o;
        size_t k = up[j] == ' ' ? j + 1 : j;
        if (isdigit((unsigned char)up[k]) && isupper((unsigned char)up[k + 1]) &&
            isupper((unsigned char)up[k + 2]) && !isalnum((unsigned char)up[k + 3])) {
            snprintf(pc, POSTCODE_MAX, "%.*s %.3s", (int)o, up + i, up + k);
            *at = i;
            *full = true;
            return k + 3 - i;
        }
        if (!isalnum((unsigned char)up[j])) {
            snprintf(pc, POSTCODE_MAX, "%.*s", (int)o, up + i);
            *at = i;
            *full = false;
            return o;
        }
    }
    return 0;
}

int location_set_area(vacancy_location *loc, const geo_area *a, const char *how)
{
    struct {
        char **field;
        const char *value;
    } sets[] = {{&loc->lad_code, a->lad_code},     {&loc->lad_name, a->lad_name},
                {&loc->region_code, a->region_code}, {&loc->region_name, a->region_name},
                {&loc->itl_code, a->itl_code},     {&loc->country, a->country}};
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        int rc = vacancy_set(sets[i].field, sets[i].value && *sets[i].value ? sets[i].value : NULL);
        if (rc)
            return rc;
    }
    loc->resolved_by = how;
    return 0;
}

static void drop_noise(char *part)
{
    for (size_t i = 0; i < sizeof(noise) / sizeof(noise[0]); i++) {
        size_t m = strlen(noise[i]);
        char *s = part;
        while ((s = (char *)text_find(s, strlen(s), noise[i]))) {
            bool left = s == part || !isalnum((unsigned char)s[-1]);
            bool right = !isalnum((unsigned char)s[m]);
            if (left && right)
                memset(s, ' ', m);
            s += m;
        }
    }
    text_squeeze(part);
}

/* A part as written first: "and" and "with" are noise in "Leeds and
 * Bradford" but belong to "Brighton and Hove" or "Blackburn with Darwen".
 * Then without the noise words ("Office based in Leeds"). */
static int place_in_part(const geo *g, char *part, geo_area *a, const char **how)
{
    text_squeeze(part);
    int found = *part ? geo_place(g, part, a, how) : COMMON_ENOTFOUND;
    if (found != COMMON_ENOTFOUND)
        return found;
    drop_noise(part);
    return *part ? geo_place(g, part, a, how) : COMMON_ENOTFOUND;
}

/* Split on , ( ) / | ; and " - ", then look each part up. */
static int resolve_parts(const parser *p, char *text, vacancy_location *loc)
{
    char *parts[LOCATION_PARTS_MAX];
    char seps[LOCATION_PARTS_MAX] = {0}; /* what came before each part */
    size_t n = 0;
    char *s = text;
    parts[n++] = s;
    for (; *s && n < LOCATION_PARTS_MAX; s++) {
        bool dash = (*s == '-' && s > text && s[-1] == ' ' && s[1] == ' ') ||
                    ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                     ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94));
        if (strchr(",()/|;", *s) || dash) {
            if (dash && (unsigned char)*s == 0xE2)
                s[1] = s[2] = ' ';
            seps[n] = dash ? '-' : *s;
            *s = '\0';
            parts[n++] = s + 1;
        }
    }
    bool region_seen = false;
    const char *first_lad = NULL, *first_part = NULL;
    int rc = 0, others = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        geo_area a;
        const char *how;
        int found = place_in_part(p->geo, parts[i], &a, &how);
        /* "Gillingham, Dorset": the county chooses what the place means. */
        if (found >= 0 && first_part && seps[i] == ',' &&
            !geo_place_within(p->geo, first_part, parts[i], &a)) {
            if (!first_lad || strcmp(first_lad, a.lad_code))
                rc = location_set_area(loc, &a, "place");
            first_lad = a.lad_code;
            region_seen = true;
            continue;
        }
        if (!first_part && *parts[i])
            first_part = parts[i];
        if (found < 0 || (found == 1 && (region_seen || first_lad)))
            continue;
        if (found == 0 && first_lad) {
            /* "Leeds / Bradford", "Darlington, Hartlepool, Sunderland": several
             * districts, the first kept. Two parts joined by a comma are
             * usually a town and its county ("Milton Keynes, Buckinghamshire"). */
            if (strcmp(first_lad, a.lad_code) &&
                (++others >= LOCATION_MULTIPLE_COMMAS || (seps[i] && strchr("/|;", seps[i]))))
                loc->flags |= VACANCY_LOC_MULTIPLE;
            continue;
        }
        rc = location_set_area(loc, &a, how);
        if (found == 0)
            first_lad = a.lad_code;
        region_seen = true;
    }
    return rc ? rc : region_seen ? 0 : COMMON_ENOTFOUND;
}

int parser_location_text(const parser *p, const char *text, vacancy_location *loc)
{
    size_t n = strlen(text);
    if (n > PARSER_MAX_TEXT)
        return common_error(COMMON_EINVAL, "location: text longer than %d bytes", PARSER_MAX_TEXT);
    int rc = vacancy_set(&loc->raw, text);
    if (rc)
        return rc;
    text_squeeze(loc->raw);
    for (size_t i = 0; i < sizeof(location_words) / sizeof(location_words[0]); i++)
        if (text_has_word(loc->raw, location_words[i].words))
            loc->flags |= location_words[i].flag;
    char work[PARSER_MAX_TEXT + 1], up[PARSER_MAX_TEXT + 1];
    memcpy(work, loc->raw, strlen(loc->raw) + 1);
    for (size_t i = 0; i <= strlen(work); i++)
        up[i] = work[i];
    char pc[POSTCODE_MAX];
    size_t at = 0;
    bool full = false;
    size_t span = find_postcode(up, pc, &at, &full);
    if (!span) {
        /* Lower-case full postcodes ("ws10 0qb") count; districts do not. */
        for (size_t i = 0; up[i]; i++)
            up[i] = (char)toupper((unsigned char)up[i]);
        span = find_postcode(up, pc, &at, &full);
        if (span && !full)
            span = 0;
    }
    int found = COMMON_ENOTFOUND;
    if (span) {
        memset(work + at, ' ', span);
        if ((rc = vacancy_set(&loc->postcode, pc)))
            return rc;
        char district[POSTCODE_MAX];
        snprintf(district, sizeof(district), "%s", pc);
        char *space = strchr(district, ' ');
        if (space)
            *space = '\0';
        geo_area a;
        if (p && p->geo && !geo_district(p->geo, district, &a)) {
            if ((rc = location_set_area(loc, &a, "postcode")))
                return rc;
            found = 0;
        }
    }
    if (found && p && p->geo) {
        found = resolve_parts(p, work, loc);
        if (found != COMMON_ENOTFOUND && found)
            return found;
    }
    if (found && !loc->flags && !loc->postcode)
        return common_error(COMMON_ENOTFOUND, "location: no place known in '%.60s'", text);
    return 0;
}
