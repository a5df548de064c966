/*
 * Salvaging a damaged database: every row that can still be read from the tables of our schema
 * goes into a new file, which then takes the damaged file's place; the damaged file is kept
 * beside it as PATH.damaged-YYYYmmdd-HHMMSS for the user (or a better tool) to look at. A table
 * is read in rowid order; where a damaged page stops the reading, later starting points are
 * tried at doubling distances until one reads, and the rows just before it are read backwards,
 * so that little more than the damaged pages themselves is lost. SQLite's own recovery API is
 * not in the libsqlite3 of Debian 12, hence this.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store-private.h"
#include "xmalloc.h"

/* The tables salvaged, with how the report names their rows. */
static const struct {
	const char *table, *rows;
} tables[] = {
    {"documents", "documents"}, {"bookmarks", "bookmarks"}, {"positions", "reading positions"},
    {"marks", "quick marks"},   {"searches", "searches"},
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* One table being copied: the statements reading the damaged file and writing the new one. */
struct copy {
	sqlite3 *from, *to;
	const char *table;
	char *cols; /* the columns both files have, quoted and joined by commas */
	int ncols;
	sqlite3_stmt *insert;
	int64_t last; /* the last rowid read going up */
	size_t saved;
};

/* The columns of table in db, as "a","b"... keeping those in also (when not NULL). */
static char *
columns(sqlite3 *db, const char *table, const char *also, int *n)
{
	sqlite3_stmt *stmt = NULL;
	char *sql = xasprintf("PRAGMA table_info(\"%s\")", table), *cols = xstrdup(""), *s, *q;
	const char *name;

	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			name = (const char *)sqlite3_column_text(stmt, 1);
			if (name == NULL || strchr(name, '"') != NULL)
				continue;
			q = xasprintf("\"%s\"", name);
			if (also == NULL || strstr(also, q) != NULL) {
				s = xasprintf("%s%s%s", cols, *n > 0 ? ", " : "", q);
				free(cols);
				cols = s;
				(*n)++;
			}
			free(q);
		}
	}
	sqlite3_finalize(stmt);
	free(sql);
	return cols;
}

/* Copies the rows stmt reads, until it ends or fails; returns how it ended. */
static int
copy_rows(struct copy *c, sqlite3_stmt *stmt, int up)
{
	int rc, i;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (up)
			c->last = sqlite3_column_int64(stmt, 0);
		for (i = 0; i < c->ncols; i++)
			sqlite3_bind_value(c->insert, i + 1, sqlite3_column_value(stmt, i + 1));
		if (sqlite3_step(c->insert) == SQLITE_DONE && sqlite3_changes(c->to) > 0)
			c->saved++;
		sqlite3_reset(c->insert);
	}
	return rc;
}

/* Copies the rows with rowid in (lo, hi), going up (and setting c->last) or down. */
static int
copy_range(struct copy *c, int64_t lo, int64_t hi, int up)
{
	sqlite3_stmt *stmt = NULL;
	char *sql = xasprintf("SELECT rowid, %s FROM \"%s\" WHERE rowid > ? AND rowid < ? "
	                      "ORDER BY rowid %s",
	                      c->cols, c->table, up ? "ASC" : "DESC");
	int rc;

	rc = sqlite3_prepare_v2(c->from, sql, -1, &stmt, NULL);
	free(sql);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, lo);
		sqlite3_bind_int64(stmt, 2, hi);
		rc = copy_rows(c, stmt, up);
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* The first rowid at or after from in *first: SQLITE_ROW, SQLITE_DONE (none), or an error. */
static int
first_from(struct copy *c, int64_t from, int64_t *first)
{
	sqlite3_stmt *stmt = NULL;
	char *sql =
	    xasprintf("SELECT rowid FROM \"%s\" WHERE rowid >= ? ORDER BY rowid LIMIT 1", c->table);
	int rc;

	rc = sqlite3_prepare_v2(c->from, sql, -1, &stmt, NULL);
	free(sql);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, from);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			*first = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * After the reading up stopped on damage past c->last: the first rowid that can be read again
 * (the rows between it and the damage read backwards), in *next. Returns 0, or -1 when nothing
 * more can be read.
 */
static int
skip_damage(struct copy *c, int64_t *next, int64_t *step)
{
	int64_t from, first = 0;
	int rc;

	for (; *step > 0 && *step < INT64_MAX / 4; *step *= 2) {
		if (c->last > INT64_MAX - *step)
			return -1;
		from = c->last + *step;
		rc = first_from(c, from, &first);
		if (rc == SQLITE_ROW) {
			copy_range(c, c->last, first, 0);
			*next = first;
			return 0;
		}
		if (rc == SQLITE_DONE) {
			copy_range(c, c->last, from, 0);
			return -1;
		}
	}
	return -1;
}

static void
copy_table(struct copy *c)
{
	int64_t next, step = 1, before;

	c->last = INT64_MIN;
	for (;;) {
		before = c->last;
		if (copy_range(c, c->last, INT64_MAX, 1) == SQLITE_DONE)
			break;
		/* No progress since the last skip: the damage is further on, jump further. */
		step = c->last == before && before != INT64_MIN ? step * 2 : 1;
		if (skip_damage(c, &next, &step) != 0)
			break;
		c->last = next - 1;
	}
}

/* How many rows table held, as far as the damaged file still says (an index may): or -1. */
static long long
count_rows(sqlite3 *db, const char *table)
{
	sqlite3_stmt *stmt = NULL;
	char *sql = xasprintf("SELECT count(*) FROM \"%s\"", table);
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	free(sql);
	return n;
}

/* Copies table i from db into to, adding "N bookmarks" (or "N of M") to *report. */
static void
salvage_table(sqlite3 *db, sqlite3 *to, size_t i, char **report)
{
	struct copy c = {.from = db, .to = to, .table = tables[i].table};
	char *ours, *sql, *marks, *s;
	long long total;
	int n;

	ours = columns(to, c.table, NULL, &n);
	c.cols = columns(db, c.table, ours, &c.ncols);
	if (c.ncols > 0) {
		marks = xstrdup("?");
		for (n = 1; n < c.ncols; n++) {
			s = xasprintf("%s, ?", marks);
			free(marks);
			marks = s;
		}
		sql = xasprintf("INSERT OR IGNORE INTO \"%s\" (%s) VALUES (%s)", c.table, c.cols,
		                marks);
		if (sqlite3_prepare_v2(to, sql, -1, &c.insert, NULL) == SQLITE_OK)
			copy_table(&c);
		sqlite3_finalize(c.insert);
		free(sql);
		free(marks);
	}
	total = count_rows(db, c.table);
	if (i > 0) { /* documents are a means, not something the user counts */
		if (total >= (long long)c.saved && total > 0)
			s = xasprintf("%s%s%zu of %lld %s", *report, **report ? ", " : "", c.saved,
			              total, tables[i].rows);
		else
			s = xasprintf("%s%s%zu %s", *report, **report ? ", " : "", c.saved,
			              tables[i].rows);
		free(*report);
		*report = s;
	}
	free(ours);
	free(c.cols);
}

/* Bookmarks whose document row was lost keep their passage under a stand-in document. */
static const char stand_ins[] =
    "INSERT OR IGNORE INTO documents (id, hash, path, seen) SELECT DISTINCT doc, -1 - doc, "
    "'(a document lost with the damage)', 0 FROM bookmarks WHERE doc NOT IN "
    "(SELECT id FROM documents)";

/* Builds the new database at tmp from db. */
static int
salvage_into(sqlite3 *db, const char *tmp, char **report, char **cause)
{
	sqlite3 *to = NULL;
	char *s;
	size_t i;
	int rc;

	unlink(tmp);
	rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = store_schema_migrate(to, cause);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(to, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto out;
	*report = xstrdup("");
	for (i = 0; i < NTABLES; i++)
		salvage_table(db, to, i, report);
	s = xasprintf("%s were saved into a new database", *report);
	free(*report);
	*report = s;
	rc = sqlite3_exec(to, stand_ins, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(to, "COMMIT", NULL, NULL, NULL);
out:
	if (rc != SQLITE_OK && *cause == NULL)
		*cause = xasprintf("cannot salvage into %s: %s", tmp,
		                   to != NULL ? sqlite3_errmsg(to) : "out of memory");
	sqlite3_close(to);
	return rc == SQLITE_OK ? 0 : -1;
}

/* A free name for the damaged file: path.damaged-STAMP, with .N after it if need be. */
static char *
aside_name(const char *path)
{
	char stamp[32], *name = NULL;
	time_t now = time(NULL);
	struct tm tm;
	int i;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (i = 0; name == NULL || access(name, F_OK) == 0; i++) {
		free(name);
		name = i == 0 ? xasprintf("%s.damaged-%s", path, stamp)
		              : xasprintf("%s.damaged-%s.%d", path, stamp, i);
	}
	return name;
}

/*
 * Puts the damaged file (and its WAL, which belongs to it and must never meet the new file)
 * aside and the new one in its place. A hard link keeps path always there, so another qari
 * opening it meanwhile never finds it missing and starts an empty one.
 */
static int
swap_in(const char *path, const char *tmp, const char *aside, char **cause)
{
	char *wal = xasprintf("%s-wal", path), *walaside = xasprintf("%s-wal", aside);
	char *shm = xasprintf("%s-shm", path);
	int rc = -1;

	if (link(path, aside) != 0 && rename(path, aside) != 0) {
		*cause =
		    xasprintf("cannot keep the damaged %s as %s: %s", path, aside, strerror(errno));
		goto out;
	}
	rename(wal, walaside);
	unlink(shm);
	if (rename(tmp, path) != 0) {
		*cause = xasprintf("cannot put the salvaged database in place of %s: %s", path,
		                   strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(wal);
	free(walaside);
	free(shm);
	return rc;
}

int
store_salvage(sqlite3 *db, const char *path, char **aside, char **report, char **cause)
{
	char *tmp = xasprintf("%s.salvage-%ld", path, (long)getpid()), *journal;
	int rc = -1;

	*aside = NULL;
	*report = NULL;
	if (salvage_into(db, tmp, report, cause) != 0)
		goto out;
	*aside = aside_name(path);
	if (swap_in(path, tmp, *aside, cause) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		unlink(tmp);
		free(*aside);
		free(*report);
		*aside = *report = NULL;
	}
	journal = xasprintf("%s-journal", tmp);
	unlink(journal);
	free(journal);
	free(tmp);
	return rc;
}
