/*
 * The sidebar: a tree of the open documents and, under each, its headings and bookmarks, then
 * the matches of the last search, each section under its name. It follows the reading (the
 * section being read is marked) and, once focused with Tab, takes keys to move and jump. Headings
 * are drawn through the same pipeline as the text, so an Arabic heading is shaped, in visual order,
 * right-aligned, and cut on its logical end.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "screen.h"
#include "xmalloc.h"

#define KEY_ESC 27

static void
add(struct reader *r, size_t *cap, struct side_entry e)
{
	if (r->nside == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		r->side = xreallocarray(r->side, *cap, sizeof *r->side);
	}
	r->side[r->nside++] = e;
}

static void
add_label(struct reader *r, size_t *cap, size_t doc, int depth, const char *text)
{
	add(r, cap,
	    (struct side_entry){.kind = SIDE_LABEL,
	                        .doc = doc,
	                        .block = (size_t)-1,
	                        .depth = depth,
	                        .text = text,
	                        .len = strlen(text)});
}

/* The documents' outline entries and contents entries waiting, as the tree shows them. */
static void
counts(const struct reader *r, size_t *outline, size_t *waiting)
{
	size_t d;

	*outline = *waiting = 0;
	for (d = 0; d < r->ndocs; d++) {
		*outline += r->docs[d]->noutline;
		*waiting += doc_epub_waiting(r->docs[d]);
	}
}

static void
add_headings(struct reader *r, size_t *cap, size_t d)
{
	const struct doc *doc = r->docs[d];
	const char *title;
	size_t i;
	int labelled = 0, level;

	for (i = 0; i < doc->noutline; i++) {
		const struct outline_entry *o = &doc->outline[i];

		if (o->title == NULL && doc->blocks[o->block].kind == BLOCK_TITLE)
			continue;
		if (!labelled++)
			add_label(r, cap, d, 1, "Contents");
		add(r, cap,
		    (struct side_entry){.kind = SIDE_HEADING,
		                        .doc = d,
		                        .block = o->block,
		                        .depth = o->level > 1 ? o->level - 1 : 1,
		                        .text = o->title,
		                        .len = o->title != NULL ? strlen(o->title) : 0});
	}
	/* The rest of a book's contents, after the outline: their chapters come later. */
	for (i = 0; (title = doc_epub_waiting_entry(doc, i, &level)) != NULL; i++) {
		if (!labelled++)
			add_label(r, cap, d, 1, "Contents");
		add(r, cap,
		    (struct side_entry){.kind = SIDE_WAITING,
		                        .doc = d,
		                        .block = (size_t)-1,
		                        .depth = level > 1 ? level - 1 : 1,
		                        .mark = i});
	}
}

static void
add_bookmarks(struct reader *r, size_t *cap, size_t d)
{
	const struct bookmark *marks;
	char *const *labels;
	size_t i, nmarks;
	int labelled = 0;

	marks = bookmarks_list(r, &nmarks, &labels);
	for (i = 0; i < nmarks; i++) {
		const struct bookmark *bm = &marks[i];

		if (r->doc_ids == NULL || bm->doc != r->doc_ids[d])
			continue;
		if (!labelled++)
			add_label(r, cap, d, 1, "Bookmarks");
		add(r, cap,
		    (struct side_entry){.kind = SIDE_BOOKMARK,
		                        .doc = d,
		                        .block = bm->block,
		                        .ch = bm->ch,
		                        .depth = 1,
		                        .text = labels[i],
		                        .len = strlen(labels[i]),
		                        .mark = i});
	}
}

void
sidebar_build(struct reader *r)
{
	const struct found *found;
	const char *pattern;
	size_t cap = 0, d, i, nfound;

	free(r->side);
	r->side = NULL;
	r->nside = 0;
	add_label(r, &cap, 0, 0, "Documents");
	for (d = 0; d < r->ndocs; d++) {
		const struct doc *doc = r->docs[d];

		add(r, &cap,
		    (struct side_entry){.kind = SIDE_DOC,
		                        .doc = d,
		                        .block = (size_t)-1,
		                        .text = doc->title,
		                        .len = strlen(doc->title)});
		add_headings(r, &cap, d);
		add_bookmarks(r, &cap, d);
	}
	free(r->side_matches);
	r->side_matches = NULL;
	found = find_results(r, &nfound, &pattern);
	if (nfound > 0) {
		/* The pattern as typed, isolated: an Arabic pattern does not reorder the label. */
		r->side_matches = xasprintf("Matches for “\u2068%s\u2069” (%zu%s)", pattern, nfound,
		                            nfound >= FOUND_MAX ? "+" : "");
		add(r, &cap,
		    (struct side_entry){.kind = SIDE_MATCHES,
		                        .doc = r->top.doc,
		                        .block = (size_t)-1,
		                        .text = r->side_matches,
		                        .len = strlen(r->side_matches)});
		for (i = 0; i < nfound; i++)
			add(r, &cap,
			    (struct side_entry){.kind = SIDE_MATCH,
			                        .doc = found[i].doc,
			                        .block = found[i].block,
			                        .ch = found[i].ch,
			                        .depth = 1,
			                        .text = found[i].label,
			                        .len = strlen(found[i].label),
			                        .lit_start = found[i].lit_start,
			                        .lit_end = found[i].lit_end});
	}
	if (r->side_sel >= r->nside)
		r->side_sel = r->nside ? r->nside - 1 : 0;
	counts(r, &r->side_outline_of, &r->side_waiting_of);
}

int
sidebar_stale(const struct reader *r)
{
	size_t outline, waiting;

	counts(r, &outline, &waiting);
	return outline != r->side_outline_of || waiting != r->side_waiting_of;
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
		if (e->kind == SIDE_BOOKMARK || e->kind == SIDE_MATCHES || e->kind == SIDE_MATCH ||
		    e->kind == SIDE_LABEL || e->kind == SIDE_WAITING)
			continue;
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
		int indent = e->depth * 2 + 1 + (e->kind == SIDE_BOOKMARK) * 2;
		int attr = e->kind == SIDE_DOC || e->kind == SIDE_MATCHES ? A_BOLD
		           : e->kind == SIDE_LABEL                        ? A_DIM | A_UNDERLINE
		                                                          : A_NORMAL;
		const struct doc *doc = r->docs[e->doc];
		int rtl = doc->dir == DIR_RTL && e->kind != SIDE_LABEL && e->kind != SIDE_MATCHES;
		/* Read now: the text may have moved as more was read, a stream's title come. */
		int heading = e->kind == SIDE_HEADING && e->text == NULL;
		const char *text = heading               ? doc->text + doc->blocks[e->block].off
		                   : e->kind == SIDE_DOC ? doc->title
		                                         : e->text;
		size_t len = heading               ? doc->blocks[e->block].len
		             : e->kind == SIDE_DOC ? strlen(doc->title)
		                                   : e->len;
		int level;

		if (e->kind == SIDE_WAITING) {
			text = doc_epub_waiting_entry(doc, e->mark, &level);
			len = text != NULL ? strlen(text) : 0;
		}

		if (i == r->side_sel && r->side_focus)
			attr |= A_REVERSE;
		else if (i == cur)
			attr |= r->color ? COLOR_PAIR(3) | A_BOLD : A_UNDERLINE;
		if (attr & (A_REVERSE | A_UNDERLINE | COLOR_PAIR(3))) {
			attron(attr & ~A_BOLD);
			mvhline(y, x0, ' ', r->side_w);
			attroff(attr & ~A_BOLD);
		}
		if (e->kind == SIDE_BOOKMARK) { /* on the start side, where the text begins */
			attron(attr & ~A_BOLD); /* in the bar, which it would break */
			mvaddstr(y, rtl ? x0 + r->side_w - indent + 1 : x0 + indent - 2, "★");
			attroff(attr & ~A_BOLD);
		}
		view_draw_short_lit(r, y, rtl ? x0 : x0 + indent, r->side_w - indent, text, len,
		                    attr, rtl, e->lit_start, e->lit_end);
	}
}

/* A contents entry whose chapter is not read yet: the book is read on to it, and there it goes. */
static int
reach(struct reader *r, size_t d, size_t i)
{
	char *cause = NULL;
	size_t block;

	if (doc_epub_reach(r->docs[d], i, &block, &cause) != 0) {
		status_message(r, "%s", cause);
		free(cause);
		return DO_REDRAW;
	}
	sidebar_build(r); /* the entry has joined the outline */
	view_jump_push(r);
	view_goto(r, d, block, 0);
	return DO_REDRAW;
}

static int
jump(struct reader *r)
{
	const struct side_entry *e;

	/* Chapters read since the tree was drawn: a waiting entry's index is as it is now. */
	if (sidebar_stale(r))
		sidebar_build(r);
	e = &r->side[r->side_sel];

	if (e->kind == SIDE_BOOKMARK)
		return bookmarks_jump(r, e->mark);
	if (e->kind == SIDE_MATCHES || e->kind == SIDE_LABEL)
		return DO_REDRAW;
	if (e->kind == SIDE_WAITING)
		return reach(r, e->doc, e->mark);
	view_jump_push(r);
	if (e->kind == SIDE_HEADING || e->kind == SIDE_MATCH)
		view_goto(r, e->doc, e->block, e->ch);
	else if (e->doc != r->top.doc) /* another document: back where it was left */
		view_goto(r, e->doc, r->doc_top[e->doc].block, r->doc_top[e->doc].ch);
	else
		view_goto(r, e->doc, 0, 0);
	return DO_REDRAW;
}

/*
 * Leaving the sidebar on a screen too narrow to show it beside the text (it covered the text):
 * it goes away, or the text it jumped to would stay hidden under it.
 */
static int
leave(struct reader *r)
{
	if (r->side_w < r->cols)
		return DO_NOTHING;
	r->side_shown = 0;
	return DO_RELAYOUT;
}

/* Keys that act on the bookmark under the cursor: d deletes, u undoes, r edits, y copies. */
static int
bookmark_key(struct reader *r, int key)
{
	const struct side_entry *e = r->nside ? &r->side[r->side_sel] : NULL;

	if (key == 'u')
		return bookmarks_undo(r);
	if (e == NULL || e->kind != SIDE_BOOKMARK)
		return -1;
	switch (key) {
	case 'd':
	case KEY_DC:
		return bookmarks_delete(r, e->mark);
	case 'r':
		return bookmarks_edit_note(r, e->mark);
	case 'y':
		return bookmarks_copy_mark(r, e->mark);
	default:
		return -1;
	}
}

int
sidebar_mouse(struct reader *r, int y, int lines, int click)
{
	size_t at = r->side_top + (size_t)y;

	if (r->nside == 0)
		return DO_NOTHING;
	if (lines != 0) {
		/* The wheel moves the selection, which the list keeps in sight. */
		r->side_focus = 1;
		if (lines < 0)
			r->side_sel = r->side_sel > (size_t)-lines ? r->side_sel + lines : 0;
		else
			r->side_sel =
			    r->side_sel + lines < r->nside ? r->side_sel + lines : r->nside - 1;
		return DO_REDRAW;
	}
	if (!click || at >= r->nside)
		return DO_NOTHING;
	r->side_sel = at;
	r->side_focus = 0;
	return jump(r) | leave(r);
}

/* Moves the selection from entry from to the next one in dir that is not a section's name. */
static int
step(struct reader *r, size_t from, int dir)
{
	size_t i = from;

	while ((dir > 0 ? i + 1 < r->nside : i > 0 && i != (size_t)-1)) {
		i += dir;
		if (r->side[i].kind != SIDE_LABEL) {
			r->side_sel = i;
			break;
		}
	}
	return DO_REDRAW;
}

int
sidebar_key(struct reader *r, int key)
{
	int rc;

	if ((rc = bookmark_key(r, key)) >= 0)
		return rc;
	switch (key) {
	case 'j':
	case KEY_DOWN:
		return step(r, r->side_sel, 1);
	case 'k':
	case KEY_UP:
		return step(r, r->side_sel, -1);
	case 'g':
	case KEY_HOME:
		return step(r, (size_t)-1, 1);
	case 'G':
	case KEY_END:
		return step(r, r->nside, -1);
	case '\n':
	case '\r':
	case KEY_ENTER:
		r->side_focus = 0;
		return jump(r) | leave(r);
	case 'l':
	case KEY_RIGHT:
	case KEY_LEFT:
	case 'h':
		return jump(r);
	case KEY_ESC:
		r->side_focus = 0;
		return DO_REDRAW | leave(r);
	case '\t':
		r->side_focus = 0;
		r->side_shown = 0;
		return DO_RELAYOUT;
	default:
		return -1; /* not a sidebar key: the text pane may take it */
	}
}
