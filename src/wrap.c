/*
 * Greedy line filling. The break opportunities come from libunibreak through para.c, so a word
 * (including an Arabic word with its marks, or a number with its separators) is never cut
 * unless nothing else fits; clusters are indivisible, so a base letter never loses its marks.
 */
#include "wrap.h"
#include "xmalloc.h"

#define HANGS (CLUSTER_SPACE | CLUSTER_HIDDEN)

/* Embeddings and isolates: an isolate opens a table's cell, whose spaces may be its padding. */
static int
opens_run(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The clusters that open a paragraph without being shown: invisible marks (RLM, LRM, ZWSP) and
 * the white space after them, when there is white space (an RLM that opens a word is no space
 * to drop).
 */
static uint32_t
lead(const struct para *p)
{
	uint32_t i = 0, spaces = 0;

	while (i < p->ncl && (p->cl[i].flags & HANGS) && p->cl[i].brk != BREAK_MUST &&
	       !opens_run(p->cp[p->cl[i].start])) {
		spaces += (p->cl[i].flags & CLUSTER_SPACE) != 0;
		i++;
	}
	return spaces > 0 ? i : 0;
}

static void
push(struct line **lines, size_t *n, size_t *cap, const struct para *p, uint32_t first,
     uint32_t end)
{
	struct line *l;
	uint32_t i, shown = end, width = 0, start = first;

	if (first == 0)
		start = lead(p) < end ? lead(p) : end;
	while (shown > start && (p->cl[shown - 1].flags & HANGS))
		shown--;
	for (i = start; i < shown; i++)
		width += p->cl[i].width;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*lines = xreallocarray(*lines, *cap, sizeof **lines);
	}
	l = &(*lines)[(*n)++];
	l->first = first;
	l->start = start;
	l->end = end;
	l->shown = shown;
	l->width = width;
}

size_t
wrap_para(const struct para *p, int width, struct line **lines)
{
	return wrap_para_hang(p, width, width, lines);
}

size_t
wrap_para_hang(const struct para *p, int first_width, int rest, struct line **lines)
{
	size_t n = 0, cap = 0;
	uint32_t first = 0, i, brk = 0, w = 0, wbrk = 0, skip = lead(p);

	*lines = NULL;
	if (first_width < 1)
		first_width = 1;
	if (rest < 1)
		rest = 1;
	for (i = 0; i < p->ncl; i++) {
		const struct cluster *c = &p->cl[i];

		if (i < skip)
			continue; /* not shown: takes no room, and a break there would be no use */

		/*
		 * Spaces may hang past the edge; anything else that overflows ends the line. What
		 * the break carries over may still overflow with c (spaces that hung are inside the
		 * new line now), so the line is ended again, this time before c. An invisible
		 * character takes no cell: it cannot overflow, though the space that hangs before
		 * it has put w past the edge (space, RLM, space, RLM in the Darimi book), or the
		 * line would end before it and the next one start with the space after it.
		 */
		while (w + c->width > (uint32_t)(n == 0 ? first_width : rest) &&
		       !(c->flags & HANGS) && i > first) {
			if (brk > first) {
				push(lines, &n, &cap, p, first, brk);
				first = brk;
				w -= wbrk;
			} else {
				push(lines, &n, &cap, p, first, i);
				first = i;
				w = 0;
			}
			brk = first;
			/*
			 * White space the break left at the start of the line hangs on the one
			 * before, and so do the invisible characters among it (RLM, space, RLM
			 * between the words of the Darimi book), or the space after them would
			 * take a cell at the line's start.
			 */
			while (first < i && (p->cl[first].flags & HANGS)) {
				w -= p->cl[first].width;
				first++;
				(*lines)[n - 1].end = first;
			}
			brk = first;
			wbrk = 0;
		}
		w += c->width;
		if (c->brk == BREAK_MUST && i + 1 < p->ncl) {
			push(lines, &n, &cap, p, first, i + 1);
			first = brk = i + 1;
			w = wbrk = 0;
		} else if (c->brk == BREAK_ALLOW) {
			brk = i + 1;
			wbrk = w;
		}
	}
	if (first < p->ncl || n == 0)
		push(lines, &n, &cap, p, first, p->ncl);
	return n;
}
