/*
 * Finding and opening the bookmark database. A first look, read-only, tells whether the file is
 * ours (application_id, or our tables) and whole (quick_check): a file of another program is
 * refused without a write; a damaged one is salvaged (store-salvage.c) into a new file that
 * takes its place. Then the file is opened for writing, or for reading alone when it cannot be
 * written (a read-only file system, a full disk): bookmarks are still listed. Any other failure
 * (permissions, a newer schema) leaves the file alone and returns NULL, since storage is
 * optional for the reader.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store-private.h"
#include "xmalloc.h"

/* Enough to salvage a damaged file once, even after losing a race to do it. */
#define OPEN_TRIES 3

char *
store_default_path(char **cause)
{
	const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	/* The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored. */
	if (data != NULL && data[0] == '/')
		return xasprintf("%s/qari/qari.db", data);
	if (home == NULL || home[0] == '\0') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] == '\0') {
		*cause = xasprintf("no home directory to keep bookmarks in (HOME is not set)");
		return NULL;
	}
	return xasprintf("%s/.local/share/qari/qari.db", home);
}

/* Like mkdir -p on the directory part of path; new directories are private to the user. */
static int
make_parents(const char *path, char **cause)
{
	char *dir = xstrdup(path), *p, c;
	struct stat st;
	int rc = -1, err;

	p = strrchr(dir, '/');
	if (p == NULL || p == dir) {
		rc = 0;
		goto out;
	}
	*p = '\0';
	for (p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		err = mkdir(dir, 0700) == 0 ? 0 : errno;
		if (err != 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
			/* mkdir's errno says why; stat's would only say it is not there. */
			*cause = xasprintf("cannot create %s: %s", dir, strerror(err));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(dir);
	return rc;
}

/*
 * Opens path for writing and brings it up to date. Returns SQLITE_OK, SQLITE_READONLY (or the
 * code of the write that failed: the caller reads the file instead), or another code with
 * *cause set.
 */
static int
open_rw(const char *path, sqlite3 **dbp, char **cause)
{
	sqlite3 *db = NULL;
	int rc, tries;

	*dbp = NULL;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = access(path, F_OK) == 0 ? SQLITE_READONLY : rc;
		store_open_failure(path, db, cause);
		goto fail;
	}
	if (sqlite3_db_readonly(db, "main") == 1) {
		rc = SQLITE_READONLY;
		goto fail;
	}
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	/*
	 * NORMAL is safe in WAL mode: a crash may lose the last commit, never corrupt. Switching a
	 * new database to WAL can fail at once with SQLITE_BUSY, without the busy handler, while
	 * another qari creates it at the same moment: wait a little and try again.
	 */
	for (tries = 0;; tries++) {
		rc = sqlite3_exec(db,
		                  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
		                  "PRAGMA foreign_keys = ON",
		                  NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = store_schema_migrate(db, cause);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 20 >= STORE_BUSY_MS)
			break;
		free(*cause);
		*cause = NULL;
		usleep(20 * 1000);
	}
	if (rc == SQLITE_OK) {
		*dbp = db;
		return rc;
	}
	if (*cause == NULL)
		*cause = xasprintf("cannot use %s: %s", path, sqlite3_errmsg(db));
fail:
	sqlite3_close(db);
	return rc;
}

/* Whether a failure to open for writing leaves the file worth reading. */
static int
read_instead(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_READONLY || rc == SQLITE_FULL || rc == SQLITE_IOERR ||
	       rc == SQLITE_CANTOPEN || rc == SQLITE_PERM || rc == SQLITE_AUTH;
}

/* Salvages the damaged file probe found, unless another process replaced it meanwhile. */
static int
salvage(struct store *store, sqlite3 **ro, const struct stat *before, const char *why, char **cause)
{
	char *aside = NULL, *report = NULL;
	struct stat now;

	if (stat(store->path, &now) == 0 &&
	    (now.st_ino != before->st_ino || now.st_dev != before->st_dev)) {
		sqlite3_close(*ro);
		*ro = NULL;
		return 0;
	}
	if (store_salvage(*ro, store->path, &aside, &report, cause) != 0) {
		sqlite3_close(*ro);
		*ro = NULL;
		return -1;
	}
	sqlite3_close(*ro);
	*ro = NULL;
	free(store->warning);
	store->warning = xasprintf("the bookmark database was damaged (%s): %s; the damaged file "
	                           "is kept as %s",
	                           why, report, aside);
	free(aside);
	free(report);
	return 0;
}

int
store_open_file(struct store *store, char **cause)
{
	sqlite3 *ro = NULL, *rw = NULL;
	enum probe_result result = PROBE_FAILED;
	struct stat st;
	char *why = NULL;
	int tries, rc = -1, wrc;

	for (tries = 0; tries < OPEN_TRIES; tries++) {
		if (stat(store->path, &st) != 0)
			st.st_ino = 0;
		result = store_probe(store->path, &ro, &why);
		if (result != PROBE_DAMAGED)
			break;
		if (salvage(store, &ro, &st, why, cause) != 0)
			goto out;
		free(why);
		why = NULL;
	}
	if (result == PROBE_FOREIGN) {
		*cause = xasprintf("not a qari database: %s (%s); it was left untouched",
		                   store->path, why);
		goto out;
	}
	if (result == PROBE_FAILED || result == PROBE_DAMAGED) {
		*cause = why;
		why = NULL;
		goto out;
	}
	wrc = open_rw(store->path, &rw, &why);
	if (wrc != SQLITE_OK && (ro == NULL || !read_instead(wrc))) {
		*cause = why;
		why = NULL;
		goto out;
	}
	if (wrc != SQLITE_OK) {
		store->readonly = store_readonly_reason(store->path, wrc);
		store->db = ro;
		ro = NULL;
	} else
		store->db = rw;
	sqlite3_busy_timeout(store->db, store->wait_ms);
	if (stat(store->path, &st) == 0) {
		store->dev = st.st_dev;
		store->ino = st.st_ino;
	}
	rc = 0;
out:
	sqlite3_close(ro);
	free(why);
	return rc;
}

struct store *
store_open(const char *path, char **cause)
{
	struct store *store = xcalloc(1, sizeof *store);
	struct stat st;

	store->path = xstrdup(path);
	store->wait_ms = STORE_BUSY_MS;
	/* A read-only home may still hold a database to read. */
	if (make_parents(path, cause) != 0 && stat(path, &st) != 0)
		goto fail;
	free(*cause);
	*cause = NULL;
	if (store_open_file(store, cause) != 0)
		goto fail;
	if (store->readonly == NULL)
		store_pending_replay(store);
	return store;
fail:
	store_close(&store);
	return NULL;
}

void
store_set_wait(struct store *store, int ms)
{
	store->wait_ms = ms;
	sqlite3_busy_timeout(store->db, ms);
}

const char *
store_readonly(const struct store *store)
{
	return store->readonly;
}

/* Called before a write: a file salvaged (or removed) by another qari is not written blind. */
void
store_follow(struct store *store)
{
	struct stat st;
	sqlite3 *old = store->db;
	char *cause = NULL, *warning = store->warning;
	size_t i;

	if (stat(store->path, &st) == 0 && st.st_dev == store->dev && st.st_ino == store->ino)
		return;
	store->warning = NULL;
	store->db = NULL;
	free(store->readonly);
	store->readonly = NULL;
	if (store_open_file(store, &cause) != 0) {
		/* Nothing to write to: keep the old file open, read-only, and say why. */
		store->db = old;
		store->readonly = cause;
		cause = NULL;
	} else {
		sqlite3_close(old);
		free(store->notice);
		store->notice =
		    xasprintf("the bookmark database was replaced (%s): using the new one",
		              store->warning != NULL ? store->warning : store->path);
		for (i = 0; i < store->ndocs; i++)
			store->docs[i].now = -1;
	}
	free(store->warning);
	store->warning = warning;
	free(cause);
}

int
store_writable(struct store *store, const char *what, char **cause)
{
	store_follow(store);
	if (store->readonly == NULL)
		return 0;
	*cause = xasprintf("%s: %s (%s)", what, store->readonly, store->path);
	return -1;
}
