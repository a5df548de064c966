/*
 * Writes that found the database busy (another program holding its lock): kept in memory in
 * the order they were made, tried again when the reader is idle (store_pending_flush), and on
 * closing written to a journal beside the database, PATH-pending, that the next open replays.
 * The journal takes one line per write, appended with one write(2) each, so that two qari
 * ending at once do not mix their lines; it is claimed by renaming it before a replay, so that
 * two qari starting at once do not both replay it. A write replayed twice changes nothing: a
 * bookmark already there is not added again, an older position does not replace a newer one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-private.h"
#include "xmalloc.h"

/* How long a replay at open waits for a busy database, in milliseconds: not the reader's time. */
#define REPLAY_WAIT_MS 100

/* Fields of a journal line: kind, hash, path, block, ch, len, start, time, letter, and the texts.
 */
#define JOURNAL_FIELDS 13

void
store_pending_clear(struct store_pending *p)
{
	free(p->path);
	free(p->note);
	free(p->exact);
	free(p->prefix);
	free(p->suffix);
	p->path = p->note = p->exact = p->prefix = p->suffix = NULL;
}

void
store_pending_add(struct store *store, struct store_pending *p)
{
	store->pending = xreallocarray(store->pending, store->npending + 1, sizeof *p);
	store->pending[store->npending++] = *p;
	memset(p, 0, sizeof *p);
}

size_t
store_pending_count(const struct store *store)
{
	return store->npending;
}

static const char *
text(const char *s)
{
	return s != NULL ? s : "";
}

int
store_pending_write(struct store *store, const struct store_pending *p, int64_t doc)
{
	char letter[2] = {p->letter, '\0'}, *cause = NULL;
	int64_t kept = doc < 0;

	if (doc < 0 && (doc = store_doc_id(store, p->hash, p->path, &cause)) < 0) {
		free(cause);
		return store->doc_rc != SQLITE_OK && store->doc_rc != SQLITE_DONE ? store->doc_rc
		                                                                  : SQLITE_ERROR;
	}
	if (p->kind == 'P')
		/* REPLACE rather than an upsert (SQLite 3.24): the row has nothing else. */
		return store_sql(
		    store->db, NULL,
		    "INSERT OR REPLACE INTO positions (doc, block, ch, updated, exact, "
		    "prefix, suffix, start) "
		    "SELECT ?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, nullif(?8, -1) "
		    "WHERE NOT EXISTS (SELECT 1 FROM positions "
		    "WHERE doc = ?1 AND updated > ?4)",
		    "izzisssi", doc, p->block, p->ch, p->time, text(p->exact), text(p->prefix),
		    text(p->suffix), p->exact != NULL ? p->start : -1);
	if (p->kind == 'M')
		return store_sql(store->db, NULL,
		                 "INSERT OR REPLACE INTO marks (doc, letter, block, ch) "
		                 "VALUES (?, ?, ?, ?)",
		                 "iszz", doc, letter, p->block, p->ch);
	if (p->kind != 'B')
		return SQLITE_MISUSE;
	/* A kept write may have been done before (a replay cut short): not twice, then. */
	return store_sql(
	    store->db, NULL,
	    "INSERT INTO bookmarks (doc, block, ch, len, created, note, exact, prefix, "
	    "suffix, start) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 "
	    "WHERE ?11 = 0 OR NOT EXISTS (SELECT 1 FROM bookmarks WHERE doc = ?1 "
	    "AND block = ?2 AND ch = ?3 AND len = ?4 AND created = ?5 AND note = ?6)",
	    "izzzissssii", doc, p->block, p->ch, p->len, p->time, text(p->note), text(p->exact),
	    text(p->prefix), text(p->suffix), p->start, kept);
}

/* Tries the writes kept, in order, until one finds the database still busy. */
int
store_pending_flush(struct store *store, char **cause)
{
	size_t done = 0;
	int rc = SQLITE_DONE;

	if (store->npending == 0)
		return 0;
	store_follow(store);
	if (store->readonly != NULL)
		return (int)store->npending;
	while (done < store->npending) {
		rc = store_pending_write(store, &store->pending[done], -1);
		if (store_transient(rc))
			break;
		/* Anything else will not come right by waiting: say it, and drop the write. */
		if (rc != SQLITE_DONE && *cause == NULL)
			*cause = store_write_error(store, "a kept write failed", rc);
		store_pending_clear(&store->pending[done++]);
	}
	memmove(store->pending, store->pending + done,
	        (store->npending - done) * sizeof *store->pending);
	store->npending -= done;
	return *cause != NULL ? -1 : (int)store->npending;
}

/* Appends s to *line with tab, newline, backslash and other controls escaped. */
static void
escape(char **line, size_t *len, const char *s)
{
	const unsigned char *c;
	size_t need = *len + strlen(text(s)) * 4 + 2;

	*line = xreallocarray(*line, 1, need);
	for (c = (const unsigned char *)text(s); *c != '\0'; c++) {
		if (*c == '\\' || *c == '\t' || *c == '\n' || *c == '\r') {
			(*line)[(*len)++] = '\\';
			(*line)[(*len)++] = *c == '\t'   ? 't'
			                    : *c == '\n' ? 'n'
			                    : *c == '\r' ? 'r'
			                                 : '\\';
		} else if (*c < 0x20 || *c == 0x7f)
			*len += (size_t)sprintf(*line + *len, "\\x%02x", *c);
		else
			(*line)[(*len)++] = (char)*c;
	}
	(*line)[*len] = '\0';
}

/* Undoes escape in place. */
static void
unescape(char *s)
{
	char *out = s;
	unsigned int byte;

	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0')
			*out++ = *s;
		else if (s[1] == 'x' && sscanf(s + 2, "%2x", &byte) == 1 && byte != 0) {
			*out++ = (char)byte;
			s += 3;
		} else {
			s++;
			*out++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		}
	}
	*out = '\0';
}

/* The journal line of p, ending in '\n'. */
char *
store_pending_line(const struct store_pending *p)
{
	char nums[JOURNAL_FIELDS][32], *line = NULL;
	const char *field[JOURNAL_FIELDS];
	size_t len = 0, i;

	snprintf(nums[0], 32, "%c", p->kind);
	snprintf(nums[1], 32, "%llu", (unsigned long long)p->hash);
	snprintf(nums[3], 32, "%zu", p->block);
	snprintf(nums[4], 32, "%zu", p->ch);
	snprintf(nums[5], 32, "%zu", p->len);
	snprintf(nums[6], 32, "%lld", (long long)p->start);
	snprintf(nums[7], 32, "%lld", (long long)p->time);
	snprintf(nums[8], 32, "%c", p->letter != '\0' ? p->letter : '-');
	for (i = 0; i < JOURNAL_FIELDS; i++)
		field[i] = nums[i];
	field[2] = p->path;
	field[9] = p->note;
	field[10] = p->exact;
	field[11] = p->prefix;
	field[12] = p->suffix;
	for (i = 0; i < JOURNAL_FIELDS; i++) {
		if (i > 0) {
			line = xreallocarray(line, 1, len + 2);
			line[len++] = '\t';
		}
		escape(&line, &len, field[i]);
	}
	line = xreallocarray(line, 1, len + 2);
	line[len++] = '\n';
	line[len] = '\0';
	return line;
}

int
store_pending_parse(char *line, struct store_pending *p)
{
	char *field[JOURNAL_FIELDS], *end;
	size_t i;

	memset(p, 0, sizeof *p);
	line[strcspn(line, "\n")] = '\0';
	for (i = 0; i < JOURNAL_FIELDS; i++) {
		field[i] = line;
		end = strchr(line, '\t');
		if ((end == NULL) != (i == JOURNAL_FIELDS - 1))
			return -1;
		if (end != NULL)
			*end = '\0';
		unescape(field[i]);
		line = end + 1;
	}
	if (strchr("BPM", field[0][0]) == NULL || field[0][0] == '\0' || field[0][1] != '\0')
		return -1;
	p->kind = field[0][0];
	p->hash = strtoull(field[1], NULL, 10);
	p->block = strtoull(field[3], NULL, 10);
	p->ch = strtoull(field[4], NULL, 10);
	p->len = strtoull(field[5], NULL, 10);
	p->start = strtoll(field[6], NULL, 10);
	p->time = strtoll(field[7], NULL, 10);
	p->letter = field[8][0] != '-' ? field[8][0] : '\0';
	p->path = xstrdup(field[2]);
	p->note = xstrdup(field[9]);
	p->exact = xstrdup(field[10]);
	p->prefix = xstrdup(field[11]);
	p->suffix = xstrdup(field[12]);
	return 0;
}

/* Appends the writes of list to the journal, one write(2) a line. Returns 0 or -1 (errno). */
static int
journal_append(const char *path, const struct store_pending *list, size_t n)
{
	char *name = xasprintf("%s-pending", path), *line;
	int fd, rc = 0;
	size_t i, len;

	if (n == 0) {
		free(name);
		return 0;
	}
	fd = open(name, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	free(name);
	if (fd < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		line = store_pending_line(&list[i]);
		len = strlen(line);
		if (write(fd, line, len) != (ssize_t)len)
			rc = -1;
		free(line);
	}
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

int
store_pending_save(struct store *store, char **cause)
{
	size_t i, n = store->npending;

	if (n == 0)
		return 0;
	if (journal_append(store->path, store->pending, n) != 0) {
		*cause = xasprintf("cannot keep %zu write(s) in %s-pending: %s", n, store->path,
		                   strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++)
		store_pending_clear(&store->pending[i]);
	store->npending = 0;
	return (int)n;
}

/*
 * Claims the journal (a rename, so that it is replayed once), writes what it can and puts the
 * rest back in the journal: a write still waiting is never only in memory.
 */
void
store_pending_replay(struct store *store)
{
	char *name = xasprintf("%s-pending", store->path), *claim, *line = NULL;
	struct store_pending p, *left = NULL;
	size_t cap = 0, nleft = 0, done = 0, bad = 0;
	FILE *f;
	int rc = SQLITE_DONE;

	claim = xasprintf("%s.%ld", name, (long)getpid());
	if (rename(name, claim) != 0 || (f = fopen(claim, "r")) == NULL)
		goto out;
	sqlite3_busy_timeout(store->db, REPLAY_WAIT_MS);
	while (getline(&line, &cap, f) > 0) {
		if (store_pending_parse(line, &p) != 0) {
			bad++;
			continue;
		}
		if (!store_transient(rc))
			rc = store_pending_write(store, &p, -1);
		if (store_transient(rc)) {
			left = xreallocarray(left, nleft + 1, sizeof *left);
			left[nleft++] = p;
			continue;
		}
		done += rc == SQLITE_DONE;
		bad += rc != SQLITE_DONE;
		store_pending_clear(&p);
	}
	fclose(f);
	sqlite3_busy_timeout(store->db, store->wait_ms);
	/* Should the journal not take them back, the claimed file keeps them for the next start. */
	if (journal_append(store->path, left, nleft) == 0)
		unlink(claim);
	else
		rename(claim, name);
	if (done > 0 || bad > 0)
		store->notice = xasprintf("%zu kept write(s) from %s-pending written to the "
		                          "database%s",
		                          done, store->path, bad > 0 ? ", some could not be" : "");
	while (nleft > 0)
		store_pending_clear(&left[--nleft]);
out:
	free(left);
	free(line);
	free(claim);
	free(name);
}
