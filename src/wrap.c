/*
 * Greedy line filling. The break opportunities come from libunibreak through para.c, so a word
 * (including an Arabic word with its marks, or a number with its separators) is never cut
 * unless nothing else fits; clusters are indivisible, so a base letter never loses its marks.
 */
#include "wrap.h"
#include "xmalloc.h"

static void
push(struct line **lines, size_t *n, size_t *cap, const struct para *p, uint32_t first,
     uint32_t end)
{
	struct line *l;
	uint32_t i, shown = end, width = 0;

	while (shown > first && (p->cl[shown - 1].flags & (CLUSTER_SPACE | CLUSTER_HIDDEN)))
		shown--;
	for (i = first; i < shown; i++)
		width += p->cl[i].width;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*lines = xreallocarray(*lines, *cap, sizeof **lines);
	}
	l = &(*lines)[(*n)++];
	l->first = first;
	l->end = end;
	l->shown = shown;
	l->width = width;
}

size_t
wrap_para(const struct para *p, int width, struct line **lines)
{
	size_t n = 0, cap = 0;
	uint32_t first = 0, i, brk = 0, w = 0, wbrk = 0;

	*lines = NULL;
	if (width < 1)
		width = 1;
	for (i = 0; i < p->ncl; i++) {
		const struct cluster *c = &p->cl[i];

		/*
		 * Spaces may hang past the edge; anything else that overflows ends the line. What
		 * the break carries over may still overflow with c (spaces that hung are inside the
		 * new line now), so the line is ended again, this time before c.
		 */
		while (w + c->width > (uint32_t)width && !(c->flags & CLUSTER_SPACE) && i > first) {
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
			/* White space the break left at the start of the line hangs on the one
			 * before. */
			while (first < i && (p->cl[first].flags & CLUSTER_SPACE)) {
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
