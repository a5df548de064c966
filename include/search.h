/*
 * Search: finds a pattern in document text the way a reader of Arabic, Persian or Hebrew expects,
 * ignoring what varies between two writings of the same word, and reports each match as a byte
 * range of the original text so that the view highlights exactly the characters the author wrote.
 * Text and pattern are folded alike: harakat, Quranic marks, tatweel, niqqud and cantillation,
 * bidi controls, ZWJ and ZWNJ are ignored; أ إ آ ٱ fold to ا, ى ئ ی ے to ي, ة ۀ ہ to ه, ؤ to و,
 * ک to ك; Arabic-Indic and Persian digits to ASCII; Latin (also Greek, Cyrillic) to lowercase;
 * any run of spaces to one space, so a phrase is found across a joined line.
 * Text is clean UTF-8 (utf8_sanitize); offsets are bytes from the start of the text searched.
 */
#ifndef QARI_SEARCH_H
#define QARI_SEARCH_H

#include <stddef.h>

#include "doc.h"

/* Compare bytes as they are: no folding at all, case and spaces included. */
#define SEARCH_EXACT 0x1
/* Case is significant. By default it is only when the pattern has an uppercase letter. */
#define SEARCH_CASE 0x2
/* Case is never significant, even when the pattern has an uppercase letter. */
#define SEARCH_ICASE 0x4
/* The pattern is a regular expression (PCRE2, Perl's syntax), matched against the folded text. */
#define SEARCH_REGEX 0x8
/* The steps one regular expression match may take (PCRE2's match limit): some milliseconds. */
#define SEARCH_REGEX_STEPS 1000000

struct search;

/* Receives one match: [start, end) in bytes of the text given to search_block. */
typedef void (*search_match_cb)(size_t start, size_t end, void *arg);
/* Receives one match of search_doc: [start, end) in bytes from the start of the block. */
typedef void (*search_doc_cb)(size_t block, size_t start, size_t end, void *arg);

/*
 * Prepares a search for pattern (UTF-8, NUL-terminated) with SEARCH_* flags. Returns NULL with a
 * one-line reason in *cause (freed by the caller) when the pattern is empty, holds nothing but
 * marks and spaces, or is a bad regular expression. Regular expressions need a UTF-8 LC_CTYPE
 * (setlocale) for '.' and brackets to take whole characters. A search keeps scratch space: one
 * thread at a time.
 */
struct search *search_new(const char *pattern, int flags, char **cause);

/* Frees *s and sets it to NULL; a NULL *s is fine. */
void search_free(struct search **s);

/*
 * Finds the first match in len bytes of clean UTF-8 that starts at or after byte from. Returns 1
 * and sets [*start, *end), or returns 0. A match covers whole original characters, and its end
 * extends over the marks (harakat, niqqud) that follow its last letter.
 */
int search_next(struct search *s, const char *text, size_t len, size_t from, size_t *start,
                size_t *end);

/*
 * Calls fn (unless NULL: then it only counts) for each match in len bytes of clean UTF-8 (one
 * block), leftmost first and never overlapping, with ranges as search_next gives them. Returns
 * the number of matches.
 */
size_t search_block(struct search *s, const char *text, size_t len, search_match_cb fn, void *arg);

/*
 * Whether a regular expression gave up on a block since s was made: each match may take a
 * bounded number of steps (SEARCH_REGEX_STEPS), so a pattern that backtracks without end on a
 * long paragraph ((a|aa)*b, (.*)\1) ends there, and the matches after it in that block are not
 * found.
 */
int search_gave_up(const struct search *s);

/* Runs search_block on each block of doc in turn; a match never spans two blocks. */
size_t search_doc(struct search *s, const struct doc *doc, search_doc_cb fn, void *arg);

/*
 * Folds len bytes of clean UTF-8 into out (room for 3 * len bytes: only an Arabic ligature
 * lengthens text, as ﷲ folds to الله) the way searches see it, and returns the folded length. When
 * map is not NULL, map[i] gets the offset in s of the character that gave out[i]; a run of spaces
 * folds to one ' ' mapped to the run's first character. flags: SEARCH_EXACT copies, SEARCH_CASE
 * keeps the case of letters.
 */
size_t search_fold(const char *s, size_t len, int flags, char *out, size_t *map);

/*
 * Picks about chars characters of text around the match [start, end) for a one-line list of
 * results (qari --search): cut after a space where one is near so words stay whole, and never
 * across a line break. Sets [*cstart, *cend); a side was cut when *cstart > 0 or *cend < len.
 */
void search_context(const char *text, size_t len, size_t start, size_t end, size_t chars,
                    size_t *cstart, size_t *cend);

#endif
