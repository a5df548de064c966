/*
 * The sidebar: a tree of the open documents and, under each, its headings. It follows the
 * reading (the section being read is marked) and, once focused with Tab, takes keys to move and
 * jump. Headings are drawn through the same pipeline as the text, so an Arabic heading is shaped,
 * in visual order, right-aligned, and cut on its logical end.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "screen.h"
#include "xmalloc.h"

#define KEY_ESC 27

static void
add(struct reader *r, size_t *cap, size_t doc, size_t block, int depth, const char *text,
    size_t len)
{
	if (r->nside == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		r->side = xreallocarray(r->side, *cap, sizeof *r->side);
	}
	r->side[r->nside++] = (struct side_entry){doc, block, depth, text, len};
}

void
sidebar_build(struct reader *r)
{
	size_t cap = 0, d, i;

	free(r->side);
	r->side = NULL;
	r->nside = 0;
	for (d = 0; d < r->ndocs; d++) {
		const struct doc *doc = r->docs[d];

		add(r, &cap, d, (size_t)-1, 0, doc->title, strlen(doc->title));
		for (i = 0; i < doc->noutline; i++) {
			const struct outline_entry *o = &doc->outline[i];
			const struct block *b = &doc->blocks[o->block];

			if (doc->blocks[o->block].kind == BLOCK_TITLE)
				continue;
			add(r, &cap, d, o->block, o->level > 1 ? o->level - 1 : 1,
			    doc->text + b->off, b->len);
		}
	}
}

/* The entry for the section being read: the last heading at or before the top of the screen. */
static size_t
current(const struct reader *r)
{
	size_t i, best = 0;

	for (i = 0; i < r->nside; i++) {
		const struct side_entry *e = &r->side[i];

		if (e->doc > r->top.doc)
			break;
		if (e->doc == r->top.doc && e->block != (size_t)-1 && e->block > r->top.block)
			break;
		best = i;
	}
	return best;
}

void
sidebar_follow(struct reader *r)
{
	if (!r->side_focus)
		r->side_sel = current(r);
}

void
sidebar_draw(struct reader *r)
{
	int x0 = r->side_right ? r->cols - r->side_w : 0, y, h = r->text_h, width;
	int sep = r->side_right ? x0 - 1 : r->side_w;
	size_t i, cur = current(r);

	if (r->side_w == 0)
		return;
	if (r->side_sel < r->side_top)
		r->side_top = r->side_sel;
	if (r->side_sel >= r->side_top + h)
		r->side_top = r->side_sel - h + 1;
	for (y = 0; y < h; y++) {
		move(y, x0);
		for (width = 0; width < r->side_w; width++)
			addch(' ');
		mvaddstr(y, sep, "│");
	}
	for (y = 0, i = r->side_top; y < h && i < r->nside; y++, i++) {
		const struct side_entry *e = &r->side[i];
		int indent = e->depth * 2 + 1, attr = e->block == (size_t)-1 ? A_BOLD : A_NORMAL;
		int rtl = r->docs[e->doc]->dir == DIR_RTL;

		if (i == r->side_sel && r->side_focus)
			attr |= A_REVERSE;
		else if (i == cur)
			attr |= r->color ? COLOR_PAIR(3) | A_BOLD : A_UNDERLINE;
		if (attr & (A_REVERSE | A_UNDERLINE | COLOR_PAIR(3))) {
			attron(attr & ~A_BOLD);
			mvhline(y, x0, ' ', r->side_w);
			attroff(attr & ~A_BOLD);
		}
		view_draw_short(r, y, rtl ? x0 : x0 + indent, r->side_w - indent, e->text, e->len,
		                attr, rtl);
	}
}

static int
jump(struct reader *r)
{
	const struct side_entry *e = &r->side[r->side_sel];

	view_jump_push(r);
	if (e->block != (size_t)-1)
		view_goto(r, e->doc, e->block, 0);
	else if (e->doc != r->top.doc) /* another document: back where it was left */
		view_goto(r, e->doc, r->doc_top[e->doc].block, r->doc_top[e->doc].ch);
	else
		view_goto(r, e->doc, 0, 0);
	return DO_REDRAW;
}

int
sidebar_key(struct reader *r, int key)
{
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (r->side_sel + 1 < r->nside)
			r->side_sel++;
		return DO_REDRAW;
	case 'k':
	case KEY_UP:
		if (r->side_sel > 0)
			r->side_sel--;
		return DO_REDRAW;
	case 'g':
	case KEY_HOME:
		r->side_sel = 0;
		return DO_REDRAW;
	case 'G':
	case KEY_END:
		r->side_sel = r->nside ? r->nside - 1 : 0;
		return DO_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		r->side_focus = 0;
		return jump(r);
	case 'l':
	case KEY_RIGHT:
	case KEY_LEFT:
	case 'h':
		return jump(r);
	case KEY_ESC:
		r->side_focus = 0;
		return DO_REDRAW;
	case '\t':
		r->side_focus = 0;
		r->side_shown = 0;
		return DO_RELAYOUT;
	default:
		return -1; /* not a sidebar key: the text pane may take it */
	}
}
