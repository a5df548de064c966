/*
 * Anchor planning, once per literal pattern: which letter of the pattern the scan looks for (the
 * rarest, by a table of letter frequencies), every form of it that folds to it, and one byte of
 * each form to find it by (the probes). For a common anchor, also what scan_vec checks the
 * neighbouring letter against. Nothing here reads the text searched.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "search-private.h"

/*
 * Letters per thousand in typical text (Arabic: al-Tabari and al-Darimi; Hebrew: Ruth; Latin:
 * English), so that the scan looks for the letter of the pattern that gives fewest false hits.
 */
static const uint8_t freq_arabic[0x2A] = {
    3, 2, 18, 1,  6, 2, 85, 29, 8, 16, 9, 8,  13, 5,  17, 8,  25, 3,  13, 4, 5,
    3, 4, 1,  26, 2, 1, 1,  1,  1, 1,  2, 18, 22, 15, 76, 41, 49, 31, 38, 7, 43,
};

static const uint8_t freq_hebrew[0x1B] = {
    86, 49, 14, 25, 85, 98, 11, 19, 9, 118, 14, 27, 76, 26,
    49, 12, 31, 10, 39, 3,  15, 2,  7, 17,  54, 49, 74,
};

static const uint8_t freq_latin[26] = {
    82, 15, 28, 43, 127, 22, 20, 61, 70, 2,  8, 40, 24,
    67, 75, 19, 1,  60,  63, 91, 28, 10, 24, 2, 20, 1,
};

/* Whether f, a folded character, is c or a ligature with c among its letters. */
static int
holds(const struct search *s, uint32_t f, uint32_t c)
{
	uint32_t seq[LIGATURE_MAX];
	size_t i, n;

	if (f == c)
		return 1;
	if (f < FOLD_LIGATURE || f == FOLD_IGNORE)
		return 0;
	n = search_fold_expand(f, s->fold_case, seq);
	for (i = 0; i < n && seq[i] != c; i++)
		;
	return i < n;
}

/*
 * Every form of the folded letter c that the text can hold (c itself first), ligatures that hold
 * it included; returns how many. Past max, the rest are found by the probes of those listed:
 * every form from U+FB1D on shares the lead byte 0xEF.
 */
static size_t
forms_of(const struct search *s, uint32_t c, uint32_t *forms, size_t max)
{
	static const uint32_t ranges[][2] = {
	    {0, FOLD_SOURCES_END}, {0xFB1D, 0xFE00}, {0xFE70, 0xFF00}};
	size_t n = 0, r;
	uint32_t x;

	forms[n++] = c;
	for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (x = ranges[r][0]; x < ranges[r][1] && n < max; x++) {
			if (x != c && holds(s, search_fold_fast(s, x), c))
				forms[n++] = x;
		}
	}
	return n;
}

static unsigned
letter_freq(uint32_t c)
{
	if (c >= 0x621 && c <= 0x64A)
		return freq_arabic[c - 0x621];
	if (c >= 0x5D0 && c <= 0x5EA)
		return freq_hebrew[c - 0x5D0];
	if (c >= 'a' && c <= 'z')
		return freq_latin[c - 'a'];
	if (c >= 'A' && c <= 'Z')
		return freq_latin[c - 'A'] / 8 + 1;
	return 0;
}

/*
 * How often memchr would stop at byte pos of the UTF-8 u (n bytes), per 1000 characters: at the
 * letters of the frequency tables that share that byte there. A last byte is shared only with
 * letters of its length whose lead is in the same group of four (0xD8-0xDB is Arabic, 0xD4-0xD7
 * Hebrew), as a text is mostly in one script; but the last byte of a presentation form (three
 * bytes) also ends the Arabic letters of two bytes that the text is full of.
 */
static unsigned
probe_cost(const unsigned char *u, size_t n, size_t pos)
{
	static const uint32_t ranges[][2] = {{'A', 'z'}, {0x5D0, 0x5EA}, {0x621, 0x64A}};
	unsigned char v[4];
	unsigned cost = 1;
	size_t r, m;
	uint32_t c;

	for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (c = ranges[r][0]; c <= ranges[r][1]; c++) {
			m = utf8_encode(c, (char *)v);
			if (pos == 0 && v[0] == u[0])
				cost += letter_freq(c);
			else if (pos > 0 && v[m - 1] == u[pos] &&
			         (m != n || v[0] >> 2 == u[0] >> 2))
				cost += letter_freq(c);
		}
	}
	return cost;
}

/*
 * Chooses the bytes that find every form of letter c in text and returns how often they are
 * expected. Each form is found by its last byte, which is the letter itself in the scripts that
 * matter, or by its lead byte when that is rarer: U+06C0-U+06D3 share 0xDB, absent from Arabic.
 */
static unsigned
anchor_plan(struct search *s, uint32_t c)
{
	uint32_t forms[MAX_FORMS];
	unsigned char u[4], b;
	size_t i, n, nforms;
	unsigned cost = 0, first, last;

	nforms = forms_of(s, c, forms, MAX_FORMS);
	memset(s->is_probe, 0, sizeof s->is_probe);
	s->nprobes = 0;
	for (i = 0; i < nforms; i++) {
		n = utf8_encode(forms[i], (char *)u);
		if (s->is_probe[u[0]] || s->is_probe[u[n - 1]])
			continue;
		first = probe_cost(u, n, 0);
		last = probe_cost(u, n, n - 1);
		b = first < last ? u[0] : u[n - 1];
		s->is_probe[b] = 1;
		s->probes[s->nprobes++] = b;
		cost += first < last ? first : last;
	}
	return cost;
}

#ifdef SEARCH_VEC
static vec16
vec_splat(unsigned char b)
{
	return (vec16){0} + b;
}

/* Splits the probes for scan_vec: only those that end a two-byte form have a neighbour to check. */
static void
vec_split(struct search *s)
{
	struct vec_plan *vp = &s->vec;
	uint32_t forms[MAX_FORMS];
	unsigned char u[4], other[256] = {0};
	size_t i, n, nforms;

	nforms = forms_of(s, s->pat[s->anchor], forms, MAX_FORMS);
	for (i = 0; i < nforms; i++) {
		n = utf8_encode(forms[i], (char *)u);
		if (n == 2 && s->is_probe[u[1]])
			continue;
		/*
		 * Found by its lead byte, which is then checked alone; a presentation form ending
		 * in the probe byte of a two-byte form (U+FEE9 and U+0629 end in 0xA9) is found by
		 * its lead too, so it does not take the neighbour check from that probe.
		 */
		if (s->is_probe[u[0]])
			other[u[0]] = 1;
		else
			other[u[0]] = other[u[n - 1]] = 1;
	}
	vp->nprobe1 = vp->nprobe2 = 0;
	for (i = 0; i < s->nprobes; i++) {
		if (other[s->probes[i]])
			vp->probe1[vp->nprobe1++] = vec_splat(s->probes[i]);
		else
			vp->probe2[vp->nprobe2++] = vec_splat(s->probes[i]);
	}
}

/*
 * Sets the count ranges of trail bytes from first so that they cover the set bits of mask (trail
 * bytes 0x80-0xBF after one lead byte), bridging the smallest gaps when there are too many: a
 * wider range lets more through to try_anchor, which is safe. Unused ranges take only 0x00, which
 * never follows a lead byte.
 */
static void
vec_runs(struct vec_plan *vp, uint64_t mask, size_t first, size_t count)
{
	unsigned lo[64], hi[64], gap, best;
	size_t n = 0, k, b;

	for (k = 0; k < 64; k++) {
		if (!((mask >> k) & 1))
			continue;
		if (n > 0 && hi[n - 1] + 1 == k)
			hi[n - 1] = k;
		else {
			lo[n] = hi[n] = k;
			n++;
		}
	}
	while (n > count) {
		for (best = 64, b = k = 1; k < n; k++) {
			if ((gap = lo[k] - hi[k - 1]) < best) {
				best = gap;
				b = k;
			}
		}
		hi[b - 1] = hi[b];
		memmove(lo + b, lo + b + 1, (n - b - 1) * sizeof *lo);
		memmove(hi + b, hi + b + 1, (n - b - 1) * sizeof *hi);
		n--;
	}
	for (k = 0; k < count; k++) {
		vp->lo[first + k] = vec_splat(k < n ? 0x80 + lo[k] : 0);
		vp->width[first + k] = vec_splat(k < n ? hi[k] - lo[k] : 0);
	}
}

/* Plans scan_vec for a common anchor: which neighbour to check and against what. */
static void
vec_plan(struct search *s)
{
	struct vec_plan *vp = &s->vec;
	uint32_t n, cp, f;
	unsigned lead, trail;
	uint64_t mask;
	size_t j, k = s->anchor;

	/* Check the rarer neighbour; a space is the least telling. */
	if (k == 0 ||
	    (k + 1 < s->npat &&
	     (s->pat[k - 1] == ' ' ||
	      (s->pat[k + 1] != ' ' && letter_freq(s->pat[k + 1]) < letter_freq(s->pat[k - 1])))))
		j = k + 1;
	else
		j = k - 1;
	vp->neighbour = j < k ? -1 : 1;
	vp->offset = j < k ? -3 : 1;
	n = s->pat[j];
	vp->nascii = 0;
	for (cp = 0; cp < 0x80; cp++) {
		if (s->fold[cp] == n && vp->nascii < MAX_FORMS)
			vp->ascii[vp->nascii++] = vec_splat(cp);
	}
	for (lead = 0xD8; lead <= 0xD9; lead++) {
		mask = 0;
		for (trail = 0; trail < 64; trail++) {
			cp = ((lead & 0x1F) << 6) | trail;
			f = s->fold[cp];
			if (f == FOLD_IGNORE || f == n)
				mask |= (uint64_t)1 << trail;
		}
		if (lead == 0xD9)
			vec_runs(vp, mask, 0, D9_RUNS);
		else
			vec_runs(vp, mask, D9_RUNS, D8_RUNS);
	}
	vec_split(s);
}
#endif

void
search_anchor_choose(struct search *s)
{
	unsigned cost, best = UINT_MAX;
	size_t j;

	for (j = 0; j < s->npat; j++) {
		if (s->pat[j] == ' ')
			continue;
		if ((cost = anchor_plan(s, s->pat[j])) < best) {
			best = cost;
			s->anchor = j;
		}
	}
	anchor_plan(s, s->pat[s->anchor]);
#ifdef SEARCH_VEC
	if ((s->use_vec = best > VEC_FREQ && s->npat > 1))
		vec_plan(s);
#endif
}
