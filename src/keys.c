/*
 * What keys do in the text pane: less and vim habits (Space and b by pages, j and k by lines,
 * g and G, a count before G or %), heading jumps, a jump list, the column width, and the ':'
 * commands. Each handler returns DO_* flags for the loop.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "screen.h"
#include "xmalloc.h"

#define CTRL(c)     ((c)&0x1f)
#define COLUMN_MIN  20
#define COLUMN_STEP 4

static long
take_count(struct reader *r, long dflt)
{
	long n = r->count >= 0 ? r->count : dflt;

	r->count = -1;
	return n;
}

/* Next (dir 1) or previous (dir -1) heading from the top of the screen. */
static int
heading(struct reader *r, int dir)
{
	const struct doc *doc = r->docs[r->top.doc];
	size_t i, n = doc->noutline;

	for (i = 0; i < n; i++) {
		size_t k = dir > 0 ? i : n - 1 - i, b = doc->outline[k].block;

		if ((dir > 0 && b > r->top.block) || (dir < 0 && b < r->top.block)) {
			view_jump_push(r);
			view_goto(r, r->top.doc, b, 0);
			return DO_REDRAW;
		}
	}
	status_message(r, dir > 0 ? "No heading after this one" : "No heading before this one");
	return DO_REDRAW;
}

/* Jumps to page n (1-based) of the current document. */
static int
page(struct reader *r, long n)
{
	struct row row;

	if (n < 1 || layout_page_at(view_lo(r), n - 1, r->text_h, &row) != 0) {
		status_message(r, "No page %ld", n);
		return DO_REDRAW;
	}
	view_jump_push(r);
	view_set_top_row(r, row);
	return DO_REDRAW;
}

/* Jumps to the row at pct percent of the document's bytes (as the status line counts them). */
static int
percent(struct reader *r, long pct)
{
	struct doc *doc = r->docs[r->top.doc];
	size_t target, size;
	char *cause = NULL;

	if (pct > 100)
		pct = 100;
	size = view_extent(doc);
	target = size / 100 * pct + size % 100 * pct / 100;
	/* Read on until the text reaches the target (no layout is needed to get there). */
	while (doc->partial && doc->text_len <= target && !doc_waiting(doc))
		if (doc_load_more(doc, (size_t)4 << 20, &cause) != 0) {
			status_message(r, "%s", cause);
			free(cause);
			break;
		}
	/* Read whole, the text may be shorter than the file (Markdown's markup is gone). */
	if (view_extent(doc) != size) {
		size = view_extent(doc);
		target = size / 100 * pct + size % 100 * pct / 100;
	}
	view_jump_push(r);
	view_goto_byte(r, target);
	return DO_REDRAW;
}

static int
jump_back(struct reader *r, int dir)
{
	if (dir < 0 && r->jump_at > 0) {
		if (r->jump_at == r->njumps) {
			view_jump_push(r); /* come back here with Ctrl-P */
			r->jump_at--;
		}
		r->top = r->jumps[--r->jump_at];
	} else if (dir > 0 && r->jump_at + 1 < r->njumps)
		r->top = r->jumps[++r->jump_at];
	else
		status_message(r, "Jump list at its %s", dir < 0 ? "start" : "end");
	return DO_REDRAW;
}

static int
column(struct reader *r, int delta)
{
	int w = r->column_max + delta;

	if (w < COLUMN_MIN)
		w = COLUMN_MIN;
	if (w > 1000)
		w = 1000;
	r->column_max = w;
	return DO_RELAYOUT;
}

static int
switch_doc(struct reader *r, long dir)
{
	long d = (long)r->top.doc + dir;

	if (d < 0 || d >= (long)r->ndocs) {
		status_message(r, "No %s document", dir > 0 ? "next" : "previous");
		return DO_REDRAW;
	}
	view_jump_push(r);
	view_goto(r, d, 0, 0);
	return DO_REDRAW;
}

int
keys_command(struct reader *r, const char *cmd)
{
	char *end;
	long n;

	while (*cmd == ' ')
		cmd++;
	if (*cmd == '\0')
		return DO_REDRAW;
	n = strtol(cmd, &end, 10);
	if (end != cmd && *end == '\0')
		return page(r, n);
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0)
		return DO_QUIT;
	if (strcmp(cmd, "n") == 0 || strcmp(cmd, "next") == 0)
		return switch_doc(r, 1);
	if (strcmp(cmd, "p") == 0 || strcmp(cmd, "prev") == 0)
		return switch_doc(r, -1);
	if (strcmp(cmd, "f") == 0 || strcmp(cmd, "file") == 0) {
		status_info(r);
		return DO_REDRAW;
	}
	if (strcmp(cmd, "noh") == 0 || strcmp(cmd, "nohlsearch") == 0) {
		r->hl_hidden = r->search != NULL;
		return DO_REDRAW;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "h") == 0) {
		r->help = 1;
		return DO_REDRAW;
	}
	if (strncmp(cmd, "width ", 6) == 0 && (n = strtol(cmd + 6, &end, 10)) > 0 && *end == '\0')
		return column(r, (int)n - r->column_max);
	status_message(r, "Unknown command: %s (try :help)", cmd);
	return DO_REDRAW;
}

static int
prompt_command(struct reader *r)
{
	char *cmd = status_prompt(r, ":", NULL);
	int rc;

	if (cmd == NULL)
		return DO_REDRAW;
	rc = keys_command(r, cmd);
	free(cmd);
	return rc;
}

int
keys_text(struct reader *r, int key)
{
	int half = r->text_h / 2 > 0 ? r->text_h / 2 : 1;

	if (key >= '0' && key <= '9') {
		r->count = (r->count < 0 ? 0 : r->count) * 10 + (key - '0');
		if (r->count > 100000000)
			r->count = 100000000;
		return DO_NOTHING;
	}
	switch (key) {
	case ' ':
	case 'f':
	case KEY_NPAGE:
	case CTRL('f'):
		view_scroll(r, take_count(r, 1) * r->text_h);
		return DO_REDRAW;
	case 'b':
	case KEY_PPAGE:
	case CTRL('b'):
		view_scroll(r, -take_count(r, 1) * r->text_h);
		return DO_REDRAW;
	case 'j':
	case 'e':
	case KEY_DOWN:
	case '\n':
	case '\r':
	case KEY_ENTER:
		view_scroll(r, take_count(r, 1));
		return DO_REDRAW;
	case 'k':
	case KEY_UP:
		view_scroll(r, -take_count(r, 1));
		return DO_REDRAW;
	case 'd':
		view_scroll(r, take_count(r, 1) * half);
		return DO_REDRAW;
	case 'u':
		view_scroll(r, -take_count(r, 1) * half);
		return DO_REDRAW;
	case 'g':
	case '<':
	case KEY_HOME:
		view_jump_push(r);
		view_goto(r, r->top.doc, 0, 0);
		r->count = -1;
		return DO_REDRAW;
	case 'G':
	case '>':
	case KEY_END:
		if (r->count >= 0)
			return page(r, take_count(r, 1));
		view_jump_push(r);
		view_goto_end(r);
		return DO_REDRAW;
	case '%':
		return percent(r, take_count(r, 0));
	case ']':
		r->count = -1;
		return heading(r, 1);
	case '[':
		r->count = -1;
		return heading(r, -1);
	case CTRL('o'):
		return jump_back(r, -1);
	case CTRL('p'):
		return jump_back(r, 1);
	case '+':
	case '=':
		return column(r, COLUMN_STEP);
	case '-':
		return column(r, -COLUMN_STEP);
	case '\t':
		r->side_shown = 1;
		r->side_focus = 0;
		sidebar_follow(r);
		r->side_focus = 1;
		return DO_RELAYOUT;
	case 'S':
		r->side_right = !r->side_right;
		return DO_RELAYOUT;
	case ':':
		return prompt_command(r);
	case 'm':
		r->count = -1;
		return bookmarks_key_m(r);
	case '\'':
		r->count = -1;
		return bookmarks_key_quote(r);
	case 'v':
		r->sel = 1;
		r->sel_rows = 1;
		return DO_REDRAW;
	case 'y':
		return bookmarks_copy(r);
	case 'U':
		return bookmarks_link(r);
	case 'h':
	case KEY_F(1):
		r->help = 1;
		return DO_REDRAW;
	case '/':
		r->count = -1;
		return find_prompt(r, 1);
	case '?':
		r->count = -1;
		return find_prompt(r, -1);
	case 'n':
		return find_next(r, 1);
	case 'N':
		return find_next(r, -1);
	case CTRL('l'):
		clearok(curscr, TRUE);
		return DO_REDRAW;
	case 'q':
	case 'Q':
	case CTRL('c'):
		return DO_QUIT;
	case 27: /* a count typed, and the search's highlights (n brings them back) */
		r->count = -1;
		r->hl_hidden = r->search != NULL;
		return DO_REDRAW;
	case CTRL('g'):
		status_info(r);
		return DO_REDRAW;
	default:
		r->count = -1;
		return DO_NOTHING;
	}
}
