/*
 * Regular expressions (SEARCH_REGEX). The pattern is folded like text, except after a backslash;
 * each block is folded whole, with its offset map, into a buffer that the search keeps for the
 * next block, and matches in the folded text are mapped back to whole original characters.
 */
#include <regex.h>
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
 * The next match in the folded block from f, in offsets from the block's start. REG_STARTEND
 * spares regexec the strlen of the rest of the block it would make at each call: a long
 * paragraph with many matches would cost matches x length.
 */
static int
next_match(struct search *s, size_t f, size_t flen, regmatch_t *m)
{
#ifdef REG_STARTEND
	m->rm_so = (regoff_t)f;
	m->rm_eo = (regoff_t)flen;
	return regexec(&s->re, s->buf, 1, m, REG_STARTEND);
#else
	int rc = regexec(&s->re, s->buf + f, 1, m, f > 0 ? REG_NOTBOL : 0);

	m->rm_so += (regoff_t)f;
	m->rm_eo += (regoff_t)f;
	return rc;
#endif
}

size_t
search_scan_regex(struct search *s, const unsigned char *t, size_t len, size_t from, scan_cb fn,
                  void *arg)
{
	const unsigned char *b;
	size_t flen, f = 0, fs, fe, last = from, found = 0;
	regmatch_t m;

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
	while (f <= flen && next_match(s, f, flen, &m) == 0) {
		fs = (size_t)m.rm_so;
		fe = (size_t)m.rm_eo;
		/* Without a UTF-8 locale a match may cut a character: widen it to whole ones. */
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
			memcpy(out + o, p + i, n);
			o += n;
		} else if (o > 0 && out[o - 1] == ' ' && search_fold_char(c, 0) == ' ')
			continue;
		else
			o += search_fold(p + i, n, flags, out + o, NULL);
	}
	out[o] = '\0';
	return o;
}

/*
 * Whether glibc's regcomp would take exponential time on p: it does on stacked repetitions
 * (a+++, (a*)*{9}) and large bounds, and the reader would hang while it compiles.
 */
static int
explodes(const char *p)
{
	int prev_rep = 0, n;
	const char *q;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			prev_rep = 0;
			continue;
		}
		if (*p == '{') {
			for (q = p + 1, n = 0; *q >= '0' && *q <= '9' && n <= 1000; q++)
				n = n * 10 + (*q - '0');
			if (n > 255)
				return 1;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			if (prev_rep)
				return 1;
			prev_rep = 1;
			if (*p == '{')
				while (p[1] != '\0' && *p != '}')
					p++;
		} else if (*p != ')') /* a group that ends in a repetition: one after it stacks */
			prev_rep = 0;
	}
	return 0;
}

/*
 * Whether p has a backreference (\1 to \9): glibc matches those by backtracking, in time that
 * grows without bound with the text ((.*)\1 on one long line runs for minutes), so they are
 * refused rather than left to freeze the reader.
 */
static int
has_backref(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p != '\\' || p[1] == '\0')
			continue;
		if (p[1] >= '1' && p[1] <= '9')
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

	if (has_backref(p)) {
		*cause =
		    xstrdup("backreferences (\\1 to \\9) are not taken: their matching time has "
		            "no bound");
		return -1;
	}
	if (explodes(p)) {
		*cause = xstrdup("regular expression too costly: repeated repetitions (like a++ or "
		                 "a{300}) are not taken");
		return -1;
	}
	folded = xmalloc(len * FOLD_GROWTH + 1);

	if (s->flags & SEARCH_EXACT)
		memcpy(folded, p, len + 1);
	else
		fold_regex(s, p, len, folded);
	if ((error = regcomp(&s->re, folded, REG_EXTENDED)) != 0) {
		regerror(error, &s->re, msg, sizeof msg);
		*cause = xasprintf("bad regular expression: %s", msg);
		free(folded);
		return -1;
	}
	s->has_re = 1;
	free(folded);
	return 0;
}
