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

/* The heading the top of the screen is under, or NULL. */
static const struct block *
section(const struct reader *r, const struct doc *doc)
{
	long i = doc_outline_at(doc, r->top.block, 1);

	return i >= 0 ? &doc->blocks[doc->outline[i].block] : NULL;
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
	size_t off = view_top_byte(r), bytes = view_extent(doc);
	int pct = bytes ? (int)(off < bytes ? off * 100 / bytes : 100) : 100;
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
	/* Isolated: an Arabic name would take the neutrals after it into its run. */
	status_message(r, "%s\u2068%s\u2069 · %s, %s, %zu%s paragraphs ·%s", nth, doc->name,
	               doc->format, size, doc->nblocks, doc->partial ? "+" : "", pos);
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
