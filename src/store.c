/*
 * The store once open: the SQL helpers the other store files use, documents and reading
 * positions. The database may be shared with other qari processes at any moment, so every
 * write runs as one statement or in a transaction taken with BEGIN IMMEDIATE, and nothing is
 * cached across calls. Opening is in store-open.c, bookmarks in store-bookmark.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-private.h"
#include "xmalloc.h"

const char *
store_warning(const struct store *store)
{
	return store->warning;
}

void
store_close(struct store **store)
{
	if (*store == NULL)
		return;
	sqlite3_close((*store)->db);
	free((*store)->path);
	free((*store)->warning);
	free(*store);
	*store = NULL;
}

static int
bind_args(sqlite3_stmt *stmt, const char *fmt, va_list ap)
{
	const char *s;
	int i, rc = SQLITE_OK;

	for (i = 0; fmt[i] != '\0' && rc == SQLITE_OK; i++) {
		if (fmt[i] == 'i')
			rc = sqlite3_bind_int64(stmt, i + 1, va_arg(ap, int64_t));
		else if (fmt[i] == 'z')
			rc = sqlite3_bind_int64(stmt, i + 1, (int64_t)va_arg(ap, size_t));
		else if ((s = va_arg(ap, const char *)) == NULL)
			rc = sqlite3_bind_null(stmt, i + 1);
		else
			rc = sqlite3_bind_text(stmt, i + 1, s, -1, SQLITE_TRANSIENT);
	}
	return rc;
}

int
store_sql(sqlite3 *db, sqlite3_stmt **out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *stmt = NULL;
	va_list ap;
	int rc, tries;

	rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	va_start(ap, fmt);
	rc = bind_args(stmt, fmt, ap);
	va_end(ap);
	/*
	 * The busy timeout does the waiting; a statement outside a transaction can still see
	 * SQLITE_BUSY where SQLite does not call it (a WAL recovery running, say), and is safe to
	 * run again from the start.
	 */
	tries = 0;
	while (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if ((rc & 0xff) == SQLITE_BUSY && sqlite3_get_autocommit(db) &&
		    ++tries < STORE_TRIES) {
			sqlite3_reset(stmt);
			rc = SQLITE_OK;
		}
	}
	if (rc == SQLITE_ROW && out != NULL) {
		*out = stmt;
		return rc;
	}
	sqlite3_finalize(stmt);
	return rc;
}

int
store_sql_begin(sqlite3 *db)
{
	int rc, tries;

	for (tries = 0; tries < STORE_TRIES; tries++) {
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
	}
	return rc;
}

int
store_sql_end(sqlite3 *db, int ok)
{
	int rc = SQLITE_ERROR, tries;

	/* A COMMIT that fails with SQLITE_BUSY leaves the transaction open to try again. */
	for (tries = 0; ok && tries < STORE_TRIES; tries++) {
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
	}
	if (rc != SQLITE_OK && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return ok ? rc : SQLITE_OK;
}

char *
store_error(struct store *store, const char *what)
{
	return xasprintf("%s: %s (%s)", what, sqlite3_errmsg(store->db), store->path);
}

char *
store_path_canonical(const char *path)
{
	char *real;

	if (strcmp(path, "-") == 0 || (real = realpath(path, NULL)) == NULL)
		return xstrdup(path);
	return real;
}

char *
store_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

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

/* Looks the document up by hash, then by path, in one transaction so no other process races. */
int64_t
store_doc_id(struct store *store, uint64_t hash, const char *path, char **cause)
{
	static const char by_path[] = "SELECT id FROM documents WHERE path = ? ORDER BY seen DESC";
	char *where = store_path_canonical(path);
	int64_t id = -1, h = (int64_t)hash, now = time(NULL);
	int from_stdin = strcmp(path, "-") == 0, rc;

	if (store_sql_begin(store->db) != SQLITE_OK)
		goto out;
	id = find_id(store->db, "SELECT id FROM documents WHERE hash = ?", "i", h, NULL);
	/* The last one seen there, should several documents have been at that path. */
	if (id == 0 && !from_stdin)
		id = find_id(store->db, by_path, "s", 0, where);
	if (id == 0) {
		rc = store_sql(store->db, NULL,
		               "INSERT INTO documents (hash, path, seen) VALUES (?, ?, ?)", "isi",
		               h, where, now);
		id = rc == SQLITE_DONE ? sqlite3_last_insert_rowid(store->db) : -1;
	} else if (id > 0) {
		rc = store_sql(store->db, NULL,
		               "UPDATE documents SET hash = ?, path = coalesce(?, path), seen = ? "
		               "WHERE id = ?",
		               "isii", h, from_stdin ? NULL : where, now, id);
		id = rc == SQLITE_DONE ? id : -1;
	}
	if (id > 0 && store_sql_end(store->db, 1) != SQLITE_OK)
		id = -1;
out:
	if (id <= 0) {
		*cause = store_error(store, "cannot record the document");
		store_sql_end(store->db, 0);
		id = -1;
	}
	free(where);
	return id;
}

int
store_position_set(struct store *store, int64_t doc, size_t block, size_t ch, char **cause)
{
	int rc;

	/* REPLACE rather than an upsert, which needs SQLite 3.24: the row has nothing else. */
	rc = store_sql(store->db, NULL,
	               "INSERT OR REPLACE INTO positions (doc, block, ch, updated) "
	               "VALUES (?, ?, ?, ?)",
	               "izzi", doc, block, ch, (int64_t)time(NULL));
	if (rc != SQLITE_DONE) {
		*cause = store_error(store, "cannot save the reading position");
		return -1;
	}
	return 0;
}

/* The (block, ch) row a query gave: 1, 0 when it gave none, -1 on error (*cause says what). */
static int
read_place(struct store *store, int rc, sqlite3_stmt *stmt, size_t *block, size_t *ch,
           const char *what, char **cause)
{
	*block = *ch = 0;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		*cause = store_error(store, what);
		return -1;
	}
	*block = (size_t)sqlite3_column_int64(stmt, 0);
	*ch = (size_t)sqlite3_column_int64(stmt, 1);
	sqlite3_finalize(stmt);
	return 1;
}

int
store_position_get(struct store *store, int64_t doc, size_t *block, size_t *ch, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	rc = store_sql(store->db, &stmt, "SELECT block, ch FROM positions WHERE doc = ?", "i", doc);
	return read_place(store, rc, stmt, block, ch, "cannot read the reading position", cause);
}

int
store_mark_set(struct store *store, int64_t doc, char letter, size_t block, size_t ch, char **cause)
{
	char name[2] = {letter, '\0'};

	if (store_sql(store->db, NULL,
	              "INSERT OR REPLACE INTO marks (doc, letter, block, ch) VALUES (?, ?, ?, ?)",
	              "iszz", doc, name, block, ch) != SQLITE_DONE) {
		*cause = store_error(store, "cannot save the mark");
		return -1;
	}
	return 0;
}

int
store_mark_get(struct store *store, int64_t doc, char letter, size_t *block, size_t *ch,
               char **cause)
{
	char name[2] = {letter, '\0'};
	sqlite3_stmt *stmt = NULL;
	int rc;

	rc = store_sql(store->db, &stmt, "SELECT block, ch FROM marks WHERE doc = ? AND letter = ?",
	               "is", doc, name);
	return read_place(store, rc, stmt, block, ch, "cannot read the mark", cause);
}

/*
 * The first column of the rows of stmt, whose first step gave rc, as *n new strings in a new
 * array, and the second as numbers in a new array in *second unless it is NULL; NULL with
 * *cause (what failed) on error, or with *n 0 when there was no row.
 */
static char **
text_rows(struct store *store, sqlite3_stmt *stmt, int rc, size_t *n, int **second,
          const char *what, char **cause)
{
	char **list = NULL;

	*n = 0;
	if (second != NULL)
		*second = NULL;
	while (rc == SQLITE_ROW) {
		list = xreallocarray(list, *n + 1, sizeof *list);
		if (second != NULL) {
			*second = xreallocarray(*second, *n + 1, sizeof **second);
			(*second)[*n] = sqlite3_column_int(stmt, 1);
		}
		list[(*n)++] = store_column_text(stmt, 0);
		rc = sqlite3_step(stmt);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(store, what);
		while (*n > 0)
			free(list[--*n]);
		free(list);
		if (second != NULL) {
			free(*second);
			*second = NULL;
		}
		return NULL;
	}
	return list;
}

char **
store_recent(struct store *store, size_t max, size_t *n, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	rc = store_sql(store->db, &stmt,
	               "SELECT path FROM documents WHERE path != '-' ORDER BY seen DESC LIMIT ?",
	               "z", max);
	return text_rows(store, stmt, rc, n, NULL, "cannot list the recent documents", cause);
}

int
store_search_add(struct store *store, const char *pattern, int regex, char **cause)
{
	/* "used" counts up rather than keeping a time: two in one second keep their order. */
	if (store_sql(store->db, NULL,
	              "INSERT OR REPLACE INTO searches (pattern, regex, used) VALUES "
	              "(?, ?, (SELECT COALESCE(MAX(used), 0) + 1 FROM searches))",
	              "si", pattern, (int64_t)(regex != 0)) != SQLITE_DONE ||
	    store_sql(store->db, NULL,
	              "DELETE FROM searches WHERE used <= (SELECT MAX(used) FROM searches) - ?",
	              "z", (size_t)STORE_SEARCHES_MAX) != SQLITE_DONE) {
		*cause = store_error(store, "cannot keep the search pattern");
		return -1;
	}
	return 0;
}

char **
store_searches(struct store *store, int **regex, size_t *n, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	rc = store_sql(store->db, &stmt,
	               "SELECT pattern, regex FROM (SELECT pattern, regex, used FROM searches "
	               "ORDER BY used DESC LIMIT ?) ORDER BY used",
	               "z", (size_t)STORE_SEARCHES_MAX);
	return text_rows(store, stmt, rc, n, regex, "cannot read the search history", cause);
}
