/*
 * Bookmarks and reading positions, kept in one SQLite database that every qari process of the
 * user shares. Takes positions as doc.h gives them, (block, char) with char in code points, and
 * documents by identity (content hash, last path); gives them back in later runs. Each write is
 * its own IMMEDIATE transaction, so two qari processes on the same file interleave without losing
 * each other's work. Storage is optional: when store_open fails the caller goes on without it.
 *
 * Every function that can fail returns -1 (or NULL) and puts a one-line reason in *cause, which
 * must not be NULL; the caller frees the reason.
 */
#ifndef QARI_STORE_H
#define QARI_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "doc.h"

struct store;

/* How much context a quote anchor keeps on each side of its passage, in code points. */
#define STORE_CONTEXT_CHARS 32

/*
 * A bookmark: a passage of a document, found again after edits by its quote (the exact text
 * and the context around it, as a W3C Web Annotation TextQuoteSelector).
 */
struct bookmark {
	int64_t id;
	int64_t doc;     /* the document's id in the store */
	uint64_t hash;   /* the document's content hash when last seen */
	char *path;      /* the document's last known path */
	size_t block;    /* where the passage starts ... */
	size_t ch;       /* ... in code points from the block's start */
	size_t len;      /* passage length in code points; 0 marks a bare position */
	int64_t start;   /* document-wide char offset of the passage; -1 when unknown */
	int64_t created; /* seconds since the epoch */
	char *note;      /* never NULL; "" when there is none */
	char *exact;     /* the passage text; blocks are joined by '\n' when it spans several */
	char *prefix;    /* up to STORE_CONTEXT_CHARS code points before the passage */
	char *suffix;    /* and after it */
	int orphaned;    /* the passage is gone from the document: block and ch are stale */
	char *chapter;   /* a book's chapter, for the exports (store_set_chapter), or NULL */
};

/*
 * The default database path: $XDG_DATA_HOME/qari/qari.db, else ~/.local/share/qari/qari.db.
 * Returns a new string, or NULL when there is no home directory to put it in.
 */
char *store_default_path(char **cause);

/*
 * Opens the database at path, creating it and the directories leading to it as needed, and
 * brings its schema up to date. A database of another program (its application_id, or tables
 * that are not ours) is refused without a write. A damaged file is salvaged: its readable rows
 * go to a new database in its place, and it is kept as path.damaged-YYYYmmdd-HHMMSS
 * (store_warning says so, with how many rows were saved). A file that cannot be written (a
 * read-only file system, a full disk) is opened for reading (store_readonly says why). Writes
 * an earlier qari kept in path-pending are replayed. Returns NULL when the database cannot be
 * used at all (no home, another program's, a newer schema...): the caller goes on without it.
 */
struct store *store_open(const char *path, char **cause);

/* What store_open had to repair, to show the user once; NULL when nothing. Owned by store. */
const char *store_warning(const struct store *store);

/* Why the database is open for reading alone ("read-only file system"...), or NULL. */
const char *store_readonly(const struct store *store);

/*
 * Something that happened since the last call of store_notice_clear (kept writes written, the
 * file replaced by another qari), to tell once; NULL when nothing. Owned by store.
 */
const char *store_notice(struct store *store);
void store_notice_clear(struct store *store);

/*
 * How long a write waits for another process holding the database, in milliseconds (5000 by
 * default). The reader waits little: a write that finds the database busy is kept (see below).
 */
void store_set_wait(struct store *store, int ms);

/* Writes still kept because the database was busy. */
size_t store_pending_count(const struct store *store);

/*
 * Tries the kept writes again. Returns how many are still kept, or -1 with *cause when one
 * failed for good (it is dropped).
 */
int store_pending_flush(struct store *store, char **cause);

/*
 * Moves the kept writes to the journal beside the database (path-pending), replayed by the
 * next store_open. Returns how many, or -1 with *cause. store_close does it too, silently.
 */
int store_pending_save(struct store *store, char **cause);

/* Closes the database (kept writes go to the journal) and sets *store to NULL. */
void store_close(struct store **store);

/*
 * The id (> 0) of the document with this content hash, seen now at path (made absolute when the
 * file exists, so that it reads the same from any directory). The same hash at a new path moves
 * the document there; a new hash at the document's last path is the same document edited in
 * place (call store_bookmarks_reanchor next). Path "-" (standard input) never moves a document.
 * Returns -1 on error.
 */
int64_t store_doc_id(struct store *store, uint64_t hash, const char *path, char **cause);

/*
 * store_doc_id for a document as loaded: by doc->hash while it is partial; once it is read to
 * its end, by the hash of its whole text first (two files with the same size and first 64 KiB
 * are two documents), and, when neither hash nor path is known, by its text holding the
 * quotes of a document whose file is gone (moved and edited). Call it again when a partial
 * document is read to its end: the id may change then.
 */
int64_t store_doc_ident(struct store *store, const struct doc *doc, char **cause);

/*
 * Sets quick mark letter (vim's m) of document doc to (block, ch). Returns 0, 1 when the
 * database is busy and the mark is kept to be written later, or -1.
 */
int store_mark_set(struct store *store, int64_t doc, char letter, size_t block, size_t ch,
                   char **cause);

/* Gets quick mark letter of document doc: 1 when set, 0 when not, -1 on error. */
int store_mark_get(struct store *store, int64_t doc, char letter, size_t *block, size_t *ch,
                   char **cause);

/*
 * The paths of the max documents read most recently, newest first, in a new array of new
 * strings (*n of them; the caller frees both). Returns NULL with *cause on error.
 */
char **store_recent(struct store *store, size_t max, size_t *n, char **cause);

/*
 * Keeps a search pattern (a regular expression when regex is set) as the latest, of the last
 * STORE_SEARCHES_MAX. Returns 0 or -1.
 */
int store_search_add(struct store *store, const char *pattern, int regex, char **cause);
/*
 * The patterns kept, oldest first: *n new strings in a new array, and in *regex a new array of
 * which are regular expressions. NULL with *n 0 when there is none, and with *cause set too on
 * error.
 */
char **store_searches(struct store *store, int **regex, size_t *n, char **cause);
#define STORE_SEARCHES_MAX 100

/* Saves the reading position of document doc. Returns 0, 1 when kept for later, or -1. */
int store_position_set(struct store *store, int64_t doc, size_t block, size_t ch, char **cause);

/*
 * Gets the last saved reading position of document doc. Returns 1 when there is one, 0 when
 * there is none (*block and *ch are then 0), -1 on error.
 */
/*
 * The TSV listing (--bookmarks) shows notes and passages through visual, which gives a new
 * string (for a terminal: in visual order, shaped); NULL, the default, shows them as stored.
 */
void store_set_visual(struct store *store, char *(*visual)(const char *s));

/*
 * The exports (--export-bookmarks) name the chapter of a book's passage through chapter, which
 * gives a new string for the block of the document at path, or NULL (not a book, or no
 * chapter there); none is named without it.
 */
void store_set_chapter(struct store *store, char *(*chapter)(const char *path, size_t block));

int store_position_get(struct store *store, int64_t doc, size_t *block, size_t *ch, char **cause);

/*
 * store_position_set, keeping the passage at (block, ch) of d (its current text) as well, so
 * that store_position_find finds the place again after the document was edited.
 */
int store_position_save(struct store *store, int64_t doc, const struct doc *d, size_t block,
                        size_t ch, char **cause);

/*
 * store_position_get in d, the document's text now: a place saved with its passage is where
 * that passage is now, when d was edited since (in what has been read of a partial d).
 */
int store_position_find(struct store *store, int64_t doc, const struct doc *d, size_t *block,
                        size_t *ch, char **cause);

/*
 * Bookmarks len code points of d from (block, ch), with a note (NULL or "" for none). The quote
 * anchor is taken from d, which must be the current text of document doc; len is cut at the end
 * of the document. Returns the new bookmark's id, 0 when the database is busy and the bookmark
 * is kept to be written later, or -1 (the position is not in d, the database cannot be
 * written: *cause says "disk full", "read-only file system"...).
 */
int64_t store_bookmark_add(struct store *store, int64_t doc, const struct doc *d, size_t block,
                           size_t ch, size_t len, const char *note, char **cause);

/* Deletes bookmark id. Returns 0, or -1 when there is no such bookmark. */
int store_bookmark_delete(struct store *store, int64_t id, char **cause);

/* Replaces the note of bookmark id (NULL or "" clears it). Returns 0, or -1. */
int store_bookmark_set_note(struct store *store, int64_t id, const char *note, char **cause);

/*
 * Lists bookmarks in a new array (*list, *n; free with store_bookmarks_free): of document doc
 * when doc > 0, of the documents last seen at path when path is not NULL, else all of them.
 * Ordered by document path, then position; orphans come after the rest of their document.
 * Returns 0, or -1.
 */
int store_bookmarks_list(struct store *store, int64_t doc, const char *path, struct bookmark **list,
                         size_t *n, char **cause);

/* Frees a list from store_bookmarks_list and its strings; sets *list to NULL. */
void store_bookmarks_free(struct bookmark **list, size_t n);

/*
 * Checks every bookmark of document doc against d, its current text. A bookmark whose position
 * no longer holds its passage (or its context changed there) moves to the occurrence whose
 * context matches best, the old place or else the nearest to it among equals; one whose passage
 * is gone is marked orphaned (never deleted) and comes back if the passage does. *moved and
 * *orphaned (either may be NULL) get how many bookmarks moved and how many are orphans now.
 * Returns 0, or -1.
 */
int store_bookmarks_reanchor(struct store *store, int64_t doc, const struct doc *d, size_t *moved,
                             size_t *orphaned, char **cause);

/*
 * Prints bookmarks (those of the documents last seen at path_filter, or all when NULL) as
 * tab-separated lines: file, block:char (or "orphaned"), created (ISO 8601, UTC), note, snippet.
 * Backslash, tab, newline and other controls in fields are escaped as \\, \t, \n, \xHH (C1
 * controls as \uHHHH), bad UTF-8 bytes as \xHH. Returns 0, or -1 (also when writing fails).
 */
int store_bookmarks_print_tsv(struct store *store, FILE *out, const char *path_filter,
                              char **cause);

/*
 * Exports bookmarks like store_bookmarks_print_tsv in format "tsv", "markdown" or "json" (a
 * W3C Web Annotation collection with TextQuoteSelector and TextPositionSelector targets).
 * Returns 0, or -1 for an unknown format or a failed write.
 */
int store_bookmarks_export(struct store *store, FILE *out, const char *format,
                           const char *path_filter, char **cause);

#endif
