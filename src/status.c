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

#include "screen.h"
#include "utf8.h"
#include "xmalloc.h"

#define PROMPT_MAX 256

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

/* Puts the UTF-8 string s into buf as characters; returns how many. */
static size_t
load(wchar_t *buf, const char *s)
{
	size_t n = 0, i, len = s != NULL ? strlen(s) : 0;
	uint32_t cp;

	for (i = 0; i < len && n < PROMPT_MAX;) {
		i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
		buf[n++] = cp;
	}
	return n;
}

char *
status_prompt_with(struct reader *r, struct prompt *p, const char *initial)
{
	wchar_t buf[PROMPT_MAX + 1], draft[PROMPT_MAX + 1];
	char *out = xmalloc(PROMPT_MAX * 4 + 1);
	size_t n, ndraft = 0, i, o, hpos = p->nhistory;
	int draft_alt = p->alt;
	int y = r->rows - 1, key, plen, w, changed = 1;
	const char *label;
	wint_t ch;

	n = load(buf, initial);
	curs_set(1);
	for (;;) {
		/* What is typed goes through the pipeline too: Arabic shows joined, in visual
		 * order. */
		for (i = 0, o = 0; i < n; i++)
			o += utf8_encode(buf[i], out + o);
		out[o] = '\0';
		if (p->live != NULL && changed) {
			p->live(r, out,
			        p->alt); /* an incremental search moves and redraws the text */
			changed = 0;
		}
		label = p->alt && p->label_alt != NULL ? p->label_alt : p->label;
		plen = strlen(label);
		move(y, 0);
		clrtoeol();
		mvaddstr(y, 0, label);
		w = o > 0 ? view_draw_short(r, y, plen, r->cols - plen - 1, out, o, A_NORMAL, 0)
		          : 0;
		move(y, plen + w);
		refresh();
		key = get_wch(&ch);
		if (key == ERR && reader_signalled()) {
			curs_set(0);
			free(out);
			return NULL; /* SIGTERM or SIGHUP: the loop saves the place and quits */
		}
		if (key == ERR && reader_interrupted())
			ch = 27; /* Ctrl-C cancels the prompt, as Esc does; it does not quit */
		else if (key == ERR)
			continue;
		else if (key == KEY_CODE_YES) {
			if (ch == KEY_RESIZE) {
				/* The text behind the prompt is laid out for the new size now. */
				reader_redraw(r, 1);
				y = r->rows - 1;
				curs_set(1);
			} else if (ch == KEY_BACKSPACE && n > 0)
				n--;
			else if (ch == KEY_ENTER)
				break;
			else if (ch == KEY_UP && hpos > 0) {
				/* What was being typed comes back on Down. */
				if (hpos == p->nhistory) {
					memcpy(draft, buf, n * sizeof *buf);
					ndraft = n;
					draft_alt = p->alt;
				}
				n = load(buf, p->history[--hpos]);
				p->alt = p->history_alt != NULL ? p->history_alt[hpos] : p->alt;
			} else if (ch == KEY_DOWN && hpos < p->nhistory) {
				if (++hpos < p->nhistory) {
					n = load(buf, p->history[hpos]);
					p->alt =
					    p->history_alt != NULL ? p->history_alt[hpos] : p->alt;
				} else {
					memcpy(buf, draft, ndraft * sizeof *buf);
					n = ndraft;
					p->alt = draft_alt;
				}
			} else
				continue;
			changed = 1;
			continue;
		}
		if (ch == 27 || ch == 3 || ch == 7) { /* Esc, Ctrl-C, Ctrl-G */
			curs_set(0);
			free(out);
			return NULL;
		}
		if (ch == '\n' || ch == '\r')
			break;
		if ((ch == 127 || ch == 8) && n > 0)
			n--;
		else if (ch == 21) /* Ctrl-U */
			n = 0;
		else if (ch == 18 && p->label_alt != NULL) /* Ctrl-R */
			p->alt = !p->alt;
		else if (((ch >= 0x20 && ch < 0x7F) || ch >= 0xA0) && n < PROMPT_MAX)
			buf[n++] = ch;
		else
			continue;
		changed = 1;
	}
	curs_set(0);
	for (i = 0, o = 0; i < n; i++)
		o += utf8_encode(buf[i], out + o);
	out[o] = '\0';
	return out;
}
