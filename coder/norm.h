/* norm.h - private: the title normaliser's token model and word lists. */
#ifndef VH_CODER_NORM_H
#define VH_CODER_NORM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "coder.h"

#define NORM_MAX_TOKENS 64           /* tokens kept from one title */
#define NORM_TEXT_MAX (CODER_TITLE_MAX * 4) /* cleaned text and token storage */

/* Token flags. */
#define NORM_WORD    (1u << 0) /* a word (else a separator) */
#define NORM_SENIOR  (1u << 1) /* seniority / career stage: "senior", "trainee" */
#define NORM_SIGNAL  (1u << 2) /* grade or band: "band5", "heo", "st3" */
#define NORM_STOP    (1u << 3) /* function word: "and", "of" */
#define NORM_DEAD    (1u << 4) /* removed as noise */
#define NORM_SEGNOISE (1u << 5) /* noise only when its whole segment is noise */
#define NORM_SEGSTART (1u << 6) /* first word of a segment (after - | ( , ...) */

typedef struct {
    const char *s;
    uint16_t len;
    uint8_t flags;
    char sep;     /* for separators: ',', '-', '/', '(', ')', '|', '+', '$', '#' */
} norm_token;

typedef struct {
    char text[NORM_TEXT_MAX];   /* storage the tokens point into */
    size_t used;
    norm_token tok[NORM_MAX_TOKENS];
    size_t n;
} norm_title;

typedef enum {
    NORM_ADVERT, /* strip everything adverts carry besides the occupation */
    NORM_INDEX   /* an ONS index title: its words are all meant ("Relocation
                    manager"), so contract, place and advert words stay */
} norm_mode;

/* Normalise into words (separators and noise dropped), in order. Returns 0,
 * or <0 with a message for empty, over-long or invalid UTF-8 input. */
int norm_parse(const char *title, norm_mode mode, norm_title *out);

/* Index of the head word (the noun a title is about: last word of the first
 * segment, before "of"/"for"...), or -1 when there are no words. Works on
 * the output of norm_parse, which keeps segment starts flagged. */
int norm_head(const norm_title *t);

/* Join the words with single spaces (what coder_normalise prints). */
int norm_join(const norm_title *t, bool skip_senior, char *out, size_t cap);

/* Plural to singular in place; returns the new length. */
uint16_t norm_singular(char *s, uint16_t len);

#define NORM_WORD_MAX 64 /* longer free-text words are not occupational */

/* Call fn for each word of free text (lower-cased ASCII letters and digits,
 * singular, function words skipped): how context and qualifiers are read.
 * Reads at most max bytes. */
void norm_words(const char *text, size_t max,
                void (*fn)(const char *w, size_t len, void *arg), void *arg);

/* ---- lexicon (lexicon.c) ---------------------------------------------- */

typedef enum {
    LEX_NONE = 0,
    LEX_NOISE,     /* always noise: "temp", "urgent", "remote", "uk" */
    LEX_SEGNOISE,  /* noise only when its segment is all noise: "contract" */
    LEX_SENIOR,
    LEX_SIGNAL,    /* grade codes kept as signal */
    LEX_STOP,
    LEX_PAYWORD,   /* pay units: "ph", "pa", "annum" (noise near an amount) */
    LEX_GRADEWORD, /* "band", "grade", "level": joined with a following number */
    LEX_REFWORD,   /* "ref", "req": followed by a reference */
    LEX_COUNTWORD  /* "posts", "vacancies": after a number, noise */
} lex_class;

lex_class lex_classify(const char *s, size_t len);
/* Expansion of an abbreviation ("mgr" -> "manager"), or NULL. */
const char *lex_expand(const char *s, size_t len);
/* Length in tokens of the multi-word noise phrase starting at words[i], or 0. */
size_t lex_noise_phrase(const norm_token *words, size_t n, size_t i);
/* The British word (or words) for words[i] when it is part of an American
 * phrase ("high school" -> "secondary"), or NULL; *drop: how many of the
 * words after it the phrase replaces too ("line cook" -> "cook": 1). */
const char *lex_british(const norm_token *words, size_t n, size_t i, size_t *drop);
/* The British title for an American one that means it only alone
 * ("server" -> "waiter"), or NULL. */
const char *lex_alone(const char *s, size_t len);

#endif
