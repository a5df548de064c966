/*
 * The bookmark store under faults: writes kept while another connection holds the lock, their
 * journal and its replay, another program's database refused without a write, an old qari's
 * adopted, a damaged page salvaged. Prints TAP for automake's tap-driver.sh.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/store-private.h"
#include "tap.h"
#include "utf8.h"
#include "xmalloc.h"

static char *tmpdir;

static const char text[] = "Title\nThe quick brown fox jumps over the lazy dog.\n";

static void
doc_build(struct doc *d)
{
	memset(d, 0, sizeof *d);
	d->text = xstrdup(text);
	d->text_len = strlen(text);
	d->blocks = xcalloc(2, sizeof *d->blocks);
	d->nblocks = 2;
	d->blocks[0].len = 5;
	d->blocks[0].chars = 5;
	d->blocks[1].off = 6;
	d->blocks[1].len = d->text_len - 7;
	d->blocks[1].chars = utf8_count(text + 6, d->blocks[1].len);
	d->path = xstrdup("/faults/story.txt");
	d->name = d->path;
	d->hash = 0xabcdef;
}

static void
doc_clear(struct doc *d)
{
	free(d->text);
	free(d->blocks);
	free(d->path);
}

static int
exec_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static size_t
count_bookmarks(struct store *s)
{
	struct bookmark *list = NULL;
	char *cause = NULL;
	size_t n = 0;

	if (store_bookmarks_list(s, 0, NULL, &list, &n, &cause) != 0)
		free(cause);
	store_bookmarks_free(&list, n);
	return n;
}

/* The whole file, to see that nothing was written to it. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;

	*len = 0;
	if (f == NULL)
		return NULL;
	buf = xmalloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void
test_journal_line(void)
{
	struct store_pending p = {.kind = 'B',
	                          .hash = 0xfedcba9876543210ULL,
	                          .block = 3,
	                          .ch = 4,
	                          .len = 5,
	                          .start = -1,
	                          .time = 1700000000};
	struct store_pending q;
	char *line;

	p.path = xstrdup("/a\tpath\\with\nodd\x01bytes");
	p.note = xstrdup("a note\r\nover lines\t\x7f");
	p.exact = xstrdup("العربية");
	p.prefix = xstrdup("");
	p.suffix = xstrdup("\\x41 is not A");
	line = store_pending_line(&p);
	tap_ok(strchr(line, '\n') == line + strlen(line) - 1,
	       "a journal line is one line, whatever the texts hold");
	tap_ok(store_pending_parse(line, &q) == 0, "... and parses back");
	tap_ok(q.kind == 'B' && q.hash == p.hash && q.block == 3 && q.ch == 4 && q.len == 5 &&
	           q.start == -1 && q.time == 1700000000 && q.letter == '\0',
	       "... with its numbers");
	tap_ok(strcmp(q.path, p.path) == 0 && strcmp(q.note, p.note) == 0 &&
	           strcmp(q.exact, p.exact) == 0 && strcmp(q.prefix, "") == 0 &&
	           strcmp(q.suffix, p.suffix) == 0,
	       "... and its texts, escapes and all");
	store_pending_clear(&q);
	free(line);
	line = xstrdup("B\t1\tonly three fields\n");
	tap_ok(store_pending_parse(line, &q) != 0, "a truncated line is refused");
	free(line);
	store_pending_clear(&p);
}

/* A bookmark, a mark and a position made while another connection holds the write lock. */
static void
test_busy(void)
{
	char *path = xasprintf("%s/busy.db", tmpdir), *journal = xasprintf("%s-pending", path);
	char *cause = NULL;
	struct store *s;
	sqlite3 *other = NULL;
	struct doc d;
	struct stat st;
	int64_t doc, id;
	size_t block, ch;

	doc_build(&d);
	s = store_open(path, &cause);
	doc = s != NULL ? store_doc_id(s, d.hash, d.path, &cause) : -1;
	if (!tap_ok(doc > 0, "a database to lock")) {
		printf("# %s\n", cause != NULL ? cause : "");
		goto out;
	}
	store_set_wait(s, 20);
	sqlite3_open(path, &other);
	tap_ok(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK,
	       "another connection takes the lock");
	id = store_bookmark_add(s, doc, &d, 1, 4, 5, "kept", &cause);
	tap_is_int(id, 0, "a bookmark under the lock is kept (0), not saved nor failed");
	tap_is_int(store_mark_set(s, doc, 'a', 1, 10, &cause), 1, "... a quick mark too (1)");
	tap_is_int(store_position_set(s, doc, 1, 16, &cause), 1, "... and the position");
	tap_is_int((long)store_pending_count(s), 3, "three writes kept");
	tap_is_int(store_pending_flush(s, &cause), 3, "a flush under the lock keeps them");
	store_close(&s);
	tap_ok(stat(journal, &st) == 0 && st.st_size > 0, "closing puts them in the journal");
	s = store_open(path, &cause);
	tap_ok(s != NULL && count_bookmarks(s) == 0 && stat(journal, &st) == 0,
	       "opening while the lock is still held replays nothing and keeps the journal");
	store_close(&s);
	sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(other);
	s = store_open(path, &cause);
	tap_ok(s != NULL && count_bookmarks(s) == 1, "the lock gone, opening writes the bookmark");
	tap_ok(stat(journal, &st) != 0, "... and the journal is gone");
	doc = store_doc_id(s, d.hash, d.path, &cause);
	tap_ok(store_position_get(s, doc, &block, &ch, &cause) == 1 && block == 1 && ch == 16,
	       "... the position is written");
	tap_ok(store_mark_get(s, doc, 'a', &block, &ch, &cause) == 1 && ch == 10,
	       "... and the mark");
	tap_ok(store_notice(s) != NULL, "... and a notice says so");
	store_close(&s);
	s = store_open(path, &cause);
	tap_ok(s != NULL && count_bookmarks(s) == 1, "nothing is replayed twice");
out:
	store_close(&s);
	free(cause);
	doc_clear(&d);
	free(path);
	free(journal);
}

static void
test_foreign(void)
{
	char *path = xasprintf("%s/theirs.db", tmpdir), *cause = NULL, *before, *after;
	size_t len, len2;
	struct store *s;

	exec_sql(path, "CREATE TABLE accounts (id INTEGER PRIMARY KEY); PRAGMA user_version = 3");
	before = slurp(path, &len);
	s = store_open(path, &cause);
	tap_ok(s == NULL && cause != NULL && strstr(cause, "not a qari database") != NULL,
	       "a database with tables not ours is refused");
	printf("# cause: %s\n", cause != NULL ? cause : "(none)");
	after = slurp(path, &len2);
	tap_ok(len == len2 && memcmp(before, after, len) == 0, "... and not written");
	free(after);
	free(cause);
	cause = NULL;
	exec_sql(path, "PRAGMA user_version = 0; DROP TABLE accounts; "
	               "PRAGMA application_id = 42; CREATE TABLE documents (id INTEGER)");
	s = store_open(path, &cause);
	tap_ok(s == NULL && cause != NULL && strstr(cause, "application_id") != NULL,
	       "another application_id is refused, even with our table names");
	free(cause);
	cause = NULL;
	free(path);
	path = xasprintf("%s/empty.db", tmpdir);
	fclose(fopen(path, "w"));
	s = store_open(path, &cause);
	tap_ok(s != NULL, "an empty file is ours to start");
	store_close(&s);
	free(cause);
	free(before);
	free(path);
}

/* A leaf page of the bookmarks table half way through it (dbstat), or -1. */
static long
bookmarks_leaf(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long pages[256], n = 0;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db,
	                       "SELECT pageno FROM dbstat WHERE name = 'bookmarks' AND "
	                       "pagetype = 'leaf' ORDER BY pageno",
	                       -1, &stmt, NULL) == SQLITE_OK)
		while (n < 256 && sqlite3_step(stmt) == SQLITE_ROW)
			pages[n++] = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n > 2 ? pages[n / 2] : -1;
}

/* One leaf page of the bookmarks overwritten: the rows of the others are saved. */
static void
test_salvage(void)
{
	char *path = xasprintf("%s/salvage.db", tmpdir), *cause = NULL, garbage[4096];
	struct store *s;
	struct doc d;
	int64_t doc;
	size_t i, n;
	long page;
	FILE *f;

	doc_build(&d);
	s = store_open(path, &cause);
	doc = store_doc_id(s, d.hash, d.path, &cause);
	for (i = 0; i < 300; i++)
		store_bookmark_add(s, doc, &d, 1, i % 40, 4, "a note long enough to fill pages",
		                   &cause);
	store_close(&s);
	exec_sql(path, "PRAGMA wal_checkpoint(TRUNCATE)");
	if ((page = bookmarks_leaf(path)) < 0) {
		tap_ok(1, "a damaged page # SKIP no dbstat in this SQLite to find a page");
		goto out;
	}
	memset(garbage, 0xA5, sizeof garbage);
	f = fopen(path, "r+b");
	fseek(f, (page - 1) * 4096, SEEK_SET);
	fwrite(garbage, 1, sizeof garbage, f);
	fclose(f);
	s = store_open(path, &cause);
	n = s != NULL ? count_bookmarks(s) : 0;
	printf("# page %ld damaged: %zu of 300 saved; %s\n", page, n,
	       s != NULL && store_warning(s) ? store_warning(s) : "");
	tap_ok(n >= 250 && n < 300, "a damaged page: most bookmarks are saved");
	tap_ok(s != NULL && store_warning(s) != NULL && strstr(store_warning(s), " saved") &&
	           strstr(store_warning(s), ".damaged-"),
	       "... and the warning says how many, and where the damaged file is");
	tap_ok(s != NULL && store_doc_id(s, d.hash, d.path, &cause) == doc,
	       "... the document keeps its id");
out:
	store_close(&s);
	doc_clear(&d);
	free(cause);
	free(path);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/qari-test-faults-XXXXXX";

	if ((tmpdir = mkdtemp(tmpl)) == NULL)
		return tap_skip_all("no temporary directory"), 0;
	test_journal_line();
	test_busy();
	test_foreign();
	test_salvage();
	nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
