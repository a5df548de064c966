/*
 * The status line: which document and section, where in it (page and percent), and a hint; and
 * the one-line prompt that takes ':' commands (and search patterns), Arabic typing included.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "edit.h"
#include "screen.h"
#include "term.h"
#include "utf8.h"
#include "xmalloc.h"

void
status_message(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	free(r->message);
	va_start(ap, fmt);
	if (vasprintf(&r->message, fmt, ap) < 0)
		r->message = NULL;
	va_end(ap);
}

/* The heading the top of the screen is under, or NULL. */
static const struct block *
section(const struct reader *r, const struct doc *doc)
{
	const struct block *best = NULL;
	size_t i;

	for (i = 0; i < doc->noutline && doc->outline[i].block <= r->top.block; i++)
		if (doc->blocks[doc->outline[i].block].kind == BLOCK_HEADING)
			best = &doc->blocks[doc->outline[i].block];
	return best;
}

/* "page X/Y": exact where the rows are counted, else what the byte offset suggests. */
static void
where(struct reader *r, char *buf, size_t size)
{
	struct layout *lo = view_lo(r);
	const struct doc *doc = layout_doc(lo);
	struct row row = view_top_row(r);
	long before = doc->nblocks ? layout_rows_known(lo, row.block) : 0;
	long total = doc->nblocks ? layout_rows_known(lo, doc->nblocks) : 1;
	size_t off = doc->nblocks ? doc->blocks[r->top.block].off : 0;
	size_t bytes = doc->size > doc->text_len ? doc->size : doc->text_len;
	int pct = bytes ? (int)(off * 100 / bytes) : 100;
	long page = before >= 0 ? (before + (long)row.line) / r->text_h + 1 : -1;

	if (total > 0)
		total = (total + r->text_h - 1) / r->text_h;
	if (page > 0 && total > 0)
		snprintf(buf, size, " page %ld/%ld  %d%% ", page, total, pct);
	else if (page > 0)
		snprintf(buf, size, " page %ld/…  %d%% ", page, pct);
	else
		snprintf(buf, size, " %d%% ", pct);
}

void
status_info(struct reader *r)
{
	const struct doc *doc = r->docs[r->top.doc];
	size_t bytes = doc->size > doc->text_len ? doc->size : doc->text_len;
	char pos[64], size[32], nth[32] = "";
	size_t n;

	where(r, pos, sizeof pos);
	for (n = strlen(pos); n > 0 && pos[n - 1] == ' '; n--)
		pos[n - 1] = '\0';
	if (bytes >= 1000 * 1000)
		snprintf(size, sizeof size, "%.1f MB", bytes / 1e6);
	else
		snprintf(size, sizeof size, "%zu KB", (bytes + 999) / 1000);
	if (r->ndocs > 1)
		snprintf(nth, sizeof nth, "[%zu/%zu] ", r->top.doc + 1, r->ndocs);
	status_message(r, "%s%s · %s, %s, %zu%s paragraphs ·%s", nth, doc->name, doc->format, size,
	               doc->nblocks, doc->partial ? "+" : "", pos);
}

void
status_draw(struct reader *r)
{
	const struct doc *doc = r->docs[r->top.doc];
	const struct block *sec = section(r, doc);
	char right[96];
	int y = r->rows - 1, rw, avail;

	where(r, right, sizeof right);
	attron(A_REVERSE);
	mvhline(y, 0, ' ', r->cols);
	if (r->message == NULL && r->wait_hint != NULL)
		status_message(r, "%s", r->wait_hint); /* until the key the mode waits for */
	if (r->message != NULL) {
		/*
		 * Through the pipeline like the text, since a message may quote a name or a pattern
		 * in Arabic; the LRM keeps the English sentence left to right around it.
		 */
		char *m = xasprintf("\u200E%s", r->message);

		view_draw_short(r, y, 1, r->cols - 2, m, strlen(m), A_REVERSE, 0);
		free(m);
		attroff(A_REVERSE);
		return;
	}
	if (r->has_match && r->match_doc == r->top.doc && r->match_total > 0) {
		char m[48];

		snprintf(m, sizeof m, " match %zu of %zu ", r->match_index, r->match_total);
		memmove(right + strlen(m), right, strlen(right) + 1);
		memcpy(right, m, strlen(m));
	}
	if (r->cols >= 50)
		strncat(right, " h:help ", sizeof right - strlen(right) - 1);
	rw = (int)strlen(right) - 2 * (strstr(right, "…") != NULL);
	avail = r->cols - rw - 2;
	mvaddstr(y, r->cols - rw, right);
	if (avail > 4) {
		int tw = sec != NULL ? avail / 2 : avail, used;

		used = view_draw_short(r, y, 1, tw, doc->title, strlen(doc->title),
		                       A_REVERSE | A_BOLD, 0);
		if (sec != NULL && avail - used > 6) {
			mvaddstr(y, 1 + used, " — ");
			view_draw_short(r, y, 4 + used, avail - used - 4, doc->text + sec->off,
			                sec->len, A_REVERSE, 0);
		}
	}
	attroff(A_REVERSE);
}

char *
status_prompt(struct reader *r, const char *prompt, const char *initial)
{
	struct prompt p = {.label = prompt};

	return status_prompt_with(r, &p, initial);
}

/* Brings back history entry i into e (the draft when i is the end), with its alt. */
static void
recall(struct prompt *p, struct edit *e, size_t i, const char *draft, int draft_alt)
{
	if (i < p->nhistory) {
		edit_set(e, p->history[i]);
		p->alt = p->history_alt != NULL ? p->history_alt[i] : p->alt;
	} else {
		edit_set(e, draft);
		p->alt = draft_alt;
	}
}

/*
 * A key that edits: the arrows follow the input's direction (Left goes on through Arabic), the
 * rest as readline. Returns 1 when the text changed, 0 when only the cursor moved, -1 when the
 * key is not an editing one.
 */
static int
edit_key(struct edit *e, int fn, wint_t ch)
{
	int rtl = edit_rtl(e);

	if (fn) {
		switch (ch) {
		case KEY_LEFT:
			return edit_do(e, rtl ? EDIT_FORWARD : EDIT_BACKWARD);
		case KEY_RIGHT:
			return edit_do(e, rtl ? EDIT_BACKWARD : EDIT_FORWARD);
		case TERM_KEY_CLEFT:
			return edit_do(e, rtl ? EDIT_WORD_FORWARD : EDIT_WORD_BACKWARD);
		case TERM_KEY_CRIGHT:
			return edit_do(e, rtl ? EDIT_WORD_BACKWARD : EDIT_WORD_FORWARD);
		case KEY_HOME:
			return edit_do(e, EDIT_START);
		case KEY_END:
			return edit_do(e, EDIT_END);
		case KEY_BACKSPACE:
			return edit_do(e, EDIT_RUBOUT);
		case KEY_DC:
			return edit_do(e, EDIT_DELETE);
		}
		return -1;
	}
	switch (ch) {
	case 1: /* Ctrl-A */
		return edit_do(e, EDIT_START);
	case 2: /* Ctrl-B */
		return edit_do(e, EDIT_BACKWARD);
	case 4: /* Ctrl-D */
		return edit_do(e, EDIT_DELETE);
	case 5: /* Ctrl-E */
		return edit_do(e, EDIT_END);
	case 6: /* Ctrl-F */
		return edit_do(e, EDIT_FORWARD);
	case 8: /* Ctrl-H */
	case 127:
		return edit_do(e, EDIT_RUBOUT);
	case 11: /* Ctrl-K */
		return edit_do(e, EDIT_KILL_END);
	case 21: /* Ctrl-U */
		return edit_do(e, EDIT_KILL_START);
	case 23: /* Ctrl-W */
		return edit_do(e, EDIT_RUBOUT_WORD);
	}
	if (ch >= 0x20 && ch != 0x7F && !(ch >= 0x80 && ch < 0xA0))
		return edit_insert(e, (uint32_t)ch);
	return -1;
}

char *
status_prompt_with(struct reader *r, struct prompt *p, const char *initial)
{
	struct edit e = {0};
	char *text = NULL, *draft = NULL, *paste;
	size_t hpos = p->nhistory, len;
	int draft_alt = p->alt, y, key, plen, cx, scroll = 0, changed = 1, rc;
	const char *label;
	wint_t ch;

	edit_set(&e, initial);
	curs_set(1);
	for (;;) {
		free(text);
		text = edit_text(&e);
		if (p->live != NULL && changed)
			p->live(r, text,
			        p->alt); /* an incremental search moves and redraws the text */
		changed = 0;
		/* Drawn whole each time: a resize or the live search may have drawn over it. */
		y = r->rows - 1;
		label = p->alt && p->label_alt != NULL ? p->label_alt : p->label;
		plen = (int)strlen(label) < r->cols - 1 ? (int)strlen(label) : r->cols - 1;
		move(y, 0);
		clrtoeol();
		mvaddnstr(y, 0, label, plen);
		cx = view_draw_input(r, y, plen, r->cols - plen - 1, text, e.cur, &scroll);
		move(y, cx < r->cols ? cx : r->cols - 1);
		refresh();
		key = get_wch(&ch);
		if (key == ERR && (term_signalled() || term_lost()))
			break; /* SIGTERM, SIGHUP, no terminal: the loop saves and ends */
		if (key == ERR && term_interrupted())
			break; /* Ctrl-C from outside cancels the prompt, as Esc does; it does not
			          quit */
		if (key == ERR)
			continue;
		if (key == KEY_CODE_YES && ch == KEY_RESIZE) {
			reader_redraw(r, 1); /* the text behind is laid out for the new size */
			curs_set(1);
			continue;
		}
		if (key == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT ev;

			getmouse(&ev); /* a prompt has no use for it: taken and dropped */
			continue;
		}
		if (key == KEY_CODE_YES && ch == TERM_KEY_PASTE) {
			paste = term_paste(&len);
			changed = edit_paste(&e, paste, len) > 0;
			free(paste);
			continue;
		}
		if (key == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN)) {
			if (ch == KEY_UP && hpos > 0) {
				if (hpos == p->nhistory) { /* what was typed comes back on Down */
					free(draft);
					draft = edit_text(&e);
					draft_alt = p->alt;
				}
				recall(p, &e, --hpos, draft, draft_alt);
				changed = 1;
			} else if (ch == KEY_DOWN && hpos < p->nhistory) {
				recall(p, &e, ++hpos, draft, draft_alt);
				changed = 1;
			}
			continue;
		}
		if ((key == KEY_CODE_YES && ch == KEY_ENTER) ||
		    (key != KEY_CODE_YES && (ch == '\n' || ch == '\r'))) {
			curs_set(0);
			free(draft);
			edit_free(&e);
			return text;
		}
		if (key != KEY_CODE_YES &&
		    (ch == 27 || ch == 3 || ch == 7)) /* Esc, Ctrl-C, Ctrl-G */
			break;
		if (key != KEY_CODE_YES && ch == 18 && p->label_alt != NULL) { /* Ctrl-R */
			p->alt = !p->alt;
			changed = 1;
			continue;
		}
		rc = edit_key(&e, key == KEY_CODE_YES, ch);
		changed = rc > 0;
	}
	curs_set(0);
	free(text);
	free(draft);
	edit_free(&e);
	return NULL;
}
