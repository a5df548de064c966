/*
 * The reader's screen state, shared by the files that draw and take keys: reader.c (the loop,
 * terminal and signals), view.c (the text column), sidebar.c (the tree of documents, headings
 * and bookmarks), status.c (the status line and the prompt), keys.c (what keys do). Only these
 * files include <curses.h>. The place being read is a (block, char) position; rows are derived
 * from it for the current width, so a resize never loses it.
 */
#ifndef QARI_SCREEN_H
#define QARI_SCREEN_H

#include <stddef.h>
#include <time.h>

#include "doc.h"
#include "jumps.h"
#include "layout.h"
#include "options.h"
#include "store.h"

/* What a key handler asks of the loop. */
#define DO_NOTHING  0x0
#define DO_REDRAW   0x1
#define DO_RELAYOUT 0x2
#define DO_QUIT     0x4

#define HISTORY_MAX STORE_SEARCHES_MAX /* search patterns for Up and Down in the prompt */

enum side_kind {
	SIDE_DOC,
	SIDE_HEADING,
	SIDE_BOOKMARK,
	SIDE_MATCHES, /* the heading of the list of matches */
	SIDE_MATCH,
	SIDE_LABEL,   /* a section's name (Documents, Contents, Bookmarks): not an entry to go to */
	SIDE_WAITING, /* a book's contents entry whose chapter is not read yet (mark: its index) */
};

struct side_entry {
	enum side_kind kind;
	size_t doc;
	size_t block; /* (size_t)-1 for a document's own entry */
	size_t ch;
	int depth;
	/* SIDE_HEADING: a book's contents entry, or NULL: its block's text, read when drawn */
	const char *text;
	size_t len;
	size_t mark; /* SIDE_BOOKMARK: index into reader->marks */
	size_t lit_start,
	    lit_end; /* chars of text lit (a match in its context), when end > start */
};

struct reader {
	struct doc **docs;
	size_t ndocs;
	size_t ndocs_given;      /* the command line's; those after are pages opened from links */
	struct layout **layouts; /* one per document, at the text column's width */
	const struct options *opt;

	struct pos top; /* the first row on screen */
	struct jumps *jumps;

	int rows, cols;     /* the terminal */
	int text_x, text_w; /* the text column */
	int text_h;         /* rows for text: the screen less the status line */
	int column_max;     /* user's column width (+ and -) */
	int column_start;   /* and as it was at start: remembered when changed */

	int side_shown, side_focus, side_right, side_w;
	struct side_entry *side;
	size_t nside, side_sel, side_top;
	/* Outline entries, and contents entries waiting for their chapters, when the tree was
	 * built. */
	size_t side_outline_of, side_waiting_of;
	char *side_matches; /* the matches' label: the pattern as typed, and how many */

	/*
	 * How far table rows wider than the text column are scrolled from where they start, in
	 * cells: left-to-right rows to the left, right-to-left rows (which start at the right) to
	 * the right; Right shows more of the one and less of the other.
	 */
	int hshift[2];

	long count; /* a number typed before a command, or -1 */
	int help;   /* the help screen is up */
	/*
	 * A mode that takes the next key (m and ' wait for a mark's letter): the loop gives it that
	 * key, whatever it is, and the status line shows wait_hint meanwhile.
	 */
	int (*wait)(struct reader *r, int key);
	const char *wait_hint;
	int help_top; /* its first line shown, on screens too short for all of it */
	int color;
	char *message;   /* shown once on the status line */
	int error_shown; /* a document's read error (doc->error) was said */
	int quit;

	struct store *store; /* NULL when positions cannot be kept (a warning said why) */
	int64_t *doc_ids;    /* each document's id in the store, or -1 */
	struct pos *doc_top; /* where each document was left, for coming back to it */
	struct bmarks *bm;   /* the bookmarks (bookmarks.c) */

	struct find *find; /* the search (find.c) */
};

#define FOUND_MAX 2000 /* matches listed in the sidebar */

struct found {
	size_t doc, block, ch;
	char *label;               /* the match in its context */
	size_t lit_start, lit_end; /* the match in label, in chars */
};

/* reader.c */
/* Draws the whole screen again, sized anew for the terminal first when relayout is set. */
void reader_redraw(struct reader *r, int relayout);
/*
 * Adds a document (a page a link opened) after the others: laid out, known to the store (its
 * place and bookmarks come back), in the sidebar. Returns its index; the reader frees it.
 */
size_t reader_add_doc(struct reader *r, struct doc *doc);

/* follow.c: links followed from U, pages fetched while the keys go on. */
/* Opens what link (a target of the current document) leads to, or copies it; DO_*. */
int follow_link(struct reader *r, const char *link);
/*
 * What U shows for a link within the current document ("#id", a book's links all are): the
 * start of the passage it leads to (*passage set), or where it points when that is not read
 * yet. A new string, safe to show; NULL for a link out of the document, which shows as it is.
 */
char *follow_preview(struct reader *r, const char *link, int *passage);
/* Whether a page is being fetched. */
int follow_busy(void);
/* Moves the fetch on, for at most a tenth of a second; DO_* (the page opens when it is in). */
int follow_idle(struct reader *r);
/* Stops the fetch (Esc, Ctrl-C, quitting); DO_*. */
int follow_cancel(struct reader *r);
/*
 * A web page in its other view (:reader, the article; :page, the whole page), as a document of
 * its own, at the passage that was on top: a jump.
 */
int follow_view(struct reader *r, int extract);

/* view.c */
/*
 * The reading place (r->top, r->doc_top) is written here only: the places of the documents
 * made (view_places_init), and of one more document (view_places_add, after r->ndocs grew).
 */
void view_places_init(struct reader *r);
void view_places_add(struct reader *r);
/* Where document d is: its top row's place when it is the one shown, else where it was left. */
struct pos view_place(const struct reader *r, size_t d);
/* Sets that place (a position restored from the store). */
void view_set_place(struct reader *r, size_t d, size_t block, size_t ch);
/* Shows place to exactly (a search cancelled, a jump back), the one left remembered. */
void view_set_top(struct reader *r, struct pos to);
/* Scrolls wide table rows half a column to the right (dir 1) or left (-1); DO_*. */
int view_hscroll(struct reader *r, int dir);
/* Scrolls wide table rows so that char ch of block (in the current document) shows. */
void view_reveal(struct reader *r, size_t block, size_t ch);
void view_layout(struct reader *r);
/* Makes p a place its document has now (clamped to its last block and char). */
void view_clamp(struct reader *r, struct pos *p);
void view_draw(struct reader *r);
void view_draw_help(struct reader *r);
struct layout *view_lo(struct reader *r);
struct row view_top_row(struct reader *r);
void view_set_top_row(struct reader *r, struct row row);
int view_scroll(struct reader *r, long rows);
/* The character shown at screen row y, column x of the text: 0 and *block, *ch; -1 if none. */
int view_char_at(struct reader *r, int y, int x, size_t *block, size_t *ch);
void view_goto_end(struct reader *r);
void view_goto(struct reader *r, size_t doc, size_t block, size_t ch);
int view_draw_short(struct reader *r, int y, int x, int width, const char *s, size_t len, int attr,
                    int align_right);

/* The cells s takes on one row, uncut. */
int view_text_width(struct reader *r, const char *s, size_t len);
/* As view_draw_short, chars [lit_start, lit_end) of s lit as a search match is. */
int view_draw_short_lit(struct reader *r, int y, int x, int width, const char *s, size_t len,
                        int attr, int align_right, size_t lit_start, size_t lit_end);
/*
 * Draws a prompt's input s (UTF-8) in width cells from (y, x), in its own direction, scrolled
 * by *scroll cells (kept between calls) so that the cursor, before character cur, shows;
 * returns the cursor's screen column.
 */
int view_draw_input(struct reader *r, int y, int x, int width, const char *s, size_t cur,
                    int *scroll);
void view_jump_push(struct reader *r);
/*
 * Where the percentages of a document are taken: the bytes of its text, or of its file while it
 * is still being read (the text is about as long as the file then).
 */
size_t view_extent(const struct doc *doc);
/* The byte of the current document's text that the top row starts at. */
size_t view_top_byte(struct reader *r);
/* Moves the top to the first row at byte target of the text or after it. */
void view_goto_byte(struct reader *r, size_t target);

/* sidebar.c */
void sidebar_build(struct reader *r);
/* Whether more of a document was read since the tree was built: more entries placed. */
int sidebar_stale(const struct reader *r);
void sidebar_draw(struct reader *r);
int sidebar_key(struct reader *r, int key);
/* The mouse at row y of the sidebar: lines of wheel (<0 up), or a click (goes there). */
int sidebar_mouse(struct reader *r, int y, int lines, int click);
void sidebar_follow(struct reader *r);

/* status.c */
void status_draw(struct reader *r);
/* prompt.c: the prompt, a mode of the loop. What a prompt is opened with: */
struct prompt {
	const char *label;
	const char *label_alt; /* when set, Ctrl-R flips alt, and this shows while it is on */
	int alt;
	char *const *history;   /* Up and Down bring these back, oldest first, */
	const int *history_alt; /* and alt as it was for each (when not NULL) */
	size_t nhistory;
	/* Called with the text after each change (incremental search), and alt. */
	void (*live)(struct reader *r, const char *text, int alt);
	/*
	 * Called once when the prompt ends: with what was typed (a new string, the callee's to
	 * free) on Enter, NULL on Esc, Ctrl-C or Ctrl-G; alt as the user left it. Returns DO_*.
	 */
	int (*done)(struct reader *r, char *text, int alt, void *arg);
	void *arg;
};
/* Opens the prompt (closing one open) with initial text; the loop gives it the keys now. */
void prompt_open(struct reader *r, const struct prompt *p, const char *initial);
int prompt_active(void);
/* A key for the open prompt; returns DO_* flags. */
int prompt_key(struct reader *r, int key);
/* Draws the prompt on the status line's row, the cursor where the next letter goes. */
void prompt_draw(struct reader *r);
/* Closes the prompt without calling its done (the reader is ending). */
void prompt_close(void);

void status_message(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Says on the status line which document this is and where in it (Ctrl-G, as less and vim). */
void status_info(struct reader *r);

/* bookmarks.c */
void bookmarks_load(struct reader *r);
/* Finds again the bookmarks of documents read to their end since; whether the list changed. */
int bookmarks_idle(struct reader *r);
void bookmarks_free(struct reader *r);
/* The bookmarks' state, for r->ndocs documents; and its end. */
void bookmarks_init(struct reader *r);
void bookmarks_done(struct reader *r);
/* One more document (reader_add_doc): its state, and its bookmarks listed. */
void bookmarks_add_doc(struct reader *r);
/* The bookmarks of the open documents, and the sidebar's label of each. */
const struct bookmark *bookmarks_list(const struct reader *r, size_t *n, char *const **labels);
int bookmarks_key_m(struct reader *r);
int bookmarks_key_quote(struct reader *r);
/* Bookmarks the passage at the top (the rows selected, or the top row), asking for a note. */
int bookmarks_add_passage(struct reader *r);
int bookmarks_copy_mark(struct reader *r, size_t mark);
int bookmarks_delete(struct reader *r, size_t mark);
int bookmarks_undo(struct reader *r);
int bookmarks_edit_note(struct reader *r, size_t mark);
int bookmarks_jump(struct reader *r, size_t mark);

/* select.c */
/* The passage at the top of the screen: the rows selected with v, else the top row. */
int select_passage(struct reader *r, size_t *block, size_t *ch, size_t *len);
/* v: a selection of rows from the top starts; it ends (Esc, any other key, a copy). */
void select_start(void);
void select_end(void);
/* Rows selected from the top of the screen, 0 when there is no selection. */
int select_rows(void);
/* A key while rows are selected (v): -1 when it is not one of the selection's. */
int select_key(struct reader *r, int key);
/* y: copies the passage at the top to the clipboard. */
int select_copy(struct reader *r);
/* Copies text to the clipboard and says so (or why not). */
int select_copy_text(struct reader *r, const char *text, size_t len);
/* U: the links on screen, one at each press, shown and copied. */
int select_link(struct reader *r);
/* A click at (y, x) of the text: a link there is followed, as U then Enter do. */
int select_link_at(struct reader *r, int y, int x);
/* A key after U: Enter opens the link shown (follow_link); -1 for the others, which it lets be. */
int select_link_key(struct reader *r, int key);

/* find.c */
int find_prompt(struct reader *r, int dir);
int find_next(struct reader *r, int dir);
/* Whether char ch of a block is in a match: 0 no, 1 a match, 2 the current match. */
int find_match_at(struct reader *r, size_t doc, size_t block, size_t ch);
void find_free(struct reader *r);
void find_init(struct reader *r);
/* Whether the matches are highlighted (there is a search, not put away by Esc). */
int find_shown(const struct reader *r);
/* Esc: the highlights go until the next search or n/N. */
void find_hide(struct reader *r);
/* "match index of total" when the current match is in the document on screen: 1, else 0. */
int find_where(const struct reader *r, size_t *index, size_t *total);
/* Every match, for the sidebar, and the pattern as typed. */
const struct found *find_results(const struct reader *r, size_t *n, const char **pattern);
/* Brings back the patterns of earlier runs from the store, for Up in the prompt. */
void find_history_load(struct reader *r);

/* keys.c */
int keys_text(struct reader *r, int key);
int keys_command(struct reader *r, const char *cmd);

#endif
