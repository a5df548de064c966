/*
 * Shared by the search*.c files only: the search itself, the decoding and folding that every
 * path applies (search-fold.c), the literal scanner (search-scan.c) and the anchor planning it
 * follows (search-anchor.c), and the regular expression path (search-regex.c). search.c holds
 * the public API of search.h. search_decode, search_prev_start and search_fold_fast are here,
 * inline, because the scanner calls them for each character it looks at.
 */
#ifndef QARI_SEARCH_PRIVATE_H
#define QARI_SEARCH_PRIVATE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "search.h"
#include "utf8.h"

/*
 * The 16-byte scan needs GNU C vectors, and malloc's 16-byte alignment for the vectors that
 * struct search keeps: both hold on x86-64 and arm64.
 */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__aarch64__))
#define SEARCH_VEC 1
#endif

/* What search_fold_char gives for a character that search ignores. */
#define FOLD_IGNORE UINT32_MAX
/*
 * What search_fold_char gives for a ligature of several letters: FOLD_LIGATURE plus its index in
 * the table of search-forms.h, whose letters (at most LIGATURE_MAX) search_fold_expand gives.
 */
#define FOLD_LIGATURE 0x110000u
#define LIGATURE_MAX  4
/* How many times longer folding may make a text: a ligature of 3 bytes gives 4 letters of 2. */
#define FOLD_GROWTH 3
/* No (more) match. */
#define NOMATCH SIZE_MAX
/* Every character that folds to another lies below this or in the presentation forms. */
#define FOLD_SOURCES_END 0x700

/* Called for each match; a nonzero return stops the scan. */
typedef int (*scan_cb)(size_t start, size_t end, void *arg);

/* The most forms one letter can take (ي has 25 with its presentation forms). */
#define MAX_FORMS 32
/* How many ranges of trail bytes scan_vec checks the neighbour against, after 0xD9 and 0xD8. */
#define D9_RUNS 4
#define D8_RUNS 2
/* Letters more common than this per 1000 characters are looked for with scan_vec. */
#define VEC_FREQ 24

#ifdef SEARCH_VEC
typedef unsigned char vec16 __attribute__((vector_size(16)));

/* What scan_vec compares text with, 16 bytes at a time (so each byte here is repeated 16 times). */
struct vec_plan {
	vec16 probe2[MAX_FORMS]; /* probes that only ever end a two-byte form */
	size_t nprobe2;
	vec16 probe1[MAX_FORMS]; /* the other probes */
	size_t nprobe1;
	int neighbour;    /* which character next to the anchor is checked (-1 before, 1 after), */
	ptrdiff_t offset; /* where its first two bytes are from the anchor's last */
	vec16 lo[D9_RUNS + D8_RUNS]; /* where in U+0600-U+067F it may be: ranges of trail bytes */
	vec16 width[D9_RUNS + D8_RUNS]; /* after 0xD9, then after 0xD8, */
	vec16 ascii[MAX_FORMS];         /* or which ASCII character */
	size_t nascii;
};
#endif

struct search {
	int flags;
	int fold_case;

	char *bytes; /* SEARCH_EXACT without SEARCH_REGEX: what to find, as is */
	size_t nbytes;

	uint32_t *pat; /* the folded pattern; ' ' stands for any run of spaces */
	size_t npat;
	size_t anchor; /* the letter of pat that the scan looks for, in all its forms, */
	unsigned char probes[MAX_FORMS]; /* by these bytes: one per form, shared where they can */
	size_t nprobes;
	unsigned char is_probe[256];
	/* search_fold_char of the commonest characters, looked up */
	uint32_t fold[FOLD_SOURCES_END];

#ifdef SEARCH_VEC
	int use_vec;
	struct vec_plan vec;
#endif

	pcre2_code *re; /* a regular expression (SEARCH_REGEX), and what its matches need */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	int has_re;
	int gave_up; /* a match hit its step budget: matches may be missed (search_gave_up) */
	char *buf;   /* a folded block and its map, for regular expressions */
	size_t *map;
	size_t bufsize;
};

/* search-fold.c */

/*
 * What c becomes for search: a character, ' ' for any space, FOLD_IGNORE for marks and invisible
 * controls, or FOLD_LIGATURE + i for a ligature of several letters. A folded character never
 * takes more UTF-8 bytes than the original, but for ligatures: search_fold needs a buffer
 * FOLD_GROWTH times its input. A new folding from a character at or above FOLD_SOURCES_END must
 * be added to the ranges that forms_of walks.
 */
uint32_t search_fold_char(uint32_t c, int fold_case);

/* The folded letters of ligature f (FOLD_LIGATURE + i) into out; returns how many. */
size_t search_fold_expand(uint32_t f, int fold_case, uint32_t *out);

/* Ignored characters that belong to the letter before them, so a highlight takes them along. */
int search_is_mark(uint32_t c);

/* search_fold, with search_fold_char from table (FOLD_SOURCES_END entries) when there is one. */
size_t search_fold_into(const uint32_t *table, int fold_case, const unsigned char *t, size_t len,
                        char *out, size_t *map);

/* The flags for search_fold that fold text as this search sees it. */
int search_fold_flags(const struct search *s);

/* Whether the pattern has an uppercase letter; for a regular expression, outside escapes. */
int search_has_upper(const char *p, size_t len, int regex);

/* search-scan.c */

/* Reports matches from byte from on, leftmost first, to fn (unless NULL); returns how many. */
size_t search_scan(struct search *s, const char *text, size_t len, size_t from, scan_cb fn,
                   void *arg);

/* The end of the run of spaces (with ignored characters among them) that starts at pos. */
size_t search_space_run_end(const struct search *s, const unsigned char *t, size_t len, size_t pos);

/* Extends the end of a match over the marks of its last letter. */
size_t search_marks_end(const struct search *s, const unsigned char *t, size_t len, size_t pos);

/* search-anchor.c */

/* Chooses the letter of the pattern that the cheapest scans find, and plans those scans. */
void search_anchor_choose(struct search *s);

/* search-regex.c */

/* Compiles the pattern p (len bytes, clean UTF-8), folded like text, into s->re. */
int search_regex_compile(struct search *s, const char *p, size_t len, char **cause);

/* Folds the whole block (anchors and word boundaries need what comes before from) and runs re. */
size_t search_scan_regex(struct search *s, const unsigned char *t, size_t len, size_t from,
                         scan_cb fn, void *arg);

/* search_fold_char with this search's case rule, from a table for the scripts that matter most. */
static inline uint32_t
search_fold_fast(const struct search *s, uint32_t c)
{
	return c < FOLD_SOURCES_END ? s->fold[c] : search_fold_char(c, s->fold_case);
}

/* Decodes the character at t[i], trusting clean UTF-8 but never reading past len. */
static inline size_t
search_decode(const unsigned char *t, size_t len, size_t i, uint32_t *c)
{
	unsigned char b = t[i];

	if (b < 0x80) {
		*c = b;
		return 1;
	}
	if (b < 0xE0 && i + 1 < len) {
		*c = ((uint32_t)(b & 0x1F) << 6) | (t[i + 1] & 0x3F);
		return 2;
	}
	if (b >= 0xE0 && b < 0xF0 && i + 2 < len) {
		*c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(t[i + 1] & 0x3F) << 6) |
		     (t[i + 2] & 0x3F);
		return 3;
	}
	if (b >= 0xF0 && i + 3 < len) {
		*c = ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(t[i + 1] & 0x3F) << 12) |
		     ((uint32_t)(t[i + 2] & 0x3F) << 6) | (t[i + 3] & 0x3F);
		return 4;
	}
	*c = UTF8_REPLACEMENT;
	return 1;
}

/* The start of the character that ends at t[i - 1] (i > 0). */
static inline size_t
search_prev_start(const unsigned char *t, size_t i)
{
	size_t p = i - 1;

	while (p > 0 && i - p < 4 && (t[p] & 0xC0) == 0x80)
		p--;
	return p;
}

#endif
