/*
 * Documents in the store: the id of a document by its content hash or its last path. The store
 * remembers the documents it gave ids for, so that a write that must wait can name its document
 * by hash and path (store-pending.c), and so that the ids the caller holds still mean the same
 * documents after the file was replaced under a running reader (store_follow).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-private.h"
#include "xmalloc.h"

/* The id of the first row sql finds, 0 when none, -1 on error. */
static int64_t
find_id(sqlite3 *db, const char *sql, const char *fmt, int64_t i, const char *s)
{
	sqlite3_stmt *stmt = NULL;
	int64_t id;
	int rc;

	rc = fmt[0] == 'i' ? store_sql(db, &stmt, sql, fmt, i) : store_sql(db, &stmt, sql, fmt, s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return id;
}

/* The document by hash, else the last one seen at path: its id, 0 when none, -1 on error. */
static int64_t
lookup(sqlite3 *db, int64_t hash, const char *where, int from_stdin)
{
	static const char by_path[] = "SELECT id FROM documents WHERE path = ? ORDER BY seen DESC";
	int64_t id;

	id = find_id(db, "SELECT id FROM documents WHERE hash = ?", "i", hash, NULL);
	if (id == 0 && !from_stdin)
		id = find_id(db, by_path, "s", 0, where);
	return id;
}

/*
 * The id of the document, recorded (or moved to where, or given the new hash) in one
 * transaction so no other process races. *rc gets the code of a failed write.
 */
static int64_t
record(sqlite3 *db, int64_t h, const char *where, int from_stdin, int *rc)
{
	int64_t id = -1, now = time(NULL);

	if ((*rc = store_sql_begin(db)) != SQLITE_OK)
		return -1;
	id = lookup(db, h, where, from_stdin);
	if (id == 0) {
		*rc =
		    store_sql(db, NULL, "INSERT INTO documents (hash, path, seen) VALUES (?, ?, ?)",
		              "isi", h, where, now);
		id = *rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db) : -1;
	} else if (id > 0) {
		*rc = store_sql(db, NULL,
		                "UPDATE documents SET hash = ?, path = coalesce(?, path), seen = ? "
		                "WHERE id = ?",
		                "isii", h, from_stdin ? NULL : where, now, id);
		id = *rc == SQLITE_DONE ? id : -1;
	}
	if (id > 0 && (*rc = store_sql_end(db, 1)) != SQLITE_OK)
		id = -1;
	if (id <= 0)
		store_sql_end(db, 0);
	return id;
}

/* The id of the document hash at path in the file open now, written there if need be. */
static int64_t
doc_id(struct store *store, uint64_t hash, const char *where, char **cause)
{
	int64_t id = -1, h = (int64_t)hash;
	int from_stdin = strcmp(where, "-") == 0, rc = SQLITE_READONLY;

	if (store->readonly == NULL)
		id = record(store->db, h, where, from_stdin, &rc);
	/* Busy, full or read-only: a document already there is still found, only not touched. */
	if (id <= 0 &&
	    (store_transient(rc) || store->readonly != NULL || (rc & 0xff) == SQLITE_FULL))
		id = lookup(store->db, h, where, from_stdin);
	store->doc_rc = rc;
	if (id <= 0) {
		*cause = store_write_error(store, "cannot record the document", rc);
		return -1;
	}
	return id;
}

int64_t
store_doc_id(struct store *store, uint64_t hash, const char *path, char **cause)
{
	char *where = store_path_canonical(path);
	struct store_doc *sd;
	int64_t id;

	store_follow(store);
	id = doc_id(store, hash, where, cause);
	if (id > 0 && store_doc_find(store, id) == NULL) {
		store->docs = xreallocarray(store->docs, store->ndocs + 1, sizeof *store->docs);
		sd = &store->docs[store->ndocs++];
		sd->id = sd->now = id;
		sd->hash = hash;
		sd->path = where;
		where = NULL;
	}
	free(where);
	return id;
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
		sd->now = doc_id(store, sd->hash, sd->path, &cause);
		free(cause);
	}
	return sd->now;
}
