/*
 * Search folding: which writings are the same. search_fold_char folds one character (marks and
 * controls to FOLD_IGNORE, any space to ' ', the forms of a letter to one letter, a ligature to
 * FOLD_LIGATURE + its index, case when asked); search_fold_into applies it to a whole text, with
 * a map back to original offsets. Only ligatures lengthen text, at most FOLD_GROWTH times.
 */
#include <stdint.h>
#include <string.h>

#include "search-private.h"
#include "search-forms.h"

/* Hebrew letters with points, precomposed (U+FB1D-U+FB4E): the letter without them. */
static const uint16_t fold_hebrew_forms[0x4F] = {
    [0x1D] = 0x5D9, [0x1F] = 0x5F2, [0x2A] = 0x5E9, [0x2B] = 0x5E9, [0x2C] = 0x5E9, [0x2D] = 0x5E9,
    [0x2E] = 0x5D0, [0x2F] = 0x5D0, [0x30] = 0x5D0, [0x31] = 0x5D1, [0x32] = 0x5D2, [0x33] = 0x5D3,
    [0x34] = 0x5D4, [0x35] = 0x5D5, [0x36] = 0x5D6, [0x38] = 0x5D8, [0x39] = 0x5D9, [0x3A] = 0x5DA,
    [0x3B] = 0x5DB, [0x3C] = 0x5DC, [0x3E] = 0x5DE, [0x40] = 0x5E0, [0x41] = 0x5E1, [0x43] = 0x5E3,
    [0x44] = 0x5E4, [0x46] = 0x5E6, [0x47] = 0x5E7, [0x48] = 0x5E8, [0x49] = 0x5E9, [0x4A] = 0x5EA,
    [0x4B] = 0x5D5, [0x4C] = 0x5D1, [0x4D] = 0x5DB, [0x4E] = 0x5E4,
};

/* Lowercase of c for Latin (ASCII, Latin-1, Extended-A), Greek and Cyrillic; others as they are. */
static uint32_t
lower_char(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
	    (c >= 0x391 && c <= 0x3AB && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
		return c + 0x20;
	if (c < 0x100)
		return c;
	/* Extended-A pairs an uppercase with the next code point, except the Turkish dotted I. */
	if ((c <= 0x137 && c != 0x130) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 0x25;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 0x3F;
	return c;
}

/* Characters that only steer display (direction, joining, hyphenation): never part of a word. */
static int
is_format(uint32_t c)
{
	return c == 0xAD || c == 0x34F || c == 0x61C || (c >= 0x200B && c <= 0x200F) ||
	       (c >= 0x202A && c <= 0x202E) || c == 0x2060 || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0xFEFF;
}

static int
is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* The Arabic block: harakat and Quranic marks go, hamza seats and Persian forms fold. */
static uint32_t
fold_arabic(uint32_t c)
{
	if ((c >= 0x610 && c <= 0x61A) || (c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640 ||
	    c == 0x61C || (c >= 0x6D6 && c <= 0x6ED))
		return FOLD_IGNORE;
	if (c >= 0x660 && c <= 0x669)
		return '0' + (c - 0x660);
	if (c >= 0x6F0 && c <= 0x6F9)
		return '0' + (c - 0x6F0);
	switch (c) {
	case 0x622: /* alef with madda, hamza above, hamza below, wasla */
	case 0x623:
	case 0x625:
	case 0x671:
		return 0x627;
	case 0x626: /* yeh with hamza, alef maksura, Persian yeh, yeh barree (with hamza) */
	case 0x649:
	case 0x6CC:
	case 0x6D2:
	case 0x6D3:
		return 0x64A;
	case 0x629: /* teh marbuta, heh with yeh above, heh goal (with hamza) */
	case 0x6C0:
	case 0x6C1:
	case 0x6C2:
		return 0x647;
	case 0x624:
		return 0x648;
	case 0x6A9:
		return 0x643;
	}
	return c;
}

/* The ligature that is c, or NULL. */
static const struct arabic_ligature *
ligature_of(uint32_t c)
{
	size_t lo = 0, hi = sizeof arabic_ligatures / sizeof arabic_ligatures[0], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (arabic_ligatures[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sizeof arabic_ligatures / sizeof arabic_ligatures[0] &&
	               arabic_ligatures[lo].cp == c
	           ? &arabic_ligatures[lo]
	           : NULL;
}

size_t
search_fold_expand(uint32_t f, int fold_case, uint32_t *out)
{
	const struct arabic_ligature *l = &arabic_ligatures[f - FOLD_LIGATURE];
	size_t i, n = 0;
	uint32_t x;

	for (i = 0; i < LIGATURE_MAX && l->chars[i] != 0; i++)
		if ((x = search_fold_char(l->chars[i], fold_case)) != FOLD_IGNORE)
			out[n++] = x;
	return n;
}

/* A ligature's folding: nothing (marks only), its one letter, or itself as FOLD_LIGATURE + i. */
static uint32_t
fold_ligature(uint32_t c, int fold_case)
{
	const struct arabic_ligature *l = ligature_of(c);
	uint32_t seq[LIGATURE_MAX], f;
	size_t n;

	if (l == NULL)
		return c;
	f = FOLD_LIGATURE + (uint32_t)(l - arabic_ligatures);
	n = search_fold_expand(f, fold_case, seq);
	return n == 0 ? FOLD_IGNORE : n == 1 ? seq[0] : f;
}

uint32_t
search_fold_char(uint32_t c, int fold_case)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return fold_case ? c + 0x20 : c;
		return c == ' ' || (c >= '\t' && c <= '\r') ? ' ' : c;
	}
	if (c >= 0x600 && c < 0x700)
		return fold_arabic(c);
	if (c >= 0x591 && c <= 0x5C7) {
		/* Niqqud and cantillation; maqaf, paseq, sof pasuq and nun hafukha stay. */
		if (c == 0x5BE || c == 0x5C0 || c == 0x5C3 || c == 0x5C6)
			return c;
		return FOLD_IGNORE;
	}
	/*
	 * Old software wrote Arabic in its shaped forms (and PDFs still give text so): each is
	 * its letter, and a ligature (lam-alef, the word Allah) its letters.
	 */
	if (c >= 0xFB50 && c <= 0xFBFF && arabic_forms_a[c - 0xFB50] != 0)
		return fold_arabic(arabic_forms_a[c - 0xFB50]);
	if (c >= 0xFE80 && c <= 0xFEFC && arabic_forms_b[c - 0xFE80] != 0)
		return fold_arabic(arabic_forms_b[c - 0xFE80]);
	if ((c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
		return fold_ligature(c, fold_case);
	if (c >= 0xFB1D && c <= 0xFB4E && fold_hebrew_forms[c - 0xFB00] != 0)
		return fold_hebrew_forms[c - 0xFB00];
	if (c == 0xFB1E) /* varika, a point */
		return FOLD_IGNORE;
	if ((c >= 0x8D3 && c <= 0x8FF && c != 0x8E2) || is_format(c))
		return FOLD_IGNORE;
	if (is_space(c))
		return ' ';
	return fold_case && c < 0x590 ? lower_char(c) : c;
}

int
search_is_mark(uint32_t c)
{
	return search_fold_char(c, 0) == FOLD_IGNORE && !is_format(c) && c != 0x640 && c != 0x6DD &&
	       c != 0x6DE && c != 0x6E9;
}

size_t
search_fold_into(const uint32_t *table, int fold_case, const unsigned char *t, size_t len,
                 char *out, size_t *map)
{
	size_t i, n, o = 0, k, w;
	uint32_t c, f;

	for (i = 0; i < len; i += n) {
		n = search_decode(t, len, i, &c);
		f = table != NULL && c < FOLD_SOURCES_END ? table[c]
		                                          : search_fold_char(c, fold_case);
		if (f == FOLD_IGNORE || (f == ' ' && o > 0 && out[o - 1] == ' '))
			continue;
		if (f >= FOLD_LIGATURE && f != FOLD_IGNORE) {
			uint32_t seq[LIGATURE_MAX];
			size_t j, m = search_fold_expand(f, fold_case, seq);

			for (j = 0; j < m; j++) {
				w = utf8_encode(seq[j], out + o);
				for (k = 0; map != NULL && k < w; k++)
					map[o + k] = i;
				o += w;
			}
			continue;
		}
		if (f == c) {
			memcpy(out + o, t + i, n);
			w = n;
		} else
			w = utf8_encode(f, out + o);
		for (k = 0; map != NULL && k < w; k++)
			map[o + k] = i;
		o += w;
	}
	return o;
}

size_t
search_fold(const char *s, size_t len, int flags, char *out, size_t *map)
{
	size_t i;

	if (flags & SEARCH_EXACT) {
		memcpy(out, s, len);
		for (i = 0; map != NULL && i < len; i++)
			map[i] = i;
		return len;
	}
	return search_fold_into(NULL, !(flags & SEARCH_CASE), (const unsigned char *)s, len, out,
	                        map);
}

int
search_fold_flags(const struct search *s)
{
	return (s->flags & SEARCH_EXACT) | (s->fold_case ? 0 : SEARCH_CASE);
}

int
search_has_upper(const char *p, size_t len, int regex)
{
	size_t i, n;
	uint32_t c;

	for (i = 0; i < len; i += n) {
		n = search_decode((const unsigned char *)p, len, i, &c);
		if (regex && c == '\\' && i + n < len)
			n += search_decode((const unsigned char *)p, len, i + n, &c);
		else if (lower_char(c) != c)
			return 1;
	}
	return 0;
}
