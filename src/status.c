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
#include "terminal.h"
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

/*
 * The text of the heading (or book's contents entry) the top of the screen is under, *len
 * bytes of it, or NULL.
 */
static const char *
section(const struct reader *r, const struct doc *doc, size_t *len)
{
	long i = doc_outline_at(doc, r->top.block, 1);
	const struct block *b;

	if (i < 0)
		return NULL;
	if (doc->outline[i].title != NULL) {
		*len = strlen(doc->outline[i].title);
		return doc->outline[i].title;
	}
	b = &doc->blocks[doc->outline[i].block];
	*len = b->len;
	return doc->text + b->off;
}

/*
 * "page X/Y  N%": exact where the rows are counted, else what the byte offset suggests. With
 * the last row on the screen it is the last page, 100% and "(END)", as less says; a document
 * with nothing in it says so.
 */
static void
where(struct reader *r, char *buf, size_t size)
{
	struct layout *lo = view_lo(r);
	const struct doc *doc = layout_doc(lo);
	struct row row = view_top_row(r);
	long before = doc->nblocks ? layout_rows_known(lo, row.block) : 0;
	long rows = doc->nblocks ? layout_rows_known(lo, doc->nblocks) : 0, total = rows;
	size_t off = view_top_byte(r), bytes = view_extent(doc);
	int pct = bytes ? (int)(off < bytes ? off * 100 / bytes : 100) : 100;
	long page = before >= 0 ? (before + (long)row.line) / r->text_h + 1 : -1;
	int end = rows >= 0 && before >= 0 && before + (long)row.line + r->text_h >= rows;

	if (doc->nblocks == 0) {
		snprintf(buf, size, doc->partial ? " waiting for text… " : " empty document ");
		return;
	}
	if (total > 0)
		total = (total + r->text_h - 1) / r->text_h;
	if (end) {
		page = total;
		pct = 100;
	}
	if (page > 0 && total > 0)
		snprintf(buf, size, " page %ld/%ld  %d%%%s ", page, total, pct,
		         end ? " (END)" : "");
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
	/* Isolated: an Arabic name would take the neutrals after it into its run. */
	/*
	 * A file name reads as a name on a left-to-right line: one isolate in that direction, so
	 * that an Arabic name keeps its extension at its end.
	 */
	status_message(r, "%s\u2066%s\u2069 · %s, %s, %zu%s paragraph%s ·%s%s%s%s", nth, doc->name,
	               doc->format, size, doc->nblocks, doc->partial ? "+" : "",
	               doc->nblocks == 1 && !doc->partial ? "" : "s", pos,
	               doc->byline != NULL ? " · \u2068" : "",
	               doc->byline != NULL ? doc->byline : "", doc->byline != NULL ? "\u2069" : "");
}

/* Whether t (n bytes) is s, but for spaces at either end. */
static int
same_text(const char *t, size_t n, const char *s)
{
	size_t m = strlen(s);

	while (n > 0 && (*t == ' ' || t[n - 1] == ' ')) {
		if (*t == ' ')
			t++, n--;
		else
			n--;
	}
	while (m > 0 && (*s == ' ' || s[m - 1] == ' ')) {
		if (*s == ' ')
			s++, m--;
		else
			m--;
	}
	return n == m && memcmp(t, s, n) == 0;
}

#define HINT       " h:help "
#define HINT_CELLS 8

/* The title as the status line shows it: a new string. */
static char *
title_text(const struct doc *doc)
{
	return strcmp(doc->title, doc->name) == 0 ? xasprintf("\u2066%s\u2069", doc->name)
	                                          : xstrdup(doc->title);
}

/* The cells the title and the section (when not NULL) take whole. */
static int
title_width(struct reader *r, const struct doc *doc, const char *sec, size_t seclen)
{
	char *title = title_text(doc);
	int w = view_text_width(r, title, strlen(title));

	free(title);
	return sec != NULL ? w + 3 + view_text_width(r, sec, seclen) : w;
}

/*
 * The title, then the section the top row is in (unless it is the title again), in avail
 * cells: each whole when both fit, else the section keeps at least a third (it says where
 * the reader is) and the title takes the rest. A title that is the file's name reads as a
 * name (see status_info).
 */
static void
draw_title(struct reader *r, const struct doc *doc, const char *sec, size_t seclen, int avail)
{
	char *title = title_text(doc);
	size_t tlen = strlen(title);
	int tw = view_text_width(r, title, tlen), sw, room, used;

	if (sec == NULL) {
		view_draw_short(r, r->rows - 1, 1, avail, title, tlen, A_REVERSE | A_BOLD, 0);
		free(title);
		return;
	}
	sw = view_text_width(r, sec, seclen);
	room = avail - 3 - sw;
	if (room < avail / 2 && room < tw)
		room = avail - 3 - (sw < avail / 3 ? sw : avail / 3);
	used = view_draw_short(r, r->rows - 1, 1, room, title, tlen, A_REVERSE | A_BOLD, 0);
	free(title);
	if (avail - used > 6) {
		mvaddstr(r->rows - 1, 1 + used, " — ");
		view_draw_short(r, r->rows - 1, 4 + used, avail - used - 4, sec, seclen, A_REVERSE,
		                0);
	}
}

void
status_draw(struct reader *r)
{
	const struct doc *doc = r->docs[r->top.doc];
	size_t seclen = 0;
	const char *sec = section(r, doc, &seclen);
	char right[96];
	int y = r->rows - 1, rw, avail, need;
	size_t index, total;

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
	if (find_where(r, &index, &total)) {
		char m[48];

		snprintf(m, sizeof m, " match %zu of %zu ", index, total);
		memmove(right + strlen(m), right, strlen(right) + 1);
		memcpy(right, m, strlen(m));
	}
	rw = (int)strlen(right) - 2 * (strstr(right, "…") != NULL);
	avail = r->cols - rw - 2;
	if (sec != NULL && same_text(sec, seclen, doc->title))
		sec = NULL;
	/* The hint goes where it would cut a title that fits without it. */
	need = title_width(r, doc, sec, seclen);
	if (r->cols >= 50 && (need + HINT_CELLS <= avail || need > avail)) {
		strncat(right, HINT, sizeof right - strlen(right) - 1);
		rw += HINT_CELLS;
		avail -= HINT_CELLS;
	}
	mvaddstr(y, r->cols - rw, right);
	if (avail > 4)
		draw_title(r, doc, sec, seclen, avail);
	attroff(A_REVERSE);
}
