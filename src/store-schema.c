/*
 * The schema of the bookmark database, as the steps that build it. PRAGMA user_version holds
 * the number of steps a database has been through; opening runs the missing ones in a single
 * transaction, so a database is never left half-migrated and two processes opening an old
 * database at once migrate it once. Steps are only ever appended: a released step never changes.
 */
#include <stdlib.h>
#include <string.h>

#include "store-private.h"
#include "xmalloc.h"

struct schema_step {
	int version; /* user_version once the step has run */
	const char *sql;
};

static const struct schema_step schema_steps[] = {
    {
        .version = 1,
        .sql = "CREATE TABLE documents ("
               "  id INTEGER PRIMARY KEY,"
               "  hash INTEGER NOT NULL UNIQUE," /* FNV-1a, stored as signed 64 bits */
               "  path TEXT NOT NULL,"
               "  seen INTEGER NOT NULL);"
               "CREATE INDEX documents_path ON documents (path);"
               "CREATE TABLE positions ("
               "  doc INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
               "  block INTEGER NOT NULL,"
               "  ch INTEGER NOT NULL,"
               "  updated INTEGER NOT NULL);"
               "CREATE TABLE bookmarks ("
               "  id INTEGER PRIMARY KEY,"
               "  doc INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
               "  block INTEGER NOT NULL,"
               "  ch INTEGER NOT NULL,"
               "  len INTEGER NOT NULL,"
               "  created INTEGER NOT NULL,"
               "  note TEXT NOT NULL DEFAULT '',"
               "  exact TEXT NOT NULL DEFAULT '');",
    },
    {
        /* The quote's context and document-wide offset, to re-anchor after edits. */
        .version = 2,
        .sql = "ALTER TABLE bookmarks ADD COLUMN prefix TEXT NOT NULL DEFAULT '';"
               "ALTER TABLE bookmarks ADD COLUMN suffix TEXT NOT NULL DEFAULT '';"
               "ALTER TABLE bookmarks ADD COLUMN start INTEGER;"
               "ALTER TABLE bookmarks ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0;"
               "CREATE INDEX bookmarks_doc ON bookmarks (doc, orphaned, block, ch);",
    },
    {
        /* Quick marks, as vim's m and ': one place per letter and document. */
        .version = 3,
        .sql = "CREATE TABLE marks ("
               "  doc INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
               "  letter TEXT NOT NULL,"
               "  block INTEGER NOT NULL,"
               "  ch INTEGER NOT NULL,"
               "  PRIMARY KEY (doc, letter));",
    },
    {
        /* Search patterns, for Up in the / prompt as less keeps its history. */
        .version = 4,
        .sql = "CREATE TABLE searches ("
               "  pattern TEXT PRIMARY KEY,"
               "  regex INTEGER NOT NULL DEFAULT 0,"
               "  used INTEGER NOT NULL);",
    },
    {
        /*
         * The hash of the whole text, once a document was read to its end, and of a file's
         * last 64 KiB, known at once: hash (size and first 64 KiB) alone took two files that
         * share both for one document. A second such file is keyed in hash by its content
         * (or tail) hash, so that hash stays unique.
         */
        .version = 5,
        .sql = "ALTER TABLE documents ADD COLUMN content INTEGER;"
               "ALTER TABLE documents ADD COLUMN tail INTEGER;"
               "CREATE INDEX documents_content ON documents (content);",
    },
    {
        /* The reading position's passage, to find it again after an edit as a bookmark's. */
        .version = 6,
        .sql = "ALTER TABLE positions ADD COLUMN exact TEXT;"
               "ALTER TABLE positions ADD COLUMN prefix TEXT;"
               "ALTER TABLE positions ADD COLUMN suffix TEXT;"
               "ALTER TABLE positions ADD COLUMN start INTEGER;",
    },
};

#define SCHEMA_STEPS (sizeof schema_steps / sizeof schema_steps[0])

_Static_assert(sizeof schema_steps / sizeof schema_steps[0] == STORE_SCHEMA_VERSION,
               "one schema step per version");

/* The number a pragma (user_version, application_id) holds, in *value. */
static int
pragma_int(sqlite3 *db, const char *sql, int *value)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	rc = store_sql(db, &stmt, sql, "");
	if (rc != SQLITE_ROW)
		return rc;
	*value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return SQLITE_OK;
}

static int
schema_version(sqlite3 *db, int *version)
{
	return pragma_int(db, "PRAGMA user_version", version);
}

/* Whether name is a table some version of our schema made. */
static int
our_table(const char *name)
{
	static const char *const ours[] = {"documents", "positions", "bookmarks", "marks",
	                                   "searches"};
	size_t i;

	for (i = 0; i < sizeof ours / sizeof ours[0]; i++)
		if (strcmp(name, ours[i]) == 0)
			return 1;
	return 0;
}

/*
 * Nothing here writes: a file that is not ours is told apart before anything touches it. An
 * older qari set no application_id, so a file without one is ours when its tables all are.
 */
int
store_schema_owned(sqlite3 *db, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	const char *name;
	int rc, id = 0, version = 0, ntables = 0, documents = 0, foreign = 0;

	if ((rc = pragma_int(db, "PRAGMA application_id", &id)) != SQLITE_OK ||
	    (rc = schema_version(db, &version)) != SQLITE_OK)
		return -rc;
	if (id == STORE_APPLICATION_ID)
		return 1;
	rc = store_sql(db, &stmt,
	               "SELECT name FROM sqlite_master WHERE type = 'table' AND "
	               "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	               "");
	for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
		name = (const char *)sqlite3_column_text(stmt, 0);
		ntables++;
		documents |= name != NULL && strcmp(name, "documents") == 0;
		foreign |= name == NULL || !our_table(name);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -rc;
	if (id != 0)
		*cause = xasprintf("its application_id is 0x%08x, not qari's", (unsigned)id);
	else if (ntables == 0 && version != 0)
		*cause = xasprintf("it has no qari tables but a user_version of %d", version);
	else if (ntables > 0 && (foreign || !documents))
		*cause = xasprintf("its tables are not qari's");
	else
		return 1;
	return 0;
}

/* Runs the steps after version; the caller holds the write transaction. */
static int
schema_run(sqlite3 *db, int version)
{
	char *sql;
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < SCHEMA_STEPS && rc == SQLITE_OK; i++) {
		if (schema_steps[i].version <= version)
			continue;
		rc = sqlite3_exec(db, schema_steps[i].sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			break;
		/* A pragma takes no bound parameters. */
		sql = xasprintf("PRAGMA user_version = %d", schema_steps[i].version);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		free(sql);
	}
	return rc;
}

int
store_schema_migrate(sqlite3 *db, char **cause)
{
	int rc, version = 0, id = 0;

	/* Most opens find the schema current and need no write lock at all. */
	rc = schema_version(db, &version);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "PRAGMA application_id", &id);
	if (rc != SQLITE_OK || (version == STORE_SCHEMA_VERSION && id == STORE_APPLICATION_ID))
		goto out;
	if ((rc = store_sql_begin(db)) != SQLITE_OK)
		goto out;
	/* Read again under the lock: another process may have migrated meanwhile. */
	rc = schema_version(db, &version);
	if (rc == SQLITE_OK && version > STORE_SCHEMA_VERSION) {
		*cause = xasprintf("the bookmark database is from a newer qari (schema %d, this "
		                   "qari knows up to %d)",
		                   version, STORE_SCHEMA_VERSION);
		rc = SQLITE_ERROR;
	} else if (rc == SQLITE_OK)
		rc = schema_run(db, version);
	/* A new file, or one from a qari that did not mark its files yet: ours from now on. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA application_id = " STORE_APPLICATION_ID_SQL, NULL,
		                  NULL, NULL);
	if (rc != SQLITE_OK && *cause == NULL)
		*cause = xasprintf("cannot update the bookmark database from schema %d: %s",
		                   version, sqlite3_errmsg(db));
	if (rc == SQLITE_OK)
		rc = store_sql_end(db, 1);
	else
		store_sql_end(db, 0);
out:
	if (rc != SQLITE_OK && *cause == NULL)
		*cause = xasprintf("cannot read the bookmark database: %s", sqlite3_errmsg(db));
	return rc;
}
