/*
 * Telling verse from prose by the shape of its lines. Prose hard-wrapped by an editor fills
 * its lines to a column of 62-80 cells; a poem's lines are shorter and end where the verse
 * does, and not each at a sentence's end (prose written a sentence a line, as some Markdown
 * is, ends every line with a full stop). Persian and Arabic poems (Hafez's ghazals: one
 * hemistich a line, a blank line between couplets) have lines of one metre, so of nearly one
 * length: a couplet's two lines differ by less than half. Cells are cell.c's count, as the
 * layout's.
 */
#include <stdint.h>

#include "cell.h"
#include "utf8.h"
#include "verse.h"

/* Whether cp ends a sentence: prose written a sentence a line ends every line with one. */
static int
ends_sentence(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x061F || cp == 0x06D4 ||
	       cp == 0x2026 || cp == 0x05C3;
}

size_t
verse_scan(const char *s, size_t len, int *widest, int *narrowest)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, lines = 0, sentences = 0;
	int w = 0, hi = 0, lo = 0;
	uint32_t cp, last = 0;

	*widest = *narrowest = 0;
	for (;;) {
		if (i == len || u[i] == '\n') {
			if (w == 0 || w > VERSE_LINE_MAX)
				return 0;
			hi = lines == 0 || w > hi ? w : hi;
			lo = lines == 0 || w < lo ? w : lo;
			sentences += ends_sentence(last);
			lines++;
			w = 0;
			if (i++ == len)
				break;
			continue;
		}
		if (u[i] < 0x80)
			cp = u[i++];
		else
			i += utf8_decode(u + i, len - i, &cp);
		w += cell_width(cp);
		last = cp == ' ' ? last : cp;
	}
	if (lines < 2 || hi > VERSE_RATIO * lo || sentences == lines)
		return 0;
	*widest = hi;
	*narrowest = lo;
	return lines;
}

int
verse_couplet(int widest, int narrowest)
{
	return 2 * widest <= 3 * narrowest;
}

void
verse_place(int width, int half, int w1, int w2, int *at1, int *at2)
{
	int margin = width - 2 * half - VERSE_GAP;

	/* Halved towards minus infinity, so that a pair one cell too wide leans the same way. */
	margin = margin >= 0 ? margin / 2 : -((1 - margin) / 2);
	*at1 = margin + (half - w1) / 2;
	*at2 = margin + half + VERSE_GAP + (half - w2) / 2;
}
