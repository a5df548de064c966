/*
 * The first look at the bookmark database, read-only: whether there is one, whether it is ours
 * (store-schema.c tells) and whether it is whole (quick_check reads every page). Nothing here
 * writes to the file, so that another program's database is left exactly as it was. The reasons
 * given say what a user would: "not a qari database", "read-only file system", "disk full".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store-private.h"
#include "xmalloc.h"

/* Only these mean the file itself is bad; BUSY or CANTOPEN must never move a database aside. */
int
store_is_damage(int rc)
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
void
store_open_failure(const char *path, sqlite3 *db, char **cause)
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

/* Why path cannot be written, as a user would say it. */
char *
store_readonly_reason(const char *path, int rc)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *why;
	struct statvfs vfs = {0};

	if (slash != NULL)
		*slash = '\0';
	if (statvfs(slash == NULL  ? "."
	            : slash == dir ? "/"
	                           : dir,
	            &vfs) == 0 &&
	    (vfs.f_flag & ST_RDONLY))
		why = xstrdup("read-only file system");
	else if ((rc & 0xff) == SQLITE_FULL || (vfs.f_bavail == 0 && vfs.f_blocks > 0))
		why = xstrdup("disk full");
	else if (access(path, W_OK) != 0)
		why = xasprintf("read-only (%s)", strerror(errno));
	else if (access(slash == NULL ? "." : slash == dir ? "/" : dir, W_OK) != 0)
		why = xasprintf("read-only directory (%s)", strerror(errno));
	else
		why = xstrdup("read-only");
	free(dir);
	return why;
}

/* path as a URI for SQLite: every byte but the unreserved ones and '/' percent-encoded. */
static char *
path_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	char *uri = xmalloc(strlen(path) * 3 + strlen(query) + 8), *p = uri;
	const unsigned char *s;

	p += sprintf(p, "file:");
	for (s = (const unsigned char *)path; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/-._~", *s) != NULL)
			*p++ = (char)*s;
		else {
			*p++ = '%';
			*p++ = hex[*s >> 4];
			*p++ = hex[*s & 15];
		}
	}
	strcpy(p, query);
	return uri;
}

/*
 * Opens path for reading alone. A WAL database needs its shared-memory file, which a read-only
 * directory or a full disk cannot hold: it is then read as immutable, which is right for a look
 * or a listing.
 */
static int
open_ro(const char *path, sqlite3 **dbp)
{
	sqlite3 *db = NULL;
	char *uri;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK && !store_is_damage(rc)) {
		sqlite3_close(db);
		db = NULL;
		uri = path_uri(path, "?immutable=1");
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		free(uri);
	}
	if (rc == SQLITE_OK)
		sqlite3_busy_timeout(db, STORE_BUSY_MS);
	*dbp = db;
	return rc;
}

enum probe_result
store_probe(const char *path, sqlite3 **dbp, char **cause)
{
	struct stat st;
	int rc;

	*dbp = NULL;
	if (stat(path, &st) != 0 || (S_ISREG(st.st_mode) && st.st_size == 0))
		return PROBE_NEW;
	if ((rc = open_ro(path, dbp)) != SQLITE_OK) {
		if (store_is_damage(rc)) {
			*cause = xstrdup(sqlite3_errmsg(*dbp));
			return PROBE_DAMAGED;
		}
		store_open_failure(path, *dbp, cause);
		return PROBE_FAILED;
	}
	rc = store_schema_owned(*dbp, cause);
	if (rc == 0)
		return PROBE_FOREIGN;
	if (rc < 0 && !store_is_damage(-rc)) {
		*cause = xasprintf("cannot read %s: %s", path, sqlite3_errmsg(*dbp));
		return PROBE_FAILED;
	}
	rc = rc < 0 ? -rc : check_db(*dbp, cause);
	if (store_is_damage(rc)) {
		if (*cause == NULL)
			*cause = xstrdup(sqlite3_errmsg(*dbp));
		return PROBE_DAMAGED;
	}
	if (rc != SQLITE_OK) {
		*cause = xasprintf("cannot read %s: %s", path, sqlite3_errmsg(*dbp));
		return PROBE_FAILED;
	}
	return PROBE_OURS;
}
