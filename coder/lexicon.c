/* lexicon.c - the words that advert titles carry besides the occupation.
 *
 * Real titles come dressed: "Senior Staff Nurse - Band 5 - Nights - £15ph
 * (Ref 1234)". Each word here says what the dressing is, so the normaliser
 * can strip noise, keep grades as signal, and expand abbreviations. Words
 * that are also real occupations ("contract" in "contracts manager") are
 * LEX_SEGNOISE: noise only when nothing occupational shares their segment.
 * The tables are sorted once at first use and searched with bsearch. */
#include "norm.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *word;
    lex_class cls;
} lex_word;

static lex_word words[] = {
    /* contract, hours and shifts */
    {"temp", LEX_NOISE}, {"temporary", LEX_NOISE}, {"perm", LEX_NOISE},
    {"permanent", LEX_NOISE}, {"ftc", LEX_NOISE}, {"parttime", LEX_NOISE},
    {"fulltime", LEX_NOISE}, {"nights", LEX_NOISE}, {"night", LEX_SEGNOISE},
    {"days", LEX_SEGNOISE}, {"day", LEX_SEGNOISE}, {"weekend", LEX_SEGNOISE},
    {"weekends", LEX_NOISE}, {"evenings", LEX_NOISE}, {"evening", LEX_SEGNOISE},
    {"shift", LEX_SEGNOISE}, {"shifts", LEX_NOISE}, {"rotational", LEX_NOISE},
    {"contract", LEX_SEGNOISE}, {"interim", LEX_NOISE}, {"maternity", LEX_SEGNOISE},
    {"cover", LEX_SEGNOISE}, {"flexible", LEX_SEGNOISE}, {"hours", LEX_SEGNOISE},
    {"zero", LEX_SEGNOISE}, {"fixed", LEX_SEGNOISE}, {"term", LEX_SEGNOISE},
    {"ft", LEX_NOISE}, {"pt", LEX_SEGNOISE}, {"sunday", LEX_NOISE}, {"saturday", LEX_NOISE},
    /* urgency and advert words */
    {"urgent", LEX_NOISE}, {"urgently", LEX_NOISE}, {"immediate", LEX_NOISE},
    {"immediately", LEX_NOISE}, {"asap", LEX_NOISE}, {"required", LEX_NOISE},
    {"wanted", LEX_NOISE}, {"needed", LEX_NOISE}, {"hiring", LEX_NOISE},
    {"vacancy", LEX_NOISE}, {"vacancies", LEX_NOISE}, {"opportunity", LEX_NOISE},
    {"opportunities", LEX_SEGNOISE}, {"job", LEX_SEGNOISE}, {"jobs", LEX_NOISE},
    {"role", LEX_NOISE}, {"roles", LEX_NOISE}, {"position", LEX_NOISE},
    {"positions", LEX_NOISE}, {"new", LEX_NOISE}, {"start", LEX_SEGNOISE},
    {"apply", LEX_NOISE}, {"now", LEX_NOISE}, {"today", LEX_NOISE},
    {"exciting", LEX_NOISE}, {"excellent", LEX_NOISE}, {"fantastic", LEX_NOISE},
    {"amazing", LEX_NOISE}, {"great", LEX_NOISE}, {"rewarding", LEX_NOISE},
    {"multiskilled", LEX_NOISE},
    {"bonus", LEX_SEGNOISE}, {"benefits", LEX_SEGNOISE}, {"package", LEX_SEGNOISE},
    {"relocation", LEX_SEGNOISE}, {"sponsorship", LEX_NOISE}, {"visa", LEX_NOISE},
    {"driving", LEX_SEGNOISE}, {"licence", LEX_SEGNOISE}, {"license", LEX_SEGNOISE},
    {"essential", LEX_NOISE}, {"only", LEX_NOISE}, {"welcome", LEX_NOISE}, {"considered", LEX_NOISE},
    {"inc", LEX_NOISE}, {"including", LEX_NOISE}, {"weekly", LEX_NOISE}, {"pay", LEX_SEGNOISE},
    {"paid", LEX_NOISE}, {"enhanced", LEX_NOISE}, {"rates", LEX_NOISE}, {"rate", LEX_SEGNOISE},
    /* where */
    {"remote", LEX_NOISE}, {"remotely", LEX_NOISE}, {"hybrid", LEX_NOISE},
    {"wfh", LEX_NOISE}, {"homeworking", LEX_NOISE}, {"homebased", LEX_NOISE},
    {"fifo", LEX_NOISE}, {"dido", LEX_NOISE}, /* fly-in fly-out, drive-in drive-out */
    {"based", LEX_NOISE}, {"nationwide", LEX_NOISE}, {"uk", LEX_NOISE},
    {"various", LEX_NOISE}, {"multiple", LEX_NOISE}, {"locations", LEX_NOISE},
    {"location", LEX_SEGNOISE}, {"england", LEX_NOISE}, {"scotland", LEX_NOISE},
    {"wales", LEX_NOISE}, {"ireland", LEX_SEGNOISE}, {"london", LEX_NOISE},
    {"office", LEX_SEGNOISE}, {"home", LEX_SEGNOISE}, {"field", LEX_SEGNOISE},
    {"area", LEX_SEGNOISE}, {"region", LEX_SEGNOISE}, {"north", LEX_SEGNOISE},
    {"south", LEX_SEGNOISE}, {"east", LEX_SEGNOISE}, {"west", LEX_SEGNOISE},
    {"central", LEX_SEGNOISE}, {"midlands", LEX_NOISE}, {"greater", LEX_SEGNOISE},
    {"city", LEX_SEGNOISE}, {"centre", LEX_SEGNOISE}, {"town", LEX_SEGNOISE},
    /* pay */
    {"ph", LEX_PAYWORD}, {"phr", LEX_PAYWORD}, {"pa", LEX_PAYWORD}, {"pcm", LEX_PAYWORD},
    {"pw", LEX_PAYWORD}, {"pd", LEX_PAYWORD}, {"per", LEX_PAYWORD}, {"hour", LEX_PAYWORD},
    {"hr", LEX_PAYWORD}, {"hourly", LEX_PAYWORD}, {"annum", LEX_PAYWORD},
    {"annual", LEX_PAYWORD}, {"daily", LEX_PAYWORD}, {"month", LEX_PAYWORD},
    {"year", LEX_PAYWORD}, {"week", LEX_PAYWORD}, {"salary", LEX_NOISE},
    {"doe", LEX_NOISE}, {"dep", LEX_PAYWORD}, {"ote", LEX_NOISE}, {"competitive", LEX_NOISE},
    {"negotiable", LEX_NOISE}, {"neg", LEX_PAYWORD}, {"pro", LEX_PAYWORD},
    {"rata", LEX_NOISE}, {"plus", LEX_PAYWORD}, {"up", LEX_PAYWORD}, {"upto", LEX_NOISE},
    {"from", LEX_PAYWORD}, {"to", LEX_STOP}, {"k", LEX_PAYWORD}, {"gbp", LEX_NOISE},
    {"an", LEX_STOP}, {"a", LEX_STOP},
    /* grades and references */
    {"band", LEX_GRADEWORD}, {"grade", LEX_GRADEWORD}, {"level", LEX_GRADEWORD},
    {"lvl", LEX_GRADEWORD}, {"tier", LEX_GRADEWORD}, {"class", LEX_GRADEWORD},
    {"cat", LEX_GRADEWORD}, {"category", LEX_GRADEWORD}, {"ks", LEX_GRADEWORD},
    {"stage", LEX_GRADEWORD}, {"step", LEX_GRADEWORD}, {"afc", LEX_SIGNAL},
    {"heo", LEX_SIGNAL}, {"seo", LEX_SIGNAL}, {"eo", LEX_SIGNAL}, {"aa", LEX_SIGNAL},
    {"ao", LEX_SIGNAL}, {"scs", LEX_SIGNAL}, {"g6", LEX_SIGNAL}, {"g7", LEX_SIGNAL},
    {"st1", LEX_SIGNAL}, {"st2", LEX_SIGNAL}, {"st3", LEX_SIGNAL}, {"st4", LEX_SIGNAL},
    {"st5", LEX_SIGNAL}, {"st6", LEX_SIGNAL}, {"st7", LEX_SIGNAL}, {"st8", LEX_SIGNAL},
    {"ct1", LEX_SIGNAL}, {"ct2", LEX_SIGNAL}, {"ct3", LEX_SIGNAL}, {"fy1", LEX_SIGNAL},
    {"fy2", LEX_SIGNAL}, {"f1", LEX_SIGNAL}, {"f2", LEX_SIGNAL}, {"nqt", LEX_SIGNAL},
    {"ect", LEX_SIGNAL}, {"tlr", LEX_SIGNAL}, {"mps", LEX_SIGNAL}, {"ups", LEX_SIGNAL},
    {"ref", LEX_REFWORD}, {"reference", LEX_REFWORD}, {"req", LEX_REFWORD},
    {"requisition", LEX_REFWORD}, {"jobref", LEX_REFWORD}, {"id", LEX_REFWORD},
    {"no", LEX_REFWORD},
    {"posts", LEX_COUNTWORD}, {"post", LEX_COUNTWORD}, {"people", LEX_COUNTWORD},
    {"staff", LEX_COUNTWORD}, {"openings", LEX_COUNTWORD}, {"x", LEX_COUNTWORD},
    /* career stage: kept, but an exact lookup may also try without them */
    {"senior", LEX_SENIOR}, {"snr", LEX_SENIOR}, {"sr", LEX_SENIOR},
    {"junior", LEX_SENIOR}, {"jnr", LEX_SENIOR}, {"jr", LEX_SENIOR},
    {"trainee", LEX_SENIOR}, {"graduate", LEX_SENIOR}, {"apprentice", LEX_SENIOR},
    {"apprenticeship", LEX_SENIOR}, {"experienced", LEX_SENIOR},
    {"qualified", LEX_SENIOR}, {"newly", LEX_SENIOR}, {"entry", LEX_SENIOR},
    {"lead", LEX_SENIOR}, {"principal", LEX_SENIOR}, {"associate", LEX_SENIOR},
    {"mid", LEX_SENIOR}, {"intermediate", LEX_SENIOR}, {"experience", LEX_SEGNOISE},
    /* function words: kept for exact lookups, weightless in similarity */
    {"and", LEX_STOP}, {"of", LEX_STOP}, {"the", LEX_STOP}, {"for", LEX_STOP},
    {"in", LEX_STOP}, {"with", LEX_STOP}, {"at", LEX_STOP}, {"on", LEX_STOP},
    {"or", LEX_STOP}, {"within", LEX_STOP},
};

typedef struct {
    const char *abbrev;
    const char *full;
} lex_abbrev;

/* Abbreviations of the kind the ONS index lists, plus those adverts use. */
static lex_abbrev abbrevs[] = {
    {"acct", "accountant"}, {"accts", "accounts"}, {"admin", "administrator"},
    {"asst", "assistant"}, {"assoc", "associate"}, {"bdm", "business development manager"},
    {"coord", "coordinator"}, {"cust", "customer"}, {"dept", "department"},
    {"dev", "developer"}, {"dir", "director"}, {"elec", "electrical"},
    {"eng", "engineer"}, {"engr", "engineer"}, {"exec", "executive"},
    {"hca", "healthcare assistant"}, {"hgv1", "hgv class1"}, {"hgv2", "hgv class2"},
    {"lsa", "learning support assistant"}, {"maint", "maintenance"},
    {"mech", "mechanical"}, {"mgmt", "management"}, {"mgr", "manager"},
    {"mngr", "manager"}, {"ops", "operations"}, {"ot", "occupational therapist"}, {"pa", "personal assistant"},
    {"qs", "quantity surveyor"}, {"rgn", "registered general nurse"},
    {"rmn", "mental health nurse"}, {"rnld", "learning disability nurse"},
    {"svc", "service"}, {"supt", "superintendent"}, {"supv", "supervisor"},
    {"supvr", "supervisor"}, {"ta", "teaching assistant"}, {"tech", "technician"},
    {"techn", "technician"}, {"slt", "speech and language therapist"},
    {"sw", "social worker"}, {"cscs", ""}, {"cs", "customer service"},
    {"csa", "customer service assistant"}, {"hse", "health and safety"},
    {"pm", "project manager"}, {"sen", "special educational needs"},
    {"senco", "special educational needs coordinator"},
    /* technology: ONS lists the words spelled out ("Artificial intelligence
     * engineer", "Machine learning engineer"); unexpanded, "AI Engineer" was
     * a TV repairer and "ML Engineer" a fitter */
    {"ai", "artificial intelligence"}, {"ml", "machine learning"},
    {"mlops", "machine learning"}, {"genai", "artificial intelligence"},
    /* American words adverts abroad use, for the British title ONS lists */
    {"realtor", "estate agent"}, {"emt", "emergency medical technician"},
    {"paraprofessional", "teaching assistant"}, {"paraeducator", "teaching assistant"},
    {"cna", "nursing assistant"}, {"lpn", "nursing associate"}, {"lvn", "nursing associate"},
    {"rn", "registered nurse"}, {"cdl", "hgv"},
    {"cdla", "hgv"}, {"cdlb", "hgv"}, /* "CDL-A", its hyphen joined */
    {"cpa", "chartered accountant"}, /* certified public accountant */
    {"journeyman", ""}, /* American: the qualified tradesman the trade alone names */
    {"drywaller", "dry liner"}, {"dryliner", "dry liner"},
    {"slp", "speech and language therapist"}, {"hospitalist", "hospital doctor"},
    /* American spellings no ONS title has */
    {"anesthesiologist", "anaesthetist"}, {"anesthetist", "anaesthetist"},
    {"molding", "moulding"}, {"molder", "moulder"}, {"mold", "mould"},
    {"program", "programme"},
    {"telecaller", "telesales executive"}, /* India */
    {"boilermaker", "boiler maker"},
    /* Australian farm and site words */
    {"jackaroo", "farm worker"}, {"jillaroo", "farm worker"}, {"dogman", "slinger"},
    /* trade slang in Britain and Australia */
    {"sparky", "electrician"}, {"sparkie", "electrician"},
    {"trunker", "hgv driver"}, /* drives night trunks between depots */
    {"formworker", "formwork carpenter"},
};

static int cmp_word(const void *a, const void *b)
{
    return strcmp(((const lex_word *)a)->word, ((const lex_word *)b)->word);
}

static int cmp_abbrev(const void *a, const void *b)
{
    return strcmp(((const lex_abbrev *)a)->abbrev, ((const lex_abbrev *)b)->abbrev);
}

static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static void sort_tables(void)
{
    qsort(words, sizeof(words) / sizeof(words[0]), sizeof(words[0]), cmp_word);
    qsort(abbrevs, sizeof(abbrevs) / sizeof(abbrevs[0]), sizeof(abbrevs[0]), cmp_abbrev);
}

#define LEX_WORD_MAX 32

/* Copy a token into a NUL-terminated key; false when too long to be listed. */
static bool key_of(const char *s, size_t len, char key[LEX_WORD_MAX])
{
    if (len >= LEX_WORD_MAX)
        return false;
    memcpy(key, s, len);
    key[len] = '\0';
    return true;
}

lex_class lex_classify(const char *s, size_t len)
{
    char key[LEX_WORD_MAX];
    pthread_once(&sorted_once, sort_tables);
    if (!key_of(s, len, key))
        return LEX_NONE;
    lex_word probe = {key, LEX_NONE};
    const lex_word *w = bsearch(&probe, words, sizeof(words) / sizeof(words[0]),
                                sizeof(words[0]), cmp_word);
    return w ? w->cls : LEX_NONE;
}

const char *lex_expand(const char *s, size_t len)
{
    char key[LEX_WORD_MAX];
    pthread_once(&sorted_once, sort_tables);
    if (!key_of(s, len, key))
        return NULL;
    lex_abbrev probe = {key, NULL};
    const lex_abbrev *a = bsearch(&probe, abbrevs, sizeof(abbrevs) / sizeof(abbrevs[0]),
                                  sizeof(abbrevs[0]), cmp_abbrev);
    return a ? a->full : NULL;
}

/* Multi-word noise. Each phrase is matched against consecutive words. */
static const char *const noise_phrases[][4] = {
    {"part", "time", NULL}, {"full", "time", NULL}, {"fixed", "term", NULL},
    {"term", "time", NULL}, {"temp", "to", "perm", NULL},
    {"maternity", "cover", NULL}, {"mat", "cover", NULL},
    {"work", "from", "home", NULL}, {"working", "from", "home", NULL},
    {"home", "working", NULL}, {"home", "based", NULL}, {"office", "based", NULL},
    {"field", "based", NULL}, {"days", "nights", NULL}, {"nights", "days", NULL},
    {"night", "shift", NULL}, {"day", "shift", NULL}, {"zero", "hours", NULL},
    {"all", "genders", NULL}, {"start", "immediately", NULL},
    {"immediate", "start", NULL}, {"no", "experience", NULL},
    {"sign", "on", "bonus", NULL}, {"golden", "hello", NULL},
    {"multi", "skilled", NULL}, /* no ONS title has it; "Multi" alone is a trade */
};

/* Number of words of the NULL-terminated phrase, when w[i..] spells it. */
static size_t phrase_at(const norm_token *w, size_t n, size_t i, const char *const *phrase)
{
    size_t k = 0;
    for (; phrase[k]; k++) {
        size_t wl = strlen(phrase[k]);
        if (i + k >= n || w[i + k].len != wl || memcmp(w[i + k].s, phrase[k], wl))
            return 0;
    }
    return k;
}

size_t lex_noise_phrase(const norm_token *w, size_t n, size_t i)
{
    for (size_t p = 0; p < sizeof(noise_phrases) / sizeof(noise_phrases[0]); p++) {
        size_t k = phrase_at(w, n, i, noise_phrases[p]);
        if (k)
            return k;
    }
    return 0;
}

/* American phrases, and the British words ONS titles use in their place.
 * Most replace one word (the phrase's word number `at`): "secondary school
 * teacher", never "high school teacher"; a speech-language pathologist is
 * a speech and language therapist, a physician assistant a physician
 * associate (a British pathologist is a doctor). A `whole` phrase is
 * replaced as a whole, its other words dropped: a line cook is a cook, a
 * vet tech a veterinary nurse, a correctional officer a prison officer. */
static const struct {
    const char *phrase[4];
    size_t at;
    bool whole;
    const char *british;
} american[] = {
    {{"high", "school", NULL}, 0, false, "secondary"},
    {{"middle", "school", NULL}, 0, false, "secondary"},
    {{"elementary", "school", NULL}, 0, false, "primary"},
    {{"grade", "school", NULL}, 0, false, "primary"},
    {{"speechlanguage", NULL}, 0, false, "speech"}, /* "speech-language", its hyphen joined */
    {{"speech", "pathologist", NULL}, 1, false, "therapist"},
    {{"physician", "assistant", NULL}, 1, false, "associate"},
    {{"special", "education", NULL}, 0, true, "special needs"},
    {{"line", "cook", NULL}, 0, true, "cook"},
    {{"vet", "tech", NULL}, 0, true, "veterinary nurse"},
    {{"veterinary", "technician", NULL}, 0, true, "veterinary nurse"},
    {{"veterinary", "technologist", NULL}, 0, true, "veterinary nurse"},
    {{"radiologic", "technologist", NULL}, 0, true, "radiographer"},
    {{"radiology", "technologist", NULL}, 0, true, "radiographer"},
    {{"licensed", "practical", "nurse", NULL}, 0, true, "nursing associate"},
    {{"licensed", "vocational", "nurse", NULL}, 0, true, "nursing associate"},
    {{"store", "associate", NULL}, 0, true, "retail assistant"},
    {{"front", "desk", "agent", NULL}, 0, true, "receptionist"},
    {{"front", "desk", "clerk", NULL}, 0, true, "receptionist"},
    {{"front", "desk", "associate", NULL}, 0, true, "receptionist"},
    {{"correctional", "officer", NULL}, 0, true, "prison officer"},
    {{"corrections", "officer", NULL}, 0, true, "prison officer"},
    {{"direct", "support", "professional", NULL}, 0, true, "care worker"},
    {{"heavy", "equipment", "operator", NULL}, 0, true, "heavy plant operator"},
    {{"school", "bus", "driver", NULL}, 0, true, "bus driver"},
    {{"transit", "operator", NULL}, 0, true, "bus driver"},
    {{"travel", "nurse", NULL}, 0, true, "registered nurse"},
    {{"patient", "care", "technician", NULL}, 0, true, "nursing assistant"},
    {{"mail", "carrier", NULL}, 0, true, "postman"},
    {{"letter", "carrier", NULL}, 0, true, "postman"},
    {{"custodial", "worker", NULL}, 0, true, "janitor"},
    {{"sewing", "machine", "operator", NULL}, 0, true, "sewing machinist"},
    {{"assistant", "principal", NULL}, 0, true, "deputy head teacher"},
    {{"daycare", "teacher", NULL}, 0, true, "nursery teacher"},
    {{"cad", "drafter", NULL}, 1, false, "draughtsman"},
    /* not a site engineer (civil, 2121): the DevOps role ONS lists */
    {{"site", "reliability", "engineer", NULL}, 0, true, "devops engineer"},
    {{"vet", "nurse", NULL}, 0, true, "veterinary nurse"},
    {{"station", "hand", NULL}, 0, true, "farm worker"}, /* an Australian farm */
    {{"parts", "interpreter", NULL}, 1, false, "adviser"},
};

const char *lex_british(const norm_token *w, size_t n, size_t i, size_t *drop)
{
    *drop = 0;
    for (size_t p = 0; p < sizeof(american) / sizeof(american[0]); p++) {
        size_t k;
        if (i < american[p].at ||
            !(k = phrase_at(w, n, i - american[p].at, american[p].phrase)))
            continue;
        if (american[p].whole)
            *drop = k - 1;
        return american[p].british;
    }
    return NULL;
}

/* Titles that mean something else only when they stand alone: a "Server"
 * waits at tables (a "SQL Server DBA" does not), a "Stocker" fills shelves
 * (ONS lists stockers only in old gun and steel trades), a "Drafter" draws,
 * a "Commis" cooks. */
static const lex_abbrev alone[] = {
    {"server", "waiter"}, {"servers", "waiter"},
    {"stocker", "shelf filler"}, {"stockers", "shelf filler"},
    {"drafter", "draughtsman"}, {"drafters", "draughtsman"}, /* ONS: a textile drafter */
    {"commis", "commis chef"},
};

const char *lex_alone(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++)
        if (strlen(alone[i].abbrev) == len && !memcmp(alone[i].abbrev, s, len))
            return alone[i].full;
    return NULL;
}
