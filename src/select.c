/*
 * The passage at the top of the screen (the rows selected with v, else the top row) and what is
 * done with text on screen: y copies it, U shows and copies the links one by one (Enter then
 * opens the one shown: follow.c), a click on a link does the same for that one, all through
 * the terminal's clipboard (OSC 52).
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "screen.h"
#include "terminal.h"
#include "utf8.h"
#include "xmalloc.h"

#define KEY_ESC 27

/* Code points from (b0, c0) to (b1, c1), counting one for each block boundary as the store does. */

/* The selection (v): rows from the top of the screen; and which link U shows next. */
static struct {
	int on, rows;
	unsigned link_next;
	long link_shown; /* the link U shows, for Enter, until another key: -1 when none */
	size_t link_doc; /* in this document */
} sel = {.link_shown = -1};

void
select_start(void)
{
	sel.on = 1;
	sel.rows = 1;
}

void
select_end(void)
{
	sel.on = 0;
}

int
select_rows(void)
{
	return sel.on ? sel.rows : 0;
}

static size_t
span(const struct doc *doc, size_t b0, size_t c0, size_t b1, size_t c1)
{
	size_t n = 0, b;

	if (b0 == b1)
		return c1 > c0 ? c1 - c0 : 0;
	n = doc->blocks[b0].chars - c0 + 1;
	for (b = b0 + 1; b < b1; b++)
		n += doc->blocks[b].chars + 1;
	return n + c1;
}

int
select_passage(struct reader *r, size_t *block, size_t *ch, size_t *len)
{
	struct layout *lo = view_lo(r);
	const struct doc *doc = layout_doc(lo);
	struct row row = view_top_row(r);
	size_t eb = 0, ec = 0;
	struct vline vl;
	int i, n = sel.on ? sel.rows : 1, found = 0;

	for (i = 0; i < n || !found; i++) {
		if (row.line < layout_block_lines(lo, row.block) &&
		    layout_line(lo, row.block, row.line, &vl) == 0) {
			if (!found) {
				*block = row.block;
				*ch = vl.first_char;
				found = 1;
			}
			eb = row.block;
			ec = vl.end_char;
		}
		if (layout_row_next(lo, &row) != 0)
			break;
	}
	if (!found)
		return -1;
	*len = span(doc, *block, *ch, eb, ec);
	return 0;
}

int
select_copy_text(struct reader *r, const char *text, size_t len)
{
	if (term_clipboard(text, len) != 0)
		status_message(r, "Too long to copy through the terminal (%zu bytes)", len);
	else if (term_clipboard_blocked() != NULL)
		status_message(r, "Not copied: %s", term_clipboard_blocked());
	else
		status_message(r, "Copied %zu characters to the clipboard (OSC 52)",
		               utf8_count(text, len));
	return DO_REDRAW;
}

int
select_copy(struct reader *r)
{
	size_t block, ch, len, n;
	char *text;

	if (select_passage(r, &block, &ch, &len) != 0) {
		status_message(r, "No text here to copy");
		return DO_REDRAW;
	}
	text = doc_text_range(r->docs[r->top.doc], block, ch, len, &n);
	select_copy_text(r, text, n);
	free(text);
	sel.on = 0;
	return DO_REDRAW;
}

int
select_link_at(struct reader *r, int y, int x)
{
	const struct doc *doc = r->docs[r->top.doc];
	const struct span *sp;
	size_t block, ch, nsp, i;

	if (view_char_at(r, y, x, &block, &ch) != 0)
		return DO_NOTHING;
	sp = doc_block_spans(doc, block, &nsp);
	for (i = 0; i < nsp && sp[i].start <= ch; i++)
		if ((sp[i].style & SPAN_LINK) && ch < sp[i].end)
			return follow_link(r, doc->links[sp[i].link]);
	return DO_NOTHING;
}

/*
 * Which link U has come to, on the status line: the address first, as it says the most, cut in
 * its middle when the line is short (its host and the end that names the page stay), or the
 * start of the passage it leads to, quoted and cut at its end; then what Enter does, while
 * there is room.
 */
static void
say_link(struct reader *r, size_t k, size_t n, const char *what, int passage, const char *tail)
{
	char head[64], *safe, *shown = NULL, *m = NULL;
	int room, over, w = r->cols - 2, fixed;

	snprintf(head, sizeof head, "Link %zu of %zu: ", k + 1, n);
	safe = utf8_printable(what);
	room = (int)utf8_count(safe, strlen(safe)) + 1;
	fixed = (int)strlen(head) + 2 + (int)strlen(tail) + 2 * passage;
	if (view_text_width(r, safe, strlen(safe)) + fixed > w && w - fixed < 24)
		tail = "";
	/* Measured as drawn (a passage may be Arabic with its marks), shortened until it fits. */
	for (over = 1; over > 0 && room > 8; room -= over) {
		free(m);
		free(shown);
		shown = passage ? utf8_shorten(safe, (size_t)room - 1)
		                : utf8_shorten_middle(safe, (size_t)room - 1);
		m = xasprintf("%s%s\u2068%s\u2069%s%s%s", head, passage ? "\u201C" : "", shown,
		              passage ? "\u201D" : "", *tail != '\0' ? "  " : "", tail);
		over = view_text_width(r, m, strlen(m)) - w;
	}
	status_message(r, "%s", m);
	free(m);
	free(shown);
	free(safe);
}

/*
 * U: the links on screen, one after the other at each press: the URL shows on the status line
 * and goes to the clipboard (for a browser); Enter then opens it here (select_link_key).
 */
int
select_link(struct reader *r)
{
	struct layout *lo = view_lo(r);
	const struct doc *doc = layout_doc(lo);
	struct row row = view_top_row(r);
	uint32_t found[64];
	size_t n = 0, i, nsp, k;
	const struct span *sp;
	struct vline vl;
	char *within;
	int y, passage;

	for (y = 0; y < r->text_h && n < 64; y++) {
		if (row.line < layout_block_lines(lo, row.block) &&
		    layout_line(lo, row.block, row.line, &vl) == 0) {
			sp = doc_block_spans(doc, row.block, &nsp);
			for (i = 0; i < nsp && n < 64; i++) {
				if (!(sp[i].style & SPAN_LINK) || sp[i].end <= vl.first_char ||
				    sp[i].start >= vl.end_char)
					continue;
				for (k = 0; k < n && found[k] != sp[i].link; k++)
					;
				if (k == n)
					found[n++] = sp[i].link;
			}
		}
		if (layout_row_next(lo, &row) != 0)
			break;
	}
	if (n == 0) {
		status_message(r, "No link on this screen");
		return DO_REDRAW;
	}
	k = sel.link_next++ % n;
	if ((within = follow_preview(r, doc->links[found[k]], &passage)) != NULL) {
		/* A place in this text: nothing a browser could open, so not copied. */
		say_link(r, k, n, within, passage, "(Enter goes there)");
		free(within);
	} else {
		term_clipboard(doc->links[found[k]], strlen(doc->links[found[k]]));
		say_link(r, k, n, doc->links[found[k]], 0,
		         term_clipboard_blocked() != NULL
		             ? "(Enter opens it; not copied: tmux's set-clipboard is off)"
		             : "(Enter opens it; copied)");
	}
	sel.link_shown = found[k];
	sel.link_doc = r->top.doc;
	return DO_REDRAW;
}

int
select_link_key(struct reader *r, int key)
{
	long shown = sel.link_shown;

	sel.link_shown = -1; /* the next key, whatever it is, ends it */
	if (shown < 0)
		sel.link_next = 0; /* U after another key starts again at the first link */
	if (shown < 0 || (key != '\n' && key != '\r' && key != KEY_ENTER))
		return -1;
	if (sel.link_doc != r->top.doc || (size_t)shown >= r->docs[r->top.doc]->nlinks)
		return -1;
	return follow_link(r, r->docs[r->top.doc]->links[shown]);
}

int
select_key(struct reader *r, int key)
{
	switch (key) {
	case 'j':
	case KEY_DOWN:
		if (sel.rows < r->text_h)
			sel.rows++;
		return DO_REDRAW;
	case 'k':
	case KEY_UP:
		if (sel.rows > 1)
			sel.rows--;
		return DO_REDRAW;
	case 'm':
		return bookmarks_add_passage(r);
	case 'y':
		return select_copy(r);
	case 'v':
	case KEY_ESC:
		sel.on = 0;
		return DO_REDRAW;
	default:
		return -1;
	}
}
