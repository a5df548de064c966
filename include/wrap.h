/*
 * Line breaking of a prepared paragraph for a column width, in logical order: greedy fill at the
 * UAX #14 opportunities, a word is split only when it alone is wider than the column. White space
 * at a break hangs past the line's end and does not count towards its width.
 */
#ifndef QARI_WRAP_H
#define QARI_WRAP_H

#include <stddef.h>
#include <stdint.h>

#include "para.h"

struct line {
	uint32_t first; /* clusters [first, end) of the paragraph */
	uint32_t end;
	uint32_t start; /* clusters [start, shown) are displayed: see wrap_para */
	uint32_t shown; /* the rest, [shown, end), is hanging white space */
	uint32_t width; /* cells of the displayed clusters */
};

/*
 * Breaks p into lines no wider than width cells (at least 1). Returns the number of lines (an
 * empty paragraph has one empty line) and stores a new array in *lines, owned by the caller.
 * A line shows from start, which is first but for a paragraph that opens with invisible
 * characters and then white space (RLM, space, RLM in the Darimi book): the loaders trim a
 * paragraph's white space, but not behind a character they cannot see as space, and a cell
 * for it would make that row one short of the column's edge.
 */
size_t wrap_para(const struct para *p, int width, struct line **lines);

/* wrap_para with the lines after the first no wider than rest cells (a hanging indent). */
size_t wrap_para_hang(const struct para *p, int width, int rest, struct line **lines);

#endif
