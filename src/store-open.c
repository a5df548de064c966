/*
 * Finding and opening the bookmark database. Opening checks the whole file (quick_check) and
 * brings the schema up to date; a damaged file is moved aside, kept for the user, and replaced by
 * a new database, while any other failure (permissions, a newer schema, a lock held too long)
 * leaves the file alone and returns NULL, since storage is optional for the reader.
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

/* Long enough to outlast another process's write, short enough not to freeze the reader. */
#define STORE_BUSY_MS 5000

/* Enough to move a damaged file aside once, even after losing a race to do it. */
#define OPEN_TRIES 3

enum open_result {
	OPEN_OK,
	OPEN_DAMAGED,
	OPEN_FAILED,
};

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

/* Only these mean the file itself is bad; BUSY or CANTOPEN must never move a database aside. */
static int
is_damage(int rc)
{
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* quick_check reads every page, which catches damage past the header at a small cost. */
static int
check_db(sqlite3 *db, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	const char *result;
	int rc;

	rc = store_sql(db, &stmt, "PRAGMA quick_check", "");
	if (rc != SQLITE_ROW) {
		*cause = xstrdup(sqlite3_errmsg(db));
		return rc;
	}
	result = (const char *)sqlite3_column_text(stmt, 0);
	if (result == NULL || strcmp(result, "ok") != 0) {
		/* The report is many lines; its first error is enough for a warning. */
		if (result != NULL && strncmp(result, "*** ", 4) == 0 && strchr(result, '\n'))
			result = strchr(result, '\n') + 1;
		if (result == NULL)
			result = "no result";
		*cause = xasprintf("%.*s", (int)strcspn(result, "\n"), result);
		rc = SQLITE_CORRUPT;
	} else
		rc = SQLITE_OK;
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * Why path could not be opened. SQLite falls back to opening read-only, so its errno is often
 * that attempt's ENOENT: a missing file in a directory we may not write to says so instead.
 */
static void
open_failure(const char *path, sqlite3 *db, char **cause)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int err = sqlite3_system_errno(db);

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		strcpy(dir, "/");
	else
		*slash = '\0';
	if (access(path, F_OK) != 0 && access(dir, W_OK) != 0)
		*cause = xasprintf("cannot create %s: %s", path, strerror(errno));
	else
		*cause = xasprintf("cannot open %s: %s", path,
		                   err != 0 ? strerror(err) : sqlite3_errmsg(db));
	free(dir);
}

/*
 * Opens, checks and migrates path into *dbp. Damage is told apart from other failures: its
 * reason goes to *cause alone, to be told with where the file went, the others with the path.
 */
static enum open_result
open_db(const char *path, sqlite3 **dbp, char **cause)
{
	sqlite3 *db = NULL;
	int rc, tries;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		open_failure(path, db, cause);
		goto fail;
	}
	/* SQLite falls back to read-only; bookmarks that cannot be saved are no use. */
	if (sqlite3_db_readonly(db, "main") == 1) {
		*cause = xasprintf("cannot write to %s: %s", path,
		                   access(path, W_OK) != 0 ? strerror(errno) : "read-only");
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
		if (rc != SQLITE_OK)
			*cause = xstrdup(sqlite3_errmsg(db));
		else
			rc = check_db(db, cause);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 20 >= STORE_BUSY_MS)
			break;
		free(*cause);
		*cause = NULL;
		usleep(20 * 1000);
	}
	if (rc != SQLITE_OK && !is_damage(rc)) {
		free(*cause);
		*cause = xasprintf("cannot use %s: %s", path, sqlite3_errmsg(db));
	}
	if (rc == SQLITE_OK)
		rc = store_schema_migrate(db, cause);
	if (rc != SQLITE_OK)
		goto fail;
	*dbp = db;
	return OPEN_OK;
fail:
	sqlite3_close(db);
	return is_damage(rc) ? OPEN_DAMAGED : OPEN_FAILED;
}

/* Renames a damaged database (and its WAL) out of the way; *aside gets the new name. */
static int
move_aside(const char *path, char **aside, char **cause)
{
	char stamp[32], *name = NULL, *wal = NULL, *walaside = NULL;
	time_t now = time(NULL);
	struct tm tm;
	int i, rc = -1;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (i = 0; name == NULL || access(name, F_OK) == 0; i++) {
		free(name);
		name = i == 0 ? xasprintf("%s.corrupt-%s", path, stamp)
		              : xasprintf("%s.corrupt-%s.%d", path, stamp, i);
	}
	if (rename(path, name) != 0) {
		*cause = xasprintf("cannot move %s aside: %s", path, strerror(errno));
		goto out;
	}
	/* The WAL belongs to the damaged file; the shared-memory index is rebuilt from it. */
	wal = xasprintf("%s-wal", path);
	walaside = xasprintf("%s-wal", name);
	rename(wal, walaside);
	free(wal);
	wal = xasprintf("%s-shm", path);
	unlink(wal);
	*aside = name;
	name = NULL;
	rc = 0;
out:
	free(name);
	free(wal);
	free(walaside);
	return rc;
}

/*
 * Opens path, moving it aside when it is damaged. Another process may have done that first, so
 * the file is only moved if it is still the one found damaged.
 */
struct store *
store_open(const char *path, char **cause)
{
	struct store *store = NULL;
	sqlite3 *db = NULL;
	char *why = NULL, *aside = NULL, *warning = NULL;
	struct stat before, after;
	enum open_result result = OPEN_FAILED;
	int tries;

	if (make_parents(path, cause) != 0)
		goto out;
	for (tries = 0; tries < OPEN_TRIES; tries++) {
		free(why);
		why = NULL;
		if (stat(path, &before) != 0)
			before.st_ino = 0;
		result = open_db(path, &db, &why);
		if (result != OPEN_DAMAGED)
			break;
		if (stat(path, &after) == 0 && after.st_ino != before.st_ino)
			continue;
		free(aside);
		aside = NULL;
		if (move_aside(path, &aside, cause) != 0)
			goto out;
		free(warning);
		warning = xasprintf("the bookmark database was damaged (%s): it was moved to %s "
		                    "and a new one started",
		                    why, aside);
	}
	if (result != OPEN_OK) {
		*cause = why;
		why = NULL;
		goto out;
	}
	store = xcalloc(1, sizeof *store);
	store->db = db;
	store->path = xstrdup(path);
	store->warning = warning;
	warning = NULL;
out:
	free(why);
	free(aside);
	free(warning);
	return store;
}
