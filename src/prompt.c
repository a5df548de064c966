/*
 * The prompt, a mode of the reader's loop: a line edited at the bottom of the screen (search
 * patterns, notes, ':' commands), its history, and what happens when it ends. The loop gives
 * it every key while it is open and draws it in place of the status line; Enter or Esc close
 * it and call its done function.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "edit.h"
#include "screen.h"
#include "terminal.h"
#include "xmalloc.h"

/* The one prompt open, if any: its choices and the line being edited. */
static struct {
	int open;
	struct prompt p;
	struct edit e;
	size_t hpos; /* where Up and Down are in the history */
	char *draft; /* what was typed before Up, for Down to bring back */
	int draft_alt;
	int scroll;  /* the input's horizontal scroll, in cells */
	int changed; /* the text changed since live last saw it */
} pr;

int
prompt_active(void)
{
	return pr.open;
}

void
prompt_open(struct reader *r, const struct prompt *p, const char *initial)
{
	prompt_close();
	pr.p = *p;
	pr.open = 1;
	pr.hpos = p->nhistory;
	pr.draft_alt = p->alt;
	pr.scroll = 0;
	edit_set(&pr.e, initial);
	pr.changed = p->live != NULL;
	if (pr.changed) {
		char *text = edit_text(&pr.e);

		pr.p.live(r, text, pr.p.alt);
		free(text);
		pr.changed = 0;
	}
}

void
prompt_close(void)
{
	if (!pr.open)
		return;
	free(pr.draft);
	pr.draft = NULL;
	edit_free(&pr.e);
	pr.open = 0;
	leaveok(stdscr, TRUE);
	curs_set(0);
}

/* Brings back history entry i (the draft when i is the end), with its alt. */
static void
recall(size_t i)
{
	struct prompt *p = &pr.p;

	if (i < p->nhistory) {
		edit_set(&pr.e, p->history[i]);
		p->alt = p->history_alt != NULL ? p->history_alt[i] : p->alt;
	} else {
		edit_set(&pr.e, pr.draft);
		p->alt = pr.draft_alt;
	}
	pr.changed = 1;
}

/*
 * A key that edits: the arrows follow the input's direction (Left goes on through Arabic), the
 * rest as readline. 1 when the text changed, 0 when only the cursor moved, -1 when the key is
 * not an editing one.
 */
static int
edit_key(struct edit *e, int key)
{
	int rtl = edit_rtl(e);

	switch (key) {
	case KEY_LEFT:
		return edit_do(e, rtl ? EDIT_FORWARD : EDIT_BACKWARD);
	case KEY_RIGHT:
		return edit_do(e, rtl ? EDIT_BACKWARD : EDIT_FORWARD);
	case TERM_KEY_CLEFT:
		return edit_do(e, rtl ? EDIT_WORD_FORWARD : EDIT_WORD_BACKWARD);
	case TERM_KEY_CRIGHT:
		return edit_do(e, rtl ? EDIT_WORD_BACKWARD : EDIT_WORD_FORWARD);
	case KEY_HOME:
	case 1: /* Ctrl-A */
		return edit_do(e, EDIT_START);
	case KEY_END:
	case 5: /* Ctrl-E */
		return edit_do(e, EDIT_END);
	case 2: /* Ctrl-B */
		return edit_do(e, EDIT_BACKWARD);
	case 6: /* Ctrl-F */
		return edit_do(e, EDIT_FORWARD);
	case KEY_BACKSPACE:
	case 8: /* Ctrl-H */
	case 127:
		return edit_do(e, EDIT_RUBOUT);
	case KEY_DC:
	case 4: /* Ctrl-D */
		return edit_do(e, EDIT_DELETE);
	case 11: /* Ctrl-K */
		return edit_do(e, EDIT_KILL_END);
	case 21: /* Ctrl-U */
		return edit_do(e, EDIT_KILL_START);
	case 23: /* Ctrl-W */
		return edit_do(e, EDIT_RUBOUT_WORD);
	}
	if (key >= TERM_KEY_UNICODE)
		return edit_insert(e, (uint32_t)(key - TERM_KEY_UNICODE));
	if (key >= 0x20 && key < 0x7F)
		return edit_insert(e, (uint32_t)key);
	return -1;
}

/* Ends the prompt with text (NULL: cancelled) and runs what it was for. */
static int
finish(struct reader *r, int keep)
{
	struct prompt p = pr.p;
	char *text = keep ? edit_text(&pr.e) : NULL;

	prompt_close(); /* first: done may open another prompt */
	return p.done != NULL ? p.done(r, text, p.alt, p.arg) : (free(text), DO_REDRAW);
}

int
prompt_key(struct reader *r, int key)
{
	size_t len;
	char *paste, *text;
	int rc;

	switch (key) {
	case KEY_RESIZE:
		return DO_RELAYOUT; /* the text behind is laid out for the new size, the line kept
		                     */
	case KEY_MOUSE: {
		MEVENT ev;

		getmouse(&ev); /* a prompt has no use for it: taken and dropped */
		return DO_NOTHING;
	}
	case TERM_KEY_PASTE:
		paste = term_paste(&len);
		pr.changed = edit_paste(&pr.e, paste, len) > 0;
		free(paste);
		break;
	case KEY_UP:
		if (pr.hpos == 0)
			return DO_NOTHING;
		if (pr.hpos == pr.p.nhistory) { /* what was typed comes back on Down */
			free(pr.draft);
			pr.draft = edit_text(&pr.e);
			pr.draft_alt = pr.p.alt;
		}
		recall(--pr.hpos);
		break;
	case KEY_DOWN:
		if (pr.hpos >= pr.p.nhistory)
			return DO_NOTHING;
		recall(++pr.hpos);
		break;
	case KEY_ENTER:
	case '\n':
	case '\r':
		return finish(r, 1);
	case 27: /* Esc */
	case 3:  /* Ctrl-C */
	case 7:  /* Ctrl-G */
		return finish(r, 0);
	case 18: /* Ctrl-R */
		if (pr.p.label_alt == NULL)
			return DO_NOTHING;
		pr.p.alt = !pr.p.alt;
		pr.changed = 1;
		break;
	default:
		if ((rc = edit_key(&pr.e, key)) < 0)
			return DO_NOTHING;
		pr.changed |= rc > 0;
	}
	if (pr.changed && pr.p.live != NULL) {
		text = edit_text(&pr.e);
		pr.p.live(r, text, pr.p.alt); /* an incremental search moves the text */
		free(text);
	}
	pr.changed = 0;
	return DO_REDRAW;
}

void
prompt_draw(struct reader *r)
{
	const char *label = pr.p.alt && pr.p.label_alt != NULL ? pr.p.label_alt : pr.p.label;
	int y = r->rows - 1, plen, cx;
	char *text = edit_text(&pr.e);

	plen = (int)strlen(label) < r->cols - 1 ? (int)strlen(label) : r->cols - 1;
	move(y, 0);
	clrtoeol();
	mvaddnstr(y, 0, label, plen);
	cx = view_draw_input(r, y, plen, r->cols - plen - 1, text, pr.e.cur, &pr.scroll);
	free(text);
	leaveok(stdscr, FALSE);
	move(y, cx < r->cols ? cx : r->cols - 1);
	curs_set(1);
}
