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
#include "utf8.h"
#include "xmalloc.h"

const char *
store_warning(const struct store *store)
{
	return store->warning;
}

const char *
store_notice(struct store *store)
{
	return store->notice;
}

void
store_notice_clear(struct store *store)
{
	free(store->notice);
	store->notice = NULL;
}

/* Writes still pending go to the journal, so that closing never loses one. */
void
store_close(struct store **store)
{
	struct store *s = *store;
	char *cause = NULL;
	size_t i;

	if (s == NULL)
		return;
	if (s->npending > 0 && store_pending_save(s, &cause) < 0)
		free(cause);
	sqlite3_close(s->db);
	for (i = 0; i < s->ndocs; i++)
		free(s->docs[i].path);
	free(s->docs);
	for (i = 0; i < s->npending; i++)
		store_pending_clear(&s->pending[i]);
	free(s->pending);
	free(s->path);
	free(s->warning);
	free(s->readonly);
	free(s->notice);
	free(s);
	*store = NULL;
}

int
store_transient(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

char *
store_write_error(struct store *store, const char *what, int rc)
{
	const char *why;

	switch (rc & 0xff) {
	case SQLITE_FULL:
		why = "disk full";
		break;
	case SQLITE_READONLY:
		why = store->readonly != NULL ? store->readonly : "read-only";
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		why = "the database is busy (another program holds it)";
		break;
	default:
		return store_error(store, what);
	}
	return xasprintf("%s: %s (%s)", what, why, store->path);
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

	/* A URL (a page fetched) is its own name: no file here is meant. */
	if (strcmp(path, "-") == 0 || strstr(path, "://") != NULL ||
	    (real = realpath(path, NULL)) == NULL)
		return xstrdup(path);
	return real;
}

char *
store_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s = sqlite3_column_text(stmt, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

int
store_write_or_keep(struct store *store, struct store_pending *p, int64_t doc, const char *what,
                    char **cause)
{
	struct store_doc *sd = store_doc_find(store, doc);
	int rc;

	if (store_writable(store, what, cause) != 0)
		goto fail;
	rc = store_pending_write(store, p, store_doc_now(store, doc));
	if (rc == SQLITE_DONE) {
		store_pending_clear(p);
		return 0;
	}
	/* Not written: the bookmark gets the id it will have, which is none yet. */
	if (store_transient(rc) && sd != NULL) {
		p->hash = sd->hash;
		p->path = xstrdup(sd->path);
		store_pending_add(store, p);
		return 1;
	}
	*cause = store_write_error(store, what, rc);
fail:
	store_pending_clear(p);
	return -1;
}

int
store_position_set(struct store *store, int64_t doc, size_t block, size_t ch, char **cause)
{
	return store_position_save(store, doc, NULL, block, ch, cause);
}

/* The passage a reading position keeps, in code points: enough to be found again. */
#define POSITION_QUOTE_CHARS 32

int
store_position_save(struct store *store, int64_t doc, const struct doc *d, size_t block, size_t ch,
                    char **cause)
{
	struct store_pending p = {.kind = 'P', .block = block, .ch = ch, .time = time(NULL)};
	struct bookmark q = {0};
	struct store_text text;

	if (d != NULL && block < d->nblocks) {
		store_text_init(&text, d);
		if (store_anchor_quote(&text, block, ch, POSITION_QUOTE_CHARS, &q) == 0) {
			p.exact = q.exact;
			p.prefix = q.prefix;
			p.suffix = q.suffix;
			p.start = q.start;
		}
		store_text_free(&text);
	}
	return store_write_or_keep(store, &p, doc, "cannot save the reading position", cause);
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

/* Whether d's text at (block, ch) starts as exact does (up to its first block's end). */
static int
still_there(const struct doc *d, size_t block, size_t ch, const char *exact)
{
	const struct block *b = &d->blocks[block];
	size_t off = utf8_offset(d->text + b->off, b->len, ch), n = strcspn(exact, "\n");

	if (ch > b->chars || n > b->len - off)
		return 0;
	return memcmp(d->text + b->off + off, exact, n) == 0;
}

int
store_position_find(struct store *store, int64_t doc, const struct doc *d, size_t *block,
                    size_t *ch, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	struct bookmark q = {0};
	struct store_text text;
	int rc;

	store_follow(store);
	rc =
	    store_sql(store->db, &stmt,
	              "SELECT block, ch, exact, prefix, suffix, start FROM positions WHERE doc = ?",
	              "i", store_doc_now(store, doc));
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 2) != SQLITE_NULL) {
		q.exact = store_column_text(stmt, 2);
		q.prefix = store_column_text(stmt, 3);
		q.suffix = store_column_text(stmt, 4);
		q.start = sqlite3_column_type(stmt, 5) == SQLITE_NULL
		              ? -1
		              : sqlite3_column_int64(stmt, 5);
	}
	rc = read_place(store, rc, stmt, block, ch, "cannot read the reading position", cause);
	/*
	 * The document was edited since: the place is where its passage is now, as a bookmark's
	 * (only in what has been read of a book: the rest is not looked through to open it).
	 */
	if (rc == 1 && q.exact != NULL && q.exact[0] != '\0' &&
	    (*block < d->nblocks ? !still_there(d, *block, *ch, q.exact) : !d->partial)) {
		q.block = *block;
		q.ch = *ch;
		q.len = utf8_count(q.exact, strlen(q.exact));
		store_text_init(&text, d);
		if (store_anchor_find(&text, &q) == 0) {
			*block = q.block;
			*ch = q.ch;
		}
		store_text_free(&text);
	}
	free(q.exact);
	free(q.prefix);
	free(q.suffix);
	return rc;
}

int
store_position_get(struct store *store, int64_t doc, size_t *block, size_t *ch, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	store_follow(store);
	rc = store_sql(store->db, &stmt, "SELECT block, ch FROM positions WHERE doc = ?", "i",
	               store_doc_now(store, doc));
	return read_place(store, rc, stmt, block, ch, "cannot read the reading position", cause);
}

int
store_mark_set(struct store *store, int64_t doc, char letter, size_t block, size_t ch, char **cause)
{
	struct store_pending p = {.kind = 'M', .letter = letter, .block = block, .ch = ch};

	return store_write_or_keep(store, &p, doc, "cannot save the mark", cause);
}

int
store_mark_get(struct store *store, int64_t doc, char letter, size_t *block, size_t *ch,
               char **cause)
{
	char name[2] = {letter, '\0'};
	sqlite3_stmt *stmt = NULL;
	int rc;

	store_follow(store);
	rc = store_sql(store->db, &stmt, "SELECT block, ch FROM marks WHERE doc = ? AND letter = ?",
	               "is", store_doc_now(store, doc), name);
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
	int rc;

	if (store_writable(store, "cannot keep the search pattern", cause) != 0)
		return -1;
	/* "used" counts up rather than keeping a time: two in one second keep their order. */
	if ((rc = store_sql(store->db, NULL,
	                    "INSERT OR REPLACE INTO searches (pattern, regex, used) VALUES "
	                    "(?, ?, (SELECT COALESCE(MAX(used), 0) + 1 FROM searches))",
	                    "si", pattern, (int64_t)(regex != 0))) != SQLITE_DONE ||
	    (rc = store_sql(
	         store->db, NULL,
	         "DELETE FROM searches WHERE used <= (SELECT MAX(used) FROM searches) - ?", "z",
	         (size_t)STORE_SEARCHES_MAX)) != SQLITE_DONE) {
		*cause = store_write_error(store, "cannot keep the search pattern", rc);
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
