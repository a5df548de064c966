/*
 * Shared by the store*.c files only: the store itself, the SQL helpers of store.c, the schema
 * of store-schema.c and the quote anchoring of store-anchor.c. store-open.c opens the database,
 * store-bookmark.c and store-export.c use it. Nothing outside the store includes <sqlite3.h>.
 */
#ifndef QARI_STORE_PRIVATE_H
#define QARI_STORE_PRIVATE_H

#include <sqlite3.h>
#include <sys/types.h>

#include "store.h"

/* "qari" as PRAGMA application_id: what marks a database as ours. */
#define STORE_APPLICATION_ID     0x71617269
#define STORE_APPLICATION_ID_SQL "1902211689"

/* A document the caller has an id for, so that its writes can wait or follow a new file. */
/*
 * What a document is known by: doc_hash (its size and first 64 KiB) and a file's last 64 KiB
 * from the moment it opens;
 * once it is read to its end, the hash of its whole text, and the text itself, whose quotes
 * find a document that was edited and renamed both.
 */
struct store_ident {
	uint64_t hash;
	uint64_t tail; /* of a file's last 64 KiB, read at open; 0 when not known (a stream) */
	uint64_t content;
	int complete; /* content and text are set */
	const char *text;
	size_t len;
};

struct store_doc {
	int64_t id;  /* the id the caller holds */
	int64_t now; /* its id in the file open now (another after the file was replaced) */
	uint64_t hash;
	uint64_t tail;
	uint64_t content;
	int complete;
	char *path;
};

/* A write that found the database busy: kept until it can be done (store-pending.c). */
struct store_pending {
	char kind; /* 'B' bookmark, 'P' reading position, 'M' quick mark */
	uint64_t hash;
	char *path;
	size_t block, ch, len;
	int64_t start, time;
	char letter;
	char *note, *exact, *prefix, *suffix; /* bookmarks only; never NULL */
};

struct store {
	sqlite3 *db;
	char *path;
	char *warning;  /* set by store_open when it had to repair something */
	char *readonly; /* why the file cannot be written, or NULL */
	char *notice;   /* something that happened since, to tell once (store_notice) */
	dev_t dev;      /* the file opened, to notice it replaced under us */
	ino_t ino;
	int wait_ms; /* the busy timeout */
	int doc_rc;  /* how the last store_doc_id's write went */

	struct store_doc *docs;
	size_t ndocs;
	struct store_pending *pending;
	size_t npending;
	char *(*visual)(const char *s);                   /* store_set_visual */
	char *(*chapter)(const char *path, size_t block); /* store_set_chapter */
};

/* Long enough to outlast another process's write, short enough not to freeze the reader. */
#define STORE_BUSY_MS 5000

enum probe_result {
	PROBE_NEW,     /* no file, or an empty one */
	PROBE_OURS,    /* a qari database, whole */
	PROBE_DAMAGED, /* damaged: *cause says how */
	PROBE_FOREIGN, /* another program's: *cause says why */
	PROBE_FAILED,  /* cannot be read: *cause says why */
};

/* The first look at path, read-only; *dbp is left open (or NULL) for the caller to close. */
enum probe_result store_probe(const char *path, sqlite3 **dbp, char **cause);

/* Whether rc means the file itself is damaged (not busy, not missing). */
int store_is_damage(int rc);

/* Why path could not be opened, in *cause; db is the failed connection, or NULL. */
void store_open_failure(const char *path, sqlite3 *db, char **cause);

/* Why path cannot be written, as a user would say it, after a write failed with rc. */
char *store_readonly_reason(const char *path, int rc);

/* Opens path into store (db, readonly, dev, ino); store_open's work, and a reopen's. */
int store_open_file(struct store *store, char **cause);

/*
 * Whether the database may be written now: reopens it first when the file at its path was
 * replaced (a damaged file salvaged by another qari). Returns 0, or -1 with *cause (what says
 * what was to be written) when it is read-only.
 */
int store_writable(struct store *store, const char *what, char **cause);

/* Reopens the database when the file at its path is no longer the one open. */
void store_follow(struct store *store);

/* The id doc (as the caller has it) has in the file open now. */
int64_t store_doc_now(struct store *store, int64_t doc);

/* The document the caller knows as doc, or NULL when store_doc_id did not give it. */
struct store_doc *store_doc_find(struct store *store, int64_t doc);

/* Whether a failed write is worth keeping to try again: the database was busy. */
int store_transient(int rc);

/* A reason for *cause after write rc failed: "disk full", "read-only file system"... */
char *store_write_error(struct store *store, const char *what, int rc);

/*
 * Writes p now, or keeps it for later when the database is busy and the document is one the
 * caller has from store_doc_id; takes the strings of p. Returns 0 when written, 1 when kept,
 * -1 (and *cause, what failed first).
 */
int store_write_or_keep(struct store *store, struct store_pending *p, int64_t doc, const char *what,
                        char **cause);

/* Keeps a write for later; takes the strings of p. */
void store_pending_add(struct store *store, struct store_pending *p);

/*
 * Writes p for document doc (its id in the file open now), or when doc < 0 for the document
 * p->hash and p->path name, as a kept write: a bookmark already there is not added again.
 * Returns SQLITE_DONE, or the code of the failure.
 */
int store_pending_write(struct store *store, const struct store_pending *p, int64_t doc);

/* Replays the journal of writes an earlier qari could not do (path-pending). */
void store_pending_replay(struct store *store);

/* The journal line of p (a new string ending in '\n'), and back: 0, or -1 for a bad line. */
char *store_pending_line(const struct store_pending *p);
int store_pending_parse(char *line, struct store_pending *p);

/* Frees the strings of p. */
void store_pending_clear(struct store_pending *p);

/*
 * Copies every readable row of the damaged database db (open read-only on path) into a new file
 * that takes its place; the damaged file is kept beside it, its new name in *aside. *report
 * says how many rows were saved. Returns 0, or -1 with *cause.
 */
int store_salvage(sqlite3 *db, const char *path, char **aside, char **report, char **cause);

/*
 * Whether db is ours: 1 (qari's, or new and empty), 0 when it belongs to another program
 * (*cause says why), or an SQLite error code (negated) when it cannot be read.
 */
int store_schema_owned(sqlite3 *db, char **cause);

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
#define STORE_SCHEMA_VERSION 6

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
