/*
 * Search. Takes a pattern and blocks of clean UTF-8, gives byte ranges of the original text.
 * search_fold_char is the one place that says which writings are the same; everything else is
 * about applying it to as little text as possible. A literal pattern is found by looking for one
 * of its letters, the anchor (the rarest, by a table of letter frequencies), in every form that
 * folds to it, by one byte of each form (the probes), then matching outward from each hit one
 * character at a time: text far from a hit is never decoded, nothing is copied and no offset map
 * is built. Rare anchors are found with memchr; common ones 16 bytes at a time, along with a
 * check of the letter next to them (scan_vec). Only regular expressions fold whole blocks, into a
 * buffer that the search keeps for the next block.
 * This file holds the API of search.h; the folding is in search-fold.c, the anchor planning in
 * search-anchor.c, the literal scanner in search-scan.c and regular expressions in
 * search-regex.c, sharing search-private.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search-private.h"
#include "utf8.h"
#include "xmalloc.h"

/* Folds the pattern for literal search; fails when nothing but marks and spaces is left. */
static int
literal_compile(struct search *s, const char *p, size_t len, char **cause)
{
	char *folded = xmalloc(len * FOLD_GROWTH + 1);
	size_t flen;

	flen = search_fold(p, len, search_fold_flags(s), folded, NULL);
	if (flen == 0 || (flen == 1 && folded[0] == ' ')) {
		*cause = xstrdup("search pattern has only marks or spaces");
		free(folded);
		return -1;
	}
	s->pat = xreallocarray(NULL, flen, sizeof *s->pat);
	s->npat = utf8_to_ucs4(folded, flen, s->pat);
	free(folded);
	search_anchor_choose(s);
	return 0;
}

struct search *
search_new(const char *pattern, int flags, char **cause)
{
	struct search *s;
	char *clean;
	size_t len;
	uint32_t c;

	if (pattern == NULL || *pattern == '\0') {
		*cause = xstrdup("empty search pattern");
		return NULL;
	}
	/* Clean the pattern as documents are, so that what was replaced in both still matches. */
	clean = utf8_sanitize(pattern, strlen(pattern), 1, &len);
	s = xcalloc(1, sizeof *s);
	s->flags = flags;
	if (flags & SEARCH_ICASE)
		s->fold_case = 1;
	else if (flags & SEARCH_CASE)
		s->fold_case = 0;
	else
		s->fold_case = !search_has_upper(clean, len, flags & SEARCH_REGEX);
	for (c = 0; c < FOLD_SOURCES_END; c++)
		s->fold[c] = search_fold_char(c, s->fold_case);

	if (flags & SEARCH_REGEX) {
		if (search_regex_compile(s, clean, len, cause) != 0)
			goto fail;
	} else if (flags & SEARCH_EXACT) {
		s->bytes = clean;
		s->nbytes = len;
		return s;
	} else if (literal_compile(s, clean, len, cause) != 0)
		goto fail;
	free(clean);
	return s;

fail:
	free(clean);
	search_free(&s);
	return NULL;
}

void
search_free(struct search **sp)
{
	struct search *s = *sp;

	if (s == NULL)
		return;
	if (s->has_re) {
		pcre2_match_data_free(s->md);
		pcre2_match_context_free(s->mctx);
		pcre2_code_free(s->re);
	}
	free(s->bytes);
	free(s->pat);
	free(s->buf);
	free(s->map);
	free(s);
	*sp = NULL;
}

struct next_arg {
	size_t *start;
	size_t *end;
};

static int
next_match(size_t start, size_t end, void *arg)
{
	struct next_arg *na = arg;

	*na->start = start;
	*na->end = end;
	return 1;
}

int
search_next(struct search *s, const char *text, size_t len, size_t from, size_t *start, size_t *end)
{
	struct next_arg na = {start, end};

	return search_scan(s, text, len, from, next_match, &na) != 0;
}

struct block_arg {
	search_match_cb fn;
	void *arg;
};

static int
block_match(size_t start, size_t end, void *arg)
{
	struct block_arg *ba = arg;

	ba->fn(start, end, ba->arg);
	return 0;
}

size_t
search_block(struct search *s, const char *text, size_t len, search_match_cb fn, void *arg)
{
	struct block_arg ba = {fn, arg};

	return search_scan(s, text, len, 0, fn != NULL ? block_match : NULL, &ba);
}

struct doc_arg {
	search_doc_cb fn;
	void *arg;
	size_t block;
};

static int
doc_match(size_t start, size_t end, void *arg)
{
	struct doc_arg *da = arg;

	da->fn(da->block, start, end, da->arg);
	return 0;
}

size_t
search_doc(struct search *s, const struct doc *doc, search_doc_cb fn, void *arg)
{
	struct doc_arg da = {fn, arg, 0};
	const struct block *b;
	size_t found = 0;

	for (da.block = 0; da.block < doc->nblocks; da.block++) {
		b = &doc->blocks[da.block];
		found += search_scan(s, doc->text + b->off, b->len, 0,
		                     fn != NULL ? doc_match : NULL, &da);
	}
	return found;
}

/* Moves pos by up to n characters (back when dir < 0), stopping at a line break; returns the rest.
 */
static size_t
context_walk(const unsigned char *t, size_t len, size_t *pos, size_t n, int dir)
{
	size_t p;
	uint32_t c;

	for (; n > 0; n--) {
		if (dir < 0) {
			if (*pos == 0 || t[*pos - 1] == '\n')
				break;
			*pos = search_prev_start(t, *pos);
		} else {
			if (*pos >= len || t[*pos] == '\n')
				break;
			p = *pos;
			*pos += search_decode(t, len, p, &c);
		}
	}
	return n;
}

/* Moves the start of a context to the start of a word, unless that loses over half of it. */
static size_t
context_trim_start(const unsigned char *t, size_t cs, size_t start)
{
	size_t i, lim = cs + (start - cs) / 2;

	if (cs == 0 || t[cs - 1] == ' ' || t[cs - 1] == '\n')
		return cs;
	for (i = cs; i < lim; i++) {
		if (t[i] == ' ')
			return i + 1;
	}
	return cs;
}

/* Moves the end of a context back to the end of a word, unless that loses over half of it. */
static size_t
context_trim_end(const unsigned char *t, size_t len, size_t end, size_t ce)
{
	size_t i, lim = ce - (ce - end) / 2;

	if (ce == len || t[ce] == ' ' || t[ce] == '\n')
		return ce;
	for (i = ce; i > lim; i--) {
		if (t[i - 1] == ' ')
			return i - 1;
	}
	return ce;
}

void
search_context(const char *text, size_t len, size_t start, size_t end, size_t chars, size_t *cstart,
               size_t *cend)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t used = utf8_count(text + start, end - start), room, cs = start, ce = end;

	room = used < chars ? chars - used : 0;
	/* Half the room on each side; what one side cannot use goes to the other. */
	room = room - room / 2 + context_walk(t, len, &cs, room / 2, -1);
	context_walk(t, len, &cs, context_walk(t, len, &ce, room, 1), -1);

	*cstart = context_trim_start(t, cs, start);
	*cend = context_trim_end(t, len, end, ce);
}

int
search_gave_up(const struct search *s)
{
	return s != NULL && s->gave_up;
}
