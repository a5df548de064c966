/*
 * What keys do in the text pane: less and vim habits (Space and b by pages, j and k by lines,
 * g and G, a count before G or %), heading jumps, a jump list, the column width, and the ':'
 * commands. Each is a command of keys_commands, bound to keys by keymap.c; each returns DO_*
 * flags for the loop.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "keymap.h"
#include "screen.h"
#include "settings.h"
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
	struct pos to;

	if ((dir < 0 ? jumps_back(r->jumps, &r->top, &to) : jumps_forward(r->jumps, &to)) != 0) {
		status_message(r, "Jump list at its %s", dir < 0 ? "start" : "end");
		return DO_REDRAW;
	}
	/* A jump to another document leaves this one where it is, for coming back to it. */
	view_set_top(r, to);
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
	view_layout(r); /* to say what the window shows of it */
	if (r->text_w < w)
		status_message(r, "Text column %d cells wide (%d fit the window)", w, r->text_w);
	else
		status_message(r, "Text column %d cells wide", w);
	return DO_RELAYOUT;
}

/* Sets the linebreaks of every document; the top stays at its (block, char). */
static int
linebreaks(struct reader *r, int lines)
{
	size_t i;

	for (i = 0; i < r->ndocs; i++)
		layout_set_lines(r->layouts[i], lines);
	status_message(r, "Line breaks: %s (%s)", settings_lines_name(lines),
	               lines & LAYOUT_KEEP_LINES   ? "every line of a paragraph kept"
	               : lines & LAYOUT_JOIN_LINES ? "lines joined into paragraphs"
	                                           : "verse keeps its lines, prose is joined");
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

/* The commands, each a key's work; the order is the help's. */
static int
c_page_down(struct reader *r)
{
	view_scroll(r, take_count(r, 1) * r->text_h);
	return DO_REDRAW;
}

static int
c_page_up(struct reader *r)
{
	view_scroll(r, -take_count(r, 1) * r->text_h);
	return DO_REDRAW;
}

static int
c_line_down(struct reader *r)
{
	view_scroll(r, take_count(r, 1));
	return DO_REDRAW;
}

static int
c_line_up(struct reader *r)
{
	view_scroll(r, -take_count(r, 1));
	return DO_REDRAW;
}

static int
half(const struct reader *r)
{
	return r->text_h / 2 > 0 ? r->text_h / 2 : 1;
}

static int
c_half_down(struct reader *r)
{
	view_scroll(r, take_count(r, 1) * half(r));
	return DO_REDRAW;
}

static int
c_half_up(struct reader *r)
{
	view_scroll(r, -take_count(r, 1) * half(r));
	return DO_REDRAW;
}

static int
c_top(struct reader *r)
{
	view_jump_push(r);
	view_goto(r, r->top.doc, 0, 0);
	r->count = -1;
	return DO_REDRAW;
}

static int
c_bottom(struct reader *r)
{
	if (r->count >= 0)
		return page(r, take_count(r, 1));
	view_jump_push(r);
	view_goto_end(r);
	return DO_REDRAW;
}

static int
c_percent(struct reader *r)
{
	return percent(r, take_count(r, 0));
}

static int
c_next_heading(struct reader *r)
{
	r->count = -1;
	return heading(r, 1);
}

static int
c_previous_heading(struct reader *r)
{
	r->count = -1;
	return heading(r, -1);
}

static int
c_jump_back(struct reader *r)
{
	return jump_back(r, -1);
}

static int
c_jump_forward(struct reader *r)
{
	return jump_back(r, 1);
}

static int
c_wider(struct reader *r)
{
	return column(r, COLUMN_STEP);
}

static int
c_narrower(struct reader *r)
{
	return column(r, -COLUMN_STEP);
}

/* auto, keep, join, auto again. */
static int
c_linebreaks(struct reader *r)
{
	int now = layout_lines(view_lo(r));

	r->count = -1;
	return linebreaks(r, now & LAYOUT_KEEP_LINES   ? LAYOUT_JOIN_LINES
	                     : now & LAYOUT_JOIN_LINES ? 0
	                                               : LAYOUT_KEEP_LINES);
}

static int
c_sidebar(struct reader *r)
{
	r->side_shown = 1;
	r->side_focus = 0;
	sidebar_follow(r);
	r->side_focus = 1;
	return DO_RELAYOUT;
}

static int
c_sidebar_side(struct reader *r)
{
	r->side_right = !r->side_right;
	return DO_RELAYOUT;
}

static int prompt_command(struct reader *r);

static int
c_mark(struct reader *r)
{
	r->count = -1;
	return bookmarks_key_m(r);
}

static int
c_go_to_mark(struct reader *r)
{
	r->count = -1;
	return bookmarks_key_quote(r);
}

static int
c_select(struct reader *r)
{
	select_start();
	return DO_REDRAW;
}

static int
c_search(struct reader *r)
{
	r->count = -1;
	return find_prompt(r, 1);
}

static int
c_search_backward(struct reader *r)
{
	r->count = -1;
	return find_prompt(r, -1);
}

static int
c_next_match(struct reader *r)
{
	return find_next(r, 1);
}

static int
c_previous_match(struct reader *r)
{
	return find_next(r, -1);
}

static int
c_next_document(struct reader *r)
{
	return switch_doc(r, take_count(r, 1));
}

static int
c_previous_document(struct reader *r)
{
	return switch_doc(r, -take_count(r, 1));
}

static int
c_clear(struct reader *r)
{
	r->count = -1;
	find_hide(r);
	return DO_REDRAW;
}

static int
c_scroll_right(struct reader *r)
{
	return view_hscroll(r, 1);
}

static int
c_scroll_left(struct reader *r)
{
	return view_hscroll(r, -1);
}

static int
c_reader(struct reader *r)
{
	return follow_view(r, 1);
}

static int
c_page(struct reader *r)
{
	return follow_view(r, 0);
}

static int
c_info(struct reader *r)
{
	status_info(r);
	return DO_REDRAW;
}

static int
c_redraw(struct reader *r)
{
	clearok(curscr, TRUE);
	return DO_REDRAW;
}

static int
c_help(struct reader *r)
{
	r->help = 1;
	r->help_top = 0; /* at its top each time, not where it was last closed */
	return DO_REDRAW;
}

static int
c_quit(struct reader *r)
{
	(void)r;
	return DO_QUIT;
}

const struct command keys_commands[] = {
    {"page-down", "next page (N: N pages)", c_page_down},
    {"page-up", "previous page", c_page_up},
    {"line-down", "one line down (N: N lines)", c_line_down},
    {"line-up", "one line up", c_line_up},
    {"half-page-down", "half a page down", c_half_down},
    {"half-page-up", "half a page up", c_half_up},
    {"top", "start of the document", c_top},
    {"bottom", "end of the document; N G: page N", c_bottom},
    {"percent", "N %: N percent into the document", c_percent},
    {"next-heading", "next heading", c_next_heading},
    {"previous-heading", "previous heading", c_previous_heading},
    {"jump-back", "back where a jump came from", c_jump_back},
    {"jump-forward", "forward again after a jump back", c_jump_forward},
    {"scroll-right", "wide tables: scroll to the right", c_scroll_right},
    {"scroll-left", "wide tables: scroll to the left", c_scroll_left},
    {"wider", "wider text column", c_wider},
    {"narrower", "narrower text column", c_narrower},
    {"linebreaks", "line ends: auto (verse), keep, join", c_linebreaks},
    {"sidebar", "show and focus the sidebar", c_sidebar},
    {"sidebar-side", "the sidebar on the other side", c_sidebar_side},
    {"command", "a command by name: :width N, :N", prompt_command},
    {"mark", "+Enter bookmark, +letter quick mark", c_mark},
    {"go-to-mark", "+letter: go to that quick mark", c_go_to_mark},
    {"select", "select rows from the top", c_select},
    {"copy", "copy the top line (OSC 52 clipboard)", select_copy},
    {"links", "links on screen, copied; Enter opens", select_link},
    {"search", "search forward, as you type", c_search},
    {"search-backward", "search backward, as you type", c_search_backward},
    {"next-match", "next match (into other documents)", c_next_match},
    {"previous-match", "previous match", c_previous_match},
    {"next-document", "next document", c_next_document},
    {"previous-document", "previous document", c_previous_document},
    {"clear", "cancel a count, hide the highlights", c_clear},
    {"info", "which document, its size, where", c_info},
    {"reader", "a web page: its article only", c_reader},
    {"page", "a web page whole, menus and all", c_page},
    {"redraw", "redraw the screen", c_redraw},
    {"help", "this help", c_help},
    {"quit", "quit", c_quit},
};
const size_t keys_ncommands = sizeof keys_commands / sizeof keys_commands[0];

int
keys_command(struct reader *r, const char *cmd)
{
	const struct command *c;
	char *end;
	long n;

	while (*cmd == ' ')
		cmd++;
	if (*cmd == '\0')
		return DO_REDRAW;
	n = strtol(cmd, &end, 10);
	if (end != cmd && *end == '\0')
		return page(r, n);
	if (strncmp(cmd, "width ", 6) == 0 && (n = strtol(cmd + 6, &end, 10)) > 0 && *end == '\0')
		return column(r, (int)n - r->column_max);
	if (strncmp(cmd, "linebreaks ", 11) == 0) {
		if ((n = settings_lines(cmd + 11)) >= 0)
			return linebreaks(r, (int)n);
		status_message(r, "Line breaks are auto, keep or join: not %s", cmd + 11);
		return DO_REDRAW;
	}
	if ((c = keymap_find(cmd)) != NULL) {
		r->count = -1;
		return c->run(r);
	}
	status_message(r, "Unknown command: %s (h lists them)", cmd);
	return DO_REDRAW;
}

static int
command_done(struct reader *r, char *cmd, int alt, void *arg)
{
	int rc;

	(void)alt;
	(void)arg;
	if (cmd == NULL)
		return DO_REDRAW;
	rc = keys_command(r, cmd);
	free(cmd);
	return rc;
}

static int
prompt_command(struct reader *r)
{
	struct prompt p = {.label = ":", .done = command_done};

	prompt_open(r, &p, NULL);
	return DO_REDRAW;
}

int
keys_text(struct reader *r, int key)
{
	const struct command *c;

	if (key >= '0' && key <= '9') {
		r->count = (r->count < 0 ? 0 : r->count) * 10 + (key - '0');
		if (r->count > 100000000)
			r->count = 100000000;
		return DO_NOTHING;
	}
	if ((c = keymap_lookup(key)) == NULL) {
		r->count = -1;
		return DO_NOTHING;
	}
	return c->run(r);
}
