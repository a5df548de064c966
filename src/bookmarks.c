/*
 * Bookmarks as the reader shows them: m marks the passage at the top of the screen (or the one
 * selected with v) with an optional note, or sets a quick mark when a letter follows; ' and a
 * letter go back to it. The sidebar lists bookmarks under their document; there they are
 * deleted (with undo), their notes edited, their passages copied. Copying goes through OSC 52, so
 * it reaches the local clipboard over SSH and through tmux. Positions are (block, char), kept by
 * store.c, which also finds a passage again when the document was edited.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "screen.h"
#include "terminal.h"
#include "utf8.h"
#include "watchdog.h"
#include "xmalloc.h"

#define KEY_ESC     27
#define LABEL_CHARS 48

/* The bookmarks' state: no other file reads it but through the functions below. */
struct bmarks {
	struct bookmark *marks; /* the bookmarks of the open documents, as the store lists them */
	size_t nmarks;
	char **mark_labels;        /* what the sidebar shows for each */
	unsigned char *anchored;   /* per document: its bookmarks were found again in its text */
	unsigned char *identified; /* per document: the store knows it by its whole text */
	struct bookmark undo;      /* the last bookmark deleted, while it can be brought back */
	int undo_doc;              /* its document, or -1 */
	time_t pending_tried;      /* when writes kept for a busy database were last tried */
};

void
bookmarks_init(struct reader *r)
{
	size_t i;

	r->bm = xcalloc(1, sizeof *r->bm);
	r->bm->anchored = xcalloc(r->ndocs ? r->ndocs : 1, 1);
	r->bm->identified = xcalloc(r->ndocs ? r->ndocs : 1, 1);
	r->bm->undo_doc = -1;
	/* One read whole at its opening is known by its whole text from the start. */
	for (i = 0; i < r->ndocs; i++)
		r->bm->identified[i] = !r->docs[i]->partial;
}

void
bookmarks_add_doc(struct reader *r)
{
	size_t i = r->ndocs - 1;

	r->bm->anchored = xreallocarray(r->bm->anchored, r->ndocs, 1);
	r->bm->identified = xreallocarray(r->bm->identified, r->ndocs, 1);
	r->bm->anchored[i] = 0;
	r->bm->identified[i] = !r->docs[i]->partial;
	bookmarks_load(r);
}

void
bookmarks_done(struct reader *r)
{
	if (r->bm == NULL)
		return;
	bookmarks_free(r);
	free(r->bm->undo.note);
	free(r->bm->anchored);
	free(r->bm->identified);
	free(r->bm);
	r->bm = NULL;
}

const struct bookmark *
bookmarks_list(const struct reader *r, size_t *n, char *const **labels)
{
	*n = r->bm->nmarks;
	*labels = r->bm->mark_labels;
	return r->bm->marks;
}

/* What the sidebar shows for a bookmark: its note first, then the start of its passage. */
static char *
label(const struct bookmark *bm)
{
	size_t len = utf8_offset(bm->exact, strlen(bm->exact), LABEL_CHARS), i;
	char *snip = xstrndup(bm->exact, len), *s;

	for (i = 0; snip[i] != '\0'; i++)
		snip[i] = snip[i] == '\n' ? ' ' : snip[i];
	s = xasprintf("%s%s%s“%s%s”", bm->orphaned ? "(gone) " : "", bm->note,
	              *bm->note ? " · " : "", snip, len < strlen(bm->exact) ? "…" : "");
	free(snip);
	return s;
}

void
bookmarks_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->bm->nmarks; i++)
		free(r->bm->mark_labels[i]);
	free(r->bm->mark_labels);
	r->bm->mark_labels = NULL;
	store_bookmarks_free(&r->bm->marks, r->bm->nmarks);
	r->bm->nmarks = 0;
}

/* The document index of store document id, or -1. */
static int
doc_of(const struct reader *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->ndocs; i++)
		if (r->doc_ids[i] == id)
			return (int)i;
	return -1;
}

/*
 * Finds the bookmarks of document i again in its text, since the file may have been edited
 * since they were made; tried once a session, so that a failure is said once, not at every idle
 * moment. It takes the whole text: load does it for a document still being read (a book opens
 * on its first 256 KiB) only when a jump needs it, else once the idle reading reaches its end.
 */
static int
anchor_doc(struct reader *r, size_t i, size_t *moved, size_t *gone, char **cause)
{
	size_t m, o;

	r->bm->anchored[i] = 1;
	if (doc_load_all(r->docs[i], cause) != 0 ||
	    store_bookmarks_reanchor(r->store, r->doc_ids[i], r->docs[i], &m, &o, cause) != 0)
		return -1;
	*moved += m;
	*gone += o;
	return 0;
}

/* bookmarks_load, document now (or none: -1) having its bookmarks found again if not yet. */
static void
load(struct reader *r, int now)
{
	struct bookmark *list = NULL;
	size_t i, n = 0, moved = 0, gone = 0;
	char *cause = NULL;
	int failed = 0;

	bookmarks_free(r);
	for (i = 0; r->store != NULL && i < r->ndocs && !failed; i++) {
		if (r->doc_ids[i] < 0 ||
		    store_bookmarks_list(r->store, r->doc_ids[i], NULL, &list, &n, &cause) != 0) {
			failed = 1;
			break;
		}
		if (n == 0)
			r->bm->anchored[i] =
			    1; /* bookmarks made from now on fit the text as read */
		else if (!r->bm->anchored[i] && (!r->docs[i]->partial || (int)i == now)) {
			store_bookmarks_free(&list, n);
			failed = anchor_doc(r, i, &moved, &gone, &cause) != 0 ||
			         store_bookmarks_list(r->store, r->doc_ids[i], NULL, &list, &n,
			                              &cause) != 0;
		}
		r->bm->marks =
		    xreallocarray(r->bm->marks, r->bm->nmarks + n + 1, sizeof *r->bm->marks);
		if (!failed && n > 0)
			memcpy(r->bm->marks + r->bm->nmarks, list, n * sizeof *list);
		r->bm->nmarks += failed ? 0 : n;
		free(list); /* the strings moved into r->bm->marks */
		list = NULL;
	}
	if (failed) {
		status_message(r, "Bookmarks: %s", cause ? cause : "not available");
		free(cause);
		/* The stored places stand: trying again at every idle moment would fail again. */
		memset(r->bm->anchored, 1, r->ndocs);
	} else if (moved > 0 || gone > 0)
		status_message(r,
		               "The document changed: %zu bookmark(s) moved, %zu passage(s) gone",
		               moved, gone);
	r->bm->mark_labels = xcalloc(r->bm->nmarks + 1, sizeof *r->bm->mark_labels);
	for (i = 0; i < r->bm->nmarks; i++)
		r->bm->mark_labels[i] = label(&r->bm->marks[i]);
}

void
bookmarks_load(struct reader *r)
{
	load(r, -1);
}

/*
 * Writes kept while the database was busy are tried again, once a second at most: a try waits
 * only the reader's short busy timeout. Returns 1 when there is something new to show.
 */
static int
pending_idle(struct reader *r)
{
	char *cause = NULL;
	time_t now = time(NULL);
	int left;

	/* A message of the user's last action is not covered up. */
	if (store_notice(r->store) != NULL && r->message == NULL) {
		status_message(r, "%s", store_notice(r->store));
		store_notice_clear(r->store);
		return 1;
	}
	if (store_pending_count(r->store) == 0 || now == r->bm->pending_tried)
		return 0;
	r->bm->pending_tried = now;
	left = store_pending_flush(r->store, &cause);
	if (left < 0)
		status_message(r, "%s", cause);
	else if (left == 0)
		status_message(r, "The database is free again: the kept bookmarks are written");
	free(cause);
	if (left == 0) {
		bookmarks_load(r);
		sidebar_build(r);
	}
	return left <= 0;
}

/*
 * A book read to its end is known by its whole text at last: it may turn out to be another
 * document than its first bytes said (one with the same size and head, or one moved and
 * edited). Its bookmarks are then that document's.
 */
static int
identify_idle(struct reader *r)
{
	char *cause = NULL;
	int64_t id;
	size_t i;

	for (i = 0; i < r->ndocs; i++) {
		if (r->doc_ids[i] < 0 || r->bm->identified[i] || r->docs[i]->partial)
			continue;
		r->bm->identified[i] = 1;
		if ((id = store_doc_ident(r->store, r->docs[i], &cause)) < 0) {
			status_message(r, "%s", cause);
			free(cause);
			return 1;
		}
		if (id != r->doc_ids[i]) {
			r->doc_ids[i] = id;
			watchdog_doc_id(i, id);
			r->bm->anchored[i] = 0;
			bookmarks_load(r);
			sidebar_build(r);
			return 1;
		}
	}
	return 0;
}

int
bookmarks_idle(struct reader *r)
{
	size_t i;

	if (r->store != NULL && (pending_idle(r) || identify_idle(r)))
		return 1;
	for (i = 0; r->store != NULL && i < r->ndocs; i++) {
		if (r->doc_ids[i] >= 0 && !r->bm->anchored[i] && !r->docs[i]->partial) {
			bookmarks_load(r);
			sidebar_build(r);
			return 1;
		}
	}
	return 0;
}

/* The passage a note prompt is for, from m Enter to the prompt's end. */
static struct {
	size_t doc, block, ch, len;
} adding;

static int
add_done(struct reader *r, char *note, int alt, void *arg)
{
	char *cause = NULL;
	int64_t id;

	(void)alt;
	(void)arg;
	if (note == NULL)
		return DO_REDRAW;
	id = store_bookmark_add(r->store, r->doc_ids[adding.doc], r->docs[adding.doc], adding.block,
	                        adding.ch, adding.len, note, &cause);
	free(note);
	if (id < 0) {
		status_message(r, "%s", cause);
		free(cause);
		return DO_REDRAW;
	}
	select_end();
	if (id == 0) {
		status_message(r,
		               "Bookmark kept; the database is busy, it will be written when free");
		return DO_REDRAW;
	}
	bookmarks_load(r);
	sidebar_build(r);
	status_message(r, "Bookmark saved");
	return DO_REDRAW;
}

/* Asks for the note of a bookmark on the passage; the bookmark is made when it is given. */
static int
add(struct reader *r, size_t block, size_t ch, size_t len)
{
	struct prompt p = {.label = "Bookmark note (Enter saves, Esc cancels): ", .done = add_done};

	adding.doc = r->top.doc;
	adding.block = block;
	adding.ch = ch;
	adding.len = len;
	prompt_open(r, &p, NULL);
	return DO_REDRAW;
}

static int
no_store(struct reader *r)
{
	if (r->store != NULL && r->doc_ids[r->top.doc] >= 0)
		return 0;
	status_message(r, "Bookmarks are not available: no database (see the message at start)");
	return 1;
}

/* The key a mark's wait got, with Ctrl-C and Ctrl-G as Esc: they cancel, as it does. */
static int
wait_key(int key)
{
	return key == 3 || key == 7 || key == TERM_KEY_PASTE ? KEY_ESC : key;
}

static int mark_key(struct reader *r, int key);
static int quote_key(struct reader *r, int key);

int
bookmarks_key_m(struct reader *r)
{
	if (no_store(r))
		return DO_REDRAW;
	r->wait = mark_key;
	r->wait_hint = "m: a letter sets a quick mark, Enter bookmarks with a note, Esc cancels";
	return DO_REDRAW;
}

/* The key after m. */
static int
mark_key(struct reader *r, int key)
{
	size_t block, ch, len;
	char *cause = NULL;
	int rc;

	if ((key = wait_key(key)) == KEY_ESC)
		return DO_REDRAW;
	if (select_passage(r, &block, &ch, &len) != 0) {
		status_message(r, "No text here to bookmark");
		return DO_REDRAW;
	}
	if ((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z')) {
		rc = store_mark_set(r->store, r->doc_ids[r->top.doc], (char)key, block, ch, &cause);
		if (rc < 0) {
			status_message(r, "%s", cause);
			free(cause);
		} else if (rc == 1)
			status_message(r,
			               "Mark '%c kept; the database is busy, it will be written "
			               "when free",
			               key);
		else
			status_message(r, "Mark '%c set: ' then %c comes back here", key, key);
		return DO_REDRAW;
	}
	if (key == '\n' || key == '\r' || key == KEY_ENTER || key == ' ' || key == 'm')
		return add(r, block, ch, len);
	return DO_REDRAW;
}

int
bookmarks_key_quote(struct reader *r)
{
	r->wait = quote_key;
	r->wait_hint = "': a letter goes to its quick mark, ' goes back, Esc cancels";
	return DO_REDRAW;
}

/* The key after '. */
static int
quote_key(struct reader *r, int key)
{
	size_t block, ch;
	char *cause = NULL;
	int rc;

	key = wait_key(key);
	if (key == '\'' || key == '`')
		return keys_text(r, 'O' & 0x1f); /* '' goes back, as in vim */
	if (!((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z')) || no_store(r))
		return DO_REDRAW;
	rc = store_mark_get(r->store, r->doc_ids[r->top.doc], (char)key, &block, &ch, &cause);
	if (rc < 0) {
		status_message(r, "%s", cause);
		free(cause);
	} else if (rc == 0 || !doc_has_block(r->docs[r->top.doc], block))
		status_message(r, "Mark '%c is not set in this document", key);
	else {
		view_jump_push(r);
		view_goto(r, r->top.doc, block, ch);
	}
	return DO_REDRAW;
}

int
bookmarks_add_passage(struct reader *r)
{
	size_t block, ch, len;

	if (no_store(r))
		return DO_REDRAW;
	if (select_passage(r, &block, &ch, &len) != 0) {
		status_message(r, "No text here to bookmark");
		return DO_REDRAW;
	}
	return add(r, block, ch, len);
}

int
bookmarks_copy_mark(struct reader *r, size_t mark)
{
	return select_copy_text(r, r->bm->marks[mark].exact, strlen(r->bm->marks[mark].exact));
}

int
bookmarks_jump(struct reader *r, size_t mark)
{
	const struct bookmark *bm = &r->bm->marks[mark];
	int d = doc_of(r, bm->doc);
	int64_t id = bm->id;

	if (d < 0)
		return DO_REDRAW;
	if (!r->bm->anchored[d]) {
		/* Its place may be stale until the passage has been looked for. */
		load(r, d);
		sidebar_build(r);
		for (mark = 0; mark < r->bm->nmarks && r->bm->marks[mark].id != id; mark++)
			;
		if (mark == r->bm->nmarks)
			return DO_REDRAW;
		bm = &r->bm->marks[mark];
	}
	if (bm->orphaned) {
		status_message(r, "That passage is no longer in the document (kept as orphaned)");
		return DO_REDRAW;
	}
	view_jump_push(r);
	view_goto(r, d, bm->block, bm->ch);
	return DO_REDRAW;
}

int
bookmarks_delete(struct reader *r, size_t mark)
{
	struct bookmark *bm = &r->bm->marks[mark];
	char *cause = NULL;

	if (store_bookmark_delete(r->store, bm->id, &cause) != 0) {
		status_message(r, "%s", cause);
		free(cause);
		return DO_REDRAW;
	}
	/* Kept for u: the passage is re-added at the same place with the same note. */
	free(r->bm->undo.note);
	r->bm->undo.note = xstrdup(bm->note);
	r->bm->undo.block = bm->block;
	r->bm->undo.ch = bm->ch;
	r->bm->undo.len = bm->len;
	r->bm->undo_doc = doc_of(r, bm->doc);
	bookmarks_load(r);
	sidebar_build(r);
	status_message(r, "Bookmark deleted (u brings it back)");
	return DO_REDRAW;
}

int
bookmarks_undo(struct reader *r)
{
	char *cause = NULL;

	if (r->bm->undo_doc < 0 || r->bm->undo.note == NULL) {
		status_message(r, "Nothing to undo");
		return DO_REDRAW;
	}
	if (store_bookmark_add(r->store, r->doc_ids[r->bm->undo_doc], r->docs[r->bm->undo_doc],
	                       r->bm->undo.block, r->bm->undo.ch, r->bm->undo.len, r->bm->undo.note,
	                       &cause) < 0) {
		status_message(r, "%s", cause);
		free(cause);
		return DO_REDRAW;
	}
	r->bm->undo_doc = -1;
	bookmarks_load(r);
	sidebar_build(r);
	status_message(r, "Bookmark restored");
	return DO_REDRAW;
}

/* The bookmark whose note the prompt edits: its id, as the list may be read again meanwhile. */
static int64_t editing;

static int
note_done(struct reader *r, char *note, int alt, void *arg)
{
	char *cause = NULL;

	(void)alt;
	(void)arg;
	if (note == NULL)
		return DO_REDRAW;
	if (store_bookmark_set_note(r->store, editing, note, &cause) != 0) {
		status_message(r, "%s", cause);
		free(cause);
	} else {
		bookmarks_load(r);
		sidebar_build(r);
	}
	free(note);
	return DO_REDRAW;
}

int
bookmarks_edit_note(struct reader *r, size_t mark)
{
	struct prompt p = {.label = "Note (Enter saves, Esc cancels): ", .done = note_done};

	editing = r->bm->marks[mark].id;
	prompt_open(r, &p, r->bm->marks[mark].note);
	return DO_REDRAW;
}
