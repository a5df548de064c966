/*
 * Documents in the store: the id of a document by its content hash or its last path. The store
 * remembers the documents it gave ids for, so that a write that must wait can name its document
 * by hash and path (store-pending.c), and so that the ids the caller holds still mean the same
 * documents after the file was replaced under a running reader (store_follow).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store-private.h"
#include "xmalloc.h"

/* A row of documents, as far as identity goes. */
struct row {
	int64_t id;
	int64_t hash;
	int64_t content;
	int64_t tail;
	int has_content;
	int has_tail;
	char *path;
};

/* The first row sql finds: 1 (*r to free with row_free), 0 when none, -1 on error. */
static int
find_row(sqlite3 *db, struct row *r, const char *sql, const char *fmt, int64_t i, const char *s)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	memset(r, 0, sizeof *r);
	rc = fmt[0] == 'i' ? store_sql(db, &stmt, sql, fmt, i) : store_sql(db, &stmt, sql, fmt, s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	r->id = sqlite3_column_int64(stmt, 0);
	r->hash = sqlite3_column_int64(stmt, 1);
	r->has_content = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
	r->content = sqlite3_column_int64(stmt, 2);
	r->path = store_column_text(stmt, 3);
	r->has_tail = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
	r->tail = sqlite3_column_int64(stmt, 4);
	sqlite3_finalize(stmt);
	return 1;
}

static void
row_free(struct row *r)
{
	free(r->path);
	r->path = NULL;
}

#define ROW_COLUMNS "SELECT id, hash, content, path, tail FROM documents "

/* A row with at least one of the document's bookmarks: 1, 0 when none, -1 on error. */
static int
has_bookmarks(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	rc = store_sql(db, &stmt, "SELECT 1 FROM bookmarks WHERE doc = ? LIMIT 1", "i", id);
	if (rc == SQLITE_ROW)
		sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Quotes of a document tried, and documents whose quotes are tried: a bound on the work. */
#define MATCH_QUOTES 8
#define MATCH_DOCS   16
/* A quote shorter than this could be anywhere. */
#define MATCH_QUOTE_MIN 12

/* How many of the longer quotes of document id's bookmarks are in text, of *tried. */
static int
quotes_found(sqlite3 *db, int64_t id, const char *text, size_t len, int *tried)
{
	sqlite3_stmt *stmt = NULL;
	int rc, found = 0;

	*tried = 0;
	rc = store_sql(db, &stmt,
	               "SELECT exact FROM bookmarks WHERE doc = ? AND length(exact) >= ? "
	               "ORDER BY created DESC LIMIT ?",
	               "iii", id, (int64_t)MATCH_QUOTE_MIN, (int64_t)MATCH_QUOTES);
	while (rc == SQLITE_ROW) {
		const char *q = (const char *)sqlite3_column_text(stmt, 0);
		size_t n = (size_t)sqlite3_column_bytes(stmt, 0);

		(*tried)++;
		if (q != NULL && memmem(text, len, q, n) != NULL)
			found++;
		rc = sqlite3_step(stmt);
	}
	if (stmt != NULL)
		sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? found : -1;
}

/*
 * A document that was both edited and moved: neither its hash nor its path is known, but
 * a document whose file is gone has bookmarks whose passages are in this text, at least half
 * of them. Its id, 0 when there is none, -1 on error.
 */
static int64_t
quote_match(sqlite3 *db, const struct store_ident *ident, int64_t except)
{
	sqlite3_stmt *stmt = NULL;
	int64_t best = 0, id;
	int rc, found, tried, most = 0;
	struct stat sb;

	rc = store_sql(db, &stmt,
	               "SELECT id, path FROM documents d WHERE id != ? AND path LIKE '/%' "
	               "AND EXISTS (SELECT 1 FROM bookmarks b WHERE b.doc = d.id) "
	               "ORDER BY seen DESC LIMIT ?",
	               "ii", except, (int64_t)MATCH_DOCS);
	while (rc == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(stmt, 1);

		id = sqlite3_column_int64(stmt, 0);
		/* A file still there is another document, though it quotes the same text. */
		if (path != NULL && stat(path, &sb) != 0) {
			found = quotes_found(db, id, ident->text, ident->len, &tried);
			if (found < 0) {
				sqlite3_finalize(stmt);
				return -1;
			}
			if (found > 0 && found * 2 >= tried && found > most) {
				most = found;
				best = id;
			}
		}
		rc = sqlite3_step(stmt);
	}
	if (stmt != NULL)
		sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? best : -1;
}

/*
 * Which document this is: its id, 0 when it is new, -1 on error. In order: the same whole text
 * (read to its end); the same size and head, unless that row's text was another at another
 * path (two files alike for 64 KiB); the document last seen at this path, edited in place; one
 * moved and edited, by its quotes. *gone is set to a row to delete: one made when the document
 * opened, before its end was read showed it to be an older one, moved and edited. *tentative
 * is set when only the head says which it is, and that document's text was another.
 */
static int64_t
lookup(sqlite3 *db, const struct store_ident *ident, const char *where, int from_stdin,
       int64_t *gone, int *tentative)
{
	static const char by_path[] = ROW_COLUMNS "WHERE path = ? ORDER BY seen DESC";
	struct row rh = {0}, rp = {0};
	int64_t id = 0, q = 0;
	int h, p, b, same, alike;

	*gone = 0;
	*tentative = 0;
	if (ident->complete) {
		h = find_row(db, &rh, ROW_COLUMNS "WHERE content = ? ORDER BY seen DESC", "i",
		             (int64_t)ident->content, NULL);
		row_free(&rh);
		if (h != 0)
			return h < 0 ? -1 : rh.id;
	}
	if ((h = find_row(db, &rh, ROW_COLUMNS "WHERE hash = ?", "i", (int64_t)ident->hash, NULL)) <
	    0)
		return -1;
	/* Its last 64 KiB, when both are known, tell two files alike at their head apart. */
	same = h > 0 && (from_stdin || strcmp(rh.path, where) == 0);
	alike =
	    h > 0 && (same || !rh.has_tail || ident->tail == 0 || rh.tail == (int64_t)ident->tail);
	if (alike && (!rh.has_content || same))
		id = rh.id;
	if (id > 0 && ident->complete && !rh.has_content && !from_stdin) {
		if ((b = has_bookmarks(db, id)) < 0 ||
		    (b == 0 && (q = quote_match(db, ident, id)) < 0))
			goto fail;
		if (b == 0 && q > 0) {
			*gone = id;
			id = q;
		}
	}
	if (id == 0 && !from_stdin) {
		if ((p = find_row(db, &rp, by_path, "s", 0, where)) < 0)
			goto fail;
		if (p > 0)
			id = rp.id;
	}
	/*
	 * Without its whole text, the same head is taken for the same document, as it was, but
	 * not moved here: it may yet be another (store_doc_ident when it is read to its end).
	 */
	if (id == 0 && alike && !ident->complete) {
		id = rh.id;
		*tentative = rh.has_content;
	}
	if (id == 0 && ident->complete && !from_stdin && (id = quote_match(db, ident, 0)) < 0)
		goto fail;
	row_free(&rh);
	row_free(&rp);
	return id;
fail:
	row_free(&rh);
	row_free(&rp);
	return -1;
}

/*
 * The id of the document, recorded (or moved to where, or given its new hashes) in one
 * transaction so no other process races. *rc gets the code of a failed write.
 */
static int64_t
record(sqlite3 *db, const struct store_ident *ident, const char *where, int from_stdin, int *rc)
{
	int64_t id = -1, gone, now = time(NULL), h = (int64_t)ident->hash,
	        c = ident->complete ? (int64_t)ident->content : 0, t = (int64_t)ident->tail;
	const char *keep;
	int tentative;

	if ((*rc = store_sql_begin(db)) != SQLITE_OK)
		return -1;
	if ((id = lookup(db, ident, where, from_stdin, &gone, &tentative)) < 0)
		*rc = sqlite3_extended_errcode(db);
	keep = from_stdin || tentative ? NULL : where;
	if (id > 0 && gone > 0)
		*rc = store_sql(db, NULL, "DELETE FROM documents WHERE id = ?", "i", gone);
	if (id == 0) {
		/* The head is another document's: this one is known by its whole text or tail. */
		*rc = store_sql(db, NULL,
		                "INSERT INTO documents (hash, path, seen, content, tail) VALUES "
		                "(CASE WHEN NOT EXISTS (SELECT 1 FROM documents WHERE hash = ?1) "
		                "THEN ?1 WHEN ?5 THEN ?4 ELSE ?6 END, ?2, ?3, "
		                "CASE WHEN ?5 THEN ?4 END, nullif(?6, 0))",
		                "isiiii", h, where, now, c, (int64_t)ident->complete, t);
		id = *rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db) : -1;
	} else if (id > 0 && (gone == 0 || *rc == SQLITE_DONE)) {
		/* Its hash follows the file unless another document is known by it. */
		*rc = store_sql(db, NULL,
		                "UPDATE documents SET path = coalesce(?2, path), seen = ?3, "
		                "content = CASE WHEN ?5 THEN ?4 ELSE content END, "
		                "tail = coalesce(nullif(?7, 0), tail), "
		                "hash = CASE WHEN EXISTS (SELECT 1 FROM documents WHERE hash = ?1 "
		                "AND id != ?6) THEN hash ELSE ?1 END WHERE id = ?6",
		                "isiiiii", h, keep, now, c, (int64_t)ident->complete, id, t);
	}
	if (*rc != SQLITE_DONE)
		id = -1;
	if (id > 0 && (*rc = store_sql_end(db, 1)) != SQLITE_OK)
		id = -1;
	if (id <= 0)
		store_sql_end(db, 0);
	return id;
}

/* The id of the document in the file open now, written there if need be. */
static int64_t
doc_id(struct store *store, const struct store_ident *ident, const char *where, char **cause)
{
	int64_t id = -1, gone;
	int from_stdin = strcmp(where, "-") == 0, rc = SQLITE_READONLY, tentative;

	if (store->readonly == NULL)
		id = record(store->db, ident, where, from_stdin, &rc);
	/* Busy, full or read-only: a document already there is still found, only not touched. */
	if (id <= 0 &&
	    (store_transient(rc) || store->readonly != NULL || (rc & 0xff) == SQLITE_FULL))
		id = lookup(store->db, ident, where, from_stdin, &gone, &tentative);
	store->doc_rc = rc;
	if (id <= 0) {
		*cause = store_write_error(store, "cannot record the document", rc);
		return -1;
	}
	return id;
}

static int64_t
ident_id(struct store *store, const struct store_ident *ident, const char *path, int page,
         char **cause)
{
	char *where = store_path_canonical(path);
	struct store_doc *sd;
	int64_t id;

	/* A page shown whole is not its article edited: it has a path of its own. */
	if (page) {
		char *w = xasprintf("%s#page", where);

		free(where);
		where = w;
	}
	store_follow(store);
	id = doc_id(store, ident, where, cause);
	if (id > 0 && (sd = store_doc_find(store, id)) == NULL) {
		store->docs = xreallocarray(store->docs, store->ndocs + 1, sizeof *store->docs);
		sd = &store->docs[store->ndocs++];
		sd->id = sd->now = id;
		sd->path = where;
		where = NULL;
	}
	if (id > 0) {
		sd->hash = ident->hash;
		sd->content = ident->content;
		sd->tail = ident->tail;
		sd->complete = ident->complete;
	}
	free(where);
	return id;
}

int64_t
store_doc_id(struct store *store, uint64_t hash, const char *path, char **cause)
{
	struct store_ident ident = {.hash = hash};

	return ident_id(store, &ident, path, 0, cause);
}

int64_t
store_doc_ident(struct store *store, const struct doc *doc, char **cause)
{
	struct store_ident ident = {.hash = doc->hash, .tail = doc->tail};

	if (!doc->partial) {
		ident.complete = 1;
		ident.content = doc->content;
		ident.text = doc->text != NULL ? doc->text : "";
		ident.len = doc->text_len;
	}
	return ident_id(store, &ident, doc->path, doc->view == DOC_VIEW_PAGE, cause);
}

struct store_doc *
store_doc_find(struct store *store, int64_t doc)
{
	size_t i;

	for (i = 0; i < store->ndocs; i++)
		if (store->docs[i].id == doc)
			return &store->docs[i];
	return NULL;
}

/* After a new file came (store_follow), each document is looked for again when first used. */
int64_t
store_doc_now(struct store *store, int64_t doc)
{
	struct store_doc *sd = store_doc_find(store, doc);
	char *cause = NULL;

	if (sd == NULL)
		return doc;
	if (sd->now < 0) {
		/* Its text is not kept: found by its hashes and path in the new file. */
		struct store_ident ident = {.hash = sd->hash,
		                            .tail = sd->tail,
		                            .content = sd->content,
		                            .complete = sd->complete,
		                            .text = ""};

		sd->now = doc_id(store, &ident, sd->path, &cause);
		free(cause);
	}
	return sd->now;
}
