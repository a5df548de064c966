/*
 * Bookmarks: adding one with the quote anchor store-anchor.c takes from the document, listing,
 * deleting, editing notes, and re-anchoring them all when the document changed. Each change is a
 * single statement or one transaction, and touches only the rows and columns it means to, so a
 * second qari process writing at the same time keeps its own changes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-private.h"
#include "utf8.h"
#include "xmalloc.h"

#define BOOKMARK_COLUMNS                                                                           \
	"b.id, b.doc, d.hash, d.path, b.block, b.ch, b.len, b.start, b.created, b.note, b.exact, " \
	"b.prefix, b.suffix, b.orphaned"

/* Notes end up on the screen: clean them like document text, keeping tabs and newlines. */
static char *
clean_note(const char *note)
{
	size_t len;

	if (note == NULL)
		return xstrdup("");
	return utf8_sanitize(note, strlen(note), 1, &len);
}

int64_t
store_bookmark_add(struct store *store, int64_t doc, const struct doc *d, size_t block, size_t ch,
                   size_t len, const char *note, char **cause)
{
	struct store_text text;
	struct bookmark bm = {0};
	struct store_pending p = {.kind = 'B'};
	int64_t id = -1;
	int rc;

	store_text_init(&text, d);
	if (store_anchor_quote(&text, block, ch, len, &bm) != 0) {
		*cause = xasprintf("cannot bookmark %zu:%zu: %s has no such position", block, ch,
		                   d->name != NULL ? d->name : "the document");
		free(bm.exact);
		free(bm.prefix);
		free(bm.suffix);
		goto out;
	}
	p.block = bm.block;
	p.ch = bm.ch;
	p.len = bm.len;
	p.start = bm.start;
	p.time = time(NULL);
	p.note = clean_note(note);
	p.exact = bm.exact;
	p.prefix = bm.prefix;
	p.suffix = bm.suffix;
	rc = store_write_or_keep(store, &p, doc, "cannot add the bookmark", cause);
	if (rc == 0)
		id = sqlite3_last_insert_rowid(store->db);
	else if (rc == 1)
		id = 0;
out:
	store_text_free(&text);
	return id;
}

/* Runs an UPDATE or DELETE of bookmark id; no row changed means there is no such bookmark. */
static int
bookmark_change(struct store *store, int64_t id, const char *sql, const char *note, char **cause)
{
	int rc;

	if (store_writable(store, "cannot change the bookmark", cause) != 0)
		return -1;
	if (note != NULL)
		rc = store_sql(store->db, NULL, sql, "si", note, id);
	else
		rc = store_sql(store->db, NULL, sql, "i", id);
	if (rc != SQLITE_DONE) {
		*cause = store_write_error(store, "cannot change the bookmark", rc);
		return -1;
	}
	if (sqlite3_changes(store->db) == 0) {
		*cause = xasprintf("there is no bookmark %lld", (long long)id);
		return -1;
	}
	return 0;
}

int
store_bookmark_delete(struct store *store, int64_t id, char **cause)
{
	return bookmark_change(store, id, "DELETE FROM bookmarks WHERE id = ?", NULL, cause);
}

int
store_bookmark_set_note(struct store *store, int64_t id, const char *note, char **cause)
{
	char *clean = clean_note(note);
	int rc;

	rc = bookmark_change(store, id, "UPDATE bookmarks SET note = ? WHERE id = ?", clean, cause);
	free(clean);
	return rc;
}

static void
bookmark_read(sqlite3_stmt *stmt, struct bookmark *bm)
{
	bm->id = sqlite3_column_int64(stmt, 0);
	bm->doc = sqlite3_column_int64(stmt, 1);
	bm->hash = (uint64_t)sqlite3_column_int64(stmt, 2);
	bm->path = store_column_text(stmt, 3);
	bm->block = (size_t)sqlite3_column_int64(stmt, 4);
	bm->ch = (size_t)sqlite3_column_int64(stmt, 5);
	bm->len = (size_t)sqlite3_column_int64(stmt, 6);
	/* Bookmarks from schema 1 have no offset until they are re-anchored. */
	if (sqlite3_column_type(stmt, 7) == SQLITE_NULL)
		bm->start = -1;
	else
		bm->start = sqlite3_column_int64(stmt, 7);
	bm->created = sqlite3_column_int64(stmt, 8);
	bm->note = store_column_text(stmt, 9);
	bm->exact = store_column_text(stmt, 10);
	bm->prefix = store_column_text(stmt, 11);
	bm->suffix = store_column_text(stmt, 12);
	bm->orphaned = sqlite3_column_int(stmt, 13) != 0;
	bm->chapter = NULL;
}

int
store_bookmarks_list(struct store *store, int64_t doc, const char *path, struct bookmark **list,
                     size_t *n, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	char *where = path != NULL ? store_path_canonical(path) : NULL;
	size_t cap = 0;
	int rc;

	*list = NULL;
	*n = 0;
	store_follow(store);
	if (doc > 0)
		doc = store_doc_now(store, doc);
	rc = store_sql(store->db, &stmt,
	               "SELECT " BOOKMARK_COLUMNS
	               " FROM bookmarks b JOIN documents d ON d.id = b.doc"
	               " WHERE (?1 <= 0 OR b.doc = ?1) AND (?2 IS NULL OR d.path = ?2)"
	               " ORDER BY d.path, b.doc, b.orphaned, b.block, b.ch, b.id",
	               "is", doc, where);
	while (rc == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*list = xreallocarray(*list, cap, sizeof **list);
		}
		bookmark_read(stmt, &(*list)[(*n)++]);
		rc = sqlite3_step(stmt);
	}
	if (stmt != NULL)
		sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(store, "cannot list the bookmarks");
		store_bookmarks_free(list, *n);
		*n = 0;
	}
	free(where);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
store_bookmarks_free(struct bookmark **list, size_t n)
{
	size_t i;

	for (i = 0; *list != NULL && i < n; i++) {
		free((*list)[i].path);
		free((*list)[i].note);
		free((*list)[i].exact);
		free((*list)[i].prefix);
		free((*list)[i].suffix);
		free((*list)[i].chapter);
	}
	free(*list);
	*list = NULL;
}

/* Re-anchors one bookmark and saves it if anything changed. Returns 1 if it moved, 0, or -1. */
static int
reanchor_one(struct store *store, const struct store_text *text, struct bookmark *bm)
{
	static const char update[] =
	    "UPDATE bookmarks SET block = ?, ch = ?, start = ?, orphaned = ? WHERE id = ?";
	struct bookmark old = *bm;
	int rc;

	bm->orphaned = store_anchor_find(text, bm) != 0;
	if (bm->block == old.block && bm->ch == old.ch && bm->start == old.start &&
	    bm->orphaned == old.orphaned)
		return 0;
	rc = store_sql(store->db, NULL, update, "zziii", bm->block, bm->ch, bm->start,
	               (int64_t)bm->orphaned, bm->id);
	if (rc != SQLITE_DONE)
		return -1;
	return !bm->orphaned && (bm->block != old.block || bm->ch != old.ch);
}

/* Reads and writes in one transaction, so that no other process's change is overwritten. */
int
store_bookmarks_reanchor(struct store *store, int64_t doc, const struct doc *d, size_t *moved,
                         size_t *orphaned, char **cause)
{
	struct store_text text;
	struct bookmark *list = NULL;
	size_t n = 0, i, nmoved = 0, norphaned = 0;
	int rc = -1, r, in_tx = 0;

	store_text_init(&text, d);
	/* Places that cannot be written now stand as they are: the bookmarks still list. */
	store_follow(store);
	if (store->readonly != NULL || store_transient(r = store_sql_begin(store->db))) {
		rc = 0;
		goto out;
	}
	if (r != SQLITE_OK) {
		*cause = store_error(store, "cannot re-anchor the bookmarks");
		goto out;
	}
	in_tx = 1;
	if (store_bookmarks_list(store, doc, NULL, &list, &n, cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if ((r = reanchor_one(store, &text, &list[i])) < 0) {
			*cause = store_error(store, "cannot re-anchor the bookmarks");
			goto out;
		}
		nmoved += (size_t)r;
		norphaned += list[i].orphaned != 0;
	}
	rc = 0;
out:
	if (in_tx && store_sql_end(store->db, rc == 0) != SQLITE_OK) {
		*cause = store_error(store, "cannot save the re-anchored bookmarks");
		rc = -1;
	}
	if (rc == 0 && moved != NULL)
		*moved = nmoved;
	if (rc == 0 && orphaned != NULL)
		*orphaned = norphaned;
	store_bookmarks_free(&list, n);
	store_text_free(&text);
	return rc;
}
