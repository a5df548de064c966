/*
 * The reader's loop: drawing, keys, resizes, the signals that end it (term.c), and idle moments
 * spent counting pages. Each turn publishes the place reached, for the watchdog.
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "mouse.h"
#include "reader.h"
#include "screen.h"
#include "settings.h"
#include "terminal.h"
#include "utf8.h"
#include "watchdog.h"
#include "xmalloc.h"

/* Idle time between key checks, and the layout work done in each idle moment. */
#define IDLE_MS        150
#define IDLE_BUDGET_MS 15

/* How long a write waits for a database another program holds: the screen must not freeze. */
#define STORE_WAIT_MS 100

#define KEY_ESC    27
#define KEY_CTRL_C 3

static void
colors(struct reader *r)
{
	const char *nc = getenv("NO_COLOR");

	r->color = has_colors() && (nc == NULL || *nc == '\0') && !r->opt->no_color;
	if (!r->color)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_CYAN, -1);            /* title */
	init_pair(2, COLOR_YELLOW, -1);          /* headings */
	init_pair(3, COLOR_CYAN, -1);            /* the section being read, in the sidebar */
	init_pair(4, COLOR_BLACK, COLOR_YELLOW); /* search matches */
	init_pair(5, COLOR_GREEN, -1);           /* code */
	init_pair(6, COLOR_BLUE, -1);            /* links */
	init_pair(7, COLOR_MAGENTA, -1);         /* headings from level 3 */
	init_pair(8, COLOR_WHITE, COLOR_RED);    /* the current search match */
}

static void
draw(struct reader *r)
{
	erase();
	if (r->help) {
		view_draw_help(r);
	} else {
		if (sidebar_stale(r))
			sidebar_build(r); /* more of a document was read: more headings */
		sidebar_follow(r);
		if (r->side_w < r->cols)
			view_draw(r);
		sidebar_draw(r);
		if (prompt_active())
			prompt_draw(r); /* last: the cursor stays in it */
		else
			status_draw(r);
	}
	refresh();
}

static void
resize(struct reader *r)
{
	getmaxyx(stdscr, r->rows, r->cols);
	view_layout(r);
	/* A narrow screen shows the sidebar instead of the text, not beside it. */
	if (r->side_shown && r->side_w == 0 && r->side_focus)
		r->side_w = r->cols;
}

void
reader_redraw(struct reader *r, int relayout)
{
	if (relayout)
		resize(r);
	draw(r);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Counts pages of the current document for a moment (reading on into it as far as counted);
 * returns 0 when there was nothing to count, 1 when the count moved, 2 when more text came.
 */
static int
idle(struct reader *r)
{
	struct layout *lo = view_lo(r);
	struct doc *doc = r->docs[r->top.doc];
	size_t before = doc->nblocks;
	struct timespec t0;

	if (layout_rows_known(lo, doc->nblocks) >= 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ms_since(&t0) < IDLE_BUDGET_MS)
		if (layout_count_some(lo, 4) || doc_waiting(doc))
			break;
	if (doc->error != NULL && !r->error_shown) {
		status_message(r, "%s", doc->error); /* said once: the text read so far stays */
		r->error_shown = 1;
		return 2;
	}
	return doc->nblocks > before ? 2 : 1;
}

static int
handle_key(struct reader *r, int key)
{
	int rc;

	if (r->message != NULL) {
		free(r->message);
		r->message = NULL;
	}
	if (prompt_active())
		return prompt_key(r, key);
	if (follow_busy() && (key == KEY_ESC || key == KEY_CTRL_C))
		return follow_cancel(r); /* before any mode: a fetch holds nothing else up */
	if (key == KEY_RESIZE)
		return DO_RELAYOUT; /* a mode waiting for its key goes on waiting */
	if (key == KEY_MOUSE && r->wait != NULL) {
		MEVENT ev;

		getmouse(&ev); /* not a key for the mode: it goes on waiting */
		return DO_NOTHING;
	}
	if (r->wait != NULL) {
		int (*wait)(struct reader *, int) = r->wait;

		r->wait = NULL;
		r->wait_hint = NULL;
		if (key == TERM_KEY_PASTE) {
			size_t len;

			free(term_paste(&len)); /* a paste is not a mark's letter: it cancels */
		}
		return wait(r, key);
	}
	if (key == TERM_KEY_PASTE) {
		/* Pasted text is text, never keys: here it would run as commands. */
		size_t len;

		free(term_paste(&len));
		status_message(r, "A paste is read only in a prompt (/, :, the note of m Enter)");
		return DO_REDRAW;
	}
	if (key == KEY_MOUSE)
		return mouse_event(r);
	if (r->help) {
		if (key == 'j' || key == KEY_DOWN)
			r->help_top++;
		else if (key == ' ' || key == KEY_NPAGE)
			r->help_top += r->rows > 3 ? r->rows - 2 : 1;
		else if ((key == 'k' || key == KEY_UP) && r->help_top > 0)
			r->help_top--;
		else if (key == 'b' || key == KEY_PPAGE)
			r->help_top = r->help_top > r->rows - 2 ? r->help_top - (r->rows - 2) : 0;
		else
			r->help =
			    0; /* any other key, q included, closes the help and nothing more */
		return DO_REDRAW;
	}
	if ((rc = select_link_key(r, key)) >= 0)
		return rc; /* Enter after U opens the link shown */
	if (r->side_focus && r->side_shown) {
		rc = sidebar_key(r, key);
		if (rc >= 0)
			return rc;
	}
	if (select_rows() > 0) {
		if ((rc = select_key(r, key)) >= 0)
			return rc;
		select_end(); /* any other key ends the selection and does what it does */
	}
	return keys_text(r, key);
}

static void
reader_init(struct reader *r, struct doc **docs, size_t ndocs, const struct options *opt)
{
	size_t i;

	memset(r, 0, sizeof *r);
	/* Our own array: the links followed add documents to it (reader_add_doc). */
	r->docs = xcalloc(ndocs, sizeof *r->docs);
	memcpy(r->docs, docs, ndocs * sizeof *docs);
	r->ndocs = r->ndocs_given = ndocs;
	r->opt = opt;
	r->count = -1;
	r->column_max = settings_width_load(opt->max_column > 0 ? opt->max_column : 76);
	r->column_start = r->column_max;
	r->side_right = opt->sidebar_right >= 0 ? opt->sidebar_right : docs[0]->dir == DIR_RTL;
	r->jumps = jumps_new();
	find_init(r);
	bookmarks_init(r);
	r->layouts = xcalloc(ndocs, sizeof *r->layouts);
	for (i = 0; i < ndocs; i++)
		r->layouts[i] = layout_new(docs[i], r->column_max, opt->para_flags);
	sidebar_build(r);
}

/*
 * Opens the store and returns each document to where it was last left. Without a store (a
 * read-only home, say) qari still reads; the status line says why nothing will be kept. The
 * store's path is returned in *store_path (NULL without a store), for the watchdog.
 */
static void
places_restore(struct reader *r, char **store_path)
{
	char *path, *cause = NULL;
	size_t i, block, ch;
	struct doc *doc;

	r->doc_ids = xcalloc(r->ndocs, sizeof *r->doc_ids);
	for (i = 0; i < r->ndocs; i++)
		r->doc_ids[i] = -1;
	view_places_init(r);
	if ((path = store_default_path(&cause)) == NULL ||
	    (r->store = store_open(path, &cause)) == NULL) {
		status_message(r, "Reading positions will not be kept: %s", cause);
		free(cause);
		free(path);
		*store_path = NULL;
		return;
	}
	*store_path = path;
	store_set_wait(r->store, STORE_WAIT_MS);
	if (store_warning(r->store) != NULL)
		status_message(r, "%s", store_warning(r->store));
	else if (store_readonly(r->store) != NULL)
		status_message(r, "Bookmarks can be read but not saved: %s",
		               store_readonly(r->store));
	for (i = 0; i < r->ndocs; i++) {
		doc = r->docs[i];
		if ((r->doc_ids[i] = store_doc_ident(r->store, doc, &cause)) < 0 ||
		    store_position_find(r->store, r->doc_ids[i], doc, &block, &ch, &cause) < 0) {
			status_message(r, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (r->doc_ids[i] >= 0 && doc_has_block(doc, block) && block < doc->nblocks)
			view_set_place(r, i, block, ch <= doc->blocks[block].chars ? ch : 0);
	}
}

/*
 * Writes still kept for a busy database are tried once more, then go to the journal the next
 * start replays: quitting takes a bounded time, whoever holds the database.
 */
static void
pending_save(struct reader *r)
{
	char *cause = NULL;
	int n;

	if (store_pending_count(r->store) > 0 && store_pending_flush(r->store, &cause) < 0) {
		utf8_error(cause);
		free(cause);
		cause = NULL;
	}
	if ((n = store_pending_save(r->store, &cause)) < 0)
		utf8_error(cause);
	else if (n > 0) {
		cause = xasprintf("the bookmark database is busy: %d write(s) kept in a journal "
		                  "beside it, written at the next start",
		                  n);
		utf8_error(cause);
	}
	free(cause);
}

/*
 * The place to keep for p: the store keeps (block, char), not the blank row after a block, so
 * a top row that is that blank is kept as the start of the next block, the first text shown.
 */
static struct pos
kept_place(const struct reader *r, const struct pos *p)
{
	struct pos at = *p;

	if (at.gap && at.block + 1 < r->docs[at.doc]->nblocks) {
		at.block++;
		at.ch = 0;
		at.gap = 0;
	}
	return at;
}

/* Saves where each document was left; called on quit and on the signals that end qari. */
static void
places_save(struct reader *r)
{
	char *cause = NULL;
	size_t i;

	if (r->store == NULL)
		return;
	for (i = 0; i < r->ndocs; i++) {
		struct pos place = view_place(r, i), at = kept_place(r, &place);

		if (r->doc_ids[i] < 0)
			continue;
		if (store_position_save(r->store, r->doc_ids[i], r->docs[i], at.block, at.ch,
		                        &cause) < 0) {
			utf8_error(cause); /* it may quote the database's path */
			free(cause);
			cause = NULL;
		}
	}
	pending_save(r);
}

/* The width + and - set is kept for the next start, as a reader keeps its page size. */
static void
width_save(struct reader *r)
{
	char *cause = NULL;

	if (r->column_max != r->column_start &&
	    settings_width_save(r->column_max, r->opt->max_column > 0 ? r->opt->max_column : 76,
	                        &cause) != 0) {
		utf8_error(cause);
		free(cause);
	}
}

size_t
reader_add_doc(struct reader *r, struct doc *doc)
{
	size_t i = r->ndocs, block, ch;
	char *cause = NULL;

	r->docs = xreallocarray(r->docs, i + 1, sizeof *r->docs);
	r->layouts = xreallocarray(r->layouts, i + 1, sizeof *r->layouts);
	r->doc_ids = xreallocarray(r->doc_ids, i + 1, sizeof *r->doc_ids);
	r->docs[i] = doc;
	/* With the linebreaks L or :linebreaks left the others at. */
	r->layouts[i] = layout_new(
	    doc, r->text_w > 0 ? r->text_w : r->column_max,
	    (r->opt->para_flags & ~LAYOUT_LINES) |
	        (i > 0 ? layout_lines(r->layouts[0]) : r->opt->para_flags & LAYOUT_LINES));
	r->doc_ids[i] = -1;
	r->ndocs++;
	view_places_add(r);
	/* Known to the store as the documents of the command line are: its place comes back. */
	if (r->store != NULL) {
		if ((r->doc_ids[i] = store_doc_ident(r->store, doc, &cause)) < 0 ||
		    store_position_find(r->store, r->doc_ids[i], doc, &block, &ch, &cause) < 0) {
			status_message(r, "%s", cause);
			free(cause);
		} else if (doc_has_block(doc, block) && block < doc->nblocks)
			view_set_place(r, i, block, ch <= doc->blocks[block].chars ? ch : 0);
	}
	watchdog_add_doc(r->doc_ids[i]);
	bookmarks_add_doc(r);
	sidebar_build(r);
	return i;
}

static void
reader_done(struct reader *r)
{
	size_t i;

	follow_cancel(r);
	bookmarks_done(r);
	find_free(r);
	store_close(&r->store);
	free(r->doc_ids);
	jumps_free(&r->jumps);
	free(r->doc_top);
	for (i = 0; i < r->ndocs; i++)
		layout_free(&r->layouts[i]);
	free(r->layouts);
	for (i = r->ndocs_given; i < r->ndocs; i++)
		doc_free(&r->docs[i]); /* the pages opened from links; the caller frees its own */
	free(r->docs);
	free(r->side);
	free(r->side_matches);
	free(r->message);
}

int
reader_run(struct doc **docs, size_t ndocs, const struct options *opt)
{
	struct reader r;
	char *cause = NULL, *path;
	int key, rc = DO_RELAYOUT, busy;
	struct pos at;
	size_t i;

	if (term_locale(&cause) != 0) {
		utf8_error(cause);
		free(cause);
		return 1;
	}
	for (i = 0; i < ndocs; i++)
		doc_stream_nowait(
		    docs[i]); /* a pipe shows what has come; the rest comes in idle time */
	reader_init(&r, docs, ndocs, opt);
	places_restore(&r, &path);
	for (i = 0; i < ndocs && !docs[i]->not_utf8; i++)
		;
	if (i < ndocs)
		status_message(&r, "%s " DOC_NOT_UTF8, docs[i]->name);
	if (opt->warning != NULL) /* the settings said last: nothing else says how to fix it */
		status_message(&r, "%s: line ignored%s", opt->warning,
		               opt->warnings > 1 ? ", and more: qari --dump FILE lists them" : "");
	/* Printed to stderr too, but the screen covers it until qari ends. */
	if (opt->load_errors == 1)
		status_message(&r, "Not opened: %s", opt->load_error);
	else if (opt->load_errors > 1)
		status_message(&r, "Not opened: %s, and %d more file(s)", opt->load_error,
		               opt->load_errors - 1);
	find_history_load(&r);
	bookmarks_load(&r);
	sidebar_build(&r);
	if (term_start((opt->para_flags & LAYOUT_LOGICAL) != 0, IDLE_MS, !opt->no_mouse, &cause) !=
	    0) {
		utf8_error(cause); /* it quotes TERM, which may hold any byte */
		free(cause);
		free(path);
		reader_done(&r);
		return 1;
	}
	colors(&r);
	if (watchdog_start(path, r.doc_ids, ndocs, term_fd()) != 0)
		status_message(&r, "A signal will end qari only between keys: no thread for it");
	free(path);
	while (!(rc & DO_QUIT) && !term_signalled() && !term_interrupted()) {
		if (rc & DO_RELAYOUT)
			resize(&r);
		if (rc & (DO_REDRAW | DO_RELAYOUT))
			draw(&r);
		at = kept_place(&r, &r.top);
		watchdog_place(at.doc, at.block, at.ch);
		key = term_key();
		if (key != ERR)
			rc = handle_key(&r, key);
		else if (term_lost())
			break;
		else if (follow_busy())
			rc = follow_idle(&r); /* the page being fetched comes on, between keys */
		else if (bookmarks_idle(&r))
			rc = DO_REDRAW;
		else if ((busy = idle(&r)) == 2) /* more text came (a stream): it shows */
			rc = DO_REDRAW;
		else if (busy == 1 && !r.help && !prompt_active()) {
			/* Only the page count changed: the status line alone is redrawn. */
			status_draw(&r);
			refresh();
			rc = DO_NOTHING;
		} else
			rc = DO_NOTHING;
	}
	watchdog_stop();
	prompt_close();
	term_end();
	places_save(&r);
	width_save(&r);
	reader_done(&r);
	return 0;
}
