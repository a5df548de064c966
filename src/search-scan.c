/*
 * The literal scanner. Looks for the anchor letter (search-anchor.c chose it) by its probe bytes,
 * then matches outward from each hit one character at a time: text far from a hit is never
 * decoded, nothing is copied and no offset map is built. Rare anchors are found with memchr;
 * common ones 16 bytes at a time, along with a check of the letter next to them (scan_vec).
 * search_scan sends each search to its path: this one, memmem for SEARCH_EXACT, or
 * search-regex.c. Offsets are bytes of the block given; matches never overlap.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif

#include <stdint.h>
#include <string.h>

#include "search-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t
search_space_run_end(const struct search *s, const unsigned char *t, size_t len, size_t pos)
{
	size_t end = pos, n;
	uint32_t c, f;

	while (pos < len) {
		n = search_decode(t, len, pos, &c);
		f = search_fold_fast(s, c);
		if (f != ' ' && f != FOLD_IGNORE)
			break;
		pos += n;
		if (f == ' ')
			end = pos;
	}
	return end;
}

/* The first space of the run that holds the space at pos. */
static size_t
space_run_start(const struct search *s, const unsigned char *t, size_t pos)
{
	size_t start = pos, p;
	uint32_t c, f;

	while (pos > 0) {
		p = search_prev_start(t, pos);
		search_decode(t, pos, p, &c);
		f = search_fold_fast(s, c);
		if (f != ' ' && f != FOLD_IGNORE)
			break;
		pos = p;
		if (f == ' ')
			start = p;
	}
	return start;
}

size_t
search_marks_end(const struct search *s, const unsigned char *t, size_t len, size_t pos)
{
	size_t n;
	uint32_t c;

	while (pos < len && t[pos] >= 0x80) {
		n = search_decode(t, len, pos, &c);
		/* Most often a letter follows, which the table tells at once. */
		if (search_fold_fast(s, c) != FOLD_IGNORE || !search_is_mark(c))
			break;
		pos += n;
	}
	return pos;
}

/*
 * Matches pat[j...] from the character at pos, the first skip letters of a ligature there left
 * out (it starts before the pattern); returns the match's end or NOMATCH. A pattern may end
 * inside a ligature: the match then takes the whole of it.
 */
static size_t
match_forward(const struct search *s, const unsigned char *t, size_t len, size_t pos, size_t j,
              size_t skip)
{
	uint32_t c, f = 0, seq[LIGATURE_MAX];
	size_t n = 0, k, m;

	while (j < s->npat) {
		for (;;) {
			if (pos >= len)
				return NOMATCH;
			n = search_decode(t, len, pos, &c);
			if ((f = search_fold_fast(s, c)) != FOLD_IGNORE)
				break;
			pos += n;
		}
		if (f >= FOLD_LIGATURE) {
			m = search_fold_expand(f, s->fold_case, seq);
			for (k = skip; k < m && j < s->npat; k++, j++)
				if (seq[k] != s->pat[j])
					return NOMATCH;
			skip = 0;
			pos += n;
			continue;
		}
		skip = 0;
		if (f != s->pat[j++])
			return NOMATCH;
		if (f == ' ')
			pos = search_space_run_end(s, t, len, pos);
		else
			pos += n;
	}
	return f == ' ' ? pos : search_marks_end(s, t, len, pos);
}

/*
 * Matches pat[...j - 1] backwards from the character before pos; returns the start or NOMATCH.
 * A pattern may start inside a ligature: the match then starts at it.
 */
static size_t
match_backward(const struct search *s, const unsigned char *t, size_t pos, size_t j)
{
	uint32_t c, f, seq[LIGATURE_MAX];
	size_t end, k;

	while (j > 0) {
		do {
			if ((end = pos) == 0)
				return NOMATCH;
			pos = search_prev_start(t, end);
			search_decode(t, end, pos, &c);
			f = search_fold_fast(s, c);
		} while (f == FOLD_IGNORE);
		if (f >= FOLD_LIGATURE) {
			for (k = search_fold_expand(f, s->fold_case, seq); k > 0 && j > 0;)
				if (seq[--k] != s->pat[--j])
					return NOMATCH;
			continue;
		}
		if (f != s->pat[--j])
			return NOMATCH;
		if (f == ' ')
			pos = space_run_start(s, t, pos);
	}
	return pos;
}

/* Where a literal scan is, for try_anchor. */
struct literal {
	struct search *s;
	const unsigned char *t;
	size_t len;
	size_t last;  /* matches must start here or later, so as not to overlap */
	size_t tried; /* the last character tried as the anchor */
	size_t found;
	scan_cb fn;
	void *arg;
};

/* Tries the character holding the probe byte at p as the anchor of a match; nonzero to stop. */
static int
try_anchor(struct literal *l, size_t p)
{
	const struct search *s = l->s;
	size_t at = p, start = NOMATCH, end = NOMATCH, q, m, j;
	uint32_t c, f, seq[LIGATURE_MAX];

	while (at > 0 && p - at < 3 && (l->t[at] & 0xC0) == 0x80)
		at--;
	/* A match starts at or before its anchor: one before last would overlap. */
	if (at == l->tried || at < l->last)
		return 0;
	l->tried = at;
	search_decode(l->t, l->len, at, &c);
	f = search_fold_fast(s, c);
	if (f == s->pat[s->anchor]) {
		if ((start = match_backward(s, l->t, at, s->anchor)) == NOMATCH || start < l->last)
			return 0;
		end = match_forward(s, l->t, l->len, at, s->anchor, 0);
	} else if (f >= FOLD_LIGATURE && f != FOLD_IGNORE) {
		/* The anchor is one of a ligature's letters: line the pattern up with each. */
		m = search_fold_expand(f, s->fold_case, seq);
		for (q = 0; q < m && end == NOMATCH; q++) {
			if (seq[q] != s->pat[s->anchor])
				continue;
			j = s->anchor >= q ? s->anchor - q : 0;
			if ((start = match_backward(s, l->t, at, j)) == NOMATCH || start < l->last)
				continue;
			end = match_forward(s, l->t, l->len, at, j,
			                    q > s->anchor ? q - s->anchor : 0);
		}
	}
	if (start == NOMATCH || end == NOMATCH)
		return 0;
	l->found++;
	l->last = end;
	return l->fn != NULL && l->fn(start, end, l->arg);
}

/* The next probe byte at or after i, or NOMATCH. */
static inline size_t
probe_find(const unsigned char *t, size_t len, size_t i, unsigned char b)
{
	const unsigned char *p;

	if (i >= len || (p = memchr(t + i, b, len - i)) == NULL)
		return NOMATCH;
	return p - t;
}

/* Finds anchors with one memchr per probe byte, merged in order: best when they are rare. */
static void
scan_memchr(struct literal *l, size_t from)
{
	const struct search *s = l->s;
	size_t next[MAX_FORMS], i, best, p;

	for (i = 0; i < s->nprobes; i++)
		next[i] = probe_find(l->t, l->len, from, s->probes[i]);
	for (;;) {
		best = 0;
		for (i = 1; i < s->nprobes; i++) {
			if (next[i] < next[best])
				best = i;
		}
		if ((p = next[best]) == NOMATCH)
			break;
		next[best] = probe_find(l->t, l->len, p + 1, s->probes[best]);
		if (try_anchor(l, p))
			break;
	}
}

#ifdef SEARCH_VEC
static inline vec16
vec_load(const unsigned char *p)
{
	vec16 v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* One bit per byte of v: the top bit of each. */
static inline unsigned
vec_bits(vec16 v)
{
#ifdef __SSE2__
	return _mm_movemask_epi8((__m128i)v);
#else
	uint64_t w[2];

	/* The multiplication gathers the top bit of each byte into the top byte, in order. */
	memcpy(w, &v, sizeof w);
	return (unsigned)(((w[0] & 0x8080808080808080ULL) * 0x0002040810204081ULL) >> 56) |
	       (unsigned)(((w[1] & 0x8080808080808080ULL) * 0x0002040810204081ULL) >> 56) << 8;
#endif
}

/* Where the 16 bytes at p hold probe bytes, as bits: those of two-byte forms in *two. */
static inline unsigned
vec_probes(const struct vec_plan *vp, const unsigned char *p, unsigned *two)
{
	vec16 v = vec_load(p), m1 = {0}, m2 = {0};
	size_t k;

	for (k = 0; k < vp->nprobe2; k++)
		m2 |= (vec16)(v == vp->probe2[k]);
	for (k = 0; k < vp->nprobe1; k++)
		m1 |= (vec16)(v == vp->probe1[k]);
	*two = vec_bits(m2);
	return vec_bits(m1);
}

/* Where b is in range k of the neighbour check. */
static inline vec16
vec_range(vec16 b, const struct vec_plan *vp, size_t k)
{
	return (vec16)((vec16)(b - vp->lo[k]) <= vp->width[k]);
}

/*
 * Where the anchor's neighbour fits, for an anchor ending at each of the 16 bytes at p, as bits.
 * The neighbour must be outside U+0600-U+067F but not ASCII, or one of its own ASCII forms, or in
 * the ranges of U+0600-U+067F that hold its forms and the marks that are ignored.
 */
static inline unsigned
vec_fits(const struct vec_plan *vp, const unsigned char *p)
{
	vec16 a = vec_load(p + vp->offset), b = vec_load(p + vp->offset + 1), x, keep, in;
	vec16 d8 = (vec16)(a == 0xD8), d9 = (vec16)(a == 0xD9);
	size_t k;

	/* x is the neighbour if it is ASCII: a when it comes after the anchor, b when before. */
	x = vp->neighbour < 0 ? b : a;
	keep = (vec16)(x >= 0x80) & ~(d8 | d9);
	for (k = 0; k < vp->nascii; k++)
		keep |= (vec16)(x == vp->ascii[k]);
	/* The ranges are written out, so that the compiler keeps them in registers. */
	in = vec_range(b, vp, 0) | vec_range(b, vp, 1) | vec_range(b, vp, 2) | vec_range(b, vp, 3);
	keep |= d9 & in;
	in = vec_range(b, vp, D9_RUNS) | vec_range(b, vp, D9_RUNS + 1);
	keep |= d8 & in;
	return vec_bits(keep);
}

/*
 * Finds anchors 64 bytes at a time, for common letters: a memchr call per hit would cost more
 * than the match. Where the anchor is a two-byte form, its neighbour in the pattern must also fit
 * (vec_fits), which drops most hits of a common letter (ه in الله) before any decoding.
 */
static void
scan_vec(struct literal *l, size_t from)
{
	const struct vec_plan *vp = &l->s->vec;
	const unsigned char *t = l->t;
	size_t len = l->len, i, k;
	uint64_t mask, two, fits;
	unsigned m2;

	/* vec_fits reads 3 bytes before and 2 after: the edges go one by one. */
	for (i = from; i < len && i < from + 3; i++) {
		if (l->s->is_probe[t[i]] && try_anchor(l, i))
			return;
	}
	for (; i + 64 + 2 <= len; i += 64) {
		mask = two = 0;
		for (k = 0; k < 4; k++) {
			mask |= (uint64_t)vec_probes(vp, t + i + 16 * k, &m2) << (16 * k);
			two |= (uint64_t)m2 << (16 * k);
		}
		if (two != 0) {
			fits = 0;
			for (k = 0; k < 4; k++)
				fits |= (uint64_t)vec_fits(vp, t + i + 16 * k) << (16 * k);
			mask |= two & fits;
		}
		for (; mask != 0; mask &= mask - 1) {
			if (try_anchor(l, i + __builtin_ctzll(mask)))
				return;
		}
	}
	for (; i < len; i++) {
		if (l->s->is_probe[t[i]] && try_anchor(l, i))
			return;
	}
}
#endif

/* Reports literal matches from byte from on, leftmost first, to fn; returns how many. */
static size_t
scan_literal(struct search *s, const unsigned char *t, size_t len, size_t from, scan_cb fn,
             void *arg)
{
	struct literal l = {s, t, len, from, NOMATCH, 0, fn, arg};

#ifdef SEARCH_VEC
	if (s->use_vec) {
		scan_vec(&l, from);
		return l.found;
	}
#endif
	scan_memchr(&l, from);
	return l.found;
}

static size_t
scan_exact(struct search *s, const unsigned char *t, size_t len, size_t from, scan_cb fn, void *arg)
{
	const unsigned char *p;
	size_t found = 0;

	while (from < len && (p = memmem(t + from, len - from, s->bytes, s->nbytes)) != NULL) {
		from = p - t + s->nbytes;
		found++;
		if (fn != NULL && fn(p - t, from, arg))
			break;
	}
	return found;
}

size_t
search_scan(struct search *s, const char *text, size_t len, size_t from, scan_cb fn, void *arg)
{
	const unsigned char *t = (const unsigned char *)text;

	if (from >= len)
		return 0;
	if (s->has_re)
		return search_scan_regex(s, t, len, from, fn, arg);
	if (s->flags & SEARCH_EXACT)
		return scan_exact(s, t, len, from, fn, arg);
	return scan_literal(s, t, len, from, fn, arg);
}
