/*
 * Shared by the store*.c files only: the store itself, the SQL helpers of store.c, the schema
 * of store-schema.c and the quote anchoring of store-anchor.c. store-open.c opens the database,
 * store-bookmark.c and store-export.c use it. Nothing outside the store includes <sqlite3.h>.
 */
#ifndef QARI_STORE_PRIVATE_H
#define QARI_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store.h"

struct store {
	sqlite3 *db;
	char *path;
	char *warning; /* set by store_open when it had to repair something */
};

/*
 * How often a step that found the database busy is tried. The busy timeout (store-open.c) does
 * the waiting, so one more try is for the few cases SQLite returns SQLITE_BUSY without waiting;
 * a lock held longer than that is a stuck process, and the reader must not freeze for it.
 */
#define STORE_TRIES 2

/*
 * Runs one statement of sql with the arguments fmt describes ('i' int64_t, 'z' size_t, 's'
 * string, NULL binding NULL), retrying while another process holds the lock. Returns
 * SQLITE_ROW with the statement left in *stmt for the caller to read and finalize (stmt may be
 * NULL when no row is wanted), SQLITE_DONE, or an error code.
 */
int store_sql(sqlite3 *db, sqlite3_stmt **stmt, const char *sql, const char *fmt, ...);

/* Starts a write transaction at once (BEGIN IMMEDIATE), waiting for other writers. */
int store_sql_begin(sqlite3 *db);

/* Commits when ok is set, else rolls back. Returns the result of the commit. */
int store_sql_end(sqlite3 *db, int ok);

/* A reason for *cause: what failed, and SQLite's message. */
char *store_error(struct store *store, const char *what);

/* The path documents are stored and looked up under: absolute when the file exists. */
char *store_path_canonical(const char *path);

/* Strings of column i of a row, as a new string; "" for NULL. */
char *store_column_text(sqlite3_stmt *stmt, int i);

/* The schema version this qari writes. */
#define STORE_SCHEMA_VERSION 4

/*
 * Brings the schema of db up to STORE_SCHEMA_VERSION in one transaction. Returns SQLITE_OK, or
 * an error code with *cause set (a database from a newer qari is SQLITE_ERROR).
 */
int store_schema_migrate(sqlite3 *db, char **cause);

/*
 * A document's text as anchoring sees it: its blocks joined by '\n', the separator that
 * document-wide char offsets count, with where each block starts in bytes and in chars.
 */
struct store_text {
	char *flat;
	size_t len;
	size_t *byte;  /* byte[i]: where block i starts in flat */
	size_t *chars; /* chars[i]: the same in code points */
	size_t nblocks;
};

void store_text_init(struct store_text *text, const struct doc *d);
void store_text_free(struct store_text *text);

/*
 * Fills the quote of bm (exact, prefix, suffix, start, len) for len code points from
 * (block, ch). Returns 0, or -1 when the position is not in the text.
 */
int store_anchor_quote(const struct store_text *text, size_t block, size_t ch, size_t len,
                       struct bookmark *bm);

/*
 * Finds bm's passage in text and sets bm->block, bm->ch and bm->start to where it is now.
 * Returns 0, or -1 when the passage is gone (bm is then unchanged).
 */
int store_anchor_find(const struct store_text *text, struct bookmark *bm);

#endif
