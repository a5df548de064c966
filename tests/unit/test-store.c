/*
 * Unit tests for the bookmark store (store*.c), on databases in a private temporary directory.
 * Documents are built by hand from arrays of block strings, so these tests do not depend on the
 * loaders. Prints TAP for automake's tap-driver.sh.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "tap.h"
#include "utf8.h"
#include "xmalloc.h"

static char *tmpdir;

static char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* FNV-1a like doc_hash, which lives in doc.c: these tests do not link the loaders. */
static uint64_t
test_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/* Builds d from n block strings, laid out in d->text one line each as a loader might. */
static void
doc_build(struct doc *d, const char *path, const char *const *blocks, size_t n)
{
	size_t i, len, total = 0, off = 0;

	memset(d, 0, sizeof *d);
	for (i = 0; i < n; i++)
		total += strlen(blocks[i]) + 1;
	d->text = xmalloc(total + 1);
	d->blocks = xcalloc(n, sizeof *d->blocks);
	for (i = 0; i < n; i++) {
		len = strlen(blocks[i]);
		memcpy(d->text + off, blocks[i], len);
		d->blocks[i].kind = BLOCK_PARA;
		d->blocks[i].off = off;
		d->blocks[i].len = len;
		d->blocks[i].chars = utf8_count(blocks[i], len);
		off += len;
		d->text[off++] = '\n';
	}
	d->text[off] = '\0';
	d->text_len = off;
	d->nblocks = n;
	d->path = xstrdup(path);
	d->name = d->path;
	d->hash = test_hash(d->text, off);
}

static void
doc_clear(struct doc *d)
{
	free(d->text);
	free(d->blocks);
	free(d->path);
	memset(d, 0, sizeof *d);
}

/* Document-wide char offset of (block, ch): previous blocks' chars plus one per separator. */
static long
doc_global(const struct doc *d, size_t block, size_t ch)
{
	size_t i, off = 0;

	for (i = 0; i < block; i++)
		off += d->blocks[i].chars + 1;
	return (long)(off + ch);
}

static void
check_cause(int failed, char **cause, const char *what)
{
	if (!tap_ok(failed && *cause != NULL, what))
		printf("# cause: %s\n", *cause != NULL ? *cause : "(none)");
	free(*cause);
	*cause = NULL;
}

/* Fails the check (and shows why) when a call that should work did not. */
static int
check_ok(int ok, char **cause, const char *what)
{
	if (!tap_ok(ok, what) && *cause != NULL)
		printf("# cause: %s\n", *cause);
	free(*cause);
	*cause = NULL;
	return ok;
}

static long
pragma_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long v = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return v;
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

/* The name of the first file in dir starting with prefix, or NULL. */
static char *
find_file(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL;

	while (d != NULL && found == NULL && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			found = xasprintf("%s/%s", dir, e->d_name);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

static const char *const v1_blocks[] = {
    "Title",
    "العربية لغة جميلة",
    "The quick brown fox jumps over the lazy dog.",
};

/* A block that also holds "fox" is inserted right where the old one was; the Arabic one grew. */
static const char *const v2_blocks[] = {
    "Title",
    "A new first paragraph mentions a fox too.",
    "العربية لغة جميلة جدا",
    "The quick brown fox jumps over the lazy dog.",
};

/* Every "fox" is gone. */
static const char *const v3_blocks[] = {
    "Title",
    "A new first paragraph.",
    "العربية لغة جميلة جدا",
    "The quick brown cat jumps over the lazy dog.",
};

#define NBLOCKS(a) (sizeof(a) / sizeof((a)[0]))

/* Shared by the tests below, which run in order on one database. */
static struct store *store;
static char *db_path;
static int64_t doc_id, id_title, id_lugha, id_fox;

static void
test_default_path(void)
{
	char *cause = NULL, *path;

	setenv("XDG_DATA_HOME", "/xdg/data", 1);
	path = store_default_path(&cause);
	tap_is_str(path, "/xdg/data/qari/qari.db", "default path follows XDG_DATA_HOME");
	free(path);
	setenv("XDG_DATA_HOME", "relative/data", 1);
	setenv("HOME", "/home/reader", 1);
	path = store_default_path(&cause);
	tap_is_str(path, "/home/reader/.local/share/qari/qari.db",
	           "a relative XDG_DATA_HOME is ignored for ~/.local/share");
	free(path);
	unsetenv("XDG_DATA_HOME");
	path = store_default_path(&cause);
	tap_is_str(path, "/home/reader/.local/share/qari/qari.db", "default path under HOME");
	free(path);
}

static void
test_open(void)
{
	char *cause = NULL, *dir = tmp_path("home/.local/share/qari");
	struct stat st;

	db_path = tmp_path("home/.local/share/qari/qari.db");
	store = store_open(db_path, &cause);
	if (!check_ok(store != NULL, &cause, "store_open creates the directories and the database"))
		exit(tap_done());
	tap_ok(store_warning(store) == NULL, "a new database has nothing to warn about");
	tap_ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700,
	       "the new directory is private to the user");
	tap_is_int(pragma_int(db_path, "PRAGMA user_version"), 6, "the schema is at version 6");
	tap_is_int(pragma_int(db_path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1,
	           "the database is in WAL mode");
	free(dir);
}

static void
test_positions(void)
{
	char *cause = NULL;
	size_t block = 9, ch = 9;
	int64_t other;

	doc_id = store_doc_id(store, 0x1234, "/docs/one.txt", &cause);
	check_ok(doc_id > 0, &cause, "store_doc_id creates a document");
	tap_is_int(store_doc_id(store, 0x1234, "/docs/one.txt", &cause), doc_id,
	           "the same hash and path give the same id");
	tap_is_int(store_position_get(store, doc_id, &block, &ch, &cause), 0,
	           "a new document has no reading position");
	tap_ok(block == 0 && ch == 0, "... and the position reads as 0:0");
	check_ok(store_position_set(store, doc_id, 3, 7, &cause) == 0, &cause, "position set");
	tap_is_int(store_position_get(store, doc_id, &block, &ch, &cause), 1, "position found");
	tap_ok(block == 3 && ch == 7, "position get returns 3:7");
	store_position_set(store, doc_id, 4, 0, &cause);
	store_position_get(store, doc_id, &block, &ch, &cause);
	tap_ok(block == 4 && ch == 0, "setting the position again replaces it");
	other = store_doc_id(store, 0x5678, "/docs/two.txt", &cause);
	tap_ok(other > 0 && other != doc_id, "another hash at another path is another document");
	tap_is_int(store_position_get(store, other, &block, &ch, &cause), 0,
	           "positions are per document");

	tap_is_int(store_mark_get(store, doc_id, 'a', &block, &ch, &cause), 0,
	           "a quick mark not set reads as none");
	check_ok(store_mark_set(store, doc_id, 'a', 5, 11, &cause) == 0, &cause, "mark a set");
	store_mark_set(store, doc_id, 'b', 6, 1, &cause);
	tap_ok(store_mark_get(store, doc_id, 'a', &block, &ch, &cause) == 1 && block == 5 &&
	           ch == 11,
	       "mark a reads back as 5:11");
	store_mark_set(store, doc_id, 'a', 7, 2, &cause);
	tap_ok(store_mark_get(store, doc_id, 'a', &block, &ch, &cause) == 1 && block == 7 &&
	           ch == 2,
	       "setting mark a again moves it");
	tap_ok(store_mark_get(store, doc_id, 'b', &block, &ch, &cause) == 1 && block == 6,
	       "mark b is its own");
	tap_is_int(store_mark_get(store, other, 'a', &block, &ch, &cause), 0,
	           "marks are per document");
}

/* The / prompt's history: newest last, once each, the last STORE_SEARCHES_MAX. */
static void
test_searches(void)
{
	char **list, *cause = NULL, pat[32];
	size_t n = 9, i;
	int ok, *regex = NULL;

	list = store_searches(store, &regex, &n, &cause);
	tap_ok(list == NULL && n == 0 && cause == NULL, "no search kept yet");
	check_ok(store_search_add(store, "الامن", 0, &cause) == 0, &cause, "a pattern kept");
	store_search_add(store, "second", 1, &cause);
	store_search_add(store, "الامن", 0, &cause);
	list = store_searches(store, &regex, &n, &cause);
	tap_ok(list != NULL && n == 2 && strcmp(list[0], "second") == 0 &&
	           strcmp(list[1], "الامن") == 0,
	       "a pattern searched again moves to the end, once");
	tap_ok(list != NULL && regex != NULL && regex[0] == 1 && regex[1] == 0,
	       "... each kept with whether it was a regular expression");
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	free(regex);
	for (i = 0; i < STORE_SEARCHES_MAX + 5; i++) {
		snprintf(pat, sizeof pat, "p%zu", i);
		store_search_add(store, pat, 0, &cause);
	}
	list = store_searches(store, &regex, &n, &cause);
	ok = list != NULL && n == STORE_SEARCHES_MAX && strcmp(list[0], "p5") == 0 &&
	     strcmp(list[n - 1], "p104") == 0;
	tap_ok(ok, "only the last STORE_SEARCHES_MAX are kept, oldest first");
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	free(regex);
}

static void
test_bookmarks(void)
{
	struct doc d;
	struct bookmark *list = NULL;
	char *cause = NULL;
	size_t n = 0;
	int64_t id_dog, bad;

	doc_build(&d, "/docs/story.txt", v1_blocks, NBLOCKS(v1_blocks));
	doc_id = store_doc_id(store, d.hash, d.path, &cause);
	id_fox = store_bookmark_add(store, doc_id, &d, 2, 16, 3, "first", &cause);
	check_ok(id_fox > 0, &cause, "bookmark added");
	id_lugha = store_bookmark_add(store, doc_id, &d, 1, 8, 3, "", &cause);
	id_title = store_bookmark_add(store, doc_id, &d, 0, 0, 5, NULL, &cause);
	id_dog = store_bookmark_add(store, doc_id, &d, 2, 40, 100, NULL, &cause);
	check_ok(id_lugha > 0 && id_title > 0 && id_dog > 0, &cause, "three more bookmarks added");
	check_cause(store_bookmark_add(store, doc_id, &d, 3, 0, 1, NULL, &cause) == -1, &cause,
	            "a bookmark past the last block is refused");
	check_cause(store_bookmark_add(store, doc_id, &d, 2, 45, 1, NULL, &cause) == -1, &cause,
	            "a bookmark past the end of a block is refused");
	bad = store_bookmark_add(store, 424242, &d, 0, 0, 1, NULL, &cause);
	tap_ok(bad == -1 && cause != NULL && strstr(cause, "FOREIGN KEY") != NULL,
	       "a bookmark of an unknown document is refused, with SQLite's reason");
	printf("# cause: %s\n", cause != NULL ? cause : "(none)");
	free(cause);
	cause = NULL;

	store_bookmarks_list(store, doc_id, NULL, &list, &n, &cause);
	if (!tap_is_int((long)n, 4, "four bookmarks listed"))
		goto out;
	tap_ok(list[0].id == id_title && list[1].id == id_lugha && list[2].id == id_fox &&
	           list[3].id == id_dog,
	       "listed in document order");
	tap_is_str(list[1].exact, "لغة", "the quote is the passage, counted in code points");
	tap_is_str(list[1].prefix, "Title\nالعربية ", "prefix: what precedes, across blocks");
	tap_is_str(list[1].suffix, " جميلة\nThe quick brown fox jumps", "suffix: 32 code points");
	tap_is_int((long)list[1].start, doc_global(&d, 1, 8), "start is the document-wide offset");
	tap_is_str(list[2].note, "first", "the note is kept");
	tap_is_str(list[0].note, "", "no note reads as empty");
	tap_is_int((long)list[3].len, 4, "a passage past the end is cut at the end");
	tap_is_str(list[3].exact, "dog.", "... to the text that is there");
	tap_is_str(list[2].path, "/docs/story.txt", "the list gives the document's path");
	tap_ok(list[2].created > 1600000000, "created is a time");
	store_bookmarks_free(&list, n);
	tap_ok(list == NULL, "store_bookmarks_free clears the pointer");

	check_ok(store_bookmark_set_note(store, id_fox, "edited\tnote\nline 2", &cause) == 0,
	         &cause, "note edited");
	check_cause(store_bookmark_set_note(store, 99999, "x", &cause) == -1, &cause,
	            "editing a missing bookmark fails");
	check_ok(store_bookmark_delete(store, id_dog, &cause) == 0, &cause, "bookmark deleted");
	check_cause(store_bookmark_delete(store, id_dog, &cause) == -1, &cause,
	            "deleting it twice fails");
	store_bookmarks_list(store, doc_id, NULL, &list, &n, &cause);
	tap_is_int((long)n, 3, "three bookmarks left");
	if (n == 3)
		tap_is_str(list[2].note, "edited\tnote\nline 2", "the new note is listed");
	store_bookmarks_free(&list, n);
out:
	doc_clear(&d);
}

/* Re-anchors doc_id against blocks; checks the counts. */
static void
reanchor(const struct doc *d, size_t want_moved, size_t want_orphaned, const char *what)
{
	char *cause = NULL, *msg;
	size_t moved = 99, orphaned = 99;

	msg = xasprintf("re-anchor %s", what);
	check_ok(store_bookmarks_reanchor(store, doc_id, d, &moved, &orphaned, &cause) == 0, &cause,
	         msg);
	free(msg);
	tap_is_int((long)moved, (long)want_moved, "... moved count");
	tap_is_int((long)orphaned, (long)want_orphaned, "... orphaned count");
}

/* Finds bookmark id in a fresh list of doc_id (the caller frees *list). */
static struct bookmark *
find_bookmark(int64_t id, struct bookmark **list, size_t *n)
{
	char *cause = NULL;
	size_t i;

	store_bookmarks_list(store, doc_id, NULL, list, n, &cause);
	free(cause);
	for (i = 0; i < *n; i++) {
		if ((*list)[i].id == id)
			return &(*list)[i];
	}
	return NULL;
}

static void
test_moved(void)
{
	struct doc v1;
	struct bookmark *list = NULL;
	char *cause = NULL;
	size_t n = 0;

	doc_build(&v1, "/docs/story.txt", v1_blocks, NBLOCKS(v1_blocks));
	tap_is_int(store_doc_id(store, v1.hash, "/moved/story.txt", &cause), doc_id,
	           "the same hash at a new path is the same document");
	store_bookmarks_list(store, 0, "/moved/story.txt", &list, &n, &cause);
	tap_is_int((long)n, 3, "its bookmarks are listed under the new path");
	if (n > 0)
		tap_is_str(list[0].path, "/moved/story.txt", "the document's path was updated");
	store_bookmarks_free(&list, n);
	store_bookmarks_list(store, 0, "/docs/story.txt", &list, &n, &cause);
	tap_is_int((long)n, 0, "nothing is left under the old path");
	store_bookmarks_free(&list, n);
	tap_is_int(store_doc_id(store, v1.hash, "-", &cause), doc_id,
	           "standard input with the same content is the same document");
	store_bookmarks_list(store, 0, "/moved/story.txt", &list, &n, &cause);
	tap_is_int((long)n, 3, "... and does not move it to \"-\"");
	store_bookmarks_free(&list, n);
	doc_clear(&v1);
}

static void
test_reanchor(void)
{
	struct doc v2, v3;
	struct bookmark *list = NULL, *bm;
	char *cause = NULL;
	size_t n = 0;

	doc_build(&v2, "/moved/story.txt", v2_blocks, NBLOCKS(v2_blocks));
	doc_build(&v3, "/moved/story.txt", v3_blocks, NBLOCKS(v3_blocks));
	tap_is_int(store_doc_id(store, v2.hash, v2.path, &cause), doc_id,
	           "a new hash at the same path is the same document, edited");

	reanchor(&v2, 2, 0, "after an edit");
	bm = find_bookmark(id_fox, &list, &n);
	tap_ok(bm != NULL && bm->block == 3 && bm->ch == 16 && !bm->orphaned,
	       "the quote whose context matches wins over a nearer one (3:16)");
	if (bm != NULL)
		tap_is_int((long)bm->start, doc_global(&v2, 3, 16), "... and its offset follows");
	store_bookmarks_free(&list, n);
	bm = find_bookmark(id_lugha, &list, &n);
	tap_ok(bm != NULL && bm->block == 2 && bm->ch == 8, "the Arabic quote moved to 2:8");
	store_bookmarks_free(&list, n);
	bm = find_bookmark(id_title, &list, &n);
	tap_ok(bm != NULL && bm->block == 0 && bm->ch == 0, "a quote still in place stays");
	store_bookmarks_free(&list, n);
	reanchor(&v2, 0, 0, "again changes nothing");

	reanchor(&v3, 0, 1, "when the quote is gone");
	bm = find_bookmark(id_fox, &list, &n);
	tap_is_int((long)n, 3, "the orphan is kept");
	tap_ok(bm != NULL && bm->orphaned && bm->block == 3 && bm->ch == 16,
	       "... marked orphaned, its position untouched");
	tap_ok(n == 3 && list[2].id == id_fox, "... and listed after the others");
	store_bookmarks_free(&list, n);

	reanchor(&v2, 0, 0, "when the quote is back");
	bm = find_bookmark(id_fox, &list, &n);
	tap_ok(bm != NULL && !bm->orphaned, "the orphan is found again");
	store_bookmarks_free(&list, n);
	doc_clear(&v2);
	doc_clear(&v3);
}

/* Adds one bookmark to a new document made of before, edits it into after, re-anchors. */
static void
reanchor_case(const char *const *before, size_t nbefore, const char *const *after, size_t nafter,
              size_t block, size_t ch, size_t len, size_t want_block, size_t want_ch,
              const char *what)
{
	struct doc d1, d2;
	struct bookmark *list = NULL;
	char *cause = NULL, *path = xasprintf("/cases/%s", what);
	size_t n = 0;
	int64_t doc;

	doc_build(&d1, path, before, nbefore);
	doc_build(&d2, path, after, nafter);
	doc = store_doc_id(store, d1.hash, path, &cause);
	store_bookmark_add(store, doc, &d1, block, ch, len, NULL, &cause);
	store_doc_id(store, d2.hash, path, &cause);
	store_bookmarks_reanchor(store, doc, &d2, NULL, NULL, &cause);
	store_bookmarks_list(store, doc, NULL, &list, &n, &cause);
	if (!tap_ok(n == 1 && list[0].block == want_block && list[0].ch == want_ch &&
	                !list[0].orphaned,
	            what))
		printf("# got %zu:%zu (n %zu), want %zu:%zu%s%s\n", n ? list[0].block : 0,
		       n ? list[0].ch : 0, n, want_block, want_ch, cause ? ", " : "",
		       cause ? cause : "");
	store_bookmarks_free(&list, n);
	doc_clear(&d1);
	doc_clear(&d2);
	free(cause);
	free(path);
}

static void
test_reanchor_cases(void)
{
	static const char *const far1[] = {"xxxxxxxxxxxxxxxxxx aaaa fox bbbb"};
	static const char *const far2[] = {"zzzz fox yyyy", "qqqq fox wwww", "zzzz fox yyyy"};
	static const char *const rep1[] = {"fox", "fox", "fox"};
	static const char *const rep2[] = {"new", "fox", "fox", "fox"};
	static const char *const here1[] = {"12345678901234567890", "AAAA fox BBBB"};
	static const char *const here2[] = {"1", "ZZZZ fox QQQQ", "ZZZZ fox QQQQ"};
	static const char *const bare1[] = {"alpha beta gamma delta"};
	static const char *const bare2[] = {"intro", "alpha beta gamma delta"};

	reanchor_case(far1, 1, far2, 3, 0, 24, 3, 1, 5, "among equal contexts the nearest wins");
	reanchor_case(rep1, 3, rep2, 4, 1, 0, 3, 2, 0,
	              "a short quote still in place moves when its context is elsewhere");
	reanchor_case(here1, 2, here2, 3, 1, 5, 3, 1, 5,
	              "among equal contexts the old place wins over a nearer offset");
	reanchor_case(bare1, 1, bare2, 2, 0, 6, 0, 1, 6, "a bare position follows its context");
}

/* Exports in format into a new string. */
static char *
export_from(struct store *from, const char *format, const char *filter)
{
	char *out = NULL, *cause = NULL;
	size_t size;
	FILE *f = open_memstream(&out, &size);

	if (store_bookmarks_export(from, f, format, filter, &cause) != 0)
		printf("# export %s: %s\n", format, cause);
	fclose(f);
	free(cause);
	return out;
}

static void
contains(const char *s, const char *part, const char *what)
{
	if (!tap_ok(s != NULL && strstr(s, part) != NULL, what))
		printf("# no \"%s\" in:\n%s\n", part, s != NULL ? s : "(null)");
}

static char *export(const char *format, const char *filter)
{
	return export_from(store, format, filter);
}

static void
test_migration(void)
{
	static const char v1[] =
	    "CREATE TABLE documents (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL UNIQUE,"
	    " path TEXT NOT NULL, seen INTEGER NOT NULL);"
	    "CREATE INDEX documents_path ON documents (path);"
	    "CREATE TABLE positions (doc INTEGER PRIMARY KEY REFERENCES documents (id)"
	    " ON DELETE CASCADE, block INTEGER NOT NULL, ch INTEGER NOT NULL,"
	    " updated INTEGER NOT NULL);"
	    "CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL"
	    " REFERENCES documents (id) ON DELETE CASCADE, block INTEGER NOT NULL,"
	    " ch INTEGER NOT NULL, len INTEGER NOT NULL, created INTEGER NOT NULL,"
	    " note TEXT NOT NULL DEFAULT '', exact TEXT NOT NULL DEFAULT '');"
	    "INSERT INTO documents VALUES (1, 42, '/old/story.txt', 1700000000);"
	    "INSERT INTO positions VALUES (1, 5, 6, 1700000000);"
	    "INSERT INTO bookmarks VALUES (7, 1, 2, 16, 3, 1700000000, 'from v1', 'fox');"
	    "PRAGMA user_version = 1;";
	struct store *old;
	struct bookmark *list = NULL;
	struct doc d;
	char *cause = NULL, *path = tmp_path("v1.db"), *newer = tmp_path("newer.db"), *out = NULL;
	size_t n = 0, block, ch, size;
	FILE *f;

	tap_ok(exec_sql(path, v1) == 0, "a schema 1 database made by hand");
	old = store_open(path, &cause);
	if (!check_ok(old != NULL, &cause, "store_open opens a schema 1 database"))
		goto out;
	tap_is_int(pragma_int(path, "PRAGMA user_version"), 6, "... and migrates it to 6");
	store_bookmarks_list(old, 0, NULL, &list, &n, &cause);
	tap_ok(n == 1 && strcmp(list[0].note, "from v1") == 0 &&
	           strcmp(list[0].exact, "fox") == 0 && list[0].start == -1 &&
	           list[0].prefix[0] == '\0' && !list[0].orphaned,
	       "the old bookmark survives, with no context and no offset yet");
	store_bookmarks_free(&list, n);
	tap_ok(store_position_get(old, 1, &block, &ch, &cause) == 1 && block == 5 && ch == 6,
	       "the old reading position survives");

	/* created is fixed here, so the whole TSV line can be checked. */
	f = open_memstream(&out, &size);
	store_bookmarks_print_tsv(old, f, NULL, &cause);
	fclose(f);
	tap_is_str(out, "/old/story.txt\t2:16\t2023-11-14T22:13:20Z\tfrom v1\tfox\n",
	           "TSV: file, block:char, ISO 8601 UTC, note, snippet");
	free(out);

	doc_build(&d, "/old/story.txt", v1_blocks, NBLOCKS(v1_blocks));
	store_bookmarks_reanchor(old, 1, &d, NULL, NULL, &cause);
	store_bookmarks_list(old, 0, NULL, &list, &n, &cause);
	tap_ok(n == 1 && list[0].start == doc_global(&d, 2, 16),
	       "re-anchoring gives an old bookmark its offset");
	store_bookmarks_free(&list, n);
	doc_clear(&d);
	/* Text written by something else than this store is not clean: exports must cope. */
	exec_sql(path,
	         "UPDATE bookmarks SET note = CAST(X'66C3011B5BC29B0A' AS TEXT) WHERE id = 7");
	out = export_from(old, "json", NULL);
	contains(out, "\"value\": \"f\\ufffd\\u0001\\u001b[\\u009b\\n\"",
	         "JSON: a bad byte becomes \\ufffd, a control (ESC, C1 CSI) a \\u escape");
	free(out);
	out = export_from(old, "tsv", NULL);
	contains(out, "\tf\\xc3\\x01\\x1b[\\u009b\\n\tfox\n",
	         "TSV: a control or a bad byte is escaped as \\xHH, a C1 control as \\u");
	free(out);
	out = export_from(old, "markdown", NULL);
	contains(out, "\nf\xEF\xBF\xBD\xE2\x90\x81\xE2\x90\x9B[\xEF\xBF\xBD\n",
	         "Markdown: controls show as pictures");
	free(out);
	out = NULL;
	store_close(&old);
	tap_ok(old == NULL, "store_close clears the pointer");

	tap_is_int(pragma_int(path, "PRAGMA application_id"), 0x71617269,
	           "... and marks it as qari's (application_id)");
	tap_ok(exec_sql(newer, "CREATE TABLE documents (id INTEGER PRIMARY KEY);"
	                       "PRAGMA application_id = 1902211689; PRAGMA user_version = 99") == 0,
	       "a database from a newer qari");
	old = store_open(newer, &cause);
	tap_ok(old == NULL && cause != NULL && strstr(cause, "newer") != NULL,
	       "store_open refuses it, saying why");
	if (cause != NULL)
		printf("# cause: %s\n", cause);
	free(cause);
	cause = find_file(tmpdir, "newer.db.damaged");
	tap_ok(cause == NULL, "... and leaves it where it is");
	store_close(&old);
out:
	free(cause);
	free(path);
	free(newer);
}

/* Whether the file at path holds exactly len bytes of data. */
static int
file_holds(const char *path, const char *data, size_t len)
{
	char buf[8192];
	FILE *f = fopen(path, "rb");
	size_t got = 0;

	if (f == NULL)
		return 0;
	got = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return got == len && memcmp(buf, data, len) == 0;
}

/* Opens a damaged database at path, expecting it moved aside and a new one in its place. */
static void
check_damaged(const char *dir, const char *path, const char *data, size_t len, const char *what)
{
	struct store *s;
	char *cause = NULL, *aside, *msg;
	size_t block, ch;
	int64_t doc;

	s = store_open(path, &cause);
	msg = xasprintf("%s: store_open gives a new database", what);
	if (!check_ok(s != NULL, &cause, msg))
		goto out;
	tap_ok(store_warning(s) != NULL && strstr(store_warning(s), ".damaged-") != NULL,
	       "... with a warning naming where the old file went");
	printf("# warning: %s\n", store_warning(s) ? store_warning(s) : "(none)");
	aside = find_file(dir, "qari.db.damaged-");
	tap_ok(aside != NULL && (data == NULL || file_holds(aside, data, len)),
	       "... the damaged file is kept, moved aside");
	free(aside);
	doc = store_doc_id(s, 1, "/x", &cause);
	tap_ok(doc > 0 && store_position_set(s, doc, 1, 2, &cause) == 0 &&
	           store_position_get(s, doc, &block, &ch, &cause) == 1 && block == 1 && ch == 2,
	       "... and the new database works");
	free(cause);
	store_close(&s);
out:
	free(msg);
}

static void
test_damaged(void)
{
	char garbage[4096], *dir = tmp_path("damaged"), *path = tmp_path("damaged/qari.db");
	char *dir2 = tmp_path("damaged2"), *path2 = tmp_path("damaged2/qari.db"), *cause = NULL;
	struct doc d;
	struct store *s;
	size_t i;
	FILE *f;
	int64_t doc;

	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = (char)(i * 7 + 3);
	mkdir(dir, 0700);
	f = fopen(path, "wb");
	fwrite(garbage, 1, sizeof garbage, f);
	fclose(f);
	check_damaged(dir, path, garbage, sizeof garbage, "garbage");

	/* A real database with its pages past the first overwritten: the header alone is fine. */
	s = store_open(path2, &cause);
	doc_build(&d, "/y", v1_blocks, NBLOCKS(v1_blocks));
	doc = store_doc_id(s, d.hash, d.path, &cause);
	for (i = 0; i < 300; i++)
		store_bookmark_add(s, doc, &d, 2, i % 40, 4, "a note long enough to fill pages",
		                   &cause);
	store_close(&s);
	doc_clear(&d);
	memset(garbage, 0xA5, sizeof garbage);
	f = fopen(path2, "r+b");
	for (i = 1; i < 6; i++) {
		fseek(f, (long)(i * sizeof garbage), SEEK_SET);
		fwrite(garbage, 1, sizeof garbage, f);
	}
	fclose(f);
	check_damaged(dir2, path2, NULL, 0, "damaged pages");
	free(cause);
	free(dir);
	free(path);
	free(dir2);
	free(path2);
}

static void
test_read_only(void)
{
	char *cause = NULL, *dir = tmp_path("ro"), *path = tmp_path("ro/qari/qari.db");
	char *path2 = tmp_path("ro/qari.db");
	struct store *s;

	if (geteuid() == 0) {
		tap_ok(1, "read-only home: no directory # SKIP root ignores permissions");
		tap_ok(1, "read-only home: no file # SKIP root ignores permissions");
		goto out;
	}
	mkdir(dir, 0500);
	s = store_open(path, &cause);
	tap_ok(s == NULL && cause != NULL && strstr(cause, "Permission denied") != NULL,
	       "read-only home: no directory, store_open fails saying why");
	printf("# cause: %s\n", cause != NULL ? cause : "(none)");
	free(cause);
	cause = NULL;
	store_close(&s);
	s = store_open(path2, &cause);
	tap_ok(s == NULL && cause != NULL, "read-only home: no file, store_open fails saying why");
	printf("# cause: %s\n", cause != NULL ? cause : "(none)");
	store_close(&s);
	chmod(dir, 0700);
out:
	free(cause);
	free(dir);
	free(path);
	free(path2);
}

/* Runs Python ($PYTHON3, else python3) on the JSON to check it parses as a collection of n. */
static void
json_parses(const char *json, size_t n)
{
	const char *python = getenv("PYTHON3");
	char *path = tmp_path("out.json"), *cmd = NULL;
	FILE *f = fopen(path, "w");

	fputs(json, f);
	fclose(f);
	if (python == NULL || python[0] == '\0')
		python = "python3";
	cmd = xasprintf("command -v '%s' >/dev/null 2>&1", python);
	if (system(cmd) != 0) {
		tap_ok(1, "the JSON parses # SKIP no python3");
		goto out;
	}
	free(cmd);
	cmd = xasprintf("'%s' -c 'import json, sys; d = json.load(open(sys.argv[1], "
	                "encoding=\"utf-8\")); assert d[\"type\"] == \"AnnotationCollection\"; "
	                "assert d[\"total\"] == len(d[\"first\"][\"items\"]) == %zu' %s",
	                python, n, path);
	tap_ok(system(cmd) == 0, "the JSON parses (Python's json) as a collection of them all");
out:
	free(cmd);
	free(path);
}

static void
test_output(void)
{
	struct doc v2, v3;
	char *cause = NULL, *s, *line;
	int tabs_ok = 1;

	check_ok(store_bookmark_set_note(store, id_title, "say \"hi\" \\ \u2028 end", &cause) == 0,
	         &cause, "a note with quotes, a backslash and U+2028");
	s = export("tsv", "/moved/story.txt");
	contains(s, "\t3:16\t", "TSV: position as block:char");
	contains(s, "\tedited\\tnote\\nline 2\tfox\n", "TSV: tab and newline escaped in the note");
	contains(s, "/moved/story.txt\t2:8\t", "TSV: the file comes first");
	for (line = s; line != NULL && *line != '\0'; line = strchr(line, '\n') + 1) {
		size_t tabs = 0;
		const char *p;

		for (p = line; *p != '\n' && *p != '\0'; p++)
			tabs += *p == '\t';
		tabs_ok &= tabs == 4;
	}
	tap_ok(s != NULL && tabs_ok, "TSV: every line has five fields");
	free(s);

	doc_build(&v2, "/moved/story.txt", v2_blocks, NBLOCKS(v2_blocks));
	doc_build(&v3, "/moved/story.txt", v3_blocks, NBLOCKS(v3_blocks));
	store_bookmarks_reanchor(store, doc_id, &v3, NULL, NULL, &cause);
	s = export("tsv", "/moved/story.txt");
	contains(s, "\torphaned\t", "TSV: an orphan says so");
	free(s);
	s = export("json", "/moved/story.txt");
	contains(s, "\"qari:orphaned\": true", "JSON: an orphan says so");
	free(s);
	store_bookmarks_reanchor(store, doc_id, &v2, NULL, NULL, &cause);

	s = export("json", "/moved/story.txt");
	contains(s, "\"type\": \"AnnotationCollection\"", "JSON: a Web Annotation collection");
	contains(s, "\"source\": \"file:///moved/story.txt\"", "JSON: the source is a file: URI");
	contains(s, "{\"type\": \"TextQuoteSelector\", \"exact\": \"fox\", \"prefix\": ",
	         "JSON: a TextQuoteSelector");
	contains(s, "\"exact\": \"لغة\"", "JSON: UTF-8 passes as it is");
	line = xasprintf("{\"type\": \"TextPositionSelector\", \"start\": %ld, \"end\": %ld}",
	                 doc_global(&v2, 3, 16), doc_global(&v2, 3, 16) + 3);
	contains(s, line, "JSON: a TextPositionSelector with document-wide offsets");
	free(line);
	contains(s, "\"value\": \"say \\\"hi\\\" \\\\ \\u2028 end\"",
	         "JSON: quotes, backslash and U+2028 escaped");
	contains(s, "\"value\": \"edited\\tnote\\nline 2\"",
	         "JSON: the note is the body, tab and newline escaped");
	contains(s, "\"prefix\": \"عربية لغة جميلة\\nThe quick brown \"",
	         "JSON: the prefix keeps its block separator, escaped");
	json_parses(s, 3);
	free(s);

	s = export("markdown", NULL);
	contains(s, "# Bookmarks\n", "Markdown: a title");
	contains(s, "\n## /moved/story.txt\n", "Markdown: a heading per document");
	contains(s, "\n### 3:16 · ", "Markdown: a heading per bookmark");
	contains(s, "\n> لغة\n", "Markdown: the passage quoted");
	free(s);
	check_cause(store_bookmarks_export(store, stdout, "yaml", NULL, &cause) == -1, &cause,
	            "an unknown format is refused");
	doc_clear(&v2);
	doc_clear(&v3);
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
	const char *base = getenv("TMPDIR");

	setvbuf(stdout, NULL, _IONBF, 0);
	tmpdir =
	    xasprintf("%s/qari-test-store-XXXXXX", base != NULL && base[0] == '/' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		tap_skip_all("cannot create a temporary directory");
		return 0;
	}
	test_default_path();
	test_open();
	test_positions();
	test_searches();
	test_bookmarks();
	test_moved();
	test_reanchor();
	test_reanchor_cases();
	test_migration();
	test_damaged();
	test_read_only();
	test_output();
	store_close(&store);
	free(db_path);
	nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(tmpdir);
	return tap_done();
}
