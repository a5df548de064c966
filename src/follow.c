/*
 * Links followed from the reader (U, then Enter). A place in the document (#id) is gone to; a
 * page (http, https) is fetched between keys, the status line counting its bytes and Esc or
 * Ctrl-C stopping it, and opens as a document of its own after the others, as a local file
 * (file:, or a path relative to the document's own file) does at once. Anything else (mailto:,
 * tel:...) is copied through the terminal's clipboard, and said so. Each opening is a jump:
 * Ctrl-O comes back. A link to a document already open goes to it, fetched again never.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "screen.h"
#include "terminal.h"
#include "utf8.h"
#include "xmalloc.h"

/* How long a fetch's step waits for its sockets or a key. */
#define FOLLOW_STEP_MS 100

/* The page being fetched: one at a time, a new link replaces it. */
static struct {
	struct fetch *f;
	char *fragment; /* where to go in it once it is in, or NULL */
	size_t shown;   /* the bytes the status line says */
} fo;

int
follow_busy(void)
{
	return fo.f != NULL;
}

static int
hex(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* s with its %XX escapes decoded, and made clean UTF-8: a new string. */
static char *
decode(const char *s)
{
	char *raw = xmalloc(strlen(s) + 1), *out;
	size_t n = 0, len;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			raw[n++] = (char)(hex((unsigned char)s[1]) * 16 + hex((unsigned char)s[2]));
			s += 2;
		} else
			raw[n++] = *s;
	}
	out = utf8_sanitize(raw, n, 0, &len);
	free(raw);
	return out;
}

/* Cuts url's fragment off: it, decoded (a new string), or NULL when there is none. */
static char *
split_fragment(char *url)
{
	char *hash = strchr(url, '#');

	if (hash == NULL)
		return NULL;
	*hash = '\0';
	return decode(hash + 1);
}

/* Says what went wrong with a link: a message that may quote anything a server sent. */
static int
say(struct reader *r, const char *what, const char *cause)
{
	char *s = utf8_printable(cause);

	status_message(r, "%s%s", what, s);
	free(s);
	return DO_REDRAW;
}

/* The block of id in document d, read on as far as it takes; -1 when it is nowhere. */
static long
find_anchor(struct reader *r, size_t d, const char *id)
{
	char *cause;
	long b = doc_anchor_reach(r->docs[d], id, &cause);

	if (cause != NULL) {
		say(r, "", cause);
		free(cause);
	}
	return b;
}

/* Goes to id in document d (its place as left when id is NULL or not there): a jump. */
static int
go_to(struct reader *r, size_t d, const char *id)
{
	long b = id != NULL && *id != '\0' ? find_anchor(r, d, id) : -1;

	if (b < 0 && d == r->top.doc) {
		if (id != NULL && *id != '\0')
			return say(r, "No such place in this document: #", id);
		return DO_NOTHING;
	}
	view_jump_push(r);
	if (b >= 0)
		view_goto(r, d, (size_t)b, 0);
	else
		view_goto(r, d, r->doc_top[d].block, r->doc_top[d].ch);
	if (id != NULL && *id != '\0' && b < 0)
		say(r, "Opened; no such place in it: #", id);
	return DO_RELAYOUT;
}

/* A document opened from a link: after the others, gone to. */
static int
open_doc(struct reader *r, struct doc *doc, const char *fragment)
{
	size_t d = reader_add_doc(r, doc);
	int rc = go_to(r, d, fragment);

	if (r->message == NULL)
		status_message(r, "Opened as document %zu of %zu; Ctrl-O comes back", d + 1,
		               r->ndocs);
	return rc | DO_RELAYOUT;
}

static void
fetch_end(void)
{
	fetch_free(&fo.f);
	free(fo.fragment);
	fo.fragment = NULL;
	term_key_wait(-1);
}

int
follow_cancel(struct reader *r)
{
	char *url;

	if (fo.f == NULL)
		return DO_NOTHING;
	url = xstrdup(fetch_url(fo.f));
	fetch_end();
	say(r, "Stopped fetching ", url);
	free(url);
	return DO_REDRAW;
}

int
follow_idle(struct reader *r)
{
	struct doc *doc;
	char *cause = NULL, *fragment;
	size_t n;
	int st, rc;

	if (fo.f == NULL)
		return DO_NOTHING;
	if ((st = fetch_step(fo.f, FOLLOW_STEP_MS, term_fd())) == 1) {
		n = fetch_bytes(fo.f);
		if (r->message != NULL && n == fo.shown)
			return DO_NOTHING;
		fo.shown = n;
		char *url = utf8_printable(fetch_url(fo.f));

		status_message(r, "Fetching %s … %zu KB (Esc stops)", url, (n + 1023) / 1024);
		free(url);
		return DO_REDRAW;
	}
	doc = fetch_doc(fo.f, NULL, NULL, &cause);
	fragment = fo.fragment;
	fo.fragment = NULL;
	fetch_end();
	free(r->message); /* "Fetching...": done */
	r->message = NULL;
	if (doc == NULL) {
		rc = say(r, "", cause);
		free(cause);
	} else
		rc = open_doc(r, doc, fragment);
	free(fragment);
	return rc;
}

/* Copies a link qari does not open, and says so. */
static int
copy_link(struct reader *r, const char *link)
{
	const char *blocked;
	char *s = utf8_printable(link);

	if (term_clipboard(link, strlen(link)) != 0)
		status_message(r, "Not a page qari opens: %s (too long to copy)", s);
	else if ((blocked = term_clipboard_blocked()) != NULL)
		status_message(r, "Not a page qari opens: %s (not copied: %s)", s, blocked);
	else
		status_message(r, "Not a page qari opens: %s (copied, OSC 52)", s);
	free(s);
	return DO_REDRAW;
}

/* The document already open at url (a page's URL, or a file's path), or -1. */
static long
open_at(struct reader *r, const char *url, const char *path)
{
	char *real = path != NULL ? realpath(path, NULL) : NULL, *other;
	long found = -1;
	size_t d;

	for (d = 0; d < r->ndocs && found < 0; d++) {
		if (strcmp(r->docs[d]->path, url) == 0)
			found = (long)d;
		else if (real != NULL && (other = realpath(r->docs[d]->path, NULL)) != NULL) {
			if (strcmp(other, real) == 0)
				found = (long)d;
			free(other);
		}
	}
	free(real);
	return found;
}

/* The URL link stands for in the current document: a new string, or NULL. */
static char *
absolute(struct reader *r, const char *link)
{
	const struct doc *doc = r->docs[r->top.doc];
	char *base, *url;

	if (fetch_is_url(link))
		return xstrdup(link);
	if (doc->base != NULL)
		return fetch_resolve(doc->base, link);
	/* A file's links are relative to where it is. */
	if (strcmp(doc->path, "-") == 0 || (base = fetch_file_url(doc->path)) == NULL)
		return NULL;
	url = fetch_resolve(base, link);
	free(base);
	return url;
}

/* At most this many characters of a passage stand for a link to it. */
#define PREVIEW_MAX   60
#define PREVIEW_BYTES 1024

char *
follow_preview(struct reader *r, const char *link, int *passage)
{
	const struct doc *doc = r->docs[r->top.doc];
	char *id, *text, *shown, *out;
	const char *s;
	size_t len;
	long b;

	*passage = 0;
	if (link[0] != '#')
		return NULL;
	id = decode(link + 1);
	b = *id != '\0' ? doc_anchor_find(doc, id) : -1;
	/* An anchor may stand alone (an empty block, a page break's): the text after it. */
	for (s = NULL, len = 0; b >= 0 && (size_t)b < doc->nblocks; b++)
		if ((s = doc_block_text(doc, (size_t)b, &len)) != NULL && len > 0)
			break;
	/* A few times what is shown is enough to read, however long the paragraph. */
	text = utf8_collapse(s != NULL ? s : "", len > PREVIEW_BYTES ? PREVIEW_BYTES : len);
	if (*text == '\0') {
		/* Not read yet (or nowhere, or no text after it): where it points, without the
		 * '#' of a link within. */
		out = utf8_printable(id);
	} else {
		shown = utf8_shorten(text, PREVIEW_MAX);
		out = utf8_printable(shown);
		free(shown);
		*passage = 1;
	}
	free(text);
	free(id);
	return out;
}

int
follow_link(struct reader *r, const char *link)
{
	char *url, *fragment, *path = NULL, *cause = NULL;
	struct doc *doc;
	struct stat sb;
	long d;
	int rc;

	if (link[0] == '#') {
		fragment = decode(link + 1);
		rc = go_to(r, r->top.doc, fragment);
		free(fragment);
		return rc;
	}
	if ((url = absolute(r, link)) == NULL)
		return copy_link(r, link);
	fragment = split_fragment(url);
	if (!fetch_is_url(url) && (path = fetch_file_path(url)) == NULL) {
		rc = copy_link(r, link);
		goto out;
	}
	if ((d = open_at(r, url, path)) >= 0) {
		size_t from = r->top.doc;

		rc = go_to(r, (size_t)d, fragment);
		if (r->message == NULL && (size_t)d != from)
			status_message(r, "Document %ld of %zu, open already; Ctrl-O comes back",
			               d + 1, r->ndocs);
		goto out;
	}
	if (path != NULL) {
		/* A link is no way to open a FIFO (which would wait for a writer) or a device. */
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			rc = say(r, "Not a regular file: ", path);
			goto out;
		}
		if ((doc = doc_load(path, NULL, &cause)) == NULL) {
			rc = say(r, "", cause);
			free(cause);
		} else
			rc = open_doc(r, doc, fragment);
		goto out;
	}
	if (fo.f != NULL)
		fetch_end(); /* the link followed last wins */
	if ((fo.f = fetch_start(url, &cause)) == NULL) {
		rc = say(r, "", cause);
		free(cause);
		goto out;
	}
	fo.fragment = fragment;
	fragment = NULL;
	fo.shown = 0;
	term_key_wait(0); /* the fetch's step waits for the keys too */
	rc = follow_idle(r);
out:
	free(fragment);
	free(path);
	free(url);
	return rc;
}

/* The first block of b on in from whose text is a whole block of to, and which: -1 for none. */
static long
same_block(const struct doc *from, size_t b, const struct doc *to, long *in_to)
{
	const char *s, *t;
	size_t len, tlen, k, i;

	for (k = 0; k < 16 && b + k < from->nblocks; k++) {
		s = doc_block_text(from, b + k, &len);
		if (len == 0)
			continue;
		for (i = 0; i < to->nblocks; i++) {
			t = doc_block_text(to, i, &tlen);
			if (tlen == len && memcmp(s, t, len) == 0) {
				*in_to = (long)i;
				return (long)(b + k);
			}
		}
	}
	return -1;
}

int
follow_view(struct reader *r, int extract)
{
	struct doc *cur = r->docs[r->top.doc], *doc;
	int want = extract ? DOC_VIEW_ARTICLE : DOC_VIEW_PAGE;
	char *cause = NULL, *name;
	long d = -1, at = -1;
	size_t i;

	if (cur->view == want) {
		status_message(r, extract ? "This is the article (:page shows the whole page)"
		                          : "This is the whole page (:reader shows its article)");
		return DO_REDRAW;
	}
	for (i = 0; i < r->ndocs && d < 0; i++)
		if (r->docs[i]->view == want && strcmp(r->docs[i]->path, cur->path) == 0)
			d = (long)i;
	if (d < 0) {
		if ((doc = doc_html_view(cur, extract, &cause)) == NULL) {
			say(r, "", cause);
			free(cause);
			return DO_REDRAW;
		}
		if (fetch_is_url(cur->path))
			fetch_doc_named(doc, cur->path);
		if (!extract) {
			/* Beside its article in the list of documents. */
			name = xasprintf("%s (whole page)", doc->title);
			free(doc->title);
			doc->title = name;
		}
		d = (long)reader_add_doc(r, doc);
	}
	view_jump_push(r);
	if (same_block(cur, r->top.block, r->docs[d], &at) == (long)r->top.block)
		view_goto(r, (size_t)d, (size_t)at, r->top.ch);
	else if (at >= 0)
		view_goto(r, (size_t)d, (size_t)at, 0);
	else
		view_goto(r, (size_t)d, r->doc_top[d].block, r->doc_top[d].ch);
	status_message(r, extract ? "The article of the page; Ctrl-O comes back"
	                          : "The whole page; :reader shows its article, Ctrl-O comes back");
	return DO_RELAYOUT;
}
