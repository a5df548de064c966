/*
 * What a code point takes on a terminal: its width in cells (0-2), whether it is a combining mark
 * (drawn in the cell of the character before it), whether it shows nothing at all (bidi
 * controls, joiners, the shaper's fill). Below every stage: the loaders size table cells with
 * it, para.c makes clusters with it, layout.c draws with it.
 */
#ifndef QARI_CELL_H
#define QARI_CELL_H

#include <stdint.h>

/* The bits of cell_class. */
#define CELL_WIDTH     0x3
#define CELL_MARK      0x4
#define CELL_INVISIBLE 0x8

/*
 * The classes of the Basic Multilingual Plane, 256 code points at a time as text first uses
 * them; in the header so that cell_class stays inline on the paths that run for every character.
 */
extern uint8_t cell_bmp_class[0x10000];
extern uint8_t cell_bmp_ready[0x100];

/* cell_class past what the table holds: fills cp's page, or works out a class past the BMP. */
int cell_class_slow(uint32_t cp);

static inline int
cell_class(uint32_t cp)
{
	if (cp < 0x10000 && __atomic_load_n(&cell_bmp_ready[cp >> 8], __ATOMIC_ACQUIRE))
		return cell_bmp_class[cp];
	return cell_class_slow(cp);
}

/* Terminal cells of a code point: 0 for marks and format characters, 2 for wide ones. */
static inline int
cell_width(uint32_t cp)
{
	return cell_class(cp) & CELL_WIDTH;
}

/* Whether cp is a combining mark that stays in the cell of the character before it. */
static inline int
cell_is_mark(uint32_t cp)
{
	return (cell_class(cp) & CELL_MARK) != 0;
}

/* Whether cp is a format character that shows nothing: bidi controls, joiners, the fill. */
static inline int
cell_is_invisible(uint32_t cp)
{
	return (cell_class(cp) & CELL_INVISIBLE) != 0;
}

/*
 * Whether text written out leaves cp out, as it shows nothing: bidi controls, the shaper's
 * fill, a soft hyphen. The joiners stay for a terminal that shapes (ZWNJ keeps Persian letters
 * apart): only text already shaped here (shaped set) has no use for them.
 */
static inline int
cell_is_dropped(uint32_t cp, int shaped)
{
	if (cp == 0x200C || cp == 0x200D)
		return shaped;
	return cell_is_invisible(cp);
}

#endif
