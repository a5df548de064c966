/*
 * Regular expressions (SEARCH_REGEX), by PCRE2: its matcher takes a budget of steps, so no
 * pattern can freeze the reader (glibc's regexec has none: " (.*)\\" on a 400 KB line ran for
 * minutes, backreferences for ever). The pattern is folded like text, except after a
 * backslash; each block is folded whole, with its offset map, into a buffer that the search
 * keeps for the next block, and matches in the folded text are mapped back to whole original
 * characters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search-private.h"
#include "xmalloc.h"

/* The original end of a regular expression match that ends at fe in the folded block. */
static size_t
regex_end(struct search *s, const unsigned char *t, size_t len, size_t fe)
{
	size_t q = search_prev_start((unsigned char *)s->buf, fe), n;
	uint32_t c;

	if (s->buf[q] == ' ' && !(s->flags & SEARCH_EXACT))
		return search_space_run_end(s, t, len, s->map[q]);
	n = search_decode(t, len, s->map[q], &c);
	if (s->flags & SEARCH_EXACT)
		return s->map[q] + n;
	return search_marks_end(s, t, len, s->map[q] + n);
}

/*
 * The next match in the folded block from f, as [*ms, *me) from the block's start; the text
 * before f is context (lookbehind, \b). 0, or -1 when there is none or the budget ran out.
 */
static int
next_match(struct search *s, size_t f, size_t flen, size_t *ms, size_t *me)
{
	int rc = pcre2_match(s->re, (PCRE2_SPTR)s->buf, flen, f, 0, s->md, s->mctx);
	PCRE2_SIZE *ov;

	if (rc < 0) {
		if (rc != PCRE2_ERROR_NOMATCH)
			s->gave_up = 1; /* the match limit, the depth or heap limit */
		return -1;
	}
	ov = pcre2_get_ovector_pointer(s->md);
	if (ov[1] < ov[0]) /* \K can set the start after the end */
		return -1;
	*ms = ov[0];
	*me = ov[1];
	return 0;
}

size_t
search_scan_regex(struct search *s, const unsigned char *t, size_t len, size_t from, scan_cb fn,
                  void *arg)
{
	const unsigned char *b;
	size_t flen, f = 0, fs, fe, last = from, found = 0;

	if (len * FOLD_GROWTH + 1 > s->bufsize) {
		s->bufsize = len * FOLD_GROWTH + 1;
		s->buf = xreallocarray(s->buf, s->bufsize, 1);
		s->map = xreallocarray(s->map, s->bufsize, sizeof *s->map);
	}
	if (s->flags & SEARCH_EXACT)
		flen = search_fold((const char *)t, len, SEARCH_EXACT, s->buf, s->map);
	else
		flen = search_fold_into(s->fold, s->fold_case, t, len, s->buf, s->map);
	s->buf[flen] = '\0';
	b = (const unsigned char *)s->buf;
	while (f < flen && s->map[f] < from)
		f++;
	while (f <= flen && next_match(s, f, flen, &fs, &fe) == 0) {
		/* A match is of whole characters (PCRE2_UTF); this keeps it so whatever the
		 * pattern. */
		while (fs > 0 && (b[fs] & 0xC0) == 0x80)
			fs--;
		while (fe < flen && (b[fe] & 0xC0) == 0x80)
			fe++;
		if (fe == fs) {
			/* An empty match shows nothing: look again one character further. */
			if (fs >= flen)
				break;
			f = fs + 1;
			while (f < flen && (b[f] & 0xC0) == 0x80)
				f++;
			continue;
		}
		f = fe;
		if (s->map[fs] < last)
			continue;
		found++;
		last = regex_end(s, t, len, fe);
		if (fn != NULL && fn(s->map[fs], last, arg))
			break;
	}
	return found;
}

/* Folds a regular expression like text, but leaves what follows a backslash (\W is not \w). */
static size_t
fold_regex(struct search *s, const char *p, size_t len, char *out)
{
	int flags = search_fold_flags(s);
	size_t i, n, o = 0;
	uint32_t c;

	for (i = 0; i < len; i += n) {
		n = search_decode((const unsigned char *)p, len, i, &c);
		if (c == '\\' && i + n < len) {
			n += search_decode((const unsigned char *)p, len, i + n, &c);
			/* grep's and vim's word edges, which PCRE2 has not: \< and \> */
			if (c == '<' || c == '>') {
				const char *edge = c == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)";

				memcpy(out + o, edge, strlen(edge));
				o += strlen(edge);
			} else {
				memcpy(out + o, p + i, n);
				o += n;
			}
		} else if (o > 0 && out[o - 1] == ' ' && search_fold_char(c, 0) == ' ')
			continue;
		else
			o += search_fold(p + i, n, flags, out + o, NULL);
	}
	out[o] = '\0';
	return o;
}

/*
 * Whether p refers back to a group (\1, \g{1}, \k<name>, (?P=name)): matching those costs the
 * cube of a paragraph's length in comparisons that no step budget counts ((.*)\1x took 1.8 s on
 * 10,000 characters), so they are refused rather than left to freeze the reader.
 */
static int
has_backref(const char *p)
{
	for (; *p != '\0'; p++) {
		if (p[0] == '(' && p[1] == '?' && p[2] == 'P' && p[3] == '=')
			return 1;
		if (*p != '\\' || p[1] == '\0')
			continue;
		if ((p[1] >= '1' && p[1] <= '9') || p[1] == 'g' || p[1] == 'k')
			return 1;
		p++;
	}
	return 0;
}

int
search_regex_compile(struct search *s, const char *p, size_t len, char **cause)
{
	char *folded, msg[256];
	int error;
	PCRE2_SIZE at;

	if (has_backref(p)) {
		*cause =
		    xstrdup("backreferences (\\1, \\g, \\k) are not taken: their matching time "
		            "has no bound");
		return -1;
	}
	/* \< becomes 9 bytes: room for that, or for folding's growth */
	folded = xmalloc(len * (FOLD_GROWTH > 9 ? FOLD_GROWTH : 9) + 1);
	if (s->flags & SEARCH_EXACT)
		memcpy(folded, p, len + 1);
	else
		fold_regex(s, p, len, folded);
	/* Unicode letters, digits and word edges: \w and [[:alpha:]] take Arabic and Hebrew. */
	s->re = pcre2_compile((PCRE2_SPTR)folded, PCRE2_ZERO_TERMINATED,
	                      PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &error, &at, NULL);
	free(folded);
	if (s->re == NULL) {
		pcre2_get_error_message(error, (PCRE2_UCHAR *)msg, sizeof msg);
		*cause = xasprintf("bad regular expression: %s", msg);
		return -1;
	}
	pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE); /* faster where it can; the same otherwise */
	s->md = pcre2_match_data_create_from_pattern(s->re, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(s->mctx, SEARCH_REGEX_STEPS);
	pcre2_set_depth_limit(s->mctx, SEARCH_REGEX_STEPS / 100);
	pcre2_set_heap_limit(s->mctx, 64 * 1024); /* KiB */
	s->has_re = 1;
	return 0;
}
