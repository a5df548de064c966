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
#include "xmalloc.h"

#define KEY_ESC     27
#define LABEL_CHARS 48

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

	for (i = 0; i < r->nmarks; i++)
		free(r->mark_labels[i]);
	free(r->mark_labels);
	r->mark_labels = NULL;
	store_bookmarks_free(&r->marks, r->nmarks);
	r->nmarks = 0;
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

	r->anchored[i] = 1;
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
			r->anchored[i] = 1; /* bookmarks made from now on fit the text as read */
		else if (!r->anchored[i] && (!r->docs[i]->partial || (int)i == now)) {
			store_bookmarks_free(&list, n);
			failed = anchor_doc(r, i, &moved, &gone, &cause) != 0 ||
			         store_bookmarks_list(r->store, r->doc_ids[i], NULL, &list, &n,
			                              &cause) != 0;
		}
		r->marks = xreallocarray(r->marks, r->nmarks + n + 1, sizeof *r->marks);
		if (!failed && n > 0)
			memcpy(r->marks + r->nmarks, list, n * sizeof *list);
		r->nmarks += failed ? 0 : n;
		free(list); /* the strings moved into r->marks */
		list = NULL;
	}
	if (failed) {
		status_message(r, "Bookmarks: %s", cause ? cause : "not available");
		free(cause);
		/* The stored places stand: trying again at every idle moment would fail again. */
		memset(r->anchored, 1, r->ndocs);
	} else if (moved > 0 || gone > 0)
		status_message(r,
		               "The document changed: %zu bookmark(s) moved, %zu passage(s) gone",
		               moved, gone);
	r->mark_labels = xcalloc(r->nmarks + 1, sizeof *r->mark_labels);
	for (i = 0; i < r->nmarks; i++)
		r->mark_labels[i] = label(&r->marks[i]);
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
	if (store_pending_count(r->store) == 0 || now == r->pending_tried)
		return 0;
	r->pending_tried = now;
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
		if (r->doc_ids[i] < 0 || r->identified[i] || r->docs[i]->partial)
			continue;
		r->identified[i] = 1;
		if ((id = store_doc_ident(r->store, r->docs[i], &cause)) < 0) {
			status_message(r, "%s", cause);
			free(cause);
			return 1;
		}
		if (id != r->doc_ids[i]) {
			r->doc_ids[i] = id;
			r->anchored[i] = 0;
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
		if (r->doc_ids[i] >= 0 && !r->anchored[i] && !r->docs[i]->partial) {
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
	r->sel = 0;
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
	return select_copy_text(r, r->marks[mark].exact, strlen(r->marks[mark].exact));
}

int
bookmarks_jump(struct reader *r, size_t mark)
{
	const struct bookmark *bm = &r->marks[mark];
	int d = doc_of(r, bm->doc);
	int64_t id = bm->id;

	if (d < 0)
		return DO_REDRAW;
	if (!r->anchored[d]) {
		/* Its place may be stale until the passage has been looked for. */
		load(r, d);
		sidebar_build(r);
		for (mark = 0; mark < r->nmarks && r->marks[mark].id != id; mark++)
			;
		if (mark == r->nmarks)
			return DO_REDRAW;
		bm = &r->marks[mark];
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
	struct bookmark *bm = &r->marks[mark];
	char *cause = NULL;

	if (store_bookmark_delete(r->store, bm->id, &cause) != 0) {
		status_message(r, "%s", cause);
		free(cause);
		return DO_REDRAW;
	}
	/* Kept for u: the passage is re-added at the same place with the same note. */
	free(r->undo.note);
	r->undo.note = xstrdup(bm->note);
	r->undo.block = bm->block;
	r->undo.ch = bm->ch;
	r->undo.len = bm->len;
	r->undo_doc = doc_of(r, bm->doc);
	bookmarks_load(r);
	sidebar_build(r);
	status_message(r, "Bookmark deleted (u brings it back)");
	return DO_REDRAW;
}

int
bookmarks_undo(struct reader *r)
{
	char *cause = NULL;

	if (r->undo_doc < 0 || r->undo.note == NULL) {
		status_message(r, "Nothing to undo");
		return DO_REDRAW;
	}
	if (store_bookmark_add(r->store, r->doc_ids[r->undo_doc], r->docs[r->undo_doc],
	                       r->undo.block, r->undo.ch, r->undo.len, r->undo.note, &cause) < 0) {
		status_message(r, "%s", cause);
		free(cause);
		return DO_REDRAW;
	}
	r->undo_doc = -1;
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

	editing = r->marks[mark].id;
	prompt_open(r, &p, r->marks[mark].note);
	return DO_REDRAW;
}
