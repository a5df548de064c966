/*
 * Unit tests for how the store knows a document (store-doc.c): by the hash of its whole text
 * once it is read to its end, by its size and head until then, by its path when edited in
 * place, and by its bookmarks' quotes when it was both edited and moved. Files are real (in a
 * private temporary directory) where it matters whether the last path still exists.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "tap.h"
#include "utf8.h"
#include "xmalloc.h"

static char *tmpdir;
static struct store *store;

/* FNV-1a like doc.c's hashes, which these tests do not link. */
static uint64_t
fnv(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * A document of one block per line of text at tmpdir/name, its file written (unless nofile),
 * known by head (the stand-in for size and first 64 KiB) and by its whole text.
 */
static void
doc_make(struct doc *d, const char *name, const char *text, uint64_t head, int nofile)
{
	const char *p, *nl;
	FILE *f;

	memset(d, 0, sizeof *d);
	d->text = xstrdup(text);
	d->text_len = strlen(text);
	for (p = d->text; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		d->blocks = xreallocarray(d->blocks, d->nblocks + 1, sizeof *d->blocks);
		d->blocks[d->nblocks].kind = BLOCK_PARA;
		d->blocks[d->nblocks].off = p - d->text;
		d->blocks[d->nblocks].len = nl - p;
		d->blocks[d->nblocks].chars = utf8_count(p, nl - p);
		d->nblocks++;
	}
	d->path = xasprintf("%s/%s", tmpdir, name);
	d->name = d->path;
	d->hash = head;
	d->content = fnv(text, d->text_len);
	if (!nofile && (f = fopen(d->path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void
doc_clear(struct doc *d)
{
	free(d->text);
	free(d->blocks);
	free(d->path);
	memset(d, 0, sizeof *d);
}

static int64_t
ident(struct doc *d)
{
	char *cause = NULL;
	int64_t id = store_doc_ident(store, d, &cause);

	if (id < 0)
		printf("# store_doc_ident: %s\n", cause != NULL ? cause : "?");
	free(cause);
	return id;
}

static long
count_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long v = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return v;
}

static const char article[] = "The article\n"
                              "العربية لغة جميلة يقرؤها الناس في كل مكان\n"
                              "A second paragraph that says something worth keeping.\n"
                              "The last paragraph closes the article with a thought.";

/* Two files of one size whose first 64 KiB are the same, different after: two documents. */
static void
test_same_head(void)
{
	struct doc a, b, a2;
	char *cause = NULL;
	size_t block = 0, ch = 0;
	int64_t ia, ib;

	doc_make(&a, "a.txt", "Shared head.\nThe tail of A.", 42, 0);
	doc_make(&b, "b.txt", "Shared head.\nThe tail of B.", 42, 0);
	ia = ident(&a);
	store_position_set(store, ia, 1, 3, &cause);
	ib = ident(&b);
	tap_ok(ia > 0 && ib > 0 && ia != ib, "same size and head, another text: two documents");
	tap_is_int(store_position_get(store, ib, &block, &ch, &cause), 0,
	           "... the second has no reading position of its own yet, not the first's");
	tap_is_int(ident(&a), ia, "the first is still itself");
	tap_is_int(ident(&b), ib, "the second is still itself");
	tap_is_int(store_doc_id(store, 42, b.path, &cause), ib,
	           "before its end is read, the second is found at its path");
	tap_is_int(store_doc_id(store, 42, a.path, &cause), ia, "... and the first at its own");
	free(cause);

	/* A typo fixed past the head of a big book keeps its size and head. */
	doc_make(&a2, "a.txt", "Shared head.\nThe tail of a.", 42, 0);
	tap_is_int(ident(&a2), ia, "the first edited in place (same size and head) is itself");
	doc_clear(&a);
	doc_clear(&b);
	doc_clear(&a2);
}

/* Books open on their first part: their last 64 KiB tell them apart until the rest is read. */
static void
test_same_head_partial(void)
{
	struct doc c, d;
	int64_t ic, id;

	doc_make(&c, "big-c.txt", "Shared head.\nThe tail of C.", 43, 0);
	doc_make(&d, "big-d.txt", "Shared head.\nThe tail of D.", 43, 0);
	c.partial = d.partial = 1;
	c.tail = 7;
	d.tail = 8;
	ic = ident(&c);
	c.partial = 0;
	tap_is_int(ident(&c), ic, "a book read to its end keeps the id it opened with");
	id = ident(&d);
	tap_ok(ic > 0 && id > 0 && id != ic, "another book of that size and head, another tail: "
	                                     "another document from its opening");
	d.partial = 0;
	tap_is_int(ident(&d), id, "... still itself once read to its end");
	d.partial = 1;
	d.tail = 0;
	doc_clear(&c);
	doc_make(&c, "stream", "Shared head.\nThe tail of C.", 43, 1);
	c.partial = 1;
	tap_is_int(ident(&c), ic, "a stream (no tail known) with that head is taken for the first");
	doc_clear(&c);
	doc_clear(&d);
}

/* Adds a bookmark on the whole of block b of d; returns its id. */
static int64_t
mark(int64_t id, struct doc *d, size_t b)
{
	char *cause = NULL;
	int64_t bm = store_bookmark_add(store, id, d, b, 0, d->blocks[b].chars, "a note", &cause);

	if (bm <= 0)
		printf("# store_bookmark_add: %s\n", cause != NULL ? cause : "busy");
	free(cause);
	return bm;
}

static size_t
bookmarks_of(int64_t id)
{
	struct bookmark *list = NULL;
	char *cause = NULL;
	size_t n = 0;

	store_bookmarks_list(store, id, NULL, &list, &n, &cause);
	free(cause);
	store_bookmarks_free(&list, n);
	return n;
}

/* Edited and renamed: neither hash nor path known; the bookmarks' passages are in the text. */
static void
test_moved_and_edited(void)
{
	struct doc v1, v2, c1, c2;
	char *text;
	int64_t i1, i2;

	doc_make(&v1, "draft.txt", article, 100, 0);
	i1 = ident(&v1);
	mark(i1, &v1, 1);
	mark(i1, &v1, 2);
	unlink(v1.path);
	text = xasprintf("A new opening paragraph.\n%s\nAnd one more at the end.", article);
	doc_make(&v2, "final.txt", text, 101, 0);
	i2 = ident(&v2);
	tap_is_int(i2, i1, "edited and renamed: found again by its bookmarks' quotes");
	tap_is_int((long)bookmarks_of(i2), 2, "... with its two bookmarks");
	tap_is_int(ident(&v2), i1, "... and then by its whole text");

	/* The old file is still there: a copy that was edited is another document. */
	doc_make(&c1, "notes.txt", article, 200, 0);
	i1 = ident(&c1);
	mark(i1, &c1, 2);
	free(text);
	text = xasprintf("%s\nA paragraph added to the copy.", article);
	doc_make(&c2, "notes-copy.txt", text, 201, 0);
	i2 = ident(&c2);
	tap_ok(i2 > 0 && i2 != i1, "an edited copy beside its original is another document");
	tap_is_int((long)bookmarks_of(i2), 0, "... and has no bookmarks");
	free(text);
	doc_clear(&v1);
	doc_clear(&v2);
	doc_clear(&c1);
	doc_clear(&c2);
}

/* How many quotes make the same document: half of those long enough to say anything. */
static void
test_not_enough(void)
{
	struct doc v1, v2;
	int64_t i1, i2;

	doc_make(&v1, "poem.txt",
	         "Short\nline one of a long poem here\nline two of a long poem here", 300, 0);
	i1 = ident(&v1);
	mark(i1, &v1, 0); /* too short to say anything */
	mark(i1, &v1, 1);
	mark(i1, &v1, 2);
	unlink(v1.path);
	doc_make(&v2, "other.txt", "Short\nnothing of the poem\nsomething else entirely", 301, 0);
	i2 = ident(&v2);
	tap_ok(i2 > 0 && i2 != i1,
	       "less than half of the quotes, or a short one alone, is not enough");
	doc_clear(&v2);
	doc_make(&v2, "other2.txt", "Short\nline one of a long poem here\nsomething else entirely",
	         302, 0);
	tap_is_int(ident(&v2), i1, "... half of them is");
	doc_clear(&v1);
	doc_clear(&v2);
}

/*
 * A book opens on its first part: known by its head until it is read to its end. Then it can
 * turn out to be a document moved and edited; the row made at open goes.
 */
static void
test_book_read_later(void)
{
	struct doc v1, v2;
	char *cause = NULL, *text, *db = xasprintf("%s/qari.db", tmpdir);
	int64_t i1, i2, again;
	long before;

	doc_make(&v1, "book.txt", article, 400, 0);
	i1 = ident(&v1);
	mark(i1, &v1, 1);
	unlink(v1.path);
	text = xasprintf("Preface.\n%s", article);
	doc_make(&v2, "book-2nd-edition.txt", text, 401, 0);
	v2.partial = 1;
	before = count_sql(db, "SELECT count(*) FROM documents");
	i2 = store_doc_ident(store, &v2, &cause);
	tap_ok(i2 > 0 && i2 != i1, "while it is read, a moved and edited book is not known yet");
	v2.partial = 0;
	again = store_doc_ident(store, &v2, &cause);
	tap_is_int(again, i1, "read to its end, it is known by its bookmarks' quotes");
	tap_is_int(count_sql(db, "SELECT count(*) FROM documents"), before,
	           "... and the row made at its opening is gone");
	free(cause);
	free(text);
	free(db);
	doc_clear(&v1);
	doc_clear(&v2);
}

/* The reading position keeps its passage: after an edit above it, it is where that went. */
static void
test_position_follows(void)
{
	struct doc v1, v2;
	char *cause = NULL, *text;
	size_t block = 0, ch = 0;
	int64_t id;

	doc_make(&v1, "place.txt", article, 500, 0);
	id = ident(&v1);
	store_position_save(store, id, &v1, 2, 9, &cause);
	text = xasprintf("Added first.\nAdded second.\n%s", article);
	doc_make(&v2, "place.txt", text, 501, 0);
	tap_is_int(ident(&v2), id, "the document edited in place is itself");
	tap_ok(store_position_find(store, id, &v2, &block, &ch, &cause) == 1 && block == 4 &&
	           ch == 9,
	       "the reading position moved with its passage (2:9 to 4:9)");
	tap_ok(store_position_find(store, id, &v1, &block, &ch, &cause) == 1 && block == 2 &&
	           ch == 9,
	       "... and is where it was in the text it was saved in");
	store_position_set(store, id, 3, 0, &cause);
	tap_ok(store_position_find(store, id, &v2, &block, &ch, &cause) == 1 && block == 3 &&
	           ch == 0,
	       "a place saved without its passage stays where it was");
	free(cause);
	free(text);
	doc_clear(&v1);
	doc_clear(&v2);
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
	char *cause = NULL, *db;

	setvbuf(stdout, NULL, _IONBF, 0);
	tmpdir = xasprintf("%s/qari-test-identity-XXXXXX",
	                   base != NULL && base[0] == '/' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		tap_skip_all("cannot create a temporary directory");
		return 0;
	}
	db = xasprintf("%s/qari.db", tmpdir);
	if ((store = store_open(db, &cause)) == NULL) {
		tap_skip_all(cause);
		return 0;
	}
	test_same_head();
	test_same_head_partial();
	test_moved_and_edited();
	test_not_enough();
	test_book_read_later();
	test_position_follows();
	store_close(&store);
	free(db);
	nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(tmpdir);
	return tap_done();
}
