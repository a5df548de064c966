/*
 * Two qari processes on one bookmark database, as from two SSH sessions: both start at once on a
 * database that does not exist yet (so they also race to create and migrate it), each adds
 * WRITES bookmarks and saves its reading position after each, and then every write of both must
 * be there. Prints TAP for automake's tap-driver.sh.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store.h"
#include "tap.h"
#include "utf8.h"
#include "xmalloc.h"

#define WRITERS 2
#define WRITES  200

static const char text[] = "العربية لغة جميلة\nThe quick brown fox jumps over the lazy dog.\n";

/* One document of two blocks, built by hand so the test does not need the loaders. */
static void
doc_build(struct doc *d)
{
	memset(d, 0, sizeof *d);
	d->text = xstrdup(text);
	d->text_len = strlen(text);
	d->blocks = xcalloc(2, sizeof *d->blocks);
	d->nblocks = 2;
	d->blocks[0].len = strchr(text, '\n') - text;
	d->blocks[1].off = d->blocks[0].len + 1;
	d->blocks[1].len = d->text_len - d->blocks[1].off - 1;
	d->blocks[0].chars = utf8_count(text, d->blocks[0].len);
	d->blocks[1].chars = utf8_count(text + d->blocks[1].off, d->blocks[1].len);
	d->path = xstrdup("/shared/story.txt");
	d->name = d->path;
	d->hash = 0xfeedface;
}

/* A writer process: waits for the start signal (EOF on go), then writes. Exits 0 if all went. */
static int
writer(const char *path, int which, int go)
{
	struct store *store;
	struct doc d;
	char *cause = NULL, note[32], c;
	int64_t doc;
	int i, failed = 0;

	while (read(go, &c, 1) > 0)
		;
	doc_build(&d);
	store = store_open(path, &cause);
	if (store == NULL) {
		printf("# writer %d: %s\n", which, cause);
		return 1;
	}
	doc = store_doc_id(store, d.hash, d.path, &cause);
	for (i = 0; i < WRITES && doc > 0 && !failed; i++) {
		snprintf(note, sizeof note, "writer %d #%d", which, i);
		failed =
		    store_bookmark_add(store, doc, &d, 1, (size_t)i % 40, 3, note, &cause) < 0 ||
		    store_position_set(store, doc, 1, (size_t)i % 40, &cause) != 0;
	}
	if (doc <= 0 || failed)
		printf("# writer %d: %s\n", which, cause);
	store_close(&store);
	return doc <= 0 || failed;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Counts the bookmarks each writer left, by their notes. */
static void
check(const char *path)
{
	struct store *store;
	struct bookmark *list = NULL;
	char *cause = NULL;
	size_t n = 0, i, mine[WRITERS] = {0};
	int which, k;

	store = store_open(path, &cause);
	if (store == NULL || store_bookmarks_list(store, 0, NULL, &list, &n, &cause) != 0)
		printf("# %s\n", cause);
	tap_is_int((long)n, WRITERS * WRITES, "every bookmark of both writers is there");
	tap_is_str(n > 0 ? list[0].exact : NULL, "The", "the first one, by position, is right");
	for (i = 0; i < n; i++) {
		if (sscanf(list[i].note, "writer %d #%d", &which, &k) == 2 && which >= 0 &&
		    which < WRITERS)
			mine[which]++;
	}
	for (which = 0; which < WRITERS; which++) {
		char *what = xasprintf("writer %d kept its %d bookmarks", which, WRITES);

		tap_is_int((long)mine[which], WRITES, what);
		free(what);
	}
	store_bookmarks_free(&list, n);
	store_close(&store);
	free(cause);
}

int
main(void)
{
	const char *base = getenv("TMPDIR");
	char *dir, *path;
	pid_t pid[WRITERS];
	int go[2], i, status;

	setvbuf(stdout, NULL, _IONBF, 0);
	dir = xasprintf("%s/qari-test-concurrent-XXXXXX",
	                base != NULL && base[0] == '/' ? base : "/tmp");
	if (mkdtemp(dir) == NULL || pipe(go) != 0) {
		tap_skip_all("cannot create a temporary directory");
		return 0;
	}
	path = xasprintf("%s/data/qari/qari.db", dir);
	for (i = 0; i < WRITERS; i++) {
		if ((pid[i] = fork()) == 0) {
			close(go[1]);
			alarm(30); /* a deadlock fails the test rather than hanging make check */
			_exit(writer(path, i, go[0]));
		}
	}
	/* Closing the pipe starts both writers at once. */
	close(go[0]);
	close(go[1]);
	for (i = 0; i < WRITERS; i++) {
		char *what = xasprintf("writer %d finished without an error", i);

		status = -1;
		if (pid[i] > 0)
			waitpid(pid[i], &status, 0);
		tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, what);
		free(what);
	}
	check(path);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(path);
	free(dir);
	return tap_done();
}
