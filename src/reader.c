/*
 * The reader's loop: terminal set-up (UTF-8 locale, keys from the terminal even when the text
 * came on stdin, the BiDi mode of terminals that reorder), drawing, keys, resizes, signals, and
 * idle moments spent counting pages. The terminal is always given back as it was found.
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

#include "reader.h"
#include "screen.h"
#include "utf8.h"
#include "xmalloc.h"

/* Last: it defines macros (lines, columns...) that the headers above use as names. */
#include <term.h>

/* Idle time between key checks, and the layout work done in each idle moment. */
#define IDLE_MS        150
#define IDLE_BUDGET_MS 15

/*
 * The BiDi in Terminal Emulators recommendation: explicit mode (BDSM reset) and an LTR
 * character path, so a terminal that would reorder lays our cells out as sent.
 */
#define BIDI_EXPLICIT "\033[8l\033[1 k"
#define BIDI_RESTORE  "\033[8h\033[0 k"

static volatile sig_atomic_t got_signal, got_interrupt;
static int bidi_sent;

/*
 * What a fatal signal handler writes to give the terminal back, taken from terminfo once the
 * terminal is set up: it may not call ncurses (nor malloc) there, only write(2).
 */
#define FATAL_SIGNALS_N 5
static const int fatal_signals[FATAL_SIGNALS_N] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
static struct sigaction fatal_old[FATAL_SIGNALS_N];
static char fatal_restore[256];
static size_t fatal_restore_len;
static struct termios tty_saved;
static int tty_fd = -1, fatal_caught;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_interrupt = 1;
	else
		got_signal = sig;
}

int
reader_signalled(void)
{
	return got_signal != 0;
}

int
reader_interrupted(void)
{
	int was = got_interrupt != 0;

	got_interrupt = 0;
	return was;
}

/*
 * A crash must not leave the terminal unusable (alternate screen, hidden cursor, no echo, BiDi
 * mode off): the terminal is given back with async-signal-safe calls, then the signal goes to
 * the handler that was there before (the default, or a sanitizer's), so the exit status, the
 * core dump and any sanitizer report stay what they would have been.
 */
static void
on_fatal(int sig, siginfo_t *si, void *ctx)
{
	ssize_t n;
	int i;

	(void)ctx;
	if (fatal_restore_len > 0)
		n = write(STDOUT_FILENO, fatal_restore, fatal_restore_len);
	(void)n;
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSANOW, &tty_saved);
	for (i = 0; i < FATAL_SIGNALS_N; i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &fatal_old[i], NULL);
	/*
	 * A fault returns to the faulting instruction, which faults again under the handler just
	 * put back; a signal sent (kill, raise, abort) is sent again.
	 */
	if (si == NULL || si->si_code <= 0 || sig == SIGABRT)
		raise(sig);
}

static void
fatal_append(const char *s)
{
	size_t n = s != NULL && s != (const char *)-1 ? strlen(s) : 0;

	if (fatal_restore_len + n < sizeof fatal_restore) {
		memcpy(fatal_restore + fatal_restore_len, s, n);
		fatal_restore_len += n;
	}
}

/* Learns what gives the terminal back, and catches the signals of a crash. */
static void
fatal_catch(void)
{
	struct sigaction sa;
	int i;

	fatal_restore_len = 0;
	fatal_append(tigetstr("sgr0"));
	fatal_append(tigetstr("cnorm"));
	fatal_append(tigetstr("rmcup"));
	if (bidi_sent)
		fatal_append(BIDI_RESTORE);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < FATAL_SIGNALS_N; i++)
		sigaction(fatal_signals[i], &sa, &fatal_old[i]);
	fatal_caught = 1;
}

static void
fatal_release(void)
{
	int i;

	for (i = 0; fatal_caught && i < FATAL_SIGNALS_N; i++)
		sigaction(fatal_signals[i], &fatal_old[i], NULL);
	fatal_caught = 0;
}

static int
utf8_locale(char **cause)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	/* Over SSH LANG is often C; C.UTF-8 exists on every current glibc. */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	*cause = xasprintf("the terminal's locale is not UTF-8 and C.UTF-8 is not available; "
	                   "set LANG to a UTF-8 locale (e.g. LANG=en_US.UTF-8)");
	return -1;
}

static void
send_raw(const char *s)
{
	ssize_t n = write(STDOUT_FILENO, s, strlen(s));

	(void)n;
}

/*
 * Ctrl-C reaches the reader as a key, not as SIGINT: a signal overtakes the keys typed before
 * it (m, Enter and a note typed ahead, then Ctrl-C, would quit before the note prompt opened),
 * while a key comes in its turn and can cancel the prompt it was meant for. Ctrl-Z and Ctrl-\
 * keep their signals. ncurses is told, so that it brings the mode back after a suspend.
 */
static void
ctrl_c_as_key(void)
{
	struct termios t;

	if (tty_fd < 0 || tcgetattr(tty_fd, &t) != 0)
		return;
	t.c_cc[VINTR] = _POSIX_VDISABLE;
	if (tcsetattr(tty_fd, TCSANOW, &t) == 0)
		def_prog_mode();
}

static void
terminal_restore(void)
{
	fatal_release();
	if (!isendwin())
		endwin();
	if (bidi_sent) {
		send_raw(BIDI_RESTORE);
		bidi_sent = 0;
	}
}

/*
 * Whether terminfo knows the terminal and it can move the cursor, before anything is sent to
 * it: ncurses starts on TERM=dumb and draws every row after the other, a garbled reader.
 */
static int
terminal_capable(const char *term, char **cause)
{
	char *shown, *cup;
	int err = 0, rc = 0;

	shown = utf8_shorten(term != NULL && *term != '\0' ? term : "(unset)", UTF8_QUOTE_MAX);
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*cause =
		    xasprintf("cannot use terminal type '%s'%s; qari --dump FILE prints the text",
		              shown, err == 0 ? " (terminfo does not know it)" : "");
		rc = -1;
	} else {
		cup = tigetstr("cup");
		del_curterm(cur_term);
		if (cup == NULL || cup == (char *)-1) {
			*cause = xasprintf("terminal type '%s' cannot move the cursor, which the "
			                   "reader needs; qari --dump FILE prints the text",
			                   shown);
			rc = -1;
		}
	}
	free(shown);
	return rc;
}

static int
terminal_start(const struct reader *r, char **cause)
{
	FILE *in = stdin;
	const char *term = getenv("TERM");
	struct sigaction sa;

	if (terminal_capable(term, cause) != 0)
		return -1;
	if (!isatty(STDIN_FILENO) && (in = fopen("/dev/tty", "r")) == NULL) {
		*cause = xasprintf("no terminal to read keys from: %s", strerror(errno));
		return -1;
	}
	tty_fd = fileno(in);
	if (tcgetattr(tty_fd, &tty_saved) != 0)
		tty_fd = -1;
	if (!(r->opt->para_flags & LAYOUT_LOGICAL)) {
		send_raw(BIDI_EXPLICIT);
		bidi_sent = 1;
	}
	if (newterm(NULL, stdout, in) == NULL) {
		terminal_restore();
		*cause = xasprintf("cannot use terminal type '%s'", term ? term : "(unset)");
		return -1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	idlok(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(IDLE_MS);
	ctrl_c_as_key();
	fatal_catch();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return 0;
}

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
}

static size_t
outline_count(const struct reader *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->ndocs; i++)
		n += r->docs[i]->noutline;
	return n;
}

static void
draw(struct reader *r)
{
	erase();
	if (r->help) {
		view_draw_help(r);
	} else {
		if (outline_count(r) != r->side_outline_of)
			sidebar_build(r); /* more of a document was read: more headings */
		sidebar_follow(r);
		if (r->side_w < r->cols)
			view_draw(r);
		sidebar_draw(r);
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
	if (key == KEY_RESIZE)
		return DO_RELAYOUT;
	if (r->help) {
		if (key == 'j' || key == KEY_DOWN || key == ' ')
			r->help_top++;
		else if ((key == 'k' || key == KEY_UP) && r->help_top > 0)
			r->help_top--;
		else
			r->help =
			    0; /* any other key, q included, closes the help and nothing more */
		return DO_REDRAW;
	}
	if (r->side_focus && r->side_shown) {
		rc = sidebar_key(r, key);
		if (rc >= 0)
			return rc;
	}
	if (r->sel) {
		if ((rc = bookmarks_key_v(r, key)) >= 0)
			return rc;
		r->sel = 0; /* any other key ends the selection and does what it does */
	}
	return keys_text(r, key);
}

static void
reader_init(struct reader *r, struct doc **docs, size_t ndocs, const struct options *opt)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->docs = docs;
	r->ndocs = ndocs;
	r->opt = opt;
	r->count = -1;
	r->undo_doc = -1;
	r->column_max = opt->max_column > 0 ? opt->max_column : 76;
	r->side_right = opt->sidebar_right >= 0 ? opt->sidebar_right : docs[0]->dir == DIR_RTL;
	r->layouts = xcalloc(ndocs, sizeof *r->layouts);
	for (i = 0; i < ndocs; i++)
		r->layouts[i] = layout_new(docs[i], r->column_max, opt->para_flags);
	sidebar_build(r);
}

/*
 * Opens the store and returns each document to where it was last left. Without a store (a
 * read-only home, say) qari still reads; the status line says why nothing will be kept.
 */
static void
places_restore(struct reader *r)
{
	char *path, *cause = NULL;
	size_t i, block, ch;
	struct doc *doc;

	r->doc_ids = xcalloc(r->ndocs, sizeof *r->doc_ids);
	r->doc_top = xcalloc(r->ndocs, sizeof *r->doc_top);
	r->anchored = xcalloc(r->ndocs, sizeof *r->anchored);
	for (i = 0; i < r->ndocs; i++) {
		r->doc_ids[i] = -1;
		r->doc_top[i].doc = i;
	}
	if ((path = store_default_path(&cause)) == NULL ||
	    (r->store = store_open(path, &cause)) == NULL) {
		status_message(r, "Reading positions will not be kept: %s", cause);
		free(cause);
		free(path);
		return;
	}
	free(path);
	if (store_warning(r->store) != NULL)
		status_message(r, "%s", store_warning(r->store));
	for (i = 0; i < r->ndocs; i++) {
		doc = r->docs[i];
		if ((r->doc_ids[i] = store_doc_id(r->store, doc->hash, doc->path, &cause)) < 0 ||
		    store_position_get(r->store, r->doc_ids[i], &block, &ch, &cause) < 0) {
			status_message(r, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (r->doc_ids[i] >= 0 && doc_has_block(doc, block) && block < doc->nblocks) {
			r->doc_top[i].block = block;
			r->doc_top[i].ch = ch <= doc->blocks[block].chars ? ch : 0;
		}
	}
	r->top = r->doc_top[0];
}

/* Saves where each document was left; called on quit and on the signals that end qari. */
static void
places_save(struct reader *r)
{
	char *cause = NULL;
	size_t i;

	if (r->store == NULL)
		return;
	r->doc_top[r->top.doc] = r->top;
	for (i = 0; i < r->ndocs; i++) {
		if (r->doc_ids[i] < 0)
			continue;
		if (store_position_set(r->store, r->doc_ids[i], r->doc_top[i].block,
		                       r->doc_top[i].ch, &cause) != 0) {
			utf8_error(cause); /* it may quote the database's path */
			free(cause);
			cause = NULL;
		}
	}
}

static void
reader_done(struct reader *r)
{
	size_t i;

	bookmarks_free(r);
	find_free(r);
	free(r->undo.note);
	store_close(&r->store);
	free(r->doc_ids);
	free(r->anchored);
	free(r->doc_top);
	for (i = 0; i < r->ndocs; i++)
		layout_free(&r->layouts[i]);
	free(r->layouts);
	free(r->side);
	free(r->message);
}

int
reader_run(struct doc **docs, size_t ndocs, const struct options *opt)
{
	struct reader r;
	char *cause = NULL;
	int key, rc = DO_RELAYOUT, busy;
	size_t i;

	if (utf8_locale(&cause) != 0) {
		utf8_error(cause);
		free(cause);
		return 1;
	}
	for (i = 0; i < ndocs; i++)
		doc_stream_nowait(
		    docs[i]); /* a pipe shows what has come; the rest comes in idle time */
	reader_init(&r, docs, ndocs, opt);
	places_restore(&r);
	for (i = 0; i < ndocs && !docs[i]->not_utf8; i++)
		;
	if (i < ndocs)
		status_message(&r, "%s " DOC_NOT_UTF8, docs[i]->name);
	find_history_load(&r);
	bookmarks_load(&r);
	sidebar_build(&r);
	if (terminal_start(&r, &cause) != 0) {
		utf8_error(cause); /* it quotes TERM, which may hold any byte */
		free(cause);
		reader_done(&r);
		return 1;
	}
	colors(&r);
	while (!(rc & DO_QUIT) && !got_signal && !got_interrupt) {
		if (rc & DO_RELAYOUT)
			resize(&r);
		if (rc & (DO_REDRAW | DO_RELAYOUT))
			draw(&r);
		key = getch();
		if (key != ERR)
			rc = handle_key(&r, key);
		else if (bookmarks_idle(&r))
			rc = DO_REDRAW;
		else if ((busy = idle(&r)) == 2) /* more text came (a stream): it shows */
			rc = DO_REDRAW;
		else if (busy == 1 && !r.help) {
			/* Only the page count changed: the status line alone is redrawn. */
			status_draw(&r);
			refresh();
			rc = DO_NOTHING;
		} else
			rc = DO_NOTHING;
	}
	terminal_restore();
	places_save(&r);
	reader_done(&r);
	return 0;
}
